"""URLs as the caller's maps know them, and which ones may be written at all (pure).

A relative URL is a path as on disk, so it is percent-decoded (``my%20pic.png`` is
``my pic.png``); an absolute one is kept as written. Schemes other than :data:`SAFE_SCHEMES`
(``javascript:``, ``data:``…) are unsafe, however they are disguised with controls or escapes.
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urlsplit

__all__ = ["SAFE_SCHEMES", "is_absolute", "is_safe_url", "url_key"]

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_CTRL = re.compile(r"[\x00-\x20\x7f]+")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp"})


def is_absolute(url: str) -> bool:
    return bool(_SCHEME.match(url)) or url.startswith("//")


def url_key(url: str) -> str:
    """A URL as the caller's maps know it: percent-decoded when relative."""
    url = url.strip()
    return url if is_absolute(url) else unquote(url)


def is_safe_url(url: str) -> bool:
    if url.startswith(("https://", "http://")):
        return True  # what follows cannot change the scheme (no control or escape in front)
    u = _CTRL.sub("", url)
    for _ in range(3):
        decoded = unquote(u)
        if decoded == u:
            break
        u = _CTRL.sub("", decoded)
    m = _SCHEME.match(u)
    return m is None or m.group(0)[:-1].lower() in SAFE_SCHEMES


def is_inline_image(url: str) -> bool:
    """A ``data:image/...`` URL: Medium will not fetch it, so it is uploaded like a local file."""
    return url.lstrip().lower().startswith("data:image/")


def is_image_source(url: str) -> bool:
    """A src worth reporting as an image: a safe URL or path, or inline image data."""
    return is_safe_url(url) or is_inline_image(url)


def on_site(site_url: str, root_path: str) -> str:
    """A site-root path (``/img/a.png``) as an absolute URL on the site at ``site_url``; a site
    served under a path (``https://x.org/blog/``) keeps it unless the path already has it."""
    parts = urlsplit(site_url)
    base_path = parts.path.rstrip("/")
    if base_path and (root_path == base_path or root_path.startswith(base_path + "/")):
        root_path = root_path[len(base_path) :]
    path = quote(root_path.lstrip("/"), safe="/%:@&=+$,;~!*()?#")
    return f"{parts.scheme}://{parts.netloc}{base_path}/{path}"
