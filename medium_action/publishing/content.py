"""A post's content for its target: rendered once, with its images sent the target's way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from medium_action.ledger.records import Ledger
from medium_action.publishing.images.lookup import ImageUploader
from medium_action.publishing.targets.base import ImageUpload
from medium_action.rendering.links import Repository, link_resolver
from medium_action.rendering.render import RenderWarning, render_html, render_markdown
from medium_action.sources.article import Article


@dataclass(frozen=True)
class Rendered:
    content: str
    warnings: list[tuple[str, int | None]]
    """(message, line in the Markdown file)"""


@dataclass(frozen=True)
class ContentOptions:
    workspace: Path
    content_format: str = "html"
    repository: Repository | None = None
    site_url: str | None = None
    """The blog's address: site-root links and unfound site-root images become absolute on it."""


def render_content(
    article: Article, *, upload: ImageUpload | None, ledger: Ledger, options: ContentOptions
) -> Rendered:
    """The ``content`` field for ``article``: its local images uploaded with ``upload`` (kept
    local when None), links to other posts pointing at their posts. Raises ArticleError (an
    image problem, with its line) or the upload's TargetError."""
    uploader = ImageUploader(
        workspace=options.workspace, upload=upload, cache=ledger.images, site_url=options.site_url
    )
    offset = article.body_line - 1
    image_urls = uploader.urls_for(
        article.post.images(), markdown_path=article.path, line_offset=offset
    )
    render = render_markdown if options.content_format == "markdown" else render_html
    rendered = render(
        article.post,
        title=article.title,
        subtitle=article.subtitle,
        image_urls=image_urls,
        link_resolver=link_resolver(
            article.path, _post_url(ledger), options.repository, options.site_url
        ),
    )
    warnings: list[tuple[str, int | None]] = list(uploader.warnings)
    for warning in rendered.warnings:
        if isinstance(warning, RenderWarning):
            moved = warning.shifted(offset)
            warnings.append((str(moved), moved.line))
        else:
            warnings.append((warning, None))
    return Rendered(rendered.content, warnings)


def _post_url(ledger: Ledger) -> Callable[[str], str | None]:
    """The Medium URL the ledger knows for a post, by its workspace path."""

    def url(path: str) -> str | None:
        record = ledger.records.get(path)
        return record.url if record is not None and record.url else None

    return url
