"""Lists and block quotes flattened to the one level Medium keeps.

Medium flattens nested ``<li>`` and numbers every ``<ol>`` from 1, so a nested item becomes a
line of its top-level item (marked ``– ◦ ▪`` by depth, or ``1.a``, ``1.a.1`` under a numbered
item), and a list Medium would misnumber is written as ``<p>3. item</p>`` lines. A block that
cannot stay in an item (code, figure, quote, table) is moved right after it. A quote keeps only
``<p>``: lists in it become lines, other blocks leave it.
"""

from __future__ import annotations

from typing import Any

from mistune.util import escape

from medium_action.rendering.base import RendererBase, has_content

__all__ = ["ListsMixin"]

_BULLETS = ("– ", "◦ ", "▪ ")
_Entry = tuple[str, int, str]  # (kind, number, html) of a flattened list
_ITEM, _BLOCK, _CONT = "item", "block", "cont"


def _alpha(n: int) -> str:
    """1 → a, 26 → z, 27 → aa."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(97 + r) + out
    return out or "0"


class ListsMixin(RendererBase):
    """The ``block_quote`` and ``list`` token handlers of the Medium renderer."""

    # block quotes ------------------------------------------------------

    def _block_quote(self, token: dict[str, Any]) -> str:
        parts: list[tuple[bool, str]] = []
        self._quote_parts(token["children"], parts)
        out: list[str] = []
        inside: list[str] = []
        for is_inside, html in parts:
            if is_inside:
                inside.append(html)
                continue
            if inside:
                out.append("<blockquote>\n" + "".join(inside) + "</blockquote>\n")
                inside = []
            out.append(html)
        if inside:
            out.append("<blockquote>\n" + "".join(inside) + "</blockquote>\n")
        return "".join(out)

    def _quote_parts(self, children: list[dict[str, Any]], parts: list[tuple[bool, str]]) -> None:
        for child in children:
            typ = child["type"]
            if typ in ("paragraph", "block_text", "heading"):
                html, figures = self._block_inline(child["children"])
                if has_content(html):
                    if typ == "heading":
                        html = "<strong>" + html + "</strong>"
                    parts.append((True, "<p>" + html + "</p>\n"))
                parts.extend((False, f) for f in figures)
            elif typ == "block_quote":
                self._quote_parts(child["children"], parts)
            elif typ == "list":
                ordered = child["attrs"].get("ordered", False)
                for kind, number, html in self._list_entries(child):
                    if kind == _BLOCK:
                        parts.append((False, html))
                    elif kind == _CONT:
                        parts.append((True, "<p>" + html + "</p>\n"))
                    else:
                        label = f"{number}. " if ordered else "• "
                        parts.append((True, "<p>" + label + html + "</p>\n"))
            elif typ == "blank_line":
                continue
            else:
                parts.append((False, self.render_token(child, self._state)))

    # lists -------------------------------------------------------------

    def _list(self, token: dict[str, Any]) -> str:
        ordered = bool(token["attrs"].get("ordered"))
        start = token["attrs"].get("start", 1)
        entries = self._list_entries(token)
        tag = "ol" if ordered else "ul"
        if ordered:
            last_item = max(i for i, (kind, _, _) in enumerate(entries) if kind == _ITEM)
            numbered_by_medium = (
                start == 1
                and all(kind == _ITEM and html for kind, _, html in entries[: last_item + 1])
                and all(kind != _CONT for kind, _, _ in entries)
            )
            if not numbered_by_medium:
                out = []
                for kind, number, html in entries:
                    if kind == _BLOCK:
                        out.append(html)
                    elif kind == _ITEM:
                        out.append("<p>" + str(number) + ". " + html + "</p>\n")
                    elif html:
                        out.append("<p>" + html + "</p>\n")
                return "".join(out)
        out = []
        is_open = False
        for kind, _, html in entries:
            if kind == _BLOCK:
                if is_open:
                    out.append("</" + tag + ">\n")
                    is_open = False
                out.append(html)
                continue
            if not html:
                continue
            if not is_open:
                out.append("<" + tag + ">\n")
                is_open = True
            out.append("<li>" + html + "</li>\n")
        if is_open:
            out.append("</" + tag + ">\n")
        return "".join(out)

    def _list_entries(self, token: dict[str, Any]) -> list[_Entry]:
        """The entries of a top-level list: its items, and what had to move out of them.

        ``(_ITEM, number, html)`` for an item, ``(_BLOCK, 0, html)`` for a block moved after its
        item, ``(_CONT, 0, html)`` for nested items that come after such a block (they cannot
        join their parent item any more, so they become items with their marker).
        """
        ordered = bool(token["attrs"].get("ordered"))
        start = token["attrs"].get("start", 1)
        entries: list[_Entry] = []
        for i, item in enumerate(token["children"]):
            number = start + i
            rest: list[_Entry] = []
            lines = self._flatten_item(item, 0, "", str(number) if ordered else None, rest)
            entries.append((_ITEM, number, "<br>".join(lines)))
            entries.extend(rest)
        return entries

    def _flatten_item(
        self, item: dict[str, Any], depth: int, label: str, path: str | None, rest: list[_Entry]
    ) -> list[str]:
        """The lines of a list item (nested items included); what cannot stay goes to ``rest``."""
        lines: list[str] = []
        broken = False
        for child in item["children"]:
            typ = child["type"]
            if typ == "blank_line":
                continue
            if typ == "list":
                broken = self._flatten_sublist(child, depth + 1, path, lines, rest, broken)
            elif broken:
                rest.append((_BLOCK, 0, self.render_token(child, self._state)))
            elif typ in ("paragraph", "block_text", "heading"):
                html, figures = self._block_inline(child["children"])
                if has_content(html):
                    lines.append("<strong>" + html + "</strong>" if typ == "heading" else html)
                if figures:
                    rest.extend((_BLOCK, 0, f) for f in figures)
                    broken = True
            else:
                rest.append((_BLOCK, 0, self.render_token(child, self._state)))
                broken = True
        mark = ""
        if item["type"] == "task_list_item":
            mark = "☑ " if item["attrs"].get("checked") else "☐ "
        prefix = escape(label + mark, quote=False)
        if prefix:
            if lines:
                lines[0] = prefix + lines[0]
            else:
                lines = [prefix.rstrip()]
        return lines

    def _flatten_sublist(
        self,
        token: dict[str, Any],
        depth: int,
        parent_path: str | None,
        lines: list[str],
        rest: list[_Entry],
        broken: bool,
    ) -> bool:
        """Add a nested list's items as lines of the item (or, once a block moved out of the
        item, as items of their own); True when a block had to move out."""
        ordered = bool(token["attrs"].get("ordered"))
        start = token["attrs"].get("start", 1)
        for j, sub in enumerate(token["children"]):
            number = start + j
            if ordered:
                own = _alpha(number) if depth % 2 else str(number)
                path = f"{parent_path}.{own}" if parent_path else own
                label = path + (" " if "." in path else ". ")
            else:
                path = None
                label = _BULLETS[min(depth, len(_BULLETS)) - 1]
            sub_rest: list[_Entry] = []
            sub_lines = self._flatten_item(sub, depth, label, path, sub_rest)
            if broken:
                rest.append((_CONT, 0, "<br>".join(sub_lines)))
            else:
                lines.extend(sub_lines)
            rest.extend(sub_rest)
            broken = broken or bool(sub_rest)
        return broken
