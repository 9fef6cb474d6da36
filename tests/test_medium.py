"""The Medium client over real HTTP to the sandbox: resources, the refresh flow, every error."""

from __future__ import annotations

import httpx
import pytest
from pydantic import SecretStr

from medium_action.errors import (
    AuthError,
    BadRequestError,
    ForbiddenError,
    MediumError,
    RateLimitedError,
    ServerError,
    UncertainOutcomeError,
    UnexpectedResponseError,
)
from medium_action.medium.client import MediumClient, RetryPolicy
from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import (
    DEFAULT_TOKEN,
    FOREIGN_PUBLICATION_ID,
    GAZETTE_PUBLICATION_ID,
    NO_PUBLISH_SCOPE_TOKEN,
    REVOKED_TOKEN,
    SANDBOX_CLIENT_ID,
    SANDBOX_CLIENT_SECRET,
    SANDBOX_REFRESH_TOKEN,
    WEEKLY_PUBLICATION_ID,
)

POST = {"title": "T", "contentFormat": "html", "content": "<h1>T</h1>", "publishStatus": "draft"}
FAST = RetryPolicy(attempts=3, base_delay=0.0, max_delay=0.0, max_retry_after=0.0)


def client_for(server: SandboxServer, token: str | None = DEFAULT_TOKEN) -> MediumClient:
    sleeps: list[float] = []
    client = MediumClient(
        httpx.Client(base_url=server.url + "/", timeout=5.0), retry=FAST, sleep=sleeps.append
    )
    client.sleeps = sleeps  # type: ignore[attr-defined]
    if token is not None:
        client.authenticate(SecretStr(token))
    return client


def test_me_publications_and_roles(sandbox: SandboxServer) -> None:
    client = client_for(sandbox)
    user = client.me()
    assert user.username == "sandbox-writer"
    names = {publication.name for publication in client.publications(user.id)}
    assert {"Sandbox Gazette", "Writers Weekly"} <= names
    assert client.role_in(GAZETTE_PUBLICATION_ID, user.id) == "editor"
    assert client.role_in(WEEKLY_PUBLICATION_ID, user.id) == "writer"


def test_create_post_on_profile_and_in_publication(sandbox: SandboxServer) -> None:
    client = client_for(sandbox)
    user = client.me()
    post = client.create_post({**POST, "tags": ["a"]}, user_id=user.id)
    assert post.id and post.url.startswith(f"{sandbox.base_url}/@sandbox-writer/")
    assert post.publish_status == "draft" and post.publication_id is None
    in_publication = client.create_post(
        POST, user_id=user.id, publication_id=GAZETTE_PUBLICATION_ID
    )
    assert in_publication.publication_id == GAZETTE_PUBLICATION_ID
    assert [p["title"] for p in sandbox.sandbox.posts] == ["T", "T"]


def test_upload_image_multipart(sandbox: SandboxServer) -> None:
    image = client_for(sandbox).upload_image(
        b"\x89PNG\r\n\x1a\nrest", content_type="image/png", filename="a.png"
    )
    assert image.url.startswith(f"{sandbox.base_url}/images/") and image.md5
    assert sandbox.sandbox.images[0]["content_type"] == "image/png"


def test_refresh_flow_gives_a_working_token(sandbox: SandboxServer) -> None:
    client = client_for(sandbox, token=None)
    token = client.refresh_access_token(
        refresh_token=SecretStr(SANDBOX_REFRESH_TOKEN),
        client_id=SANDBOX_CLIENT_ID,
        client_secret=SecretStr(SANDBOX_CLIENT_SECRET),
    )
    client.authenticate(token)
    assert client.me().username == "sandbox-writer"


def test_refresh_flow_with_a_wrong_secret_is_an_auth_error(sandbox: SandboxServer) -> None:
    with pytest.raises(AuthError) as raised:
        client_for(sandbox, token=None).refresh_access_token(
            refresh_token=SecretStr(SANDBOX_REFRESH_TOKEN),
            client_id=SANDBOX_CLIENT_ID,
            client_secret=SecretStr("wrong-secret-value"),
        )
    assert "wrong-secret-value" not in str(raised.value)


@pytest.mark.parametrize(
    ("token", "code", "words"),
    [
        (None, 6000, "no token"),
        ("0123456789abcdef0123456789abcdef0", 6001, "invalid"),
        (REVOKED_TOKEN, 6003, "revoked"),
    ],
)
def test_token_errors_say_what_is_wrong(
    sandbox: SandboxServer, token: str | None, code: int, words: str
) -> None:
    with pytest.raises(AuthError) as raised:
        client_for(sandbox, token=token).me()
    assert raised.value.code == code
    assert words in str(raised.value)
    if token:
        assert token not in str(raised.value)


