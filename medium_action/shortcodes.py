"""Template tags in a post body, turned into plain Markdown before it is parsed.

Posts written for a static site generator carry its tags: Hugo shortcodes (``{{< youtube ID >}}``,
``{{% … %}}``), Liquid / Jekyll tags (``{% highlight %}``, ``{% raw %}``, ``{% include %}``) and
dev.to liquid tags (``{% embed URL %}``). Medium knows none of them, so :func:`expand_template_tags`
rewrites the ones with an obvious meaning into Markdown:

==============================================  ==================================================
tag                                             becomes
==============================================  ==================================================
``{{< youtube ID >}}``, ``{% youtube ID %}``    ``<https://www.youtube.com/watch?v=ID>``
``{{< vimeo ID >}}``, ``{% vimeo ID %}``        ``<https://vimeo.com/ID>``
``{{< gist user id >}}``, ``{% gist URL %}``    ``<https://gist.github.com/user/id>``
``{{< tweet user="u" id="1" >}}``, ``x``        ``<https://twitter.com/u/status/1>`` (x.com for x)
``{% twitter ID %}``, ``{% tweet ID %}``        ``<https://twitter.com/i/status/ID>``
``{{< instagram ID >}}``                        ``<https://www.instagram.com/p/ID/>``
``{% embed URL %}`` and dev.to embeds           ``<URL>`` (codepen, codesandbox, github, …)
``{{< figure src=… alt=… caption=… >}}``        ``![alt](<src> "caption")`` (a figure)
``{% highlight lang %}…{% endhighlight %}``     a fenced code block (Hugo ``highlight`` too)
``{% raw %}…{% endraw %}``                      its content, literally (no tag inside is read)
``{% comment %}…{% endcomment %}``              nothing
``{% include … %}``, ``{% include_relative %}``  nothing, with a warning naming it
``{{< ref "p.md" >}}``, ``{% link p.md %}``     the path, for the link resolver
``{{</* tag */>}}`` (Hugo's escaped form)        ``{{< tag >}}`` as text
anything else                                   kept as text (Markdown-escaped), with a warning
==============================================  ==================================================

A link tag alone on its line becomes a paragraph of its own (blank lines are added around it,
inside the same block quote); inside a sentence it stays inline. Tags inside fenced or indented
code blocks and inside code spans are never touched. Warnings carry the 1-based line of the tag in
the text given.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from urllib.parse import quote

__all__ = ["Preprocessed", "code_ranges", "expand_template_tags"]


@dataclass(frozen=True)
class Preprocessed:
    """The body with template tags expanded, and what the writer should hear about."""

    text: str
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


# --------------------------------------------------------------------------- code regions

_QUOTE_PREFIX = re.compile(r"[ ]{0,3}>[ ]?")
_LIST_MARK = re.compile(r"[ ]{0,3}(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$)")
_FENCE = re.compile(r"(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)")
_BLOCK_TAG_OPEN = re.compile(
    r"[ \t>]*(?:\{%-?\s*(?P<liquid>highlight|raw|comment)\b|\{\{<\s*(?P<hugo>highlight)\b)"
)
_BLOCK_TAG_CLOSE = {
    "highlight": re.compile(r"\{%-?\s*endhighlight\s*-?%\}"),
    "raw": re.compile(r"\{%-?\s*endraw\s*-?%\}"),
    "comment": re.compile(r"\{%-?\s*endcomment\s*-?%\}"),
    "hugo-highlight": re.compile(r"\{\{<\s*/\s*highlight\s*>\}\}"),
}
_BACKTICKS = re.compile(r"`+")
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
            kind = mb.group("liquid") or "hugo-highlight"
            if not _BLOCK_TAG_CLOSE[kind].search(line, mb.end()):
                block_close = _BLOCK_TAG_CLOSE[kind]
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


def _in_ranges(ranges: list[tuple[int, int]], starts: list[int], pos: int) -> bool:
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
        for m in _BACKTICKS.finditer(text, lo, hi)
        if not _in_ranges(blocks, starts, m.start())
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


# --------------------------------------------------------------------------- tags

_TAG = re.compile(
    r"\{\{<\s*/\*(?P<hugo_esc>.{0,2000}?)\*/\s*>\}\}"
    r"|\{\{%\s*/\*(?P<hugo_esc2>.{0,2000}?)\*/\s*%\}\}"
    r"|\{\{<(?P<hugo>.{0,2000}?)>\}\}"
    r"|\{\{%(?P<hugo2>.{0,2000}?)%\}\}"
    r"|\{%-?(?P<liquid>.{0,2000}?)-?%\}"
    r"|\{\{-?(?P<var>[^{}]{0,2000}?)-?\}\}",
    re.S,
)
_ARG = re.compile(
    r"""(?P<key>[A-Za-z_][\w-]*)=(?:"(?P<kq>(?:[^"\\]|\\.)*)"|`(?P<kb>[^`]*)`|'(?P<ks>[^']*)'|(?P<kv>\S+))"""
    r"""|"(?P<q>(?:[^"\\]|\\.)*)"|`(?P<b>[^`]*)`|'(?P<s>[^']*)'|(?P<v>\S+)"""
)
_OWN_LINE_PREFIX = re.compile(r"[ \t>]*(?:(?P<item>[-+*]|\d{1,9}[.)])[ \t]+)?")
_MD_ESCAPE = re.compile(r"([\\`*_\[\]<>~$|&!])")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def _parse_args(s: str) -> tuple[list[str], dict[str, str]]:
    positional: list[str] = []
    named: dict[str, str] = {}
    for m in _ARG.finditer(s):
        if m.group("key"):
            named[m.group("key").lower()] = _arg_value(m, "kq", "kb", "ks", "kv")
        else:
            positional.append(_arg_value(m, "q", "b", "s", "v"))
    return positional, named


