"""The human log, and GitHub workflow commands written safely.

A line of a GitHub job log that starts with ``::`` is a workflow command (``::add-mask::``,
``::error::``, ``::set-output``...). Titles, paths and error texts come from writers' files and
from servers, so every piece of such text is neutralised before it is printed: no line we write
can start a command we did not mean.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

ZERO_WIDTH_JOINER = "\u200d"
_COMMAND_START = re.compile(r"(?m)^(\s*)(::|##\[)")


def neutralise(text: str) -> str:
    """Untrusted text that cannot start a workflow command on any of its lines."""
    return _COMMAND_START.sub(
        lambda found: found.group(1) + found.group(2)[0] + ZERO_WIDTH_JOINER + found.group(2)[1:],
        text,
    )


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, message: str, **properties: str | int | None) -> str:
    """``::name key=value,...::message`` with GitHub's escaping; the message stays one line."""
    props = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None and value != ""
    )
    return f"::{name}{' ' + props if props else ''}::{escape_data(message)}"


class Log:
    """Writes the run's log. In GitHub (``github=True``) warnings and errors become annotations
    and groups fold per-file logs; elsewhere the same text is printed plainly."""

    def __init__(self, *, github: bool, stream: TextIO | None = None) -> None:
        self.github = github
        self._stream = stream or sys.stdout

    def info(self, message: str) -> None:
        self._write(neutralise(message))

    def warning(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self._annotate("warning", message, file, line)

    def error(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self._annotate("error", message, file, line)

    def mask(self, secret: str) -> None:
        """Asks GitHub to hide a secret it does not know (a token from the refresh flow). Only
        in GitHub: elsewhere the command would print the secret itself."""
        if self.github and secret:
            self._write(f"::add-mask::{secret}")

    @contextmanager
    def group(self, title: str) -> Iterator[None]:
        if not self.github:
            self._write(neutralise(title))
            yield
            return
        self._write(command("group", title))
        try:
            yield
        finally:
            self._write("::endgroup::")

    def _annotate(self, kind: str, message: str, file: str | None, line: int | None) -> None:
        if self.github:
            self._write(command(kind, message, file=file, line=line))
        else:
            where = f"{file}:{line}: " if file and line else f"{file}: " if file else ""
            self._write(neutralise(f"{kind}: {where}{message}"))

    def _write(self, text: str) -> None:
        print(text, file=self._stream, flush=True)
