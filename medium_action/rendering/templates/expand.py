"""What each template tag becomes, and the writer of them for ``content-format: markdown``.

Posts written for a static site generator carry its tags: Hugo shortcodes (``{{< youtube ID >}}``,
``{{% … %}}``), Liquid / Jekyll tags (``{% highlight %}``, ``{% raw %}``, ``{% include %}``),
dev.to liquid tags (``{% embed URL %}``), Hexo's, Nunjucks' and Zola's. Medium knows none of
them. The parse reads them as rules of its own (:mod:`.rules`: code is never read as a tag,
paired tags' children are parsed in place); they become:

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
``{{</* tag */>}}`` (Hugo's escaped form)        ``{{< tag >}}`` as text (in code too)
``{{% notice tip "T" %}}…{{% /notice %}}``      a callout titled T (any callout-like name)
``{{< details summary=S >}}…``, ``{% x %}…``    S in bold, then the content (Markdown)
``{{< tab lang="toml" >}}…{{< /tab >}}``        a code block (a theme's code tab)
``{% name(args) %}…{% end %}`` (Zola)           as the paired tags above
``{{ name(src="a.png") }}`` (Zola)              the image; else its URL or its text argument
``{% note type title %}…{% endnote %}`` (Hexo)  a callout; ``asset_img`` an image
``{% post_link slug %}`` (Hexo)                 a link to ``source/_posts/slug.md``
``{{ site.x }}``, ``{{% param x %}}``           the site's value (``_config.yml``; Hugo's params)
``{{image "a.png"}}`` (the Go blog)             the image
``{% if %}`` and other template logic           kept as text (Markdown-escaped), with a warning
anything else                                   its URL and label, else dropped, with a warning
==============================================  ==================================================

A link tag alone on its line becomes a paragraph of its own; inside a sentence it stays
inline. Tags inside fenced or indented code blocks and inside code spans are never read.
Warnings carry the 1-based line of the tag.

:func:`expand_template_tags` is not part of the parse: it writes the tags out as the Markdown
they stand for, for ``content-format: markdown`` (Medium then converts the text itself, and a
tag is not Markdown it can read), as :mod:`..syntax.blocks` writes MDX and ``:::`` out. Being a
text rewrite it needs to know where code is before any parse: :mod:`.code` says. What a single
tag becomes is :mod:`.tags`, shared with the parse's rules, so both read a tag the same way.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from medium_action.rendering.dialects.hexo import expand_hexo
from medium_action.rendering.dialects.zola import CALL, call_args
from medium_action.rendering.templates import tags
from medium_action.rendering.templates.code import BLOCK_TAG_CLOSE, code_ranges, in_ranges
from medium_action.rendering.templates.hugo import expand_hugo
from medium_action.rendering.templates.liquid import expand_liquid
from medium_action.rendering.templates.paired import PairedTag, open_pair
from medium_action.rendering.templates.pieces import (
    Expansion,
    code_fence,
    code_span,
    escape_kept,
    parse_args,
)

__all__ = ["Preprocessed", "code_ranges", "expand_template_tags"]


@dataclass(frozen=True)
class Preprocessed:
    """The body with template tags expanded, and what the writer should hear about."""

    text: str
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


_TAG = re.compile(
    r"\{\{<\s*/\*(?P<hugo_esc>.{0,2000}?)\*/\s*>\}\}"
    r"|\{\{%\s*/\*(?P<hugo_esc2>.{0,2000}?)\*/\s*%\}\}"
    r"|\{\{<(?P<hugo>.{0,2000}?)>\}\}"
    r"|\{\{%(?P<hugo2>.{0,2000}?)%\}\}"
    r"|\{%-?(?P<liquid>.{0,2000}?)-?%\}"
    r"|\{\{-?(?P<var>[^{}]{0,2000}?)-?\}\}",
    re.S,
)
_UNESCAPE = re.compile(r"^(\{\{[<%]\s*)/\*|\*/(\s*[>%]\}\})$")
_ZOLA_END = re.compile(r"\{%-?\s*end\s*-?%\}")
_OWN_LINE_PREFIX = re.compile(r"[ \t>]*(?:(?P<item>[-+*]|\d{1,9}[.)])[ \t]+)?")


class _Expander:
    """Edits found over the whole text (start, end, replacement), applied in one pass at the end."""

    def __init__(self, text: str, asset_folder: str | None = None) -> None:
        self.text = text
        self.asset_folder = asset_folder
        self.edits: list[tuple[int, int, str]] = []
        self.warnings: list[tuple[int, str]] = []
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.ranges = code_ranges(text, near=("{{", "{%"))
        self.range_starts = [r[0] for r in self.ranges]
        self.open_pairs: list[tuple[str, PairedTag]] = []

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
        close = BLOCK_TAG_CLOSE[kind].search(self.text, m.end())
        if close is None:
            name = kind.removeprefix("hugo-")
            self.warn(m.start(), f"{m.group(0).strip()} has no end{name}: kept as text")
            self.edits.append((m.start(), m.end(), escape_kept(m.group(0))))
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
        positional, _ = parse_args(args)
        lang = positional[0] if positional else ""
        if kind == "hugo-code-toggle":  # site config, shown by Hugo in tabs of formats
            lang = tags.config_format(content)
        if open_own:
            if content.startswith("\n"):
                content = content[1:]
            if close_own:  # the end tag's own line, block quote marks included
                content = re.sub(r"\n[ \t>]*\Z", "", content)
            fence = code_fence(content)
            line_start = self.line_bounds(m.start(), m.end())[0]
            prefix = self.text[line_start : m.start()]
            lead = re.sub(r"[^ \t>]", " ", prefix)
            code = fence + lang + "\n" + content + "\n" + lead + fence
            end = self.line_bounds(close.start(), close.end())[1] if close_own else close.end()
            self.edits.append((m.start(), end, code))
        else:
            self.edits.append((m.start(), close.end(), code_span(content)))
        return close.end()

    def _drop_tag(self, start: int, end: int, own_line: bool) -> None:
        if own_line:
            line_start, line_end = self.line_bounds(start, end)
            self.remove(line_start, min(line_end + 1, len(self.text)))
        else:
            self.remove(start, end)

    # ------------------------------------------------------------------ single tags

    def liquid(self, m: re.Match[str], inner: str) -> int | None:
        """Handle a Liquid tag; for a paired one, returns where scanning resumes."""
        inner = inner.strip()
        name, _, rest = inner.partition(" ")
        name = name.lower()
        if name in ("highlight", "raw", "comment"):
            return self.paired(m, name, rest)
        call = CALL.fullmatch(inner)
        if call is not None and self.zola_pair(m, call):
            return None
        hexo = expand_hexo(name, rest, self.asset_folder)
        self.put(m, hexo or expand_liquid(name, rest, m.group(0)))
        return None

    def zola_pair(self, m: re.Match[str], call: re.Match[str]) -> bool:
        """Zola's ``{% name(args) %}`` … ``{% end %}``: unwrapped as other paired tags are."""
        if _ZOLA_END.search(self.text, m.end()) is None:
            return False
        args = " ".join(f'{k}="{v}"' for k, v in call_args(call.group("args")).items())
        opening = open_pair(call.group("name").lower(), args)
        self.open_pairs.append(("", opening))  # {% end %} names no tag: it closes this
        self.place(m, opening.open)
        return True

    def zola_call(self, m: re.Match[str]) -> None:
        """Zola's ``{{ name(args) }}``: what :func:`.tags.show` makes of it."""
        expansion = tags.show(tags.read(m))
        if not expansion.markdown:
            if expansion.warning is not None:
                self.warn(m.start(), expansion.warning)
            self.remove(m.start(), m.end())
            return
        self.put(m, expansion)

    def put(self, m: re.Match[str], expansion: Expansion | None) -> None:
        """Put what the tag ``m`` becomes in its place; an unknown tag is kept as text."""
        if expansion is None:
            if not self.paired_tag(m):
                self.keep(m)
            return
        if expansion.warning is not None:
            self.warn(m.start(), expansion.warning)
        if expansion.block:
            self.block(m.start(), m.end(), expansion.markdown)
        else:
            self.edits.append((m.start(), m.end(), expansion.markdown))

    def paired_tag(self, m: re.Match[str]) -> bool:
        """An unknown tag with an end tag (``{{% x %}}…{{% /x %}}``, ``{% x %}…{% endx %}``), or
        that end tag: unwrapped, its content kept (see :mod:`.paired`). False if neither."""
        inner = next((g for g in (m.group("hugo"), m.group("hugo2"), m.group("liquid")) if g), "")
        inner = inner.strip().rstrip("/").strip()
        liquid = m.group("liquid") is not None
        word, _, args = inner.partition(" ")
        name = word.lower()
        if not name:
            return False
        closing = name.startswith("/") if not liquid else name.startswith("end")
        if closing:
            name = name[1:].strip() if not liquid else name[3:]
            if not self.open_pairs or self.open_pairs[-1][0] != name:
                return False
            _, opening = self.open_pairs.pop()
            self.place(m, opening.close)
            return True
        end = (
            re.compile(r"\{%-?\s*end" + re.escape(name) + r"\s*-?%\}")
            if liquid
            else re.compile(r"\{\{[<%]\s*/\s*" + re.escape(name) + r"\s*[>%]\}\}", re.I)
        )
        if not name or end.search(self.text, m.end()) is None:
            return False
        opening = open_pair(name, args)
        self.open_pairs.append((name, opening))
        self.place(m, opening.open)
        return True

    def place(self, m: re.Match[str], lines: tuple[str, str]) -> None:
        """Lines of its own when the tag is alone on its line, else the inline form."""
        own, inline = lines
        if self.own_line_prefix(m.start(), m.end()) is not None:
            line_start, line_end = self.line_bounds(m.start(), m.end())
            prefix = self.text[line_start : m.start()]
            quote = ">" * prefix.count(">")
            body = "\n".join(
                quote + " " + x if quote and x else quote or x for x in own.split("\n")
            )
            self.edits.append((line_start, line_end, quote + "\n" + body + "\n" + quote))
        else:
            self.edits.append((m.start(), m.end(), inline))

    def keep(self, m: re.Match[str]) -> None:
        """An unknown tag: what :func:`.tags.unknown` makes of it (the parse reads it so too)."""
        expansion = tags.unknown(tags.read(m))
        if expansion.warning is not None:
            self.warn(m.start(), expansion.warning)
        self.edits.append((m.start(), m.end(), expansion.markdown))

    def run(self) -> str:
        text = self.text
        pos = 0
        while True:
            m = _TAG.search(text, pos)
            if m is None:
                break
            if in_ranges(self.ranges, self.range_starts, m.start()):
                if m.group("hugo_esc") is not None or m.group("hugo_esc2") is not None:
                    # Hugo shows its escaped shortcodes as shortcodes, in code too
                    self.edits.append((m.start(), m.end(), _UNESCAPE.sub(r"\1\2", m.group(0))))
                    pos = m.end()
                else:
                    pos = m.start() + 2
                continue
            pos = m.end()
            if m.group("hugo_esc") is not None or m.group("hugo_esc2") is not None:
                inner = (
                    m.group("hugo_esc") if m.group("hugo_esc") is not None else m.group("hugo_esc2")
                )
                delim = ("<", ">") if m.group("hugo_esc") is not None else ("%", "%")
                literal = "{{" + delim[0] + " " + (inner or "").strip() + " " + delim[1] + "}}"
                self.edits.append((m.start(), m.end(), escape_kept(literal)))
            elif m.group("hugo") is not None or m.group("hugo2") is not None:
                inner = m.group("hugo") if m.group("hugo") is not None else m.group("hugo2")
                assert inner is not None
                stripped = inner.strip()
                paired = re.match(r"(highlight|code-toggle)\b", stripped, re.I)
                if paired and m.group("hugo") is not None:
                    kind = "hugo-" + paired.group(1).lower()
                    pos = self.paired(m, kind, stripped[paired.end() :])
                else:
                    self.put(m, expand_hugo(inner))
            elif m.group("liquid") is not None:
                resume = self.liquid(m, m.group("liquid"))
                if resume is not None:
                    pos = resume
            elif CALL.fullmatch(m.group("var") or "") is not None:
                self.zola_call(m)
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


def expand_template_tags(text: str, asset_folder: str | None = None) -> Preprocessed:
    """Rewrite the template tags of ``text`` (newlines already LF) into Markdown; pure.

    ``asset_folder``: the folder of the post's own assets, relative to it (Hexo's, named after
    the post's file), where ``{% asset_img %}`` finds its image."""
    if "{{" not in text and "{%" not in text:
        return Preprocessed(text, [])
    expander = _Expander(text, asset_folder)
    out = expander.run()
    return Preprocessed(out, sorted(expander.warnings))
