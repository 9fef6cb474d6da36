"""The post as Markdown, for contentFormat ``markdown``: Medium converts it itself.

Medium reads CommonMark and nothing of any framework, so what is sent is the post as the parse
read it, written out as plain Markdown by the portable renderer (``portable.py``, which dev.to
gets too): every dialect's construct the HTML output reads (GitHub alerts and Obsidian callouts,
Material's ``!!!`` admonitions and ``===`` tabs, Quarto callouts, ``:::`` containers, MDX
components such as ``<Tabs>`` and ``<Steps>``) is the Markdown it became, a callout a block
quote under its bold title; template tags are expanded; image and link URLs go through
``image_urls`` and the link resolver. What differs from dev.to: the title and subtitle are
headings of the body (Medium takes its title from there), and math stays as the post wrote it.
Pure: tokens in, text out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from medium_action.rendering.portable import portable_markdown, without_leading_headings
from medium_action.rendering.types import Rendered

if TYPE_CHECKING:
    from medium_action.rendering.post import ParsedPost

__all__ = ["render_markdown"]

_MD_TITLE_ESCAPE = re.compile(r"([\\`*_\[\]<>#~|!])")


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
    """The post as Markdown (contentFormat ``markdown``): the title heading, then the subtitle
    heading when there is one (the body's own, when it starts with them, are these), then the
    body as portable Markdown."""
    heads = [(1, title)] + ([(2, subtitle)] if subtitle else [])
    tokens = without_leading_headings(list(post.tokens), heads)
    body = portable_markdown(
        post, tokens, image_urls=image_urls, link_resolver=link_resolver, katex=False
    )
    head = _md_heading(1, title) + (_md_heading(2, subtitle) if subtitle else "")
    return Rendered(head + body, list(post.template_warnings))
