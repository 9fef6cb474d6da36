"""Export: a page per post to paste into Medium's editor, for writers without a token.

For ``posts/hello.md`` and ``export-dir`` ``.medium/export``: ``.medium/export/posts/hello.html``
(``export_page``) and ``.medium/export/index.html`` listing the pages. The post is rendered by
the same code as a run (``content.render_content``), its local images given their public URLs
(``public_urls``) instead of being uploaded, then mapped for the editor (``medium_editor``).
Nothing is sent anywhere and nothing is recorded in the ledger: a later run with a token still
publishes the file.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import quote

from medium_action.errors import ArticleError
from medium_action.ledger.records import Ledger
from medium_action.publishing.budget import post_budget
from medium_action.publishing.content import ContentOptions, render_content
from medium_action.publishing.export_page import (
    ExportPost,
    earlier_export,
    export_index,
    export_page,
)
from medium_action.publishing.images.lookup import LocalImage
from medium_action.publishing.medium_editor import for_editor
from medium_action.publishing.preview import preview_paths
from medium_action.publishing.public_urls import PublicUrls
from medium_action.publishing.reading import read_sources
from medium_action.results import Failed
from medium_action.sources.article import Article, Defaults, parse_article
from medium_action.sources.selection import Candidate
from medium_action.workspace_files import write_atomic

__all__ = ["ExportOptions", "ExportResult", "Exported", "PublicImages", "export_files"]


INLINE = "(a data: URI in the text)"
"""How an image written as a ``data:`` URI is named in its placeholder."""


class PublicImages:
    """The image "upload" of a target that cannot upload: a local image's public URL by
    ``urls``. An image with none is remembered in ``missing`` (its marker URL -> its name) and
    written as a ``file:`` marker that ``for_editor`` turns into a placeholder."""

    def __init__(self, workspace: Path, urls: PublicUrls) -> None:
        self._root = workspace.resolve()
        self._urls = urls
        self.missing: dict[str, str] = {}

    def __call__(self, image: LocalImage) -> str:
        if image.inline:
            marker = f"{image.path.as_uri()}#inline-{image.md5}"
            self.missing[marker] = INLINE
            return marker
        path = image.path.relative_to(self._root).as_posix()
        url = self._urls.url_for(path)
        if url is not None:
            return url
        marker = image.path.as_uri()
        self.missing[marker] = path
        return marker

    def warnings(self) -> list[str]:
        return [
            (
                "an image written as a data: URI has no address Medium can fetch: save it as a "
                "file in the repository, or add it in Medium's editor where the page marks it"
                if name == INLINE
                else f"image {name} has no public address, so Medium cannot show it: set "
                "image-base-url (the address the repository's files are served at) or site-url, "
                "or add the image in Medium's editor where the page marks it"
            )
            for name in dict.fromkeys(self.missing.values())
        ]


@dataclass(frozen=True)
class ExportOptions:
    workspace: Path
    export_dir: Path
    urls: PublicUrls
    content: ContentOptions
    defaults: Defaults
    now: datetime
    owner: tuple[int, int] | None = None


@dataclass(frozen=True)
class Exported:
    file: str
    title: str
    page: Path
    warnings: tuple[tuple[str, int | None], ...] = ()


@dataclass
class ExportResult:
    exported: list[Exported] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    index: Path | None = None


def export_files(paths: Sequence[str], options: ExportOptions, ledger: Ledger) -> ExportResult:
    """Writes the page of each file in ``paths`` (workspace-relative) and the index. A file
    that cannot be exported is that file's failure, never the others'. ``ledger`` is read for
    links to posts already on Medium; it is never saved."""
    result = ExportResult()
    sources = read_sources(options.workspace, [Candidate(path) for path in paths])
    for source in sources:
        if source.raw is None:
            result.failed.append(Failed(source.path, source.error or "cannot be read"))
            continue
        try:
            with post_budget(source.path, "reading", options.content.post_seconds):
                article = parse_article(source.path, source.raw, options.defaults, now=options.now)
            result.exported.append(_export(article, options, ledger))
        except ArticleError as error:
            result.failed.append(Failed(source.path, str(error), error.line))
        except OSError as error:
            result.failed.append(Failed(source.path, f"cannot write the export: {error}"))
    if result.exported:
        result.index = write_export_index(options.export_dir, result.exported, options.owner)
    return result


def export_post(article: Article, content: str, images: PublicImages) -> ExportPost:
    """The page's content for ``article`` from its Medium HTML (rendered with ``images`` as
    the upload): the pure step a ``medium-export`` target wraps."""
    warnings = [*article.warnings, *images.warnings()]
    if article.skip_reason:
        warnings.append(f"a run would skip this file ({article.skip_reason}); exported anyway")
    return ExportPost(
        path=article.path,
        title=article.title,
        content=for_editor(content, missing_images=images.missing),
        tags=tuple(article.tags),
        canonical_url=article.canonical_url,
        public_url=article.canonical_url,
        warnings=tuple(warnings),
    )


def export_page_path(export_dir: Path, markdown_path: str) -> Path:
    """``<export-dir>/<path without extension>.html``."""
    return preview_paths(export_dir, markdown_path).content


def write_export_index(
    export_dir: Path, exported: Sequence[Exported], owner: tuple[int, int] | None
) -> Path:
    """``<export-dir>/index.html``: this export's pages, and those earlier exports left there
    (an export of one post keeps the others listed)."""
    index = export_dir / "index.html"
    pages = {item.page.resolve(): (item.file, item.title) for item in exported}
    for page in sorted(export_dir.rglob("*.html")):
        if page == index or page.resolve() in pages or not page.is_file():
            continue
        try:
            found = earlier_export(page.read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
        if found is not None:
            pages[page.resolve()] = found
    root = export_dir.resolve()
    rows = sorted(
        (file, quote(Path(os.path.relpath(page, root)).as_posix()), title)
        for page, (file, title) in pages.items()
    )
    write_atomic(index, export_index(rows), owner, durable=False)
    return index


def _export(article: Article, options: ExportOptions, ledger: Ledger) -> Exported:
    images = PublicImages(options.workspace, options.urls)
    rendered = render_content(article, upload=images, ledger=ledger, options=options.content)
    post = export_post(article, rendered.content, images)
    warnings = [
        *rendered.warnings,
        *((text, None) for text in post.warnings if (text, None) not in rendered.warnings),
    ]
    page = export_page_path(options.export_dir, article.path)
    shown = dataclasses.replace(post, warnings=tuple(text for text, _ in warnings))
    write_atomic(page, export_page(shown), options.owner, durable=False)
    return Exported(article.path, article.title, page, tuple(warnings))
