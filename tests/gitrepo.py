"""Real git repositories for tests: an "origin" to commit into, and shallow clones of it over
``file://``, as actions/checkout makes them (depth 1, one commit).

    origin = GitRepo.init(tmp_path / "origin")
    origin.write("a.md", "# A\\n"); before = origin.commit("one")
    ...
    clone = origin.clone(tmp_path / "clone", depth=1)

The ``git_env`` fixture gives every test a git of its own: a global config in tmp_path (so
``safe.directory`` can be written), no system config, a fixed identity and dates.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@pytest.fixture
def git_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path_factory.mktemp("home")
    _isolate(monkeypatch, home)
    return home


def _isolate(patch: pytest.MonkeyPatch, home: Path) -> None:
    patch.setenv("HOME", str(home))
    patch.setenv("GIT_CONFIG_GLOBAL", str(home / ".gitconfig"))
    patch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_CONFIG_COUNT"):
        patch.delenv(name, raising=False)
    patch.setenv("GIT_AUTHOR_NAME", "Test Writer")
    patch.setenv("GIT_AUTHOR_EMAIL", "writer@example.invalid")
    patch.setenv("GIT_COMMITTER_NAME", "Test Writer")
    patch.setenv("GIT_COMMITTER_EMAIL", "writer@example.invalid")


@contextmanager
def template_git(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """``git_env``'s isolation for a session fixture that builds a repository once, to be
    copied for each test (:meth:`GitRepo.copy`); yields a folder to build it in."""
    with pytest.MonkeyPatch.context() as patch:
        _isolate(patch, tmp_path_factory.mktemp("template-home"))
        yield tmp_path_factory.mktemp("template")


def git(cwd: Path, *args: str, stdin: bytes | None = None) -> str:
    """Run git in ``cwd``; its stdout, or an AssertionError that shows git's stderr."""
    result = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", "-c", "core.quotepath=off", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)}: {result.stderr.decode(errors='replace')}")
    return result.stdout.decode("utf-8", "surrogateescape")


class GitRepo:
    """A work tree with helpers to write files and commit them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._tick = 0

    @classmethod
    def init(cls, path: Path) -> GitRepo:
        path.mkdir(parents=True, exist_ok=True)
        git(path, "init", "-q")
        return cls(path)

    def git(self, *args: str) -> str:
        return git(self.path, *args)

    def write(self, name: str, text: str = "") -> Path:
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text or f"# {name}\n\nText of {name}.\n", encoding="utf-8")
        return target

    def copy(self, dest: Path) -> GitRepo:
        """A copy of the work tree and its history (the same commit ids), for one test to
        change; its next commit is dated after the copied ones."""
        repo = GitRepo(shutil.copytree(self.path, dest, symlinks=True))
        repo._tick = self._tick
        return repo

    def remove(self, name: str) -> None:
        self.git("rm", "-q", "--", name)

    def move(self, old: str, new: str) -> None:
        (self.path / new).parent.mkdir(parents=True, exist_ok=True)
        self.git("mv", "--", old, new)

    def commit(self, message: str = "change") -> str:
        """Commit everything in the work tree (a fixed, increasing date); the new commit id."""
        self._tick += 1
        date = f"2024-01-01T00:{self._tick // 60:02d}:{self._tick % 60:02d}Z"
        self.git("add", "-A")
        env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
        result = subprocess.run(
            ["git", "commit", "-q", "--allow-empty", "-m", message],
            cwd=self.path,
            env=env,
            capture_output=True,
            check=False,
        )
        if result.returncode != 0:
            raise AssertionError(result.stderr.decode(errors="replace"))
        return self.head()

    def head(self) -> str:
        return self.git("rev-parse", "HEAD").strip()

    def checkout(self, *args: str) -> None:
        self.git("checkout", "-q", *args)

    def clone(self, dest: Path, *, depth: int | None = 1, branch: str | None = None) -> GitRepo:
        """A clone over file:// (a real transfer, as from GitHub), shallow unless depth=None."""
        args = ["clone", "-q", "--no-local"]
        if depth is not None:
            args.append(f"--depth={depth}")
        if branch:
            args += ["--branch", branch]
        git(dest.parent, *args, f"file://{self.path}", str(dest))
        return GitRepo(dest)

    def forget_unreachable(self) -> None:
        """Drop commits no branch reaches (what a force-push leaves), so none can be fetched."""
        self.git("reflog", "expire", "--expire=now", "--all")
        self.git("gc", "-q", "--prune=now")

    def commit_count(self) -> int:
        """Commits reachable from HEAD in this (possibly shallow) repository."""
        return int(self.git("rev-list", "--count", "HEAD").strip())

    def commits_present(self) -> int:
        """Every commit object in the repository, reachable or not (what fetches brought)."""
        out = self.git("cat-file", "--batch-all-objects", "--batch-check=%(objecttype)")
        return sum(1 for line in out.splitlines() if line == "commit")


def push_event(
    before: str,
    after: str,
    commits: list[str] | None = None,
    *,
    forced: bool = False,
) -> dict[str, object]:
    """A push payload as GitHub sends it (the fields change detection reads, and some others)."""
    ids = commits if commits is not None else [after]
    return {
        "ref": "refs/heads/main",
        "before": before,
        "after": after,
        "created": set(before) == {"0"},
        "deleted": set(after) == {"0"},
        "forced": forced,
        "commits": [{"id": sha, "distinct": True, "message": "m"} for sha in ids],
        "head_commit": {"id": after, "message": "m"} if ids else None,
        "repository": {"full_name": "writer/blog"},
    }
