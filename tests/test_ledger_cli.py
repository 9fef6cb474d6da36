"""status, adopt and forget through the command line, against the sandbox, the fake GitHub and
real files: an uncertain post resolved without editing JSON, in a shell and in a GitHub run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fake_github import FakeGitHub
from helpers import state_records, write

from medium_action.cli.commands import dispatch
from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN

POSTS_ROUTE = "POST /v1/users/*/posts"
SHA = "b" * 40


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write(root, {"posts/a.md": "# Alpha\n\nText.\n", "posts/b.md": "# Beta\n\nText.\n"})
    return root


def env(workspace: Path, sandbox: SandboxServer, **extra: str) -> dict[str, str]:
    return {
        "GITHUB_WORKSPACE": str(workspace),
        "MEDIUM_TOKEN": DEFAULT_TOKEN,
        "MEDIUM_API_URL": sandbox.url,
        "MEDIUM_FILES": "posts/*.md",
        **extra,
    }


def status_of(workspace: Path, environ: dict[str, str], capsys: pytest.CaptureFixture[str]):  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert dispatch(["status", "--json"], environ) == 0
    return {row["file"]: row for row in json.loads(capsys.readouterr().out)}


def test_an_uncertain_post_is_adopted_then_skipped_naming_its_url(
    workspace: Path, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = env(workspace, sandbox)
    sandbox.sandbox.inject(POSTS_ROUTE, drop=True, create_before_fault=True)  # a's answer lost
    assert dispatch([], environ) == 1
    rows = status_of(workspace, environ, capsys)
    assert rows["posts/a.md"]["state"] == "uncertain" and rows["posts/b.md"]["state"] == "published"
    assert dispatch([], environ) == 1  # not green while uncertain, and nothing sent again
    assert len(sandbox.sandbox.posts) == 2

    url = sandbox.sandbox.posts[0]["url"]  # what the writer finds in their Medium drafts
    assert dispatch(["adopt", "posts/a.md", url], environ) == 0
    assert status_of(workspace, environ, capsys)["posts/a.md"]["url"] == url
    capsys.readouterr()
    assert dispatch([], environ) == 0
    out = capsys.readouterr().out
    assert url in out and len(sandbox.sandbox.posts) == 2


def test_forget_lets_the_next_run_publish_the_file_once_more(
    workspace: Path, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = env(workspace, sandbox)
    assert dispatch([], environ) == 0
    assert dispatch(["forget", "posts/a.md"], environ) == 0
    assert set(state_records(workspace / ".medium/published.json")) == {"posts/b.md"}
    assert dispatch([], environ) == 0
    assert sorted(p["title"] for p in sandbox.sandbox.posts) == ["Alpha", "Alpha", "Beta"]
    assert dispatch(["forget", "posts/nope.md"], environ) == 1  # the ledger never knew it


def test_status_says_edited_when_a_published_file_changed(
    workspace: Path, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = env(workspace, sandbox)
    assert dispatch([], environ) == 0
    (workspace / "posts/a.md").write_text("# Alpha\n\nText, edited.\n")
    rows = status_of(workspace, environ, capsys)
    assert rows["posts/a.md"]["state"] == "edited"
    assert rows["posts/a.md"]["api_url"] == "http://localhost/v1"
    assert rows["posts/a.md"]["user"] == "sandbox-writer"
    capsys.readouterr()
    assert dispatch([], environ) == 0
    out = capsys.readouterr().out
    assert "edited since published" in out and ".page.html" in out  # where its new version is
    assert len(sandbox.sandbox.posts) == 2


def test_a_rehearsal_record_never_blocks_medium_and_status_tells_them_apart(
    workspace: Path, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = env(workspace, sandbox)
    assert dispatch([], environ) == 0  # a rehearsal on the sandbox
    medium = {**environ, "MEDIUM_API_URL": "https://api.medium.com/v1"}
    assert (
        dispatch(["adopt", "posts/b.md", "https://medium.com/@me/beta-1a2b3c4d5e6f"], medium) == 0
    )
    capsys.readouterr()
    assert dispatch(["status"], environ) == 0
    text = capsys.readouterr().out
    assert "Medium" in text and "http://localhost/v1" in text
    assert text.count("posts/b.md") == 2  # one record per place


def test_in_a_github_run_adopt_and_forget_reach_the_commit_comments(
    workspace: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    # A fresh checkout has no state file: what it knows comes from the comments.
    environ = {
        **env(workspace, sandbox),
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": github.repository,
        "GITHUB_API_URL": github.url,
        "GITHUB_SHA": SHA,
        "MEDIUM_GITHUB_TOKEN": github.token,
    }
    url = "https://medium.com/@me/alpha-1a2b3c4d5e6f"
    medium = {**environ, "MEDIUM_API_URL": "https://api.medium.com/v1"}
    assert dispatch(["adopt", "posts/a.md", url], medium) == 0
    assert len(github.comments) == 1 and url in github.comments[0]["body"]
    (workspace / ".medium/published.json").unlink()

    from medium_action.github.client import GitHubClient
    from medium_action.ledger.records import Ledger

    client = GitHubClient.create(
        api_url=github.url, repository=github.repository, token=github.token
    )
    ledger = Ledger()
    ledger.merge(client.read_ledger())
    assert ledger.records["posts/a.md"].url == url

    assert dispatch(["forget", "posts/a.md"], medium) == 0  # no state file here: a tombstone
    fresh = Ledger()
    fresh.merge(client.read_ledger())
    client.close()
    assert "posts/a.md" not in fresh.records


HOLDER = (
    "import fcntl, os, sys\n"
    "fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)\n"
    "fcntl.flock(fd, fcntl.LOCK_EX)\n"
    "print('locked', flush=True)\n"
    "sys.stdin.readline()\n"
)


def test_a_second_run_on_the_same_state_file_stops_with_exit_2_naming_the_lock(
    workspace: Path,
    sandbox: SandboxServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import functools
    import subprocess
    import sys

    from medium_action.ledger import statefile
    from medium_action.ledger.statefile import StateFile

    # Another run holds the lock (a real second process); this run's wait is cut to 0.3 s.
    # (The run imports StateFile from its module when it needs one: patched there.)
    monkeypatch.setattr(statefile, "StateFile", functools.partial(StateFile, lock_timeout=0.3))
    lock = workspace / ".medium/published.json.lock"
    lock.parent.mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        assert dispatch([], env(workspace, sandbox)) == 2
    finally:
        holder.communicate("done\n", timeout=10)
    out = capsys.readouterr().out
    assert "published.json.lock" in out and "another medium-publish run" in out
    assert sandbox.sandbox.posts == [] and sandbox.sandbox.requests == []
