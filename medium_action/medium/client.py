"""Medium's REST API over one shared httpx client: users, publications, posts, images, tokens.

Every request goes through the shared loop (``medium_action/http/loop.py``: retries, rate limits,
the outcome rule); ``MediumApi`` tells it Medium's envelope and errors. Whether a request may be
repeated decides everything:
reading, refreshing a token and uploading an image are safe to repeat; creating a post is not,
because Medium's API cannot delete or list posts, so a post request is repeated only when it
surely created nothing (the connection was never made, or Medium itself answered 429).

Once a post request has been sent, only an answer in Medium's own JSON error envelope
(``{"errors": [{"message": ..., "code": ...}]}``) says that no post was made. Everything else is
``UncertainOutcomeError``: no answer, a timeout, a connection dropped after sending, a 2xx without
the post's JSON, and any status whose body is not Medium's envelope (a proxy's or CDN's 502/504
page, an empty body): the request may have reached Medium and created the post behind it.
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
    ForbiddenError,
    MediumError,
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
from medium_action.medium.challenge import CHALLENGE_ADVICE, is_challenge

__all__ = ["MediumClient", "Post", "Publication", "RetryPolicy", "UploadedImage", "User"]

USER_AGENT = "medium-publish (+https://github.com/medium-publish/medium-publish)"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)

AUTH_MESSAGES = {
    6000: "Medium received no token: set the `token` input (or MEDIUM_TOKEN)",
    6001: "Medium says the token is invalid: check that the secret holds your integration "
    "token exactly (Settings → Security and apps → Integration tokens)",
    6002: "the token lacks a permission (scope) this needs, such as publishPost or uploadImage",
    6003: "Medium says the token was revoked: create a new integration token and update the secret",
    6004: "Medium does not know the user of this token",
    6005: "Medium does not know the application of this token (client-id)",
    6027: "Medium has disabled its API for this application",
}


@dataclass(frozen=True)
class User:
    id: str
    username: str
    name: str
    url: str


@dataclass(frozen=True)
class Publication:
    id: str
    name: str
    url: str

    @property
    def slug(self) -> str:
        return self.url.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Post:
    id: str
    url: str
    title: str
    publish_status: str
    publication_id: str | None


@dataclass(frozen=True)
class UploadedImage:
    url: str
    md5: str


class MediumClient:
    """Medium's API for one run. Build it with ``create``; tests may hand in any httpx.Client."""

    def __init__(
        self,
        http: httpx.Client,
        *,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._http = http
        self._api = MediumApi(http.base_url)
        self._retry = retry or RetryPolicy()
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
    ) -> MediumClient:
        http = httpx.Client(
            base_url=api_url.rstrip("/") + "/",
            timeout=timeout,
            transport=transport,
            headers={
                "Accept": "application/json",
                "Accept-Charset": "utf-8",
                "User-Agent": USER_AGENT,
            },
        )
        return cls(http, retry=retry, sleep=sleep)

    def authenticate(self, token: SecretStr) -> None:
        self._http.headers["Authorization"] = f"Bearer {token.get_secret_value()}"

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> MediumClient:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    # --- resources -------------------------------------------------------------------------

    def refresh_access_token(
        self, *, refresh_token: SecretStr, client_id: str, client_secret: SecretStr
    ) -> SecretStr:
        """The OAuth refresh flow: a new access token for this run (form-encoded, not JSON)."""
        data = self._send(
            "POST",
            "tokens",
            "safe",
            enveloped=False,  # Medium's token answer is the bare object, no `data` envelope
            data={
                "refresh_token": refresh_token.get_secret_value(),
                "client_id": client_id,
                "client_secret": client_secret.get_secret_value(),
                "grant_type": "refresh_token",
            },
        )
        token = data.get("access_token") if isinstance(data, Mapping) else None
        if not isinstance(token, str) or not token:
            raise UnexpectedResponseError("Medium's token answer carried no access_token")
        return SecretStr(token)

    def me(self) -> User:
        data = _mapping(self._send("GET", "me", "safe"), "/me")
        return User(
            id=str(data.get("id", "")),
            username=str(data.get("username", "")),
            name=str(data.get("name", "")),
            url=str(data.get("url", "")),
        )

    def publications(self, user_id: str) -> list[Publication]:
        items = self._send("GET", f"users/{user_id}/publications", "safe")
        return [
            Publication(
                id=str(item.get("id")), name=str(item.get("name")), url=str(item.get("url"))
            )
            for item in _list(items, "publications")
        ]

    def role_in(self, publication_id: str, user_id: str) -> str | None:
        """'editor', 'writer', or None when the user is no contributor of the publication."""
        items = self._send("GET", f"publications/{publication_id}/contributors", "safe")
        for item in _list(items, "contributors"):
            if str(item.get("userId")) == user_id:
                return str(item.get("role"))
        return None

    def create_post(
        self,
        payload: Mapping[str, Any],
        *,
        user_id: str,
        publication_id: str | None = None,
    ) -> Post:
        path = (
            f"publications/{publication_id}/posts" if publication_id else f"users/{user_id}/posts"
        )
        data = self._send("POST", path, "only-if-not-sent", json=dict(payload))
        if not _is_post(data):
            raise UncertainOutcomeError(
                "Medium accepted the post request but its answer does not describe a post (no "
                "id and url); the post may or may not have been created"
            )
        return Post(
            id=str(data.get("id", "")),
            url=str(data.get("url", "")),
            title=str(data.get("title", payload.get("title", ""))),
            publish_status=str(data.get("publishStatus", payload.get("publishStatus", ""))),
            publication_id=str(data["publicationId"]) if data.get("publicationId") else None,
        )

    def upload_image(self, content: bytes, *, content_type: str, filename: str) -> UploadedImage:
        data = _mapping(
            self._send(
                "POST", "images", "safe", files={"image": (filename, content, content_type)}
            ),
            "image",
        )
        return UploadedImage(url=str(data.get("url", "")), md5=str(data.get("md5", "")))

    # --- requests: the shared loop, with Medium's envelope ------------------------------------

    def _send(
        self, method: str, path: str, repeat: Repeat, *, enveloped: bool = True, **kwargs: Any
    ) -> Any:
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
        if repeat != "safe":
            return _created_data(response)
        return _data(response) if enveloped else json_or_none(response)


