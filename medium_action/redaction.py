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
MIN_PART = 8
"""A cut secret is still masked when this much of it (its start or its end) is left: a text
shortened to fit a table cell or a message must not carry 19 of a token's 33 characters."""

_CHAR_FORMS = {
    # How one character of a secret can look once a writer escaped it: HTML (the summary and
    # the comment), the \u form of our comment's JSON, a zero-width space after @ and #.
    "&": ("&", "&amp;", "\\u0026"),
    "<": ("<", "&lt;", "\\u003c"),
    ">": (">", "&gt;", "\\u003e"),
    '"': ('"', "&quot;", "&#34;"),
    "'": ("'", "&#x27;", "&#39;"),
    "@": ("@", "\\u0040"),
}
_AFTER = {"@": "\u200b?", "#": "\u200b?"}
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
        self._anchors: frozenset[str] | None = None
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
        self._anchors = _anchors(self._forms)

    def __call__(self, text: str) -> str:
        return self.redact(text)

    def redact(self, text: str) -> str:
        text = _URL_USERINFO.sub(lambda found: found.group(1) + MASK + "@", text)
        if not self._forms:
            return text
        if self._anchors is not None:
            # Most texts hold no piece of a secret: say so without compiling the pattern (a
            # no-op run logs two lines; issue 22).
            bare = text.replace("\\", "")
            if not any(anchor in bare for anchor in self._anchors):
                return text
        if self._pattern is None:
            # Longest first, so that a secret containing another is masked whole. Each form
            # also matches escaped (see _char) and cut: its start or its end, MIN_PART long.
            forms = sorted(self._forms, key=len, reverse=True)
            self._pattern = re.compile("|".join(_form_pattern(form) for form in forms))
        return self._pattern.sub(MASK, text)


def _anchors(forms: set[str]) -> frozenset[str] | None:
    """Texts of which every match of the pattern holds one, once its backslashes are removed:
    each form's first and last MIN_PART characters (every alternative of :func:`_form_pattern`
    keeps one of them whole). None when a form has there a character with other spellings
    (``&``, ``@``, a backslash...): then only the pattern can tell."""
    special = {*_CHAR_FORMS, *_AFTER, "\\"}
    anchors: set[str] = set()
    for form in forms:
        head, tail = form[:MIN_PART], form[-MIN_PART:]
        if special & set(head + tail):
            return None
        anchors.update((head, tail))
    return frozenset(anchors)


def _char(char: str) -> str:
    """One character of a secret in every spelling a writer may give it; a backslash may
    precede it (Markdown escaping: a comment's ``ghs\\_...``), and a backslash of the secret's
    own (its repr or JSON form) may be missing."""
    if char == "\\":
        return r"\\{0,2}"
    spellings = _CHAR_FORMS.get(char, (char,))
    body = "|".join(re.escape(spelling) for spelling in spellings)
    return r"\\?" + (f"(?:{body})" if len(spellings) > 1 else body) + _AFTER.get(char, "")


_WORD_CHAR = r"[A-Za-z0-9_-]"
"""A character that may continue a token: a cut piece stands where the text was cut, so it is
never followed (a start) or preceded (an end) by one. Without that rule the sandbox's key
``sandbox-devto-key`` would mask every ``sandbox-writer`` in a URL."""


def _form_pattern(form: str) -> str:
    """The form whole, or a start or an end of it at least MIN_PART long (greedy: as much as
    the text holds) where the text was cut."""
    chars = [_char(char) for char in form]
    if len(chars) <= MIN_PART:
        return "".join(chars)
    head = "".join(chars[:MIN_PART])
    rest = ""
    for part in reversed(chars[MIN_PART:]):
        rest = f"(?:{part}{rest})?"
    start = head + rest
    tail = "".join(chars[-MIN_PART:])
    lead = ""
    for part in chars[:-MIN_PART]:
        lead = f"(?:{lead}{part})?"
    whole = "".join(chars)
    return f"{whole}|{start}(?!{_WORD_CHAR})|(?<!{_WORD_CHAR}){lead}{tail}"
