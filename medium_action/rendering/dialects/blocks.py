"""What the dialects' block plugins share: where a block closes, its children, warnings.

A framework block (an MDX component ``<Tabs>…</Tabs>``, a ``:::note`` … ``:::`` container)
opens on one line and closes on a later one, with Markdown between. mistune's rules see one
line at a time; finding the close by scanning on from every opener is quadratic when openers are
never closed (a 300 KB post of unclosed ``:::`` kept a run busy for minutes). So, as markdown-it's
container plugins do in one pass over the lines, each kind of block is paired once per parse
state by :func:`pair_table`: a single pass over the state's lines with a stack, fenced code
skipped, giving each opener's close (or none). A rule then only looks its opener up.

The children between are parsed as Markdown in place (:func:`parse_children`): a child state of
mistune's own, whose text is the lines between, only their common leading whitespace removed (MDX
reads indentation inside components as layout, not as code). Nothing inside a fenced code block
is changed: a fence indented with the children keeps every byte of its code, because CommonMark
strips from each code line only as much as the fence itself was indented.

Work is counted in ``state.env["dialect_steps"]`` (lines scanned) so tests can assert that it
grows linearly with the input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState

__all__ = [
    "MAX_DEPTH",
    "Pair",
    "add_steps",
    "block_line",
    "callout_tokens",
    "common_indent",
    "line_at",
    "pair_table",
    "parse_children",
    "warn",
]

Token = dict[str, Any]

MAX_DEPTH = 32
"""Blocks nested deeper than this are not opened (their lines stay text): bounds the work."""
MAX_WARNINGS = 100

_FENCE = re.compile(r"[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)")


@dataclass(frozen=True)
class Pair:
    """An opener's close: ``start``..``end`` of the closing line (``start == end == len(src)``
    when the block runs to the end of its container)."""

    start: int
    end: int


Opener = Callable[[str], "tuple[str, int] | None"]
"""Reads a line (newline excluded): (key, weight) if it opens a block, else None."""
Closer = Callable[[str], "tuple[str, int] | None"]
"""Reads a line: (key, weight) if it closes a block, else None."""
Matches = Callable[[tuple[str, int], tuple[str, int]], bool]
"""Whether a closer (second) closes the innermost open block (first)."""


def add_steps(state: BlockState, n: int) -> None:
    env = state.env
    env["dialect_steps"] = env.get("dialect_steps", 0) + n


def pair_table(
    state: BlockState,
    kind: str,
    opener: Opener,
    closer: Closer,
    matches: Matches,
    *,
    unclosed_runs_to_end: bool,
    skip_lines: Callable[[str, int], int] | None = None,
) -> dict[int, Pair | None]:
    """Each opening line's start → its close, for blocks of ``kind`` in ``state.src``.

    Computed once per state (kept on it): one pass over its lines with a stack. A closer closes
    the innermost open block when ``matches`` says so; blocks left open inside it are unclosed.
    An unclosed block runs to the end when ``unclosed_runs_to_end``, else has no pair (None).
    ``skip_lines(src, pos)`` may say where an opener's line really ends (a tag over lines)."""
    cache: dict[str, dict[int, Pair | None]] = state.__dict__.setdefault("_dialect_pairs", {})
    if kind in cache:
        return cache[kind]
    src = state.src
    table: dict[int, Pair | None] = {}
    stack: list[tuple[tuple[str, int], int]] = []
    fence: str | None = None
    pos = 0
    n = len(src)
    steps = 0
    while pos < n:
        steps += 1
        end = src.find("\n", pos)
        if end < 0:
            end = n
        line = src[pos:end]
        fm = _FENCE.fullmatch(line)
        if fence is not None:
            marker = fm.group("fence") if fm else ""
            if (
                marker[:1] == fence[0]
                and len(marker) >= len(fence)
                and fm
                and not fm["info"].strip()
            ):
                fence = None
        elif fm and not (fm.group("fence")[0] == "`" and "`" in fm.group("info")):
            fence = fm.group("fence")
        else:
            closed = closer(line)
            if closed is not None:
                while stack:
                    top, start = stack[-1]
                    if matches(top, closed):
                        stack.pop()
                        table[start] = Pair(pos, end)
                        break
                    if not any(matches(s[0], closed) for s in stack):
                        break  # a stray closer: it closes nothing
                    stack.pop()
                    table[start] = None
            else:
                opened = opener(line)
                if opened is not None:
                    stack.append((opened, pos))
                    if skip_lines is not None:
                        end = max(end, skip_lines(src, pos))
        pos = end + 1
    for _, start in stack:
        table[start] = Pair(n, n) if unclosed_runs_to_end else None
    add_steps(state, steps)
    cache[kind] = table
    return table


def common_indent(lines: list[str]) -> str:
    """The leading whitespace every non-blank line shares (as written: tabs stay tabs)."""
    prefix: str | None = None
    for line in lines:
        if not line.strip():
            continue
        lead = line[: len(line) - len(line.lstrip(" \t"))]
        if prefix is None:
            prefix = lead
        else:
            i = 0
            while i < len(prefix) and i < len(lead) and prefix[i] == lead[i]:
                i += 1
            prefix = prefix[:i]
        if not prefix:
            return ""
    return prefix or ""


def parse_children(
    block: BlockParser, state: BlockState, text: str, first_line: int
) -> list[Token]:
    """``text`` (the lines inside a block) parsed as Markdown in a child state of ``state``.

    The lines' common leading whitespace is removed, nothing else (see the module's doc).
    ``first_line`` is the 0-based line of ``text`` in ``state.src``, for warnings inside."""
    lines = text.split("\n")
    cut = len(common_indent(lines))
    if cut:
        lines = [line[cut:] if line.strip() else "" for line in lines]
    body = "\n".join(lines)
    if not body.endswith("\n"):
        body += "\n"
    child = state.child_state(body)
    child.__dict__["_dialect_line_base"] = block_line(state) + first_line
    block.parse(child)
    return list(child.tokens)


def block_line(state: BlockState) -> int:
    """The 0-based line of ``state.src``'s start in the post (known for the states made here)."""
    base = 0
    current: BlockState | None = state
    while current is not None:
        base += current.__dict__.get("_dialect_line_base", 0)
        current = current.parent
    return base


def line_at(state: BlockState, pos: int) -> int:
    """The 1-based line of ``pos`` in ``state.src``, in the post (for warnings; bounded use)."""
    return block_line(state) + state.src.count("\n", 0, pos) + 1


def warn(state: BlockState, pos: int, message: str) -> None:
    """Tell the writer about the block at ``pos`` (kept in ``env``, read by ``parse_post``)."""
    found: list[tuple[int, str]] = state.env.setdefault("dialect_warnings", [])
    if len(found) < MAX_WARNINGS:
        found.append((line_at(state, pos), message))


def callout_tokens(label: list[Token] | str, children: list[Token]) -> Token:
    """A callout: a block quote whose first paragraph is the bold label, then the children.

    ``label`` is Markdown to parse inline (a title may hold links) or ready inline tokens."""
    strong: Token = (
        {"type": "strong", "text": label}
        if isinstance(label, str)
        else {"type": "strong", "children": label}
    )
    head: Token = {"type": "paragraph", "children": [strong]}
    return {"type": "block_quote", "children": [head, *children]}
