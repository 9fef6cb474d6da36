"""JSX read as MDX reads it: where a tag or an expression ends, and a tag's attributes.

Pure functions over text. An MDX tag's attributes are strings (``title="x"``) or JavaScript
expressions in braces (``style={{color: "#5af78e"}}``, ``values={[{label: 'npm'}]}``,
``onClick={() => go({a: 1})}``): an expression ends at the brace that balances its first one,
braces inside strings, template literals (and their ``${…}``) and comments not counted. Read
any other way, a ``>`` or a quote inside an expression ends the tag early and its rest shows as
text.

:func:`html_tag` writes a tag again with only what HTML can hold: string attributes (an
expression that is a plain string literal counts as one; ``className`` is ``class``), every
other expression left out (a style, a handler: what the site computes, not what Medium shows).
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from dataclasses import dataclass
from typing import Any

__all__ = [
    "MAX_TAG",
    "Attribute",
    "expression_end",
    "has_expression",
    "html_tag",
    "literal",
    "read_attributes",
    "scanned_tag_end",
    "statement_end",
    "tag_end",
]

MAX_TAG = 2000
"""A tag longer than this is not a tag (bounds the scan of an unclosed ``<Foo``), unless the
post's budget of scanning (:func:`scanned_tag_end`) says a longer one may be looked for."""
MAX_LONG_TAG = 200_000
"""A component's props written inline (Starlight's ``<ThemeGrid themes={[…]}>``), at most."""
SHORT_TAG = 100
"""How far a tag is looked for once the post's budget is spent."""
_BUDGET = 200_000  # characters of tag scans a post may use, beyond twice its length

_NAME = re.compile(r"[A-Za-z_$][\w$.:-]*")
_STRING_LITERAL = re.compile(
    r"""\s*(?:"((?:[^"\\\n]|\\.)*)"|'((?:[^'\\\n]|\\.)*)'|`([^`$\\]*)`)\s*"""
)
_JS_ESCAPE = re.compile(r"\\(.)")
_RENAMED = {"className": "class", "htmlFor": "for"}


_IN_EXPRESSION = re.compile(r"[{}\"'`/]")
_IN_TEMPLATE = re.compile(r"[\\`$]")
_IN_TAG = re.compile(r"[>\n{\"'<]")
_IN_STRING = {q: re.compile(rf"[\\\n{q}]") for q in "\"'"}


def _skip_string(text: str, pos: int, stop: int) -> int:
    """After the JavaScript string whose quote is at ``pos`` (``"``, ``'``; escapes kept);
    -1 when it does not end before ``stop`` or a line end."""
    special = _IN_STRING[text[pos]]
    pos += 1
    while True:
        m = special.search(text, pos, stop)
        if m is None:
            return -1
        ch = m.group(0)
        if ch == "\\":
            pos = m.end() + 1
            continue
        return -1 if ch == "\n" else m.end()


def _skip_template(text: str, pos: int, stop: int) -> int:
    """After the template literal whose backtick is at ``pos`` (``${…}`` nested)."""
    pos += 1
    while True:
        m = _IN_TEMPLATE.search(text, pos, stop)
        if m is None:
            return -1
        ch = m.group(0)
        pos = m.end()
        if ch == "\\":
            pos += 1
        elif ch == "`":
            return pos
        elif text.startswith("{", pos):
            pos = expression_end(text, pos, stop)
            if pos < 0:
                return -1


def expression_end(text: str, pos: int, stop: int | None = None) -> int:
    """After the ``}`` that balances the ``{`` at ``text[pos]``; -1 when there is none before
    ``stop``. Strings, template literals and comments are skipped whole."""
    stop = len(text) if stop is None else min(stop, len(text))
    depth = 0
    while True:
        m = _IN_EXPRESSION.search(text, pos, stop)
        if m is None:
            return -1
        ch = m.group(0)
        pos = m.start()
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return pos + 1
        elif ch in "\"'":
            pos = _skip_string(text, pos, stop)
        elif ch == "`":
            pos = _skip_template(text, pos, stop)
        elif text.startswith("*", pos + 1):
            end = text.find("*/", pos + 2, stop)
            pos = -1 if end < 0 else end + 2
        elif text.startswith("/", pos + 1):
            end = text.find("\n", pos, stop)
            pos = -1 if end < 0 else end
        else:
            pos += 1  # a division, or a regular expression's slash
            continue
        if pos < 0:
            return -1
        if ch in "{}":
            pos += 1


