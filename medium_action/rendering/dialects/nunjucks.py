"""Eleventy (Nunjucks, Liquid): template comments inside the parse.

``{# comment #}`` (alone on lines, inside a sentence or in an HTML block) is the writer's note
to themselves: dropped; so is ``[[toc]]`` (markdown-it-table-of-contents' contents list).
``{% raw %}``, paired shortcodes (``{% callout "Title" %}…{% endcallout %}``, their children
parsed as Markdown in place) and Liquid tags are rules of the one parse
(:mod:`medium_action.rendering.templates.rules`, which every dialect has); ``{% raw %}`` markers
written inside code go, as Nunjucks removes them before Markdown runs.
A comment never closed is text (it costs one search, however many there are).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.dialects.blocks import add_steps, liquid_raw_in_code
from medium_action.rendering.templates.context import OFF
from medium_action.rendering.templates.logic import liquid_logic

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState, InlineState
    from mistune.inline_parser import InlineParser
    from mistune.markdown import Markdown

__all__ = ["DIALECT", "template_comments"]

_INLINE = r"\{#[\s\S]{0,4000}?#\}"


def _parse_block(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    env = state.env
    src = state.src
    unclosed: dict[int, int] = env.setdefault("_nunjucks_unclosed", {})
    if m.start() >= unclosed.get(id(src), len(src) + 1):
        return None
    end = src.find("#}", m.end())
    add_steps(state, 1)
    if end < 0:
        unclosed[id(src)] = m.start()  # no later comment closes either
        return None
    line_end = src.find("\n", end)
    line_end = len(src) if line_end < 0 else line_end
    if src[end + 2 : line_end].strip():
        return None  # text follows on its line: the inline rule drops the comment
    return min(line_end + 1, len(src))


def _parse_inline(inline: InlineParser, m: re.Match[str], state: InlineState) -> int:
    return m.end()


_IN_HTML = re.compile(_INLINE)


def _drop_in_html(md: Markdown, state: BlockState) -> None:
    """Nunjucks drops a comment wherever it is, in a raw HTML block too (a table row commented
    out); a ``{% raw %}`` block's HTML is text and keeps it."""
    stack: list[dict[str, Any]] = list(state.tokens)
    while stack:
        tok = stack.pop()
        if tok.get(OFF):
            continue
        if tok.get("type") == "block_html" and "{#" in tok.get("raw", ""):
            tok["raw"] = _IN_HTML.sub("", tok["raw"])
        stack.extend(c for c in tok.get("children", ()) if isinstance(c, dict))


def _parse_toc(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    return m.end()


def template_comments(md: Markdown) -> None:
    # markdown-it-table-of-contents (the plugin Eleventy sites add): [[toc]] alone on its line
    # is the page's contents list, which Medium draws none of
    md.block.register("markdown_it_toc", r"^ {0,3}\[\[[Tt][Oo][Cc]\]\][ \t]*(?:\n|$)", _parse_toc)
    md.block.register("template_comment", r"^[ \t]*\{#(?![\w-]*\})", _parse_block, before="list")
    md.before_render_hooks.insert(0, _drop_in_html)  # before the raw blocks' marks are read
    for rules in (md.block.block_quote_rules, md.block.list_rules):
        if "template_comment" not in rules:
            md.block.insert_rule(rules, "template_comment", before="list")
    md.inline.register("template_comment", _INLINE, _parse_inline, before="link", start_chars="{")


DIALECT = register(
    Dialect(
        name="eleventy",
        about=(
            "Eleventy: `{# comments #}` dropped, `{% raw %}`, paired shortcodes "
            '(`{% callout "Title" %}…{% endcallout %}`) shown as their content; Nunjucks run as '
            "Eleventy runs it: front-matter values (`{{ title }}`), `{% set %}`, filters, "
            '`| highlight("js")` and `{% highlight "js" %}` code, `if`/`for` evaluated'
        ),
        plugins=(template_comments, liquid_raw_in_code, liquid_logic),
        site_files=(".eleventy.js", ".eleventy.cjs", "eleventy.config.*"),
        post_syntax=re.compile(r"\{#[^\n]{0,300}?#\}"),
        priority=25,
    )
)
