"""mistune plugins for what blog frameworks write inline: emoji shortcodes, TeX delimiters, notes.

Each adds one construct to the parser (its own rule and token), like mistune's own plugins:

- :func:`emoji`: ``:rocket:`` → a ``text`` token holding 🚀 (GitHub's names; an unknown name, or
  one glued to a word such as ``a:b:c``, stays text);
- :func:`tex_math`: ``\\(…\\)`` → ``inline_math``, ``\\[…\\]`` → ``block_math`` (the ``$``
  forms come from mistune's ``math`` plugin, whose inline rule is made stricter here: no space
  before the closing ``$`` either, so "$5 and $ 10" stays prose);
- :func:`.tabs.tabs_kept`: code inside list items, block quotes and components keeps its tabs,
  as CommonMark and MDX keep them (mistune turns them into spaces);
- :func:`continued_footnotes`: a footnote definition keeps the lines that continue it (indented
  by tabs or by more than four spaces, or lazy paragraph lines), which mistune's rule cuts off;
- :func:`~medium_action.rendering.syntax.emphasis.linear_emphasis`: mistune's emphasis pairs,
  found in linear time (emphasis nested thousands deep was quadratic).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mistune.util import unikey

from medium_action.rendering.syntax.emphasis import linear_emphasis
from medium_action.rendering.syntax.tabs import tabs_kept

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState, InlineState
    from mistune.inline_parser import InlineParser
    from mistune.markdown import Markdown

__all__ = [
    "SYNTAX_PLUGINS",
    "continued_footnotes",
    "emoji",
    "emoji_for",
    "footnote_item",
    "tex_math",
]


@cache
def _emoji_table() -> dict[str, str]:
    # Package data beside this module (emoji.txt says where it comes from), read on first use.
    lines = Path(__file__).with_name("emoji.txt").read_text(encoding="utf-8").splitlines()
    return dict(line.split(" ", 1) for line in lines if line and not line.startswith("#"))


def emoji_for(name: str) -> str | None:
    """The emoji GitHub shows for ``:name:``, or None."""
    return _emoji_table().get(name)


_EMOJI = r"(?<![\w:]):(?P<emoji_name>[a-z0-9_+\-]{1,40}):(?![\w:])"


def _parse_emoji(inline: InlineParser, m: re.Match[str], state: InlineState) -> int | None:
    char = emoji_for(m.group("emoji_name"))
    if char is None:
        return None
    state.append_token({"type": "text", "raw": char})
    return m.end()


def emoji(md: Markdown) -> None:
    md.inline.register("emoji", _EMOJI, _parse_emoji, before="link", start_chars=":")


_INLINE_DOLLAR = (
    r"\$\$(?P<display_math_text>(?:[^$\\]|\\.)*?)\$\$|"
    r"\$(?P<backtick_math_marker>`+)(?P<backtick_math_text>[\s\S]*?)(?P=backtick_math_marker)\$|"
    r"\$(?!\$)(?!\s)(?P<math_text>(?:[^$\\\n]|\\.)*?(?:[^\s$\\]|\\.))\$(?!\d)"
)
_INLINE_TEX = r"\\\((?P<paren_math>[^\n]+?)\\\)|\\\[(?P<bracket_math>[\s\S]+?)\\\]"
_BLOCK_TEX = (
    r"^ {0,3}\\\[(?P<tex_single>[^\n]*?)\\\][ \t]*(?:\n|$)|"
    r"^ {0,3}\\\[[ \t]*\n(?P<tex_multi>[\s\S]*?)\n {0,3}\\\][ \t]*(?:\n|$)"
)


def _parse_inline_tex(inline: InlineParser, m: re.Match[str], state: InlineState) -> int:
    if m.group("paren_math") is not None:
        state.append_token({"type": "inline_math", "raw": m.group("paren_math")})
    else:
        state.append_token({"type": "block_math", "raw": m.group("bracket_math")})
    return m.end()


def _parse_block_tex(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    text = m.group("tex_single")
    if text is None:
        text = m.group("tex_multi")
    state.append_token({"type": "block_math", "raw": text})
    return m.end()


def tex_math(md: Markdown) -> None:
    """``\\(…\\)`` and ``\\[…\\]``, after mistune's ``math`` plugin (its ``$`` rule tightened)."""
    inline_math = md.inline._methods["inline_math"]  # keep mistune's parse of the $ forms
    md.inline.register(
        "inline_math",
        _INLINE_DOLLAR,
        lambda inline, m, state: inline_math(m, state),
        start_chars="$",
    )
    md.inline.register(
        "inline_tex", _INLINE_TEX, _parse_inline_tex, before="escape", start_chars="\\"
    )
    md.block.register("block_tex", _BLOCK_TEX, _parse_block_tex, before="list")


