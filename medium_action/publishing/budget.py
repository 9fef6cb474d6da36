"""One post's reading and rendering get a wall-clock budget: a slow file never holds the others.

Every construct of the parser is meant to cost time in proportion to the post (the tests count
the work for the nestings and unclosed blocks found so far), but an input nobody has found yet
may still make it slow. Within :func:`post_budget`, a timer (``SIGALRM``, on the main thread)
interrupts the work once the budget is spent and raises ``errors.PostTooSlowError`` naming the
file: that file fails alone (exit 1), the others are published.

Real posts take milliseconds, so the budget is generous (:data:`POST_SECONDS`). The timer runs
only around pure work (the parse, the rendering), never around a request: an upload or a post
is never cut off half-way by it. It uses its own signal, so it leaves the SIGINT/SIGTERM
handling of :mod:`.cancellation` alone, restores the handler it replaced, and is not set at all
while another timer runs.
Where no timer can be set (a thread other than the main one, a platform without ``SIGALRM``)
the work runs unbounded, as before.

Work that Python cannot interrupt (one long call into C) ends when that call returns; the
parser's regular expressions and loops are interrupted between steps.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from types import FrameType

from medium_action.errors import PostTooSlowError

__all__ = ["POST_SECONDS", "post_budget", "reading_budget"]

POST_SECONDS = 30.0
"""The budget of one post's parse, and again of its rendering, in seconds. Not a setting: the
tests alone give another (``cli/environment.py``, ``TEST_POST_SECONDS``)."""


@contextmanager
def post_budget(path: str, doing: str, seconds: float = POST_SECONDS) -> Iterator[None]:
    """Within the block, ``doing`` (``reading``, ``rendering``) ``path`` may take ``seconds``;
    past them, PostTooSlowError is raised where the work is."""
    if (
        seconds <= 0
        or not hasattr(signal, "setitimer")
        or threading.current_thread() is not threading.main_thread()
        or signal.getitimer(signal.ITIMER_REAL)[0] > 0  # someone else's timer: left alone
    ):
        yield
        return
    armed = True

    def expire(_number: int, _frame: FrameType | None) -> None:
        if armed:  # a signal delivered just as the block ended interrupts nothing
            raise PostTooSlowError(path, doing, seconds)

    previous_handler = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)


def reading_budget(seconds: float = POST_SECONDS) -> Callable[[str], AbstractContextManager[None]]:
    """The planner's collaborator (``plan.PlanOptions.reading_budget``): reading each file may
    take ``seconds``. The planner is handed it, so that it arms no timer of its own."""

    def budget(path: str) -> AbstractContextManager[None]:
        return post_budget(path, "reading", seconds)

    return budget
