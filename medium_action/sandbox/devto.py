"""dev.to's API (Forem v1) in the sandbox, under ``/devto/api``, and a page per article.

    GET  /devto/api/users/me                         who the key belongs to
    POST /devto/api/articles                         {"article": {...}} → 201 the article
    PUT  /devto/api/articles/{id}                    {"article": {...}} → 200 the article
    GET  /devto/api/articles/me/all?page=N&per_page=M the account's articles, newest first

Every request needs ``api-key: DEVTO_KEY`` (else 401) and Forem's v1 ``Accept`` header (else
406); errors are dev.to's envelope ``{"error": "...", "status": N}``. An article is checked as
dev.to checks it: a title, at most four tags, each lowercase letters and digits (422 otherwise).
Each article's ``url`` (``{site}/devto/sandbox-writer/{slug}-{id}``) serves a reading page.
Faults are injected as for Medium (``Sandbox.inject("POST /devto/api/articles", [429])``), and
answer in dev.to's envelope (``injected_answer``).
"""

from __future__ import annotations

import copy
import json
import mimetypes
import re
import threading
import time
from collections.abc import Callable, Mapping
from html import escape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import mistune

from medium_action.sandbox.answer import Answer
from medium_action.sandbox.faults import FaultStep

DEVTO_KEY = "sandbox-devto-key"
DEVTO_USER = "sandbox-writer"
ACCEPT = "application/vnd.forem.api-v1+json"
PREFIX = "/devto/api"
FILES = "/devto/files/"
_TAG = re.compile(r"^[a-z0-9]+$")
_RENDER = mistune.create_markdown(escape=True, plugins=["table", "strikethrough"])


def devto_error(status: int, message: str) -> Answer:
    return Answer(status, {"error": message, "status": status})


