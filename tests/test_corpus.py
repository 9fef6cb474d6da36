"""Real posts from public blogs (tests/corpus/<site>/, source and licence in each SOURCE.md),
each run through ``parse_article`` and the renderer with its images resolved locally.

For every post (``.md``, ``.markdown``, ``.mdx``, ``.qmd``):

- only :data:`ALLOWED_TAGS` are emitted, and the post is well formed for Medium (one title
  ``<h1>`` first, an ``<h2>`` only as the subtitle, no ``<h4>``): ``check_medium_html``;
- no word of the text is lost. Words are counted as sets, by ``tests/test_render.py``: the words
  (``\\w+`` runs, apostrophes and hyphens inside) of mistune's text tokens of the body, after
  template tags are expanded, code spans and blocks included, URLs and raw tag names not
  (``source_words``), must all appear in the text of the rendered HTML (``output_words``). No
  tolerance: a word dropped on purpose (a comment, a ``<script>``) is not a text token;
- no syntax of any dialect is left outside code: every pattern of
  ``tests/corpus_checks.py:LEFTOVERS`` (Hugo ``{{<`` ``{{%``, template ``{%`` ``{{`` ``{#``,
  MDX ``{/*``, ``:::``, ``!!!``/``???`` admonitions and ``=== "`` tabs at a block's start,
  callouts ``[!type]``, wikilinks and embeds ``[[`` ``![[``, ``--8<--``, Zola ``@/`` links,
  Quarto ``@fig-`` ``@sec-`` ``@thm-`` …, definition lines ``: …``, attribute lists ``{: …}``
  ``{:toc}`` ``{ .class }`` ``{#id}`` ``{key=…}``
  ``{ data-… }``, icons ``:octicons-…:``, MDX components as text ``<Tabs`` ``<TabItem``
  ``<Steps`` ``<Aside`` ``<FileTree`` …, Ghost's ``kg-card``, template syntax in an ``href``);
- every code block the site shows is byte for byte in some ``<pre>``: read from the source by
  ``source_code_blocks`` without the renderer (fenced at any indentation for MDX and MkDocs,
  CommonMark's reading elsewhere, Liquid ``{% highlight %}``; Quarto's ``#|`` options and hidden
  chunks left out as Quarto does);
- every image the site shows (``source_images``: Markdown, ``<img>``, ``![[…]]``, ``asset_img``,
  Hugo ``figure``, Zola ``src=`` shortcodes) is found in the site's folder and is in the output;
- no ``<figure>`` is empty (no image, or an empty caption);
- headings are in hierarchy: a post with sections has Medium's large heading (a second
  ``<h1>``); the order is the writer's (rust-blog's post puts a ``#`` after ``##``, react.dev's
  a ``###`` notice before its ``##`` sections), so it is not checked.

Posts that fail today because the renderer does not read their framework yet are in
``corpus_checks.XFAIL``, strictly (they fail the run once they pass).

The site's address is read from its own config where the corpus keeps it (as a run would).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from medium_action.publishing.images.lookup import ImageUploader, LocalImage
from medium_action.rendering.dialects.choose import choose, site_dialect
from medium_action.rendering.render import render_html
from medium_action.sources.article import Defaults, parse_article, split_front_matter
from medium_action.sources.site import read_site_url

try:
    from tests.corpus_checks import (
        CORPUS,
        XFAIL,
        SourceImage,
        body_of,
        code_not_in_pre,
        corpus_posts,
        empty_figures,
        images_not_shown,
        leftover_syntax,
        post_id,
    )
    from tests.test_render import assert_medium_html, assert_no_word_lost
except ImportError:  # pragma: no cover - depends on how pytest imports the tests
    from corpus_checks import (  # type: ignore[no-redef]
        CORPUS,
        XFAIL,
        SourceImage,
        body_of,
        code_not_in_pre,
        corpus_posts,
        empty_figures,
        images_not_shown,
        leftover_syntax,
        post_id,
    )
    from test_render import assert_medium_html, assert_no_word_lost  # type: ignore[no-redef]

NOW = datetime(2030, 1, 1, tzinfo=UTC)
POSTS = corpus_posts()


def fake_upload(image: LocalImage) -> str:
    return f"https://cdn.example/{image.md5}{Path(image.filename).suffix}"


def uploaded(file: Path) -> str:
    """The URL ``fake_upload`` gives one file (converted as the uploader converts it)."""
    alone = ImageUploader(workspace=file.parent, upload=fake_upload, cache={}, site_url=None)
    return alone.urls_for([SourceImage(file.name)], markdown_path=file.name)[file.name]


def site_of(path: Path) -> Path:
    return CORPUS / path.relative_to(CORPUS).parts[0]


def test_the_corpus_has_fifty_posts_from_sixteen_sites() -> None:
    sites = {site_of(path) for path in POSTS}
    assert len(POSTS) >= 50 and len(sites) >= 16
    assert all((site / "SOURCE.md").is_file() for site in sites)


def test_every_expected_failure_names_a_post_of_the_corpus() -> None:
    assert set(XFAIL) <= {post_id(path) for path in POSTS}


@pytest.mark.parametrize("path", POSTS, ids=post_id)
def test_a_real_post_renders_whole(path: Path, request: pytest.FixtureRequest) -> None:
    if (reason := XFAIL.get(post_id(path))) is not None:
        # strict: once the construct is understood, the entry must go (an XPASS fails the run)
        request.applymarker(pytest.mark.xfail(reason=reason, strict=True))
    site = site_of(path)
    rel = path.relative_to(site).as_posix()
    # the site's dialect read from its own files (hugo.toml, mkdocs.yml…), as a run reads it
    defaults = Defaults(site_dialect=site_dialect(site))
    article = parse_article(rel, path.read_bytes(), defaults, now=NOW, workspace=site)
    uploader = ImageUploader(
        workspace=site,
        upload=fake_upload,
        cache={},
        site_url=read_site_url(site),
    )
    image_urls = uploader.urls_for(article.post.images(), markdown_path=rel)
    assert not uploader.warnings, uploader.warnings
    html = render_html(
        article.post, title=article.title, subtitle=article.subtitle, image_urls=image_urls
    ).content

    assert_medium_html(html)
    # the words a reader of the site sees: the body read in the post's dialect (an attribute
    # list such as Quarto's {fig-align="center"} is no text there), as the renderer reads it
    assert_no_word_lost(
        article.post.text,
        html,
        choose("auto", defaults.site_dialect, body_of(path.read_text()), rel),
        split_front_matter(path.read_text())[0],
    )
    left = leftover_syntax(html)
    assert not left, f"framework syntax left in the output: {left[:10]}"
    missing_code = code_not_in_pre(path, html)
    assert not missing_code, f"code blocks changed or lost: {[c[:80] for c in missing_code]}"
    # every image the site shows, found by reading the source (not by the renderer's parse)
    lost = images_not_shown(path, site, html, read_site_url(site), uploaded)
    assert not lost, f"images the site shows are not in the output: {lost}"
    assert not empty_figures(html), empty_figures(html)
    body = html.split("\n", 1)[1]
    if article.subtitle:
        body = body.split("\n", 1)[1]
    if any(tok["type"] == "heading" for tok in article.post.tokens):
        assert "<h1>" in body, "a post with sections has no large heading"
