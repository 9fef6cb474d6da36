"""Framework blocks rewritten into plain Markdown before mistune parses the post (pre-parse).

Blog frameworks wrap Markdown in constructs of their own, which mistune would print as text.
:func:`rewrite_framework_blocks` turns each into the Markdown that says the same:

=====================================================  ===========================================
written                                                becomes
=====================================================  ===========================================
MDX ``import …`` / ``export …`` (to the blank line)    nothing
MDX ``{/* comment */}``                                nothing
heading ids ``## Title {#id}``, ``{/*id*/}``           ``## Title``
``<Note>…</Note>`` (Tip, Info, Warning, Caution,       a callout (below), labelled with the
Callout, Admonition, Pitfall, DeepDive…)               component's ``title``/``type`` or name
other ``<Component …>…</Component>``                   its children (the tags' lines dropped)
``<Component … />`` alone on its lines                 nothing, with a warning naming the line
fences in ``<Sandpack>``, ``<CodeGroup>``,             ``hidden`` files skipped; a file name
``::: code-group``; ``title="f"``, ``[f]`` anywhere     (``title="…"``, ``[…]``, or a path inside
                                                       a group) as a line of code before the code
``:::tip Title`` … ``:::`` (Docusaurus, VitePress;     a callout labelled Title (or Tip); VitePress
``:::tip[Title]``; nested with more colons)            ``details`` a bold summary line + content
=====================================================  ===========================================

(GitHub's ``> [!NOTE]`` alerts and Material's ``!!!`` are mistune plugins now: see
:mod:`medium_action.rendering.dialects.obsidian` and
:mod:`medium_action.rendering.dialects.mkdocs`.)

A callout is a block quote whose first paragraph is the bold label, then the content. Code
(fenced or indented, code spans) is never read. Warnings carry the 1-based line in the text given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from medium_action.rendering.dialects.mdx import CALLOUTS, CODE_GROUPS, attributes
from medium_action.rendering.templates.code import code_ranges, in_ranges

__all__ = ["Rewritten", "rewrite_framework_blocks"]


@dataclass(frozen=True)
class Rewritten:
    text: str
    warnings: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


_TRIGGERS = re.compile(r"^[ \t>]*(?:import\s|export\s|:::|</?[A-Z])|\{/\*|\{#", re.M)
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_ESM = re.compile(
    r"(?:import\s+(?:[\w*{}\s,]+\s+from\s+)?['\"]|import\s*\{|import\s+\w+\s*(?:,|from\b)"
    r"|export\s+(?:const|let|var|function|async|class|default|\{|\*))"
)
_COMMENT = re.compile(r"\{/\*[\s\S]*?\*/\}")
_HEADING_ID = re.compile(r"^(?P<head>[ ]{0,3}#{1,6}[ \t].*?)[ \t]*\{#[^{}\n]*\}[ \t]*$", re.M)
_TAG_START = re.compile(r"(?P<indent>[ \t]*)<(?P<close>/)?(?P<name>[A-Z][\w.]*)")
_COLON_OPEN = re.compile(
    r"^(?P<indent>[ ]{0,3})(?P<colons>:{3,})[ \t]*(?P<kind>[A-Za-z][\w-]*)?"
    r"(?:\[(?P<bracket>[^\]]*)\])?[ \t]*(?:\{[^}]*\})?[ \t]*(?P<title>.*?)[ \t]*$"
)

_HEADING_LINE = re.compile(r"^ {0,3}#{1,6}[ \t]+(?P<title>.+?)[ \t#]*$")

_DETAILS_KINDS = frozenset({"details", "spoiler", "expand", "collapse"})


def label_for(kind: str) -> str:
    """The bold label of a callout of ``kind`` ("tip" → "Tip"; a given label stays as it is)."""
    return kind[:1].upper() + kind[1:] if kind.islower() else kind


def callout(label: str, body: list[str]) -> list[str]:
    """A block quote: the bold label, then the body lines."""
    out = ["> **" + label.replace("*", "\\*") + "**"]
    if any(line.strip() for line in body):
        out.append(">")
        out.extend(("> " + line) if line.strip() else ">" for line in body)
    return ["", *out, ""]


def _tag_end(text: str, pos: int) -> int:
    """Where the JSX tag starting before ``pos`` ends (after ``>``), braces and quotes skipped."""
    depth = 0
    quote = ""
    n = len(text)
    while pos < n:
        ch = text[pos]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'`":
            quote = ch
        elif ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif ch == ">" and depth <= 0:
            return pos + 1
        pos += 1
    return -1


class _Rewriter:
    def __init__(self, text: str) -> None:
        self.text = text
        self.warnings: list[tuple[int, str]] = []

    def run(self) -> str:
        text = self._strip_comments(self.text)
        lines = text.split("\n")
        lines = self._mdx(lines)
        lines = self._containers(lines)
        return "\n".join(lines)

    # ------------------------------------------------------------------ MDX

    def _strip_comments(self, text: str) -> str:
        if "{/*" not in text and "{#" not in text:
            return text
        ranges = code_ranges(text, near=("{/*",))
        starts = [r[0] for r in ranges]

        def drop(m: re.Match[str]) -> str:
            if in_ranges(ranges, starts, m.start()):
                return m.group(0)
            return "\n" * m.group(0).count("\n")  # keeps the line numbers of what follows

        text = _COMMENT.sub(drop, text)
        return _HEADING_ID.sub(lambda m: m.group("head").rstrip(), text)

    def _mdx(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        fence: str | None = None
        groups = 0  # depth of code-group components (Sandpack…) around
        indents: list[int] = []  # indentation of the components open around
        callouts: list[bool] = []
        skipping_code = False
        fence_cut = 0  # spaces removed from the open fence's line
        i = 0
        n = len(lines)
        while i < n:
            line = lines[i]
            if fence is not None:
                if line.strip().startswith(fence) and not line.strip().strip(fence[0]):
                    fence = None
                    if skipping_code:
                        skipping_code = False
                        i += 1
                        continue
                if not skipping_code:
                    # code keeps its bytes: only as many spaces go as went from its fence
                    # (CommonMark reads a fence's lines relative to the fence)
                    lead = len(line) - len(line.lstrip(" "))
                    out.append(line[min(lead, fence_cut) :])
                i += 1
                continue
            fm = _FENCE.match(line)
            if fm:
                fence = fm.group("fence")
                indent = fm.group("indent").expandtabs(4)
                fence_cut = min(len(indent), indents[-1] + 2) if indents else 0
                info = fm.group("info").strip()
                words = info.split()
                if groups and "hidden" in words:
                    skipping_code = True
                    i += 1
                    continue
                name = _file_name(info, in_group=groups > 0)
                if name:
                    out.extend(
                        ["", self._dedent(fm.group("indent"), indents) + _code_caption(name), ""]
                    )
                    line = fm.group("indent") + fence + _language(words)
                out.append(self._dedent(line, indents))
                i += 1
                continue
            if not indents and _ESM.match(line):
                while i < n and lines[i].strip():
                    out.append("")
                    i += 1
                continue
            tm = _TAG_START.match(line)
            if tm is None:
                out.append(self._dedent(line, indents))
                i += 1
                continue
            # a JSX tag (possibly over several lines): find where it ends
            joined = "\n".join(lines[i:])
            end = _tag_end(joined, tm.end())
            if end < 0:
                out.append(line)
                i += 1
                continue
            tag = joined[:end]
            rest = joined[end:].split("\n", 1)[0]
            used = tag.count("\n") + 1
            name = tm.group("name")
            indent = len(tm.group("indent").expandtabs(4))
            if tm.group("close"):
                if indents:
                    indents.pop()
                    was_callout = callouts.pop()
                    if name in CODE_GROUPS and groups:
                        groups -= 1
                    out.extend(["", ":::", ""] if was_callout else [""])
                if rest.strip():
                    out.append(rest)
                i += used
                continue
            attrs = attributes(tag[tm.end() :])
            if tag.rstrip().endswith("/>"):
                if not rest.strip():
                    self.warnings.append(
                        (i + 1, f"<{name} /> dropped: an MDX component without text")
                    )
                else:
                    out.append(rest)
                i += used
                continue
            close = "</" + name + ">"
            label = self._callout_label(name, attrs)
            if close in rest:  # <Note>text</Note> on one line
                inner, _, after = rest.partition(close)
                if label is not None:
                    out.extend(["", ":::" + label, inner.strip(), ":::", ""])
                else:
                    out.append(tm.group("indent") + inner + after)
                i += used
                continue
            indents.append(indent)
            callouts.append(label is not None)
            if name in CODE_GROUPS:
                groups += 1
            out.extend(["", ":::" + label, ""] if label is not None else [""])
            if rest.strip():
                out.append(rest.strip())
            i += used
        return out

    @staticmethod
    def _callout_label(name: str, attrs: dict[str, str]) -> str | None:
        if name not in CALLOUTS:
            return None
        kind = attrs.get("type") or attrs.get("variant") or attrs.get("kind") or CALLOUTS[name]
        title = attrs.get("title") or attrs.get("label")
        return kind.replace(" ", "_") + (" " + title if title else "")

    @staticmethod
    def _dedent(line: str, indents: list[int]) -> str:
        if not indents or not line.strip():
            return line
        cut = indents[-1] + 2
        expanded = line.expandtabs(4)
        lead = len(expanded) - len(expanded.lstrip(" "))
        return expanded[min(lead, cut) :]

    # ------------------------------------------------------------------ :::

    def _containers(self, lines: list[str], *, colons: bool = True) -> list[str]:
        out: list[str] = []
        fence: str | None = None
        i = 0
        n = len(lines)
        while i < n:
            line = lines[i]
            fm = _FENCE.match(line)
            if fence is not None:
                if fm and fm.group("fence").startswith(fence) and not fm.group("info").strip():
                    fence = None
                out.append(line)
                i += 1
                continue
            if fm:
                fence = fm.group("fence")
                out.append(line)
                i += 1
                continue
            cm = _COLON_OPEN.match(line) if colons and line.lstrip().startswith(":::") else None
            if cm is not None and cm.group("kind"):
                end = self._colon_close(lines, i + 1, len(cm.group("colons")))
                if end is None:
                    out.append(line)
                    i += 1
                    continue
                body = self._containers(lines[i + 1 : end])
                kind = cm.group("kind")
                title = (cm.group("bracket") or cm.group("title") or "").strip()
                out.extend(self._container(kind, title, body))
                i = end + 1
                continue
            out.append(line)
            i += 1
        return out

    @staticmethod
    def _colon_close(lines: list[str], start: int, colons: int) -> int | None:
        depth = 0
        fence: str | None = None
        for j in range(start, len(lines)):
            stripped = lines[j].strip()
            fm = _FENCE.match(lines[j])
            if fence is not None:
                if fm and fm.group("fence").startswith(fence) and not fm.group("info").strip():
                    fence = None
                continue
            if fm:
                fence = fm.group("fence")
                continue
            if not stripped.startswith(":::"):
                continue
            if stripped.strip(":") == "":
                if depth == 0:
                    return j
                depth -= 1
            else:
                m = _COLON_OPEN.match(lines[j])
                if m and m.group("kind"):
                    depth += 1
        return None

    def _container(self, kind: str, title: str, body: list[str]) -> list[str]:
        lower = kind.lower()
        if lower == "code-group":
            return ["", *body, ""]
        if lower in _DETAILS_KINDS:
            summary = title or "Details"
            return ["", "**" + summary.replace("*", "\\*") + "**", "", *body, ""]
        if lower.startswith("callout-"):  # Quarto's ::: callout-tip: a first heading titles it
            kind = kind[8:]
            first = next((i for i, line in enumerate(body) if line.strip()), None)
            head = _HEADING_LINE.match(body[first]) if first is not None else None
            if head is not None and first is not None and not title:
                title = head.group("title")
                body = body[first + 1 :]
        label = title or label_for(kind.replace("_", " "))
        return callout(label, body)


def _file_name(info: str, *, in_group: bool) -> str | None:
    """The file name a fence's info string gives (``title="f"``, ``[f]``, a path in a group)."""
    m = re.search(r"\btitle=(?:\"([^\"]*)\"|'([^']*)'|(\S+))", info)
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


def _language(words: list[str]) -> str:
    """The language word of a fence's info string, when it starts with one."""
    if words and "=" not in words[0] and not words[0].startswith(("[", "{")):
        return words[0]
    return ""


def _code_caption(name: str) -> str:
    ticks = "``" if "`" in name else "`"
    return ticks + name + ticks


def rewrite_framework_blocks(text: str) -> Rewritten:
    """The framework blocks of ``text`` (newlines already LF) as plain Markdown, for the
    Markdown sent as ``content-format: markdown``; pure. The HTML path reads them inside the
    one parse (``rendering/dialects/``)."""
    if not _TRIGGERS.search(text) and "title=" not in text:
        return Rewritten(text)
    rewriter = _Rewriter(text)
    return Rewritten(rewriter.run(), sorted(rewriter.warnings))
