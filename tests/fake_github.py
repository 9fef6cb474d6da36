"""A fake of GitHub's REST API for commit comments, served over real HTTP on 127.0.0.1.

In a test::

    with FakeGitHub() as github:            # or the ``fake_github`` fixture
        env["GITHUB_API_URL"] = github.url
        ...
        assert github.comments[0]["body"].startswith(MARKER)

From another process (a container test, a shell)::

    python tests/fake_github.py --port 8765 --dump comments.json   # prints the URL, serves until
                                                                  # SIGTERM/SIGINT, then dumps

What it does as GitHub does (see tests/fixtures/github/ for recorded answers it mirrors):
pagination with ``per_page`` (default 30, at most 100, or ``per_page_cap``) and ``page``, with
``Link`` headers in GitHub's order (prev, next, last, first) pointing at
``/repositories/{id}/comments`` as GitHub's do; comments oldest first; ``POST`` answers 201,
``PATCH`` 200 (403 for a comment of another user); a wrong token 401 "Bad credentials"; other
repositories and routes 404; bodies over 65,536 characters 422. ``deny_writes`` answers writes as
GitHub does for a token without ``contents: write``; ``queue_response`` makes the next request
get a canned answer (a 502, an HTML page, a rate limit). The Actions API's list of a workflow's
runs (``GET /repos/{repo}/actions/workflows/{file}/runs``, filtered by ``branch``, ``event``,
``status``; newest first, ``{"total_count", "workflow_runs"}``) answers from ``add_run``'s runs;
``deny_actions`` answers it as GitHub does for a token without ``actions: read``.
"""

from __future__ import annotations

import argparse
import json
import re
import signal
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

BOT = "github-actions[bot]"
DOCS = "https://docs.github.com/rest/commits/comments"
MAX_BODY = 65_536


@dataclass
class Canned:
    status: int
    body: bytes
    headers: dict[str, str] = field(default_factory=dict)


