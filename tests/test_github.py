"""The GitHub client over real HTTP against the fake GitHub API on 127.0.0.1, plus recorded
answers of the real API replayed through httpx.MockTransport (tests/fixtures/github/)."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import SecretStr

from medium_action.errors import ConfigError, GitHubError, GitHubPermissionError
from medium_action.github.client import CommitComment, GitHubClient
from medium_action.github.comment import MARKER, merge_records, parse_ledger, render_comment
from medium_action.ledger.records import LedgerRecord
from medium_action.results import Posted, RunResult, Skipped

try:
    from tests.fake_github import BOT, FakeGitHub
except ModuleNotFoundError:  # tests/ is no package: pytest put tests/ itself on sys.path
    from fake_github import BOT, FakeGitHub  # type: ignore[no-redef]

FIXTURES = Path(__file__).parent / "fixtures" / "github"
SHA_A = "a" * 40
SHA_B = "b" * 40
SHA_C = "c" * 40


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def client(github: FakeGitHub, sleeps: list[float]) -> Iterator[GitHubClient]:
    with GitHubClient.create(
        api_url=github.url,
        repository=github.repository,
        token=SecretStr(github.token),
        timeout=5,
        sleep=sleeps.append,
    ) as client:
        yield client


def record(path: str, **fields: str) -> LedgerRecord:
    values = {
        "sha256": "1" * 64,
        "time": "2024-05-01T10:00:00Z",
        "id": f"id-{path}",
        "url": f"https://medium.com/@octo/{path.replace('/', '-')}",
        "title": path,
        "publish_status": "draft",
    }
    values.update(fields)
    return LedgerRecord(path=path, **values)  # type: ignore[arg-type]


def ledger_body(*records: LedgerRecord) -> str:
    posts = [
        Posted(file=r.path, id=r.id, url=r.url, title=r.title, publish_status=r.publish_status)
        for r in records
    ]
    return render_comment(RunResult(posts=posts), records)


# --- reading ---------------------------------------------------------------------------------


def test_list_comments_follows_link_headers_across_pages(
    github: FakeGitHub, client: GitHubClient
) -> None:
    for i in range(250):
        github.add_comment(f"{i:040x}", f"comment {i}", login=f"user{i % 5}")

    comments = client.list_comments()

    assert [c.body for c in comments] == [f"comment {i}" for i in range(250)]
    assert comments[0] == CommitComment(
        id=comments[0].id,
        commit_id=f"{0:040x}",
        body="comment 0",
        user_login="user0",
        author_association="NONE",
        html_url=comments[0].html_url,
    )
    assert comments[0].html_url.endswith(f"#commitcomment-{comments[0].id}")
    # The first request names the repository; the next ones follow GitHub's Link URLs as given.
    assert github.requests == [
        ("GET", "/repos/octo/blog/comments"),
        ("GET", f"/repositories/{github.repository_id}/comments"),
        ("GET", f"/repositories/{github.repository_id}/comments"),
    ]
    assert [r["query"] for r in github.request_log] == [
        {"per_page": "100"},
        {"per_page": "100", "page": "2"},
        {"per_page": "100", "page": "3"},
    ]


def test_small_server_pages_are_followed_too() -> None:
    with FakeGitHub(per_page_cap=7) as github:
        for i in range(50):
            github.add_comment(SHA_A, f"c{i}")
        with GitHubClient.create(
            api_url=github.url, repository=github.repository, token=github.token
        ) as client:
            assert len(client.list_comments()) == 50
        assert len(github.requests) == 8


def test_an_empty_repository_takes_one_request(github: FakeGitHub, client: GitHubClient) -> None:
    assert client.read_ledger() == []
    assert len(github.requests) == 1


def test_read_ledger_collects_records_of_several_commits(
    github: FakeGitHub, client: GitHubClient
) -> None:
    first = [record("posts/a.md"), record("posts/b.md", state="uncertain", url="", id="")]
    second = [record("posts/c.md", title="C | with --> and @octocat")]
    github.add_comment(SHA_A, "LGTM", login="octocat", author_association="OWNER")
    github.add_comment(SHA_A, ledger_body(*first), login=BOT)
    for i in range(120):  # other tools' and people's comments, across the page boundary
        github.add_comment(f"{i:040x}", f"<!-- other-bot -->\nreport {i}", login="other[bot]")
    github.add_comment(SHA_B, ledger_body(*second), login=BOT)
    github.add_comment(SHA_C, "quoting it:\n" + ledger_body(record("posts/z.md")), login="x")

    assert client.read_ledger() == [*first, *second]
    assert len(github.requests) == 2
    assert client.untrusted == []


def test_a_strangers_forged_ledger_is_ignored_and_reported(
    github: FakeGitHub, client: GitHubClient
) -> None:
    mine = record("posts/a.md")
    github.add_comment(SHA_A, ledger_body(mine), login=BOT)
    forged = ledger_body(record("posts/victim.md", url="https://evil.example/x"))
    github.add_comment(SHA_B, forged, login="mallory", author_association="NONE")
    github.add_comment(SHA_B, forged, login="drive-by", author_association="CONTRIBUTOR")
    pat = record("posts/pat.md")
    github.add_comment(SHA_C, ledger_body(pat), login="octocat", author_association="OWNER")

    assert client.read_ledger() == [mine, pat]
    assert [c.user_login for c in client.untrusted] == ["mallory", "drive-by"]


def test_find_ours_uses_the_commits_own_list(github: FakeGitHub, client: GitHubClient) -> None:
    github.add_comment(SHA_A, ledger_body(record("posts/other-commit.md")), login=BOT)
    github.add_comment(SHA_B, "nice", login="octocat", author_association="OWNER")
    github.add_comment(SHA_B, MARKER + "\nforged", login="mallory")
    ours = github.add_comment(SHA_B, ledger_body(record("posts/b.md")), login=BOT)

    found = client.find_ours(SHA_B)

    assert found is not None
    assert found.id == ours["id"]
    assert parse_ledger(found.body) == [record("posts/b.md")]
    assert github.requests == [("GET", f"/repos/octo/blog/commits/{SHA_B}/comments")]
    assert client.find_ours(SHA_C) is None


def test_find_ours_rejects_a_bad_sha(client: GitHubClient) -> None:
    with pytest.raises(GitHubError, match="not a commit id"):
        client.find_ours("../../x")


# --- writing ---------------------------------------------------------------------------------


def test_upsert_creates_then_updates_the_same_comment(
    github: FakeGitHub, client: GitHubClient
) -> None:
    first = [record("posts/a.md")]
    comment_id = client.upsert_comment(SHA_A, ledger_body(*first), None)
    assert [c["id"] for c in github.comments] == [comment_id]
    assert github.comments[0]["user"]["login"] == BOT

    # The rerun: find our comment, keep its records, add the new one, update in place.
    existing = client.find_ours(SHA_A)
    assert existing is not None and existing.id == comment_id
    records = merge_records(parse_ledger(existing.body), [record("posts/b.md")])
    again = client.upsert_comment(SHA_A, ledger_body(*records), existing.id)

    assert again == comment_id
    assert len(github.comments) == 1
    assert [m for m, _ in github.requests] == ["POST", "GET", "PATCH"]
    assert client.read_ledger() == [record("posts/a.md"), record("posts/b.md")]


def test_the_ledger_survives_a_round_trip_through_github(
    github: FakeGitHub, client: GitHubClient
) -> None:
    hostile = record("posts/ü n|i.md", title='T | "x" `y` --> <!-- @octocat #1\nz')
    result = RunResult(
        posts=[
            Posted(
                file=hostile.path,
                id=hostile.id,
                url=hostile.url,
                title=hostile.title,
                publish_status="public",
            )
        ],
        skipped=[Skipped(file="README.md", reason="excluded")],
    )
    client.upsert_comment(SHA_A, render_comment(result, [hostile]), None)
    assert client.read_ledger() == [hostile]


def test_an_update_refused_for_a_foreign_comment_writes_a_new_one(
    github: FakeGitHub, client: GitHubClient
) -> None:
    foreign = github.add_comment(SHA_A, ledger_body(record("a.md")), login="octocat")
    new_id = client.upsert_comment(SHA_A, ledger_body(record("a.md")), foreign["id"])
    assert new_id != foreign["id"]
    assert [m for m, _ in github.requests] == ["PATCH", "POST"]


def test_an_update_of_a_deleted_comment_writes_a_new_one(
    github: FakeGitHub, client: GitHubClient
) -> None:
    new_id = client.upsert_comment(SHA_A, ledger_body(record("a.md")), 999)
    assert github.comments[0]["id"] == new_id


@pytest.mark.parametrize("existing", [None, "ours"])
def test_missing_contents_write_is_a_permission_error_that_says_the_fix(
    github: FakeGitHub, client: GitHubClient, existing: str | None
) -> None:
    comment_id = None
    if existing:
        comment_id = github.add_comment(SHA_A, ledger_body(record("a.md")), login=BOT)["id"]
    github.deny_writes = True

    with pytest.raises(GitHubPermissionError) as caught:
        client.upsert_comment(SHA_A, ledger_body(record("a.md")), comment_id)

    message = str(caught.value)
    assert "\npermissions:\n  contents: write\n" in message
    assert "Resource not accessible by integration" in message
    assert "state file" in message
    assert caught.value.status == 403
    assert github.token not in message


def test_a_body_github_refuses_is_an_error_with_githubs_words(client: GitHubClient) -> None:
    with pytest.raises(GitHubError, match="body is too long") as caught:
        client.upsert_comment(SHA_A, "x" * 70_000, None)
    assert caught.value.status == 422
    assert not isinstance(caught.value, GitHubPermissionError)


# --- errors ----------------------------------------------------------------------------------


def test_a_bad_token_is_refused_without_showing_it(github: FakeGitHub) -> None:
    token = "ghp_secretsecretsecret123456"
    client = GitHubClient.create(api_url=github.url, repository="octo/blog", token=token)
    with pytest.raises(GitHubError) as caught:
        client.read_ledger()
    assert caught.value.status == 401
    assert "github-token was refused" in str(caught.value)
    assert "Bad credentials" in str(caught.value)
    assert token not in str(caught.value)
    assert token not in repr(client)
    assert token not in repr(caught.value)


def test_the_token_is_scrubbed_even_from_githubs_own_words(
    github: FakeGitHub, client: GitHubClient
) -> None:
    github.queue_response(400, {"message": f"token {github.token} is odd"})
    with pytest.raises(GitHubError) as caught:
        client.list_comments()
    assert github.token not in str(caught.value)
    assert "***" in str(caught.value)


def test_requests_carry_githubs_headers(github: FakeGitHub, client: GitHubClient) -> None:
    client.list_comments()
    headers = github.request_log[0]["headers"]
    assert headers["accept"] == "application/vnd.github+json"
    assert headers["x-github-api-version"] == "2022-11-28"
    assert headers["authorization"] == f"Bearer {github.token}"
    assert headers["user-agent"].startswith("medium-publish")


def test_a_repository_the_token_cannot_see_is_a_ledger_that_could_not_be_read(
    github: FakeGitHub,
) -> None:
    # A 404 is no refusal GitHub states (it also comes from a wrong API URL or a proxy): the
    # ledger is unknown, never empty (issue 19, case 12).
    c = GitHubClient.create(api_url=github.url, repository="octo/other", token=github.token)
    with pytest.raises(GitHubError, match="did not give the commit comments") as caught:
        c.read_ledger()
    assert not isinstance(caught.value, GitHubPermissionError)
    assert caught.value.status == 404


@pytest.mark.parametrize(
    ("status", "headers", "message"),
    [
        (403, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": "1714560000"}, "API rate limit"),
        (429, {"retry-after": "60"}, "slow down"),
        (403, {}, "You have exceeded a secondary rate limit."),
    ],
)
def test_rate_limits_are_not_mistaken_for_permissions(
    github: FakeGitHub,
    client: GitHubClient,
    status: int,
    headers: dict[str, str],
    message: str,
) -> None:
    github.queue_response(status, {"message": message}, headers)
    with pytest.raises(GitHubError, match="rate limit is exhausted") as caught:
        client.upsert_comment(SHA_A, "x", None)
    assert not isinstance(caught.value, GitHubPermissionError)
    assert len(github.requests) == 1


def test_a_5xx_is_retried_once(
    github: FakeGitHub, client: GitHubClient, sleeps: list[float]
) -> None:
    github.add_comment(SHA_A, "hello")
    github.queue_response(502, "<html>Bad gateway</html>", {"Content-Type": "text/html"})
    assert [c.body for c in client.list_comments()] == ["hello"]
    assert len(sleeps) == 1


def test_two_5xx_are_an_error(github: FakeGitHub, client: GitHubClient) -> None:
    github.queue_response(503, {"message": "Service unavailable"})
    github.queue_response(503, {"message": "Service unavailable"})
    with pytest.raises(GitHubError, match="failed twice") as caught:
        client.read_ledger()
    assert caught.value.status == 503
    assert len(github.requests) == 2


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        ("<!DOCTYPE html><title>Login</title>", "text/html"),
        ("", "application/json"),
        ("{not json", "application/json"),
    ],
)
def test_an_answer_that_is_not_json_is_an_error(
    github: FakeGitHub, client: GitHubClient, body: str, content_type: str
) -> None:
    github.queue_response(200, body, {"Content-Type": content_type})
    with pytest.raises(GitHubError, match="not JSON"):
        client.list_comments()


@pytest.mark.parametrize("payload", [{"message": "hi"}, [{"no": "id"}], ["x"]])
def test_an_answer_of_the_wrong_shape_is_an_error(
    github: FakeGitHub, client: GitHubClient, payload: Any
) -> None:
    github.queue_response(200, payload)
    with pytest.raises(GitHubError):
        client.list_comments()


def test_no_server_is_a_github_error(sleeps: list[float]) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    client = GitHubClient.create(
        api_url=f"http://127.0.0.1:{port}", repository="o/r", token="t0ken", sleep=sleeps.append
    )
    with pytest.raises(GitHubError, match="could not connect"):
        client.read_ledger()
    assert len(sleeps) == 1


def test_too_many_pages_is_an_error_not_a_partial_ledger(github: FakeGitHub) -> None:
    for i in range(250):
        github.add_comment(SHA_A, f"c{i}")
    http = httpx.Client(
        base_url=github.url + "/", headers={"Authorization": f"Bearer {github.token}"}
    )
    client = GitHubClient(http, github.repository, max_pages=2)
    with pytest.raises(GitHubError, match="more than 200 commit comments"):
        client.read_ledger()


@pytest.mark.parametrize("repository", ["", "octo", "octo/blog/x", "a b/c"])
def test_a_malformed_repository_is_a_config_error(repository: str) -> None:
    with pytest.raises(ConfigError):
        GitHubClient(httpx.Client(), repository)


def test_an_empty_token_is_refused_before_any_request() -> None:
    with pytest.raises(GitHubError, match="no github-token"):
        GitHubClient.create(api_url="http://127.0.0.1:9", repository="o/r", token=SecretStr(" "))


# --- recorded answers of the real API ----------------------------------------------------------


def replay(*names: str) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    """Serves recorded answers in order, checking each request against the recording."""
    answers = [json.loads((FIXTURES / name).read_text(encoding="utf-8")) for name in names]
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        recorded = answers[len(seen)]
        seen.append(request)
        assert f"{request.method} {request.url}" == recorded["request"]
        return httpx.Response(
            recorded["status"], headers=recorded["headers"], json=recorded["body"]
        )

    return httpx.MockTransport(handle), seen


def test_recorded_pages_of_the_real_api() -> None:
    transport, seen = replay("repo_comments_page1.json", "repo_comments_page2.json")
    http = httpx.Client(base_url="https://api.github.com/", transport=transport)
    client = GitHubClient(http, "octo/blog", per_page=2)  # as recorded: pages of 2

    records = client.read_ledger()

    assert [r.path for r in records] == ["posts/hello.md", "posts/second.md"]
    assert records[0].url == "https://medium.com/@octo/hello-1a2b3c4d5e6f"
    assert len(seen) == 2
    assert client.untrusted == []


def test_recorded_permission_refusal() -> None:
    transport, _ = replay("create_comment_403.json")
    client = GitHubClient.create(
        api_url="https://api.github.com", repository="octo/blog", token="x1", transport=transport
    )
    with pytest.raises(GitHubPermissionError, match="contents: write"):
        client.upsert_comment("a0b1c2d3e4f5061728394a5b6c7d8e9f00112233", "body", None)


def test_recorded_rate_limit() -> None:
    transport, _ = replay("rate_limited_403.json")
    client = GitHubClient.create(
        api_url="https://api.github.com", repository="octo/blog", token="x1", transport=transport
    )
    with pytest.raises(GitHubError, match="rate limit is exhausted until") as caught:
        client.read_ledger()
    assert not isinstance(caught.value, GitHubPermissionError)


def test_a_next_link_to_another_host_is_not_followed() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        assert request.url.host == "api.github.com"
        link = '<https://evil.example/steal?page=2>; rel="next"'
        return httpx.Response(200, headers={"link": link}, json=[])

    client = GitHubClient.create(
        api_url="https://api.github.com",
        repository="octo/blog",
        token="x1",
        transport=httpx.MockTransport(handle),
    )
    with pytest.raises(GitHubError, match="another host"):
        client.list_comments()


def test_ghes_api_urls_keep_their_path() -> None:
    paths: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        return httpx.Response(200, json=[])

    client = GitHubClient.create(
        api_url="https://ghe.example.com/api/v3/",
        repository="octo/blog",
        token="x1",
        transport=httpx.MockTransport(handle),
    )
    client.list_comments()
    assert paths == ["/api/v3/repos/octo/blog/comments"]


# --- the fake as a process -------------------------------------------------------------------


def test_the_fake_runs_as_its_own_process(tmp_path: Path) -> None:
    dump = tmp_path / "comments.json"
    script = Path(__file__).with_name("fake_github.py")
    process = subprocess.Popen(
        [sys.executable, str(script), "--port", "0", "--token", "tok123", "--dump", str(dump)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)},
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("http://127.0.0.1:")
        with GitHubClient.create(api_url=url, repository="octo/blog", token="tok123") as client:
            comment_id = client.upsert_comment(SHA_A, ledger_body(record("a.md")), None)
            assert client.read_ledger() == [record("a.md")]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=10)
    assert json.loads(dump.read_text())[0]["id"] == comment_id
