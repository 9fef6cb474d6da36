"""Where a post went: the API it was sent to and the Medium user it was sent as.

A record made against one API never speaks for another: a rehearsal on the sandbox must neither
stop the real post to Medium nor hide Medium's record. Two places are the same when their API
URLs are: the user is recorded when known, but deciding whether a file is already published
happens before any request (a run with nothing to publish makes none), so it cannot depend on
who ``/me`` says the token belongs to. Two accounts on the same API therefore share one record
per file; ``force`` or ``forget`` overrides it.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from dataclasses import dataclass, replace
from urllib.parse import urlsplit, urlunsplit

MEDIUM_API_URL = "https://api.medium.com/v1"
"""Medium's API, and the place of every record written before records said where."""


_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalize_api_url(url: str) -> str:
    """One spelling per API: "" is Medium; scheme and host in lower case, the host without a
    trailing dot, IPv4 in dotted quads, no default port (``:443``), no user info, no
    trailing slash.

    A sandbox on this machine is one place whatever port it listens on (each ``demo`` or test
    run picks a free one) and however its loopback address is spelt (``127.1``, ``0x7f.1``,
    ``[::1]``, ``localhost.``): a rehearsal's records belong together, and never to Medium.
    Idempotent, and unchanged for the spellings earlier versions stored."""
    text = url.strip()
    if not text:
        return MEDIUM_API_URL
    try:
        parts = urlsplit(text)
    except ValueError:  # a malformed address: the settings refuse it before any request
        return text.rstrip("/")
    if not parts.scheme or not parts.netloc:
        return text.rstrip("/")
    scheme = parts.scheme.lower()
    host = _host(parts.hostname or "")
    try:
        port = parts.port
    except ValueError:  # not a port number: the address as it was written, in lower case
        return urlunsplit((scheme, parts.netloc.lower(), parts.path.rstrip("/"), parts.query, ""))
    if _is_loopback(host):
        netloc = "localhost"
    else:
        shown = f"[{host}]" if ":" in host else host
        netloc = shown if port is None or port == _DEFAULT_PORTS.get(scheme) else f"{shown}:{port}"
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), parts.query, ""))


def _host(name: str) -> str:
    """The host name in one spelling: lower case, no trailing dot, an IP address canonical
    (``127.1`` and ``0x7f.0.0.1`` are ``127.0.0.1``, as the system resolver reads them)."""
    host = name.lower().rstrip(".")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if re.fullmatch(r"(?:0x[0-9a-f]+|[0-9]+)(?:\.(?:0x[0-9a-f]+|[0-9]+)){0,3}", host):
        try:
            return socket.inet_ntoa(socket.inet_aton(host))
        except OSError:
            return host
    return host


def _is_loopback(host: str) -> bool:
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


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
