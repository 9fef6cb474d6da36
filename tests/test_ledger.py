"""The ledger's decisions and the state file, on values and real files."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from medium_action.errors import ConfigError
from medium_action.github.comment import merge_records, parse_ledger, render_comment
from medium_action.ledger.place import MEDIUM_API_URL, Place
from medium_action.ledger.records import Ledger, LedgerRecord, ledger_skip, skip_reason
from medium_action.ledger.statefile import StateFile
from medium_action.publishing.targets.medium.profile import MEDIUM
from medium_action.results import RunResult


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
    assert "https://medium.com/@a/p1" in skip_reason(record("a.md"), "a.md", target=MEDIUM)
    assert "(as a.md)" in skip_reason(record("a.md"), "b.md", target=MEDIUM)
    uncertain = skip_reason(record("a.md", state="uncertain"), "a.md", target=MEDIUM)
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


# --- places: a rehearsal's record never stands for Medium's --------------------------------

SANDBOX = Place("http://127.0.0.1:8080/v1/", "sandbox-writer")


def test_a_rehearsal_record_does_not_block_medium_nor_replace_its_record() -> None:
    ledger = Ledger()  # publishing to Medium
    ledger.add(
        record("a.md", url="http://127.0.0.1:8080/@sandbox-writer/a", api_url=SANDBOX.api_url)
    )
    assert ledger.find("a.md") is None
    ledger.add(record("a.md", url="https://medium.com/@a/p1"))
    ledger.add(
        record("a.md", url="http://127.0.0.1:8080/@sandbox-writer/b", api_url=SANDBOX.api_url)
    )
    assert ledger.records["a.md"].url == "https://medium.com/@a/p1"
    ledger.place = SANDBOX
    assert ledger.records["a.md"].url.endswith("/b")
    assert [r.place.is_medium for r in ledger.records_for("a.md")] == [True, False]


def test_the_same_api_spelled_differently_is_the_same_place() -> None:
    ledger = Ledger(Place("HTTPS://API.Medium.com/v1/"))
    ledger.add(record("a.md"))
    assert ledger.find("a.md") is not None
    assert Place("https://api.medium.com/v1/").is_medium


def test_deciding_needs_no_user_and_the_user_is_filled_when_known() -> None:
    ledger = Ledger(Place())
    ledger.add(record("a.md", user="someone-else"))
    assert ledger.find("a.md") is not None  # same API: blocks whoever the token belongs to
    ledger.place = ledger.place.with_user("alice")
    stored = ledger.add(record("b.md"))
    assert stored.user == "alice"
    assert ledger.remove(record("b.md"))  # the record as built, before the user was filled in
    assert "b.md" not in ledger.records


def test_old_records_without_a_place_are_medium_s() -> None:
    old = {"path": "a.md", "sha256": "s", "time": "t", "url": "https://medium.com/@a/p"}
    parsed = LedgerRecord.from_json(old)
    assert parsed is not None and parsed.place.is_medium and parsed.user == ""
    ledger = Ledger(SANDBOX)
    ledger.merge([parsed])
    assert ledger.find("a.md") is None and ledger.find_at("a.md", Place()) == parsed


def test_rename_moves_every_place_s_record() -> None:
    ledger = Ledger(SANDBOX)
    ledger.add(record("c.md"))
    ledger.add(record("c.md", api_url=SANDBOX.api_url))
    moved = ledger.rename("c.md", "d.md")
    assert moved is not None and moved.api_url == SANDBOX.api_url
    assert ledger.find_at("d.md", Place()) is not None


def test_images_are_cached_per_place() -> None:
    ledger = Ledger(SANDBOX)
    ledger.images["md5"] = "http://127.0.0.1:8080/images/x.png"
    ledger.place = Place()
    assert ledger.images == {}


def test_last_commit_per_branch() -> None:
    ledger = Ledger()
    assert ledger.last_commit("main") is None
    ledger.set_last_commit("main", "a" * 40)
    ledger.last_commits["odd"] = 5  # a value this version does not understand: not a commit
    assert ledger.last_commit("main") == "a" * 40 and ledger.last_commit("odd") is None


# --- records this version does not understand -----------------------------------------------


def test_a_record_keeps_unknown_fields_and_writes_back_only_what_changed() -> None:
    raw = {"path": "a.md", "sha256": "s", "time": "t", "future": {"x": [1]}, "id": 42}
    parsed = LedgerRecord.from_json(raw)
    assert parsed is not None and parsed.id == ""
    assert parsed.to_json() == {**raw, "api_url": MEDIUM_API_URL}
    changed = replace(parsed, url="https://medium.com/@a/p")
    assert changed.to_json()["future"] == {"x": [1]} and changed.to_json()["id"] == 42


@pytest.mark.parametrize(
    ("entry", "words"),
    [
        ({"sha256": "s", "state": "scheduled"}, "does not know ('scheduled')"),
        ({"sha256": "s", "state": 3}, "does not know ('unreadable')"),
        ({"url": "https://medium.com/@a/p"}, "no content hash"),
        ("published", "does not know ('unreadable')"),
        (None, "does not know ('unreadable')"),
    ],
)
def test_a_record_not_understood_still_blocks_with_a_reason(entry: object, words: str) -> None:
    parsed = LedgerRecord.from_json(entry, path="a.md")
    assert parsed is not None
    ledger = Ledger()
    ledger.add(parsed)
    found = ledger.find("a.md", "other-content")
    assert found is not None
    assert words in skip_reason(found, "a.md", "other-content", target=MEDIUM)
    written = parsed.to_json()
    if isinstance(entry, dict):
        assert {key: written[key] for key in entry} == entry
    else:
        assert written == entry  # not an object: written back exactly as it was


# --- why a file is skipped -----------------------------------------------------------------


def test_an_edited_file_is_told_from_an_unchanged_one() -> None:
    published = record("a.md", sha="old", time="2026-03-04T05:06:07+00:00")
    unchanged = ledger_skip(published, "a.md", "old", target=MEDIUM)
    assert unchanged.kind == "published" and not unchanged.edited
    assert unchanged.reason.startswith("already published at https://medium.com/@a/p1")
    edited = ledger_skip(published, "a.md", "new", target=MEDIUM)
    assert edited.edited
    assert edited.reason.startswith(
        "edited since published on 2026-03-04 (Medium's API cannot update posts)"
    )
    assert "https://medium.com/@a/p1" in edited.reason
    assert (
        ledger_skip(published, "a.md", None, target=MEDIUM).kind == "published"
    )  # content unknown


def test_an_uncertain_record_points_to_adopt_and_forget() -> None:
    skip = ledger_skip(record("a.md", state="uncertain", url=""), "a.md", "x", target=MEDIUM)
    assert skip.kind == "uncertain"
    assert "medium-publish adopt" in skip.reason and "medium-publish forget" in skip.reason


# --- the commit comment's codec ------------------------------------------------------------


def test_the_comment_round_trips_places_users_and_unknown_fields() -> None:
    medium = record("a.md", user="alice")
    rehearsal = record("a.md", api_url=SANDBOX.api_url, user="sandbox-writer")
    future = LedgerRecord.from_json(
        {"path": "b.md", "sha256": "s", "time": "t", "state": "scheduled", "next": [1, 2]}
    )
    assert future is not None
    records = merge_records([medium], [rehearsal, future])
    assert len(records) == 3  # the rehearsal did not replace Medium's record of a.md
    body = render_comment(RunResult(), records)
    back = parse_ledger(body)
    assert back == records
    assert back[2].to_json()["next"] == [1, 2] and back[2].state == "scheduled"
    assert (back[0].user, back[1].api_url) == ("alice", SANDBOX.api_url)
