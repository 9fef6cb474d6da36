"""Raw inline HTML in Markdown text, reduced to the inline tags Medium keeps.

Tags are kept only when allowed; an ``<a>`` goes through the link resolver, strike tags become
struck text, a ``<script>``, ``<iframe>``… is dropped with its content (tracked in
``_suppress``), and an embed becomes a link after the block. Open tags are tracked in
``_raw_stack`` so that every one written is closed inside the element that opened it.

Three tags Medium lacks keep their meaning: ``<sup>``/``<sub>`` text becomes Unicode super- /
subscript characters when each character has one, else ``^(…)`` / ``_(…)`` ("x<sup>2</sup>" must
not read "x2"); ``<kbd>`` becomes ``<code>``; ``<progress value max>`` the text "value/max".
"""

from __future__ import annotations

from mistune.util import escape, unescape

from medium_action.rendering.base import MOVED, RendererBase
from medium_action.rendering.rawhtml.filter import (
    DROP_WITH_CONTENT,
    EMBED_CONTAINERS,
    EMBEDS,
    INLINE,
    SEPARATING,
    STRIKE_TAGS,
    VOID,
    embed_link_html,
    embed_url,
    parse_tag,
)
from medium_action.rendering.rawhtml.policy import picture_source
from medium_action.rendering.syntax.tex import subscript, superscript

__all__ = ["MAX_OPEN_TAGS", "InlineHtmlMixin"]

MAX_OPEN_TAGS = 64
"""Inline HTML tags open at once inside one element; past it a tag is dropped (its text kept)."""


_SCRIPTS = frozenset({"sup", "sub"})


class InlineHtmlMixin(RendererBase):
    """The ``inline_html`` method of the Medium renderer."""

    def text(self, text: str) -> str:
        if self._raw_stack and not self._suppress:
            script = next((e[0] for e in reversed(self._raw_stack) if e[0] in _SCRIPTS), None)
            if script is not None and text.strip():
                plain = unescape(text) if "&" in text else text
                small = superscript(plain) if script == "sup" else subscript(plain)
                mark = "^" if script == "sup" else "_"
                text = small if small is not None else mark + "(" + plain + ")"
        return super().text(text)

    def inline_html(self, html: str) -> str:
        tag = parse_tag(html)
        if tag.kind == "other":
            return ""
        name = tag.name
        if tag.kind == "end":
            if name == "picture" and self._picture and not self._suppress:
                source = self._picture.pop()  # no <img> in it: its best <source> is shown
                if source and self._figure(source, "", None):
                    return MOVED
                return " "
            if self._suppress:
                if name == self._suppress[-1]:
                    self._suppress.pop()
                return ""
            for i in range(len(self._raw_stack) - 1, self._raw_base - 1, -1):
                if self._raw_stack[i][0] == name:
                    return self._close_raw(i) + (" " if name in SEPARATING else "")
            return " " if name in SEPARATING else ""  # closes nothing open here: dropped
        attrs = tag.attrs
        if self._suppress:
            if name == "source" and self._suppress[-1] in ("video", "audio"):
                self._embed(attrs)
            elif name == self._suppress[-1]:
                self._suppress.append(name)
            return ""
        if name in DROP_WITH_CONTENT:
            self._suppress.append(name)
            self._warn(f"<{name}> removed with its content")
            return ""
        if name == "picture":
            self._picture.append(None)
            return " "
        if name == "source" and self._picture:
            if self._picture[-1] is None:
                self._picture[-1] = picture_source(attrs)
            return ""
        if name == "img" and self._picture:
            self._picture[-1] = ""
        if name in EMBEDS:
            moved = self._embed(attrs)
            if name in EMBED_CONTAINERS:
                self._suppress.append(name)
            return MOVED if moved else " "
        if name == "img":
            src = attrs.get("src", "").strip()
            alt = attrs.get("alt", "")
            placed = bool(src) and self._figure(src, alt, attrs.get("title") or None)
            if self._link_depth:
                return escape(alt, quote=False)
            return MOVED if placed else MOVED + escape(alt, quote=False) + MOVED
        if name == "br":
            return "<br>"
        if len(self._raw_stack) >= MAX_OPEN_TAGS:
            # no writer nests this deep on purpose (a tag left unclosed again and again): the
            # tag goes, its text stays, and the looks through the open tags stay cheap
            self._warn(f"more than {MAX_OPEN_TAGS} inline HTML tags open at once: the rest dropped")
            return " " if name in SEPARATING else ""
        if name in _SCRIPTS:
            self._raw_stack.append((name, None, False))
            return ""
        if name == "kbd":
            self._raw_stack.append((name, "code", False))
            return "<code>"
        if name == "progress":
            self._suppress.append(name)  # its content is the fallback for old browsers
            value, top = attrs.get("value", "").strip(), attrs.get("max", "1").strip() or "1"
            return escape(value + "/" + top, quote=False) if value else ""
        if name == "input":
            if attrs.get("type", "").lower() == "checkbox":
                return "☑ " if "checked" in attrs else "☐ "
            return ""
        if name in VOID:
            return " " if name in SEPARATING else ""
        if name == "a":
            href = attrs.get("href")
            in_link = self._link_depth or any(e[1] == "a" for e in self._raw_stack)
            url = self._href(href) if href is not None and not in_link else None
            if url is None:
                self._raw_stack.append((name, None, False))
                return ""
            self._raw_stack.append((name, "a", False))
            return '<a href="' + escape(url) + '">'
        if name in INLINE:
            self._raw_stack.append((name, name, False))
            return "<" + name + ">"
        if name in STRIKE_TAGS:
            self._strike += 1
            self._raw_stack.append((name, None, True))
            return ""
        self._raw_stack.append((name, None, False))
        return " " if name in SEPARATING else ""

    def _embed(self, attrs: dict[str, str]) -> bool:
        url = embed_url(attrs)
        href = self._href(url) if url else None
        if href is not None:
            self._pending.append(embed_link_html(href))
        return href is not None
