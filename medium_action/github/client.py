"""GitHub's REST API for this action: the commit comments that carry the ledger.

Endpoints (all under ``$GITHUB_API_URL``):

- ``GET /repos/{repo}/comments?per_page=100``: every commit comment of the repository, oldest
  first, followed through the ``Link: <…>; rel="next"`` header (one pass gives the whole ledger);
- ``GET /repos/{repo}/commits/{sha}/comments``: one commit's comments (to find ours for an update:
  one request, fresh right before writing);
- ``POST /repos/{repo}/commits/{sha}/comments`` (201) and ``PATCH /repos/{repo}/comments/{id}``
  (200): write our comment. Both need ``permissions: contents: write``;
- ``GET /repos/{repo}/actions/workflows/{file}/runs`` through ``get_json`` (``runs.py``: the last
  run that completed, for a push whose earlier push's run was cancelled); needs ``actions: read``.

Every request goes through the shared loop (``medium_action/http/loop.py``); ``api.GitHubApi`` gives
it GitHub's retries (one, for a 5xx or a failed connection) and errors, the ``GitHubError``
family. Which comments are believed is ``comment.is_trusted_author``'s rule.
The token lives only in the httpx client's Authorization header (shown as ``[secure]`` by httpx);
messages are built from status codes and GitHub's own texts, with the token scrubbed anyway.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import metadata
from typing import Any, Protocol
from urllib.parse import quote

import httpx

from medium_action.errors import ConfigError, GitHubError, GitHubPermissionError
from medium_action.github.api import GitHubApi
from medium_action.github.comment import (
    DamagedLedgerBlock,
    is_ours,
    is_trusted_author,
    read_ledger_block,
)
from medium_action.http.loop import send
from medium_action.http.retry import RetryPolicy
from medium_action.ledger.records import LedgerRecord

API_VERSION = "2022-11-28"
PER_PAGE = 100
MAX_PAGES = 100
"""10,000 comments. A longer list is an error rather than a silently partial ledger."""

PERMISSION_FIX = (
    "add this to the workflow job that runs medium-publish:\n"
    "permissions:\n"
    "  contents: write\n"
    "(or allow read and write permissions under Settings → Actions → General → Workflow "
    "permissions; a workflow run for a pull request from a fork never gets them)"
)

_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
_SHA = re.compile(r"[0-9a-fA-F]{7,64}")
_LEDGER_PREFIX = "<!-- medium-publish-ledger"


class _Secret(Protocol):
    def get_secret_value(self) -> str: ...


def _user_agent() -> str:
    try:
        return f"medium-publish/{metadata.version('medium-publish')}"
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "medium-publish"


@dataclass(frozen=True)
class CommitComment:
    """One commit comment, as much of it as the ledger needs."""

    id: int
    commit_id: str
    body: str
    user_login: str | None
    author_association: str | None = None
    html_url: str = ""

    @property
    def where(self) -> str:
        """How a person finds this comment: its address on GitHub, else its id."""
        return self.html_url or f"commit comment {self.id} on {self.commit_id or 'a commit'}"

    @property
    def is_ours(self) -> bool:
        """Written by this action (the marker) by an author whose ledger data we believe."""
        return is_ours(self.body) and self.is_trusted

    @property
    def is_trusted(self) -> bool:
        return is_trusted_author(self.user_login, self.author_association)


class GitHubClient:
    """Commit comments of one repository. Build it with ``create``; tests may hand in any
    httpx.Client whose base_url is the API root and whose headers carry the token."""

    def __init__(
        self,
        http: httpx.Client,
        repository: str,
        *,
        per_page: int = PER_PAGE,
        max_pages: int = MAX_PAGES,
        retry_delay: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not _REPOSITORY.fullmatch(repository):
            raise ConfigError(
                "the repository must be given as owner/name (GITHUB_REPOSITORY), "
                f"not {repository!r}"
            )
        self._http = http
        self.repository = repository
        self._per_page = per_page
        self._max_pages = max_pages
        self._retry = RetryPolicy(
            attempts=2, base_delay=retry_delay, max_delay=retry_delay, jitter=False
        )
        self._sleep = sleep
        self.untrusted: list[CommitComment] = []
        """Comments with our marker whose author ``read_ledger`` did not believe (to warn)."""

    @classmethod
    def create(
        cls,
        *,
        api_url: str,
        repository: str,
        token: _Secret | str,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> GitHubClient:
        """A client with GitHub's headers and the token; ``transport`` and ``sleep`` for tests."""
        secret = token if isinstance(token, str) else token.get_secret_value()
        if not secret.strip():
            raise GitHubError("no github-token was given, so the GitHub ledger cannot be read")
        http = httpx.Client(
            base_url=api_url.rstrip("/") + "/",
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
            follow_redirects=True,  # a renamed repository answers 301/307
            headers={
                "Accept": "application/vnd.github+json",
                "X-GitHub-Api-Version": API_VERSION,
                "Authorization": f"Bearer {secret.strip()}",
                "User-Agent": _user_agent(),
            },
        )
        return cls(http, repository, sleep=sleep)

    def __repr__(self) -> str:
        return f"GitHubClient(repository={self.repository!r})"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> GitHubClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- comments ----------------------------------------------------------------------------

    def list_comments(self) -> list[CommitComment]:
        """Every commit comment of the repository, oldest first (all pages)."""
        return self._paginate(f"repos/{self.repository}/comments")

    def find_ours(self, commit_sha: str) -> CommitComment | None:
        """Our comment on that commit (the newest, if a rerun raced another), or None.

        Uses the commit's own list: one request, read right before the write it prepares."""
        sha = _check_sha(commit_sha)
        comments = self._paginate(f"repos/{self.repository}/commits/{sha}/comments")
        ours = [comment for comment in comments if comment.is_ours]
        return max(ours, key=lambda comment: comment.id) if ours else None

    def read_ledger(self) -> list[LedgerRecord]:
        """The records of all our trusted comments in the repository, oldest comment first, in
        one pagination pass. Marked comments by untrusted authors are kept in ``untrusted``."""
        return [record for _, records in self.read_ledger_by_commit() for record in records]

    def read_ledger_by_commit(self) -> list[tuple[str, list[LedgerRecord]]]:
        """``read_ledger``, each comment's records with the commit the comment is on: the
        history of those commits, not the runners' clocks, says which record is newer."""
        found: list[tuple[str, list[LedgerRecord]]] = []
        self.untrusted = []
        for comment in self.list_comments():
            if not is_ours(comment.body):
                if _LEDGER_PREFIX in comment.body and comment.is_trusted:
                    # our ledger line in a comment whose marker was edited away
                    raise ConfigError(damaged_comment_message(comment, "its first line changed"))
                continue
            if comment.is_ours:
                found.append((comment.commit_id, ledger_of(comment)))
            else:
                self.untrusted.append(comment)
        return found

    def upsert_comment(self, commit_sha: str, body: str, existing_id: int | None) -> int:
        """Updates comment ``existing_id`` (PATCH), else comments on the commit (POST); returns
        the comment's id. When the update is refused (the comment was deleted, or is not the
        token's to edit) a new comment is written instead."""
        sha = _check_sha(commit_sha)
        if existing_id is not None:
            try:
                data = self._send(
                    "PATCH", f"repos/{self.repository}/comments/{int(existing_id)}", body=body
                )
                return _comment_id(data)
            except GitHubPermissionError:
                pass  # a POST tells whether writing is refused at all
        data = self._send("POST", f"repos/{self.repository}/commits/{sha}/comments", body=body)
        return _comment_id(data)

    def get_json(self, path: str, params: Mapping[str, int | str] | None = None) -> Any:
        """One GET under this repository (``repos/{repo}/{path}``), its JSON answer: for the
        Actions API's list of runs (``github/runs.py``)."""
        return _json(self._request("GET", f"repos/{self.repository}/{path}", params=params))

    # --- HTTP --------------------------------------------------------------------------------

    def _paginate(self, path: str) -> list[CommitComment]:
        comments: list[CommitComment] = []
        url: str | None = path
        params: Mapping[str, int | str] | None = {"per_page": self._per_page}
        for _ in range(self._max_pages):
            if url is None:
                return comments
            response = self._request("GET", url, params=params)
            items = _json(response)
            if not isinstance(items, list):
                raise GitHubError(f"GitHub's list of commit comments ({path}) is not a list")
            comments.extend(_comment(item) for item in items)
            url, params = self._next_link(response), None
        if url is None:
            return comments
        raise GitHubError(
            f"{self.repository} has more than {self._max_pages * self._per_page} commit comments; "
            "medium-publish reads no more than that, so the GitHub ledger could not be read"
        )

    def _next_link(self, response: httpx.Response) -> str | None:
        # httpx reads the Link header (RFC 8288: several links, any order, quoted or not).
        url = response.links.get("next", {}).get("url")
        if not url:
            return None
        target = httpx.URL(url)
        base = self._http.base_url
        if (target.scheme, target.host, target.port) != (base.scheme, base.host, base.port):
            # Never send the token to another host, whatever a Link header says.
            raise GitHubError(f"GitHub's next page is on another host ({target.host})")
        return str(target)

    def _send(self, method: str, path: str, *, body: str) -> Any:
        return _json(self._request(method, path, json={"body": body}))

    def _request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, int | str] | None = None,
        json: dict[str, str] | None = None,
    ) -> httpx.Response:
        """One request through the shared loop: one retry for a 5xx or a failed connection (a
        timeout too, except for a POST, which would comment twice); errors raised typed."""
        where = f"{method} {httpx.URL(url).path or url}"
        return send(
            self._http,
            GitHubApi(lambda response: self._error(response, method, where), where),
            method,
            url,
            repeat="safe",
            retry=self._retry,
            sleep=self._sleep,
            params=params,
            json=json,
        )

    def _error(self, response: httpx.Response, method: str, where: str) -> GitHubError:
        status = response.status_code
        said = self._scrub(_message(response))[:300]  # scrubbed whole, then shortened
        detail = f"{where}: {status} {said}".rstrip()
        if status == 401:
            return GitHubError(
                f"the github-token was refused ({detail}); leave github-token at its default "
                "(${{ github.token }}) or give a valid token",
                status=status,
            )
        if status in (403, 429) and _rate_limited(response, said):
            reset = response.headers.get("x-ratelimit-reset", "")
            when = ""
            if reset.isdigit():
                when = " until " + time.strftime("%H:%M:%S UTC", time.gmtime(int(reset)))
            after = response.headers.get("retry-after", "")
            if after.isdigit():
                when = f" for {after} seconds"
            return GitHubError(
                f"GitHub's API rate limit is exhausted{when} ({detail}); rerun the job later",
                status=status,
            )
        if method == "GET" and status < 500 and not (status == 403 and _is_github_json(response)):
            # Only GitHub's own JSON refusal says the token may not read: a proxy's 403 page or
            # a 404 is a ledger that could not be read, never an empty one (CommitLedger stops).
            return GitHubError(
                f"GitHub's API did not give the commit comments ({detail}); rerun the job",
                status=status,
            )
        if status in (403, 404):
            needs = response.headers.get("x-accepted-github-permissions")
            if needs:
                detail += f"; GitHub says the request needs {needs}"
            if method in ("POST", "PATCH"):
                return GitHubPermissionError(
                    f"the github-token may not write commit comments ({detail}). The ledger "
                    "could not be written to GitHub, so only the state file protects against "
                    f"publishing these files again. To fix it, {PERMISSION_FIX}",
                    status=status,
                )
            return GitHubPermissionError(
                f"the github-token cannot read the commit comments of {self.repository} "
                f"({detail}), so the GitHub ledger is unknown. To fix it, {PERMISSION_FIX}",
                status=status,
            )
        if status >= 500:
            return GitHubError(
                f"GitHub's API failed twice ({detail}); rerun the job", status=status
            )
        return GitHubError(f"GitHub's API refused the request ({detail})", status=status)

    def _scrub(self, text: str) -> str:
        header = self._http.headers.get("authorization", "")
        token = header.split(" ", 1)[-1].strip()
        return text.replace(token, "***") if len(token) >= 4 else text


