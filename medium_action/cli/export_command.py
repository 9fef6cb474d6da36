"""``medium-publish export FILE...``: a page per post to paste into Medium's editor, no token.

It reads the settings that shape a post (tags, canonical-url, site-url, image-base-url,
export-dir), renders each FILE (``publishing/export.py``), writes the pages and their index, and
in a GitHub run lists them in the job summary. It sends nothing and records nothing.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from medium_action.cli.environment import Environment
from medium_action.cli.options import add_setting_flags, given_flags
from medium_action.cli.publish import EXIT_CONFIG, EXIT_FAILED, EXIT_OK
from medium_action.cli.registry import command
from medium_action.errors import ConfigError
from medium_action.log import Log
from medium_action.reporting.tables import cell, table
from medium_action.results import Failed
from medium_action.settings import Settings, load_settings
from medium_action.sources.selection import GLOB_CHARACTERS

if TYPE_CHECKING:  # the state file is read only when an export runs, never on a no-op push
    from medium_action.ledger.records import Ledger

#: The settings that mean something to an export; the others (token, API, ledger writes) not.
EXPORT_SETTINGS = frozenset(
    {
        "export_dir",
        "image_base_url",
        "site_url",
        "canonical_url",
        "tags",
        "state_file",
    }
)


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE", help="Markdown files or globs")
    add_setting_flags(parser, leave_out=set(Settings.model_fields) - EXPORT_SETTINGS)


@command(
    "export",
    "write a page per FILE with a button that copies it for Medium's editor; no token needed",
    description=(
        "For writers without a Medium token: write <export-dir>/<path>.html for each FILE\n"
        "(paths or globs, relative to the workspace), a page that shows the post with a button\n"
        "that copies it for pasting into Medium's editor, the tags and canonical URL to set, and\n"
        'the steps of Medium\'s "Import a story" where the post has a public address; and\n'
        "<export-dir>/index.html listing them. Local images are shown at their public URLs\n"
        "(image-base-url, else site-url, else raw.githubusercontent.com in a GitHub run of a\n"
        "public repository). Nothing is sent and nothing is recorded as published.\n\n"
        "Exit status: 0 every FILE exported; 1 a FILE could not be; 2 a bad setting."
    ),
    arguments=_export_arguments,
)
def export(options: argparse.Namespace, environ: Mapping[str, str]) -> int:
    log = Log(github=environ.get("GITHUB_ACTIONS") == "true")
    try:
        return _export(list(options.paths), given_flags(options), environ, log)
    except ConfigError as error:
        log.error(str(error))
        return EXIT_CONFIG


def _export(
    named: list[str], flags: Mapping[str, object], environ: Mapping[str, str], log: Log
) -> int:
    from medium_action.publishing.content import ContentOptions
    from medium_action.publishing.export import ExportOptions, export_files
    from medium_action.publishing.public_urls import PublicUrls, public_repository
    from medium_action.rendering.links import Repository
    from medium_action.sources.article import Defaults
    from medium_action.sources.globs import expand
    from medium_action.sources.site import read_site_url
    from medium_action.workspace_files import owner_of

    env = Environment.read(environ)
    settings = load_settings(dict(flags), environ)
    workspace = env.workspace.resolve()
    paths, unmatched = expand(workspace, named)
    failed = [Failed(pattern, "no such file") for pattern in unmatched if _is_path(pattern)]
    for pattern in unmatched:
        if not _is_path(pattern):
            log.warning(f"{pattern!r} matches no file in the workspace")
    site_url = settings.site_url or read_site_url(workspace)
    urls = PublicUrls(
        image_base_url=settings.image_base_url,
        site_url=site_url,
        raw=public_repository(env.repository, env.sha, env.event()),
    )
    repository = (
        Repository(f"{env.server_url.rstrip('/')}/{env.repository}", env.sha)
        if env.repository and env.sha
        else None
    )
    export_dir = workspace / settings.export_dir
    result = export_files(
        paths,
        ExportOptions(
            workspace=workspace,
            export_dir=export_dir,
            urls=urls,
            content=ContentOptions(
                workspace=workspace, content_format="html", repository=repository, site_url=site_url
            ),
            defaults=Defaults(
                tags=tuple(settings.tags or ()), canonical_url=settings.canonical_url
            ),
            now=datetime.now(UTC),
            owner=owner_of(workspace),
        ),
        _ledger(workspace / settings.state_file, settings.api_url, log),
    )
    for item in result.exported:
        for message, line in item.warnings:
            log.warning(message, file=item.file, line=line)
        log.info(f"exported: {item.file} -> {_shown(item.page, workspace)}")
    for failure in [*result.failed, *failed]:
        log.outcome("failed", failure.file, failure.error, line=failure.line)
    lines = []
    if result.index is not None:
        lines.append(
            f"Pages to copy into Medium's editor: {_shown(result.index, workspace)} "
            "(open it in a browser; nothing was sent to Medium, nothing recorded as published)"
        )
    lines.append(f"{len(result.exported)} exported, {len(result.failed) + len(failed)} failed")
    log.summary(lines)
    if env.summary_file is not None:
        text = summary_markdown(
            [(item.file, item.title, _shown(item.page, workspace)) for item in result.exported],
            [(failure.file, failure.error) for failure in [*result.failed, *failed]],
            _shown(export_dir, workspace),
        )
        try:
            with env.summary_file.open("a", encoding="utf-8", errors="replace") as handle:
                handle.write(text)
        except OSError as error:
            log.error(f"could not write the job summary: {error}")
    return EXIT_FAILED if result.failed or failed else EXIT_OK


def summary_markdown(
    exported: Sequence[tuple[str, str, str]],
    failed: Sequence[tuple[str, str]],
    export_dir: str,
) -> str:
    """The job summary's section: ``(file, title, page)`` rows and ``(file, error)`` failures,
    every piece of text through the run summary's one escaping (``reporting/tables.py``)."""
    lines = [f"### Exported for Medium's editor ({len(exported)})", ""]
    if exported:
        rows = [(cell(file), cell(title), cell(page)) for file, title, page in exported]
        lines += table(("File", "Title", "Page"), rows)
        lines += [
            f"Upload {cell(export_dir)} as an artifact (`actions/upload-artifact`), download it, "
            "open a page and press **Copy for Medium**. Nothing was sent to Medium.",
        ]
    if failed:
        lines += [
            "",
            *table(("File", "Error"), [(cell(file), cell(error)) for file, error in failed]),
        ]
    return "\n".join(lines) + "\n\n"


def _ledger(path: Path, api_url: str, log: Log) -> Ledger:
    """The state file's records, for links to posts already on Medium; read, never written."""
    from medium_action.ledger.place import Place
    from medium_action.ledger.records import Ledger
    from medium_action.ledger.statefile import StateFile

    if not path.is_file():
        return Ledger()
    try:
        return StateFile(path).read(Place(api_url))
    except ConfigError as error:  # it costs links to other posts, not the export
        log.warning(f"{error}; links to other posts stay links to the site")
        return Ledger()


def _is_path(pattern: str) -> bool:
    return not GLOB_CHARACTERS & set(pattern)


def _shown(path: Path, workspace: Path) -> str:
    return path.relative_to(workspace).as_posix() if path.is_relative_to(workspace) else str(path)
