"""status, adopt and forget, on ledgers built in memory and saved to a real state file."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from medium_action.errors import ConfigError
from medium_action.ledger.commands import (
    adopt,
    forget,
    post_id_from_url,
    status_rows,
    status_text,
)
from medium_action.ledger.place import Place
from medium_action.ledger.records import Ledger, LedgerRecord
from medium_action.ledger.statefile import StateFile

NOW = datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)
SANDBOX = Place("http://127.0.0.1:8080/v1", "sandbox-writer")
URL = "https://medium.com/@alice/hello-1a2b3c4d5e6f"


def record(path: str, sha: str, **fields: str) -> LedgerRecord:
    return LedgerRecord(path=path, sha256=sha, time="2026-01-02T03:04:05+00:00", **fields)  # type: ignore[arg-type]


def test_status_lists_every_record_with_its_state_and_place() -> None:
    ledger = Ledger()
    ledger.add(record("a.md", "s-a", url=URL, title="A", user="alice"))
    ledger.add(record("b.md", "s-b", url="https://medium.com/@alice/b", title="B"))
    ledger.add(record("c.md", "s-c", state="uncertain", title="C"))
    ledger.add(record("a.md", "s-a", url="http://127.0.0.1:8080/p/a", api_url=SANDBOX.api_url))
    current = {"a.md": "s-a", "b.md": "changed", "c.md": "changed"}
    rows = status_rows(ledger, current.get)
    assert [(row.file, row.state, row.where.is_medium) for row in rows] == [
        ("a.md", "published", True),
        ("a.md", "published", False),
        ("b.md", "edited", True),
        ("c.md", "uncertain", True),
    ]
    as_json = json.loads(json.dumps([row.to_json() for row in rows]))
    assert as_json[0] == {
        "file": "a.md",
        "state": "published",
        "url": URL,
        "title": "A",
        "id": "",
        "api_url": "https://api.medium.com/v1",
        "user": "alice",
        "when": "2026-01-02T03:04:05+00:00",
    }
    text = status_text(rows)
    assert (
        "edited" in text and "Medium as @alice" in text and "http://localhost/v1" in text
    )  # any local sandbox is one place
    assert status_text([]) == "The ledger records no posts yet."


def test_a_file_that_is_gone_is_not_called_edited() -> None:
    ledger = Ledger()
    ledger.add(record("gone.md", "s"))
    assert [row.state for row in status_rows(ledger, lambda _: None)] == ["published"]


def test_adopt_resolves_an_uncertain_record_and_later_runs_skip_it(tmp_path: Path) -> None:
    state = StateFile(tmp_path / "published.json")
    ledger = state.load()
    ledger.add(record("a.md", "s-old", state="uncertain", title="Hello"))
    adopted = adopt(ledger, "a.md", URL, Place(user="alice"), NOW, sha256="s-now")
    assert (adopted.state, adopted.url, adopted.id) == ("published", URL, "1a2b3c4d5e6f")
    assert (adopted.title, adopted.sha256, adopted.time) == ("Hello", "s-now", NOW.isoformat())
    assert adopted.user == "alice"
    state.save(ledger)
    state.unlock()
    found = StateFile(state.path).load().find("a.md")
    assert found is not None and found.url == URL and found.is_published


def test_adopt_on_a_rehearsal_place_leaves_medium_alone() -> None:
    ledger = Ledger()
    adopt(ledger, "a.md", "http://127.0.0.1:8080/p/a", SANDBOX, NOW)
    assert ledger.find("a.md") is None


@pytest.mark.parametrize("url", ["medium.com/@a/p", "javascript:alert(1)", "ftp://x/y", ""])
def test_adopt_wants_a_web_address(url: str) -> None:
    with pytest.raises(ConfigError, match="adopt"):
        adopt(Ledger(), "a.md", url, Place(), NOW)


def test_forget_drops_one_place_or_every_place() -> None:
    ledger = Ledger()
    ledger.add(record("a.md", "s"))
    ledger.add(record("a.md", "s", api_url=SANDBOX.api_url))
    assert [r.api_url for r in forget(ledger, "a.md", SANDBOX)] == [SANDBOX.api_url]
    assert ledger.find("a.md") is not None
    ledger.add(record("a.md", "s", api_url=SANDBOX.api_url))
    assert len(forget(ledger, "a.md")) == 2
    assert ledger.records_for("a.md") == [] and ledger.find("a.md") is None
    assert forget(ledger, "never.md") == []


def test_post_ids_come_from_medium_urls_only() -> None:
    assert post_id_from_url(URL) == "1a2b3c4d5e6f"
    assert post_id_from_url("https://medium.com/p/1a2b3c4d5e6f/") == "1a2b3c4d5e6f"
    assert post_id_from_url("https://example.com/blog/my-post") == ""
