"""What has been published, where, and the decision it drives: never create the same post twice.

Medium's API can only create posts, so the ledger is the one thing standing between a rerun and a
duplicate. It holds one record per file and place (``place.py``): a rehearsal on the sandbox has
records of its own, which neither block publishing to Medium nor replace Medium's. Everything a
run decides looks at the ledger's ``place``, the API this run publishes to (its user is filled
in once ``/me`` has answered; deciding never needs it).

Within a place, records are keyed by the workspace-relative path; a record also matches a file
whose content hash it carries (a rename git did not report), and ``rename`` moves a record along
with its file. This module is pure: the state file's format is ``fileformat.py``, its I/O
``statefile.py``, the commit-comment copy ``github/comment.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass, field, replace
from typing import Any

from medium_action.ledger.place import MEDIUM, Place, normalize_api_url
from medium_action.ledger.record import (
    FORGOTTEN,
    PUBLISHED,
    UNCERTAIN,
    LedgerRecord,
)
from medium_action.ledger.skips import LedgerSkip, ledger_skip, skip_reason

__all__ = [
    "PUBLISHED",
    "UNCERTAIN",
    "Ledger",
    "LedgerRecord",
    "LedgerSkip",
    "PlaceBook",
    "ledger_skip",
    "skip_reason",
]


@dataclass
class PlaceBook:
    """One place's part of the ledger: records by path, and the md5-to-URL cache of images
    uploaded there (an image URL of the sandbox must never appear in a Medium post)."""

    posts: dict[str, LedgerRecord] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)
    odd_images: dict[str, Any] = field(default_factory=dict)
    """Image entries that are not md5 → URL text: kept and written back, never used."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Keys of this place's part of the state file that this version does not know."""
    last_commits: dict[str, Any] = field(default_factory=dict)
    """The bookmark: the last commit a run outside GitHub handled here, by branch. A place's
    own, so that a rehearsal on the sandbox never moves the one a run to Medium starts from."""

    left_behind: dict[str, Any] = field(default_factory=dict)
    """By branch, the files the last run there left unpublished (failed, rate-limited,
    uncertain): the next run tries them again by name, whatever commit it starts from."""

    def is_empty(self) -> bool:
        bookmarks = self.last_commits or self.left_behind
        return not (self.posts or self.images or self.odd_images or self.extra or bookmarks)


