"""The state and rules of the Medium sandbox, without any HTTP: requests in, answers out.

``Sandbox.handle(method, path, headers, body)`` answers one ``/v1`` API request the way Medium's
archived API documentation describes it, and keeps what was created (posts, images) in memory.
``server.py`` puts it behind a real HTTP server and applies the injected faults queued here.

The default world and the error codes are in ``sandbox_world``; the body checks in
``sandbox_validation``; the faults in ``sandbox_faults``. The names other modules import from here
are re-exported below.
"""

from __future__ import annotations

import copy
import hashlib
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Mapping
from html import escape
from typing import Any
from urllib.parse import urlsplit

from medium_action.sandbox.answer import Answer, ApiError, error
from medium_action.sandbox.devto import DevtoSandbox
from medium_action.sandbox.faults import FaultStep, fault_steps, injected_answer, parse_route
from medium_action.sandbox.pages import CONTENT_SECURITY_POLICY, index_page, reading_page
from medium_action.sandbox.validation import check_refresh_request, validate_image, validate_post
from medium_action.sandbox.world import (
    DEFAULT_TOKEN,
    DEFAULT_USER,
    DEFAULT_USER_ID,
    E_NOT_CONTRIBUTOR,
    E_NOT_FOUND,
    E_OTHER_AUTHOR,
    E_PUBLICATION_NOT_FOUND,
    E_SCOPE,
    E_TOKEN_INVALID,
    E_TOKEN_MISSING,
    E_TOKEN_REVOKED,
    E_USER_NOT_FOUND,
    E_WRITER_DRAFTS_ONLY,
    FOREIGN_PUBLICATION_ID,
    FULL_SCOPES,
    GAZETTE_PUBLICATION_ID,
    GRANTS,
    IMAGE_TYPES,
    INTEGRATION_TOKEN,
    LICENSES,
    NO_PUBLISH_SCOPE_TOKEN,
    OTHER_USER_ID,
    PUBLICATIONS,
    REVOKED_TOKEN,
    ROLES,
    ROUTES,
    SANDBOX_CLIENT_ID,
    SANDBOX_CLIENT_SECRET,
    SANDBOX_REFRESH_TOKEN,
    WEEKLY_PUBLICATION_ID,
    Grant,
)

__all__ = [
    "DEFAULT_TOKEN",
    "DEFAULT_USER",
    "DEFAULT_USER_ID",
    "FOREIGN_PUBLICATION_ID",
    "GAZETTE_PUBLICATION_ID",
    "INTEGRATION_TOKEN",
    "LICENSES",
    "NO_PUBLISH_SCOPE_TOKEN",
    "OTHER_USER_ID",
    "REVOKED_TOKEN",
    "SANDBOX_CLIENT_ID",
    "SANDBOX_CLIENT_SECRET",
    "SANDBOX_REFRESH_TOKEN",
    "WEEKLY_PUBLICATION_ID",
    "Answer",
    "ApiError",
    "FaultStep",
    "Sandbox",
    "error",
    "fault_steps",
    "injected_answer",
]


DEFAULT_SITE_URL = "http://127.0.0.1:8765"
"""The site URL of a Sandbox no server has announced itself for (``medium-publish sandbox``'s)."""


def slugify(text: str) -> str:
    """Medium-like URL slug: lower-case words joined by hyphens."""
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))[:80].strip("-")