# --- decoding ------------------------------------------------------------------------------


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        kind = response.headers.get("content-type", "no content type")
        raise GitHubError(
            f"GitHub's API answered {response.request.method} {response.request.url.path} with "
            f"something that is not JSON ({response.status_code}, {kind})",
            status=response.status_code,
        ) from None


def _message(response: httpx.Response) -> str:
    """GitHub's own error text (``message``, plus ``errors[].message``), or a hint at the body."""
    try:
        data = response.json()
    except ValueError:
        kind = response.headers.get("content-type", "")
        return f"(an answer that is not JSON: {kind})" if kind else ""
    if not isinstance(data, dict):
        return ""
    parts = [str(data.get("message") or "")]
    errors = data.get("errors")
    if isinstance(errors, list):
        parts += [str(e.get("message")) for e in errors if isinstance(e, dict) and e.get("message")]
    return "; ".join(part for part in parts if part)


def _is_github_json(response: httpx.Response) -> bool:
    """Whether the answer is GitHub's own JSON error (``{"message": ..., ...}``), not a page
    from a proxy, a load balancer or a captive portal."""
    if "json" not in response.headers.get("content-type", "").lower():
        return False
    try:
        data = response.json()
    except ValueError:
        return False
    return isinstance(data, dict) and isinstance(data.get("message"), str)


