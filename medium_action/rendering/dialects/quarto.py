"""Quarto's (Pandoc's) Markdown, as mistune plugins.

===========================================================  ====================================
written                                                      read as
===========================================================  ====================================
``::: {.callout-note}`` (tip, warning, important, caution;   a callout labelled with its
``title="…"``, or a first ``## Title``; ``collapse="true"``)  ``title``, its first heading, else
                                                             Note…; folded ones open (Medium
                                                             cannot fold)
``::: {#fig-x}`` images + a last caption line               the images, then "Figure 1: caption"
other ``::: {.class}`` divs (``.column-margin``…)            their content
``![Caption](a.png){#fig-x}``                                a figure captioned "Figure 1: Caption"
``@fig-x``, ``@tbl-x``, ``@lst-x``, ``@eq-x``, ``@sec-x``,  "Figure 1", "Table 2", "Section 2.1",
``@thm-x`` (``lem``, ``cor``, ``def``…), ``@tip-x`` (``nte``,  "Theorem 1", "Tip 1"… (numbered per
``wrn``, ``imp``, ``cau``); ``@Fig-x``                       kind in the order the ids are written;
                                                             sections by heading level); another
                                                             ``@key`` (a citation): text
``[-@fig-x]``, ``[Fig. @fig-x]``                             "1", "Fig. 1"
``::: {#thm-x}`` + ``## Name``; ``::: {#tip-x .callout-tip}``  "**Theorem 1 (Name)**" and the body;
                                                             a callout labelled "Tip 1: Title"
``: Caption {#tbl-x}`` under a table                          "Table 1: Caption" in italics
``{#sec-x}`` and other ids                                   nothing
===========================================================  ====================================
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.dialects.containers import (
    callout_token,
    closing_line,
    label_paragraph,
    parse_body,
    register_block,
    warn,
)
from medium_action.rendering.dialects.definitions import pandoc_definitions
from medium_action.rendering.dialects.mkdocs import attribute_lists

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState, InlineState
    from mistune.inline_parser import InlineParser
    from mistune.markdown import Markdown

__all__ = ["QUARTO_PLUGINS", "callouts", "cross_references", "fenced_divs"]

CALLOUT_KINDS = ("note", "tip", "warning", "important", "caution")
_MARKUP = re.compile(r"([\\`*_\[\]<>])")
# Quarto's cross-reference kinds (docs/authoring/cross-references*.qmd), each numbered on its own
_KIND_NAMES = {
    "fig": "Figure", "tbl": "Table", "lst": "Listing", "eq": "Equation", "sec": "Section",
    "thm": "Theorem", "lem": "Lemma", "cor": "Corollary", "prp": "Proposition",
    "cnj": "Conjecture", "def": "Definition", "exm": "Example", "exr": "Exercise",
    "sol": "Solution", "rem": "Remark", "alg": "Algorithm",
    "nte": "Note", "tip": "Tip", "wrn": "Warning", "imp": "Important", "cau": "Caution",
}  # fmt: skip
_CAPTIONED = ("fig", "tbl", "lst")  # a div of these kinds ends with its caption
_THEOREMS = ("thm", "lem", "cor", "prp", "cnj", "def", "exm", "exr", "sol", "rem", "alg")
_IDS = "|".join(k for k in _KIND_NAMES if k != "sec")  # sections are numbered by heading
_REF_KINDS = "|".join(f"[{k[0]}{k[0].upper()}]{k[1:]}" for k in _KIND_NAMES)  # @Fig-x too

_DIV_OPEN = r"^ {0,3}(?P<qdiv_colons>:{3,})[ \t]*\{(?P<qdiv_attrs>[^}\n]*)\}[ \t]*(?:\n|$)"
_DIV_LINE = re.compile(r"^ {0,3}(:{3,})[ \t]*(\S?)")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATTR = re.compile(r"(?P<key>[\w-]+)=(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>\S+))")
_ID = re.compile(r"(?:^|\s)#(?P<id>[\w:.-]+)")
_CLASSES = re.compile(r"(?:^|\s)\.(?P<cls>[\w-]+)")
_HEADING = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<title>.+?)[ \t#]*(?:\n|$)")
_ID_IN_TEXT = re.compile(rf"\{{#(?P<id>(?:{_IDS})-[\w:.-]*[\w])\b[^}}\n]*(?:\}}|$)|"
                         rf"^ {{0,3}}:{{3,}}[ \t]*\{{[^}}\n]*#(?P<div_id>(?:{_IDS})-[\w:.-]*\w)",
                         re.M)  # fmt: skip
# (read line by line: an id's braces may close on a later line, its attributes under it)
_SECTION = re.compile(r"^ {0,3}(?P<marks>#{1,6})[ \t]+(?P<text>[^\n]*)$")
_BOX_OPEN = re.compile(
    rf"^ {{0,3}}:{{3,}}[ \t]*\{{[^}}\n]*(?:\.callout-|#(?:{'|'.join(_THEOREMS)})-)"
)
_BOX = "box"  # an open callout or theorem among the divs
_SECTION_ID = re.compile(r"\{#(?P<id>sec-[\w:.-]*\w)[^}\n]*\}")
_UNNUMBERED = re.compile(r"\{[^}\n]*(?:\.unnumbered|(?<![\w-])-(?![\w-]))[^}\n]*\}")
# a listing's id in a fence's info, or an executed chunk's label options
_FENCE_ID = re.compile(r"#(?P<id>lst-[\w:.-]*\w)")
_CHUNK_LABEL = re.compile(rf"^#\|\s*(?:lst-)?label:\s*(?P<id>(?:{_IDS})-[\w:.-]*\w)\s*$")


def _attrs(text: str) -> tuple[str | None, list[str], dict[str, str]]:
    values = {}
    for m in _ATTR.finditer(text):
        values[m.group("key")] = next(v for v in m.group("dq", "sq", "bare") if v is not None)
    rest = _ATTR.sub(" ", text)
    ident = _ID.search(rest)
    return ident.group("id") if ident else None, _CLASSES.findall(rest), values


def _div_line(line: str) -> str | None:
    """A div's lines: ``::: {…}`` (or a word) opens one inside, a bare ``:::`` closes."""
    dm = _DIV_LINE.match(line)
    if dm is None:
        return None
    return "open" if dm.group(2) else "close"


