"""The embedded Medium sandbox, exercised over real loopback HTTP with httpx."""

from __future__ import annotations

import hashlib
import json
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from medium_action.sandbox import bodies as sandbox_bodies
from medium_action.sandbox.server import (
    DEFAULT_TOKEN,
    DEFAULT_USER_ID,
    FOREIGN_PUBLICATION_ID,
    GAZETTE_PUBLICATION_ID,
    NO_PUBLISH_SCOPE_TOKEN,
    OTHER_USER_ID,
    REVOKED_TOKEN,
    SANDBOX_CLIENT_ID,
    SANDBOX_CLIENT_SECRET,
    SANDBOX_REFRESH_TOKEN,
    WEEKLY_PUBLICATION_ID,
    Sandbox,
    SandboxServer,
    main,
)
from medium_action.sandbox.state import LICENSES, fault_steps

ROOT = Path(__file__).resolve().parents[1]
USER_POSTS = f"/users/{DEFAULT_USER_ID}/posts"
POST = {"title": "Hello, World", "contentFormat": "html", "content": "<h1>Hello, World</h1>"}


@pytest.fixture
def server() -> Iterator[SandboxServer]:
    with SandboxServer() as running:
        yield running


@pytest.fixture
def client(server: SandboxServer) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
    with httpx.Client(base_url=server.url, headers=headers, timeout=10) as http:
        yield http


def errors(response: httpx.Response) -> tuple[int, str, int]:
    """(status, message, code) of Medium's error envelope; checks the envelope's shape."""
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    body = response.json()
    assert list(body) == ["errors"]
    [err] = body["errors"]
    return response.status_code, err["message"], err["code"]


def post_with(**fields: Any) -> dict[str, Any]:
    return {**POST, **fields}


# -- the server itself ----------------------------------------------------------------------


def test_urls_and_lifecycle() -> None:
    server = SandboxServer(Sandbox())
    server.start()
    try:
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", server.base_url)
        assert server.url == server.base_url + "/v1"
        assert server.port > 0
        assert httpx.get(server.base_url + "/_sandbox/posts").json() == {"data": []}
    finally:
        server.stop()
    with pytest.raises(httpx.ConnectError):
        httpx.get(server.base_url + "/_sandbox/posts")
    server.stop()  # a second stop is harmless


def test_shared_sandbox_object(server: SandboxServer) -> None:
    sandbox = Sandbox()
    with SandboxServer(sandbox) as other:
        assert other.sandbox is sandbox
        httpx.get(other.url + "/me")
        assert sandbox.requests == [{"method": "GET", "path": "/v1/me", "status": 401}]
    assert server.sandbox.requests == []


def test_unknown_route_is_a_404_envelope(client: httpx.Client) -> None:
    assert errors(client.get("/nowhere"))[0] == 404
    assert errors(client.delete("/me"))[0] == 404
    assert errors(client.get("/users/x/posts"))[0] == 404


# -- users and tokens ------------------------------------------------------------------------


def test_me_with_the_default_token(client: httpx.Client, server: SandboxServer) -> None:
    response = client.get("/me")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "data": {
            "id": DEFAULT_USER_ID,
            "username": "sandbox-writer",
            "name": "Sandbox Writer",
            "url": f"{server.base_url}/@sandbox-writer",  # on the sandbox, never medium.com
            "imageUrl": response.json()["data"]["imageUrl"],
        }
    }


@pytest.mark.parametrize(
    ("authorization", "code"),
    [
        (None, 6000),
        ("", 6000),
        ("Bearer 0123456789abcdef0123456789abcdef0", 6001),
        (f"Basic {DEFAULT_TOKEN}", 6001),
        (f"Bearer {REVOKED_TOKEN}", 6003),
    ],
)
def test_me_rejects_bad_tokens(server: SandboxServer, authorization: str | None, code: int) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    status, message, got = errors(httpx.get(server.url + "/me", headers=headers))
    assert (status, got) == (401, code)
    assert message


def test_token_without_publish_scope(server: SandboxServer) -> None:
    headers = {"Authorization": f"Bearer {NO_PUBLISH_SCOPE_TOKEN}"}
    with httpx.Client(base_url=server.url, headers=headers) as http:
        assert http.get("/me").status_code == 200
        status, message, code = errors(http.post(USER_POSTS, json=POST))
        assert (status, code) == (401, 6002)
        assert "publishPost" in message
        image = {"image": ("a.png", b"png", "image/png")}
        assert errors(http.post("/images", files=image))[2] == 6002
    assert server.sandbox.posts == []


