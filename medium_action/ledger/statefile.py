"""The ledger's state file: locked for the run, read once, rewritten atomically after every post.

What it refuses, each with exit status 2 and nothing published, because reading it as "nothing
published" would publish every recorded file again:

- a path that exists but is no regular file (a directory, a device, a FIFO);
- a file that cannot be read or is not JSON, and an empty or whitespace-only one (a truncated
  copy, a cache that restored nothing): starting over must be done on purpose;
- a ledger of a newer format version (``fileformat.py``).

A symlinked state file (a cache mounted elsewhere) is written through the link, which stays a
link; the lock file sits beside the file the link points to, so runs through two links to one
file exclude each other.
"""

from __future__ import annotations

import json
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path

from medium_action.errors import ConfigError
from medium_action.ledger.fileformat import LedgerFormatError, ledger_from_json, ledger_to_json
from medium_action.ledger.lock import DEFAULT_LOCK_TIMEOUT, FileLock
from medium_action.ledger.place import MEDIUM, Place
from medium_action.ledger.records import Ledger
from medium_action.workspace_files import write_atomic

_KINDS = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISFIFO, "a named pipe"),
    (stat.S_ISSOCK, "a socket"),
)


class StateFile:
    def __init__(
        self,
        path: Path,
        *,
        owner: tuple[int, int] | None = None,
        lock_timeout: float = DEFAULT_LOCK_TIMEOUT,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.path = path
        self._owner = owner
        self._lock_timeout = lock_timeout
        self._sleep = sleep
        self._clock = clock
        self._lock: FileLock | None = None

    # --- the lock, for the length of the run ------------------------------------------------

    @property
    def lock_path(self) -> Path:
        target = self._target()
        return target.with_name(target.name + ".lock")

    def lock(self) -> None:
        """Takes the run's exclusive lock, waiting up to the timeout for another run to end
        (``ConfigError`` naming the lock file then). Held until ``unlock`` or the process ends;
        ``load`` and ``save`` take it when it is not held yet."""
        if self._lock is None:
            self._lock = FileLock(
                self.lock_path,
                timeout=self._lock_timeout,
                owner=self._owner,
                sleep=self._sleep,
                clock=self._clock,
            )
        self._lock.acquire(f"state-file {self.path}")

    def unlock(self) -> None:
        if self._lock is not None:
            self._lock.release()

    @property
    def locked(self) -> bool:
        return self._lock is not None and self._lock.held

    def __enter__(self) -> StateFile:
        self.lock()
        return self

    def __exit__(self, *_: object) -> None:
        self.unlock()

    # --- reading and writing ----------------------------------------------------------------

    def load(self, place: Place = MEDIUM) -> Ledger:
        """The ledger, seen from ``place``, for a run that may write it: the lock is taken
        first. Empty when the file does not exist yet."""
        self.lock()
        return self.read(place)

    def read(self, place: Place = MEDIUM) -> Ledger:
        """The ledger without taking the lock, for commands that only show it (the file is
        replaced atomically, so it is always whole)."""
        text = self._text()
        if text is None:
            return Ledger(place)
        if not text.strip():
            raise ConfigError(
                f"state-file {self.path} is empty, so what it recorded is unknown and nothing was "
                "published. Restore it (from git history or your CI cache); to start over on "
                "purpose, delete the file (files it recorded may then be published again), or "
                "drop single records with `medium-publish forget FILE`"
            )
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise ConfigError(
                f"state-file {self.path}: not valid JSON (line {error.lineno}: {error.msg}); "
                "repair it from git history rather than deleting it, or posts may be "
                "published twice"
            ) from None
        except RecursionError:
            raise ConfigError(
                f"state-file {self.path}: its JSON is nested too deeply to be a state file; "
                "repair it from git history rather than deleting it, or posts may be "
                "published twice"
            ) from None
        try:
            return ledger_from_json(data, place)
        except LedgerFormatError as error:
            raise ConfigError(f"state-file {self.path}: {error}") from None

    def save(self, ledger: Ledger) -> None:
        """Writes the whole ledger atomically, through a symlink when the state file is one."""
        self.lock()
        target = self._target()
        self._check_kind(target)
        text = json.dumps(ledger_to_json(ledger), indent=2, ensure_ascii=False) + "\n"
        try:
            write_atomic(target, text, self._owner)
        except OSError as error:
            raise ConfigError(
                f"state-file {self.path}: cannot be written ({error.strerror or error})"
            ) from None

    # --- helpers ----------------------------------------------------------------------------

    def _target(self) -> Path:
        """The file the state-file path stands for: a symlink's target, followed."""
        return Path(os.path.realpath(self.path))

    def _text(self) -> str | None:
        if not self._check_kind(self.path):
            return None
        try:
            return self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"state-file {self.path}: cannot be read ({error})") from None

    def _check_kind(self, path: Path) -> bool:
        """Whether ``path`` exists (following links); ``ConfigError`` when it is no regular
        file, before anything opens it (opening a FIFO would wait forever)."""
        try:
            mode = os.stat(path).st_mode
        except FileNotFoundError:
            return False
        except OSError as error:
            raise ConfigError(f"state-file {self.path}: cannot be read ({error})") from None
        for test, kind in _KINDS:
            if test(mode):
                raise ConfigError(
                    f"state-file {self.path} is {kind}, not a file; set state-file to the path "
                    "of a JSON file (it is created on the first post)"
                )
        return True