# The first line after "[^key]:" (a space after the colon or not: Python-Markdown takes both),
# then: blank lines followed by an indented line, indented lines (spaces or tabs, any depth),
# and lazy lines that continue the paragraph (not a new block); never a line that defines a link
# (``  [label]: url``, as MkDocs sites write them under their notes).
_REF_FOOTNOTE = (
    r"^(?P<footnote_lead> {0,3})"
    r"\[\^(?P<footnote_key>(?:[^\\\[\]\s]|\\.){1,500})]:[ \t\n]?"
    r"(?P<footnote_text>[^\n]*(?:\n|$)"
    r"(?:(?:[ \t]*\n)*(?![ ]{0,3}\[[^\]\n]+\]:)(?:[ ]{1,}|\t)[^\n]*(?:\n|$)"
    r"|(?![ \t]*\n|[ ]{0,3}(?:[#>*+\-|`~]|\d{1,9}[.)]|\[\^|\[[^\]\n]+\]:|<|\$\$))[^\n]+(?:\n|$))*)"
)


def _parse_continued_footnote(block: BlockParser, m: re.Match[str], state: BlockState) -> int:
    first, _, rest = m.group("footnote_text").partition("\n")
    lines = rest.rstrip("\n").split("\n") if rest.strip() else []
    lines = [line.expandtabs(4) for line in lines]
    indents = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    cut = min(indents, default=0)
    # mistune's item parser dedents by the second line's indent: give every line four spaces
    body = [("    " + line[cut:]) if line.strip() else "" for line in lines]
    text = "\n".join([first, *body]) + "\n"
    ref = state.env.setdefault("ref_footnotes", {})
    ref.setdefault(unikey(m.group("footnote_key")), text)
    return m.end()


def footnote_item(block: BlockParser, key: str, index: int, state: BlockState) -> dict[str, Any]:
    """A definition's token, its continuation lines parsed as Markdown after taking off the four
    spaces :func:`_parse_continued_footnote` gave each: exactly those, so code inside keeps its
    own indentation (mistune's item parser takes off every leading space)."""
    text = state.env["ref_footnotes"][key]
    first, _, rest = text.partition("\n")
    if not rest.strip():
        children: list[dict[str, Any]] = [{"type": "paragraph", "text": text.strip()}]
    else:
        body = re.sub(r"^ {4}", "", rest, flags=re.M)
        child = state.child_state((first.strip() + "\n" + body).strip("\n") + "\n")
        block.parse(child)
        children = child.tokens
    return {"type": "footnote_item", "children": children, "attrs": {"key": key, "index": index}}


def _footnotes_hook(md: Markdown, result: Any, state: BlockState) -> Any:
    """mistune's ``md_footnotes_hook`` with :func:`footnote_item` as its item parser."""
    notes = state.env.get("footnotes")
    if not notes:
        return result
    children = [footnote_item(md.block, k, i + 1, state) for i, k in enumerate(notes)]
    notes_state = state.child_state("")
    notes_state.tokens = [{"type": "footnotes", "children": children}]
    return result + md.render_state(notes_state)


def continued_footnotes(md: Markdown) -> None:
    """After mistune's ``footnotes`` plugin: its definition rule replaced by a longer one, its
    item parser by one that keeps code's indentation."""
    md.block.register("ref_footnote", _REF_FOOTNOTE, _parse_continued_footnote)
    hooks = md.after_render_hooks
    at = next((i for i, h in enumerate(hooks) if h.__name__ == "md_footnotes_hook"), None)
    if at is not None:
        hooks[at] = _footnotes_hook


SYNTAX_PLUGINS = (tabs_kept, emoji, tex_math, continued_footnotes, linear_emphasis)
