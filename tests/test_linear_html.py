"""HTML blocks of many unclosed tags cost work in proportion to their size (issue 15 #10).

Work is counted as the lines of Python the filter executes (``sys.settrace``), never as time:
ten times the tags may cost ten times the lines (a little more for fixed costs), never a
hundred times.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import pytest

from medium_action.rendering.inline_html import MAX_OPEN_TAGS
from medium_action.rendering.post import parse_post
from medium_action.rendering.rawhtml.filter import UrlPolicy, sanitize_block
from medium_action.rendering.render import render_html

POLICY = UrlPolicy(link=lambda url: url, image=lambda src: src, warn=lambda message: None)

CASES: dict[str, Callable[[int], str]] = {
    "div": lambda n: "<div>" * n,
    "b": lambda n: "<p><b>" + "<b>" * n,
    "ul li": lambda n: "<ul><li>" * (n // 2),
    "unwrapped closed under inline": lambda n: (
        "<div>" + "<span>" * (n // 3) + "<em>" * (n // 3) + "</span>" * (n // 3)
    ),
    "empty inline nest": lambda n: "<p>" + "<b>" * n + "</b>" * n + "</p>",
}


def lines_run(func: Callable[[], Any]) -> int:
    count = 0

    def tracer(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return tracer

    sys.settrace(tracer)
    try:
        func()
    finally:
        sys.settrace(None)
    return count


@pytest.mark.parametrize("name", sorted(CASES))
def test_html_block_work_grows_linearly(name: str) -> None:
    make = CASES[name]
    small = lines_run(lambda: sanitize_block(make(400), POLICY))
    large = lines_run(lambda: sanitize_block(make(4_000), POLICY))
    assert large < 12 * small, f"{name}: {small} lines for 400 tags, {large} for 4,000"


def test_deeply_nested_empty_elements_leave_nothing() -> None:
    """The empty-element clean-up is one pass: 10,000 nested empty <b> are all gone."""
    assert sanitize_block("<p>" + "<b>" * 10_000 + "</b>" * 10_000 + "</p>", POLICY) == ""
    html = sanitize_block("<p>x" + "<b>" * 10_000 + " " + "</b>" * 10_000 + "y</p>", POLICY)
    assert html == "<p>x y</p>\n"


def test_unclosed_tags_render_to_balanced_medium_html() -> None:
    content = render_html(parse_post("<ul><li>" * 5_000 + "\n\nafter\n"), title="T").content
    assert content.count("<li>") == content.count("</li>") == 1
    assert content.endswith("<p>after</p>\n")


INLINE_CASES: dict[str, Callable[[int], str]] = {
    "unclosed b": lambda n: "<b>x " * n,
    "unclosed a": lambda n: "<a>" * n + "text",
    "unclosed span with attributes": lambda n: "<span a>x" * n,
    "stray end tags under open ones": lambda n: "<i>" * (n // 2) + "</q>x" * (n // 2),
    "sup under many": lambda n: "<em>" * (n // 2) + "<sup>2</sup>" * (n // 2),
}


@pytest.mark.parametrize("name", sorted(INLINE_CASES))
def test_inline_html_in_a_paragraph_costs_linear_work(name: str) -> None:
    """Inline tags left open in a sentence: each text and tag looks through the open tags, so
    their number is capped (``MAX_OPEN_TAGS``); the work grows with the text, never its square."""
    make = INLINE_CASES[name]

    def rendered(n: int) -> Callable[[], Any]:
        post = parse_post(make(n) + "\n")
        return lambda: render_html(post, title="T")

    small = lines_run(rendered(400))
    large = lines_run(rendered(4_000))
    assert large < 12 * small, f"{name}: {small} lines for 400 tags, {large} for 4,000"


def test_tags_past_the_cap_are_dropped_with_their_text_kept_and_one_warning() -> None:
    result = render_html(parse_post("<b>x " * (MAX_OPEN_TAGS + 10) + "end\n"), title="T")
    html = result.content
    assert html.count("<b>") == html.count("</b>") == MAX_OPEN_TAGS
    assert html.count("x") == MAX_OPEN_TAGS + 10 and "end" in html
    deep = [w for w in result.warnings if "inline HTML tags open at once" in w]
    assert deep == [f"more than {MAX_OPEN_TAGS} inline HTML tags open at once: the rest dropped"]
