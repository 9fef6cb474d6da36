"""The commands that tend the ledger: ``status``, ``adopt`` and ``forget``. Pure: the caller
loads and saves the state file, and tells ``status`` what each file holds now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from medium_action.errors import ConfigError
from medium_action.ledger.place import Place
from medium_action.ledger.record import PUBLISHED, LedgerRecord
from medium_action.ledger.records import Ledger
from medium_action.ledger.skips import is_edited

EDITED = "edited"


@dataclass(frozen=True)
class StatusRow:
    """One record as ``status`` shows it. ``state`` is "published", "uncertain", "edited" (the
    file changed since its post was made) or a state a newer version wrote."""

    file: str
    state: str
    url: str
    title: str
    where: Place
    when: str
    id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "state": self.state,
            "url": self.url,
            "title": self.title,
            "id": self.id,
            "api_url": self.where.api_url,
            "user": self.where.user,
            "when": self.when,
        }


def status_rows(ledger: Ledger, current_sha256_of: Callable[[str], str | None]) -> list[StatusRow]:
    """Every record of every place, by file. ``current_sha256_of`` gives a file's content hash
    now, or None when it is gone (then it cannot be called edited)."""
    rows = []
    for record in ledger.all_records():
        state = EDITED if is_edited(record, current_sha256_of(record.path)) else record.state
        rows.append(
            StatusRow(
                file=record.path,
                state=state,
                url=record.url,
                title=record.title,
                where=record.place,
                when=record.time,
                id=record.id,
            )
        )
    return rows


def status_text(rows: list[StatusRow]) -> str:
    """``status`` for people: one line per record, aligned."""
    if not rows:
        return "The ledger records no posts yet."
    table = [("FILE", "STATE", "URL", "WHERE", "WHEN")]
    table += [
        (row.file, row.state, row.url or "-", str(row.where), row.when or "-") for row in rows
    ]
    widths = [max(len(line[column]) for line in table) for column in range(len(table[0]))]
    return "\n".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        for line in table
    )


def adopt(
    ledger: Ledger,
    file: str,
    url: str,
    place: Place,
    now: datetime,
    *,
    sha256: str = "",
    title: str = "",
) -> LedgerRecord:
    """Records ``file`` as published at ``url`` on ``place`` (a post found on Medium after an
    uncertain outcome, or one published by hand); later runs skip it, naming that URL. Give the
    file's current ``sha256`` so that a later edit is reported as one. What an earlier record
    of the same place knew (title, status, publication) is kept."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ConfigError(f"adopt: {url!r} is not the http(s) address of a post")
    earlier = ledger.find_at(file, place)
    base = earlier or LedgerRecord(path=file, sha256="", time="")
    record = replace(
        base,
        sha256=sha256 or base.sha256,
        time=now.isoformat(timespec="seconds"),
        id=post_id_from_url(url) or (base.id if base.url == url else ""),
        url=url,
        title=title or base.title,
        state=PUBLISHED,
        api_url=place.api_url,
        user=place.user or base.user,
    )
    return ledger.add(record)


def forget(ledger: Ledger, file: str, place: Place | None = None) -> list[LedgerRecord]:
    """Drops ``file``'s record at ``place`` (every place when None), so that the next run may
    publish it again; returns what was dropped (nothing: the ledger did not know the file)."""
    dropped = [
        record
        for record in ledger.records_for(file)
        if place is None or record.api_url == place.api_url
    ]
    for record in dropped:
        ledger.remove(record)
    return dropped


def post_id_from_url(url: str) -> str:
    """The post id at the end of a Medium URL (``…/my-title-1a2b3c4d5e6f``), or ""."""
    last = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    candidate = last.rsplit("-", 1)[-1]
    is_id = 10 <= len(candidate) <= 16 and all(c in "0123456789abcdef" for c in candidate)
    return candidate if is_id else ""
