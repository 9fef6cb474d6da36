"""The one request loop of every API client: retries, ``Retry-After``, and the outcome rule.

Whether a request may be repeated decides everything (``Repeat``):

- ``"safe"``: reading, refreshing a token, uploading an image, writing a comment. A failed
  connection, a lost answer and the statuses the API calls passing (``Api.retry_status``) are
  tried again, up to the policy's attempts.
- ``"only-if-not-sent"``: creating a post, which no API here can undo. It is repeated only when
  it surely created nothing: the connection was never made, or the API itself answered with its
  own rate-limit error. **The outcome rule**: once it was sent, only an answer in the API's own
  JSON error envelope (``Api.own_error``) says that nothing was made. Every other answer is
  uncertain (``Api.uncertain``): none at all, a timeout, a dropped connection, and any error
  status whose body is not the API's envelope (a proxy's or CDN's 502/504 page, an empty body).
  A success is handed back for the API to check that it describes what was made.

The loop knows no API: each supplies an ``Api`` with its envelope and its typed errors.
"""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, Literal

import httpx

from medium_action.http.retry import RetryPolicy, retry_after

Repeat = Literal["safe", "only-if-not-sent"]

NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
"""Failures before any byte of the request left: nothing reached the API."""

PASSING = frozenset({502, 503, 504})


class Api(ABC):
    """What the loop needs of one API: its envelope, its errors, what it retries."""

    @abstractmethod
    def own_error(self, response: httpx.Response) -> bool:
        """Whether the body is the API's own JSON error envelope (the API itself answered)."""

    @abstractmethod
    def error(self, response: httpx.Response) -> Exception:
        """The typed error for an unsuccessful answer."""

    @abstractmethod
    def unreachable(self, error: httpx.RequestError) -> Exception:
        """No connection was made (nothing reached the API)."""

    @abstractmethod
    def lost(self, error: httpx.RequestError, *, sent_once: bool) -> Exception:
        """The request was sent and its answer lost. ``sent_once``: the request must not be
        repeated, so the outcome is uncertain."""

    @abstractmethod
    def uncertain(self, response: httpx.Response) -> Exception:
        """A request that must not be repeated got an error status without the API's own
        envelope: something in front of the API may have answered after it received it."""

    def retry_status(self, response: httpx.Response, repeat: Repeat) -> bool:
        """Whether an unsuccessful answer is worth another attempt: the API's rate limit, and
        a passing gateway failure for a request that may be repeated."""
        return response.status_code == 429 or (repeat == "safe" and response.status_code in PASSING)

    def retry_transport(self, error: httpx.RequestError, method: str, repeat: Repeat) -> bool:
        """Whether a failed exchange is worth another attempt: always when nothing was sent,
        else when the request may be repeated."""
        return isinstance(error, NOT_SENT) or repeat == "safe"


def send(
    http: httpx.Client,
    api: Api,
    method: str,
    url: str,
    *,
    repeat: Repeat,
    retry: RetryPolicy,
    sleep: Callable[[float], None] = time.sleep,
    **kwargs: Any,
) -> httpx.Response:
    """One request, tried again as ``retry`` and ``api`` allow: a successful response, or the
    API's typed error. For ``only-if-not-sent``, see the outcome rule above."""
    attempt = 0
    while True:
        wait: float | None = None
        try:
            response = http.request(method, url, **kwargs)
        except NOT_SENT as error:
            failure = api.unreachable(error)
            if not api.retry_transport(error, method, repeat):
                raise failure from None
        except httpx.RequestError as error:
            if repeat != "safe":
                raise api.lost(error, sent_once=True) from None
            failure = api.lost(error, sent_once=False)
            if not api.retry_transport(error, method, repeat):
                raise failure from None
        else:
            if repeat != "safe" and not (response.status_code == 429 and api.own_error(response)):
                return _decided(response, api)
            if response.is_success:
                return response
            failure = api.error(response)
            if not api.retry_status(response, repeat):
                raise failure
            wait = retry_after(response)
        attempt += 1
        if attempt >= retry.attempts:
            raise failure
        sleep(retry.delay(attempt - 1, wait))


def _decided(response: httpx.Response, api: Api) -> httpx.Response:
    """The answer to a request that was sent and must not be repeated: a success (for the API
    to check), the API's own error (surely nothing was made), or uncertain."""
    if response.is_success:
        return response
    if not api.own_error(response):
        raise api.uncertain(response)
    raise api.error(response)
