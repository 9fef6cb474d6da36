"""An exclusive lock on a file beside the state file, held for the length of a run.

Two runs on one workspace (two ``docker run``s, a CLI run beside a CI job) would otherwise each
read the ledger, post, and write back their own copy: the second write loses the first run's
records, and the next run posts those files again. ``fcntl.flock`` on a separate lock file (the
state file itself is replaced on every write, so a lock on it would lock a file that is gone)
makes the second run wait a bounded time, then stop without posting anything.

The lock belongs to the open file: it ends when the process does, however it ends, so a killed
run never leaves a stale lock behind. The lock file itself stays; it holds only who took the
lock last (pid, host, when), so that a run that has to wait can say for whom it waits.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import socket
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from medium_action.errors import ConfigError
from medium_action.workspace_files import ensure_dir

DEFAULT_LOCK_TIMEOUT = 30.0
"""Seconds a run waits for another run on the same state file before giving up."""
_POLL = 0.1


class FileLock:
    def __init__(
        self,
        path: Path,
        *,
        timeout: float = DEFAULT_LOCK_TIMEOUT,
        owner: tuple[int, int] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        on_wait: Callable[[str], None] | None = None,
    ) -> None:
        self.path = path
        self._on_wait = on_wait or _say
        self._timeout = timeout
        self._owner = owner
        self._sleep = sleep
        self._clock = clock
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        return self._fd is not None

    def acquire(self, what: str) -> None:
        """Takes the lock (a no-op when this object holds it). ``what`` names the locked file in
        the error when another process keeps it longer than the timeout."""
        if self._fd is not None:
            return
        fd = self._open()
        deadline = self._clock() + self._timeout
        said = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if not said:  # once: a silent wait of 30 s looks like a hang
                    said = True
                    self._on_wait(
                        f"{what} is in use by {holder_text(self.path)}; waiting up to "
                        f"{self._timeout:g} s for it to finish"
                    )
                if self._clock() >= deadline:
                    os.close(fd)
                    raise ConfigError(
                        f"{what} is in use by {holder_text(self.path)} (it holds the lock "
                        f"{self.path}); waited {self._timeout:g} s. Let the other run finish, "
                        "then run again. Two runs at once could each post the same file"
                    ) from None
                self._sleep(_POLL)
                continue
            except OSError as error:
                os.close(fd)
                raise ConfigError(f"cannot lock {self.path} ({error.strerror})") from None
            self._fd = fd
            _write_holder(fd)
            return

    def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __del__(self) -> None:  # an object dropped without release() must not keep the lock
        self.release()

    def _open(self) -> int:
        try:
            ensure_dir(self.path.parent, self._owner)
            existed = self.path.exists()
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as error:
            raise ConfigError(
                f"cannot create the lock file {self.path} ({error.strerror}); the state file's "
                "folder must be writable"
            ) from None
        if not existed and self._owner is not None:
            with contextlib.suppress(OSError):
                os.fchown(fd, *self._owner)
        return fd


def _write_holder(fd: int) -> None:
    """Who holds the lock, for a run that has to wait (best effort: the lock is what counts)."""
    holder = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
    }
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(holder).encode("utf-8"), 0)


def holder_text(path: Path) -> str:
    """``another medium-publish run (pid 41 on host ci-7, since ...)``, or without the details
    when the lock file does not say (an older version, or it is being written)."""
    try:
        holder = json.loads(path.read_text(encoding="utf-8"))
        pid, host, since = int(holder["pid"]), str(holder["host"]), str(holder["since"])
    except (OSError, ValueError, KeyError, TypeError):
        return "another medium-publish run"
    return f"another medium-publish run (pid {pid} on host {host}, since {since})"


def _say(message: str) -> None:
    print(f"medium-publish: {message}", file=sys.stderr, flush=True)
