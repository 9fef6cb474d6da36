"""A run keeps its parsed posts out of the cycle collector's sight, and hands them back at its
end (publishing/collector.py): nothing stays frozen after a run, nothing is frozen outside one."""

from __future__ import annotations

import gc

from medium_action.publishing.collector import keep_parsed, run_scope


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
