"""Which of two commits came later in the history: what orders the commit-comment ledger's
records (a ``forget`` tombstone against the record it cancels) instead of the runners' clocks.

A GitHub checkout is shallow (depth 1): the commits the comments are on are usually not in it.
Only a real conflict (two records of one file on different commits) asks; the first question
that the shallow history cannot answer deepens it once, by at most ``since.DEEPEN_STEPS``
commits, and a question it still cannot answer is "unrelated" (the caller then uses the time).
"""

from __future__ import annotations

from typing import Protocol

from medium_action.sources.since import DEEPEN_STEPS

__all__ = ["Ancestry"]


class Git(Protocol):
    def has_commit(self, sha: str) -> bool: ...
    def is_ancestor(self, ancestor: str, descendant: str) -> bool: ...
    def is_shallow(self) -> bool: ...
    def deepen(self, by: int) -> bool: ...


class Ancestry:
    """``is_ancestor(a, b)``: whether commit ``a`` is in ``b``'s history (a commit is not its
    own strict ancestor; the caller treats equal commits itself)."""

    def __init__(self, git: Git) -> None:
        self._git = git
        self._deepened = False

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        if self._known(ancestor, descendant):
            return self._git.is_ancestor(ancestor, descendant)
        if not self._deepened:
            self._deepened = True
            if self._git.is_shallow():
                self._git.deepen(sum(DEEPEN_STEPS))
        return self._known(ancestor, descendant) and self._git.is_ancestor(ancestor, descendant)

    def _known(self, *shas: str) -> bool:
        return all(self._git.has_commit(sha) for sha in shas)
