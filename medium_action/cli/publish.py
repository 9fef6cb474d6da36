"""The publishing command: settings, clients, the flow, the reports, the exit status.

Every text it writes (log lines, annotations, ``$GITHUB_OUTPUT``, the step summary,
output-json, the commit comment, a traceback in debug mode) passes through one ``Redactor``
built from the settings.
"""

from __future__ import annotations

import sys
import time
import traceback
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medium_action.cli.environment import Environment
from medium_action.cli.last_run import last_run_asker
from medium_action.cli.summary import end_of_run_lines
from medium_action.errors import (
    AuthError,
    ConfigError,
    GitError,
    HistoryError,
    MediumPublishError,
)
from medium_action.github import report
from medium_action.log import Log
from medium_action.redaction import Redactor
from medium_action.results import Failed, RunResult
from medium_action.settings import SECRET_FIELDS, Settings, load_settings, variable_names
from medium_action.sources.git import Git
from medium_action.sources.selection import Selection, select_files
from medium_action.unknown_settings import check_environment
from medium_action.workspace_files import owner_of, write_atomic

if TYPE_CHECKING:
    from medium_action.github.client import GitHubClient
    from medium_action.ledger.place import Place
    from medium_action.ledger.records import Ledger
    from medium_action.ledger.statefile import StateFile
    from medium_action.sources.article import Defaults

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


def run(
    flags: Mapping[str, Any],
    environ: Mapping[str, str],
    *,
    failed_before: Sequence[Failed] = (),
    preview: bool = False,
) -> int:
    """One publishing run: settings, clients, the flow, the reports, the exit status.
    ``failed_before``: files the command line already found wanting (a FILE that does not
    exist), reported with the others and making the run fail. ``preview``: a dry run that
    renders every file, even those a run would skip (``medium-publish preview``)."""
    redactor = Redactor(given_secrets(flags, environ))
    in_github = environ.get("GITHUB_ACTIONS") == "true"
    log = Log(github=in_github, redactor=redactor)
    result = RunResult()
    progress = _Progress()
    env: Environment | None = None
    settings: Settings | None = None
    try:
        env = Environment.read(environ)
        for notice in check_environment(environ):  # a misspelled setting stops the run here
            log.warning(notice)
        settings = load_settings(flags, environ)
        for secret in (getattr(settings, name) for name in sorted(SECRET_FIELDS)):
            redactor.add(secret)
        if settings.devto_api_key is not None:
            log.mask(settings.devto_api_key.get_secret_value())  # hidden by the runner too
        result.dry_run = settings.dry_run
        warning = settings.api_url_warning()
        if warning and not settings.dry_run:
            log.warning(warning)
        settings.check_credentials(github=in_github)
        result = _publish(settings, env, log, environ, progress, preview=preview)
        status = (
            EXIT_CONFIG
            if result.fatal
            else EXIT_FAILED
            if result.failed or result.needs_attention or result.unrecorded
            else EXIT_OK
        )
    except (ConfigError, AuthError, GitError) as error:
        log.error(str(error))
        result = progress.stopped(str(error), result)
        result.fatal = str(error)  # the run's error, not a file's: no file is named for it
        # "nothing was published" (exit 2) only while that is true
        status = EXIT_FAILED if result.posts else EXIT_CONFIG
    except HistoryError as error:  # which files changed cannot be told: none was considered
        log.error(str(error))
        result.failed.append(Failed("(changes)", str(error)))
        status = EXIT_FAILED
    except MediumPublishError as error:
        log.error(str(error))
        result = progress.stopped(str(error), result)
        status = EXIT_FAILED
    except KeyboardInterrupt as interrupt:  # a second SIGINT/SIGTERM outside a post
        log.error(f"interrupted ({interrupt or 'SIGINT'}); what was done is reported below")
        result = progress.stopped(f"interrupted ({interrupt or 'SIGINT'})", result)
        status = EXIT_FAILED
    except Exception as error:  # a bug: say so plainly; the traceback only when debugging
        log.error(f"unexpected {type(error).__name__}: {error} (this is a bug, please report it)")
        if env is not None and env.debug:
            sys.stderr.write(redactor.redact(traceback.format_exc()))
        result = progress.stopped(f"unexpected {type(error).__name__}: {error}", result)
        status = EXIT_FAILED
    for failure in failed_before:
        log.outcome("failed", failure.file, failure.error, line=failure.line)
    result.failed.extend(failed_before)
    if failed_before:
        status = max(status, EXIT_FAILED)
    log.summary(end_of_run_lines(result, log))
    _write_reports(result, settings, env, log)
    return status