def _arg_value(m: re.Match[str], quoted: str, *others: str) -> str:
    """The value of whichever alternative matched; a double-quoted one loses its escapes."""
    if m.group(quoted) is not None:
        return re.sub(r"\\(.)", r"\1", m.group(quoted))
    return next((m.group(name) for name in others if m.group(name) is not None), "")


def _url_part(s: str) -> str:
    return quote(s.strip(), safe="-_.~")


def _as_url(s: str) -> str:
    s = s.strip()
    if s.startswith("//"):
        s = "https:" + s
    elif not _SCHEME.match(s):
        s = "https://" + s
    return quote(s, safe=":/?#[]@!$&'()*+,;=%~-._")


def _autolink(url: str) -> str:
    return "<" + url + ">"


def _escape_kept(tag: str) -> str:
    """A tag kept as text, escaped so that Markdown reads none of it as markup."""
    return _MD_ESCAPE.sub(r"\\\1", tag)


def _md_image(src: str, alt: str, title: str | None) -> str:
    alt_md = re.sub(r"([\\\[\]])", r"\\\1", " ".join(alt.split()))
    src_md = re.sub(r"([\\<>])", r"\\\1", src.strip()).replace("\n", " ")
    out = "![" + alt_md + "](<" + src_md + ">"
    if title:
        out += ' "' + re.sub(r'([\\"])', r"\\\1", " ".join(title.split())) + '"'
    return out + ")"


def _code_fence(content: str) -> str:
    longest = max((len(m.group(0)) for m in _BACKTICKS.finditer(content)), default=0)
    return "`" * max(3, longest + 1)


