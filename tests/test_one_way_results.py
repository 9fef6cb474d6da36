"""Results flow one way (issue 22): each layer returns its own frozen piece of the run's
result, the command line adds the pieces up, and what came before is handed down only to be
read. An error that stops a layer carries the layer's piece up (``results.handed_up``), so a
run stopped mid-way still lists what it published."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from fake_github import FakeGitHub
from test_executor import NOW, SHA, FakeTarget, articles

from medium_action.github.client import GitHubClient
from medium_action.github.commit_ledger import CommitLedger
from medium_action.ledger.place import Place
from medium_action.ledger.statefile import StateFile
from medium_action.log import Log
from medium_action.publishing.content import ContentOptions
from medium_action.publishing.executor import Executor, ExecutorOptions
from medium_action.publishing.flow import Parts, publish
from medium_action.publishing.plan import PlanOptions
from medium_action.publishing.recorder import Recorder
from medium_action.publishing.targets.devto.profile import DEVTO
from medium_action.publishing.targets.dry_run import DryRunTarget, Previews
from medium_action.publishing.targets.medium.profile import MEDIUM
from medium_action.results import (
    Failed,
    Posted,
    RunResult,
    Skipped,
    combined,
    handed_up,
    so_far,
)
from medium_action.sources.article import Defaults
from medium_action.sources.selection import Candidate


def test_a_result_piece_cannot_change_once_made() -> None:
    piece = RunResult(posts=[Posted("a.md", "1", "u", "A", "draft")])
    assert isinstance(piece.posts, tuple)  # given as a list, kept as a tuple: no append
    with pytest.raises(dataclasses.FrozenInstanceError):
        piece.fatal = "changed"  # type: ignore[misc]


def test_pieces_add_up_in_order_each_target_and_notice_once() -> None:
    first = RunResult(
        skipped=[Skipped("a.md", "deleted")], notices=["ledger off"], targets=[MEDIUM]
    )
    second = RunResult(
        failed=[Failed("b.md", "bad")], notices=["ledger off"], targets=[DEVTO], fatal="refused"
    )
    third = RunResult(posts=[Posted("c.md", "3", "u", "C", "draft")], targets=[MEDIUM])
    total = combined([first, second, third])
    assert [s.file for s in total.skipped] == ["a.md"] and [f.file for f in total.failed] == [
        "b.md"
    ]
    assert total.notices == ("ledger off",) and total.targets == (MEDIUM, DEVTO)
    assert total.fatal == "refused" and [p.file for p in total.posts] == ["c.md"]
    assert first == RunResult(
        skipped=[Skipped("a.md", "deleted")], notices=["ledger off"], targets=[MEDIUM]
    )  # adding made a new result; the pieces are as they were


def test_an_error_takes_each_layers_piece_up_in_order() -> None:
    outer = RunResult(skipped=[Skipped("a.md", "x")])
    inner = RunResult(failed=[Failed("b.md", "y")])
    with (
        pytest.raises(KeyboardInterrupt) as stopped,
        handed_up(lambda: outer),
        handed_up(lambda: inner),
    ):
        raise KeyboardInterrupt
    carried = so_far(stopped.value)
    assert [s.file for s in carried.skipped] == ["a.md"] and [f.file for f in carried.failed] == [
        "b.md"
    ]
    assert so_far(ValueError()) == RunResult()


class _StopsAtTheEnd(FakeTarget):
    """Publishes, then a second SIGINT arrives as the target finishes (outside any post)."""

    def finish(self) -> None:
        raise KeyboardInterrupt("SIGTERM")


def test_the_executor_returns_its_piece_and_reads_what_it_is_shown(tmp_path: Path) -> None:
    """The comment lists the whole run: what came before (handed down, read) and the posts."""
    shown = RunResult(skipped=[Skipped("old.md", "already published at https://x/1")])
    target = FakeTarget(tmp_path / "published.json")
    with FakeGitHub() as github:
        client = GitHubClient.create(api_url=github.url, repository="octo/blog", token=github.token)
        comments = CommitLedger(client, SHA, Log(github=False))
        recorder = Recorder(
            StateFile(tmp_path / "published.json"), target.place, comments, Log(github=False)
        )
        recorder.load()
        options = ExecutorOptions(content=ContentOptions(workspace=tmp_path), now=NOW)
        run = Executor(target, recorder, log=Log(github=False), options=options, shown=shown)
        piece = run.carry_out(articles("a"))
        client.close()
        [comment] = github.ours()
    assert [post.file for post in piece.posts] == ["a.md"]
    assert piece.skipped == ()  # what it was shown is not part of what it made
    assert "old.md" in comment["body"] and "a.md" in comment["body"]


def test_a_stopped_executor_hands_up_the_posts_it_made(tmp_path: Path) -> None:
    target = _StopsAtTheEnd(tmp_path / "published.json")
    recorder = Recorder(
        StateFile(tmp_path / "published.json"), target.place, None, Log(github=False)
    )
    recorder.load()
    options = ExecutorOptions(content=ContentOptions(workspace=tmp_path), now=NOW)
    run = Executor(target, recorder, log=Log(github=False), options=options)
    with pytest.raises(KeyboardInterrupt) as stopped:
        run.carry_out(articles("a", "b"))
    assert [post.file for post in so_far(stopped.value).posts] == ["a.md", "b.md"]


def test_the_flow_returns_its_targets_piece_with_its_own_warnings_only(tmp_path: Path) -> None:
    """A dry run of one file to one target: the flow's piece is that target's (its skips, its
    warnings); what the run reported before (another target's warning) is not in it, nor in
    the draft's preview."""
    (tmp_path / "a.md").write_text("---\ntags: [a, b, c, d, e]\n---\n# A\n\nText.\n")
    previews = Previews(workspace=tmp_path, preview_dir=tmp_path / "previews", owner=None)
    state = StateFile(tmp_path / "published.json")
    parts = Parts(
        workspace=tmp_path,
        target=DryRunTarget(previews, rehearses=MEDIUM),
        recorder=Recorder(state, Place("https://api.medium.com/v1"), None, Log(github=False)),
        previews=previews,
        plan=PlanOptions(defaults=Defaults(), target=MEDIUM),
        execution=ExecutorOptions(content=ContentOptions(workspace=tmp_path), now=NOW),
    )
    before = RunResult(warnings=[("a.md", "dev.to keeps four tags")], targets=[DEVTO])
    piece = publish(
        [Candidate("a.md"), Candidate("gone.md", "deleted")],
        parts,
        log=Log(github=False),
        before=before,
    )
    assert piece.targets == (MEDIUM,)
    assert [(s.file, s.reason.split(":")[0]) for s in piece.skipped] == [
        ("gone.md", "deleted; Medium's API cannot delete posts"),
        ("a.md", "dry run"),
    ]
    assert [p.file for p in piece.previews] == ["a.md"]
    assert all("dev.to" not in message for _, message in piece.warnings)
    assert any("first 3 tags" in message for _, message in piece.warnings)  # Medium's limit
    page = (tmp_path / "previews" / "a.page.html").read_text()
    assert "first 3 tags" in page and "dev.to keeps four tags" not in page
