"""The outcome of a run, file by file: what every report (outputs, JSON, comment, summary) shows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields, replace
from typing import TYPE_CHECKING, Any, TypeVar

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


@dataclass(frozen=True)
class RunResult:
    """What a run, or one layer of it, produced: each layer returns its own piece (the
    executor a target's posts, the flow a target's plan and posts, the selection its skips)
    and the command line adds them up in order (``+``). Nothing is appended to a result handed
    down; a layer that needs to show what came before (the commit comment lists the whole run)
    is handed a piece to read. Lists given are kept as tuples: a piece cannot change later."""

    posts: tuple[Posted, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    failed: tuple[Failed, ...] = ()
    previews: tuple[Previewed, ...] = ()
    warnings: tuple[tuple[str, str], ...] = ()
    """(file, message) pairs worth a writer's attention that did not stop the file."""
    notices: tuple[str, ...] = ()
    """Warnings about the whole run, for the summary (e.g. the GitHub ledger is off)."""
    targets: tuple[Profile, ...] = ()
    """The profiles of the targets this run planned for: the reports word themselves by them."""
    unrecorded: tuple[tuple[str, str], ...] = ()
    """(file, message): published, but the state file could not record it (exit 1)."""
    dry_run: bool = False
    fatal: str | None = None
    """A configuration or authentication error that stopped the run (exit status 2)."""

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if isinstance(value, list):  # given as a list: kept as a tuple all the same
                object.__setattr__(self, item.name, tuple(value))

    def __add__(self, later: RunResult) -> RunResult:
        """This piece, then ``later``'s: lists in that order, a target or a notice said once
        (each target's flow says the comment ledger is off), the later fatal error if any."""
        return RunResult(
            posts=self.posts + later.posts,
            skipped=self.skipped + later.skipped,
            failed=self.failed + later.failed,
            previews=self.previews + later.previews,
            warnings=self.warnings + later.warnings,
            notices=_once(self.notices + later.notices),
            targets=_once(self.targets + later.targets),
            unrecorded=self.unrecorded + later.unrecorded,
            dry_run=self.dry_run or later.dry_run,
            fatal=later.fatal if later.fatal is not None else self.fatal,
        )

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
            posts=tuple(texts(post) for post in self.posts),
            skipped=tuple(texts(skip) for skip in self.skipped),
            failed=tuple(texts(fail) for fail in self.failed),
            previews=tuple(texts(preview) for preview in self.previews),
            warnings=tuple((redact(file), redact(message)) for file, message in self.warnings),
            notices=tuple(redact(notice) for notice in self.notices),
            unrecorded=tuple((redact(file), redact(message)) for file, message in self.unrecorded),
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


_T = TypeVar("_T")


def _once(items: tuple[_T, ...]) -> tuple[_T, ...]:
    """``items`` in order, each the first time only."""
    return tuple(dict.fromkeys(items))


def combined(pieces: Iterable[RunResult]) -> RunResult:
    """The pieces added up in order."""
    total = RunResult()
    for piece in pieces:
        total += piece
    return total


_PARTIAL = "_medium_publish_so_far"


def so_far(error: BaseException) -> RunResult:
    """What the layers ``error`` stopped had produced before it (see ``handed_up``)."""
    found = getattr(error, _PARTIAL, None)
    return found if isinstance(found, RunResult) else RunResult()


@contextmanager
def handed_up(produced: Callable[[], RunResult]) -> Iterator[None]:
    """A layer that an error stops hands up what it had produced (``produced()``) on the error
    itself, before whatever the layers below it handed up: results flow one way even then,
    returned or carried by the error that ended the layer, and the command line still lists
    every file a stopped run published, failed or never attempted (``so_far``)."""
    try:
        yield
    except BaseException as error:
        setattr(error, _PARTIAL, produced() + so_far(error))
        raise
