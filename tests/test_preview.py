"""Dry-run previews: the interface's file names, exact content, a well-formed standalone page."""

from __future__ import annotations

import base64
import os
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from medium_action.publishing.images.lookup import ImageUploader
from medium_action.publishing.preview import PreviewFiles, preview_paths, write_index, write_preview
from medium_action.workspace_files import owner_of

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)

CONTENT = (
    "<h1>Tea &amp; Biscuits</h1>\n<h2>A subtitle</h2>\n"
    "<p>Text with <code>&lt;tags&gt;</code> and <em>ünïcode</em> ✓.</p>\n"
    "<pre>if a &lt; b:\n\treturn  \n\n</pre>\n"
    '<figure><img src="https://example.com/r.png" alt="remote"><figcaption>Remote</figcaption>'
    "</figure>\n<hr>\n<blockquote>Quoted</blockquote>\n"
)


class Checker(HTMLParser):
    """Fails on anything that is not well-formed: unclosed or mismatched elements."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.doctype: str | None = None
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.problems: list[str] = []

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.problems.append(f"end tag for void </{tag}>")
        elif not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
        else:
            self.stack.pop()


def check_page(text: str) -> Checker:
    checker = Checker()
    checker.feed(text)
    checker.close()
    assert checker.problems == []
    assert checker.stack == []
    assert checker.doctype == "DOCTYPE html"
    names = [tag for tag, _ in checker.tags]
    for single in ("html", "head", "body", "title", "style"):
        assert names.count(single) == 1, single
    assert ("meta", {"charset": "utf-8"}) in checker.tags
    return checker


def assert_no_external_resources(checker: Checker, text: str) -> None:
    assert not any(tag in ("script", "link", "iframe", "object") for tag, _ in checker.tags)
    style = text[text.index("<style>") : text.index("</style>")]
    assert "@import" not in style
    assert "url(" not in style
    assert "http" not in style


def write(tmp_path: Path, **overrides: Any) -> PreviewFiles:
    fields: dict[str, Any] = {
        "content": CONTENT,
        "title": "Tea & Biscuits",
        "tags": ["food", "<tea>"],
        "publish_status": "draft",
        "canonical_url": "https://blog.example.com/tea?a=1&b=2",
        "warnings": ["Medium uses only the first three tags", "<b>odd</b> warning"],
        "owner": None,
    }
    fields.update(overrides)
    return write_preview(tmp_path / "preview", "posts/tea.md", **fields)


# -- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "content", "page"),
    [
        ("posts/tea.md", "posts/tea.html", "posts/tea.page.html"),
        ("tea.markdown", "tea.html", "tea.page.html"),
        ("a/b/v1.2.md", "a/b/v1.2.html", "a/b/v1.2.page.html"),
        ("README", "README.html", "README.page.html"),
        ("./posts/tea.md", "posts/tea.html", "posts/tea.page.html"),
        ("/posts/tea.md", "posts/tea.html", "posts/tea.page.html"),
        ("../../etc/tea.md", "__/__/etc/tea.html", "__/__/etc/tea.page.html"),
    ],
)
def test_preview_paths(tmp_path: Path, markdown: str, content: str, page: str) -> None:
    files = preview_paths(tmp_path, markdown)
    assert files == PreviewFiles(content=tmp_path / content, page=tmp_path / page)


def test_preview_paths_needs_a_file() -> None:
    with pytest.raises(ValueError, match="not a file path"):
        preview_paths(Path("out"), "/")


# -- the files -------------------------------------------------------------------------------


def test_content_file_holds_exactly_the_content(tmp_path: Path) -> None:
    files = write(tmp_path)
    assert files.content == tmp_path / "preview/posts/tea.html"
    assert files.page == tmp_path / "preview/posts/tea.page.html"
    assert files.content.read_bytes() == CONTENT.encode("utf-8")
    crlf = "<p>a\r\nb</p>\r\n"
    assert write(tmp_path, content=crlf).content.read_bytes() == crlf.encode()


def test_page_is_well_formed_and_shows_everything(tmp_path: Path) -> None:
    files = write(tmp_path)
    text = files.page.read_text(encoding="utf-8")
    checker = check_page(text)
    assert_no_external_resources(checker, text)
    assert CONTENT in text  # the content itself, unchanged (no local images to rewrite)
    assert "<title>Tea &amp; Biscuits (preview)</title>" in text
    assert '<span class="mp-status mp-status-draft">draft</span>' in text
    assert '<span class="mp-tag">food</span>' in text
    assert '<span class="mp-tag">&lt;tea&gt;</span>' in text
    assert 'href="https://blog.example.com/tea?a=1&amp;b=2"' in text
    assert "<li>Medium uses only the first three tags</li>" in text
    assert "<li>&lt;b&gt;odd&lt;/b&gt; warning</li>" in text
    assert "posts/tea.md" in text
    assert 'href="tea.html"' in text  # the exact content, one click away
    assert "Content-Security-Policy" in text


def test_a_right_to_left_post_is_laid_out_by_its_own_text(tmp_path: Path) -> None:
    hebrew = "<h1>שלום עולם</h1>\n<p>טקסט בעברית.</p>\n"
    page = write(tmp_path, content=hebrew).page.read_text(encoding="utf-8")
    assert '<article class="mp-post" dir="auto">' in page and hebrew in page
    index = write_index(
        tmp_path / "preview",
        [("posts/he.md", preview_paths(tmp_path / "preview", "posts/he.md"), "שלום")],
        None,
    )
    assert '<td dir="auto">שלום</td>' in index.read_text(encoding="utf-8")


def test_page_typography_is_medium_like(tmp_path: Path) -> None:
    text = write(tmp_path).page.read_text(encoding="utf-8")
    assert "max-width: 728px" in text and "padding: 40px 24px" in text  # a 680px column
    assert "font-size: 21px" in text
    assert re.search(r"--serif: [^;]*serif;", text)
    assert "figcaption" in text
    assert re.search(r"\.mp-post pre \{[^}]*background: var\(--code-bg\)", text)


def test_page_without_tags_canonical_or_warnings(tmp_path: Path) -> None:
    files = write(tmp_path, tags=[], canonical_url=None, warnings=[], publish_status="public")
    text = files.page.read_text(encoding="utf-8")
    check_page(text)
    assert "Tags: none" in text
    assert "Canonical URL: none" in text
    assert "mp-warnings" not in text.split("</style>", 1)[1]
    assert "mp-status-public" in text


def test_markdown_content_is_shown_as_source(tmp_path: Path) -> None:
    markdown = "# Tea\n\n<script>x</script> & more\n"
    files = write(tmp_path, content=markdown, content_format="markdown")
    assert files.content.read_text(encoding="utf-8") == markdown
    text = files.page.read_text(encoding="utf-8")
    check_page(text)
    assert "<script>" not in text
    assert (
        '<pre class="mp-source"># Tea\n\n&lt;script&gt;x&lt;/script&gt; &amp; more\n</pre>' in text
    )


# -- images on the page ----------------------------------------------------------------------


def dry_run_content(ws: Path) -> str:
    (ws / "posts/img").mkdir(parents=True)
    (ws / "posts/img/a b.png").write_bytes(PNG)
    uploader = ImageUploader(workspace=ws, upload=None, cache={})

    class Ref:
        src = "img/a%20b.png"
        line = 1

    url = uploader.urls_for([Ref()], markdown_path="posts/tea.md")["img/a%20b.png"]
    assert url.startswith("file:///")
    return f'<h1>Tea</h1>\n<figure><img src="{url}" alt="A"><figcaption>A</figcaption></figure>\n'


def test_dry_run_images_are_shown_relative_to_the_page(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    content = dry_run_content(ws)
    files = write_preview(
        ws / ".medium/preview",
        "posts/tea.md",
        content=content,
        title="Tea",
        tags=[],
        publish_status="draft",
        canonical_url=None,
        warnings=[],
        owner=None,
    )
    assert files.content.read_text(encoding="utf-8") == content  # the file URI, as "sent"
    checker = check_page(files.page.read_text(encoding="utf-8"))
    [src] = [attrs["src"] for tag, attrs in checker.tags if tag == "img"]
    assert src == "../../../posts/img/a%20b.png"
    assert src is not None
    assert (files.page.parent / src.replace("%20", " ")).resolve() == (
        ws / "posts/img/a b.png"
    ).resolve()


def test_dry_run_images_embedded_when_workspace_given(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    content = dry_run_content(ws)
    outside = tmp_path / "secret.png"
    outside.write_bytes(PNG)
    content += f'<p><img src="{outside.as_uri()}" alt="raw html"></p>\n'
    files = write_preview(
        tmp_path / "elsewhere",
        "posts/tea.md",
        content=content,
        title="Tea",
        tags=[],
        publish_status="draft",
        canonical_url=None,
        warnings=[],
        owner=None,
        workspace=ws,
    )
    checker = check_page(files.page.read_text(encoding="utf-8"))
    srcs = [attrs["src"] for tag, attrs in checker.tags if tag == "img"]
    assert srcs[0] == "data:image/png;base64," + base64.b64encode(PNG).decode()
    assert srcs[1] is not None and not srcs[1].startswith("data:")  # outside: linked, not read


# -- index and ownership ---------------------------------------------------------------------


def test_index_lists_previews(tmp_path: Path) -> None:
    preview = tmp_path / "preview"
    first = write(tmp_path)
    second = write_preview(
        preview,
        "notes/other & more.md",
        content="<h1>Other</h1>",
        title="Other <b>",
        tags=[],
        publish_status="unlisted",
        canonical_url=None,
        warnings=[],
        owner=None,
    )
    index = write_index(
        preview,
        [("posts/tea.md", first, "Tea"), ("notes/other & more.md", second, "Other <b>")],
        None,
    )
    assert index == preview / "index.html"
    text = index.read_text(encoding="utf-8")
    checker = check_page(text)
    assert "Other &lt;b&gt;" in text
    hrefs = [attrs["href"] for tag, attrs in checker.tags if tag == "a"]
    assert hrefs == [
        "posts/tea.page.html",
        "posts/tea.html",
        "notes/other%20%26%20more.page.html",
        "notes/other%20%26%20more.html",
    ]
    empty = write_index(tmp_path / "empty", [], None)
    assert "No posts to preview." in empty.read_text(encoding="utf-8")


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="handing files to another user needs root (as in the action's container)",
)
def test_files_are_handed_to_the_workspace_owner(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    ws.mkdir()
    os.chown(ws, 1001, 1001)
    owner = owner_of(ws)
    assert owner == (1001, 1001)
    preview = ws / ".medium" / "preview"
    files = write_preview(
        preview,
        "posts/deep/tea.md",
        content=CONTENT,
        title="Tea",
        tags=[],
        publish_status="draft",
        canonical_url=None,
        warnings=[],
        owner=owner,
    )
    index = write_index(preview, [("posts/deep/tea.md", files, "Tea")], owner)
    created = [
        ws / ".medium",
        preview,
        preview / "posts",
        preview / "posts/deep",
        files.content,
        files.page,
        index,
    ]
    for path in created:
        assert (path.stat().st_uid, path.stat().st_gid) == (1001, 1001), path
    assert not [p for p in ws.rglob("*") if p.stat().st_uid != 1001]


def test_dry_run_end_to_end_with_the_renderer(tmp_path: Path) -> None:
    render = pytest.importorskip("medium_action.rendering.render")
    ws = tmp_path / "ws"
    (ws / "posts/img").mkdir(parents=True)
    (ws / "posts/img/my pic.png").write_bytes(PNG)
    body = "Intro.\n\n![A chart](img/my%20pic.png)\n\n![remote](https://example.com/r.png)\n"
    uploader = ImageUploader(workspace=ws, upload=None, cache={})
    urls = uploader.urls_for(render.parse_post(body).images(), markdown_path="posts/tea.md")
    rendered = render.render_html(render.parse_post(body), title="Tea", image_urls=urls)
    files = write_preview(
        ws / ".medium/preview",
        "posts/tea.md",
        content=rendered.content,
        title="Tea",
        tags=["tea"],
        publish_status="draft",
        canonical_url=None,
        warnings=rendered.warnings,
        owner=None,
    )
    assert files.content.read_text(encoding="utf-8") == rendered.content
    checker = check_page(files.page.read_text(encoding="utf-8"))
    srcs = [attrs["src"] for tag, attrs in checker.tags if tag == "img"]
    assert srcs == ["../../../posts/img/my%20pic.png", "https://example.com/r.png"]
    assert uploader.uploads == 0
