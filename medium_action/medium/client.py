"""Medium's REST API over one shared httpx client: users, publications, posts, images, tokens.

``_send`` is the one place that talks HTTP: it owns retries, rate limits and error decoding, and
raises the typed errors of ``errors.py``. Whether a request may be repeated decides everything:
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

import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any, Literal

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
    UncertainOutcomeError,
    UnexpectedResponseError,
)
from medium_action.medium.challenge import CHALLENGE_ADVICE, is_challenge

USER_AGENT = "medium-publish (+https://github.com/medium-publish/medium-publish)"
DEFAULT_TIMEOUT = httpx.Timeout(60.0, connect=10.0)

Repeat = Literal["safe", "only-if-not-sent"]

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
class RetryPolicy:
    """Capped exponential backoff with full jitter; ``Retry-After`` honoured up to a bound."""

    attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 20.0
    max_retry_after: float = 60.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        return random.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))  # noqa: S311


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

    # --- the one request function ----------------------------------------------------------

    def _send(
        self, method: str, path: str, repeat: Repeat, *, enveloped: bool = True, **kwargs: Any
    ) -> Any:
        attempt = 0
        while True:
            try:
                response = self._http.request(method, path, **kwargs)
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
                # No connection was made, so nothing reached Medium: always safe to repeat.
                failure: MediumError = MediumError(
                    f"could not reach Medium at {self._http.base_url}: {_reason(error)}"
                )
                retry_after = None
            except httpx.TransportError as error:
                if repeat != "safe":
                    raise UncertainOutcomeError(
                        f"the request was sent but Medium's answer was lost ({_reason(error)}); "
                        "the post may or may not have been created"
                    ) from None
                failure = MediumError(f"Medium's answer was lost: {_reason(error)}")
                retry_after = None
            else:
                if repeat != "safe" and not _is_medium_429(response):
                    return _definite_data(response)
                if response.is_success:
                    return _data(response) if enveloped else _json(response)
                failure = _error_from(response)
                retryable = response.status_code == 429 or (
                    repeat == "safe" and response.status_code in (502, 503, 504)
                )
                if not retryable:
                    raise failure
                retry_after = _retry_after(response)
            attempt += 1
            if attempt >= self._retry.attempts:
                raise failure
            self._sleep(self._retry.delay(attempt - 1, retry_after))


def _definite_data(response: httpx.Response) -> Any:
    """The answer to a request that must not be repeated: its data, or the error Medium itself
    gave (then surely nothing was created). Anything else is ``UncertainOutcomeError``."""
    if response.is_success:
        try:
            return _data(response)
        except UnexpectedResponseError:
            raise UncertainOutcomeError(
                f"Medium answered HTTP {response.status_code} with {_describe_body(response)} "
                "instead of its API's JSON; the post may or may not have been created",
                status=response.status_code,
            ) from None
    if _envelope(_json(response)) is None:
        if _is_challenge(response):  # stopped at the edge; still uncertain by the rule
            raise UncertainOutcomeError(
                f"{CHALLENGE_ADVICE}; by the rule for answers that are not Medium's own, the "
                "post may or may not have been created",
                status=response.status_code,
            )
        raise UncertainOutcomeError(
            f"the post request got HTTP {response.status_code} with "
            f"{_describe_body(response)}, not Medium's own error answer: a proxy or CDN in "
            "front of Medium may have answered after Medium received the request, so the post "
            "may or may not have been created",
            status=response.status_code,
        )
    raise _error_from(response)


def _is_medium_429(response: httpx.Response) -> bool:
    """Medium's own rate-limit answer: surely no post, so a post request may wait and retry."""
    return response.status_code == 429 and _envelope(_json(response)) is not None


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
    body = _json(response)
    if not isinstance(body, Mapping) or "data" not in body:
        raise UnexpectedResponseError(
            f"Medium answered HTTP {response.status_code} without its `data` envelope",
            status=response.status_code,
        )
    return body["data"]


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _error_from(response: httpx.Response) -> MediumError:
    status = response.status_code
    body = _json(response)
    errors = body.get("errors") if isinstance(body, Mapping) else None
    if not isinstance(errors, list) or not errors or not isinstance(errors[0], Mapping):
        if status == 429:
            return RateLimitedError(
                "Medium is rate-limiting this account (HTTP 429)",
                retry_after=_retry_after(response),
            )
        if _is_challenge(response):
            return UnexpectedResponseError(f"{CHALLENGE_ADVICE} (HTTP {status})", status=status)
        return UnexpectedResponseError(
            f"Medium answered HTTP {status} with {_describe_body(response)} instead of its "
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
            retry_after=_retry_after(response),
        )
    if status >= 500:
        return ServerError(f"Medium failed (HTTP {status}). {said}", status=status, code=code)
    if status == 400:
        return BadRequestError(f"Medium rejected the post. {said}", status=status, code=code)
    return MediumError(f"HTTP {status}. {said}", status=status, code=code)


def _is_challenge(response: httpx.Response) -> bool:
    return is_challenge(response.status_code, response.headers, response.text)


def _describe_body(response: httpx.Response) -> str:
    text = response.text.strip()
    if not text:
        return "an empty body"
    kind = "an HTML page" if text.lstrip().lower().startswith(("<!doctype", "<html")) else "text"
    words = " ".join(re.sub(r"<[^>]*>", " ", text).split())[:100]
    return f"{kind} ({words!r})" if words else kind


def _retry_after(response: httpx.Response) -> float | None:
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def _mapping(data: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(data, Mapping):
        raise UnexpectedResponseError(f"Medium's answer for {what} is not an object")
    return data


def _list(data: Any, what: str) -> list[Mapping[str, Any]]:
    if not isinstance(data, list):
        raise UnexpectedResponseError(f"Medium's answer for {what} is not a list")
    return [item for item in data if isinstance(item, Mapping)]