def _code_span(content: str) -> str:
    longest = max((len(m.group(0)) for m in _BACKTICKS.finditer(content)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return ticks + pad + content + pad + ticks


class _Expander:
    def __init__(self, text: str) -> None:
        self.text = text
        self.edits: list[tuple[int, int, str]] = []
        self.warnings: list[tuple[int, str]] = []
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.ranges = code_ranges(text, near=("{{", "{%"))
        self.range_starts = [r[0] for r in self.ranges]

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos)

    def warn(self, pos: int, message: str) -> None:
        self.warnings.append((self.line_of(pos), message))

    def line_bounds(self, start: int, end: int) -> tuple[int, int]:
        line_start = self.text.rfind("\n", 0, start) + 1
        line_end = self.text.find("\n", end)
        return line_start, len(self.text) if line_end < 0 else line_end

    def own_line_prefix(self, start: int, end: int) -> re.Match[str] | None:
        """The container prefix when the tag at start:end is alone on its line, else None."""
        line_start, line_end = self.line_bounds(start, end)
        if self.text[end:line_end].strip():
            return None
        return _OWN_LINE_PREFIX.fullmatch(self.text, line_start, start)

    def block(self, start: int, end: int, markdown: str) -> None:
        """Put ``markdown`` at start:end, as a paragraph of its own when alone on its line."""
        m = self.own_line_prefix(start, end)
        if m is None or m.group("item"):
            if start > 0 and not self.text[start - 1].isspace():
                markdown = " " + markdown  # keep it apart from the word before
            if end < len(self.text) and not self.text[end].isspace():
                markdown += " "
            self.edits.append((start, end, markdown))
            return
        line_start, line_end = self.line_bounds(start, end)
        prefix = m.group(0)
        quote_prefix = ">" * prefix.count(">")
        replacement = quote_prefix + "\n" + prefix + markdown + "\n" + quote_prefix
        self.edits.append((line_start, line_end, replacement))

    def remove(self, start: int, end: int) -> None:
        self.edits.append((start, end, ""))

    # ------------------------------------------------------------------ paired blocks

    def paired(self, m: re.Match[str], kind: str, args: str) -> int:
        """Handle highlight / raw / comment; returns where scanning resumes."""
        close = _BLOCK_TAG_CLOSE[kind].search(self.text, m.end())
        if close is None:
            name = "highlight" if kind == "hugo-highlight" else kind
            self.warn(m.start(), f"{m.group(0).strip()} has no end{name}: kept as text")
            self.edits.append((m.start(), m.end(), _escape_kept(m.group(0))))
            return m.end()
        content = self.text[m.end() : close.start()]
        open_own = self.own_line_prefix(m.start(), m.end()) is not None
        close_own = self.own_line_prefix(close.start(), close.end()) is not None
        if kind == "raw":
            self._drop_tag(m.start(), m.end(), open_own)
            self._drop_tag(close.start(), close.end(), close_own)
            return close.end()
        if kind == "comment":
            start = self.line_bounds(m.start(), m.end())[0] if open_own else m.start()
            end = close.end()
            if close_own:
                line_end = self.line_bounds(close.start(), close.end())[1]
                end = min(line_end + 1, len(self.text))
            self.remove(start, end)
            return close.end()
        positional, _ = _parse_args(args)
        lang = positional[0] if positional else ""
        if open_own:
            if content.startswith("\n"):
                content = content[1:]
            if close_own and content.endswith("\n"):
                content = content[:-1]
            fence = _code_fence(content)
            line_start = self.line_bounds(m.start(), m.end())[0]
            prefix = self.text[line_start : m.start()]
            lead = re.sub(r"[^ \t>]", " ", prefix)
            code = fence + lang + "\n" + content + "\n" + lead + fence
            end = self.line_bounds(close.start(), close.end())[1] if close_own else close.end()
            self.edits.append((m.start(), end, code))
        else:
            self.edits.append((m.start(), close.end(), _code_span(content)))
        return close.end()

    def _drop_tag(self, start: int, end: int, own_line: bool) -> None:
        if own_line:
            line_start, line_end = self.line_bounds(start, end)
            self.remove(line_start, min(line_end + 1, len(self.text)))
        else:
            self.remove(start, end)

    # ------------------------------------------------------------------ single tags

    def hugo(self, m: re.Match[str], inner: str) -> None:
        inner = inner.strip().rstrip("/").strip()
        name, _, rest = inner.partition(" ")
        if "\n" in name or "\t" in name:
            name, _, more = name.replace("\t", " ").replace("\n", " ").partition(" ")
            rest = more + " " + rest
        name = name.lower()
        positional, named = _parse_args(rest)

        def arg(key: str, index: int) -> str | None:
            if key in named:
                return named[key]
            return positional[index] if len(positional) > index else None

        url: str | None = None
        if name == "youtube":
            vid = arg("id", 0)
            if vid:
                url = (
                    _as_url(vid)
                    if vid.startswith(("http:", "https:"))
                    else "https://www.youtube.com/watch?v=" + _url_part(vid)
                )
        elif name == "vimeo":
            vid = arg("id", 0)
            if vid:
                url = "https://vimeo.com/" + _url_part(vid)
        elif name == "gist":
            user, gid = arg("user", 0), arg("id", 1)
            if user and gid:
                url = "https://gist.github.com/" + _url_part(user) + "/" + _url_part(gid)
        elif name in ("tweet", "x", "twitter"):
            host = "https://x.com/" if name == "x" else "https://twitter.com/"
            user, tid = named.get("user"), named.get("id")
            if tid is None and positional:
                tid = positional[-1]
                if user is None and len(positional) > 1:
                    user = positional[0]
            if tid:
                url = host + (_url_part(user) if user else "i") + "/status/" + _url_part(tid)
        elif name == "instagram":
            pid = arg("id", 0)
            if pid:
                url = "https://www.instagram.com/p/" + _url_part(pid) + "/"
        elif name == "figure":
            src = named.get("src")
            if src:
                caption = named.get("caption") or named.get("title")
                alt = named.get("alt") or caption or ""
                self.block(m.start(), m.end(), _md_image(src, alt, caption))
                return
        elif name in ("ref", "relref"):
            path = arg("path", 0)
            if path:
                self.edits.append((m.start(), m.end(), path))
                return
        if url is not None:
            self.block(m.start(), m.end(), _autolink(url))
            return
        self.keep(m)

    def liquid(self, m: re.Match[str], inner: str) -> int | None:
        inner = inner.strip()
        name, _, rest = inner.partition(" ")
        name = name.lower()
        if name in ("highlight", "raw", "comment"):
            return self.paired(m, name, rest)
        positional, named = _parse_args(rest)
        first = positional[0] if positional else named.get("url") or named.get("id")
        url: str | None = None
        if name in ("include", "include_relative"):
            self.warn(
                m.start(), f"{' '.join(m.group(0).split())} dropped (includes are not expanded)"
            )
            self.remove(m.start(), m.end())
            return None
        if name in ("link", "post_url") and first:
            self.edits.append((m.start(), m.end(), first))
            return None
        if first:
            if name == "youtube":
                url = (
                    _as_url(first)
                    if first.startswith(("http:", "https:"))
                    else "https://www.youtube.com/watch?v=" + _url_part(first)
                )
            elif name == "vimeo":
                url = (
                    _as_url(first)
                    if first.startswith(("http:", "https:"))
                    else "https://vimeo.com/" + _url_part(first)
                )
            elif name == "gist":
                url = (
                    _as_url(first)
                    if _SCHEME.match(first) or first.startswith(("gist.github.com", "//"))
                    else "https://gist.github.com/" + quote(first.strip("/"), safe="/-_.~")
                )
            elif name in ("twitter", "tweet"):
                url = (
                    _as_url(first)
                    if first.startswith(("http:", "https:"))
                    else "https://twitter.com/i/status/" + _url_part(first)
                )
            elif name == "github":
                url = (
                    _as_url(first)
                    if _SCHEME.match(first) or first.startswith("github.com")
                    else "https://github.com/" + quote(first.strip("/"), safe="/-_.~#")
                )
            elif name in _URL_EMBEDS:
                url = _as_url(first)
        if url is not None:
            self.block(m.start(), m.end(), _autolink(url))
            return None
        self.keep(m)
        return None

    def keep(self, m: re.Match[str]) -> None:
        tag = m.group(0)
        shown = " ".join(tag.split())
        if len(shown) > 80:
            shown = shown[:77] + "…"
        self.warn(m.start(), f"unknown template tag {shown} kept as text")
        self.edits.append((m.start(), m.end(), _escape_kept(tag)))

    def run(self) -> str:
        text = self.text
        pos = 0
        while True:
            m = _TAG.search(text, pos)
            if m is None:
                break
            if _in_ranges(self.ranges, self.range_starts, m.start()):
                pos = m.start() + 2
                continue
            pos = m.end()
            if m.group("hugo_esc") is not None or m.group("hugo_esc2") is not None:
                inner = (
                    m.group("hugo_esc") if m.group("hugo_esc") is not None else m.group("hugo_esc2")
                )
                delim = ("<", ">") if m.group("hugo_esc") is not None else ("%", "%")
                literal = "{{" + delim[0] + " " + (inner or "").strip() + " " + delim[1] + "}}"
                self.edits.append((m.start(), m.end(), _escape_kept(literal)))
            elif m.group("hugo") is not None or m.group("hugo2") is not None:
                inner = m.group("hugo") if m.group("hugo") is not None else m.group("hugo2")
                assert inner is not None
                stripped = inner.strip()
                if re.match(r"highlight\b", stripped, re.I) and m.group("hugo") is not None:
                    pos = self.paired(m, "hugo-highlight", stripped[len("highlight") :])
                else:
                    self.hugo(m, inner)
            elif m.group("liquid") is not None:
                resume = self.liquid(m, m.group("liquid"))
                if resume is not None:
                    pos = resume
            else:
                self.keep(m)
        return self.apply()

    def apply(self) -> str:
        if not self.edits:
            return self.text
        out: list[str] = []
        last = 0
        for start, end, replacement in sorted(self.edits, key=lambda e: (e[0], e[1])):
            if start < last:  # overlapping edit (should not happen): keep the first
                continue
            out.append(self.text[last:start])
            out.append(replacement)
            last = end
        out.append(self.text[last:])
        return "".join(out)


_URL_EMBEDS = frozenset(
    {
        "embed",
        "codepen",
        "codesandbox",
        "stackblitz",
        "jsfiddle",
        "replit",
        "glitch",
        "speakerdeck",
        "slideshare",
        "spotify",
        "soundcloud",
        "loom",
        "asciinema",
        "kotlin",
        "dotnetfiddle",
        "instagram",
        "twitch",
        "medium",
        "stackoverflow",
        "stackexchange",
        "reddit",
        "link_preview",
    }
)


def expand_template_tags(text: str) -> Preprocessed:
    """Rewrite the template tags of ``text`` (newlines already LF) into Markdown; pure."""
    if "{{" not in text and "{%" not in text:
        return Preprocessed(text, [])
    expander = _Expander(text)
    out = expander.run()
    return Preprocessed(out, sorted(expander.warnings))
