"""The state file's JSON, read and written without losing what this version does not know.

    {
      "version": 1,
      "posts": {"posts/a.md": {"path": ..., "sha256": ..., "api_url": ..., "user": ...}},
      "images": {"<md5>": "https://cdn-images-1.medium.com/..."},
      "places": {"http://127.0.0.1:8080/v1": {"posts": {...}, "images": {...},
                                              "last_commits": {"main": "<sha>"}}},
      "last_commits": {"main": "<sha>"}
    }

``posts`` and ``images`` at the top are Medium's, exactly where the first format had them, so an
older medium-publish reading a newer file still sees every Medium post (and none of a
rehearsal's). Records made against any other API live under ``places``, keyed by its URL, with
that place's own bookmarks (``last_commits``, and ``left_behind``: by branch, the files the
last run left unpublished): a rehearsal never moves Medium's.

Keys, fields and records this version does not know are kept and written back as they were;
a ``version`` newer than this one is refused, because this code cannot tell what such a file
means by what it does not understand. Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from medium_action.ledger.place import MEDIUM, MEDIUM_API_URL, Place, normalize_api_url
from medium_action.ledger.record import LedgerRecord
from medium_action.ledger.records import Ledger, PlaceBook

STATE_VERSION = 1
"""The newest state-file version this code understands (and the one it writes)."""

_TOP_KEYS = frozenset({"version", "posts", "images", "places", "last_commits", "left_behind"})
_BOOK_KEYS = frozenset({"posts", "images", "last_commits", "left_behind"})


class LedgerFormatError(ValueError):
    """The state file's JSON is not a ledger this version can keep safely."""


def ledger_from_json(data: Any, place: Place = MEDIUM) -> Ledger:
    """The ledger a state file holds, seen from ``place``."""
    if not isinstance(data, Mapping):
        raise LedgerFormatError("expected a JSON object")
    version = data.get("version", STATE_VERSION)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise LedgerFormatError(f"`version` is {version!r}, not a version number")
    if version > STATE_VERSION:
        raise LedgerFormatError(
            f"it has version {version}, newer than this medium-publish understands "
            f"({STATE_VERSION}); it was written by a newer release. Use that release (or a newer "
            "one): an older one could misread it and publish posts twice"
        )
    ledger = Ledger(place)
    _read_book(ledger, data, MEDIUM_API_URL, where="")
    places = data.get("places", {})
    if not isinstance(places, Mapping):
        raise LedgerFormatError("`places` should be an object of API URL → records")
    for api_url, block in places.items():
        if not isinstance(block, Mapping):
            raise LedgerFormatError(f"`places.{api_url}` should be an object")
        book = _read_book(ledger, block, normalize_api_url(str(api_url)), f"places.{api_url}.")
        book.extra.update({key: value for key, value in block.items() if key not in _BOOK_KEYS})
    ledger.extra = {key: value for key, value in data.items() if key not in _TOP_KEYS}
    return ledger


def ledger_to_json(ledger: Ledger) -> dict[str, Any]:
    medium = ledger.books.get(MEDIUM_API_URL, PlaceBook())
    data: dict[str, Any] = {"version": STATE_VERSION, **_book_json(medium)}
    places = {
        api_url: {**book.extra, **_book_json_with_bookmarks(book)}
        for api_url, book in sorted(ledger.books.items())
        if api_url != MEDIUM_API_URL and not book.is_empty()
    }
    if places:
        data["places"] = places
    for key, value in _bookmarks(medium).items():
        data[key] = value
    for key, value in ledger.extra.items():
        data.setdefault(key, value)
    return data


def _read_book(ledger: Ledger, block: Mapping[str, Any], api_url: str, where: str) -> PlaceBook:
    """Reads one place's ``posts`` and ``images`` into the ledger. A record naming another API
    than its block goes to that API's place."""
    book = ledger.book(api_url)
    posts = block.get("posts", {})
    entries: list[tuple[str | None, Any]]
    if isinstance(posts, Mapping):
        entries = [(str(path), entry) for path, entry in posts.items()]
    elif isinstance(posts, list):  # the oldest files listed records rather than keying them
        entries = [(None, entry) for entry in posts]
    else:
        raise LedgerFormatError(f"`{where}posts` should be an object of file → record")
    for index, (path, entry) in enumerate(entries):
        record = LedgerRecord.from_json(entry, path=path, api_url=api_url)
        if record is None:
            raise LedgerFormatError(
                f"`{where}posts[{index}]` names no file; give it a `path` or remove it"
            )
        ledger.merge([record])
    images = block.get("images", {})
    if not isinstance(images, Mapping):
        raise LedgerFormatError(f"`{where}images` should be an object of md5 → URL")
    for md5, url in images.items():
        if isinstance(url, str):
            book.images[str(md5)] = url
        else:
            book.odd_images[str(md5)] = url
    last_commits = block.get("last_commits", {})
    if not isinstance(last_commits, Mapping):
        raise LedgerFormatError(f"`{where}last_commits` should be an object of branch → commit")
    book.last_commits.update(last_commits)
    left_behind = block.get("left_behind", {})
    if not isinstance(left_behind, Mapping):
        raise LedgerFormatError(f"`{where}left_behind` should be an object of branch → files")
    book.left_behind.update(left_behind)
    return book


def _book_json(book: PlaceBook) -> dict[str, Any]:
    images = {**book.odd_images, **book.images}
    return {
        "posts": {path: book.posts[path].to_json() for path in sorted(book.posts)},
        "images": dict(sorted(images.items())),
    }


def _book_json_with_bookmarks(book: PlaceBook) -> dict[str, Any]:
    return {**_book_json(book), **_bookmarks(book)}


def _bookmarks(book: PlaceBook) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if book.last_commits:
        data["last_commits"] = dict(sorted(book.last_commits.items()))
    if book.left_behind:
        data["left_behind"] = dict(sorted(book.left_behind.items()))
    return data