def test_publications_of_the_user(client: httpx.Client, server: SandboxServer) -> None:
    data = client.get(f"/users/{DEFAULT_USER_ID}/publications").json()["data"]
    names = {pub["name"]: pub for pub in data}
    assert list(names) == ["Sandbox Gazette", "Writers Weekly", "Foreign Affairs"]
    assert names["Sandbox Gazette"]["id"] == GAZETTE_PUBLICATION_ID
    assert names["Sandbox Gazette"]["url"] == f"{server.base_url}/sandbox-gazette"
    assert names["Writers Weekly"]["url"] == f"{server.base_url}/writers-weekly"
    assert all(set(pub) == {"id", "name", "description", "url", "imageUrl"} for pub in data)
    assert errors(client.get(f"/users/{OTHER_USER_ID}/publications"))[0] == 403
    assert errors(client.get("/users/123abc/publications"))[::2] == (404, 6004)


@pytest.mark.parametrize(
    ("pub_id", "role"),
    [
        (GAZETTE_PUBLICATION_ID, "editor"),
        (WEEKLY_PUBLICATION_ID, "writer"),
        (FOREIGN_PUBLICATION_ID, None),
    ],
)
def test_contributors(client: httpx.Client, pub_id: str, role: str | None) -> None:
    data = client.get(f"/publications/{pub_id}/contributors").json()["data"]
    assert all(c["publicationId"] == pub_id for c in data)
    roles = {c["userId"]: c["role"] for c in data}
    assert roles.get(DEFAULT_USER_ID) == role


def test_contributors_of_an_unknown_publication(client: httpx.Client) -> None:
    assert errors(client.get("/publications/000000000000/contributors"))[0] == 404


# -- posts -------------------------------------------------------------------------------------


def test_create_a_public_post_on_the_profile(client: httpx.Client, server: SandboxServer) -> None:
    sent = post_with(canonicalUrl="https://example.com/hello", tags=["a"], notifyFollowers=False)
    before = int(time.time() * 1000)
    response = client.post(USER_POSTS, json=sent)
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json; charset=utf-8"
    data = response.json()["data"]
    assert re.fullmatch(r"[0-9a-f]{12}", data["id"])
    assert data["url"] == f"{server.base_url}/@sandbox-writer/hello-world-{data['id']}"
    assert data["title"] == "Hello, World"
    assert data["authorId"] == DEFAULT_USER_ID
    assert data["tags"] == ["a"]
    assert data["canonicalUrl"] == "https://example.com/hello"
    assert data["publishStatus"] == "public"  # Medium's default
    assert data["license"] == "all-rights-reserved"
    assert data["licenseUrl"].startswith("https://medium.com/policy/")
    assert data["publishedAt"] >= before
    assert "publicationId" not in data
    [stored] = server.sandbox.posts
    assert {k: stored[k] for k in sent} == sent
    assert "publishStatus" not in stored  # the client did not send it
    assert stored["id"] == data["id"]
    assert stored["url"] == data["url"]
    assert stored["authorId"] == DEFAULT_USER_ID
    assert stored["publicationId"] is None
    assert stored["publishedAt"] == data["publishedAt"]
    assert stored["response"] == data


def test_a_draft_has_no_published_at(client: httpx.Client, server: SandboxServer) -> None:
    data = client.post(USER_POSTS, json=post_with(publishStatus="draft")).json()["data"]
    assert data["publishStatus"] == "draft"
    assert "publishedAt" not in data
    assert "canonicalUrl" not in data
    assert server.sandbox.posts[0]["publishedAt"] is None


@pytest.mark.parametrize("license_", LICENSES)
def test_every_license_is_accepted(client: httpx.Client, license_: str) -> None:
    response = client.post(USER_POSTS, json=post_with(license=license_))
    assert response.json()["data"]["license"] == license_


def test_markdown_and_unlisted(client: httpx.Client) -> None:
    sent = post_with(contentFormat="markdown", content="# Hi\n\ntext", publishStatus="unlisted")
    assert client.post(USER_POSTS, json=sent).json()["data"]["publishStatus"] == "unlisted"


