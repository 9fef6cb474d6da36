"""The command line: the one place that reads the environment, builds clients and exits.

    medium-publish [publish] [--publish-status draft ...]  publish (flags, INPUT_*, MEDIUM_*)
    medium-publish preview FILE...                         render FILEs to previews, call nothing
    medium-publish sandbox [--port N]                      serve the embedded Medium sandbox
    medium-publish demo                                    publish examples/ to a sandbox
    medium-publish export FILE...                          pages to paste into Medium's editor
    medium-publish status [--json] | adopt FILE URL | forget FILE   read and tend the ledger
    medium-publish help [COMMAND] | --version

Modules: ``registry`` (how a subcommand is declared), ``commands`` (publish, preview, sandbox,
demo, and the dispatch), ``ledger_commands`` (status, adopt, forget), ``export_command``
(export), ``options`` (the settings as flags), ``environment`` (what the process environment
says), ``publish`` (the publishing run), ``summary`` (the end of the log).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from medium_action.cli import export_command, ledger_commands  # noqa: F401  (registers them)
from medium_action.cli.commands import dispatch, version
from medium_action.cli.environment import Environment
from medium_action.cli.publish import EXIT_CONFIG, EXIT_FAILED, EXIT_OK, run
from medium_action.cli.registry import COMMANDS, command

__all__ = [
    "COMMANDS",
    "EXIT_CONFIG",
    "EXIT_FAILED",
    "EXIT_OK",
    "Environment",
    "command",
    "main",
    "run",
    "version",
]


def main(argv: Sequence[str] | None = None) -> int:
    return dispatch(sys.argv[1:] if argv is None else argv)
