"""The human log, and GitHub workflow commands written safely.

A line of a GitHub job log that starts with ``::`` is a workflow command (``::add-mask::``,
``::error::``, ``::set-output``...). Titles, paths and error texts come from writers' files and
from servers, so every piece of such text is neutralised before it is printed: no line we write
can start a command we did not mean. And every line passes through the run's ``Redactor``:
no configured secret is ever printed, whatever text an error carries.

What a person reads once: one line per file as its outcome is known (``outcome``), progress
drawn on a terminal only (``progress``), and the end-of-run summary (``summary``), printed once.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

from medium_action.redaction import Redactor

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


OUTCOMES = ("published", "updated", "would publish", "exported", "skipped", "failed")


class Progress:
    """A counter drawn as ``label done/total`` on one terminal line; nothing when not a TTY."""

    def __init__(self, log: Log, label: str, total: int) -> None:
        self._log = log
        self.label = label
        self.total = total
        self.done = 0

    def advance(self, step: int = 1) -> None:
        self.update(self.done + step)

    def update(self, done: int) -> None:
        self.done = min(done, self.total) if self.total else done
        self._log._draw()

    def text(self) -> str:
        counted = f"{self.done}/{self.total}" if self.total else str(self.done)
        return f"{self.label} {counted}"


class Log:
    """Writes the run's log. In GitHub (``github=True``) warnings and errors become annotations
    and groups fold per-file logs; elsewhere the same text is printed plainly."""

    def __init__(
        self,
        *,
        github: bool,
        stream: TextIO | None = None,
        redactor: Redactor | None = None,
        progress_stream: TextIO | None = None,
    ) -> None:
        self.github = github
        self.redactor = redactor if redactor is not None else Redactor()
        self._stream = stream or sys.stdout
        self._progress_stream = progress_stream or sys.stderr
        self._progress: Progress | None = None
        self._announced: dict[str, str] = {}
        self._errors: set[str] = set()
        self._summarised = False

    def info(self, message: str) -> None:
        self._write(neutralise(message))

    def warning(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        self._annotate("warning", message, file, line)

    def error(self, message: str, *, file: str | None = None, line: int | None = None) -> None:
        """An error annotation. One naming a file is that file's failure: the summary does not
        repeat it."""
        self._errors.add(message)
        if file:
            self._announced.setdefault(file, "failed")
        self._annotate("error", message, file, line)

    def mask(self, secret: str) -> None:
        """A secret learned during the run (a token from the refresh flow): redacted from every
        later text, and in GitHub also hidden by the runner. The ``::add-mask::`` line is the one
        line that must carry the secret itself, so it bypasses the redactor."""
        if not secret:
            return
        self.redactor.add(secret)
        if self.github:
            self._emit(f"::add-mask::{secret}")

    # --- what a person reads once ----------------------------------------------------------

    def outcome(
        self, kind: str, file: str, detail: str = "", *, line: int | None = None, warn: bool = False
    ) -> None:
        """One line for a file as soon as its outcome is known: ``published``, ``updated``,
        ``would publish``, ``skipped`` or ``failed`` (an error annotation in GitHub). Each file
        is announced once; ``summary`` leaves out the files already announced."""
        if kind not in OUTCOMES:
            raise ValueError(f"unknown outcome {kind!r}; one of {', '.join(OUTCOMES)}")
        if self._announced.get(file) == kind:
            return
        self._announced[file] = kind
        if kind == "failed":
            self._errors.add(detail)
            self._annotate("error", detail, file, line)
            return
        if warn:  # left unpublished for a reason a person or a rerun must settle
            self._annotate("warning", f"{kind}: {detail}" if detail else kind, file, line)
            return
        where = f"{file}:{line}" if line else file
        self._write(neutralise(f"{kind}: {where}" + (f": {detail}" if detail else "")))

    def announced(self, file: str, kind: str | None = None) -> bool:
        """Whether ``outcome`` (or an error naming the file) already told this file's outcome."""
        told = self._announced.get(file)
        return told is not None and (kind is None or told == kind)

    def already_said(self, message: str) -> bool:
        """Whether this exact error text was already logged (a run-wide error shared by every
        file it stopped)."""
        return message in self._errors

    def summary(self, lines: list[str]) -> None:
        """The end-of-run summary; a second call prints nothing."""
        if self._summarised:
            return
        self._summarised = True
        for line in lines:
            self.info(line)

    @contextmanager
    def progress(self, label: str, total: int) -> Iterator[Progress]:
        """``with log.progress("Rendering", len(files)) as bar: ... bar.advance()``: drawn on
        stderr when it is a terminal, cleared at the end; silent otherwise (CI logs keep only
        the per-post lines)."""
        bar = Progress(self, label, total)
        outer, self._progress = self._progress, bar
        self._draw()
        try:
            yield bar
        finally:
            self._clear()
            self._progress = outer
            self._draw()

    @property
    def interactive(self) -> bool:
        isatty = getattr(self._progress_stream, "isatty", None)
        try:
            return bool(isatty and isatty())
        except ValueError:  # a closed stream
            return False

    # --- writing ---------------------------------------------------------------------------

    @contextmanager
    def group(self, title: str) -> Iterator[None]:
        """Folds one file's lines in GitHub's log; in a terminal the file's outcome line says
        enough, so nothing is written for the group itself."""
        if not self.github:
            yield
            return
        self._write(command("group", title))
        try:
            yield
        finally:
            self._write("::endgroup::")

    def _annotate(self, kind: str, message: str, file: str | None, line: int | None) -> None:
        message, file = self.redactor.redact(message), file and self.redactor.redact(file)
        if self.github:
            self._write(command(kind, message, file=file, line=line))
        else:
            where = f"{file}:{line}: " if file and line else f"{file}: " if file else ""
            self._write(neutralise(f"{kind}: {where}{message}"))

    def _write(self, text: str) -> None:
        self._emit(self.redactor.redact(text))

    def _emit(self, text: str) -> None:
        drawn = self._progress is not None and self.interactive
        if drawn:
            self._clear()
        print(text, file=self._stream, flush=True)
        if drawn:
            self._draw()

    def _draw(self) -> None:
        if self._progress is None or not self.interactive:
            return
        text = self.redactor.redact(self._progress.text())
        self._progress_stream.write(f"\r{text}\x1b[K")
        self._progress_stream.flush()

    def _clear(self) -> None:
        if self.interactive:
            self._progress_stream.write("\r\x1b[K")
            self._progress_stream.flush()
