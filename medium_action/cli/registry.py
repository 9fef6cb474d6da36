"""The subcommands' registry: each command is one handler plus one ``@command`` registration.

    @command("status", "list every file the ledger knows", arguments=_status_arguments)
    def status(options: argparse.Namespace, environ: Mapping[str, str]) -> int: ...

``arguments`` adds the command's own flags to its parser; the handler gets the parsed options
and the environment and returns the exit status. Modules that define commands (``commands``,
``ledger_commands``) import this one; ``dispatch`` reads ``COMMANDS``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NoReturn

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

    def parser(self) -> OneLineErrors:
        parser = OneLineErrors(
            prog=f"{PROG} {self.name}",
            description=self.description,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        self.arguments(parser)
        return parser


class OneLineErrors(argparse.ArgumentParser):
    """A usage error is one line, with a did-you-mean and where the options are listed: the
    whole usage printed first would bury the one word that was wrong."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix(PROG).strip() or "publish"
        sys.stderr.write(f"{self.prog}: {message} (`{PROG} help {command}` lists the options)\n")
        raise SystemExit(2)

    def unknown(self, words: Iterable[str]) -> NoReturn:
        """Refuses the words no option took, suggesting the nearest option for each flag."""
        import difflib  # only for a mistyped command line, never on a run's way

        words = list(words)
        flags = [word for word in words if word.startswith("-")]
        parts = []
        for word in flags or words:  # a flag's value after it is no second error
            flag = word.split("=", 1)[0]
            near = (
                difflib.get_close_matches(flag, self._option_string_actions, n=1, cutoff=0.7)
                if flag.startswith("-")
                else []
            )
            parts.append(f"{word} (did you mean {near[0]}?)" if near else word)
        self.error(f"unrecognized argument(s): {', '.join(parts)}")


def suggest(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'publish'?)`` for the nearest of ``choices``, or ""."""
    import difflib  # only for a mistyped command line, never on a run's way

    near = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {near[0]!r}?)" if near else ""


COMMANDS: dict[str, Command] = {}


def command(
    name: str, summary: str, *, description: str = "", arguments: Arguments = lambda _: None
) -> Callable[[Handler], Handler]:
    """Registers the decorated handler as ``medium-publish NAME``."""

    def register(handler: Handler) -> Handler:
        COMMANDS[name] = Command(name, summary, description or summary, arguments, handler)
        return handler

    return register
