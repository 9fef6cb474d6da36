"""One ledger record: a file's post at one place, and its JSON that keeps what it does not know.

A record read from JSON keeps the object it came from (``raw``). Writing it back starts from that
object and changes only the fields this code changed, so keys a newer version added, values of
a type we do not expect and records we cannot read at all survive a run of this version
unchanged. A record that says nothing we understand still names a file, and is taken as
"published somewhere": an unknown state or a missing content hash blocks like a published
record, since the other mistake is a second post.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from typing import Any

from medium_action.ledger.place import MEDIUM_API_URL, Place, normalize_api_url

PUBLISHED = "published"
UNCERTAIN = "uncertain"
FORGOTTEN = "forgotten"
"""A tombstone in the commit comments: ``forget`` in a GitHub run. It removes an older record of
its path and place when copies of the ledger are merged, and is never kept itself."""
KNOWN_STATES = frozenset({PUBLISHED, UNCERTAIN})
UNREADABLE = "unreadable"
"""The state of a record whose JSON is not an object, or whose ``state`` is not a string."""

MEDIUM_TARGET = "medium"
"""The target of every record that names none: records from before targets were Medium's."""

_ALWAYS_WRITTEN = ("path", "api_url")
"""Fields written even when unchanged: what a record is about and where the post went."""


@dataclass(frozen=True)
class LedgerRecord:
    """A file's post at one place. ``state`` is "published", "uncertain" (the post request's
    answer was lost) or a state a newer version wrote. A run builds its records with its
    place's ``api_url`` (``Ledger.place``); ``user`` is filled in by ``Ledger.add`` when the
    ledger knows it."""

    path: str
    sha256: str
    time: str
    id: str = ""
    url: str = ""
    title: str = ""
    publish_status: str = ""
    publication_id: str = ""
    state: str = PUBLISHED
    api_url: str = MEDIUM_API_URL
    user: str = ""
    target: str = MEDIUM_TARGET
    """The target's profile name (``medium``, ``devto``); written only when it is not Medium's,
    so a Medium record reads the same to an older version."""
    raw: Any = field(default=None, compare=False, repr=False)
    """The JSON this record was read from, written back with this record's changes."""
    parsed: Mapping[str, str] | None = field(default=None, compare=False, repr=False)
    """The fields as read from ``raw``: what changed since is what ``to_json`` writes."""

    @property
    def place(self) -> Place:
        return Place(self.api_url, self.user)

    @property
    def is_published(self) -> bool:
        return self.state == PUBLISHED

    @property
    def is_uncertain(self) -> bool:
        return self.state == UNCERTAIN

    @property
    def is_understood(self) -> bool:
        """Whether this version knows the state and the record has its content hash."""
        return self.state in KNOWN_STATES and bool(self.sha256)

    def to_json(self) -> Any:
        current = _fields(self)
        if self.parsed is not None and not isinstance(self.raw, Mapping):
            if current == self.parsed:
                return self.raw  # not an object: written back exactly as it was read
            data: dict[str, Any] = {}
        else:
            data = dict(self.raw or {})
        for name, value in current.items():
            unchanged = self.parsed is not None and self.parsed.get(name) == value
            if unchanged and name not in _ALWAYS_WRITTEN:
                continue
            if name == "target" and value == MEDIUM_TARGET and name not in data:
                continue  # absent means Medium: old records and old readers agree
            if value == "":
                data.pop(name, None)
            else:
                data[name] = value
        return data

    @classmethod
    def from_json(
        cls, data: Any, *, path: str | None = None, api_url: str = MEDIUM_API_URL
    ) -> LedgerRecord | None:
        """A record from stored JSON. ``path`` is the key it was stored under (the state file),
        used when the record names no path of its own; ``api_url`` is its place when it names
        none (records from before records said where are Medium's). None only when no path is
        known at all."""
        if not isinstance(data, Mapping):
            if path is None:
                return None
            blank = cls(path=path, sha256="", time="", state=UNREADABLE, api_url=api_url)
            return replace(blank, raw=data, parsed=_fields(blank))
        own_path = data.get("path")
        if isinstance(own_path, str) and own_path:
            path = own_path
        if path is None:
            return None
        text = {
            name: _text(data.get(name))
            for name in ("sha256", "time", "id", "url", "title", "publish_status")
        }
        state = data.get("state", PUBLISHED)
        own_api = data.get("api_url")
        record = cls(
            path=path,
            sha256=text["sha256"],
            time=text["time"],
            id=text["id"],
            url=text["url"],
            title=text["title"],
            publish_status=text["publish_status"],
            publication_id=_text(data.get("publication_id")),
            state=(state or PUBLISHED) if isinstance(state, str) else UNREADABLE,
            api_url=normalize_api_url(own_api) if isinstance(own_api, str) else api_url,
            user=_text(data.get("user")),
            target=_text(data.get("target")) or MEDIUM_TARGET,
        )
        return replace(record, raw=data, parsed=_fields(record))


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _fields(record: LedgerRecord) -> dict[str, str]:
    return {
        f.name: getattr(record, f.name) for f in fields(record) if f.name not in ("raw", "parsed")
    }
