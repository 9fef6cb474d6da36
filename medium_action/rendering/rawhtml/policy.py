"""Which tags and attributes Medium keeps, and the few HTML pieces the filter writes.

The tag sets say how :mod:`.sanitizer` treats each element (the table is in
:mod:`.filter`); the inline renderer reads the same sets, so that raw HTML
inside a paragraph is judged by the same rules as an HTML block.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from html import escape
from types import MappingProxyType

STRIKE = "\u0336"

_NONE: frozenset[str] = frozenset()

#: Every tag Medium keeps in an API post, with the attributes it keeps: the one list of what the
#: renderer and the HTML filter may write (the sets below are checked against it).
ALLOWED_TAGS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "h1": _NONE,
        "h2": _NONE,
        "h3": _NONE,
        "h4": _NONE,
        "p": _NONE,
        "strong": _NONE,
        "b": _NONE,
        "em": _NONE,
        "i": _NONE,
        "a": frozenset({"href"}),
        "code": _NONE,
        "pre": _NONE,
        "blockquote": _NONE,
        "ul": _NONE,
        "ol": _NONE,
        "li": _NONE,
        "figure": _NONE,
        "img": frozenset({"src", "alt"}),
        "figcaption": _NONE,
        "hr": _NONE,
        "br": _NONE,
    }
)


DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "head",
        "title",
        "svg",
        "math",
        "textarea",
        "select",
    }
)
EMBEDS = frozenset({"iframe", "video", "audio", "embed", "object", "source"})
EMBED_CONTAINERS = frozenset({"iframe", "video", "audio", "object"})
VOID = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)
INLINE = frozenset({"strong", "b", "em", "i", "code", "a"})
STRIKE_TAGS = frozenset({"del", "s", "strike"})
BREAKING = frozenset(
    {
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "details",
        "summary",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "caption",
        "dl",
        "dt",
        "dd",
        "center",
        "address",
        "fieldset",
        "form",
        "hgroup",
        "body",
        "html",
        "picture",
    }
)
CELLS = frozenset({"td", "th"})
#: Tags that separate words: met inline (where they cannot be kept), they become a space.
SEPARATING = (
    BREAKING
    | CELLS
    | frozenset(
        {"p", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre"}
        | {"figure", "figcaption", "hr", "img", "input"}
        | EMBEDS
    )
)
#: Raw headings when no renderer says otherwise (a body without Markdown headings): ``<h1>`` is
#: Medium's large heading after the title, ``<h3>`` its small one (see ``base.heading_tag``).
HEADINGS = {"h1": "h1", "h2": "h3", "h3": "strong", "h4": "strong", "h5": "strong", "h6": "strong"}
INLINE_CONTAINERS = frozenset({"p", "h1", "h3", "h4", "li", "pre", "figcaption"})
BLOCK_CONTAINERS = frozenset({"li", "blockquote", "ul", "ol", "figure"})
NESTED_MARKERS = ("– ", "◦ ", "▪ ")
_EMPTIED_BLOCKS = frozenset(
    {"p", "h1", "h3", "h4", "figcaption", "figure", "blockquote", "ul", "ol"}
)
_TAG = re.compile(r"<(/?)([a-z0-9]+)\b[^>]*>")
_VOID_OUT = frozenset({"br", "img", "hr"})


_IMAGELESS_FIGURE = re.compile(r"<figure>((?:(?!<img\b|<figure>)[\s\S])*?)</figure>\n?")


def imageless_figures_as_text(html: str) -> str:
    """``html`` (as the filter writes it) with every figure that holds no image written as the
    paragraph of its caption: Medium shows an empty figure as a blank box."""

    def text(m: re.Match[str]) -> str:
        inner = m.group(1).replace("<figcaption>", "").replace("</figcaption>", "").strip()
        return "<p>" + inner + "</p>\n" if inner else ""

    return _IMAGELESS_FIGURE.sub(text, html) if "<figure>" in html else html


def remove_empty(html: str, *, blocks: bool = False) -> str:
    """``html`` (well formed, as the filter writes it) without the inline elements left empty
    (an image moved out of ``*![x](y)*``), and with ``blocks`` the empty paragraphs, headings,
    captions and quotes too. Blank means only whitespace and ``<br>``; an emptied inline
    element leaves a space if it held one, so words stay apart. One pass, however deep the
    empty elements nest."""
    out: list[str] = []
    opened: list[tuple[str, int]] = []  # (tag, index of its start tag in out)
    last_content = -1  # index in out of the last piece that is not blank
    drop_newline = False
    pos = 0

    def text(piece: str) -> None:
        nonlocal last_content, drop_newline
        if drop_newline and piece.startswith("\n"):
            piece = piece[1:]
        drop_newline = False
        if piece:
            out.append(piece)
            if piece.strip():
                last_content = len(out) - 1

    for m in _TAG.finditer(html):
        text(html[pos : m.start()])
        pos = m.end()
        drop_newline = False
        closing, name = m.group(1), m.group(2)
        if not closing:
            out.append(m.group(0))
            if name in _VOID_OUT:
                if name != "br":
                    last_content = len(out) - 1
            else:
                opened.append((name, len(out) - 1))
            continue
        if not opened or opened[-1][0] != name:  # not written by the filter: left as it is
            out.append(m.group(0))
            last_content = len(out) - 1
            continue
        _, start = opened.pop()
        if last_content > start or not (name in INLINE or (blocks and name in _EMPTIED_BLOCKS)):
            out.append(m.group(0))
            last_content = len(out) - 1
            continue
        held = "".join(out[start + 1 :])
        del out[start:]
        if name in INLINE:
            if held:
                out.append(" ")
        else:
            drop_newline = True
    text(html[pos:])
    return "".join(out)


def strike(text: str) -> str:
    """``text`` with every visible character followed by U+0336 (a long stroke overlay)."""
    return "".join(ch + STRIKE if not ch.isspace() else ch for ch in text)


@dataclass
class UrlPolicy:
    """What the renderer decides about URLs found in raw HTML.

    ``link(href)`` / ``image(src)`` get the attribute value as written and return the URL to
    write, or None to drop it (the link is unwrapped, the image left out). ``warn`` takes a
    writer-facing message.
    """

    link: Callable[[str], str | None]
    image: Callable[[str], str | None]
    warn: Callable[[str], None]
    heading: Callable[[int], str] = lambda level: HEADINGS[f"h{level}"]
    """The tag a raw ``<hN>`` becomes (``h1``, ``h3`` or ``strong``): the renderer's levels."""