class FakeGitHub:
    """State and server. ``comments`` and ``requests`` may be read (and changed) by tests."""

    def __init__(
        self,
        *,
        repository: str = "octo/blog",
        token: str = "ghs_faketoken0123456789abcdefABCDEF",
        per_page_cap: int | None = None,
        login: str = BOT,
        repository_id: int = 1296269,
    ) -> None:
        self.repository = repository
        self.token = token
        self.per_page_cap = per_page_cap
        self.login = login
        """Who the token belongs to: the author of comments written through the API."""
        self.repository_id = repository_id
        self.comments: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str]] = []
        """(method, path without query) of every request, in order."""
        self.request_log: list[dict[str, Any]] = []
        """Every request in full: method, path, query, headers, body."""
        self.deny_writes = False
        self.lose_write_answers = 0
        """The next N comment writes (POST/PATCH) are carried out, then the connection is
        closed without an answer: a comment GitHub made whose answer was lost."""
        self.runs: list[dict[str, Any]] = []
        """Workflow runs, oldest first (``add_run``)."""
        self.deny_actions = False
        self._canned: list[Canned] = []
        self._next_id = 1_000_001
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ---------------------------------------------------------------------------

    def start(self, port: int = 0) -> FakeGitHub:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.02,), daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeGitHub:
        return self.start() if self._server is None else self

    def __exit__(self, *_: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        """The API root, for GITHUB_API_URL."""
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    # --- seeding and scripting ---------------------------------------------------------------

    def add_comment(
        self,
        commit_id: str,
        body: str,
        login: str = "someone",
        *,
        author_association: str | None = None,
    ) -> dict[str, Any]:
        """Seeds a comment as if ``login`` had written it (association: NONE for strangers and
        bots, as GitHub reports github-actions[bot])."""
        with self._lock:
            return self._store(commit_id, body, login, author_association or "NONE")

    def add_run(
        self,
        head_sha: str,
        conclusion: str | None = "success",
        *,
        branch: str = "main",
        event: str = "push",
        workflow: str = "publish.yml",
    ) -> dict[str, Any]:
        """Records a run of ``workflow`` as GitHub lists it (a later one has a higher number);
        ``conclusion`` None is a run still queued or in progress."""
        with self._lock:
            number = len(self.runs) + 1
            run_id = 9_000_000_000 + number
            stamp = f"2024-05-01T13:{number // 60:02d}:{number % 60:02d}Z"
            run = {
                "id": run_id,
                "name": "Publish to Medium",
                "node_id": f"WFR_kwLOA{run_id}",
                "head_branch": branch,
                "head_sha": head_sha,
                "path": f".github/workflows/{workflow}",
                "display_title": "a push",
                "run_number": number,
                "event": event,
                "status": "completed" if conclusion else "in_progress",
                "conclusion": conclusion,
                "workflow_id": 161335,
                "url": f"https://api.github.com/repos/{self.repository}/actions/runs/{run_id}",
                "html_url": f"https://github.com/{self.repository}/actions/runs/{run_id}",
                "created_at": stamp,
                "updated_at": stamp,
                "run_attempt": 1,
                "run_started_at": stamp,
            }
            self.runs.append(run)
            return run

    def queue_response(
        self,
        status: int,
        body: str | bytes | dict[str, Any] | list[Any] = b"",
        headers: dict[str, str] | None = None,
    ) -> None:
        """The next request (whatever it is) gets this answer instead of the real one."""
        if isinstance(body, dict | list):
            raw = json.dumps(body).encode()
            headers = {"Content-Type": "application/json; charset=utf-8", **(headers or {})}
        else:
            raw = body.encode() if isinstance(body, str) else body
        with self._lock:
            self._canned.append(Canned(status, raw, dict(headers or {})))

    def ours(self) -> list[dict[str, Any]]:
        """Comments written through the API (by ``login``)."""
        return [c for c in self.comments if c["user"]["login"] == self.login]

    # --- internals (called by the handler under the lock) ------------------------------------

    def _store(self, commit_id: str, body: str, login: str, association: str) -> dict[str, Any]:
        comment_id = self._next_id
        self._next_id += 1
        root = self.url if self._server is not None else "http://127.0.0.1"
        api = f"{root}/repos/{self.repository}/comments/{comment_id}"
        html = f"https://github.com/{self.repository}/commit/{commit_id}#commitcomment-{comment_id}"
        stamp = f"2024-05-01T12:{(comment_id // 60) % 60:02d}:{comment_id % 60:02d}Z"
        comment = {
            "url": api,
            "html_url": html,
            "id": comment_id,
            "node_id": f"CC_fake{comment_id}",
            "user": {
                "login": login,
                "id": 41898282 if login == BOT else 1000 + comment_id % 97,
                "type": "Bot" if login.endswith("[bot]") else "User",
                "site_admin": False,
            },
            "position": None,
            "line": None,
            "path": None,
            "commit_id": commit_id,
            "created_at": stamp,
            "updated_at": stamp,
            "author_association": association,
            "body": body,
            "reactions": {"url": f"{api}/reactions", "total_count": 0},
        }
        self.comments.append(comment)
        return comment


class _Handler(BaseHTTPRequestHandler):
    fake: FakeGitHub
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no delayed ACKs

    def log_message(self, format: str, *args: Any) -> None:  # quiet
        pass

    def do_GET(self) -> None:
        self._handle("GET")

    def do_POST(self) -> None:
        self._handle("POST")

    def do_PATCH(self) -> None:
        self._handle("PATCH")

    def do_DELETE(self) -> None:
        self._handle("DELETE")

    def do_PUT(self) -> None:
        self._handle("PUT")

    def _handle(self, method: str) -> None:
        fake = self.fake
        parts = urlsplit(self.path)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        with fake._lock:
            fake.requests.append((method, parts.path))
            fake.request_log.append(
                {
                    "method": method,
                    "path": parts.path,
                    "query": query,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": raw.decode("utf-8", "replace"),
                }
            )
            if fake._canned:
                canned = fake._canned.pop(0)
                return self._reply(canned.status, canned.body, canned.headers)
            status, payload, headers = self._route(method, parts.path, query, raw)
            lose = method in ("POST", "PATCH") and status < 300 and fake.lose_write_answers > 0
            if lose:
                fake.lose_write_answers -= 1
        if lose:
            self.close_connection = True  # done, but no answer reaches the client
            return
        self._json(status, payload, headers)

    def _route(
        self, method: str, path: str, query: dict[str, str], raw: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        fake = self.fake
        auth = self.headers.get("Authorization", "")
        if auth not in (f"Bearer {fake.token}", f"token {fake.token}"):
            return 401, _error("Bad credentials", "https://docs.github.com/rest", 401), {}
        repo = re.escape(fake.repository)
        repo_id = fake.repository_id
        if method == "GET" and (
            re.fullmatch(f"/repos/{repo}/comments", path)
            or path == f"/repositories/{repo_id}/comments"
        ):
            return self._page(fake.comments, query, f"/repositories/{repo_id}/comments")
        match = re.fullmatch(f"/repos/{repo}/commits/([0-9a-fA-F]{{7,64}})/comments", path)
        if match and method == "GET":
            sha = match.group(1).lower()
            mine = [c for c in fake.comments if c["commit_id"].startswith(sha)]
            return self._page(mine, query, f"/repositories/{repo_id}/commits/{sha}/comments")
        if match and method == "POST":
            if fake.deny_writes:
                return 403, _denied("create-a-commit-comment"), {}
            body, problem = _body(raw)
            if problem:
                return 422, problem, {}
            return 201, fake._store(match.group(1), body, fake.login, "NONE"), {}
        match = re.fullmatch(f"/repos/{repo}/actions/workflows/([^/]+)/runs", path)
        if match and method == "GET":
            if fake.deny_actions:
                headers = {"X-Accepted-GitHub-Permissions": "actions=read"}
                docs = "https://docs.github.com/rest/actions/workflow-runs"
                return 403, _error("Resource not accessible by integration", docs, 403), headers
            runs = [
                run
                for run in reversed(fake.runs)
                if run["path"].endswith("/" + match.group(1))
                and query.get("branch", run["head_branch"]) == run["head_branch"]
                and query.get("event", run["event"]) == run["event"]
                and query.get("status", run["status"]) == run["status"]
            ]
            per_page = max(1, min(100, int(query.get("per_page", 30))))
            return 200, {"total_count": len(runs), "workflow_runs": runs[:per_page]}, {}
        match = re.fullmatch(f"/repos/{repo}/comments/([0-9]+)", path)
        if match and method in ("PATCH", "GET"):
            found = [c for c in fake.comments if c["id"] == int(match.group(1))]
            if not found:
                return 404, _error("Not Found", DOCS, 404), {}
            if method == "GET":
                return 200, found[0], {}
            if fake.deny_writes or found[0]["user"]["login"] != fake.login:
                return 403, _denied("update-a-commit-comment"), {}
            body, problem = _body(raw)
            if problem:
                return 422, problem, {}
            found[0]["body"] = body
            found[0]["updated_at"] = "2024-05-02T00:00:00Z"
            return 200, found[0], {}
        return 404, _error("Not Found", "https://docs.github.com/rest", 404), {}

    def _page(
        self, items: list[dict[str, Any]], query: dict[str, str], link_path: str
    ) -> tuple[int, Any, dict[str, str]]:
        cap = min(100, self.fake.per_page_cap or 100)
        try:
            per_page = max(1, min(cap, int(query.get("per_page", 30))))
            page = max(1, int(query.get("page", 1)))
        except ValueError:
            return 400, _error("Invalid pagination", DOCS, 400), {}
        last = max(1, -(-len(items) // per_page))
        chunk = items[(page - 1) * per_page : page * per_page]
        headers: dict[str, str] = {}
        if last > 1:
            base = f"{self.fake.url}{link_path}?per_page={per_page}&page="
            links = []
            if page > 1:
                links.append(f'<{base}{page - 1}>; rel="prev"')
            if page < last:
                links.append(f'<{base}{page + 1}>; rel="next"')
                links.append(f'<{base}{last}>; rel="last"')
            if page > 1:
                links.append(f'<{base}1>; rel="first"')
            headers["Link"] = ", ".join(links)
        return 200, chunk, headers

    def _json(self, status: int, payload: Any, headers: dict[str, str]) -> None:
        body = json.dumps(payload).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "X-GitHub-Api-Version-Selected": "2022-11-28",
            "X-RateLimit-Limit": "1000",
            "X-RateLimit-Remaining": "999",
            "X-RateLimit-Resource": "core",
            **headers,
        }
        self._reply(status, body, headers)

    def _reply(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _error(message: str, docs: str, status: int) -> dict[str, str]:
    return {"message": message, "documentation_url": docs, "status": str(status)}


def _denied(anchor: str) -> dict[str, str]:
    return _error("Resource not accessible by integration", f"{DOCS}#{anchor}", 403)


def _body(raw: bytes) -> tuple[str, dict[str, Any] | None]:
    try:
        data = json.loads(raw or b"null")
    except ValueError:
        return "", {"message": "Problems parsing JSON", "status": "400"}
    body = data.get("body") if isinstance(data, dict) else None
    if not isinstance(body, str) or not body:
        return "", {
            "message": 'Invalid request.\n\nNo subschema in "anyOf" matched.',
            "documentation_url": DOCS,
            "status": "422",
        }
    if len(body) > MAX_BODY:
        return "", {
            "message": "Validation Failed",
            "errors": [
                {
                    "resource": "CommitComment",
                    "code": "custom",
                    "field": "body",
                    "message": f"body is too long (maximum is {MAX_BODY} characters)",
                }
            ],
            "documentation_url": DOCS,
            "status": "422",
        }
    return body, None


@pytest.fixture
def fake_github() -> Iterator[FakeGitHub]:
    """A started FakeGitHub for one test (import this name into a test module or conftest)."""
    with FakeGitHub() as fake:
        yield fake


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--repository", default="octo/blog")
    parser.add_argument("--token", default="ghs_faketoken0123456789abcdefABCDEF")
    parser.add_argument("--per-page-cap", type=int, default=None)
    parser.add_argument("--deny-writes", action="store_true")
    parser.add_argument("--seed", type=Path, help="JSON list of comments to start with")
    parser.add_argument("--dump", type=Path, help="where to write the comments on exit")
    args = parser.parse_args(argv)
    fake = FakeGitHub(repository=args.repository, token=args.token, per_page_cap=args.per_page_cap)
    fake.deny_writes = args.deny_writes
    fake.start(args.port)
    if args.seed:
        for item in json.loads(args.seed.read_text(encoding="utf-8")):
            fake.add_comment(
                item["commit_id"],
                item["body"],
                item.get("user", {}).get("login", "someone"),
                author_association=item.get("author_association"),
            )
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    print(fake.url, flush=True)
    stopped.wait()
    fake.stop()
    if args.dump:
        args.dump.write_text(json.dumps(fake.comments, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
