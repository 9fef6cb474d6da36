"""The state and rules of the Medium sandbox, without any HTTP: requests in, answers out.

``Sandbox.handle(method, path, headers, body)`` answers one ``/v1`` API request the way Medium's
archived API documentation describes it, and keeps what was created (posts, images) in memory.
``sandbox.py`` puts it behind a real HTTP server and applies the injected faults queued here.

The default world
-----------------
- One user, ``DEFAULT_USER_ID`` (username ``sandbox-writer``, name "Sandbox Writer",
  url ``https://medium.com/@sandbox-writer``). Tokens:

  ===========================  ==================================================================
  ``DEFAULT_TOKEN``            basicProfile, publishPost, uploadImage: everything works
  ``NO_PUBLISH_SCOPE_TOKEN``   basicProfile only: ``/me`` works; posts and images 401 code 6002
  ``REVOKED_TOKEN``            401 code 6003 "Token was revoked."
  any other token              401 code 6001 "Token was invalid."
  no Authorization header      401 code 6000
  ===========================  ==================================================================

- Publications listed by ``GET /v1/users/{DEFAULT_USER_ID}/publications``, in this order:
  "Sandbox Gazette" (``GAZETTE_PUBLICATION_ID``, the user is its editor: any publishStatus),
  "Writers Weekly" (``WEEKLY_PUBLICATION_ID``, the user is a writer: drafts only, else 403), and
  "Foreign Affairs" (``FOREIGN_PUBLICATION_ID``, only followed, as Medium lists those too: posting
  there is 403 "You are not allowed to publish in this publication"). ``OTHER_USER_ID`` is the
  editor of Writers Weekly and Foreign Affairs; creating a post as that user is 403.
- OAuth refresh: ``POST /v1/tokens``, form-encoded, ``grant_type=refresh_token`` with
  ``SANDBOX_REFRESH_TOKEN``, ``SANDBOX_CLIENT_ID`` and ``SANDBOX_CLIENT_SECRET`` gives (201) a new
  access token for the default user with the same scopes as ``DEFAULT_TOKEN``; ``expires_at`` is in
  milliseconds, 60 days ahead. A JSON body is 400; a wrong client id/secret 401 code 6005; a wrong
  refresh token 401 code 6001.

Errors are ``{"errors": [{"message": ..., "code": ...}]}``. Codes Medium is known to use: 6000-6005,
2002 (content missing), 2003 (bad contentFormat). The others are the sandbox's own choice, listed in
the ``E_*`` constants below. Tags: Medium keeps the first three and then drops any longer than 25
characters; a title over 100 characters is ignored and one is made from the content instead.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qs

DEFAULT_TOKEN = "2b3f0c5a5d1e4b7f9a6c8d0e1f2a3b4c5"  # noqa: S105 (a public sandbox value)
"""The default user's integration token (33 hex digits, like Medium's); all scopes."""
NO_PUBLISH_SCOPE_TOKEN = "2c0ffee0c0ffee0c0ffee0c0ffee0c0ff"  # noqa: S105 (a public sandbox value)
"""A token of the default user with only basicProfile: /me works, posts and images do not."""
REVOKED_TOKEN = "2dead0dead0dead0dead0dead0dead0de"  # noqa: S105 (a public sandbox value)
"""A token the user revoked: every request is 401 code 6003."""
SANDBOX_CLIENT_ID = "5a1d0c11e0715a1d"
SANDBOX_CLIENT_SECRET = "5ec2e75ec2e75ec2e75ec2e75ec2e75ec2e7"  # noqa: S105 (a public sandbox value)
SANDBOX_REFRESH_TOKEN = "2fe5e5fe5e5fe5e5fe5e5fe5e5fe5e5fe"  # noqa: S105 (a public sandbox value)

DEFAULT_USER_ID = "1d5a7b9c3e2f40618293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a"
OTHER_USER_ID = "1e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0e0"
GAZETTE_PUBLICATION_ID = "5a9d0b0c7a11"
WEEKLY_PUBLICATION_ID = "7e3e1f0a2b4c"
FOREIGN_PUBLICATION_ID = "f0e1d2c3b4a5"

DEFAULT_USER: dict[str, str] = {
    "id": DEFAULT_USER_ID,
    "username": "sandbox-writer",
    "name": "Sandbox Writer",
    "url": "https://medium.com/@sandbox-writer",
    "imageUrl": "https://cdn-images-1.medium.com/fit/c/400/400/1*sandbox-writer.png",
}
_FULL_SCOPES = ("basicProfile", "publishPost", "uploadImage")
_PUBLICATIONS: tuple[dict[str, str], ...] = (
    {
        "id": GAZETTE_PUBLICATION_ID,
        "name": "Sandbox Gazette",
        "description": "News from the sandbox, edited by the sandbox writer",
        "url": "https://medium.com/sandbox-gazette",
        "imageUrl": "https://cdn-images-1.medium.com/fit/c/200/200/1*sandbox-gazette.png",
    },
    {
        "id": WEEKLY_PUBLICATION_ID,
        "name": "Writers Weekly",
        "description": "Where the sandbox writer may only submit drafts",
        "url": "https://medium.com/writers-weekly",
        "imageUrl": "https://cdn-images-1.medium.com/fit/c/200/200/1*writers-weekly.png",
    },
    {
        "id": FOREIGN_PUBLICATION_ID,
        "name": "Foreign Affairs",
        "description": "Followed by the sandbox writer, who may not publish in it",
        "url": "https://medium.com/foreign-affairs-sandbox",
        "imageUrl": "https://cdn-images-1.medium.com/fit/c/200/200/1*foreign-affairs.png",
    },
)
_ROLES: dict[str, dict[str, str]] = {
    GAZETTE_PUBLICATION_ID: {DEFAULT_USER_ID: "editor"},
    WEEKLY_PUBLICATION_ID: {OTHER_USER_ID: "editor", DEFAULT_USER_ID: "writer"},
    FOREIGN_PUBLICATION_ID: {OTHER_USER_ID: "editor"},
}

LICENSES = (
    "all-rights-reserved",
    "cc-40-by",
    "cc-40-by-sa",
    "cc-40-by-nd",
    "cc-40-by-nc",
    "cc-40-by-nc-nd",
    "cc-40-by-nc-sa",
    "cc-40-zero",
    "public-domain",
)
PUBLISH_STATUSES = ("public", "draft", "unlisted")
CONTENT_FORMATS = ("html", "markdown")
IMAGE_TYPES = {"image/jpeg": "jpeg", "image/png": "png", "image/gif": "gif", "image/tiff": "tiff"}
_POST_FIELDS = {
    "title",
    "contentFormat",
    "content",
    "tags",
    "canonicalUrl",
    "publishStatus",
    "license",
    "notifyFollowers",
}

# Error codes: Medium's where known, the sandbox's own otherwise.
E_TOKEN_MISSING, E_TOKEN_INVALID, E_SCOPE, E_TOKEN_REVOKED = 6000, 6001, 6002, 6003
E_USER_NOT_FOUND, E_APP_NOT_FOUND = 6004, 6005
E_BAD_BODY, E_TITLE, E_CONTENT, E_CONTENT_FORMAT, E_UNEXPECTED = 2000, 2001, 2002, 2003, 2004
E_PUBLISH_STATUS, E_LICENSE = 2005, 2006
E_NOT_CONTRIBUTOR, E_WRITER_DRAFTS_ONLY, E_OTHER_AUTHOR = 2010, 2011, 2012
E_PUBLICATION_NOT_FOUND = 2013
E_IMAGE_FIELD, E_IMAGE_TYPE, E_MULTIPART = 2020, 2021, 2022
E_TOKEN_REQUEST = 2030
E_NOT_FOUND = 1000


@dataclass
class Answer:
    """One HTTP answer: status, JSON payload, extra headers (or ``html`` instead of JSON)."""

    status: int
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    html: str | None = None


def error(status: int, message: str, code: int) -> Answer:
    """Medium's error envelope."""
    return Answer(status, {"errors": [{"message": message, "code": code}]})


