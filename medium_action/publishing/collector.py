"""Python's cycle collector told what a run keeps to its end: every post's parse.

A run holds the tokens of every post it read until its last post is written (the plan holds
the articles). The collector would walk all of them again in each collection of its older
generations: a tenth of a 300-post dry run's time went there (issue 22), for objects that
can only be freed at the end. So a run is a :func:`run_scope`; once a post is parsed,
:func:`keep_parsed` moves every object alive out of the collector's sight (``gc.freeze``),
and the scope's end hands them back (``gc.unfreeze``), so that cycles among them are still
collected then. Reference counting frees objects as usual all along; outside a run (tests,
one post rendered alone) nothing changes.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["keep_parsed", "run_scope"]

_lock = threading.Lock()
_open_runs = 0


@contextmanager
def run_scope() -> Iterator[None]:
    """One run (runs may nest or overlap: the collector sees everything again when the last
    one ends)."""
    global _open_runs
    with _lock:
        _open_runs += 1
    try:
        yield
    finally:
        with _lock:
            _open_runs -= 1
            if _open_runs == 0:
                gc.unfreeze()


def keep_parsed() -> None:
    """What is alive now lives until the run's end: out of the collector's sight till then."""
    with _lock:
        if _open_runs:
            gc.freeze()