def test_missing_scope_is_an_auth_error(sandbox: SandboxServer) -> None:
    client = client_for(sandbox, token=NO_PUBLISH_SCOPE_TOKEN)
    user = client.me()
    with pytest.raises(AuthError, match="scope") as raised:
        client.create_post(POST, user_id=user.id)
    assert raised.value.code == 6002


def test_no_permission_in_a_publication_is_forbidden(sandbox: SandboxServer) -> None:
    client = client_for(sandbox)
    user = client.me()
    with pytest.raises(ForbiddenError, match="may not publish there"):
        client.create_post(POST, user_id=user.id, publication_id=FOREIGN_PUBLICATION_ID)
    with pytest.raises(ForbiddenError):
        client.create_post(
            {**POST, "publishStatus": "public"},
            user_id=user.id,
            publication_id=WEEKLY_PUBLICATION_ID,
        )


def test_bad_request_names_the_field(sandbox: SandboxServer) -> None:
    client = client_for(sandbox)
    user = client.me()
    with pytest.raises(BadRequestError, match="contentFormat"):
        client.create_post({**POST, "contentFormat": "rst"}, user_id=user.id)
    with pytest.raises(BadRequestError):
        client.create_post({**POST, "tags": "a,b"}, user_id=user.id)


def test_html_error_page_is_a_clear_error(sandbox: SandboxServer) -> None:
    sandbox.sandbox.inject("GET /v1/me", [403], html=True)
    with pytest.raises(UnexpectedResponseError) as raised:
        client_for(sandbox).me()
    message = str(raised.value)
    assert "HTTP 403" in message and "HTML page" in message and "proxy or CDN" in message


def test_reads_are_retried_through_503_and_429(sandbox: SandboxServer) -> None:
    sandbox.sandbox.inject("GET /v1/me", [503, 429], retry_after=0)
    client = client_for(sandbox)
    assert client.me().username == "sandbox-writer"
    assert len(client.sleeps) == 2  # type: ignore[attr-defined]


def test_retries_are_bounded(sandbox: SandboxServer) -> None:
    sandbox.sandbox.inject("GET /v1/me", [503, 503, 503, 503])
    with pytest.raises(ServerError):
        client_for(sandbox).me()


def test_retry_after_is_honoured_up_to_the_cap(sandbox: SandboxServer) -> None:
    sandbox.sandbox.inject("GET /v1/me", [429], retry_after=7)
    client = MediumClient(
        httpx.Client(base_url=sandbox.url + "/"),
        retry=RetryPolicy(attempts=2, max_retry_after=5),
        sleep=(sleeps := []).append,
    )
    client.authenticate(SecretStr(DEFAULT_TOKEN))
    client.me()
    assert sleeps == [5]


def test_post_is_not_retried_after_a_5xx(sandbox: SandboxServer) -> None:
    client = client_for(sandbox)
    user = client.me()
    sandbox.sandbox.inject("POST /v1/users/*/posts", [503])
    with pytest.raises(ServerError):
        client.create_post(POST, user_id=user.id)
    assert sandbox.sandbox.posts == []
    assert [r["path"] for r in sandbox.sandbox.requests].count(f"/v1/users/{user.id}/posts") == 1


def test_post_is_retried_after_429(sandbox: SandboxServer) -> None:
    client = client_for(sandbox)
    user = client.me()
    sandbox.sandbox.inject("POST /v1/users/*/posts", [429], retry_after=0)
    client.create_post(POST, user_id=user.id)
    assert len(sandbox.sandbox.posts) == 1


def test_persistent_429_on_posts_is_rate_limited(sandbox: SandboxServer) -> None:
    client = client_for(sandbox)
    user = client.me()
    sandbox.sandbox.inject("POST /v1/users/*/posts", [429, 429, 429])
    with pytest.raises(RateLimitedError):
        client.create_post(POST, user_id=user.id)
    assert sandbox.sandbox.posts == []


def test_a_lost_answer_to_a_post_is_uncertain_and_not_retried(sandbox: SandboxServer) -> None:
    client = client_for(sandbox)
    user = client.me()
    sandbox.sandbox.inject("POST /v1/users/*/posts", drop=True, create_before_fault=True)
    with pytest.raises(UncertainOutcomeError, match="may or may not"):
        client.create_post(POST, user_id=user.id)
    assert len(sandbox.sandbox.posts) == 1  # created once, never twice


def test_a_post_timeout_is_uncertain(sandbox: SandboxServer) -> None:
    client = MediumClient(
        httpx.Client(base_url=sandbox.url + "/", timeout=0.2), retry=FAST, sleep=lambda _: None
    )
    client.authenticate(SecretStr(DEFAULT_TOKEN))
    user = client.me()
    sandbox.sandbox.inject("POST /v1/users/*/posts", delay=2.0, create_before_fault=True)
    with pytest.raises(UncertainOutcomeError):
        client.create_post(POST, user_id=user.id)


