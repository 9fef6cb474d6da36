"""Where change detection starts outside a GitHub push: the since setting, the last commit
handled on the branch, the CI's previous-commit variable, else the head's parent with a
warning. Against real git: an origin and shallow ``file://`` clones of it, as CI makes them."""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from gitrepo import GitRepo, template_git

from medium_action.log import Log
from medium_action.settings import load_settings
from medium_action.sources.git import Git
from medium_action.sources.selection import Selection, select_files
from medium_action.sources.since import ci_previous_commit, resolve_base

pytestmark = pytest.mark.usefixtures("git_env")


def history(origin: GitRepo, commits: int) -> list[str]:
    """``commits`` commits of posts/old-N.md (a history longer than the clone's depth)."""
    shas = []
    for n in range(commits):
        origin.write(f"posts/old-{n}.md")
        shas.append(origin.commit(f"old {n}"))
    return shas


@pytest.fixture(scope="session")
def pushed_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[GitRepo, str, list[str]]:
    """Built once per test process, copied for each test (the same commit ids)."""
    with template_git(tmp_path_factory) as folder:
        origin = GitRepo.init(folder / "origin")
        before = history(origin, 25)[-1]
        origin.write("posts/first.md")
        first = origin.commit("first of the push")
        origin.write("posts/second.md")
        second = origin.commit("second of the push")
    return origin, before, [first, second]


@pytest.fixture
def pushed(
    tmp_path: Path, pushed_template: tuple[GitRepo, str, list[str]]
) -> tuple[GitRepo, str, list[str]]:
    """An origin with 25 commits, then a push of two commits adding one post each; returns the
    origin (a test's own copy), the commit before the push and the two pushed commits."""
    origin, before, commits = pushed_template
    return origin.copy(tmp_path / "origin"), before, list(commits)


def run(
    clone: GitRepo, environ: dict[str, str], last_handled: str | None = None, **flags: object
) -> tuple[Selection, str]:
    out = io.StringIO()
    selection = select_files(
        load_settings({"dry_run": True, **flags}, {}),
        git=Git(clone.path),
        workspace=clone.path,
        event_name=None,
        event=None,
        sha=None,
        log=Log(github=False, stream=out),
        environ=environ,
        bookmarks=lambda: Known(last_handled),
    )
    return selection, out.getvalue()


class Known:
    """The state file's bookmarks for the branch, as ``Ledger`` answers them."""

    def __init__(self, last: str | None, left: list[str] | None = None) -> None:
        self.last, self.left = last, left or []

    def last_commit(self, branch: str) -> str | None:
        return self.last

    def left_behind(self, branch: str) -> list[str]:
        return self.left


def paths(selection: Selection) -> list[str]:
    return [c.path for c in selection.candidates]


def test_gitlab_push_of_two_commits_selects_both(
    pushed: tuple[GitRepo, str, list[str]], tmp_path: Path
) -> None:
    origin, before, (_, second) = pushed
    clone = origin.clone(tmp_path / "ci", depth=20)
    environ = {"CI_COMMIT_BEFORE_SHA": before, "CI_COMMIT_BRANCH": "main"}
    selection, log = run(clone, environ)
    assert paths(selection) == ["posts/first.md", "posts/second.md"]
    assert "CI_COMMIT_BEFORE_SHA" in log
    assert "warning" not in log.lower()
    assert (selection.head, selection.branch) == (second, "main")


def test_a_previous_commit_beyond_a_shallow_clone_is_reached_by_deepening(
    pushed: tuple[GitRepo, str, list[str]], tmp_path: Path
) -> None:
    origin, before, _ = pushed
    clone = origin.clone(tmp_path / "ci", depth=1)
    selection, _ = run(clone, {"CI_COMMIT_BEFORE_SHA": before})
    assert paths(selection) == ["posts/first.md", "posts/second.md"]
    assert clone.commit_count() > 1  # deepened to reach it


def test_the_ci_variable_wins_over_an_older_last_handled_commit_with_a_warning(
    pushed: tuple[GitRepo, str, list[str]], tmp_path: Path
) -> None:
    origin, before, (first, _) = pushed
    clone = origin.clone(tmp_path / "ci", depth=20)
    # The CI says only the last commit is new; the restored state file predates the pipeline
    # of `first` (two quick pushes restored one cache): that pipeline published its files.
    selection, log = run(clone, {"CI_COMMIT_BEFORE_SHA": first}, last_handled=before)
    # first.md is never published from here, nor dropped: it is listed as unhandled.
    changes = {c.path: c.change for c in selection.candidates}
    assert changes == {"posts/second.md": "added", "posts/first.md": "unhandled"}
    assert "CI_COMMIT_BEFORE_SHA" in log
    assert "resource_group" in log and f"{before[:12]} is older" in log


