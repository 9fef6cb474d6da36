"""Markdown to the HTML Medium accepts: pure functions, no file or network I/O.

Medium keeps a small subset of HTML in an API post (:data:`ALLOWED_TAGS`) and has a simple model:
one title (``h1``), one subtitle (``h2``), two heading sizes (later ``h1`` big, ``h3`` small), flat
lists numbered from 1, quotes, code blocks without highlighting, figures. Every construct of
CommonMark and GFM (plus footnotes, math, task lists, bare URLs) is mapped deliberately:

====================================  ============================================================
Markdown                              Medium HTML
====================================  ============================================================
title / subtitle (arguments)          ``<h1>title</h1>`` then ``<h2>subtitle</h2>``
the shallowest heading level used      a later ``<h1>``: Medium's large heading (a ``#`` heading
                                      equal to the title is left out, and a ``##`` equal to the
                                      subtitle right after it)
the next level used                   ``<h3>``: Medium's small heading (never ``<h2>``, which
                                      right after the title is the subtitle)
deeper levels                         ``<p><strong>…</strong></p>`` (see ``base.heading_tag``)
paragraph, soft / hard break          ``<p>``, newline / ``<br>``
emphasis, strong, code span           ``<em>``, ``<strong>``, ``<code>``
strikethrough ``~~x~~``               x̶ (U+0336 after each character: Medium has no ``<s>``,
                                      and plain text would invert the meaning of a correction)
link, autolink, bare URL              ``<a href>`` (link resolver applied; ``#anchor`` links
                                      unwrapped: Medium has no in-post anchors)
image alone in a paragraph            ``<figure><img src alt><figcaption>title or alt``
image inside text / a link / a cell   the same figure, right after the paragraph (the link
                                      keeps the alt text)
fenced / indented code               ``<pre>`` with the text exactly (no language: Medium has
                                      no highlighting)
math ``$…$`` ``\\(…\\)`` / ``$$…$$``      Unicode text (:mod:`.syntax.tex`) in the sentence / as a
``\\[…\\]``                             ``<p>``; TeX it cannot write stays ``<code>`` / ``<pre>``
emoji ``:rocket:``, ``<sup>`` ``<sub>``  the emoji; Unicode small characters or ``^(…)``/``_(…)``
framework blocks (MDX, alerts,        see :mod:`.dialects` (callouts as a ``<blockquote>``
``:::``, ``!!!``)                     starting with a bold label)
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
raw HTML                              see :mod:`.rawhtml.filter` (allowed tags kept,
                                      script/style dropped, iframes/videos become links)
template tags (Hugo, Liquid, dev.to)  see :mod:`.templates.rules`
====================================  ============================================================

URLs are given to ``image_urls`` / ``link_resolver`` (and listed by
:meth:`.post.ParsedPost.images`) as written, percent-decoded when relative (a path as on disk:
``<my pic.png>`` and ``my%20pic.png`` are both ``my pic.png``), unchanged when absolute.
``javascript:``, ``data:`` and other schemes than http, https, mailto, tel and ftp are removed.

The work is split by concern; this module composes the renderer and holds the public API:

- :mod:`.base`: per-post state, URLs, inline markup and simple blocks;
- :mod:`.lists`: lists and block quotes flattened; :mod:`.tables`: tables as
  ``<pre>`` (columns by :mod:`.textwidth`); :mod:`.inline_html`: raw inline HTML;
- :mod:`.footnotes`: the notes; :mod:`.tokens`: the shared parser (safe between
  threads; the renderer, which holds the warnings of one post, is created per call) and token
  reads; :mod:`.urls`: URL keys and schemes; :mod:`.types`: the results;
- :mod:`.post`: the one parse of a post and what is read from it (images, links, title).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from mistune.core import BlockState
from mistune.util import escape, unescape

from medium_action.rendering.base import MOVED, heading_tag
from medium_action.rendering.footnotes import footnote_label, notes_list
from medium_action.rendering.inline_html import InlineHtmlMixin
from medium_action.rendering.lists import ListsMixin
from medium_action.rendering.markdown import render_markdown
from medium_action.rendering.post import ParsedPost, parse_post
from medium_action.rendering.rawhtml.policy import ALLOWED_TAGS
from medium_action.rendering.tables import TablesMixin
from medium_action.rendering.textwidth import display_width
from medium_action.rendering.tokens import PLUGINS, is_text_of, plain_text
from medium_action.rendering.types import ImageRef, Rendered, RenderWarning

__all__ = [
    "ALLOWED_TAGS",
    "PLUGINS",
    "ImageRef",
    "ParsedPost",
    "RenderWarning",
    "Rendered",
    "display_width",
    "parse_post",
    "render_html",
    "render_markdown",
]

_RAW_HEADING = re.compile(r"<h([1-6])\b", re.IGNORECASE)
_Handler = Callable[["_MediumRenderer", dict[str, Any]], str]


class _MediumRenderer(ListsMixin, TablesMixin, InlineHtmlMixin):
    """The Medium renderer composed: drives a document and dispatches tokens to handlers."""

    def render_document(self, post: ParsedPost, title: str, subtitle: str | None) -> str:
        self._state = post.state
        for key in post.unreferenced_notes:
            self._warn(
                f"footnote [^{footnote_label(post.source, key)}] is never referenced; "
                "its text is kept in the notes"
            )
        self._mark_title(post.tokens, title, subtitle)
        self._heading_levels = self._levels_used(post.tokens)
        self._mark_captions(post.tokens, post.cover)
        self._policy = replace(self._policy, heading=self._raw_heading)
        html = self.render_tokens(post.tokens, post.state)
        if post.notes:
            html += "<hr>\n" + self._list(notes_list(post.notes))
        return html

    def render_tokens(self, tokens: Iterable[dict[str, Any]], state: BlockState) -> str:
        # mistune's, without its generator in between: called once per block and inline element
        render = self.render_token
        return "".join([render(tok, state) for tok in tokens])

    def render_token(self, token: dict[str, Any], state: BlockState) -> str:
        typ = token["type"]
        if self._suppress and typ != "inline_html":
            return ""  # inside a raw inline <script>, <iframe>…: dropped with it
        if typ != "heading" and id(token) in self._skip:
            return ""  # a caption line, written in its figure
        if typ == "text" and not self._raw_stack and not self._strike and "attrs" not in token:
            # the most frequent token, outside raw tags and strikes: what ``text`` returns there
            raw = token["raw"]
            return escape(unescape(raw) if "&" in raw else raw, quote=False)
        handler = _HANDLERS.get(typ)
        if handler is not None:
            return handler(self, token)
        raw_only = _RAW_ONLY.get(typ)
        if raw_only is not None and "attrs" not in token and "raw" in token:
            return raw_only(self, token["raw"])  # what mistune's render_token would call
        return super().render_token(token, state)

    def _mark_title(
        self, tokens: Sequence[dict[str, Any]], title: str, subtitle: str | None
    ) -> None:
        blocks = [t for t in tokens if t["type"] != "blank_line"]
        for i, tok in enumerate(blocks):
            if tok["type"] == "heading" and tok["attrs"]["level"] == 1 and is_text_of(tok, title):
                self._skip.add(id(tok))
                nxt = blocks[i + 1] if i + 1 < len(blocks) else None
                if subtitle and nxt is not None and self._is_subtitle(nxt, subtitle):
                    self._skip.add(id(nxt))
                break
        if subtitle and blocks and self._is_subtitle(blocks[0], subtitle):
            self._skip.add(id(blocks[0]))

    def _mark_captions(self, tokens: Sequence[dict[str, Any]], cover: str | None) -> None:
        """An emphasised line right after an image (the line under it, or the next paragraph)
        is its caption: written in the figure, not repeated as text. Not for the cover, written
        above the body by us: what follows it is the post's first paragraph."""
        blocks = [t for t in tokens if t["type"] != "blank_line"]
        for i, tok in enumerate(blocks):
            if tok["type"] != "paragraph" or (i == 0 and cover is not None):
                continue
            first = next((c for c in tok["children"] if not _is_blank_text(c)), None)
            if first is None or first["type"] != "image":
                continue  # most paragraphs: known without looking at the rest of their text
            inline = [c for c in tok["children"] if not _is_blank_text(c)]
            if len(inline) == 3 and inline[1]["type"] in ("softbreak", "linebreak"):
                if _is_emphasis(inline[2]):
                    self._captions[id(inline[0])] = plain_text(inline[2]["children"]).strip()
                    self._skip.update((id(inline[1]), id(inline[2])))
                continue
            nxt = blocks[i + 1] if i + 1 < len(blocks) else None
            if len(inline) == 1 and nxt is not None and nxt["type"] == "paragraph":
                rest = [c for c in nxt["children"] if not _is_blank_text(c)]
                if len(rest) == 1 and _is_emphasis(rest[0]):
                    self._captions[id(inline[0])] = plain_text(rest[0]["children"]).strip()
                    self._skip.add(id(nxt))

    def _levels_used(self, tokens: Sequence[dict[str, Any]]) -> tuple[int, ...]:
        """The heading levels of the body's own headings (not the title's or subtitle's),
        raw HTML headings of top-level blocks included."""
        levels: set[int] = set()
        for tok in tokens:
            if tok["type"] == "heading" and id(tok) not in self._skip:
                levels.add(tok["attrs"]["level"])
            elif tok["type"] == "block_html":
                levels.update(int(level) for level in _RAW_HEADING.findall(tok["raw"]))
        return tuple(sorted(levels))

    def _raw_heading(self, level: int) -> str:
        return heading_tag(level, self._heading_levels)

    @staticmethod
    def _is_subtitle(tok: dict[str, Any], subtitle: str) -> bool:
        return tok["type"] == "heading" and tok["attrs"]["level"] == 2 and is_text_of(tok, subtitle)


