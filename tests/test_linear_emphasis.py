"""Emphasis nested thousands deep costs work in proportion to its size (issue 19, case 19).

mistune pairs ``*``/``_`` runs after the inline scan and leaves emphasis nested past 20 levels
as text; before ``syntax/emphasis.py`` every closer past that depth walked the whole paragraph
again, so 5,000 levels took seconds. Work is counted as lines of Python run (``sys.settrace``),
never as time; the pairs found are mistune's own, checked against mistune without the plugin.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

import mistune
import pytest
from hypothesis import given
from hypothesis import strategies as st

from medium_action.rendering.post import parse_post
from medium_action.rendering.render import render_html
from medium_action.rendering.syntax.emphasis import TOO_DEEP, linear_emphasis
from medium_action.rendering.tokens import PLUGINS

NESTS: dict[str, Callable[[int], str]] = {
    "star": lambda n: "*a " * n + "x" + " a*" * n,
    "underscore": lambda n: "_a " * n + "x" + " a_" * n,
    "strong": lambda n: "**a " * n + "x" + " a**" * n,
    "strong emphasis": lambda n: "***a " * n + "x" + " a***" * n,
    "mixed markers": lambda n: "*a __a " * n + "x" + " a__ a*" * n,
    "unbalanced runs": lambda n: "*a **a " * n + "x" + " a*" * (3 * n),
    "inside a link": lambda n: "[*a " * n + "x" + " a*](https://x.test/)" * n,
    "in link text": lambda n: "[" + "*a " * n + "x" + " a*" * n + "](https://x.test/)",
    "strikethrough": lambda n: "~~a *a " * n + "x" + " a* a~~" * n,
    "list item": lambda n: "- " + "_a " * n + "x" + " a_" * n,
    "block quote": lambda n: "> " + "**a " * n + "x" + " a**" * n,
    "no spaces": lambda n: "*" * n + "x" + "*" * n,
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


@pytest.mark.parametrize("name", sorted(NESTS))
def test_deep_emphasis_work_grows_linearly(name: str) -> None:
    make = NESTS[name]
    small = lines_run(lambda: parse_post(make(100)))
    large = lines_run(lambda: parse_post(make(400)))
    # four times the nesting: four times the lines (a little more for fixed costs); the
    # rescans made it more than ten times already at this size
    assert large < 5 * small, f"{name}: {small} lines for 100 levels, {large} for 400"


def test_past_the_limit_the_markers_stay_text_with_a_warning_at_the_paragraph() -> None:
    body = "# Deep\n\nFirst paragraph.\n\n" + "*a " * 3_000 + "x" + " a*" * 3_000 + "\n\nAfter.\n"
    post = parse_post(body)
    assert "line 5: " + TOO_DEEP.format(depth=20) in post.template_warnings
    html = render_html(post, title="Deep").content
    assert html.count("<em>") == 20  # mistune's depth, nothing lost
    assert html.count("*a ") == 3_000 - 20
    assert html.rstrip().endswith("<p>After.</p>")


def test_emphasis_within_the_limit_warns_nothing() -> None:
    post = parse_post("*a " * 19 + "x" + " a*" * 19 + "\n\n**bold** and _it_ and ***both***\n")
    assert post.template_warnings == ()
    assert render_html(post, title="T").content.count("<em>") == 19 + 2


_PIECES = ["*", "_", "**", "***", " ", "a", "1", ".", "[", "](u)", "~~", "`", "\n", "<b>", "\\*"]
_PLAIN = mistune.create_markdown(renderer=None, plugins=list(PLUGINS))
_OURS = mistune.create_markdown(renderer=None, plugins=[*PLUGINS, linear_emphasis])


@given(st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))
def test_the_pairs_are_mistunes_own(text: str) -> None:
    assert _OURS.parse(text)[0] == _PLAIN.parse(text)[0]


@pytest.mark.parametrize("depth", [19, 20, 21, 45])
@pytest.mark.parametrize("name", sorted(NESTS))
def test_the_pairs_are_mistunes_own_around_the_limit(name: str, depth: int) -> None:
    text = NESTS[name](depth)
    assert _OURS.parse(text)[0] == _PLAIN.parse(text)[0]
