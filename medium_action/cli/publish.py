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
from medium_action.cli.summary import end_of_run_lines
from medium_action.errors import AuthError, ConfigError, GitError, MediumPublishError
from medium_action.github import report
from medium_action.log import Log
from medium_action.redaction import Redactor
from medium_action.results import Failed, RunResult
from medium_action.settings import SECRET_FIELDS, Settings, load_settings, variable_names
from medium_action.sources.git import Git
from medium_action.sources.selection import Selection, select_files
from medium_action.sources.since import branch_name
from medium_action.workspace_files import owner_of, write_atomic

if TYPE_CHECKING:
    from medium_action.github.client import GitHubClient
    from medium_action.ledger.place import Place
    from medium_action.ledger.statefile import StateFile
    from medium_action.publishing.targets.medium.target import MediumTarget
    from medium_action.sources.article import Defaults

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


def run(
    flags: Mapping[str, Any],
    environ: Mapping[str, str],
    *,
    failed_before: Sequence[Failed] = (),
) -> int:
    """One publishing run: settings, clients, the flow, the reports, the exit status.
    ``failed_before``: files the command line already found wanting (a FILE that does not
    exist), reported with the others and making the run fail."""
    redactor = Redactor(given_secrets(flags, environ))
    in_github = environ.get("GITHUB_ACTIONS") == "true"
    log = Log(github=in_github, redactor=redactor)
    result = RunResult()
    env: Environment | None = None
    settings: Settings | None = None
    try:
        env = Environment.read(environ)
        settings = load_settings(flags, environ)
        for secret in (getattr(settings, name) for name in sorted(SECRET_FIELDS)):
            redactor.add(secret)
        result.dry_run = settings.dry_run
        warning = settings.api_url_warning()
        if warning and not settings.dry_run:
            log.warning(warning)
        settings.check_credentials(github=in_github)
        result = _publish(settings, env, log, environ)
        status = (
            EXIT_CONFIG
            if result.fatal
            else EXIT_FAILED
            if result.failed or result.needs_attention
            else EXIT_OK
        )
    except (ConfigError, AuthError, GitError) as error:
        log.error(str(error))
        result.failed.append(_fatal(error))
        status = EXIT_CONFIG
    except MediumPublishError as error:
        log.error(str(error))
        status = EXIT_FAILED
    except KeyboardInterrupt as interrupt:  # a second SIGINT/SIGTERM outside a post
        log.error(f"interrupted ({interrupt or 'SIGINT'}); what was done is reported below")
        status = EXIT_FAILED
    except Exception as error:  # a bug: say so plainly; the traceback only when debugging
        log.error(f"unexpected {type(error).__name__}: {error} (this is a bug, please report it)")
        if env is not None and env.debug:
            sys.stderr.write(redactor.redact(traceback.format_exc()))
        status = EXIT_FAILED
    for failure in failed_before:
        log.outcome("failed", failure.file, failure.error, line=failure.line)
    result.failed.extend(failed_before)
    if failed_before:
        status = max(status, EXIT_FAILED)
    log.summary(end_of_run_lines(result, log))
    _write_reports(result, settings, env, log)
    return status


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
    settings: Settings, env: Environment, log: Log, environ: Mapping[str, str]
) -> RunResult:
    # The ledger is loaded only when the run needs it: a push that changes no post reads
    # none and never even imports it (bench/bench_noop.py).
    workspace = env.workspace.resolve()
    git = Git(workspace)

    def state_file() -> StateFile:
        from medium_action.ledger.statefile import StateFile

        return StateFile(workspace / settings.state_file, owner=owner_of(workspace))

    # Outside GitHub no event says where the push began: the state file remembers the last
    # commit each run handled on its branch (read without the lock: it only picks a range).
    outside_github = env.event_name is None and not settings.files
    branch = branch_name(environ, git) if outside_github and not settings.since else None
    last = None
    if branch:
        from medium_action.ledger.place import Place

        known = state_file()
        if known.path.exists():
            last = known.read(Place(settings.api_url)).last_commit(branch)
    selection = select_files(
        settings,
        git=git,
        workspace=workspace,
        event_name=env.event_name,
        event=env.event(),
        sha=env.sha,
        log=log,
        environ=environ,
        last_handled=last,
    )
    remember = outside_github and not settings.dry_run and bool(selection.branch)
    if not selection.candidates and not remember:
        return RunResult(skipped=selection.skipped, dry_run=settings.dry_run)
    from medium_action.ledger.place import Place

    state, place = state_file(), Place(settings.api_url)
    with state:  # one run at a time on this state file, for the whole run
        result = (
            _publish_selection(selection, settings, env, log, state, place)
            if selection.candidates
            else RunResult(skipped=selection.skipped, dry_run=settings.dry_run)
        )
        if remember:
            _remember_handled(selection, result, state, place)
    return result


