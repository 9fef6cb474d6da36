"""What an API client says about an answer it could not use: every client words it the same."""

from __future__ import annotations

import re
from typing import Any

import httpx


def json_or_none(response: httpx.Response) -> Any:
    """The answer's JSON, or None when its body is not JSON (a proxy's page, an empty body)."""
    try:
        return response.json()
    except ValueError:
        return None


def describe_body(response: httpx.Response) -> str:
    """A short description of a body that is not the API's JSON, for an error message."""
    text = response.text.strip()
    if not text:
        return "an empty body"
    kind = "an HTML page" if text.lstrip().lower().startswith(("<!doctype", "<html")) else "text"
    words = " ".join(re.sub(r"<[^>]*>", " ", text).split())[:100]
    return f"{kind} ({words!r})" if words else kind


def reason(error: Exception) -> str:
    """An httpx error's own words, or its class when it has none."""
    return str(error) or type(error).__name__
