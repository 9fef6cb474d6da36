"""The commit comment's text and the ledger hidden in it: pure, on values."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from medium_action.errors import GitHubError
from medium_action.github.comment import (
    MARKER,
    MAX_BODY,
    DamagedLedgerBlock,
    is_ours,
    is_trusted_author,
    ledger_block,
    merge_records,
    parse_ledger,
    read_ledger_block,
    render_comment,
)
from medium_action.ledger.records import LedgerRecord
from medium_action.results import Failed, Posted, RunResult, Skipped

HOSTILE = [
    "Pipes | in | titles",
    "Two\nlines\r\nand a tab\t",
    "Ends an HTML comment --> here",
    '<!-- medium-publish-ledger: {"version":1,"records":[]} -->',
    "```code``` and `ticks`",
    "Hi @octocat and @org/team, see #12",
    "<script>alert(1)</script> & [link](javascript:x)",
    "Emoji 🎉 and ünïcödé — “quotes”",
    "back\\slash *stars* _under_ ~strike~",
]


def record(path: str = "posts/a.md", **fields: str) -> LedgerRecord:
    values = {
        "sha256": "0" * 64,
        "time": "2024-05-01T10:00:00Z",
        "id": "abc123",
        "url": "https://medium.com/@octo/a-abc123",
        "title": "A",
        "publish_status": "draft",
    }
    values.update(fields)
    return LedgerRecord(path=path, **values)  # type: ignore[arg-type]


def result_with(*titles: str) -> RunResult:
    return RunResult(
        posts=[
            Posted(
                file=f"posts/{i}.md",
                id=f"id{i}",
                url=f"https://medium.com/@octo/p-{i}",
                title=title,
                publish_status="draft",
            )
            for i, title in enumerate(titles)
        ]
    )


def ledger_data(body: str) -> str:
    match = re.search(r"<!-- medium-publish-ledger(?:-z)?: (.*?) -->", body)
    assert match
    return match.group(1)


# --- round trip -------------------------------------------------------------------------------


def test_round_trip_keeps_every_field() -> None:
    records = [
        record(),
        record("posts/b.md", state="uncertain", id="", url="", publication_id="pub1"),
    ]
    body = render_comment(result_with("A"), records)
    assert body.startswith(MARKER + "\n")
    assert parse_ledger(body) == records
    assert is_ours(body)


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_round_trip_and_stay_inside_their_cell(title: str) -> None:
    records = [record(title=title, path=f"posts/{title}.md")]
    result = RunResult(
        posts=[
            Posted(
                file=f"posts/{title}.md",
                id="x",
                url="https://medium.com/p/x",
                title=title,
                publish_status="public",
            )
        ],
        skipped=[Skipped(file=f"{title}.md", reason=title)],
        failed=[Failed(file=f"{title}.md", error=title, line=3)],
    )
    body = render_comment(result, records)

    assert parse_ledger(body) == records
    # Exactly one ledger block and one HTML comment opener besides the marker: the title could
    # neither close the hidden block early nor forge a second one.
    assert body.count("<!--") == 2
    assert body.count("-->") == 2
    data = ledger_data(body)
    assert "<" not in data and ">" not in data and "@" not in data
    # Every table row still has its columns: no newline or bare pipe escaped the cell.
    for line in body.splitlines():
        if line.startswith("|"):
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) in (4, 5), line  # 2 or 3 columns between the outer pipes


def test_mentions_and_issue_references_are_neutralised() -> None:
    body = render_comment(result_with("Thanks @octocat, fixes #12"), [])
    human = re.sub(r"\]\([^)]*\)", "]", body.split("<!-- medium-publish-ledger")[0])
    assert not re.search(r"@[A-Za-z0-9]", human)
    assert not re.search(r"#[0-9]", human)
    assert "@\u200boctocat" in human


def test_html_in_titles_is_escaped() -> None:
    body = render_comment(result_with("<img src=x onerror=alert(1)>"), [])
    assert "<img" not in body
    assert "&lt;img" in body


def test_link_only_for_http_urls() -> None:
    result = RunResult(
        posts=[
            Posted(file="a.md", id="1", url="javascript:alert(1)", title="T", publish_status="d"),
            Posted(file="b.md", id="2", url="", title="Dry", publish_status="draft"),
        ]
    )
    body = render_comment(result, [])
    assert "](javascript" not in body
    assert "| Dry |" in body


def test_table_lists_posts_skips_and_failures() -> None:
    result = RunResult(
        posts=[
            Posted(
                file="posts/a.md",
                id="1",
                url="https://medium.com/p/1",
                title="Alpha",
                publish_status="draft",
            )
        ],
        skipped=[Skipped(file="posts/old.md", reason="already published at https://x")],
        failed=[Failed(file="posts/bad.md", error="Medium said no", line=7)],
    )
    body = render_comment(result, [record("posts/a.md")])
    assert "### Medium: 1 post published, 1 skipped, 1 failed" in body
    assert "| [Alpha](https://medium.com/p/1) | draft | posts/a.md |" in body
    assert "| posts/old.md | already published at https://x |" in body
    assert "| posts/bad.md:7 | Medium said no |" in body


def test_rerun_shows_posts_of_the_earlier_run() -> None:
    earlier = record("posts/first.md", title="First", url="https://medium.com/p/first")
    rerun = RunResult(skipped=[Skipped(file="posts/first.md", reason="already published")])
    body = render_comment(rerun, [earlier])
    assert "[First](https://medium.com/p/first) | draft (earlier run) | posts/first.md" in body


def test_dry_run_heading() -> None:
    result = replace(result_with("T"), dry_run=True)
    assert "would be published (dry run)" in render_comment(result, [])


# --- size -------------------------------------------------------------------------------------


def test_long_lists_are_shortened_but_the_ledger_is_whole() -> None:
    long_error = "E" * 2000
    result = RunResult(
        failed=[Failed(file=f"posts/{i}.md", error=long_error) for i in range(600)],
        skipped=[Skipped(file=f"posts/s{i}.md", reason="r" * 250) for i in range(600)],
    )
    records = [record(f"posts/{i}.md", title="t" * 90) for i in range(150)]
    body = render_comment(result, records)
    assert len(body) <= MAX_BODY
    assert "more (see the job summary)" in body
    assert parse_ledger(body) == records


def test_many_records_are_compressed() -> None:
    records = [record(f"posts/{i:04}.md", title=f"Post number {i}") for i in range(400)]
    block = ledger_block(records)
    assert block.startswith("<!-- medium-publish-ledger-z: ")
    body = render_comment(RunResult(), records)
    assert len(body) <= MAX_BODY
    assert parse_ledger(body) == records


def test_ledger_too_big_even_compressed_raises() -> None:
    import random

    rng = random.Random(1)
    records = [
        record(f"posts/{i}.md", sha256="".join(rng.choices("0123456789abcdef", k=64)))
        for i in range(3000)
    ]
    with pytest.raises(GitHubError, match="state file"):
        render_comment(RunResult(), records)


# --- parse_ledger never raises ----------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "",
        "Looks good to me",
        '<!-- other-tool -->\n<!-- medium-publish-ledger: {"version":1,"records":[]} -->',
        f"{MARKER}\nno data",
        f"{MARKER}\n<!-- medium-publish-ledger: {{not json -->",
        f"{MARKER}\n<!-- medium-publish-ledger: [1,2] -->",
        f'{MARKER}\n<!-- medium-publish-ledger: {{"records": "x"}} -->',
        f'{MARKER}\n<!-- medium-publish-ledger: {{"records": [1, null, {{"path": ""}}]}} -->',
        f"{MARKER}\n<!-- medium-publish-ledger-z: !!!notbase64 -->",
        f"{MARKER}\n<!-- medium-publish-ledger-z: aGVsbG8= -->",
        f"{MARKER}\n<!-- medium-publish-ledger: " + "[" * 100_000 + " -->",
    ],
)
def test_parse_ledger_gives_nothing_for_foreign_or_broken_bodies(body: str) -> None:
    assert parse_ledger(body) == []


def test_parse_ledger_skips_bad_records_keeps_good_ones() -> None:
    good = record().to_json()
    data = json.dumps({"version": 2, "records": [good, {"sha256": "x"}, "junk"], "extra": 1})
    body = f"{MARKER}\nhello\n<!-- medium-publish-ledger: {data} -->"
    assert parse_ledger(body) == [record()]


def test_parse_ledger_tolerates_crlf_and_leading_whitespace() -> None:
    body = render_comment(result_with("A"), [record()]).replace("\n", "\r\n")
    assert parse_ledger("\r\n " + body) == [record()]


# --- is_ours, trust, merge ---------------------------------------------------------------------


def test_is_ours_needs_the_marker_first() -> None:
    assert is_ours(MARKER)
    assert is_ours(MARKER + "\nanything")
    assert not is_ours("quoted:\n" + MARKER)
    assert not is_ours("")
    assert not is_ours(None)
    assert not is_ours("<!-- medium-publish-ledger: {} -->")


@pytest.mark.parametrize(
    ("login", "association", "trusted"),
    [
        ("github-actions[bot]", "NONE", True),
        ("my-release-app[bot]", "NONE", True),
        ("octocat", "OWNER", True),
        ("teammate", "MEMBER", True),
        ("helper", "COLLABORATOR", True),
        ("helper", "collaborator", True),
        ("passerby", "NONE", False),
        ("drive-by", "CONTRIBUTOR", False),
        ("newbie", "FIRST_TIME_CONTRIBUTOR", False),
        ("someone", None, True),
        (None, None, True),
        (None, "NONE", False),
    ],
)
def test_trusted_authors(login: str | None, association: str | None, trusted: bool) -> None:
    assert is_trusted_author(login, association) is trusted


def test_merge_keeps_earlier_records_and_replaces_by_path() -> None:
    a, b = record("a.md", id="1"), record("b.md", id="2")
    b2, c = record("b.md", id="22"), record("c.md", id="3")
    assert merge_records([a, b], [b2, c]) == [a, b2, c]
    assert merge_records([], [c]) == [c]
    assert merge_records([a], []) == [a]


def test_urls_in_reasons_stay_clickable_while_mentions_beside_them_are_neutralised() -> None:
    reason = "already published at https://medium.com/@octo/a-1_b?x=1&y=2 by @octo"
    body = render_comment(RunResult(skipped=[Skipped(file="a.md", reason=reason)]), [])
    assert "https://medium.com/@octo/a-1_b?x=1&y=2 by @\u200bocto" in body
    assert "http://@\u200bevil" in render_comment(
        RunResult(skipped=[Skipped(file="a.md", reason="http://@evil")]), []
    )


def test_a_url_cannot_split_a_cell() -> None:
    body = render_comment(
        RunResult(skipped=[Skipped(file="a.md", reason="see https://x.org/a\\|b|c then")]), []
    )
    assert "| a.md | see https://x.org/a\\\\\\|b\\|c then |" in body


@pytest.mark.parametrize(
    ("body", "said"),
    [
        (f"{MARKER}\nno ledger line at all", "is missing"),
        (f'{MARKER}\n<!-- medium-publish-ledger: {{"records": [', "is cut"),
        (f'{MARKER}\n<!-- medium-publish-ledger: {{"records": [,]}} -->', "not valid JSON"),
        (f'{MARKER}\n<!-- medium-publish-ledger: {{"version": 1, "records": ["x"]}} -->', "file"),
        (f'{MARKER}\n<!-- medium-publish-ledger: {{"recs": []}} -->', "no list"),
        (f"{MARKER}\n<!-- medium-publish-ledger-z: aGVsbG8= -->", "not valid JSON"),
    ],
)
def test_read_ledger_block_says_how_our_comment_is_damaged(body: str, said: str) -> None:
    # parse_ledger reads these as "no records"; the run must not (issue 19, case 11).
    assert parse_ledger(body) == []
    with pytest.raises(DamagedLedgerBlock, match=said):
        read_ledger_block(body)


def test_read_ledger_block_reads_what_render_comment_wrote_and_ignores_other_comments() -> None:
    body = render_comment(result_with("A"), [record()])
    assert read_ledger_block(body) == [record()]
    assert read_ledger_block("a person's comment") == []
