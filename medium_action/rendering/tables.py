"""Tables as Medium can show them: a ``<pre>`` of aligned columns (Medium has no ``<table>``).

Cell markup is reduced to text, a link to ``text (url)``; images in cells become figures after
the table.
"""

from __future__ import annotations

from typing import Any

from mistune.util import escape, unescape

from medium_action.rendering.base import RendererBase
from medium_action.rendering.rawhtml.filter import SEPARATING, parse_tag, strike
from medium_action.rendering.textwidth import aligned_table
from medium_action.rendering.tokens import plain_text, skips_content

__all__ = ["TablesMixin"]


class TablesMixin(RendererBase):
    """The ``table`` token handler of the Medium renderer."""

    def _table(self, token: dict[str, Any]) -> str:
        grid: list[list[str]] = []
        aligns: list[str | None] = []
        for part in token["children"]:
            if part["type"] == "table_head":
                aligns = [c["attrs"].get("align") for c in part["children"]]
                grid.append([self._cell_text(c["children"]) for c in part["children"]])
            elif part["type"] == "table_body":
                for row in part["children"]:
                    grid.append([self._cell_text(c["children"]) for c in row["children"]])
        if not grid:
            return ""
        text = aligned_table(grid, aligns)
        figures = "".join(self._take_pending())
        return "<pre>" + escape(text, quote=False) + "</pre>\n" + figures

    def _cell_text(self, children: list[dict[str, Any]]) -> str:
        parts: list[str] = []
        suppress: list[str] = []  # inside a raw <script>, <iframe>…
        for tok in children:
            typ = tok["type"]
            if typ == "inline_html" and skips_content(tok["raw"], suppress):
                continue
            if suppress:
                continue
            if typ == "text":
                text = unescape(tok["raw"])
                parts.append(strike(text) if self._strike else text)
            elif typ in ("codespan", "inline_math", "block_math"):
                # GFM: `\|` is a pipe in a table cell, inside code spans too (mistune keeps it)
                raw = tok["raw"].replace("\\|", "|")
                parts.append(strike(raw) if self._strike else raw)
            elif typ == "strikethrough":
                self._strike += 1
                parts.append(self._cell_text(tok["children"]))
                self._strike -= 1
            elif typ == "link":
                inner = self._cell_text(tok["children"])
                href = self._href(tok["attrs"]["url"])
                if href and not tok.get("_autolink") and href not in (inner, "mailto:" + inner):
                    inner += " (" + href + ")" if inner else href
                parts.append(inner)
            elif typ == "image":
                alt = plain_text(tok["children"])
                title = tok["attrs"].get("title")
                self._figure(tok["attrs"]["url"], alt, unescape(title) if title else None)
                parts.append(" " + alt + " ")
            elif typ in ("linebreak", "softbreak"):
                parts.append(" ")
            elif typ == "inline_html":
                tag = parse_tag(tok["raw"])
                if tag.kind == "start" and tag.name == "img" and tag.attrs.get("src"):
                    alt = tag.attrs.get("alt", "")
                    self._figure(tag.attrs["src"], alt, tag.attrs.get("title") or None)
                    parts.append(" " + alt + " ")
                elif tag.name == "br" or tag.name in SEPARATING:
                    parts.append(" ")
            elif typ == "footnote_ref":
                parts.append("[" + str(tok["attrs"]["index"]) + "]")
            elif "children" in tok:
                parts.append(self._cell_text(tok["children"]))
            elif "raw" in tok:
                parts.append(tok["raw"])
        return " ".join("".join(parts).split())
