"""What the dialects' block plugins share: where a block closes, its children, warnings.

A framework block (an MDX component ``<Tabs>…</Tabs>``, a ``:::note`` … ``:::`` container)
opens on one line and closes on a later one, with Markdown between. mistune's rules see one
line at a time; finding the close by scanning on from every opener is quadratic when openers are
never closed (a 300 KB post of unclosed ``:::`` kept a run busy for minutes). So, as markdown-it's
container plugins do in one pass over the lines, each kind of block is paired once per parse
by :func:`find_pair`: a single pass over the state's lines with a stack, fenced code
skipped, giving each opener's close (or none). A rule then only looks its opener up.

The children between are parsed as Markdown in place (:func:`parse_children`): a child state of
mistune's own, whose text is the lines between, only their common leading whitespace removed (MDX
reads indentation inside components as layout, not as code). Nothing inside a fenced code block
is changed: a fence indented with the children keeps every byte of its code, because CommonMark
strips from each code line only as much as the fence itself was indented, and the child state
knows where its lines are in the post's (:mod:`..syntax.tabs`), so code keeps its tabs however
the containers around it are indented.

Work is counted in ``state.env["dialect_steps"]`` (lines scanned) so tests can assert that it
grows linearly with the input.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from medium_action.rendering.syntax.tabs import contained, dedent

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState
    from mistune.markdown import Markdown

__all__ = [
    "MAX_DEPTH",
    "Kind",
    "Pair",
    "add_steps",
    "common_indent",
    "find_pair",
    "line_at",
    "liquid_raw_in_code",
    "parse_children",
    "warn",
]

Token = dict[str, Any]

MAX_DEPTH = 32
"""Blocks nested deeper than this are not opened (their opening lines are dropped, their content
read where it is): bounds the work."""
MAX_WARNINGS = 100

_FENCE = re.compile(r"[ \t]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)")


@dataclass(frozen=True)
class Pair:
    """An opener's close: ``start``..``end`` of the closing line (``start == end == len(src)``
    when the block runs to the end of its container)."""

    start: int
    end: int


Reader = Callable[[str], "tuple[str, int] | None"]
"""Reads a line (newline excluded): (name, colons) if it opens (or closes) a block, else None."""


@dataclass(frozen=True)
class Kind:
    """A kind of paired block: how its lines open and close, and how closes find openers."""

    name: str
    opener: Reader
    closer: Reader
    by_name: bool
    """True: a closer closes the open block of its name (``</Tabs>``); False: the innermost
    open block with no more colons than it has (``:::``)."""
    unclosed_runs_to_end: bool
    """An opener never closed runs to the end of its container (else it has no pair)."""
    skip_lines: Callable[[BlockState, str, int], int] | None = None
    """Where an opener's line really ends (a tag over several lines), given its start."""


def add_steps(state: BlockState, n: int) -> None:
    env = state.env
    env["dialect_steps"] = env.get("dialect_steps", 0) + n


def find_pair(state: BlockState, kind: Kind, pos: int) -> Pair | None:
    """The close of the block of ``kind`` opening at ``pos`` (a line start) in ``state.src``.

    A state made by :func:`parse_children` from lines kept as they were (no indentation removed)
    asks its parent, whose pass already paired everything inside; any other state is paired by
    one pass of its own (:func:`_pair_table`), once."""
    inherited = state.__dict__.get("_dialect_inherit")
    if inherited is not None:
        parent, offset, limit = inherited
        pair = find_pair(parent, kind, pos + offset)
        add_steps(state, 1)
        size = len(state.src)
        if pair is None:
            return None
        if pair.start - offset >= limit or pair.start >= len(parent.src):
            return Pair(size, size) if kind.unclosed_runs_to_end else None
        return Pair(pair.start - offset, pair.end - offset)
    cache: dict[str, dict[int, Pair | None]] = state.__dict__.setdefault("_dialect_pairs", {})
    table = cache.get(kind.name)
    if table is None:
        table = cache[kind.name] = _pair_table(state, kind)
    return table.get(pos)