class MediumApi(Api):
    """Medium for the shared request loop: its envelope is ``{"errors": [{message, code}]}``."""

    def __init__(self, base_url: object) -> None:
        self._base_url = base_url

    def own_error(self, response: httpx.Response) -> bool:
        return _envelope(json_or_none(response)) is not None

    def error(self, response: httpx.Response) -> TargetError:
        return _error_from(response)

    def unreachable(self, error: httpx.RequestError) -> TargetError:
        return MediumError(f"could not reach Medium at {self._base_url}: {reason(error)}")

    def lost(self, error: httpx.RequestError, *, sent_once: bool) -> TargetError:
        if sent_once:
            return UncertainOutcomeError(
                f"the request was sent but Medium's answer was lost ({reason(error)}); "
                "the post may or may not have been created"
            )
        return MediumError(f"Medium's answer was lost: {reason(error)}")

    def uncertain(self, response: httpx.Response) -> TargetError:
        if _is_challenge(response):  # stopped at the edge; still uncertain by the rule
            return UncertainOutcomeError(
                f"{CHALLENGE_ADVICE}; by the rule for answers that are not Medium's own, the "
                "post may or may not have been created",
                status=response.status_code,
            )
        return UncertainOutcomeError(
            f"the post request got HTTP {response.status_code} with "
            f"{describe_body(response)}, not Medium's own error answer: a proxy or CDN in "
            "front of Medium may have answered after Medium received the request, so the post "
            "may or may not have been created",
            status=response.status_code,
        )