def _labels(state: BlockState | InlineState) -> dict[str, tuple[str, str]]:
    found = state.env.get("quarto_labels")
    return found if isinstance(found, dict) else {}


def _number_ids(md: Markdown, state: BlockState) -> None:
    """Number the ids in the order written: (how a reference reads, how its caption starts).
    An id inside a figure div is a subfigure: "Figure 2 (a)", captioned "(a)"."""
    counts: dict[str, int] = {}
    subfigures: dict[str, int] = {}
    found: dict[str, tuple[str, str]] = {}
    fence: str | None = None
    chunk = False  # in an executed chunk: its "#| label:" options name ids
    divs: list[str | None] = []  # the figure id of each open div (None: another div)
    sections = _Sections()
    boxes = 0  # open callouts and theorems, whose first heading is their title

    def number(ident: str) -> None:
        if ident not in found:
            kind = ident.split("-", 1)[0]
            counts[kind] = counts.get(kind, 0) + 1
            name = _KIND_NAMES[kind] + " " + str(counts[kind])
            found[ident] = (name, name + ":")

    for line in state.src.split("\n"):
        fm = _FENCE.match(line)
        if fence is not None:
            if fm and fm.group(1).startswith(fence) and not line.strip().strip(fence[0]):
                fence = None
            elif chunk and (cm := _CHUNK_LABEL.match(line)):
                number(cm.group("id"))
            continue
        if fm:
            fence = fm.group(1)
            info = line.strip()[len(fence) :].strip()
            chunk = bool(re.match(r"\{[A-Za-z]", info))
            if im := _FENCE_ID.search(info):
                number(im.group("id"))
            continue
        if hm := _SECTION.match(line):
            if not boxes:
                sections.heading(hm)
            continue
        dm = _DIV_LINE.match(line)
        if dm and not dm.group(2) and divs:
            boxes -= divs.pop() == _BOX
            continue
        parent = next((d for d in reversed(divs) if d not in (None, _BOX)), None)
        opened: str | None = None
        for m in _ID_IN_TEXT.finditer(line):
            ident = m.group("id") or m.group("div_id")
            if ident in found:
                continue
            kind = ident.split("-", 1)[0]
            if parent is not None and not m.group("div_id"):
                subs = subfigures[parent] = subfigures.get(parent, 0) + 1
                letter = "(" + chr(ord("a") + (subs - 1) % 26) + ")"
                found[ident] = (found[parent][0] + " " + letter, letter)
                continue
            number(ident)
            if m.group("div_id") and kind in _CAPTIONED:
                opened = ident
        if dm and dm.group(2):
            box = _BOX_OPEN.match(line) is not None
            boxes += box
            divs.append(_BOX if box and opened is None else opened)
    sections.names(found)
    state.env["quarto_labels"] = found


