"""A GitHub push run considers every commit since the last run of its workflow that succeeded on
the branch: a push whose pending run was cancelled (the concurrency group keeps one pending) is
not lost. End to end with real git (depth-1 clones deepened from origin), the real program, the
fake GitHub's Actions API and the sandbox over loopback."""

from __future__ import annotations

import subprocess
from pathlib import Path

from fake_github import FakeGitHub
from gitrepo import GitRepo, push_event
from helpers import run_cli
from test_push_flow import action_env, published_titles

from medium_action.github.runs import pick_last_success, workflow_file
from medium_action.sandbox.server import SandboxServer

WORKFLOW_REF = "octo/blog/.github/workflows/publish.yml@refs/heads/main"
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f01f0005000201a3b3a2a40000000049454e44ae426082"
)


def run_of(
    origin: GitRepo,
    tmp_path: Path,
    name: str,
    before: str,
    after: str,
    sandbox: SandboxServer,
    github: FakeGitHub,
    **more: str,
) -> tuple[subprocess.CompletedProcess[str], str]:
    """The workflow's run for the push ``before..after``: run number one above the runs the
    fake knows; its result and its job summary."""
    clone = origin.clone(tmp_path / name)  # actions/checkout: depth 1
    env = action_env(clone, push_event(before, after), sandbox, github)
    number = len(github.runs) + 1
    env.update(
        {
            "GITHUB_WORKFLOW_REF": WORKFLOW_REF,
            "GITHUB_REF": "refs/heads/main",
            "GITHUB_RUN_NUMBER": str(number),
            "GITHUB_RUN_ID": str(9_000_000_000 + number),
            **more,
        }
    )
    done = run_cli([], cwd=clone.path, env=env)
    summary = Path(env["GITHUB_STEP_SUMMARY"])
    return done, summary.read_text() if summary.exists() else ""


def blog(tmp_path: Path) -> tuple[GitRepo, str]:
    origin = GitRepo.init(tmp_path / "origin")
    origin.write("README.md", "# Blog\n")
    return origin, origin.commit("init")


