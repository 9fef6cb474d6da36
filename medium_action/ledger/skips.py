"""Why a file the ledger knows is not published again, in words a writer can act on.

The kind of skip is part of the answer, not only its text: an "edited" file (its content
changed since its post was made) is listed as such in the outputs, the summary and ``status``,
since the writer may want to carry the edit over by hand. The words name the target and say
what it can do from its profile (a target that can update never sees an "edited" skip).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from medium_action.ledger.advice import MEDIUM_DEFAULTS, Tending
from medium_action.ledger.record import PUBLISHED, UNCERTAIN, LedgerRecord
from medium_action.publishing.targets.profile import Profile

SkipKind = Literal["published", "edited", "uncertain", "unknown"]


@dataclass(frozen=True)
class LedgerSkip:
    kind: SkipKind
    reason: str

    @property
    def edited(self) -> bool:
        return self.kind == "edited"


def is_edited(record: LedgerRecord, current_sha256: str | None) -> bool:
    """A published file whose content is no longer what was published. Unknown when either
    hash is missing: then it is not called edited."""
    return (
        record.state == PUBLISHED
        and bool(record.sha256)
        and bool(current_sha256)
        and record.sha256 != current_sha256
    )


def ledger_skip(
    record: LedgerRecord,
    path: str,
    current_sha256: str | None = None,
    *,
    target: Profile,
    tending: Tending = MEDIUM_DEFAULTS,
) -> LedgerSkip:
    """The skip for ``path`` (now with content ``current_sha256``) that ``record`` blocks at
    ``target``; the commands it advises point at ``tending``'s ledger."""
    name = target.display_name
    no_update = "" if target.can_update else f"; {name}'s API cannot update posts"
    moved = f" (as {record.path})" if record.path != path else ""
    where = record.url or (f"post {record.id}" if record.id else "an unknown address")
    if record.state == UNCERTAIN:
        return LedgerSkip(
            "uncertain",
            f"a post request for this file{moved} was sent on {_day(record)} but its answer was "
            f"lost; check {target.check_posts}, then record the post with "
            f"`{tending.adopt(path)}`, or, if no post was created, drop the record with "
            f"`{tending.forget(path)}` (or rerun with force: true)",
        )
    if record.state != PUBLISHED:
        return LedgerSkip(
            "unknown",
            f"the ledger holds a record for this file{moved} in a state this version does not "
            f"know ({record.state!r}), so it is taken as published at {where}; "
            f"`{tending.forget(path)}` drops the record (force: true publishes anyway)",
        )
    if is_edited(record, current_sha256):
        return LedgerSkip(
            "edited",
            f"edited since published{moved} on {_day(record)} ({name}'s API cannot update "
            f"posts); the post is at {where}: carry the edit over in {name}'s editor, or "
            "force: true publishes a new copy",
        )
    unhashed = "" if record.sha256 else " (its record has no content hash, so edits cannot be told)"
    return LedgerSkip(
        "published",
        f"already published{moved} at {where}{unhashed}"
        + (f"{no_update}, so edits are not sent" if no_update else "")
        + " (force: true publishes a new copy)",
    )


def skip_reason(
    record: LedgerRecord, path: str, current_sha256: str | None = None, *, target: Profile
) -> str:
    return ledger_skip(record, path, current_sha256, target=target).reason


def _day(record: LedgerRecord) -> str:
    return record.time[:10] if record.time else "an unknown date"