def tag_end(text: str, pos: int, limit: int = MAX_TAG) -> int:
    """Where the JSX tag whose name ends at ``pos`` ends (after ``>``); attribute strings and
    expressions are skipped whole. -1 when it does not end within ``limit`` characters, or a
    blank line comes first outside an expression (the ``<`` was text)."""
    stop = min(len(text), pos + limit)
    while True:
        m = _IN_TAG.search(text, pos, stop)
        if m is None:
            return -1
        ch = m.group(0)
        pos = m.start()
        if ch == ">":
            return pos + 1
        if ch == "<":
            return -1  # a new tag before this one closed: this one was text
        if ch == "\n":
            if text.startswith("\n", pos + 1):
                return -1
            pos += 1
        elif ch == "{":
            pos = expression_end(text, pos, stop)
            if pos < 0:
                return -1
        else:
            end = text.find(ch, pos + 1, stop)  # JSX attribute strings have no escapes
            if end < 0:
                return -1
            pos = end + 1


@dataclass(frozen=True)
class Attribute:
    """One attribute of a tag: ``kind`` is ``string`` (``value`` its text), ``expression``
    (``value`` the JavaScript between the braces), ``bare`` (``disabled``) or ``spread``
    (``{...props}``)."""

    name: str
    kind: str
    value: str


def read_attributes(tag: str) -> list[Attribute]:
    """The attributes of a tag's text after its name (the closing ``>`` or ``/>`` may be there)."""
    out: list[Attribute] = []
    pos = 0
    n = len(tag)
    while pos < n:
        ch = tag[pos]
        if ch.isspace() or ch in "/>":
            pos += 1
            continue
        if ch == "{":
            end = expression_end(tag, pos)
            end = n if end < 0 else end
            out.append(Attribute("", "spread", tag[pos + 1 : end - 1]))
            pos = end
            continue
        m = _NAME.match(tag, pos)
        if m is None:
            pos += 1
            continue
        name = m.group(0)
        pos = m.end()
        while pos < n and tag[pos] in " \t\n":
            pos += 1
        if pos >= n or tag[pos] != "=":
            out.append(Attribute(name, "bare", ""))
            continue
        pos += 1
        while pos < n and tag[pos] in " \t\n":
            pos += 1
        if pos < n and tag[pos] in "\"'":
            end = tag.find(tag[pos], pos + 1)
            end = n if end < 0 else end
            out.append(Attribute(name, "string", tag[pos + 1 : end]))
            pos = end + 1
        elif pos < n and tag[pos] == "{":
            end = expression_end(tag, pos)
            end = n if end < 0 else end
            out.append(Attribute(name, "expression", tag[pos + 1 : end - 1]))
            pos = end
        else:  # an unquoted value (HTML's, not JSX's): to the next white space
            m2 = re.compile(r"[^\s>]*").match(tag, pos)
            end = m2.end() if m2 else pos
            value = tag[pos:end].removesuffix("/")
            out.append(Attribute(name, "string", value))
            pos = end
    return out


# Docusaurus' ways to name a file of the site: ``require('./img/a.png').default``,
# ``useBaseUrl('/img/a.png')``: the path is what the page shows
_FILE_CALL = re.compile(
    r"""\s*(?:require|useBaseUrl)\(\s*(?:"([^"\\\n]*)"|'([^'\\\n]*)'|`([^`$\\]*)`)\s*\)"""
    r"(?:\.default)?\s*"
)


