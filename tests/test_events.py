"""Reading the push out of a GitHub event payload (pure)."""

from __future__ import annotations

import json

from medium_action.sources.events import ZERO_SHA, PushEvent, is_zero, load_event

A = "a" * 40
B = "b" * 40
C = "c" * 40


def test_a_push_payload() -> None:
    payload = json.loads(
        json.dumps(
            {
                "ref": "refs/heads/main",
                "before": A,
                "after": C,
                "forced": False,
                "commits": [{"id": B, "distinct": True}, {"id": C, "distinct": True}],
                "head_commit": {"id": C},
            }
        )
    )
    event = load_event("push", payload)
    assert event == PushEvent(before=A, after=C, commit_ids=[B, C], forced=False)
    assert not event.new_branch
    assert not event.deleted_branch


def test_other_events_are_not_pushes() -> None:
    assert load_event("workflow_dispatch", {"inputs": {}}) is None
    assert load_event("pull_request", {"before": A, "after": B}) is None
    assert load_event(None, None) is None


def test_new_branch_forced_and_deleted() -> None:
    new = load_event("push", {"before": ZERO_SHA, "after": B, "commits": [], "head_commit": None})
    assert new is not None and new.new_branch
    assert new.commit_ids == []
    forced = load_event("push", {"before": A, "after": B, "forced": True})
    assert forced is not None and forced.forced
    deleted = load_event("push", {"before": A, "after": ZERO_SHA, "deleted": True})
    assert deleted is not None and deleted.deleted_branch


def test_a_push_without_payload_or_with_junk() -> None:
    assert load_event("push", None) == PushEvent(None, None, [], False)
    junk = load_event(
        "push",
        {
            "before": "HEAD~1",
            "after": 42,
            "forced": "yes",
            "commits": [{"id": "--upload-pack=evil"}, "x", {"id": B.upper()}, {"id": B}],
            "head_commit": "not a dict",
        },
    )
    assert junk == PushEvent(None, None, [B], False)


def test_sha256_ids_are_accepted() -> None:
    sha = "d" * 64
    event = load_event("push", {"before": "0" * 64, "after": sha, "commits": [{"id": sha}]})
    assert event is not None and event.new_branch and event.commit_ids == [sha]


def test_is_zero() -> None:
    assert is_zero(ZERO_SHA)
    assert is_zero("0" * 64)
    assert not is_zero(A)
    assert not is_zero("")
