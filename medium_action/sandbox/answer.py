"""The sandbox's answers: ``Answer``, Medium's error envelope, and ``ApiError`` to raise one."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Answer:
    """One HTTP answer: status, JSON payload, extra headers (or ``html``, or ``raw`` bytes of
    ``content_type``, instead of JSON)."""

    status: int
    payload: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    html: str | None = None
    raw: bytes | None = None
    content_type: str = ""


def error(status: int, message: str, code: int) -> Answer:
    """Medium's error envelope."""
    return Answer(status, {"errors": [{"message": message, "code": code}]})


class ApiError(Exception):
    """Raised inside a route to answer with Medium's error envelope."""

    def __init__(self, status: int, message: str, code: int) -> None:
        super().__init__(message)
        self.answer = error(status, message, code)
