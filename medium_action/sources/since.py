"""Where change detection starts when no GitHub push event says it (other CI, a local run).

In order, the first that applies:

1. the ``since`` setting, as given (a wrong one is the user's error, reported by ``changes``);
2. the CI's own "previous commit" variable, when it is in HEAD's history (a shallow clone is
   deepened to find it). It comes first because it belongs to this pipeline: a cached state
   file may predate a pipeline that ran meanwhile (two quick pushes restore the same cache),
   and its bookmark would have this run publish that pipeline's posts again. Files an earlier
   run left behind are tried again by name instead (the state file lists them). When the
   bookmark is older than the CI's commit, the commits between (:attr:`Base.gap`) were handled
   by a pipeline whose state file is not this one, or by none (``[skip ci]``, a pipeline that
   failed): their files are never published from here (that could be a second post) nor
   dropped in silence; the selection lists them for the run to report as needing attention;

   =================================  =====================================================
   GitLab CI                          ``CI_COMMIT_BEFORE_SHA`` (40 zeros for a new branch,
                                      a merge-request, scheduled or manual pipeline: unset)
   Jenkins (git plugin)               ``GIT_PREVIOUS_SUCCESSFUL_COMMIT``, the last commit
                                      built successfully on this branch
   Travis CI                          ``TRAVIS_COMMIT_RANGE`` (``first...last``; empty for
                                      a new branch), its first commit
   =================================  =====================================================

3. the last commit a run handled on this branch (the state file keeps it; the caller passes it
   in), under the same condition: a scheduled or manual pipeline, a CI without such a variable;
4. the head commit's parent, with a warning: the files of a push's earlier commits are missed.

A candidate that is not in HEAD's history (a force-push rewrote it) is passed over with a note:
comparing with it would list files HEAD never changed. The decision is :func:`resolve_base`;
which commit and branch were handled is for the caller to store (:func:`branch_name`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from medium_action.sources.changes import history_error
from medium_action.sources.events import is_zero

__all__ = ["Base", "branch_name", "ci_previous_commit", "in_history", "resolve_base"]

DEEPEN_STEPS = (50, 200, 1000)
"""Commits a shallow clone is deepened by, in turn, to find a candidate in HEAD's history: at
most 1,250 commits, never the whole history of a large repository."""

_COMMIT_ID = re.compile(r"[0-9a-fA-F]{7,64}")
_BRANCH_VARIABLES = (
    "CI_COMMIT_BRANCH",  # GitLab, branch pipelines
    "CI_COMMIT_REF_NAME",  # GitLab, branch or tag
    "GITHUB_REF_NAME",  # GitHub Actions
    "BRANCH_NAME",  # Jenkins multibranch pipelines
    "TRAVIS_BRANCH",  # Travis CI
)


class Git(Protocol):
    """The git commands the decision needs (``git.Git`` runs them)."""

    def head(self) -> str: ...
    def resolve(self, rev: str) -> str | None: ...
    def has_commit(self, sha: str) -> bool: ...
    def is_ancestor(self, ancestor: str, descendant: str) -> bool: ...
    def is_shallow(self) -> bool: ...
    def fetch_commits(self, shas: list[str], depth: int | None = 1) -> bool: ...
    def deepen(self, by: int) -> bool: ...
    def current_branch(self) -> str | None: ...

    last_fetch_error: str | None


@dataclass(frozen=True)
class Base:
    """The revision to compare HEAD with (None: the head commit's parent), what chose it (for
    the log), a warning to show the user, and the candidates passed over and why."""

    since: str | None
    source: str
    warning: str | None = None
    notes: list[str] = field(default_factory=list)
    gap: str | None = None
    """The state file's bookmark when it is older than the CI's previous commit (``since``):
    the files changed from ``gap`` to ``since`` that no run here saw."""


def ci_previous_commit(environ: Mapping[str, str]) -> tuple[str, str] | None:
    """The CI's previous-commit variable that is set: (its name, the commit id). Pure."""
    before = environ.get("CI_COMMIT_BEFORE_SHA", "").strip()
    if _COMMIT_ID.fullmatch(before) and not is_zero(before):
        return "GitLab's CI_COMMIT_BEFORE_SHA", before.lower()
    jenkins = environ.get("GIT_PREVIOUS_SUCCESSFUL_COMMIT", "").strip()
    if _COMMIT_ID.fullmatch(jenkins) and not is_zero(jenkins):
        return "Jenkins' GIT_PREVIOUS_SUCCESSFUL_COMMIT", jenkins.lower()
    travis = environ.get("TRAVIS_COMMIT_RANGE", "").strip()
    first = re.split(r"\.{2,3}", travis, maxsplit=1)[0] if ".." in travis else ""
    if _COMMIT_ID.fullmatch(first) and not is_zero(first):
        return "Travis' TRAVIS_COMMIT_RANGE", first.lower()
    return None


