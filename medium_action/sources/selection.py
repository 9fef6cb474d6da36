"""Which files a run considers: the explicit ``files``, or what the push (or ``since``) changed.

Kept apart from the publishing flow, and light to import, so that a push that changes no post
is decided and finished before any of the rendering and HTTP machinery is even loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from medium_action.errors import GitError
from medium_action.log import Log
from medium_action.results import Skipped
from medium_action.settings import Settings
from medium_action.sources.changes import detect_changes
from medium_action.sources.events import load_event
from medium_action.sources.git import Git
from medium_action.sources.globs import expand, is_selected
from medium_action.sources.since import branch_name, resolve_base


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
    last_handled: str | None = None,
) -> Selection:
    """The files this run considers. ``git`` runs against ``workspace``; ``environ`` gives the
    CI's variables (branch, previous commit); ``last_handled`` is the commit the state file
    says the last run handled on this branch (see ``since.resolve_base``)."""
    environ = environ or {}
    sha = _event_sha(event_name, event) or sha
    if settings.files:
        return _explicit(settings, git, workspace, sha, environ, log)
    git.ensure_safe_directory()
    push = load_event(event_name, event)
    dispatch = event_name == "workflow_dispatch"
    # A push or a dispatch names its branch in the CI's variables; only a run without an event
    # asks git which branch is checked out (where the state file's last commit is kept).
    branch = branch_name(environ, git if push is None and not dispatch else None)
    since, how = settings.since, "since"
    if push is None and not dispatch:
        base = resolve_base(
            git, since=settings.since, last_handled=last_handled, environ=environ, branch=branch
        )
        for note in base.notes:
            log.info(f"Changes: {note}")
        if base.warning:
            log.warning(base.warning)
        since, how = base.since, base.source
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
    return Selection(candidates, sha=sha or changes.head, head=changes.head, branch=branch)


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
    for pattern in unmatched:
        log.warning(f"files: {pattern!r} matches no file in the workspace")
    head = _head_or_none(git)
    branch = branch_name(environ, git if head is not None else None)
    selection = Selection(sha=sha if sha is not None else head, head=head, branch=branch)
    for path in paths:
        if is_selected(path, settings.include, settings.exclude):
            selection.candidates.append(Candidate(path))
        else:
            reason = "not matched by the include globs, or matched by the exclude globs"
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
