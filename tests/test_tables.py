"""The one Markdown table writer of the job summary and the commit comment: hostile text in a
cell stays text, in both, as a GFM parser (mistune with its table plugin) reads it."""

from __future__ import annotations

import re

import mistune
import pytest

from medium_action.github.comment import render_comment
from medium_action.reporting.summary import summary_markdown
from medium_action.reporting.tables import cell, link, table
from medium_action.results import Failed, Posted, RunResult, Skipped

HOSTILE = "| @octocat <script>alert(1)</script> [x](y) *a* _b_ `c` ~d~ #12\n| next\r\nrow"

gfm = mistune.create_markdown(plugins=["table", "strikethrough", "url"])


def hostile_result() -> RunResult:
    return RunResult(
        posts=[Posted("p.md", "1", "https://medium.com/p/1", HOSTILE, "draft")],
        skipped=[Skipped(HOSTILE, HOSTILE)],
        failed=[Failed(HOSTILE, HOSTILE, 3)],
    )


def assert_inert(markdown: str) -> None:
    rendered = str(gfm(markdown))
    cells = "".join(re.findall(r"<td[^>]*>(.*?)</td>", rendered, re.DOTALL))
    assert "[x](y)" in cells
    for tag in ("<script", "<em>", "<strong>", "<code>", "<del>"):
        assert tag not in rendered.replace("<strong>Skipped</strong>", "").replace(
            "<strong>Failed</strong>", ""
        ), tag
    # The only link is the post's own URL; [x](y) stayed text.
    assert re.findall(r"<a href=\"([^\"]*)\"", rendered) == ["https://medium.com/p/1"]
    assert "[x](y)" in rendered
    assert "alert(1)" in cells  # shown as text, not dropped
    # Nobody is pinged and no issue is referenced: a zero-width space follows @ and #.
    assert not re.search(r"@[A-Za-z0-9]", markdown)
    assert not re.search(r"#[0-9]", markdown.split("<!-- medium-publish-ledger")[0])
    # Every row of every table has exactly its header's number of cells.
    for table_html in re.findall(r"<table>.*?</table>", rendered, re.DOTALL):
        header = len(re.findall(r"<th[ >]", table_html.split("</thead>")[0]))
        for row in re.findall(r"<tr>(.*?)</tr>", table_html.split("</thead>")[1], re.DOTALL):
            assert len(re.findall(r"<td[ >]", row)) == header, row


def test_a_hostile_cell_is_inert_in_the_job_summary() -> None:
    text = summary_markdown(hostile_result())
    assert text.count("<table>") == 0  # Markdown, not HTML
    assert_inert(text)
    assert len(re.findall(r"<table>", str(gfm(text)))) == 3


def test_a_hostile_cell_is_inert_in_the_commit_comment() -> None:
    body = render_comment(hostile_result(), [])
    human = body.split("<!-- medium-publish-ledger")[0].removeprefix("<!-- medium-publish -->")
    assert_inert(human)
    assert len(re.findall(r"<table>", str(gfm(human)))) == 3


def test_both_use_the_same_cell() -> None:
    summary = summary_markdown(RunResult(skipped=[Skipped("a.md", HOSTILE)]))
    comment = render_comment(RunResult(skipped=[Skipped("a.md", HOSTILE)]), [])
    assert f"| a.md | {cell(HOSTILE)} |" in summary
    assert f"| a.md | {cell(HOSTILE)} |" in comment


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("https://medium.com/@u/a-1", True),
        ("javascript:alert(1)", False),
        ("https://x.org/a)b", False),
        ("", False),
    ],
)
def test_links_only_for_plain_http_urls(url: str, linked: bool) -> None:
    assert link("T", url).startswith("[T](") is linked


def test_urls_keep_their_link_but_trailing_emphasis_is_escaped() -> None:
    assert cell("see https://x.org/a_b*c* now") == "see https://x.org/a_b*c\\* now"
    assert cell("at https://medium.com/@u/a.") == "at https://medium.com/@u/a\\."[:-2] + "."


def test_long_tables_say_how_many_rows_are_left_out() -> None:
    lines = table(("A", "B"), [("1", "2")] * 5, limit=2)
    assert lines[-2] == "| _… and 3 more (see the job summary)_ | |"
    assert cell("x" * 10, limit=5) == "xxxx…"
