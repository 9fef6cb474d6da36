"""The dialects that read files of the workspace (MkDocs snippets, Obsidian's vault), and what
a post's front matter gives them; the rest of each dialect is in tests/fixtures/render/."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from medium_action.rendering.render import parse_post, render_html
from medium_action.sources.article import Defaults, parse_article


def put(root: Path, rel: str, data: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def html_of(body: str, workspace: Path | None) -> tuple[str, list[str]]:
    rendered = render_html(parse_post(body, "mkdocs", workspace=workspace), title="T")
    return rendered.content, list(rendered.warnings)


# -- MkDocs snippets -------------------------------------------------------------------------


def test_a_code_include_shows_the_file_found_from_the_page_or_a_folder_above(
    tmp_path: Path,
) -> None:
    """FastAPI's pages write ``{* ../../docs_src/x.py hl[3] *}`` at every depth: the path is
    read from docs/en/ (where mkdocs runs), so each folder up from the page is tried."""
    put(
        tmp_path,
        "docs_src/first_steps/tutorial001.py",
        "from fastapi import FastAPI\n\n\napp = 1\n",
    )
    body = (
        "Intro.\n\n{* ../../docs_src/first_steps/tutorial001.py hl[1] *}\n\n"
        "{* ../../docs_src/gone.py *}\n\n"
        "```\n{* ../../docs_src/first_steps/tutorial001.py *}\n```\n"
    )
    post = parse_post(
        body, "mkdocs", workspace=tmp_path, article_path="docs/en/docs/tutorial/first-steps.md"
    )
    rendered = render_html(post, title="T")
    assert rendered.content == (
        "<h1>T</h1>\n<p>Intro.</p>\n<pre>from fastapi import FastAPI\n\n\napp = 1</pre>\n"
        "<pre>{* ../../docs_src/first_steps/tutorial001.py *}</pre>\n"
    )
    assert list(rendered.warnings) == [
        "line 5: code include ../../docs_src/gone.py dropped: no such file in the workspace"
    ]
    put(tmp_path, "secret.py", "secret = 1\n")
    outside = parse_post(
        "{* ../../../../../secret.py *}\n", "mkdocs", workspace=tmp_path / "docs_src"
    )
    assert "secret" not in render_html(outside, title="T").content


def test_mkdocstrings_api_documentation_is_left_out_with_a_warning_naming_it() -> None:
    html, warnings = html_of("Intro.\n\n::: httpx.Client\n    options:\n      a: 1\n", None)
    assert html == "<h1>T</h1>\n<p>Intro.</p>\n"
    assert warnings == [
        "line 3: API documentation ::: httpx.Client left out: mkdocstrings generates it from "
        "the code"
    ]


def test_a_snippet_in_the_workspace_is_parsed_in_place(tmp_path: Path) -> None:
    put(tmp_path, "includes/note.md", "!!! note\n    From the **snippet**.\n")
    put(tmp_path, "docs/examples/hello.py", "import sys\n\n\ndef main():\n    print('hi')\n")
    body = 'Intro.\n\n--8<-- "includes/note.md"\n\n```python\n--8<-- "examples/hello.py:4:5"\n```\n'
    html, warnings = html_of(body, tmp_path)
    assert "<p><strong>Note</strong></p>\n<p>From the <strong>snippet</strong>.</p>" in html
    assert "<pre>def main():\n    print(&#x27;hi&#x27;)</pre>" in html or (
        "<pre>def main():\n    print('hi')</pre>" in html
    )
    assert "8&lt;" not in html and "--8<--" not in html
    assert warnings == []


def test_a_snippet_outside_the_workspace_or_missing_is_dropped_with_its_line(
    tmp_path: Path,
) -> None:
    put(tmp_path.parent, "secret.md", "the secret text\n")
    body = 'One.\n\n--8<-- "../secret.md"\n\nTwo.\n\n--8<--\ngone.md\n--8<--\n'
    html, warnings = html_of(body, tmp_path)
    assert "secret" not in html.replace("../secret.md", "")
    assert "<p>One.</p>\n<p>Two.</p>" in html
    assert warnings == [
        "line 3: snippet ../secret.md dropped: no such file in the workspace",
        "line 8: snippet gone.md dropped: no such file in the workspace",
    ]


def test_without_a_workspace_a_snippet_is_dropped_and_code_keeps_its_line() -> None:
    html, warnings = html_of('--8<-- "a.md"\n\n```\n--8<-- "b.py"\n```\n', None)
    assert html == '<h1>T</h1>\n<pre>--8&lt;-- "b.py"</pre>\n'
    assert warnings == [
        "line 1: snippet a.md dropped: the workspace is not known",
        "line 4: snippet b.py dropped: the workspace is not known",
    ]


# -- Obsidian's vault -----------------------------------------------------------------------


def test_wikilinks_and_embeds_are_found_anywhere_in_the_vault(tmp_path: Path) -> None:
    put(tmp_path, "Notes/Physics/Three laws of motion.md", "# Laws\n")
    put(tmp_path, "Attachments/deep/Engelbart.jpg", b"\xff\xd8\xff")
    put(tmp_path, ".obsidian/Engelbart.jpg", b"not this one")
    body = (
        "See [[three laws of motion|the laws]] and [[Nowhere]].\n\n"
        "![[Engelbart.jpg]]\n\n![[missing.png]]\n"
    )
    post = parse_post(body, "obsidian", workspace=tmp_path)
    assert [i.src for i in post.images()] == ["/Attachments/deep/Engelbart.jpg"]
    assert post.linked_paths("Daily/today.md") == {"Notes/Physics/Three laws of motion.md"}
    html = render_html(post, title="T").content
    assert '<a href="/Notes/Physics/Three%20laws%20of%20motion.md">the laws</a>' in html
    assert "and Nowhere." in html  # no such note: its text
    assert [str(w) for w in post.template_warnings] == [
        "line 5: embedded image missing.png left out: not found in the vault"
    ]


def test_in_an_article_vault_paths_are_relative_to_the_note(tmp_path: Path) -> None:
    put(tmp_path, "Notes/Other.md", "x\n")
    put(tmp_path, "Attachments/pic.png", b"\x89PNG\r\n\x1a\n")
    post = parse_post(
        "[[Other]]\n\n![[pic.png]]\n", "obsidian", workspace=tmp_path, article_path="Daily/a.md"
    )
    links = [t["attrs"]["url"] for t in post.walk() if t["type"] == "link"]
    assert links == ["../Notes/Other.md"]
    assert [i.src for i in post.images()] == ["../Attachments/pic.png"]
    assert post.linked_paths("Daily/a.md") == {"Notes/Other.md"}


def test_a_wikilink_path_and_the_shortest_of_two_names(tmp_path: Path) -> None:
    put(tmp_path, "a/b/Index.md", "x\n")
    put(tmp_path, "Index.md", "x\n")
    put(tmp_path, "projects/plan.md", "x\n")
    post = parse_post("[[Index]] [[projects/plan]] [[b/Index]]\n", "obsidian", workspace=tmp_path)
    urls = [t["attrs"]["url"] for t in post.walk() if t["type"] == "link"]
    assert urls == ["/Index.md", "/projects/plan.md", "/a/b/Index.md"]


# -- front matter and the cover ---------------------------------------------------------------


def article(text: str, workspace: Path | None = None) -> tuple[list[str], str]:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    a = parse_article("posts/p.md", text.encode(), Defaults(), now=now, workspace=workspace)
    return a.tags, render_html(a.post, title=a.title).content


def test_mkdocs_categories_are_tags_when_there_are_no_tags() -> None:
    tags, _ = article("---\ntitle: X\ncategories:\n  - Blog\n  - Python\n---\n\nBody.\n")
    assert tags == ["Blog", "Python"]
    tags, _ = article("---\ntitle: X\ntags: [a]\ncategories: [Blog]\n---\n\nBody.\n")
    assert tags == ["a"]


def test_a_cover_never_takes_the_first_paragraph_as_its_caption() -> None:
    _, html = article(
        "---\ntitle: X\ncover_image: https://example.com/c.png\n---\n\n*An opening line.*\n"
    )
    assert '<figure><img src="https://example.com/c.png" alt=""></figure>' in html
    assert "<p><em>An opening line.</em></p>" in html


def test_the_workspace_reaches_the_dialects_through_the_article(tmp_path: Path) -> None:
    put(tmp_path, "inc.md", "Included text.\n")
    _, html = article('---\ntitle: X\n---\n\n--8<-- "inc.md"\n', tmp_path)
    assert "<p>Included text.</p>" in html


# -- what marks a post of each dialect ------------------------------------------------------


def test_each_dialect_knows_its_own_syntax_and_not_plain_markdown() -> None:
    from medium_action.rendering.dialects import ghost, mkdocs, obsidian, quarto

    plain = "# Title\n\n> a quote\n\n- [x] task\n\n[link](x.md) and ![i](a.png)\n\n::: tip\n:::\n"
    fixtures = Path(__file__).parent / "fixtures" / "render"
    for module in (mkdocs, quarto, obsidian, ghost):
        own = (fixtures / f"{module.NAME}.txt").read_text(encoding="utf-8")
        assert module.POST_SYNTAX.search(own), module.NAME
        assert not module.POST_SYNTAX.search(plain), module.NAME
        assert module.PLUGINS and module.ABOUT


def test_markdown_links_and_images_are_found_in_the_vault_as_wikilinks_are(
    tmp_path: Path,
) -> None:
    put(tmp_path, "Attachments/x.png", b"\x89PNG\r\n\x1a\n")
    put(tmp_path, "Guides/Other Note.md", "x\n")
    put(tmp_path, "Notes/here.png", b"\x89PNG\r\n\x1a\n")
    put(tmp_path, "Notes/Beside.md", "x\n")
    body = (
        "![A chart](x.png) ![Here](here.png) ![Gone](gone.png)\n\n"
        "[other](Other%20Note.md#Usage) [beside](Beside.md) [tail](Guides/Other%20Note.md) "
        "[web](https://example.com/x.png) [anchor](#top)\n"
    )
    post = parse_post(body, "obsidian", workspace=tmp_path, article_path="Notes/a.md")
    assert [i.src for i in post.images()] == ["../Attachments/x.png", "here.png", "gone.png"]
    links = [t["attrs"]["url"] for t in post.walk() if t["type"] == "link"]
    assert links == [
        "../Guides/Other%20Note.md#Usage",
        "Beside.md",
        "../Guides/Other%20Note.md",
        "https://example.com/x.png",
        "#top",
    ]
    assert post.linked_paths("Notes/a.md") == {"Guides/Other Note.md", "Notes/Beside.md"}


def test_only_obsidian_looks_for_a_markdown_image_across_the_vault(tmp_path: Path) -> None:
    put(tmp_path, "Attachments/x.png", b"\x89PNG\r\n\x1a\n")
    post = parse_post("![A](x.png)\n", "hugo", workspace=tmp_path, article_path="Notes/a.md")
    assert [i.src for i in post.images()] == ["x.png"]


def test_a_vault_image_is_uploaded_from_where_obsidian_finds_it(tmp_path: Path) -> None:
    from medium_action.publishing.images.lookup import ImageUploader

    put(tmp_path, ".obsidian/app.json", "{}")
    put(tmp_path, "Attachments/x.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 16)
    put(tmp_path, "Notes/a.md", "# A\n\n![A chart](x.png)\n")
    now = datetime(2026, 1, 1, tzinfo=UTC)
    a = parse_article(
        "Notes/a.md",
        (tmp_path / "Notes/a.md").read_bytes(),
        Defaults(site_dialect="obsidian"),
        now=now,
        workspace=tmp_path,
    )
    uploaded: list[str] = []
    uploader = ImageUploader(
        workspace=tmp_path,
        upload=lambda image: uploaded.append(image.path.name) or "https://cdn/x.png",  # type: ignore[func-returns-value]
        cache={},
        site_url=None,
    )
    urls = uploader.urls_for(a.post.images(), markdown_path="Notes/a.md")
    assert uploaded == ["x.png"] and list(urls.values()) == ["https://cdn/x.png"]
