"""Code keeps its tabs: a code block's lines as the post has them, inside any container.

CommonMark reads a tab as spaces to the next multiple of four columns only where indentation
decides the structure; a code line keeps every character its containers (list items, block
quotes, components) and its fence's indentation do not consume, and only a tab consumed in part
becomes the spaces left of it (spec §2.2; commonmark.js and micromark, MDX's parser, do so).
mistune keeps the columns right by expanding tabs to spaces wherever a list item or a block
quote takes its indentation off, and keeps those spaces in the code inside: ``1. Step`` then
``   →return x`` (a tab) reached the reader as `` return x``, one space: code that no longer
runs, and code the reader copies is not the code the writer wrote.

So the structure is still read from mistune's expanded lines, and each code block's lines are
then taken again from the post's own lines (:func:`_keep_tabs`, when mistune makes the block):

- every state made for a container's content knows which line of its parent its first line is
  (:class:`TabState`: list items and block quotes through their rules here, components through
  :func:`contained`), so each of its lines leads to a line of the post, and the column where
  the state's content starts on it (:func:`_origin`);
- a code line is the post's line from that column on, less the fence's indentation (at most as
  many columns as the fence was indented; an indented block: four), by :func:`content_from`.

Nothing is trusted blindly: a line whose text after its indentation is not the one mistune read
keeps mistune's reading. A post without a tab is not touched (one check per parse).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mistune.core import BlockState

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.markdown import Markdown

__all__ = ["TabState", "columns", "contained", "content_from", "dedent", "keep_tabs", "tabs_kept"]

Token = dict[str, Any]

_ROOT = "_tabs_root"  # env: the post's own state when its text has a tab, else None
_PENDING = "_tabs_pending"  # state: how the next child state made from it lies in it
_ORIGIN = "_tabs_origin"  # state: how this state lies in its parent (an _Origin)
_LINES = "_tabs_lines"  # state: its lines and where each starts, made on first use
_SEEN = "_tabs_seen"  # env: ids of the code tokens already taken again
_FENCE = re.compile(r"( {0,3})(`{3,}|~{3,})")
_MARKER = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])")


def columns(text: str, start: int, upto: int) -> int:
    """The column reached after ``text[:upto]`` when ``text`` starts at column ``start``."""
    col = start
    for ch in text[:upto]:
        col = col + 4 - col % 4 if ch == "\t" else col + 1
    return col


def content_from(line: str, col: int) -> str:
    """``line`` (a whole line of the post) from column ``col`` on, as CommonMark reads what a
    container leaves of it: the characters from there, and a tab that spans ``col`` as the
    spaces of its columns after ``col``."""
    at = 0
    for i, ch in enumerate(line):
        if at == col:
            return line[i:]
        after = at + 4 - at % 4 if ch == "\t" else at + 1
        if after > col:
            return " " * (after - col) + line[i + 1 :]
        at = after
    return ""


def _indent_width(line: str, col: int) -> int:
    """How many columns of white space ``line`` has from column ``col``."""
    rest = content_from(line, col)
    lead = len(rest) - len(rest.lstrip(" \t"))
    return columns(rest, col, lead) - col


@dataclass(frozen=True)
class _Origin:
    """Where a child state's lines are in its parent's: its first line is the parent's line
    holding ``pos`` (or the one after: ``kind`` "list", an item whose marker line has no text),
    and so on line by line. How the column of each is found depends on ``kind``: "list" (the
    text after the item's indentation, which mistune gives as spaces), "quote" (after the ``>``
    and its optional space), "cut" (after ``cut`` characters of the parent's line, past
    ``pos`` on the first)."""

    parent: BlockState
    pos: int
    kind: str
    cut: int = 0


class _Items:
    """Where the items of a list being parsed start. mistune makes each item's state once its
    lines are read; it has read the next item's marker line by then, so the cursor stands at
    the end of that line."""

    def __init__(self, first: int) -> None:
        self.next = first

    def origin(self, parent: BlockState) -> _Origin:
        start = self.next
        self.next = parent.src.rfind("\n", 0, max(parent.cursor - 1, 0)) + 1
        return _Origin(parent, start, "list")


class _Quote:
    def __init__(self, start: int) -> None:
        self.start = start

    def origin(self, parent: BlockState) -> _Origin:
        return _Origin(parent, self.start, "quote")


class TabState(BlockState):
    """mistune's block state, knowing where its lines are in the post's (see the module doc)."""

    def process(self, src: str) -> None:
        super().process(src)
        if self.parent is None:
            self.env[_ROOT] = self if "\t" in src else None

    def child_state(self, src: str, *args: Any, **kwargs: Any) -> BlockState:
        child = super().child_state(src, *args, **kwargs)
        pending = self.__dict__.get(_PENDING)
        if pending is not None:
            child.__dict__[_ORIGIN] = pending.origin(self)
        return child

    def append_token(self, token: dict[str, Any]) -> None:
        super().append_token(token)
        if token.get("type") == "block_code" and self.env.get(_ROOT) is not None:
            keep_tabs(self, token)


def contained(child: BlockState, parent: BlockState, pos: int, cut: int) -> None:
    """``child`` holds ``parent.src`` from ``pos`` on, line by line, ``cut`` characters off the
    start of each (how :func:`..dialects.blocks.parse_children` makes a component's state)."""
    child.__dict__[_ORIGIN] = _Origin(parent, pos, "cut", cut)


def dedent(lines: list[str], cut: int) -> str:
    """``lines`` less their first ``cut`` characters (white space), blank ones emptied, and the
    tabs of the indentation left as the spaces to the column each reaches in the full line:
    mistune counts a state's columns from its start, so a tab cut loose from a 2-space indent
    would count four columns where the post gives it two. (Code is taken again from the post's
    lines, tabs and all: :func:`contained`.)"""
    out: list[str] = []
    for line in lines:
        if not line.strip():
            out.append("")
            continue
        body = line[cut:]
        prefix = _PREFIX.match(body)
        head = prefix.group(0) if prefix else ""
        if "\t" in head:
            out.append(_spaced(line, cut, len(head)) + body[len(head) :])
        else:
            out.append(body)
    return "\n".join(out)


# the part of a line whose columns decide the structure: its indentation, then list markers and
# block quote marks each with the white space after them (``-→Item``: the tab after the marker
# sets where the item's content starts, so it must keep the columns it has in the post)
_PREFIX = re.compile(r"[ \t]*(?:(?:[*+-]|\d{1,9}[.)]|>)[ \t]+)*")


def _spaced(line: str, cut: int, length: int) -> str:
    """``line[cut : cut + length]`` with each tab as the spaces to the column it reaches in the
    whole line (its markers kept)."""
    col = columns(line, 0, cut)
    out: list[str] = []
    for ch in line[cut : cut + length]:
        if ch == "\t":
            after = col + 4 - col % 4
            out.append(" " * (after - col))
            col = after
        else:
            out.append(ch)
            col += 1
    return "".join(out)


def _lines(state: BlockState) -> tuple[list[str], list[int]]:
    cached = state.__dict__.get(_LINES)
    if cached is None or cached[2] is not state.src:
        lines = state.src.split("\n")
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        cached = state.__dict__[_LINES] = (lines, starts, state.src)
    return cached[0], cached[1]


def _line_of(state: BlockState, pos: int) -> int:
    return bisect_right(_lines(state)[1], pos) - 1


def _first_line(origin: _Origin) -> int:
    """The parent's line that is the child's first."""
    line = _line_of(origin.parent, origin.pos)
    if origin.kind == "list":
        text = _lines(origin.parent)[0][line]
        marker = _MARKER.match(text)
        if marker is not None and not text[marker.end() :].strip():
            return line + 1  # mistune starts such an item's text on the next line
    return line


def _origin(state: BlockState, k: int) -> tuple[str, int] | None:
    """The post's line that is line ``k`` of ``state``, and the column where ``state``'s
    content starts on it; None where that is not known for sure. Columns are counted on the
    post's own lines (mistune's, in lines it expanded, are not always CommonMark's)."""
    root = state.env.get(_ROOT)
    lines = _lines(state)[0]
    if k >= len(lines):
        return None
    if state is root:
        return lines[k], 0
    origin: _Origin | None = state.__dict__.get(_ORIGIN)
    if origin is None:
        return None
    first = _first_line(origin)
    up = _origin(origin.parent, first + k)
    if up is None:
        return None
    post_line, col = up
    own = lines[k]
    prefix = _PREFIX.match(own)
    rest = own[prefix.end() :] if prefix and "\t" in post_line else own.lstrip(" \t")
    if rest and not post_line.endswith(rest):  # (a marker's tab may be spaces here: dedent)
        return None  # not the line mistune read: leave it as mistune read it
    found: int | None
    if origin.kind == "cut":
        parent_line = _lines(origin.parent)[0][first + k]
        skip = (origin.pos - _lines(origin.parent)[1][first] if k == 0 else 0) + origin.cut
        found = columns(parent_line, col, skip)
    elif origin.kind == "quote":
        found = _after_quote_marker(post_line, col)
    else:
        width = _item_width(state, origin)
        found = None if width is None else col + width
    if found is None or (rest and columns(post_line, 0, len(post_line) - len(rest)) < found):
        return None  # mistune put the line where CommonMark would not: its reading stays
    return post_line, found


def _item_width(state: BlockState, origin: _Origin) -> int | None:
    """How many columns a list item's content is indented by (CommonMark's rule: the marker,
    and the white space after it when it is 1 to 4 columns, else 1), read on its marker line."""
    cached = state.__dict__.get("_tabs_item_width", False)
    if cached is not False:
        return cached  # type: ignore[no-any-return]
    width = None
    marker_line = _line_of(origin.parent, origin.pos)
    up = _origin(origin.parent, marker_line)
    if up is not None:
        post_line, col = up
        rest = content_from(post_line, col)
        marker = _MARKER.match(rest)
        if marker is not None:
            start = columns(rest, col, marker.end())
            after = _indent_width(post_line, start)
            blank = not content_from(post_line, start).strip()
            width = start - col + (1 if blank or after >= 5 else after)
    state.__dict__["_tabs_item_width"] = width
    return width


def _after_quote_marker(line: str, col: int) -> int | None:
    """The column after a block quote's ``>`` (and the space or tab column after it)."""
    rest = content_from(line, col)
    lead = len(rest) - len(rest.lstrip(" \t"))
    marker = columns(rest, col, lead)
    if marker - col > 3 or rest[lead : lead + 1] != ">":
        return None  # a lazy line: paragraph text, never code
    after = marker + 1
    return after + 1 if rest[lead + 1 : lead + 2] in (" ", "\t") else after


def keep_tabs(state: BlockState, token: Token) -> None:
    """A code block mistune has just made in ``state`` (its cursor on the block's first line),
    its lines taken again from the post's own (see the module doc)."""
    seen: set[int] = state.env.setdefault(_SEEN, set())
    if id(token) in seen:
        return  # made in a child state, now handed up by a container
    seen.add(id(token))
    lines, _ = _lines(state)
    first = _line_of(state, state.cursor)
    if token.get("style") == "fenced":
        fence = _FENCE.match(lines[first])
        if fence is None or fence.group(2) != token.get("marker"):
            return
        opener = _origin(state, first)
        strip = -1 if opener is None else _indent_width(*opener)
        if not 0 <= strip <= 3:
            return  # CommonMark reads no fence there: mistune's columns were not its own
        first += 1
    elif token.get("style") == "indent":
        strip = 4
    else:
        return
    raw: str = token["raw"]
    code = raw.split("\n")
    ends_in_newline = raw.endswith("\n")
    if ends_in_newline:
        code.pop()
    kept: list[str] = []
    for k, text in enumerate(code):
        origin = _origin(state, first + k)
        if origin is None or "\t" not in origin[0]:
            kept.append(text)
            continue
        post_line, col = origin
        line = content_from(post_line, col + min(strip, _indent_width(post_line, col)))
        kept.append(line if line.lstrip(" \t") == text.lstrip(" \t") else text)
    if kept != code:
        token["raw"] = "\n".join(kept) + ("\n" if ends_in_newline else "")


Rule = Callable[["BlockParser", re.Match[str], BlockState], int]


def _telling_where(parse: Rule, pending: Callable[[int], _Items | _Quote]) -> Rule:
    """mistune's rule ``parse``, telling the states it makes where they start (``pending``
    of the block's first position) while it runs."""

    def rule(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
        if state.env.get(_ROOT) is None:
            return parse(block, m, state)
        saved = state.__dict__.get(_PENDING)
        state.__dict__[_PENDING] = pending(m.start())
        try:
            return parse(block, m, state)
        finally:
            state.__dict__[_PENDING] = saved

    return rule


def tabs_kept(md: Markdown) -> None:
    """The plugin: states that know their lines, and the list and quote rules that say where."""
    md.block.state_cls = TabState
    list_rule = _telling_where(lambda block, m, state: block.parse_list(m, state), _Items)
    quote_rule = _telling_where(lambda block, m, state: block.parse_block_quote(m, state), _Quote)
    md.block.register("list", None, list_rule)
    md.block.register("block_quote", None, quote_rule)
