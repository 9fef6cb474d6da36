"""The commit comment's body through the run's redactor: the comment lists failures, whose
error texts come from libraries and servers and could quote a secret."""

from __future__ import annotations

from typing import Any

from medium_action.github.client import GitHubClient
from medium_action.redaction import Redactor


class RedactingGitHubClient(GitHubClient):
    """A GitHubClient whose every comment write (``upsert_comment``, the one funnel for bodies)
    is redacted first. A net until the body is redacted where it is rendered."""

    redactor: Redactor = Redactor()

    @classmethod
    def create_redacting(cls, redactor: Redactor, **options: Any) -> RedactingGitHubClient:
        client = cls.create(**options)
        assert isinstance(client, RedactingGitHubClient)
        client.redactor = redactor
        return client

    def upsert_comment(self, commit_sha: str, body: str, existing_id: int | None) -> int:
        return super().upsert_comment(commit_sha, self.redactor.redact(body), existing_id)