def test_tags_first_three_then_long_ones_dropped(
    client: httpx.Client, server: SandboxServer
) -> None:
    sent = ["one", "x" * 26, "three", "four"]
    data = client.post(USER_POSTS, json=post_with(tags=sent)).json()["data"]
    assert data["tags"] == ["one", "three"]
    assert server.sandbox.posts[0]["tags"] == sent  # what the client sent is kept


def test_a_title_over_100_characters_is_ignored(client: httpx.Client) -> None:
    sent = post_with(title="T" * 101, content="<h1>From the content</h1><p>body</p>")
    assert client.post(USER_POSTS, json=sent).json()["data"]["title"].startswith("From the content")


@pytest.mark.parametrize(
    ("body", "code", "field"),
    [
        ({"contentFormat": "html", "content": "x"}, 2001, "title"),
        (post_with(title=""), 2001, "title"),
        (post_with(title=5), 2001, "title"),
        ({"title": "t", "contentFormat": "html"}, 2002, "content"),
        (post_with(content=""), 2002, "content"),
        ({"title": "t", "content": "x"}, 2003, "contentFormat"),
        (post_with(contentFormat="rst"), 2003, "contentFormat"),
        (post_with(publishStatus="published"), 2005, "publishStatus"),
        (post_with(license="mit"), 2006, "license"),
        (post_with(tags="a,b"), 2004, "tags"),
        (post_with(tags=["a", 1]), 2004, "tags"),
        (post_with(canonicalUrl=["x"]), 2004, "canonicalUrl"),
        (post_with(notifyFollowers="yes"), 2004, "notifyFollowers"),
        (post_with(subtitle="s"), 2004, "subtitle"),
    ],
)
def test_post_validation(
    client: httpx.Client, server: SandboxServer, body: dict[str, Any], code: int, field: str
) -> None:
    status, message, got = errors(client.post(USER_POSTS, json=body))
    assert (status, got) == (400, code)
    assert field in message
    assert server.sandbox.posts == []


def test_tags_as_a_string_is_unexpected_fields(client: httpx.Client) -> None:
    assert "Unexpected fields" in errors(client.post(USER_POSTS, json=post_with(tags="a")))[1]


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (b"{not json", "application/json"),
        (b"[1, 2]", "application/json"),
        (json.dumps(POST).encode(), "text/plain"),
    ],
)
def test_post_body_must_be_a_json_object(
    client: httpx.Client, content: bytes, content_type: str
) -> None:
    response = client.post(USER_POSTS, content=content, headers={"Content-Type": content_type})
    assert errors(response)[::2] == (400, 2000)


def test_posting_as_another_user(client: httpx.Client) -> None:
    assert errors(client.post(f"/users/{OTHER_USER_ID}/posts", json=POST))[0] == 403
    assert errors(client.post("/users/1abc/posts", json=POST))[::2] == (404, 6004)


def test_publication_post_as_editor(client: httpx.Client, server: SandboxServer) -> None:
    response = client.post(f"/publications/{GAZETTE_PUBLICATION_ID}/posts", json=POST)
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["publicationId"] == GAZETTE_PUBLICATION_ID
    assert data["url"] == f"{server.base_url}/sandbox-gazette/hello-world-{data['id']}"
    assert data["publishStatus"] == "public"
    assert server.sandbox.posts[0]["publicationId"] == GAZETTE_PUBLICATION_ID


def test_a_writer_may_only_create_drafts(client: httpx.Client, server: SandboxServer) -> None:
    route = f"/publications/{WEEKLY_PUBLICATION_ID}/posts"
    for refused in (POST, post_with(publishStatus="public"), post_with(publishStatus="unlisted")):
        status, message, _ = errors(client.post(route, json=refused))
        assert status == 403
        assert "draft" in message
    assert server.sandbox.posts == []
    data = client.post(route, json=post_with(publishStatus="draft")).json()["data"]
    assert data["publicationId"] == WEEKLY_PUBLICATION_ID
    assert data["url"].startswith(f"{server.base_url}/writers-weekly/hello-world-")


def test_a_foreign_publication_is_forbidden(client: httpx.Client, server: SandboxServer) -> None:
    route = f"/publications/{FOREIGN_PUBLICATION_ID}/posts"
    status, message, _ = errors(client.post(route, json=post_with(publishStatus="draft")))
    assert status == 403
    assert "not allowed to publish in this publication" in message
    assert errors(client.post("/publications/000000000000/posts", json=POST))[0] == 404
    assert server.sandbox.posts == []