class ApiError(Exception):
    """Raised inside a route to answer with Medium's error envelope."""

    def __init__(self, status: int, message: str, code: int) -> None:
        super().__init__(message)
        self.answer = error(status, message, code)


@dataclass
class FaultStep:
    """What happens to one matching request; ``status`` None means "then answer normally"."""

    status: int | None
    retry_after: float | None
    delay: float
    html: bool
    drop: bool
    create_before_fault: bool


_STATUS_TEXT = {
    400: ("Bad request (injected by the sandbox).", 400),
    401: ("Token was invalid.", E_TOKEN_INVALID),
    403: ("Forbidden (injected by the sandbox).", 403),
    404: ("Not found (injected by the sandbox).", 404),
    429: ("Too many requests: rate limit exceeded.", 429),
    500: ("Internal server error.", 500),
    502: ("Bad gateway.", 502),
    503: ("Service unavailable.", 503),
    504: ("Gateway timeout.", 504),
}


def injected_answer(step: FaultStep) -> Answer:
    """The answer an injected fault gives: Medium's envelope, or a proxy's HTML page."""
    status = step.status if step.status is not None else 403
    message, code = _STATUS_TEXT.get(status, (f"Injected error {status}.", status))
    answer = error(status, message, code)
    if step.html:
        answer = Answer(status, html=_html_page(status))
    if step.retry_after is not None:
        value = step.retry_after
        answer.headers["Retry-After"] = str(int(value)) if value == int(value) else str(value)
    return answer