class _Progress:
    """What a run has selected and done so far, so that a run stopped by anything still lists
    every file truthfully: published, uncertain, failed, or not attempted."""

    def __init__(self) -> None:
        self.selected: list[str] = []
        self.result: RunResult | None = None

    def stopped(self, why: str, fallback: RunResult) -> RunResult:
        result = self.result if self.result is not None else fallback
        told = {
            *(post.file for post in result.posts),
            *(skip.file for skip in result.skipped),
            *(fail.file for fail in result.failed),
        }
        for path in self.selected:
            if path not in told:
                result.failed.append(Failed(path, f"not attempted: the run stopped ({why})"))
        return result


def given_secrets(flags: Mapping[str, Any], environ: Mapping[str, str]) -> list[str]:
    """Every secret value as given, before the settings are read (or fail to be): an error
    while reading them must not print one either."""
    values = []
    for name in SECRET_FIELDS:
        for value in (flags.get(name), *(environ.get(var) for var in variable_names(name))):
            if isinstance(value, str) and value.strip():
                values.append(value)
    return values


def _publish(
    settings: Settings,
    env: Environment,
    log: Log,
    environ: Mapping[str, str],
    progress: _Progress,
    *,
    preview: bool = False,
) -> RunResult:
    # The ledger is loaded only when the run needs it: a push that changes no post reads
    # none and never even imports it (bench/bench_noop.py).
    workspace = env.workspace.resolve()
    git = Git(workspace)

    def ledger_files() -> tuple[StateFile, Place]:
        from medium_action.ledger.place import Place
        from medium_action.ledger.statefile import StateFile

        return StateFile(workspace / settings.state_file, owner=owner_of(workspace)), Place(
            settings.api_url
        )

    def bookmarks() -> Ledger | None:
        state, place = ledger_files()
        return state.read(place) if state.path.exists() else None

    # Outside GitHub the state file says where the last run on this branch stopped (read
    # without the lock: it only picks a range; sources/selection.py decides when to ask).
    selection = select_files(
        settings,
        git=git,
        workspace=workspace,
        event_name=env.event_name,
        event=env.event(),
        sha=env.sha,
        log=log,
        environ=environ,
        bookmarks=bookmarks,
        last_run=last_run_asker(settings, env, environ, log),
    )
    # a bookmark is Medium's place's: a run that did not post there must not move it
    remember = selection.bookmarked and not settings.dry_run and "medium" in settings.targets
    nothing = RunResult(
        skipped=selection.skipped,
        failed=list(selection.failed),
        notices=list(selection.notices),
        dry_run=settings.dry_run,
    )
    progress.selected = [candidate.path for candidate in selection.candidates]
    if not selection.candidates and not remember:
        return nothing
    state, place = ledger_files()
    with state:  # one run at a time on this state file, for the whole run
        result = (
            _publish_selection(
                selection, settings, env, log, state, place, progress, preview=preview
            )
            if selection.candidates
            else nothing
        )
        if remember:
            _remember_handled(selection, result, state, place)
    return result


def _remember_handled(
    selection: Selection, result: RunResult, state: StateFile, place: Place
) -> None:
    """The next run on this branch starts after this one, unless a file was left behind: then
    it starts where this one did, so that the file is tried again; and the files left behind
    are listed, so that a run starting from the CI's own previous commit tries them by name."""
    if not (selection.branch and selection.head):
        return
    files = {c.path for c in selection.candidates}
    left = [f.file for f in result.failed if f.file in files]
    # An "unhandled" file is not left behind: tried again by name it would be published, and
    # its post may exist. The bookmark stays, so the next run reports it again until a person
    # adopts or publishes it.
    left += [s.file for s in result.needs_attention if s.file in files and s.kind != "unhandled"]
    ledger = state.load(place)
    before = (ledger.last_commit(selection.branch), ledger.left_behind(selection.branch))
    ledger.set_left_behind(selection.branch, left)
    if not (result.failed or result.needs_attention):
        ledger.set_last_commit(selection.branch, selection.head)
    if (ledger.last_commit(selection.branch), ledger.left_behind(selection.branch)) != before:
        state.save(ledger)


