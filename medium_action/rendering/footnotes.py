"""Footnotes: every note of a post, referenced or not, for the ``<ol>`` Medium shows at the end.

mistune renders only the notes a post references; a note never referenced would lose its text,
so it is parsed here the same way and added after them (the renderer warns about it).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, cast

from mistune.core import BlockState

from medium_action.rendering.syntax.plugins import footnote_item
from medium_action.rendering.tokens import MD

__all__ = ["footnote_label", "note_tokens", "notes_list", "unreferenced_keys"]


def unreferenced_keys(state: BlockState) -> list[str]:
    defined = state.env.get("ref_footnotes") or {}
    used = set(state.env.get("footnotes") or [])
    return [k for k in defined if k not in used]


def note_tokens(state: BlockState, keys: list[str], first_index: int) -> list[dict[str, Any]]:
    """Footnote definitions never referenced, parsed like the referenced ones."""
    items = [footnote_item(MD.block, key, first_index + i, state) for i, key in enumerate(keys)]
    child = BlockState(parent=state)
    child.tokens = [{"type": "footnotes", "children": items}]
    tokens = cast("list[dict[str, Any]]", MD.render_state(child))
    return cast("list[dict[str, Any]]", tokens[0]["children"])


def notes_list(notes: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The notes as a list token numbered from 1, for the renderer's list method."""
    items = [{"type": "list_item", "children": n["children"]} for n in notes]
    return {"type": "list", "children": items, "attrs": {"ordered": True, "start": 1}}


def footnote_label(source: str, key: str) -> str:
    """The key as the writer spelled it: mistune's keys are case-folded."""
    m = re.search(r"\[\^(" + re.escape(key) + r")\]:", source, re.I)
    return m.group(1) if m else key