def _html_page(status: int) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{status} | medium.com</title></head>"
        f"<body><h1>Error {status}</h1><p>The request was blocked by the edge proxy."
        "</p><p>Ray ID: 0000sandbox</p></body></html>"
    )


def parse_route(route: str) -> tuple[str, re.Pattern[str]]:
    """``"POST /v1/users/*/posts"`` → ("POST", a pattern where ``*`` is one path segment)."""
    parts = route.split()
    if len(parts) != 2 or not parts[1].startswith("/"):
        raise ValueError(f"route must look like 'POST /v1/users/*/posts', got {route!r}")
    method, path = parts[0].upper(), parts[1].rstrip("/") or "/"
    segments = ["[^/]+" if seg == "*" else re.escape(seg) for seg in path.split("/")]
    return method, re.compile("/".join(segments) + "/?")


def fault_steps(
    statuses: list[int],
    *,
    retry_after: float | None,
    delay: float,
    html: bool,
    drop: bool,
    times: int | None,
    create_before_fault: bool,
) -> list[FaultStep]:
    """One step per affected request: statuses in order; delay/drop/html on the first ``times``."""
    for status in statuses:
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
            raise ValueError(f"statuses must be HTTP status codes, got {status!r}")
    if delay < 0 or (times is not None and times < 0):
        raise ValueError("delay and times must not be negative")
    count = times if times is not None else (len(statuses) or 1)
    steps = []
    for i in range(max(len(statuses), count)):
        on = i < count
        answer = statuses[i] if i < len(statuses) else (403 if html and on else None)
        steps.append(
            FaultStep(
                status=answer,
                retry_after=retry_after,
                delay=delay if on else 0.0,
                html=html and on,
                drop=drop and on,
                create_before_fault=create_before_fault,
            )
        )
    return steps


