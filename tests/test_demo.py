"""The README's first command: `medium-publish demo`, twice."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from helpers import ROOT, run_cli

from medium_action.demo import closing_lines


def test_the_demo_publishes_the_examples_then_nothing_and_says_why(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    first = run_cli(["demo"], cwd=tmp_path, env={})
    assert first.returncode == 0, first.stdout + first.stderr
    examples = sorted(path.name for path in (tmp_path / "examples").glob("*.md"))
    urls = re.findall(r"http://127\.0\.0\.1:\d+/@sandbox-writer/\S+", first.stdout)
    assert len(urls) == len(set(urls)) == len(examples) >= 2  # each post once, on the sandbox
    assert "medium.com/@" not in first.stdout
    assert f"{len(examples)} post(s) published to the sandbox" in first.stdout
    articles = re.findall(r"http://127\.0\.0\.1:\d+/devto/sandbox-writer/\S+", first.stdout)
    assert len(articles) == len(examples)  # cross-posted to the sandbox's dev.to too
    assert f"{len(examples)} article(s) cross-posted" in first.stdout

    second = run_cli(["demo"], cwd=tmp_path, env={})
    assert second.returncode == 0
    assert "Nothing was published: the ledger" in second.stdout
    for url in urls:
        assert second.stdout.count(url) == 1  # each held file with the URL it was given
    assert "holds 0 post(s)" not in second.stdout
    assert "cross-posted" not in second.stdout  # dev.to's records hold too


def test_a_failed_demo_shows_what_the_run_said() -> None:
    lines = closing_lines(1, [], "error: something broke\n", "unused.json")
    assert lines == ["error: something broke", "The demo run failed (exit status 1)."]


def test_nothing_published_and_nothing_held_is_said_plainly(tmp_path: Path) -> None:
    lines = closing_lines(0, [], "0 published\n", str(tmp_path / "none.json"))
    assert lines[-1] == "Nothing was published and the ledger holds no post."
