"""Definition lists (PHP Markdown Extra's syntax) as the frameworks that read them read them.

A term is the paragraph right before (each of its lines a term; a blank line between may
separate them), a definition starts with ``:`` (pandoc also ``~``) and a space, and goes on with
indented lines (paragraphs, code blocks, lists, shortcodes: parsed as Markdown in place, code
byte for byte) and lazy lines of its paragraph. How far the continuation is indented is the
framework's:

==============================  ==========================  ==================================
framework                       continuation indented by    plugin
==============================  ==========================  ==================================
Hugo (Goldmark, on by default)  the text's column after     :func:`goldmark_definitions`
Jekyll (kramdown)               the marker (as list items)  (also kramdown's)
MkDocs (Python-Markdown         four spaces (a tab stop)    :func:`python_markdown_definitions`
``def_list``)
Quarto (pandoc)                 four spaces; ``~`` marker   :func:`pandoc_definitions`
==============================  ==========================  ==================================

Medium has no ``<dl>``: each term becomes a bold paragraph, its definitions the blocks they
hold (mistune's own tokens, so the HTML and the portable Markdown renderers need nothing new).
mistune's ``def_list`` plugin is not used: it strips up to four spaces from every line of a
definition whatever the marker's column (code indented under a 2-space ``: `` loses bytes), and
its ``def_list*`` tokens would need renderers of their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from medium_action.rendering.dialects.containers import parse_body, register_block

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState
    from mistune.markdown import Markdown

__all__ = [
    "definition_rule",
    "goldmark_definitions",
    "pandoc_definitions",
    "python_markdown_definitions",
]

Token = dict[str, Any]

_FENCE = re.compile(r"^[ ]{0,3}(`{3,}|~{3,})")
# a line that starts a block of its own: never a lazy line of the definition's paragraph
_BLOCK_START = re.compile(
    r"^[ ]{0,3}(?:#{1,6}(?:[ \t]|$)|`{3,}|~{3,}|>|[-*+][ \t]|\d{1,9}[.)][ \t]|\||<|\{)"
)


def _columns(text: str) -> int:
    """The width of ``text`` (leading whitespace), tabs to the next multiple of four."""
    width = 0
    for char in text:
        width = width + 4 - width % 4 if char == "\t" else width + 1
    return width


def _dedent(line: str, width: int) -> str:
    """``line`` without ``width`` columns of its leading whitespace (a tab split as spaces);
    what follows the indentation is kept byte for byte."""
    col = 0
    for i, char in enumerate(line):
        if col >= width or char not in " \t":
            return " " * (col - width) + line[i:]
        col = col + 4 - col % 4 if char == "\t" else col + 1
    return ""


def _body(
    src: str, pos: int, first: str, width: int, marker: re.Pattern[str]
) -> tuple[list[str], int]:
    """The definition's lines after its ``first`` (which ends at ``pos``), dedented by
    ``width``, and where they end: indented lines, blank lines followed by one, lazy lines."""
    lines: list[str] = []
    end = kept = pos
    blank = not first.strip()
    fence = fm.group(1) if (fm := _FENCE.match(first)) else ""
    while end < len(src):
        nl = src.find("\n", end)
        stop = len(src) if nl < 0 else nl + 1
        line = src[end:stop].rstrip("\n")
        indent = _columns(line[: len(line) - len(line.lstrip(" \t"))])
        if not line.strip():
            blank = True
            lines.append("")
        elif indent >= width:
            text = _dedent(line, width)
            if fm := _FENCE.match(text):
                opened = fm.group(1)
                if not fence:
                    fence = opened
                elif opened[0] == fence[0] and len(opened) >= len(fence):
                    fence = "" if not text.strip().strip(fence[0]) else fence
            lines.append(text)
            kept, blank = stop, False
        elif not blank and not fence and not marker.match(line):
            if _BLOCK_START.match(line):
                break
            lines.append(line)  # a lazy line: it goes on with the paragraph above
            kept = stop
        else:
            break
        end = stop
    while lines and not lines[-1]:
        lines.pop()
    return lines, kept


def _term_tokens(paragraph: Token) -> list[Token]:
    """Each line of the term paragraph as a bold paragraph (several lines: several terms)."""
    terms = [line.strip() for line in str(paragraph["text"]).split("\n") if line.strip()]
    return [{"type": "paragraph", "text": f"**{term}**", "dl_part": True} for term in terms]


def definition_rule(
    name: str, markers: str, tab_stop: bool, after_any_block: bool = False
) -> Callable[[Markdown], None]:
    """A plugin for definitions opened by one of ``markers``; the continuation indented by four
    spaces when ``tab_stop``, else by the column of the definition's text. ``after_any_block``:
    a definition may follow a block that is no paragraph (a heading, an HTML comment, a list),
    with no term, as Python-Markdown reads it; elsewhere the line is text there."""
    chars = re.escape(markers)
    pattern = rf"^(?P<dl_lead>[ ]{{0,3}})[{chars}](?P<dl_gap>[ \t]+)(?P<dl_first>[^\n]*)(?:\n|$)"
    marker = re.compile(rf"^[ ]{{0,3}}[{chars}][ \t]")

    def parse(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
        tokens = state.tokens
        last = len(tokens) - 1
        if last >= 1 and tokens[last]["type"] == "blank_line":
            last -= 1  # a blank line may stand between a term and its definition
        prev = tokens[last] if last >= 0 else None
        if prev is None or prev["type"] == "blank_line":
            return None  # the first block: the line is text
        if prev.get("dl_part") is None and prev["type"] != "paragraph" and not after_any_block:
            return None  # no term before: the line is text
        if prev.get("dl_part") is None and prev["type"] == "paragraph":
            tokens[last:] = _term_tokens(prev)
        # else: a definition's own block before: another definition of the same term
        gap = _columns(m.group("dl_lead") + ":" + m.group("dl_gap"))
        column = len(m.group("dl_lead")) + 2 if gap - len(m.group("dl_lead")) > 5 else gap
        width = 4 if tab_stop else column
        rest, end = _body(state.src, m.end(), m.group("dl_first"), width, marker)
        text = "\n".join([m.group("dl_first"), *rest]) + "\n"
        for tok in parse_body(block, state, text):
            tok["dl_part"] = False  # a definition's: the next definition's term is not it
            state.append_token(tok)
        return max(end, m.end())

    def plugin(md: Markdown) -> None:
        register_block(md, name, pattern, parse, before="list")

    plugin.__name__ = name
    plugin.__doc__ = f"``Term`` then ``{markers[0]} definition`` ({name}): the term in bold."
    return plugin


goldmark_definitions = definition_rule("goldmark_definitions", ":", tab_stop=False)
"""Goldmark's (Hugo) and kramdown's (Jekyll): continuation at the text's column."""
python_markdown_definitions = definition_rule("def_list", ":", tab_stop=True, after_any_block=True)
"""Python-Markdown's ``def_list`` (MkDocs): continuation indented four spaces; after a block that
is no paragraph (Material's pages put ``<!-- md:option … -->`` before each), a definition with no
term: the block before stays what it is (its ``dt`` holds the comment, which shows nothing)."""
pandoc_definitions = definition_rule("pandoc_definitions", ":~", tab_stop=True)
"""pandoc's (Quarto): ``:`` or ``~``, continuation indented four spaces."""