def _publish_selection(
    selection: Selection,
    settings: Settings,
    env: Environment,
    log: Log,
    state: StateFile,
    place: Place,
    progress: _Progress,
    *,
    preview: bool = False,
) -> RunResult:
    """Each selected file to each target, one target after the other: a target that fails
    (its files, or all of it) never stops the next one's posts."""
    workspace = env.workspace.resolve()
    # Imported only now: a run with nothing to publish never loads rendering or HTTP.
    from medium_action.cli.targets import EXPORT, Shared, export_selection, target_parts
    from medium_action.github.commit_ledger import CommitLedger
    from medium_action.ledger.advice import Tending
    from medium_action.publishing.budget import POST_SECONDS
    from medium_action.publishing.cancellation import Cancellation, cancel_on_signals
    from medium_action.publishing.content import ContentOptions
    from medium_action.publishing.executor import ExecutorOptions
    from medium_action.publishing.flow import publish
    from medium_action.publishing.plan import PlanOptions
    from medium_action.publishing.targets.medium.profile import MEDIUM
    from medium_action.rendering.links import Repository
    from medium_action.sources.ancestry import Ancestry
    from medium_action.sources.renames import UnseenRenames
    from medium_action.sources.site import read_site_url

    sha = selection.sha
    tending = Tending(settings.api_url, settings.state_file)
    result = RunResult(
        skipped=list(selection.skipped),
        failed=list(selection.failed),
        notices=list(selection.notices),
        dry_run=settings.dry_run,
    )
    progress.result = result
    github = _github_client(settings, env, log)
    comments = (
        # A dry run reads the comments, so that it says what a real run would do, and writes
        # nothing to GitHub.
        CommitLedger(
            github,
            sha,
            log,
            write_comments=settings.comment and not settings.dry_run,
            is_ancestor=Ancestry(Git(workspace)).is_ancestor,
            redact=log.redactor.redact,
        )
        if github is not None and sha
        else None
    )
    shared = Shared(
        settings=settings,
        env=env,
        log=log,
        state=state,
        comments=comments,
        result=result,
        plan=PlanOptions(
            defaults=_defaults(settings, workspace),
            target=MEDIUM,  # each target's own profile replaces it (cli/targets.py)
            force=settings.force,
            renamed=UnseenRenames(Git(workspace)).renamed if selection.head else None,
            tending=tending,
            preview=preview,
            workspace=workspace,
            post_seconds=env.post_seconds or POST_SECONDS,
        ),
        execution=ExecutorOptions(
            content=ContentOptions(
                workspace=workspace,
                content_format=settings.content_format,
                site_url=settings.site_url or read_site_url(workspace),
                repository=(
                    Repository(f"{env.server_url.rstrip('/')}/{env.repository}", sha)
                    if env.repository and sha
                    else None
                ),
                post_seconds=env.post_seconds or POST_SECONDS,
            ),
            now=datetime.now(UTC),
            debug=env.debug,
            tending=tending,
        ),
        sha=sha,
        owner=owner_of(workspace),
    )
    try:
        with cancel_on_signals(Cancellation(), log) as cancel:
            for parts in target_parts(shared):
                try:
                    publish(selection.candidates, parts, result=result, log=log, cancel=cancel)
                finally:
                    parts.target.close()
            if EXPORT in settings.targets:
                paths = [candidate.path for candidate in selection.candidates]
                export_selection(paths, shared, state.read(place))
        return result
    finally:
        if github is not None:
            github.close()


def announced_sleep(
    log: Log, sleep: Callable[[float], None] = time.sleep
) -> Callable[[float], None]:
    """Waits as Medium asks (Retry-After, backoff), saying so when it is long enough to notice."""
    from medium_action.cli.targets import announced_sleep as announced

    return announced(log, "Medium", sleep)


def _defaults(settings: Settings, workspace: Path | None = None) -> Defaults:
    from medium_action.rendering.dialects.choose import site_dialect
    from medium_action.sources.article import Defaults

    return Defaults(
        dialect=settings.dialect,
        site_dialect=site_dialect(workspace) if settings.dialect == "auto" else None,
        publish_status=settings.publish_status,
        tags=tuple(settings.tags or ()),
        canonical_url=settings.canonical_url,
        license=settings.license,
        notify_followers=settings.notify_followers,
        publication=None,
    )


def _github_client(settings: Settings, env: Environment, log: Log) -> GitHubClient | None:
    if settings.github_token is None or not env.repository:
        return None
    from medium_action.cli.redacting_github import RedactingGitHubClient

    return RedactingGitHubClient.create_redacting(
        log.redactor,  # shared: it learns the refresh flow's token too
        api_url=env.api_url,
        repository=env.repository,
        token=settings.github_token,
    )


def _write_reports(
    result: RunResult, settings: Settings | None, env: Environment | None, log: Log
) -> None:
    """Outputs always, whatever happened: a workflow's next step may rely on them."""
    if env is None:
        return
    redact = log.redactor.redact
    owner = owner_of(env.workspace)
    result = result.redacted(redact)  # before any escaping or shortening hides a secret
    try:
        if env.output_file is not None:
            text = report.output_file_text(
                {name: redact(value) for name, value in report.outputs(result).items()}
            )
            with env.output_file.open("a", encoding="utf-8", errors="replace") as handle:
                handle.write(text)
        if env.summary_file is not None:
            with env.summary_file.open("a", encoding="utf-8", errors="replace") as handle:
                handle.write(redact(report.summary_markdown(result)))
        if settings is not None and settings.output_json:
            target = Path(settings.output_json)
            target = target if target.is_absolute() else env.workspace / target
            write_atomic(target, redact(report.json_text(result)), owner)
    except OSError as error:
        log.error(f"could not write the results: {error}")
