"""How long to wait before trying a request again: backoff, and ``Retry-After`` within bounds."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

import httpx


@dataclass(frozen=True)
class RetryPolicy:
    """Capped exponential backoff (with full jitter unless ``jitter`` is off); ``Retry-After``
    honoured up to ``max_retry_after``. ``attempts`` counts the first request."""

    attempts: int = 4
    base_delay: float = 1.0
    max_delay: float = 20.0
    max_retry_after: float = 60.0
    jitter: bool = True

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return min(retry_after, self.max_retry_after)
        longest = min(self.max_delay, self.base_delay * 2**attempt)
        return random.uniform(0, longest) if self.jitter else longest  # noqa: S311


def retry_after(response: httpx.Response) -> float | None:
    """The ``Retry-After`` header in seconds (a number or an HTTP date), None when absent or
    unreadable."""
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
