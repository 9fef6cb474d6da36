"""A post's content for its target: rendered once, with its images sent the target's way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from medium_action.ledger.records import Ledger
from medium_action.publishing.budget import POST_SECONDS, post_budget
from medium_action.publishing.images.lookup import ImageUploader
from medium_action.publishing.targets.base import ImageUpload
from medium_action.rendering.links import Repository, link_resolver
from medium_action.rendering.portable import render_portable
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
    post_seconds: float = POST_SECONDS
    """How long rendering one post may take (``budget.py``): past it, that file fails alone."""


def render_content(
    article: Article,
    *,
    upload: ImageUpload | None,
    ledger: Ledger,
    options: ContentOptions,
    portable: bool = False,
    cache_images: bool = True,
) -> Rendered:
    """The ``content`` field for ``article``: its local images uploaded with ``upload`` (kept
    local when None), links to other posts pointing at their posts. Raises ArticleError (an
    image problem, with its line) or the upload's TargetError.

    ``portable``: the post's own Markdown made portable (``rendering/portable.py``), for a
    target that takes Markdown only. ``cache_images``: False where an image's URL is worked out
    each time (a public URL follows the settings), not uploaded once and remembered."""
    uploader = ImageUploader(
        workspace=options.workspace,
        upload=upload,
        cache=ledger.images if cache_images else {},
        site_url=options.site_url,
    )
    offset = article.body_line - 1
    image_urls = uploader.urls_for(
        article.post.images(), markdown_path=article.path, line_offset=offset
    )
    links = link_resolver(article.path, _post_url(ledger), options.repository, options.site_url)
    # the images are uploaded above, outside the budget: only the pure rendering is timed
    with post_budget(article.path, "rendering", options.post_seconds):
        if portable:
            rendered = render_portable(
                article.post, title=article.title, image_urls=image_urls, link_resolver=links
            )
        else:
            render = render_markdown if options.content_format == "markdown" else render_html
            rendered = render(
                article.post,
                title=article.title,
                subtitle=article.subtitle,
                image_urls=image_urls,
                link_resolver=links,
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
