"""Which files a run is about: the files a push (or the head commit, or ``since..HEAD``) added,
modified, renamed or deleted, kept when the include/exclude globs select them.

:func:`parse_name_status` and :func:`combine` are pure and tested on inline strings;
:func:`detect_changes` decides what to ask git (``git.py``): when a push's ``before`` cannot be
had, it falls back on the push's own commits, then on the head commit, and says so in
:attr:`ChangeSet.how`. When even those cannot be read (a shallow clone that cannot be deepened,
an unreachable origin, a base commit gone), it raises :class:`HistoryError` (exit 1, no bookmark
moves): "cannot tell" is never "nothing changed". It never takes a shallow boundary for a root
commit: that would list every file of the repository as added and publish them all.

Which base, by how the run started:

===========================  ============================================================
push                         ``before..HEAD`` (``before`` fetched alone at depth 1 into a
                             shallow clone; else HEAD deepened by the number of pushed commits)
push, new branch (zeros),    each pushed commit against its first parent, combined; the head
forced, or ``before`` gone   commit when the event lists none
push deleting the branch     nothing
workflow_dispatch            the head commit against its first parent
no event (other CI)          ``since..HEAD``; by default the head commit against its first
                             parent; the only commit of a repository adds all its files
===========================  ============================================================
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from medium_action.errors import ConfigError, GitError, HistoryError
from medium_action.sources.events import PushEvent
from medium_action.sources.globs import is_selected

__all__ = [
    "Change",
    "ChangeSet",
    "Status",
    "combine",
    "detect_changes",
    "parse_name_status",
    "select",
]

Status = Literal["added", "modified", "renamed", "deleted"]


class Git(Protocol):
    """The git commands change detection asks for (``git.Git`` runs them); the text they
    return is parsed here."""

    def ensure_safe_directory(self) -> None: ...
    def head(self) -> str: ...
    def resolve(self, rev: str) -> str | None: ...
    def has_commit(self, sha: str) -> bool: ...
    def parents(self, sha: str) -> list[str]: ...
    def is_shallow(self) -> bool: ...
    def fetch_commits(self, shas: list[str], depth: int | None = 1) -> bool: ...
    def deepen(self, by: int) -> bool: ...
    def name_status(self, base: str, head: str) -> str: ...
    def empty_tree(self) -> str: ...

    last_fetch_error: str | None


HISTORY_FIX = (
    "check out with more history (actions/checkout `fetch-depth: 0`, GitLab `GIT_DEPTH: 0`), "
    "let the run reach `origin` with credentials that may read it, set `since` to a commit "
    "this checkout has, or name the posts with `files`"
)


class _Fetched(Protocol):
    last_fetch_error: str | None


def history_error(git: _Fetched, what: str) -> HistoryError:
    """The failure of a run that cannot read the history it must compare: ``what`` could not
    be read, git's own words from the last fetch, and how to fix it. Nothing is selected and
    no bookmark moves: "cannot tell" is never taken for "nothing changed"."""
    said = git.last_fetch_error
    cause = f" (git fetch from origin: {said})" if said else ""
    return HistoryError(
        f"cannot read the history to compare: {what}{cause}. No file was considered; {HISTORY_FIX}"
    )


_STATUS: dict[str, Status] = {
    "A": "added",
    "C": "added",  # a copy is a new file
    "M": "modified",
    "T": "modified",  # type change (file <-> symlink)
    "U": "modified",
    "X": "modified",
    "D": "deleted",
    "R": "renamed",
}
_FULL_SHA = re.compile(r"[0-9a-fA-F]{40}(?:[0-9a-fA-F]{24})?")


@dataclass(frozen=True)
class Change:
    """One file's change. ``path`` is the new path (for ``deleted``, the deleted one);
    ``old_path`` is set for ``renamed`` only."""

    status: Status
    path: str
    old_path: str | None = None


@dataclass(frozen=True)
class ChangeSet:
    """The selected changes of a run; ``base`` is what HEAD was compared with (None when
    several commits were combined), ``how`` one line for the log."""

    changes: list[Change]
    head: str
    base: str | None
    how: str


def parse_name_status(output: str) -> list[Change]:
    """Parse ``git diff --name-status -z -M`` (or ``diff-tree``) output.

    Fields are NUL-terminated: a status, then one path, or two for a rename or copy
    (``R086\\0old\\0new\\0``). ``T`` (type change) counts as modified, ``C`` (copy) as added.
    """
    fields = output.split("\0")
    if fields and fields[-1] == "":
        fields.pop()
    changes: list[Change] = []
    i = 0
    while i < len(fields):
        code = fields[i]
        letter = code[:1]
        status = _STATUS.get(letter)
        if status is None:
            raise GitError(f"unexpected output from git diff: unknown status {code!r}")
        paths = 2 if letter in ("R", "C") else 1
        names = fields[i + 1 : i + 1 + paths]
        if len(names) != paths or not all(names):
            raise GitError(f"unexpected output from git diff: {code!r} without its path")
        i += 1 + paths
        if letter == "R":
            changes.append(Change("renamed", names[1], names[0]))
        elif letter == "C":
            changes.append(Change("added", names[1]))
        else:
            changes.append(Change(status, names[0]))
    return changes


def combine(changes_per_commit: Sequence[Sequence[Change]]) -> list[Change]:
    """The net effect of consecutive commits' changes (oldest first), sorted by path.

    Added then modified is added; added then deleted is nothing; modified then renamed is
    renamed; renamed twice is one rename from the first path, and back to where it started is
    modified; deleted then added again is modified. A file modified and then changed back is
    still reported modified: which files changed is all that is known here.
    """
    origin: dict[str, str | None] = {}  # path now -> where its content was at the base
    existed: set[str] = set()  # paths known to exist at the base
    vacated: set[str] = set()  # base paths whose file was deleted or moved away
    for commit in changes_per_commit:
        for change in commit:
            if change.status == "added":
                if change.path in vacated:
                    vacated.discard(change.path)
                    origin[change.path] = change.path
                elif change.path not in origin:
                    origin[change.path] = None
            elif change.status == "modified":
                if change.path not in origin:
                    existed.add(change.path)
                    origin[change.path] = change.path
            elif change.status == "deleted":
                if change.path in origin:
                    source = origin.pop(change.path)
                    if source is not None:
                        vacated.add(source)
                else:
                    existed.add(change.path)
                    vacated.add(change.path)
            else:  # renamed
                old = change.old_path or change.path
                if old in origin:
                    source = origin.pop(old)
                else:
                    existed.add(old)
                    source = old
                if source is not None:
                    vacated.add(source)
                vacated.discard(change.path)
                origin[change.path] = source
    result: list[Change] = []
    renamed_from: set[str] = set()
    for path, source in origin.items():
        if source is None:
            result.append(Change("added", path))
        elif source == path:
            vacated.discard(path)
            result.append(Change("modified", path))
        elif path in existed or source in origin:
            # Moved onto a path that had a file of its own, or its old path has a new file:
            # as a diff of the two ends would say, the path is modified or new.
            result.append(Change("modified" if path in existed else "added", path))
        else:
            renamed_from.add(source)
            result.append(Change("renamed", path, source))
    for path in vacated:
        if path not in origin and path not in renamed_from:
            result.append(Change("deleted", path))
    return sorted(result, key=lambda c: (c.path, c.status))


def select(
    changes: Sequence[Change], include: Sequence[str], exclude: Sequence[str]
) -> list[Change]:
    """The changes whose (new) path the globs select; a rename onto an excluded path is
    dropped, and so is the deletion of a file that was never selectable."""
    return [c for c in changes if is_selected(c.path, include, exclude)]


def detect_changes(
    git: Git,
    *,
    event: PushEvent | None,
    dispatch: bool,
    since: str | None,
    include: Sequence[str],
    exclude: Sequence[str],
    since_label: str = "since",
) -> ChangeSet:
    """The files this run is about (see the module's table), selected by include/exclude.

    Calls ``git.ensure_safe_directory()`` first. Raises GitError when the workspace is not a
    repository with a commit, ConfigError when ``since`` names no commit, HistoryError when the
    commits to compare cannot be read (a push's ``before`` alone can be done without: its
    commits are compared with their parents instead).
    """
    git.ensure_safe_directory()
    head = git.head()
    notes: list[str] = []
    if event is not None:
        changes, base, how = _push(git, event, head, notes)
    elif dispatch:
        changes, base, how = _head_commit(git, head, None, notes)
    elif since and since.strip():
        changes, base, how = _since(git, since.strip(), head, since_label)
    else:
        changes, base, how = _head_commit(git, head, None, notes)
    selected = select(changes, include, exclude)
    count = f"{len(selected)} file{'' if len(selected) == 1 else 's'}"
    if len(changes) > len(selected):
        count += f"; {len(changes) - len(selected)} other changed, not selected"
    how = f"{how} ({count})"
    if notes:
        how += ": " + "; ".join(notes)
    return ChangeSet(changes=selected, head=head, base=base, how=how)


def _diff(git: Git, base: str, head: str) -> list[Change]:
    return parse_name_status(git.name_status(base, head))


def _short(sha: str) -> str:
    return sha[:7]


def _push(
    git: Git, event: PushEvent, head: str, notes: list[str]
) -> tuple[list[Change], str | None, str]:
    if event.deleted_branch:
        return [], None, "push deleting the branch, nothing to publish"
    if event.after and event.after != head:
        notes.append(f"the checkout is at {_short(head)}, not at the pushed {_short(event.after)}")
    before = event.before
    if before is None:
        reason = "the event has no 'before'"
    elif event.new_branch:
        reason = "new branch"
    elif event.forced:
        reason = "forced push"
    elif _reach(git, before, len(event.commit_ids)):
        return _diff(git, before, head), before, f"push {_short(before)}..{_short(head)}"
    else:
        reason = f"{_short(before)} could not be fetched"
    if not event.commit_ids:
        return _head_commit(git, head, reason, notes)
    changes, missing = _commits(git, event.commit_ids)
    if missing:
        raise history_error(
            git,
            "the pushed commit(s) "
            + ", ".join(_short(s) for s in missing)
            + " or their parents are not in this clone and could not be fetched",
        )
    n = len(event.commit_ids)
    return changes, None, f"the push's {n} commit{'' if n == 1 else 's'} ({reason})"


def _reach(git: Git, sha: str, commits: int) -> bool:
    """Make ``sha`` present: fetch it alone, else deepen HEAD by the pushed commit count (for a
    server that refuses fetching by id); never the whole history."""
    if git.fetch_commits([sha], depth=1):  # True at once when it is here already
        return True
    if commits and git.is_shallow() and git.deepen(min(commits, 2048)):
        return git.has_commit(sha)
    return False


def _commits(git: Git, shas: Sequence[str]) -> tuple[list[Change], list[str]]:
    """Each commit against its first parent, combined; and the commits that had to be left out.

    At most two fetches: the missing commits with their parents (depth 2), then the first
    parents still missing (depth 1), e.g. that of the oldest commit, or of HEAD when it is the
    only one."""
    shas = list(dict.fromkeys(shas))
    missing = [s for s in shas if not git.has_commit(s)]
    if missing:
        git.fetch_commits(missing, depth=2)
    parents: dict[str, str | None] = {}
    for sha in shas:
        if git.has_commit(sha):
            found = git.parents(sha)
            parents[sha] = found[0] if found else None
    lacking = [p for p in parents.values() if p is not None and not git.has_commit(p)]
    if lacking:
        git.fetch_commits(lacking, depth=1)
    per_commit: list[list[Change]] = []
    left_out: list[str] = []
    for sha in shas:
        if sha not in parents:
            left_out.append(sha)
            continue
        parent = parents[sha]
        if parent is None:
            per_commit.append(_diff(git, git.empty_tree(), sha))
        elif git.has_commit(parent):
            per_commit.append(_diff(git, parent, sha))
        else:
            left_out.append(sha)
    return combine(per_commit), left_out


def _head_commit(
    git: Git, head: str, reason: str | None, notes: list[str]
) -> tuple[list[Change], str | None, str]:
    """What the head commit changed against its first parent (fetched when missing)."""
    remarks = [reason] if reason else []
    parents = git.parents(head)
    if not parents:
        remarks.append("root commit: all its files")
        return _diff(git, git.empty_tree(), head), None, _label(head, remarks)
    parent = parents[0]
    if len(parents) > 1:
        remarks.append("merge, against its first parent")
    if not git.has_commit(parent) and not git.fetch_commits([parent], depth=1):
        raise history_error(
            git,
            f"the head commit {_short(head)}'s parent {_short(parent)} is not in this "
            "shallow clone and could not be fetched",
        )
    return _diff(git, parent, head), parent, _label(head, remarks)


def _label(head: str, remarks: list[str]) -> str:
    return f"head commit {_short(head)}" + (f" ({'; '.join(remarks)})" if remarks else "")


def _since(git: Git, since: str, head: str, label: str) -> tuple[list[Change], str | None, str]:
    base = git.resolve(since)
    if base is None and _FULL_SHA.fullmatch(since) and git.fetch_commits([since], depth=1):
        base = git.resolve(since)
    if base is None and _FULL_SHA.fullmatch(since):
        raise history_error(
            git, f"the base commit {since} ({label}) is not in this clone and could not be fetched"
        )
    if base is None:
        hint = (
            " (this is a shallow clone: fetch that commit first or clone with more history)"
            if git.is_shallow()
            else ""
        )
        raise ConfigError(f"since: {since!r} is not a commit of this repository{hint}")
    shown = f"since {since}" if label == "since" else f"from {label}"
    return _diff(git, base, head), base, f"{shown} ({_short(base)}..{_short(head)})"