def _is_blank_text(tok: dict[str, Any]) -> bool:
    """Text of spaces only, or what a dropped construct leaves (raw HTML of nothing)."""
    return tok["type"] in ("text", "inline_html") and not tok["raw"].strip()


def _is_emphasis(tok: dict[str, Any]) -> bool:
    """An emphasised line: ``*text*`` or ``_text_`` (not bold, which is a heading's look)."""
    return tok["type"] == "emphasis" and bool(plain_text(tok["children"]).strip())


# Tokens whose rendering needs the token itself (children, attributes), not mistune's arguments.
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
# The most frequent tokens, called as mistune's HTMLRenderer.render_token calls them (the raw
# text, no attributes) without its lookup: a third of rendering time went into that dispatch.
_RAW_ONLY: dict[str, Callable[[_MediumRenderer, str], str]] = {
    "text": _MediumRenderer.text,
    "codespan": _MediumRenderer.codespan,
    "inline_html": _MediumRenderer.inline_html,
    "inline_math": _MediumRenderer.inline_math,
}


def render_html(
    post: ParsedPost,
    *,
    title: str,
    subtitle: str | None = None,
    image_urls: Mapping[str, str] | None = None,
    link_resolver: Callable[[str], str | None] | None = None,
) -> Rendered:
    """The post as Medium HTML: ``<h1>title</h1>`` (``<h2>subtitle</h2>``) then the body."""
    renderer = _MediumRenderer(
        source=post.source, image_urls=image_urls, link_resolver=link_resolver
    )
    html = renderer.render_document(post, title, subtitle)
    if MOVED in html:  # never left behind, but never sent either
        html = html.replace(MOVED, " ")
    head = "<h1>" + escape(title, quote=False) + "</h1>\n"
    if subtitle:
        head += "<h2>" + escape(subtitle, quote=False) + "</h2>\n"
    warnings: list[str] = [*post.template_warnings, *renderer.warnings]
    return Rendered(head + html, warnings)
