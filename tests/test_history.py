"""History that cannot be read, and bookmarks that belong to their place: end to end, with real
git (shallow clones, an origin made unreachable), the real program in a child process and the
sandbox over loopback."""

from __future__ import annotations

import base64
import json
import os
import shutil
from pathlib import Path

from gitrepo import GitRepo
from helpers import run_cli

from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def ci_env(**more: str) -> dict[str, str]:
    keys = ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "HOME")
    return {"CI_COMMIT_BRANCH": "main", **{key: os.environ[key] for key in keys}, **more}


def sandbox_env(sandbox: SandboxServer, **more: str) -> dict[str, str]:
    return ci_env(MEDIUM_TOKEN=DEFAULT_TOKEN, MEDIUM_API_URL=sandbox.url, **more)


def titles(sandbox: SandboxServer) -> list[str]:
    return sorted(post["title"] for post in sandbox.sandbox.posts)


def restore(clone: GitRepo, cache: Path) -> Path:
    state = clone.path / ".medium/published.json"
    state.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(cache, state)
    return state


def blog(tmp_path: Path) -> GitRepo:
    origin = GitRepo.init(tmp_path / "origin")
    origin.write("README.md", "# Blog\n")
    origin.commit("init")
    origin.write("posts/one.md", "# One\n\nText.\n")
    origin.commit("one")
    return origin


def test_a_bookmark_behind_a_shallow_clone_with_origin_unreachable_fails_and_stays(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer
) -> None:
    origin = blog(tmp_path)
    first = origin.clone(tmp_path / "job1", depth=20)
    done = run_cli([], cwd=first.path, env=sandbox_env(sandbox))
    assert done.returncode == 0, done.stdout + done.stderr
    state = first.path / ".medium/published.json"
    bookmark = json.loads(state.read_text())["places"]
    assert titles(sandbox) == ["One"]

    origin.write("posts/two.md", "# Two\n\nText.\n")
    origin.commit("two")
    origin.write("README.md", "# Blog\n\nMore.\n")
    origin.commit("readme")
    clone = origin.clone(tmp_path / "job2", depth=1)
    saved = restore(clone, state)
    clone.git("remote", "set-url", "origin", str(tmp_path / "gone.git"))  # unreachable
    out = tmp_path / "result.json"
    done = run_cli([], cwd=clone.path, env=sandbox_env(sandbox, MEDIUM_OUTPUT_JSON=str(out)))
    text = done.stdout + done.stderr
    assert done.returncode == 1, text
    assert "cannot read the history to compare" in text
    assert "could not be deepened" in text and "fetch-depth" in text and "`since`" in text
    assert titles(sandbox) == ["One"]  # two.md was not taken for "nothing changed"...
    assert json.loads(saved.read_text())["places"] == bookmark  # ...nor passed by the bookmark
    failed = json.loads(out.read_text())["failed"]
    assert [f["file"] for f in failed] == ["(changes)"]

    # With origin back, the next run starts from the same bookmark and publishes two.md.
    clone.git("remote", "set-url", "origin", f"file://{origin.path}")
    done = run_cli([], cwd=clone.path, env=sandbox_env(sandbox))
    assert done.returncode == 0, done.stdout + done.stderr
    assert titles(sandbox) == ["One", "Two"]


def test_a_head_commit_whose_parent_cannot_be_fetched_fails_without_a_bookmark(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer
) -> None:
    origin = blog(tmp_path)
    clone = origin.clone(tmp_path / "job", depth=1)
    shutil.rmtree(origin.path)  # the origin is gone (or refuses these credentials)
    done = run_cli([], cwd=clone.path, env=sandbox_env(sandbox))
    text = done.stdout + done.stderr
    assert done.returncode == 1, text
    assert "parent" in text and "could not be fetched" in text
    assert titles(sandbox) == []
    state = clone.path / ".medium/published.json"
    assert not state.exists() or "last_commits" not in state.read_text()


