"""The command line and the one place that reads the environment, builds clients and exits.

    medium-publish [--publish-status draft ...]   publish (settings from flags, INPUT_*, MEDIUM_*)
    medium-publish preview FILE...                 render FILEs to previews, call nothing
    medium-publish sandbox [--port N]              serve the embedded Medium sandbox
    medium-publish demo                            publish examples/ to a sandbox started here

Exit status: 0 all went well or nothing to do; 1 a file failed; 2 configuration or
authentication error (nothing published).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medium_action.errors import AuthError, ConfigError, GitError, MediumPublishError
from medium_action.github import report
from medium_action.ledger.statefile import StateFile
from medium_action.log import Log
from medium_action.rendering.links import Repository
from medium_action.results import Failed, RunResult
from medium_action.settings import Settings, load_settings
from medium_action.sources.git import Git
from medium_action.sources.selection import select_files
from medium_action.workspace_files import owner_of, write_atomic

if TYPE_CHECKING:
    from medium_action.github.client import GitHubClient

EXIT_OK, EXIT_FAILED, EXIT_CONFIG = 0, 1, 2


@dataclass(frozen=True)
class Environment:
    """What the run needs from the process environment besides the settings."""

    workspace: Path
    in_github: bool
    debug: bool
    event_name: str | None
    event_path: Path | None
    sha: str | None
    repository: str | None
    server_url: str
    api_url: str
    output_file: Path | None
    summary_file: Path | None

    def event(self) -> Mapping[str, Any] | None:
        """The GitHub event's payload, read when needed (a broken one is a ConfigError, raised
        after the environment was read, so that the outputs can still be written)."""
        if self.event_path is None or not self.event_path.is_file():
            return None
        try:
            loaded = json.loads(self.event_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ConfigError(
                f"GITHUB_EVENT_PATH {self.event_path}: unreadable ({error})"
            ) from None
        return loaded if isinstance(loaded, dict) else None

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> Environment:
        def path(name: str) -> Path | None:
            value = environ.get(name)
            return Path(value) if value else None

        return cls(
            workspace=Path(environ.get("GITHUB_WORKSPACE") or os.getcwd()),
            in_github=environ.get("GITHUB_ACTIONS") == "true",
            debug=environ.get("RUNNER_DEBUG") == "1"
            or environ.get("ACTIONS_STEP_DEBUG", "").lower() == "true"
            or environ.get("MEDIUM_DEBUG", "").lower() in ("1", "true"),
            event_name=environ.get("GITHUB_EVENT_NAME") or None,
            event_path=path("GITHUB_EVENT_PATH"),
            sha=environ.get("GITHUB_SHA") or None,
            repository=environ.get("GITHUB_REPOSITORY") or None,
            server_url=environ.get("GITHUB_SERVER_URL") or "https://github.com",
            api_url=environ.get("GITHUB_API_URL") or "https://api.github.com",
            output_file=path("GITHUB_OUTPUT"),
            summary_file=path("GITHUB_STEP_SUMMARY"),
        )


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == ["sandbox"]:
        from medium_action.sandbox.server import main as sandbox_main

        return sandbox_main(args[1:])
    if args[:1] == ["demo"]:
        from medium_action.demo import main as demo_main

        return demo_main(args[1:])
    preview = args[:1] == ["preview"]
    parser = _parser(preview)
    options = vars(parser.parse_args(args[1:] if preview else args))
    flags = {key: value for key, value in options.items() if value is not None}
    if preview:
        flags["files"] = flags.pop("paths")
        flags["dry_run"] = True
    return run(flags, os.environ)


def run(flags: Mapping[str, Any], environ: Mapping[str, str]) -> int:
    """One publishing run: settings, clients, the flow, the reports, the exit status."""
    log = Log(github=environ.get("GITHUB_ACTIONS") == "true")
    result = RunResult()
    env: Environment | None = None
    settings: Settings | None = None
    try:
        env = Environment.read(environ)
        settings = load_settings(flags, environ)
        result.dry_run = settings.dry_run
        settings.check_credentials()
        result = _publish(settings, env, log, environ)
        status = EXIT_CONFIG if result.fatal else EXIT_FAILED if result.failed else EXIT_OK
    except (ConfigError, AuthError, GitError) as error:
        log.error(str(error))
        result.failed.append(_fatal(error))
        status = EXIT_CONFIG
    except MediumPublishError as error:
        log.error(str(error))
        status = EXIT_FAILED
    except Exception as error:  # a bug: say so plainly; the traceback only when debugging
        log.error(f"unexpected {type(error).__name__}: {error}")
        if env is not None and env.debug:
            traceback.print_exc()
        status = EXIT_FAILED
    for line in report.log_lines(result):
        log.info(line)
    _write_reports(result, settings, env, log)
    return status


def _publish(
    settings: Settings, env: Environment, log: Log, environ: Mapping[str, str]
) -> RunResult:
    workspace = env.workspace.resolve()
    selection = select_files(
        settings,
        git=Git(workspace),
        workspace=workspace,
        environ=environ,
        event_name=env.event_name,
        event=env.event(),
        sha=env.sha,
        log=log,
    )
    if not selection.candidates:
        return RunResult(skipped=selection.skipped, dry_run=settings.dry_run)
    # Imported only now: a run with nothing to publish never loads rendering or HTTP.
    from medium_action.ledger.comments import CommitLedger
    from medium_action.medium.client import MediumClient
    from medium_action.publishing.flow import Publisher

    owner = owner_of(workspace)
    sha = selection.sha
    medium = None if settings.dry_run else MediumClient.create(settings.api_url)
    github = _github_client(settings, env)
    publisher = Publisher(
        settings,
        workspace=workspace,
        log=log,
        state=StateFile(workspace / settings.state_file, owner=owner),
        medium=medium,
        commit_ledger=(
            CommitLedger(github, sha, log, write_comments=settings.comment)
            if github is not None and sha
            else None
        ),
        repository=(
            Repository(f"{env.server_url.rstrip('/')}/{env.repository}", sha)
            if env.repository and sha
            else None
        ),
        now=datetime.now(UTC),
        owner=owner,
    )
    publisher.result.skipped.extend(selection.skipped)
    try:
        return publisher.run(selection.candidates)
    finally:
        if medium is not None:
            medium.close()
        if github is not None:
            github.close()


def _github_client(settings: Settings, env: Environment) -> GitHubClient | None:
    if settings.dry_run or settings.github_token is None or not env.repository:
        return None
    from medium_action.github.client import GitHubClient

    return GitHubClient.create(
        api_url=env.api_url, repository=env.repository, token=settings.github_token
    )


def _fatal(error: Exception) -> Failed:
    return Failed("(settings)" if isinstance(error, ConfigError) else "(run)", str(error))


def _write_reports(
    result: RunResult, settings: Settings | None, env: Environment | None, log: Log
) -> None:
    """Outputs always, whatever happened: a workflow's next step may rely on them."""
    if env is None:
        return
    owner = owner_of(env.workspace)
    try:
        if env.output_file is not None:
            text = report.output_file_text(report.outputs(result))
            with env.output_file.open("a", encoding="utf-8") as handle:
                handle.write(text)
        if env.summary_file is not None:
            with env.summary_file.open("a", encoding="utf-8") as handle:
                handle.write(report.summary_markdown(result))
        if settings is not None and settings.output_json:
            target = Path(settings.output_json)
            target = target if target.is_absolute() else env.workspace / target
            write_atomic(target, report.json_text(result), owner)
    except OSError as error:
        log.error(f"could not write the results: {error}")


def _parser(preview: bool) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="medium-publish preview" if preview else "medium-publish",
        description=(
            "Render Markdown files to the HTML Medium would receive, and preview pages."
            if preview
            else "Publish Markdown files to Medium. Every flag is also an action input "
            "(INPUT_<NAME>) and an environment variable (MEDIUM_<NAME>); flags win."
        ),
        epilog=None if preview else "Subcommands: preview FILE..., sandbox [--port N], demo",
    )
    if preview:
        parser.add_argument("paths", nargs="+", metavar="FILE")
    for name, field in Settings.model_fields.items():
        flag = "--" + name.replace("_", "-")
        if preview and name in ("files", "dry_run", "token", "refresh_token", "client_secret"):
            continue
        optional_bool = field.annotation is bool
        parser.add_argument(
            flag,
            dest=name,
            metavar="BOOL" if optional_bool else "VALUE",
            nargs="?" if optional_bool else None,
            const="true" if optional_bool else None,
            help=field.description or None,
        )
    return parser
