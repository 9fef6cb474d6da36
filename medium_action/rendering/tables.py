"""Tables as Medium can show them: a ``<pre>`` of aligned columns (Medium has no ``<table>``).

Cell markup is reduced to text, a link to ``text (url)``; images in cells become figures after
the table. Medium's text column holds about 65 monospace characters and clips longer ``<pre>``
lines, so a table wider than :data:`TABLE_WIDTH` is sent as one paragraph per row instead (a
``Header: value`` line per cell, the first value bold, markup kept), and a table that
only lays out links or images (a badge or logo grid) as one line of them.
"""

from __future__ import annotations

from typing import Any

from mistune.util import escape, unescape

from medium_action.rendering.base import MOVED, RendererBase, has_content
from medium_action.rendering.rawhtml.filter import SEPARATING, parse_tag, strike
from medium_action.rendering.textwidth import aligned_table, display_width
from medium_action.rendering.tokens import plain_text, skips_content

__all__ = ["TABLE_WIDTH", "TablesMixin"]

TABLE_WIDTH = 64
"""The widest aligned table sent as ``<pre>``, in monospace columns (Medium shows about 65)."""
_LAYOUT_TYPES = frozenset({"link", "image", "softbreak", "linebreak", "inline_html"})


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
        rows = _rows(token)
        layout = _only_links_or_images(rows)
        if layout or max(display_width(line) for line in text.split("\n")) > TABLE_WIDTH:
            self._take_pending()  # the cells are rendered again, with their figures
            return self._table_as_line(rows) if layout else self._table_as_rows(rows)
        figures = "".join(self._take_pending())
        return "<pre>" + escape(text, quote=False) + "</pre>\n" + figures

    def _table_as_line(self, rows: list[list[dict[str, Any]]]) -> str:
        parts = [self._cell_html(cell) for row in rows for cell in row]
        html = " · ".join(p for p in parts if has_content(p))
        figures = "".join(self._take_pending())
        return ("<p>" + html + "</p>\n" if html else "") + figures

    def _table_as_rows(self, rows: list[list[dict[str, Any]]]) -> str:
        head, *body = rows
        if not body:  # a header and nothing under it: its cells are the text
            return self._table_as_line([head])
        labels = [self._cell_text(cell["children"]) for cell in head]
        out: list[str] = []
        used: set[int] = set()
        for row in body:
            cells = [self._cell_html(cell) for cell in row]
            lines: list[str] = []
            for i, (label, value) in enumerate(zip(labels, cells, strict=False)):
                if has_content(value):
                    used.add(i)
                    value = "<strong>" + value + "</strong>" if i == 0 else value
                    lines.append(escape(label, quote=False) + ": " + value if label else value)
            if lines:
                out.append("<p>" + "<br>\n".join(lines) + "</p>\n")
            out.extend(self._take_pending())
        # A header over a column empty in every row would otherwise never be shown.
        unused = [label for i, label in enumerate(labels) if label and i not in used]
        if unused:
            out.insert(0, "<p>" + escape(" · ".join(unused), quote=False) + "</p>\n")
        return "".join(out)

    def _cell_html(self, cell: dict[str, Any]) -> str:
        html = self._inline(cell["children"])
        if MOVED in html:
            html = " ".join(html.replace(MOVED, " ").split())
        return html.strip()

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
            elif typ in ("inline_math", "block_math"):
                math = tok["raw"].replace("\\|", "|")
                parts.append(self._math_text(math) or math)
            elif typ == "codespan":
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


def _rows(token: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The cells of the header row, then of each body row."""
    rows: list[list[dict[str, Any]]] = []
    for part in token["children"]:
        if part["type"] == "table_head":
            rows.append(part["children"])
        elif part["type"] == "table_body":
            rows.extend(row["children"] for row in part["children"])
    return rows


def _only_links_or_images(rows: list[list[dict[str, Any]]]) -> bool:
    """Whether every cell holds only links / images (a layout grid), at least one in all."""
    found = False
    for row in rows:
        for cell in row:
            for tok in cell["children"]:
                if tok["type"] in ("link", "image"):
                    found = True
                elif tok["type"] not in _LAYOUT_TYPES and not (
                    tok["type"] == "text" and not tok["raw"].strip()
                ):
                    return False
    return found
