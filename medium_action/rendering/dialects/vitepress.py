"""VitePress: Vue's documentation generator (markdown-it with its own plugins, Vue in the page).

- ``{{ $frontmatter.title }}`` (Vue interpolation in text): the post's own front matter value,
  as the page shows it; any other ``{{ expr }}`` is what the page computes (``$params``, a
  script's data), which the post does not hold: dropped with a warning naming its line. This
  dialect owns ``{{ }}``: the template rules (Liquid, Hugo…) never see it;
- ``v-pre`` (``<span v-pre>…</span>``, ``::: v-pre`` … ``:::``) tells Vue not to read the
  braces: they stay as written (a ``<div v-pre>`` block is raw HTML, kept as it is);
- markdown-it-attrs lists after an element or at a heading's end (``[a](/x){target="_self"}``,
  ``## Title {#custom-id}``): styling and anchors, dropped (as MkDocs' attribute lists are:
  :func:`.mkdocs.attribute_lists`);
- ``<Badge type="info" text="composable" />`` (the default theme's): its text;
- ``[[toc]]``: the site's table of contents, dropped (Medium has none);
- ``<<< @/snippets/a.js{2} [label]``: the file as a code block, ``@`` the site folder (the one
  holding ``.vitepress/``), else relative to the post; its language from ``{lang}`` or the
  extension; a ``#region`` of it only that region; a missing file dropped with a warning;
- ``::: tip``/``warning``/``danger``/``info``/``details Title`` and ``::: code-group`` are the
  common ``:::`` containers (:mod:`.docusaurus`), callouts and labelled code.

Code spans and blocks are never touched: mistune meets them before any rule here.
"""

from __future__ import annotations

import re
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.dialects.blocks import MAX_DEPTH, Kind, find_pair, parse_children
from medium_action.rendering.dialects.blocks import warn as warn_from
from medium_action.rendering.dialects.containers import register_block
from medium_action.rendering.dialects.containers import warn as warn_at
from medium_action.rendering.dialects.mdx import attributes
from medium_action.rendering.dialects.mdx_html import front_matter_value
from medium_action.rendering.dialects.mkdocs import attribute_lists
from medium_action.rendering.dialects.pulled import folders_up, read_inside

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState, InlineState
    from mistune.inline_parser import InlineParser
    from mistune.markdown import Markdown

__all__ = ["DIALECT", "badges", "code_imports", "interpolation", "table_of_contents", "v_pre"]

Token = dict[str, Any]

# ------------------------------------------------------------------ {{ expr }} in text

# Vue's mustache: up to the first "}}" (an object literal's braces inside, a line break too)
_MUSTACHE = r"\{\{(?P<vp_expr>(?:[^{}]|\{[^{}]*\}){1,1000}?)\}\}"


def _parse_mustache(inline: InlineParser, m: re.Match[str], state: InlineState) -> int:
    expression = " ".join(m.group("vp_expr").split())
    shown = front_matter_value(expression.removeprefix("$"), state.env.get("front_matter") or {})
    if shown is not None:
        state.append_token({"type": "text", "raw": shown})
        return m.end()
    warn_at(state, m.group(0), f"{{{{ {expression} }}}} dropped: a value the page computes")
    return _gap_closed(state, m.end())


def _gap_closed(state: InlineState, end: int) -> int:
    """Where the text goes on after a dropped value, with no two spaces (nor a space before a
    full stop, nor at the paragraph's end) left where it was."""
    src = state.src
    prev = state.tokens[-1] if state.tokens and state.tokens[-1]["type"] == "text" else None
    spaced = prev is None or prev["raw"][-1:] in ("", " ", "\t", "\n")
    rest = src[end:]
    if spaced:
        end += len(rest) - len(rest.lstrip(" \t"))
    if prev is not None and (not src[end:].strip() or src[end : end + 1] in ",.;:!?)"):
        prev["raw"] = prev["raw"].rstrip(" \t")
    return end


_MUSTACHE_IN_HTML = re.compile(_MUSTACHE)
_V_PRE_ELEMENT = re.compile(r"<(?P<tag>[A-Za-z][\w-]*)\b[^<>]*?\sv-pre(?![\w-])[^<>]*>")


