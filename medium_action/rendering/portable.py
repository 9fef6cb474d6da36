"""The post as portable Markdown, for targets that take Markdown and know nothing of the repo.

A second renderer over the tokens ``post.py`` parsed once, so it says what the HTML renderer
says: template tags (shortcodes, Liquid) are already expanded and framework blocks (admonitions,
MDX components, GitHub alerts) already rewritten into plain Markdown by the parse; front matter
never reaches it. What this renderer adds:

- local images and links at absolute URLs (``image_urls`` and the link resolver, as for HTML),
  in Markdown, in reference definitions and in raw ``<img src>`` / ``<a href>``;
- math in dev.to's own syntax (``{% katex %}``), footnotes as notes at the end;
- the title's own heading dropped when the body starts with it (the target shows the title).

Tables, task lists, code fences and their languages come out as written. A token type this
renderer has no method for (a plugin's new construct) renders its children, else its raw text,
so a new construct degrades to its words and never to an error.

Token types handled: those of mistune's ``MarkdownRenderer`` (text, emphasis, strong, link,
image, codespan, linebreak, softbreak, blank_line, inline_html, paragraph, heading,
thematic_break, block_text, block_code, block_quote, block_html, block_error, list, list_item,
task_list_item, table and its parts, strikethrough, mark, insert) and inline_math, block_math,
footnote_ref, footnote_item.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from mistune.core import BlockState
from mistune.renderers.markdown import MarkdownRenderer

from medium_action.rendering.tokens import is_text_of
from medium_action.rendering.types import Rendered
from medium_action.rendering.urls import url_key

if TYPE_CHECKING:
    from medium_action.rendering.post import ParsedPost

__all__ = ["portable_markdown", "render_portable", "without_leading_headings"]

Token = dict[str, Any]

_HTML_URL = re.compile(
    r"(?P<lead><(?:img|a|source)\b[^>]*?\s(?:src|href)\s*=\s*)"
    r"(?P<value>\"[^\"]*\"|'[^']*'|[^\s>\"']+)",
    re.I,
)


class _PortableRenderer(MarkdownRenderer):
    NAME = "portable"

    def __init__(
        self,
        image_urls: Mapping[str, str],
        link_resolver: Callable[[str], str | None] | None,
        notes: Mapping[str, int],
    ) -> None:
        super().__init__()
        self._image_urls = image_urls
        self._link_resolver = link_resolver
        self._notes = notes

    # --- dispatch: an unknown token renders what it holds -----------------------------------

    def render_token(self, token: Token, state: BlockState) -> str:
        method = getattr(self, token["type"], None)
        if method is None or token["type"].startswith("_"):
            return self._fallback(token, state)
        return str(method(token, state))

    def _fallback(self, token: Token, state: BlockState) -> str:
        if token.get("children"):
            return self.render_children(token, state)
        raw = token.get("raw")
        return raw if isinstance(raw, str) else ""

    # --- URLs -------------------------------------------------------------------------------

    def image_url(self, url: str) -> str:
        return self._image_urls.get(url_key(url)) or self._image_urls.get(url) or url

    def link_url(self, url: str) -> str:
        if self._link_resolver is None:
            return url
        return self._link_resolver(url_key(url)) or url  # the maps know decoded paths

    def link(self, token: Token, state: BlockState) -> str:
        if token["type"] == "link" and not token.get("label"):
            url = token["attrs"]["url"]
            token = {**token, "attrs": {**token["attrs"], "url": self.link_url(url)}}
        return super().link(token, state)

    def image(self, token: Token, state: BlockState) -> str:
        attrs = token["attrs"]
        token = {**token, "label": None, "attrs": {**attrs, "url": self.image_url(attrs["url"])}}
        return "!" + super().link(token, state)

    def inline_html(self, token: Token, state: BlockState) -> str:
        return self._html_urls(token["raw"])

    def block_html(self, token: Token, state: BlockState) -> str:
        return self._html_urls(token["raw"]) + "\n\n"

    def _html_urls(self, raw: str) -> str:
        def swap(match: re.Match[str]) -> str:
            value = match.group("value")
            quote = value[0] if value[0] in "\"'" else ""
            url = value[1:-1] if quote else value
            lead = match.group("lead")
            is_src = re.search(r"src\s*=\s*$", lead, re.I) is not None
            new = self.image_url(url) if is_src else self.link_url(url)
            return lead + (quote or '"') + new + (quote or '"')

        return _HTML_URL.sub(swap, raw)

    def render_referrences(self, state: BlockState) -> list[str]:
        lines = []
        for text in super().render_referrences(state):
            label, _, rest = text.partition("]: ")
            url, space, title = rest.partition(" ")
            image = self._image_urls.get(url_key(url))  # a definition an image uses
            lines.append(f"{label}]: {image or self.link_url(url)}{space}{title}")
        return lines

    # --- what dev.to writes its own way ----------------------------------------------------

    def inline_math(self, token: Token, state: BlockState) -> str:
        return "{% katex inline %}" + str(token["raw"]) + "{% endkatex %}"

    def block_math(self, token: Token, state: BlockState) -> str:
        return "{% katex %}\n" + str(token["raw"]).strip("\n") + "\n{% endkatex %}\n\n"

    def footnote_ref(self, token: Token, state: BlockState) -> str:
        index = token["attrs"].get("index") or self._notes.get(token["raw"], 0)
        return f"<sup>[{index}](#fn-{index})</sup>" if index else ""

    def footnote_item(self, token: Token, state: BlockState) -> str:
        index = token["attrs"]["index"]
        text = self.render_children(token, state).strip()
        return f'<a id="fn-{index}"></a>{index}. {text}\n\n'


def without_leading_headings(tokens: list[Token], heads: list[tuple[int, str]]) -> list[Token]:
    """``tokens`` less the headings they start with that are ``heads`` ((level, text): the
    title, the subtitle), in order; blank lines before them go too."""
    out = list(tokens)
    for level, text in heads:
        first = next((i for i, tok in enumerate(out) if tok["type"] != "blank_line"), None)
        if first is None:
            break
        head = out[first]
        if head["type"] != "heading" or head["attrs"]["level"] != level:
            break
        if not is_text_of(head, text):
            break
        out = out[first + 1 :]
    return out


def portable_markdown(
    post: ParsedPost,
    tokens: list[Token],
    *,
    image_urls: Mapping[str, str] | None = None,
    link_resolver: Callable[[str], str | None] | None = None,
    katex: bool = True,
) -> str:
    """``tokens`` (of ``post``) as portable Markdown: every construct the parse read (dialects'
    callouts, tabs, steps, admonitions, components) as the plain Markdown it became, local URLs
    through the maps, notes at the end. ``katex``: math in dev.to's ``{% katex %}``, else as
    the post wrote it (``$…$``, ``$$…$$``)."""
    notes = {str(note["attrs"]["key"]): int(note["attrs"]["index"]) for note in post.notes}
    renderer_cls = _PortableRenderer if katex else _AsWrittenMath
    renderer = renderer_cls(image_urls or {}, link_resolver, notes)
    state = BlockState()
    state.env = dict(post.state.env)
    text = renderer(tokens, state)
    if post.notes:
        text = text.rstrip("\n") + "\n\n---\n\n"
        text += "".join(renderer.render_token(note, state) for note in post.notes)
    return text.rstrip("\n") + "\n"


class _AsWrittenMath(_PortableRenderer):
    """Math as the post wrote it, notes as plain numbers (a target with no math syntax and no
    raw HTML of its own: Medium's Markdown)."""

    def footnote_ref(self, token: Token, state: BlockState) -> str:
        index = token["attrs"].get("index") or self._notes.get(token["raw"], 0)
        return f"[{index}]" if index else ""

    def footnote_item(self, token: Token, state: BlockState) -> str:
        text = self.render_children(token, state).strip()
        return f"{token['attrs']['index']}. {text}\n\n"

    def inline_math(self, token: Token, state: BlockState) -> str:
        return "$" + str(token["raw"]) + "$"

    def block_math(self, token: Token, state: BlockState) -> str:
        return "$$\n" + str(token["raw"]).strip("\n") + "\n$$\n\n"


def render_portable(
    post: ParsedPost,
    *,
    title: str,
    image_urls: Mapping[str, str] | None = None,
    link_resolver: Callable[[str], str | None] | None = None,
) -> Rendered:
    """The body as Markdown any Markdown target reads: no title heading (the target shows the
    title), local URLs made absolute, framework syntax already plain by the parse."""
    tokens = without_leading_headings(list(post.tokens), [(1, title)])
    text = portable_markdown(post, tokens, image_urls=image_urls, link_resolver=link_resolver)
    return Rendered(text, list(post.template_warnings))
