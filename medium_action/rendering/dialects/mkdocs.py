"""Material for MkDocs and Python-Markdown's extensions, as mistune plugins.

=========================================================  ======================================
written                                                    read as
=========================================================  ======================================
``!!! tip "Title"``, ``??? note``, ``???+ warning`` with    a callout labelled Title (else Tip…;
a 4-space body (admonition, pymdownx.details)              ``""``: the body alone); folded: open
``=== "Label"`` with a 4-space body (pymdownx.tabbed)      the bold label, then the tab's blocks
``--8<-- "file"`` (pymdownx.snippets; ``file:3:9`` lines)  the file's Markdown (inside code: its
                                                           text), read from the workspace; else
                                                           dropped (in code: kept) with a warning
``{ .class #id key="v" }`` after an image, a heading…;     nothing (attr_list: styling only)
bare words (``{ data-preview }``) after an element, at a
heading's end
``:material-x:``, ``:octicons-x-16:``, ``:fontawesome-…:``  nothing (icons Medium cannot show)
``<figure markdown>`` image + ``<figcaption>``             a figure with that caption
``Term`` + ``:   definition`` (def_list); after another    the term in bold, then the definition
block (``<!-- md:option -->``, a heading): no term
``/// caption`` under an image (pymdownx.blocks)           the image's caption
``/// admonition | Title``, ``/// details | Summary``,     a callout labelled Title / Summary;
``/// tab | Label``, other ``///`` blocks                  the bold label, then the tab; content
``{* ../../docs_src/main.py hl[3] *}``                      the file as a code block (read from
(markdown-include-variants: FastAPI, SQLModel, Typer)      the page's folder or one above it in
                                                           the workspace); else dropped, warned
``::: package.Object`` with indented options (mkdocstrings) nothing, with a warning (generated API
                                                           documentation)
``{{ version }}``, ``{% for %}`` where the site enables     the value from ``mkdocs.yml`` (extra:,
mkdocs-macros (else: text, as written)                     ``config.x``); unknown: dropped, warned
=========================================================  ======================================

A snippet path is read relative to the workspace root (where ``mkdocs.yml`` is), then its
``docs/``; it never leaves the workspace. The workspace comes from ``state.env["workspace"]``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.dialects.attributes import python_markdown_block_attrs
from medium_action.rendering.dialects.containers import (
    LineKind,
    callout_token,
    closing_line,
    indented_body,
    label_paragraph,
    parse_body,
    register_block,
    warn,
)
from medium_action.rendering.dialects.definitions import python_markdown_definitions
from medium_action.rendering.dialects.mkdocs_macros import mkdocs_macros
from medium_action.rendering.dialects.pulled import folders_up, read_inside

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState, InlineState
    from mistune.inline_parser import InlineParser
    from mistune.markdown import Markdown

__all__ = [
    "MKDOCS_PLUGINS",
    "admonitions",
    "attribute_lists",
    "autodoc",
    "block_attribute_lists",
    "code_includes",
    "content_tabs",
    "definition_lists",
    "figures",
    "generic_blocks",
    "icons",
    "snippets",
]

# the title runs to the line's last quote: !!! note "on the "jsonable" nature" (Python-Markdown)
_ADMONITION = (
    r"^(?P<adm_indent> {0,3})(?:!!!|\?\?\?\+?)[ \t]+(?P<adm_kind>[\w-]+)"
    r"(?:[ \t]+[\w-]+)*(?:[ \t]+\"(?P<adm_title>[^\n]*?)\")?[ \t]*(?:\n|$)"
)


def _label(kind: str) -> str:
    return kind[:1].upper() + kind[1:].replace("-", " ").replace("_", " ")


def _parse_admonition(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    body, end = indented_body(state.src, m.end())
    title = m.group("adm_title")
    label = title if title is not None else _label(m.group("adm_kind"))
    children = parse_body(block, state, body)
    for tok in [callout_token(label, children)] if label else children:  # "": no title bar
        state.append_token(tok)
    return max(end, m.end())


def admonitions(md: Markdown) -> None:
    """``!!!`` admonitions and ``???`` / ``???+`` details (Medium cannot fold: shown open)."""
    register_block(md, "mkdocs_admonition", _ADMONITION, _parse_admonition, before="list")


_TAB = r"^ {0,3}===[+!]{0,2}[ \t]+(?P<tab_q>[\"'])(?P<tab_label>.*?)(?P=tab_q)[ \t]*(?:\n|$)"


def _parse_tab(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    body, end = indented_body(state.src, m.end())
    state.append_token(label_paragraph(m.group("tab_label")))
    for tok in parse_body(block, state, body):
        state.append_token(tok)
    return max(end, m.end())


def content_tabs(md: Markdown) -> None:
    """``=== "Label"`` tabs: each tab's label in bold, then its content (all tabs shown)."""
    register_block(md, "mkdocs_tab", _TAB, _parse_tab, before="list")


