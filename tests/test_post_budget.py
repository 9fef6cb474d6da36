"""One slow file never holds the others back (issue 19, case 19), for inputs nobody has found.

Every known construct is linear (``test_dialects.py``, ``test_linear_emphasis.py``,
``test_linear_html.py``); for the rest, reading and rendering a post each have a wall-clock budget
(``publishing/budget.py``). The tests never measure speed: work that cannot end by itself ends
only through the budget, and a real run with a budget far below a large post's parse fails that
file alone while its neighbour is published.
"""

from __future__ import annotations

import io
import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import pytest
from helpers import run_cli, write

from medium_action.errors import ArticleError, PostTooSlowError
from medium_action.ledger.records import Ledger
from medium_action.log import Log
from medium_action.publishing.budget import POST_SECONDS, post_budget, reading_budget
from medium_action.publishing.cancellation import Cancellation, cancel_on_signals
from medium_action.publishing.content import ContentOptions, render_content
from medium_action.publishing.plan import PlanOptions, Source, make_plan
from medium_action.publishing.targets.medium.profile import MEDIUM
from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN
from medium_action.sources.article import Defaults, parse_article


def spin_until_stopped() -> None:
    """Work that never ends by itself (the minute is a safety net, not a measurement)."""
    give_up = time.monotonic() + 60
    while time.monotonic() < give_up:
        pass
    pytest.fail("the budget never stopped the work")


def test_work_past_the_budget_fails_naming_the_file_and_the_budget() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with pytest.raises(PostTooSlowError) as caught, post_budget("posts/slow.md", "reading", 0.05):
        spin_until_stopped()
    message = str(caught.value)
    assert message.startswith("reading posts/slow.md took longer than 0.05 s")
    assert "the other files go on" in message and "report the file" in message
    assert isinstance(caught.value, ArticleError)  # the file fails alone, as any bad post
    assert signal.getsignal(signal.SIGALRM) is before
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)


def test_work_within_the_budget_leaves_no_timer_behind() -> None:
    before = signal.getsignal(signal.SIGALRM)
    with post_budget("posts/fine.md", "rendering"):
        assert 0 < signal.getitimer(signal.ITIMER_REAL)[0] <= POST_SECONDS
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before


def test_a_cancel_signal_within_the_budget_still_only_asks_to_stop() -> None:
    """SIGINT/SIGTERM keep their meaning (stop after the post under way) inside a budget, and
    the budget still ends runaway work after them."""
    cancel = Cancellation()
    log = Log(github=False, stream=io.StringIO())
    with (
        cancel_on_signals(cancel, log),
        pytest.raises(PostTooSlowError),
        post_budget("posts/slow.md", "reading", 0.2),
    ):
        os.kill(os.getpid(), signal.SIGTERM)
        spin_until_stopped()
    assert cancel.requested == "cancelled (SIGTERM)"


def test_off_the_main_thread_the_work_runs_unbounded() -> None:
    """A signal can only be handled on the main thread: elsewhere the budget sets nothing."""
    seen: list[object] = []

    def work() -> None:
        with post_budget("posts/a.md", "reading", 0.001):
            seen.append(signal.getitimer(signal.ITIMER_REAL))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen == [(0.0, 0.0)]


def test_rendering_past_the_budget_fails_that_post(tmp_path: Path) -> None:
    body = "# Big\n\n" + "Some *emphasis* and a [link](https://x.test/).\n\n" * 2_000
    article = parse_article("posts/big.md", body.encode(), Defaults(), now=datetime.now(UTC))
    options = ContentOptions(workspace=tmp_path, post_seconds=0.001)
    with pytest.raises(PostTooSlowError, match=r"^rendering posts/big\.md took longer than"):
        render_content(article, upload=None, ledger=Ledger(), options=options)


def test_a_slow_file_fails_alone_and_its_neighbour_is_published(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """A real run: a post whose parse takes many seconds (a list of 240,000 items, just under the
    size limit) next to a small one, with a half-second budget (the tests' own variable).
    Sorted first, the large one is read first, and pays for the parser's start too."""
    write(
        tmp_path / "ws",
        {
            "posts/a-huge.md": "# Huge\n\n" + "- a\n" * 240_000,
            "posts/b-fine.md": "# Fine\n\nText.\n",
        },
    )
    env = {
        "MEDIUM_TOKEN": DEFAULT_TOKEN,
        "MEDIUM_API_URL": sandbox.url,
        "MEDIUM_FILES": "posts/*.md",
        "MEDIUM_OUTPUT_JSON": str(tmp_path / "result.json"),
        "_MEDIUM_PUBLISH_TEST_POST_SECONDS": "0.5",
    }
    done = run_cli([], cwd=tmp_path / "ws", env=env)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert [post["title"] for post in sandbox.sandbox.posts] == ["Fine"]
    result = json.loads((tmp_path / "result.json").read_text())
    [failed] = result["failed"]
    assert failed["file"] == "posts/a-huge.md"
    assert failed["error"].startswith("reading posts/a-huge.md took longer than 0.5 s")
    assert "took longer than 0.5 s" in output


def test_the_planner_arms_no_timer_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    """Planning is pure: without a budget handed in, reading a file sets no signal or timer."""

    def no_timers(*_args: object) -> None:
        pytest.fail("the planner touched a signal or a timer")

    monkeypatch.setattr(signal, "setitimer", no_timers)
    monkeypatch.setattr(signal, "signal", no_timers)
    plan = make_plan(
        [Source("posts/a.md", b"# A\n\nText.\n")],
        Ledger(),
        gone=frozenset(),
        now=datetime.now(UTC),
        options=PlanOptions(Defaults(), target=MEDIUM),
    )
    assert [article.path for article in plan.creates] == ["posts/a.md"]


def test_the_budget_handed_to_the_planner_fails_that_file_alone() -> None:
    """The collaborator is asked once per file read, around the parse; a file it cuts short
    fails naming itself, and the others are planned."""
    asked: list[str] = []

    @contextmanager
    def budget(path: str) -> Iterator[None]:
        asked.append(path)
        if path == "posts/slow.md":
            raise PostTooSlowError(path, "reading", 0.5)
        yield

    plan = make_plan(
        [
            Source("posts/slow.md", b"# Slow\n\nText.\n"),
            Source("posts/fine.md", b"# Fine\n\nText.\n"),
        ],
        Ledger(),
        gone=frozenset(),
        now=datetime.now(UTC),
        options=PlanOptions(Defaults(), target=MEDIUM, reading_budget=budget),
    )
    assert sorted(asked) == ["posts/fine.md", "posts/slow.md"]
    assert [article.path for article in plan.creates] == ["posts/fine.md"]
    [failed] = plan.failures
    assert failed.path == "posts/slow.md"
    assert failed.message.startswith("reading posts/slow.md took longer than 0.5 s")


def test_the_command_lines_reading_budget_is_the_timer() -> None:
    slow = r"^reading posts/slow\.md took longer than 0\.05"
    with pytest.raises(PostTooSlowError, match=slow), reading_budget(0.05)("posts/slow.md"):
        spin_until_stopped()
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
