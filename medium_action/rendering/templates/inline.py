"""Template tags inside a sentence: mistune inline rules.

- a tag (any of :data:`.tags.TAG`) is shown as its inline form; a paired tag opened and closed
  in the same paragraph (its end tags found once per paragraph) shows its label, then the text
  between; ``{% raw %}…{% endraw %}`` its text with no tag read, ``{% highlight %}`` a code span;
- a link or an image whose destination is built by tags (``[x]({% link a.md %})``,
  ``![a]({{ site.baseurl }}/a.png)``) and raw HTML whose attributes are
  (``<a href="{{ … }}">``): the tags replaced by the paths they stand for (:func:`in_url`).

mistune's inline scan meets a code span before anything inside it, so no tag in code is read.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import MutableMapping
from typing import TYPE_CHECKING, Any

from mistune.plugins.url import parse_url_link
from mistune.util import escape_url

from medium_action.rendering.templates import logic, tags
from medium_action.rendering.templates.context import (
    EVALUATE,
    OFF,
    line_around,
    show,
    steps,
    verbatim_close,
    warn,
)
from medium_action.rendering.templates.paired import open_pair

if TYPE_CHECKING:
    from mistune.core import InlineState
    from mistune.inline_parser import InlineParser
    from mistune.markdown import Markdown

__all__ = ["in_url", "inline_rules", "quote_tag_values"]

_INLINE_TAG = (
    r"\{\{<\s*/\*.{0,2000}?\*/\s*>\}\}|\{\{%\s*/\*.{0,2000}?\*/\s*%\}\}|\{\{<.{0,2000}?>\}\}"
    r"|\{\{%.{0,2000}?%\}\}|\{%-?.{0,2000}?-?%\}|\{\{-?(?:[^{}]|\{[^{}\n]{0,200}\}){0,2000}?-?\}\}"
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
    if state.env.get(OFF) or state.in_link:
        return None
    dest = m.group("tl_dest").strip("<>")
    url = in_url(state.env, dest, line_around(state.src, m.start()), destination=True)
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


def in_url(
    env: MutableMapping[str, Any], text: str, line: str = "", *, destination: bool = False
) -> str:
    """``text`` (a URL or raw HTML) with each tag in it replaced by the path it stands for.
    A ``destination`` (a link's, a reference definition's) with a tag that stands for no path
    (a site's own shortcode, a value only its build knows) is empty: the link is its text."""
    unresolved: list[str] = []

    def one(m: re.Match[str]) -> str:
        tag = tags.read(m)
        if tag.family == "hugo_esc":
            return m.group(0)
        shown = show(env, tag)
        if line:
            warn(env, line, shown.warning)
        out = shown.markdown
        autolink = out.startswith("<") and out.endswith(">")
        if autolink:
            out = out[1:-1]  # an autolink's URL
        # a destination's tag that was dropped or guessed at (its value unknown, an unknown
        # shortcode's label): no address
        dropped = destination and shown.warning is not None and not autolink
        if out.startswith("[") or out.startswith("!") or "\\" in out or dropped:
            unresolved.append(m.group(0))
            return m.group(0)  # not a path: as written
        return out

    replaced = tags.TAG.sub(one, text)
    if destination and unresolved:
        if line:
            warn(env, line, f"link to {unresolved[0]}: its address is unknown, so it is its text")
        return ""
    return replaced


# An attribute value written without quotes that holds a tag (<a href={{ repo.url }} x="y">):
# quoted before the tag is replaced, so that a value the tag stands for (or none, when it is
# unknown) stays that attribute's, never the next attribute's text.
_UNQUOTED_TAG_VALUE = re.compile(
    r"=(?P<value>(?:\{\{[^\n]{0,500}?\}\}|\{%[^\n]{0,500}?%\}|[^\s\"'=<>`{])+)"
)


_START_TAG = re.compile(r"<[A-Za-z][\w:-]*(?:[^<>\n]|\{\{[^\n]{0,500}?\}\}){0,1000}>")


def quote_tag_values(html: str) -> str:
    """``html`` with each start tag's unquoted attribute values that hold a template tag
    quoted (text between the tags, code in a ``<pre>``, is left as it is)."""

    def quoted(m: re.Match[str]) -> str:
        value = m.group("value")
        if "{{" not in value and "{%" not in value:
            return m.group(0)
        quote = "'" if '"' in value else '"'  # a tag may hold a string: "/about" | relative_url
        return m.group(0) if quote in value else f"={quote}{value}{quote}"

    if "=" not in html:
        return html
    return _START_TAG.sub(lambda tag: _UNQUOTED_TAG_VALUE.sub(quoted, tag.group(0)), html)


def _parse_html(inline: InlineParser, m: re.Match[str], state: InlineState) -> int | None:
    if state.env.get(OFF):
        return None
    line = line_around(state.src, m.start())
    raw = in_url(state.env, quote_tag_values(m.group(0)), line)
    state.append_token({"type": "inline_html", "raw": raw})
    return m.end()


def _parse_tag(inline: InlineParser, m: re.Match[str], state: InlineState) -> int | None:
    env = state.env
    if env.get(OFF):
        return None  # its first brace is text, and what follows is read as Markdown
    found = tags.TAG.match(state.src, m.start())
    assert found is not None
    steps(state.env, 1)
    tag = tags.read(found)
    kind = tags.verbatim_kind(tag)
    if kind is not None:
        close = verbatim_close(state, kind, found.end())
        if close is not None:
            body = state.src[found.end() : close.start()]
            if kind == "raw":
                _inline_markdown(inline, state, body, off=True)
            elif kind != "comment":
                state.append_token({"type": "codespan", "raw": body.strip("\n")})
            return close.end()
    if env.get(EVALUATE) and tag.family == "liquid" and tag.name in logic.LOGIC:
        return _inline_logic(inline, state, tag, found)
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
    shown = show(env, tag)
    warn(env, line_around(state.src, m.start()), shown.warning)
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


def _inline_logic(
    inline: InlineParser, state: InlineState, tag: tags.Tag, found: re.Match[str]
) -> int:
    """A logic tag inside a paragraph (:mod:`.logic`): the branch it picks from the tags after
    it in the paragraph, a value set, or nothing (with a warning) — never the tag's text."""
    env = state.env
    line = line_around(state.src, found.start())
    if logic.set_value(env, tag, line):
        return found.end()

    def parse(start: int, end: int) -> list[dict[str, Any]]:
        child = state.copy()
        child.depth = state.depth
        child.src = state.src[start:end]
        return list(inline.render(child))

    done = logic.block_logic(env, tag, state.src, found.start(), found.end(), parse, lines=False)
    if done is None:
        warn(env, line, f"{' '.join(tag.raw.split())[:80]} dropped")
        if not state.src[found.end() :].strip():
            _trim_end(state)
        return found.end()
    for tok in done[0]:
        tok.pop("_template_vars", None)
        state.append_token(tok)
    return done[1]


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
        steps(state.env, 1 + len(state.src) // 4096)
    ends = cache.get(name, [])
    return bisect.bisect_left(ends, pos) < len(ends)


def _inline_markdown(inline: InlineParser, state: InlineState, text: str, *, off: bool) -> None:
    """``text`` read as inline Markdown in place (``off``: no tag read in it)."""
    env = state.env
    was = env.get(OFF, False)
    env[OFF] = was or off
    try:
        child = state.copy()
        child.depth = state.depth
        child.src = text
        for tok in inline.render(child):
            state.append_token(tok)
    finally:
        env[OFF] = was


# GFM's bare URL (mistune's url plugin) stops where a template tag starts: in
# `https://a.example/x{% endcallout %}` the tag closes a shortcode, it is no part of the URL
_URL_LINK = r"""https?:\/\/(?:(?!\{[{%])[^\s<])*(?:(?!\{[{%])[^<.,:;"')\]\s])"""


def inline_rules(md: Markdown) -> None:
    """The inline rules: links and images built by tags, raw HTML with tags, any tag."""
    if "url_link" in md.inline.rules:
        md.inline.register("url_link", _URL_LINK, parse_url_link)
    md.inline.register("template_link", _LINK, _parse_link, before="link", start_chars=("!", "["))
    md.inline.register("template_html", _HTML, _parse_html, before="inline_html", start_chars="<")
    md.inline.register("template_tag", _INLINE_TAG, _parse_tag, before="link", start_chars="{")
