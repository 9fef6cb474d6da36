"""The ledger's copy in commit comments: what a fresh checkout knows without a state file.

In GitHub nothing is committed back, so a rerun (or the next push) learns what was published by
reading the comments this action wrote. They are read in one paginated pass before anything is
published; this commit's own comment is looked up when the first record is written, then
rewritten (PATCH) after every post, so a crash loses no record.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from medium_action.errors import (
    ConfigError,
    GitHubError,
    GitHubPermissionError,
    LedgerWriteError,
)
from medium_action.github.client import CommitComment, GitHubClient, damaged_comment_message
from medium_action.github.comment import (
    DamagedLedgerBlock,
    merge_records,
    read_ledger_block,
    render_comment,
)
from medium_action.ledger.record import FORGOTTEN, PUBLISHED
from medium_action.ledger.records import LedgerRecord
from medium_action.log import Log
from medium_action.results import RunResult

IsAncestor = Callable[[str, str], bool]


def in_history_order(
    comments: Sequence[tuple[str, Sequence[LedgerRecord]]], is_ancestor: IsAncestor | None
) -> list[LedgerRecord]:
    """One record per file and place from every comment's records (oldest comment first, each
    with the commit it is on), decided by the commits' history rather than the runners' clocks.

    Of two records of one file, the one on the later commit (its commit has the other's in its
    history) is the newer, whatever their times say: a runner's clock running behind must not
    let a ``forget`` tombstone cancel nothing, nor a record come back after it. On one commit,
    the later comment wins. Only commits on lines apart (or not in this checkout) fall back on
    the time. Between two records (no tombstone), a published one still wins over one that is
    not: a post exists. A winning tombstone is given the latest time of the records it beat,
    so that merging it with the state file's copy of those records drops them too."""
    ancestor = is_ancestor or (lambda _a, _b: False)
    winners: dict[tuple[str, str], tuple[str, LedgerRecord, str]] = {}
    for commit, records in comments:
        for record in records:
            key = (record.path, record.api_url)
            held = winners.get(key)
            if held is None:
                winners[key] = (commit, record, record.time)
                continue
            held_commit, current, latest = held
            latest = max(latest, record.time)
            newer = _newer(commit, record, held_commit, current, ancestor)
            winners[key] = (commit, record, latest) if newer else (held_commit, current, latest)
    out = []
    for _, record, latest in winners.values():
        if record.state == FORGOTTEN and latest > record.time:
            record = replace(record, time=latest)
        out.append(record)
    return out


def _newer(
    commit: str,
    record: LedgerRecord,
    held_commit: str,
    held: LedgerRecord,
    ancestor: IsAncestor,
) -> bool:
    """Whether ``record`` (on ``commit``, read after ``held``) supersedes ``held``."""
    states = (record.state, held.state)
    if FORGOTTEN not in states and record.state != held.state and PUBLISHED in states:
        return record.state == PUBLISHED
    if commit == held_commit:
        return True  # a later comment on the same commit (comments are read oldest first)
    if ancestor(held_commit, commit):
        return True
    if ancestor(commit, held_commit):
        return False
    return record.time >= held.time


class CommitLedger:
    def __init__(
        self,
        client: GitHubClient,
        commit_sha: str,
        log: Log,
        *,
        write_comments: bool = True,
        is_ancestor: IsAncestor | None = None,
        redact: Callable[[str], str] = str,
    ) -> None:
        """``is_ancestor(a, b)``: whether commit ``a`` is in ``b``'s history (``git.Git``'s);
        without it, or for commits the checkout does not have, records are ordered by time.
        ``redact``: applied to the result's texts before the comment escapes and shortens
        them (the comment is public)."""
        self._redact = redact
        self._client = client
        self._is_ancestor = is_ancestor
        self._sha = commit_sha
        self._log = log
        self._write_comments = write_comments
        self._located = False
        self._comment_id: int | None = None
        self._earlier: list[LedgerRecord] = []
        self._refused: LedgerWriteError | None = None
        self.refused_reads = False

    def load(self) -> list[LedgerRecord]:
        """Every record of this action's comments in the repository, in one paginated pass."""
        try:
            records = in_history_order(self._client.read_ledger_by_commit(), self._is_ancestor)
        except GitHubPermissionError as error:
            # Refused, not failing: this token cannot use the comment ledger at all. The
            # interface's rule: go on with the state file as the only record, and say so.
            self._log.warning(str(error))
            self._write_comments = False
            self.refused_reads = True
            return []
        except GitHubError as error:
            raise ConfigError(
                "could not read this repository's commit comments, where medium-publish keeps "
                f"its record of published posts ({error}). Without that record a rerun could "
                "publish a post twice, so nothing was published. Give the job "
                "`permissions: contents: write`, or set github-token: '' to rely on the "
                "state file alone"
            ) from None
        if self._client.untrusted:
            authors = sorted({comment.user_login or "?" for comment in self._client.untrusted})
            self._log.warning(
                f"ignored {len(self._client.untrusted)} commit comment(s) that look like this "
                f"action's but were written by {', '.join(authors)}, who may not write to the "
                "repository"
            )
        return records

    @property
    def keeps_records(self) -> bool:
        """False with ``comment: false``: the comments are read but not written, so the state
        file is this run's only lasting record."""
        return self._write_comments

    @property
    def write_refused(self) -> bool:
        """Whether GitHub refused to let this token write comments (for the rest of the run)."""
        return self._refused is not None

    def write(
        self, result: RunResult, records: Sequence[LedgerRecord], *, required: bool = False
    ) -> bool:
        """Writes this commit's comment: created on the first post, then updated in place, also
        by a rerun, which keeps the records the comment already held.

        ``required``: the write carries a record the next run must find (a write-ahead record):
        a refusal raises LedgerWriteError instead of becoming a warning. Returns whether the
        comment was written."""
        if not self._write_comments:
            return False
        if self._refused is not None:
            if required:
                raise self._refused
            return False
        try:
            if not self._located:
                ours = self._client.find_ours(self._sha)
                self._comment_id = ours.id if ours else None
                self._earlier = _earlier_records(ours)
                self._located = True
            body = render_comment(
                result.redacted(self._redact), merge_records(self._earlier, list(records))
            )
            self._comment_id = self._client.upsert_comment(self._sha, body, self._comment_id)
            return True
        except GitHubPermissionError as error:
            # Refused for good: every later post fails at once, without asking again.
            self._refused = LedgerWriteError(
                f"not sent: the commit comment that records a post before it is sent could not "
                f"be written, and without it a rerun could publish the post twice. {error}. "
                "Or set comment: false to rely on the state file alone (then keep it)"
            )
            if required:
                raise self._refused from None
            self._log.warning(str(error))
            return False
        except GitHubError as error:
            # The write may have been made with its answer lost (a comment created): look the
            # comment up again before the next write, so that it updates rather than adds.
            self._located = False
            if required:
                raise LedgerWriteError(
                    f"not sent: the commit comment that records a post before it is sent could "
                    f"not be written ({error}), and without it a rerun could publish the post "
                    "twice. Rerun the job"
                ) from None
            self._log.warning(f"could not write the commit comment: {error}")
            return False


def _earlier_records(ours: CommitComment | None) -> list[LedgerRecord]:
    """The records this commit's comment already holds. A damaged one is never overwritten
    (its records would be lost): the write fails, and a write-ahead record with it."""
    if ours is None:
        return []
    try:
        return read_ledger_block(ours.body)
    except DamagedLedgerBlock as damage:
        raise GitHubError(damaged_comment_message(ours, str(damage))) from None
