"""The README's first command: `medium-publish demo`, twice."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers import ROOT, run_cli


def test_the_demo_publishes_the_examples_then_nothing_and_says_why(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    first = run_cli(["demo"], cwd=tmp_path, env={})
    assert first.returncode == 0, first.stdout + first.stderr
    examples = sorted(path.name for path in (tmp_path / "examples").glob("*.md"))
    urls = [line for line in first.stdout.splitlines() if line.startswith("published:")]
    assert len(urls) == len(examples) >= 2
    assert all("https://medium.com/@sandbox-writer/" in line for line in urls)
    assert "holds 2 post(s)" in first.stdout

    second = run_cli(["demo"], cwd=tmp_path, env={})
    assert second.returncode == 0
    assert "0 published" in second.stdout and "holds 0 post(s)" in second.stdout
    assert second.stdout.count("already published at https://medium.com/@sandbox-writer/") == 2
