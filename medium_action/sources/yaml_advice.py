"""What to write instead, when YAML front matter does not parse.

PyYAML's messages name the parser's state ("mapping values are not allowed here", "expected
<block end>, but found '<scalar>'"); a writer needs the line and the fix. Nearly every broken
front matter is one of a few slips: a value with ``: `` in it (a title such as ``Git: a guide``),
a value starting with a character YAML reserves (``@``, a backtick, ``[draft]``), a quote never
closed or closed before the end of the value, a tab, a list item after a key that has a value,
a line that is not ``key: value``. Each gets its own advice, with the line written as it should
be where that can be known. Pure: the source and the error in, a message and a line out.
"""

from __future__ import annotations

import json
from typing import Any

RESERVED_STARTS = "@`%!&*|>"
GENERAL = (
    "front matter is `key: value` lines; a value with `: ` or ` #` in it, or one that starts "
    "with a character such as @ [ { ' \" or a backtick, goes in quotes"
)


def explain(source: str, error: Any) -> tuple[str, int | None]:
    """(advice, 0-based line of ``source``) for a ``yaml.YAMLError`` raised parsing it."""
    problem = str(getattr(error, "problem", "") or "")
    context = str(getattr(error, "context", "") or "")
    mark = getattr(error, "problem_mark", None)
    opened = getattr(error, "context_mark", None)
    lines = source.split("\n")
    row = mark.line if mark is not None else None
    text = lines[row] if row is not None and row < len(lines) else ""
    key, value = _key_value(text)

    if "'\\t'" in problem:
        return "a tab: YAML indents with spaces only; replace the tab with spaces", row
    if problem == "mapping values are not allowed here":
        if text[:1].isspace() and key:
            return (
                f"`{key.strip()}:` is indented as if it belonged to the line above; start each "
                "key at the beginning of its line",
                row,
            )
        if key and value:
            return (
                f"the value of `{key}` has `: ` in it, which YAML reads as a second key; put the "
                f"value in quotes: {key}: {_quoted(value)}",
                row,
            )
    if "cannot start any token" in problem and key and value and value[0] in RESERVED_STARTS:
        return (
            f"the value of `{key}` starts with {value[0]!r}, which YAML reserves; put the value "
            f"in quotes: {key}: {_quoted(value)}",
            row,
        )
    if "quoted scalar" in context and opened is not None:
        return (
            f"the quote that opens the value on this line is never closed; close it on the same "
            f"line (a quote inside a value: {_quote_help()})",
            opened.line,
        )
    if "but found '<scalar>'" in problem and opened is not None and opened.line == row:
        intended = _unwrapped(value)
        return (
            f"the value of `{key}` starts with {value[:1]!r}, so YAML reads "
            f"{_opening_kind(value)} that ends before the rest of the line; put the whole value "
            f"in quotes: {key}: {_quoted(intended)} ({_quote_help()})",
            row,
        )
    if "flow sequence" in context or "flow mapping" in context:
        closer = "]" if "sequence" in context else "}"
        start = opened.line if opened is not None else row
        first = lines[start] if start is not None and start < len(lines) else ""
        at_key, text_value = _key_value(first)
        quoted = f": {at_key}: {_quoted(text_value)}" if at_key and text_value else ""
        return (
            f"{_opening_kind(closer.replace(']', '[').replace('}', '{'))} opened on this line is "
            f"never closed with {closer}; if the value is text, put it in quotes{quoted}",
            start,
        )
    if "but found '-'" in problem:
        return (
            "a list item (`- ...`) can only follow a key with nothing after its colon: write "
            "the key alone on its line (`tags:`), then each item on its own line, indented",
            row,
        )
    if problem == "could not find expected ':'" and opened is not None:
        return (
            "this line is not `key: value`; a long value continues on lines indented under its "
            "key, or is written in quotes on one line",
            opened.line,
        )
    return f"{problem or 'not valid YAML'}; {GENERAL}", row


def _key_value(line: str) -> tuple[str, str]:
    key, colon, value = line.partition(":")
    if not colon or not key.strip() or key.strip().startswith(("-", "#")):
        return "", ""
    return key.strip(), value.strip()


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar for ``value`` (JSON's escaping is YAML's)."""
    return json.dumps(value, ensure_ascii=False)


def _unwrapped(value: str) -> str:
    """``'it's'`` was meant as ``it's``: outer quotes of the same kind are not part of it."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _opening_kind(value: str) -> str:
    return {"[": "a list", "{": "a mapping"}.get(value[:1], "a quoted text")


def _quote_help() -> str:
    return "inside double quotes write \\\" for \", inside single quotes '' for '"
