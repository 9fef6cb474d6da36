"""Dry-run previews: the exact content that would be sent, and a page to look at it.

For ``posts/hello.md`` and ``preview-dir`` ``.medium/preview`` (the interface's names):

- ``.medium/preview/posts/hello.html``: exactly the ``content`` field of the post request,
  byte for byte (a fragment, not a document);
- ``.medium/preview/posts/hello.page.html``: a standalone HTML5 page showing that content with
  Medium-like typography (``preview.css``, inlined), under a small header with the publish
  status, tags, canonical URL and any warnings;
- ``.medium/preview/index.html``: a list of the previews (``write_index``).

Images on the page: remote ``src`` stay as they are. A local image in a dry run is written in the
content as its ``file://`` URI (see ``images.ImageUploader``); on the page it becomes a path
relative to the page, so the page shows it when opened from the working tree; with
``workspace`` given, images inside the workspace are embedded as ``data:`` URIs instead, so the
page also works once copied elsewhere (an uploaded artifact). The page loads nothing else: no
fonts, scripts or stylesheets from anywhere, which its Content-Security-Policy also enforces.
Every file and folder written is handed to ``owner`` (the workspace's owner).
"""

from __future__ import annotations

import base64
import functools
import html
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from stat import S_ISREG
from urllib.parse import quote, unquote, urlsplit

from medium_action.publishing.images.types import sniff
from medium_action.workspace_files import write_atomic

_IMG_SRC = re.compile(r"""(<img\b[^>]*?\ssrc\s*=\s*)(["'])(.*?)\2""", re.IGNORECASE | re.DOTALL)
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data: file: http: https:; "
    "base-uri 'none'; form-action 'none'"
)


@dataclass(frozen=True)
class PreviewFiles:
    content: Path
    page: Path


def preview_paths(preview_dir: Path, markdown_path: str) -> PreviewFiles:
    """``<preview-dir>/<path without extension>.html`` and ``….page.html`` beside it.

    ``markdown_path`` is workspace-relative; a leading ``/`` or a ``..`` part cannot lead out of
    ``preview_dir`` (they are dropped and turned into ``__``)."""
    pure = PurePosixPath(markdown_path.replace("\\", "/"))
    parts = [("__" if part == ".." else part) for part in pure.parts if part not in ("/", ".", "")]
    if not parts:
        raise ValueError(f"not a file path: {markdown_path!r}")
    base = preview_dir.joinpath(*PurePosixPath(*parts).with_suffix("").parts)
    return PreviewFiles(
        content=base.with_name(base.name + ".html"),
        page=base.with_name(base.name + ".page.html"),
    )


def write_preview(
    preview_dir: Path,
    markdown_path: str,
    *,
    content: str,
    title: str,
    tags: Sequence[str],
    publish_status: str,
    canonical_url: str | None,
    warnings: Sequence[str],
    owner: tuple[int, int] | None,
    content_format: str = "html",
    workspace: Path | None = None,
) -> PreviewFiles:
    """Writes the content file (exactly ``content``) and the standalone page; returns both paths.

    ``content_format`` "markdown": the page shows the Markdown as sent (Medium converts it)."""
    files = preview_paths(preview_dir, markdown_path)
    write_atomic(files.content, content, owner, durable=False)
    page = render_page(
        markdown_path,
        content=content,
        title=title,
        tags=tags,
        publish_status=publish_status,
        canonical_url=canonical_url,
        warnings=warnings,
        content_format=content_format,
        page_dir=files.page.parent,
        workspace=workspace,
        content_file=files.content.name,
    )
    write_atomic(files.page, page, owner, durable=False)
    return files


def render_page(
    markdown_path: str,
    *,
    content: str,
    title: str,
    tags: Sequence[str],
    publish_status: str,
    canonical_url: str | None,
    warnings: Sequence[str],
    content_format: str = "html",
    page_dir: Path | None = None,
    workspace: Path | None = None,
    content_file: str | None = None,
) -> str:
    """The standalone preview page as text (pure but for reading images to embed)."""
    e = html.escape
    if content_format == "markdown":
        body = f'<pre class="mp-source">{e(content, quote=False)}</pre>'
    else:
        body = _page_images(content, page_dir=page_dir, workspace=workspace)
    status = publish_status or "draft"
    meta = [
        f'<p><span class="mp-status mp-status-{e(_css_word(status))}">{e(status)}</span> '
        f"<strong>{e(title)}</strong> from <code>{e(markdown_path)}</code>"
        f" &middot; {e(content_format)}"
        + (
            f' &middot; <a href="{e(quote(content_file))}">content as sent</a>'
            if content_file
            else ""
        )
        + "</p>",
        "<p>Tags: "
        + (" ".join(f'<span class="mp-tag">{e(tag)}</span>' for tag in tags) or "none")
        + "</p>",
        "<p>Canonical URL: "
        + (f'<a href="{e(canonical_url)}">{e(canonical_url)}</a>' if canonical_url else "none")
        + "</p>",
        "<p>Preview only: nothing was sent to Medium.</p>",
    ]
    if warnings:
        items = "".join(f"<li>{e(warning)}</li>" for warning in warnings)
        meta.append(f'<ul class="mp-warnings">{items}</ul>')
    header = "\n".join(meta)
    return (
        "<!DOCTYPE html>\n"
        "<html>\n<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{e(title or markdown_path)} (preview)</title>\n"
        f"<style>\n{_css()}</style>\n"
        "</head>\n<body>\n"
        f'<header class="mp-bar"><div class="mp-bar-inner">\n{header}\n</div></header>\n'
        f'<main><article class="mp-post" dir="auto">\n{body}\n</article></main>\n'
        "</body>\n</html>\n"
    )


