"""Small helpers shared by the end-to-end tests."""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

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
    args: list[str], *, cwd: Path, env: Mapping[str, str], timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The real program in a child process, with only the given environment (plus PATH)."""
    environ = {"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root"), **env}
    return subprocess.run(
        [sys.executable, str(ROOT / "entrypoint.py"), *args],
        cwd=cwd,
        env=environ,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
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
