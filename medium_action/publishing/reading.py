"""The candidates' bytes, read from the workspace: the planner's only input from the disk."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from medium_action.publishing.plan import Source
from medium_action.sources.selection import Candidate


def read_sources(workspace: Path, candidates: Sequence[Candidate]) -> list[Source]:
    """One Source per live candidate, keyed by its path inside the workspace once symbolic
    links are resolved (the same file reached through a linked folder is one file)."""
    root = workspace.resolve()
    return [_read(root, candidate) for candidate in candidates]


def _read(root: Path, candidate: Candidate) -> Source:
    given = candidate.path
    shown = printable(given)
    if shown != given:  # os.fsdecode kept the undecodable bytes as surrogates
        return Source(
            shown,
            error="the file name is not valid UTF-8, which Medium, git hosts and the reports "
            "cannot carry; rename the file",
            change=candidate.change,
        )
    try:
        file = (root / given).resolve(strict=True)
    except (OSError, RuntimeError) as error:  # RuntimeError: a symlink loop (before 3.13)
        return Source(given, error=_unreadable(error), change=candidate.change)
    if not file.is_relative_to(root):
        return Source(
            given,
            error="the file resolves outside the workspace (a symlink?); refused",
            change=candidate.change,
        )
    path = file.relative_to(root).as_posix()
    moved = given if path != given else None
    if not file.is_file():
        return Source(path, error="not a regular file", change=candidate.change, given_path=moved)
    try:
        raw = file.read_bytes()
    except OSError as error:
        return Source(path, error=_unreadable(error), change=candidate.change, given_path=moved)
    return Source(path, raw=raw, change=candidate.change, given_path=moved)


def printable(path: str) -> str:
    """``path`` as text any report can carry: bytes that are not UTF-8 shown as U+FFFD."""
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def gone_paths(workspace: Path, recorded: Iterable[str]) -> frozenset[str]:
    """The recorded paths that no longer exist in the workspace."""
    return frozenset(path for path in recorded if not os.path.lexists(workspace / path))


def _unreadable(error: Exception) -> str:
    if isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP:
        return "the file is a symbolic link that loops; refused"
    if isinstance(error, FileNotFoundError):
        return "no such file in the workspace"
    if isinstance(error, OSError):
        return f"cannot read the file: {error.strerror or error}"
    return f"cannot read the file: {error}"
