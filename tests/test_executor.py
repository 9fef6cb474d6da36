"""The executor in process: a fake target that records what it sees, and Medium's target over
loopback to the sandbox. Every post is recorded before it is sent; every outcome is recorded."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fake_github import FakeGitHub
from helpers import state_records
from pydantic import SecretStr

from medium_action.errors import (
    BadRequestError,
    RateLimitedError,
    UncertainOutcomeError,
)
from medium_action.github.client import GitHubClient
from medium_action.github.commit_ledger import CommitLedger
from medium_action.ledger.place import Place
from medium_action.ledger.statefile import StateFile
from medium_action.log import Log
from medium_action.medium.client import MediumClient
from medium_action.publishing.cancellation import Cancellation
from medium_action.publishing.content import ContentOptions
from medium_action.publishing.executor import Executor, ExecutorOptions
from medium_action.publishing.recorder import Recorder
from medium_action.publishing.targets.base import Draft, ImageUpload, Target
from medium_action.publishing.targets.medium.profile import MEDIUM
from medium_action.publishing.targets.medium.target import Credentials, MediumTarget
from medium_action.publishing.targets.profile import Profile
from medium_action.results import Posted
from medium_action.sandbox.server import DEFAULT_TOKEN, SandboxServer
from medium_action.sources.article import Article, Defaults, parse_article

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
SHA = "a" * 40


class FakeTarget(Target):
    """Answers each create from a script; notes the state file as it was at each create."""

    def __init__(self, state_file: Path, answers: list[Exception | None] | None = None) -> None:
        self.state_file = state_file
        self.answers = list(answers or [])
        self.sent: list[str] = []
        self.state_at_send: list[dict[str, object]] = []
        self.finished = False

    @property
    def profile(self) -> Profile:
        return MEDIUM

    @property
    def place(self) -> Place:
        return Place(user="writer")  # Medium's API: its records sit at the file's top level

    def open(self) -> None:
        return None

    def publication_for(self, article: Article) -> str | None:
        return None

    @property
    def upload(self) -> ImageUpload | None:
        return None

    def create(self, draft: Draft) -> Posted:
        path = draft.article.path
        self.state_at_send.append(json.loads(self.state_file.read_text())["posts"][path])
        self.sent.append(path)
        answer = self.answers.pop(0) if self.answers else None
        if answer is not None:
            raise answer
        return Posted(
            path, f"id-{path}", f"https://medium.com/p/{path}", draft.article.title, "draft"
        )

    def finish(self) -> None:
        self.finished = True


def articles(*names: str) -> list[Article]:
    return [
        parse_article(f"{name}.md", f"# Post {name}\n\nText.\n".encode(), Defaults(), now=NOW)
        for name in names
    ]


def executor(
    tmp_path: Path,
    target: Target,
    *,
    comments: CommitLedger | None = None,
    cancel: Cancellation | None = None,
) -> tuple[Executor, StateFile]:
    log = Log(github=False)
    state = StateFile(tmp_path / "published.json")
    recorder = Recorder(state, target.place, comments, log)
    recorder.load()
    options = ExecutorOptions(content=ContentOptions(workspace=tmp_path), now=NOW)
    run = Executor(target, recorder, log=log, options=options, cancel=cancel)
    return run, state


def records(state: StateFile) -> dict[str, dict[str, str]]:
    return json.loads(state.path.read_text())["posts"]


def test_every_post_is_recorded_as_uncertain_before_it_is_sent(tmp_path: Path) -> None:
    target = FakeTarget(tmp_path / "published.json")
    run, state = executor(tmp_path, target)
    result = run.carry_out(articles("a", "b"))
    assert target.sent == ["a.md", "b.md"]
    assert [seen["state"] for seen in target.state_at_send] == ["uncertain", "uncertain"]
    assert {path: r["state"] for path, r in records(state).items()} == {
        "a.md": "published",
        "b.md": "published",
    }
    assert records(state)["a.md"]["url"] == "https://medium.com/p/a.md"
    assert [post.file for post in result.posts] == ["a.md", "b.md"] and target.finished


def test_a_lost_answer_keeps_the_record_uncertain_and_goes_on(tmp_path: Path) -> None:
    target = FakeTarget(tmp_path / "published.json", [UncertainOutcomeError("no answer"), None])
    run, state = executor(tmp_path, target)
    result = run.carry_out(articles("a", "b"))
    assert records(state)["a.md"]["state"] == "uncertain"
    assert [f.file for f in result.failed] == ["a.md"]
    assert "adopt a.md" in result.failed[0].error and "forget a.md" in result.failed[0].error
    assert [post.file for post in result.posts] == ["b.md"]


def test_a_definite_refusal_withdraws_the_record(tmp_path: Path) -> None:
    target = FakeTarget(tmp_path / "published.json", [BadRequestError("bad tags")])
    run, state = executor(tmp_path, target)
    result = run.carry_out(articles("a"))
    assert records(state) == {}
    assert [f.file for f in result.failed] == ["a.md"] and "bad tags" in result.failed[0].error


def test_a_bug_while_sending_keeps_the_record_uncertain(tmp_path: Path) -> None:
    target = FakeTarget(tmp_path / "published.json", [KeyError("surprise")])
    run, state = executor(tmp_path, target)
    result = run.carry_out(articles("a", "b"))
    assert records(state)["a.md"]["state"] == "uncertain"  # the request may have gone out
    assert "bug" in result.failed[0].error
    assert [post.file for post in result.posts] == ["b.md"]


def test_the_rate_limit_leaves_the_rest_for_a_rerun_and_needs_attention(tmp_path: Path) -> None:
    target = FakeTarget(tmp_path / "published.json", [None, RateLimitedError("slow down")])
    run, state = executor(tmp_path, target)
    result = run.carry_out(articles("a", "b", "c"))
    assert target.sent == ["a.md", "b.md"]
    assert [(s.file, s.kind) for s in result.skipped] == [
        ("b.md", "rate-limited"),
        ("c.md", "rate-limited"),
    ]
    assert [s.file for s in result.needs_attention] == ["b.md", "c.md"]
    assert list(records(state)) == ["a.md"]


def test_a_cancel_stops_before_the_next_post(tmp_path: Path) -> None:
    cancel = Cancellation()

    class CancelAfterFirst(FakeTarget):
        def create(self, draft: Draft) -> Posted:
            cancel.request("cancelled (SIGTERM)")
            return super().create(draft)

    target = CancelAfterFirst(tmp_path / "published.json")
    run, _ = executor(tmp_path, target, cancel=cancel)
    result = run.carry_out(articles("a", "b", "c"))
    assert target.sent == ["a.md"]
    assert [f.file for f in result.failed] == ["b.md", "c.md"]
    assert all("SIGTERM" in f.error for f in result.failed)


def test_nothing_is_sent_when_github_refuses_the_write_ahead_comment(tmp_path: Path) -> None:
    target = FakeTarget(tmp_path / "published.json")
    with FakeGitHub() as github:
        github.deny_writes = True
        client = GitHubClient.create(api_url=github.url, repository="octo/blog", token=github.token)
        comments = CommitLedger(client, SHA, Log(github=False))
        run, state = executor(tmp_path, target, comments=comments)
        result = run.carry_out(articles("a", "b"))
        client.close()
        writes = [request for request in github.requests if request[0] != "GET"]
    assert target.sent == []
    assert [f.file for f in result.failed] == ["a.md", "b.md"]
    assert "contents: write" in result.failed[0].error
    assert len(writes) == 1  # refused once; the second file fails without asking again
    assert not state.path.exists() or records(state) == {}


def test_a_comment_write_that_fails_for_a_moment_sends_nothing(tmp_path: Path) -> None:
    target = FakeTarget(tmp_path / "published.json")
    with FakeGitHub() as github:
        client = GitHubClient.create(
            api_url=github.url, repository="octo/blog", token=github.token, sleep=lambda _: None
        )
        comments = CommitLedger(client, SHA, Log(github=False))
        run, state = executor(tmp_path, target, comments=comments)  # reads the ledger
        for _ in range(6):  # then GitHub fails every write, as during an incident
            github.queue_response(502, "<html>Bad gateway</html>")
        result = run.carry_out(articles("a"))
        client.close()
    assert target.sent == []
    assert "Rerun the job" in result.failed[0].error
    assert records(state) == {}


def test_medium_target_over_loopback_publishes_and_records_the_answer(tmp_path: Path) -> None:
    with SandboxServer() as sandbox:
        client = MediumClient.create(sandbox.url)
        target = MediumTarget(
            client,
            api_url=sandbox.url,
            credentials=Credentials(token=SecretStr(DEFAULT_TOKEN)),
            publication=None,
            log=Log(github=False),
        )
        run, state = executor(tmp_path, target)
        result = run.carry_out(articles("a"))
        client.close()
        created = [r for r in sandbox.sandbox.requests if r["path"].endswith("/posts")]
    [post] = result.posts
    [stored] = state_records(state.path).values()
    assert post.url and stored["url"] == post.url
    assert (stored["api_url"], stored["user"]) == ("http://localhost/v1", "sandbox-writer")
    assert len(created) == 1
    assert target.place.user == "sandbox-writer"


@pytest.mark.parametrize("token", ["", "wrong-token"])
def test_a_refused_token_stops_the_run_before_any_post(tmp_path: Path, token: str) -> None:
    with SandboxServer() as sandbox:
        client = MediumClient.create(sandbox.url)
        target = MediumTarget(
            client,
            api_url=sandbox.url,
            credentials=Credentials(token=SecretStr(token) if token else None),
            publication=None,
            log=Log(github=False),
        )
        run, state = executor(tmp_path, target)
        result = run.carry_out(articles("a", "b"))
        client.close()
    assert result.fatal and [f.file for f in result.failed] == ["a.md", "b.md"]
    assert not state.path.exists()