# --8<-- "path", one per line, or a block of paths between two --8<-- lines
_SNIPPET = (
    r"^ {0,3}-{1,}8<-{1,}[ \t]+(?P<snip_q>[\"']?)(?P<snip_path>[^\"'\n]+?)(?P=snip_q)[ \t]*(?:\n|$)"
    r"|^ {0,3}-{1,}8<-{1,}[ \t]*\n(?P<snip_block>(?:(?! {0,3}-{1,}8<-)[^\n]*\n)*?)"
    r" {0,3}-{1,}8<-{1,}[ \t]*(?:\n|$)"
)
_SNIPPET_LINE = re.compile(r"^[ \t]*-{1,}8<-{1,}[ \t]+([\"']?)(?P<path>[^\"'\n]+?)\1[ \t]*$")
_LINES = re.compile(r"^(?P<file>.+?)(?::(?P<start>\d*)(?::(?P<end>\d*))?)?$")


def snippet_text(path: str, state: BlockState | InlineState) -> str | None:
    """The text the snippet ``path`` names (``file``, ``file:3:9``), or None (with a warning)
    when there is no workspace, the file is not in it, or it cannot be read."""
    spec = path.strip()
    if not spec or spec.startswith(";"):  # "; name" comments a snippet out
        return ""
    workspace = state.env.get("workspace")
    m = _LINES.match(spec)
    name = m.group("file") if m else spec
    if "://" in name:
        warn(state, spec, f"snippet {spec} dropped: remote snippets are not fetched")
        return None
    if workspace is None:
        warn(state, spec, f"snippet {spec} dropped: the workspace is not known")
        return None
    root = Path(workspace).resolve()
    for base in (root, root / "docs"):
        candidate = (base / name).resolve()
        if candidate.is_relative_to(root) and candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                break
            if m and (m.group("start") or m.group("end")):
                lines = text.split("\n")
                start = int(m.group("start") or 1)
                stop = int(m.group("end") or len(lines))
                text = "\n".join(lines[start - 1 : stop]) + "\n"
            return text
    warn(state, spec, f"snippet {spec} dropped: no such file in the workspace")
    return None


