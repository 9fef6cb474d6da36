"""HTML elements written in JSX (an MDX post's ``<span style={{color: "#5af78e"}}>``), inside
the one parse.

MDX has no raw HTML: ``<h1 style={{padding: 0}}>`` is JSX, whose expression attributes hold
braces, quotes and ``>`` that mistune's HTML rules (CommonMark's) do not expect: the tag broke
in two and its rest showed as text. Here such a tag is read whole (:mod:`.jsx`) and written
again as HTML (:func:`.jsx.html_tag`: string attributes kept, expressions left out):

- inline: a rule before mistune's ``inline_html`` for a tag with an expression attribute;
- a block: mistune's ``raw_html`` rule, wrapped: a block whose first tag has one is the same
  block (CommonMark's types 6 and 7) with every tag in it written again;
- ``<code style={{display: "block"}}>`` … ``</code>`` (Prettier's blog shows terminal sessions
  so, a ``<br />`` ending each line, blank lines between) is the code block it shows: each
  line's text, tags out, entities and Markdown escapes read, blank lines kept;
- ``{frontMatter.title}`` (Docusaurus), ``{frontmatter.x}`` (Astro) in text: the post's own
  front matter value; ``{props.x}`` and other values the site computes dropped with a warning
  (:func:`text_expressions`, MDX dialects only).
"""

from __future__ import annotations

import html
import re
from datetime import date
from typing import TYPE_CHECKING, Any

from mistune.helpers import BLOCK_TAGS

from medium_action.rendering.dialects.blocks import add_steps
from medium_action.rendering.dialects.jsx import (
    expression_end,
    has_expression,
    html_tag,
    literal,
    read_attributes,
    scanned_tag_end,
    tag_end,
)

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState
    from mistune.markdown import Markdown

__all__ = ["code_lines", "jsx_html", "text_expressions", "written_as_html"]

_BLOCK_OPEN = re.compile(r" {0,3}<(?P<name>[a-z][a-z0-9-]*)(?=[\s/>])")
_BLANK = re.compile(r"\n[ \t]*(?:\n|$)")
_TAG = re.compile(r"</?[A-Za-z][\w.:-]*")
_BR_END = re.compile(r"[ \t]*<br\s*/?>[ \t]*$", re.I)
_BR = re.compile(r"<br\s*/?>", re.I)
_MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_DISPLAY_BLOCK = re.compile(r"""display\s*:\s*["'`]?block\b""")
_MAX_CODE = 200_000
# a template's expression in an attribute (``src={{ site.url }}/a.png``, ``{{ .Params.x }}``,
# ``{% link a.md %}``): Liquid's or Hugo's, read before Markdown. JSX writes objects there, with
# keys (``{{a: 1}}``); a template a path or a filter (``| relative_url``)
_TEMPLATE_VALUE = re.compile(r"\{[^{}:]*\}|\{[^{}|]*\|[^{}]*\}|%[\s\S]*%")


def _jsx_attributes(tag: str) -> bool:
    """Whether a tag's text has JSX expression attributes (and none a template's)."""
    if "{" not in tag or not has_expression(tag):
        return False
    return not any(
        a.kind == "expression" and _TEMPLATE_VALUE.fullmatch(a.value.strip())
        for a in read_attributes(tag)
    )


# an opening tag whose attributes, before its end, include one in braces (or a spread)
_INLINE = (
    r"<(?P<jsx_name>[A-Za-z][\w.:-]*)"
    r"""(?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"]*"|'[^']*'))?)*\s+(?:[\w:.-]+\s*=\s*)?\{"""
)


def written_as_html(fragment: str) -> str:
    """``fragment`` with each tag that has an expression attribute written as HTML, and each
    ``{"string"}`` as its string; the rest as it is."""
    out: list[str] = []
    pos = 0
    for m in _TAG.finditer(fragment):
        if m.start() < pos:
            continue
        end = tag_end(fragment, m.end())
        if end < 0:
            continue
        body = fragment[m.end() : end]
        if not m.group(0).startswith("</") and _jsx_attributes(body):
            out.append(fragment[pos : m.start()])
            out.append(html_tag(m.group(0)[1:], body))
            pos = end
    out.append(fragment[pos:])
    return _string_expressions("".join(out))


