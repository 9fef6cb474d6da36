"""Astro Starlight: its MDX components, as what they show.

- ``<Steps>`` holds one ordered list: it stays one numbered list (lists its children split are
  joined again, numbering on);
- ``<FileTree>`` holds a nested list of files: shown as a tree in a code block, every level
  indented two more spaces (Medium shows one level of list nesting; a tree needs them all);
- ``<Aside type="caution" title="…">`` is a callout (see :mod:`.mdx`), ``<Tabs>``/``<TabItem
  label>`` each tab's label before its content, ``<Card title>`` the title in bold before its
  content, ``<CardGrid>``, ``<LinkCard title href>`` a link, ``<Code code={`…`} lang title>``
  the code it is given (the title as its file name).

The components are added to :data:`.mdx.COMPONENTS` when this module is imported (the
registry imports every dialect module), so every parser reads them.
"""

from __future__ import annotations

import re
from typing import Any

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.dialects.containers import label_paragraph
from medium_action.rendering.dialects.mdx import COMPONENTS, string_expressions
from medium_action.rendering.dialects.mdx_html import text_expressions
from medium_action.rendering.tokens import plain_text

__all__ = ["DIALECT", "code_component", "file_tree", "steps"]

Token = dict[str, Any]


def steps(name: str, attrs: dict[str, str], children: list[Token]) -> list[Token]:
    """Ordered lists next to each other (blank lines between) become one."""
    out: list[Token] = []
    for tok in children:
        last = next((t for t in reversed(out) if t["type"] != "blank_line"), None)
        if (
            tok["type"] == "list"
            and tok["attrs"].get("ordered")
            and last is not None
            and last["type"] == "list"
            and last["attrs"].get("ordered")
        ):
            while out[-1] is not last:
                out.pop()
            merged = {**last, "children": [*last["children"], *tok["children"]]}
            merged["tight"] = last.get("tight", True) and tok.get("tight", True)
            out[-1] = merged
            continue
        out.append(tok)
    return out


def _item_text(item: Token) -> tuple[str, list[Token]]:
    """An item's own text (its first block's, inline parsed later: read raw) and its sublists."""
    text = ""
    sub: list[Token] = []
    for block in item.get("children", []):
        if block["type"] == "list":
            sub.append(block)
        elif not text and ("text" in block or "children" in block):
            raw = block.get("text")
            text = raw if isinstance(raw, str) else plain_text(block.get("children", []))
    return " ".join(text.split()), sub


def _tree_lines(lst: Token, depth: int, out: list[str]) -> None:
    for item in lst.get("children", []):
        text, sub = _item_text(item)
        text = text.replace("**", "").replace("`", "")
        if text:
            out.append("  " * depth + text)
        for child in sub:
            _tree_lines(child, depth + 1, out)


def file_tree(name: str, attrs: dict[str, str], children: list[Token]) -> list[Token]:
    lines: list[str] = []
    for tok in children:
        if tok["type"] == "list":
            _tree_lines(tok, 0, lines)
    if not lines:
        return children
    return [
        {
            "type": "block_code",
            "raw": "\n".join(lines) + "\n",
            "style": "fenced",
            "marker": "```",
            "attrs": {"info": ""},
        }
    ]


def _card(name: str, attrs: dict[str, str], children: list[Token]) -> list[Token]:
    title = attrs.get("title")
    href = attrs.get("href")
    if href and title:
        link: Token = {
            "type": "link",
            "attrs": {"url": href},
            "children": [{"type": "text", "raw": title}],
        }
        head: Token = {"type": "paragraph", "children": [link]}
        return [head, *children]
    if title:
        return [label_paragraph(title, markdown=True), *children]
    return children


_IDENTIFIER = re.compile(r"[A-Za-z_$][\w$.]*")


def code_component(name: str, attrs: dict[str, str], children: list[Token]) -> list[Token]:
    """``<Code code={`…`} lang="js" title="f.js" />``: the code it shows, its title as the file
    name before it. A ``code`` that names a variable or an import (``code={exampleCode}``) is
    not in the post: nothing is shown (the caller warns)."""
    code = attrs.get("code")
    if not code or _IDENTIFIER.fullmatch(code.strip()):
        return []
    block: Token = {
        "type": "block_code",
        "raw": code if code.endswith("\n") else code + "\n",
        "style": "fenced",
        "marker": "```",
        "attrs": {"info": attrs.get("lang", "")},
    }
    title = attrs.get("title")
    if not title or (_IDENTIFIER.fullmatch(title) and "." not in title):
        return [block]
    return [{"type": "paragraph", "children": [{"type": "codespan", "raw": title}]}, block]


COMPONENTS.update(
    {
        "Steps": steps,
        "FileTree": file_tree,
        "Card": _card,
        "LinkCard": _card,
        "Code": code_component,
    }
)

DIALECT = register(
    Dialect(
        name="starlight",
        about=(
            "Astro Starlight: `<Tabs>`/`<TabItem label>` (each label before its tab), `<Steps>` "
            "(one numbered list), `<FileTree>` (a tree, nesting kept), `<Aside>` callouts, "
            "`<Card>`, `<Code code={`…`} title>` (its code), `:::note[Title]` asides; a "
            "component drawn from data (`<ThemeGrid themes={[…]} />`) dropped with a warning"
        ),
        plugins=(string_expressions, text_expressions),
        site_files=("astro.config.*",),
        priority=45,
    )
)
