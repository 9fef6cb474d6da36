"""The pieces template tags are made into: their arguments read, URLs, autolinks, images, code.

Shared by the Hugo (:mod:`.hugo`) and Liquid (:mod:`.liquid`) readers and
by the rules in :mod:`.rules` and :mod:`.tags`; all pure string functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote

BACKTICKS = re.compile(r"`+")
"""A run of backticks: a code span or fence around content needs a longer one."""


__all__ = [
    "SCHEME",
    "Expansion",
    "as_url",
    "autolink",
    "code_fence",
    "code_span",
    "escape_kept",
    "md_image",
    "parse_args",
    "url_part",
]


@dataclass(frozen=True)
class Expansion:
    """What a single tag becomes.

    ``markdown`` takes the tag's place; with ``block`` it is a paragraph of its own when the tag
    is alone on its line (a link, a figure), else it stays inline (a path, nothing). ``warning``
    is for the writer.
    """

    markdown: str
    block: bool = False
    warning: str | None = None
    alone: Expansion | None = None
    """What it becomes alone on its line instead, when that differs (a shortcode of arguments
    only stands for a word inside a sentence, for data the workspace lacks on a line of its
    own)."""


_ARG = re.compile(
    r"""(?P<key>[A-Za-z_][\w-]*)=(?:"(?P<kq>(?:[^"\\]|\\.)*)"|`(?P<kb>[^`]*)`|'(?P<ks>[^']*)'|(?P<kv>\S+))"""
    r"""|"(?P<q>(?:[^"\\]|\\.)*)"|`(?P<b>[^`]*)`|'(?P<s>[^']*)'|(?P<v>\S+)"""
)
_MD_ESCAPE = re.compile(r"([\\`*_\[\]<>~$|&!])")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")


def parse_args(s: str) -> tuple[list[str], dict[str, str]]:
    """The positional and the named (``key=value``, keys lower-cased) arguments of a tag."""
    positional: list[str] = []
    named: dict[str, str] = {}
    for m in _ARG.finditer(s):
        if m.group("key"):
            named[m.group("key").lower()] = _arg_value(m, "kq", "kb", "ks", "kv")
        elif m.group("v") != ",":  # Nunjucks separates arguments with commas: "info", "md"
            positional.append(_arg_value(m, "q", "b", "s", "v"))
    return positional, named


def _arg_value(m: re.Match[str], quoted: str, *others: str) -> str:
    """The value of whichever alternative matched; a double-quoted one loses its escapes."""
    if m.group(quoted) is not None:
        return re.sub(r"\\(.)", r"\1", m.group(quoted))
    return next((m.group(name) for name in others if m.group(name) is not None), "")


def url_part(s: str) -> str:
    """``s`` percent-encoded to sit in one segment of a URL (an id, a user name)."""
    return quote(s.strip(), safe="-_.~")


def as_url(s: str) -> str:
    """``s`` as an absolute URL: https when it has no scheme, unsafe characters encoded."""
    s = s.strip()
    if s.startswith("//"):
        s = "https:" + s
    elif not SCHEME.match(s):
        s = "https://" + s
    return quote(s, safe=":/?#[]@!$&'()*+,;=%~-._")


def autolink(url: str) -> str:
    """A Markdown autolink, which the renderer turns into a Medium embed on its own line."""
    return "<" + url + ">"


def escape_kept(tag: str) -> str:
    """A tag kept as text, escaped so that Markdown reads none of it as markup."""
    return _MD_ESCAPE.sub(r"\\\1", tag)


def md_image(src: str, alt: str, title: str | None) -> str:
    """A Markdown image (``title`` the caption), escaped so that any ``src``/``alt`` survive."""
    alt_md = re.sub(r"([\\\[\]])", r"\\\1", " ".join(alt.split()))
    src_md = re.sub(r"([\\<>])", r"\\\1", src.strip()).replace("\n", " ")
    out = "![" + alt_md + "](<" + src_md + ">"
    if title:
        out += ' "' + re.sub(r'([\\"])', r"\\\1", " ".join(title.split())) + '"'
    return out + ")"


def code_fence(content: str) -> str:
    """A backtick fence longer than any run of backticks in ``content``."""
    longest = max((len(m.group(0)) for m in BACKTICKS.finditer(content)), default=0)
    return "`" * max(3, longest + 1)


def code_span(content: str) -> str:
    """``content`` as a code span, delimited by more backticks than it holds."""
    longest = max((len(m.group(0)) for m in BACKTICKS.finditer(content)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if content.startswith("`") or content.endswith("`") else ""
    return ticks + pad + content + pad + ticks
