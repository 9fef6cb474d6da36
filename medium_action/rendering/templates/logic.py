"""Liquid (Jekyll) and Nunjucks (Eleventy) logic, read the way the site's build reads it.

Jekyll and Eleventy run their template language over a post before its Markdown: a reader sees
one branch of an ``{% if %}``, a loop's body once per item, the values ``{% assign %}``,
``{% capture %}`` and ``{% set %}`` give, never the tags. The dialects that do so (``jekyll``,
``eleventy``: :func:`liquid_logic`) turn these rules on; elsewhere (Hugo, whose content is not a
template) such tags stay as they were.

- ``{% assign x = v %}``, ``{% set x = v %}``: ``x`` is ``v`` (:mod:`.values`) from here on;
- ``{% capture x %}…{% endcapture %}``, ``{% set x %}…{% endset %}``: ``x`` is the text
  between, its own values filled in (Markdown, read where ``{{ x }}`` shows it);
- ``{% if c %}…{% elsif c %}…{% else %}…{% endif %}``, ``{% unless %}``, ``{% case %}``/
  ``{% when %}``: the branch the condition picks; when a condition cannot be known (a site's
  collections, a page's computed URL) the first branch that may hold, once, with a warning at
  its line — never both branches' text;
- ``{% for x in list %}…{% else %}…{% endfor %}`` (``reversed``, ``limit:``, ``offset:``): the
  body once per item of a list the front matter or the site gives; a list that cannot be known:
  the body once, with a warning;
- any other logic tag (``{% render %}``, ``{% block %}``, a lone ``{% endif %}``): nothing,
  with a warning.

A block of lines (tags alone on their lines) is paired line by line, fenced code skipped, its
branch parsed as Markdown in place; a tag inside a paragraph pairs with the tags after it in
that paragraph. Tags in code are never seen (the rules are mistune's), so code stays byte for
byte; ``{% raw %}`` and ``{% comment %}`` are read before this (:mod:`.rules`).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from medium_action.rendering.templates import tags, values
from medium_action.rendering.templates.context import (
    EVALUATE,
    VARIABLES,
    line_around,
    scope,
    steps,
    warn,
)

if TYPE_CHECKING:
    from collections.abc import Callable, MutableMapping

    from mistune.core import BlockState
    from mistune.markdown import Markdown

__all__ = [
    "LOGIC",
    "Branch",
    "Structure",
    "choose",
    "find_structure",
    "in_html",
    "liquid_logic",
    "loop_items",
    "set_value",
]

Token = dict[str, Any]

OPENERS = {"if": "endif", "unless": "endunless", "for": "endfor", "case": "endcase"}
VALUE_BLOCKS = {"capture": "endcapture", "set": "endset"}
BRANCHES = frozenset({"elsif", "elif", "else", "when"})
ENDS = frozenset({*OPENERS.values(), *VALUE_BLOCKS.values()})
LOGIC = tags.LIQUID_LOGIC
_FENCE = re.compile(r"[ \t>]*(?P<fence>`{3,}|~{3,})(?P<info>[^\n]*)")
_ASSIGN = re.compile(r"\s*(?P<name>[A-Za-z_][\w-]*)\s*=(?!=)\s*(?P<value>[\s\S]*)")
_FOR = re.compile(r"\s*(?P<var>[A-Za-z_]\w*)\s+in\s+(?P<list>[\s\S]+)")


@dataclass(frozen=True)
class Branch:
    """One branch of a logic block: the tag that opens it and where its text is."""

    tag: tags.Tag
    start: int
    end: int


@dataclass(frozen=True)
class Structure:
    """A logic block: its branches in order, and where its end tag ends."""

    branches: list[Branch]
    end: int


def _opens(tag: tags.Tag) -> str | None:
    """The end tag's name a tag opens a block for (``{% set x %}`` opens, ``{% set x = 1 %}``
    does not)."""
    if tag.family != "liquid":
        return None
    if tag.name in OPENERS:
        return OPENERS[tag.name]
    if tag.name in VALUE_BLOCKS and not _ASSIGN.fullmatch(tag.args):
        return VALUE_BLOCKS[tag.name]
    return None


def opens_value(tag: tags.Tag) -> bool:
    """Whether ``tag`` opens a ``{% capture %}`` / ``{% set x %}`` block."""
    return tag.family == "liquid" and tag.name in VALUE_BLOCKS and _opens(tag) is not None


MAX_SCAN = 20_000
"""Lines (or tags) one block's search reads at most: an opener whose end is further is read as
a lone tag, so that openers never closed cost linear work."""


def find_structure(
    src: str,
    opener: tags.Tag,
    start: int,
    *,
    lines: bool,
    limit: int | None = None,
    work: list[int] | None = None,
) -> Structure | None:
    """The branches of the block ``opener`` opens, its text starting at ``start``: nested
    blocks of the same end skipped; with ``lines``, only tags alone on their lines count and
    fenced code is skipped (a tag there is code). None when it is never closed. ``work``
    (one number) counts the lines or tags read."""
    end_name = _opens(opener)
    if end_name is None:
        return None
    limit = len(src) if limit is None else limit
    depth = 0
    scanned = 0
    branches: list[Branch] = []
    current_tag, current_start = opener, start
    fence = ""
    pos = start
    while pos < limit:
        scanned += 1
        if work is not None:
            work[0] += 1
        if scanned > MAX_SCAN:
            return None
        if lines:
            nl = src.find("\n", pos)
            stop = limit if nl < 0 or nl >= limit else nl
            line = src[pos:stop]
            fm = _FENCE.fullmatch(line)
            found = None
            if fence:
                marker = fm.group("fence") if fm else ""
                if fm and marker[0] == fence[0] and len(marker) >= len(fence):
                    fence = "" if not fm["info"].strip() else fence
            elif fm:
                fence = fm.group("fence")
            else:
                found = tags.TAG.fullmatch(line.strip(" \t>"))
            tag_start, tag_end, next_pos = pos, stop, stop + 1
        else:
            found = tags.TAG.search(src, pos, limit)
            if found is None:
                return None
            tag_start, tag_end, next_pos = found.start(), found.end(), found.end()
        pos = next_pos
        if found is None:
            continue
        tag = tags.read(found)
        if tag.family != "liquid":
            continue
        kind = tags.verbatim_kind(tag)
        if kind in ("raw", "comment"):  # its text is not read: an {% endif %} there is text
            close = tags.VERBATIM[kind].search(src, tag_end, limit)
            pos = close.end() if close is not None else pos
            continue
        if _opens(tag) is not None:
            depth += 1
        elif tag.name in ENDS and depth:
            depth -= 1
        elif depth == 0 and tag.name == end_name:
            branches.append(Branch(current_tag, current_start, tag_start))
            return Structure(branches, tag_end)
        elif depth == 0 and tag.name in BRANCHES and opener.name not in VALUE_BLOCKS:
            branches.append(Branch(current_tag, current_start, tag_start))
            current_tag, current_start = tag, tag_end + (1 if lines else 0)
    return None


def choose(structure: Structure, sc: values.Scope) -> tuple[Branch | None, str | None]:
    """The branch an if/unless/case block shows, and a warning when it is a guess."""
    first = structure.branches[0]
    subject: Any = None
    if first.tag.name == "case":
        subject = values.evaluate(first.tag.args, sc)
    for branch in structure.branches:
        tag = branch.tag
        if tag.name == "else":
            return branch, None
        if tag.name == "case":
            continue
        if tag.name == "when":
            if subject is values.UNKNOWN:
                holds: bool | None = None
            else:
                options = [values.evaluate(o, sc) for o in re.split(r",|\bor\b", tag.args)]
                holds = None if values.UNKNOWN in options else subject in options
        else:
            holds = values.condition(tag.args, sc)
            if tag.name == "unless" and holds is not None:
                holds = not holds
        if holds is None:
            return branch, (
                f"{_shown(tag)}: its condition cannot be known here (not in the front matter "
                "or the site's configuration), so its first branch is shown"
            )
        if holds:
            return branch, None
    return None, None


def loop_items(tag: tags.Tag, sc: values.Scope) -> tuple[str, list[Any] | None]:
    """The loop variable and the items of ``{% for x in list %}`` (None: not known)."""
    m = _FOR.fullmatch(tag.args)
    if m is None:
        return "", None
    expression = m.group("list")
    options = dict(re.findall(r"\b(limit|offset)\s*:\s*(\d+)", expression))
    reverse = re.search(r"\breversed\b", expression) is not None
    expression = re.sub(r"\b(?:limit|offset)\s*:\s*\d+|\breversed\b", "", expression)
    items = values.evaluate(expression, sc)
    if isinstance(items, dict):
        items = [[k, v] for k, v in items.items()]
    if not isinstance(items, list):
        return m.group("var"), None
    if reverse:
        items = items[::-1]
    offset = int(options.get("offset", 0))
    limit = int(options["limit"]) if "limit" in options else None
    items = items[offset:][:limit] if limit is not None else items[offset:]
    return m.group("var"), items


def set_value(env: MutableMapping[str, Any], tag: tags.Tag, line: str) -> bool:
    """``{% assign x = v %}`` / ``{% set x = v %}``: ``x`` set; False if ``tag`` is not one."""
    if tag.name not in ("assign", "set"):
        return False
    m = _ASSIGN.fullmatch(tag.args)
    if m is None:
        return False
    value = values.evaluate(m.group("value"), scope(env))
    env.setdefault(VARIABLES, {})[m.group("name")] = value
    return True


def capture(env: MutableMapping[str, Any], tag: tags.Tag, body: str) -> None:
    """``{% capture x %}body{% endcapture %}``: ``x`` is ``body`` with its values filled in."""
    name = tag.args.strip().split(" ")[0]
    if name:
        env.setdefault(VARIABLES, {})[name] = values.Markup(fill(env, body))


def fill(env: MutableMapping[str, Any], text: str) -> str:
    """``text`` (Markdown the template writes: a capture, a loop's body) as the build writes
    it: values filled in, logic run, ``{% raw %}`` text as written; other tags (``{% link %}``)
    left for the Markdown's own rules."""
    from medium_action.rendering.templates.context import show

    def value(tag: tags.Tag, raw: str) -> str:
        return show(env, tag).markdown if tag.family == "var" else raw

    return _run(env, text, value)


def in_html(env: MutableMapping[str, Any], text: str, shown: Callable[[str], str]) -> str:
    """Raw HTML (a site's tabs, a ``<div>``) as the site's build leaves it: ``{% raw %}`` text
    as written, values set, one branch of each condition, a loop's body per item, a value the
    post highlights as a ``<pre>``; any other tag through ``shown`` (tags in attributes)."""

    def value(tag: tags.Tag, raw: str) -> str:
        if tag.family == "var" and not tags.CALL_NAME.fullmatch(tag.inner.strip()):
            found = values.evaluate(tag.inner, scope(env))
            if isinstance(found, values.Code):
                lang = f' class="language-{html.escape(found.lang)}"' if found.lang else ""
                code = html.escape(found.text.strip("\n"), quote=False)
                return f"<pre><code{lang}>{code}</code></pre>"
            if found is not values.UNKNOWN:
                shown_text = values.as_text(found)
                return shown_text if isinstance(found, values.Markup) else html.escape(shown_text)
        return shown(raw)

    return _run(env, text, value)


def _run(env: MutableMapping[str, Any], text: str, value: Callable[[tags.Tag, str], str]) -> str:
    """``text`` with its logic run (:func:`in_html`, :func:`fill`); ``value`` writes any other
    tag."""
    out: list[str] = []
    pos = 0
    while pos < len(text):
        found = tags.TAG.search(text, pos)
        if found is None:
            break
        out.append(text[pos : found.start()])
        pos = found.end()
        tag = tags.read(found)
        if tag.family == "liquid" and tag.name == "raw":
            close = tags.VERBATIM["raw"].search(text, pos)
            if close is not None:
                out.append(text[pos : close.start()])
                pos = close.end()
                continue
        if tag.family == "liquid" and tag.name in LOGIC:
            if not set_value(env, tag, ""):
                structure = find_structure(text, tag, pos, lines=False)
                if structure is not None:
                    out.append(_branch_text(env, tag, text, structure, value))
                    pos = structure.end
            continue  # a value set, or a lone else/endif, a {% block %}: nothing shows
        out.append(value(tag, found.group(0)))
    out.append(text[pos:])
    return "".join(out)


def _branch_text(
    env: MutableMapping[str, Any],
    tag: tags.Tag,
    text: str,
    structure: Structure,
    value: Callable[[tags.Tag, str], str],
) -> str:
    if tag.name in VALUE_BLOCKS:
        first = structure.branches[0]
        capture(env, tag, text[first.start : first.end])
        return ""
    sc = scope(env)
    if tag.name == "for":
        var, items = loop_items(tag, sc)
        body = structure.branches[0]
        if items is None:
            return _run(env, text[body.start : body.end], value)
        parts = []
        variables: dict[str, Any] = env.setdefault(VARIABLES, {})
        saved = dict(variables)
        try:
            for item in items[:200]:
                variables[var] = item
                parts.append(_run(env, text[body.start : body.end], value))
        finally:
            variables.clear()
            variables.update(saved)
        return "".join(parts)
    chosen, _ = choose(structure, sc)
    return _run(env, text[chosen.start : chosen.end], value) if chosen else ""


def _shown(tag: tags.Tag) -> str:
    shown = " ".join(tag.raw.split())
    return shown[:77] + "…" if len(shown) > 80 else shown


def block_logic(
    env: MutableMapping[str, Any],
    tag: tags.Tag,
    src: str,
    found_start: int,
    body_start: int,
    parse: Callable[[int, int], list[Token]],
    *,
    lines: bool,
    limit: int | None = None,
    parse_text: Callable[[str], list[Token]] | None = None,
) -> tuple[list[Token], int] | None:
    """The tokens a logic tag at ``found_start`` shows and where its block ends, or None when
    it opens no block that closes (the caller then reads it as a lone tag). ``parse`` reads a
    span of ``src`` (a branch) as the post's Markdown."""
    end_name = _opens(tag)
    if end_name is not None:
        # no end tag of its kind after it: never closed (the last one found once per text)
        last: dict[tuple[int, int, str], int] = env.setdefault("_logic_last_end", {})
        key = (hash(src), len(src), end_name)
        if key not in last:
            last[key] = src.rfind(end_name)
        if last[key] < body_start:
            return None
    work = [0]
    structure = find_structure(src, tag, body_start, lines=lines, limit=limit, work=work)
    steps(env, 1 + work[0])
    if structure is None:
        return None
    sc = scope(env)
    line = line_around(src, found_start)
    if tag.name in VALUE_BLOCKS:
        first = structure.branches[0]
        capture(env, tag, src[first.start : first.end])
        return [], structure.end
    if tag.name == "for":
        var, items = loop_items(tag, sc)
        body = structure.branches[0]
        if items is None:
            warn(
                env,
                line,
                f"{_shown(tag)}: its list cannot be known here, so its body is shown once",
            )
            return _scoped(env, {var: values.UNKNOWN} if var else {}, parse, body), structure.end
        if not items:
            rest = structure.branches[1:]
            return (parse(rest[0].start, rest[0].end) if rest else []), structure.end
        out: list[Token] = []
        text = src[body.start : body.end]
        # a body with no code in it is text the loop writes, read as Markdown once written
        # (a loop writing link reference definitions: [{{ x }}]: {{ url }}); one with code
        # is read per item, its code as written
        as_text = parse_text is not None and not _CODE_HINT.search(text)
        for index, item in enumerate(items[:200]):
            loop = {"index": index + 1, "index0": index, "first": index == 0}
            loop["last"] = index == len(items) - 1
            loop["length"] = len(items)
            bound = {var: item, "forloop": loop, "loop": loop}
            if as_text and parse_text is not None:
                out += _scoped(env, bound, lambda a, b: parse_text(fill(env, src[a:b])), body)
            else:
                out += _scoped(env, bound, parse, body)
        return _joined_lists(out), structure.end
    chosen, warning = choose(structure, sc)
    warn(env, line, warning)
    if chosen is None:
        return [], structure.end
    return parse(chosen.start, chosen.end), structure.end


_CODE_HINT = re.compile(r"`|~~~|^(?: {4}|\t)", re.M)


def _joined_lists(tokens: list[Token]) -> list[Token]:
    """A loop whose body is a list item makes one list, as the site's page shows it (each
    iteration's text was one more item of the same list)."""
    out: list[Token] = []
    for tok in tokens:
        last = next((t for t in reversed(out) if t["type"] != "blank_line"), None)
        if (
            tok["type"] == "list"
            and last is not None
            and last["type"] == "list"
            and last.get("attrs", {}).get("ordered") == tok.get("attrs", {}).get("ordered")
        ):
            while out[-1] is not last:
                out.pop()
            for whole in (last, tok):  # each item keeps its own iteration's values
                snapshot = whole.pop("_template_vars", None)
                for item in whole.get("children", ()):
                    if snapshot is not None:
                        item.setdefault("_template_vars", snapshot)
            last["children"] = [*last.get("children", []), *tok.get("children", [])]
            continue
        out.append(tok)
    return out


def _scoped(
    env: MutableMapping[str, Any],
    bound: dict[str, Any],
    parse: Callable[[int, int], list[Token]],
    body: Branch,
) -> list[Token]:
    """The body read with ``bound`` set; its tokens keep those values for their inline text,
    which is read later (:func:`read_scoped`)."""
    variables: dict[str, Any] = env.setdefault(VARIABLES, {})
    saved = dict(variables)
    variables.update(bound)
    try:
        tokens = parse(body.start, body.end)
        snapshot = dict(variables)
    finally:
        variables.clear()
        variables.update(saved)
    for tok in tokens:
        tok["_template_vars"] = snapshot
    return tokens


def read_scoped(md: Markdown, state: BlockState, tok: Token) -> bool:
    """A token a loop made: its inline text read now, with the loop's values. False if it is
    not one."""
    snapshot = tok.pop("_template_vars", None)
    if snapshot is None:
        return False
    env = state.env
    variables: dict[str, Any] = env.setdefault(VARIABLES, {})
    saved = dict(variables)
    variables.update(snapshot)
    try:
        _read_now(md, env, tok)
    finally:
        variables.clear()
        variables.update(saved)
    return True


def _read_now(md: Markdown, env: MutableMapping[str, Any], tok: Token) -> None:
    if "text" in tok and tok.get("type") != "block_code":
        tok["children"] = md.inline(tok.pop("text").strip(" \r\n\t\f"), env)
    for child in tok.get("children", ()):
        if isinstance(child, dict) and "type" in child and "raw" not in child:
            _read_now(md, env, child)


def liquid_logic(md: Markdown) -> None:
    """The dialect runs Liquid/Nunjucks before Markdown: logic and values are evaluated."""

    def hook(md: Markdown, state: BlockState) -> None:
        state.env[EVALUATE] = True

    md.before_parse_hooks.append(hook)
