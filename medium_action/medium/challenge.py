"""Cloudflare's bot challenge in front of Medium's API, told apart from other refusals.

From some addresses (cloud runners' among them) Medium's edge answers an API request with
Cloudflare's "managed challenge": HTTP 403, header ``cf-mitigated: challenge``, an HTML page
titled "Just a moment...". No program can pass it, and the same token works from a laptop, so
"the token lacks permission" would send the writer the wrong way: the message says what it is
and what to try.
"""

from __future__ import annotations

from collections.abc import Mapping

CHALLENGE_ADVICE = (
    "Medium's edge (Cloudflare) answered with its bot challenge page ('Just a moment...', "
    "cf-mitigated: challenge) instead of the API: the request never reached Medium. It happens "
    "from some networks, cloud runners among them, while the same token works from a laptop. "
    "Rerun later (the challenge comes and goes), or publish from a self-hosted runner or "
    "another machine"
)


def is_challenge(status: int, headers: Mapping[str, str], body: str) -> bool:
    """Cloudflare's challenge: its own header says so; without the header, a 403 or 503 HTML
    page with the challenge's title (a proxy between may drop headers)."""
    if headers.get("cf-mitigated", "").strip().lower() == "challenge":
        return True
    head = body[:4000].lower()
    return status in (403, 503) and "<title>just a moment" in head
