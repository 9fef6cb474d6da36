"""The part of a GitHub event that says which commits a run is about. Pure: the caller reads
``$GITHUB_EVENT_PATH`` and passes the decoded JSON.

A push payload carries ``before`` and ``after`` (40 zeros for a created or deleted branch),
``commits`` (oldest first, each with an ``id``) and ``forced``; it has no file
lists, so the files are found with git (``changes.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ZERO_SHA", "PushEvent", "is_zero", "load_event"]

ZERO_SHA = "0" * 40
_SHA = re.compile(r"(?:[0-9a-f]{40}|[0-9a-f]{64})")


@dataclass(frozen=True)
class PushEvent:
    """A push: ``before`` is ZERO_SHA for a new branch, ``after`` for a deleted one; None when
    the payload lacks it. ``commit_ids`` are the pushed commits, oldest first."""

    before: str | None
    after: str | None
    commit_ids: list[str] = field(default_factory=list)
    forced: bool = False

    @property
    def new_branch(self) -> bool:
        return self.before is not None and is_zero(self.before)

    @property
    def deleted_branch(self) -> bool:
        return self.after is not None and is_zero(self.after)


def is_zero(sha: str) -> bool:
    """Whether ``sha`` is git's null id (a ref that did not or no longer exists)."""
    return bool(sha) and set(sha) == {"0"}


def load_event(event_name: str | None, payload: Mapping[str, Any] | None) -> PushEvent | None:
    """The push described by a GitHub event, or None when the event is not a push.

    A push without a payload (or with fields that are not commit ids) gives a PushEvent whose
    unknown fields are None or empty: change detection then falls back on the head commit.
    """
    if (event_name or "").strip().lower() != "push":
        return None
    data: Mapping[str, Any] = payload if isinstance(payload, Mapping) else {}
    commit_ids: list[str] = []
    commits = data.get("commits")
    if isinstance(commits, list):
        for commit in commits:
            sha = _sha(commit.get("id")) if isinstance(commit, Mapping) else None
            if sha is not None and sha not in commit_ids:
                commit_ids.append(sha)
    return PushEvent(
        before=_sha(data.get("before")),
        after=_sha(data.get("after")),
        commit_ids=commit_ids,
        forced=data.get("forced") is True,
    )


def _sha(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    value = value.strip().lower()
    return value if _SHA.fullmatch(value) else None
