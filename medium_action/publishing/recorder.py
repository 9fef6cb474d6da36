"""The ledger's copies for one run, and the write-ahead rule that keeps a post from being made
twice: a post request is sent only once its "uncertain" record is durable where the next run
will read it (the state file; in GitHub also this commit's comment).

The commit comment lists the whole run so far each time it is written: every write is handed
``shown``, the run's result up to that moment (the recorder keeps none, and adds nothing to it).
"""

from __future__ import annotations

from dataclasses import replace

from medium_action.errors import ConfigError, LedgerWriteError
from medium_action.github.commit_ledger import CommitLedger
from medium_action.ledger.place import Place
from medium_action.ledger.record import FORGOTTEN
from medium_action.ledger.records import Ledger, LedgerRecord
from medium_action.ledger.statefile import StateFile
from medium_action.log import Log
from medium_action.results import RunResult


class Recorder:
    def __init__(
        self,
        state: StateFile,
        place: Place,
        comments: CommitLedger | None,
        log: Log,
        *,
        comments_off: str | None = None,
        written: list[LedgerRecord] | None = None,
    ) -> None:
        """``comments_off``: why a GitHub run has no comment ledger (no github-token).
        ``written``: this run's records so far, shared by the recorders of a run's targets, so
        that the commit comment each rewrites keeps the others' records."""
        self._state = state
        self._place = place
        self._comments = comments
        self._log = log
        self.ledger = Ledger()
        self._written: list[LedgerRecord] = [] if written is None else written
        """This run's records, for this commit's comment (every target's)."""
        self.only_state_file: str | None = comments_off
        """Why the state file is the only lasting record of a GitHub run, if it is."""

    def load(self) -> Ledger:
        """Reads every copy (ConfigError when one cannot be read: publishing blind could
        duplicate)."""
        ledger = self._state.load(self._place)
        if self._comments is not None:
            ledger.merge(self._comments.load())
        self.ledger = ledger
        if self._comments is not None and not self._comments.keeps_records:
            self.only_state_file = (
                "GitHub refused to let this run read its commit comments"
                if self._comments.refused_reads
                else "comment: false"
            )
        return ledger

    @property
    def state_path(self) -> str:
        return str(self._state.path)

    def write_ahead(self, record: LedgerRecord, shown: RunResult) -> LedgerRecord:
        """Records ``record`` (state "uncertain") everywhere the next run looks and returns it
        as stored, or raises LedgerWriteError and leaves no trace of it: then the post must not
        be sent."""
        record = self._keep(record)
        try:
            self._state.save(self.ledger)
        except (OSError, ConfigError) as error:  # a full disk, a directory gone
            self._drop(record)
            why = error.strerror if isinstance(error, OSError) and error.strerror else error
            raise LedgerWriteError(
                f"not sent: could not write the state file {self._state.path} before sending "
                f"the post ({why}); free the space or fix the path, then rerun"
            ) from None
        if self._comments is not None:
            try:
                self._comments.write(shown, self._written, required=True)
            except LedgerWriteError:
                self._drop(record)
                self._save_quietly()
                self._never_sent(record, shown)
                raise
        return record

    def _never_sent(self, record: LedgerRecord, shown: RunResult) -> None:
        """A write-ahead comment that failed may still have been made (GitHub created it and
        the answer was lost): its "uncertain" record would block every rerun although this
        run knows it sent nothing. Says so in the comment, with a record that cancels it."""
        assert self._comments is not None
        if self._comments.write_refused:
            return  # refused, so never made: nothing to cancel
        tombstone = replace(record, state=FORGOTTEN, id="", url="")
        self._written.append(tombstone)
        if not self._comments.write(shown, self._written):
            self._log.warning(
                f"{record.path}: if a rerun reports it as uncertain, the post was never sent "
                f"(the commit comment's answer was lost before the post request): run "
                f"`medium-publish forget {record.path}` and rerun",
                file=record.path,
            )

    def confirm(self, record: LedgerRecord, shown: RunResult) -> str | None:
        """The post exists: record what Medium answered. The post is made whatever happens
        here, so a failed write is no reason to stop (the write-ahead record still blocks a
        rerun): returns the message that says how to record the post when the state file could
        not (the run lists it as unrecorded and ends with exit 1), else None."""
        self._keep(record)
        if self._save_everywhere(shown):
            return None
        message = (
            f"{record.path} is published at {record.url}, but the state file could not "
            "record it: a run that reads the state file reports it as uncertain. Once it "
            f"can be written, run `medium-publish adopt {record.path} {record.url}`"
        )
        self._log.error(message, file=record.path)
        return message

    def withdraw(self, record: LedgerRecord, shown: RunResult) -> None:
        """Medium said surely no post was made: a later run may send the file again."""
        self._drop(record)
        self._save_everywhere(shown)

    def carry(self, moved: LedgerRecord, shown: RunResult) -> None:
        """A renamed file keeps its post: a fresh clone must find the record under the new path."""
        self._keep(moved)
        self._save_everywhere(shown)

    def at(self, place: Place) -> None:
        """The target is open and knows its account: records say who posts went to as."""
        self.ledger.place = place

    def finish(self, shown: RunResult) -> None:
        """This commit's comment lists the failures too, once the run is over."""
        if self._comments is not None and shown.failed:
            self._comments.write(shown, self._written)

    def _keep(self, record: LedgerRecord) -> LedgerRecord:
        stored = self.ledger.add(record)
        self._written[:] = [kept for kept in self._written if not _same_post(kept, stored)]
        self._written.append(stored)
        return stored

    def _drop(self, record: LedgerRecord) -> None:
        self.ledger.remove(record)
        self._written[:] = [kept for kept in self._written if not _same_post(kept, record)]

    def _save_quietly(self) -> bool:
        try:
            self._state.save(self.ledger)
        except (OSError, ConfigError) as error:
            self._log.warning(f"could not write the state file {self._state.path}: {error}")
            return False
        return True

    def _save_everywhere(self, shown: RunResult) -> bool:
        """Whether the state file took the ledger (the comment is written either way)."""
        saved = self._save_quietly()
        if self._comments is not None:
            self._comments.write(shown, self._written)
        return saved


def _same_post(a: LedgerRecord, b: LedgerRecord) -> bool:
    """Records of one file at one place (a file has one record per target)."""
    return a.path == b.path and a.place.api_url == b.place.api_url
