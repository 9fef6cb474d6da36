"""What kind of image some bytes are, from their magic bytes alone (a file name's extension is
never trusted). The one sniffer of the product: the uploader (``lookup.py``) and the preview's
embedded images use it. Pure."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["MEDIUM_TYPES", "ImageType", "name_of_unsupported", "sniff"]


@dataclass(frozen=True)
class ImageType:
    """A recognised image format: ``kind`` is its short name (``jpeg``), ``content_type`` the
    MIME type sent with it, ``extension`` the file-name ending to give it."""

    kind: str
    content_type: str
    extension: str

    @property
    def medium_accepts(self) -> bool:
        """Whether Medium's image upload takes it as it is."""
        return self.kind in MEDIUM_TYPES


JPEG = ImageType("jpeg", "image/jpeg", ".jpg")
PNG = ImageType("png", "image/png", ".png")
GIF = ImageType("gif", "image/gif", ".gif")
TIFF = ImageType("tiff", "image/tiff", ".tiff")
WEBP = ImageType("webp", "image/webp", ".webp")
SVG = ImageType("svg", "image/svg+xml", ".svg")

MEDIUM_TYPES = frozenset({"jpeg", "png", "gif", "tiff"})
"""The kinds Medium accepts for upload (its API: JPEG, PNG, GIF, TIFF)."""

_MAGIC: tuple[tuple[bytes, ImageType], ...] = (
    (b"\xff\xd8\xff", JPEG),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
)
_FTYP_BRANDS = {
    b"avif": "AVIF",
    b"avis": "AVIF",
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"hevc": "HEIC",
    b"heim": "HEIC",
    b"heis": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
}


def sniff(data: bytes) -> ImageType | None:
    """The image type of ``data`` (JPEG, PNG, GIF, TIFF, WebP or SVG), or None for anything
    else (see :func:`name_of_unsupported` to say what it is)."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return WEBP
    if _is_svg(data):
        return SVG
    return None


def name_of_unsupported(data: bytes) -> str:
    """A name for a file Medium does not take, for a message: "SVG", "BMP", "a text file"…"""
    found = sniff(data)
    if found is not None:
        return found.kind.upper()
    if data.startswith(b"BM"):
        return "BMP"
    if data[4:8] == b"ftyp":
        return _FTYP_BRANDS.get(data[8:12], "this ISO media file")
    if data.startswith((b"\x00\x00\x01\x00", b"\x00\x00\x02\x00")):
        return "ICO"
    if data.startswith(b"%PDF"):
        return "PDF"
    if data.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL ")):
        return "JPEG XL"
    if data.startswith(b"8BPS"):
        return "PSD"
    try:
        data[:2048].decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < 2044:  # not merely a character cut at the end of the sample
            return "this file type"
    return "a text file"


def _is_svg(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return b"<svg" in head or (head.startswith(b"<?xml") and b"svg" in head)
