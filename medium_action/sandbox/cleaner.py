"""The post HTML the sandbox shows, cleaned, pure: only the tags Medium keeps, every text escaped.

A post's content comes from whoever called the API, so the reading page never shows it as sent:
tags outside ``ALLOWED`` are dropped (their text kept), ``<script>``/``<style>`` and the like are
dropped with their content, attributes are dropped except a link's ``href`` and an image's ``src``
and ``alt`` with a safe scheme, and an ``<iframe>`` becomes a link on a line of its own (an embed,
shown as a link card). The result is well-formed: every open tag is closed.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from medium_action.rendering.rawhtml.forgiving import ForgivingHTMLParser as HTMLParser

ALLOWED = frozenset(
    [
        "p",
        "br",
        "hr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "img",
        "figure",
        "figcaption",
        "sup",
        "sub",
        "mark",
    ]
)
VOID = frozenset({"br", "hr", "img"})
DROPPED_WITH_CONTENT = frozenset(
    [
        "script",
        "style",
        "template",
        "object",
        "embed",
        "iframe",
        "noembed",
        "textarea",
        "select",
        "head",
        "title",
    ]
)
_SAFE_SCHEMES = ("http", "https", "mailto", "")


def safe_url(url: str | None) -> str | None:
    """``url`` when following it cannot run code (no ``javascript:``, ``data:``…), else None."""
    if not url:
        return None
    value = url.strip()
    try:
        scheme = urlsplit(value).scheme.lower()
    except ValueError:
        return None
    return value if scheme in _SAFE_SCHEMES else None


def clean_html(content: str) -> str:
    """``content`` reduced to the allowed tags and attributes, escaped and well-formed."""
    cleaner = _Cleaner()
    cleaner.feed(content)
    cleaner.close()
    return cleaner.result()


class _Cleaner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._out: list[str] = []
        self._open: list[str] = []
        self._skipping: list[str] = []  # the dropped elements we are inside of

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if self._skipping:
            if tag in DROPPED_WITH_CONTENT:
                self._skipping.append(tag)
            return
        if tag == "iframe":
            src = safe_url(found.get("src"))
            if src:  # an embed: Medium shows it as a card; here a link alone on a line
                link = f'<a href="{escape(src)}" rel="nofollow noopener">{escape(src)}</a>'
                self._out.append(f"<p>{link}</p>")
        if tag in DROPPED_WITH_CONTENT:
            self._skipping.append(tag)
            return
        if tag not in ALLOWED:
            return
        self._out.append(f"<{tag}{_attributes(tag, found)}>")
        if tag not in VOID:
            self._open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self._open and self._open[-1] == tag:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            return
        if tag not in self._open:
            return
        while self._open:  # close what was left open inside it
            inner = self._open.pop()
            self._out.append(f"</{inner}>")
            if inner == tag:
                return

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._out.append(escape(data, quote=False))

    def result(self) -> str:
        return "".join(self._out) + "".join(f"</{tag}>" for tag in reversed(self._open))


def _attributes(tag: str, found: dict[str, str | None]) -> str:
    kept: list[tuple[str, str]] = []
    if tag == "a":
        href = safe_url(found.get("href"))
        if href:
            kept += [("href", href), ("rel", "nofollow noopener")]
    elif tag == "img":
        src = safe_url(found.get("src"))
        if src:
            kept.append(("src", src))
        kept.append(("alt", found.get("alt") or ""))
    return "".join(f' {name}="{escape(value)}"' for name, value in kept)
