"""Injected faults, pure: a route pattern, the steps queued for it, and the answer each gives.

``Sandbox.inject`` queues the steps and ``server.py`` applies them (delay, drop, answer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from medium_action.sandbox.answer import Answer, error
from medium_action.sandbox.world import E_TOKEN_INVALID


@dataclass
class FaultStep:
    """What happens to one matching request; ``status`` None means "then answer normally"."""

    status: int | None
    retry_after: float | None
    delay: float
    html: bool | str
    """True: a proxy's HTML error page; "challenge": Cloudflare's bot challenge (a 403 "Just a
    moment..." page with ``cf-mitigated: challenge``, as cloud runners' addresses can meet)."""
    drop: bool
    create_before_fault: bool


_STATUS_TEXT = {
    400: ("Bad request (injected by the sandbox).", 400),
    401: ("Token was invalid.", E_TOKEN_INVALID),
    403: ("Forbidden (injected by the sandbox).", 403),
    404: ("Not found (injected by the sandbox).", 404),
    429: ("Too many requests: rate limit exceeded.", 429),
    500: ("Internal server error.", 500),
    502: ("Bad gateway.", 502),
    503: ("Service unavailable.", 503),
    504: ("Gateway timeout.", 504),
}


def injected_answer(step: FaultStep) -> Answer:
    """The answer an injected fault gives: Medium's envelope, or a proxy's HTML page."""
    status = step.status if step.status is not None else 403
    message, code = _STATUS_TEXT.get(status, (f"Injected error {status}.", status))
    answer = error(status, message, code)
    if step.html == CHALLENGE:
        answer = Answer(status, html=CHALLENGE_PAGE, headers={"cf-mitigated": "challenge"})
    elif step.html:
        answer = Answer(status, html=_html_page(status))
    if step.retry_after is not None:
        value = step.retry_after
        answer.headers["Retry-After"] = str(int(value)) if value == int(value) else str(value)
    return answer


CHALLENGE = "challenge"
CHALLENGE_PAGE = (
    '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
    '<meta http-equiv="refresh" content="390"></head><body><div class="main-wrapper">'
    "<h1>medium.com</h1><h2>Verify you are human by completing the action below.</h2>"
    "<noscript>Enable JavaScript and cookies to continue</noscript>"
    "<p>medium.com needs to review the security of your connection before proceeding.</p>"
    "<div>Ray ID: <code>0000sandbox</code></div><div>Performance &amp; security by "
    "Cloudflare</div></div></body></html>"
)
"""Cloudflare's managed challenge, as Medium's edge answers an address it distrusts."""


def _html_page(status: int) -> str:
    return (
        f"<!DOCTYPE html><html><head><title>{status} | medium.com</title></head>"
        f"<body><h1>Error {status}</h1><p>The request was blocked by the edge proxy."
        "</p><p>Ray ID: 0000sandbox</p></body></html>"
    )


def parse_route(route: str) -> tuple[str, re.Pattern[str]]:
    """``"POST /v1/users/*/posts"`` → ("POST", a pattern where ``*`` is one path segment)."""
    parts = route.split()
    if len(parts) != 2 or not parts[1].startswith("/"):
        raise ValueError(f"route must look like 'POST /v1/users/*/posts', got {route!r}")
    method, path = parts[0].upper(), parts[1].rstrip("/") or "/"
    segments = ["[^/]+" if seg == "*" else re.escape(seg) for seg in path.split("/")]
    return method, re.compile("/".join(segments) + "/?")


def fault_steps(
    statuses: list[int],
    *,
    retry_after: float | None,
    delay: float,
    html: bool | str,
    drop: bool,
    times: int | None,
    create_before_fault: bool,
) -> list[FaultStep]:
    """One step per affected request: statuses in order; delay/drop/html on the first ``times``."""
    for status in statuses:
        if not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599:
            raise ValueError(f"statuses must be HTTP status codes, got {status!r}")
    if isinstance(html, str) and html != CHALLENGE:
        raise ValueError(f'html must be true, false or "{CHALLENGE}", got {html!r}')
    if delay < 0 or (times is not None and times < 0):
        raise ValueError("delay and times must not be negative")
    count = times if times is not None else (len(statuses) or 1)
    steps = []
    for i in range(max(len(statuses), count)):
        on = i < count
        answer = statuses[i] if i < len(statuses) else (403 if html and on else None)
        steps.append(
            FaultStep(
                status=answer,
                retry_after=retry_after,
                delay=delay if on else 0.0,
                html=html if on else False,
                drop=drop and on,
                create_before_fault=create_before_fault,
            )
        )
    return steps
