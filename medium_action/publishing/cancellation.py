"""A cancelled job (GitHub sends SIGINT, then SIGTERM) stops between posts, never inside one.

The first signal asks the run to stop before its next post; the request under way finishes and
is recorded. A second signal interrupts that request too: its record, written ahead, stays
"uncertain", so it is never sent blindly again.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from medium_action.log import Log

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Cancellation:
    def __init__(self) -> None:
        self.requested: str | None = None

    def request(self, why: str) -> None:
        self.requested = why


@contextmanager
def cancel_on_signals(cancel: Cancellation, log: Log) -> Iterator[Cancellation]:
    """Within the block, SIGINT and SIGTERM request ``cancel``; a second one interrupts."""

    def handle(number: int, _frame: FrameType | None) -> None:
        name = signal.Signals(number).name
        if cancel.requested:
            raise KeyboardInterrupt(name)
        cancel.request(f"cancelled ({name})")
        log.warning(f"{name} received: stopping after the post under way")

    previous = {number: signal.signal(number, handle) for number in SIGNALS}
    try:
        yield cancel
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
