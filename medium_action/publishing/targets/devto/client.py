"""dev.to's API (Forem v1) over one httpx client: who the key is, articles created, updated, listed.

Every request goes through the shared loop (``medium_action/http/loop.py``); ``DevtoApi`` tells
it dev.to's envelope, ``{"error": "...", "status": 422}``. A create is repeated only when it
surely made nothing (never connected, or dev.to's own 429); once sent, only that envelope says
no article was made, anything else is uncertain. An update (PUT) may be repeated: sending the
same article twice changes nothing. A 429 is waited out when its ``Retry-After`` is within the
policy's bound, else handed back at once (the file is left for a rerun).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from pydantic import SecretStr

from medium_action.errors import (
    AuthError,
    BadRequestError,
    DevtoError,
    ForbiddenError,
    NotFoundError,
    RateLimitedError,
    ServerError,
    TargetError,
    UncertainOutcomeError,
    UnexpectedResponseError,
)
from medium_action.http.bodies import describe_body, json_or_none, reason
from medium_action.http.loop import Api, Repeat, send
from medium_action.http.retry import RetryPolicy, retry_after

__all__ = ["Article", "DevtoApi", "DevtoClient", "DevtoUser"]

USER_AGENT = "medium-publish (+https://github.com/medium-publish/medium-publish)"
ACCEPT = "application/vnd.forem.api-v1+json"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)
PER_PAGE = 100
MAX_PAGES = 50
"""How far the account's articles are listed when resolving an uncertain create (5000)."""


@dataclass(frozen=True)
class DevtoUser:
    id: str
    username: str
    name: str


@dataclass(frozen=True)
class Article:
    """An article as dev.to describes it."""

    id: str
    url: str
    title: str
    published: bool
    canonical_url: str = ""


class DevtoApi(Api):
    """dev.to for the shared request loop."""

    def __init__(self, base_url: object, retry: RetryPolicy) -> None:
        self._base_url = base_url
        self._retry = retry

    def own_error(self, response: httpx.Response) -> bool:
        return _envelope(json_or_none(response)) is not None

    def error(self, response: httpx.Response) -> TargetError:
        return _error_from(response)

    def unreachable(self, error: httpx.RequestError) -> TargetError:
        return DevtoError(f"could not reach dev.to at {self._base_url}: {reason(error)}")

    def lost(self, error: httpx.RequestError, *, sent_once: bool) -> TargetError:
        if sent_once:
            return UncertainOutcomeError(
                f"the request was sent but dev.to's answer was lost ({reason(error)}); "
                "the article may or may not have been created"
            )
        return DevtoError(f"dev.to's answer was lost: {reason(error)}")

    def uncertain(self, response: httpx.Response) -> TargetError:
        return UncertainOutcomeError(
            f"the article request got HTTP {response.status_code} with "
            f"{describe_body(response)}, not dev.to's own error answer: something in front of "
            "dev.to may have answered after dev.to received the request, so the article may or "
            "may not have been created",
            status=response.status_code,
        )

    def retry_status(self, response: httpx.Response, repeat: Repeat) -> bool:
        if response.status_code == 429:
            wait = retry_after(response)
            return wait is None or wait <= self._retry.max_retry_after
        return super().retry_status(response, repeat)