def test_concurrent_posts_all_land(client: httpx.Client, server: SandboxServer) -> None:
    with ThreadPoolExecutor(8) as pool:
        answers = list(
            pool.map(lambda i: client.post(USER_POSTS, json=post_with(title=f"P{i}")), range(16))
        )
    assert {a.status_code for a in answers} == {201}
    assert len({p["id"] for p in server.sandbox.posts}) == 16


def test_a_chunked_request_body(client: httpx.Client) -> None:
    raw = json.dumps(POST).encode()
    chunks = iter([raw[:10], raw[10:]])
    response = client.post(USER_POSTS, content=chunks, headers={"Content-Type": "application/json"})
    assert response.status_code == 201


def test_a_body_over_the_limit_is_413(
    client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox_bodies, "MAX_BODY", 10)
    assert errors(client.post(USER_POSTS, json=POST))[0] == 413


# -- images ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content_type", "ext"),
    [("image/jpeg", "jpeg"), ("image/png", "png"), ("image/gif", "gif"), ("image/tiff", "tiff")],
)
def test_image_upload(
    client: httpx.Client, server: SandboxServer, content_type: str, ext: str
) -> None:
    data = bytes(range(256)) * 8 + b"\r\n--not-a-boundary\r\n"
    response = client.post("/images", files={"image": (f"pic.{ext}", data, content_type)})
    assert response.status_code == 201
    md5 = hashlib.md5(data).hexdigest()
    body = response.json()["data"]
    assert body["md5"] == md5
    assert body["url"] == f"{server.base_url}/images/{md5}.{ext}"
    served = httpx.get(body["url"])  # the sandbox serves what was uploaded, with its type
    assert (served.status_code, served.content) == (200, data)
    assert served.headers["content-type"] == content_type
    assert server.sandbox.images == [
        {
            "url": body["url"],
            "md5": md5,
            "content_type": content_type,
            "size": len(data),
            "filename": f"pic.{ext}",
        }
    ]


@pytest.mark.parametrize(
    "files",
    [
        {"image": ("a.jpg", b"data", "image/jpg")},
        {"image": ("a.svg", b"<svg/>", "image/svg+xml")},
        {"file": ("a.png", b"data", "image/png")},
        {"image": ("a.png", b"", "image/png")},
        [("image", ("a.png", b"1", "image/png")), ("image", ("b.png", b"2", "image/png"))],
    ],
)
def test_image_upload_rejections(client: httpx.Client, server: SandboxServer, files: Any) -> None:
    assert errors(client.post("/images", files=files))[0] == 400
    assert server.sandbox.images == []


def test_image_upload_must_be_multipart(client: httpx.Client) -> None:
    response = client.post("/images", content=b"raw", headers={"Content-Type": "image/png"})
    assert errors(response)[0] == 400


def test_image_upload_needs_a_token(server: SandboxServer) -> None:
    files = {"image": ("a.png", b"data", "image/png")}
    assert errors(httpx.post(server.url + "/images", files=files))[::2] == (401, 6000)


# -- OAuth refresh -----------------------------------------------------------------------------

REFRESH = {
    "grant_type": "refresh_token",
    "refresh_token": SANDBOX_REFRESH_TOKEN,
    "client_id": SANDBOX_CLIENT_ID,
    "client_secret": SANDBOX_CLIENT_SECRET,
}


def test_refresh_gives_a_working_access_token(server: SandboxServer) -> None:
    response = httpx.post(server.url + "/tokens", data=REFRESH)
    assert response.status_code == 201
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert re.fullmatch(r"[0-9a-f]{33}", body["access_token"])
    assert body["refresh_token"] == SANDBOX_REFRESH_TOKEN
    assert set(body["scope"]) == {"basicProfile", "publishPost", "uploadImage"}
    assert body["expires_at"] > time.time() * 1000
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    assert httpx.get(server.url + "/me", headers=headers).status_code == 200
    assert httpx.post(server.url + USER_POSTS, json=POST, headers=headers).status_code == 201
    server.sandbox.reset()  # forgets issued tokens
    assert httpx.get(server.url + "/me", headers=headers).status_code == 401


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"client_secret": "wrong"}, 401, 6005),
        ({"client_id": "wrong"}, 401, 6005),
        ({"refresh_token": "2abc"}, 401, 6001),
        ({"grant_type": "authorization_code"}, 400, 2030),
        ({"client_secret": ""}, 400, 2030),
    ],
)
def test_refresh_rejections(
    server: SandboxServer, change: dict[str, str], status: int, code: int
) -> None:
    response = httpx.post(server.url + "/tokens", data={**REFRESH, **change})
    assert errors(response)[::2] == (status, code)


