"""Markdown tables for GitHub (the job summary and the commit comment), with one escaping.

Every piece of untrusted text (titles, paths, reasons, errors) goes through :func:`cell`:

- newlines and runs of whitespace become one space, so a cell cannot end its row;
- HTML is escaped (``<``, ``>``, ``&``), so nothing can open a tag or an HTML comment (which
  could forge or hide the commit comment's ledger line);
- Markdown punctuation (``\\ ` * _ [ ] | ~``) is backslash-escaped: no code span, emphasis,
  link or strike-through, and ``|`` cannot split the cell;
- ``@name`` and ``#123`` get a zero-width space after ``@``/``#``, so a title cannot notify a
  user or cross-reference an issue.

An ``http(s)://`` URL inside a text is kept as written, but for ``\\`` and ``|``, so that GitHub
still links it (a backslash would cut the link there); inside a link a mention is inert. The
punctuation GitHub leaves out of the end of a link (``?!.,:*_~``) is escaped as text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

__all__ = ["cell", "link", "table"]

_TABLE_SPECIAL = re.compile(r"([\\|])")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")
_URL = re.compile(
    r"(https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?:[/?#][^\s<>]*?)?)(?=[?!.,:*_~]*(?:[\s<>]|$))"
)
_MENTION = re.compile(r"(@(?=[A-Za-z0-9])|#(?=[0-9]))")
_SAFE_URL = re.compile(r"https?://[^\s<>()\\`|\[\]\"']+")


def cell(text: str, limit: int | None = None) -> str:
    """Untrusted text made inert for one Markdown table cell (see the module docstring);
    longer than ``limit`` characters, it is cut and ends with an ellipsis."""
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    # URLs land at odd indexes of the split.
    pieces = _URL.split(text)
    return "".join(
        _TABLE_SPECIAL.sub(r"\\\1", piece) if i % 2 else _escape(piece)
        for i, piece in enumerate(pieces)
    )


def link(text: str, url: str, limit: int | None = None) -> str:
    """``[text](url)`` for a plain http(s) URL; otherwise the text alone (never a
    ``javascript:`` link, never a URL that could end the link or the cell early)."""
    shown = cell(text, limit)
    return f"[{shown}]({url})" if _SAFE_URL.fullmatch(url) else shown


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    limit: int | None = None,
    more: str = "see the job summary",
) -> list[str]:
    """The lines of a table (and a blank line after it). ``header`` is trusted text; ``rows``
    hold cells already made with :func:`cell` or :func:`link`. With ``limit``, only the first
    ``limit`` rows are shown, then a row that says how many more there are and where."""
    shown = rows if limit is None else rows[:limit]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in shown]
    if len(shown) < len(rows):
        note = f"_… and {len(rows) - len(shown)} more ({more})_"
        lines.append("| " + note + " |" + " |" * (len(header) - 1))
    lines.append("")
    return lines


def _escape(text: str) -> str:
    # html.escape(text, quote=False), without importing html (and its entity table) on every
    # run: a no-op push writes its summary too (issue 22).
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    return _MENTION.sub("\\1\u200b", escaped)
