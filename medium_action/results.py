"""The outcome of a run, file by file: what every report (outputs, JSON, comment, summary) shows."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from medium_action.publishing.targets.profile import Profile

DEFAULT_TARGET = "medium"
"""The target of an entry that names none: the one a run posts to unless told otherwise."""

ATTENTION = frozenset({"rate-limited", "uncertain", "unhandled"})
"""Skips that leave a selected post unpublished for a reason a rerun or a person must fix."""


@dataclass(frozen=True)
class Posted:
    """A post Medium created (or, in a dry run, would create: ``id`` and ``url`` are empty)."""

    file: str
    id: str
    url: str
    title: str
    publish_status: str
    publication_id: str | None = None
    target: str = DEFAULT_TARGET
    """The profile name of the target the post is on (``medium``, ``devto``)."""
    updated: bool = False
    """An existing post updated in place (a target that can update), not a new one."""


@dataclass(frozen=True)
class Previewed:
    """A dry run's would-be post: the exact content sits in ``content``, a page in ``page``."""

    file: str
    title: str
    publish_status: str
    content: str
    page: str


@dataclass(frozen=True)
class Skipped:
    file: str
    reason: str
    kind: str = ""
    """What kind of skip: "rate-limited", "uncertain" and "unhandled" (changed by commits no
    run here saw, maybe published by another pipeline) need a rerun or a person (exit 1);
    "edited" is a published file whose text changed; "" the others."""
    target: str = DEFAULT_TARGET

    @property
    def needs_attention(self) -> bool:
        return self.kind in ATTENTION


@dataclass(frozen=True)
class Failed:
    file: str
    error: str
    line: int | None = None
    target: str = DEFAULT_TARGET


@dataclass
class RunResult:
    posts: list[Posted] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    previews: list[Previewed] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    """(file, message) pairs worth a writer's attention that did not stop the file."""
    notices: list[str] = field(default_factory=list)
    """Warnings about the whole run, for the summary (e.g. the GitHub ledger is off)."""
    targets: list[Profile] = field(default_factory=list)
    """The profiles of the targets this run planned for: the reports word themselves by them."""
    unrecorded: list[tuple[str, str]] = field(default_factory=list)
    """(file, message): published, but the state file could not record it (exit 1)."""
    dry_run: bool = False
    fatal: str | None = None
    """A configuration or authentication error that stopped the run (exit status 2)."""

    @property
    def needs_attention(self) -> list[Skipped]:
        """Files left unpublished that make the run exit 1: rate-limited, uncertain, or
        unhandled."""
        return [skip for skip in self.skipped if skip.needs_attention]

    def redacted(self, redact: Callable[[str], str]) -> RunResult:
        """A copy with every text passed through ``redact``: done before a report escapes or
        shortens its texts, which would hide a secret from the redactor (``&amp;``, a cell
        cut after 19 of a token's 33 characters)."""

        def texts(item: Any) -> Any:
            changed = {
                name: redact(value)
                for name, value in vars(item).items()
                if isinstance(value, str) and value
            }
            return replace(item, **changed)

        return replace(
            self,
            posts=[texts(post) for post in self.posts],
            skipped=[texts(skip) for skip in self.skipped],
            failed=[texts(fail) for fail in self.failed],
            previews=[texts(preview) for preview in self.previews],
            warnings=[(redact(file), redact(message)) for file, message in self.warnings],
            notices=[redact(notice) for notice in self.notices],
            unrecorded=[(redact(file), redact(message)) for file, message in self.unrecorded],
            fatal=redact(self.fatal) if self.fatal else self.fatal,
        )

    def to_json(self) -> dict[str, Any]:
        """The interface's result object: ``{posts, skipped, failed}``."""
        return {
            "posts": [
                {key: value for key, value in asdict(post).items() if key != "updated"}
                for post in self.posts
            ],
            "skipped": [
                {"file": skip.file, "reason": skip.reason, "target": skip.target}
                for skip in self.skipped
            ],
            "failed": [
                {"file": fail.file, "error": fail.error, "target": fail.target}
                for fail in self.failed
            ],
        }