def test_refresh_with_a_json_body_is_400(server: SandboxServer) -> None:
    assert errors(httpx.post(server.url + "/tokens", json=REFRESH))[0] == 400


# -- faults ------------------------------------------------------------------------------------


def test_statuses_then_recovery(client: httpx.Client, server: SandboxServer) -> None:
    server.sandbox.inject("POST /v1/users/*/posts", [503, 503])
    assert errors(client.post(USER_POSTS, json=POST))[0] == 503
    assert errors(client.post(USER_POSTS, json=POST))[0] == 503
    assert client.post(USER_POSTS, json=POST).status_code == 201
    assert len(server.sandbox.posts) == 1
    assert [r["status"] for r in server.sandbox.requests] == [503, 503, 201]


def test_faults_only_hit_their_route(client: httpx.Client, server: SandboxServer) -> None:
    server.sandbox.inject("POST /v1/publications/*/posts", [500])
    server.sandbox.inject("GET /v1/users/*", [500])  # * is one segment: never .../publications
    assert client.get("/me").status_code == 200
    assert client.get(f"/users/{DEFAULT_USER_ID}/publications").status_code == 200
    assert client.post(USER_POSTS, json=POST).status_code == 201
    pub = f"/publications/{GAZETTE_PUBLICATION_ID}/posts"
    assert client.post(pub, json=POST).status_code == 500
    assert client.post(pub, json=POST).status_code == 201


def test_faults_for_one_route_queue_in_order(client: httpx.Client, server: SandboxServer) -> None:
    assert server.sandbox.inject("GET /v1/me", [500]) == 1
    assert server.sandbox.inject("GET /v1/me", [429], retry_after=2) == 2
    assert client.get("/me").status_code == 500
    response = client.get("/me")
    assert errors(response)[0] == 429
    assert response.headers["retry-after"] == "2"
    assert client.get("/me").status_code == 200


def test_retry_after_fraction(client: httpx.Client, server: SandboxServer) -> None:
    server.sandbox.inject("GET /v1/me", [503], retry_after=0.25)
    assert client.get("/me").headers["retry-after"] == "0.25"


def test_html_page_instead_of_json(client: httpx.Client, server: SandboxServer) -> None:
    server.sandbox.inject("POST /v1/users/*/posts", [502], html=True)
    server.sandbox.inject("GET /v1/me", html=True)  # no status: a proxy's 403 page
    response = client.post(USER_POSTS, json=POST)
    assert response.status_code == 502
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert response.text.startswith("<!DOCTYPE html>")
    assert client.get("/me").status_code == 403
    assert client.get("/me").status_code == 200
    assert server.sandbox.posts == []


def test_drop_loses_the_answer(client: httpx.Client, server: SandboxServer) -> None:
    server.sandbox.inject("POST /v1/users/*/posts", drop=True)
    with pytest.raises(httpx.RemoteProtocolError):
        client.post(USER_POSTS, json=POST)
    assert server.sandbox.posts == []
    assert server.sandbox.requests[-1]["status"] is None
    assert client.post(USER_POSTS, json=POST).status_code == 201


def test_drop_after_creating(client: httpx.Client, server: SandboxServer) -> None:
    server.sandbox.inject("POST /v1/users/*/posts", drop=True, create_before_fault=True)
    with pytest.raises(httpx.TransportError):
        client.post(USER_POSTS, json=POST)
    assert [p["title"] for p in server.sandbox.posts] == ["Hello, World"]


def test_error_after_creating(client: httpx.Client, server: SandboxServer) -> None:
    server.sandbox.inject("POST /v1/users/*/posts", [500], create_before_fault=True)
    assert client.post(USER_POSTS, json=POST).status_code == 500
    assert len(server.sandbox.posts) == 1


def test_delay_then_normal_answer(client: httpx.Client, server: SandboxServer) -> None:
    server.sandbox.inject("GET /v1/me", delay=0.3, times=2)
    for _ in range(2):
        started = time.monotonic()
        assert client.get("/me").status_code == 200
        assert time.monotonic() - started >= 0.3
    started = time.monotonic()
    client.get("/me")
    assert time.monotonic() - started < 0.3


