"""The subcommands publish (the default), preview, sandbox and demo, and the dispatch that runs
the one a command line names (see ``registry`` for how a subcommand is declared)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from importlib import metadata
from typing import Any

from medium_action.cli.environment import Environment
from medium_action.cli.options import PUBLISH_ONLY, add_setting_flags, given_flags
from medium_action.cli.publish import EXIT_CONFIG, EXIT_FAILED, run
from medium_action.cli.registry import COMMANDS, PROG, command, suggest
from medium_action.log import Log
from medium_action.results import Failed
from medium_action.sources.selection import GLOB_CHARACTERS
from medium_action.values import split_patterns


def version() -> str:
    """The installed distribution's version; the package's own when it is not installed (the
    container copies the code without installing it)."""
    try:
        return metadata.version(PROG)
    except metadata.PackageNotFoundError:
        from medium_action import __version__

        return __version__


# --- publish (the default) ---------------------------------------------------------------


def _publish_arguments(parser: argparse.ArgumentParser) -> None:
    add_setting_flags(parser)


@command(
    "publish",
    "publish the Markdown files a push added or changed (the default command)",
    description=(
        "Publish Markdown files to Medium: the files a push added or changed, or those given\n"
        "with --files. Every flag is also an action input (INPUT_<NAME>, in a `uses:` step) and\n"
        "an environment variable (MEDIUM_<NAME>); a flag wins, then the input, then the\n"
        "variable. The token is best given as MEDIUM_TOKEN: flags show in `ps`.\n\n"
        "Exit status: 0 all went well or nothing to do; 1 a file failed or was left for a\n"
        "rerun; 2 a configuration or authentication error (nothing published)."
    ),
    arguments=_publish_arguments,
)
def publish(options: argparse.Namespace, environ: Mapping[str, str]) -> int:
    flags = given_flags(options)
    if not isinstance(flags.get("files"), str):
        return run(flags, environ)
    # --files on the command line: a path typed there that does not exist is an error
    named = split_patterns(flags["files"])
    return _run_named(named, flags, environ, dry_run=False)


# --- preview -----------------------------------------------------------------------------


def _preview_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="FILE", help="Markdown files or globs")
    add_setting_flags(parser, leave_out=PUBLISH_ONLY)


@command(
    "preview",
    "render FILEs to the HTML Medium would receive, and pages to look at; calls nothing",
    description=(
        "Render FILEs (paths or globs, relative to the workspace) to the HTML Medium would\n"
        "receive, in --preview-dir, with a standalone page beside each. Nothing is sent.\n"
        "A FILE that does not exist is an error (exit 1)."
    ),
    arguments=_preview_arguments,
)
def preview(options: argparse.Namespace, environ: Mapping[str, str]) -> int:
    return _run_named(list(options.paths), given_flags(options), environ, dry_run=True)


def _run_named(
    paths: list[str], flags: dict[str, Any], environ: Mapping[str, str], *, dry_run: bool
) -> int:
    """A run of the files named on the command line; one that does not exist (a path, not a
    glob) is that file's failure (exit 1), never a silent success."""
    workspace = Environment.read(environ).workspace
    missing = [
        Failed(path, "no such file")
        for path in paths
        if not GLOB_CHARACTERS & set(path) and not (workspace / path).exists()
    ]
    flags["files"] = [path for path in paths if path not in {fail.file for fail in missing}]
    if dry_run:
        flags["dry_run"] = True
    if not flags["files"]:
        log = Log(github=environ.get("GITHUB_ACTIONS") == "true")
        for failure in missing:
            log.outcome("failed", failure.file, failure.error)
        prefix = "dry run: 0 would be published" if dry_run else "0 published"
        log.summary([f"{prefix}, 0 skipped, {len(missing)} failed"])
        return EXIT_FAILED
    return run(flags, environ, failed_before=missing, preview=dry_run)


# --- sandbox and demo: parsed here for their help, run by their own modules ---------------


def _sandbox_arguments(parser: argparse.ArgumentParser) -> None:
    from medium_action.sandbox.command import arguments

    arguments(parser)


@command(
    "sandbox",
    "serve a Medium look-alike on this machine to rehearse publishing",
    description=(
        "Serve a Medium look-alike on loopback; its first line gives the API URL and token\n"
        "to pass as --api-url and MEDIUM_TOKEN. Nothing reaches Medium. A `docker run`\n"
        "against it needs --network host."
    ),
    arguments=_sandbox_arguments,
)
def sandbox(options: argparse.Namespace, environ: Mapping[str, str]) -> int:
    from medium_action.sandbox.command import main as sandbox_main

    return sandbox_main(list(options.forwarded))


def _demo_arguments(parser: argparse.ArgumentParser) -> None:
    from medium_action.demo import arguments

    arguments(parser)


@command(
    "demo",
    "publish examples/ to a sandbox started here, with no Medium account",
    description=(
        "Start the sandbox on a loopback port, publish examples/ to it as drafts through the\n"
        "same code path as a real run, and print the posts' URLs. On a terminal it then serves\n"
        "them until Ctrl-C (--no-serve: it ends at once). The ledger stays in .medium/, so a\n"
        "second demo publishes nothing new and says why; the sandbox's posts are kept there\n"
        "too, so a later demo (or `sandbox --state`) serves them again."
    ),
    arguments=_demo_arguments,
)
def demo(options: argparse.Namespace, environ: Mapping[str, str]) -> int:
    from medium_action.demo import main as demo_main

    return demo_main(list(options.forwarded), run)


# --- dispatch --------------------------------------------------------------------------------


def overview() -> str:
    width = max(len(name) for name in COMMANDS) + 2
    rows = "\n".join(f"  {name:<{width}}{item.summary}" for name, item in COMMANDS.items())
    return (
        f"usage: {PROG} [COMMAND] [OPTIONS]\n\n"
        "Publish the Markdown files a push adds or changes as Medium posts, never the same\n"
        "file twice.\n\n"
        f"commands (publish when none is given):\n{rows}\n\n"
        f"  {PROG} help COMMAND   a command's options (the settings: help publish)\n"
        f"  {PROG} --version      the version\n"
    )


def dispatch(argv: Sequence[str], environ: Mapping[str, str] | None = None) -> int:
    """Runs the command ``argv`` names (publish when it names none); argparse's own exits
    (``--help``, a usage error) come back as their status."""
    environ = os.environ if environ is None else environ
    args = list(argv)
    first = args[0] if args else None
    if first in ("--version", "-V"):
        print(f"{PROG} {version()}")
        return 0
    if first in ("-h", "--help"):
        print(overview())
        return 0
    if first == "help":
        return _help(args[1:])
    if first in COMMANDS:
        name, rest = first, args[1:]
    elif first is None or first.startswith("-"):
        name, rest = "publish", args
    else:
        print(
            f"{PROG}: unknown command {first!r}{suggest(first, COMMANDS)}; "
            f"`{PROG} help` lists the commands",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    chosen = COMMANDS[name]
    try:
        parser = chosen.parser()
        options, unknown = parser.parse_known_args(rest)
        if unknown:
            parser.unknown(unknown)
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else EXIT_CONFIG
    options.forwarded = rest
    return chosen.handler(options, environ)


def _help(topics: Sequence[str]) -> int:
    if not topics:
        print(overview())
        return 0
    chosen = COMMANDS.get(topics[0])
    if chosen is None:
        print(
            f"{PROG}: no command {topics[0]!r}{suggest(topics[0], COMMANDS)}; "
            f"`{PROG} help` lists the commands",
            file=sys.stderr,
        )
        return EXIT_CONFIG
    chosen.parser().print_help()
    return 0
