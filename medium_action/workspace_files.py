"""Files the action writes into the workspace: atomic, and owned by the workspace's owner.

In GitHub the container runs as root while the checkout belongs to the runner's user (uid 1001);
a root-owned state file or preview left behind breaks the job's later steps and the next
checkout, so every file and directory we create is handed to the workspace's owner.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def owner_of(path: Path) -> tuple[int, int] | None:
    """The (uid, gid) to give new files, or None when we already are that user."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not hasattr(os, "geteuid") or info.st_uid == os.geteuid():
        return None
    return info.st_uid, info.st_gid


def ensure_dir(path: Path, owner: tuple[int, int] | None) -> None:
    """Creates ``path`` and any missing parents, each handed to ``owner``."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        current = current.parent
    path.mkdir(parents=True, exist_ok=True)
    for directory in reversed(missing):
        _chown(directory, owner)


def write_atomic(
    path: Path, data: str | bytes, owner: tuple[int, int] | None, *, durable: bool = True
) -> None:
    """Writes ``data`` so that a reader (or a crash) sees the old file or the new one, never
    half of either. ``durable=False`` skips the flush to disk, for files the next run writes
    anew (previews): readers still never see half a file, and 300 fsyncs cost seconds."""
    ensure_dir(path.parent, owner)
    # "replace": a stray undecodable file name never costs a whole report
    payload = data.encode("utf-8", "replace") if isinstance(data, str) else data
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(payload)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        _chown(Path(temporary), owner)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _chown(path: Path, owner: tuple[int, int] | None) -> None:
    if owner is not None:
        with contextlib.suppress(OSError):
            os.chown(path, *owner)