def test_delay_makes_the_client_time_out(client: httpx.Client, server: SandboxServer) -> None:
    server.sandbox.inject("POST /v1/users/*/posts", delay=5, create_before_fault=True)
    with pytest.raises(httpx.ReadTimeout):
        client.post(USER_POSTS, json=POST, timeout=0.2)
    assert len(server.sandbox.posts) == 1  # created before the slow answer


def test_stop_ends_pending_delays() -> None:
    server = SandboxServer().start()
    server.sandbox.inject("POST /v1/users/*/posts", delay=60, create_before_fault=True)
    outcome: list[BaseException] = []

    def call() -> None:
        headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
        try:
            httpx.post(server.url + USER_POSTS, json=POST, headers=headers, timeout=60)
        except httpx.TransportError as exc:
            outcome.append(exc)

    caller = threading.Thread(target=call)
    caller.start()
    deadline = time.monotonic() + 10
    while not server.sandbox.posts and time.monotonic() < deadline:  # the delay has begun
        time.sleep(0.01)
    started = time.monotonic()
    server.stop()
    caller.join(10)
    assert time.monotonic() - started < 5
    assert not caller.is_alive()
    assert len(outcome) == 1


def test_inject_rejects_bad_arguments() -> None:
    sandbox = Sandbox()
    with pytest.raises(ValueError, match="route"):
        sandbox.inject("/v1/me", [500])
    with pytest.raises(ValueError, match="status"):
        sandbox.inject("GET /v1/me", [42])
    with pytest.raises(ValueError, match="negative"):
        sandbox.inject("GET /v1/me", delay=-1)


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({"statuses": [503, 503]}, [(503, 0.0), (503, 0.0)]),
        ({"statuses": [], "delay": 1.0}, [(None, 1.0)]),
        ({"statuses": [500], "delay": 1.0, "times": 2}, [(500, 1.0), (None, 1.0)]),
        ({"statuses": [500, 502], "delay": 1.0, "times": 1}, [(500, 1.0), (502, 0.0)]),
        ({"statuses": [], "times": 0}, []),
    ],
)
def test_fault_steps(kwargs: dict[str, Any], expected: list[tuple[int | None, float]]) -> None:
    options = {"retry_after": None, "delay": 0.0, "html": False, "drop": False, "times": None}
    steps = fault_steps(**{**options, **kwargs, "create_before_fault": False})
    assert [(s.status, s.delay) for s in steps] == expected


# -- inspection and control over HTTP ----------------------------------------------------------


def test_control_endpoints(client: httpx.Client, server: SandboxServer) -> None:
    control = server.base_url + "/_sandbox"
    fault = {"route": "POST /v1/users/*/posts", "statuses": [503], "retry_after": 1}
    response = httpx.post(control + "/faults", json=fault)
    assert response.status_code == 201
    assert response.json()["data"] == {"route": fault["route"], "queued": 1}
    assert client.post(USER_POSTS, json=POST).headers["retry-after"] == "1"
    created = client.post(USER_POSTS, json=POST).json()["data"]
    client.post("/images", files={"image": ("a.gif", b"GIF89a", "image/gif")})
    posts = httpx.get(control + "/posts").json()["data"]
    assert [p["id"] for p in posts] == [created["id"]]
    assert httpx.get(control + "/images").json()["data"][0]["content_type"] == "image/gif"
    assert [r["status"] for r in httpx.get(control + "/requests").json()["data"]] == [503, 201, 201]
    assert httpx.post(control + "/reset").status_code == 200
    assert server.sandbox.posts == server.sandbox.images == server.sandbox.requests == []
    assert httpx.get(control + "/nothing").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"{}",
        json.dumps({"route": "GET /v1/me", "color": "red"}).encode(),
        json.dumps({"route": "GET /v1/me", "drop": "yes"}).encode(),
        json.dumps({"route": "GET /v1/me", "times": True}).encode(),
        json.dumps({"route": "nonsense"}).encode(),
    ],
)
def test_control_faults_rejects_bad_bodies(server: SandboxServer, body: bytes) -> None:
    response = httpx.post(server.base_url + "/_sandbox/faults", content=body)
    assert errors(response)[0] == 400


