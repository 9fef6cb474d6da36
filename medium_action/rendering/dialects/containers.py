"""What the dialects' containers share: registering a rule everywhere, where a block closes,
and what a callout becomes.

A framework's container (an admonition, a tab, a callout, an aside) is parsed by its own block
rule; its body is parsed as Markdown in place (:func:`parse_body`, or
:func:`.blocks.parse_children` for blocks paired in one pass), so code inside keeps every byte.
What it becomes is made of mistune's own tokens, which the renderers already know: a callout of
any dialect (GitHub alerts, Obsidian callouts, MkDocs admonitions, Quarto callouts, ``:::``
containers, MDX's ``<Note>``/``<Aside>``) is a ``block_quote`` whose first paragraph is the bold
label (:func:`callout_token`); a tab's label is that paragraph alone (:func:`label_paragraph`).
Blocks that close on a line of their own (MkDocs ``///``, Quarto ``:::``) find it with
:func:`closing_line`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState, InlineState
    from mistune.markdown import Markdown

__all__ = [
    "Label",
    "callout_token",
    "closing_line",
    "indented_body",
    "label_paragraph",
    "parse_body",
    "register_block",
    "warn",
]

Token = dict[str, Any]
BlockFunc = Callable[["BlockParser", re.Match[str], "BlockState"], int | None]

_MARKUP = re.compile(r"([\\`*_\[\]<>])")


def register_block(md: Markdown, name: str, pattern: str, func: BlockFunc, before: str) -> None:
    """``md.block.register``, and the rule also inside block quotes and list items."""
    md.block.register(name, pattern, func, before=before)
    for rules in (md.block.block_quote_rules, md.block.list_rules):
        if name not in rules:
            md.block.insert_rule(rules, name, before=before)


def parse_body(block: BlockParser, state: BlockState, text: str) -> list[Token]:
    """``text`` parsed as the Markdown of a container inside ``state``: its block tokens."""
    child = state.child_state(text if text.endswith("\n") else text + "\n")
    rules = block.rules
    if state.depth() >= block.max_nested_level - 1:
        rules = [r for r in rules if r not in ("block_quote", "list")]
    block.parse(child, rules)
    return list(child.tokens)


def indented_body(src: str, pos: int, indent: int = 4) -> tuple[str, int]:
    """The lines from ``pos`` that are blank or indented by ``indent`` spaces (tabs count 4),
    dedented, without the blank lines that end them; and where they end."""
    lines: list[str] = []
    end = pos
    kept_end = pos
    while end < len(src):
        nl = src.find("\n", end)
        stop = len(src) if nl < 0 else nl + 1
        line = src[end:stop].rstrip("\n").expandtabs(4)
        if line.strip() and not line.startswith(" " * indent):
            break
        lines.append(line[indent:] if line.strip() else "")
        end = stop
        if line.strip():
            kept_end = stop
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n", kept_end


Label = str | list[Token]
"""A callout's or tab's label: text, or inline tokens ready (a title the rule parsed itself)."""


_CODE_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")

LineKind = Callable[[str], "str | None"]
"""What a line is to a block that closes on a line of its own: "open" (a nested block of its
kind), "close", or None (content)."""


def closing_line(src: str, pos: int, kind: LineKind) -> tuple[int, int] | None:
    """(where the body ends, where its closing line ends) of a block whose body starts at
    ``pos``: the first line ``kind`` calls "close" that no nested "open" takes, fenced code
    skipped; None when it never closes (its opening line is then text, as the site shows it).
    MkDocs' ``///`` blocks and Quarto's ``:::`` divs close so."""
    depth = 0
    fence: str | None = None
    while pos < len(src):
        nl = src.find("\n", pos)
        stop = len(src) if nl < 0 else nl + 1
        line = src[pos:stop]
        fm = _CODE_FENCE.match(line)
        if fence is not None:
            if fm and fm.group(1).startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
        elif fm:
            fence = fm.group(1)
        else:
            what = kind(line)
            if what == "close":
                if depth == 0:
                    return pos, stop
                depth -= 1
            elif what == "open":
                depth += 1
        pos = stop
    return None


def label_paragraph(label: Label, *, markdown: bool = False) -> Token:
    """A paragraph of the bold ``label``: plain text (escaped), Markdown parsed inline later
    (``markdown=True``: a title may hold a link), or inline tokens."""
    if isinstance(label, list):
        return {"type": "paragraph", "children": [{"type": "strong", "children": label}]}
    text = label if markdown else _MARKUP.sub(r"\\\1", label)
    return {"type": "paragraph", "children": [{"type": "strong", "text": text}]}


def callout_token(label: Label | None, children: list[Token], *, markdown: bool = False) -> Token:
    """A callout: a block quote starting with the bold label (none when ``label`` is empty),
    then the children. Every dialect's callouts, admonitions and asides are this token."""
    head = [label_paragraph(label, markdown=markdown)] if label else []
    return {"type": "block_quote", "children": [*head, *children]}


def warn(state: BlockState | InlineState, needle: str, message: str) -> None:
    """A warning of the parse, placed later at the line of the source where ``needle`` is
    (``blocks.warn`` places one by its position in the state's source instead)."""
    state.env.setdefault("dialect_needle_warnings", []).append((needle, message))
