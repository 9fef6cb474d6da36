"""Emphasis (``*``, ``_``, ``**``…) resolved in linear time, with mistune's own results.

mistune 3 pairs delimiter runs after the inline scan (module ``mistune._inline.emphasis``, the
CommonMark "process emphasis" algorithm) and stops nesting at ``max_nested_level`` (20): past it
the markers stay text. Two things in that loop cost time in proportion to the whole paragraph for
every closer, so that emphasis nested thousands deep (``*a *a … x … a* a*``, in a link, a list
item, a quote, a strikethrough) took seconds per thousand levels:

- the search for an opener walks back over every delimiter, the ones already used up and the
  closers that can never open included;
- a closer refused for depth is refused after the children between it and its opener are sliced
  and walked again (``token_depth``), for each of the thousands of closers that follow.

:func:`linear_emphasis` replaces the parser's ``finalize_tokens`` with the same algorithm and
three changes that keep every result: the backward search skips delimiters that can no longer
open (a union-find over positions: a delimiter that stops being an opener never becomes one
again); the depth of a token is computed once; and a pair refused for depth refuses every pair
that encloses it (the deep token stays between them, wrapped or not), without looking again.
Past the limit text stays text, as in mistune, and the post gets a warning at the paragraph.

Only mistune's module-level helpers are used; when a mistune release no longer has them, the
plugin leaves mistune's own method in place (same results, mistune's speed).
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mistune.core import InlineState
    from mistune.markdown import Markdown

__all__ = ["TOO_DEEP", "linear_emphasis"]

Token = dict[str, Any]

TOO_DEEP = (
    "emphasis nested more than {depth} levels deep: the markers past that depth are left as "
    "text (*, _ shown as written)"
)

_refused: ContextVar[list[bool] | None] = ContextVar("medium_emphasis_refused", default=None)


def linear_emphasis(md: Markdown) -> None:
    """mistune plugin: emphasis pairing in linear time, same tokens (see the module's text)."""
    try:
        from mistune._inline import emphasis as mistune_emphasis
    except ImportError:  # pragma: no cover - another mistune layout: keep mistune's own
        return
    needed = (
        "_DelimiterIndex",
        "_coalesce_emphasis_text",
        "_contains_emphasis_marker",
        "_clean_emphasis_token",
        "_emphasis_source_text",
        "_emphasis_source_length",
        "_split_text_token",
        "_process_dense_emphasis",
        "_merge_text_tokens",
        "_get_emphasis_use_length",
        "_has_emphasis_content",
        "_can_match_emphasis_delimiters",
        "_apply_emphasis_match",
    )
    if not all(hasattr(mistune_emphasis, name) for name in needed):  # pragma: no cover
        return
    inline = md.inline
    parse = inline.parse

    def finalize_tokens(tokens: list[Token], depth: int) -> list[Token]:
        remaining = inline.max_nested_level - depth
        enabled = "emphasis" in inline.rules and remaining > 0
        return _finalize(mistune_emphasis, tokens, enabled, remaining)

    def parse_and_warn(state: InlineState) -> list[Token]:
        refused: list[bool] = []
        reset = _refused.set(refused)
        try:
            tokens = parse(state)
        finally:
            _refused.reset(reset)
        if refused:
            first_line = state.src.lstrip().split("\n", 1)[0][:60]
            message = TOO_DEEP.format(depth=inline.max_nested_level)
            state.env.setdefault("dialect_needle_warnings", []).append((first_line, message))
        return tokens

    inline.finalize_tokens = finalize_tokens  # type: ignore[method-assign]
    inline.parse = parse_and_warn  # type: ignore[method-assign]


def _finalize(me: Any, tokens: list[Token], enabled: bool, max_depth: int) -> list[Token]:
    """mistune's ``finalize_emphasis_tokens``, with :func:`_pair` for its delimiter loop."""
    if len(tokens) > 1:
        tokens = me._coalesce_emphasis_text(tokens)
    if not enabled or not me._contains_emphasis_marker(tokens):
        return [me._clean_emphasis_token(token) for token in tokens]
    parts: list[Token] = []
    delimiters: list[Any] = []
    source = me._emphasis_source_text(tokens)
    source_pos = 0
    for token in tokens:
        if token["type"] == "text" and token.get("_emphasis", True):
            me._split_text_token(token, source, source_pos, parts, delimiters)
        else:
            parts.append(me._clean_emphasis_token(token))
        source_pos += me._emphasis_source_length(token)
    if not me._process_dense_emphasis(parts, delimiters):
        _pair(me, parts, delimiters, max_depth)
    return list(me._merge_text_tokens(parts))


class _Openers:
    """The delimiters that may still open, found backwards in near-constant time.

    ``find(i)`` is the highest position ≤ ``i`` whose delimiter may still open (−1: none).
    A position is dropped once (:meth:`drop`) and never comes back, so a union-find with path
    compression over "the next candidate below" serves every search."""

    def __init__(self, delimiters: list[Any]) -> None:
        # slot k stands for position k - 1; slot 0 is the "none" sentinel
        self._below = list(range(len(delimiters) + 1))
        for pos, delimiter in enumerate(delimiters):
            if not (delimiter.can_open and delimiter.length > 0):
                self._below[pos + 1] = pos

    def find(self, pos: int) -> int:
        below = self._below
        root = pos + 1
        while below[root] != root:
            root = below[root]
        slot = pos + 1
        while below[slot] != root:
            below[slot], slot = root, below[slot]
        return root - 1

    def drop(self, pos: int) -> None:
        self._below[pos + 1] = pos

    def drop_range(self, start: int, end: int) -> None:
        """Drop every position in ``[start, end)``."""
        pos = self.find(end - 1)
        while pos >= start:
            self.drop(pos)
            pos = self.find(pos - 1)


def _pair(me: Any, parts: list[Token], delimiters: list[Any], max_depth: int) -> None:
    """mistune's ``_process_emphasis_delimiters``: same pairs, found in linear time."""
    index_map = me._DelimiterIndex(delimiters, len(parts))
    openers = _Openers(delimiters)
    depths: dict[int, int] = {}
    too_deep: tuple[int, int] | None = None  # (opener, closer) positions refused for depth
    closer_pos = 0
    openers_bottom: dict[tuple[str, int, bool], int] = {}
    while closer_pos < len(delimiters):
        closer = delimiters[closer_pos]
        if not closer.can_close or closer.length == 0:
            closer_pos += 1
            continue
        opener_key = (closer.marker, closer.length % 3, closer.can_open)
        opener_bottom = openers_bottom.get(opener_key, 0)
        opener_pos = openers.find(closer_pos - 1)
        while opener_pos >= opener_bottom:
            opener = delimiters[opener_pos]
            if opener.marker == closer.marker and me._can_match_emphasis_delimiters(opener, closer):
                break
            opener_pos = openers.find(opener_pos - 1)
        else:
            openers_bottom[opener_key] = closer_pos
            closer_pos += 1
            continue
        if too_deep is not None and opener_pos <= too_deep[0] and closer_pos >= too_deep[1]:
            closer_pos += 1  # encloses a pair refused for depth: refused too
            continue
        opener_index = index_map.current(opener)
        closer_index = index_map.current(closer)
        use_length = me._get_emphasis_use_length(parts, opener, closer, opener_index, closer_index)
        children = _children(me, parts, opener_index, closer_index, max_depth, depths)
        if children is None:
            too_deep = (opener_pos, closer_pos)
            refused = _refused.get()
            if refused is not None and not refused:
                refused.append(True)
        if use_length is None or not children:
            closer_pos += 1
            continue
        me._apply_emphasis_match(
            parts,
            delimiters,
            index_map,
            opener,
            closer,
            opener_pos,
            closer_pos,
            opener_index,
            closer_index,
            use_length,
            children,
        )
        if closer_index - opener_index - 2:  # as mistune: those between are used up only then
            openers.drop_range(opener_pos + 1, closer_pos)
        if not (opener.can_open and opener.length > 0):
            openers.drop(opener_pos)
        if not (closer.can_open and closer.length > 0):
            openers.drop(closer_pos)
        if opener.can_open or closer.can_close:
            closer_pos = max(opener_pos, openers_bottom.get(opener_key, 0))
        else:
            closer_pos += 1


def _children(
    me: Any,
    parts: list[Token],
    opener_index: int,
    closer_index: int,
    max_depth: int,
    depths: dict[int, int],
) -> list[Token] | None:
    """The tokens between a pair; ``[]`` when it cannot pair (nothing between, or an end that
    is no text); None when they are nested ``max_depth`` deep already."""
    if not me._has_emphasis_content(parts, opener_index + 1, closer_index):
        return []
    if parts[opener_index]["type"] != "text" or parts[closer_index]["type"] != "text":
        return []
    children = parts[opener_index + 1 : closer_index]
    if max_depth > 0:
        # text and other leaves are depth 0: only containers are looked up (most pairs hold
        # nothing but text, and a generator over each of them was a tenth of the inline parse)
        deepest = 0
        for tok in children:
            if "children" in tok:
                depth = _depth(tok, depths)
                if depth > deepest:
                    deepest = depth
        if deepest >= max_depth:
            return None
    return children


def _depth(token: Token, depths: dict[int, int]) -> int:
    """mistune's ``token_depth`` of one token, remembered (a token's children never change)."""
    key = id(token)
    known = depths.get(key)
    if known is not None:
        return known
    stack: list[tuple[Token, bool]] = [(token, False)]
    while stack:  # post-order without recursion: children first, then their parent
        tok, expanded = stack.pop()
        if id(tok) in depths:
            continue
        kids = tok.get("children") if "children" in tok else None
        if kids is None:
            depths[id(tok)] = 0
        elif expanded:
            depths[id(tok)] = 1 + max((depths[id(k)] for k in kids), default=0)
        else:
            stack.append((tok, True))
            stack.extend((k, False) for k in kids if id(k) not in depths)
    return depths[key]
