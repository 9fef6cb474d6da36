"""The images a post shows, found on the tokens before any upload (pure, nothing rendered)."""

from __future__ import annotations

import bisect
import re
from typing import Any, cast

from mistune.util import unescape

from medium_action.rendering.footnotes import note_tokens, unreferenced_keys
from medium_action.rendering.rawhtml.filter import find_img_tags
from medium_action.rendering.templates.expand import expand_template_tags
from medium_action.rendering.tokens import MD, normalize_newlines, plain_text, skips_content
from medium_action.rendering.types import ImageRef
from medium_action.rendering.urls import is_image_source, url_key

__all__ = ["find_images"]


def find_images(body: str) -> list[ImageRef]:
    """Every image the post shows (Markdown, figure shortcodes, raw ``<img>``), in order."""
    text = normalize_newlines(body)
    pre = expand_template_tags(text)
    tokens, state = MD.parse(pre.text)
    found: list[tuple[str, str, str | None, list[str]]] = []

    def walk(toks: list[dict[str, Any]]) -> None:
        suppress: list[str] = []  # raw inline <iframe>… whose content the renderer drops
        for tok in toks:
            typ = tok["type"]
            if suppress and typ != "inline_html":
                continue
            if typ == "image":
                url = tok["attrs"]["url"]
                key = url_key(url)
                title = tok["attrs"].get("title")
                needles = [key, url]
                if tok.get("label"):
                    needles.insert(0, "[" + tok["label"] + "]")
                if key and is_image_source(key):
                    found.append(
                        (
                            key,
                            plain_text(tok["children"]),
                            unescape(title) if title else None,
                            needles,
                        )
                    )
            elif typ == "inline_html" and skips_content(tok["raw"], suppress):
                continue
            elif typ in ("block_html", "inline_html") and not suppress:
                for attrs in find_img_tags(tok["raw"]):
                    src = attrs.get("src", "").strip()
                    key = url_key(src)
                    if key and is_image_source(key):
                        found.append(
                            (key, attrs.get("alt", ""), attrs.get("title") or None, [src, key])
                        )
            if "children" in tok and typ != "image":  # an alt text shows no image
                walk(tok["children"])

    walk(cast("list[dict[str, Any]]", tokens))
    unreferenced = unreferenced_keys(state)
    if unreferenced:
        walk(note_tokens(state, unreferenced, 1))

    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    refs: list[ImageRef] = []
    cursor = 0
    for src, alt, title, needles in found:
        pos = _find_first(text, needles, cursor)
        if pos < 0:
            pos = _find_first(text, needles, 0)
        else:
            cursor = pos + 1
        line = bisect.bisect_right(line_starts, pos) if pos >= 0 else None
        refs.append(ImageRef(src=src, alt=alt, title=title, line=line))
    return refs


def _find_first(text: str, needles: list[str], start: int) -> int:
    best = -1
    for needle in needles:
        if not needle:
            continue
        pos = text.find(needle, start)
        if pos >= 0 and (best < 0 or pos < best):
            best = pos
    return best
