"""The write side of the bookmark rule (``sources/bookmark.py``), pure: what the state file
remembers for a branch after a run outside GitHub. End to end (real git, real state files) it
is exercised by test_other_ci.py, test_history.py and test_gap.py."""

from __future__ import annotations

from medium_action.ledger.records import Ledger
from medium_action.results import Failed, Skipped
from medium_action.sources.bookmark import (
    Bookmark,
    apply_bookmark,
    moves_bookmark,
    next_bookmark,
)
from medium_action.sources.selection import Candidate, Selection

HEAD = "c" * 40


def selection(*paths: str, branch: str | None = "main", head: str | None = HEAD) -> Selection:
    return Selection(
        candidates=[Candidate(path) for path in paths], branch=branch, head=head, bookmarked=True
    )


def test_a_clean_run_moves_the_bookmark_to_its_head() -> None:
    assert next_bookmark(selection("a.md"), [], []) == Bookmark("main", (), HEAD)


def test_a_failed_file_keeps_the_bookmark_and_is_listed_to_try_again() -> None:
    failed = [Failed("a.md", "bad front matter"), Failed("(changes)", "history")]
    assert next_bookmark(selection("a.md", "b.md"), failed, []) == Bookmark("main", ("a.md",), None)


def test_rate_limited_and_uncertain_files_are_left_behind_but_unhandled_ones_are_not() -> None:
    attention = [
        Skipped("a.md", "rate-limited", "rate-limited"),
        Skipped("b.md", "uncertain", "uncertain"),
        Skipped("c.md", "changed by commits no run saw", "unhandled", target="devto"),
    ]
    bookmark = next_bookmark(selection("a.md", "b.md", "c.md"), [], attention)
    assert bookmark == Bookmark("main", ("a.md", "b.md"), None)  # c.md: stays, never retried


def test_no_branch_or_no_head_remembers_nothing() -> None:
    assert next_bookmark(selection("a.md", branch=None), [], []) is None
    assert next_bookmark(selection("a.md", head=None), [], []) is None


def test_only_a_real_run_to_medium_of_a_bookmarked_range_moves_it() -> None:
    chosen = selection("a.md")
    assert moves_bookmark(chosen, dry_run=False, targets=["medium", "devto"])
    assert not moves_bookmark(chosen, dry_run=True, targets=["medium"])
    assert not moves_bookmark(chosen, dry_run=False, targets=["devto"])
    explicit = Selection(candidates=chosen.candidates, branch="main", head=HEAD)
    assert not moves_bookmark(explicit, dry_run=False, targets=["medium"])


def test_applying_says_whether_the_state_file_needs_saving() -> None:
    ledger = Ledger()
    assert apply_bookmark(ledger, Bookmark("main", ("b.md", "a.md"), None))
    assert ledger.left_behind("main") == ["a.md", "b.md"] and ledger.last_commit("main") is None
    assert not apply_bookmark(ledger, Bookmark("main", ("a.md", "b.md"), None))
    assert apply_bookmark(ledger, Bookmark("main", (), HEAD))
    assert ledger.left_behind("main") == [] and ledger.last_commit("main") == HEAD
