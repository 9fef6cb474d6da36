"""The comment ledger read, refused, damaged or lost, in real GitHub-style runs (issue 19:
cases 7, 11, 12 and 20), against the sandbox and the fake GitHub over loopback.

Each test first publishes through a real run, then takes the state file away (a fresh
checkout in GitHub has none): what the next run knows comes from the commit comments alone.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from fake_github import BOT, FakeGitHub
from helpers import read_outputs, run_cli, write

from medium_action.github.comment import MARKER, parse_ledger
from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN

SHA = "c" * 40


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write(root, {"posts/a.md": "# Alpha\n\nText.\n", "posts/b.md": "# Beta\n\nText.\n"})
    return root


def github_env(
    workspace: Path, sandbox: SandboxServer, github: FakeGitHub, **inputs: str
) -> dict[str, str]:
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_EVENT_NAME": "workflow_dispatch",
        "GITHUB_SHA": SHA,
        "GITHUB_REPOSITORY": github.repository,
        "GITHUB_API_URL": github.url,
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_OUTPUT": str(workspace.parent / "output.txt"),
        "GITHUB_STEP_SUMMARY": str(workspace.parent / "summary.md"),
        "INPUT_TOKEN": DEFAULT_TOKEN,
        "INPUT_API-URL": sandbox.url,
        "INPUT_GITHUB-TOKEN": github.token,
        "INPUT_FILES": "posts/*.md",
        **{name: os.environ[name] for name in ("GIT_CONFIG_GLOBAL", "HOME") if name in os.environ},
    }
    env.update({f"INPUT_{k.upper().replace('_', '-')}": v for k, v in inputs.items()})
    return env


def fresh_checkout(workspace: Path) -> None:
    (workspace / ".medium/published.json").unlink(missing_ok=True)
    for name in ("output.txt", "summary.md"):
        (workspace.parent / name).unlink(missing_ok=True)


def publish_once(workspace: Path, sandbox: SandboxServer, github: FakeGitHub) -> None:
    done = run_cli([], cwd=workspace, env=github_env(workspace, sandbox, github))
    assert done.returncode == 0, done.stdout + done.stderr
    assert sorted(p["title"] for p in sandbox.sandbox.posts) == ["Alpha", "Beta"]
    fresh_checkout(workspace)


# --- case 12: only GitHub's own JSON refusal is a refusal ------------------------------------


@pytest.mark.parametrize(
    ("status", "body", "headers"),
    [
        (
            403,
            "<html><body><h1>403 Forbidden</h1>proxy</body></html>",
            {"Content-Type": "text/html"},
        ),
        (404, {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"}, None),
        (404, "<html>Not Found</html>", {"Content-Type": "text/html"}),
        (403, "", None),
        (403, "Forbidden", {"Content-Type": "text/plain"}),
        (410, {"message": "Gone"}, None),
    ],
)
def test_a_comment_list_that_is_not_githubs_refusal_stops_the_run(
    workspace: Path,
    sandbox: SandboxServer,
    github: FakeGitHub,
    status: int,
    body: object,
    headers: dict[str, str] | None,
) -> None:
    publish_once(workspace, sandbox, github)
    github.queue_response(status, body, headers)  # type: ignore[arg-type]
    done = run_cli([], cwd=workspace, env=github_env(workspace, sandbox, github))
    text = done.stdout + done.stderr
    assert done.returncode == 2, text
    assert "could not read this repository's commit comments" in text
    assert "nothing was published" in text
    assert len(sandbox.sandbox.posts) == 2  # nothing twice


def test_githubs_own_json_refusal_goes_on_with_the_state_file_and_says_so(
    workspace: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    publish_once(workspace, sandbox, github)
    github.queue_response(
        403,
        {
            "message": "Resource not accessible by integration",
            "documentation_url": "https://docs.github.com/rest/commits/comments",
        },
    )
    github.deny_writes = True
    env = github_env(workspace, sandbox, github)
    done = run_cli([], cwd=workspace, env=env)
    text = done.stdout + done.stderr
    assert "GitHub refused to let this run read its commit comments" in text
    assert "Resource not accessible by integration" in text


# --- case 11: a damaged ledger block is refused, naming the comment -------------------------


@pytest.mark.parametrize(
    "damage",
    [
        lambda body: body.replace('"records":[', '"records":[,'),  # a stray comma
        lambda body: body.split("<!-- medium-publish-ledger")[0],  # the block deleted
        lambda body: body.rstrip().removesuffix(" -->")[:-3] + "\n",  # its end cut
        lambda body: body.replace(MARKER, "<!-- medium-publish", 1),  # the marker's end cut
        lambda body: body.replace('"records":', '"recs":'),
        lambda body: body.replace("\\u0026", "&amp;").replace('"path":"', '"path": "x\n'),
    ],
)
def test_a_hand_edited_ledger_comment_is_refused_naming_it(
    workspace: Path, sandbox: SandboxServer, github: FakeGitHub, damage: object
) -> None:
    publish_once(workspace, sandbox, github)
    (ours,) = [c for c in github.comments if c["body"].startswith(MARKER)]
    ours["body"] = damage(ours["body"])  # type: ignore[operator]  # GitHub's web editor
    assert parse_ledger(ours["body"]) == []  # what the run used to believe: nothing published
    (workspace / "posts/a.md").write_text("# Alpha\n\nText, edited.\n")
    done = run_cli([], cwd=workspace, env=github_env(workspace, sandbox, github))
    text = done.stdout + done.stderr
    assert done.returncode == 2, text
    assert ours["html_url"] in text and str(ours["id"]) in text
    assert "edited by hand" in text
    assert len(sandbox.sandbox.posts) == 2
    assert github.comments[0]["body"] == ours["body"]  # left as it was, for the person to mend


def test_a_stranger_s_broken_comment_is_not_a_reason_to_stop(
    workspace: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    github.add_comment(SHA, MARKER + "\nnot a ledger", login="stranger", author_association="NONE")
    done = run_cli([], cwd=workspace, env=github_env(workspace, sandbox, github))
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(sandbox.sandbox.posts) == 2


# --- case 7: a write-ahead comment made, its answer lost ------------------------------------


@pytest.mark.parametrize("lost", [1, 2])
def test_a_write_ahead_comment_whose_answer_was_lost_does_not_block_the_rerun(
    workspace: Path, sandbox: SandboxServer, github: FakeGitHub, lost: int
) -> None:
    write(workspace, {"posts/b.md": "---\npublished: false\n---\n# Beta\n"})
    github.lose_write_answers = lost  # GitHub makes the comment; the answer never arrives
    env = github_env(workspace, sandbox, github)
    done = run_cli([], cwd=workspace, env=env)
    text = done.stdout + done.stderr
    assert done.returncode == 1, text
    assert "not sent" in text and sandbox.sandbox.posts == []
    assert [c["user"]["login"] for c in github.comments] == [BOT]  # one comment, made

    fresh_checkout(workspace)
    done = run_cli([], cwd=workspace, env=github_env(workspace, sandbox, github))
    text = done.stdout + done.stderr
    assert done.returncode == 0, text
    assert [p["title"] for p in sandbox.sandbox.posts] == ["Alpha"]  # once, by the rerun
    assert "uncertain" not in text


# --- case 20: a dry run in GitHub reads the comment ledger, writes nothing ------------------


def test_a_dry_run_in_github_reads_the_comments_and_says_what_a_real_run_would_do(
    workspace: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    publish_once(workspace, sandbox, github)
    write(workspace, {"posts/c.md": "# Gamma\n\nNew.\n"})
    before = [dict(c) for c in github.comments]
    requests = len(github.requests)
    env = github_env(workspace, sandbox, github, dry_run="true")
    del env["INPUT_TOKEN"]
    done = run_cli([], cwd=workspace, env=env)
    text = done.stdout + done.stderr
    assert done.returncode == 0, text
    outputs = read_outputs(Path(env["GITHUB_OUTPUT"]))
    assert "posts/c.md" in text and (workspace / ".medium/preview/posts/c.html").is_file()
    assert not (workspace / ".medium/preview/posts/a.html").exists()
    skipped = {item["file"]: item["reason"] for item in json.loads(outputs["skipped"])}
    assert "already published" in skipped["posts/a.md"]
    assert "already published" in skipped["posts/b.md"]
    assert "already published" not in skipped["posts/c.md"]  # the dry run's own words
    methods = {method for method, _ in github.requests[requests:]}
    assert methods == {"GET"}  # read, never written
    assert github.comments == before
    assert len(sandbox.sandbox.posts) == 2


def test_a_read_only_github_token_sends_nothing_and_says_what_to_add(
    workspace: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    # What the README says of a read-only GITHUB_TOKEN: every post "not sent", exit 1.
    github.deny_writes = True
    done = run_cli([], cwd=workspace, env=github_env(workspace, sandbox, github))
    text = done.stdout + done.stderr
    assert done.returncode == 1, text
    assert sandbox.sandbox.posts == []
    assert "not sent: the commit comment that records a post before it is sent" in text
    assert "contents: write" in text
    assert "if a rerun reports it as uncertain" not in text  # refused: nothing was made
