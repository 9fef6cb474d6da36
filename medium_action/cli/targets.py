"""The run's targets built from the settings: one ``Parts`` per target, in the order given, and
what they share (``shared_for``).

Each target gets its own place in the ledger (its API URL), its own recorder (one state file and
one commit comment shared by all, so their records are written together) and, in a dry run, its
own preview folder. Only this module and ``publish.py`` know which targets exist; the flow is
handed one target at a time.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from medium_action.cli.environment import Environment
from medium_action.github.client import GitHubClient
from medium_action.github.commit_ledger import CommitLedger
from medium_action.ledger.advice import Tending
from medium_action.ledger.place import Place
from medium_action.ledger.records import Ledger, LedgerRecord
from medium_action.ledger.statefile import StateFile
from medium_action.log import Log
from medium_action.publishing.budget import POST_SECONDS, reading_budget
from medium_action.publishing.collector import keep_parsed
from medium_action.publishing.content import ContentOptions
from medium_action.publishing.executor import ExecutorOptions
from medium_action.publishing.flow import Parts
from medium_action.publishing.plan import PlanOptions
from medium_action.publishing.public_urls import PublicUrls, public_repository
from medium_action.publishing.recorder import Recorder
from medium_action.publishing.targets.base import Target
from medium_action.publishing.targets.dry_run import DryRunTarget, Previews
from medium_action.publishing.targets.medium.profile import MEDIUM
from medium_action.publishing.targets.profile import Profile
from medium_action.rendering.dialects.choose import site_dialect
from medium_action.rendering.links import Repository
from medium_action.results import Posted, RunResult
from medium_action.settings import Settings
from medium_action.sources.ancestry import Ancestry
from medium_action.sources.article import Defaults
from medium_action.sources.git import Git
from medium_action.sources.renames import UnseenRenames
from medium_action.sources.selection import Selection
from medium_action.sources.site import read_site_url
from medium_action.workspace_files import owner_of


@dataclass(frozen=True)
class Shared:
    """What every target of one run shares."""

    settings: Settings
    env: Environment
    log: Log
    state: StateFile
    comments: CommitLedger | None
    plan: PlanOptions
    """The planner's options but the target's profile, which each target sets."""
    execution: ExecutorOptions
    sha: str | None
    owner: tuple[int, int] | None


def shared_for(
    selection: Selection,
    settings: Settings,
    env: Environment,
    log: Log,
    state: StateFile,
    github: GitHubClient | None,
    *,
    preview: bool,
) -> Shared:
    """What every target of the run shares: the ledger's copies, the planner's and the
    executor's options."""
    workspace = env.workspace.resolve()
    sha = selection.sha
    tending = Tending(settings.api_url, settings.state_file)
    post_seconds = env.post_seconds or POST_SECONDS  # a test's own budget, else the real one
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
    return Shared(
        settings=settings,
        env=env,
        log=log,
        state=state,
        comments=comments,
        plan=PlanOptions(
            defaults=_defaults(settings, workspace),
            target=MEDIUM,  # each target's own profile replaces it (cli/targets.py)
            force=settings.force,
            renamed=UnseenRenames(Git(workspace)).renamed if selection.head else None,
            tending=tending,
            preview=preview,
            workspace=workspace,
            reading_budget=reading_budget(post_seconds),
            post_held=keep_parsed,
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
                post_seconds=post_seconds,
            ),
            now=datetime.now(UTC),
            debug=env.debug,
            tending=tending,
        ),
        sha=sha,
        owner=owner_of(workspace),
    )


def _defaults(settings: Settings, workspace: Path | None = None) -> Defaults:
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


def target_parts(shared: Shared) -> Iterator[Parts]:
    """One ``Parts`` per target of ``targets``, built when its turn comes (a target that cannot
    be built never stops the ones before it)."""
    written: list[LedgerRecord] = []
    for name in shared.settings.targets:
        if name != EXPORT:  # writes pages, posts nothing: see export_selection
            yield _parts(name, shared, written)


EXPORT = "medium-export"
"""The target of writers without a token: a page per post to paste into Medium's editor."""


