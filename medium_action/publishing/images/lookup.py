"""Local images: find the file a post refers to, check it is one Medium takes, upload it once.

Medium side-loads remote ``<img src>`` URLs itself but cannot see files in the repository, so a
local image is uploaded through ``/images`` and its ``src`` replaced by the URL Medium returns.

Where a ``src`` is looked for (the first file found wins):

- ``pics/a.png``, ``./a.png``, ``../img/a.png``: relative to the Markdown file's directory,
  then to the page's own URL folder: a site that serves ``setup/x.md`` at ``setup/x/`` (MkDocs'
  directory URLs, Hugo, pretty permalinks) leaves a raw ``<img src>`` as written, so the browser
  reads ``../../assets/a.png`` from there (index pages are served at their folder: no second try).
- ``/img/a.png`` (a site-root path, as static-site generators write them): in the workspace
  root, then in each of ``SITE_STATIC_DIRS`` there, in this order: ``static/`` (Hugo, Gatsby),
  ``public/`` (Astro, Next.js, Vite), ``assets/`` (Jekyll themes, Eleventy). A site kept in a
  subfolder (``docs/``, ``blog/``) is covered next: the same four places under each folder between
  the workspace root and the Markdown file, outermost first. Where a site's generator reads its
  pages from a folder of its own (Eleventy's ``dir: { input: "src" }``: :mod:`.input_dir`),
  that folder comes before the site's: ``/img/a.png`` is ``src/img/a.png`` there.
- ``%20`` and other escapes are decoded; ``?query`` and ``#fragment`` are dropped.
- ``http(s)://`` and ``//host`` images stay as written: Medium fetches them.
- ``data:`` URIs are decoded and uploaded like a file (Medium never fetches them).

Left out with a warning: an image Medium does not take (SVG…), and a ``src`` that is a template
expression (``{{ sponsor.img }}``: the site's build fills it in). Refused, failing the post with
the image and its line named: a missing file (the message lists
the places tried), a path that leaves the workspace (``../`` or a symlink pointing out), any
other URL scheme, and any content that is not JPEG, PNG, GIF or TIFF by its magic bytes (the file
name's extension is not trusted). WebP is converted to PNG (an animated WebP to an animated GIF)
with Pillow, the optional ``webp`` extra, imported only when a WebP image is met.

Each distinct image (by the md5 of the bytes sent) is uploaded once: ``cache`` maps that md5 to
Medium's URL and is the ledger's ``images`` table, saved in the state file, so later runs reuse it.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import io
import os
import re
from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, unquote_to_bytes

from medium_action.errors import BadRequestError, ImageError, UnexpectedResponseError
from medium_action.publishing.images.input_dir import input_folder
from medium_action.publishing.images.types import GIF, PNG, ImageType, name_of_unsupported, sniff
from medium_action.rendering.urls import on_site

SITE_STATIC_DIRS = ("static", "public", "assets")
"""Static folders searched for a site-root ``/…`` path, in order, after the folder itself."""

SUPPORTED = "use PNG, JPEG, GIF or TIFF"

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
# Jinja/Liquid/Tera/Go in a src (<img src="{{ sponsor.img }}"> in a {% for %} of mkdocs-macros,
# Jekyll or Hugo): filled in by the site's build, so no file can be looked for
_TEMPLATE = re.compile(r"\{\{|\{%|%7B%7B|%7B%", re.IGNORECASE)


class ImageRefLike(Protocol):
    """What the uploader needs of ``render.ImageRef``."""

    @property
    def src(self) -> str: ...

    @property
    def line(self) -> int | None: ...


@dataclass(frozen=True)
class LocalImage:
    """An image ready to upload: ``content`` is what is sent (a WebP already converted).

    ``path`` is the real file (symlinks resolved); for a ``data:`` URI, the Markdown file."""

    path: Path
    content: bytes
    content_type: str
    filename: str
    md5: str
    inline: bool = False
    """Decoded from a ``data:`` URI: no file of its own (a target serving files cannot)."""


class _Problem(Exception):
    """Why an image cannot be used, without naming it: the caller says which image and where."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# --- pure: what a src is ---------------------------------------------------------------------


