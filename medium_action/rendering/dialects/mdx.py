"""MDX (Gatsby, Next.js, Docusaurus, Astro): components, ESM lines, comments, heading ids.

Block rules, inside the one parse:

- a component ``<Name …>`` … ``</Name>`` (name capitalised; its tag may span lines) is its
  children parsed as Markdown in place (:func:`.blocks.parse_children`: code inside keeps every
  byte), shaped by what the component shows (:data:`COMPONENTS`: callouts such as ``<Note>``,
  ``<Tabs>``/``<TabItem label>``, code groups such as ``<Sandpack>``, Starlight's in
  :mod:`.starlight`); any other component is its children. ``<Name … />`` alone on its line is
  dropped with a warning (its output is the site's); a stray ``</Name>`` is dropped;
- ``import …`` / ``export …`` at the top of the post (to the blank line) are dropped;
- ``{/* comment */}`` is dropped (block and inline).

A hook after the block parse (before the inline one) removes heading ids (``## Title {#id}``,
``{/*id*/}``, ``{% raw %}{#id}{% endraw %}``) and turns a fence's file name (``title="f"``,
``[f]``) into a line of code before it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.dialects.blocks import (
    MAX_DEPTH,
    Kind,
    add_steps,
    find_pair,
    parse_children,
    warn,
)
from medium_action.rendering.dialects.containers import callout_token, label_paragraph
from medium_action.rendering.dialects.jsx import (
    literal,
    read_attributes,
    scanned_tag_end,
    statement_end,
)

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState
    from mistune.markdown import Markdown

__all__ = ["COMPONENTS", "DIALECT", "Component", "attributes", "mdx_components", "tab_labels"]

Token = dict[str, Any]
Component = Callable[[str, dict[str, str], list[Token]], list[Token]]
"""What a component shows: (name, attributes, children's tokens) → tokens."""

_OPEN_LINE = re.compile(r"[ \t]*<(?P<name>[A-Z][\w.]*)(?=[\s>/]|$)")
_CLOSE_LINE = re.compile(r"[ \t]*</(?P<name>[A-Z][\w.]*)\s*>")
_ESM = re.compile(
    r"(?:import\s+(?:[\w*{}\s,]+\s+from\s+)?['\"]|import\s*\{|import\s+\w+\s*(?:,|from\b)"
    r"|export\s+(?:const|let|var|function|async|class|default|\{|\*))"
)
# a Zola / Jekyll / Eleventy page escapes the id from its template engine, which would read
# "{#" as a comment's start: ``## Pagination {% raw %}{#pagination}{% endraw %}`` is the id too
_RAW_ID = r"\{%-?[ \t]*raw[ \t]*-?%\}[ \t]*\{#[^{}\n]*\}[ \t]*\{%-?[ \t]*endraw[ \t]*-?%\}"
_HEADING_ID = re.compile(r"[ \t]*(?:\{#[^{}\n]*\}|\{/\*[^\n]*?\*/\}|" + _RAW_ID + r")[ \t]*$")
_INFO_TITLE = re.compile(r"\btitle=(?:\"([^\"]*)\"|'([^']*)'|(\S+))")

CALLOUTS = {
    "Note": "note", "Tip": "tip", "Info": "info", "Warning": "warning", "Caution": "caution",
    "Danger": "danger", "Important": "important", "Callout": "note", "Admonition": "note",
    "Pitfall": "Pitfall", "DeepDive": "Deep Dive", "Aside": "note",
}  # fmt: skip
CODE_GROUPS = frozenset(
    {"Sandpack", "SandpackWithHTMLOutput", "CodeGroup", "CodeTabs", "CodeBlocks"}
)


def label_for(kind: str) -> str:
    """The label of a callout of ``kind`` ("tip" → "Tip"; a given label stays as it is)."""
    kind = kind.replace("_", " ")
    return kind[:1].upper() + kind[1:] if kind.islower() else kind


def _tag_end(state: BlockState, text: str, pos: int) -> int:
    end, used = scanned_tag_end(state.env, text, pos)
    add_steps(state, 1 + used // 80)
    return end


def attributes(tag: str) -> dict[str, str]:
    """A tag's attributes by name: a string's text, an expression's literal string or else its
    JavaScript, ``""`` for a bare name (spreads left out)."""
    out: dict[str, str] = {}
    for attr in read_attributes(tag):
        if attr.kind == "spread":
            continue
        if attr.kind == "expression":
            value = literal(attr.value)
            out[attr.name] = attr.value.strip() if value is None else value
        else:
            out[attr.name] = attr.value
    return out


# ---------------------------------------------------------------------- what components show


def _callout(name: str, attrs: dict[str, str], children: list[Token]) -> list[Token]:
    kind = attrs.get("type") or attrs.get("variant") or attrs.get("kind") or CALLOUTS[name]
    title = attrs.get("title") or attrs.get("label")
    return [callout_token(title or label_for(kind), children, markdown=True)]


def _tab_item(name: str, attrs: dict[str, str], children: list[Token]) -> list[Token]:
    label = attrs.get("label") or attrs.get("title") or attrs.get("value")
    if not label:
        return children
    return [label_paragraph(label, markdown=True), *children]


def _code_group(name: str, attrs: dict[str, str], children: list[Token]) -> list[Token]:
    return captioned_code(children, in_group=True)


def _children(name: str, attrs: dict[str, str], children: list[Token]) -> list[Token]:
    return children


COMPONENTS: dict[str, Component] = {
    **{name: _callout for name in CALLOUTS},
    **{name: _code_group for name in CODE_GROUPS},
    "TabItem": _tab_item,
    "Tab": _tab_item,
}
"""What each known component shows; others show their children. Dialect modules add theirs."""


def file_name(info: str, *, in_group: bool) -> str | None:
    """The file name a fence's info string gives (``title="f"``, ``[f]``, a path in a group)."""
    m = _INFO_TITLE.search(info)
    if m:
        return m.group(1) or m.group(2) or m.group(3)
    m = re.search(r"\[([^\]]+)\]", info)
    if m:
        return m.group(1)
    if in_group:
        for word in info.split()[1:]:
            if "=" not in word and not word.startswith("{") and re.search(r"[./]\w", word):
                return word
    return None


def captioned_code(tokens: list[Token], *, in_group: bool) -> list[Token]:
    """Fenced code blocks with their file name as a line of code before them; in a code group,
    ``hidden`` files left out. The code itself is never touched."""
    out: list[Token] = []
    for tok in tokens:
        if tok["type"] != "block_code" or tok.get("style") != "fenced":
            out.append(tok)
            continue
        info = str(tok.get("attrs", {}).get("info", ""))
        words = info.split()
        if in_group and "hidden" in words:
            continue
        name = file_name(info, in_group=in_group)
        if name:
            lang = words[0] if words and "=" not in words[0] and words[0][0] not in "[{" else ""
            out.append({"type": "paragraph", "children": [{"type": "codespan", "raw": name}]})
            tok = {**tok, "attrs": {**tok.get("attrs", {}), "info": lang}}
        out.append(tok)
    return out


# ---------------------------------------------------------------------- the block rules


def _opener(line: str) -> tuple[str, int] | None:
    m = _OPEN_LINE.match(line)
    return (m.group("name"), 0) if m else None


def _closer(line: str) -> tuple[str, int] | None:
    m = _CLOSE_LINE.match(line)
    return (m.group("name"), 0) if m else None


def _skip_tag(state: BlockState, src: str, pos: int) -> int:
    """The end of the line an opening tag at ``pos`` ends on (a tag may span lines)."""
    m = _OPEN_LINE.match(src, pos)
    end = _tag_end(state, src, m.end()) if m else -1
    if end < 0:
        return pos
    line_end = src.find("\n", end)
    return len(src) if line_end < 0 else line_end


_KIND = Kind(
    "mdx", _opener, _closer, by_name=True, unclosed_runs_to_end=False, skip_lines=_skip_tag
)


_COMPONENT = r"^[ \t]*</?[A-Z][\w.]*(?=[\s>/]|$)"


def _parse_component(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    start = m.start()
    src = state.src
    line_end = src.find("\n", start)
    line_end = len(src) if line_end < 0 else line_end
    closing = _CLOSE_LINE.match(src, start)
    if closing is not None:
        return line_end + 1  # a closing tag whose opening was not a block: nothing to show
    opening = _OPEN_LINE.match(src, start)
    if opening is None:
        return None
    if state.depth() > MAX_DEPTH:  # too deep to open: its tag's line goes, its content stays
        end = _tag_end(state, src, opening.end())
        if end < 0:
            return None
        line_end = src.find("\n", end)
        return len(src) if line_end < 0 else line_end + 1
    name = opening.group("name")
    end = _tag_end(state, src, opening.end())
    if end < 0:
        return None  # not a tag: the line is text
    tag = src[opening.end() : end]
    attrs = _tab_label(state, name, attributes(tag[:-1]))
    after_end = src.find("\n", end)
    after_end = len(src) if after_end < 0 else after_end
    rest = src[end:after_end]
    if tag.rstrip().endswith("/>"):
        shown = _show(name, attrs, []) if name in COMPONENTS and name not in CALLOUTS else []
        if shown:  # a component that shows its attributes (<LinkCard title href />)
            state.tokens.extend(shown)
            return after_end + 1 if not rest.strip() else end
        if rest.strip():
            return end  # the rest of the line is text
        warn(state, start, f"<{name} /> dropped: an MDX component without text")
        return after_end + 1
    close = "</" + name + ">"
    close_at = src.find(close, end, after_end)
    if close_at >= 0:  # <Note>text</Note> on one line
        children = parse_children(block, state, end, close_at, indented_code=False)
        state.tokens.extend(_show(name, attrs, children))
        return after_end + 1
    pair = find_pair(state, _KIND, start)
    if pair is None:
        warn(state, start, f"<{name}> has no </{name}>: its tag dropped")
        return after_end + 1
    labels: list[dict[str, str]] = state.env.setdefault("_mdx_tab_labels", [])
    if name in _TAB_GROUPS:
        labels.append(tab_labels(attrs.get("values", "")))
    try:
        children = parse_children(block, state, end, pair.start, indented_code=False)
    finally:
        if name in _TAB_GROUPS:
            labels.pop()
    state.tokens.extend(_show(name, attrs, children))
    return pair.end + 1


_TAB_GROUPS = frozenset({"Tabs"})
_TAB_VALUE = re.compile(r"""\{(?P<body>(?:[^{}'"`]|'[^'\n]*'|"[^"\n]*"|`[^`]*`)*)\}""")
_KEY_STRING = re.compile(
    r"""\b(?P<key>label|value)\s*:\s*(?:'(?P<sq>[^'\n]*)'|"(?P<dq>[^"\n]*)"|`(?P<bq>[^`$]*)`)"""
)


def tab_labels(values: str) -> dict[str, str]:
    """Docusaurus' ``<Tabs values={[{label: 'npm', value: 'npm'}, …]}>``: each tab's value → its
    label (an item gives neither: left out)."""
    out: dict[str, str] = {}
    for m in _TAB_VALUE.finditer(values):
        found = {}
        for kv in _KEY_STRING.finditer(m.group("body")):
            found[kv.group("key")] = next(
                g for g in (kv["sq"], kv["dq"], kv["bq"]) if g is not None
            )
        if "value" in found and found.get("label"):
            out[found["value"]] = found["label"]
    return out


def _tab_label(state: BlockState, name: str, attrs: dict[str, str]) -> dict[str, str]:
    """A ``<TabItem value>`` takes the label its ``<Tabs values>`` gives it (the one Docusaurus
    shows on the tab), before a ``label`` of its own."""
    labels: list[dict[str, str]] = state.env.get("_mdx_tab_labels") or []
    if name not in ("TabItem", "Tab") or not labels:
        return attrs
    label = labels[-1].get(attrs.get("value", ""))
    return {**attrs, "label": label} if label else attrs


def _show(name: str, attrs: dict[str, str], children: list[Token]) -> list[Token]:
    return COMPONENTS.get(name, _children)(name, attrs, children)


_MDX_CODE_BLOCK = r"^ {0,3}(?P<mdx_block_fence>`{3,}|~{3,})mdx-code-block[ \t]*$"


def _parse_mdx_code_block(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    """Docusaurus' ```` ```mdx-code-block ```` fence: its content is MDX the page renders (a
    way to keep it from Prettier), not code: its children, its ``import`` lines dropped."""
    src = state.src
    fence = m.group("mdx_block_fence")
    body = src.find("\n", m.start())
    body = len(src) if body < 0 else body + 1
    closing = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$", re.M)
    close = closing.search(src, body)
    end = len(src) if close is None else close.start()
    after = len(src) if close is None else min(close.end() + 1, len(src))
    add_steps(state, 1 + (end - body) // 4096)
    lines = [line for line in src[body:end].split("\n") if line.strip()]
    if all(_ESM.match(line) for line in lines):
        return after  # imports only: nothing the page shows
    state.tokens.extend(parse_children(block, state, body, end, indented_code=False))
    return after


def _parse_esm(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    # MDX reads ESM in the document's flow, which a component's children are part of (JSX is
    # no container for micromark), but not inside a list item or a block quote
    inner: BlockState | None = state
    while inner is not None and inner.parent is not None:
        if "_dialect_origin" not in inner.__dict__:
            return None
        inner = inner.parent
    end = statement_end(state.src, m.start())
    add_steps(state, 1 + (end - m.start()) // 80)
    return end


def _parse_block_comment(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    env = state.env
    unclosed_from: int = env.get("_mdx_unclosed_comment", -1)
    src = state.src
    if unclosed_from >= 0 and m.start() >= unclosed_from and src is env.get("_mdx_comment_src"):
        return None
    end = src.find("*/}", m.end())
    add_steps(state, 1)
    if end < 0:
        env["_mdx_unclosed_comment"] = m.start()  # no later one closes either
        env["_mdx_comment_src"] = src
        return None
    line_end = src.find("\n", end)
    if line_end < 0:
        return len(src)
    if src[end + 3 : line_end].strip():
        return None  # text after the comment: the inline rule drops it
    return line_end + 1


_INLINE_COMMENT = r"\{/\*[\s\S]{0,4000}?\*/\}"


def _parse_inline_comment(inline: Any, m: re.Match[str], state: Any) -> int:
    return m.end()


def _strip_heading_ids(md: Markdown, state: BlockState) -> None:
    """Heading ids out of headings; file names of fences as a line of code before them."""
    state.tokens[:] = _walk(state.tokens)


def _walk(tokens: list[Token]) -> list[Token]:
    for tok in tokens:
        if tok["type"] == "heading" and "text" in tok:
            tok["text"] = _HEADING_ID.sub("", tok["text"])
        children = tok.get("children")
        if isinstance(children, list) and children and isinstance(children[0], dict):
            tok["children"] = _walk(children)
    return captioned_code(tokens, in_group=False)


# a JavaScript string in braces ({'  '}, {"<div>"}, {` `}): JSX shows the string itself (react.dev
# writes one to keep leading spaces that Markdown would eat)
_STRING_EXPRESSION = (
    r"""\{[ \t]*(?P<mdx_str>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`[^`$\\]*`)[ \t]*\}"""
)
_JS_ESCAPE = re.compile(r"\\(.)")


def _parse_string_expression(inline: Any, m: re.Match[str], state: Any) -> int:
    value = _JS_ESCAPE.sub(r"\1", m.group("mdx_str")[1:-1])
    state.append_token({"type": "text", "raw": value})
    return m.end()


def string_expressions(md: Markdown) -> None:
    """``{'text'}`` in an MDX post: its string, as the page shows it."""
    md.inline.register(
        "mdx_string", _STRING_EXPRESSION, _parse_string_expression, before="link", start_chars="{"
    )


def mdx_components(md: Markdown) -> None:
    """The MDX block rules (components, ESM, comments) and the heading-id / file-name hook."""
    md.block.register("mdx_component", _COMPONENT, _parse_component, before="raw_html")
    md.block.register(
        "mdx_code_block", _MDX_CODE_BLOCK, _parse_mdx_code_block, before="fenced_code"
    )
    md.block.register("mdx_esm", r"^(?:" + _ESM.pattern + r")", _parse_esm, before="raw_html")
    md.block.register("mdx_comment", r"^[ \t]*\{/\*", _parse_block_comment, before="raw_html")
    md.inline.register(
        "mdx_comment", _INLINE_COMMENT, _parse_inline_comment, before="link", start_chars="{"
    )
    for rules in (md.block.block_quote_rules, md.block.list_rules):
        for name in ("mdx_component", "mdx_comment", "mdx_code_block"):
            if name not in rules:
                md.block.insert_rule(rules, name, before="raw_html")
    md.before_render_hooks.append(_strip_heading_ids)


from medium_action.rendering.dialects.mdx_html import text_expressions  # noqa: E402

DIALECT = register(
    Dialect(
        name="mdx",
        about=(
            "MDX (Gatsby, Next.js): components read as their children (callouts `<Note>`, "
            "`<Tabs>`/`<TabItem>`, `<Sandpack>` code groups; props in braces over any number "
            "of lines), `import`/`export` (over blank lines inside brackets) and "
            "`{/* comments */}` dropped, heading ids `{#id}` removed, `{'  '}` and {`` ` ` ``} "
            "strings shown, `{frontMatter.title}` / `{frontmatter.x}` shown from the front "
            "matter, `{props.x}` dropped with a warning"
        ),
        plugins=(string_expressions, text_expressions),
        site_files=("gatsby-config.*", "next.config.*"),
        post_syntax=re.compile(r"^import[ \t]+[\w{}*, \t]+[ \t]from[ \t]+['\"]", re.M),
        priority=90,
    )
)
