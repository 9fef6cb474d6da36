"""Docusaurus (and VitePress, Starlight's Markdown): ``:::`` containers, inside the one parse.

``:::kind Title`` or ``:::kind[Title]`` … ``:::`` is a callout labelled with the title (parsed as
Markdown: ``:::warning[Important: [link](url)]`` keeps its link) or the kind (``Tip``). Nested
containers use more colons on the outer one, or the same number; a closing line closes the
innermost open container with no more colons than it has (as remark-directive reads them). A
container never closed runs to the end of what holds it, as Docusaurus shows it (with a warning).
VitePress's ``details`` (and ``spoiler``…) is a bold summary line and its content;
``code-group`` is its fences with their file names. Pairing is one pass (see
:mod:`.blocks`): thousands of unclosed ``:::`` cost one scan, not one each.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.dialects.blocks import (
    MAX_DEPTH,
    Kind,
    find_pair,
    parse_children,
    warn,
)
from medium_action.rendering.dialects.containers import callout_token, label_paragraph
from medium_action.rendering.dialects.mdx import captioned_code, label_for, string_expressions
from medium_action.rendering.dialects.mdx_html import text_expressions

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState
    from mistune.markdown import Markdown

__all__ = ["DIALECT", "colon_containers", "container_title"]

Token = dict[str, Any]

_OPEN = re.compile(r"[ ]{0,3}(?P<colons>:{3,})[ \t]*(?P<kind>[A-Za-z][\w-]*)(?P<rest>.*)")
_CLOSE = re.compile(r"[ ]{0,3}(?P<colons>:{3,})[ \t]*")
_DETAILS = frozenset({"details", "spoiler", "expand", "collapse"})
_RULE = r"^[ ]{0,3}:{3,}[ \t]*[A-Za-z][^\n]*"


def container_title(rest: str) -> str:
    """The title after a container's kind: ``[Title]`` (brackets balanced: a title may hold a
    link), else the words (a ``{…}`` attribute block left out)."""
    text = rest.strip()
    if text.startswith("["):
        depth = 0
        for i, ch in enumerate(text):
            if ch == "\\":
                continue
            if ch == "[":
                depth += 1
            elif ch == "]":
                depth -= 1
                if depth == 0:
                    return text[1:i].strip()
        return text[1:].strip()
    text = re.sub(r"\{[^{}]*\}", "", text)
    return text.strip()


def _opener(line: str) -> tuple[str, int] | None:
    m = _OPEN.fullmatch(line)
    return (":::", len(m.group("colons"))) if m else None


def _closer(line: str) -> tuple[str, int] | None:
    m = _CLOSE.fullmatch(line)
    return (":::", len(m.group("colons"))) if m else None


_KIND = Kind(":::", _opener, _closer, by_name=False, unclosed_runs_to_end=True)


def _parse_container(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    start = m.start()
    src = state.src
    line_end = src.find("\n", start)
    line_end = len(src) if line_end < 0 else line_end
    opened = _OPEN.fullmatch(src, start, line_end)
    if opened is None:
        return None
    if state.depth() > MAX_DEPTH:  # too deep to open: its line goes, its content stays here
        return min(line_end + 1, len(src))
    pair = find_pair(state, _KIND, start)
    if pair is None:
        return None
    kind = opened.group("kind")
    if pair.start >= len(src):
        warn(state, start, f"{opened.group(0).strip()} has no closing ':::': it runs to the end")
    inner_start = min(line_end + 1, pair.start)
    children = parse_children(block, state, inner_start, pair.start)
    title = container_title(opened.group("rest"))
    lower = kind.lower()
    if lower == "code-group":
        state.tokens.extend(captioned_code(children, in_group=True))
    elif lower in _DETAILS:
        state.tokens.extend([label_paragraph(title or "Details", markdown=True), *children])
    else:
        # Quarto's short form ``::: callout-warning`` names the same kinds
        label = label_for(kind.removeprefix("callout-"))
        state.tokens.append(callout_token(title or label, children, markdown=True))
    return min(pair.end + 1, len(src))


def _parse_stray_close(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    return m.end()  # a closing ':::' with no container open: syntax, never text


def colon_containers(md: Markdown) -> None:
    """``:::`` containers as callouts (block rule, before paragraphs and lists)."""
    md.block.register("colon_container", _RULE, _parse_container, before="list")
    md.block.register(
        "colon_close", r"^[ ]{0,3}:{3,}[ \t]*(?:\n|$)", _parse_stray_close, before="list"
    )
    for rules in (md.block.block_quote_rules, md.block.list_rules):
        for name in ("colon_container", "colon_close"):
            if name not in rules:
                md.block.insert_rule(rules, name, before="list")


DIALECT = register(
    Dialect(
        name="docusaurus",
        about=(
            "Docusaurus: MDX components (`<Tabs>`/`<TabItem label>` with each label before its "
            "tab, the label `<Tabs values={[…]}>` gives a `value` first), "
            "`:::note`/`:::tip[Title]` admonitions (titles with Markdown, nesting by "
            'colons), code blocks\' `title="file"`, ```` ```mdx-code-block ```` read as the MDX '
            "it holds"
        ),
        plugins=(string_expressions, text_expressions),
        site_files=("docusaurus.config.*",),
        priority=40,
    )
)
