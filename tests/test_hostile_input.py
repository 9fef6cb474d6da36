"""Broken and hostile files: each fails alone with an error naming it; the rest is published."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from helpers import run_cli, write

from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN

GOOD = "# Good\n\nFine.\n"
BROKEN: dict[str, tuple[str | bytes, str]] = {
    "bad-yaml.md": ("---\ntitle: x\ntags: [a\n---\nText\n", "invalid YAML front matter on line"),
    "not-mapping.md": ("---\njust a string\n---\nText\n", "must be a mapping"),
    "latin1.md": ("# Caf\xe9\n\nText\n".encode("latin-1"), "not valid UTF-8"),
    "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks binary"),
    "huge.md": (b"# Big\n\n" + b"word " * 250_000, "over the limit"),
    "empty.md": ("---\ntitle: Nothing here\n---\n\n", "no text"),
    "missing-image.md": ("# Pic\n\nText\n\n![gone](nope.png)\n", "nope.png"),
    "escape.md": ("# Pic\n\n![secret](../../outside.png)\n", "leaves the workspace"),
    "bad-status.md": ("---\npublish_status: live\n---\nText\n", "publish_status: live"),
}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    files: dict[str, str | bytes] = {"posts/good.md": GOOD, "posts/logo.svg": "<svg/>"}
    files.update({f"posts/{name}": content for name, (content, _) in BROKEN.items()})
    write(root, files)
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    return root


def run(workspace: Path, server: SandboxServer, files: str = "posts/*.md", **extra: str):
    env = {
        "MEDIUM_TOKEN": DEFAULT_TOKEN,
        "MEDIUM_API_URL": server.url,
        "MEDIUM_FILES": files,
        "MEDIUM_OUTPUT_JSON": str(workspace.parent / "result.json"),
        **extra,
    }
    done = run_cli([], cwd=workspace, env=env)
    return done, json.loads((workspace.parent / "result.json").read_text())


def test_every_broken_file_fails_alone_with_a_specific_error(
    workspace: Path, sandbox: SandboxServer
) -> None:
    done, result = run(workspace, sandbox)
    assert done.returncode == 1
    assert [post["file"] for post in result["posts"]] == ["posts/good.md"]
    errors = {item["file"].removeprefix("posts/"): item["error"] for item in result["failed"]}
    assert set(errors) == set(BROKEN)
    for name, (_, expected) in BROKEN.items():
        assert expected in errors[name], (name, errors[name])
    assert "Traceback" not in done.stdout
    assert len(sandbox.sandbox.posts) == 1


def test_an_svg_image_leaves_only_itself_out(workspace: Path, sandbox: SandboxServer) -> None:
    write(workspace, {"posts/svg.md": "# Pic\n\nBefore.\n\n![logo](logo.svg)\n\nAfter.\n"})
    done, result = run(workspace, sandbox, files="posts/svg.md")
    assert done.returncode == 0, done.stdout
    assert [post["file"] for post in result["posts"]] == ["posts/svg.md"]
    [post] = sandbox.sandbox.posts
    assert "Before." in post["content"] and "After." in post["content"]
    assert "logo.svg" not in post["content"] and "<figure" not in post["content"]
    assert sandbox.sandbox.images == []
    assert "image 'logo.svg' (line 5) left out: SVG is not supported by Medium" in done.stdout


def test_raw_html_svg_and_template_images_leave_only_themselves_out(
    workspace: Path, sandbox: SandboxServer
) -> None:
    """An MkDocs page's XHTML ``<img … />`` of an SVG, and a mkdocs-macros loop's
    ``<img src="{{ sponsor.img }}">``: each left out with a warning, the post published."""
    body = (
        "# Pics\n\nBefore.\n\n"
        '<div class="cards">\n  <img src="logo.svg" />\n</div>\n\n'
        "{% for sponsor in sponsors %}\n"
        '<a href="{{ sponsor.url }}"><img src="{{ sponsor.img }}"></a>\n'
        "{% endfor %}\n\nAfter.\n"
    )
    write(workspace, {"posts/raw.md": body})
    done, result = run(workspace, sandbox, files="posts/raw.md")
    assert done.returncode == 0, done.stdout
    assert [post["file"] for post in result["posts"]] == ["posts/raw.md"]
    [post] = sandbox.sandbox.posts
    assert "Before." in post["content"] and "After." in post["content"]
    assert "logo.svg" not in post["content"] and "sponsor.img" not in post["content"]
    assert "<figure></figure>" not in post["content"] and sandbox.sandbox.images == []
    assert "image 'logo.svg' (line 6) left out: SVG is not supported by Medium" in done.stdout
    assert "image '{{ sponsor.img }}' (line 10) left out: its address is a template" in (
        done.stdout
    )


def test_a_symlink_escaping_the_workspace_is_refused(
    workspace: Path, sandbox: SandboxServer
) -> None:
    os.symlink(workspace.parent / "outside.png", workspace / "posts" / "inside.png")
    write(workspace, {"posts/link.md": "# Link\n\n![x](inside.png)\n"})
    done, result = run(workspace, sandbox, files="posts/link.md,posts/good.md")
    assert done.returncode == 1
    assert "symlink that leads outside the workspace" in result["failed"][0]["error"]
    assert sandbox.sandbox.images == []


def test_a_markdown_symlink_out_of_the_workspace_is_refused(
    workspace: Path, sandbox: SandboxServer
) -> None:
    (workspace.parent / "secret.md").write_text("# Secret\n\nprivate\n")
    os.symlink(workspace.parent / "secret.md", workspace / "posts" / "leak.md")
    for files in ("posts/leak.md,posts/good.md", "posts/*.md"):
        sandbox.sandbox.reset()
        (workspace / ".medium/published.json").unlink(missing_ok=True)
        done, result = run(workspace, sandbox, files=files)
        assert done.returncode == 1
        errors = {item["file"]: item["error"] for item in result["failed"]}
        assert "outside the workspace" in errors["posts/leak.md"]
        assert "Good" in [post["title"] for post in sandbox.sandbox.posts]
        assert all("private" not in post["content"] for post in sandbox.sandbox.posts)


def test_warnings_do_not_stop_a_post(workspace: Path, sandbox: SandboxServer) -> None:
    long_title = "A title that goes on " * 8
    write(
        workspace,
        {
            "posts/warn.md": (
                f"---\ntitle: {long_title}\n"
                "tags: [one, two, three, four, a-tag-much-longer-than-25-chars]\n---\nText\n"
            )
        },
    )
    done, _ = run(workspace, sandbox, files="posts/warn.md")
    assert done.returncode == 0
    post = sandbox.sandbox.posts[0]
    assert len(post["title"]) <= 100 and post["tags"] == ["one", "two", "three"]
    assert "shortened" in done.stdout and "four" in done.stdout


def test_paths_outside_the_workspace_in_files_are_a_setting_error(
    workspace: Path, sandbox: SandboxServer
) -> None:
    done, _ = run(workspace, sandbox, files="../outside.md")
    assert done.returncode == 2
    assert "../outside.md" in done.stdout


def test_titles_and_paths_cannot_start_workflow_commands(
    workspace: Path, sandbox: SandboxServer
) -> None:
    write(
        workspace,
        {
            "posts/::error::evil.md": (
                '---\ntitle: "::add-mask::visible"\n---\n::set-output name=count::99\n'
            ),
            "posts/bad.md": "---\ntitle: [\n---\n",
        },
    )
    output = workspace.parent / "output.txt"
    done, _ = run(
        workspace, sandbox, files="posts/*.md", GITHUB_ACTIONS="true", GITHUB_OUTPUT=str(output)
    )
    ours = ("::error ", "::error::", "::warning ", "::warning::", "::group::", "::endgroup::")
    for line in done.stdout.splitlines():
        if line.lstrip().startswith("::"):
            assert line.startswith(ours), line
            assert "::add-mask::" not in line.split("::", 2)[1], line
    assert "::error file=posts/bad.md,line=" in done.stdout
    text = output.read_text()
    assert "count<<" in text and text.count("\ncount<<") + text.startswith("count<<") == 1


def test_what_used_to_end_the_whole_run_now_costs_only_its_file(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """A file name that is not UTF-8, symlink loops under the glob, a marked section that trips
    html.parser, a day that does not exist: each used to stop every post with
    "unexpected …Error"."""
    root = tmp_path / "blog"
    write(
        root,
        {
            "posts/good.md": GOOD,
            "posts/html.md": "# HTML\n\n<div><![foo[x]]> kept</div>\n\n<div>\n<![ x\n</div>\n",
        },
    )
    (root / os.fsdecode(b"posts/caf\xe9.md")).write_text(GOOD)
    os.symlink("loop2.md", root / "posts/loop1.md")
    os.symlink("loop1.md", root / "posts/loop2.md")
    os.makedirs(root / "posts/dir")
    os.symlink("../dir", root / "posts/dir/again")  # a directory loop under the glob
    done, result = run(root, sandbox, files="posts/**/*.md")
    assert done.returncode == 1, done.stdout
    assert "unexpected" not in done.stdout and "Traceback" not in done.stdout + done.stderr
    assert sorted(post["file"] for post in result["posts"]) == ["posts/good.md", "posts/html.md"]
    errors = {item["file"]: item["error"] for item in result["failed"]}
    assert "not valid UTF-8" in errors["posts/caf\ufffd.md"]
    assert "loops" in errors["posts/loop1.md"] and "loops" in errors["posts/loop2.md"]
    html = next(post for post in sandbox.sandbox.posts if post["title"] == "HTML")
    assert "kept" in html["content"]


def test_one_file_under_two_names_is_one_post(tmp_path: Path, sandbox: SandboxServer) -> None:
    root = tmp_path / "blog"
    write(root, {"posts/a.md": GOOD})
    os.symlink("posts", root / "also")  # a symlinked folder: also/a.md is posts/a.md
    done, result = run(root, sandbox, files="posts/a.md,also/a.md")
    assert done.returncode == 0, done.stdout
    assert len(sandbox.sandbox.posts) == 1
    assert [post["file"] for post in result["posts"]] == ["posts/a.md"]
    assert "the same file as posts/a.md" in json.dumps(result["skipped"])
    again, _ = run(root, sandbox, files="also/a.md")  # later, only by its other name
    assert again.returncode == 0 and len(sandbox.sandbox.posts) == 1
