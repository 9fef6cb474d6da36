"""Push = post, end to end: real git (shallow clones over file://), the sandbox, a fake GitHub.

The acceptance case of the change-detection issue: in a shallow clone of a repository whose push
added a.md, modified b.md, renamed c.md to d.md (c published earlier), deleted e.md and changed
README.md, exactly a.md and b.md are published; a fresh clone re-running the push publishes
nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from fake_github import FakeGitHub
from gitrepo import GitRepo, push_event
from helpers import read_outputs, run_cli, state_records

from medium_action.github.comment import MARKER, parse_ledger, render_comment
from medium_action.ledger.records import LedgerRecord
from medium_action.results import RunResult
from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN


def action_env(
    clone: GitRepo,
    event: dict[str, object],
    sandbox: SandboxServer,
    github: FakeGitHub,
    **inputs: str,
) -> dict[str, str]:
    event_file = clone.path.parent / f"event-{clone.path.name}.json"
    event_file.write_text(json.dumps(event))
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(clone.path),
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_EVENT_PATH": str(event_file),
        "GITHUB_SHA": str(event["after"]),
        "GITHUB_REPOSITORY": github.repository,
        "GITHUB_API_URL": github.url,
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_OUTPUT": str(clone.path.parent / f"output-{clone.path.name}.txt"),
        "GITHUB_STEP_SUMMARY": str(clone.path.parent / f"summary-{clone.path.name}.md"),
        "INPUT_TOKEN": DEFAULT_TOKEN,
        "INPUT_API-URL": sandbox.url,
        "INPUT_GITHUB-TOKEN": github.token,
        "INPUT_COMMENT": "",
        "INPUT_FILES": "",
        **{name: os.environ[name] for name in ("GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "HOME")},
    }
    env.update({f"INPUT_{k.upper().replace('_', '-')}": v for k, v in inputs.items()})
    return env


@pytest.fixture
def history(tmp_path: Path, git_env: Path) -> tuple[GitRepo, str, str, str]:
    """origin: b, e, README before the action; then a push adding c; then the big push."""
    origin = GitRepo.init(tmp_path / "origin")
    origin.write("b.md", "# B\n\nFirst version of b.\n")
    origin.write("e.md", "# E\n\nSoon deleted.\n")
    origin.write("README.md", "# Blog\n")
    first = origin.commit("before the action")
    origin.write("c.md", "# C\n\nPublished early.\n")
    second = origin.commit("add c")
    origin.write("a.md", "# A\n\nBrand new.\n")
    origin.write("b.md", "# B\n\nSecond version of b.\n")
    origin.move("c.md", "d.md")
    origin.remove("e.md")
    origin.write("README.md", "# Blog\n\nNow with a description.\n")
    third = origin.commit("the big push")
    return origin, first, second, third


def published_titles(sandbox: SandboxServer) -> list[str]:
    return sorted(post["title"] for post in sandbox.sandbox.posts)


def test_push_publishes_exactly_what_it_added_or_changed(
    tmp_path: Path,
    history: tuple[GitRepo, str, str, str],
    sandbox: SandboxServer,
    github: FakeGitHub,
) -> None:
    origin, first, second, third = history
    origin.checkout(second)
    early = origin.clone(tmp_path / "early")
    origin.checkout("main")
    done = run_cli(
        [], cwd=early.path, env=action_env(early, push_event(first, second), sandbox, github)
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert published_titles(sandbox) == ["C"]

    clone = origin.clone(tmp_path / "clone")
    env = action_env(clone, push_event(second, third), sandbox, github)
    done = run_cli([], cwd=clone.path, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert published_titles(sandbox) == ["A", "B", "C"]

    outputs = read_outputs(Path(env["GITHUB_OUTPUT"]))
    assert sorted(post["file"] for post in json.loads(outputs["posts"])) == ["a.md", "b.md"]
    reasons = {item["file"]: item["reason"] for item in json.loads(outputs["skipped"])}
    assert set(reasons) == {"d.md", "e.md"}
    c_url = next(post["url"] for post in sandbox.sandbox.posts if post["title"] == "C")
    assert c_url in reasons["d.md"] and "deleted" in reasons["e.md"]

    ours = [comment for comment in github.comments if comment["body"].startswith(MARKER)]
    on_third = [comment for comment in ours if comment["commit_id"] == third]
    assert len(on_third) == 1
    body = on_third[0]["body"]
    assert "a.md" in body and "b.md" in body
    recorded = {record.path: record for record in parse_ledger(body)}
    assert sorted(recorded) == ["a.md", "b.md", "d.md"]  # d.md: c.md's post, carried over
    assert recorded["d.md"].url == c_url

    fresh = origin.clone(tmp_path / "fresh")
    rerun_env = action_env(fresh, push_event(second, third), sandbox, github)
    requests_before = len(sandbox.sandbox.requests)
    again = run_cli([], cwd=fresh.path, env=rerun_env)
    assert again.returncode == 0, again.stdout
    assert published_titles(sandbox) == ["A", "B", "C"]
    assert len(sandbox.sandbox.requests) == requests_before
    assert read_outputs(Path(rerun_env["GITHUB_OUTPUT"]))["count"] == "0"
    assert len([c for c in github.comments if c["commit_id"] == third]) == 1

    origin.write("d.md", "# C\n\nPublished early, edited after its rename.\n")
    fourth = origin.commit("edit the renamed file")
    later = origin.clone(tmp_path / "later")
    done = run_cli(
        [], cwd=later.path, env=action_env(later, push_event(third, fourth), sandbox, github)
    )
    assert done.returncode == 0, done.stdout
    assert published_titles(sandbox) == ["A", "B", "C"]
    assert c_url in done.stdout


def push_of(
    tmp_path: Path, files: dict[str, str], name: str = "clone"
) -> tuple[GitRepo, GitRepo, str, str]:
    """An origin with a README, then one pushed commit writing ``files``; a shallow clone of it."""
    origin = GitRepo.init(tmp_path / "origin")
    origin.write("README.md", "# Blog\n")
    base = origin.commit("init")
    for path, text in files.items():
        origin.write(path, text)
    head = origin.commit("the push")
    return origin, origin.clone(tmp_path / name), base, head


def publish(
    clone: GitRepo, base: str, head: str, sandbox: SandboxServer, github: FakeGitHub, **inputs: str
) -> subprocess.CompletedProcess[str]:
    env = action_env(clone, push_event(base, head), sandbox, github, **inputs)
    return run_cli([], cwd=clone.path, env=env)


def test_a_later_push_editing_a_published_file_creates_no_post(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    origin, clone, base, one = push_of(tmp_path, {"posts/p.md": "# P\n\nv1\n"}, "one")
    assert publish(clone, base, one, sandbox, github).returncode == 0
    origin.write("posts/p.md", "# P\n\nv2, edited\n")
    two = origin.commit("edit p")
    done = publish(origin.clone(tmp_path / "two"), one, two, sandbox, github)
    assert done.returncode == 0
    assert published_titles(sandbox) == ["P"]
    assert "edited since published" in done.stdout  # said as such, with where its new version is
    assert (origin.path.parent / "two/.medium/preview/posts/p.page.html").is_file()


def test_no_publishable_change_makes_no_request_at_all(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    _, clone, base, head = push_of(
        tmp_path, {"README.md": "# Blog\n\nmore\n", "src/app.py": "print('hi')\n"}
    )
    done = publish(clone, base, head, sandbox, github)
    assert done.returncode == 0, done.stdout
    assert sandbox.sandbox.requests == [] and github.requests == []


def test_missing_comment_permission_sends_nothing_and_says_how_to_fix_it(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    # The comment is where a fresh checkout looks: a post whose record cannot be written there
    # first is not sent (before, it was published with a warning, and a rerun posted it again).
    github.deny_writes = True
    _, clone, base, head = push_of(tmp_path, {"p.md": "# P\n\nText.\n", "q.md": "# Q\n\nMore.\n"})
    done = publish(clone, base, head, sandbox, github)
    assert done.returncode == 1, done.stdout
    assert published_titles(sandbox) == []
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error")]
    assert len(errors) == 2 and all("contents: write" in line for line in errors)
    assert github.comments == []
    assert (
        state_records(clone.path / ".medium/published.json") == {}
    )  # no record of a post that was never sent


def test_comment_false_writes_no_comment_but_still_reads_the_ledger(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    _, clone, base, head = push_of(tmp_path, {"p.md": "# P\n\nText.\n"})
    done = publish(clone, base, head, sandbox, github, comment="false")
    assert done.returncode == 0
    assert github.comments == []
    assert any(method == "GET" for method, _ in github.requests)
    assert_says_the_state_file_is_the_only_record(clone, done.stdout, "comment: false")


def assert_says_the_state_file_is_the_only_record(clone: GitRepo, log: str, why: str) -> None:
    warnings = [line for line in log.splitlines() if line.startswith("::warning")]
    assert any("only record" in line and why in line for line in warnings), log
    summary = (clone.path.parent / f"summary-{clone.path.name}.md").read_text()
    assert "only record" in summary and why in summary


def test_a_github_run_without_a_github_token_says_the_state_file_is_the_only_record(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    # what `uses: docker://…` gets: no action.yml default, so github-token arrives empty
    _, clone, base, head = push_of(tmp_path, {"p.md": "# P\n\nText.\n"})
    done = publish(clone, base, head, sandbox, github, github_token="")
    assert done.returncode == 0, done.stdout
    assert published_titles(sandbox) == ["P"] and github.requests == []
    assert_says_the_state_file_is_the_only_record(clone, done.stdout, "no github-token")


def test_refused_comment_reads_leave_the_state_file_as_the_only_record(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    _, clone, base, head = push_of(tmp_path, {"p.md": "# P\n\nText.\n"})
    # GitHub's own JSON refusal (a 404 or a proxy's page is no refusal: issue 19, case 12)
    github.queue_response(
        403,
        {
            "message": "Resource not accessible by integration",
            "documentation_url": "https://docs.github.com/rest/commits/comments",
        },
    )
    done = publish(clone, base, head, sandbox, github)
    assert done.returncode == 0, done.stdout
    assert published_titles(sandbox) == ["P"]
    assert [method for method, _ in github.requests] == ["GET"]  # and never written
    assert_says_the_state_file_is_the_only_record(clone, done.stdout, "refused")


def test_a_rerun_after_a_failure_updates_the_same_comment(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    _, clone, base, head = push_of(tmp_path, {"a.md": "# A\n\nText.\n", "b.md": "# B\n\nText.\n"})
    sandbox.sandbox.inject("POST /v1/users/*/posts", times=1)  # a.md: served normally
    sandbox.sandbox.inject("POST /v1/users/*/posts", [503])  # b.md: Medium fails
    first = publish(clone, base, head, sandbox, github)
    assert first.returncode == 1
    comments = [c for c in github.comments if c["commit_id"] == head]
    assert len(comments) == 1 and "HTTP 503" in comments[0]["body"]

    again = publish(clone, base, head, sandbox, github)
    assert again.returncode == 0, again.stdout
    assert published_titles(sandbox) == ["A", "B"]
    comments = [c for c in github.comments if c["commit_id"] == head]
    assert len(comments) == 1
    assert sorted(r.path for r in parse_ledger(comments[0]["body"])) == ["a.md", "b.md"]
    assert any(method == "PATCH" for method, _ in github.requests)


def test_a_forged_ledger_comment_from_a_stranger_blocks_nothing(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    _, clone, base, head = push_of(tmp_path, {"p.md": "# P\n\nText.\n"})
    forged = LedgerRecord(path="p.md", sha256="0" * 64, time="2026-01-01", id="x", url="https://x")
    github.add_comment(base, render_comment(RunResult(), [forged]), login="mallory")
    done = publish(clone, base, head, sandbox, github)
    assert done.returncode == 0, done.stdout
    assert published_titles(sandbox) == ["P"]
    assert "written by mallory" in done.stdout


def test_a_rename_no_run_saw_then_an_edit_creates_no_post(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    origin, clone, base, one = push_of(tmp_path, {"posts/old.md": "# My post\n\nv1\n"}, "one")
    assert publish(clone, base, one, sandbox, github).returncode == 0
    origin.move("posts/old.md", "posts/new-name.md")
    renamed = origin.commit("rename [skip ci]")  # no run sees this commit
    origin.write("posts/new-name.md", "# My post\n\nv2, edited after the rename\n")
    edited = origin.commit("edit")
    done = publish(origin.clone(tmp_path / "two"), renamed, edited, sandbox, github)
    assert done.returncode == 0, done.stdout
    assert published_titles(sandbox) == ["My post"]
    assert "posts/old.md renamed" in done.stdout


def test_both_targets_keep_their_records_in_one_comment_and_a_fresh_clone_sends_nothing(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    from medium_action.sandbox.devto import DEVTO_KEY

    origin, clone, base, head = push_of(tmp_path, {"a.md": "# A\n\nText.\n"})
    inputs = {
        "targets": "medium, devto",
        "devto_api_url": sandbox.devto_url,
        "devto_api_key": DEVTO_KEY,
    }
    first = publish(clone, base, head, sandbox, github, **inputs)
    assert first.returncode == 0, first.stdout + first.stderr
    assert published_titles(sandbox) == ["A"] and len(sandbox.sandbox.devto.articles) == 1
    comments = [c for c in github.comments if c["commit_id"] == head]
    assert len(comments) == 1
    held = parse_ledger(comments[0]["body"])
    assert sorted(r.target for r in held) == ["devto", "medium"]
    assert DEVTO_KEY not in comments[0]["body"]
    assert f"::add-mask::{DEVTO_KEY}" in first.stdout  # the runner hides it too

    fresh = origin.clone(tmp_path / "fresh")  # no state file: the comment is the only record
    again = publish(fresh, base, head, sandbox, github, **inputs)
    assert again.returncode == 0, again.stdout + again.stderr
    assert published_titles(sandbox) == ["A"] and len(sandbox.sandbox.devto.articles) == 1
