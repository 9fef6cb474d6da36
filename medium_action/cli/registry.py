"""The subcommands' registry: each command is one handler plus one ``@command`` registration.

    @command("status", "list every file the ledger knows", arguments=_status_arguments)
    def status(options: argparse.Namespace, environ: Mapping[str, str]) -> int: ...

``arguments`` adds the command's own flags to its parser; the handler gets the parsed options
and the environment and returns the exit status. Modules that define commands (``commands``,
``ledger_commands``) import this one; ``dispatch`` reads ``COMMANDS``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass

PROG = "medium-publish"
Handler = Callable[[argparse.Namespace, Mapping[str, str]], int]
Arguments = Callable[[argparse.ArgumentParser], None]


@dataclass(frozen=True)
class Command:
    name: str
    summary: str
    """One line, shown in the list of commands."""
    description: str
    arguments: Arguments
    handler: Handler

    def parser(self) -> argparse.ArgumentParser:
        parser = argparse.ArgumentParser(
            prog=f"{PROG} {self.name}",
            description=self.description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        self.arguments(parser)
        return parser


COMMANDS: dict[str, Command] = {}


def command(
    name: str, summary: str, *, description: str = "", arguments: Arguments = lambda _: None
) -> Callable[[Handler], Handler]:
    """Registers the decorated handler as ``medium-publish NAME``."""

    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(name, summary, description or summary, arguments, handler)
        return handler

    return register
