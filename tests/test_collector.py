"""A run keeps its parsed posts out of the cycle collector's sight, and hands them back at its
end (publishing/collector.py): nothing stays frozen after a run, nothing is frozen outside one."""

from __future__ import annotations

import gc
from datetime import UTC, datetime

import pytest

from medium_action.ledger.records import Ledger
from medium_action.publishing.collector import keep_parsed, run_scope
from medium_action.publishing.plan import PlanOptions, Source, make_plan
from medium_action.publishing.targets.medium.profile import MEDIUM
from medium_action.sources.article import Defaults


def test_kept_objects_are_frozen_during_the_run_and_handed_back_after() -> None:
    gc.unfreeze()
    keep_parsed()
    assert gc.get_freeze_count() == 0, "outside a run nothing is frozen"
    with run_scope():
        held = [{"type": "text", "raw": str(i)} for i in range(100)]
        keep_parsed()
        assert gc.get_freeze_count() >= len(held)
        with run_scope():  # a nested run ending does not end the outer one
            pass
        assert gc.get_freeze_count() >= len(held)
    assert gc.get_freeze_count() == 0


def test_cycles_made_during_a_run_are_collected_after_it() -> None:
    class Node:
        pass

    gc.collect()
    with run_scope():
        a, b = Node(), Node()
        a.other, b.other = b, a  # type: ignore[attr-defined]
        keep_parsed()
        del a, b
        assert not any(isinstance(o, Node) for o in gc.garbage)
    gc.collect()
    assert not any(type(o).__name__ == "Node" for o in gc.get_objects())


def test_the_planner_tells_only_the_collaborator_it_is_handed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Planning is pure: it freezes nothing itself; the hook it is handed (the command line's
    ``keep_parsed``) is told once per post it holds, not for a skipped or failed file."""

    def no_freezing() -> None:
        pytest.fail("the planner told the garbage collector something itself")

    monkeypatch.setattr(gc, "freeze", no_freezing)
    held: list[int] = []
    plan = make_plan(
        [
            Source("posts/a.md", b"# A\n\nText.\n"),
            Source("posts/b.md", b"# B\n\nText.\n"),
            Source("posts/empty.md", b"---\ntitle: Empty\n---\n"),
        ],
        Ledger(),
        gone=frozenset(),
        now=datetime.now(UTC),
        options=PlanOptions(Defaults(), target=MEDIUM, post_held=lambda: held.append(1)),
    )
    assert sorted(article.path for article in plan.creates) == ["posts/a.md", "posts/b.md"]
    assert [failure.path for failure in plan.failures] == ["posts/empty.md"]
    assert len(held) == 2
