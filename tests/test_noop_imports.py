"""A push that changes no post imports nothing such a run does not need (issue 22).

The figure itself is a benchmark (``bench/bench_noop.py``); which modules are imported is a fact
a test can hold, and it slipped once unseen (the export command read the ledger's modules at
import time). Real git, a real process, the GitHub environment of a README-only push.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOT_NEEDED = ("httpx", "mistune", "yaml", "PIL", "medium_action.rendering", "medium_action.ledger")
PROBE = (
    "import runpy, sys\n"
    "sys.argv = [{entry!r}]\n"
    "try:\n"
    "    runpy.run_path({entry!r}, run_name='__main__')\n"
    "except SystemExit as stop:\n"
    "    assert not stop.code, stop.code\n"
    "import gc\n"
    "print('collector:', gc.isenabled(), gc.get_freeze_count() > 0)\n"
    "print('imported:', ' '.join(sorted(m for m in sys.modules\n"
    "    if any(m == n or m.startswith(n + '.') for n in {names!r}))))\n"
)


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    command = ["git", "-c", "user.email=w@example.com", "-c", "user.name=W", *args]
    return subprocess.run(
        command, cwd=cwd, env=env, check=True, capture_output=True, text=True
    ).stdout.strip()


def readme_only_push(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A depth-1 checkout of a push changing README.md only, and its GitHub environment."""
    origin = tmp_path / "origin"
    origin.mkdir()
    git(origin, "init", "-q")
    (origin / "README.md").write_text("# Blog\n", encoding="utf-8")
    (origin / "posts").mkdir()
    (origin / "posts/a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "one")
    before = git(origin, "rev-parse", "HEAD")
    (origin / "README.md").write_text("# Blog\n\nAbout.\n", encoding="utf-8")
    git(origin, "commit", "-q", "-am", "readme only")
    after = git(origin, "rev-parse", "HEAD")
    workspace = tmp_path / "ws"
    git(tmp_path, "clone", "-q", "--no-local", "--depth=1", f"file://{origin}", str(workspace))
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"before": before, "after": after, "commits": [{"id": after}]}))
    env = {
        **os.environ,
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_ACTIONS": "true",
        "GITHUB_REF_NAME": "main",
        "GITHUB_REPOSITORY": "writer/blog",
        "GITHUB_EVENT_PATH": str(event),
        "INPUT_TOKEN": "not-used-by-a-no-op-run",
        "INPUT_API-URL": "http://127.0.0.1:9",
        "INPUT_COMMENT": "false",
        "GITHUB_OUTPUT": str(tmp_path / "output"),
    }
    return workspace, env


def test_a_readme_only_push_imports_no_renderer_no_http_and_no_ledger(tmp_path: Path) -> None:
    workspace, env = readme_only_push(tmp_path)
    probe = PROBE.format(entry=str(ROOT / "entrypoint.py"), names=NOT_NEEDED)
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=workspace, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr
    last = done.stdout.strip().splitlines()[-1]
    assert last.startswith("imported:"), done.stdout
    assert "0 published" in done.stdout, done.stdout  # the run ran, and had nothing to post
    assert last == "imported:", f"a no-op push {last}"
    # The entry point collects no garbage while importing, and turns the collector back on.
    assert "collector: True True" in done.stdout, done.stdout


def test_a_readme_only_push_starts_four_git_processes(tmp_path: Path) -> None:
    """What the question needs: one probe (git directory, shallow, HEAD), whether ``before``
    is here, its depth-1 fetch, the diff. A ``git`` first on PATH logs each command it runs."""
    workspace, env = readme_only_push(tmp_path)
    real_git = shutil.which("git")
    assert real_git is not None
    shims = tmp_path / "shims"
    shims.mkdir()
    log = tmp_path / "git.log"
    shim = shims / "git"
    shim.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\nexec "{real_git}" "$@"\n')
    shim.chmod(0o755)
    env["PATH"] = f"{shims}{os.pathsep}{env['PATH']}"
    done = subprocess.run(
        [sys.executable, str(ROOT / "entrypoint.py")],
        cwd=workspace,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 published" in done.stdout, done.stdout
    subcommands = [_subcommand(line.split()) for line in log.read_text().splitlines()]
    # Nothing else: no symbolic-ref for a branch the event names, no second probe, no re-check
    # after the fetch, no maintenance after it (the fetch's own helpers are not run as `git`).
    assert subcommands == ["rev-parse", "cat-file", "fetch", "diff-tree"]


def _subcommand(words: list[str]) -> str:
    while words[0] in ("-C", "-c"):
        words = words[2:]
    return words[0]
