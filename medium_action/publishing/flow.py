"""The publishing flow: candidates in, one target's piece of the RunResult out, every file on
its own.

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

Results flow one way: the flow returns what it and the executor produced for its target, and
the command line adds the targets' pieces up; what came before is handed down only to be read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from medium_action.errors import ArticleError, ConfigError
from medium_action.log import Log
from medium_action.publishing.cancellation import Cancellation
from medium_action.publishing.collector import run_scope
from medium_action.publishing.content import render_content
from medium_action.publishing.executor import Executor, ExecutorOptions
from medium_action.publishing.plan import Plan, PlanOptions, Skip, make_plan, moves
from medium_action.publishing.reading import gone_paths, read_sources
from medium_action.publishing.recorder import Recorder
from medium_action.publishing.targets.base import Draft, Target
from medium_action.publishing.targets.dry_run import Previews
from medium_action.publishing.targets.profile import Profile
from medium_action.results import Failed, RunResult, Skipped, handed_up
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
    log: Log,
    before: RunResult | None = None,
    cancel: Cancellation | None = None,
) -> RunResult:
    """Carries ``candidates`` to one target and returns what that produced, a piece of the
    run's result (``before`` is not part of it). ``before``: what the run reports so far,
    read (never added to) for the commit comment, which lists the whole run, and for the
    notices already given."""
    made = _Made(target=parts.target.profile)
    shown_before = before if before is not None else RunResult()
    with handed_up(made.piece), run_scope():
        _publish(candidates, parts, made, log, shown_before, cancel)
    return made.piece()


@dataclass
class _Made:
    """What one target's flow has produced so far, the executor's piece included once back."""

    target: Profile
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    fatal: str | None = None
    carried_out: RunResult = field(default_factory=RunResult)
    """The executor's piece."""

    def piece(self) -> RunResult:
        own = RunResult(
            skipped=tuple(self.skipped),
            failed=tuple(self.failed),
            warnings=tuple(self.warnings),
            notices=tuple(self.notices),
            targets=(self.target,),
            fatal=self.fatal,
        )
        return own + self.carried_out


def _publish(
    candidates: Sequence[Candidate],
    parts: Parts,
    made: _Made,
    log: Log,
    before: RunResult,
    cancel: Cancellation | None,
) -> None:
    profile = parts.target.profile
    for candidate in candidates:
        if candidate.change == "deleted" and not profile.can_delete:
            made.skipped.append(
                Skipped(
                    candidate.path,
                    f"deleted; {profile.display_name}'s API cannot delete posts",
                    target=profile.name,
                )
            )
    live = [candidate for candidate in candidates if candidate.change != "deleted"]
    if not live:
        return  # nothing to read, so no request at all, not even to GitHub
    recorder = parts.recorder
    try:
        ledger = recorder.load()
    except ConfigError as error:
        log.error(str(error))
        made.fatal = str(error)
        made.failed.extend(Failed(candidate.path, str(error)) for candidate in live)
        return
    if recorder.only_state_file and parts.target.makes_posts:
        notice = (
            f"the commit-comment ledger is off ({recorder.only_state_file}): the state file "
            f"is this run's only record of what it publishes. Keep it (commit or cache "
            f"{recorder.state_path}), or a later run from a fresh checkout may publish the "
            "same posts again"
        )
        if notice not in before.notices:  # said once, not once per target
            log.warning(notice)
            made.notices.append(notice)
    renames = [(c.old_path, c.path) for c in live if c.change == "renamed" and c.old_path]
    for moved in moves(renames, ledger):
        recorder.carry(moved, before + made.piece())
    plan = make_plan(
        read_sources(parts.workspace, live),
        ledger,
        gone=gone_paths(parts.workspace, ledger.records),
        now=parts.execution.now,
        options=parts.plan,
    )
    for moved in plan.carried:
        recorder.carry(moved, before + made.piece())
    _report_plan(plan, parts, made, log)
    if plan.creates or plan.updates:
        noted: dict[str, list[str]] = {}
        for note in plan.notes:
            noted.setdefault(note.path, []).append(note.message)
        made.carried_out = Executor(
            parts.target,
            recorder,
            log=log,
            options=parts.execution,
            cancel=cancel,
            shown=before + made.piece(),
        ).carry_out(plan.creates, plan.updates, plan.resolving, noted)
    previews = made.carried_out.previews
    if not parts.target.makes_posts and previews:
        index = parts.previews.write_index()
        if index is not None:
            log.info(f"Previews of {len(previews)} post(s): {parts.previews.shown(index)}")
    recorder.finish(before + made.piece())


def _report_plan(plan: Plan, parts: Parts, made: _Made, log: Log) -> None:
    for note in plan.notes:
        made.warnings.append((note.path, note.message))
        log.warning(note.message, file=note.path, line=note.line)
    for failure in plan.failures:
        made.failed.append(
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
        made.skipped.append(skipped)
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
