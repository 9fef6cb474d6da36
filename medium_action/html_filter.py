"""Raw HTML in a post, reduced to the tags Medium keeps (``html.parser`` from the stdlib).

:func:`sanitize_block` rewrites an HTML block into well-formed Medium HTML; :func:`parse_tag`
reads the single tag of an inline HTML token for the renderer; :func:`find_img_tags` lists the
``<img>`` of a fragment for :func:`medium_action.render.find_images`.

What happens to each element:

- kept, with only the attributes of ``render.ALLOWED_TAGS``: ``p``, ``h3``, ``h4``, ``strong``,
  ``b``, ``em``, ``i``, ``a href``, ``code``, ``pre``, ``blockquote``, ``ul``, ``ol``, ``li``,
  ``figure``, ``img src alt``, ``figcaption``, ``hr``, ``br``;
- renamed like Markdown headings: ``h1`` → ``h3``, ``h2``/``h3``/``h4`` → ``h4`` (the post's own
  h1/h2 are its title and subtitle), ``h5``/``h6`` → a bold paragraph; inside a list item or a
  quote a heading is bold text; an ``img`` outside a ``figure`` becomes one (and ends the open
  paragraph, list or quote); an ``img`` inside ``pre`` leaves its alt text;
- dropped with their content: ``script``, ``style``, ``template``, ``head``, ``title``, ``svg``,
  ``math``, ``noscript``, ``textarea``, ``select``; comments, doctypes, processing instructions;
- ``iframe``, ``video``, ``audio``, ``embed``, ``object``, ``source`` with a ``src``/``data``
  become a link on its own line (``<p><a href=SRC>SRC</a></p>``), their fallback content dropped;
- ``del``/``s``/``strike``: text struck through with U+0336 (Medium has no strikethrough);
- checkboxes become ☐/☑; nested lists are flattened into their item as ``<br>``-separated lines;
- every other tag is unwrapped (its text kept); block-ish ones (``div``, ``table``, ``tr``…) end
  the current paragraph, cells are separated by a space;
- ``href``/``src`` go through the caller's URL policy (which drops ``javascript:`` and friends,
  resolves links, maps uploaded images); a link without a usable URL is unwrapped.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from html.parser import HTMLParser

__all__ = [
    "SEPARATING",
    "ParsedTag",
    "UrlPolicy",
    "find_img_tags",
    "parse_tag",
    "remove_empty_inline",
    "sanitize_block",
    "strike",
]

STRIKE = "\u0336"

DROP_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "head",
        "title",
        "svg",
        "math",
        "noscript",
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
_HEADINGS = {"h1": "h3", "h2": "h4", "h3": "h4", "h4": "h4", "h5": "strong", "h6": "strong"}
_INLINE_CONTAINERS = frozenset({"p", "h3", "h4", "li", "pre", "figcaption"})
_BLOCK_CONTAINERS = frozenset({"li", "blockquote", "ul", "ol", "figure"})
_NESTED_MARKERS = ("– ", "◦ ", "▪ ")
_EMPTY_INLINE = re.compile(r"<(strong|b|em|i|code|a)\b[^>]*>((?:\s|<br>)*)</\1>")
_EMPTY_P = re.compile(r"<(p|h3|h4|figcaption|blockquote)>(?:\s|<br>)*</\1>\n?")


def remove_empty_inline(html: str) -> str:
    """``html`` without inline elements left empty (an image moved out of ``*![x](y)*``)."""
    previous = None
    while previous != html:
        previous = html
        html = _EMPTY_INLINE.sub(_space_if_any, html)
    return html


def _space_if_any(m: re.Match[str]) -> str:
    return " " if m.group(2) else ""


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


@dataclass(frozen=True)
class ParsedTag:
    """One tag of an inline HTML token: ``kind`` is ``start``, ``end`` or ``other``."""

    kind: str
    name: str
    attrs: dict[str, str]


class _TagReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[ParsedTag] = []
        self.dropped: list[str] = []  # open elements whose content the sanitizer drops
        self.images: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(ParsedTag("start", tag, values))
        if tag in DROP_WITH_CONTENT or tag in EMBED_CONTAINERS or tag == "pre":
            self.dropped.append(tag)
        elif tag == "img" and not self.dropped:
            self.images.append(values)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(ParsedTag("start", tag, {k: v or "" for k, v in attrs}))
        if tag not in VOID:
            self.tags.append(ParsedTag("end", tag, {}))

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(ParsedTag("end", tag, {}))
        if self.dropped and self.dropped[-1] == tag:
            self.dropped.pop()


_SIMPLE_END = re.compile(r"</([A-Za-z][A-Za-z0-9-]*)\s*>")
_SIMPLE_START = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)\s*/?>")


@functools.lru_cache(maxsize=1024)
def parse_tag(raw: str) -> ParsedTag:
    """Read the tag of an inline HTML token (``<a href="x">``, ``</em>``, ``<!-- c -->``).

    The result is cached: treat its ``attrs`` as read-only.
    """
    m = _SIMPLE_END.fullmatch(raw)
    if m:
        return ParsedTag("end", m.group(1).lower(), {})
    m = _SIMPLE_START.fullmatch(raw)
    if m:
        return ParsedTag("start", m.group(1).lower(), {})
    reader = _TagReader()
    reader.feed(raw)
    reader.close()
    if len(reader.tags) >= 1 and raw.lstrip().startswith("<") and raw[1:2] not in ("!", "?"):
        return reader.tags[0]
    return ParsedTag("other", "", {})


def find_img_tags(html: str) -> list[dict[str, str]]:
    """The attributes of every ``<img>`` the sanitizer keeps (not in script, iframe, pre…)."""
    reader = _TagReader()
    reader.feed(html)
    reader.close()
    return reader.images


def embed_link_html(url: str) -> str:
    """The paragraph an embedded video/iframe becomes."""
    e = escape(url, quote=True)
    return '<p><a href="' + e + '">' + escape(url, quote=False) + "</a></p>\n"


def embed_url(attrs: dict[str, str]) -> str | None:
    src = (attrs.get("src") or attrs.get("data") or "").strip()
    if not src:
        return None
    if src.startswith("//"):
        src = "https:" + src
    return src


def figure_html(src: str, alt: str, caption: str | None) -> str:
    out = (
        '<figure><img src="' + escape(src, quote=True) + '" alt="' + escape(alt, quote=True) + '">'
    )
    if caption:
        out += "<figcaption>" + escape(caption, quote=False) + "</figcaption>"
    return out + "</figure>\n"


class _Entry:
    __slots__ = ("nested", "out", "pre", "src", "strike")

    def __init__(self, src: str | None, out: str | None) -> None:
        self.src = src  # the source tag name (None for an implicit paragraph)
        self.out = out  # the tag written, or None when unwrapped
        self.strike = False
        self.nested = False
        self.pre = False


class _BlockSanitizer(HTMLParser):
    def __init__(self, policy: UrlPolicy) -> None:
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.out: list[str] = []
        self.stack: list[_Entry] = []
        self.suppress: list[str] = []
        self.strike = 0
        self.nested = 0
        self.pre = 0

    # ------------------------------------------------------------ stack helpers

    def _emitted(self) -> list[str]:
        return [e.out for e in self.stack if e.out is not None]

    def _inside(self, tag: str) -> bool:
        return any(e.out == tag for e in self.stack)

    def _block_context(self) -> str | None:
        for e in reversed(self.stack):
            if e.out is not None and e.out not in INLINE:
                return e.out
        return None

    def _push(self, src: str | None, out: str | None, attrs: str = "") -> _Entry:
        entry = _Entry(src, out)
        if out is not None:
            self.out.append("<" + out + attrs + ">")
        self.stack.append(entry)
        return entry

    def _pop(self) -> None:
        e = self.stack.pop()
        if e.out is not None:
            self.out.append("</" + e.out + ">")
            if e.out in ("p", "h3", "h4", "li", "ul", "ol", "blockquote", "pre", "figure"):
                self.out.append("\n")
        if e.strike:
            self.strike -= 1
        if e.nested:
            self.nested -= 1
        if e.pre:
            self.pre -= 1

    def _close_inline_containers(self) -> None:
        """End the open paragraph/heading (and inline tags) before a block starts; a figure
        holds nothing but its image and caption, so it ends too."""
        if self._inside("figure"):
            self._close_all()
            return
        while self.stack:
            top = self.stack[-1]
            if top.out in _BLOCK_CONTAINERS:
                break
            self._pop()

    def _close_all(self) -> None:
        while self.stack:
            self._pop()

    def _ensure_inline_container(self) -> None:
        ctx = self._block_context()
        if ctx in _INLINE_CONTAINERS:
            return
        if ctx == "figure":
            self._push(None, "figcaption")
        elif ctx in ("ul", "ol"):
            self._push(None, "li")
        else:
            self._push(None, "p")

    # ------------------------------------------------------------ parser callbacks

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_starttag(self, tag: str, attrs_list: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attrs_list}
        if self.suppress:
            if tag == "source" and self.suppress[-1] in ("video", "audio"):
                self._embed(attrs)
            elif tag not in VOID and (tag == self.suppress[-1] or tag in DROP_WITH_CONTENT):
                self.suppress.append(tag)
            return
        if self.pre:  # only text in a code block: a line break stays one, an image its alt
            if tag == "br":
                self.out.append("\n")
            elif tag == "img" and attrs.get("alt"):
                self.out.append(escape(attrs["alt"], quote=False))
            elif tag not in VOID:
                self._push(tag, None)
            return
        if tag in DROP_WITH_CONTENT:
            self.suppress.append(tag)
            self.policy.warn(f"<{tag}> removed with its content")
            return
        if tag in EMBEDS:
            self._embed(attrs)
            if tag in EMBED_CONTAINERS:
                self.suppress.append(tag)
            return
        if tag == "img":
            self._image(attrs)
            return
        if tag == "br":
            if self._block_context() in _INLINE_CONTAINERS:
                self.out.append("<br>")
            return
        if tag == "hr":
            self._close_all()
            self.out.append("<hr>\n")
            return
        if tag == "input":
            if attrs.get("type", "").lower() == "checkbox":
                self._text("☑ " if "checked" in attrs else "☐ ")
            return
        if tag in VOID:
            return
        if tag == "p":
            self._paragraph(tag)
            return
        if tag in _HEADINGS:
            mapped = _HEADINGS[tag]
            if self._inside("li") or self._inside("blockquote"):
                self._ensure_inline_container()
                self._push(tag, "strong")
                return
            self._close_inline_containers()
            if mapped == "strong":
                self._push(tag, "p")
                self._push(None, "strong")
            else:
                self._push(tag, mapped)
            return
        if tag == "pre":
            if self._inside("li") or self._inside("blockquote"):
                self._close_all()
            else:
                self._close_inline_containers()
            self._push(tag, "pre").pre = True
            self.pre += 1
            return
        if tag == "blockquote":
            if self._inside("blockquote") or self._inside("li"):
                self._push(tag, None)
                return
            self._close_inline_containers()
            self._push(tag, "blockquote")
            return
        if tag in ("ul", "ol"):
            if self._inside("li"):
                self._push(tag, None).nested = True
                self.nested += 1
                return
            if self._inside("blockquote") or self._block_context() in ("ul", "ol"):
                self._close_inline_containers()
                self._push(tag, None)
                return
            self._close_inline_containers()
            self._push(tag, tag)
            return
        if tag == "li":
            if self.nested:
                marker = _NESTED_MARKERS[min(self.nested, len(_NESTED_MARKERS)) - 1]
                self.out.append("<br>" + marker)
                self._push(tag, None)
                return
            if self._inside("ul") or self._inside("ol"):
                while self.stack and self.stack[-1].out not in ("ul", "ol"):
                    self._pop()
                self._push(tag, "li")
                return
            self._close_inline_containers()
            self._push(tag, "p")
            return
        if tag == "figure":
            self._close_all()
            self._push(tag, "figure")
            return
        if tag == "figcaption":
            if self._block_context() == "figure":
                self._push(tag, "figcaption")
            else:
                self._paragraph(tag)
            return
        if tag == "a":
            href = attrs.get("href")
            url = self.policy.link(href) if href is not None and not self._inside("a") else None
            if url is None:
                self._push(tag, None)
                return
            self._ensure_inline_container()
            self._push(tag, "a", ' href="' + escape(url, quote=True) + '"')
            return
        if tag in INLINE:
            self._ensure_inline_container()
            self._push(tag, tag)
            return
        if tag in STRIKE_TAGS:
            self._push(tag, None).strike = True
            self.strike += 1
            return
        if tag in BREAKING:
            if not self._inside("li"):
                self._close_inline_containers()
            self._push(tag, None)
            return
        if tag in CELLS:
            if self._block_context() in _INLINE_CONTAINERS:
                self.out.append(" ")
            self._push(tag, None)
            return
        self._push(tag, None)

    def _paragraph(self, tag: str) -> None:
        """A paragraph starts (``p``, or a tag read as one); inside a list item it is a line."""
        if self._inside("li") or self._block_context() in _INLINE_CONTAINERS - {"p"}:
            if self._block_context() == "li" and self.out and not self.out[-1].startswith("<li"):
                self.out.append("<br>")
            self._push(tag, None)
            return
        self._close_inline_containers()
        self._push(tag, "p")

    def handle_endtag(self, tag: str) -> None:
        if self.suppress:
            if tag == self.suppress[-1]:
                self.suppress.pop()
            return
        if self.pre and tag != "pre":
            return
        if tag in BREAKING and not self._inside("li"):
            self._close_inline_containers()
        for i in range(len(self.stack) - 1, -1, -1):
            entry = self.stack[i]
            if entry.src != tag:
                continue
            if entry.out is None:  # an unwrapped tag: forget it, leave what it holds open
                del self.stack[i]
                self.strike -= entry.strike
                self.nested -= entry.nested
                self.pre -= entry.pre
            else:
                while len(self.stack) > i:
                    self._pop()
            return

    def handle_data(self, data: str) -> None:
        if self.suppress:
            return
        if self.pre:
            self.out.append(escape(data, quote=False))
            return
        if not data.strip() and self._block_context() not in _INLINE_CONTAINERS:
            return
        self._text(data)

    def _text(self, data: str) -> None:
        self._ensure_inline_container()
        if self.strike:
            data = strike(data)
        self.out.append(escape(data, quote=False))

    def _embed(self, attrs: dict[str, str]) -> None:
        url = embed_url(attrs)
        if url is None:
            return
        safe = self.policy.link(url)
        if safe is None:
            return
        self._close_all()
        self.out.append(embed_link_html(safe))

    def _image(self, attrs: dict[str, str]) -> None:
        src = attrs.get("src", "")
        alt = attrs.get("alt", "")
        url = self.policy.image(src) if src else None
        if url is None:
            if alt.strip():
                self._text(alt)
            return
        if self._block_context() == "figure":
            self.out.append('<img src="' + escape(url, quote=True) + '" alt="' + escape(alt) + '">')
            return
        self._close_all()
        caption = attrs.get("title") or None
        self.out.append(figure_html(url, alt, caption))

    def result(self) -> str:
        self.close()
        self._close_all()
        html = "".join(self.out)
        previous = None
        while previous != html:
            previous = html
            html = _EMPTY_INLINE.sub(_space_if_any, html)
            html = _EMPTY_P.sub("", html)
        return html


def sanitize_block(html: str, policy: UrlPolicy) -> str:
    """An HTML block rewritten into well-formed HTML made of Medium's tags only."""
    sanitizer = _BlockSanitizer(policy)
    sanitizer.feed(html)
    return sanitizer.result()