def test_a_rewritten_last_handled_commit_is_passed_over(
    pushed: tuple[GitRepo, str, list[str]], tmp_path: Path
) -> None:
    origin, before, _ = pushed
    origin.checkout("-q", "-b", "elsewhere", before)
    origin.write("posts/elsewhere.md")
    elsewhere = origin.commit("not on main")
    origin.checkout("main")
    clone = origin.clone(tmp_path / "ci", depth=20)
    selection, log = run(clone, {}, last_handled=elsewhere)
    assert paths(selection) == ["posts/second.md"]  # the head commit's, with a warning
    assert "is not in the history of HEAD" in log


def test_without_any_base_only_the_head_commit_and_a_warning(
    pushed: tuple[GitRepo, str, list[str]], tmp_path: Path
) -> None:
    origin, _, (_, second) = pushed
    clone = origin.clone(tmp_path / "ci", depth=20)
    selection, log = run(clone, {"CI_COMMIT_BEFORE_SHA": "0" * 40})
    assert paths(selection) == ["posts/second.md"]
    assert "::warning" not in log and "may be missed" in log
    assert selection.branch == "main"  # from git: the clone has main checked out
    assert selection.head == second


def test_the_since_setting_wins_over_everything(
    pushed: tuple[GitRepo, str, list[str]], tmp_path: Path
) -> None:
    origin, before, (first, _) = pushed
    clone = origin.clone(tmp_path / "ci", depth=20)
    selection, log = run(clone, {"CI_COMMIT_BEFORE_SHA": before}, last_handled=before, since=first)
    assert paths(selection) == ["posts/second.md"]
    assert "may be missed" not in log


def test_a_detached_head_outside_ci_has_no_branch(
    pushed: tuple[GitRepo, str, list[str]], tmp_path: Path
) -> None:
    origin = pushed[0]
    clone = origin.clone(tmp_path / "ci", depth=20)
    clone.checkout("--detach", "HEAD")
    selection, _ = run(clone, {})
    assert selection.branch is None
    assert run(clone, {"CI_COMMIT_REF_NAME": "release"})[0].branch == "release"
    assert run(clone, {"GITHUB_REF_NAME": "gh"})[0].branch == "gh"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"CI_COMMIT_BEFORE_SHA": "a" * 40}, "a" * 40),
        ({"CI_COMMIT_BEFORE_SHA": "0" * 40}, None),
        ({"GIT_PREVIOUS_SUCCESSFUL_COMMIT": "B" * 40}, "b" * 40),
        ({"TRAVIS_COMMIT_RANGE": "0ee91f38f189...e7090ffc4ef8"}, "0ee91f38f189"),
        ({"TRAVIS_COMMIT_RANGE": "abcdef1..1234567"}, "abcdef1"),
        ({"TRAVIS_COMMIT_RANGE": ""}, None),
        ({"CI_COMMIT_BEFORE_SHA": "HEAD~3"}, None),
        ({}, None),
    ],
)
def test_ci_previous_commit_variables(environ: dict[str, str], expected: str | None) -> None:
    found = ci_previous_commit(environ)
    assert (found[1] if found else None) == expected


def test_resolve_base_takes_since_as_given(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("a.md")
    repo.commit()
    base = resolve_base(Git(repo.path), since=" v1 ", last_handled=None, environ={})
    assert (base.since, base.warning) == ("v1", None)


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_what_a_deepen_writes_into_git_belongs_to_the_workspace_owner(
    pushed: tuple[GitRepo, str, list[str]], tmp_path: Path
) -> None:
    origin, before, _ = pushed
    clone = origin.clone(tmp_path / "ci", depth=1)
    for path in [clone.path, *clone.path.rglob("*")]:
        os.lchown(path, 1001, 1001)
    git = Git(clone.path)
    assert git.owner == (1001, 1001)
    git.ensure_safe_directory()
    assert git.deepen(5)
    assert git.fetch_commits([before], depth=1)
    owners = {
        (path.relative_to(clone.path).as_posix(), path.lstat().st_uid)
        for path in [clone.path / ".git", *(clone.path / ".git").rglob("*")]
    }
    assert {p for p, uid in owners if uid != 1001} == set()
    assert (clone.path / ".git" / "shallow").exists()
    assert any(p.startswith(".git/objects/pack/") for p, _ in owners)
