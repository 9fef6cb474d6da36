"""A post parsed once into mistune's tokens (template tags are rules of it), walked by everyone.

:func:`parse_post` is the only place a post's Markdown is read. Rendering (HTML and Markdown),
image discovery (:meth:`ParsedPost.images`), link discovery (:meth:`ParsedPost.linked_paths`,
reference links and raw ``<a href>`` included) and title detection (:meth:`ParsedPost.first_h1`)
all walk the same tokens, so they can never disagree about what the post says (a link in a code
block is no link for any of them).

Nothing here or in the renderers changes the tokens: a post may be rendered for a preview and
again for Medium, and must give the same result both times.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from mistune.core import BlockState
from mistune.util import unescape

from medium_action.rendering.dialects import markdown_for
from medium_action.rendering.footnotes import note_tokens, unreferenced_keys
from medium_action.rendering.links import MARKDOWN_SUFFIXES, workspace_path
from medium_action.rendering.rawhtml.filter import find_a_hrefs, find_img_tags, parse_tag
from medium_action.rendering.rawhtml.policy import picture_source
from medium_action.rendering.tokens import normalize_newlines, plain_text, skips_content
from medium_action.rendering.types import ImageRef, RenderWarning
from medium_action.rendering.urls import url_key

__all__ = ["ParsedPost", "Token", "parse_post"]

Token = dict[str, Any]


@dataclass(frozen=True, eq=False)
class ParsedPost:
    """One post's body, parsed. Build it with :func:`parse_post`; read it, never change it."""

    source: str
    """The body as given, newlines normalised: lines of warnings and images count in it."""
    text: str
    """What mistune parsed: the body as given (template tags and framework blocks are rules of
    the parse, never rewritten first)."""
    tokens: Sequence[Token]
    """mistune's block tokens (inline children parsed), footnote definitions left out."""
    notes: Sequence[Token]
    """Every footnote definition: the referenced ones in order, then the others."""
    unreferenced_notes: tuple[str, ...]
    """Keys of footnotes never referenced (their text is kept in the notes)."""
    state: BlockState = field(repr=False)
    """mistune's parse state (reference definitions in ``env``), for mistune's renderer API."""
    template_warnings: tuple[RenderWarning, ...] = ()
    """What expanding the template tags had to say, with the line of each tag."""
    cover: str | None = None
    """The front matter's cover image, written above the body: it takes no caption from it."""

    @property
    def reference_definitions(self) -> Mapping[str, Mapping[str, Any]]:
        """``[label]: url "title"`` definitions, by mistune's normalised label."""
        return cast("Mapping[str, Mapping[str, Any]]", self.state.env.get("ref_links") or {})

    def walk(self) -> Iterator[Token]:
        """Every token in document order (depth first), the notes last."""
        stack: list[Iterator[Token]] = [iter(self.notes), iter(self.tokens)]
        while stack:
            tok = next(stack[-1], None)
            if tok is None:
                stack.pop()
                continue
            yield tok
            children = tok.get("children")
            if children:
                stack.append(iter(children))

    # ------------------------------------------------------------------ title

    def first_h1(self) -> str | None:
        """The plain text of the first top-level ``#`` heading (``===`` underlined too)."""
        for tok in self.tokens:
            if tok["type"] == "heading" and tok["attrs"]["level"] == 1:
                text = " ".join(plain_text(tok["children"]).split())
                if text:
                    return text
        return None

    def has_text(self) -> bool:
        """Whether anything but a lone ``#`` heading (which becomes the title) is in the body."""
        blocks = [t for t in self.tokens if t["type"] != "blank_line"]
        if self.notes:
            return True
        if len(blocks) != 1:
            return bool(blocks)
        only = blocks[0]
        return not (only["type"] == "heading" and only["attrs"]["level"] == 1)

    # ------------------------------------------------------------------ links

    def link_urls(self) -> list[str]:
        """Every link target as written (percent-decoded when relative), in document order:
        inline and reference links, autolinks, raw ``<a href>``; never inside code."""
        urls: list[str] = []

        def collect(tokens: Sequence[Token]) -> None:  # self.walk()'s order, without its yields
            for tok in tokens:
                typ = tok["type"]
                if typ == "link":
                    urls.append(url_key(tok["attrs"]["url"]))
                elif typ in ("inline_html", "block_html") and "href" in tok["raw"]:
                    urls.extend(url_key(href) for href in find_a_hrefs(tok["raw"]))
                children = tok.get("children")
                if children:
                    collect(children)

        collect(self.tokens)
        collect(self.notes)
        return urls

    def linked_paths(self, article_path: str) -> set[str]:
        """Workspace paths of the Markdown files this post (at ``article_path``) links to."""
        found = set()
        for url in self.link_urls():
            path = workspace_path(url, article_path)
            if path is not None and path.lower().endswith(MARKDOWN_SUFFIXES):
                found.add(path)
        return found

    # ------------------------------------------------------------------ images

    def images(self) -> list[ImageRef]:
        """Every image the post shows (Markdown, figure shortcodes, raw ``<img>``), in order."""
        found: list[tuple[str, str, str | None, list[str]]] = []

        def walk(toks: Sequence[Token]) -> None:
            suppress: list[str] = []  # raw inline <iframe>… whose content the renderer drops
            pictures: list[str | None] = []  # raw inline <picture>s open, as the renderer reads
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
                    # every scheme: one it cannot send fails the post (publishing/images/lookup.py)
                    if key:
                        alt = plain_text(tok["children"])
                        found.append((key, alt, unescape(title) if title else None, needles))
                elif typ == "inline_html" and skips_content(tok["raw"], suppress):
                    continue
                elif typ in ("block_html", "inline_html") and not suppress:
                    if typ == "inline_html" and _picture_tag(tok["raw"], pictures, found):
                        continue
                    for attrs in find_img_tags(tok["raw"]):
                        src = attrs.get("src", "").strip()
                        key = url_key(src)
                        if key:
                            alt = attrs.get("alt", "")
                            found.append((key, alt, attrs.get("title") or None, [src, key]))
                if "children" in tok and typ != "image":  # an alt text shows no image
                    walk(tok["children"])

        walk(self.tokens)
        walk(self.notes)
        return self._placed(found)

    def _placed(self, found: list[tuple[str, str, str | None, list[str]]]) -> list[ImageRef]:
        """The images with the line each is written on (found by its text, in order)."""
        text = self.source
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


