"""Template tags read inside the one parse: mistune block and inline rules.

Hugo shortcodes (``{{< >}}``, ``{{% %}}``), Liquid / Jekyll / dev.to / Hexo / Nunjucks tags
(``{% %}``), output expressions (``{{ var }}``) and Zola's shortcodes (``{{ name(…) }}``,
``{% name() %}…{% end %}``) are rules of the parser, so mistune decides where code is: a tag in
a fenced or indented code block or in a code span is never seen by them and stays byte for byte.
What each tag becomes is the table of :mod:`.expand` (read by :mod:`.tags`).

Block rules (a tag at the start of a line, in block quotes and list items too):

- a paired tag whose content is not Markdown (:data:`.tags.VERBATIM`: ``highlight``,
  ``code-toggle``, ``raw``, ``comment``) closes at the first end tag of its kind (one search per
  kind and state, however many openers); ``highlight`` and ``code-toggle`` are a code block of
  their lines as written, ``raw`` its lines read as Markdown with no tag read, ``comment``
  nothing;
- any other paired tag (``{{% notice tip "Title" %}}``, ``{% note info %}``, ``{% x() %}``…
  ``{% end %}``) is paired by :func:`..dialects.blocks.find_pair` (one pass, fenced code
  skipped); its children are parsed as Markdown in place, shaped as :mod:`.paired` says (a
  callout keeps its title, details their summary);
- a tag alone on its line that shows a link or a figure (``youtube``, ``figure``, ``embed``…)
  is a paragraph of its own; one that shows nothing ends the paragraph before it.

Inline rules (a tag inside a sentence): every tag, shown as its inline form; a paired tag
opened and closed in the same paragraph; a link or image whose destination is built by tags
(``[x]({% link a.md %})``, ``![a]({{ site.baseurl }}/a.png)``) and raw HTML whose attributes
are (``<a href="{{ … }}">``), the tags replaced by the paths they stand for.

Hugo's escaped ``{{</* x */>}}`` is shown as ``{{< x >}}``, in code too (Hugo does so): an
after-parse hook on code tokens. Warnings are kept with the tag's text and placed at its line
by :mod:`..post`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import unquote

from mistune.util import escape_url

from medium_action.rendering.dialects.blocks import (
    Kind,
    callout_tokens,
    find_pair,
    parse_children,
)
from medium_action.rendering.dialects.containers import register_block
from medium_action.rendering.templates import tags
from medium_action.rendering.templates.paired import open_pair
from medium_action.rendering.templates.pieces import Expansion, code_fence
from medium_action.sources.site import read_config

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState, InlineState
    from mistune.inline_parser import InlineParser
    from mistune.markdown import Markdown

__all__ = ["TRIGGERS", "template_tags"]

Token = dict[str, Any]

TRIGGERS = ("{{", "{%")
"""A post holding neither has no template tag: the rules have nothing to do."""

_OFF = "_templates_off"  # env key: inside {% raw %}, no tag is read
_TEXT = "_templates_text"  # env key: inside a tab pane whose tabs are text (Docsy's text=true)
_NEEDLES = "template_line_warnings"
_BLOCK_START = r"^ {0,3}(?=\{\{|\{%)"
_LINE_TAG = re.compile(r"[ \t]*(?:" + tags.TAG.pattern + r")[ \t]*", re.S)


def _steps(env: Any, n: int) -> None:
    """Work counted as the dialects' block rules count theirs (tests assert it is linear)."""
    env["dialect_steps"] = env.get("dialect_steps", 0) + n


def _warn(env: MutableMapping[str, Any], line: str, message: str | None) -> None:
    """A warning about the tag on ``line`` (its text: see :func:`_line_around`)."""
    if message:
        found: list[tuple[str, str]] = env.setdefault(_NEEDLES, [])
        if len(found) < 200:
            found.append((line, message))


def _line_around(src: str, pos: int) -> str:
    """The line of ``src`` holding ``pos``, as its text is in the post (container marks
    before it aside): what :mod:`..post` looks for to place a warning."""
    start = src.rfind("\n", 0, pos) + 1
    end = src.find("\n", pos)
    return src[start : len(src) if end < 0 else end].strip()


def _site(env: MutableMapping[str, Any]) -> dict[str, Any]:
    """The site's configuration (Jekyll's ``_config.yml``), read once per parse."""
    if "_template_site" not in env:
        root = env.get("workspace")
        data: dict[str, Any] = {}
        if isinstance(root, Path):
            data = read_config(root, "_config.yml") or read_config(root, "_config.yaml")
        env["_template_site"] = data
    return cast("dict[str, Any]", env["_template_site"])


_HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml")
_HUGO_PARAMS = ("config/_default/params.toml", "config/_default/params.yaml")


def _hugo_params(env: MutableMapping[str, Any]) -> dict[str, Any]:
    """The site's parameters (Hugo's ``params``, of its config or ``config/_default/``)."""
    if "_template_params" not in env:
        root = env.get("workspace")
        data: dict[str, Any] = {}
        if isinstance(root, Path):
            for name in _HUGO_PARAMS:
                data.update(read_config(root, name))
            for name in _HUGO_CONFIGS:
                params = read_config(root, name).get("params")
                if isinstance(params, dict):
                    data = {**params, **data}
                    break
        env["_template_params"] = data
    return cast("dict[str, Any]", env["_template_params"])


def _show(env: MutableMapping[str, Any], tag: tags.Tag) -> Expansion:
    site: dict[str, Any] = {}
    if tag.family == "var" and "site." in tag.inner:
        site = _site(env)
    elif tag.family == "hugo" and tag.name == "param":
        site = _hugo_params(env)
    return tags.show(tag, asset_folder=env.get("asset_folder"), site=site)


# ---------------------------------------------------------------------- pairing


def _line_tag(line: str) -> tags.Tag | None:
    m = _LINE_TAG.fullmatch(line)
    if m is None:
        return None
    inner = tags.TAG.search(line)
    return tags.read(inner) if inner is not None else None


_PARTIAL = re.compile(r"[ \t]*\{(?P<open>\{[<%]|%)-?[ \t]*(?P<rest>[^{}%<>]*)")
"""The first line of a tag written over several lines (``{{% card`` then its arguments)."""


def _opener(line: str) -> tuple[str, int] | None:
    if "{" not in line:
        return None
    tag = _line_tag(line)
    if tag is None:
        partial = _PARTIAL.fullmatch(line)
        if partial is None:
            return None
        family = "liquid" if partial.group("open") == "%" else "hugo"
        tag = tags.Tag(family, partial.group("rest"), line, partial.group("open") == "{<")
    pair = tags.pair_name(tag)
    return (pair[0], 0) if pair is not None and not pair[1] else None


def _skip_tag(state: Any, src: str, pos: int) -> int:
    """The end of the line a tag opening at ``pos`` ends on (a tag may span lines)."""
    found = tags.TAG.search(src, pos, min(len(src), pos + 2100))
    return _line_end(src, found.end()) if found is not None else pos


def _closer(line: str) -> tuple[str, int] | None:
    if "{" not in line:
        return None
    tag = _line_tag(line)
    pair = tags.pair_name(tag) if tag is not None else None
    return (pair[0], 0) if pair is not None and pair[1] else None


_KIND = Kind(
    "templates", _opener, _closer, by_name=True, unclosed_runs_to_end=False, skip_lines=_skip_tag
)