def test_a_push_whose_pending_run_was_cancelled_is_published_by_the_next_run(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    origin, base = blog(tmp_path)
    origin.write("posts/one.md", "# One\n\nText.\n")
    p1 = origin.commit("one")
    done, _ = run_of(origin, tmp_path, "r1", base, p1, sandbox, github)
    assert done.returncode == 0, done.stdout + done.stderr
    github.add_run(p1, "success")
    origin.write("posts/two.md", "# Two\n\nText.\n")
    p2 = origin.commit("two")
    github.add_run(p2, "cancelled")  # cancelled while pending: it never ran
    origin.write("posts/three.md", "# Three\n\nText.\n")
    p3 = origin.commit("three")

    done, _ = run_of(origin, tmp_path, "r3", p2, p3, sandbox, github)
    assert done.returncode == 0, done.stdout + done.stderr
    assert published_titles(sandbox) == ["One", "Three", "Two"]  # Two once, One not again
    assert "run #1" in done.stdout and "#2 (cancelled)" in done.stdout
    ask = [r for r in github.request_log if r["path"].endswith("/runs")][-1]
    assert ask["path"] == "/repos/octo/blog/actions/workflows/publish.yml/runs"
    assert ask["query"]["branch"] == "main" and ask["query"]["status"] == "completed"


def test_without_actions_read_the_run_warns_and_considers_its_own_push(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    origin, _ = blog(tmp_path)
    origin.write("posts/one.md", "# One\n\nText.\n")
    p1 = origin.commit("one")
    github.add_run(p1, "success")
    origin.write("posts/two.md", "# Two\n\nText.\n")
    p2 = origin.commit("two")
    github.add_run(p2, "cancelled")
    origin.write("posts/three.md", "# Three\n\nText.\n")
    p3 = origin.commit("three")
    github.deny_actions = True
    done, summary = run_of(origin, tmp_path, "r3", p2, p3, sandbox, github)
    assert done.returncode == 0, done.stdout + done.stderr
    assert published_titles(sandbox) == ["Three"]
    assert "actions: read" in done.stdout and "Only this push's commits" in done.stdout
    assert "actions: read" in summary and "**Warning:**" in summary


def test_a_failed_run_is_passed_over_its_posts_are_not_repeated_and_its_failure_is_retried(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    origin, base = blog(tmp_path)
    origin.write("posts/one.md", "# One\n\nText.\n")
    p1 = origin.commit("one")
    assert run_of(origin, tmp_path, "r1", base, p1, sandbox, github)[0].returncode == 0
    github.add_run(p1, "success")
    origin.write("posts/good.md", "# Good\n\nText.\n")
    origin.write("posts/bad.md", "# Bad\n\n![a chart](chart.png)\n")  # the image is missing
    p2 = origin.commit("good and bad")
    done, _ = run_of(origin, tmp_path, "r2", p1, p2, sandbox, github)
    assert done.returncode == 1, done.stdout + done.stderr
    github.add_run(p2, "failure")
    assert published_titles(sandbox) == ["Good", "One"]

    (origin.path / "posts/chart.png").write_bytes(PNG_BYTES)
    origin.write("posts/three.md", "# Three\n\nText.\n")
    p3 = origin.commit("the chart, and three")
    done, _ = run_of(origin, tmp_path, "r3", p2, p3, sandbox, github)
    assert done.returncode == 0, done.stdout + done.stderr
    assert published_titles(sandbox) == ["Bad", "Good", "One", "Three"]  # each once
    assert "#2 (failure)" in done.stdout


def test_a_push_that_changes_no_post_asks_github_once_and_nothing_else(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    origin, base = blog(tmp_path)
    github.add_run(base, "success")
    origin.write("src/app.py", "print('hi')\n")
    head = origin.commit("code only")
    done, _ = run_of(origin, tmp_path, "r", base, head, sandbox, github)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sandbox.sandbox.requests == []
    assert github.requests == [("GET", "/repos/octo/blog/actions/workflows/publish.yml/runs")]


def test_a_run_without_a_workflow_ref_never_asks(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    origin, base = blog(tmp_path)
    origin.write("src/app.py", "print('hi')\n")
    head = origin.commit("code only")
    done, _ = run_of(origin, tmp_path, "r", base, head, sandbox, github, GITHUB_WORKFLOW_REF="")
    assert done.returncode == 0, done.stdout + done.stderr
    assert github.requests == []


def run(number: int, sha: str, conclusion: str | None, **more: object) -> dict[str, object]:
    return {
        "id": 100 + number,
        "run_number": number,
        "head_sha": sha,
        "head_branch": "main",
        "event": "push",
        "status": "completed" if conclusion else "in_progress",
        "conclusion": conclusion,
        **more,
    }


def test_pick_last_success_skips_this_run_later_ones_other_branches_and_failures() -> None:
    a, b, c, d = ("a" * 40, "b" * 40, "c" * 40, "d" * 40)
    runs = [
        run(9, d, "success"),  # a later run (a re-run of a newer push): not before this one
        run(8, c, "success", head_branch="draft"),
        run(7, c, "failure"),
        run(6, b, "cancelled"),
        run(4, a, "success"),
        run(5, b, "success", id=105),  # this run itself (a re-run keeps its id)
    ]
    last = pick_last_success({"workflow_runs": runs}, run_id="105", run_number=8, branch="main")
    assert (last.sha, last.label) == (a, "run #4")
    assert last.passed_over == ["#7 (failure)", "#6 (cancelled)"]
    none = pick_last_success({"workflow_runs": []}, run_id="1", run_number=None, branch="main")
    assert none.sha is None


def test_workflow_file_reads_github_workflow_ref() -> None:
    assert workflow_file(WORKFLOW_REF) == "publish.yml"
    assert workflow_file("o/r/.github/workflows/medium.yaml@refs/tags/v1") == "medium.yaml"
    assert workflow_file("") is None and workflow_file("o/r/elsewhere.yml@x") is None


def test_a_last_run_commit_the_clone_cannot_reach_fails_and_publishes_nothing(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    origin, _ = blog(tmp_path)
    origin.write("posts/one.md", "# One\n\nText.\n")
    p1 = origin.commit("one")
    github.add_run(p1, "success")
    origin.write("posts/two.md", "# Two\n\nText.\n")
    p2 = origin.commit("two")
    github.add_run(p2, "cancelled")
    origin.write("posts/three.md", "# Three\n\nText.\n")
    p3 = origin.commit("three")
    clone = origin.clone(tmp_path / "r3")
    clone.git("remote", "set-url", "origin", str(tmp_path / "gone.git"))  # cannot deepen
    env = action_env(clone, push_event(p2, p3), sandbox, github)
    env.update(GITHUB_WORKFLOW_REF=WORKFLOW_REF, GITHUB_REF="refs/heads/main")
    done = run_cli([], cwd=clone.path, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "cannot read the history to compare" in done.stdout + done.stderr
    assert "the last successful run (run #1)" in done.stdout + done.stderr
    assert published_titles(sandbox) == []  # not "Three only": Two would be lost


def test_when_no_recent_run_succeeded_the_question_says_so(github: FakeGitHub) -> None:
    from medium_action.github.client import GitHubClient
    from medium_action.github.runs import last_run

    github.add_run("a" * 40, "failure")
    github.add_run("b" * 40, "startup_failure")
    github.add_run("c" * 40, "success", branch="draft")  # another branch's success is not ours
    environ = {"GITHUB_WORKFLOW_REF": WORKFLOW_REF, "GITHUB_RUN_NUMBER": "4"}
    with GitHubClient.create(
        api_url=github.url, repository=github.repository, token=github.token
    ) as client:
        last = last_run(client, environ, "main")
    assert last.sha is None
    assert last.warning is not None and "none of the last 2 completed runs" in last.warning
    assert "#2 (startup_failure)" in last.warning
