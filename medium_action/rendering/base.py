"""The core of the Medium renderer: per-post state, URLs, and the inline and simple blocks.

:class:`RendererBase` is mistune's HTML renderer with what Medium needs overridden. Lists and
quotes (:mod:`.lists`), tables (:mod:`.tables`) and raw inline HTML
(:mod:`.inline_html`) extend it; :mod:`.render` composes them and dispatches tokens.

Images and embeds cannot stay inside text in Medium: each is queued in ``_pending`` and written
after the block, and :data:`MOVED` marks where it was taken out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any

import mistune
from mistune.core import BlockState
from mistune.util import escape, unescape

from medium_action.rendering.captions import caption_for
from medium_action.rendering.rawhtml.filter import (
    UrlPolicy,
    figure_html,
    remove_empty,
    sanitize_block,
    strike,
)
from medium_action.rendering.syntax.tex import Unconvertible, tex_to_text
from medium_action.rendering.tokens import plain_text
from medium_action.rendering.types import RenderWarning
from medium_action.rendering.urls import is_absolute, is_safe_url, url_key

__all__ = ["MOVED", "RendererBase", "has_content", "heading_tag"]

MOVED = "\ue000"  # where an image / embed was taken out of the text (a word boundary)
_MOVED_RUN = re.compile(" *(?:\ue000 *)+")
_BLANK_HTML = re.compile(r"(?:\s|<br>)*")


def heading_tag(level: int, levels_used: tuple[int, ...]) -> str:
    """The tag a heading of ``level`` is sent as, given the levels the body uses (sorted).

    Medium's API (mediumctl's README, 2017) makes every ``<h1>`` after the title its large
    heading, and ``<h2>``-``<h4>`` its small one (an ``<h2>`` right after the title becomes the
    subtitle, so ``<h3>`` is sent). Posts whose title is in the front matter start their
    sections at ``##``: levels count from the shallowest one the body uses, not from ``#``.
    """
    rank = sum(1 for used in levels_used if used < level)
    if rank == 0:
        return "h1"
    if rank == 1:
        return "h3"
    return "strong"


def has_content(html: str) -> bool:
    return not _BLANK_HTML.fullmatch(html)


@lru_cache(maxsize=2048)
def _tex_text(tex: str) -> tuple[str | None, str | None]:
    """``tex`` as Unicode text (None for nothing), or None and what cannot be converted.
    Remembered: posts repeat their formulas (``$x$``, ``$n$``), and converting is pure."""
    try:
        return tex_to_text(tex) or None, None
    except Unconvertible as exc:
        return None, str(exc)


class RendererBase(mistune.HTMLRenderer):
    """mistune's HTML renderer with Medium's inline markup and simple blocks; one per post."""

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
        self._picture: list[str | None] = []  # raw inline <picture>s open: best <source> of each
        self._raw_stack: list[tuple[str, str | None, bool]] = []  # (tag, written tag, strikes)
        self._raw_base = 0  # raw tags below this index belong to an enclosing element
        self._skip: set[int] = set()
        self._captions: dict[int, str] = {}  # image token -> the emphasised line under it
        self._heading_levels: tuple[int, ...] = ()  # the levels the body uses, shallowest first
        self._state = BlockState()
        self._policy = UrlPolicy(link=self._href, image=self._raw_image_src, warn=self._warn)

    # ------------------------------------------------------------------ driving

    def _warn(self, message: str) -> None:
        if message not in self._warned:
            self._warned.add(message)
            self.warnings.append(RenderWarning(message))

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
        if MOVED in html:
            html = _MOVED_RUN.sub(" ", html).strip()
        if not self._pending:
            return html, []
        return remove_empty(html).strip(), self._take_pending()

    def _take_pending(self) -> list[str]:
        pending = self._pending
        self._pending = []
        return pending

    def _close_raw(self, index: int) -> str:
        closes = []
        for _tag, written, strikes in reversed(self._raw_stack[index:]):
            if written:
                closes.append("</" + written + ">")
            if strikes:
                self._strike -= 1
        del self._raw_stack[index:]
        return "".join(closes)

    # ------------------------------------------------------------------ URLs

    def _href(self, url: str) -> str | None:
        """The href to write for a link as parsed, or None to keep only its text."""
        resolved = False
        if self._resolve is not None:
            new = self._resolve(url_key(url))
            if new is not None:
                url, resolved = new, True
        url = url.strip()
        if not url:
            return None
        if url.startswith("#"):
            self._warn(f"link to {url} unwrapped: Medium has no anchors inside a post")
            return None
        if not resolved and url.startswith("@/"):
            # Zola's internal link names a file of the site, not an address: with neither the
            # post's Medium URL nor the site's address known, a reader could follow nothing
            self._warn(
                f"link to {url_key(url)} unwrapped: the Zola page's address is unknown "
                "(set site-url, or publish that post first)"
            )
            return None
        if not is_safe_url(url):
            self._warn(f"link to {url[:60]} removed: unsafe URL scheme")
            return None
        if not resolved and not is_absolute(url):
            self._warn(f"relative link {url_key(url)} kept: Medium cannot resolve it")
        return url

    def _image_src(self, url: str) -> str | None:
        key = url_key(url)
        mapped = self._image_urls.get(key)
        if mapped is not None:
            return mapped or None  # "": an image the uploader left out (it said why)
        if not key or not is_safe_url(key):
            self._warn(f"image {key[:60]} left out: unsafe URL scheme")
            return None
        if not is_absolute(key):
            self._warn(f"image {key} has a relative URL Medium cannot fetch (not uploaded)")
        return url

    def _raw_image_src(self, src: str) -> str | None:
        return self._image_src(src.strip())

    def _figure(self, url: str, alt: str, title: str | None, caption: str | None = None) -> bool:
        src = self._image_src(url)
        if src is None:
            return False
        self._pending.append(figure_html(src, alt, caption or caption_for(alt, title)))
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
        readable = self._math_text(text)
        if readable is None:
            return "<code>" + escape(text, quote=False) + "</code>"
        return escape(readable, quote=False).replace("\n", "<br>\n")

    def block_math(self, text: str) -> str:
        readable = self._math_text(text)
        if self._inline_depth:  # $$…$$ inside a paragraph
            if readable is None:
                return "<code>" + escape(text, quote=False) + "</code>"
            return escape(readable, quote=False).replace("\n", "<br>\n")
        if readable is None:
            return "<pre>" + escape(text.strip("\n"), quote=False) + "</pre>\n"
        return "<p>" + escape(readable, quote=False).replace("\n", "<br>\n") + "</p>\n"

    def _math_text(self, tex: str) -> str | None:
        """TeX as Unicode text (see :mod:`.syntax.tex`), or None (kept as TeX, with a warning)."""
        text, problem = _tex_text(tex)
        if problem is not None:
            shown = " ".join(tex.split())
            shown = shown if len(shown) <= 60 else shown[:57] + "…"
            self._warn(f"math {shown} kept as TeX: {problem} cannot be written as text")
        return text

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
        out = "<p>" + html + "</p>\n" if has_content(html) else ""
        return out + "".join(figures) if figures else out

    def _heading(self, token: dict[str, Any]) -> str:
        html, moved = self._block_inline(token["children"])
        if id(token) in self._skip:  # the title: its text is the <h1> already
            return "".join(moved)
        html = html.strip()
        figures = "".join(moved)
        if not has_content(html):
            return figures
        tag = heading_tag(token["attrs"]["level"], self._heading_levels)
        if tag == "strong":
            return "<p><strong>" + html + "</strong></p>\n" + figures
        return "<" + tag + ">" + html + "</" + tag + ">\n" + figures

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
        if not has_content(text):
            text = escape(href, quote=False)
        return '<a href="' + escape(href) + '">' + text + "</a>"

    def _image(self, token: dict[str, Any]) -> str:
        attrs = token["attrs"]
        alt = plain_text(token["children"])
        title = attrs.get("title")
        caption = self._captions.get(id(token))
        placed = self._figure(attrs["url"], alt, unescape(title) if title else None, caption)
        if self._link_depth:
            return escape(alt, quote=False)
        # an image left out (an SVG…) keeps the words its figure showed: its caption, else alt
        shown = caption or (unescape(title).strip() if title else "") or alt
        return MOVED if placed else MOVED + escape(shown, quote=False) + MOVED