def write_index(
    preview_dir: Path,
    entries: Sequence[tuple[str, PreviewFiles, str]],
    owner: tuple[int, int] | None,
) -> Path:
    """``<preview-dir>/index.html`` listing ``(markdown path, files, title)`` with links."""
    e = html.escape
    index = preview_dir / "index.html"
    rows = []
    for markdown_path, files, title in entries:
        page = _href(files.page, index.parent)
        content = _href(files.content, index.parent)
        rows.append(
            f'<tr><td><code>{e(markdown_path)}</code></td><td dir="auto">{e(title)}</td>'
            f'<td><a href="{e(page)}">preview</a> &middot; '
            f'<a href="{e(content)}">content as sent</a></td></tr>'
        )
    table = (
        "<table>\n<thead><tr><th>Markdown file</th><th>Title</th><th>Files</th></tr></thead>\n"
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>"
        if rows
        else "<p>No posts to preview.</p>"
    )
    text = (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        '<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>medium-publish previews</title>\n"
        f"<style>\n{_css()}</style>\n"
        '</head>\n<body>\n<main class="mp-index">\n'
        f"<h1>medium-publish previews ({len(rows)})</h1>\n"
        "<p>What a run would send to Medium; nothing was sent.</p>\n"
        f"{table}\n</main>\n</body>\n</html>\n"
    )
    write_atomic(index, text, owner, durable=False)
    return index


# --- helpers ---------------------------------------------------------------------------------


@functools.cache
def _css() -> str:
    # Beside this module (package data); importlib.resources trips over the namespace package
    # in an editable install.
    return Path(__file__).with_name("preview.css").read_text(encoding="utf-8")


def _css_word(text: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", text.lower()) or "other"


def _href(target: Path, start: Path) -> str:
    return quote(Path(os.path.relpath(target, start)).as_posix())


def _page_images(content: str, *, page_dir: Path | None, workspace: Path | None) -> str:
    """The content with each ``file:`` image source made visible from the page."""
    real_root = _real(workspace) if workspace is not None else None  # once per page

    def replace(match: re.Match[str]) -> str:
        src = html.unescape(match.group(3))
        if not src.lower().startswith("file:"):
            return match.group(0)
        path = Path(unquote(urlsplit(src).path))
        shown = _embedded(path, real_root) if real_root is not None else None
        if shown is None and page_dir is not None:
            shown = _href(path, page_dir)
        if shown is None:
            return match.group(0)
        return f"{match.group(1)}{match.group(2)}{html.escape(shown)}{match.group(2)}"

    return _IMG_SRC.sub(replace, content)


def _embedded(path: Path, real_root: Path) -> str | None:
    """A data: URI for an image file inside ``real_root`` (the workspace, symlinks resolved;
    the file's too), else None."""
    try:
        real = path.resolve()
        if not real.is_relative_to(real_root):
            return None
        stat = real.stat()
    except OSError:
        return None
    if not S_ISREG(stat.st_mode):
        return None
    return _data_uri(str(real), stat.st_mtime_ns, stat.st_size)


def _real(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # a loop of symlinks: nothing is embedded from there
        return None


_CACHED_BYTES = 256 * 1024
"""Data URIs of files up to this size are kept for the run: the same few images (a site's
logo, shared figures) are shown on many pages, and reading and encoding each again was a
large part of writing a preview. Bigger ones are made anew each time (memory)."""


def _data_uri(path: str, mtime_ns: int, size: int) -> str | None:
    """The file's data: URI (None: not an image a page can show); keyed on its change time and
    size too, so that a file changed during a run is read again."""
    if size <= _CACHED_BYTES:
        return _small_data_uri(path, mtime_ns, size)
    return _read_data_uri(path)


@functools.lru_cache(maxsize=128)
def _small_data_uri(path: str, mtime_ns: int, size: int) -> str | None:
    return _read_data_uri(path)


def _read_data_uri(path: str) -> str | None:
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    kind = sniff(data)
    if kind is None or kind.kind == "svg":
        return None
    return f"data:{kind.content_type};base64,{base64.b64encode(data).decode('ascii')}"
