"""Where the next run on a branch starts, outside GitHub: the write side of the bookmark rule.

``selection.py`` reads the bookmark (the last commit a run handled on the branch, and the
files it left behind) to choose the range; once the run is over, this decides what the state
file remembers for the next one. Pure: the caller reads and saves the state file.

- Only a run whose range came from the bookmark rule moves it, and only a real run to Medium:
  a bookmark belongs to the place it was made for, so a dry run or a rehearsal (a run that did
  not post to Medium) never moves the one a run against Medium starts from.
- The next run starts after this one, unless a file was left behind: then the bookmark stays
  where this run started, so that the file is tried again.
- The files left behind (failed, rate-limited, uncertain) are listed, so that a run starting
  from the CI's own previous commit tries them again by name. An *unhandled* file (changed by
  commits no run here saw) is not: tried again by name it would be published, and its post may
  exist; the bookmark stays, so the next run reports it again until a person adopts or
  publishes it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from medium_action.results import Failed, Skipped
from medium_action.sources.selection import UNHANDLED, Bookmarks, Selection


class BookmarkBook(Bookmarks, Protocol):
    """The state file's bookmarks, read and written (``Ledger`` has them)."""

    def set_last_commit(self, branch: str, sha: str) -> None: ...
    def set_left_behind(self, branch: str, paths: list[str]) -> None: ...


@dataclass(frozen=True)
class Bookmark:
    """What the state file remembers for ``branch`` after a run."""

    branch: str
    left_behind: tuple[str, ...]
    """The selected files to try again by name (sorted once stored)."""
    last_commit: str | None
    """The commit the next run starts after; None: the bookmark stays where it is."""


def moves_bookmark(selection: Selection, *, dry_run: bool, targets: Iterable[str]) -> bool:
    """Whether this run's end moves the branch's bookmark (see the module's rule)."""
    return selection.bookmarked and not dry_run and "medium" in targets


def next_bookmark(
    selection: Selection, failed: Sequence[Failed], needs_attention: Sequence[Skipped]
) -> Bookmark | None:
    """The bookmark after a run that ended with ``failed`` files and ``needs_attention``
    skips; None when the run knows no branch or head commit to remember."""
    if not (selection.branch and selection.head):
        return None
    files = {candidate.path for candidate in selection.candidates}
    left = [failure.file for failure in failed if failure.file in files]
    left += [skip.file for skip in needs_attention if skip.file in files and skip.kind != UNHANDLED]
    clean = not (failed or needs_attention)
    return Bookmark(selection.branch, tuple(left), selection.head if clean else None)


def apply_bookmark(book: BookmarkBook, bookmark: Bookmark) -> bool:
    """Writes ``bookmark`` into ``book``; whether anything changed (else there is no need to
    save the state file)."""
    branch = bookmark.branch
    before = (book.last_commit(branch), book.left_behind(branch))
    book.set_left_behind(branch, list(bookmark.left_behind))
    if bookmark.last_commit is not None:
        book.set_last_commit(branch, bookmark.last_commit)
    return (book.last_commit(branch), book.left_behind(branch)) != before
