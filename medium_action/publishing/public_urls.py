"""Where a workspace file can be seen on the web, for targets that cannot upload images (pure).

Medium's editor (a pasted story) and dev.to fetch an image by its URL; a file in the repository
has none until something serves it. The rule (interface.md, "Targets beyond Medium"), first that
applies:

1. ``image-base-url`` + the file's workspace path (``https://cdn.example/`` + ``posts/a.png``);
2. ``site-url`` + the file's path on the site: a file under a static folder (``static/``,
   ``public/``, ``assets/``, also in a site kept in a subfolder) is served from the site's root
   without that folder, the inverse of how a site-root ``/img/a.png`` is looked for
   (``medium/images.py``); a file elsewhere has no known path on the site;
3. in a GitHub run of a public repository,
   ``https://raw.githubusercontent.com/{owner}/{repo}/{sha}/{path}``;
4. none: the caller warns (or fails), naming the image and ``image-base-url``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from medium_action.publishing.images.lookup import SITE_STATIC_DIRS
from medium_action.rendering.urls import on_site

__all__ = ["PublicUrls", "RawRepository", "public_repository", "site_path"]

_SAFE = "/~!$&'()*+,;=:@"
"""Kept as they are in a URL path; everything else (spaces, ``#``, ``?``, non-ASCII) escaped."""


@dataclass(frozen=True)
class RawRepository:
    """A public GitHub repository at one commit, whose files raw.githubusercontent.com serves."""

    repository: str
    """``owner/name``"""
    sha: str

    def url(self, path: str) -> str:
        return f"https://raw.githubusercontent.com/{self.repository}/{self.sha}/{_quoted(path)}"


@dataclass(frozen=True)
class PublicUrls:
    """The addresses the workspace's files have on the web, as far as the settings say."""

    image_base_url: str | None = None
    site_url: str | None = None
    raw: RawRepository | None = None

    def url_for(self, path: str) -> str | None:
        """The public URL of the workspace file ``path`` (POSIX, relative), or None."""
        path = path.lstrip("/")
        if self.image_base_url:
            return self.image_base_url.rstrip("/") + "/" + _quoted(path)
        on_the_site = site_path(path)
        if self.site_url and on_the_site is not None:
            return on_site(self.site_url, _quoted(on_the_site))
        if self.raw is not None:
            return self.raw.url(path)
        return None

    @property
    def any(self) -> bool:
        return bool(self.image_base_url or self.site_url or self.raw)


def site_path(path: str) -> str | None:
    """The site-root path a static folder's file is served at (``static/img/a.png`` and
    ``blog/static/img/a.png`` are ``/img/a.png``), or None for a file outside one."""
    parts = PurePosixPath(path.lstrip("/")).parts
    for index, part in enumerate(parts[:-1]):
        if part in SITE_STATIC_DIRS:
            return "/" + "/".join(parts[index + 1 :])
    return None


def public_repository(
    repository: str | None, sha: str | None, event: Mapping[str, Any] | None
) -> RawRepository | None:
    """The run's repository when its event says it is public (``repository.private`` false or
    ``repository.visibility`` "public"); None when private, internal or unknown."""
    if not repository or not sha or not event:
        return None
    about = event.get("repository")
    if not isinstance(about, Mapping):
        return None
    visibility = about.get("visibility")
    if visibility is not None:
        return RawRepository(repository, sha) if visibility == "public" else None
    return RawRepository(repository, sha) if about.get("private") is False else None


def _quoted(path: str) -> str:
    return quote(path, safe=_SAFE)
