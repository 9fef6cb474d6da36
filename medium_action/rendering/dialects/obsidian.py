"""Obsidian's Markdown (and GitHub's alerts, the same syntax), as mistune plugins.

===========================================  =================================================
written                                      read as
===========================================  =================================================
``[[Note]]``, ``[[Note|label]]``,            a link to the note (the label, else "Note",
``[[Note#Heading]]``, ``[[#Heading]]``       "Note > Heading"), found anywhere in the vault;
                                             a note the vault does not have: its text
``![[image.png]]``, ``![[a.png|300]]``       the image, found anywhere in the vault by name
                                             (a width is no alt text); not found: left out
                                             with a warning
``![[Other note]]`` (a note embedded)        a link to it
``> [!type] Title`` (any type; ``+``/``-``)  a callout labelled Title, else the type
                                             (Medium cannot fold: folded ones open)
``> [!NOTE] text`` (GitHub's five kinds)     a callout labelled Note, the text its first line
``![alt](x.png)``, ``[a](Other%20Note.md)``   found in the vault as wikilinks are, when the
                                             note's folder has no such file
===========================================  =================================================

The vault is the workspace (``state.env["workspace"]``); without one, a link or an embed names
the file as written, relative to the note.
"""

from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.dialects.containers import label_paragraph, warn
from medium_action.rendering.links import MARKDOWN_SUFFIXES

if TYPE_CHECKING:
    from mistune.block_parser import BlockParser
    from mistune.core import BlockState, InlineState
    from mistune.inline_parser import InlineParser
    from mistune.markdown import Markdown

__all__ = ["OBSIDIAN_PLUGINS", "callouts", "vault_paths", "wikilinks"]

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".bmp", ".avif", ".tiff")
GITHUB_ALERTS = ("NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION")
_SKIPPED_DIRS = frozenset({".git", ".obsidian", ".trash", "node_modules"})

_WIKILINK = (
    r"(?P<wl_embed>!?)\[\[(?P<wl_target>[^\]\[\n|#^]*)(?P<wl_anchor>[#^][^\]\[\n|]*)?"
    r"(?:\|(?P<wl_label>[^\]\[\n]*))?\]\]"
)
_SIZE = re.compile(r"^\s*\d+(?:\s*x\s*\d+)?\s*$")


def _vault(state: InlineState | BlockState) -> dict[str, list[str]] | None:
    """Every file of the vault by lower-cased name (and name without ``.md``), paths from the
    root; read once per parse. None without a workspace."""
    root = state.env.get("workspace")
    if root is None:
        return None
    index = state.env.get("vault_index")
    if isinstance(index, dict):
        return index
    found: dict[str, list[str]] = {}
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS)
        for name in files:
            rel = Path(folder, name).relative_to(root).as_posix()
            found.setdefault(name.lower(), []).append(rel)
            stem, dot, suffix = name.rpartition(".")
            if dot and "." + suffix.lower() in MARKDOWN_SUFFIXES:
                found.setdefault(stem.lower(), []).append(rel)
    for paths in found.values():
        paths.sort(key=lambda p: (p.count("/"), p))  # Obsidian: the shortest path wins
    state.env["vault_index"] = found
    return found


def find_in_vault(target: str, state: InlineState | BlockState) -> str | None:
    """The workspace path ``target`` (a name or a vault path, ``.md`` optional) names: None when
    the vault has no such file, ``target`` itself when there is no vault to look in."""
    index = _vault(state)
    name = target.strip()
    if index is None:
        return name
    lower = name.lower()
    if "/" in lower:  # a path from the vault's root, or its tail
        tails = [p for paths in index.values() for p in paths]
        for candidate in (lower, lower + ".md"):
            hit = next((p for p in tails if p.lower() == candidate), None)
            hit = hit or next((p for p in tails if p.lower().endswith("/" + candidate)), None)
            if hit:
                return hit
        return None
    paths = index.get(lower)
    return paths[0] if paths else None


def _url(path: str, state: InlineState | BlockState) -> str:
    """The URL of the vault's ``path``: relative to the post when its path is known (a link
    then resolves to the other post, or the file in the repository), else from the root."""
    if state.env.get("workspace") is None:
        return quote(path, safe="/")  # as written: relative to the note
    article = state.env.get("article_path")
    if isinstance(article, str):
        return quote(posixpath.relpath(path, posixpath.dirname(article) or "."), safe="/")
    return "/" + quote(path, safe="/")


def _parse_wikilink(inline: InlineParser, m: re.Match[str], state: InlineState) -> int:
    target = m.group("wl_target").strip()
    # a heading shows after the note's name; a block id (^abc) is no text
    anchor = (m.group("wl_anchor") or "").lstrip("#").strip()
    anchor = "" if anchor.startswith("^") else anchor
    label = m.group("wl_label")
    rooted = state.env.get("workspace") is not None
    if m.group("wl_embed") and target.lower().endswith(IMAGE_SUFFIXES):
        path = find_in_vault(target, state)
        if path is None:
            warn(state, m.group(0), f"embedded image {target} left out: not found in the vault")
            return m.end()
        alt = "" if label is None or _SIZE.match(label) else label.strip()
        state.append_token(
            {
                "type": "image",
                "attrs": {"url": _url(path, state)},
                "children": [{"type": "text", "raw": alt}],
            }
        )
        return m.end()
    text = label.strip() if label and label.strip() else target
    if not label and anchor:
        text = (target + " > " + anchor) if target else anchor
    path = find_in_vault(target, state) if target else None
    if path is not None and rooted is False and "." not in Path(path).name:
        path += ".md"  # without a vault to look in: a note named as Obsidian writes it
    if path is None:
        state.append_token({"type": "text", "raw": text})
        return m.end()
    state.append_token(
        {
            "type": "link",
            "attrs": {"url": _url(path, state)},
            "children": [{"type": "text", "raw": text}],
        }
    )
    return m.end()


