"""Template tags read inside the one parse: the plugin, its block rules and its hooks.

Hugo shortcodes (``{{< >}}``, ``{{% %}}``), Liquid / Jekyll / dev.to / Hexo / Nunjucks tags
(``{% %}``), output expressions (``{{ var }}``) and Zola's shortcodes (``{{ name(…) }}``,
``{% name() %}…{% end %}``) are rules of the parser, so mistune decides where code is: a tag in
a fenced or indented code block or in a code span is never seen by them and stays byte for byte.
What each tag becomes (read by :mod:`.tags`):

==============================================  ==================================================
tag                                             becomes
==============================================  ==================================================
``{{< youtube ID >}}``, ``{% youtube ID %}``    ``<https://www.youtube.com/watch?v=ID>``
``{{< vimeo ID >}}``, ``{% vimeo ID %}``        ``<https://vimeo.com/ID>``
``{{< gist user id >}}``, ``{% gist URL %}``    ``<https://gist.github.com/user/id>``
``{{< tweet user="u" id="1" >}}``, ``x``        ``<https://twitter.com/u/status/1>`` (x.com for x)
``{% twitter ID %}``, ``{% tweet ID %}``        ``<https://twitter.com/i/status/ID>``
``{{< instagram ID >}}``                        ``<https://www.instagram.com/p/ID/>``
``{% embed URL %}`` and dev.to embeds           ``<URL>`` (codepen, codesandbox, github, …)
``{{< figure src=… alt=… caption=… >}}``        ``![alt](<src> "caption")`` (a figure)
``{% highlight lang %}…{% endhighlight %}``     a fenced code block (Hugo ``highlight`` too)
``{% raw %}…{% endraw %}``                      its content, literally (no tag inside is read)
``{% comment %}…{% endcomment %}``              nothing
``{% include … %}``, ``{% include_relative %}``  nothing, with a warning naming it
``{{< ref "p.md" >}}``, ``{% link p.md %}``     the path, for the link resolver
``{{</* tag */>}}`` (Hugo's escaped form)        ``{{< tag >}}`` as text (in code too)
``{{% notice tip "T" %}}…{{% /notice %}}``      a callout titled T (any callout-like name)
``{{< details summary=S >}}…``, ``{% x %}…``    S in bold, then the content (Markdown)
``{{< tab lang="toml" >}}…{{< /tab >}}``        a code block (a theme's code tab)
``{% name(args) %}…{% end %}`` (Zola)           as the paired tags above
``{{ name(src="a.png") }}`` (Zola)              the image; else its URL or its text argument
``{% note type title %}…{% endnote %}`` (Hexo)  a callout; ``asset_img`` an image
``{% post_link slug %}`` (Hexo)                 a link to ``source/_posts/slug.md``
``{{ site.x }}``, ``{{% param x %}}``           the site's value (``_config.yml``; Hugo's params)
``{{image "a.png"}}`` (the Go blog)             the image
``{% if %}`` and other template logic           kept as text (Markdown-escaped), with a warning
``{{< new-in 0.140.0 >}}``, ``addedin``         *New in v0.140.0* (a docs site's version badge)
anything else                                   its URL and label, a label alone inside a sentence,
                                                else dropped, with a warning
==============================================  ==================================================

Block rules (a tag at the start of a line, in block quotes and list items too):

- a paired tag whose content is not Markdown (:data:`.tags.VERBATIM`: ``highlight``,
  ``code-toggle``, ``raw``, ``comment``) closes at the first end tag of its kind (one search per
  kind and state, however many openers); ``highlight`` and ``code-toggle`` are a code block of
  their lines as written, ``raw`` its lines read as Markdown with no tag read, ``comment``
  nothing;
- any other paired tag (``{{% notice tip "Title" %}}``, ``{% note info %}``, ``{% x() %}``…
  ``{% end %}``) is paired by :func:`..dialects.blocks.find_pair` (one pass, fenced code
  skipped); its children are parsed as Markdown in place, shaped as :mod:`.paired` says (a
  callout keeps its title, details their summary); an opening tag may span lines (``{{% card``
  then its arguments); a theme's code tab (``{{< tab lang="toml" >}}``, Docsy's) is a code
  block of its lines unless it or its pane says ``text=true``; an end tag alone on its line is
  left to the inline rules (it may close an opening inside the paragraph before it);
- a tag alone on its line that shows a link or a figure (``youtube``, ``figure``, ``embed``…)
  is a paragraph of its own; one that shows nothing ends the paragraph before it.

Inline rules (a tag inside a sentence, a destination or an attribute built by tags) are
:mod:`.inline`'s; what both share (warnings, the site's values) :mod:`.context`'s.

Hooks: before the inline parse, tags in raw HTML blocks and in reference definitions
(``[l]: <{{% param repo %}}/a>``) become the paths they stand for, and ``{% raw %}`` blocks'
text is read with no tag read; after the parse, Hugo's escaped ``{{</* x */>}}`` is shown as
``{{< x >}}`` in code too (Hugo does so). :data:`TRIGGERS`: a post holding neither string
needs none of this (``template_tags.trigger``, for a parser built per post's text). Warnings
are kept with the text of the tag's line and placed at that line by :mod:`..post`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from mistune.util import escape_url

from medium_action.rendering.dialects.attributes import GOLDMARK
from medium_action.rendering.dialects.blocks import (
    Kind,
    find_pair,
    parse_children,
)
from medium_action.rendering.dialects.containers import (
    callout_token,
    parse_body,
    register_block,
)
from medium_action.rendering.templates import includes, logic, tags, values
from medium_action.rendering.templates.context import (
    EVALUATE,
    OFF,
    TEXT,
    VARIABLES,
    end_of_line,
    line_around,
    scope,
    show,
    steps,
    verbatim_close,
    warn,
)
from medium_action.rendering.templates.inline import in_url, inline_rules, quote_tag_values
from medium_action.rendering.templates.paired import open_pair
from medium_action.rendering.templates.pieces import code_fence

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState
    from mistune.markdown import Markdown

__all__ = ["TRIGGERS", "template_tags"]

Token = dict[str, Any]

TRIGGERS = ("{{", "{%")
"""A post holding neither has no template tag: the rules have nothing to do."""

_BLOCK_START = r"^ {0,3}(?=\{\{|\{%)"
_LINE_TAG = re.compile(r"[ \t]*(?:" + tags.TAG.pattern + r")[ \t]*", re.S)


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
    return end_of_line(src, found.end()) if found is not None else pos


def _closer(line: str) -> tuple[str, int] | None:
    if "{" not in line:
        return None
    tag = _line_tag(line)
    pair = tags.pair_name(tag) if tag is not None else None
    return (pair[0], 0) if pair is not None and pair[1] else None


_KIND = Kind(
    "templates", _opener, _closer, by_name=True, unclosed_runs_to_end=False, skip_lines=_skip_tag
)


_ATTRIBUTES = re.compile(GOLDMARK)


# ---------------------------------------------------------------------- block rules


def _parse_block(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    if state.env.get(OFF):
        return None
    src = state.src
    steps(state.env, 1)
    found = tags.TAG.match(src, m.end())
    if found is None:
        return None
    tag = tags.read(found)
    line_end = end_of_line(src, found.end())
    rest = src[found.end() : line_end].strip()
    # Goldmark's block attributes may follow a Hugo tag on its line (``%}}{class="x"}``):
    # styling Medium cannot show, so the tag is still alone there
    alone = not rest or (tag.family.startswith("hugo") and _ATTRIBUTES.fullmatch(rest) is not None)
    if state.env.get(EVALUATE) and not alone and logic.opens_value(tag):
        # {% capture x %}…{% endcapture %} on its lines with text inside: set before any
        # paragraph is read, as the site's build sets it before the Markdown runs
        captured = logic.block_logic(
            state.env, tag, src, found.start(), found.end(), lambda a, b: [], lines=False
        )
        if captured is not None and not src[captured[1] : end_of_line(src, captured[1])].strip():
            state.append_token({"type": "blank_line"})
            return end_of_line(src, captured[1]) + 1
    if state.env.get(EVALUATE) and alone:
        evaluated = _evaluated_block(block, state, tag, found, line_end)
        if evaluated is not None:
            return evaluated
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
            text = env.get(TEXT, False)
            lang = named.get("lang") if tag.family == "hugo" and not text else None
            if lang and named.get("text") != "true":
                # a theme's code tab (Docsy's {{< tab lang="toml" >}}): its lines are code,
                # unless it or its tab pane says they are text (text=true)
                children = [_code_token(src[line_end + 1 : close.start], lang)]
            else:
                env[TEXT] = text or named.get("text") == "true"
                try:
                    children = parse_children(block, state, line_end + 1, close.start)
                finally:
                    env[TEXT] = text
            state.tokens.extend(_paired(tag, children))
            for value in named.values():  # Markdown images in its arguments (a card's footer)
                if "![" in value:
                    state.append_token({"type": "paragraph", "text": value})
            return end_of_line(src, close.end) + 1
    if tag.family == "hugo_esc" or (pair is not None and pair[1]):
        return None  # an end tag its opening inside a paragraph may be waiting for
    shown = show(state.env, tag)
    if alone and shown.alone is not None:
        shown = shown.alone
    if shown.block or (shown.markdown and "\n" in found.group(0)):
        # a tag over several lines stands alone as a paragraph: its closing line (`>}}`)
        # must never be read as Markdown (a block quote)
        warn(state.env, line_around(src, found.start()), shown.warning)
        state.append_token({"type": "paragraph", "text": shown.markdown})
        return line_end + 1
    if not shown.markdown:
        warn(state.env, line_around(src, found.start()), shown.warning)
        state.append_token({"type": "blank_line"})  # as the empty line it leaves
        return line_end + 1
    return None


def _evaluated_block(
    block: BlockParser, state: BlockState, tag: tags.Tag, found: re.Match[str], line_end: int
) -> int | None:
    """A Liquid/Nunjucks tag alone on its line where the dialect evaluates them: a value that
    is blocks of Markdown (a capture) or code, and the logic of :mod:`.logic`."""
    env = state.env
    src = state.src
    if tag.family == "var":
        value = values.evaluate(tag.inner, scope(env))
        if isinstance(value, values.Code):
            state.append_token(_code_token(value.text, value.lang))
            return line_end + 1
        if isinstance(value, values.Markup) and "\n" in value.strip():
            state.tokens.extend(parse_body(block, state, str(value)))
            return line_end + 1
        return None
    if tag.family == "liquid" and tag.name in ("include", "include_relative", "render"):
        return _include_block(block, state, tag, found, line_end)
    if tag.family != "liquid" or tag.name not in logic.LOGIC:
        return None
    if logic.set_value(env, tag, ""):
        state.append_token({"type": "blank_line"})
        return line_end + 1
    done = logic.block_logic(
        env,
        tag,
        src,
        found.start(),
        line_end + 1,
        lambda start, end: parse_children(block, state, start, end),
        lines=True,
        parse_text=lambda text: parse_body(block, state, text),
    )
    if done is not None:
        state.tokens.extend(done[0])
        return end_of_line(src, done[1]) + 1
    warn(env, line_around(src, found.start()), f"{' '.join(tag.raw.split())[:80]} dropped")
    state.append_token({"type": "blank_line"})
    return line_end + 1


def _include_block(
    block: BlockParser, state: BlockState, tag: tags.Tag, found: re.Match[str], line_end: int
) -> int | None:
    """An include that shows values the post set (:mod:`.includes`): those values, as code
    where the include highlights them; None (dropped, with a warning) when it shows none."""
    env = state.env
    own = env.get(VARIABLES) or {}
    workspace = env.get("workspace")
    if not own or not isinstance(workspace, Path):
        return None
    text = includes.include_file(workspace, env.get("article_path"), tag)
    shown = includes.shown_values(text, scope(env), own) if text is not None else []
    if not shown:
        return None
    for value in shown:
        if isinstance(value, values.Code):
            state.append_token(_code_token(value.text, value.lang))
        else:
            state.tokens.extend(parse_body(block, state, values.as_text(value)))
    warn(
        env,
        line_around(state.src, found.start()),
        f"{' '.join(tag.raw.split())[:80]}: only the post's own values it shows are kept "
        "(includes are not expanded)",
    )
    return line_end + 1


def _paired(tag: tags.Tag, children: list[Token]) -> list[Token]:
    """What a paired tag shows around its children's tokens."""
    if tag.family == "liquid" and tags.CALL_NAME.fullmatch(tag.inner.strip("-")):
        name, args = tags.zola_pair(tag)
    else:
        name, args = tag.name, tag.args
    shape = open_pair(name, args)
    if shape.callout is not None:
        return [callout_token(shape.callout, children, markdown=True)]
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
    close = verbatim_close(state, kind, found.end())
    if close is None:
        return None  # the inline rule keeps it as text, with the warning
    close_line_end = end_of_line(src, close.end())
    if src[close.end() : close_line_end].strip():
        return None  # text after the end tag: read inline
    if not alone and kind != "raw":
        return None
    body_start = end_of_line(src, found.end()) + 1 if alone else found.end()
    line_start = src.rfind("\n", 0, close.start()) + 1
    own_close = not src[line_start : close.start()].strip()
    body_end = max(body_start, line_start if own_close else close.start())
    body = src[body_start:body_end]
    if kind == "comment":
        pass
    elif kind == "raw":
        env = state.env
        env[OFF] = True
        try:
            children = parse_children(block, state, body_start, body_end)
        finally:
            env[OFF] = False
        state.tokens.extend(_mark_off(children))
    elif kind in ("codeblock", "code"):
        lang, caption = tags.codeblock_head(tag.args)
        if caption:
            state.append_token({"type": "paragraph", "text": caption})
        state.append_token(_code_token(body, lang))
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


