"""``medium-publish export``: the pages, their images' public URLs, the index, the summary, and
that nothing is recorded or sent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import mistune
import pytest
from helpers import run_cli, write
from PIL import Image

from medium_action.cli.commands import dispatch
from medium_action.cli.export_command import summary_markdown
from medium_action.publishing.export_page import ExportPost, export_page
from medium_action.reporting.tables import cell

HUGO_POST = """---
title: "Tea & biscuits"
subtitle: A short history
tags: [tea, baking, history, food, england, extra]
canonical_url: https://blog.example.org/posts/tea/
---
Intro with **bold** and `code`.

## The first brew

![the pot](pot.png "A pot of tea")

![logo](/img/logo.png)

### Steeping

```
boil()

steep(4)
```
"""


def png(path: Path, colour: str = "red") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", (40, 20), colour).save(path)


def hugo_site(root: Path) -> Path:
    write(root, {"content/posts/tea/index.md": HUGO_POST})
    png(root / "content/posts/tea/pot.png")
    png(root / "static/img/logo.png", "blue")
    return root


def _with_env(root: Path, args: tuple[str, ...], env: dict[str, str]) -> int:
    return dispatch(["export", *args], {"GITHUB_WORKSPACE": str(root), **env})


def story(page: Path) -> str:
    match = re.search(
        r'<article class="mp-post" id="mp-story" dir="auto">\n(.*)\n</article>',
        page.read_text(encoding="utf-8"),
        re.DOTALL,
    )
    assert match is not None
    return match.group(1)


def test_a_page_per_post_with_images_on_the_site(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = hugo_site(tmp_path)
    status = _with_env(
        root,
        ("content/posts/tea/index.md", "--site-url", "https://blog.example.org/"),
        {},
    )
    assert status == 0
    page = root / ".medium/export/content/posts/tea/index.html"
    html = story(page)
    assert html.startswith("<h1>Tea &amp; biscuits</h1>\n<h4>A short history</h4>\n")
    assert "<h3>The first brew</h3>" in html and "<h4>Steeping</h4>" in html
    assert "<pre>boil()<br><br>steep(4)</pre>" in html
    assert '<img src="https://blog.example.org/img/logo.png"' in html
    # the page bundle's image has no known address on the site: a placeholder, and a warning
    assert "[image content/posts/tea/pot.png: no public address;" in html
    out = capsys.readouterr().out
    assert (
        "image content/posts/tea/pot.png has no public address" in out and "image-base-url" in out
    )
    text = page.read_text(encoding="utf-8")
    for tag in ("tea", "baking", "history", "food", "england"):
        assert f'<span class="mp-tag">{tag}</span>' in text
    assert '<span class="mp-tag">extra</span>' not in text and "5 tags: extra left out" in text
    assert 'data-copy-text="https://blog.example.org/posts/tea/"' in text
    assert "https://medium.com/p/import" in text  # the post has a public address
    index = (root / ".medium/export/index.html").read_text(encoding="utf-8")
    assert 'href="content/posts/tea/index.html"' in index and "Tea &amp; biscuits" in index
    assert not (root / ".medium/published.json").exists()  # nothing recorded


def test_image_base_url_and_a_public_repository_in_github(tmp_path: Path) -> None:
    root = hugo_site(tmp_path)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"private": False}}), encoding="utf-8")
    summary = tmp_path / "summary.md"
    github = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_REPOSITORY": "writer/blog",
        "GITHUB_SHA": "a" * 40,
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_STEP_SUMMARY": str(summary),
    }
    assert _with_env(root, ("content/posts/tea/index.md",), github) == 0
    html = story(root / ".medium/export/content/posts/tea/index.html")
    raw = f"https://raw.githubusercontent.com/writer/blog/{'a' * 40}"
    assert f'src="{raw}/content/posts/tea/pot.png"' in html
    assert f'src="{raw}/static/img/logo.png"' in html
    written = summary.read_text(encoding="utf-8")
    assert "### Exported for Medium's editor (1)" in written
    assert " | .medium/export/content/posts/tea/index.html |" in written
    assert "actions/upload-artifact" in written

    flags = ("content/posts/tea/index.md", "--image-base-url", "https://cdn.example/b/")
    assert _with_env(root, flags, github) == 0
    html = story(root / ".medium/export/content/posts/tea/index.html")
    assert 'src="https://cdn.example/b/content/posts/tea/pot.png"' in html


def test_a_private_repository_gives_no_raw_urls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = hugo_site(tmp_path)
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"repository": {"private": True}}), encoding="utf-8")
    env = {"GITHUB_REPOSITORY": "w/b", "GITHUB_SHA": "b" * 40, "GITHUB_EVENT_PATH": str(event)}
    assert _with_env(root, ("content/posts/tea/index.md",), env) == 0
    html = story(root / ".medium/export/content/posts/tea/index.html")
    assert "raw.githubusercontent.com" not in html
    assert html.count("no public address") == 2


def test_a_jekyll_post_and_a_missing_file_fail_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A variant: Jekyll's ``_posts`` with an ``/assets/`` image, a ``#`` title, and a glob."""
    write(
        tmp_path,
        {
            "_posts/2024-05-01-notes.md": "---\nlayout: post\n---\n# Field notes\n\nText.\n\n"
            "![map](/assets/map.png)\n\n## Day one\n\n> quoted\n",
            "_posts/2024-05-02-broken.md": "---\ntags: {a: 1}\n---\nText.\n",
            "state.json": "{}",
        },
    )
    png(tmp_path / "assets/map.png")
    before = (tmp_path / "state.json").read_bytes()
    status = _with_env(
        tmp_path,
        (
            "_posts/*.md",
            "_posts/nope.md",
            "--image-base-url",
            "https://raw.example/",
            "--state-file",
            "state.json",
        ),
        {},
    )
    assert status == 1
    html = story(tmp_path / ".medium/export/_posts/2024-05-01-notes.html")
    assert html.startswith("<h1>Field notes</h1>\n")
    assert '<img src="https://raw.example/assets/map.png"' in html
    assert "<h3>Day one</h3>\n<blockquote>" in html  # the first level under the title: large
    out = capsys.readouterr().out
    assert "_posts/nope.md" in out and "no such file" in out
    assert "_posts/2024-05-02-broken.md" in out and "tags" in out
    assert "1 exported, 2 failed" in out
    assert (tmp_path / "state.json").read_bytes() == before


