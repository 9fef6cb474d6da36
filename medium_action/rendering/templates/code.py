"""Where a post has code (fenced or indented blocks, code spans): tags there are not read.

Why a scanner of its own: template tags are expanded *before* mistune parses the post (a
``{% highlight %}`` becomes a fence, a shortcode a paragraph, so they change what mistune would
see), so this pre-parse step cannot use mistune's tokens yet. It is the only Markdown reading
besides mistune's, and nothing after it reads Markdown again: every later reader walks the
tokens of :func:`medium_action.rendering.post.parse_post`.

Why it stays (issue 21 moved MDX components and ``:::`` containers into the parse, where
mistune decides where code is): template tags (Hugo, Liquid, Nunjucks, Zola, Hexo) are still
expanded before the parse, because a tag may stand anywhere in a line, build a URL inside a link
(``[x]({% link a.md %})``) or become a fence, which an inline rule cannot do: that needs to
know where code is before mistune has run.

A close approximation of CommonMark's rules, enough to decide about a tag: block quote and list
markers are looked through, and Liquid/Hugo ``highlight``/``raw``/``comment`` blocks are skipped
over so that a fence inside one does not swallow the rest of the post.
"""

from __future__ import annotations

import bisect
import re

__all__ = ["BACKTICKS", "BLOCK_TAG_CLOSE", "code_ranges", "in_ranges"]

