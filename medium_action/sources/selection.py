"""Which files a run considers: the explicit ``files``, or what the push (or ``since``) changed.

Kept apart from the publishing flow, and light to import, so that a push that changes no post
is decided and finished before any of the rendering and HTTP machinery is even loaded.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from medium_action.errors import GitError
from medium_action.log import Log
from medium_action.results import Failed, Skipped
from medium_action.settings import Settings
from medium_action.sources.changes import detect_changes, parse_name_status, select
from medium_action.sources.events import PushEvent, load_event
from medium_action.sources.git import Git
from medium_action.sources.globs import expand, is_selected, why_not_selected
from medium_action.sources.since import branch_name, resolve_base
from medium_action.sources.widen import LastRun, widen

UNHANDLED = "unhandled"
"""The change of a file that commits no run here saw changed (``since.Base.gap``): it is never
published from here, only reported as needing attention (``publishing/plan.py`` spells it too:
it does not import the selection)."""

GLOB_CHARACTERS = frozenset("*?[{")
"""A ``files`` entry with one of these is a glob (it may match nothing); without, a path."""


class Bookmarks(Protocol):
    """What the state file remembers per branch for runs outside GitHub (``Ledger`` has it)."""

    def last_commit(self, branch: str) -> str | None: ...
    def left_behind(self, branch: str) -> list[str]: ...


@dataclass(frozen=True)
class Candidate:
    """A file the run considers: ``change`` says how the push touched it."""

    path: str
    change: str = "selected"
    old_path: str | None = None


@dataclass
class Selection:
    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    sha: str | None = None
    """The commit the files belong to: comments go on it, links point into it."""
    head: str | None = None
    """The commit checked out and handled (None outside a git checkout): what the state file
    remembers as the last commit handled on ``branch``."""
    branch: str | None = None
    """The branch the run is about (the CI's variable, else the branch checked out)."""
    failed: list[Failed] = field(default_factory=list)
    """Files the selection itself found wanting: a path ``files`` names that does not exist."""
    bookmarked: bool = False
    """Whether the run's range came from the bookmark rule (outside GitHub, no ``files``): the
    caller then stores ``head`` and what was left behind for the next run on ``branch``, as
    ``bookmark.py`` decides."""
    notices: list[str] = field(default_factory=list)
    """Warnings about the whole run for the summary (GitHub refused to say which run came last)."""


def select_files(
    settings: Settings,
    *,
    git: Git,
    workspace: Path,
    event_name: str | None,
    event: Mapping[str, Any] | None,
    sha: str | None,
    log: Log,
    environ: Mapping[str, str] | None = None,
    bookmarks: Callable[[], Bookmarks | None] = lambda: None,
    last_run: Callable[[], LastRun] | None = None,
) -> Selection:
    """The files this run considers. ``git`` runs against ``workspace``; ``environ`` gives the
    CI's variables (branch, previous commit); ``bookmarks`` reads what the state file says
    about this branch (the last commit handled, the files left behind; see
    ``since.resolve_base``), asked only outside GitHub when neither ``files`` nor ``since``
    says where to start; ``last_run`` asks GitHub which commit the last successful run of
    this workflow handled, for a push (``widen.py``), given only in a GitHub run with a token."""
    environ = environ or {}
    sha = _event_sha(event_name, event) or sha
    if settings.files:
        return _explicit(settings, git, workspace, sha, environ, log)
    git.ensure_safe_directory()
    push = load_event(event_name, event)
    notices: list[str] = []
    if push is not None and last_run is not None and _plain_push(push):
        last = last_run()
        if last.warning:
            log.warning(last.warning)
            notices.append(last.warning)
        push, widened = widen(git, push, last)
        if widened:
            log.info(f"Changes: {widened}")
    dispatch = event_name == "workflow_dispatch"
    # A push or a dispatch names its branch in the CI's variables; only a run without an event
    # asks git which branch is checked out (where the state file's last commit is kept).
    branch = branch_name(environ, git if push is None and not dispatch else None)
    since, how = settings.since, "since"
    bookmarked = push is None and not dispatch
    retry: list[str] = []
    gap: tuple[str, str] | None = None
    if bookmarked:
        known = bookmarks() if branch and not settings.since else None
        last_handled = known.last_commit(branch) if known is not None and branch else None
        retry = known.left_behind(branch) if known is not None and branch else []
        base = resolve_base(
            git, since=settings.since, last_handled=last_handled, environ=environ, branch=branch
        )
        for note in base.notes:
            log.info(f"Changes: {note}")
        if base.warning:
            log.warning(base.warning)
        since, how = base.since, base.source
        if base.gap and base.since:
            gap = (base.gap, base.since)
    changes = detect_changes(
        git,
        event=push,
        dispatch=dispatch,
        since=since,
        include=settings.include,
        exclude=settings.exclude,
        since_label=how,
    )
    log.info(f"Changes: {changes.how}")
    candidates = [Candidate(c.path, c.status, c.old_path) for c in changes.changes]
    again = _left_behind(retry, candidates, workspace, settings)
    if again:
        log.info(f"Changes: trying again {len(again)} file(s) the last run left behind")
    unseen = _unhandled(git, gap, candidates + again, retry, workspace, settings) if gap else []
    if unseen:
        log.warning(
            f"Changes: {len(unseen)} post file(s) changed by commits no run here saw: "
            + ", ".join(c.path for c in unseen)
        )
    return Selection(
        candidates + again + unseen,
        sha=sha or changes.head,
        head=changes.head,
        branch=branch,
        bookmarked=bookmarked and bool(branch),
        notices=notices,
    )


def _plain_push(push: PushEvent) -> bool:
    """A push with a ``before`` to widen (not a new, deleted or forced branch)."""
    return push.before is not None and not (push.new_branch or push.deleted_branch or push.forced)


def _left_behind(
    paths: list[str], candidates: list[Candidate], workspace: Path, settings: Settings
) -> list[Candidate]:
    """The files an earlier run left unpublished, tried again by name (those that still exist
    and are selectable, and are not already among this run's changes)."""
    seen = {c.path for c in candidates}
    return [
        Candidate(path, "left behind")
        for path in dict.fromkeys(paths)
        if path not in seen
        and os.path.isfile(workspace / path)
        and is_selected(path, settings.include, settings.exclude)
    ]


def _unhandled(
    git: Git,
    gap: tuple[str, str],
    candidates: list[Candidate],
    retry: list[str],
    workspace: Path,
    settings: Settings,
) -> list[Candidate]:
    """The selectable files that commits ``gap[0]..gap[1]`` changed and that this run does not
    consider otherwise (neither its own changes nor a file left behind, tried by name): what
    another pipeline may have published, or none did. Files deleted since are gone: nothing to
    report."""
    seen = {c.path for c in candidates} | set(retry)
    changes = select(parse_name_status(git.name_status(*gap)), settings.include, settings.exclude)
    return [
        Candidate(change.path, UNHANDLED)
        for change in changes
        if change.status != "deleted"
        and change.path not in seen
        and os.path.isfile(workspace / change.path)
    ]


def _explicit(
    settings: Settings,
    git: Git,
    workspace: Path,
    sha: str | None,
    environ: Mapping[str, str],
    log: Log,
) -> Selection:
    assert settings.files is not None
    paths, unmatched = expand(workspace, settings.files)
    head = _head_or_none(git)
    branch = branch_name(environ, git if head is not None else None)
    selection = Selection(sha=sha if sha is not None else head, head=head, branch=branch)
    for pattern in unmatched:
        # A path named as such is a post the writer expects: its absence fails the run. A glob
        # is a wish ("whatever matches"): matching nothing is worth a warning, not a failure.
        if GLOB_CHARACTERS & set(pattern):
            log.warning(f"files: the glob {pattern!r} matches no file in the workspace")
        else:
            error = "no such file in the workspace (named by the `files` setting)"
            log.outcome("failed", pattern.strip(), error)
            selection.failed.append(Failed(pattern.strip(), error))
    for path in paths:
        if is_selected(path, settings.include, settings.exclude):
            selection.candidates.append(Candidate(path))
        else:
            reason = why_not_selected(path, settings.include, settings.exclude)
            selection.skipped.append(Skipped(path, reason))
    return selection


def _event_sha(event_name: str | None, event: Mapping[str, Any] | None) -> str | None:
    after = event.get("after") if event and event_name == "push" else None
    return after if isinstance(after, str) and after.strip("0") else None


def _head_or_none(git: Git) -> str | None:
    """HEAD when the workspace is a git checkout (for links and comments), else None."""
    try:
        git.ensure_safe_directory()
        return git.head()
    except GitError:
        return None
