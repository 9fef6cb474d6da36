"""``targets: medium-export``: a run writes a page per post for Medium's editor, records
nothing, and a later run with a token still publishes the file (the real program, the sandbox
over loopback)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import read_outputs, run_cli, write

from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN

POST = (
    "---\ntitle: Paste me\ntags: [a, b]\n---\n# Paste me\n\nHello **there**.\n\n## Part\n\nMore.\n"
)
BROKEN = "---\ntitle: [unclosed\n---\nBody.\n"


def test_an_export_run_writes_pages_records_nothing_and_a_later_run_publishes(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    root = tmp_path / "blog"
    write(root, {"posts/a.md": POST, "posts/b.md": POST.replace("Paste me", "Second")})
    outputs = tmp_path / "outputs"
    outputs.touch()
    env = {
        "MEDIUM_TARGETS": "medium-export",
        "MEDIUM_FILES": "posts/*.md",
        "MEDIUM_OUTPUT_JSON": str(tmp_path / "result.json"),
        "GITHUB_OUTPUT": str(outputs),
        "MEDIUM_COMMENT": "false",
    }
    exported = run_cli([], cwd=root, env=env)  # no token at all: an export needs none
    assert exported.returncode == 0, exported.stdout + exported.stderr
    page = root / ".medium/export/posts/a.html"
    text = page.read_text(encoding="utf-8")
    assert "Copy for Medium" in text and "<strong>there</strong>" in text
    assert (root / ".medium/export/index.html").is_file()
    posts = json.loads((tmp_path / "result.json").read_text())["posts"]
    assert sorted((p["file"], p["target"], p["url"]) for p in posts) == [
        ("posts/a.md", "medium-export", ".medium/export/posts/a.html"),
        ("posts/b.md", "medium-export", ".medium/export/posts/b.html"),
    ]
    values = read_outputs(outputs)
    assert values["count"] == "0" and values["urls"] == ""  # pages are no posts
    state = root / ".medium/published.json"
    assert not state.exists() or not json.loads(state.read_text()).get("records")
    assert sandbox.sandbox.posts == []

    published = run_cli(
        [],
        cwd=root,
        env={
            "MEDIUM_FILES": "posts/a.md",
            "MEDIUM_API_URL": sandbox.url,
            "MEDIUM_TOKEN": DEFAULT_TOKEN,
            "MEDIUM_COMMENT": "false",
        },
    )
    assert published.returncode == 0, published.stdout + published.stderr
    assert [post["title"] for post in sandbox.sandbox.posts] == ["Paste me"]


def test_an_export_next_to_medium_and_a_file_that_cannot_be_read(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    root = tmp_path / "blog"
    write(root, {"posts/a.md": POST, "posts/broken.md": BROKEN})
    env = {
        "MEDIUM_TARGETS": "medium, medium-export",
        "MEDIUM_FILES": "posts/*.md",
        "MEDIUM_API_URL": sandbox.url,
        "MEDIUM_TOKEN": DEFAULT_TOKEN,
        "MEDIUM_OUTPUT_JSON": str(tmp_path / "result.json"),
        "MEDIUM_COMMENT": "false",
    }
    run = run_cli([], cwd=root, env=env)
    assert run.returncode == 1, run.stdout + run.stderr  # the broken file fails
    result = json.loads((tmp_path / "result.json").read_text())
    assert {(p["file"], p["target"]) for p in result["posts"]} == {
        ("posts/a.md", "medium"),
        ("posts/a.md", "medium-export"),
    }
    failed = {(f["file"], f["target"]) for f in result["failed"]}
    assert ("posts/broken.md", "medium-export") in failed
    assert ("posts/broken.md", "medium") in failed
    assert [post["title"] for post in sandbox.sandbox.posts] == ["Paste me"]
    assert (root / ".medium/export/posts/a.html").is_file()