_QUOTE_PREFIX = re.compile(r"[ ]{0,3}>[ ]?")
_LIST_MARK = re.compile(r"[ ]{0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_FENCE = re.compile(r"(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)")
_BLOCK_TAG_OPEN = re.compile(
    r"[ \t>]*(?:\{%-?\s*(?P<liquid>highlight|raw|comment)\b"
    r"|\{\{<\s*(?P<hugo>highlight|code-toggle)\b)"
)
#: The end tag of each paired tag (the expander looks for the same ends).
BLOCK_TAG_CLOSE = {
    "highlight": re.compile(r"\{%-?\s*endhighlight\s*-?%\}"),
    "raw": re.compile(r"\{%-?\s*endraw\s*-?%\}"),
    "comment": re.compile(r"\{%-?\s*endcomment\s*-?%\}"),
    "hugo-highlight": re.compile(r"\{\{<\s*/\s*highlight\s*>\}\}"),
    "hugo-code-toggle": re.compile(r"\{\{<\s*/\s*code-toggle\s*>\}\}"),
}
BACKTICKS = re.compile(r"`+")
_SPECIAL_START = frozenset(" \t>`~-+*{0123456789")


def _indent_width(s: str) -> int:
    width = 0
    for ch in s:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4 - width % 4
        else:
            break
    return width


def _block_code_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of fenced and indented code blocks (a close approximation of CommonMark).

    Liquid/Hugo ``highlight``/``raw``/``comment`` blocks are skipped over, so a fence inside one
    does not swallow the rest of the post.
    """
    ranges: list[tuple[int, int]] = []
    pos = 0
    n = len(text)
    fence: tuple[str, int] | None = None  # (char, length) while inside a fenced block
    block_close: re.Pattern[str] | None = None
    in_list = False
    prev_blank = True
    prev_indented_code = False
    start = 0
    while pos < n:
        end = text.find("\n", pos)
        end = n if end < 0 else end + 1
        line = text[pos:end].rstrip("\n")
        if fence is None and block_close is None and line and line[0] not in _SPECIAL_START:
            # a plain paragraph line: nothing opens here (the common case, kept fast)
            if prev_blank:
                in_list = False
            prev_blank = False
            prev_indented_code = False
            pos = end
            continue
        body = line
        while True:  # strip block quote markers
            m = _QUOTE_PREFIX.match(body)
            if not m or not m.group(0):
                break
            body = body[m.end() :]
        if block_close is not None:
            if block_close.search(line):
                block_close = None
            pos = end
            continue
        if fence is not None:
            stripped = body.strip()
            if (
                stripped
                and set(stripped) == {fence[0]}
                and len(stripped) >= fence[1]
                and _indent_width(body) < 4 + (4 if in_list else 0)
            ):
                ranges.append((start, end))
                fence = None
            pos = end
            continue
        blank = not body.strip()
        indented = not blank and _indent_width(body) >= 4
        code_line = indented and not in_list and (prev_blank or prev_indented_code)
        mb = None if code_line else _BLOCK_TAG_OPEN.match(line)
        if mb:
            kind = mb.group("liquid") or "hugo-" + mb.group("hugo")
            if not BLOCK_TAG_CLOSE[kind].search(line, mb.end()):
                block_close = BLOCK_TAG_CLOSE[kind]
            prev_blank = False
            prev_indented_code = False
            pos = end
            continue
        inner = body
        is_item = False
        while True:  # strip list markers ("- 1. ```")
            m = _LIST_MARK.match(inner)
            if not m or not m.group(0):
                break
            inner = inner[m.end() :]
            is_item = True
        fm = _FENCE.fullmatch(inner)
        if fm and (in_list or is_item or _indent_width(body) < 4):
            info = fm.group("info")
            if not (fm.group("fence")[0] == "`" and "`" in info):
                fence = (fm.group("fence")[0], len(fm.group("fence")))
                start = pos
                in_list = in_list or is_item
                prev_blank = False
                prev_indented_code = False
                pos = end
                continue
        if code_line:
            if ranges and ranges[-1][1] == pos and prev_indented_code:
                ranges[-1] = (ranges[-1][0], end)
            else:
                ranges.append((pos, end))
            prev_indented_code = True
        elif blank and prev_indented_code:
            prev_indented_code = True  # a blank line inside an indented block
        else:
            prev_indented_code = False
        if is_item:
            in_list = True
        elif not blank and prev_blank and _indent_width(body) == 0:
            in_list = False
        prev_blank = blank
        pos = end
    if fence is not None:  # an unclosed fence runs to the end
        ranges.append((start, n))
    return ranges


def in_ranges(ranges: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
    """Whether ``pos`` is inside one of ``ranges`` (sorted, disjoint; ``starts`` their starts)."""
    i = bisect.bisect_right(starts, pos) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


_PARAGRAPH_BREAK = re.compile(r"\n[ \t>]*\n")


def code_ranges(text: str, near: tuple[str, ...] | None = None) -> list[tuple[int, int]]:
    """Sorted, disjoint character ranges of code blocks and code spans in ``text``.

    With ``near``, code spans are only looked for in paragraphs holding one of those strings
    (enough to decide about the strings; much faster on long posts).
    """
    blocks = _block_code_ranges(text)
    starts = [r[0] for r in blocks]
    spans: list[tuple[int, int]] = []
    if near is None:
        windows = [(0, len(text))]
    else:
        windows = []
        begin = 0
        for m in _PARAGRAPH_BREAK.finditer(text):
            if any(s in text[begin : m.start()] for s in near) and "`" in text[begin : m.start()]:
                windows.append((begin, m.start()))
            begin = m.end() - 1
        if any(s in text[begin:] for s in near) and "`" in text[begin:]:
            windows.append((begin, len(text)))
    runs = [
        m
        for lo, hi in windows
        for m in BACKTICKS.finditer(text, lo, hi)
        if not in_ranges(blocks, starts, m.start())
        and not (m.start() > 0 and text[m.start() - 1] == "\\")
    ]
    i = 0
    while i < len(runs):
        opener = runs[i]
        size = len(opener.group(0))
        closer = None
        for j in range(i + 1, len(runs)):
            if _PARAGRAPH_BREAK.search(text, opener.end(), runs[j].start()):
                break
            if len(runs[j].group(0)) == size:
                closer = j
                break
        if closer is None:
            i += 1
            continue
        spans.append((opener.start(), runs[closer].end()))
        i = closer + 1
    merged = sorted(blocks + spans)
    return merged