def embed_link_html(url: str) -> str:
    """The paragraph an embedded video/iframe becomes."""
    e = escape(url, quote=True)
    return '<p><a href="' + e + '">' + escape(url, quote=False) + "</a></p>\n"


def embed_url(attrs: dict[str, str]) -> str | None:
    """The URL an embed points at (``src``, else ``data``; protocol-relative made https)."""
    src = (attrs.get("src") or attrs.get("data") or "").strip()
    if not src:
        return None
    if src.startswith("//"):
        src = "https:" + src
    return src


_ACCEPTED_TYPES = ("image/png", "image/jpeg", "image/jpg", "image/gif", "image/tiff")
_ACCEPTED_SUFFIX = re.compile(r"\.(?:png|jpe?g|gif|tiff?)(?:[?#].*)?$", re.IGNORECASE)


def picture_source(attrs: Mapping[str, str]) -> str | None:
    """The URL a ``<picture>``'s ``<source>`` offers in a format Medium takes (its type, else its
    file name, says so), the largest of its ``srcset`` candidates (written last); else None."""
    candidates = [c.split()[0] for c in attrs.get("srcset", "").split(",") if c.split()]
    if not candidates:
        return None
    kind = attrs.get("type", "").strip().lower()
    if kind in _ACCEPTED_TYPES or (not kind and _ACCEPTED_SUFFIX.search(candidates[-1])):
        return candidates[-1]
    return None


def figure_html(src: str, alt: str, caption: str | None) -> str:
    """A figure holding one image, with its caption when there is one."""
    out = (
        '<figure><img src="' + escape(src, quote=True) + '" alt="' + escape(alt, quote=True) + '">'
    )
    if caption:
        out += "<figcaption>" + escape(caption, quote=False) + "</figcaption>"
    return out + "</figure>\n"
