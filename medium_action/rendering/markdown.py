"""The post as Markdown, for contentFormat ``markdown``: Medium converts it itself.

Only what Medium cannot do is done here: the title and subtitle headings are added unless the
body starts with them, template tags are expanded, and image and link URLs (inline, reference
definitions, raw ``<img src>`` / ``<a href>``; never inside code) are rewritten through
``image_urls`` and the link resolver. Pure: text in, text out.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from typing import Any, cast

from mistune.helpers import parse_link_href, unescape_char
from mistune.util import escape, escape_url, unescape

from medium_action.rendering.templates.expand import code_ranges, expand_template_tags
from medium_action.rendering.tokens import MD, normalize_newlines, plain_text, same_text
from medium_action.rendering.types import Rendered, RenderWarning
from medium_action.rendering.urls import url_key

__all__ = ["render_markdown"]

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
        url = new_url(url_key(escape_url(unescape_char(href))))
        if url is not None:
            edits.append((begin, end, _md_dest(url)))
    for m in _REF_DEF.finditer(md):
        if in_code(m.start()):
            continue
        dest = m.group("dest")
        raw = dest[1:-1] if dest.startswith("<") else dest
        url = new_url(url_key(escape_url(unescape_char(raw))))
        if url is not None:
            edits.append((m.start("dest"), m.end("dest"), _md_dest(url)))
    for m in _HTML_URL.finditer(md):
        if in_code(m.start()):
            continue
        value = next(g for g in (m.group("dq"), m.group("sq"), m.group("uq")) if g is not None)
        url = new_url(url_key(unescape(value)))
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
    tokens = cast("list[dict[str, Any]]", MD(line))
    if tokens and tokens[0]["type"] == "heading":
        return plain_text(tokens[0]["children"])
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
    text = normalize_newlines(body)
    pre = expand_template_tags(text)
    md = _rewrite_urls(pre.text, image_urls or {}, link_resolver)
    lines = md.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    size = _title_lines(lines, first, 1)
    heading = _heading_text("\n".join(lines[first : first + size])) if size else None
    if heading is not None and same_text(heading, title):
        after = first + size
        if subtitle:
            nxt = next((i for i in range(after, len(lines)) if lines[i].strip()), len(lines))
            sub_size = _title_lines(lines, nxt, 2)
            sub = _heading_text("\n".join(lines[nxt : nxt + sub_size])) if sub_size else None
            if sub is None or not same_text(sub, subtitle):
                lines.insert(after, "\n" + _md_heading(2, subtitle).rstrip("\n"))
        content = "\n".join(lines)
    else:
        content = _md_heading(1, title) + (_md_heading(2, subtitle) if subtitle else "") + md
    warnings: list[str] = [RenderWarning(m, line) for line, m in pre.warnings]
    return Rendered(content, warnings)