def is_remote(src: str) -> bool:
    """``http://``, ``https://`` or protocol-relative ``//host/…``: Medium fetches it itself."""
    text = src.strip()
    return text.startswith("//") or text.lower().startswith(("http://", "https://"))


def is_data_uri(src: str) -> bool:
    return src.strip().lower().startswith("data:")


def _local_part(src: str) -> str:
    """The path a local ``src`` names: query and fragment dropped, %-escapes decoded."""
    text = src.strip()
    match = _SCHEME.match(text)
    if match:
        raise _Problem(
            f"'{match.group(1)}:' URLs cannot be uploaded; use a path relative to the Markdown "
            "file, a site-root path (/img/…) or an http(s) URL"
        )
    path = text.split("#", 1)[0].split("?", 1)[0]
    if not path.strip("/"):
        raise _Problem("has no file path")
    return path


class _NotFound(_Problem):
    """No file of that name in any place looked at."""


class _NotTaken(_Problem):
    """An image in a format Medium does not take (SVG, BMP, HEIC…): one such image leaves the
    post without it, with a warning, instead of refusing the whole post."""


# --- files -----------------------------------------------------------------------------------


def _resolve(
    src: str, *, markdown_path: Path, workspace: Path, real_root: Path | None = None
) -> Path:
    """The file ``src`` names; ``real_root``: the workspace resolved, when the caller has it."""
    root = Path(os.path.abspath(workspace))
    real_root = real_root or root.resolve()
    markdown_dir = Path(os.path.abspath(root / markdown_path)).parent
    if not markdown_dir.is_relative_to(root) and markdown_dir.is_relative_to(real_root):
        markdown_dir = root / markdown_dir.relative_to(real_root)  # given through the real path
    written = _local_part(src)
    names = [unquote(written)]
    if names[0] != written:
        names.append(written)  # a file whose name really holds a '%'
    tried: list[Path] = []
    page_dir = _page_dir(markdown_dir / Path(markdown_path).name)
    left = False
    for name in names:
        for n, candidate in enumerate(
            _candidates(name, markdown_dir=markdown_dir, root=root, page_dir=page_dir)
        ):
            if not _inside(candidate, root):
                left = left or n == 0  # the file's own relative path leaves: refused below
                continue
            if candidate in tried:
                continue
            tried.append(candidate)
            if not os.path.lexists(candidate):
                continue
            real = candidate.resolve()
            if not real.is_relative_to(real_root):
                shown = _shown(candidate, root)
                raise _Problem(
                    f"{shown} is a symlink that leads outside the workspace; "
                    "only files inside the repository are used"
                )
            if real.is_file():
                return real
    if left:
        raise _Problem("leaves the workspace; only files inside the repository are used")
    places = ", ".join(_shown(path, root) for path in tried)
    raise _NotFound(f"file not found (looked for {places})")


_INDEX_STEMS = ("index", "_index", "readme")


def _page_dir(markdown_file: Path) -> Path | None:
    """The folder of the page's own URL where the site serves ``a/b.md`` at ``a/b/`` (MkDocs'
    directory URLs, Hugo, pretty permalinks), None for an index page (served at its folder)."""
    if markdown_file.stem.lower() in _INDEX_STEMS:
        return None
    return markdown_file.parent / markdown_file.stem


