"""Ghost's exported posts: HTML cards, read whole.

Ghost writes its cards as HTML (``<figure class="kg-card kg-code-card"><pre><code>…``,
``kg-image-card`` with a ``<figcaption>``). CommonMark ends an HTML block at the first blank
line, which cuts a code card whose code has a blank line in two: the rest of the code would be
read as Markdown (its indentation as indented code, its ``*`` as emphasis). Here an HTML block
with a ``<pre>`` open at that blank line goes on to the line that closes it, so the raw HTML
filter gets the card whole: the code byte for byte, the caption as a caption.

Two cards are made of ``<div>`` s that would lose what they mean, and become what they show:
a bookmark card (a link wrapped around a title and a description) the title as a link, then
the description; a callout card a quote of its emoji and text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from medium_action.rendering.dialects import Dialect, register

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState
    from mistune.markdown import Markdown

__all__ = ["GHOST_PLUGINS", "whole_code_cards"]

_PRE_OPEN = re.compile(r"<pre\b", re.I)
_PRE_CLOSE = re.compile(r"</pre\s*>", re.I)
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def _open_pres(html: str) -> int:
    return len(_PRE_OPEN.findall(html)) - len(_PRE_CLOSE.findall(html))


_BOOKMARK = re.compile(r"<figure\b[^>]*\bkg-bookmark-card\b[\s\S]*?</figure>", re.I)
_HREF = re.compile(r"<a\b[^>]*\bhref=\"(?P<href>[^\"]*)\"", re.I)
_CALLOUT = re.compile(r"<div\b[^>]*\bkg-callout-card\b[^>]*>(?P<inner>[\s\S]*)</div>", re.I)


def _part(html: str, name: str) -> str:
    m = re.search(r"<div\b[^>]*\b" + name + r"\b[^>]*>(?P<inner>[\s\S]*?)</div>", html, re.I)
    return m.group("inner").strip() if m else ""


def _bookmark(m: re.Match[str]) -> str:
    card = m.group(0)
    href = _HREF.search(card)
    title = _part(card, "kg-bookmark-title")
    if href is None or not title:
        return card
    description = _part(card, "kg-bookmark-description")
    out = '<p><a href="' + href.group("href") + '">' + title + "</a></p>"
    return out + ("<p>" + description + "</p>" if description else "")


def _card(html: str) -> str:
    """A bookmark or callout card as what it shows (others unchanged)."""
    if "kg-bookmark-card" in html:
        html = _BOOKMARK.sub(_bookmark, html)
    if "kg-callout-card" in html:
        m = _CALLOUT.search(html)
        if m is not None:
            emoji = _part(m.group(0), "kg-callout-emoji")
            text = _part(m.group(0), "kg-callout-text")
            quote = "<blockquote><p>" + (emoji + " " if emoji else "") + text + "</p></blockquote>"
            html = html[: m.start()] + quote + html[m.end() :]
    return html


def whole_code_cards(md: Markdown) -> None:
    """An HTML block whose ``<pre>`` holds blank lines goes on to the ``</pre>`` (and to the end
    of the block that line starts)."""
    parse_html = md.block._methods["raw_html"]

    def parse(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
        end = parse_html(m, state)
        last = state.tokens[-1] if state.tokens else None
        if not end or last is None or last["type"] != "block_html":
            return end
        start = end - len(last["raw"])
        while _open_pres(state.src[start:end]) > 0:
            close = _PRE_CLOSE.search(state.src, end)
            if close is None:
                break
            blank = _BLANK_LINE.search(state.src, close.end())
            end = blank.start() + 1 if blank else len(state.src)
        last["raw"] = _card(state.src[start:end])
        return end

    md.block.register("raw_html", None, parse)


GHOST_PLUGINS = (whole_code_cards,)

# What the dialects registry (``dialects/__init__.py``) knows of this one.
NAME = "ghost"
ABOUT = (
    "Ghost exports: HTML cards (`kg-code-card` code byte for byte, blank lines kept; image "
    "cards' `<figcaption>` as the caption; bookmark and callout cards as a link and a quote)"
)
SITE_FILES: tuple[str, ...] = ()  # an export is files of Markdown: no site file marks it
POST_SYNTAX = re.compile(r"<(?:figure|div)\b[^>\n]*\bclass=\"[^\"]*\bkg-card\b")
"""Syntax only this dialect writes (for choosing it when the workspace says nothing)."""
PLUGINS = GHOST_PLUGINS
COMMON = (whole_code_cards,)
"""Any site's raw HTML may hold a ``<pre>`` with blank lines: every dialect's parser may
have :func:`whole_code_cards`."""

DIALECT = register(
    Dialect(
        name=NAME,
        about=ABOUT,
        plugins=tuple(p for p in PLUGINS if p not in COMMON),  # COMMON: in every dialect
        site_files=SITE_FILES,
        post_syntax=POST_SYNTAX,
    )
)