def _picture_tag(
    raw: str, pictures: list[str | None], found: list[tuple[str, str, str | None, list[str]]]
) -> bool:
    """Follow raw inline ``<picture>`` as the renderer does: its ``<img>``, else (at its end) its
    best ``<source>`` is the image. True when the tag needs nothing more."""
    tag = parse_tag(raw)
    if tag.name == "picture" and tag.kind == "start":
        pictures.append(None)
        return True
    if tag.name == "picture" and tag.kind == "end" and pictures:
        source = pictures.pop()
        if source:
            found.append((url_key(source), "", None, [source, url_key(source)]))
        return True
    if pictures and tag.kind == "start" and tag.name == "source":
        if pictures[-1] is None:
            pictures[-1] = picture_source(tag.attrs)
        return True
    if pictures and tag.kind == "start" and tag.name == "img":
        pictures[-1] = ""
    return False


def _line_of(text: str, needle: str, cursors: dict[str, int] | None = None) -> int | None:
    """The 1-based line where ``needle`` first is in ``text`` (after its place the last time
    ``cursors`` was asked about it), or None."""
    start = cursors.get(needle, 0) if cursors is not None else 0
    pos = text.find(needle, start) if needle else -1
    if pos < 0 and start:
        pos = text.find(needle)
    if cursors is not None and pos >= 0:
        cursors[needle] = pos + 1
    return text.count("\n", 0, pos) + 1 if pos >= 0 else None


def _line_holding(text: str, line: str, cursors: dict[str, int]) -> int | None:
    """The 1-based line of ``text`` that is ``line`` (block quote marks, list markers and
    indentation before it aside), the next one after the last asked about; else None."""
    found = re.compile(
        r"^[ \t>]*(?:(?:[-+*]|\d{1,9}[.)])[ \t]+)?" + re.escape(line) + r"[ \t]*$", re.M
    )
    m = found.search(text, cursors.get("\0" + line, 0)) or found.search(text)
    if m is None:
        return None
    cursors["\0" + line] = m.end()
    return text.count("\n", 0, m.start()) + 1


def _find_first(text: str, needles: list[str], start: int) -> int:
    best = -1
    for needle in needles:
        if not needle:
            continue
        pos = text.find(needle, start)
        if pos >= 0 and (best < 0 or pos < best):
            best = pos
    return best


def parse_post(
    body: str,
    dialect: str | None = None,
    *,
    asset_folder: str | None = None,
    workspace: Path | None = None,
    article_path: str | None = None,
    cover: str | None = None,
    front_matter: Mapping[str, Any] | None = None,
) -> ParsedPost:
    """The body's Markdown parsed, template tags with it: once, for every reader.

    ``dialect`` names the framework's Markdown to read it in (see
    :mod:`medium_action.rendering.dialects`); None: the plugins every dialect has.
    ``asset_folder``: the post's own asset folder, relative to it (Hexo's ``{% asset_img %}``).
    ``workspace`` (the repository's root) is where the dialects look for the files a post pulls
    in (MkDocs snippets, Obsidian embeds); without it they are left out with a warning.
    ``article_path`` (the post's workspace path) makes what they find relative to the post.
    ``cover`` names the image the caller wrote above the body as its cover. ``front_matter``:
    the post's, for the template values it gives (``{{ page.title }}``, ``{% if page.x %}``)."""
    source = normalize_newlines(body)
    md = markdown_for(dialect)
    start = md.block.state_cls()
    if asset_folder is not None:
        start.env["asset_folder"] = asset_folder
    if workspace is not None:
        start.env["workspace"] = workspace
    if article_path is not None:
        start.env["article_path"] = article_path
    if front_matter:
        start.env["front_matter"] = front_matter
    parsed, state = md.parse(source, start)
    cursors: dict[str, int] = {}  # the same text warned of twice: its next place each time
    dialect_warnings = [
        *state.env.get("dialect_warnings", ()),
        *(
            (_line_of(source, needle, cursors), message)
            for needle, message in state.env.get("dialect_needle_warnings", ())
        ),
        *(
            (_line_holding(source, line, cursors), message)
            for line, message in state.env.get("template_line_warnings", ())
        ),
    ]
    tokens = cast("list[Token]", parsed)
    notes: list[Token] = []
    if tokens and tokens[-1]["type"] == "footnotes":
        notes = list(tokens[-1]["children"])
        tokens = tokens[:-1]
    unreferenced = unreferenced_keys(state)
    if unreferenced:
        notes += note_tokens(state, unreferenced, len(notes) + 1)
    return ParsedPost(
        source=source,
        text=source,
        tokens=tokens,
        notes=notes,
        unreferenced_notes=tuple(unreferenced),
        state=state,
        cover=cover,
        template_warnings=tuple(
            RenderWarning(m, line)
            for line, m in sorted(dialect_warnings, key=lambda w: (w[0] or 0, w[1]))
        ),
    )