def _rate_limited(response: httpx.Response, message: str) -> bool:
    if response.headers.get("x-ratelimit-remaining") == "0":
        return True
    if "retry-after" in response.headers:
        return True
    return "rate limit" in message.lower()


def _comment(item: Any) -> CommitComment:
    if not isinstance(item, dict) or not isinstance(item.get("id"), int):
        raise GitHubError("GitHub's list of commit comments holds an entry without an id")
    user = item.get("user")
    login = user.get("login") if isinstance(user, dict) else None
    association = item.get("author_association")
    html_url = item.get("html_url")
    return CommitComment(
        id=item["id"],
        commit_id=str(item.get("commit_id") or ""),
        body=str(item.get("body") or ""),
        user_login=login if isinstance(login, str) else None,
        author_association=association if isinstance(association, str) else None,
        html_url=html_url if isinstance(html_url, str) else "",
    )


def ledger_of(comment: CommitComment) -> list[LedgerRecord]:
    """The records of one of our comments; ConfigError (exit 2) when its ledger data was
    damaged, as a damaged state file is refused: read as "no records", its posts would be
    published again."""
    try:
        return read_ledger_block(comment.body)
    except DamagedLedgerBlock as damage:
        raise ConfigError(damaged_comment_message(comment, str(damage))) from None


def damaged_comment_message(comment: CommitComment, damage: str) -> str:
    return (
        f"the commit comment {comment.where} (id {comment.id}) holds medium-publish's record of "
        f"published posts, but {damage}: it was probably edited by hand. Nothing was published, "
        "since without that record a post could be published twice. Restore the comment from "
        'its edit history on GitHub (the comment\'s "edited" menu), or delete it and record '
        "its posts again with `medium-publish adopt FILE URL`"
    )


def _comment_id(data: Any) -> int:
    if isinstance(data, dict) and isinstance(data.get("id"), int):
        return int(data["id"])
    raise GitHubError("GitHub's answer to writing the commit comment carried no comment id")


def _check_sha(sha: str) -> str:
    if not _SHA.fullmatch(sha):
        raise GitHubError(f"not a commit id: {sha!r}")
    return quote(sha)