def _remember_handled(
    selection: Selection, result: RunResult, state: StateFile, place: Place
) -> None:
    """The next run on this branch starts after this one, unless a file was left behind: then
    it starts where this one did, so that the file is tried again."""
    if not (selection.branch and selection.head) or result.failed or result.needs_attention:
        return
    ledger = state.load(place)
    if ledger.last_commit(selection.branch) != selection.head:
        ledger.set_last_commit(selection.branch, selection.head)
        state.save(ledger)


def _publish_selection(
    selection: Selection,
    settings: Settings,
    env: Environment,
    log: Log,
    state: StateFile,
    place: Place,
) -> RunResult:
    workspace = env.workspace.resolve()
    # Imported only now: a run with nothing to publish never loads rendering or HTTP.
    from medium_action.github.commit_ledger import CommitLedger
    from medium_action.publishing.cancellation import Cancellation, cancel_on_signals
    from medium_action.publishing.content import ContentOptions
    from medium_action.publishing.executor import ExecutorOptions
    from medium_action.publishing.flow import Parts, publish
    from medium_action.publishing.plan import PlanOptions
    from medium_action.publishing.recorder import Recorder
    from medium_action.publishing.targets.dry_run import DryRunTarget, Previews
    from medium_action.publishing.targets.medium.profile import MEDIUM
    from medium_action.rendering.links import Repository
    from medium_action.sources.site import read_site_url

    owner = owner_of(workspace)
    sha = selection.sha
    result = RunResult(skipped=list(selection.skipped), dry_run=settings.dry_run)
    github = _github_client(settings, env, log)
    comments = (
        CommitLedger(github, sha, log, write_comments=settings.comment)
        if github is not None and sha
        else None
    )
    previews = Previews(
        workspace=workspace, preview_dir=workspace / settings.preview_dir, owner=owner
    )
    target = (
        DryRunTarget(previews, rehearses=MEDIUM)
        if settings.dry_run
        else _medium_target(settings, log)
    )
    parts = Parts(
        workspace=workspace,
        target=target,
        recorder=Recorder(
            state,
            place,
            comments,
            result,
            log,
            comments_off=(
                "no github-token" if env.in_github and settings.github_token is None else None
            ),
        ),
        previews=previews,
        plan=PlanOptions(defaults=_defaults(settings), target=target.profile, force=settings.force),
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
            ),
            now=datetime.now(UTC),
            debug=env.debug,
        ),
    )
    try:
        with cancel_on_signals(Cancellation(), log) as cancel:
            return publish(selection.candidates, parts, result=result, log=log, cancel=cancel)
    finally:
        target.close()
        if github is not None:
            github.close()


def _medium_target(settings: Settings, log: Log) -> MediumTarget:
    from medium_action.medium.client import MediumClient
    from medium_action.publishing.targets.medium.target import Credentials, MediumTarget

    return MediumTarget(
        MediumClient.create(settings.api_url, sleep=announced_sleep(log)),
        api_url=settings.api_url,
        credentials=Credentials(
            token=settings.token,
            refresh_token=settings.refresh_token,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
        ),
        publication=settings.publication,
        log=log,
    )


def announced_sleep(
    log: Log, sleep: Callable[[float], None] = time.sleep
) -> Callable[[float], None]:
    """Waits as Medium asks (Retry-After, backoff), saying so when it is long enough to notice."""

    def wait(seconds: float) -> None:
        if seconds >= 2:
            log.info(f"Medium asked to wait: trying again in {seconds:.0f} s")
        sleep(seconds)

    return wait


def _defaults(settings: Settings) -> Defaults:
    from medium_action.sources.article import Defaults

    return Defaults(
        publish_status=settings.publish_status,
        tags=tuple(settings.tags or ()),
        canonical_url=settings.canonical_url,
        license=settings.license,
        notify_followers=settings.notify_followers,
        publication=None,
    )


def _github_client(settings: Settings, env: Environment, log: Log) -> GitHubClient | None:
    if settings.dry_run or settings.github_token is None or not env.repository:
        return None
    from medium_action.cli.redacting_github import RedactingGitHubClient

    return RedactingGitHubClient.create_redacting(
        log.redactor,  # shared: it learns the refresh flow's token too
        api_url=env.api_url,
        repository=env.repository,
        token=settings.github_token,
    )


def _fatal(error: Exception) -> Failed:
    return Failed("(settings)" if isinstance(error, ConfigError) else "(run)", str(error))


def _write_reports(
    result: RunResult, settings: Settings | None, env: Environment | None, log: Log
) -> None:
    """Outputs always, whatever happened: a workflow's next step may rely on them."""
    if env is None:
        return
    redact = log.redactor.redact
    owner = owner_of(env.workspace)
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