class _Sections:
    """Section numbers as Quarto's ``number-sections`` gives them ("2", "2.1"), counted from
    the post's shallowest numbered heading level (a post's sections are ``##`` under its title).
    A heading that names a theorem or titles a callout is no section."""

    def __init__(self) -> None:
        self.counters = [0] * 6
        self.ids: list[tuple[str, list[int]]] = []
        self.top = 6

    def heading(self, m: re.Match[str]) -> None:
        text = m.group("text")
        if _UNNUMBERED.search(text):
            return
        level = len(m.group("marks"))
        self.top = min(self.top, level)
        self.counters[level - 1] += 1
        self.counters[level:] = [0] * (6 - level)
        if im := _SECTION_ID.search(text):
            self.ids.append((im.group("id"), self.counters[:level]))

    def names(self, found: dict[str, tuple[str, str]]) -> None:
        for ident, numbers in self.ids:
            name = "Section " + ".".join(str(n) for n in numbers[self.top - 1 :])
            found.setdefault(ident, (name, name + ":"))


def reference_text(ident: str, state: BlockState | InlineState) -> str | None:
    """ "Figure 2" for ``fig-x`` when it is numbered ("Figure 2 (a)" for a subfigure)."""
    label = _labels(state).get(ident)
    return label[0] if label else None


def caption_lead(ident: str, state: BlockState | InlineState) -> str | None:
    """How the caption of ``ident`` starts: "Figure 2:" (or "(a)" for a subfigure)."""
    label = _labels(state).get(ident)
    return label[1] if label else None


