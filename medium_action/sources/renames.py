"""Renames no run saw: was a recorded file that is gone moved to a new path by a commit whose run
never ran (``[skip ci]``, a cancelled run)? Asked of git's own rename detection, by content,
over the range that no run looked at: from the commit before the one that took the old path
away, to HEAD, and in that commit itself (a small post edited after its move is no longer
similar enough to its old text for a diff across the whole range). A post's title alone
proves nothing: a new post may reuse a deleted one's title.

:class:`UnseenRenames` answers ``renamed(old_path, new_path)`` with True, False, or None when the
history cannot tell (a shallow clone deepened once, by at most ``since.DEEPEN_STEPS`` commits,
still without the commit that took ``old_path`` away, or without its parent).
"""

from __future__ import annotations

from typing import Protocol

from medium_action.errors import GitError
from medium_action.sources.changes import parse_name_status
from medium_action.sources.since import DEEPEN_STEPS

__all__ = ["UnseenRenames"]


class Git(Protocol):
    def last_commit_touching(self, path: str) -> str | None: ...
    def parents(self, sha: str) -> list[str]: ...
    def has_commit(self, sha: str) -> bool: ...
    def head(self) -> str: ...
    def is_shallow(self) -> bool: ...
    def deepen(self, by: int) -> bool: ...
    def name_status(self, base: str, head: str) -> str: ...


class UnseenRenames:
    def __init__(self, git: Git) -> None:
        self._git = git
        self._targets: dict[str, set[str] | None] = {}
        self._deepened = False

    def renamed(self, old_path: str, new_path: str) -> bool | None:
        if old_path not in self._targets:
            self._targets[old_path] = self._moved_to(old_path)
        targets = self._targets[old_path]
        return None if targets is None else new_path in targets

    def _moved_to(self, old_path: str, hops: int = 3) -> set[str] | None:
        """Where git's rename detection says ``old_path``'s content went: in the commit that
        took it away (followed again when that path went on moving), or between the commit
        before it and HEAD (a move and an edit in commits apart); None when that cannot be
        read."""
        try:
            gone_in = self._git.last_commit_touching(old_path)
            parent = self._parent(gone_in)
            if parent is None and not self._deepened and self._git.is_shallow():
                self._deepened = True
                self._git.deepen(sum(DEEPEN_STEPS))
                gone_in = self._git.last_commit_touching(old_path)
                parent = self._parent(gone_in)
            if parent is None or gone_in is None:
                return None
            there = _renamed_from(self._git.name_status(parent, gone_in), old_path)
            since = _renamed_from(self._git.name_status(parent, self._git.head()), old_path)
        except GitError:
            return None
        targets = there | since
        for moved in there - since:
            if hops > 0:
                targets |= self._moved_to(moved, hops - 1) or set()
        return targets

    def _parent(self, sha: str | None) -> str | None:
        if sha is None:
            return None
        parents = self._git.parents(sha)
        return parents[0] if parents and self._git.has_commit(parents[0]) else None


def _renamed_from(name_status: str, old_path: str) -> set[str]:
    return {
        c.path
        for c in parse_name_status(name_status)
        if c.status == "renamed" and c.old_path == old_path
    }