def wikilinks(md: Markdown) -> None:
    """``[[Note]]`` links and ``![[image.png]]`` embeds."""
    md.inline.register(
        "wikilink", _WIKILINK, _parse_wikilink, before="link", start_chars=("[", "!")
    )


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _vault_url(url: str, state: BlockState) -> str | None:
    """Where Obsidian finds the file a Markdown link or image names, when it is not where the
    note's folder says (``![](x.png)`` kept in ``Attachments/``, ``[a](Other%20Note.md)``
    elsewhere in the vault): its URL from the note; None to keep ``url`` as written."""
    workspace, article = state.env.get("workspace"), state.env.get("article_path")
    if workspace is None or not isinstance(article, str):
        return None
    if not url or url.startswith(("#", "/")) or _SCHEME.match(url):
        return None  # an anchor, a site-root path, a web address
    path, hash_mark, fragment = url.partition("#")
    name = unquote(path)
    here = posixpath.normpath(posixpath.join(posixpath.dirname(article), name))
    if not here.startswith("..") and (Path(workspace) / here).exists():
        return None  # beside the note, as written
    found = find_in_vault(name, state)
    if found is None:
        return None  # not in the vault either: the uploader or the link check says so
    return _url(found, state) + (hash_mark + fragment)


def _resolve_vault_paths(tokens: list[dict[str, Any]], state: BlockState) -> None:
    for tok in tokens:
        if tok["type"] in ("link", "image"):
            url = _vault_url(str(tok["attrs"].get("url", "")), state)
            if url is not None:
                tok["attrs"]["url"] = url
        children = tok.get("children")
        if isinstance(children, list) and tok["type"] != "block_code":
            _resolve_vault_paths(children, state)


def vault_paths(md: Markdown) -> None:
    """Markdown links and images found in the vault as Obsidian finds them (the shortest path
    of that name, or of that path's tail) when the note's folder does not have them."""

    def hook(md: Markdown, result: Any, state: BlockState) -> Any:
        if isinstance(result, list):
            _resolve_vault_paths(result, state)
        return result

    md.after_render_hooks.append(hook)


_CALLOUT_HEAD = re.compile(r"^\[!(?P<kind>[\w-]+)\](?P<fold>[+-]?)[ \t]*(?P<rest>[^\n]*)(?:\n|$)")


def _label(kind: str) -> str:
    word = kind.replace("-", " ").replace("_", " ")
    return word[:1].upper() + word[1:].lower()


def _callout(token: dict[str, Any]) -> None:
    """A block quote whose first line is ``[!type] Title``: its label, then the rest."""
    children = token.get("children") or []
    first = children[0] if children else None
    if first is None or first["type"] != "paragraph":
        return
    m = _CALLOUT_HEAD.match(str(first.get("text", "")).lstrip())
    if m is None:
        return
    kind, rest = m.group("kind"), m.group("rest").strip()
    body = str(first["text"]).lstrip()[m.end() :]
    github = kind in GITHUB_ALERTS and not m.group("fold")
    if github and rest:  # GitHub shows no title: the text is the alert's first line
        body = rest + ("\n" + body if body.strip() else "")
    label = _label(kind) if github or not rest else rest
    rest_tokens = [{"type": "paragraph", "text": body}] if body.strip() else []
    token["children"] = [label_paragraph(label, markdown=not github and bool(rest))]
    token["children"] += rest_tokens + children[1:]


def callouts(md: Markdown) -> None:
    """``> [!type] Title`` callouts (Obsidian's, any type, folding marks; GitHub's alerts)."""
    parse_quote = md.block._methods["block_quote"]

    def parse(block: BlockParser, m: re.Match[str], state: BlockState) -> int | None:
        before = len(state.tokens)
        end = parse_quote(m, state)
        for tok in state.tokens[max(before - 1, 0) :]:
            if tok["type"] == "block_quote":
                _callout(tok)
        return end

    md.block.register("block_quote", None, parse)


OBSIDIAN_PLUGINS = (wikilinks, callouts, vault_paths)

# What the dialects registry (``dialects/__init__.py``) knows of this one.
NAME = "obsidian"
ABOUT = (  # a row of the README's table: its "|" is escaped
    "Obsidian: `[[Note]]`, `[[Note\\|label]]`, `[[Note#Heading]]` links and `![[image.png]]` "
    "embeds found anywhere in the vault (Markdown links and images too), callouts "
    "`> [!type] Title` of any type with `+`/`-`"
)
SITE_FILES = (".obsidian",)
POST_SYNTAX = re.compile(r"!?\[\[[^\]\[\n]+\]\]|^ {0,3}> ?\[![\w-]+\][+-]", re.M)
"""Syntax only this dialect writes (for choosing it when the workspace says nothing)."""
PLUGINS = OBSIDIAN_PLUGINS
COMMON = (callouts,)
"""GitHub's alerts are this syntax too: every dialect's parser should have :func:`callouts`."""

DIALECT = register(
    Dialect(
        name=NAME,
        about=ABOUT,
        plugins=tuple(p for p in PLUGINS if p not in COMMON),  # COMMON: in every dialect
        site_files=SITE_FILES,
        post_syntax=POST_SYNTAX,
    )
)
