"""Small helpers shared by the end-to-end tests."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from pathlib import Path

from forkserver import ForkServer

ROOT = Path(__file__).resolve().parent.parent


def write(root: Path, files: Mapping[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")


def read_outputs(path: Path) -> dict[str, str]:
    """Parses a $GITHUB_OUTPUT file the way the runner does (name<<DELIMITER blocks)."""
    values: dict[str, str] = {}
    lines = iter(path.read_text(encoding="utf-8").split("\n"))
    for line in lines:
        if not line:
            continue
        name, delimiter = line.split("<<", 1)
        values[name] = "\n".join(itertools.takewhile(lambda item, d=delimiter: item != d, lines))
    return values


def run_cli(
    args: list[str],
    *,
    cwd: Path,
    env: Mapping[str, str],
    timeout: float = 60,
    fresh: bool = False,
) -> subprocess.CompletedProcess[str]:
    """The real program in a child process, with only the given environment (plus PATH).

    The child is forked from a process that has imported the program already
    (``forkserver.py``); ``fresh``: a new interpreter, for the tests of the start itself."""
    environ = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"), **env}
    if fresh:
        return subprocess.run(
            [sys.executable, str(ROOT / "entrypoint.py"), *args],
            cwd=cwd,
            env=environ,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    with tempfile.TemporaryDirectory(prefix="run-cli-") as folder:
        out, err = Path(folder, "stdout"), Path(folder, "stderr")
        code = ForkServer.run(args, cwd=cwd, env=environ, timeout=timeout, out=out, err=err)
        return subprocess.CompletedProcess(
            [sys.executable, str(ROOT / "entrypoint.py"), *args],
            code,
            out.read_text(encoding="utf-8", errors="surrogateescape"),
            err.read_text(encoding="utf-8", errors="replace"),
        )


def state_records(state_file: Path) -> dict[str, dict[str, object]]:
    """Every record of a state file by path, whatever place (API) it was made against: a run
    against the sandbox records under ``places``, Medium's at the top level."""
    import json

    data = json.loads(state_file.read_text(encoding="utf-8"))
    records: dict[str, dict[str, object]] = dict(data.get("posts", {}))
    for place in data.get("places", {}).values():
        records.update(place.get("posts", {}))
    return records
