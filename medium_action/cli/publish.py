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
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medium_action.cli.environment import Environment
from medium_action.cli.last_run import last_run_asker
from medium_action.errors import (
    AuthError,
    ConfigError,
    GitError,
    HistoryError,
    MediumPublishError,
)
from medium_action.log import Log
from medium_action.redaction import Redactor
from medium_action.reporting.end_of_run import end_of_run_lines
from medium_action.reporting.write import ReportFiles, write_reports
from medium_action.results import Failed, RunResult, combined, handed_up, so_far
from medium_action.settings import SECRET_FIELDS, Settings, load_settings, variable_names
from medium_action.sources.bookmark import apply_bookmark, moves_bookmark, next_bookmark
from medium_action.sources.git import Git
from medium_action.sources.selection import Selection, select_files
from medium_action.unknown_settings import check_environment
from medium_action.workspace_files import owner_of

if TYPE_CHECKING:
    from medium_action.github.client import GitHubClient
    from medium_action.ledger.place import Place
    from medium_action.ledger.records import Ledger
    from medium_action.ledger.statefile import StateFile

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
    selection: Selection | None = None
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
        result = RunResult(dry_run=settings.dry_run)
        warning = settings.api_url_warning()
        if warning and not settings.dry_run:
            log.warning(warning)
        settings.check_credentials(github=in_github)
        selection = _select(settings, env, log, environ)
        result = _publish(selection, settings, env, log, preview=preview)
        status = (
            EXIT_CONFIG
            if result.fatal
            else EXIT_FAILED
            if result.failed or result.needs_attention or result.unrecorded
            else EXIT_OK
        )
    # Whatever stops the run, what its layers had produced comes up with the error (so_far).
    except (ConfigError, AuthError, GitError) as error:
        log.error(str(error))
        result = _stopped(str(error), selection, result + so_far(error))
        # the run's error, not a file's: no file is named for it
        result = replace(result, fatal=str(error))
        # "nothing was published" (exit 2) only while that is true
        status = EXIT_FAILED if result.posts else EXIT_CONFIG
    except HistoryError as error:  # which files changed cannot be told: none was considered
        log.error(str(error))
        result += so_far(error) + RunResult(failed=(Failed("(changes)", str(error)),))
        status = EXIT_FAILED
    except MediumPublishError as error:
        log.error(str(error))
        result = _stopped(str(error), selection, result + so_far(error))
        status = EXIT_FAILED
    except KeyboardInterrupt as interrupt:  # a second SIGINT/SIGTERM outside a post
        log.error(f"interrupted ({interrupt or 'SIGINT'}); what was done is reported below")
        why = f"interrupted ({interrupt or 'SIGINT'})"
        result = _stopped(why, selection, result + so_far(interrupt))
        status = EXIT_FAILED
    except Exception as error:  # a bug: say so plainly; the traceback only when debugging
        log.error(f"unexpected {type(error).__name__}: {error} (this is a bug, please report it)")
        if env is not None and env.debug:
            sys.stderr.write(redactor.redact(traceback.format_exc()))
        why = f"unexpected {type(error).__name__}: {error}"
        result = _stopped(why, selection, result + so_far(error))
        status = EXIT_FAILED
    for failure in failed_before:
        log.outcome("failed", failure.file, failure.error, line=failure.line)
    result += RunResult(failed=tuple(failed_before))
    if failed_before:
        status = max(status, EXIT_FAILED)
    log.summary(end_of_run_lines(result, log))
    _write_reports(result, settings, env, log)
    return status


def _stopped(why: str, selection: Selection | None, result: RunResult) -> RunResult:
    """A run stopped by anything still lists every file truthfully: published, uncertain,
    failed (``result``: what its layers had produced), or, for the rest of the selection, not
    attempted."""
    if selection is None:
        return result
    told = {
        *(post.file for post in result.posts),
        *(skip.file for skip in result.skipped),
        *(fail.file for fail in result.failed),
    }
    untold = [c.path for c in selection.candidates if c.path not in told]
    return result + RunResult(
        failed=tuple(Failed(path, f"not attempted: the run stopped ({why})") for path in untold)
    )


def given_secrets(flags: Mapping[str, Any], environ: Mapping[str, str]) -> list[str]:
    """Every secret value as given, before the settings are read (or fail to be): an error
    while reading them must not print one either."""
    values = []
    for name in SECRET_FIELDS:
        for value in (flags.get(name), *(environ.get(var) for var in variable_names(name))):
            if isinstance(value, str) and value.strip():
                values.append(value)
    return values


