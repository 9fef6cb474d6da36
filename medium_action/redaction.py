"""The last net under every text the product writes: no configured secret, no URL password.

Tokens are stripped when read and never formatted on purpose, but an error from a library (an
httpx "illegal header value", a proxy's page echoing the request, a URL with ``user:password@``)
can carry one anyway. Every writer (the log, the outputs, the summary, output-json, the commit
comment) passes its text through one ``Redactor`` built from the settings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Protocol
from urllib.parse import quote

MASK = "***"
MIN_SECRET_LENGTH = 4
"""Shorter values are not redacted: masking every "a" would garble the text and hide nothing."""

_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@\"'<>]+@")


class _Secret(Protocol):
    def get_secret_value(self) -> str: ...


class Redactor:
    """Replaces every known secret (in the forms it can take inside text: as given, quoted in a
    repr, escaped in JSON, percent-encoded) and every URL's ``user:password@`` with ``***``."""

    def __init__(self, secrets: Iterable[str | _Secret | None] = ()) -> None:
        self._forms: set[str] = set()
        self._pattern: re.Pattern[str] | None = None
        for secret in secrets:
            self.add(secret)

    @classmethod
    def from_settings(cls, settings: object) -> Redactor:
        """Every secret field the settings hold (token, refresh-token, client-secret,
        github-token, devto-api-key)."""
        names = ("token", "refresh_token", "client_secret", "github_token", "devto_api_key")
        return cls(getattr(settings, name, None) for name in names)

    def add(self, secret: str | _Secret | None) -> None:
        """Adds a secret learned during the run (the access token of the refresh flow)."""
        if secret is None:
            return
        value = secret if isinstance(secret, str) else secret.get_secret_value()
        for raw in {value, value.strip()}:
            if len(raw) < MIN_SECRET_LENGTH:
                continue
            self._forms.update(
                {
                    raw,
                    json.dumps(raw)[1:-1],
                    repr(raw)[1:-1],
                    repr(raw.encode("utf-8"))[2:-1],
                    quote(raw, safe=""),
                    quote(raw, safe="/:"),
                }
            )
        self._pattern = None

    def __call__(self, text: str) -> str:
        return self.redact(text)

    def redact(self, text: str) -> str:
        text = _URL_USERINFO.sub(lambda found: found.group(1) + MASK + "@", text)
        if not self._forms:
            return text
        if self._pattern is None:
            # Longest first, so that a secret containing another is masked whole. A backslash
            # may precede any character: Markdown escaping (a comment's ``ghs\_...``) must not
            # let a secret through.
            forms = sorted(self._forms, key=len, reverse=True)
            self._pattern = re.compile(
                "|".join("".join(r"\\?" + re.escape(char) for char in form) for form in forms)
            )
        return self._pattern.sub(MASK, text)
