"""Markdown to the HTML Medium accepts: pure functions, no file or network I/O.

Medium keeps a small subset of HTML in an API post (:data:`ALLOWED_TAGS`) and has a simple model:
one title (``h1``), one subtitle (``h2``), two heading sizes (``h3`` big, ``h4`` small), flat
lists numbered from 1, quotes, code blocks without highlighting, figures. Every construct of
CommonMark and GFM (plus footnotes, math, task lists, bare URLs) is mapped deliberately:

====================================  ============================================================
Markdown                              Medium HTML
====================================  ============================================================
title / subtitle (arguments)          ``<h1>title</h1>`` then ``<h2>subtitle</h2>``
``#`` heading                         ``<h3>`` (a ``#`` heading equal to the title is left out,
                                      and a ``##`` equal to the subtitle right after it)
``##`` ``###`` ``####``               ``<h4>``
``#####`` ``######``                  ``<p><strong>…</strong></p>``
paragraph, soft / hard break          ``<p>``, newline / ``<br>``
emphasis, strong, code span           ``<em>``, ``<strong>``, ``<code>``
strikethrough ``~~x~~``               x̶ (U+0336 after each character: Medium has no ``<s>``,
                                      and plain text would invert the meaning of a correction)
link, autolink, bare URL              ``<a href>`` (link resolver applied; ``#anchor`` links
                                      unwrapped: Medium has no in-post anchors)
image alone in a paragraph            ``<figure><img src alt><figcaption>title or alt``
image inside text / a link / a cell   the same figure, right after the paragraph (the link
                                      keeps the alt text)
fenced / indented code, ``$$math$$``  ``<pre>`` with the text exactly (no language: Medium has
                                      no highlighting)
inline ``$math$``                     ``<code>``
block quote (nested ones too)         one ``<blockquote>`` of ``<p>``; lists inside become
                                      ``<p>`` lines; code, figures, tables leave the quote
bullet list                           ``<ul><li>``
ordered list starting at 1            ``<ol><li>``
ordered list starting elsewhere,      ``<p>3. item</p>``: Medium ignores ``start`` and numbers
or split by a code block/figure       every list from 1, so the numbers are written out
nested list item                      a line of its top-level item after ``<br>``: ``– `` ``◦ ``
                                      ``▪ `` by depth for bullets; ``1.a``, ``1.a.1`` under a
                                      numbered item, ``a.`` under a bullet (nested ``<li>`` would
                                      be flattened by Medium, and separate items would renumber
                                      an ordered list); after a moved block, the remaining nested
                                      items become items of their own, marker kept
task list item                        ``☐ `` / ``☑ `` before the text
loose list paragraphs                 lines of the item, joined with ``<br>``
code / image / quote / table in item  moved right after the item (the list is closed and
                                      reopened; following text of the item becomes a ``<p>``)
table                                 ``<pre>`` with aligned columns (display width: CJK and
                                      emoji count 2, combining marks 0); inline markup reduced
                                      to text, a link as ``text (url)``
footnote reference ``[^x]``           ``[1]`` (Medium drops ``<sup>``)
footnote definitions                  ``<hr>`` then an ``<ol>`` of the notes, at the end
horizontal rule                       ``<hr>``
raw HTML                              see :mod:`medium_action.html_filter` (allowed tags kept,
                                      script/style dropped, iframes/videos become links)
template tags (Hugo, Liquid, dev.to)  see :mod:`medium_action.shortcodes`
====================================  ============================================================

URLs are given to ``image_urls`` / ``link_resolver`` (and reported by :func:`find_images`) as
written, percent-decoded when relative (a path as on disk: ``<my pic.png>`` and ``my%20pic.png``
are both ``my pic.png``), unchanged when absolute. ``javascript:``, ``data:`` and other schemes
than http, https, mailto, tel and ftp are removed.

The parser is created once at module level with ``renderer=None`` (tokens): mistune keeps all
per-call state in the ``BlockState`` it creates for each parse, so it is safe to share between
threads; the renderer, which holds the warnings of one post, is created per call.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, cast
from urllib.parse import unquote

import mistune
from mistune.core import BlockState
from mistune.helpers import parse_link_href, unescape_char
from mistune.plugins.footnotes import parse_footnote_item
from mistune.util import escape, escape_url, unescape

from .html_filter import (
    DROP_WITH_CONTENT,
    EMBED_CONTAINERS,
    EMBEDS,
    INLINE,
    SEPARATING,
    STRIKE_TAGS,
    VOID,
    UrlPolicy,
    embed_link_html,
    embed_url,
    figure_html,
    find_img_tags,
    parse_tag,
    remove_empty_inline,
    sanitize_block,
    strike,
)
from .shortcodes import code_ranges, expand_template_tags

__all__ = [
    "ALLOWED_TAGS",
    "PLUGINS",
    "ImageRef",
    "RenderWarning",
    "Rendered",
    "display_width",
    "find_images",
    "render_html",
    "render_markdown",
]

_NONE: frozenset[str] = frozenset()

#: Every tag Medium keeps in an API post, with the attributes it keeps. Nothing else is written.
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

PLUGINS = ("strikethrough", "footnotes", "table", "url", "task_lists", "math")

# Created once; mistune keeps per-call state in the BlockState of each parse (see module doc).
_MD = mistune.create_markdown(renderer=None, plugins=list(PLUGINS))


@dataclass(frozen=True)
class ImageRef:
    """A local or remote image the post uses."""

    src: str  # as written (percent-decoded when relative): the key of ``image_urls``
    alt: str
    title: str | None
    line: int | None  # 1-based line in the body given (the caller adds the front-matter offset)


class RenderWarning(str):
    """A writer-facing warning: ``str()`` is ``"line 12: message"`` (or the message alone).

    ``line`` is 1-based in the body given; :meth:`shifted` moves it past the front matter.
    """

    line: int | None
    message: str

    def __new__(cls, message: str, line: int | None = None) -> RenderWarning:
        obj = super().__new__(cls, f"line {line}: {message}" if line else message)
        obj.line = line
        obj.message = message
        return obj

    def shifted(self, offset: int) -> RenderWarning:
        """The same warning with its line moved by ``offset`` (e.g. the front matter's lines)."""
        return RenderWarning(self.message, self.line + offset if self.line else None)


@dataclass(frozen=True)
class Rendered:
    """What :func:`render_html` / :func:`render_markdown` produce."""

    content: str  # Medium's ``content`` field
    warnings: list[str] = field(default_factory=list)  # RenderWarning instances


# --------------------------------------------------------------------------- URLs

_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_CTRL = re.compile(r"[\x00-\x20\x7f]+")
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel", "ftp"})


def _is_absolute(url: str) -> bool:
    return bool(_SCHEME.match(url)) or url.startswith("//")


def _key(url: str) -> str:
    """A URL as the caller's maps know it: percent-decoded when relative."""
    url = url.strip()
    return url if _is_absolute(url) else unquote(url)


def _safe_url(url: str) -> bool:
    u = _CTRL.sub("", url)
    for _ in range(3):
        decoded = unquote(u)
        if decoded == u:
            break
        u = _CTRL.sub("", decoded)
    m = _SCHEME.match(u)
    return m is None or m.group(0)[:-1].lower() in SAFE_SCHEMES


def _normalize(body: str) -> str:
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    return body


# --------------------------------------------------------------------------- text helpers


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospace font: East Asian wide/full 2, emoji 2, marks 0."""
    if text.isascii():
        return len(text)
    width = 0
    prev = 0
    joined = False
    for ch in text:
        o = ord(ch)
        if o == 0x200D:  # zero-width joiner: the next character joins the previous emoji
            joined = True
            continue
        if joined:
            joined = False
            continue
        if o == 0xFE0F:  # emoji presentation: a narrow symbol shown as an emoji
            if prev == 1:
                width += 1
                prev = 2
            continue
        if 0x1F3FB <= o <= 0x1F3FF and prev == 2:  # skin tone on the emoji before
            continue
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        prev = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        width += prev
    return width


def _plain_text(children: list[dict[str, Any]]) -> str:
    """The text of inline tokens, markup removed (alt texts, title comparison)."""
    parts: list[str] = []
    for tok in children:
        typ = tok["type"]
        if typ == "text":
            parts.append(unescape(tok["raw"]))
        elif typ in ("codespan", "inline_math"):
            parts.append(tok["raw"])
        elif typ in ("linebreak", "softbreak"):
            parts.append(" ")
        elif typ == "footnote_ref":
            parts.append("[" + str(tok["attrs"]["index"]) + "]")
        elif typ == "inline_html":
            continue
        elif "children" in tok:
            parts.append(_plain_text(tok["children"]))
        elif "raw" in tok:
            parts.append(tok["raw"])
    return "".join(parts)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _is_text_of(heading: dict[str, Any], text: str) -> bool:
    """Whether a heading says ``text`` (given as plain text or as the heading's Markdown)."""
    plain = _plain_text(heading["children"])
    if _same_text(plain, text):
        return True
    tokens = cast("list[dict[str, Any]]", _MD(text))
    return (
        len(tokens) == 1
        and tokens[0]["type"] == "paragraph"
        and _same_text(plain, _plain_text(tokens[0]["children"]))
    )


_MOVED = "\ue000"  # where an image / embed was taken out of the text (a word boundary)
_MOVED_RUN = re.compile(" *(?:\ue000 *)+")
_BLANK_HTML = re.compile(r"(?:\s|<br>)*")
_BULLETS = ("– ", "◦ ", "▪ ")


def _has_content(html: str) -> bool:
    return not _BLANK_HTML.fullmatch(html)


def _alpha(n: int) -> str:
    """1 → a, 26 → z, 27 → aa."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out or "0"


def _pad(text: str, width: int, align: str | None) -> str:
    gap = width - display_width(text)
    if gap <= 0:
        return text
    if align == "right":
        return " " * gap + text
    if align == "center":
        left = gap // 2
        return " " * left + text + " " * (gap - left)
    return text + " " * gap


def _note_tokens(state: BlockState, keys: list[str], first_index: int) -> list[dict[str, Any]]:
    """Footnote definitions never referenced, parsed like the referenced ones."""
    items = [
        parse_footnote_item(_MD.block, key, first_index + i, state) for i, key in enumerate(keys)
    ]
    child = BlockState(parent=state)
    child.tokens = [{"type": "footnotes", "children": items}]
    tokens = cast("list[dict[str, Any]]", _MD.render_state(child))
    return cast("list[dict[str, Any]]", tokens[0]["children"])


def _unreferenced_keys(state: BlockState) -> list[str]:
    defined = state.env.get("ref_footnotes") or {}
    used = set(state.env.get("footnotes") or [])
    return [k for k in defined if k not in used]


# --------------------------------------------------------------------------- the renderer

_Handler = Callable[["_MediumRenderer", dict[str, Any]], str]
_Entry = tuple[str, int, str]  # (kind, number, html) of a flattened list
_ITEM, _BLOCK, _CONT = "item", "block", "cont"


class _MediumRenderer(mistune.HTMLRenderer):
    """mistune's HTML renderer with what Medium needs overridden; one instance per post."""

    def __init__(
        self,
        *,
        source: str,
        image_urls: Mapping[str, str] | None,
        link_resolver: Callable[[str], str | None] | None,
    ) -> None:
        super().__init__(escape=False)
        self._source = source
        self._image_urls = image_urls or {}
        self._resolve = link_resolver
        self.warnings: list[RenderWarning] = []
        self._warned: set[str] = set()
        self._pending: list[str] = []  # figures / embed links waiting for the end of a block
        self._strike = 0
        self._link_depth = 0
        self._inline_depth = 0
        self._suppress: list[str] = []  # raw inline <script>… being dropped
        self._raw_stack: list[tuple[str, str | None, bool]] = []  # (tag, written tag, strikes)
        self._raw_base = 0  # raw tags below this index belong to an enclosing element
        self._skip: set[int] = set()
        self._state = BlockState()
        self._policy = UrlPolicy(link=self._href, image=self._raw_image_src, warn=self._warn)

    # ------------------------------------------------------------------ driving

    def render_document(
        self, tokens: list[dict[str, Any]], state: BlockState, title: str, subtitle: str | None
    ) -> str:
        self._state = state
        notes: list[dict[str, Any]] = []
        if tokens and tokens[-1]["type"] == "footnotes":
            notes = list(tokens[-1]["children"])
            tokens = tokens[:-1]
        unreferenced = _unreferenced_keys(state)
        if unreferenced:
            notes += _note_tokens(state, unreferenced, len(notes) + 1)
            for key in unreferenced:
                self._warn(
                    f"footnote [^{self._label(key)}] is never referenced; "
                    "its text is kept in the notes"
                )
        self._mark_title(tokens, title, subtitle)
        html = self.render_tokens(tokens, state)
        if notes:
            items = [{"type": "list_item", "children": n["children"]} for n in notes]
            fake = {"type": "list", "children": items, "attrs": {"ordered": True, "start": 1}}
            html += "<hr>\n" + self._list(fake)
        return html

    def _label(self, key: str) -> str:
        m = re.search(r"\[\^(" + re.escape(key) + r")\]:", self._source, re.I)
        return m.group(1) if m else key

    def render_token(self, token: dict[str, Any], state: BlockState) -> str:
        if self._suppress and token["type"] != "inline_html":
            return ""  # inside a raw inline <script>, <iframe>…: dropped with it
        handler = _HANDLERS.get(token["type"])
        if handler is not None:
            return handler(self, token)
        return super().render_token(token, state)

    def _warn(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.warnings.append(RenderWarning(message))

    def _mark_title(self, tokens: list[dict[str, Any]], title: str, subtitle: str | None) -> None:
        blocks = [t for t in tokens if t["type"] != "blank_line"]
        for i, tok in enumerate(blocks):
            if tok["type"] == "heading" and tok["attrs"]["level"] == 1 and _is_text_of(tok, title):
                self._skip.add(id(tok))
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                if subtitle and nxt is not None and self._is_subtitle(nxt, subtitle):
                    self._skip.add(id(nxt))
                break
        if subtitle and blocks and self._is_subtitle(blocks[0], subtitle):
            self._skip.add(id(blocks[0]))

    @staticmethod
    def _is_subtitle(tok: dict[str, Any], subtitle: str) -> bool:
        return (
            tok["type"] == "heading" and tok["attrs"]["level"] == 2 and _is_text_of(tok, subtitle)
        )

    def _inline(self, children: list[dict[str, Any]]) -> str:
        """Render inline tokens of one block, closing what raw inline HTML left open."""
        self._inline_depth += 1
        self._raw_base = 0
        html = self.render_tokens(children, self._state)
        self._inline_depth -= 1
        if self._raw_stack:
            html += self._close_raw(0)
        self._suppress.clear()
        return html

    def _block_inline(self, children: list[dict[str, Any]]) -> tuple[str, list[str]]:
        """The inline HTML of one block and the figures / embeds moved out of it."""
        html = self._inline(children)
        if _MOVED in html:
            html = _MOVED_RUN.sub(" ", html).strip()
        if not self._pending:
            return html, []
        return remove_empty_inline(html).strip(), self._take_pending()

    def _take_pending(self) -> list[str]:
        pending = self._pending
        self._pending = []
        return pending

    # ------------------------------------------------------------------ URLs

    def _href(self, url: str) -> str | None:
        """The href to write for a link as parsed, or None to keep only its text."""
        resolved = False
        if self._resolve is not None:
            new = self._resolve(_key(url))
            if new is not None:
                url, resolved = new, True
        url = url.strip()
        if not url:
            return None
        if url.startswith("#"):
            self._warn(f"link to {url} unwrapped: Medium has no anchors inside a post")
            return None
        if not _safe_url(url):
            self._warn(f"link to {url[:60]} removed: unsafe URL scheme")
            return None
        if not resolved and not _is_absolute(url):
            self._warn(f"relative link {_key(url)} kept: Medium cannot resolve it")
        return url

    def _image_src(self, url: str) -> str | None:
        key = _key(url)
        mapped = self._image_urls.get(key)
        if mapped is not None:
            return mapped
        if not key or not _safe_url(key):
            self._warn(f"image {key[:60]} left out: unsafe URL scheme")
            return None
        if not _is_absolute(key):
            self._warn(f"image {key} has a relative URL Medium cannot fetch (not uploaded)")
        return url

    def _raw_image_src(self, src: str) -> str | None:
        return self._image_src(src.strip())

    def _figure(self, url: str, alt: str, title: str | None) -> bool:
        src = self._image_src(url)
        if src is None:
            return False
        self._pending.append(figure_html(src, alt, title or alt or None))
        return True

    # ------------------------------------------------------------------ inline methods

    def text(self, text: str) -> str:
        if self._suppress:
            return ""
        if "&" in text:
            text = unescape(text)
        if self._strike:
            text = strike(text)
        return escape(text, quote=False)

    def codespan(self, text: str) -> str:
        if self._strike:
            text = strike(text)
        return "<code>" + escape(text, quote=False) + "</code>"

    def linebreak(self) -> str:
        return "<br>\n"

    def softbreak(self) -> str:
        return "\n"

    def footnote_ref(self, key: str, index: int) -> str:
        return "[" + str(index) + "]"

    def inline_math(self, text: str) -> str:
        return "<code>" + escape(text, quote=False) + "</code>"

    def block_math(self, text: str) -> str:
        if self._inline_depth:  # $$…$$ inside a paragraph
            return "<code>" + escape(text, quote=False) + "</code>"
        return "<pre>" + escape(text.strip("\n"), quote=False) + "</pre>\n"

    def inline_html(self, html: str) -> str:
        tag = parse_tag(html)
        if tag.kind == "other":
            return ""
        name = tag.name
        if tag.kind == "end":
            if self._suppress:
                if name == self._suppress[-1]:
                    self._suppress.pop()
                return ""
            for i in range(len(self._raw_stack) - 1, self._raw_base - 1, -1):
                if self._raw_stack[i][0] == name:
                    return self._close_raw(i) + (" " if name in SEPARATING else "")
            return " " if name in SEPARATING else ""  # closes nothing open here: dropped
        attrs = tag.attrs
        if self._suppress:
            if name == "source" and self._suppress[-1] in ("video", "audio"):
                self._embed(attrs)
            elif name == self._suppress[-1]:
                self._suppress.append(name)
            return ""
        if name in DROP_WITH_CONTENT:
            self._suppress.append(name)
            self._warn(f"<{name}> removed with its content")
            return ""
        if name in EMBEDS:
            moved = self._embed(attrs)
            if name in EMBED_CONTAINERS:
                self._suppress.append(name)
            return _MOVED if moved else " "
        if name == "img":
            src = attrs.get("src", "").strip()
            alt = attrs.get("alt", "")
            placed = bool(src) and self._figure(src, alt, attrs.get("title") or None)
            if self._link_depth:
                return escape(alt, quote=False)
            return _MOVED if placed else _MOVED + escape(alt, quote=False) + _MOVED
        if name == "br":
            return "<br>"
        if name == "input":
            if attrs.get("type", "").lower() == "checkbox":
                return "☑ " if "checked" in attrs else "☐ "
            return ""
        if name in VOID:
            return " " if name in SEPARATING else ""
        if name == "a":
            href = attrs.get("href")
            in_link = self._link_depth or any(e[1] == "a" for e in self._raw_stack)
            url = self._href(href) if href is not None and not in_link else None
            if url is None:
                self._raw_stack.append((name, None, False))
                return ""
            self._raw_stack.append((name, "a", False))
            return '<a href="' + escape(url) + '">'
        if name in INLINE:
            self._raw_stack.append((name, name, False))
            return "<" + name + ">"
        if name in STRIKE_TAGS:
            self._strike += 1
            self._raw_stack.append((name, None, True))
            return ""
        self._raw_stack.append((name, None, False))
        return " " if name in SEPARATING else ""

    def _close_raw(self, index: int) -> str:
        closes = []
        for _tag, written, strikes in reversed(self._raw_stack[index:]):
            if written:
                closes.append("</" + written + ">")
            if strikes:
                self._strike -= 1
        del self._raw_stack[index:]
        return "".join(closes)

    def _embed(self, attrs: dict[str, str]) -> bool:
        url = embed_url(attrs)
        href = self._href(url) if url else None
        if href is not None:
            self._pending.append(embed_link_html(href))
        return href is not None

    # ------------------------------------------------------------------ block methods

    def thematic_break(self) -> str:
        return "<hr>\n"

    def block_code(self, code: str, info: str | None = None) -> str:
        if code.endswith("\n"):
            code = code[:-1]
        lead = "\n" if code.startswith("\n") else ""  # HTML drops one newline after <pre>
        return "<pre>" + lead + escape(code, quote=False) + "</pre>\n"

    def block_html(self, html: str) -> str:
        return sanitize_block(html, self._policy)

    def block_error(self, text: str) -> str:
        return "<p>" + escape(text, quote=False) + "</p>\n"

    def blank_line(self) -> str:
        return ""

    # ------------------------------------------------------------------ token handlers

    def _paragraph(self, token: dict[str, Any]) -> str:
        html, figures = self._block_inline(token["children"])
        out = "<p>" + html + "</p>\n" if _has_content(html) else ""
        return out + "".join(figures) if figures else out

    def _heading(self, token: dict[str, Any]) -> str:
        html, moved = self._block_inline(token["children"])
        if id(token) in self._skip:  # the title: its text is the <h1> already
            return "".join(moved)
        html = html.strip()
        figures = "".join(moved)
        if not _has_content(html):
            return figures
        level = token["attrs"]["level"]
        if level == 1:
            return "<h3>" + html + "</h3>\n" + figures
        if level <= 4:
            return "<h4>" + html + "</h4>\n" + figures
        return "<p><strong>" + html + "</strong></p>\n" + figures

    def _contained(self, children: list[dict[str, Any]]) -> str:
        """Render the children of an inline element; raw tags opened inside close inside."""
        outer = self._raw_base
        self._raw_base = len(self._raw_stack)
        suppressed = len(self._suppress)
        html = self.render_tokens(children, self._state)
        if len(self._raw_stack) > self._raw_base:
            html += self._close_raw(self._raw_base)
        del self._suppress[suppressed:]
        self._raw_base = outer
        return html

    def _emphasis(self, token: dict[str, Any]) -> str:
        return "<em>" + self._contained(token["children"]) + "</em>"

    def _strong(self, token: dict[str, Any]) -> str:
        return "<strong>" + self._contained(token["children"]) + "</strong>"

    def _strikethrough(self, token: dict[str, Any]) -> str:
        self._strike += 1
        html = self._contained(token["children"])
        self._strike -= 1
        return html

    def _link(self, token: dict[str, Any]) -> str:
        self._link_depth += 1
        text = self._contained(token["children"])
        self._link_depth -= 1
        href = self._href(token["attrs"]["url"])
        if href is None:
            return text
        if not _has_content(text):
            text = escape(href, quote=False)
        return '<a href="' + escape(href) + '">' + text + "</a>"

    def _image(self, token: dict[str, Any]) -> str:
        attrs = token["attrs"]
        alt = _plain_text(token["children"])
        title = attrs.get("title")
        placed = self._figure(attrs["url"], alt, unescape(title) if title else None)
        if self._link_depth:
            return escape(alt, quote=False)
        return _MOVED if placed else _MOVED + escape(alt, quote=False) + _MOVED

    # block quotes ------------------------------------------------------

    def _block_quote(self, token: dict[str, Any]) -> str:
        parts: list[tuple[bool, str]] = []
        self._quote_parts(token["children"], parts)
        out: list[str] = []
        inside: list[str] = []
        for is_inside, html in parts:
            if is_inside:
                inside.append(html)
                continue
            if inside:
                out.append("<blockquote>\n" + "".join(inside) + "</blockquote>\n")
                inside = []
            out.append(html)
        if inside:
            out.append("<blockquote>\n" + "".join(inside) + "</blockquote>\n")
        return "".join(out)

    def _quote_parts(self, children: list[dict[str, Any]], parts: list[tuple[bool, str]]) -> None:
        for child in children:
            typ = child["type"]
            if typ in ("paragraph", "block_text", "heading"):
                html, figures = self._block_inline(child["children"])
                if _has_content(html):
                    if typ == "heading":
                        html = "<strong>" + html + "</strong>"
                    parts.append((True, "<p>" + html + "</p>\n"))
                parts.extend((False, f) for f in figures)
            elif typ == "block_quote":
                self._quote_parts(child["children"], parts)
            elif typ == "list":
                ordered = child["attrs"].get("ordered", False)
                for kind, number, html in self._list_entries(child):
                    if kind == _BLOCK:
                        parts.append((False, html))
                    elif kind == _CONT:
                        parts.append((True, "<p>" + html + "</p>\n"))
                    else:
                        label = f"{number}. " if ordered else "• "
                        parts.append((True, "<p>" + label + html + "</p>\n"))
            elif typ == "blank_line":
                continue
            else:
                parts.append((False, self.render_token(child, self._state)))

    # lists -------------------------------------------------------------

    def _list(self, token: dict[str, Any]) -> str:
        ordered = bool(token["attrs"].get("ordered"))
        start = token["attrs"].get("start", 1)
        entries = self._list_entries(token)
        tag = "ol" if ordered else "ul"
        if ordered:
            last_item = max(i for i, (kind, _, _) in enumerate(entries) if kind == _ITEM)
            numbered_by_medium = (
                start == 1
                and all(kind == _ITEM and html for kind, _, html in entries[: last_item + 1])
                and all(kind != _CONT for kind, _, _ in entries)
            )
            if not numbered_by_medium:
                out = []
                for kind, number, html in entries:
                    if kind == _BLOCK:
                        out.append(html)
                    elif kind == _ITEM:
                        out.append("<p>" + str(number) + ". " + html + "</p>\n")
                    elif html:
                        out.append("<p>" + html + "</p>\n")
                return "".join(out)
        out = []
        is_open = False
        for kind, _, html in entries:
            if kind == _BLOCK:
                if is_open:
                    out.append("</" + tag + ">\n")
                    is_open = False
                out.append(html)
                continue
            if not html:
                continue
            if not is_open:
                out.append("<" + tag + ">\n")
                is_open = True
            out.append("<li>" + html + "</li>\n")
        if is_open:
            out.append("</" + tag + ">\n")
        return "".join(out)

    def _list_entries(self, token: dict[str, Any]) -> list[_Entry]:
        """The entries of a top-level list: its items, and what had to move out of them.

        ``(_ITEM, number, html)`` for an item, ``(_BLOCK, 0, html)`` for a block moved after its
        item, ``(_CONT, 0, html)`` for nested items that come after such a block (they cannot
        join their parent item any more, so they become items with their marker).
        """
        ordered = bool(token["attrs"].get("ordered"))
        start = token["attrs"].get("start", 1)
        entries: list[_Entry] = []
        for i, item in enumerate(token["children"]):
            number = start + i
            rest: list[_Entry] = []
            lines = self._flatten_item(item, 0, "", str(number) if ordered else None, rest)
            entries.append((_ITEM, number, "<br>".join(lines)))
            entries.extend(rest)
        return entries

    def _flatten_item(
        self, item: dict[str, Any], depth: int, label: str, path: str | None, rest: list[_Entry]
    ) -> list[str]:
        """The lines of a list item (nested items included); what cannot stay goes to ``rest``."""
        lines: list[str] = []
        broken = False
        for child in item["children"]:
            typ = child["type"]
            if typ == "blank_line":
                continue
            if typ == "list":
                broken = self._flatten_sublist(child, depth + 1, path, lines, rest, broken)
            elif broken:
                rest.append((_BLOCK, 0, self.render_token(child, self._state)))
            elif typ in ("paragraph", "block_text", "heading"):
                html, figures = self._block_inline(child["children"])
                if _has_content(html):
                    lines.append("<strong>" + html + "</strong>" if typ == "heading" else html)
                if figures:
                    rest.extend((_BLOCK, 0, f) for f in figures)
                    broken = True
            else:
                rest.append((_BLOCK, 0, self.render_token(child, self._state)))
                broken = True
        mark = ""
        if item["type"] == "task_list_item":
            mark = "☑ " if item["attrs"].get("checked") else "☐ "
        prefix = escape(label + mark, quote=False)
        if prefix:
            if lines:
                lines[0] = prefix + lines[0]
            else:
                lines = [prefix.rstrip()]
        return lines

    def _flatten_sublist(
        self,
        token: dict[str, Any],
        depth: int,
        parent_path: str | None,
        lines: list[str],
        rest: list[_Entry],
        broken: bool,
    ) -> bool:
        """Add a nested list's items as lines of the item (or, once a block moved out of the
        item, as items of their own); True when a block had to move out."""
        ordered = bool(token["attrs"].get("ordered"))
        start = token["attrs"].get("start", 1)
        for j, sub in enumerate(token["children"]):
            number = start + j
            if ordered:
                own = _alpha(number) if depth % 2 else str(number)
                path = f"{parent_path}.{own}" if parent_path else own
                label = path + (" " if "." in path else ". ")
            else:
                path = None
                label = _BULLETS[min(depth, len(_BULLETS)) - 1]
            sub_rest: list[_Entry] = []
            sub_lines = self._flatten_item(sub, depth, label, path, sub_rest)
            if broken:
                rest.append((_CONT, 0, "<br>".join(sub_lines)))
            else:
                lines.extend(sub_lines)
            rest.extend(sub_rest)
            broken = broken or bool(sub_rest)
        return broken

    # tables ------------------------------------------------------------

    def _table(self, token: dict[str, Any]) -> str:
        grid: list[list[str]] = []
        aligns: list[str | None] = []
        for part in token["children"]:
            if part["type"] == "table_head":
                aligns = [c["attrs"].get("align") for c in part["children"]]
                grid.append([self._cell_text(c["children"]) for c in part["children"]])
            elif part["type"] == "table_body":
                for row in part["children"]:
                    grid.append([self._cell_text(c["children"]) for c in row["children"]])
        if not grid:
            return ""
        ncols = max(len(r) for r in grid)
        widths = [max(1, *(display_width(r[i]) for r in grid if i < len(r))) for i in range(ncols)]
        lines: list[str] = []
        for index, row in enumerate(grid):
            cells = [
                _pad(
                    row[i] if i < len(row) else "",
                    widths[i],
                    aligns[i] if i < len(aligns) else None,
                )
                for i in range(ncols)
            ]
            lines.append(" | ".join(cells).rstrip())
            if index == 0:
                lines.append("-|-".join("-" * w for w in widths))
        figures = "".join(self._take_pending())
        return "<pre>" + escape("\n".join(lines), quote=False) + "</pre>\n" + figures

    def _cell_text(self, children: list[dict[str, Any]]) -> str:
        parts: list[str] = []
        suppress: list[str] = []  # inside a raw <script>, <iframe>…
        for tok in children:
            typ = tok["type"]
            if typ == "inline_html" and _skips_content(tok["raw"], suppress):
                continue
            if suppress:
                continue
            if typ == "text":
                text = unescape(tok["raw"])
                parts.append(strike(text) if self._strike else text)
            elif typ in ("codespan", "inline_math", "block_math"):
                parts.append(strike(tok["raw"]) if self._strike else tok["raw"])
            elif typ == "strikethrough":
                self._strike += 1
                parts.append(self._cell_text(tok["children"]))
                self._strike -= 1
            elif typ == "link":
                inner = self._cell_text(tok["children"])
                href = self._href(tok["attrs"]["url"])
                if href and not tok.get("_autolink") and href not in (inner, "mailto:" + inner):
                    inner += " (" + href + ")" if inner else href
                parts.append(inner)
            elif typ == "image":
                alt = _plain_text(tok["children"])
                title = tok["attrs"].get("title")
                self._figure(tok["attrs"]["url"], alt, unescape(title) if title else None)
                parts.append(" " + alt + " ")
            elif typ in ("linebreak", "softbreak"):
                parts.append(" ")
            elif typ == "inline_html":
                tag = parse_tag(tok["raw"])
                if tag.kind == "start" and tag.name == "img" and tag.attrs.get("src"):
                    alt = tag.attrs.get("alt", "")
                    self._figure(tag.attrs["src"], alt, tag.attrs.get("title") or None)
                    parts.append(" " + alt + " ")
                elif tag.name == "br" or tag.name in SEPARATING:
                    parts.append(" ")
            elif typ == "footnote_ref":
                parts.append("[" + str(tok["attrs"]["index"]) + "]")
            elif "children" in tok:
                parts.append(self._cell_text(tok["children"]))
            elif "raw" in tok:
                parts.append(tok["raw"])
        return " ".join("".join(parts).split())


_HANDLERS: dict[str, _Handler] = {
    "paragraph": _MediumRenderer._paragraph,
    "block_text": _MediumRenderer._paragraph,
    "heading": _MediumRenderer._heading,
    "strikethrough": _MediumRenderer._strikethrough,
    "emphasis": _MediumRenderer._emphasis,
    "strong": _MediumRenderer._strong,
    "link": _MediumRenderer._link,
    "image": _MediumRenderer._image,
    "block_quote": _MediumRenderer._block_quote,
    "list": _MediumRenderer._list,
    "table": _MediumRenderer._table,
}


# --------------------------------------------------------------------------- public API


def render_html(
    body: str,
    *,
    title: str,
    subtitle: str | None = None,
    image_urls: Mapping[str, str] | None = None,
    link_resolver: Callable[[str], str | None] | None = None,
) -> Rendered:
    """The post as Medium HTML: ``<h1>title</h1>`` (``<h2>subtitle</h2>``) then the body."""
    text = _normalize(body)
    pre = expand_template_tags(text)
    tokens, state = _MD.parse(pre.text)
    renderer = _MediumRenderer(source=text, image_urls=image_urls, link_resolver=link_resolver)
    html = renderer.render_document(cast("list[dict[str, Any]]", tokens), state, title, subtitle)
    if _MOVED in html:  # never left behind, but never sent either
        html = html.replace(_MOVED, " ")
    head = "<h1>" + escape(title, quote=False) + "</h1>\n"
    if subtitle:
        head += "<h2>" + escape(subtitle, quote=False) + "</h2>\n"
    warnings: list[str] = [RenderWarning(m, line) for line, m in pre.warnings]
    warnings += renderer.warnings
    return Rendered(head + html, warnings)


def find_images(body: str) -> list[ImageRef]:
    """Every image the post shows (Markdown, figure shortcodes, raw ``<img>``), in order."""
    text = _normalize(body)
    pre = expand_template_tags(text)
    tokens, state = _MD.parse(pre.text)
    found: list[tuple[str, str, str | None, list[str]]] = []

    def walk(toks: list[dict[str, Any]]) -> None:
        suppress: list[str] = []  # raw inline <iframe>… whose content the renderer drops
        for tok in toks:
            typ = tok["type"]
            if suppress and typ != "inline_html":
                continue
            if typ == "image":
                url = tok["attrs"]["url"]
                key = _key(url)
                title = tok["attrs"].get("title")
                needles = [key, url]
                if tok.get("label"):
                    needles.insert(0, "[" + tok["label"] + "]")
                if key and _safe_url(key):
                    found.append(
                        (
                            key,
                            _plain_text(tok["children"]),
                            unescape(title) if title else None,
                            needles,
                        )
                    )
            elif typ == "inline_html" and _skips_content(tok["raw"], suppress):
                continue
            elif typ in ("block_html", "inline_html") and not suppress:
                for attrs in find_img_tags(tok["raw"]):
                    src = attrs.get("src", "").strip()
                    key = _key(src)
                    if key and _safe_url(key):
                        found.append(
                            (key, attrs.get("alt", ""), attrs.get("title") or None, [src, key])
                        )
            if "children" in tok and typ != "image":  # an alt text shows no image
                walk(tok["children"])

    walk(cast("list[dict[str, Any]]", tokens))
    unreferenced = _unreferenced_keys(state)
    if unreferenced:
        walk(_note_tokens(state, unreferenced, 1))

    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    refs: list[ImageRef] = []
    cursor = 0
    for src, alt, title, needles in found:
        pos = _find_first(text, needles, cursor)
        if pos < 0:
            pos = _find_first(text, needles, 0)
        else:
            cursor = pos + 1
        line = bisect.bisect_right(line_starts, pos) if pos >= 0 else None
        refs.append(ImageRef(src=src, alt=alt, title=title, line=line))
    return refs


def _skips_content(raw: str, suppress: list[str]) -> bool:
    """Track raw inline tags whose content is dropped; True when ``raw`` is such a tag."""
    tag = parse_tag(raw)
    if tag.name not in DROP_WITH_CONTENT and tag.name not in EMBED_CONTAINERS:
        return False
    if tag.kind == "start":
        suppress.append(tag.name)
    elif tag.kind == "end" and suppress and suppress[-1] == tag.name:
        suppress.pop()
    return True


def _find_first(text: str, needles: list[str], start: int) -> int:
    best = -1
    for needle in needles:
        if not needle:
            continue
        pos = text.find(needle, start)
        if pos >= 0 and (best < 0 or pos < best):
            best = pos
    return best


# --------------------------------------------------------------------------- markdown format

_REF_DEF = re.compile(
    r"^ {0,3}\[(?:[^\]\\\n]|\\.){1,999}\]:[ \t]*\n?[ \t]*(?P<dest><[^<>\n]*>|\S+)", re.M
)
_HTML_URL = re.compile(
    r"<(?:img|a)\b[^>]*?\s(?:src|href)\s*=\s*"
    r"(?P<value>\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<uq>[^\s>\"']+))",
    re.I,
)
_MD_TITLE_ESCAPE = re.compile(r"([\\`*_\[\]<>#~|!])")


def _md_dest(url: str) -> str:
    if not url or any(c in url for c in " <>()\n\t"):
        return "<" + url.replace("<", "%3C").replace(">", "%3E").replace("\n", "") + ">"
    return url


def _rewrite_urls(
    md: str,
    image_urls: Mapping[str, str],
    link_resolver: Callable[[str], str | None] | None,
) -> str:
    def new_url(key: str) -> str | None:
        if key in image_urls:
            return image_urls[key]
        return link_resolver(key) if link_resolver is not None else None

    ranges = code_ranges(md)
    starts = [r[0] for r in ranges]

    def in_code(pos: int) -> bool:
        i = bisect.bisect_right(starts, pos) - 1
        return i >= 0 and ranges[i][0] <= pos < ranges[i][1]

    edits: list[tuple[int, int, str]] = []
    for m in re.finditer(r"\]\(", md):
        if in_code(m.start()):
            continue
        href, end = parse_link_href(md, m.end())
        if href is None or end is None:
            continue
        begin = m.end()
        while begin < end and md[begin] in " \t\n":
            begin += 1
        url = new_url(_key(escape_url(unescape_char(href))))
        if url is not None:
            edits.append((begin, end, _md_dest(url)))
    for m in _REF_DEF.finditer(md):
        if in_code(m.start()):
            continue
        dest = m.group("dest")
        raw = dest[1:-1] if dest.startswith("<") else dest
        url = new_url(_key(escape_url(unescape_char(raw))))
        if url is not None:
            edits.append((m.start("dest"), m.end("dest"), _md_dest(url)))
    for m in _HTML_URL.finditer(md):
        if in_code(m.start()):
            continue
        value = next(g for g in (m.group("dq"), m.group("sq"), m.group("uq")) if g is not None)
        url = new_url(_key(unescape(value)))
        if url is not None:
            edits.append((m.start("value"), m.end("value"), '"' + escape(url) + '"'))
    if not edits:
        return md
    out: list[str] = []
    last = 0
    for start, end, replacement in sorted(edits):
        if start < last:
            continue
        out.append(md[last:start])
        out.append(replacement)
        last = end
    out.append(md[last:])
    return "".join(out)


def _heading_text(line: str) -> str | None:
    tokens = cast("list[dict[str, Any]]", _MD(line))
    if tokens and tokens[0]["type"] == "heading":
        return _plain_text(tokens[0]["children"])
    return None


def _title_lines(lines: list[str], index: int, level: int) -> int:
    """How many lines the heading of ``level`` at ``index`` takes (0 when there is none)."""
    if index >= len(lines):
        return 0
    line = lines[index]
    if re.match(r" {0,3}" + "#" * level + r"[ \t]", line):
        return 1
    underline = "=" if level == 1 else "-"
    if (
        line.strip()
        and index + 1 < len(lines)
        and re.fullmatch(r" {0,3}" + underline + r"+[ \t]*", lines[index + 1])
    ):
        return 2
    return 0


def _md_heading(level: int, text: str) -> str:
    return "#" * level + " " + _MD_TITLE_ESCAPE.sub(r"\\\1", " ".join(text.split())) + "\n\n"


def render_markdown(
    body: str,
    *,
    title: str,
    subtitle: str | None = None,
    image_urls: Mapping[str, str] | None = None,
    link_resolver: Callable[[str], str | None] | None = None,
) -> Rendered:
    """The post as Markdown (contentFormat ``markdown``): title/subtitle headings added when the
    body does not start with them, template tags expanded, image and link URLs rewritten."""
    text = _normalize(body)
    pre = expand_template_tags(text)
    md = _rewrite_urls(pre.text, image_urls or {}, link_resolver)
    lines = md.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    size = _title_lines(lines, first, 1)
    heading = _heading_text("\n".join(lines[first : first + size])) if size else None
    if heading is not None and _same_text(heading, title):
        after = first + size
        if subtitle:
            nxt = next((i for i in range(after, len(lines)) if lines[i].strip()), len(lines))
            sub_size = _title_lines(lines, nxt, 2)
            sub = _heading_text("\n".join(lines[nxt : nxt + sub_size])) if sub_size else None
            if sub is None or not _same_text(sub, subtitle):
                lines.insert(after, "\n" + _md_heading(2, subtitle).rstrip("\n"))
        content = "\n".join(lines)
    else:
        content = _md_heading(1, title) + (_md_heading(2, subtitle) if subtitle else "") + md
    warnings: list[str] = [RenderWarning(m, line) for line, m in pre.warnings]
    return Rendered(content, warnings)