def branch_name(environ: Mapping[str, str], git: Git | None) -> str | None:
    """The branch this run is about: the CI's variable, else the branch checked out; None
    when neither says (a detached HEAD outside CI)."""
    for name in _BRANCH_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            return value
    return git.current_branch() if git is not None else None


def resolve_base(
    git: Git,
    *,
    since: str | None,
    last_handled: str | None,
    environ: Mapping[str, str],
    branch: str | None = None,
) -> Base:
    """Where change detection starts (see the module's list). ``last_handled`` is the commit
    the state file says the last run handled on ``branch`` (None when it knows none)."""
    if since and since.strip():
        return Base(since.strip(), "the since setting")
    head = git.head()
    notes: list[str] = []
    on_branch = f" on {branch}" if branch else ""
    candidates: list[tuple[str, str]] = []
    from_ci = ci_previous_commit(environ)
    if from_ci is not None:
        candidates.append(from_ci)
    bookmark = last_handled.strip() if last_handled and last_handled.strip() else None
    if bookmark is not None:
        candidates.append((f"the last commit handled{on_branch}", bookmark))
    for source, sha in candidates:
        found = in_history(git, sha, head, source)
        if found is not None:
            gap = _gap(git, bookmark, found) if from_ci and source == from_ci[0] else None
            warning = _gap_warning(gap, found) if gap else None
            return Base(found, source, warning=warning, notes=notes, gap=gap)
        notes.append(
            f"{source} {sha[:12]} is not in the history of HEAD (rewritten by a force-push?)"
        )
    warning = (
        "no `since`, no commit handled by an earlier run on this branch and no previous-commit "
        "variable from the CI: only the head commit's own files are considered, so files "
        "changed by earlier commits of the same push may be missed. Set `since`, or keep the "
        "state file between runs (cache it per branch, or commit it)"
    )
    return Base(None, "the head commit's parent", warning=warning, notes=notes)


def _gap(git: Git, bookmark: str | None, base: str) -> str | None:
    """The bookmark's full id when it is older than the CI's previous commit: the commits
    between were handled by a pipeline whose state file is not the one restored here, or by
    none (a push with ``[skip ci]``, a pipeline that failed before this job)."""
    if bookmark is None:
        return None
    full = git.resolve(bookmark)
    if full is None or full == base or not git.is_ancestor(full, base):
        return None
    return full


def _gap_warning(gap: str, base: str) -> str:
    return (
        f"the state file's last commit handled {gap[:12]} is older than the CI's previous "
        f"commit {base[:12]}: the commits between were handled by another pipeline whose state "
        "file was not the one restored here, or by none (a push with [skip ci], a pipeline that "
        "failed). Their posts that this state file does not know are listed as needing "
        "attention, never published from here (that could be a second post). Give the job a "
        "`resource_group` so that each pipeline restores the last one's state file"
    )


def in_history(git: Git, sha: str, head: str, source: str) -> str | None:
    """``sha``'s full id when it is an ancestor of ``head`` (deepening a shallow clone, or
    fetching it into a complete one, to find out), else None when it is known not to be (a
    complete history without it: rewritten by a force-push).

    Raises HistoryError when that cannot be told: a shallow clone that cannot be deepened (no
    origin, no credentials), or whose deepest allowed history still does not reach ``sha``.
    Falling back on the head commit then would move the bookmark past files never looked at."""
    if not _COMMIT_ID.fullmatch(sha):
        return None
    full = git.resolve(sha)
    if full is not None and git.is_ancestor(full, head):
        return full
    if git.is_shallow():
        for by in DEEPEN_STEPS:
            if not git.deepen(by):
                raise history_error(
                    git,
                    f"{source} {sha[:12]} is behind this shallow clone, which could not "
                    "be deepened to reach it",
                )
            full = full or git.resolve(sha)
            if full is not None and git.is_ancestor(full, head):
                return full
            if not git.is_shallow():
                return None
        raise history_error(
            git, f"{source} {sha[:12]} is not within the last {sum(DEEPEN_STEPS)} commits of HEAD"
        )
    if full is None and len(sha) in (40, 64) and git.fetch_commits([sha]):
        full = git.resolve(sha)
        return full if full is not None and git.is_ancestor(full, head) else None
    return None