class Sandbox:
    """In-memory Medium: the default world, created posts and images, a request log, faults.

    Thread-safe: every read and change holds one lock. Read-back properties return copies.
    """

    def __init__(
        self, *, clock: Callable[[], float] = time.time, site_url: str = DEFAULT_SITE_URL
    ) -> None:
        self.site_url = site_url.rstrip("/")
        """Where the sandbox is reached: posts' and images' URLs start with it (``serve_at``)."""
        self._lock = threading.Lock()
        self._faults_taken = threading.Condition(self._lock)
        self._taken = 0
        self._clock = clock
        self._posts: list[dict[str, Any]] = []
        self._images: list[dict[str, Any]] = []
        self._image_bytes: dict[str, tuple[str, bytes]] = {}  # path -> (content type, bytes)
        self._requests: list[dict[str, Any]] = []
        self._faults: dict[str, tuple[str, re.Pattern[str], deque[FaultStep]]] = {}
        self._issued: dict[str, Grant] = {}
        self.devto = DevtoSandbox(lambda: self.site_url, clock)
        """dev.to's API beside Medium's (``sandbox/devto.py``)."""
        self.on_post: Callable[[dict[str, Any]], None] | None = None
        """Called with each created post as it is stored (the demo prints it as progress)."""

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

    def snapshot(self) -> dict[str, Any]:
        """The posts and images, to serve them again later (``sandbox.saved``)."""
        with self._lock:
            return copy.deepcopy(
                {"posts": self._posts, "images": self._images, "bytes": self._image_bytes}
            )

    def restore(self, snapshot: Mapping[str, Any]) -> None:
        """Adds the posts and images of a ``snapshot`` (their URLs already on this site)."""
        with self._lock:
            self._posts.extend(copy.deepcopy(snapshot["posts"]))
            self._images.extend(copy.deepcopy(snapshot["images"]))
            self._image_bytes.update(snapshot["bytes"])

    def serve_at(self, site_url: str) -> None:
        """Called by the server once it listens: later URLs start with ``site_url``."""
        with self._lock:
            self.site_url = site_url.rstrip("/")

    def log_request(self, method: str, path: str, status: int | None) -> None:
        with self._lock:
            self._requests.append({"method": method, "path": path, "status": status})

    def reset(self) -> None:
        """Forget posts, images, the request log, pending faults and refreshed tokens."""
        with self._lock:
            self._posts.clear()
            self._images.clear()
            self._image_bytes.clear()
            self._requests.clear()
            self._faults.clear()
            self._issued.clear()
        self.devto.reset()

    def inject(
        self,
        route: str,
        statuses: list[int] | None = None,
        *,
        retry_after: float | None = None,
        delay: float = 0.0,
        html: bool | str = False,
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

    # -- the pages a browser reads ------------------------------------------------------------
    def page(self, path: str) -> Answer:
        """``GET`` outside ``/v1``: the index, a post's reading page, an uploaded image, or 404."""
        with self._lock:
            site = self.site_url
            posts = copy.deepcopy(self._posts)
            image = self._image_bytes.get(path)
        if image is not None:
            headers = {"Cache-Control": "public, max-age=31536000, immutable"}
            return Answer(200, headers=headers, raw=image[1], content_type=image[0])
        if path in ("", "/"):
            return _html_answer(200, index_page(posts, ROUTES, site))
        post = next((post for post in posts if urlsplit(post["url"]).path == path), None)
        if post is not None:
            return _html_answer(200, reading_page(post, site))
        return _html_answer(
            404,
            index_page(posts, ROUTES, site).replace(
                "<h1>Medium sandbox</h1>", f"<h1>No page at {escape(path)}</h1>", 1
            ),
        )

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
        with self._lock:
            grant = GRANTS.get(token) or self._issued.get(token)
        if scheme.lower() != "bearer" or grant is None:
            raise ApiError(401, "Token was invalid.", E_TOKEN_INVALID)
        if scope not in grant.scopes:
            raise ApiError(401, f"Token does not have the required scope: {scope}.", E_SCOPE)
        return grant.user_id

    def _me(self, headers: Mapping[str, str], body: bytes) -> Answer:
        self._auth(headers, "basicProfile")
        with self._lock:
            site = self.site_url
        return Answer(200, {"data": {**DEFAULT_USER, "url": site + DEFAULT_USER["url"]}})

    def _check_user(self, user_id: str, acting: str) -> None:
        if user_id not in (DEFAULT_USER_ID, OTHER_USER_ID):
            raise ApiError(404, "User not found.", E_USER_NOT_FOUND)
        if user_id != acting:
            raise ApiError(403, "You may only act for the user of this token.", E_OTHER_AUTHOR)

    def _publications(self, headers: Mapping[str, str], body: bytes, user_id: str) -> Answer:
        self._check_user(user_id, self._auth(headers, "basicProfile"))
        with self._lock:
            site = self.site_url
        return Answer(200, {"data": [{**pub, "url": site + pub["url"]} for pub in PUBLICATIONS]})

    def _contributors(self, headers: Mapping[str, str], body: bytes, pub_id: str) -> Answer:
        self._auth(headers, "basicProfile")
        if pub_id not in ROLES:
            raise ApiError(404, "Publication not found.", E_PUBLICATION_NOT_FOUND)
        data = [
            {"publicationId": pub_id, "userId": user, "role": role}
            for user, role in ROLES[pub_id].items()
        ]
        return Answer(200, {"data": data})

    def _user_post(self, headers: Mapping[str, str], body: bytes, author_id: str) -> Answer:
        acting = self._auth(headers, "publishPost")
        self._check_user(author_id, acting)
        fields = validate_post(headers, body)
        return self._create_post(fields, acting, None)

    def _publication_post(self, headers: Mapping[str, str], body: bytes, pub_id: str) -> Answer:
        acting = self._auth(headers, "publishPost")
        if pub_id not in ROLES:
            raise ApiError(404, "Publication not found.", E_PUBLICATION_NOT_FOUND)
        role = ROLES[pub_id].get(acting)
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
        home_path = next((p["url"] for p in PUBLICATIONS if p["id"] == pub_id), DEFAULT_USER["url"])
        with self._lock:
            home = self.site_url + home_path
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
        if self.on_post is not None:
            self.on_post(copy.deepcopy(record))
        return Answer(201, {"data": data})

    def _image(self, headers: Mapping[str, str], body: bytes) -> Answer:
        self._auth(headers, "uploadImage")
        upload = validate_image(headers, body)
        md5 = hashlib.md5(upload.data, usedforsecurity=False).hexdigest()
        path = f"/images/{md5}.{IMAGE_TYPES[upload.content_type]}"
        record = {
            "url": "",
            "md5": md5,
            "content_type": upload.content_type,
            "size": len(upload.data),
            "filename": upload.filename,
        }
        with self._lock:
            url = record["url"] = self.site_url + path
            self._images.append(record)
            self._image_bytes[path] = (upload.content_type, upload.data)
        return Answer(201, {"data": {"url": url, "md5": md5}})

    def _tokens(self, headers: Mapping[str, str], body: bytes) -> Answer:
        check_refresh_request(headers, body)
        access = "2" + secrets.token_hex(16)
        with self._lock:
            self._issued[access] = Grant(DEFAULT_USER_ID, FULL_SCOPES)
        payload = {
            "token_type": "Bearer",
            "access_token": access,
            "refresh_token": SANDBOX_REFRESH_TOKEN,
            "scope": list(FULL_SCOPES),
            "expires_at": int((self._clock() + 60 * 86400) * 1000),
        }
        return Answer(201, payload)


def _html_answer(status: int, html: str) -> Answer:
    return Answer(status, html=html, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})
