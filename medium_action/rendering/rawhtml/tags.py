"""Single tags read for the renderer, and the images of a fragment (``html.parser``).

:func:`parse_tag` reads the one tag of an inline HTML token; :func:`find_img_tags` lists the
``<img>`` that :mod:`.sanitizer` would keep, so that images are known (and
uploaded) before anything is rendered.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from medium_action.rendering.rawhtml.forgiving import ForgivingHTMLParser as HTMLParser
from medium_action.rendering.rawhtml.policy import (
    DROP_WITH_CONTENT,
    EMBED_CONTAINERS,
    VOID,
    picture_source,
)


@dataclass(frozen=True)
class ParsedTag:
    """One tag of an inline HTML token: ``kind`` is ``start``, ``end`` or ``other``."""

    kind: str
    name: str
    attrs: dict[str, str]


class _TagReader(HTMLParser):
    """Every tag, in order, and the images outside elements whose content is dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[ParsedTag] = []
        self.dropped: list[str] = []  # open elements whose content the sanitizer drops
        self.images: list[dict[str, str]] = []
        self.hrefs: list[str] = []
        self.picture: list[str | None] = []  # as the sanitizer: per <picture>, its best source

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        self.tags.append(ParsedTag("start", tag, values))
        if tag in DROP_WITH_CONTENT or tag in EMBED_CONTAINERS or tag == "pre":
            self.dropped.append(tag)
        elif tag == "picture" and not self.dropped:
            self.picture.append(None)
        elif tag == "source" and self.picture and not self.dropped:
            if self.picture[-1] is None:
                self.picture[-1] = picture_source(values)
        elif tag == "img" and not self.dropped:
            if self.picture:
                self.picture[-1] = ""
            self.images.append(values)
        elif tag == "a" and not self.dropped and values.get("href", "").strip():
            self.hrefs.append(values["href"].strip())

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        # XHTML's <img src="a.png" /> is an image like <img src="a.png">: read as a start tag
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self.tags.append(ParsedTag("end", tag, {}))
        if tag == "picture" and self.picture and not self.dropped:
            source = self.picture.pop()
            if source:
                self.images.append({"src": source})
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
    lowered = html.lower()
    if "<img" not in lowered and "<picture" not in lowered:  # most raw HTML: no parser for it
        return []
    reader = _TagReader()
    reader.feed(html)
    reader.close()
    return reader.images


def find_a_hrefs(html: str) -> list[str]:
    """The ``href`` of every ``<a>`` in a fragment (entities decoded), outside dropped content."""
    reader = _TagReader()
    reader.feed(html)
    reader.close()
    return reader.hrefs
