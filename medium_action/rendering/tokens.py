"""The shared Markdown parser, and pure reads of the tokens it makes.

The parser is created once at module level with ``renderer=None`` (tokens): mistune keeps all
per-call state in the ``BlockState`` it creates for each parse, so it is safe to share between
threads; the renderer, which holds the warnings of one post, is created per call.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any, cast

import mistune
from mistune.plugins import import_plugin
from mistune.util import unescape

from medium_action.rendering.fastparse import BlockParser, InlineParser
from medium_action.rendering.rawhtml.filter import DROP_WITH_CONTENT, EMBED_CONTAINERS, parse_tag
from medium_action.rendering.rawhtml.policy import SEPARATING
from medium_action.rendering.syntax.plugins import SYNTAX_PLUGINS

__all__ = [
    "MD",
    "PLUGINS",
    "is_text_of",
    "new_parser",
    "normalize_newlines",
    "plain_text",
    "same_text",
    "skips_content",
]

PLUGINS = ("strikethrough", "footnotes", "table", "url", "task_lists", "math")


def new_parser(extra: Sequence[Callable[[mistune.Markdown], None]] = ()) -> mistune.Markdown:
    """A token parser: mistune's plugins by name, ours (emoji, TeX, long footnotes), then
    ``extra`` (a dialect's, see :mod:`medium_action.rendering.dialects`)."""
    # mistune.create_markdown(renderer=None, plugins=…), with the parsers of fastparse.py
    inline = InlineParser()
    block = BlockParser(max_nested_level=inline.max_nested_level)
    plugins: list[Any] = [*map(import_plugin, PLUGINS), *SYNTAX_PLUGINS, *extra]
    return mistune.Markdown(renderer=None, block=block, inline=inline, plugins=plugins)


MD = new_parser()


def normalize_newlines(body: str) -> str:
    if "\r" in body:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    return body


def plain_text(children: list[dict[str, Any]]) -> str:
    """The text of inline tokens, markup removed (alt texts, title comparison)."""
    parts: list[str] = []
    suppress: list[str] = []  # inside a raw <style>, <script>…: its text is no text
    for tok in children:
        typ = tok["type"]
        if typ == "inline_html" and skips_content(tok["raw"], suppress):
            continue
        if suppress:
            continue
        if typ == "text":
            parts.append(unescape(tok["raw"]))
        elif typ in ("codespan", "inline_math"):
            parts.append(tok["raw"])
        elif typ in ("linebreak", "softbreak"):
            parts.append(" ")
        elif typ == "footnote_ref":
            parts.append("[" + str(tok["attrs"]["index"]) + "]")
        elif typ == "inline_html":
            if parse_tag(tok["raw"]).name in SEPARATING:  # <p>, <br>…: the words stay apart
                parts.append(" ")
        elif "children" in tok:
            parts.append(plain_text(tok["children"]))
        elif "raw" in tok:
            parts.append(tok["raw"])
    return "".join(parts)


def same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def is_text_of(heading: dict[str, Any], text: str) -> bool:
    """Whether a heading says ``text`` (given as plain text or as the heading's Markdown)."""
    plain = plain_text(heading["children"])
    if same_text(plain, text):
        return True
    if _NO_MARKUP.fullmatch(text):
        return False  # parsed, it would be one paragraph of this very text: compared above
    tokens = cast("list[dict[str, Any]]", MD(text))
    return (
        len(tokens) == 1
        and tokens[0]["type"] == "paragraph"
        and same_text(plain, plain_text(tokens[0]["children"]))
    )


_NO_MARKUP = re.compile(r"(?:[^\W_]|[ ,;?'\"])*")
"""Text no Markdown construct can start in (letters, digits, spaces and a little punctuation;
not ``_``, ``*``, ``:``, ``&``, ``.``, a line break…): the title as Markdown is the title as text,
so it is not parsed again for every heading it is compared with (issue 22)."""


def skips_content(raw: str, suppress: list[str]) -> bool:
    """Track raw inline tags whose content is dropped; True when ``raw`` is such a tag."""
    tag = parse_tag(raw)
    if tag.name not in DROP_WITH_CONTENT and tag.name not in EMBED_CONTAINERS:
        return False
    if tag.kind == "start":
        suppress.append(tag.name)
    elif tag.kind == "end" and suppress and suppress[-1] == tag.name:
        suppress.pop()
    return True
