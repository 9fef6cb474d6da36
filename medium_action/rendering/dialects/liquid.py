"""Jekyll (Liquid and kramdown): attribute lists and the table of contents, inside the parse.

- kramdown's inline attribute lists ``{: .class #id key="v" }`` say how the site styles a block
  or a span; Medium has no classes: alone on a line (after a paragraph, a heading, a list) or
  after a span (``[link](url){:target="_blank"}``) they are dropped, never shown;
- ``* TOC`` + ``{:toc}`` (and ``1. TOC``) is the site's generated table of contents: Medium makes
  none, so the list goes;
- ``{% link %}``, ``{% post_url %}`` (links to other posts), ``{% raw %}``, ``{% highlight %}``
  and ``{{ site.x }}`` (from the site's ``_config.yml``) are rules of the one parse
  (:mod:`medium_action.rendering.templates.rules`, which every dialect has);
- ``{% raw %}``/``{% endraw %}`` written inside code: Liquid runs before Markdown, so Jekyll's
  page shows that code without those two markers (:func:`.blocks.liquid_raw_in_code`): the one
  change to code any dialect makes, and only in the Liquid dialects (Jekyll, Eleventy);
- ``<div markdown="1">`` (and ``markdown="block"``) holds Markdown: its content is read as the
  post's, the element (the theme's styling) goes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.dialects.attributes import kramdown_block_attrs
from medium_action.rendering.dialects.blocks import liquid_raw_in_code
from medium_action.rendering.dialects.containers import parse_body, register_block
from medium_action.rendering.dialects.definitions import goldmark_definitions
from medium_action.rendering.templates.logic import liquid_logic

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState, InlineState
    from mistune.inline_parser import InlineParser
    from mistune.markdown import Markdown

__all__ = ["DIALECT", "kramdown_attributes"]

Token = dict[str, Any]

_IAL = r"\{:(?!/)[^{}\n]{0,300}\}"
_IAL_LINE = re.compile(r"\n[ ]{0,3}" + _IAL + r"[ \t]*$")
_TOC = re.compile(r"\{:\s*toc\s*\}")


def _parse_ial(inline: InlineParser, m: re.Match[str], state: InlineState) -> int:
    return m.end()


def _is_toc(tok: Token) -> bool:
    if tok["type"] != "list" or len(tok.get("children", [])) != 1:
        return False
    item = tok["children"][0]
    return any(_TOC.search(str(child.get("text", ""))) for child in item.get("children", []))


def _clean(tokens: list[Token]) -> list[Token]:
    out: list[Token] = []
    for tok in tokens:
        if _is_toc(tok):
            continue
        text = tok.get("text")
        if isinstance(text, str) and tok["type"] != "block_code":
            tok["text"] = _IAL_LINE.sub("", text)
        children = tok.get("children")
        if isinstance(children, list) and children and isinstance(children[0], dict):
            tok["children"] = _clean(children)
        out.append(tok)
    return out


def _hook(md: Markdown, state: BlockState) -> None:
    state.tokens[:] = _clean(state.tokens)


def kramdown_attributes(md: Markdown) -> None:
    """Attribute lists dropped (own lines and after spans), ``{:toc}`` lists removed."""
    kramdown_block_attrs(md)  # the block rule all attribute-list dialects share
    md.inline.register("kramdown_ial", _IAL, _parse_ial, before="link", start_chars="{")
    md.before_render_hooks.append(_hook)


_MD_HTML = (
    r"^ {0,3}<(?P<mdhtml_tag>div|section|article|aside|details|figure|blockquote)\b"
    r"(?=[^>\n]*\smarkdown=[\"']?(?:1|block)[\"']?)[^>\n]*>[ \t]*(?:\n|$)"
)
_FENCE_LINE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _html_end(src: str, pos: int, tag: str) -> tuple[int, int] | None:
    """(where the element's body ends, where its end tag's line ends); fences skipped, the same
    tag nested counted. None when it is never closed (then it is raw HTML, as before)."""
    tags = re.compile(rf"<(/?){tag}\b[^>]*>", re.I)
    depth, fence = 0, ""
    while pos < len(src):
        nl = src.find("\n", pos)
        stop = len(src) if nl < 0 else nl + 1
        line = src[pos:stop]
        fm = _FENCE_LINE.match(line)
        if fence:
            if fm and fm.group(1)[0] == fence[0] and len(fm.group(1)) >= len(fence):
                fence = "" if not line.strip().strip(fence[0]) else fence
        elif fm:
            fence = fm.group(1)
        else:
            for m in tags.finditer(line):
                if not m.group(1):
                    depth += 1
                elif depth == 0:
                    return pos + m.start(), stop
                else:
                    depth -= 1
        pos = stop
    return None


def _parse_md_html(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    ends = _html_end(state.src, m.end(), m.group("mdhtml_tag"))
    if ends is None:
        return None
    for tok in parse_body(block, state, state.src[m.end() : ends[0]]):
        state.append_token(tok)  # the element is the theme's styling; its Markdown is the post's
    return ends[1]


def markdown_in_html(md: Markdown) -> None:
    """``<div markdown="1">`` (kramdown): its content is Markdown, read as the post's."""
    register_block(md, "kramdown_md_html", _MD_HTML, _parse_md_html, before="raw_html")


def _is_jekyll_site(root: Path) -> bool:
    from medium_action.rendering.dialects.hexo import is_hexo_site

    return not is_hexo_site(root)


DIALECT = register(
    Dialect(
        name="jekyll",
        about=(
            "Jekyll: kramdown attribute lists `{: .class }` and `{:toc}` dropped, `{% link %}` "
            "and `{% post_url %}` links to other posts, `{% raw %}` (its markers dropped in code "
            "too, as Liquid does), `{% highlight %}`, `{{ site.x }}` from `_config.yml`, "
            "`{% include %}` dropped with a warning, definition lists; Liquid run as Jekyll runs "
            "it: `{{ page.x }}` from the front matter, `assign`/`capture`, filters, "
            "`if`/`unless`/`case`/`for` evaluated"
        ),
        plugins=(
            kramdown_attributes,
            goldmark_definitions,
            markdown_in_html,
            liquid_raw_in_code,
            liquid_logic,
        ),
        site_files=("_config.yml", "_config.yaml", "_posts"),
        site_test=_is_jekyll_site,
        post_syntax=re.compile(
            r"^[ ]{0,3}\{:\s*[.#:a-z][^{}\n]{0,300}\}[ \t]*$|\{%-?\s*post_url\s", re.M
        ),
        priority=30,
    )
)