def _parse_snippet(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    paths = [m.group("snip_path")] if m.group("snip_path") else m.group("snip_block").split("\n")
    for path in paths:
        text = snippet_text(path, state) if path.strip() else None
        if text:
            for tok in parse_body(block, state, text):
                state.append_token(tok)
    return m.end()


def _code_snippets(md: Markdown, state: BlockState) -> None:
    """Snippet lines inside a code block (how MkDocs sites show a source file): the file's text,
    as pymdownx.snippets, which runs before the Markdown, would put it there."""

    def walk(tokens: list[dict[str, object]]) -> None:
        for tok in tokens:
            raw = tok.get("raw")
            if tok["type"] == "block_code" and isinstance(raw, str) and "8<-" in raw:
                out: list[str] = []
                for line in raw.split("\n"):
                    lm = _SNIPPET_LINE.match(line)
                    text = snippet_text(lm.group("path"), state) if lm else None
                    out.append(line if lm is None or text is None else text.rstrip("\n"))
                tok["raw"] = "\n".join(out)
            children = tok.get("children")
            if isinstance(children, list):
                walk(children)

    walk(state.tokens)


def snippets(md: Markdown) -> None:
    register_block(md, "mkdocs_snippet", _SNIPPET, _parse_snippet, before="list")
    md.before_render_hooks.append(_code_snippets)


_ATTR_ITEM = r"(?:[.#][\w-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}\"']+)|[\w-]+)"
_ATTR_LIST = r"\{:?[ \t]*(?=[.#]|[\w-]+=)" + _ATTR_ITEM + r"(?:[ \t]+" + _ATTR_ITEM + r")*[ \t]*\}"


def _dropped(m: re.Match[str], state: InlineState) -> int:
    """Where the text goes on after a dropped construct: with the spaces after it too when it
    starts the line or follows a space, so no word is left with two spaces or a leading one."""
    end = m.end()
    before = state.src[: m.start()].rstrip("*_")  # "__:icon: Goal__": the space goes too
    prev = state.tokens[-1] if state.tokens else None
    if not before or before[-1:].isspace() or (prev is not None and prev.get("dropped")):
        while end < len(state.src) and state.src[end] in " \t":
            end += 1
    # a token that writes nothing, where the construct was: emphasis around it still pairs
    # (mistune decides flanking from the tokens' text, where a token is a character)
    state.append_token({"type": "inline_html", "raw": "", "dropped": True})
    return end


def _parse_attr_list(inline: InlineParser, m: re.Match[str], state: InlineState) -> int:
    return _dropped(m, state)  # styling for the site's theme: nothing Medium could show


# right after an inline element (a link, an image, a code span) any list is one, bare words
# included: ``[Lists](a.md){ data-preview }`` (attr_list reads the text that follows an element)
_ELEMENT_ATTR_LIST = (
    r"(?<=[)\]`])\{:?[ \t]*" + _ATTR_ITEM + r"(?:[ \t]+" + _ATTR_ITEM + r")*[ \t]*\}"
)
# at a heading's end, after a space: whatever the braces hold (attr_list's own rule for headings)
_HEADING_ATTR_LIST = re.compile(r"[ \t]+\{:?[ \t]*[^}\n \t][^}\n]*\}[ \t]*$")


def _heading_attr_lists(md: Markdown, state: BlockState) -> None:
    """``## Changes { data-search-exclude }``: the list goes from every heading's text."""

    def walk(tokens: list[dict[str, object]]) -> None:
        for tok in tokens:
            text = tok.get("text")
            if tok["type"] == "heading" and isinstance(text, str):
                tok["text"] = _HEADING_ATTR_LIST.sub("", text)
            children = tok.get("children")
            if isinstance(children, list):
                walk(children)

    walk(state.tokens)


def attribute_lists(md: Markdown) -> None:
    """``{ .class #id key="value" }`` (attr_list) after images, links, headings: dropped; bare
    words (``{ data-preview }``) too right after an element and at a heading's end."""
    md.inline.register("attr_list", _ATTR_LIST, _parse_attr_list, before="link")
    md.inline.register("attr_list_element", _ELEMENT_ATTR_LIST, _parse_attr_list, before="link")
    md.before_render_hooks.append(_heading_attr_lists)


# an emphasis marker may touch it (``__:octicons-goal-16: Goal__``): only letters and digits may not
_ICON = (
    r"(?<![A-Za-z0-9:]):(?:octicons|material|fontawesome|simple|twemoji)-[a-z0-9\-]+:"
    r"(?![A-Za-z0-9:])"
)


def _parse_icon(inline: InlineParser, m: re.Match[str], state: InlineState) -> int:
    return _dropped(m, state)  # an icon font's glyph: Medium has none


def icons(md: Markdown) -> None:
    """``:material-github:``, ``:octicons-heart-16:``, ``:fontawesome-brands-x:``: dropped."""
    md.inline.register("mkdocs_icon", _ICON, _parse_icon, before="emoji")


_FIGURE = (
    r"^ {0,3}<figure\b(?=[^>\n]*\bmarkdown\b)[^>\n]*>[ \t]*\n?"
    r"(?P<figure_body>[\s\S]*?)</figure>[ \t]*(?:\n|$)"
)
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(?P<caption>[\s\S]*?)</figcaption>", re.I)
_TAGS = re.compile(r"<[^>]+>")
_MARKUP = re.compile(r"([\\`*_\[\]<>])")
_EMPHASIS = re.compile(r"(?P<mark>\*{1,3}|_{1,3})(?P<text>\S(?:.*?\S)?)(?P=mark)")


def _parse_figure(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    body = m.group("figure_body")
    caption = ""
    cm = _FIGCAPTION.search(body)
    if cm:
        caption = " ".join(_TAGS.sub("", cm.group("caption")).split())
        body = body[: cm.start()] + body[cm.end() :]
    lines = [line.strip() for line in body.split("\n")]
    tokens = parse_body(block, state, "\n".join(lines).strip("\n"))
    first = next((t for t in tokens if t["type"] == "paragraph"), None)
    italic = "*" + _MARKUP.sub(r"\\\1", caption) + "*"
    if caption and first is not None and str(first["text"]).lstrip().startswith("!["):
        first["text"] = str(first["text"]).rstrip("\n") + "\n" + italic  # the line under it
    elif caption:
        tokens.append({"type": "paragraph", "text": italic})
    for tok in tokens:
        state.append_token(tok)
    return m.end()


def figures(md: Markdown) -> None:
    """``<figure markdown>`` (md_in_html): its Markdown parsed, its ``<figcaption>`` the caption."""
    register_block(md, "mkdocs_figure", _FIGURE, _parse_figure, before="raw_html")


# Python-Markdown's def_list (four-space continuation) and attribute lists on a line of their own
# after a block: the rules the other dialects that have them share (definitions.py, attributes.py)
definition_lists = python_markdown_definitions
block_attribute_lists = python_markdown_block_attrs


_BLOCK_OPEN = (
    r"^ {0,3}(?P<pb_slashes>/{3,})[ \t]*(?P<pb_name>[\w-]+)"
    r"(?:[ \t]*\|[ \t]*(?P<pb_title>[^\n]*?))?[ \t]*(?:\n|$)"
)
_BLOCK_LINE = re.compile(r"^ {0,3}(/{3,})[ \t]*(\S?)")
_BLOCK_OPTION = re.compile(r"^    [\w-]+:[^\n]*(?:\n|$)")


def _block_line(slashes: int) -> LineKind:
    """A ``///`` block's lines: ``/// name`` opens one inside, a bare ``///`` closes."""

    def kind(line: str) -> str | None:
        bm = _BLOCK_LINE.match(line)
        if bm is None or len(bm.group(1)) < slashes:
            return None
        return "open" if bm.group(2) else "close"

    return kind


_ADMONITION_BLOCKS = frozenset(
    {"admonition", "note", "attention", "caution", "danger", "error", "tip", "hint", "warning",
     "important", "info", "success", "question", "failure", "bug", "example", "quote"}
)  # fmt: skip


def _parse_generic_block(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    ends = closing_line(state.src, m.end(), _block_line(len(m.group("pb_slashes"))))
    if ends is None:
        return None
    body_end, end = ends
    body = state.src[m.end() : body_end]
    while om := _BLOCK_OPTION.match(body):  # the block's options (type: warning…)
        body = body[om.end() :]
    name = m.group("pb_name").lower()
    title = (m.group("pb_title") or "").strip()
    children = parse_body(block, state, body)
    if name == "caption":
        text = _EMPHASIS.sub(r"\g<text>", " ".join(body.split()))  # the caption is in italics
        italic = {"type": "paragraph", "text": "*" + _MARKUP.sub(r"\\\1", text) + "*"}
        blocks = [t for t in state.tokens if t["type"] != "blank_line"]
        last = blocks[-1] if blocks else None
        if last is not None and last["type"] == "paragraph" and "![" in str(last["text"]):
            last["text"] = str(last["text"]).rstrip("\n") + "\n" + str(italic["text"])
        elif text:
            state.append_token(italic)
        return end
    if name in _ADMONITION_BLOCKS or name == "details":
        label = title or ("" if name in ("admonition", "details") else _label(name))
        state.append_token(callout_token(label or "Details", children))
        return end
    if name == "tab" and title:
        state.append_token(label_paragraph(title))
    for tok in children:
        state.append_token(tok)
    return end


def generic_blocks(md: Markdown) -> None:
    """pymdownx.blocks: ``/// caption`` (the figure's caption), ``/// admonition | Title``,
    ``/// details | Summary``, ``/// tab | Label``; other blocks their content."""
    register_block(md, "mkdocs_block", _BLOCK_OPEN, _parse_generic_block, before="list")


# markdown-include-variants (FastAPI, SQLModel, Typer): "{* ../../docs_src/app/main.py hl[3] *}"
# shows that file as a code block; the path is read from the folder mkdocs runs in (the one with
# mkdocs.yml), whatever the page's depth: each folder from the page's up to the workspace is tried
_CODE_INCLUDE = r"^ {0,3}\{\*[ \t]*(?P<inc_path>[^\s*]+)(?P<inc_opts>[^\n]*?)\*\}[ \t]*(?:\n|$)"
_LANGUAGES = {
    ".py": "python", ".js": "javascript", ".ts": "typescript", ".toml": "toml", ".json": "json",
    ".yml": "yaml", ".yaml": "yaml", ".sh": "bash", ".md": "markdown", ".html": "html",
    ".css": "css", ".sql": "sql", ".rs": "rust", ".go": "go",
}  # fmt: skip


def _included_text(path: str, state: BlockState) -> tuple[Path, str] | None:
    workspace = state.env.get("workspace")
    if workspace is None:
        return None
    for folder in folders_up(Path(workspace), state.env.get("article_path")):
        if (text := read_inside(Path(workspace), folder / path)) is not None:
            return folder / path, text
    return None


def _parse_code_include(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    path = m.group("inc_path")
    found = _included_text(path, state)
    if found is None:
        warn(
            state, m.group(0).strip(), f"code include {path} dropped: no such file in the workspace"
        )
        return m.end()
    file, text = found
    lang = _LANGUAGES.get(file.suffix.lower(), "")
    state.append_token(
        {"type": "block_code", "raw": text if text.endswith("\n") else text + "\n",
         "style": "fenced", "marker": "```", "attrs": {"info": lang}}
    )  # fmt: skip
    return m.end()


def code_includes(md: Markdown) -> None:
    """``{* ../../docs_src/main.py hl[3] *}`` (markdown-include-variants): the file as code."""
    register_block(md, "mkdocs_code_include", _CODE_INCLUDE, _parse_code_include, before="list")


# mkdocstrings: "::: package.module.Object" (a heading's marks may come first) with its YAML
# options indented under it: the API documentation its handler generates from the code
_AUTODOC = r"^(?:#{1,6} *)?::: ?(?P<autodoc_name>[^\s:][^\s]*)[ \t]*(?:\n|$)"


def _parse_autodoc(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    _, end = indented_body(state.src, m.end())  # the options: the handler's, never shown
    name = m.group("autodoc_name")
    warn(
        state,
        m.group(0).strip(),
        f"API documentation ::: {name} left out: mkdocstrings generates it from the code",
    )
    return max(end, m.end())


def autodoc(md: Markdown) -> None:
    """``::: package.Object`` (mkdocstrings): dropped with a warning, its options with it."""
    # before headings ("# ::: pkg" titles the page with the object) and ::: containers
    register_block(md, "mkdocstrings_autodoc", _AUTODOC, _parse_autodoc, before="atx_heading")


MKDOCS_PLUGINS = (
    mkdocs_macros,
    autodoc,
    code_includes,
    generic_blocks,
    definition_lists,
    block_attribute_lists,
    admonitions,
    content_tabs,
    snippets,
    attribute_lists,
    icons,
    figures,
)

# What the dialects registry (``dialects/__init__.py``) knows of this one.
NAME = "mkdocs"
ABOUT = (
    'Material for MkDocs / Python-Markdown: `!!!`/`???`/`???+` admonitions, `=== "Tab"` '
    "content tabs, `--8<--` snippets (read from the workspace), `{* file *}` code includes, "
    "`{ .class }` attribute lists and `:material-…:` icons (dropped), `<figure markdown>` and "
    "`/// caption`, definition lists, `categories` as tags; where the site enables mkdocs-macros, "
    "`{{ extra_var }}` / `{{ config.x }}` from `mkdocs.yml` and `if`/`for` evaluated"
)
SITE_FILES = ("mkdocs.yml", "mkdocs.yaml", "zensical.toml")
"""``zensical.toml``: Zensical, Material's successor by its authors, reads the same Markdown."""
POST_SYNTAX = re.compile(
    r"^ {0,3}(?:!!!|\?\?\?\+?)[ \t]+[\w-]+|^ {0,3}===[+!]{0,2}[ \t]+\"|^ {0,3}-+8<-+"
    r"|:(?:octicons|material|fontawesome)-[\w-]+:|<figure\b[^>\n]*\bmarkdown\b"
    r"|^ {0,3}/// ?(?:caption|admonition|details|tab)\b",
    re.M,
)
"""Syntax only this dialect writes (for choosing it when the workspace says nothing)."""
PLUGINS = MKDOCS_PLUGINS
COMMON = (admonitions,)
"""Python-Markdown's ``!!!`` admonitions are written on sites of many generators (and were
read before dialects were known): every dialect's parser has :func:`admonitions`."""

DIALECT = register(
    Dialect(
        name=NAME,
        about=ABOUT,
        plugins=tuple(p for p in PLUGINS if p not in COMMON),  # COMMON: in every dialect
        site_files=SITE_FILES,
        post_syntax=POST_SYNTAX,
    )
)
