"""The publishing flow: candidates in, one RunResult out, every file on its own.

The flow is handed its parts (a target, the ledger's recorder, options) and never reads the
environment or settings. Its order is what keeps the promises:
  1. a push that touched no live file ends here, with no request at all (not even to GitHub);
  2. read the ledger (state file + commit comments) before anything else;
  3. plan every file without the network (``plan.py``): deleted, already published, skipped by
     its front matter, broken;
  4. only if a post is left, open the target and carry the posts out (``executor.py``), each
     recorded before its request is sent and again the moment the answer arrives.
A configuration or authentication error met on the way ends the run with ``RunResult.fatal``
set (exit status 2) and every file left listed as failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from medium_action.errors import ArticleError, ConfigError
from medium_action.log import Log
from medium_action.publishing.cancellation import Cancellation
from medium_action.publishing.content import render_content
from medium_action.publishing.executor import Executor, ExecutorOptions
from medium_action.publishing.plan import Plan, PlanOptions, Skip, make_plan, moves
from medium_action.publishing.reading import gone_paths, read_sources
from medium_action.publishing.recorder import Recorder
from medium_action.publishing.targets.base import Draft, Target
from medium_action.publishing.targets.dry_run import Previews
from medium_action.results import Failed, RunResult, Skipped
from medium_action.sources.selection import Candidate


@dataclass(frozen=True)
class Parts:
    """What one run is handed: where posts go, the ledger's copies, and the narrow options."""

    workspace: Path
    target: Target
    recorder: Recorder
    previews: Previews
    """Where a dry run's pages go, and the new rendering of an edited published file."""
    plan: PlanOptions
    execution: ExecutorOptions


def publish(
    candidates: Sequence[Candidate],
    parts: Parts,
    *,
    result: RunResult,
    log: Log,
    cancel: Cancellation | None = None,
) -> RunResult:
    profile = parts.target.profile
    if profile not in result.targets:
        result.targets.append(profile)
    for candidate in candidates:
        if candidate.change == "deleted" and not profile.can_delete:
            result.skipped.append(
                Skipped(
                    candidate.path,
                    f"deleted; {profile.display_name}'s API cannot delete posts",
                    target=profile.name,
                )
            )
    live = [candidate for candidate in candidates if candidate.change != "deleted"]
    if not live:
        return result  # nothing to read, so no request at all, not even to GitHub
    recorder = parts.recorder
    try:
        ledger = recorder.load()
    except ConfigError as error:
        log.error(str(error))
        result.fatal = str(error)
        result.failed.extend(Failed(candidate.path, str(error)) for candidate in live)
        return result
    if recorder.only_state_file and parts.target.makes_posts:
        notice = (
            f"the commit-comment ledger is off ({recorder.only_state_file}): the state file "
            f"is this run's only record of what it publishes. Keep it (commit or cache "
            f"{recorder.state_path}), or a later run from a fresh checkout may publish the "
            "same posts again"
        )
        if notice not in result.notices:  # said once, not once per target
            log.warning(notice)
            result.notices.append(notice)
    renames = [(c.old_path, c.path) for c in live if c.change == "renamed" and c.old_path]
    for moved in moves(renames, ledger):
        recorder.carry(moved)
    plan = make_plan(
        read_sources(parts.workspace, live),
        ledger,
        gone=gone_paths(parts.workspace, ledger.records),
        now=parts.execution.now,
        options=parts.plan,
    )
    for moved in plan.carried:
        recorder.carry(moved)
    _report_plan(plan, parts, result, log)
    if plan.creates or plan.updates:
        Executor(
            parts.target,
            recorder,
            result=result,
            log=log,
            options=parts.execution,
            cancel=cancel,
        ).carry_out(plan.creates, plan.updates, plan.resolving)
    if not parts.target.makes_posts and result.previews:
        index = parts.previews.write_index()
        if index is not None:
            log.info(f"Previews of {len(result.previews)} post(s): {parts.previews.shown(index)}")
    recorder.finish()
    return result


def _report_plan(plan: Plan, parts: Parts, result: RunResult, log: Log) -> None:
    for note in plan.notes:
        result.warnings.append((note.path, note.message))
        log.warning(note.message, file=note.path, line=note.line)
    for failure in plan.failures:
        result.failed.append(
            Failed(failure.path, failure.message, failure.line, target=parts.target.profile.name)
        )
        log.error(failure.message, file=failure.path, line=failure.line)
        if failure.trace and parts.execution.debug:
            log.info(failure.trace)
    for skip in plan.skips:
        reason = skip.reason
        if skip.kind == "edited" and skip.article is not None:
            reason += _edited_preview(skip, parts, log)
        skipped = Skipped(skip.path, reason, skip.kind, target=parts.target.profile.name)
        result.skipped.append(skipped)
        log.outcome("skipped", skip.path, reason, warn=skipped.needs_attention)


def _edited_preview(skip: Skip, parts: Parts, log: Log) -> str:
    """Writes the edited file's new rendering where the writer can copy it into the target's
    editor (its API cannot update a post); returns the words that say where."""
    assert skip.article is not None
    article = skip.article
    try:
        rendered = render_content(
            article, upload=None, ledger=parts.recorder.ledger, options=parts.execution.content
        )
        files = parts.previews.write(
            Draft(article, rendered.content, parts.execution.content.content_format, None)
        )
    except (ArticleError, OSError) as error:
        log.warning(f"could not preview the edited file: {error}", file=skip.path)
        return ""
    return (
        f"; its new version is in {parts.previews.shown(files.page)} to paste into "
        f"{parts.target.profile.display_name}'s editor"
    )
