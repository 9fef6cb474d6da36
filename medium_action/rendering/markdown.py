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
from typing import TYPE_CHECKING

from mistune.helpers import parse_link_href, unescape_char
from mistune.util import escape, escape_url, unescape

from medium_action.rendering.rawhtml.filter import find_a_hrefs, find_img_tags
from medium_action.rendering.syntax.blocks import rewrite_framework_blocks
from medium_action.rendering.templates.expand import expand_template_tags
from medium_action.rendering.tokens import plain_text, same_text
from medium_action.rendering.types import Rendered
from medium_action.rendering.urls import url_key

if TYPE_CHECKING:
    from medium_action.rendering.post import ParsedPost

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


def _token_urls(post: ParsedPost) -> tuple[set[str], list[tuple[bool, list[str]]]]:
    """The URLs the post's tokens hold (links, images, reference definitions, raw HTML), and
    landmarks in document order: (True, lines of code) or (False, ways a link URL is written)."""
    urls: set[str] = set()
    marks: list[tuple[bool, list[str]]] = []
    for tok in post.walk():
        typ = tok["type"]
        if typ in ("link", "image"):
            url = tok["attrs"]["url"]
            urls.add(url)
            marks.append((False, [url, url_key(url)]))
        elif typ in ("block_code", "codespan"):
            lines = [line.strip() for line in tok["raw"].split("\n") if line.strip()]
            if lines:
                marks.append((True, lines))
        elif typ in ("inline_html", "block_html"):
            raw = tok["raw"]
            if "href" in raw:
                urls.update(find_a_hrefs(raw))
            if "src" in raw:
                urls.update(attrs["src"] for attrs in find_img_tags(raw) if "src" in attrs)
    urls.update(str(ref["url"]) for ref in post.reference_definitions.values())
    return {url_key(u) for u in urls}, marks


def _code_ranges(text: str, marks: list[tuple[bool, list[str]]]) -> list[tuple[int, int]]:
    """Where the code tokens' texts are in ``text``.

    Tokens carry no positions, but they come in document order: a cursor moves past each link
    and each code text in turn, so a code span is not looked for before the links that precede
    it (a code line is found line by line: indentation and quote markers sit between)."""
    ranges: list[tuple[int, int]] = []
    cursor = 0
    for is_code, needles in marks:
        if not is_code:
            found = min((p for n in needles if n and (p := text.find(n, cursor)) >= 0), default=-1)
            if found >= 0:
                cursor = found + 1
            continue
        start = text.find(needles[0], cursor)
        if start < 0:
            continue
        end = start + len(needles[0])
        for line in needles[1:]:
            found = text.find(line, end)
            if found < 0:
                break
            end = found + len(line)
        ranges.append((start, end))
        cursor = end
    return ranges


def _rewrite_urls(
    post: ParsedPost,
    image_urls: Mapping[str, str],
    link_resolver: Callable[[str], str | None] | None,
) -> str:
    """The expanded text with the URLs of the post's links, images, reference definitions and
    raw ``<img src>`` / ``<a href>`` replaced where the maps know them.

    What to rewrite, and where code is, comes from the tokens; only the place of each
    destination in the text is found by its syntax, since tokens carry no positions."""
    # Medium parses this text itself: the framework blocks the parse reads (MDX, ':::') are
    # written out as the plain Markdown that says the same
    # and its template tags as the Markdown they stand for (the parse read them as rules)
    expanded = expand_template_tags(post.text, post.state.env.get("asset_folder")).text
    md = rewrite_framework_blocks(expanded).text
    known, marks = _token_urls(post)
    new_urls: dict[str, str] = {}
    for key in known:
        url = image_urls.get(key)
        if url is None and link_resolver is not None:
            url = link_resolver(key)
        if url is not None:
            new_urls[key] = url
    if not new_urls:
        return md
    ranges = _code_ranges(md, marks)
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
        url = new_urls.get(url_key(escape_url(unescape_char(href))))
        if url is not None:
            edits.append((begin, end, _md_dest(url)))
    for m in _REF_DEF.finditer(md):
        if in_code(m.start()):
            continue
        dest = m.group("dest")
        raw = dest[1:-1] if dest.startswith("<") else dest
        url = new_urls.get(url_key(escape_url(unescape_char(raw))))
        if url is not None:
            edits.append((m.start("dest"), m.end("dest"), _md_dest(url)))
    for m in _HTML_URL.finditer(md):
        if in_code(m.start()):
            continue
        value = next(g for g in (m.group("dq"), m.group("sq"), m.group("uq")) if g is not None)
        url = new_urls.get(url_key(unescape(value)))
        if url is not None:
            edits.append((m.start("value"), m.end("value"), '"' + escape(url) + '"'))
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


def _leading_headings(post: ParsedPost) -> list[tuple[int, str]]:
    """(level, plain text) of the first two blocks while they are headings (title, subtitle)."""
    heads: list[tuple[int, str]] = []
    for tok in post.tokens:
        if tok["type"] == "blank_line":
            continue
        if tok["type"] != "heading" or len(heads) == 2:
            break
        heads.append((tok["attrs"]["level"], plain_text(tok["children"])))
    return heads


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
    post: ParsedPost,
    *,
    title: str,
    subtitle: str | None = None,
    image_urls: Mapping[str, str] | None = None,
    link_resolver: Callable[[str], str | None] | None = None,
) -> Rendered:
    """The post as Markdown (contentFormat ``markdown``): title/subtitle headings added when the
    body does not start with them, template tags expanded, image and link URLs rewritten."""
    md = _rewrite_urls(post, image_urls or {}, link_resolver)
    heads = _leading_headings(post)
    lines = md.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    size = _title_lines(lines, first, 1)
    if size and heads and heads[0][0] == 1 and same_text(heads[0][1], title):
        after = first + size
        if subtitle:
            nxt = next((i for i in range(after, len(lines)) if lines[i].strip()), len(lines))
            has_subtitle = (
                _title_lines(lines, nxt, 2) > 0
                and len(heads) == 2
                and heads[1][0] == 2
                and same_text(heads[1][1], subtitle)
            )
            if not has_subtitle:
                lines.insert(after, "\n" + _md_heading(2, subtitle).rstrip("\n"))
        content = "\n".join(lines)
    else:
        content = _md_heading(1, title) + (_md_heading(2, subtitle) if subtitle else "") + md
    return Rendered(content, list(post.template_warnings))
