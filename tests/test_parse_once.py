"""Every post's Markdown is parsed once per run, however many readers it has (issue 10 #2)."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from helpers import write

from medium_action import cli
from medium_action.rendering import post as post_module
from medium_action.rendering.post import parse_post
from medium_action.rendering.render import render_html, render_markdown

BODY = (
    "# {title}\n\nSee [the other][o] and ![pic](https://e.test/p.png).\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\nA note[^n].\n\n[^n]: The note.\n[^u]: Unused.\n\n"
    "[o]: ./{other}.md\n"
)


class CountingParser:
    """mistune's parser, counting the documents it is asked to parse."""

    def __init__(self, parser: Any) -> None:
        self.parser = parser
        self.parsed: list[str] = []

    def parse(self, text: str, state: Any = None) -> Any:
        self.parsed.append(text)
        return self.parser.parse(text, state)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.parser, name)


def test_a_dry_run_parses_each_post_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "workspace"
    write(
        root,
        {
            "posts/a.md": BODY.format(title="Alpha", other="b"),
            "posts/b.md": BODY.format(title="Beta", other="a"),
        },
    )
    counting = CountingParser(None)
    real = post_module.markdown_for

    def counting_for(dialect: str | None) -> CountingParser:
        counting.parser = real(dialect)  # each dialect's parser, the documents counted once
        return counting

    monkeypatch.setattr(post_module, "markdown_for", counting_for)
    environ = {"GITHUB_WORKSPACE": str(root), "HOME": str(tmp_path)}
    monkeypatch.chdir(root)
    status = cli.run({"files": "posts/*.md", "dry_run": True}, environ)
    assert status == 0
    assert (root / ".medium/preview").is_dir()
    assert sorted(text.split("\n")[0] for text in counting.parsed) == ["# Alpha", "# Beta"]


def test_rendering_leaves_the_parsed_post_as_it_was() -> None:
    """A post rendered for a preview and again for Medium gives the same both times."""
    post = parse_post(BODY.format(title="Alpha", other="b") + "\n<div><b>raw</div>\n")
    before = copy.deepcopy((list(post.tokens), list(post.notes)))
    first = render_html(post, title="Alpha", link_resolver=lambda href: "https://m/b")
    markdown = render_markdown(post, title="Alpha", image_urls={"x": "y"})
    again = render_html(post, title="Alpha", link_resolver=lambda href: "https://m/b")
    assert (list(post.tokens), list(post.notes)) == before
    assert first == again
    assert "A note[1]." in markdown.content and "1. The note." in markdown.content
    assert post.images()[0].src == "https://e.test/p.png"
