"""Which commit the last run of this workflow that succeeded on this branch was about (GitHub's
Actions API), so that a push run also considers the pushes whose runs never completed
(``sources/widen.py`` says why and what is done with it).

``GET /repos/{repo}/actions/workflows/{file}/runs?branch=B&event=push&status=completed``: the
file is read from ``GITHUB_WORKFLOW_REF`` (``owner/repo/.github/workflows/publish.yml@refs/…``),
runs come newest first, each with ``id``, ``run_number``, ``head_sha``, ``conclusion``. The
token needs ``actions: read``; without it (403) the run says so and goes on with its own push.
Imported only by a GitHub push run with a github-token: one request, asked before the files.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from medium_action.errors import GitHubError, GitHubPermissionError
from medium_action.github.client import GitHubClient
from medium_action.sources.widen import LastRun

__all__ = ["last_run", "pick_last_success", "workflow_file"]

PER_PAGE = 30
"""Runs looked at: the newest success among them is the one that matters."""

_WORKFLOW_FILE = re.compile(r"^[^/]+/[^/]+/\.github/workflows/([^@/]+)@")
_SHA = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")


def workflow_file(workflow_ref: str) -> str | None:
    """``publish.yml`` from ``octo/blog/.github/workflows/publish.yml@refs/heads/main``. Pure."""
    match = _WORKFLOW_FILE.match(workflow_ref.strip())
    return match.group(1) if match else None


def pick_last_success(payload: Any, *, run_id: str, run_number: int | None, branch: str) -> LastRun:
    """The newest run before this one (not this run, a lower ``run_number``) on ``branch``
    that succeeded, and the ones passed over on the way. Pure: ``payload`` is GitHub's JSON."""
    runs = payload.get("workflow_runs") if isinstance(payload, Mapping) else None
    if not isinstance(runs, list):
        raise GitHubError("GitHub's list of workflow runs has no `workflow_runs`")
    earlier = []
    for run in runs:
        if not isinstance(run, Mapping) or str(run.get("id")) == run_id:
            continue
        number = run.get("run_number")
        if not isinstance(number, int) or (run_number is not None and number >= run_number):
            continue
        if run.get("head_branch") not in (None, branch) or run.get("event") not in (None, "push"):
            continue
        earlier.append((number, run))
    passed: list[str] = []
    for number, run in sorted(earlier, key=lambda pair: pair[0], reverse=True):
        sha = str(run.get("head_sha") or "").lower()
        if run.get("conclusion") == "success" and _SHA.fullmatch(sha):
            return LastRun(sha, f"run #{number}", passed)
        passed.append(f"#{number} ({run.get('conclusion') or 'no conclusion'})")
    return LastRun(None, "", passed)


def last_run(client: GitHubClient, environ: Mapping[str, str], branch: str) -> LastRun:
    """Asks GitHub; never raises: a refusal or a failure is a warning, and the run goes on
    with its own push (as it did before it asked)."""
    file = workflow_file(environ.get("GITHUB_WORKFLOW_REF", ""))
    if file is None:
        return LastRun()
    number = environ.get("GITHUB_RUN_NUMBER", "").strip()
    params: dict[str, int | str] = {
        "branch": branch,
        "event": "push",
        "status": "completed",
        "per_page": PER_PAGE,
    }
    try:
        payload = client.get_json(f"actions/workflows/{quote(file)}/runs", params)
        last = pick_last_success(
            payload,
            run_id=environ.get("GITHUB_RUN_ID", "").strip(),
            run_number=int(number) if number.isdigit() else None,
            branch=branch,
        )
    except GitHubError as error:
        why = (
            "the github-token may not read this workflow's runs (give the job `permissions: "
            "actions: read`)"
            if isinstance(error, GitHubPermissionError)
            else f"GitHub's Actions API failed ({error})"
        )
        return LastRun(
            warning=(
                f"could not ask which commit the last completed run of this workflow handled: "
                f"{why}. Only this push's commits are considered: the files of an earlier push "
                "whose run was cancelled while pending are not (re-run that run, or publish "
                "them with `files`)"
            )
        )
    if last.sha is None and last.passed_over:
        return LastRun(
            passed_over=last.passed_over,
            warning=(
                f"none of the last {len(last.passed_over)} completed runs of this workflow on "
                f"{branch} succeeded ({', '.join(last.passed_over[:5])}…): only this push's "
                "commits are considered; publish the files of earlier pushes with `files`"
            ),
        )
    return last