def _pair_table(state: BlockState, kind: Kind) -> dict[int, Pair | None]:
    """Each opening line's start → its close: one pass over the lines with a stack, fenced code
    skipped. A closer that closes no open block (checked in constant time: a count per name, or
    the least colons open) closes nothing; blocks left open inside the one it closes are
    unclosed."""
    src = state.src
    table: dict[int, Pair | None] = {}
    stack: list[tuple[tuple[str, int], int]] = []
    open_names: dict[str, int] = {}
    least: list[int] = []  # least colons among the blocks open, per stack depth
    fence: str | None = None
    pos = 0
    n = len(src)
    steps = 0

    def pop() -> int:
        (name, _), start = stack.pop()
        least.pop()
        open_names[name] -= 1
        return start

    while pos < n:
        steps += 1
        end = src.find("\n", pos)
        if end < 0:
            end = n
        line = src[pos:end]
        fm = _FENCE.fullmatch(line)
        if fence is not None:
            marker = fm.group("fence") if fm else ""
            closes = marker[:1] == fence[0] and len(marker) >= len(fence)
            if closes and fm and not fm["info"].strip():
                fence = None
        elif fm and not (fm.group("fence")[0] == "`" and "`" in fm.group("info")):
            fence = fm.group("fence")
        else:
            closed = kind.closer(line)
            if closed is not None:
                name, colons = closed
                if open_names.get(name, 0) if kind.by_name else (least and least[-1] <= colons):
                    while stack:
                        (top, weight), _ = stack[-1]
                        if (top == name) if kind.by_name else (weight <= colons):
                            table[pop()] = Pair(pos, end)
                            break
                        table[pop()] = None
            else:
                opened = kind.opener(line)
                if opened is not None:
                    stack.append((opened, pos))
                    least.append(min(opened[1], least[-1]) if least else opened[1])
                    open_names[opened[0]] = open_names.get(opened[0], 0) + 1
                    if kind.skip_lines is not None:
                        end = max(end, kind.skip_lines(state, src, pos))
        pos = end + 1
    for _, start in stack:
        table[start] = Pair(n, n) if kind.unclosed_runs_to_end else None
    add_steps(state, steps)
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
    block: BlockParser, state: BlockState, start: int, end: int, *, indented_code: bool = True
) -> list[Token]:
    """``state.src[start:end]`` (the lines inside a block) parsed as Markdown in a child state.

    The lines' common leading whitespace is removed, nothing else (see the module's doc).
    ``indented_code=False`` reads them as MDX does: indentation is layout, never code."""
    text = state.src[start:end]
    lines = text.split("\n")
    cut = len(common_indent(lines))
    add_steps(state, 1 + len(text) // 4096)
    if cut:
        text = dedent(lines, cut)
    if not text.endswith("\n"):
        text += "\n"
    child = state.child_state(text)
    contained(child, state, start, cut)
    child.__dict__["_dialect_origin"] = (state, start)
    if not cut:
        child.__dict__["_dialect_inherit"] = (state, start, end - start)
    block.parse(child, None if indented_code else [r for r in block.rules if r != "indent_code"])
    return list(child.tokens)


def line_at(state: BlockState, pos: int) -> int:
    """The 1-based line of ``pos`` in ``state.src``, in the post (for warnings: bounded use)."""
    line = state.src.count("\n", 0, pos) + 1
    origin = state.__dict__.get("_dialect_origin")
    if origin is not None:
        parent, start = origin
        return line_at(parent, start) + line - 1
    return line


def warn(state: BlockState, pos: int, message: str) -> None:
    """Tell the writer about the block at ``pos`` (kept in ``env``, read by ``parse_post``)."""
    found: list[tuple[int, str]] = state.env.setdefault("dialect_warnings", [])
    if len(found) < MAX_WARNINGS:
        found.append((line_at(state, pos), message))


_RAW_TAG = re.compile(r"\{%-?\s*(?:end)?raw\s*-?%\}")


def liquid_raw_in_code(md: Markdown) -> None:
    """``{% raw %}``/``{% endraw %}`` inside code: Liquid reads the whole file before Markdown
    does, so the site shows the code without them (the text between stays as written)."""

    def hook(md: Markdown, state: BlockState) -> None:
        stack = list(state.tokens)
        while stack:
            tok = stack.pop()
            if tok["type"] == "block_code" and "raw" in tok["raw"]:
                tok["raw"] = _RAW_TAG.sub("", tok["raw"])
            children = tok.get("children")
            if isinstance(children, list):
                stack.extend(c for c in children if isinstance(c, dict))
            elif "text" in tok and "{%" in str(tok["text"]) and "`" in str(tok["text"]):
                tok["text"] = _RAW_IN_SPAN.sub(lambda m: _RAW_TAG.sub("", m.group(0)), tok["text"])

    md.before_render_hooks.append(hook)


_RAW_IN_SPAN = re.compile(r"(`+)(?:(?!\1)[\s\S]){0,4000}?\1")