def _verbatim_close(state: Any, kind: str, pos: int) -> re.Match[str] | None:
    """The first end tag of ``kind`` after ``pos`` in ``state.src``: every end tag of the
    kind is found once per state, then looked up."""
    cache: dict[str, tuple[list[int], list[re.Match[str]]]] = state.__dict__.setdefault(
        "_template_closes", {}
    )
    if kind not in cache:
        found = list(tags.VERBATIM[kind].finditer(state.src))
        cache[kind] = ([m.start() for m in found], found)
        _steps(state.env, 1 + len(state.src) // 4096)
    starts, found = cache[kind]
    i = bisect.bisect_left(starts, pos)
    return found[i] if i < len(found) else None


# ---------------------------------------------------------------------- block rules


def _line_end(src: str, pos: int) -> int:
    end = src.find("\n", pos)
    return len(src) if end < 0 else end


def _parse_block(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    if state.env.get(_OFF):
        return None
    src = state.src
    _steps(state.env, 1)
    found = tags.TAG.match(src, m.end())
    if found is None:
        return None
    tag = tags.read(found)
    line_end = _line_end(src, found.end())
    alone = not src[found.end() : line_end].strip()
    kind = tags.verbatim_kind(tag)
    if kind is not None:
        return _verbatim_block(block, state, tag, kind, found, alone)
    if not alone:
        return None  # text follows on its line: a paragraph, read by the inline rules
    pair = tags.pair_name(tag)
    if pair is not None and not pair[1]:
        close = find_pair(state, _KIND, m.start())
        if close is not None:
            _, named = tags.parse_args(tag.args)
            env = state.env
            text = env.get(_TEXT, False)
            lang = named.get("lang") if tag.family == "hugo" and not text else None
            if lang and named.get("text") != "true":
                # a theme's code tab (Docsy's {{< tab lang="toml" >}}): its lines are code,
                # unless it or its tab pane says they are text (text=true)
                children = [_code_token(src[line_end + 1 : close.start], lang)]
            else:
                env[_TEXT] = text or named.get("text") == "true"
                try:
                    children = parse_children(block, state, line_end + 1, close.start)
                finally:
                    env[_TEXT] = text
            state.tokens.extend(_paired(tag, children))
            for value in named.values():  # Markdown images in its arguments (a card's footer)
                if "![" in value:
                    state.append_token({"type": "paragraph", "text": value})
            return _line_end(src, close.end) + 1
    if tag.family == "hugo_esc" or (pair is not None and pair[1]):
        return None  # an end tag its opening inside a paragraph may be waiting for
    shown = _show(state.env, tag)
    if shown.block:
        _warn(state.env, _line_around(src, found.start()), shown.warning)
        state.append_token({"type": "paragraph", "text": shown.markdown})
        return line_end + 1
    if not shown.markdown:
        _warn(state.env, _line_around(src, found.start()), shown.warning)
        state.append_token({"type": "blank_line"})  # as the empty line it leaves
        return line_end + 1
    return None


def _paired(tag: tags.Tag, children: list[Token]) -> list[Token]:
    """What a paired tag shows around its children's tokens."""
    if tag.family == "liquid" and tags.CALL_NAME.fullmatch(tag.inner.strip("-")):
        name, args = tags.zola_pair(tag)
    else:
        name, args = tag.name, tag.args
    shape = open_pair(name, args)
    if shape.callout is not None:
        return [callout_tokens(shape.callout, children)]
    if shape.label:
        head: Token = {"type": "paragraph", "children": [{"type": "strong", "text": shape.label}]}
        return [head, *children]
    return children


def _verbatim_block(
    block: BlockParser,
    state: BlockState,
    tag: tags.Tag,
    kind: str,
    found: re.Match[str],
    alone: bool,
) -> int | None:
    src = state.src
    close = _verbatim_close(state, kind, found.end())
    if close is None:
        return None  # the inline rule keeps it as text, with the warning
    close_line_end = _line_end(src, close.end())
    if src[close.end() : close_line_end].strip():
        return None  # text after the end tag: read inline
    if not alone and kind != "raw":
        return None
    body_start = _line_end(src, found.end()) + 1 if alone else found.end()
    line_start = src.rfind("\n", 0, close.start()) + 1
    own_close = not src[line_start : close.start()].strip()
    body_end = max(body_start, line_start if own_close else close.start())
    body = src[body_start:body_end]
    if kind == "comment":
        pass
    elif kind == "raw":
        env = state.env
        env[_OFF] = True
        try:
            children = parse_children(block, state, body_start, body_end)
        finally:
            env[_OFF] = False
        state.tokens.extend(_mark_off(children))
    else:
        positional, _ = tags.parse_args(tag.args)
        lang = positional[0] if positional else ""
        if kind == "hugo-code-toggle":  # site config, shown by Hugo in tabs of formats
            lang = tags.config_format(body)
        state.append_token(_code_token(body, lang))
    return close_line_end + 1


def _code_token(body: str, lang: str) -> Token:
    """A code block of ``body`` (lines as written, their last newline the block's own)."""
    code = body[:-1] if body.endswith("\n") else body
    return {
        "type": "block_code",
        "raw": code + "\n" if code else "",
        "style": "fenced",
        "marker": code_fence(code),
        "attrs": {"info": lang},
    }


def _mark_off(tokens: list[Token]) -> list[Token]:
    """Tokens of a ``{% raw %}`` block: their inline text is read later with no tag read."""
    for tok in tokens:
        tok["_templates_off"] = True
    return tokens


# ---------------------------------------------------------------------- inline rules

_INLINE_TAG = (
    r"\{\{<\s*/\*.{0,2000}?\*/\s*>\}\}|\{\{%\s*/\*.{0,2000}?\*/\s*%\}\}|\{\{<.{0,2000}?>\}\}"
    r"|\{\{%.{0,2000}?%\}\}|\{%-?.{0,2000}?-?%\}|\{\{-?[^{}]{0,2000}?-?\}\}"
)
_DEST_TAG = r"(?:\{\{[^\n]{0,500}?\}\}|\{%[^\n]{0,500}?%\})"
_LINK = (
    r"(?P<tl_bang>!?)\[(?P<tl_text>(?:\\.|[^\[\]\n\\]|\[(?:\\.|[^\[\]\n\\])*\]){0,500})\]\("
    r"[ \t]*\n?[ \t]*(?P<tl_dest><?(?:[^\s(){}<>]|\{(?![{%]))*"
    + _DEST_TAG
    + r"(?:"
    + _DEST_TAG
    + r"|[^\s(){}<>]|\{(?![{%]))*>?)"
    r"""(?:[ \t]+(?P<tl_title>"[^"\n]*"|'[^'\n]*'))?[ \t]*\)"""
)
_HTML = (
    r"<[A-Za-z][\w:-]*(?=[^<>\n]{0,1000}?\{[{%])"
    r"""(?:[^<>"'\n]|"[^"\n]*"|'[^'\n]*'){0,1000}/?>"""
)


def _parse_link(inline: InlineParser, m: re.Match[str], state: InlineState) -> int | None:
    if state.env.get(_OFF) or state.in_link:
        return None
    dest = m.group("tl_dest").strip("<>")
    url = _in_url(state.env, dest, _line_around(state.src, m.start()))
    title = m.group("tl_title")
    child = state.copy()
    child.src = m.group("tl_text")
    child.in_link = not m.group("tl_bang")
    children = inline.render(child)
    attrs: dict[str, Any] = {"url": escape_url(url)}
    if title:
        attrs["title"] = title[1:-1]
    typ = "image" if m.group("tl_bang") else "link"
    state.append_token({"type": typ, "children": children, "attrs": attrs})
    return m.end()


def _in_url(env: MutableMapping[str, Any], text: str, line: str = "") -> str:
    """``text`` (a URL or raw HTML) with each tag in it replaced by the path it stands for."""

    def one(m: re.Match[str]) -> str:
        tag = tags.read(m)
        if tag.family == "hugo_esc":
            return m.group(0)
        shown = _show(env, tag)
        if line:
            _warn(env, line, shown.warning)
        out = shown.markdown
        if out.startswith("<") and out.endswith(">"):
            out = out[1:-1]  # an autolink's URL
        if out.startswith("[") or out.startswith("!") or "\\" in out:
            return m.group(0)  # not a path: as written
        return out

    return tags.TAG.sub(one, text)


def _parse_html(inline: InlineParser, m: re.Match[str], state: InlineState) -> int | None:
    if state.env.get(_OFF):
        return None
    line = _line_around(state.src, m.start())
    state.append_token({"type": "inline_html", "raw": _in_url(state.env, m.group(0), line)})
    return m.end()


def _parse_tag(inline: InlineParser, m: re.Match[str], state: InlineState) -> int | None:
    env = state.env
    if env.get(_OFF):
        return None  # its first brace is text, and what follows is read as Markdown
    found = tags.TAG.match(state.src, m.start())
    assert found is not None
    _steps(state.env, 1)
    tag = tags.read(found)
    kind = tags.verbatim_kind(tag)
    if kind is not None:
        close = _verbatim_close(state, kind, found.end())
        if close is not None:
            body = state.src[found.end() : close.start()]
            if kind == "raw":
                _inline_markdown(inline, state, body, off=True)
            elif kind != "comment":
                state.append_token({"type": "codespan", "raw": body.strip("\n")})
            return close.end()
    pair = tags.pair_name(tag)
    if pair is not None:
        name, closing = pair
        stack: list[str] = state.__dict__.setdefault("_template_open", [])
        if closing and stack and stack[-1] == name:
            stack.pop()
            if state.src[found.end() :].strip():
                state.append_token({"type": "text", "raw": " "})
            else:
                _trim_end(state)
            return found.end()
        if not closing and _closes_later(state, name, found.end()):
            stack.append(name)
            shape = _shape(tag)
            if shape:
                _inline_markdown(inline, state, shape, off=False)
            return found.end()
    shown = _show(env, tag)
    _warn(env, _line_around(state.src, m.start()), shown.warning)
    if shown.markdown:
        text = shown.markdown
        before = state.src[m.start() - 1 : m.start()]
        after = state.src[found.end() : found.end() + 1]
        if shown.block and before and not before.isspace():
            text = " " + text
        if shown.block and after and not after.isspace():
            text += " "
        _inline_markdown(inline, state, text, off=True)
    elif not state.src[found.end() :].strip():
        _trim_end(state)
    return found.end()


def _trim_end(state: InlineState) -> None:
    """A tag that shows nothing at the end of its paragraph: the space before it goes too."""
    if state.tokens and state.tokens[-1]["type"] == "text":
        state.tokens[-1]["raw"] = state.tokens[-1]["raw"].rstrip()


def _shape(tag: tags.Tag) -> str:
    """The inline form of a paired tag's opening: its label in bold, or nothing."""
    if tag.family == "liquid" and tags.CALL_NAME.fullmatch(tag.inner.strip("-")):
        name, args = tags.zola_pair(tag)
    else:
        name, args = tag.name, tag.args
    return open_pair(name, args).inline


def _closes_later(state: InlineState, name: str, pos: int) -> bool:
    """Whether an end tag of ``name`` follows ``pos`` in this paragraph (every end tag found
    once per paragraph)."""
    cache: dict[str, list[int]] | None = state.__dict__.get("_template_ends")
    if cache is None:
        cache = {}
        for m in tags.TAG.finditer(state.src):
            pair = tags.pair_name(tags.read(m))
            if pair is not None and pair[1]:
                cache.setdefault(pair[0], []).append(m.start())
        state.__dict__["_template_ends"] = cache
        _steps(state.env, 1 + len(state.src) // 4096)
    ends = cache.get(name, [])
    return bisect.bisect_left(ends, pos) < len(ends)


def _inline_markdown(inline: InlineParser, state: InlineState, text: str, *, off: bool) -> None:
    """``text`` read as inline Markdown in place (``off``: no tag read in it)."""
    env = state.env
    was = env.get(_OFF, False)
    env[_OFF] = was or off
    try:
        child = state.copy()
        child.depth = state.depth
        child.src = text
        for tok in inline.render(child):
            state.append_token(tok)
    finally:
        env[_OFF] = was


# ---------------------------------------------------------------------- hooks


def _before_inline(md: Markdown, state: BlockState) -> None:
    """Raw HTML blocks: tags in their attributes replaced; ``{% raw %}`` blocks: their inline
    text read now, with no tag read."""
    refs = state.env.get("ref_links")
    for ref in refs.values() if isinstance(refs, dict) else ():
        url = unquote(str(ref.get("url", ""))) if "%7B" in str(ref.get("url", "")) else ""
        if "{{" in url or "{%" in url:  # [label]: <{{% param repo %}}/a>
            ref["url"] = escape_url(_in_url(state.env, url))
    stack: list[Token] = list(state.tokens)
    while stack:
        tok = stack.pop()
        if tok["type"] == "block_html" and "{" in tok.get("raw", ""):
            tok["raw"] = _in_url(state.env, tok["raw"])
        if tok.pop("_templates_off", False):
            _read_off(md, state, tok)
            continue
        children = tok.get("children")
        if isinstance(children, list):
            stack.extend(c for c in children if isinstance(c, dict))


def _read_off(md: Markdown, state: BlockState, tok: Token) -> None:
    env = state.env
    if "text" in tok:
        env[_OFF] = True
        try:
            tok["children"] = md.inline(tok.pop("text").strip(" \r\n\t\f"), env)
        finally:
            env[_OFF] = False
    for child in tok.get("children", ()):
        if isinstance(child, dict) and "type" in child and "raw" not in child:
            _read_off(md, state, child)


def _unescape_in_code(md: Markdown, result: Any, state: BlockState) -> Any:
    """Hugo shows its escaped shortcodes (``{{</* x */>}}``) as shortcodes, in code too."""
    stack = list(result) if isinstance(result, list) else []
    while stack:
        tok = stack.pop()
        if tok.get("type") in ("block_code", "codespan") and "/*" in tok.get("raw", ""):
            tok["raw"] = tags.unescaped(tok["raw"])
        children = tok.get("children")
        if isinstance(children, list):
            stack.extend(c for c in children if isinstance(c, dict))
    return result


def template_tags(md: Markdown) -> None:
    """The block and inline rules of template tags, and their hooks."""
    register_block(md, "template_tag", _BLOCK_START, _parse_block, before="list")
    md.inline.register("template_link", _LINK, _parse_link, before="link", start_chars=("!", "["))
    md.inline.register("template_html", _HTML, _parse_html, before="inline_html", start_chars="<")
    md.inline.register("template_tag", _INLINE_TAG, _parse_tag, before="link", start_chars="{")
    md.before_render_hooks.append(_before_inline)
    md.after_render_hooks.append(_unescape_in_code)


template_tags.trigger = TRIGGERS  # type: ignore[attr-defined]