def _created_data(response: httpx.Response) -> Any:
    """The data of a successful answer to a post request; without Medium's envelope the post
    may or may not exist."""
    try:
        return _data(response)
    except UnexpectedResponseError:
        raise UncertainOutcomeError(
            f"Medium answered HTTP {response.status_code} with {describe_body(response)} "
            "instead of its API's JSON; the post may or may not have been created",
            status=response.status_code,
        ) from None


def _is_post(data: Any) -> bool:
    return (
        isinstance(data, Mapping)
        and isinstance(data.get("id"), str)
        and bool(data["id"])
        and isinstance(data.get("url"), str)
        and bool(data["url"])
    )


def _envelope(body: Any) -> tuple[str, int] | None:
    """Medium's error envelope ``{"errors": [{"message": str, "code": int}]}``: its first
    message and code, or None when the body is anything else."""
    errors = body.get("errors") if isinstance(body, Mapping) else None
    if not isinstance(errors, list) or not errors or not isinstance(errors[0], Mapping):
        return None
    message, code = errors[0].get("message"), errors[0].get("code")
    if not isinstance(message, str) or not isinstance(code, int) or isinstance(code, bool):
        return None
    return message, code


def _data(response: httpx.Response) -> Any:
    body = json_or_none(response)
    if not isinstance(body, Mapping) or "data" not in body:
        raise UnexpectedResponseError(
            f"Medium answered HTTP {response.status_code} without its `data` envelope",
            status=response.status_code,
        )
    return body["data"]


def _error_from(response: httpx.Response) -> TargetError:
    status = response.status_code
    body = json_or_none(response)
    errors = body.get("errors") if isinstance(body, Mapping) else None
    if not isinstance(errors, list) or not errors or not isinstance(errors[0], Mapping):
        if status == 429:
            return RateLimitedError(
                "Medium is rate-limiting this account (HTTP 429)",
                retry_after=retry_after(response),
            )
        if _is_challenge(response):
            return UnexpectedResponseError(f"{CHALLENGE_ADVICE} (HTTP {status})", status=status)
        return UnexpectedResponseError(
            f"Medium answered HTTP {status} with {describe_body(response)} instead of its "
            "API's JSON; a proxy or CDN in front of the API may be refusing the request",
            status=status,
        )
    message = str(errors[0].get("message") or "no message")
    raw_code = errors[0].get("code")
    code = raw_code if isinstance(raw_code, int) else None
    said = f"Medium said: {message}" + (f" (code {code})" if code is not None else "")

    if status == 401 or code in AUTH_MESSAGES:
        explanation = AUTH_MESSAGES.get(code or 0, "Medium refused the token")
        return AuthError(f"{explanation}. {said}", status=status, code=code)
    if status == 403:
        return ForbiddenError(
            f"this account may not publish there. {said}. In a publication you must be an "
            "editor, or a writer sending drafts",
            status=status,
            code=code,
        )
    if status == 404:
        return NotFoundError(f"not found. {said}", status=status, code=code)
    if status == 429:
        return RateLimitedError(
            f"Medium is rate-limiting this account. {said}",
            code=code,
            retry_after=retry_after(response),
        )
    if status >= 500:
        return ServerError(f"Medium failed (HTTP {status}). {said}", status=status, code=code)
    if status == 400:
        return BadRequestError(f"Medium rejected the post. {said}", status=status, code=code)
    return MediumError(f"HTTP {status}. {said}", status=status, code=code)


def _is_challenge(response: httpx.Response) -> bool:
    return is_challenge(response.status_code, response.headers, response.text)


def _mapping(data: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise UnexpectedResponseError(f"Medium's answer for {what} is not an object")
    return data


def _list(data: Any, what: str) -> list[Mapping[str, Any]]:
    if not isinstance(data, list):
        raise UnexpectedResponseError(f"Medium's answer for {what} is not a list")
    return [item for item in data if isinstance(item, Mapping)]