class _Refused(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.answer = devto_error(status, message)


def injected_answer(step: FaultStep) -> Answer:
    """An injected fault on a dev.to route: dev.to's envelope, or a proxy's HTML page."""
    status = step.status if step.status is not None else 403
    if step.html:
        answer = Answer(
            status,
            html=f"<!DOCTYPE html><html><head><title>{status} | dev.to</title></head>"
            f"<body><h1>Error {status}</h1><p>The edge proxy answered.</p></body></html>",
        )
    elif status == 422:
        answer = devto_error(422, 'Tag "c++" contains non-alphanumeric characters')
    elif status == 429:
        answer = devto_error(429, "Rate limit reached, try again in 30 seconds")
    else:
        answer = devto_error(status, f"injected error {status}")
    if step.retry_after is not None:
        value = step.retry_after
        answer.headers["Retry-After"] = str(int(value)) if value == int(value) else str(value)
    return answer


class DevtoSandbox:
    """In-memory dev.to: one account, its articles. Thread-safe, like ``Sandbox``."""

    def __init__(self, site_url: Callable[[], str], clock: Callable[[], float] = time.time):
        self._site_url = site_url
        self._clock = clock
        self._lock = threading.Lock()
        self._articles: list[dict[str, Any]] = []
        self._next_id = 1001
        self.files_root: Path | None = None
        """A folder served at ``/devto/files/`` (the demo's workspace), for images dev.to
        fetches by URL: ``image-base-url`` = ``{site}/devto/files/``. None: nothing served."""

    @property
    def articles(self) -> list[dict[str, Any]]:
        """Created articles, oldest first: what was sent, plus id, url, published_at."""
        with self._lock:
            return copy.deepcopy(self._articles)

    def reset(self) -> None:
        with self._lock:
            self._articles.clear()

    @staticmethod
    def serves(path: str) -> bool:
        return path == PREFIX or path.startswith(PREFIX + "/")

    def handle(self, method: str, target: str, headers: Mapping[str, str], body: bytes) -> Answer:
        """One API request; ``target`` is the request's path with its query string."""
        parts = urlsplit(target)
        path = parts.path.rstrip("/")
        lower = {name.lower(): value for name, value in headers.items()}
        try:
            if lower.get("api-key", "").strip() != DEVTO_KEY:
                raise _Refused(401, "unauthorized")
            if ACCEPT not in lower.get("accept", ""):
                raise _Refused(406, f"send Accept: {ACCEPT}")
            if method == "GET" and path == PREFIX + "/users/me":
                return Answer(200, {"id": 7, "username": DEVTO_USER, "name": "Sandbox Writer"})
            if method == "GET" and path == PREFIX + "/articles/me/all":
                return Answer(200, self._listed(parse_qs(parts.query)))
            if method == "POST" and path == PREFIX + "/articles":
                return Answer(201, self._create(_article(body)))
            match = re.fullmatch(re.escape(PREFIX) + r"/articles/(\d+)", path)
            if method == "PUT" and match:
                return Answer(200, self._update(int(match.group(1)), _article(body)))
        except _Refused as refused:
            return refused.answer
        return devto_error(404, "not found")

    def _listed(self, query: Mapping[str, list[str]]) -> list[dict[str, Any]]:
        page = max(1, _int(query.get("page"), 1))
        per_page = min(1000, max(1, _int(query.get("per_page"), 30)))
        with self._lock:
            newest = list(reversed(self._articles))
        return [_shown(a) for a in newest[(page - 1) * per_page : page * per_page]]

    def _create(self, sent: dict[str, Any]) -> dict[str, Any]:
        _check(sent, creating=True)
        with self._lock:
            ident = self._next_id
            self._next_id += 1
            slug = "-".join(re.findall(r"[a-z0-9]+", str(sent["title"]).lower()))[:60] or "post"
            article = {
                **sent,
                "id": ident,
                "url": f"{self._site_url()}/devto/{DEVTO_USER}/{slug}-{ident}",
                "published": sent.get("published") is True,
                "published_at": self._clock() if sent.get("published") is True else None,
                "tags": list(sent.get("tags") or []),
                "updates": 0,
            }
            self._articles.append(article)
            return _shown(article)

    def _update(self, ident: int, sent: dict[str, Any]) -> dict[str, Any]:
        _check(sent, creating=False)
        with self._lock:
            article = next((a for a in self._articles if a["id"] == ident), None)
            if article is None:
                raise _Refused(404, "not found")
            article.update(sent)
            article["updates"] += 1
            if article.get("published") and article.get("published_at") is None:
                article["published_at"] = self._clock()
            return _shown(article)

    def page(self, path: str) -> Answer | None:
        """An article's reading page at its URL's path, the list at ``/devto``; else None."""
        if path.startswith(FILES):
            return self._file(unquote(path.removeprefix(FILES)))
        with self._lock:
            articles = copy.deepcopy(self._articles)
        if path.rstrip("/") == "/devto":
            items = "".join(
                f'<li><a href="{escape(a["url"])}">{escape(str(a["title"]))}</a></li>'
                for a in reversed(articles)
            )
            return Answer(200, html=_document("dev.to sandbox", f"<ul>{items}</ul>"))
        found = next((a for a in articles if urlsplit(a["url"]).path == path), None)
        if found is None:
            return None
        tags = " ".join(f"#{escape(tag)}" for tag in found.get("tags") or [])
        state = "published" if found.get("published") else "draft"
        canonical = found.get("canonical_url")
        origin = (
            f'<p>Originally published at <a href="{escape(canonical)}">{escape(canonical)}</a></p>'
            if isinstance(canonical, str) and canonical
            else ""
        )
        main = (
            f"<h1>{escape(str(found['title']))}</h1><p>{state} · {tags}</p>{origin}"
            f"<article>{_RENDER(str(found.get('body_markdown') or ''))}</article>"
        )
        return Answer(200, html=_document(str(found["title"]), main))

    def _file(self, relative: str) -> Answer | None:
        root = self.files_root
        if root is None:
            return None
        base = root.resolve()
        path = (base / relative).resolve()
        if not path.is_relative_to(base) or not path.is_file():
            return None
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Answer(200, raw=path.read_bytes(), content_type=kind)


def _article(body: bytes) -> dict[str, Any]:
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise _Refused(400, "the body is not JSON") from None
    article = data.get("article") if isinstance(data, dict) else None
    if not isinstance(article, dict):
        raise _Refused(422, "param is missing or the value is empty: article")
    return article


def _check(sent: Mapping[str, Any], *, creating: bool) -> None:
    title = sent.get("title")
    if creating and (not isinstance(title, str) or not title.strip()):
        raise _Refused(422, "Title can't be blank")
    tags = sent.get("tags") or []
    if not isinstance(tags, list):
        raise _Refused(422, "tags must be a list")
    if len(tags) > 4:
        raise _Refused(422, "Tag list exceed the maximum of 4 tags")
    for tag in tags:
        if not isinstance(tag, str) or not _TAG.match(tag):
            raise _Refused(422, f'Tag "{tag}" contains non-alphanumeric characters')


def _shown(article: Mapping[str, Any]) -> dict[str, Any]:
    """An article as dev.to's API answers it."""
    return {
        "type_of": "article",
        "id": article["id"],
        "title": article.get("title"),
        "description": article.get("description") or "",
        "url": article["url"],
        "published": article.get("published") is True,
        "canonical_url": article.get("canonical_url") or article["url"],
        "tag_list": list(article.get("tags") or []),
        "body_markdown": article.get("body_markdown") or "",
    }


def _int(values: list[str] | None, default: int) -> int:
    try:
        return int(values[0]) if values else default
    except ValueError:
        return default


def _document(title: str, main: str) -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        "<style>body{max-width:44rem;margin:2rem auto;font-family:system-ui,sans-serif}"
        "img{max-width:100%}pre{background:#f6f6f6;padding:1rem;overflow:auto}</style>"
        f"</head><body>{main}</body></html>"
    )
