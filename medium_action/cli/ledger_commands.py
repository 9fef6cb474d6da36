"""``status``, ``adopt`` and ``forget``: the ledger read and tended without editing JSON.

They work on the state file (locked, as a run does). In a GitHub run with a github-token,
``adopt`` and ``forget`` also write their record to a commit comment on ``GITHUB_SHA``, the
copy a fresh checkout reads: ``forget`` writes a tombstone that drops the older record there.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from medium_action.cli.environment import Environment
from medium_action.cli.publish import EXIT_CONFIG, EXIT_FAILED, EXIT_OK
from medium_action.cli.registry import command
from medium_action.errors import ConfigError, GitHubError, LedgerWriteError
from medium_action.log import Log
from medium_action.settings import Settings, load_settings
from medium_action.sources.globs import workspace_path
from medium_action.unknown_settings import check_environment

if TYPE_CHECKING:
    from medium_action.ledger.place import Place
    from medium_action.ledger.record import LedgerRecord

# The ledger modules are imported inside the commands: this module is loaded by every run (it
# registers its commands), and a publishing run with nothing to publish never reads a ledger.


def _ledger_arguments(
    parser: argparse.ArgumentParser,
    *,
    file: bool = False,
    url: bool = False,
    json_flag: bool = False,
) -> None:
    if file:
        parser.add_argument("file", metavar="FILE", help="the Markdown file, from the workspace")
    if url:
        parser.add_argument("url", metavar="URL", help="the post's address")
    if json_flag:
        parser.add_argument("--json", action="store_true", help="print a JSON list")
    parser.add_argument(
        "--state-file",
        help="the ledger file (MEDIUM_STATE_FILE; default .medium/published.json)",
    )
    parser.add_argument(
        "--api-url",
        help="the API the record is about (MEDIUM_API_URL; default Medium's own): a sandbox "
        "rehearsal's records are kept apart from Medium's",
    )


@command(
    "status",
    "list every file the ledger knows: published, uncertain or edited, with its URL",
    description=(
        "List every file the ledger knows, with its state (published; uncertain: the post\n"
        "request's answer was lost; edited: the file changed since it was published), URL,\n"
        "title, where it went (API and Medium user) and when. --json prints a JSON list."
    ),
    arguments=lambda parser: _ledger_arguments(parser, json_flag=True),
)
def status(options: argparse.Namespace, environ: Mapping[str, str]) -> int:
    return _guarded(lambda: _status(options, environ), environ)


def _status(options: argparse.Namespace, environ: Mapping[str, str]) -> int:
    from medium_action.ledger.commands import status_rows, status_text
    from medium_action.ledger.place import Place
    from medium_action.ledger.records import Ledger
    from medium_action.ledger.statefile import StateFile

    workspace, settings = _setting_up(options, environ)
    state = StateFile(workspace / settings.state_file)
    ledger = state.read(Place(settings.api_url)) if state.path.exists() else Ledger()
    rows = status_rows(ledger, lambda path: _sha256_of(workspace / path))
    if options.json:
        print(json.dumps([row.to_json() for row in rows], indent=2, ensure_ascii=False))
    else:
        print(status_text(rows))
    return EXIT_OK


@command(
    "adopt",
    "record that FILE is published at URL (found on Medium, or published by hand)",
    description=(
        "Record that FILE is published at URL: a post found on Medium after an uncertain\n"
        "outcome, or one published by hand. Later runs skip FILE, naming that URL."
    ),
    arguments=lambda parser: _ledger_arguments(parser, file=True, url=True),
)
def adopt_command(options: argparse.Namespace, environ: Mapping[str, str]) -> int:
    return _guarded(lambda: _adopt(options, environ), environ)


def _adopt(options: argparse.Namespace, environ: Mapping[str, str]) -> int:
    from medium_action.ledger.commands import adopt
    from medium_action.ledger.place import Place
    from medium_action.ledger.statefile import StateFile

    workspace, settings = _setting_up(options, environ)
    file = workspace_path(workspace, options.file, "FILE")
    if not (workspace / file).is_file():
        print(f"{options.file}: no such file in the workspace; nothing recorded", flush=True)
        return EXIT_FAILED
    place = Place(settings.api_url)
    now = datetime.now(UTC)
    with StateFile(workspace / settings.state_file) as state:
        ledger = state.load(place)
        earlier = ledger.find_at(file, place)
        record = adopt(
            ledger,
            file,
            options.url,
            place,
            now,
            sha256=_sha256_of(workspace / file) or "",
            title=earlier.title if earlier else "",
        )
        _to_github(record, settings, environ)
        state.save(ledger)
    print(f"{file}: recorded as published at {options.url}; later runs skip it")
    return EXIT_OK


@command(
    "forget",
    "drop FILE's record, so that the next run may publish it again",
    description=(
        "Drop FILE's record at the API (--api-url, default Medium), so that the next run may\n"
        "publish it again: after an uncertain outcome when no post was made, or to publish a\n"
        "new copy on purpose. Exit 1 when the ledger has no record of FILE there."
    ),
    arguments=lambda parser: _ledger_arguments(parser, file=True),
)
def forget_command(options: argparse.Namespace, environ: Mapping[str, str]) -> int:
    return _guarded(lambda: _forget(options, environ), environ)


def _forget(options: argparse.Namespace, environ: Mapping[str, str]) -> int:
    from medium_action.ledger.commands import forget
    from medium_action.ledger.place import Place
    from medium_action.ledger.record import FORGOTTEN, LedgerRecord
    from medium_action.ledger.records import Ledger
    from medium_action.ledger.statefile import StateFile

    workspace, settings = _setting_up(options, environ)
    # The key every run looks up: "./posts/a.md" and "posts//a.md" are "posts/a.md".
    file = workspace_path(workspace, options.file, "FILE")
    place = Place(settings.api_url)
    on_github = _github_knows(file, place, settings, environ)
    with StateFile(workspace / settings.state_file) as state:
        ledger = state.load(place) if state.path.exists() else Ledger(place)
        dropped = forget(ledger, file, place)
        if not dropped and not on_github:
            print(f"{file}: the ledger has no record of it at {place}; nothing dropped", flush=True)
            return EXIT_FAILED
        tombstone = LedgerRecord(
            path=file,
            sha256="",
            time=datetime.now(UTC).isoformat(timespec="seconds"),
            state=FORGOTTEN,
            api_url=place.api_url,
        )
        wrote_comment = on_github and _to_github(tombstone, settings, environ)
        if dropped:
            state.save(ledger)
    where = " and in this commit's comment" if wrote_comment else ""
    print(f"{file}: record dropped from the state file{where}; the next run may publish it")
    return EXIT_OK


# --- helpers -------------------------------------------------------------------------------


def _setting_up(options: argparse.Namespace, environ: Mapping[str, str]) -> tuple[Path, Settings]:
    flags = {
        name: value
        for name in ("state_file", "api_url")
        if (value := getattr(options, name, None)) is not None
    }
    for notice in check_environment(environ):
        Log(github=environ.get("GITHUB_ACTIONS") == "true").warning(notice)
    return Environment.read(environ).workspace, load_settings(flags, environ)


def _sha256_of(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _github_knows(file: str, place: Place, settings: Settings, environ: Mapping[str, str]) -> bool:
    """Whether, in a GitHub run with a token, the commit comments hold a live record of
    ``file`` at ``place`` (False outside GitHub): a tombstone for nothing would be noise."""
    env = Environment.read(environ)
    if not (env.in_github and settings.github_token and env.repository and env.sha):
        return False
    from medium_action.github.client import GitHubClient
    from medium_action.github.commit_ledger import CommitLedger
    from medium_action.ledger.records import Ledger

    client = GitHubClient.create(
        api_url=env.api_url, repository=env.repository, token=settings.github_token
    )
    try:
        ledger = Ledger(place)
        ledger.merge(CommitLedger(client, env.sha, Log(github=True)).load())
    finally:
        client.close()
    return ledger.find_at(file, place) is not None


def _to_github(record: LedgerRecord, settings: Settings, environ: Mapping[str, str]) -> bool:
    """In a GitHub run with a token, writes ``record`` to this commit's comment (required: a
    refusal is an error, since a fresh checkout would not see the change)."""
    env = Environment.read(environ)
    if not (env.in_github and settings.github_token and env.repository and env.sha):
        return False
    from medium_action.github.client import GitHubClient
    from medium_action.github.commit_ledger import CommitLedger
    from medium_action.results import RunResult

    log = Log(github=True)
    client = GitHubClient.create(
        api_url=env.api_url, repository=env.repository, token=settings.github_token
    )
    try:
        CommitLedger(client, env.sha, log).write(RunResult(), [record], required=True)
    finally:
        client.close()
    return True


def _guarded(action: Callable[[], int], environ: Mapping[str, str]) -> int:
    log = Log(github=environ.get("GITHUB_ACTIONS") == "true")
    try:
        return action()
    except (ConfigError, LedgerWriteError, GitHubError) as error:
        log.error(str(error))
        return EXIT_CONFIG
