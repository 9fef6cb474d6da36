"""mistune's block and inline parsers with two searches made cheaper; the tokens are the same.

Both are measured costs of a dry run (issue 22), and both keep mistune's own rules and methods:

- **Block rules** are one alternation of named groups, each anchored at a line start (``^`` in
  multiline mode). Python's ``re`` cannot see that, and tries every alternative at every
  character of a paragraph when mistune searches for the next block. With one ``^`` hoisted in
  front (``^(?:…)``) it tries them at line starts only: about ten times faster, the same
  matches. Done only when every alternative is anchored (checked on the parsed pattern), so a
  plugin's rule that is not still gets mistune's own search.
- **Inline text** is skipped up to the next character a rule can start with (mistune's fast path,
  for rules that declare their start characters). A rule listed in :data:`TRIGGERS` also says
  what follows that character whenever it matches: ``h`` starts a bare URL only as ``http://``
  or ``https://``, ``:`` an emoji only as ``:name:``, so the words "the", "which" or "note:" no
  longer stop the scan. The pattern of those triggers is built once per set of rules (mistune
  rebuilds its key on every call).

Anything mistune does not have (another version's internals) leaves its own behaviour in place.
"""

from __future__ import annotations

import re
from typing import Any

from mistune.block_parser import BlockParser as MistuneBlockParser
from mistune.inline_parser import InlineParser as MistuneInlineParser

__all__ = ["TRIGGERS", "BlockParser", "InlineParser", "line_anchored"]

TRIGGERS: dict[str, tuple[str, str]] = {
    "url_link": ("h", r"(?=ttps?://)"),
    "emoji": (":", r"(?=[a-z0-9_+\-]{1,40}:)"),
}
"""Inline rule name → (its start character, a lookahead that holds wherever the rule matches).
Keep each lookahead a necessary condition of the rule's own pattern: text it rules out is never
offered to any rule starting with that character (unless another rule shares the character)."""


class BlockParser(MistuneBlockParser):
    """mistune's block parser whose rule search starts at line starts only (see the module)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self._hoisted: dict[str, re.Pattern[str]] = {}
        super().__init__(*args, **kwargs)

    def compile_sc(self, rules: list[str] | None = None) -> re.Pattern[str]:
        sc = super().compile_sc(rules)
        fast = self._hoisted.get(sc.pattern)
        if fast is None:
            fast = re.compile("^(?:" + sc.pattern + ")", sc.flags) if line_anchored(sc) else sc
            self._hoisted[sc.pattern] = fast
        return fast


def line_anchored(pattern: re.Pattern[str]) -> bool:
    """Whether every match of ``pattern`` (multiline) must start at a line start: each
    alternative begins with ``^`` (or ``\\A``), maybe inside groups or a repeat of one or more."""
    if not pattern.flags & re.MULTILINE:
        return False
    try:
        from re import _constants as c  # type: ignore[attr-defined]
        from re import _parser  # type: ignore[attr-defined]

        tree = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # another Python's internals: keep mistune's search
        return False

    def starts(items: Any) -> bool:
        if not len(items):
            return False
        op, av = items[0]
        if op is c.AT:
            return av in (c.AT_BEGINNING, c.AT_BEGINNING_LINE, c.AT_BEGINNING_STRING)
        if op is c.SUBPATTERN:
            return starts(av[-1])
        if op is c.ATOMIC_GROUP:
            return starts(av)
        if op is c.BRANCH:
            return all(starts(branch) for branch in av[1])
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            return bool(av[0] >= 1 and starts(av[2]))
        return False

    return starts(tree)


class InlineParser(MistuneInlineParser):
    """mistune's inline parser whose text scan stops only where a rule can match (see above)."""

    _trigger_chars: object = None
    _trigger_re: re.Pattern[str] | None = None

    def _get_fast_trigger_re(self, chars: set[str]) -> re.Pattern[str]:
        if self._trigger_re is not None and self._trigger_chars is chars:
            return self._trigger_re
        self._trigger_chars = chars
        self._trigger_re = re.compile(self._trigger_pattern(chars))
        return self._trigger_re

    def _trigger_pattern(self, chars: set[str]) -> str:
        from mistune.inline_parser import _KNOWN_RULE_START_CHARS

        declared = getattr(self, "_rule_start_chars", {})
        narrowed: dict[str, list[str]] = {}
        shared: set[str] = set()  # characters some rule without a lookahead starts with
        for name in self.rules:
            own = declared.get(name, _KNOWN_RULE_START_CHARS.get(name)) or set()
            trigger = TRIGGERS.get(name)
            if trigger is not None and own == {trigger[0]}:
                narrowed.setdefault(trigger[0], []).append(trigger[1])
            else:
                shared.update(own)
        for char in shared:  # narrowed only when every rule starting with it is
            narrowed.pop(char, None)
        alternatives = []
        for char in sorted(chars):
            if char in narrowed:
                alternatives += [re.escape(char) + ahead for ahead in narrowed[char]]
            else:
                alternatives.append(re.escape(char))
        # each alternative begins with a literal: re skips ahead to the next of those characters
        return "|".join(alternatives)


def quick_finder(pattern: re.Pattern[str]) -> re.Pattern[str] | tuple[re.Pattern[str], ...]:
    """``pattern``'s top-level alternatives in two regexes: the line-anchored ones with one
    ``^`` hoisted (see :class:`BlockParser`), the others as they are. For asking *whether* a
    text has a match, which :func:`has_match` answers as ``pattern.search`` would. ``pattern``
    itself when it cannot be split (a back-reference, an unbalanced piece) or none is anchored."""
    pieces = _top_level_alternatives(pattern.pattern)
    try:
        parts = [re.compile(piece, pattern.flags) for piece in pieces]
    except re.error:
        return pattern
    anchored = [p.pattern for p in parts if line_anchored(p)]
    if len(parts) < 2 or not anchored:
        return pattern
    rest = [p.pattern for p in parts if not line_anchored(p)]
    finders = [re.compile("^(?:" + "|".join(anchored) + ")", pattern.flags)]
    if rest:
        finders.append(re.compile("|".join(rest), pattern.flags))
    return tuple(finders)


def has_match(finder: re.Pattern[str] | tuple[re.Pattern[str], ...], text: str) -> bool:
    if isinstance(finder, re.Pattern):
        return finder.search(text) is not None
    return any(part.search(text) is not None for part in finder)


def _top_level_alternatives(pattern: str) -> list[str]:
    pieces: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "^":
                i += 1
            if pattern[i + 1 : i + 2] == "]":  # a "]" first in a class is a literal
                i += 1
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            pieces.append(pattern[start:i])
            start = i + 1
        i += 1
    pieces.append(pattern[start:])
    if "(?P=" in pattern or re.search(r"\\[1-9]", pattern):
        return [pattern]  # a back-reference may point into another alternative
    return pieces