def test_control_requests_are_not_logged(server: SandboxServer) -> None:
    httpx.get(server.base_url + "/_sandbox/posts")
    assert server.sandbox.requests == []


def test_no_token_in_logs(server: SandboxServer, capfd: pytest.CaptureFixture[str]) -> None:
    with SandboxServer(server.sandbox, log_requests=True) as loud:
        headers = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
        httpx.get(loud.url + "/me?token=" + DEFAULT_TOKEN, headers=headers)
        httpx.post(loud.url + USER_POSTS, json=post_with(content=DEFAULT_TOKEN), headers=headers)
        httpx.post(loud.url + "/tokens", data=REFRESH)
        logged = httpx.get(loud.base_url + "/_sandbox/requests").text
    out, err = capfd.readouterr()
    assert "sandbox: GET /v1/me 200" in err
    for secret in (DEFAULT_TOKEN, SANDBOX_CLIENT_SECRET, SANDBOX_REFRESH_TOKEN):
        assert secret not in out + err
        assert secret not in logged
        assert secret not in repr(server.sandbox.requests)


# -- the command ---------------------------------------------------------------------------------


def test_cli_serves_until_sigterm() -> None:
    command = [sys.executable, "-m", "medium_action.sandbox.server", "--port", "0"]
    process = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"api-url=(\S+) token=(\S+)", line)
        assert match, line
        api_url, token = match.groups()
        assert token == DEFAULT_TOKEN
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+/v1", api_url)
        me = httpx.get(api_url + "/me", headers={"Authorization": f"Bearer {token}"})
        assert me.json()["data"]["username"] == "sandbox-writer"
        process.send_signal(signal.SIGTERM)
        _, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0
    assert "GET /v1/me 200" in err
    assert DEFAULT_TOKEN not in err