def _candidates(
    name: str, *, markdown_dir: Path, root: Path, page_dir: Path | None = None
) -> list[Path]:
    if not name.startswith("/"):
        # a raw <img src> is not rewritten by the site: the browser reads it from the page's URL
        pages = [] if page_dir is None else [Path(os.path.normpath(page_dir / name))]
        return [Path(os.path.normpath(markdown_dir / name)), *pages]
    relative = name.lstrip("/")
    sites = [root]
    if markdown_dir.is_relative_to(root):
        folder = root
        for part in markdown_dir.relative_to(root).parts:
            folder = folder / part
            sites.append(folder)
    ordered: list[Path] = []
    for site in sites:  # a generator's input folder first: the site's build serves from there
        for place in (input_folder(site), site):
            if place is not None and place not in ordered:
                ordered.append(place)
    return [
        Path(os.path.normpath(site / static / relative))
        for site in ordered
        for static in ("", *SITE_STATIC_DIRS)
    ]


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def _shown(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)


def _decode_data_uri(src: str) -> bytes:
    header, comma, payload = src.strip().partition(",")
    if not comma:
        raise _Problem("is a data: URI without a ',' before its data")
    if header.lower().endswith(";base64"):
        try:
            return base64.b64decode(re.sub(r"\s+", "", unquote(payload)), validate=True)
        except (binascii.Error, ValueError):
            raise _Problem("is a data: URI whose base64 data cannot be decoded") from None
    return unquote_to_bytes(payload)


def _abbreviated(src: str) -> str:
    return src if len(src) <= 40 else src[:37] + "..."


def _prepare(data: bytes, *, path: Path, stem: str) -> LocalImage:
    kind = sniff(data)
    if kind is not None and kind.kind == "webp":
        data, kind = _convert_webp(data)
    if kind is None or not kind.medium_accepts:
        if not data:
            raise _Problem("the file is empty")
        name = name_of_unsupported(data)
        reason = f"{name} is not supported by Medium; {SUPPORTED}"
        if name in ("a text file", "this file type"):  # no image at all: a broken file
            raise _Problem(reason)
        raise _NotTaken(reason)
    return LocalImage(
        path=path,
        content=data,
        content_type=kind.content_type,
        filename=stem + kind.extension,
        md5=hashlib.md5(data, usedforsecurity=False).hexdigest(),
    )


def _convert_webp(data: bytes) -> tuple[bytes, ImageType]:
    """WebP is not accepted by Medium: a still image becomes PNG, an animated one GIF."""
    try:
        from PIL import Image
    except ImportError:
        raise _Problem(
            "is WebP, which Medium does not accept; converting it to PNG needs Pillow "
            "(install medium-publish[webp]), or convert it yourself: " + SUPPORTED
        ) from None
    out = io.BytesIO()
    try:
        with Image.open(io.BytesIO(data), formats=["WEBP"]) as image:
            if getattr(image, "n_frames", 1) > 1:
                image.save(out, "GIF", save_all=True, loop=image.info.get("loop", 0), disposal=2)
                return out.getvalue(), GIF
            image.load()
            still = image if image.mode in ("1", "L", "LA", "P", "RGB", "RGBA") else None
            (still or image.convert("RGBA")).save(out, "PNG")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as error:
        raise _Problem(f"is a WebP image Pillow cannot convert ({error})") from None
    return out.getvalue(), PNG


# --- the run's uploader ----------------------------------------------------------------------