def literal(expression: str) -> str | None:
    """The string an expression is, when it is only a string literal (``"a"``, ``'a'``, a
    template literal without ``${}``), or a file's path (``require('./a.png').default``,
    ``useBaseUrl('/a.png')``); else None."""
    m = _STRING_LITERAL.fullmatch(expression)
    if m is None:
        call = _FILE_CALL.fullmatch(expression)
        if call is None:
            return None
        return next(g for g in call.groups() if g is not None)
    if m.group(3) is not None:
        return m.group(3)
    return _JS_ESCAPE.sub(r"\1", m.group(1) if m.group(1) is not None else m.group(2))


def has_expression(tag: str) -> bool:
    """Whether a tag's text (after its name) has an attribute in braces (or a spread)."""
    return "{" in tag and any(a.kind in ("expression", "spread") for a in read_attributes(tag))


def html_tag(name: str, tag: str) -> str:
    """The tag ``<name …>`` (``tag``: its text after the name, to its ``>``) written as HTML:
    string attributes kept (escaped), literal expressions as strings, other expressions and
    spreads left out."""
    parts = [name]
    for attr in read_attributes(tag):
        value: str | None = attr.value
        if attr.kind == "spread":
            continue
        if attr.kind == "expression":
            value = literal(attr.value)
            if value is None:
                continue
        key = _RENAMED.get(attr.name, attr.name)
        if attr.kind == "bare":
            parts.append(key)
        else:
            # (an ampersand stays: JSX strings, as HTML's, hold entities already written)
            escaped = (value or "").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
            parts.append(f'{key}="{escaped}"')
    closing = "/>" if tag.rstrip().endswith("/>") else ">"
    return "<" + " ".join(parts) + (" " if closing == "/>" else "") + closing


_OPENERS = {"{": "}", "[": "]", "(": ")"}


def statement_end(text: str, pos: int, stop: int | None = None) -> int:
    """Where an ESM block (``import``/``export`` lines) starting at ``pos`` ends: at the first
    blank line outside any bracket, string or comment (MDX reads on past a blank line inside
    ``export const x = {…}``, as its JavaScript parser asks for more), else at ``stop``."""
    stop = len(text) if stop is None else min(stop, len(text))
    depth = 0
    while pos < stop:
        ch = text[pos]
        if ch == "\n" and depth <= 0 and (text.startswith("\n", pos + 1) or pos + 1 >= stop):
            return pos + 1
        if ch in _OPENERS:
            depth += 1
        elif ch in ")]}":
            depth -= 1
        elif ch in "\"'" or ch == "`" or (ch == "/" and text[pos + 1 : pos + 2] in ("*", "/")):
            end = _skip_any(text, pos, stop)
            if end < 0:
                return stop
            pos = end
            continue
        pos += 1
    return stop


def _skip_any(text: str, pos: int, stop: int) -> int:
    ch = text[pos]
    if ch == "`":
        return _skip_template(text, pos, stop)
    if ch in "\"'":
        end = _skip_string(text, pos, stop)
        return pos + 1 if end < 0 else end  # an apostrophe in a comment-like line: one char
    if text.startswith("*", pos + 1):
        end = text.find("*/", pos + 2, stop)
        return -1 if end < 0 else end + 2
    end = text.find("\n", pos, stop)
    return stop if end < 0 else end


def scanned_tag_end(env: MutableMapping[str, Any], text: str, pos: int) -> tuple[int, int]:
    """:func:`tag_end` within the parse's budget (kept in ``env``): a tag may be long while
    the budget lasts, then only :data:`SHORT_TAG` characters are looked at, so that openers
    never closed (``<Foo a={`` line after line) cost work linear in the post. Returns the end
    (or -1) and the characters scanned."""
    budget: int | None = env.get("_jsx_budget")
    if budget is None:
        budget = _BUDGET + 2 * len(text)
    limit = MAX_LONG_TAG if budget > MAX_LONG_TAG else MAX_TAG if budget > MAX_TAG else SHORT_TAG
    end = tag_end(text, pos, limit)
    used = (end if end > 0 else min(len(text), pos + limit)) - pos
    env["_jsx_budget"] = budget - used
    env["jsx_scanned"] = env.get("jsx_scanned", 0) + used  # for tests of the work done
    return end, used