def test_a_bad_setting_is_exit_2(tmp_path: Path) -> None:
    write(tmp_path, {"a.md": "# A\n\nText.\n"})
    assert _with_env(tmp_path, ("a.md", "--image-base-url", "not a url"), {}) == 2
    assert not (tmp_path / ".medium").exists()


def test_the_program_lists_export_and_runs_it(tmp_path: Path) -> None:
    write(tmp_path, {"a.md": "# A\n\nText.\n"})
    listed = run_cli(["help"], cwd=tmp_path, env={})
    assert re.search(r"^  export\s+write a page per FILE", listed.stdout, re.MULTILINE)
    done = run_cli(["export", "a.md", "--export-dir", "out"], cwd=tmp_path, env={})
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "out/a.html").is_file() and (tmp_path / "out/index.html").is_file()
    assert "Pages to copy into Medium's editor: out/index.html" in done.stdout


def test_the_page_without_canonical_url_has_no_import_steps() -> None:
    page = export_page(ExportPost(path="a.md", title="A", content="<h1>A</h1>"))
    assert "medium.com/p/import" not in page and "Canonical URL: none" in page
    script_src = re.search(r"script-src ([^;]*);", page)
    assert script_src is not None and script_src.group(1).startswith("'sha256-")
    assert "unsafe" not in script_src.group(1)


HOSTILE_TITLE = "| @octocat <script>alert(1)</script> [x](y) *a* `c` ~d~ #12\n| next\r\nrow"