def _string_expressions(text: str) -> str:
    if "{" not in text:
        return text
    out: list[str] = []
    pos = 0
    while True:
        at = text.find("{", pos)
        if at < 0:
            break
        end = expression_end(text, at)
        if end < 0:
            break
        inner = text[at + 1 : end - 1]
        value = literal(inner)
        if value is not None:
            out.append(text[pos:at] + html.escape(value, quote=False))
        elif inner.strip().startswith("/*") and inner.strip().endswith("*/"):
            out.append(text[pos:at])
        else:
            out.append(text[pos:end])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _without_tags(line: str) -> str:
    """A line's text with its tags (JSX attributes and all) taken out."""
    out: list[str] = []
    pos = 0
    for m in _TAG.finditer(line):
        if m.start() < pos:
            continue
        end = tag_end(line, m.end())
        if end < 0:
            continue
        out.append(line[pos : m.start()])
        pos = end
    out.append(line[pos:])
    return "".join(out)


def code_lines(inner: str) -> str:
    """What a ``<code style={{display: "block"}}>`` shows: the text of each of its lines (a
    ``<br />`` a line break, tags out, ``{"}"}`` its string, entities and Markdown's backslash
    escapes read), blank lines kept; the lines its tags stand on alone left out."""
    lines: list[str] = []
    for raw in inner.split("\n"):
        line = _BR_END.sub("", raw)
        for part in _BR.split(line):
            text = _without_tags(part)
            if not text.strip() and part.strip():
                continue  # only tags on it (a <span> opening on its own line)
            text = _string_expressions(text)
            text = html.unescape(_MD_ESCAPE.sub(r"\1", text)).replace("\xa0", " ")
            lines.append(text.rstrip())
    while lines and not lines[0].strip():
        lines.pop(0)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"