def test_connection_refused_is_retried_then_reported() -> None:
    with SandboxServer() as server:
        url = server.url
    client = MediumClient(httpx.Client(base_url=url + "/"), retry=FAST, sleep=lambda _: None)
    client.authenticate(SecretStr(DEFAULT_TOKEN))
    with pytest.raises(MediumError, match="could not reach Medium"):
        client.create_post(POST, user_id="u")


def test_empty_body_is_a_clear_error() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(502, content=b""))
    client = MediumClient(
        httpx.Client(base_url="https://api.medium.test/v1/", transport=transport),
        retry=FAST,
        sleep=lambda _: None,
    )
    with pytest.raises(UnexpectedResponseError, match="an empty body"):
        client.me()


# --- a post request's answer: only Medium's own error envelope means "no post" ---------------


def mock_client(answer: httpx.Response) -> tuple[MediumClient, list[httpx.Request]]:
    """A client whose every request gets ``answer``; the list collects what was sent."""
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return answer

    client = MediumClient(
        httpx.Client(base_url="https://api.medium.test/v1/", transport=httpx.MockTransport(handle)),
        retry=FAST,
        sleep=lambda _: None,
    )
    return client, sent


HTML_502 = "<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1>cloudflare</body></html>"


@pytest.mark.parametrize(
    "answer",
    [
        httpx.Response(502, text=HTML_502, headers={"Content-Type": "text/html"}),
        httpx.Response(504, content=b""),
        httpx.Response(500, json={"message": "internal"}),  # JSON, but not Medium's envelope
        httpx.Response(403, text="<html><body>Access denied</body></html>"),
        httpx.Response(429, text="Too Many Requests"),  # a proxy's 429, not Medium's
        httpx.Response(400, json={"errors": [{"message": "no code"}]}),
        httpx.Response(201, text="<html>created?</html>"),
        httpx.Response(201, content=b""),
        httpx.Response(201, json={"id": "p1", "url": "https://medium.com/p/p1"}),  # no envelope
        httpx.Response(201, json={"data": {"url": "https://medium.com/p/p1"}}),  # no id
        httpx.Response(201, json={"data": {"id": "p1"}}),  # no url
        httpx.Response(200, json={"data": []}),
    ],
    ids=[
        "502-html",
        "504-empty",
        "500-foreign-json",
        "403-html",
        "429-proxy",
        "400-envelope-without-code",
        "201-html",
        "201-empty",
        "201-no-envelope",
        "201-no-id",
        "201-no-url",
        "200-list",
    ],
)
def test_a_post_answer_that_is_not_medium_s_is_uncertain_and_sent_once(
    answer: httpx.Response,
) -> None:
    client, sent = mock_client(answer)
    with pytest.raises(UncertainOutcomeError, match="may or may not have been created"):
        client.create_post(POST, user_id="u1")
    assert len(sent) == 1


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (400, 2004, BadRequestError),
        (401, 6001, AuthError),
        (403, 403, ForbiddenError),
        (500, 500, ServerError),
        (503, 503, ServerError),
    ],
)
def test_medium_s_own_error_envelope_is_a_definite_no(
    status: int, code: int, error: type[MediumError]
) -> None:
    envelope = {"errors": [{"message": "Medium says no", "code": code}]}
    client, sent = mock_client(httpx.Response(status, json=envelope))
    with pytest.raises(error) as raised:
        client.create_post(POST, user_id="u1")
    assert not isinstance(raised.value, UncertainOutcomeError)
    assert len(sent) == 1


def test_a_gateway_page_after_medium_created_the_post_is_uncertain(
    sandbox: SandboxServer,
) -> None:
    client = client_for(sandbox)
    user = client.me()
    sandbox.sandbox.inject("POST /v1/users/*/posts", [502], html=True, create_before_fault=True)
    with pytest.raises(UncertainOutcomeError, match="HTTP 502 with an HTML page"):
        client.create_post(POST, user_id=user.id)
    assert len(sandbox.sandbox.posts) == 1  # it was created: a rerun must not send it again
    assert [r["path"] for r in sandbox.sandbox.requests].count(f"/v1/users/{user.id}/posts") == 1


def test_a_well_formed_post_answer_is_the_post() -> None:
    body = {"data": {"id": "p1", "url": "https://medium.com/@a/t-p1", "publishStatus": "draft"}}
    client, sent = mock_client(httpx.Response(201, json=body))
    post = client.create_post(POST, user_id="u1")
    assert (post.id, post.url, post.publish_status) == ("p1", "https://medium.com/@a/t-p1", "draft")
    assert len(sent) == 1


@pytest.mark.parametrize("html", [False, True], ids=["medium-envelope", "proxy-page"])
def test_a_429_on_me_is_rate_limited(sandbox: SandboxServer, html: bool) -> None:
    sandbox.sandbox.inject("GET /v1/me", [429, 429, 429], html=html)
    with pytest.raises(RateLimitedError, match="rate-limiting"):
        client_for(sandbox).me()
