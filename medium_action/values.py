"""How a value is written, in a setting or in front matter: the one table of boolean words, and
a list given as one string (newlines, or commas outside ``{a,b}`` braces)."""

from __future__ import annotations

__all__ = ["BOOLEAN_WORDS", "FALSE_WORDS", "TRUE_WORDS", "parse_boolean", "split_patterns"]

TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})
BOOLEAN_WORDS = "true/false, yes/no or 1/0"
"""The one table of boolean words, for settings and front matter alike (any case)."""


def parse_boolean(text: str) -> bool | None:
    """True or False for a boolean word (see ``TRUE_WORDS``, ``FALSE_WORDS``), else None."""
    word = text.strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def split_patterns(text: str) -> list[str]:
    """A list setting as written: items separated by newlines, or by commas outside braces
    (``posts/{a,b}.md, notes/*.md`` is two patterns); items stripped, empty ones dropped."""
    items: list[str] = []
    current: list[str] = []
    depth = 0
    escaped = False
    for char in text:
        if escaped:
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "{":
            depth += 1
        elif char == "}" and depth:
            depth -= 1
        elif char == "\n" or (char == "," and depth == 0):
            items.append("".join(current))
            current, depth = [], 0
            continue
        current.append(char)
    items.append("".join(current))
    return [item.strip() for item in items if item.strip()]
