"""GitHub for the shared request loop (``medium_action/http/loop.py``): one retry for a 5xx or a
failed connection, and for a timeout unless the request was a POST (a comment written twice is
a nuisance, so it is not risked); every failure a ``GitHubError`` that names the request."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from medium_action.errors import GitHubError
from medium_action.http.loop import Api, Repeat


class GitHubApi(Api):
    """GitHub for the shared request loop, for one request (``where``: its errors name it)."""

    def __init__(self, error: Callable[[httpx.Response], GitHubError], where: str) -> None:
        self._error = error
        self._where = where

    def own_error(self, response: httpx.Response) -> bool:
        try:
            body = response.json()
        except ValueError:
            return False
        return isinstance(body, dict) and isinstance(body.get("message"), str)

    def error(self, response: httpx.Response) -> GitHubError:
        return self._error(response)

    def unreachable(self, error: httpx.RequestError) -> GitHubError:
        if isinstance(error, httpx.TimeoutException):
            return self._timeout()
        return GitHubError(f"could not connect to GitHub's API ({self._where}): {error}")

    def lost(self, error: httpx.RequestError, *, sent_once: bool) -> GitHubError:
        if isinstance(error, httpx.TimeoutException):
            return self._timeout()
        return GitHubError(f"GitHub's API failed ({self._where}): {error}")

    def uncertain(self, response: httpx.Response) -> GitHubError:  # pragma: no cover - all safe
        return self.error(response)

    def retry_status(self, response: httpx.Response, repeat: Repeat) -> bool:
        return response.status_code >= 500

    def retry_transport(self, error: httpx.RequestError, method: str, repeat: Repeat) -> bool:
        if isinstance(error, httpx.ConnectError):
            return True
        return isinstance(error, httpx.TimeoutException) and method != "POST"

    def _timeout(self) -> GitHubError:
        return GitHubError(f"GitHub's API did not answer in time ({self._where})")
