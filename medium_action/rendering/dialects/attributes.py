"""Block attribute lists on their own line: styling for the site's theme, never shown.

Three frameworks let a writer put a block's attributes on the line right after it (or, for a
block quote or a list, as the quote's or item's last lazy line), each in its own spelling:

- Hugo (Goldmark's ``parser.attribute.block``): ``{#id .class key="v"}``,
  :func:`goldmark_block_attrs`;
- Jekyll (kramdown's inline attribute lists): ``{: .class #id key="v"}``,
  :func:`kramdown_block_attrs`;
- MkDocs (Python-Markdown's ``attr_list``): either, :func:`python_markdown_block_attrs`.

Medium has no classes, ids or attributes: the line is dropped. One block rule does it for all
three (:func:`block_attribute_rule`, the spelling its argument), in the post's blocks, in block
quotes (a lazy line after ``> [!CAUTION]`` lands inside the quote) and in list items. Inside
code nothing changes: block rules never run there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from medium_action.rendering.dialects.containers import register_block

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState
    from mistune.markdown import Markdown

__all__ = [
    "GOLDMARK",
    "KRAMDOWN",
    "block_attribute_rule",
    "goldmark_block_attrs",
    "kramdown_block_attrs",
    "python_markdown_block_attrs",
]

# one attribute: .class, #id, key=value (value quoted or bare), a bare word (kramdown's
# references to attribute list definitions, HTML's boolean attributes)
_ITEM = r"(?:[.#][\w:!/\[\]-]+|[\w-]+=(?:\"[^\"\n]*\"|'[^'\n]*'|[^\s}\"']+)|[\w-]+)"
_ITEMS = _ITEM + r"(?:[ \t]+" + _ITEM + r")*"

GOLDMARK = r"\{[ \t]*(?=[.#]|[\w-]+=)" + _ITEMS + r"[ \t]*\}"
"""Goldmark's (and Python-Markdown's colon-less) spelling: it starts with a class, an id or a
``key=``, so ``{foo}`` and ``{{ x }}`` (prose, templates) are not attributes."""
KRAMDOWN = r"\{:(?![ \t]*toc[ \t]*\})(?!/)[^{}\n]{0,300}\}"
"""kramdown's inline attribute list (and Python-Markdown's ``{: …}``); ``{:toc}`` is not one
(the Jekyll dialect reads it as the table of contents)."""


def _drop(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    return m.end()  # the theme's styling of the block before: nothing Medium could show


def block_attribute_rule(name: str, *spellings: str) -> Callable[[Markdown], None]:
    """A plugin dropping a line that is only an attribute list in one of ``spellings``."""
    pattern = r"^[ ]{0,3}(?:" + "|".join(spellings) + r")[ \t]*(?:\n|$)"

    def plugin(md: Markdown) -> None:
        # a block rule interrupts the paragraph before it, so the line never joins its text
        register_block(md, name, pattern, _drop, before="list")

    plugin.__name__ = name
    plugin.__doc__ = f"A line of only an attribute list ({name}): dropped."
    return plugin


goldmark_block_attrs = block_attribute_rule("goldmark_block_attrs", GOLDMARK)
kramdown_block_attrs = block_attribute_rule("kramdown_ial", KRAMDOWN)
python_markdown_block_attrs = block_attribute_rule("attr_list_block", KRAMDOWN, GOLDMARK)