class Ledger:
    """Every record of every place, seen from ``place``: the API this run publishes to."""

    def __init__(self, place: Place = MEDIUM) -> None:
        self.place = place
        self.books: dict[str, PlaceBook] = {}
        self.extra: dict[str, Any] = {}
        """Top-level keys of the state file this version does not know, written back as read."""

    # --- this run's place ----------------------------------------------------------------

    @property
    def records(self) -> MutableMapping[str, LedgerRecord]:
        """This place's records by path (a live view: changes go into the ledger)."""
        return _PlaceRecords(self)

    @property
    def images(self) -> dict[str, str]:
        """This place's image cache, md5 → URL (changes are saved with the ledger)."""
        return self.book(self.place.api_url).images

    def book(self, api_url: str) -> PlaceBook:
        return self.books.setdefault(api_url, PlaceBook())

    def add(self, record: LedgerRecord) -> LedgerRecord:
        """Stores ``record`` at its place, replacing that place's record of the same path, and
        returns it as stored: a record of this run's place gets the ledger's user when it
        names none."""
        record = self._placed(record)
        self.book(record.api_url).posts[record.path] = record
        return record

    def remove(self, record: LedgerRecord) -> bool:
        """Withdraws ``record`` if it is still the one held for its path and place."""
        record = self._placed(record)
        posts = self.books.get(record.api_url, PlaceBook()).posts
        if posts.get(record.path) != record:
            return False
        del posts[record.path]
        return True

    def find(
        self,
        path: str,
        sha256: str | None = None,
        *,
        is_gone: Callable[[str], bool] = lambda _: True,
    ) -> LedgerRecord | None:
        """This place's record for ``path``; else one for identical content published under a
        path that ``is_gone`` (a move git did not report, or a checkout without history). Two
        live files with the same text remain two posts."""
        posts = self._posts()
        record = posts.get(path)
        if record is not None or not sha256:
            return record
        for candidate in posts.values():
            if candidate.sha256 == sha256 and is_gone(candidate.path):
                return candidate
        return None

    def rename(self, old_path: str, new_path: str) -> LedgerRecord | None:
        """Carries ``old_path``'s records, at every place, over to ``new_path`` (a renamed file
        keeps its posts); returns this place's moved record."""
        ours = None
        for api_url, book in self.books.items():
            record = book.posts.get(old_path)
            if record is None or new_path in book.posts:
                continue
            moved = replace(record, path=new_path)
            book.posts[new_path] = moved
            if api_url == self.place.api_url:
                ours = moved
        return ours

    # --- every place -----------------------------------------------------------------------

    def all_records(self) -> list[LedgerRecord]:
        """Every record, by path, Medium's first among a path's records."""
        return sorted(
            (record for book in self.books.values() for record in book.posts.values()),
            key=lambda record: (record.path, not record.place.is_medium, record.api_url),
        )

    def find_at(self, path: str, place: Place) -> LedgerRecord | None:
        """``path``'s record at ``place`` (by its API URL), whatever the ledger's own place."""
        book = self.books.get(place.api_url)
        return book.posts.get(path) if book is not None else None

    def records_for(self, path: str) -> list[LedgerRecord]:
        return [record for record in self.all_records() if record.path == path]

    def merge(self, records: Iterable[LedgerRecord]) -> None:
        """Adds records from another copy of the ledger (commit comments), each at its own
        place. Within a place a published record wins over any other for the same path;
        otherwise the newer one wins."""
        for record in records:
            record = self._placed(record)
            posts = self.book(record.api_url).posts
            current = posts.get(record.path)
            if record.state == FORGOTTEN:  # `forget`: drops what was recorded before it
                if current is not None and current.time <= record.time:
                    del posts[record.path]
            elif current is None or _preferred(record, current):
                posts[record.path] = record

    # --- the last commit handled, per branch and place (runs outside GitHub) ---------------

    @property
    def last_commits(self) -> dict[str, Any]:
        """This place's bookmarks by branch (a live dict: changes are saved with the ledger)."""
        return self.book(self.place.api_url).last_commits

    def last_commit(self, branch: str) -> str | None:
        sha = self.last_commits.get(branch)
        return sha if isinstance(sha, str) and sha else None

    def set_last_commit(self, branch: str, sha: str) -> None:
        self.last_commits[branch] = sha

    def left_behind(self, branch: str) -> list[str]:
        """The files the last run on ``branch`` at this place left unpublished."""
        paths = self.book(self.place.api_url).left_behind.get(branch)
        return [p for p in paths if isinstance(p, str) and p] if isinstance(paths, list) else []

    def set_left_behind(self, branch: str, paths: list[str]) -> None:
        book = self.book(self.place.api_url)
        if paths:
            book.left_behind[branch] = sorted(set(paths))
        else:
            book.left_behind.pop(branch, None)

    # --- helpers ---------------------------------------------------------------------------

    def _posts(self) -> dict[str, LedgerRecord]:
        book = self.books.get(self.place.api_url)
        return book.posts if book is not None else {}

    def _placed(self, record: LedgerRecord) -> LedgerRecord:
        api_url = normalize_api_url(record.api_url)
        user = record.user or (self.place.user if api_url == self.place.api_url else "")
        if (api_url, user) == (record.api_url, record.user):
            return record
        return replace(record, api_url=api_url, user=user)


class _PlaceRecords(MutableMapping[str, LedgerRecord]):
    """``Ledger.records``: the ledger's place's records as a dict-like view."""

    def __init__(self, ledger: Ledger) -> None:
        self._ledger = ledger

    def __getitem__(self, path: str) -> LedgerRecord:
        return self._ledger._posts()[path]

    def __setitem__(self, path: str, record: LedgerRecord) -> None:
        self._ledger.add(replace(record, path=path, api_url=self._ledger.place.api_url))

    def __delitem__(self, path: str) -> None:
        del self._ledger.book(self._ledger.place.api_url).posts[path]

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._ledger._posts()))

    def __len__(self) -> int:
        return len(self._ledger._posts())


def _preferred(new: LedgerRecord, old: LedgerRecord) -> bool:
    if new.state != old.state and PUBLISHED in (new.state, old.state):
        return new.state == PUBLISHED
    return new.time > old.time
