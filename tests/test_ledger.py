"""The ledger's decisions and the state file, on values and real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from medium_action.errors import ConfigError
from medium_action.ledger.records import Ledger, LedgerRecord, skip_reason
from medium_action.ledger.statefile import StateFile


def record(path: str, sha: str = "s1", **fields: str) -> LedgerRecord:
    return LedgerRecord(
        path=path,
        sha256=sha,
        time=fields.pop("time", "2026-01-01T00:00:00"),
        id=fields.pop("id", "p1"),
        url=fields.pop("url", "https://medium.com/@a/p1"),
        **fields,
    )  # type: ignore[arg-type]


def test_find_by_path_then_by_content_of_a_vanished_file() -> None:
    ledger = Ledger()
    ledger.add(record("posts/old.md", sha="abc"))
    assert ledger.find("posts/old.md") is not None
    assert ledger.find("posts/new.md", "abc", is_gone=lambda path: True) is not None
    assert ledger.find("posts/new.md", "abc", is_gone=lambda path: False) is None
    assert ledger.find("posts/new.md", "other") is None


def test_rename_moves_the_record_and_keeps_the_post() -> None:
    ledger = Ledger()
    ledger.add(record("c.md"))
    moved = ledger.rename("c.md", "d.md")
    assert moved is not None and moved.path == "d.md" and moved.id == "p1"
    assert ledger.rename("missing.md", "x.md") is None


def test_merge_prefers_published_over_uncertain_then_newer() -> None:
    ledger = Ledger()
    ledger.add(record("a.md", state="uncertain", id="", url=""))
    ledger.merge([record("a.md", id="p9", time="2025-01-01")])
    assert ledger.records["a.md"].id == "p9"
    ledger.merge([record("a.md", id="old", time="2024-01-01")])
    assert ledger.records["a.md"].id == "p9"
    ledger.merge([record("a.md", id="new", time="2027-01-01")])
    assert ledger.records["a.md"].id == "new"


def test_skip_reasons_name_the_url_or_the_uncertainty() -> None:
    assert "https://medium.com/@a/p1" in skip_reason(record("a.md"), "a.md")
    assert "(as a.md)" in skip_reason(record("a.md"), "b.md")
    uncertain = skip_reason(record("a.md", state="uncertain"), "a.md")
    assert "check your Medium drafts" in uncertain and "force" in uncertain


def test_state_file_round_trip_is_atomic_and_stable(tmp_path: Path) -> None:
    state = StateFile(tmp_path / ".medium" / "published.json")
    assert state.load().records == {}
    ledger = Ledger()
    ledger.add(record("b.md"))
    ledger.add(record("a.md"))
    ledger.images["md5x"] = "https://cdn/x.png"
    state.save(ledger)
    data = json.loads(state.path.read_text())
    assert list(data["posts"]) == ["a.md", "b.md"]
    assert data["images"] == {"md5x": "https://cdn/x.png"}
    again = state.load()
    assert again.records == ledger.records and again.images == ledger.images
    # no temporary file left behind; the lock file stays (it holds nothing)
    names = sorted(p.name for p in state.path.parent.iterdir())
    assert names == ["published.json", "published.json.lock"]


def test_state_file_keeps_entries_it_cannot_read_and_they_block(tmp_path: Path) -> None:
    # This test said the opposite before: an entry without sha256 was dropped, and its file
    # published again (issue 15.6). A record for a path counts as published somewhere.
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"posts": {"x": {"nope": 1}, "a.md": record("a.md").to_json()}}))
    ledger = StateFile(path).load()
    assert sorted(ledger.records) == ["a.md", "x"]
    assert ledger.find("x") is not None


@pytest.mark.parametrize("text", ["{broken", "[1, 2]"])
def test_an_unreadable_state_file_stops_the_run(tmp_path: Path, text: str) -> None:
    path = tmp_path / "state.json"
    path.write_text(text)
    with pytest.raises(ConfigError, match="state-file"):
        StateFile(path).load()
