"""What has been published, and the decision it drives: never create the same post twice.

Medium's API can only create posts, so the ledger is the one thing standing between a rerun and a
duplicate. Records are keyed by the workspace-relative path; a record also matches a file whose
content hash it carries (a rename git did not report), and ``rename`` moves a record along with
its file. This module is pure: reading and writing the state file lives in ``statefile.py``, the
commit-comment copy in ``comment.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

RecordState = Literal["published", "uncertain"]


@dataclass(frozen=True)
class LedgerRecord:
    """One file's post: ``state`` is "uncertain" when the post request's answer was lost."""

    path: str
    sha256: str
    time: str
    id: str = ""
    url: str = ""
    title: str = ""
    publish_status: str = ""
    publication_id: str = ""
    state: RecordState = "published"

    def to_json(self) -> dict[str, str]:
        return {key: value for key, value in asdict(self).items() if value != ""}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LedgerRecord | None:
        """A record from stored JSON, or None when it is not one (a hand-edited file, a newer
        version's extra keys are ignored)."""
        try:
            path, sha256, time = str(data["path"]), str(data["sha256"]), str(data.get("time", ""))
        except (KeyError, TypeError):
            return None
        state = data.get("state", "published")
        if not path or state not in ("published", "uncertain"):
            return None
        return cls(
            path=path,
            sha256=sha256,
            time=time,
            id=str(data.get("id") or ""),
            url=str(data.get("url") or ""),
            title=str(data.get("title") or ""),
            publish_status=str(data.get("publish_status") or ""),
            publication_id=str(data.get("publication_id") or ""),
            state=state,
        )


@dataclass
class Ledger:
    """Records by path, plus the md5-to-URL cache of images already uploaded to Medium."""

    records: dict[str, LedgerRecord] = field(default_factory=dict)
    images: dict[str, str] = field(default_factory=dict)

    def add(self, record: LedgerRecord) -> None:
        self.records[record.path] = record

    def merge(self, records: Iterable[LedgerRecord]) -> None:
        """Adds records from another copy of the ledger (commit comments). A published record
        wins over an uncertain one for the same path; otherwise the newer one wins."""
        for record in records:
            current = self.records.get(record.path)
            if current is None or _preferred(record, current):
                self.records[record.path] = record

    def find(
        self,
        path: str,
        sha256: str | None = None,
        *,
        is_gone: Callable[[str], bool] = lambda _: True,
    ) -> LedgerRecord | None:
        """The record for ``path``; else one for identical content published under a path that
        ``is_gone`` (a move git did not report, or a checkout without history). Two live files
        with the same text remain two posts."""
        record = self.records.get(path)
        if record is not None or not sha256:
            return record
        for candidate in self.records.values():
            if candidate.sha256 == sha256 and is_gone(candidate.path):
                return candidate
        return None

    def rename(self, old_path: str, new_path: str) -> LedgerRecord | None:
        """Carries ``old_path``'s record over to ``new_path`` (a renamed file keeps its post)."""
        record = self.records.get(old_path)
        if record is None or new_path in self.records:
            return None
        moved = replace(record, path=new_path)
        self.records[new_path] = moved
        return moved

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "posts": {path: self.records[path].to_json() for path in sorted(self.records)},
            "images": dict(sorted(self.images.items())),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Ledger:
        ledger = cls()
        posts = data.get("posts", {})
        entries = posts.values() if isinstance(posts, Mapping) else posts
        for entry in entries if isinstance(entries, Iterable) else ():
            record = LedgerRecord.from_json(entry) if isinstance(entry, Mapping) else None
            if record is not None:
                ledger.add(record)
        images = data.get("images", {})
        if isinstance(images, Mapping):
            ledger.images = {str(k): str(v) for k, v in images.items() if isinstance(v, str)}
        return ledger


def _preferred(new: LedgerRecord, old: LedgerRecord) -> bool:
    if new.state != old.state:
        return new.state == "published"
    return new.time > old.time


def skip_reason(record: LedgerRecord, path: str) -> str:
    """Why a file with a record is not published again, naming where the post is."""
    if record.state == "uncertain":
        return (
            f"a post request for this file was sent on {record.time} but its answer was lost; "
            "check your Medium drafts and stories, then rerun with force: true only if no post "
            "was created"
        )
    where = record.url or f"post {record.id}"
    moved = f" (as {record.path})" if record.path != path else ""
    return (
        f"already published{moved} at {where}; Medium's API cannot update posts, "
        "so edits are not sent (force: true publishes a new copy)"
    )