def test_cli_port_taken(server: SandboxServer, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--port", str(server.port)]) == 2
    assert "cannot listen" in capsys.readouterr().err


# -- the rehearsal stage: headings as Medium converts them, reading pages, the index -----------


@pytest.mark.parametrize(
    ("sent", "title", "subtitle", "body"),
    [
        ("<h1>T</h1><h2>S</h2><p>x</p>", "T", "S", "<p>x</p>"),
        (
            "<h1>T</h1>\n<p>x</p><h2>Not a subtitle</h2>",
            "T",
            None,
            "\n<p>x</p><h4>Not a subtitle</h4>",
        ),
        (
            "<h1>T</h1><h1>Big</h1><h2>a</h2><h3>b</h3><h4>c</h4>",
            "T",
            None,
            "<h3>Big</h3><h4>a</h4><h4>b</h4><h4>c</h4>",
        ),
        ("<h1>T</h1><h5>five</h5><h6>six</h6>", "T", None, "<p>five</p><p>six</p>"),
        ("<p>lead</p><h2>x</h2>", None, None, "<p>lead</p><h4>x</h4>"),
        ("<h1>A <em>b</em></h1><h2>S</h2><h2>again</h2>", "A <em>b</em>", "S", "<h4>again</h4>"),
    ],
)
def test_medium_heading_conversion(
    sent: str, title: str | None, subtitle: str | None, body: str
) -> None:
    from medium_action.sandbox.headings import HeadedPost, convert_headings

    assert convert_headings(sent) == HeadedPost(title, subtitle, body)


def test_post_html_is_cleaned_before_it_is_shown() -> None:
    from medium_action.sandbox.cleaner import clean_html

    sent = (
        '<h1 onclick="x()">A &amp; <b>B</b></h1><script>alert(1)</script><style>p{}</style>'
        '<p><a href="javascript:alert(1)">js</a><img src="data:text/html,x" alt="&quot;q">'
        '<span>kept</span></p><iframe src="https://youtu.be/x"><p>inside</p></iframe><ul><li>open'
    )
    assert clean_html(sent) == (
        '<h1>A &amp; <b>B</b></h1><p><a>js</a><img alt="&quot;q">kept</p>'
        '<p><a href="https://youtu.be/x" rel="nofollow noopener">https://youtu.be/x</a></p>'
        "<ul><li>open</li></ul>"
    )


def _reading_post(content: str, **fields: Any) -> dict[str, Any]:
    return {"title": "T", "contentFormat": "html", "content": content, **fields}


def test_reading_page_lays_the_post_out_like_medium() -> None:
    from medium_action.sandbox.pages import reading_page

    page = reading_page(
        _reading_post(
            "<h1>The title</h1><h2>The subtitle</h2><p>Text</p><h1>Part one</h1>"
            '<figure><img src="/images/a.png" alt="a chart"><figcaption>A chart</figcaption>'
            "</figure><pre><code>x &lt; 1</code></pre><blockquote>Quoted</blockquote>"
            '<p><a href="https://example.com/watch?v=1&amp;t=2">https://example.com/watch</a></p>'
            "<h2>Detail</h2><ul><li>one</li></ul>",
            publishStatus="public",
            publishedAt=0,
            response={"tags": ["<b>tag</b>"]},
        ),
        "http://127.0.0.1:1",
    )
    assert page.count("<h1>") == 1 and "<h1>The title</h1>" in page
    assert '<h2 class="subtitle">The subtitle</h2>' in page
    assert "<h3>Part one</h3>" in page and "<h4>Detail</h4>" in page
    assert '<figure><img src="/images/a.png" alt="a chart"><figcaption>A chart' in page
    assert "<pre><code>x &lt; 1</code></pre>" in page and "<blockquote>Quoted" in page
    assert '<a class="card" href="https://example.com/watch?v=1&amp;t=2"' in page
    assert "<strong>example.com</strong>" in page
    assert "Jan 01, 1970" in page and "&lt;b&gt;tag&lt;/b&gt;" in page
    assert "<script" not in page


def test_markdown_posts_are_rendered_as_medium_would() -> None:
    from medium_action.sandbox.pages import reading_page

    page = reading_page(
        _reading_post(
            "# Title\n\n## Sub\n\nText <script>x</script>\n\n# Big\n", contentFormat="markdown"
        ),
        "http://127.0.0.1:1",
    )
    assert "<h1>Title</h1>" in page and '<h2 class="subtitle">Sub</h2>' in page
    assert "<h3>Big</h3>" in page and "<script" not in page


def test_a_post_url_serves_its_reading_page(client: httpx.Client, server: SandboxServer) -> None:
    image = client.post("/images", files={"image": ("a.gif", b"GIF89a-bytes", "image/gif")})
    image_url = image.json()["data"]["url"]
    content = (
        f'<h1>Hello</h1><h2>Sub</h2><h1>Part</h1><figure><img src="{image_url}">'
        "<figcaption>Cap</figcaption></figure>"
    )
    data = client.post(USER_POSTS, json=post_with(title="Hello", content=content)).json()["data"]
    assert data["url"].startswith(f"{server.base_url}/@sandbox-writer/hello-")
    page = httpx.get(data["url"])
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src" not in page.headers["content-security-policy"]
    assert "default-src 'none'" in page.headers["content-security-policy"]
    assert "<h3>Part</h3>" in page.text and f'<img src="{image_url}"' in page.text
    assert httpx.get(image_url).content == b"GIF89a-bytes"
    assert httpx.get(f"{server.base_url}/@sandbox-writer/nothing-0123").status_code == 404
    assert server.sandbox.requests[-1]["path"] == "/v1" + USER_POSTS  # pages are not API calls


def test_the_index_lists_posts_and_every_route(client: httpx.Client, server: SandboxServer) -> None:
    empty = httpx.get(server.base_url + "/")
    assert empty.status_code == 200 and "No posts yet." in empty.text
    data = client.post(USER_POSTS, json=post_with(title="A <b> title")).json()["data"]
    index = httpx.get(server.base_url + "/").text
    assert f'<a href="{data["url"]}">A &lt;b&gt; title</a>' in index
    for route in ("GET /v1/me", "POST /v1/images", "POST /_sandbox/faults", "POST /_sandbox/reset"):
        assert f"<code>{route}</code>" in index


@pytest.mark.parametrize(
    ("fault", "named"),
    [({"statuses": [500]}, "no 'route'"), ({"route": "GET /v1/me", "status": 500}, "'status'")],
)
def test_a_wrong_fault_says_which_fields_a_fault_takes(
    server: SandboxServer, fault: dict[str, Any], named: str
) -> None:
    response = httpx.post(server.base_url + "/_sandbox/faults", json=fault)
    assert response.status_code == 400
    message = response.json()["errors"][0]["message"]
    assert named in message
    for field in ("route", "statuses", "retry_after", "delay", "html", "drop", "times"):
        assert f'"{field}"' in message