def _html_interpolated(html: str, state: BlockState) -> str:
    """A raw HTML block as Vue shows it: each ``{{ }}`` outside a ``v-pre`` element its front
    matter value, else nothing (with a warning); Vue reads the page's HTML, not only its text."""
    kept: list[tuple[int, int]] = []
    for m in _V_PRE_ELEMENT.finditer(html):
        close = html.find(f"</{m.group('tag')}", m.end())
        kept.append((m.start(), len(html) if close < 0 else close))

    def one(m: re.Match[str]) -> str:
        if any(start <= m.start() < end for start, end in kept):
            return m.group(0)
        expression = " ".join(m.group("vp_expr").split())
        shown = front_matter_value(
            expression.removeprefix("$"), state.env.get("front_matter") or {}
        )
        if shown is not None:
            return escape(shown, quote=False)
        warn_at(state, m.group(0), f"{{{{ {expression} }}}} dropped: a value the page computes")
        return ""

    return _MUSTACHE_IN_HTML.sub(one, html)


def _interpolate_html(md: Markdown, state: BlockState) -> None:
    def walk(tokens: list[Token]) -> None:
        for tok in tokens:
            raw = tok.get("raw")
            if tok["type"] == "block_html" and isinstance(raw, str) and "{{" in raw:
                tok["raw"] = _html_interpolated(raw, state)
            children = tok.get("children")
            if isinstance(children, list):
                walk(children)

    walk(state.tokens)


def interpolation(md: Markdown) -> None:
    """``{{ $frontmatter.x }}``: its value; other ``{{ expr }}``: dropped with a warning, in
    text and in raw HTML blocks. Before the template rules, which would keep an unknown
    ``{{ }}`` as text."""
    before = "template_tag" if "template_tag" in md.inline.rules else "link"
    md.inline.register("vitepress_mustache", _MUSTACHE, _parse_mustache, before=before)
    md.before_render_hooks.append(_interpolate_html)


# ------------------------------------------------------------------ v-pre

_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)")


def _braces_kept(text: str) -> str:
    """``text`` with each ``{`` outside code spans escaped: no rule reads it as a tag."""
    out: list[str] = []
    pos = 0
    for m in _CODE_SPAN.finditer(text):
        out.append(text[pos : m.start()].replace("{", "\\{"))
        out.append(m.group(0))
        pos = m.end()
    out.append(text[pos:].replace("{", "\\{"))
    return "".join(out)


def _keep_braces(tokens: list[Token]) -> None:
    for tok in tokens:
        text = tok.get("text")
        if isinstance(text, str) and tok["type"] not in ("block_code", "block_html"):
            tok["text"] = _braces_kept(text)
        children = tok.get("children")
        if isinstance(children, list):
            _keep_braces(children)


_V_PRE_SPAN = (
    r"<(?P<vp_tag>[A-Za-z][\w-]*)\b[^<>]*?\sv-pre(?![\w-])[^<>]*>"
    r"(?P<vp_body>[\s\S]{0,2000}?)</(?P=vp_tag)\s*>"
)


def _parse_v_pre_span(inline: InlineParser, m: re.Match[str], state: InlineState) -> int:
    open_end = m.start("vp_body")
    state.append_token({"type": "inline_html", "raw": state.src[m.start() : open_end]})
    child = state.copy()
    child.src = _braces_kept(m.group("vp_body"))
    for tok in inline.render(child):
        state.append_token(tok)
    state.append_token({"type": "inline_html", "raw": state.src[m.end("vp_body") : m.end()]})
    return m.end()


_V_PRE_OPEN = r"^ {0,3}:{3,}[ \t]*v-pre[ \t]*(?:\n|$)"
_COLON_OPEN = re.compile(r"[ ]{0,3}(?P<colons>:{3,})[ \t]*[A-Za-z][\w-]*.*")
_COLON_CLOSE = re.compile(r"[ ]{0,3}(?P<colons>:{3,})[ \t]*")


