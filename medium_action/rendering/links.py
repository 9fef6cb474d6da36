"""Relative links in a post, made absolute: Medium has no idea where the repository is.

A link to another Markdown file of the repository becomes that file's Medium URL when the ledger
knows it, else the file's page on GitHub at this commit; a link to any other repository file
becomes its GitHub URL. Absolute URLs, ``mailto:`` and in-page anchors stay as written.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from medium_action.rendering.urls import on_site

if TYPE_CHECKING:
    pass

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdx")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Repository:
    """Where the repository's files can be seen on the web, at the commit being published."""

    web_url: str
    """e.g. https://github.com/owner/blog"""
    sha: str

    def file_url(self, path: str) -> str:
        return f"{self.web_url.rstrip('/')}/blob/{self.sha}/{quote(path)}"


def workspace_path(href: str, article_path: str) -> str | None:
    """The workspace path a relative ``href`` in the post at ``article_path`` points at (query and
    fragment dropped), or None for an absolute URL, an anchor or a path leaving the workspace."""
    if href.startswith("@/"):  # Zola's internal link: a path under content/
        href = "/content/" + href[2:]
    if not href or href.startswith(("#", "//")) or _SCHEME.match(href):
        return None
    target, _ = _split(href)
    if not target:
        return None
    if target.startswith("/"):
        joined = target.lstrip("/")
    else:
        joined = posixpath.join(posixpath.dirname(article_path), target)
    path = posixpath.normpath(unquote(joined))
    if path.startswith("..") or path == ".":
        return None
    return path


def resolve_link(
    href: str,
    *,
    article_path: str,
    post_url: Callable[[str], str | None],
    repository: Repository | None,
    site_url: str | None = None,
) -> str | None:
    """The URL to use for ``href`` in the post at ``article_path``, or None to keep it.

    ``post_url`` gives the Medium URL of a published post by its workspace path (the ledger's
    knowledge, handed in). A site-root link (``/learn/``) is a page of the blog: absolute on
    ``site_url`` when known."""
    path = workspace_path(href, article_path)
    if path is None:
        return None
    if path.lower().endswith(MARKDOWN_SUFFIXES):
        url = post_url(path)
        if url:
            return url
        page = site_page(path)
        if site_url and page is not None:
            return on_site(site_url, page) + _split(href)[1]
    if site_url and href.startswith("/"):
        return on_site(site_url, href)
    if repository is None:
        return None
    return repository.file_url(path) + _split(href)[1]


_JEKYLL_POST = re.compile(r"(?:.*/)?_posts/(?:.*/)?(\d{4})-(\d{2})-(\d{2})-([^/]+)")


def site_page(path: str) -> str | None:
    """The address on the site of the post at workspace ``path``, where the framework's layout
    says it without its config: Hugo and Zola ``content/a/b.md`` → ``/a/b/`` (``index.md`` and
    ``_index.md`` are their folder's page), Jekyll ``_posts/2020-01-02-name.md`` →
    ``/2020/01/02/name.html`` (its default permalink). None for any other layout."""
    stem = path.rsplit(".", 1)[0]
    post = _JEKYLL_POST.fullmatch(stem)
    if post is not None:
        year, month, day, name = post.groups()
        return f"/{year}/{month}/{day}/{name}.html"
    if not stem.startswith("content/"):
        return None
    parts = stem.split("/")[1:]
    if parts and parts[-1] in ("index", "_index"):
        parts = parts[:-1]
    return "/" + "".join(part + "/" for part in parts)


def link_resolver(
    article_path: str,
    post_url: Callable[[str], str | None],
    repository: Repository | None,
    site_url: str | None = None,
) -> Callable[[str], str | None]:
    def resolve(href: str) -> str | None:
        return resolve_link(
            href,
            article_path=article_path,
            post_url=post_url,
            repository=repository,
            site_url=site_url,
        )

    return resolve


def _split(href: str) -> tuple[str, str]:
    """(path, '#fragment') with any query dropped from the path."""
    target, hash_mark, fragment = href.partition("#")
    target = target.partition("?")[0]
    return target, f"#{fragment}" if hash_mark else ""
