"""A GitHub push after pushes whose runs never completed: the range reaches back to the last run
that did.

GitHub keeps at most one run pending per concurrency group: when a third push joins, the second
push's pending run is cancelled, and the third run's own ``before..after`` never looks at the
second push. So a push run asks (``github/runs.py``) which commit the newest run of the same
workflow on the branch that *succeeded* was about, and when that commit is older than
``before`` (in its history, not ``before`` itself), compares HEAD with it instead. Runs that
were cancelled or failed are passed over: a failed run may have left files behind, and what it
did publish is in the commit-comment ledger (every comment of the repository is read), so
looking at its files again makes no second post.

A commit the history says is not an ancestor (a force-push rewrote the branch) is passed over
with a note; one a shallow clone cannot be deepened to reach raises HistoryError (``since``'s
rule: "cannot tell" is never "nothing changed").
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from medium_action.sources.events import PushEvent
from medium_action.sources.since import Git, in_history

__all__ = ["LastRun", "widen"]


@dataclass(frozen=True)
class LastRun:
    """What GitHub said about the runs before this one: the head commit of the newest that
    succeeded (None: none found, or not asked), which run that was, the runs passed over on the
    way (cancelled, failed), and a warning when GitHub could not be asked."""

    sha: str | None = None
    label: str = ""
    passed_over: list[str] = field(default_factory=list)
    warning: str | None = None


def widen(git: Git, push: PushEvent, last: LastRun) -> tuple[PushEvent, str | None]:
    """``push`` with ``before`` moved back to ``last.sha`` when that commit is strictly older
    than ``before`` in HEAD's history; and a line for the log saying what was decided."""
    before, sha = push.before, last.sha
    if sha is None or before is None or push.new_branch or push.deleted_branch or push.forced:
        return push, None
    sha = sha.lower()
    if sha == before:
        return push, None
    head = git.head()
    found = in_history(git, sha, head, f"the commit of the last successful run ({last.label})")
    if found is None:
        return push, (
            f"the last successful run ({last.label}) was about {sha[:12]}, which is not in the "
            "history of HEAD (a force-push?): only this push's commits are considered"
        )
    if found == head or (git.has_commit(before) and not git.is_ancestor(found, before)):
        return push, None  # that run came after this push's before: nothing between
    between = f"; runs passed over: {', '.join(last.passed_over)}" if last.passed_over else ""
    note = (
        f"the last successful run of this workflow on this branch ({last.label}) handled "
        f"{found[:12]}, older than this push's before {before[:12]}: the pushes between had no "
        f"run that completed (cancelled while pending, or failed), so their files are "
        f"considered too{between}"
    )
    return replace(push, before=found), note