class ImageUploader:
    """Turns a post's local image references into Medium URLs, uploading each image once.

    ``upload`` sends one image and returns Medium's URL; None in a dry run, where everything is
    checked the same way and a local image maps to its ``file://`` URI (the preview shows it)
    unless ``cache`` already knows Medium's URL for it. ``cache`` (md5 of the bytes sent to
    Medium's URL) is updated after each upload; the caller saves it."""

    def __init__(
        self,
        *,
        workspace: Path,
        upload: Callable[[LocalImage], str] | None,
        cache: MutableMapping[str, str],
        site_url: str | None = None,
    ) -> None:
        self._workspace = Path(os.path.abspath(workspace))
        self._upload = upload
        self._cache = cache
        self._site_url = site_url
        self.uploads = 0
        self.warnings: list[tuple[str, int | None]] = []
        """(message, line in the Markdown file): site-root images found nowhere, left as written;
        images Medium does not take (SVG…), left out."""

    def urls_for(
        self, refs: Sequence[ImageRefLike], *, markdown_path: str, line_offset: int = 0
    ) -> dict[str, str]:
        """``src`` as written -> URL for every local image of one post; remote ones are left out.

        Every image is checked before any is uploaded, and all problems are reported together
        in one ImageError (one line each; ``line`` is the first one's, in the Markdown file).
        An image in a format Medium does not take maps to "" (left out) with a warning."""
        chosen: dict[str, tuple[LocalImage, int | None]] = {}
        on_blog: dict[str, str] = {}
        left_out: dict[str, str] = {}
        problems: list[tuple[int | None, str]] = []
        seen: set[str] = set()
        real_root = self._workspace.resolve()  # once per post, not once per image
        for ref in refs:
            if ref.src in seen or is_remote(ref.src):
                continue
            seen.add(ref.src)
            line = None if ref.line is None else ref.line + line_offset
            if _TEMPLATE.search(ref.src):
                left_out[ref.src] = ""  # the site's build computes it: no file of that name
                self.warnings.append(
                    (
                        f"{_named(ref.src, line)} left out: its address is a template "
                        "expression the site's build fills in, not a file",
                        line,
                    )
                )
                continue
            try:
                chosen[ref.src] = (self._load(ref.src, markdown_path, real_root), line)
            except _NotFound as problem:
                if not ref.src.strip().startswith("/"):
                    problems.append((line, f"{_named(ref.src, line)}: {problem.reason}"))
                elif self._site_url:  # a site-root image served by the blog: Medium fetches it
                    on_blog[ref.src] = on_site(self._site_url, ref.src.strip())
                else:
                    self.warnings.append(
                        (
                            f"{_named(ref.src, line)}: {problem.reason}; without the site's "
                            "address (the site-url setting) it cannot be sent",
                            line,
                        )
                    )
            except _NotTaken as problem:
                left_out[ref.src] = ""  # the renderer leaves an image mapped to "" out
                self.warnings.append((f"{_named(ref.src, line)} left out: {problem.reason}", line))
            except _Problem as problem:
                problems.append((line, f"{_named(ref.src, line)}: {problem.reason}"))
        if problems:
            raise ImageError("\n".join(text for _, text in problems), line=problems[0][0])
        urls = {src: self._url(image, src, line) for src, (image, line) in chosen.items()}
        return urls | on_blog | left_out

    def _load(self, src: str, markdown_path: str, real_root: Path) -> LocalImage:
        if is_data_uri(src):
            image = _prepare(
                _decode_data_uri(src), path=self._workspace / markdown_path, stem="image"
            )
            return dataclasses.replace(image, inline=True)
        path = _resolve(
            src, markdown_path=Path(markdown_path), workspace=self._workspace, real_root=real_root
        )
        try:
            data = path.read_bytes()
        except OSError as error:
            raise _Problem(f"cannot be read ({error.strerror or error})") from None
        return _prepare(data, path=path, stem=path.stem or "image")

    def _url(self, image: LocalImage, src: str, line: int | None) -> str:
        known = self._cache.get(image.md5)
        if known:
            return known
        if self._upload is None:
            return src.strip() if is_data_uri(src) else image.path.as_uri()
        try:
            url = self._upload(image)
        except BadRequestError as error:
            raise ImageError(
                f"{_named(src, line)}: Medium refused the upload: {error}", line=line
            ) from error
        if not url:
            raise UnexpectedResponseError(
                f"Medium's answer to the upload of {_named(src, line)} carried no URL"
            )
        self.uploads += 1
        self._cache[image.md5] = url
        return url


def _named(src: str, line: int | None) -> str:
    where = f" (line {line})" if line is not None else ""
    return f"image '{_abbreviated(src)}'{where}"
