"""An HTML block rewritten into Medium's tags: the rule for each tag (see :mod:`.filter`).

The parser callbacks decide what each start tag, end tag and piece of text becomes; the open
elements of the output are kept by :class:`medium_action.rendering.rawhtml.stack.OutputStack`.
"""

from __future__ import annotations

from html import escape

from medium_action.rendering.captions import caption_for
from medium_action.rendering.rawhtml.forgiving import ForgivingHTMLParser as HTMLParser
from medium_action.rendering.rawhtml.policy import (
    BREAKING,
    CELLS,
    DROP_WITH_CONTENT,
    EMBED_CONTAINERS,
    EMBEDS,
    HEADINGS,
    INLINE,
    INLINE_CONTAINERS,
    NESTED_MARKERS,
    STRIKE_TAGS,
    VOID,
    UrlPolicy,
    embed_link_html,
    embed_url,
    figure_html,
    imageless_figures_as_text,
    picture_source,
    remove_empty,
    strike,
)
from medium_action.rendering.rawhtml.stack import OutputStack

__all__ = ["sanitize_block"]


class _BlockSanitizer(HTMLParser, OutputStack):
    def __init__(self, policy: UrlPolicy) -> None:
        HTMLParser.__init__(self, convert_charrefs=True)
        OutputStack.__init__(self)
        self.policy = policy
        self.suppress: list[str] = []  # open elements whose content is dropped
        self.picture: list[str | None] = []  # per open <picture>: its best <source>, or None

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
        if tag == "picture":
            self.picture.append(None)
        if tag == "source" and self.picture:  # an <img> in the picture wins over every source
            if self.picture[-1] is None:
                self.picture[-1] = picture_source(attrs)
            return
        if tag == "img" and self.picture:
            self.picture[-1] = ""
        if tag == "summary":  # <details> cannot fold on Medium: its summary is a bold line
            self._close_inline_containers()
            self._push(tag, "p")
            self._push(None, "strong")
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
            if self._block_context() in INLINE_CONTAINERS:
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
        if tag in HEADINGS:
            mapped = self.policy.heading(int(tag[1]))
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
                marker = NESTED_MARKERS[min(self.nested, len(NESTED_MARKERS)) - 1]
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
            if self._block_context() in INLINE_CONTAINERS:
                self.out.append(" ")
            self._push(tag, None)
            return
        self._push(tag, None)

    def _paragraph(self, tag: str) -> None:
        """A paragraph starts (``p``, or a tag read as one); inside a list item it is a line."""
        if self._inside("li") or self._block_context() in INLINE_CONTAINERS - {"p"}:
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
        if tag == "picture" and self.picture:
            source = self.picture.pop()
            if source:
                self._image({"src": source})
        if tag in BREAKING and not self._inside("li"):
            self._close_inline_containers()
        self._close_source(tag)

    def handle_data(self, data: str) -> None:
        if self.suppress:
            return
        if self.pre:
            self.out.append(escape(data, quote=False))
            return
        if not data.strip() and self._block_context() not in INLINE_CONTAINERS:
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
        self.out.append(figure_html(url, alt, caption_for(alt, attrs.get("title"))))

    def result(self) -> str:
        self.close()
        self._close_all()
        return remove_empty(imageless_figures_as_text("".join(self.out)), blocks=True)


def sanitize_block(html: str, policy: UrlPolicy) -> str:
    """An HTML block rewritten into well-formed HTML made of Medium's tags only."""
    sanitizer = _BlockSanitizer(policy)
    sanitizer.feed(html)
    return sanitizer.result()
