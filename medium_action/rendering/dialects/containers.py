"""What the dialects' block plugins share: registering a rule everywhere, and containers.

A framework's container (an admonition, a tab, a callout) is parsed by its own block rule; its
body is parsed as Markdown in place (:func:`parse_body`), so code inside keeps every byte. What
it becomes is made of mistune's own tokens, which the renderer already knows: a callout is a
``block_quote`` whose first paragraph is the bold label (:func:`callout_token`).
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
    "callout_token",
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


def label_paragraph(label: str, *, markdown: bool = False) -> Token:
    """A paragraph of the bold ``label`` (plain text escaped, unless it is Markdown)."""
    text = label if markdown else _MARKUP.sub(r"\\\1", label)
    return {"type": "paragraph", "text": "**" + text + "**"}


def callout_token(label: str | None, children: list[Token], *, markdown: bool = False) -> Token:
    """A callout: a block quote starting with the bold label (none when ``label`` is empty)."""
    head = [label_paragraph(label, markdown=markdown)] if label else []
    return {"type": "block_quote", "children": [*head, *children]}


def warn(state: BlockState | InlineState, needle: str, message: str) -> None:
    """A warning of the parse, placed later at the line of the source where ``needle`` is
    (``blocks.warn`` places one by its position in the state's source instead)."""
    state.env.setdefault("dialect_needle_warnings", []).append((needle, message))