def test_the_export_summary_makes_hostile_text_inert_as_the_run_summary_does() -> None:
    """Titles, paths and errors go through the job summary's one escaping (``cell``): a ``|``
    cannot split a cell, a newline cannot end a row, no tag, code span, link or mention."""
    text = summary_markdown(
        [("a|b.md", HOSTILE_TITLE, ".medium/export/a|b.html")],
        [("c`d.md", "bad <b>html</b>\nsecond line")],
        ".medium/export",
    )
    assert f"| {cell('a|b.md')} | {cell(HOSTILE_TITLE)} | {cell('.medium/export/a|b.html')} |" in (
        text
    )
    assert f"| {cell('c`d.md')} | {cell('bad <b>html</b> second line')} |" in text
    rendered = str(mistune.create_markdown(plugins=["table", "strikethrough"])(text))
    for tag in ("<script", "<b>", "<em>", "<code>c", "<del>", "<a "):
        assert tag not in rendered, tag
    assert "alert(1)" in rendered and "[x](y)" in rendered  # shown as text, not dropped
    assert not re.search(r"@[A-Za-z0-9]|#[0-9]", text)
    for table_html in re.findall(r"<table>.*?</table>", rendered, re.DOTALL):
        header = len(re.findall(r"<th[ >]", table_html.split("</thead>")[0]))
        for row in re.findall(r"<tr>(.*?)</tr>", table_html.split("</thead>")[1], re.DOTALL):
            assert len(re.findall(r"<td[ >]", row)) == header, row
    assert len(re.findall(r"<table>", rendered)) == 2


def test_an_inline_data_image_and_a_draft_are_exported_with_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A ``data:`` image has no address Medium can fetch; a file a run would skip (a draft by
    its front matter) is still exported, saying so."""
    pixel = (
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5E"
        "rkJggg=="
    )
    write(
        tmp_path,
        {
            "notes.md": "---\ntitle: Notes\npublished: false\n---\nText.\n\n"
            f"![dot](data:image/png;base64,{pixel})\n"
        },
    )
    assert _with_env(tmp_path, ("notes.md", "--image-base-url", "https://cdn.example/"), {}) == 0
    html = story(tmp_path / ".medium/export/notes.html")
    assert "base64" not in html and "file:" not in html
    assert "[image (a data: URI in the text): no public address;" in html
    out = capsys.readouterr().out
    assert "an image written as a data: URI has no address Medium can fetch" in out
    assert "a run would skip this file" in out and "exported anyway" in out


def test_the_index_keeps_the_pages_of_earlier_exports(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "posts/a.md": "# Alpha & co\n\nText.\n",
            "posts/b.md": "# Beta\n\nText.\n",
            ".medium/export/notes.html": "<html><title>not an export</title></html>",
        },
    )
    assert _with_env(tmp_path, ("posts/a.md",), {}) == 0
    assert _with_env(tmp_path, ("posts/b.md",), {}) == 0
    index = (tmp_path / ".medium/export/index.html").read_text(encoding="utf-8")
    assert index.count("page to copy") == 2 and "notes.html" not in index
    assert index.index('href="posts/a.html"') < index.index('href="posts/b.html"')
    assert "Alpha &amp; co" in index and "Posts exported for Medium (2)" in index


def test_the_page_shows_five_tags_at_most() -> None:
    tags = ("a", "b", "c", "d", "e", "f")
    page = export_page(ExportPost(path="a.md", title="A", content="<h1>A</h1>", tags=tags))
    assert page.count('<span class="mp-tag">') == 5 and "f left out" in page


def test_a_docusaurus_site_in_a_subfolder(tmp_path: Path) -> None:
    """A variant: the site in ``website/``, a site-root image found in ``website/static``."""
    write(
        tmp_path,
        {
            "website/blog/2024-01-01-launch.md": "---\ntitle: Launch\n---\n![shot](/img/s.png)\n",
        },
    )
    png(tmp_path / "website/static/img/s.png")
    flags = ("website/blog/*.md", "--site-url", "https://docs.example.org/")
    assert _with_env(tmp_path, flags, {}) == 0
    html = story(tmp_path / ".medium/export/website/blog/2024-01-01-launch.html")
    assert '<img src="https://docs.example.org/img/s.png" alt="shot">' in html


def test_hostile_front_matter_stays_text(tmp_path: Path) -> None:
    write(
        tmp_path,
        {
            "x.md": "---\ntitle: '</title><script>alert(1)</script>'\n"
            "tags: ['\"><img src=x onerror=alert(2)>']\n---\n<script>alert(3)</script>\n\nText.\n"
        },
    )
    assert _with_env(tmp_path, ("x.md",), {}) == 0
    page = (tmp_path / ".medium/export/x.html").read_text(encoding="utf-8")
    assert "alert(1)</script>" not in page and "<img src=x" not in page
    assert "alert(3)" not in page
    assert page.count("<script>") == 1  # the page's own, allowed by its hash
