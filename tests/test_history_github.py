"""The commit-comment ledger ordered by the commits' history, not the runners' clocks: end to end
with real git, the real program and the fake GitHub over loopback."""

from __future__ import annotations

from pathlib import Path

from fake_github import FakeGitHub
from test_push_flow import publish, published_titles, push_of

from medium_action.github.comment import parse_ledger, render_comment
from medium_action.ledger.record import FORGOTTEN, LedgerRecord
from medium_action.results import RunResult
from medium_action.sandbox.server import SandboxServer


def test_a_forget_from_a_runner_whose_clock_is_behind_still_cancels_the_record(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    origin, clone, base, one = push_of(tmp_path, {"posts/p.md": "# P\n\nv1\n"}, "one")
    assert publish(clone, base, one, sandbox, github).returncode == 0
    (record,) = [r for comment in github.ours() for r in parse_ledger(comment["body"])]
    origin.write("README.md", "# Blog\n\nforget p\n")
    two = origin.commit("a later commit, where `forget posts/p.md` ran")
    # Its runner's clock is a day behind the one that published: by time, the tombstone is
    # "older" than the record it cancels.
    tombstone = LedgerRecord(
        path="posts/p.md",
        sha256="",
        time="2000-01-01T00:00:00+00:00",
        state=FORGOTTEN,
        api_url=record.api_url,
    )
    github.add_comment(two, render_comment(RunResult(), [tombstone]), login=github.login)
    assert record.time > tombstone.time

    origin.write("posts/p.md", "# P\n\nv2: the writer forgot the record to post this anew\n")
    three = origin.commit("edit p")
    done = publish(origin.clone(tmp_path / "three"), two, three, sandbox, github)
    assert done.returncode == 0, done.stdout + done.stderr
    assert published_titles(sandbox) == ["P", "P"]  # forgotten: published again, as asked

    # And the tombstone does not come back to cancel the new record: a rerun posts nothing.
    done = publish(origin.clone(tmp_path / "rerun"), two, three, sandbox, github)
    assert done.returncode == 0, done.stdout + done.stderr
    assert published_titles(sandbox) == ["P", "P"]


def rec(time: str, state: str = "published", id: str = "p1") -> LedgerRecord:
    return LedgerRecord(
        path="a.md", sha256="s" if state != FORGOTTEN else "", time=time, id=id, state=state
    )


def test_in_history_order_takes_the_later_commit_whatever_the_clock() -> None:
    from medium_action.github.commit_ledger import in_history_order

    history = {("c1", "c2")}  # c1 is in c2's history; c3 is on a line of its own

    def ancestor(a: str, b: str) -> bool:
        return (a, b) in history

    late_record, early_tombstone = rec("2026-05-01"), rec("2026-01-01", FORGOTTEN)
    (winner,) = in_history_order([("c1", [late_record]), ("c2", [early_tombstone])], ancestor)
    assert winner.state == FORGOTTEN and winner.time == "2026-05-01"  # drops the state file's too
    # Read in the other order (comments are listed oldest first, by GitHub's own clock).
    (winner,) = in_history_order([("c2", [early_tombstone]), ("c1", [late_record])], ancestor)
    assert winner.state == FORGOTTEN
    # A new post on the later commit after a forget on the earlier one is kept.
    (winner,) = in_history_order(
        [("c1", [rec("2026-05-01", FORGOTTEN)]), ("c2", [rec("2026-01-01", id="p2")])], ancestor
    )
    assert winner.id == "p2"
    # Lines apart: the time decides; a published record beats an uncertain one on any commit.
    (winner,) = in_history_order(
        [("c3", [rec("2026-02-01", FORGOTTEN)]), ("c1", [late_record])], ancestor
    )
    assert winner is late_record
    (winner,) = in_history_order(
        [("c1", [late_record]), ("c2", [rec("2026-06-01", "uncertain")])], ancestor
    )
    assert winner is late_record


def test_a_new_post_reusing_a_deleted_posts_title_is_published(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    text = "# Weekly notes\n\nThe first week: " + "a long paragraph about gardens. " * 20 + "\n"
    origin, clone, base, one = push_of(tmp_path, {"posts/week-1.md": text}, "one")
    assert publish(clone, base, one, sandbox, github).returncode == 0
    origin.remove("posts/week-1.md")
    deleted = origin.commit("retire week 1 [skip ci]")  # no run sees this commit
    origin.write("posts/week-2.md", "# Weekly notes\n\nAnother week, about boats and rivers.\n")
    added = origin.commit("week 2")
    done = publish(origin.clone(tmp_path / "two"), deleted, added, sandbox, github)
    assert done.returncode == 0, done.stdout + done.stderr
    assert published_titles(sandbox) == ["Weekly notes", "Weekly notes"]
    assert "renamed" not in done.stdout


def test_a_rename_and_retitle_no_run_saw_is_found_by_its_content(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    body = "Text about gardens. " * 30 + "\n"
    origin, clone, base, one = push_of(tmp_path, {"posts/old.md": f"# Old title\n\n{body}"}, "one")
    assert publish(clone, base, one, sandbox, github).returncode == 0
    origin.move("posts/old.md", "posts/new.md")
    origin.write("posts/new.md", f"# A better title\n\n{body}")
    moved = origin.commit("rename and retitle [skip ci]")
    origin.write("posts/new.md", f"# A better title\n\n{body}One more line.\n")
    edited = origin.commit("edit")
    done = publish(origin.clone(tmp_path / "two"), moved, edited, sandbox, github)
    assert done.returncode == 0, done.stdout + done.stderr
    assert published_titles(sandbox) == ["Old title"]
    assert "posts/old.md renamed" in done.stdout