# ---------------------------------------------------------------------- hooks


def _before_inline(md: Markdown, state: BlockState) -> None:
    """Raw HTML blocks: tags in their attributes replaced; ``{% raw %}`` blocks: their inline
    text read now, with no tag read."""
    refs = state.env.get("ref_links")
    for ref in refs.values() if isinstance(refs, dict) else ():
        url = unquote(str(ref.get("url", ""))) if "%7B" in str(ref.get("url", "")) else ""
        if "{{" in url or "{%" in url:  # [label]: <{{% param repo %}}/a>
            ref["url"] = escape_url(in_url(state.env, url, destination=True))
    env = state.env

    def in_env(text: str) -> str:
        return in_url(env, text)

    stack: list[Token] = list(state.tokens)
    while stack:
        tok = stack.pop()
        if tok["type"] == "block_html" and "{" in tok.get("raw", ""):
            raw = quote_tag_values(tok["raw"])
            if env.get(EVALUATE):  # the site's build ran its template over the HTML too
                tok["raw"] = logic.in_html(env, raw, in_env)
            else:
                tok["raw"] = in_url(env, raw)
        if logic.read_scoped(md, state, tok):  # a loop's body: read with the loop's values
            continue
        if tok.pop("_templates_off", False):
            _read_off(md, state, tok)
            continue
        children = tok.get("children")
        if isinstance(children, list):
            stack.extend(c for c in children if isinstance(c, dict))


def _read_off(md: Markdown, state: BlockState, tok: Token) -> None:
    env = state.env
    if "text" in tok:
        env[OFF] = True
        try:
            tok["children"] = md.inline(tok.pop("text").strip(" \r\n\t\f"), env)
        finally:
            env[OFF] = False
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
    inline_rules(md)
    md.before_render_hooks.append(_before_inline)
    md.after_render_hooks.append(_unescape_in_code)


template_tags.trigger = TRIGGERS  # type: ignore[attr-defined]