def _opener(line: str) -> tuple[str, int] | None:
    m = _COLON_OPEN.fullmatch(line)
    return (":::", len(m.group("colons"))) if m else None


def _closer(line: str) -> tuple[str, int] | None:
    m = _COLON_CLOSE.fullmatch(line)
    return (":::", len(m.group("colons"))) if m else None


# paired as the common ::: containers are (one pass over the post: a thousand unclosed
# "::: v-pre" lines cost no more than closed ones), an unclosed one running to the end
_COLONS = Kind(":::", _opener, _closer, by_name=False, unclosed_runs_to_end=True)


def _parse_v_pre_block(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    if state.depth() > MAX_DEPTH:  # too deep to open: its line goes, its content stays here
        return m.end()
    pair = find_pair(state, _COLONS, m.start())
    if pair is None:
        return None
    if pair.start >= len(state.src):
        warn_from(state, m.start(), "::: v-pre has no closing ':::': it runs to the end")
    inner = min(m.end(), pair.start)
    children = parse_children(block, state, inner, pair.start)
    _keep_braces(children)
    state.tokens.extend(children)  # a container with no look of its own: its content alone
    return min(pair.end + 1, len(state.src))


def v_pre(md: Markdown) -> None:
    """``<span v-pre>{{ x }}</span>`` and ``::: v-pre`` … ``:::``: the braces as written."""
    md.inline.register("vitepress_v_pre", _V_PRE_SPAN, _parse_v_pre_span, before="inline_html")
    register_block(md, "vitepress_v_pre", _V_PRE_OPEN, _parse_v_pre_block, before="list")
    for rules in (md.block.rules, md.block.block_quote_rules, md.block.list_rules):
        if "colon_container" in rules:  # before the common ::: containers, which would title it
            rules.remove("vitepress_v_pre")
            rules.insert(rules.index("colon_container"), "vitepress_v_pre")


# ------------------------------------------------------------------ <Badge>

# the default theme's global component: a pill showing its ``text`` (or, paired, its slot, which
# is text already); ``:text="x"`` (a bound value) the page computes
_BADGE = r"<Badge\b(?P<vp_badge>(?:[^<>\"']|\"[^\"]*\"|'[^']*'){0,500})/>"


def _parse_badge(inline: InlineParser, m: re.Match[str], state: InlineState) -> int:
    text = attributes(m.group("vp_badge")).get("text", "").strip()
    if not text:
        return m.end()
    before = state.src[m.start() - 1 : m.start()]
    after = state.src[m.end() : m.end() + 1]
    spaced = (" " if before and not before.isspace() else "") + text
    if after.isalnum():  # a word right after: a space between, none before a full stop
        spaced += " "
    state.append_token({"type": "text", "raw": spaced})
    return m.end()


def badges(md: Markdown) -> None:
    """``<Badge type="info" text="composable" />``: its text, where the page shows it."""
    md.inline.register("vitepress_badge", _BADGE, _parse_badge, before="inline_html")


# ------------------------------------------------------------------ [[toc]]

_TOC = r"^ {0,3}\[\[toc\]\][ \t]*(?:\n|$)"


def _parse_toc(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    return m.end()  # the site builds it from the headings: Medium has none


def table_of_contents(md: Markdown) -> None:
    """``[[toc]]`` on its own line: dropped."""
    register_block(md, "vitepress_toc", _TOC, _parse_toc, before="list")


# ------------------------------------------------------------------ <<< code imports

_IMPORT = (
    r"^ {0,3}<<<[ \t]+(?P<vp_path>[^\s{#\[]+)(?:#(?P<vp_region>[\w.-]+))?"
    r"(?:\{(?P<vp_opts>[^}\n]*)\})?(?:[ \t]+\[(?P<vp_label>[^\]\n]*)\])?[ \t]*(?:\n|$)"
)
_LANGUAGES = {
    ".js": "js", ".mjs": "js", ".cjs": "js", ".ts": "ts", ".mts": "ts", ".vue": "vue",
    ".jsx": "jsx", ".tsx": "tsx", ".json": "json", ".md": "md", ".html": "html", ".css": "css",
    ".scss": "scss", ".py": "python", ".rs": "rust", ".go": "go", ".sh": "sh", ".yml": "yaml",
    ".yaml": "yaml", ".toml": "toml", ".cs": "csharp", ".java": "java", ".rb": "ruby",
}  # fmt: skip
_LINE_RANGES = re.compile(r"[\d,\s-]+")


def _imported_text(path: str, state: BlockState) -> str | None:
    """The text ``path`` names: ``@/`` from the folder holding ``.vitepress/`` nearest the
    post (else the workspace), any other path from the post's folder."""
    workspace = state.env.get("workspace")
    if workspace is None:
        return None
    root = Path(workspace)
    folders = list(folders_up(root, state.env.get("article_path")))
    if path.startswith("@/"):
        base = next((f for f in folders if (f / ".vitepress").is_dir()), root)
        return read_inside(root, base / path[2:])
    return read_inside(root, folders[0] / path) if folders else None


def _region(text: str, name: str) -> str | None:
    """Every part of ``text`` between ``#region name`` and its ``#endregion`` (in any comment
    style: ``// #region``, ``<!-- #region -->``), joined, markers left out; None when none."""
    start = re.compile(rf"^[^\n]*#region[ \t]+{re.escape(name)}(?![\w.-])[^\n]*(?:\n|$)", re.M)
    end = re.compile(r"^[^\n]*#endregion\b[^\n]*(?:\n|$)", re.M)
    parts: list[str] = []
    pos = 0
    while (m := start.search(text, pos)) is not None:
        close = end.search(text, m.end())
        parts.append(text[m.end() : close.start() if close else len(text)])
        pos = close.end() if close else len(text)
    return "".join(parts) if parts else None


def _parse_import(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    path = m.group("vp_path")
    text = _imported_text(path, state)
    region = m.group("vp_region")
    found = text is not None
    if text is not None and region:
        text = _region(text, region)
    if text is None:
        what = f"{path}#{region}" if region and found else path
        warn_at(
            state, m.group(0).strip(), f"code import {what} dropped: not found in the workspace"
        )
        return m.end()
    lang = ""
    for word in (m.group("vp_opts") or "").split():
        if not _LINE_RANGES.fullmatch(word):  # "{1,3-5 ts:line-numbers}": lines, then a language
            lang = word.split(":", 1)[0]
    if not lang:
        suffix = Path(path).suffix.lower()
        lang = _LANGUAGES.get(suffix, suffix.lstrip("."))
    label = m.group("vp_label")
    info = f"{lang} [{label}]" if label else lang  # a code group shows the label before it
    state.append_token(
        {"type": "block_code", "raw": text if text.endswith("\n") else text + "\n",
         "style": "fenced", "marker": "```", "attrs": {"info": info.strip()}}
    )  # fmt: skip
    return m.end()


def code_imports(md: Markdown) -> None:
    """``<<< @/snippets/a.js{2} [label]``: the file (or its ``#region``) as a code block."""
    register_block(md, "vitepress_import", _IMPORT, _parse_import, before="list")


def _is_site(root: Path) -> bool:
    return any((root / ".vitepress").glob("config.*"))


DIALECT = register(
    Dialect(
        name="vitepress",
        about=(
            "VitePress: `{{ $frontmatter.x }}` (the post's value; other `{{ expr }}` dropped "
            'with a warning), `v-pre` spans and `::: v-pre` kept as written, `{target="_self"}`'
            " / `{#id}` attribute lists dropped, `[[toc]]` dropped, `<<< @/file.js{2} [label]` "
            "code imports (the file), `<Badge text>`, `::: tip`/`details`/`code-group` containers"
        ),
        plugins=(interpolation, v_pre, badges, table_of_contents, code_imports, attribute_lists),
        site_files=(".vitepress/config.*",),
        site_test=_is_site,
        post_syntax=re.compile(
            r"\{\{[ \t]*\$frontmatter\b|^ {0,3}<<<[ \t]+@/|^ {0,3}:::[ \t]*(?:v-pre|code-group)\b",
            re.M,
        ),
        priority=45,
    )
)
