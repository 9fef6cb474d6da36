"""Other CI, end to end with real git: a GitLab-style job (a fresh clone at depth 20 each time,
the state file restored from a cache directory) never misses a file of a multi-commit push and
never posts one twice."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from gitrepo import GitRepo
from helpers import run_cli, state_records

from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN


def gitlab_job(
    origin: GitRepo, tmp_path: Path, name: str, sandbox: SandboxServer, cache: Path, **ci: str
) -> tuple[GitRepo, str]:
    """One pipeline: clone at depth 20, restore the cache, publish, save the cache."""
    clone = origin.clone(tmp_path / name, depth=20)
    state = clone.path / ".medium/published.json"
    if (cache / "published.json").exists():
        state.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(cache / "published.json", state)
    env = {
        "MEDIUM_TOKEN": DEFAULT_TOKEN,
        "MEDIUM_API_URL": sandbox.url,
        "CI_COMMIT_BRANCH": "main",
        **{key: os.environ[key] for key in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "HOME")},
        **ci,
    }
    done = run_cli([], cwd=clone.path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    cache.mkdir(exist_ok=True)
    shutil.copy(state, cache / "published.json")
    return clone, done.stdout


def titles(sandbox: SandboxServer) -> list[str]:
    return sorted(post["title"] for post in sandbox.sandbox.posts)


def test_a_push_of_two_commits_publishes_both_from_the_state_files_last_commit(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer
) -> None:
    origin = GitRepo.init(tmp_path / "origin")
    origin.write("README.md", "# Blog\n")
    origin.commit("init")
    origin.write("posts/one.md", "# One\n\nText.\n")
    first = origin.commit("one")
    cache = tmp_path / "cache"
    _, out = gitlab_job(origin, tmp_path, "job1", sandbox, cache, CI_COMMIT_BEFORE_SHA="0" * 40)
    assert titles(sandbox) == ["One"]

    origin.write("posts/two.md", "# Two\n\nText.\n")
    origin.commit("two")
    origin.write("posts/three.md", "# Three\n\nText.\n")
    third = origin.commit("three")
    # No CI_COMMIT_BEFORE_SHA this time (a scheduled or manual pipeline): the state file knows.
    clone, out = gitlab_job(origin, tmp_path, "job2", sandbox, cache)
    assert titles(sandbox) == ["One", "Three", "Two"]
    assert "warning" not in out.lower()
    records = state_records(clone.path / ".medium/published.json")
    assert set(records) == {"posts/one.md", "posts/two.md", "posts/three.md"}
    saved = json.loads((cache / "published.json").read_text())
    (rehearsal,) = saved["places"].values()  # the sandbox's own bookmark, never Medium's
    assert rehearsal["last_commits"] == {"main": third} and first != third

    # A rerun of the same pipeline publishes nothing and makes no post request.
    gitlab_job(origin, tmp_path, "job3", sandbox, cache, CI_COMMIT_BEFORE_SHA=first)
    assert titles(sandbox) == ["One", "Three", "Two"]


def test_without_any_base_the_head_parent_is_used_with_a_warning(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer
) -> None:
    origin = GitRepo.init(tmp_path / "origin")
    origin.write("posts/a.md", "# A\n\nText.\n")
    origin.commit("a")
    origin.write("posts/b.md", "# B\n\nText.\n")
    origin.commit("b")
    _, out = gitlab_job(origin, tmp_path, "job", sandbox, tmp_path / "cache")
    assert titles(sandbox) == ["B"]
    assert "may be missed" in out or "may have been missed" in out
