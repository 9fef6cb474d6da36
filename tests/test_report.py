"""Outputs, output-json and the job summary as text; workflow-command safety of the log."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path

from medium_action.log import Log, command, neutralise
from medium_action.reporting.outputs import json_text, output_file_text, outputs
from medium_action.reporting.summary import summary_markdown
from medium_action.reporting.write import ReportFiles, write_reports
from medium_action.results import Failed, Posted, RunResult, Skipped


def sample() -> RunResult:
    return RunResult(
        posts=[
            Posted("posts/a.md", "id1", "https://medium.com/@u/a-id1", "A | pipe", "draft"),
            Posted("posts/b.md", "id2", "https://medium.com/@u/b-id2", "B", "public", "pub1"),
        ],
        skipped=[Skipped("posts/c.md", "already published at https://medium.com/@u/c")],
        failed=[Failed("posts/d.md", "invalid YAML front matter on line 3", 3)],
    )


def parse_output_file(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    lines = iter(text.split("\n"))
    for line in lines:
        if not line:
            continue
        name, delimiter = line.split("<<", 1)
        body = list(itertools.takewhile(lambda item, d=delimiter: item != d, lines))
        values[name] = "\n".join(body)
    return values


def test_outputs_follow_the_interface() -> None:
    values = outputs(sample())
    assert values["count"] == "2"
    assert values["url"] == "https://medium.com/@u/a-id1" and values["id"] == "id1"
    assert values["urls"].split("\n") == [
        "https://medium.com/@u/a-id1",
        "https://medium.com/@u/b-id2",
    ]
    assert values["ids"] == "id1\nid2"
    posts = json.loads(values["posts"])
    assert posts[1] == {
        "file": "posts/b.md",
        "id": "id2",
        "url": "https://medium.com/@u/b-id2",
        "title": "B",
        "publish_status": "public",
        "publication_id": "pub1",
        "target": "medium",  # interface "Targets beyond Medium": every entry names its target
    }
    assert json.loads(values["skipped"]) == [
        {"file": "posts/c.md", "reason": sample().skipped[0].reason, "target": "medium"}
    ]
    assert json.loads(values["failed"]) == [
        {"file": "posts/d.md", "error": sample().failed[0].error, "target": "medium"}
    ]


def test_empty_run_still_sets_every_output() -> None:
    values = outputs(RunResult())
    assert values == {
        "posts": "[]",
        "skipped": "[]",
        "failed": "[]",
        "urls": "",
        "ids": "",
        "url": "",
        "id": "",
        "count": "0",
    }


def test_output_file_round_trips_multiline_values() -> None:
    values = outputs(sample())
    assert parse_output_file(output_file_text(values)) == values


def test_a_value_cannot_forge_another_output() -> None:
    """A title carrying a delimiter-like line and a fake output stays inside its own value."""
    delimiters = iter(["EOF", "EOF", "SAFE1", "SAFE2"])
    hostile = "x\nEOF\ncount<<EOF\n999\nEOF"
    text = output_file_text({"posts": hostile, "count": "1"}, lambda: next(delimiters))
    assert parse_output_file(text) == {"posts": hostile, "count": "1"}
    random_text = output_file_text({"posts": hostile, "count": "1"})
    assert parse_output_file(random_text) == {"posts": hostile, "count": "1"}


def test_summary_lists_posts_skips_and_failures_safely() -> None:
    text = summary_markdown(sample())
    assert "[A \\| pipe](https://medium.com/@u/a-id1)" in text
    assert "already published at https://medium.com/@u/c" in text
    assert "| posts/d.md:3 |" in text
    assert "Nothing to publish." in summary_markdown(RunResult())


def test_summary_is_capped_below_githubs_limit() -> None:
    many = RunResult(skipped=[Skipped(f"posts/{i}.md", "x" * 500) for i in range(5000)])
    text = summary_markdown(many)
    assert len(text.encode()) < 1024 * 1024
    assert "truncated" in text


def test_json_text_has_the_three_lists() -> None:
    assert set(json.loads(json_text(sample()))) == {"posts", "skipped", "failed"}


def test_no_logged_line_can_start_a_workflow_command() -> None:
    hostile = "title\n::add-mask::x\n  ::error::forged\n##[set-output name=a]b"
    out = io.StringIO()
    log = Log(github=True, stream=out)
    log.info(hostile)
    log.warning(hostile, file="a::b.md", line=3)
    with log.group(hostile):
        log.error(hostile)
    lines = out.getvalue().splitlines()
    commands = [
        line.split(" ")[0].split("::")[1] for line in lines if line.lstrip().startswith("::")
    ]
    assert commands == ["warning", "group", "error", "endgroup"]
    assert not any(line.lstrip().startswith("##[") for line in lines)
    assert "::" not in neutralise("::x").split("\u200d")[0] + "x"


def test_workflow_command_escaping() -> None:
    assert command("error", "50% done\nnext", file="a,b:c.md", line=3) == (
        "::error file=a%2Cb%3Ac.md,line=3::50%25 done%0Anext"
    )


def test_mask_only_in_github() -> None:
    out = io.StringIO()
    Log(github=False, stream=out).mask("derived-token")
    assert out.getvalue() == ""
    Log(github=True, stream=out).mask("derived-token")
    assert out.getvalue() == "::add-mask::derived-token\n"


def test_write_reports_redacts_every_file_before_escaping(tmp_path: Path) -> None:
    secret = "s3cr3t&token"  # escaped as s3cr3t&amp;token in the summary: redacted before
    result = RunResult(failed=[Failed("a.md", f"refused {secret}")])
    files = ReportFiles(tmp_path / "out", tmp_path / "summary.md", tmp_path / "r.json")
    write_reports(result, files, lambda text: text.replace(secret, "***"))
    texts = [path.read_text() for path in (files.output_file, files.summary_file, files.json_file)]
    assert all("refused" in text and "s3cr3t" not in text for text in texts)
    assert json.loads(texts[2])["failed"][0]["error"] == "refused ***"
