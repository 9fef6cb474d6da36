"""The Medium HTML of a post, remade for pasting into Medium's story editor (pure).

Medium publishes no record of what its editor keeps from pasted HTML; this module is what is
known, in one place so that it is easy to correct. Known (by trying, and from writers' reports):

- paragraphs, bold, italic, links, inline code, block quotes, lists and images by URL survive;
- the first ``<h1>`` becomes the story's title;
- a later ``<h1>``, ``<h2>`` or ``<h3>`` becomes the large heading, ``<h4>`` the small one;
- line breaks inside one ``<pre>`` collapse on paste (a report from 2026).

The API's HTML (``rendering/``) speaks the API's dialect, so it is mapped here:

===============================  ==================================  =========================
the API's HTML                   pasted into the editor              why
===============================  ==================================  =========================
the first ``<h1>`` (title)       ``<h1>``                            the editor's title
``<h2>`` right after the title   ``<h4>``                            Medium's own markup
(subtitle)                                                           writes the subtitle as
                                                                     the small heading under
                                                                     the title
a later ``<h1>`` (large)         ``<h3>``                            Medium's own large
                                                                     heading is an ``<h3>``
other ``<h2>``-``<h4>`` (small)  ``<h4>``                            the editor's small one
``<pre>`` lines                  one ``<pre>``, lines joined by      see below
                                 ``<br>``
an image with no http(s) URL     a bold placeholder paragraph        the writer adds the image
                                 naming the file                     in the editor
===============================  ==================================  =========================

Code blocks: ``<br>`` inside one ``<pre>`` rather than one ``<pre>`` per line, because it keeps
one block (selected, moved and deleted as one), it is how Medium's own code blocks carry their
lines, and it keeps blank lines: the editor drops empty paragraphs, so an empty ``<pre>`` for a
blank line would be lost. Everything else is passed through unchanged.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from html.parser import HTMLParser

__all__ = ["EDITOR_HEADINGS", "for_editor"]

EDITOR_HEADINGS = {"title": "h1", "subtitle": "h4", "large": "h3", "small": "h4"}
"""What each of Medium's heading kinds is written as for the editor."""

_FETCHED = ("http://", "https://", "//")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def for_editor(content: str, *, missing_images: Mapping[str, str] | None = None) -> str:
    """``content`` (the API's HTML) as HTML for Medium's editor. ``missing_images`` maps an
    ``<img src>`` that has no public URL to the name to show in its placeholder; any other
    ``src`` that is not an http(s) URL gets a placeholder naming it as written."""
    mapper = _EditorMapper(missing_images or {})
    mapper.feed(content)
    mapper.close()
    return mapper.result()


class _EditorMapper(HTMLParser):
    def __init__(self, missing_images: Mapping[str, str]) -> None:
        super().__init__(convert_charrefs=True)
        self._missing = missing_images
        self._out: list[str] = []
        self._seen_title = False
        self._after_title = False  # nothing but white space since the title's </h1>
        self._headings: list[str] = []  # the tags written for the open headings
        self._pre: list[str] | None = None  # the open <pre>'s content, raw HTML
        self._figure: list[str] | None = None  # the open <figure>'s output
        self._figure_missing: list[str] = []

    # --- output ------------------------------------------------------------------------

    def result(self) -> str:
        return "".join(self._out)

    def _write(self, text: str) -> None:
        if self._pre is not None:
            self._pre.append(text)
        elif self._figure is not None:
            self._figure.append(text)
        else:
            self._out.append(text)

    # --- the parser's events -------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in _HEADINGS:
            written = self._heading_tag(tag)
            self._headings.append(written)
            self._write(raw if written == tag else f"<{written}>")
            return
        self._after_title = False
        if tag == "pre" and self._pre is None:
            self._write(raw)
            self._pre = []
            return
        if tag == "figure" and self._figure is None and self._pre is None:
            self._figure, self._figure_missing = [raw], []
            return
        if tag == "img":
            self._image(dict(attrs), raw)
            return
        self._write(raw)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        self._after_title = False
        if tag == "img":
            self._image(dict(attrs), raw)
        else:
            self._write(raw)

    def handle_endtag(self, tag: str) -> None:
        if tag in _HEADINGS and self._headings:
            written = self._headings.pop()
            self._write(f"</{written}>")
            self._after_title = written == "h1" and not self._headings and self._seen_title
            return
        if tag == "pre" and self._pre is not None:
            lines = "".join(self._pre)
            self._pre = None
            self._write(_pre_lines(lines) + "</pre>")
            return
        if tag == "figure" and self._figure is not None:
            figure, missing = self._figure, self._figure_missing
            self._figure = None
            if missing:
                self._write("".join(_placeholder(name) for name in missing))
            else:
                self._write("".join(figure) + "</figure>")
            return
        self._write(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if data.strip():
            self._after_title = False
        self._write(html.escape(data, quote=False))

    def handle_comment(self, data: str) -> None:
        return None  # the renderer writes none; the editor would show nothing of one

    # --- the mapping ---------------------------------------------------------------------

    def _heading_tag(self, tag: str) -> str:
        if tag == "h1" and not self._seen_title:
            self._seen_title = True
            return EDITOR_HEADINGS["title"]
        if tag == "h2" and self._after_title:
            self._after_title = False
            return EDITOR_HEADINGS["subtitle"]
        self._after_title = False
        if tag == "h1":
            return EDITOR_HEADINGS["large"]
        if tag in ("h2", "h3", "h4"):
            return EDITOR_HEADINGS["small"]
        return tag

    def _image(self, attrs: Mapping[str, str | None], raw: str) -> None:
        src = (attrs.get("src") or "").strip()
        name = self._missing.get(src)
        if name is None and not src.lower().startswith(_FETCHED):
            name = src or "(no source)"  # the editor fetches images by URL only
        if name is None:
            self._write(raw)
        elif self._figure is not None:
            self._figure_missing.append(name)
        else:
            self._write(_placeholder_text(name))


def _pre_lines(content: str) -> str:
    """A ``<pre>``'s content with its line breaks as ``<br>``. The newline right after ``<pre>``
    is not content (HTML drops it); a last newline ends the last line and adds none."""
    if content.startswith("\n"):
        content = content[1:]
    if content.endswith("\n"):
        content = content[:-1]
    return content.replace("\r\n", "\n").replace("\n", "<br>")


def _placeholder_text(name: str) -> str:
    return (
        f"<strong>[image {html.escape(name)}: no public address; "
        "add it here in Medium's editor]</strong>"
    )


def _placeholder(name: str) -> str:
    return f"<p>{_placeholder_text(name)}</p>"
