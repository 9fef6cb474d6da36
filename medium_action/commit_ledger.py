"""The ledger's copy in commit comments: what a fresh checkout knows without a state file.

In GitHub nothing is committed back, so a rerun (or the next push) learns what was published by
reading the comments this action wrote. They are read in one paginated pass; this commit's own
comment is rewritten (PATCH) after every post, so a crash loses no record.
"""

from __future__ import annotations

from collections.abc import Sequence

from .comment import merge_records, parse_ledger, render_comment
from .errors import ConfigError, GitHubError, GitHubPermissionError
from .github import GitHubClient
from .ledger import LedgerRecord
from .log import Log
from .results import RunResult


class CommitLedger:
    def __init__(
        self, client: GitHubClient, commit_sha: str, log: Log, *, write_comments: bool = True
    ) -> None:
        self._client = client
        self._sha = commit_sha
        self._log = log
        self._write_comments = write_comments
        self._comment_id: int | None = None
        self._earlier: list[LedgerRecord] = []

    def load(self) -> list[LedgerRecord]:
        try:
            comments = self._client.list_comments()
        except GitHubError as error:
            raise ConfigError(
                "could not read this repository's commit comments, where medium-publish keeps "
                f"its record of published posts ({error}). Without that record a rerun could "
                "publish a post twice, so nothing was published. Give the job "
                "`permissions: contents: write`, or set github-token: '' to rely on the "
                "state file alone"
            ) from None
        records: list[LedgerRecord] = []
        for comment in comments:
            if not comment.is_ours:
                continue
            found = parse_ledger(comment.body)
            records.extend(found)
            if comment.commit_id == self._sha and self._comment_id is None:
                self._comment_id = comment.id
                self._earlier = found
        return records

    def write(self, result: RunResult, records: Sequence[LedgerRecord]) -> None:
        if not self._write_comments:
            return
        try:
            body = render_comment(result, merge_records(self._earlier, list(records)))
            self._comment_id = self._client.upsert_comment(self._sha, body, self._comment_id)
        except GitHubPermissionError as error:
            self._log.warning(str(error))
            self._write_comments = False
        except GitHubError as error:
            self._log.warning(f"could not write the commit comment: {error}")