def parse_multipart(content_type: str, body: bytes) -> list[tuple[str | None, EmailMessage]]:
    """The parts of a multipart/form-data body, each with its field name."""
    if not content_type.lower().startswith("multipart/form-data"):
        raise ApiError(400, "Images must be sent as multipart/form-data.", E_MULTIPART)
    head = b"Content-Type: " + content_type.encode("latin-1") + b"\r\n\r\n"
    message = BytesParser(policy=policy.HTTP).parsebytes(head + body)
    if not isinstance(message, EmailMessage) or not message.is_multipart() or message.defects:
        raise ApiError(400, "The multipart body could not be parsed.", E_MULTIPART)
    parts: list[tuple[str | None, EmailMessage]] = []
    for part in message.iter_parts():
        if not isinstance(part, EmailMessage):
            raise ApiError(400, "The multipart body could not be parsed.", E_MULTIPART)
        name = part.get_param("name", header="content-disposition")
        parts.append((name if isinstance(name, str) else None, part))
    return parts


def slugify(text: str) -> str:
    """Medium-like URL slug: lower-case words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:80].strip("-")


@dataclass
class _Token:
    user_id: str
    scopes: tuple[str, ...]


class Sandbox:
    """In-memory Medium: the default world, created posts and images, a request log, faults.

    Thread-safe: every read and change holds one lock. Read-back properties return copies.
    """

    def __init__(self, *, clock: Callable[[], float] = time.time) -> None:
        self._lock = threading.Lock()
        self._faults_taken = threading.Condition(self._lock)
        self._taken = 0
        self._clock = clock
        self._posts: list[dict[str, Any]] = []
        self._images: list[dict[str, Any]] = []
        self._requests: list[dict[str, Any]] = []
        self._faults: dict[str, tuple[str, re.Pattern[str], deque[FaultStep]]] = {}
        self._issued: dict[str, _Token] = {}

    # -- read-back and control -------------------------------------------------------------
    @property
    def posts(self) -> list[dict[str, Any]]:
        """Created posts: the fields the client sent, plus id, authorId, publicationId, url,
        licenseUrl, publishedAt (None for drafts), and ``response`` (the Post answered)."""
        with self._lock:
            return copy.deepcopy(self._posts)

    @property
    def images(self) -> list[dict[str, Any]]:
        """Uploaded images: ``{url, md5, content_type, size, filename}``."""
        with self._lock:
            return copy.deepcopy(self._images)

    @property
    def requests(self) -> list[dict[str, Any]]:
        """Every API request answered (or dropped: status None): ``{method, path, status}``."""
        with self._lock:
            return copy.deepcopy(self._requests)

    def log_request(self, method: str, path: str, status: int | None) -> None:
        with self._lock:
            self._requests.append({"method": method, "path": path, "status": status})

    def reset(self) -> None:
        """Forget posts, images, the request log, pending faults and refreshed tokens."""
        with self._lock:
            self._posts.clear()
            self._images.clear()
            self._requests.clear()
            self._faults.clear()
            self._issued.clear()

    def inject(
        self,
        route: str,
        statuses: list[int] | None = None,
        *,
        retry_after: float | None = None,
        delay: float = 0.0,
        html: bool = False,
        drop: bool = False,
        times: int | None = None,
        create_before_fault: bool = False,
    ) -> int:
        """Queue faults for the next requests matching ``route``; returns how many are queued."""
        method, pattern = parse_route(route)
        steps = fault_steps(
            list(statuses or []),
            retry_after=retry_after,
            delay=delay,
            html=html,
            drop=drop,
            times=times,
            create_before_fault=create_before_fault,
        )
        key = f"{method} {pattern.pattern}"
        with self._lock:
            queue = self._faults.setdefault(key, (method, pattern, deque()))[2]
            queue.extend(steps)
            return len(queue)

    def take_fault(self, method: str, path: str) -> FaultStep | None:
        """The next queued fault for this request, consumed; None when it is served normally."""
        with self._lock:
            for route_method, pattern, queue in self._faults.values():
                if queue and route_method == method and pattern.fullmatch(path):
                    self._taken += 1
                    self._faults_taken.notify_all()
                    return queue.popleft()
        return None

    def wait_for_faults(self, count: int, timeout: float = 30.0) -> bool:
        """Blocks until ``count`` injected steps have met their request (for tests that must act
        while a request is held, such as killing the client mid-request); False on timeout."""
        with self._faults_taken:
            return self._faults_taken.wait_for(lambda: self._taken >= count, timeout)

    # -- the API ---------------------------------------------------------------------------
    def handle(self, method: str, path: str, headers: Mapping[str, str], body: bytes) -> Answer:
        """Answer one ``/v1`` request (path without query string; header names any case)."""
        path = path.rstrip("/") or "/"
        headers = {name.title(): value for name, value in headers.items()}
        routes: tuple[tuple[str, str, Callable[..., Answer]], ...] = (
            ("GET", r"/v1/me", self._me),
            ("GET", r"/v1/users/([^/]+)/publications", self._publications),
            ("GET", r"/v1/publications/([^/]+)/contributors", self._contributors),
            ("POST", r"/v1/users/([^/]+)/posts", self._user_post),
            ("POST", r"/v1/publications/([^/]+)/posts", self._publication_post),
            ("POST", r"/v1/images", self._image),
            ("POST", r"/v1/tokens", self._tokens),
        )
        for route_method, pattern, route in routes:
            match = re.fullmatch(pattern, path)
            if match and route_method == method:
                try:
                    return route(headers, body, *match.groups())
                except ApiError as exc:
                    return exc.answer
        return error(404, f"No such endpoint: {method} {path}", E_NOT_FOUND)

    def _auth(self, headers: Mapping[str, str], scope: str) -> str:
        value = headers.get("Authorization", "").strip()
        if not value:
            raise ApiError(401, "An access token is required.", E_TOKEN_MISSING)
        scheme, _, token = value.partition(" ")
        token = token.strip()
        if token == REVOKED_TOKEN and scheme.lower() == "bearer":
            raise ApiError(401, "Token was revoked.", E_TOKEN_REVOKED)
        known = {
            DEFAULT_TOKEN: _Token(DEFAULT_USER_ID, _FULL_SCOPES),
            NO_PUBLISH_SCOPE_TOKEN: _Token(DEFAULT_USER_ID, ("basicProfile",)),
        }
        with self._lock:
            grant = known.get(token) or self._issued.get(token)
        if scheme.lower() != "bearer" or grant is None:
            raise ApiError(401, "Token was invalid.", E_TOKEN_INVALID)
        if scope not in grant.scopes:
            raise ApiError(401, f"Token does not have the required scope: {scope}.", E_SCOPE)
        return grant.user_id

    def _me(self, headers: Mapping[str, str], body: bytes) -> Answer:
        self._auth(headers, "basicProfile")
        return Answer(200, {"data": dict(DEFAULT_USER)})

    def _check_user(self, user_id: str, acting: str) -> None:
        if user_id not in (DEFAULT_USER_ID, OTHER_USER_ID):
            raise ApiError(404, "User not found.", E_USER_NOT_FOUND)
        if user_id != acting:
            raise ApiError(403, "You may only act for the user of this token.", E_OTHER_AUTHOR)

    def _publications(self, headers: Mapping[str, str], body: bytes, user_id: str) -> Answer:
        self._check_user(user_id, self._auth(headers, "basicProfile"))
        return Answer(200, {"data": [dict(pub) for pub in _PUBLICATIONS]})

    def _contributors(self, headers: Mapping[str, str], body: bytes, pub_id: str) -> Answer:
        self._auth(headers, "basicProfile")
        if pub_id not in _ROLES:
            raise ApiError(404, "Publication not found.", E_PUBLICATION_NOT_FOUND)
        data = [
            {"publicationId": pub_id, "userId": user, "role": role}
            for user, role in _ROLES[pub_id].items()
        ]
        return Answer(200, {"data": data})

    def _user_post(self, headers: Mapping[str, str], body: bytes, author_id: str) -> Answer:
        acting = self._auth(headers, "publishPost")
        self._check_user(author_id, acting)
        fields = validate_post(headers, body)
        return self._create_post(fields, acting, None)

    def _publication_post(self, headers: Mapping[str, str], body: bytes, pub_id: str) -> Answer:
        acting = self._auth(headers, "publishPost")
        if pub_id not in _ROLES:
            raise ApiError(404, "Publication not found.", E_PUBLICATION_NOT_FOUND)
        role = _ROLES[pub_id].get(acting)
        if role is None:
            message = "You are not allowed to publish in this publication."
            raise ApiError(403, message, E_NOT_CONTRIBUTOR)
        fields = validate_post(headers, body)
        if role == "writer" and fields.get("publishStatus", "public") != "draft":
            message = (
                "A writer of this publication may only create drafts (publishStatus 'draft'); "
                "an editor publishes them."
            )
            raise ApiError(403, message, E_WRITER_DRAFTS_ONLY)
        return self._create_post(fields, acting, pub_id)

    def _create_post(self, sent: dict[str, Any], author: str, pub_id: str | None) -> Answer:
        post_id = secrets.token_hex(6)
        status = sent.get("publishStatus", "public")
        license_ = sent.get("license", "all-rights-reserved")
        title = sent["title"]
        if len(title) > 100:  # Medium ignores it and makes one from the content
            title = re.sub(r"<[^>]*>|[#*_`]", " ", sent["content"]).strip()[:100].strip()
        home = next((p["url"] for p in _PUBLICATIONS if p["id"] == pub_id), DEFAULT_USER["url"])
        slug = slugify(title)
        tags = [tag for tag in sent.get("tags", [])[:3] if len(tag) <= 25]
        data: dict[str, Any] = {
            "id": post_id,
            "title": title,
            "authorId": author,
            "tags": tags,
            "url": f"{home}/{slug}-{post_id}" if slug else f"{home}/{post_id}",
        }
        if "canonicalUrl" in sent:
            data["canonicalUrl"] = sent["canonicalUrl"]
        data["publishStatus"] = status
        published_at = None if status == "draft" else int(self._clock() * 1000)
        if published_at is not None:
            data["publishedAt"] = published_at
        data["license"] = license_
        data["licenseUrl"] = f"https://medium.com/policy/{license_}"
        if pub_id is not None:
            data["publicationId"] = pub_id
        record = {
            **copy.deepcopy(sent),
            **{k: data[k] for k in ("id", "authorId", "url", "licenseUrl")},
            "publicationId": pub_id,
            "publishedAt": published_at,
            "response": copy.deepcopy(data),
        }
        with self._lock:
            self._posts.append(record)
        return Answer(201, {"data": data})

    def _image(self, headers: Mapping[str, str], body: bytes) -> Answer:
        self._auth(headers, "uploadImage")
        parts = parse_multipart(headers.get("Content-Type", ""), body)
        images = [part for name, part in parts if name == "image"]
        if not images:
            raise ApiError(
                400, "The image must be sent in a form field named 'image'.", E_IMAGE_FIELD
            )
        if len(parts) != 1:
            raise ApiError(400, "Only one image may be sent per request.", E_IMAGE_FIELD)
        part = images[0]
        content_type = part.get_content_type()
        if content_type not in IMAGE_TYPES:
            supported = ", ".join(IMAGE_TYPES)
            message = f"Unsupported image type {content_type}; send one of {supported}."
            raise ApiError(400, message, E_IMAGE_TYPE)
        data = part.get_payload(decode=True)
        if not isinstance(data, bytes) or not data:
            raise ApiError(400, "The image is empty.", E_IMAGE_FIELD)
        md5 = hashlib.md5(data, usedforsecurity=False).hexdigest()
        url = f"https://cdn-images-1.medium.com/sandbox/1*{md5}.{IMAGE_TYPES[content_type]}"
        record = {
            "url": url,
            "md5": md5,
            "content_type": content_type,
            "size": len(data),
            "filename": part.get_filename(),
        }
        with self._lock:
            self._images.append(record)
        return Answer(201, {"data": {"url": url, "md5": md5}})

    def _tokens(self, headers: Mapping[str, str], body: bytes) -> Answer:
        content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
        if content_type != "application/x-www-form-urlencoded":
            message = "Token requests must be form-encoded (application/x-www-form-urlencoded)."
            raise ApiError(400, message, E_TOKEN_REQUEST)
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        if form.get("grant_type") != "refresh_token":
            message = "The sandbox supports grant_type=refresh_token only."
            raise ApiError(400, message, E_TOKEN_REQUEST)
        for name in ("refresh_token", "client_id", "client_secret"):
            if not form.get(name):
                raise ApiError(400, f"Missing required parameter: {name}.", E_TOKEN_REQUEST)
        if form["client_id"] != SANDBOX_CLIENT_ID or not secrets.compare_digest(
            form["client_secret"], SANDBOX_CLIENT_SECRET
        ):
            raise ApiError(401, "Application not found or client secret wrong.", E_APP_NOT_FOUND)
        if not secrets.compare_digest(form["refresh_token"], SANDBOX_REFRESH_TOKEN):
            raise ApiError(401, "Token was invalid.", E_TOKEN_INVALID)
        access = "2" + secrets.token_hex(16)
        with self._lock:
            self._issued[access] = _Token(DEFAULT_USER_ID, _FULL_SCOPES)
        payload = {
            "token_type": "Bearer",
            "access_token": access,
            "refresh_token": SANDBOX_REFRESH_TOKEN,
            "scope": list(_FULL_SCOPES),
            "expires_at": int((self._clock() + 60 * 86400) * 1000),
        }
        return Answer(201, payload)


def validate_post(headers: Mapping[str, str], body: bytes) -> dict[str, Any]:
    """The JSON body of a post creation, checked as Medium checks it; raises ApiError (400)."""
    content_type = headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type != "application/json":
        raise ApiError(400, "Posts must be sent as application/json.", E_BAD_BODY)
    try:
        sent = json.loads(body)
    except ValueError:
        raise ApiError(400, "The request body is not valid JSON.", E_BAD_BODY) from None
    if not isinstance(sent, dict):
        raise ApiError(400, "The request body must be a JSON object.", E_BAD_BODY)
    unexpected = sorted(set(sent) - _POST_FIELDS)
    if unexpected:
        raise ApiError(400, f"Unexpected fields specified: {', '.join(unexpected)}.", E_UNEXPECTED)
    title = sent.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ApiError(400, "Missing or invalid field: title (a non-empty string).", E_TITLE)
    content = sent.get("content")
    if not isinstance(content, str) or not content.strip():
        raise ApiError(400, "Missing or invalid field: content (a non-empty string).", E_CONTENT)
    if sent.get("contentFormat") not in CONTENT_FORMATS:
        message = "Invalid field: contentFormat must be 'html' or 'markdown'."
        raise ApiError(400, message, E_CONTENT_FORMAT)
    tags = sent.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(tag, str) for tag in tags):
        message = "Unexpected fields specified: tags must be a list of strings."
        raise ApiError(400, message, E_UNEXPECTED)
    if "canonicalUrl" in sent and not isinstance(sent["canonicalUrl"], str):
        raise ApiError(400, "Invalid field: canonicalUrl must be a string.", E_UNEXPECTED)
    if "notifyFollowers" in sent and not isinstance(sent["notifyFollowers"], bool):
        raise ApiError(400, "Invalid field: notifyFollowers must be true or false.", E_UNEXPECTED)
    if sent.get("publishStatus", "public") not in PUBLISH_STATUSES:
        message = "Invalid field: publishStatus must be one of public, draft, unlisted."
        raise ApiError(400, message, E_PUBLISH_STATUS)
    if sent.get("license", "all-rights-reserved") not in LICENSES:
        message = f"Invalid field: license must be one of {', '.join(LICENSES)}."
        raise ApiError(400, message, E_LICENSE)
    return sent