def _code_block(state: BlockState, start: int, body_at: int) -> int | None:
    src = state.src
    never = state.__dict__.get("_jsx_no_code_close")  # no "</code>" from there to the end
    if never is not None and body_at >= never:
        return None
    close = src.find("</code>", body_at, body_at + _MAX_CODE)
    if close < 0:
        if body_at + _MAX_CODE >= len(src):
            state.__dict__["_jsx_no_code_close"] = body_at  # openers never closed: one search
        return None
    line_end = src.find("\n", close)
    line_end = len(src) if line_end < 0 else line_end
    if src[close + len("</code>") : line_end].strip():
        return None  # text after it on its line: not a block of its own
    add_steps(state, 1 + (close - start) // 80)
    state.append_token(
        {
            "type": "block_code",
            "raw": code_lines(src[body_at:close]),
            "style": "fenced",
            "marker": "```",
            "attrs": {"info": ""},
        }
    )
    return min(line_end + 1, len(src))


def jsx_html(md: Markdown) -> None:
    """JSX HTML elements: the inline rule and the wrapped ``raw_html`` block rule."""
    parse_html = md.block._methods["raw_html"]

    def parse(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
        src = state.src
        opened = _BLOCK_OPEN.match(src, m.start())
        if opened is None:
            return parse_html(m, state)
        end, used = scanned_tag_end(state.env, src, opened.end())
        add_steps(state, 1 + used // 80)
        tag = src[opened.end() : end] if end > 0 else ""
        name = opened.group("name")
        if end > 0 and name == "code" and _DISPLAY_BLOCK.search(tag):
            style = next((a.value for a in read_attributes(tag) if a.name == "style"), "")
            shown = _code_block(state, m.start(), end) if _DISPLAY_BLOCK.search(style) else None
            if shown is not None:
                return shown
        if end < 0 or not _jsx_attributes(tag):
            return parse_html(m, state)
        line_end = src.find("\n", end)
        line_end = len(src) if line_end < 0 else line_end
        if name not in BLOCK_TAGS:  # CommonMark's type 7: alone on its line, not in a paragraph
            if src[end:line_end].strip():
                return None  # a paragraph's text: the inline rule reads the tag
            end_pos = state.append_paragraph()
            if end_pos:
                return end_pos
        blank = _BLANK.search(src, line_end)
        stop = blank.start() + 1 if blank else len(src)
        add_steps(state, 1 + (stop - m.start()) // 80)
        state.append_token({"type": "block_html", "raw": written_as_html(src[m.start() : stop])})
        return stop

    md.block.register("raw_html", None, parse)
    md.inline.register("jsx_tag", _INLINE, _parse_inline, before="inline_html", start_chars="<")


def _parse_inline(inline: Any, m: re.Match[str], state: Any) -> int | None:
    src: str = state.src
    name_end = m.start() + 1 + len(m.group("jsx_name"))
    end, _ = scanned_tag_end(state.env, src, name_end)
    if end < 0 or not _jsx_attributes(src[name_end:end]):
        return _next_rule(inline, m.start(), state)
    state.append_token(
        {"type": "inline_html", "raw": html_tag(m.group("jsx_name"), src[name_end:end])}
    )
    return end


def _next_rule(inline: Any, pos: int, state: Any) -> int | None:
    """What the rules after this one read at ``pos`` (a template's ``<img src={{ site.url }}>``
    for :mod:`..templates`, plain HTML for mistune's ``inline_html``): a rule that declines a
    match leaves the character to be text, so this one asks them itself."""
    rules: list[str] = inline.rules
    for name in rules[rules.index("jsx_tag") + 1 :]:
        pattern = _compiled(inline, name)
        found = pattern.match(state.src, pos) if pattern is not None else None
        if found is not None:
            end: int | None = inline._methods[name](found, state)
            if end:
                return end
    return None


def _compiled(inline: Any, name: str) -> re.Pattern[str] | None:
    cache: dict[str, re.Pattern[str] | None] = inline.__dict__.setdefault("_jsx_next_rules", {})
    if name not in cache:
        spec = inline.specification.get(name)
        cache[name] = re.compile(f"(?P<{name}>{spec})", inline.sc_flag) if spec else None
    return cache[name]


_EXPRESSION = r"\{(?P<mdx_js>[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*|\[[^\]\n{}]{0,200}\])+)\}"


_FRONT_MATTER = ("frontMatter", "frontmatter")  # Docusaurus' and Astro's name in an MDX page


def front_matter_value(expression: str, front_matter: Any) -> str | None:
    """``frontMatter.title`` (Docusaurus) or ``frontmatter.author.name`` (Astro) read from the
    post's own front matter: the text the page shows, when it is a string, number or date;
    None for anything else (a list, a missing key, ``props.x``)."""
    head, _, rest = expression.replace("?.", ".").partition(".")
    if head not in _FRONT_MATTER or not rest or "[" in rest:
        return None
    value: Any = front_matter
    for key in rest.split("."):
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    if isinstance(value, bool) or not isinstance(value, str | int | float | date):
        return None
    return str(value)


def _parse_expression(inline: Any, m: re.Match[str], state: Any) -> int:
    shown = front_matter_value(m.group("mdx_js"), state.env.get("front_matter") or {})
    if shown is not None:
        state.append_token({"type": "text", "raw": shown})
        return m.end()
    found: list[tuple[str, str]] = state.env.setdefault("dialect_needle_warnings", [])
    if len(found) < 100:
        found.append((m.group(0), f"{m.group(0)} dropped: a value the site computes"))
    return m.end()


def text_expressions(md: Markdown) -> None:
    """``{props.x}``, ``{frontMatter.title}`` in an MDX post's text: a value of the post's own
    front matter is shown; what the page computes, which the post does not hold, is dropped,
    with a warning."""
    md.inline.register(
        "mdx_expression", _EXPRESSION, _parse_expression, before="link", start_chars="{"
    )