def export_selection(paths: Sequence[str], shared: Shared, ledger: Ledger) -> RunResult:
    """``targets: medium-export``: ``<export-dir>/<path>.html`` for each file, a page with a
    button that copies the post for Medium's editor (``publishing/export.py``). Nothing is sent
    and nothing recorded, so a later run with a token still publishes the file; each page is
    listed in the results with ``target: medium-export``, a file that cannot be exported fails
    for that target only. ``ledger`` is read for links to posts already on Medium. Returns the
    export's piece of the run's result."""
    from medium_action.publishing.export import ExportOptions, export_files

    settings, log = shared.settings, shared.log
    workspace = shared.env.workspace.resolve()
    outcome = export_files(
        paths,
        ExportOptions(
            workspace=workspace,
            export_dir=workspace / settings.export_dir,
            urls=public_urls(shared),
            content=replace(shared.execution.content, content_format="html"),
            defaults=shared.plan.defaults,
            now=shared.execution.now,
            owner=shared.owner,
        ),
        ledger,
    )
    posts: list[Posted] = []
    for item in outcome.exported:
        for message, line in item.warnings:
            log.warning(message, file=item.file, line=line)
        page = item.page.resolve()
        shown = (
            page.relative_to(workspace).as_posix() if page.is_relative_to(workspace) else str(page)
        )
        log.outcome("exported", item.file, shown)
        posts.append(
            Posted(item.file, "", shown, item.title, settings.publish_status, target=EXPORT)
        )
    for failure in outcome.failed:
        log.outcome("failed", failure.file, failure.error, line=failure.line)
    notices = []
    if outcome.index is not None:
        index = outcome.index.resolve()
        where = index.relative_to(workspace) if index.is_relative_to(workspace) else index
        notices.append(
            f"Pages to paste into Medium's editor: {where} (nothing was sent to Medium and "
            "nothing is recorded as published; upload the folder as an artifact to download it)"
        )
    return RunResult(
        posts=tuple(posts),
        failed=tuple(replace(failure, target=EXPORT) for failure in outcome.failed),
        notices=tuple(notices),
    )


def place_of(name: str, settings: Settings) -> Place:
    return Place(settings.devto_api_url if name == "devto" else settings.api_url)


def _parts(name: str, shared: Shared, written: list[LedgerRecord]) -> Parts:
    settings, env = shared.settings, shared.env
    workspace = env.workspace.resolve()
    recorder = Recorder(
        shared.state,
        place_of(name, settings),
        shared.comments,
        shared.log,
        comments_off=(
            "no github-token" if env.in_github and settings.github_token is None else None
        ),
        written=written,
    )
    preview_dir = workspace / settings.preview_dir
    if len(settings.targets) > 1 and name != "medium":
        preview_dir = preview_dir / name  # each target's previews apart: the same paths
    previews = Previews(workspace=workspace, preview_dir=preview_dir, owner=shared.owner)
    profile = _profile(name)
    target: Target = (
        DryRunTarget(previews, rehearses=profile)
        if settings.dry_run
        else _devto_target(shared, recorder)
        if name == "devto"
        else medium_target(settings, shared.log)
    )
    return Parts(
        workspace=workspace,
        target=target,
        recorder=recorder,
        previews=previews,
        plan=replace(shared.plan, target=profile),
        execution=shared.execution,
    )


def _profile(name: str) -> Profile:
    if name == "devto":
        from medium_action.publishing.targets.devto.profile import DEVTO

        return DEVTO
    from medium_action.publishing.targets.medium.profile import MEDIUM

    return MEDIUM


def public_urls(shared: Shared) -> PublicUrls:
    """Where the workspace's files are on the web (``image-base-url``, ``site-url``, a public
    GitHub repository at this commit)."""
    return PublicUrls(
        image_base_url=shared.settings.image_base_url,
        site_url=shared.execution.content.site_url,
        raw=public_repository(shared.env.repository, shared.sha, shared.env.event()),
    )


def _devto_target(shared: Shared, recorder: Recorder) -> Target:
    from medium_action.publishing.targets.devto.client import DevtoClient
    from medium_action.publishing.targets.devto.target import DevtoTarget

    settings = shared.settings
    medium = place_of("medium", settings)

    def medium_url(path: str) -> str | None:
        """The same file's Medium post: this run's (recorded before dev.to's turn) or earlier."""
        record = recorder.ledger.find_at(path, medium)
        return record.url if record is not None and record.is_published and record.url else None

    return DevtoTarget(
        DevtoClient.create(settings.devto_api_url, sleep=announced_sleep(shared.log, "dev.to")),
        api_url=settings.devto_api_url,
        api_key=settings.devto_api_key,
        workspace=shared.env.workspace.resolve(),
        public_urls=public_urls(shared),
        medium_url=medium_url,
        log=shared.log,
    )


def medium_target(settings: Settings, log: Log) -> Target:
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
    log: Log, who: str = "Medium", sleep: Callable[[float], None] = time.sleep
) -> Callable[[float], None]:
    """Waits as the API asks (Retry-After, backoff), saying so when it is long enough to notice."""

    def wait(seconds: float) -> None:
        if seconds >= 2:
            log.info(f"{who} asked to wait: trying again in {seconds:.0f} s")
        sleep(seconds)

    return wait
