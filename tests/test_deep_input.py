"""No recursion on data (issue 19, case 18): input nested or chained deeper than Python's
recursion limit costs at most its own file, never the run.

1,200 posts that each link to the next are a chain 1,200 deep for the publication order; a
state file of nested arrays is refused as a damaged one; deeply nested Markdown renders (or
fails that file alone).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from helpers import run_cli, write

from medium_action.cli.commands import dispatch
from medium_action.errors import ConfigError
from medium_action.ledger.place import Place
from medium_action.ledger.statefile import StateFile
from medium_action.publishing.order import publication_order
from medium_action.rendering.post import parse_post

CHAIN = 1_200


def chain(count: int, suffix: str = ".md") -> dict[str, str]:
    return {
        f"posts/p{i:04d}{suffix}": f"# Post {i}\n\nNext: [post {i + 1}](p{i + 1:04d}{suffix}).\n"
        for i in range(count)
    }


def test_a_chain_longer_than_the_recursion_limit_is_ordered_leaf_first() -> None:
    count = sys.getrecursionlimit() + 200
    bodies = chain(count)
    order = publication_order({path: parse_post(body) for path, body in bodies.items()})
    assert order == sorted(bodies, reverse=True)  # each post after the one it links to


def test_the_order_keeps_every_post_once_through_cycles_and_fans() -> None:
    bodies = {
        "a.md": "[b](b.md) [c](c.md)",
        "b.md": "[c](c.md) [a](a.md)",
        "c.md": "[a](a.md) [d](d.md)",
        "d.md": "leaf",
        "e.md": "[d](d.md) [e](e.md)",
    }
    order = publication_order({path: parse_post(body) for path, body in bodies.items()})
    assert order == ["d.md", "c.md", "b.md", "a.md", "e.md"]


def test_1200_linked_posts_are_all_considered_in_one_run(tmp_path: Path) -> None:
    write(tmp_path, chain(CHAIN, ".markdown"))
    environ = {
        "GITHUB_WORKSPACE": str(tmp_path),
        "MEDIUM_DRY_RUN": "true",
        "MEDIUM_FILES": "posts/",
        "MEDIUM_OUTPUT_JSON": str(tmp_path / "result.json"),
    }
    assert dispatch([], environ) == 0
    result = json.loads((tmp_path / "result.json").read_text())
    assert result["failed"] == []
    assert len(list((tmp_path / ".medium/preview/posts").glob("*.page.html"))) == CHAIN


def test_a_state_file_nested_past_the_recursion_limit_is_refused_as_damaged(
    tmp_path: Path,
) -> None:
    path = tmp_path / "published.json"
    depth = 100_000
    path.write_text('{"version": 1, "posts": {"a.md": ' + "[" * depth + "]" * depth + "}}")
    with pytest.raises(ConfigError, match="nested too deeply"):
        StateFile(path).read(Place())


@pytest.mark.parametrize(
    "body",
    [
        "> " * 3000 + "deep\n",
        "".join("  " * i + "- item\n" for i in range(700)),
        "> - " * 1500 + "deep\n",
        "[" * 5000 + "x" + "](y)" * 5000 + "\n",
        "<div>" * 5000 + "x" + "</div>" * 5000 + "\n",
        "{{< note >}}" * 1500 + "x" + "{{< /note >}}" * 1500 + "\n",
    ],
)
def test_deeply_nested_markdown_costs_at_most_its_own_file(tmp_path: Path, body: str) -> None:
    write(tmp_path, {"posts/deep.md": "# Deep\n\n" + body, "posts/fine.md": "# Fine\n\nText.\n"})
    done = run_cli([], cwd=tmp_path, env={"MEDIUM_DRY_RUN": "true", "MEDIUM_FILES": "posts/*.md"})
    text = done.stdout + done.stderr
    assert "RecursionError" not in text and "bug" not in text, text
    assert "posts/fine.md" in text and (tmp_path / ".medium/preview/posts/fine.html").is_file()
    assert done.returncode in (0, 1)