def _parse_div(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
    ends = closing_line(state.src, m.end(), _div_line)
    if ends is None:
        return None
    body_end, end = ends
    body = state.src[m.end() : body_end]
    ident, classes, values = _attrs(m.group("qdiv_attrs"))
    kind = next((c[8:] for c in classes if c.startswith("callout-")), None)
    if kind is not None:
        title = values.get("title")
        if title is None and (hm := _HEADING.match(body.lstrip("\n"))):
            title = hm.group("title")
            body = body.lstrip("\n")[hm.end() :]
        label = title or (kind[:1].upper() + kind[1:])
        if number := reference_text(ident or "", state):  # {#tip-x .callout-tip}: "Tip 1: …"
            label = number + (": " + title if title else "")
        state.append_token(callout_token(label, parse_body(block, state, body)))
        return end
    if ident and ident.split("-", 1)[0] in _THEOREMS and (number := reference_text(ident, state)):
        name = values.get("name")  # "Theorem 1 (Line)": its name from a first heading
        if name is None and (hm := _HEADING.match(body.lstrip("\n"))):
            name = hm.group("title")
            body = body.lstrip("\n")[hm.end() :]
        state.append_token(label_paragraph(number + (f" ({name})" if name else "")))
        for tok in parse_body(block, state, body):
            state.append_token(tok)
        return end
    tokens = parse_body(block, state, body)
    captioned = bool(ident) and str(ident).split("-", 1)[0] in _CAPTIONED
    lead = caption_lead(ident, state) if ident and captioned else None
    if lead is not None:  # a figure div: its last paragraph is the caption
        paragraphs = [t for t in tokens if t["type"] == "paragraph"]
        last = paragraphs[-1] if paragraphs else None
        if last is not None and not str(last["text"]).lstrip().startswith("!["):
            # italic under a lone image is its caption; under several, a line of its own
            mark = "*" if sum(str(p["text"]).count("![") for p in paragraphs) == 1 else ""
            last["text"] = mark + lead + " " + str(last["text"]).strip() + mark
        else:
            tokens.append({"type": "paragraph", "text": "*" + lead.rstrip(":") + "*"})
    for tok in tokens:
        state.append_token(tok)
    return end


_TABLE_CAPTION = (
    r"^ {0,3}:[ \t]+(?P<tcap_text>[^\n]*?)[ \t]*"
    r"\{#(?P<tcap_id>tbl-[\w:.-]*\w)[^}\n]*\}[ \t]*(?:\n|$)"
)


def _parse_table_caption(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    lead = caption_lead(m.group("tcap_id"), state) or ""
    text = (lead + " " + m.group("tcap_text")).strip()
    state.append_token({"type": "paragraph", "text": "*" + _MARKUP.sub(r"\\\1", text) + "*"})
    return m.end()


def table_captions(md: Markdown) -> None:
    """``: Caption {#tbl-x}`` under a table: "Table 1: Caption", in italics."""
    first = "mkdocs_definition" if "mkdocs_definition" in md.block.rules else "list"
    register_block(md, "quarto_table_caption", _TABLE_CAPTION, _parse_table_caption, first)


def fenced_divs(md: Markdown) -> None:
    """``::: {.callout-note}`` callouts, ``::: {#fig-x}`` figures, other divs' content."""
    # before the common ``:::`` containers (Docusaurus'), which would read ``{.callout-x}``
    first = "colon_container" if "colon_container" in md.block.rules else "list"
    register_block(md, "quarto_div", _DIV_OPEN, _parse_div, before=first)


def callouts(md: Markdown) -> None:
    """Quarto's callouts are fenced divs (kept for the list of what the dialect reads)."""
    fenced_divs(md)


_FIGURE_ID = r"\{#(?P<qid>[\w:.-]+)(?P<qid_rest>(?:[^}\n]|\n(?!\n))*)\}"  # lines may follow
_REFERENCE = (
    rf"(?<![\w@])@(?P<qref>(?:{_REF_KINDS})-[\w:.-]*\w)"
    rf"|\[(?P<qref_prefix>[^\[\]\n@]*?)(?P<qref_bare>-?)@(?P<qref_b>(?:{_REF_KINDS})-[\w:.-]*\w)\]"
)


def _parse_figure_id(inline: InlineParser, m: re.Match[str], state: InlineState) -> int:
    lead = caption_lead(m.group("qid"), state)
    last: dict[str, Any] | None = state.tokens[-1] if state.tokens else None
    if lead is not None and last is not None and last["type"] == "image":
        alt = "".join(str(c.get("raw", "")) for c in last.get("children", ()))
        last["attrs"]["title"] = lead + " " + alt if alt.strip() else lead.rstrip(":")
    return m.end()


def _parse_reference(inline: InlineParser, m: re.Match[str], state: InlineState) -> int | None:
    written = m.group("qref") or m.group("qref_b")
    ident = written[0].lower() + written[1:]  # @Fig-x: "Figure 1" as well
    name = reference_text(ident, state)
    if name is None:  # no such id in the post: Quarto prints "?@sec-x"; a reader gets the text
        warn(state, "@" + written, f"cross-reference @{written} left as text: no such id here")
        return None
    if m.group("qref_b"):  # [@fig-x]: "Figure 1"; [-@fig-x]: "1"; [Fig. @fig-x]: "Fig. 1"
        number = name.split(" ", 1)[1]
        prefix = m.group("qref_prefix").strip()
        if prefix or m.group("qref_bare"):
            name = (prefix + " " + number).strip()
    state.append_token({"type": "text", "raw": name})
    return m.end()


def cross_references(md: Markdown) -> None:
    """``{#fig-x}`` numbers the image before it; ``@fig-x`` becomes "Figure 1"."""
    md.before_parse_hooks.append(_number_ids)
    # before MkDocs' attribute lists, which would drop the id unread
    first = "attr_list" if "attr_list" in md.inline.rules else "link"
    md.inline.register("quarto_id", _FIGURE_ID, _parse_figure_id, before=first)
    md.inline.register("quarto_ref", _REFERENCE, _parse_reference, before="link", start_chars="@")


# An executed chunk (```{r setup, include=FALSE}, ```{python}): Quarto runs it and shows its code
# without the "#|" option lines, or not at all when an option hides it (the output, which only
# Quarto's run makes, is not the post's to show). ```{.py} is a plain fence, left to mistune.
_CHUNK = (
    r"^ {0,3}(?P<chunk_fence>`{3,}|~{3,})[ \t]*\{(?P<chunk_info>[A-Za-z][^}\n]*)\}[ \t]*\n"
    r"(?P<chunk_code>(?:[^\n]*\n)*?)[ \t]{0,3}(?P=chunk_fence)[`~]*[ \t]*(?:\n|$)"
)
_HIDING_INFO = re.compile(r"\b(?:include|echo)\s*=\s*(?:FALSE|F|False|false)\b")
_HIDING_OPTION = re.compile(r"#\|\s*(?:include|echo)\s*:\s*false\b")


def _parse_chunk(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    info = m.group("chunk_info")
    lines = m.group("chunk_code").split("\n")
    options = [line for line in lines if line.startswith("#|")]
    if _HIDING_INFO.search(info) or any(_HIDING_OPTION.match(line) for line in options):
        return m.end()
    code = "\n".join(line for line in lines if not line.startswith("#|"))
    if code.strip():
        lang = re.split(r"[\s,]", info.strip(), maxsplit=1)[0]
        fence = m.group("chunk_fence")
        state.append_token(
            {"type": "block_code", "raw": code, "style": "fenced", "marker": fence,
             "attrs": {"info": lang}}
        )  # fmt: skip
    return m.end()


def executed_chunks(md: Markdown) -> None:
    """```{r} chunks: their code without ``#|`` options; hidden ones (``include: false``) out."""
    register_block(md, "quarto_chunk", _CHUNK, _parse_chunk, before="fenced_code")


# pandoc's attributes right after an image, a link or a span may run over several lines
# (``![](a.png){\n.hero-banner\nfig-align="center"\n}``: pandoc allows any white space between)
_PANDOC_ITEM = r"(?:[.#][\w:.-]+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|[^\s}\"']+))"
_PANDOC_ATTRS = r"(?<=[)\]])\{\s*" + _PANDOC_ITEM + r"(?:\s+" + _PANDOC_ITEM + r")*\s*\}"


def _parse_pandoc_attrs(inline: InlineParser, m: re.Match[str], state: InlineState) -> int:
    return m.end()  # the theme's styling of the element before: nothing Medium could show


def multiline_attributes(md: Markdown) -> None:
    """``{`` … ``}`` after an element with its attributes on lines of their own: dropped."""
    md.inline.register("pandoc_attrs", _PANDOC_ATTRS, _parse_pandoc_attrs, before="link")


# Pandoc's attributes ({fig-align="center"} after an image, {.smaller} after a heading) are
# styling, dropped as MkDocs' attribute lists are: after the figure ids, which read theirs first
QUARTO_PLUGINS = (
    callouts,
    cross_references,
    table_captions,
    executed_chunks,
    attribute_lists,
    multiline_attributes,
    pandoc_definitions,  # after table captions: ": Caption" under a table is the table's
)

# What the dialects registry (``dialects/__init__.py``) knows of this one.
NAME = "quarto"
ABOUT = (
    "Quarto: `::: {.callout-note}` callouts (tip, warning, important, caution; `title=`, a "
    "first heading, folded ones open), figure ids `{#fig-x}` and cross-references of every "
    'kind (`@fig-x`, `@sec-x`, `@lst-x`, `@eq-x`, `@thm-x`…) numbered as "Figure 1", '
    '"Section 2", subfigures, table captions, definition lists'
)
SITE_FILES = ("_quarto.yml", "_quarto.yaml")
POST_SYNTAX = re.compile(
    r"^ {0,3}:{3,}[ \t]*\{[^}\n]*\.callout-|^ {0,3}:{3,}[ \t]*callout-|\{#(?:fig|tbl)-[\w-]+",
    re.M,
)
"""Syntax only this dialect writes (for choosing it when the workspace says nothing)."""
PLUGINS = QUARTO_PLUGINS

DIALECT = register(
    Dialect(
        name=NAME,
        about=ABOUT,
        plugins=tuple(PLUGINS),
        site_files=SITE_FILES,
        post_syntax=POST_SYNTAX,
    )
)