def test_a_rehearsal_never_moves_the_bookmark_a_run_to_medium_starts_from(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer
) -> None:
    origin = blog(tmp_path)
    medium_head = origin.head()
    clone = origin.clone(tmp_path / "work", depth=None)
    state = clone.path / ".medium/published.json"
    state.parent.mkdir(parents=True)
    # A run to Medium handled "one" (its bookmark, and its record, as a real run writes them).
    state.write_text(json.dumps({"version": 1, "last_commits": {"main": medium_head}}))

    origin.write("posts/two.md", "# Two\n\nText.\n")
    origin.commit("two")
    clone.git("pull", "-q", "--ff-only")
    # The writer rehearses on the sandbox with the same state file.
    done = run_cli([], cwd=clone.path, env=sandbox_env(sandbox))
    assert done.returncode == 0, done.stdout + done.stderr
    assert titles(sandbox) == ["Two"]
    data = json.loads(state.read_text())
    assert data["last_commits"] == {"main": medium_head}  # Medium's bookmark as it was
    (rehearsal,) = data["places"].values()
    assert rehearsal["last_commits"] == {"main": clone.head()}

    # The run to Medium still starts from its own bookmark: it would publish two.md.
    out = tmp_path / "result.json"
    done = run_cli(
        [], cwd=clone.path, env=ci_env(MEDIUM_DRY_RUN="true", MEDIUM_OUTPUT_JSON=str(out))
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (skip,) = json.loads(out.read_text())["skipped"]
    assert skip["file"] == "posts/two.md" and "would publish" in skip["reason"]


def pipeline(
    origin: GitRepo,
    tmp_path: Path,
    name: str,
    sandbox: SandboxServer,
    cache: Path,
    before: str,
    at: str | None = None,
) -> tuple[int, str, Path]:
    """One GitLab pipeline: a fresh clone at depth 20 (checked out at ``at``, its push), the
    cached state file restored, publish; its exit status, log and state file (for the cache)."""
    clone = origin.clone(tmp_path / name, depth=20)
    if at is not None:
        clone.checkout(at)
    state = restore(clone, cache)
    done = run_cli([], cwd=clone.path, env=sandbox_env(sandbox, CI_COMMIT_BEFORE_SHA=before))
    return done.returncode, done.stdout + done.stderr, state


def test_two_quick_pipelines_restoring_one_cache_publish_each_post_once(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer
) -> None:
    origin = blog(tmp_path)
    first = origin.clone(tmp_path / "job1", depth=20)
    assert run_cli([], cwd=first.path, env=sandbox_env(sandbox)).returncode == 0
    cache = tmp_path / "cache.json"
    shutil.copy(first.path / ".medium/published.json", cache)
    one = origin.head()

    origin.write("posts/two.md", "# Two\n\nText.\n")
    push_a = origin.commit("two")
    origin.write("posts/three.md", "# Three\n\nText.\n")
    origin.commit("three")
    # Both pipelines start before either saves the cache: both restore the same one.
    status, log, _ = pipeline(origin, tmp_path, "push-a", sandbox, cache, one, at=push_a)
    assert status == 0, log
    assert titles(sandbox) == ["One", "Two"]
    assert status == 0, log
    status, log, _ = pipeline(origin, tmp_path, "push-b", sandbox, cache, push_a)
    assert status == 1, log  # Two may or may not be on Medium: a person decides (test_gap.py)
    assert titles(sandbox) == ["One", "Three", "Two"]  # not Two twice
    assert "resource_group" in log  # the state file was older than this pipeline's base


def test_a_file_left_behind_is_tried_again_by_name_by_the_next_pipeline(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer
) -> None:
    origin = blog(tmp_path)
    first = origin.clone(tmp_path / "job1", depth=20)
    assert run_cli([], cwd=first.path, env=sandbox_env(sandbox)).returncode == 0
    cache = tmp_path / "cache.json"
    shutil.copy(first.path / ".medium/published.json", cache)
    one = origin.head()

    origin.write("posts/two.md", "# Two\n\n![a chart](chart.png)\n")  # the image is missing
    push_a = origin.commit("two, without its image")
    status, log, state = pipeline(origin, tmp_path, "push-a", sandbox, cache, one)
    assert status == 1, log
    (place,) = json.loads(state.read_text())["places"].values()
    assert place["left_behind"] == {"main": ["posts/two.md"]}
    shutil.copy(state, cache)

    # The next push adds only the image: the post itself is tried again by name.
    (origin.path / "posts/chart.png").write_bytes(PNG)
    push_b = origin.commit("the chart")
    status, log, state = pipeline(origin, tmp_path, "push-b", sandbox, cache, push_a)
    assert status == 0, log
    assert titles(sandbox) == ["One", "Two"]
    assert "trying again 1 file" in log
    (place,) = json.loads(state.read_text())["places"].values()
    assert "left_behind" not in place and place["last_commits"] == {"main": push_b}