class DevtoClient:
    """dev.to's API for one run. Build it with ``create``; tests may hand in any httpx.Client."""

    def __init__(
        self,
        http: httpx.Client,
        *,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = http
        http.headers["Accept"] = ACCEPT  # Forem's v1: without it dev.to answers as its old API
        self._retry = retry or RetryPolicy()
        self._api = DevtoApi(http.base_url, self._retry)
        self._sleep = sleep

    @classmethod
    def create(
        cls,
        api_url: str,
        *,
        timeout: httpx.Timeout = DEFAULT_TIMEOUT,
        retry: RetryPolicy | None = None,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> DevtoClient:
        http = httpx.Client(
            base_url=api_url.rstrip("/") + "/",
            timeout=timeout,
            transport=transport,
            headers={"User-Agent": USER_AGENT},
        )
        return cls(http, retry=retry, sleep=sleep)

    def authenticate(self, key: SecretStr) -> None:
        self._http.headers["api-key"] = key.get_secret_value()

    def close(self) -> None:
        self._http.close()

    # --- resources -------------------------------------------------------------------------

    def me(self) -> DevtoUser:
        data = _mapping(self._send("GET", "users/me", "safe"), "/users/me")
        return DevtoUser(
            id=str(data.get("id", "")),
            username=str(data.get("username", "")),
            name=str(data.get("name", "")),
        )

    def create_article(self, article: Mapping[str, Any]) -> Article:
        data = self._send("POST", "articles", "only-if-not-sent", json={"article": dict(article)})
        found = _article(data)
        if found is None:
            raise UncertainOutcomeError(
                "dev.to accepted the article request but its answer does not describe an "
                "article (no id and url); the article may or may not have been created"
            )
        return found

    def update_article(self, article_id: str, article: Mapping[str, Any]) -> Article:
        data = self._send("PUT", f"articles/{article_id}", "safe", json={"article": dict(article)})
        found = _article(data)
        if found is None:
            raise UnexpectedResponseError(
                f"dev.to's answer to the update of article {article_id} describes no article"
            )
        return found

    def my_articles(self) -> list[Article]:
        """Every article of the account, drafts included, newest first as dev.to lists them."""
        found: list[Article] = []
        for page in range(1, MAX_PAGES + 1):
            data = self._send(
                "GET", "articles/me/all", "safe", params={"page": page, "per_page": PER_PAGE}
            )
            if not isinstance(data, list):
                raise UnexpectedResponseError("dev.to's list of the account's articles is no list")
            found.extend(article for item in data if (article := _article(item)) is not None)
            if len(data) < PER_PAGE:
                break
        return found

    # --- requests -------------------------------------------------------------------------

    def _send(self, method: str, path: str, repeat: Repeat, **kwargs: Any) -> Any:
        response = send(
            self._http,
            self._api,
            method,
            path,
            repeat=repeat,
            retry=self._retry,
            sleep=self._sleep,
            **kwargs,
        )
        body = json_or_none(response)
        if body is None:
            if repeat != "safe":
                raise UncertainOutcomeError(
                    f"dev.to answered HTTP {response.status_code} with "
                    f"{describe_body(response)} instead of its API's JSON; the article may or "
                    "may not have been created",
                    status=response.status_code,
                )
            raise UnexpectedResponseError(
                f"dev.to answered HTTP {response.status_code} with {describe_body(response)} "
                "instead of its API's JSON",
                status=response.status_code,
            )
        return body


def _article(data: Any) -> Article | None:
    if not isinstance(data, Mapping):
        return None
    ident, url = data.get("id"), data.get("url")
    if isinstance(ident, bool) or not isinstance(ident, (int, str)) or not ident:
        return None
    if not isinstance(url, str) or not url:
        return None
    canonical = data.get("canonical_url")
    return Article(
        id=str(ident),
        url=url,
        title=str(data.get("title") or ""),
        published=data.get("published") is True,
        canonical_url=canonical if isinstance(canonical, str) else "",
    )


def _envelope(body: Any) -> tuple[str, int] | None:
    """dev.to's error envelope ``{"error": str, "status": int}``, or None for anything else."""
    if not isinstance(body, Mapping):
        return None
    message, status = body.get("error"), body.get("status")
    if not isinstance(message, str) or isinstance(status, bool):
        return None
    if isinstance(status, str) and status.isdigit():
        status = int(status)
    if not isinstance(status, int):
        return None
    return message, status


def _error_from(response: httpx.Response) -> TargetError:
    status = response.status_code
    envelope = _envelope(json_or_none(response))
    if envelope is None:
        if status == 429:
            return RateLimitedError(
                "dev.to is rate-limiting this account (HTTP 429)",
                retry_after=retry_after(response),
            )
        return UnexpectedResponseError(
            f"dev.to answered HTTP {status} with {describe_body(response)} instead of its "
            "API's JSON; a proxy or CDN in front of the API may be refusing the request",
            status=status,
        )
    said = f"dev.to said: {envelope[0]}"
    if status == 401:
        return AuthError(
            f"dev.to refused the API key: check that the devto-api-key secret holds a key from "
            f"https://dev.to/settings/extensions exactly. {said}",
            status=status,
        )
    if status == 403:
        return ForbiddenError(f"this dev.to account may not do that. {said}", status=status)
    if status == 404:
        return NotFoundError(f"dev.to does not know that article. {said}", status=status)
    if status == 429:
        wait = retry_after(response)
        asked = f"; it asked to wait {wait:.0f} s" if wait is not None else ""
        return RateLimitedError(
            f"dev.to is rate-limiting this account{asked}. {said}", retry_after=wait
        )
    if status >= 500:
        return ServerError(f"dev.to failed (HTTP {status}). {said}", status=status)
    if status in (400, 422):
        return BadRequestError(f"dev.to rejected the article. {said}", status=status)
    return DevtoError(f"HTTP {status}. {said}", status=status)


def _mapping(data: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise UnexpectedResponseError(f"dev.to's answer for {what} is not an object")
    return data
