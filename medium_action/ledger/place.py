"""Where a post went: the API it was sent to and the Medium user it was sent as.

A record made against one API never speaks for another: a rehearsal on the sandbox must neither
stop the real post to Medium nor hide Medium's record. Two places are the same when their API
URLs are: the user is recorded when known, but deciding whether a file is already published
happens before any request (a run with nothing to publish makes none), so it cannot depend on
who ``/me`` says the token belongs to. Two accounts on the same API therefore share one record
per file; ``force`` or ``forget`` overrides it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

MEDIUM_API_URL = "https://api.medium.com/v1"
"""Medium's API, and the place of every record written before records said where."""


_LOOPBACK = ("127.0.0.1", "localhost", "::1", "[::1]")


def normalize_api_url(url: str) -> str:
    """One spelling per API: scheme and host in lower case, no trailing slash; "" is Medium.

    A sandbox on this machine is one place whatever port it listens on (each ``demo`` or test
    run picks a free one): a rehearsal's records belong together, and never to Medium."""
    text = url.strip()
    if not text:
        return MEDIUM_API_URL
    parts = urlsplit(text)
    if not parts.scheme or not parts.netloc:
        return text.rstrip("/")
    host = parts.netloc.lower()
    if (parts.hostname or "").lower() in _LOOPBACK:
        host = "localhost"
    return urlunsplit((parts.scheme.lower(), host, parts.path.rstrip("/"), parts.query, ""))


@dataclass(frozen=True)
class Place:
    """An API URL and, once known, the Medium user (username, else id) posts went to as."""

    api_url: str = MEDIUM_API_URL
    user: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "api_url", normalize_api_url(self.api_url))

    @property
    def is_medium(self) -> bool:
        return self.api_url == MEDIUM_API_URL

    def with_user(self, user: str) -> Place:
        return replace(self, user=user)

    def same_api(self, api_url: str) -> bool:
        return self.api_url == normalize_api_url(api_url)

    def __str__(self) -> str:
        where = "Medium" if self.is_medium else self.api_url
        return f"{where} as @{self.user}" if self.user else where


MEDIUM = Place()