def _ledger_files(settings: Settings, workspace: Path) -> tuple[StateFile, Place]:
    # The ledger is loaded only when the run needs it: a push that changes no post reads
    # none and never even imports it (bench/bench_noop.py).
    from medium_action.ledger.place import Place
    from medium_action.ledger.statefile import StateFile

    state = StateFile(workspace / settings.state_file, owner=owner_of(workspace))
    return state, Place(settings.api_url)


def _select(
    settings: Settings, env: Environment, log: Log, environ: Mapping[str, str]
) -> Selection:
    workspace = env.workspace.resolve()

    def bookmarks() -> Ledger | None:
        state, place = _ledger_files(settings, workspace)
        return state.read(place) if state.path.exists() else None

    # Outside GitHub the state file says where the last run on this branch stopped (read
    # without the lock: it only picks a range; sources/selection.py decides when to ask).
    return select_files(
        settings,
        git=Git(workspace),
        workspace=workspace,
        event_name=env.event_name,
        event=env.event(),
        sha=env.sha,
        log=log,
        environ=environ,
        bookmarks=bookmarks,
        last_run=last_run_asker(settings, env, environ, log),
    )


def _publish(
    selection: Selection, settings: Settings, env: Environment, log: Log, *, preview: bool
) -> RunResult:
    remember = moves_bookmark(selection, dry_run=settings.dry_run, targets=settings.targets)
    selected = RunResult(
        skipped=tuple(selection.skipped),
        failed=tuple(selection.failed),
        notices=tuple(selection.notices),
        dry_run=settings.dry_run,
    )
    if not selection.candidates and not remember:
        return selected
    state, place = _ledger_files(settings, env.workspace.resolve())
    with state:  # one run at a time on this state file, for the whole run
        result = (
            _publish_selection(
                selection, selected, settings, env, log, state, place, preview=preview
            )
            if selection.candidates
            else selected
        )
        if remember:
            with handed_up(lambda: result):
                _remember_handled(selection, result, state, place)
    return result


def _remember_handled(
    selection: Selection, result: RunResult, state: StateFile, place: Place
) -> None:
    """Stores where the next run on this branch starts (``sources/bookmark.py`` decides)."""
    bookmark = next_bookmark(selection, result.failed, result.needs_attention)
    if bookmark is None:
        return
    ledger = state.load(place)
    if apply_bookmark(ledger, bookmark):
        state.save(ledger)


def _publish_selection(
    selection: Selection,
    selected: RunResult,
    settings: Settings,
    env: Environment,
    log: Log,
    state: StateFile,
    place: Place,
    *,
    preview: bool = False,
) -> RunResult:
    """Each selected file to each target, one target after the other: a target that fails
    (its files, or all of it) never stops the next one's posts. Each target returns its piece
    of the result; they are added up here, after ``selected`` (the selection's own)."""
    # Imported only now: a run with nothing to publish never loads rendering or HTTP.
    from medium_action.cli.targets import EXPORT, export_selection, shared_for, target_parts
    from medium_action.publishing.cancellation import Cancellation, cancel_on_signals
    from medium_action.publishing.flow import publish

    pieces = [selected]
    with handed_up(lambda: combined(pieces)):
        github = _github_client(settings, env, log)
        try:
            shared = shared_for(selection, settings, env, log, state, github, preview=preview)
            with cancel_on_signals(Cancellation(), log) as cancel:
                for parts in target_parts(shared):
                    try:
                        before = combined(pieces)  # read by the flow, never added to
                        pieces.append(
                            publish(
                                selection.candidates, parts, log=log, before=before, cancel=cancel
                            )
                        )
                    finally:
                        parts.target.close()
                if EXPORT in settings.targets:
                    paths = [candidate.path for candidate in selection.candidates]
                    pieces.append(export_selection(paths, shared, state.read(place)))
        finally:
            if github is not None:
                github.close()
    return combined(pieces)


def announced_sleep(
    log: Log, sleep: Callable[[float], None] = time.sleep
) -> Callable[[float], None]:
    """Waits as Medium asks (Retry-After, backoff), saying so when it is long enough to notice."""
    from medium_action.cli.targets import announced_sleep as announced

    return announced(log, "Medium", sleep)


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
    json_file = None
    if settings is not None and settings.output_json:
        json_file = Path(settings.output_json)
        json_file = json_file if json_file.is_absolute() else env.workspace / json_file
    files = ReportFiles(env.output_file, env.summary_file, json_file, owner_of(env.workspace))
    try:
        write_reports(result, files, log.redactor.redact)
    except OSError as error:
        log.error(f"could not write the results: {error}")
