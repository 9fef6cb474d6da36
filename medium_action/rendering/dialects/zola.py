"""Zola: shortcodes written as calls, and ``@/`` internal links.

- ``{{ name(key="value", …) }}`` is read as what it shows: ``youtube(id=…)``, ``vimeo(id=…)``,
  ``gist(url=…)`` an autolink; a shortcode whose arguments name an image (``src``/``path``/
  ``file``… ending in ``.png``, ``.jpg``…) that image, its ``alt``/``caption`` kept; any other
  its URL or its text argument (as for other frameworks' unknown shortcodes);
- ``{% name(…) %}`` … ``{% end %}`` is its body, shaped as other frameworks' paired tags
  (callouts keep their title, details their summary: see
  :mod:`medium_action.rendering.templates.paired`);
- ``[text](@/blog/post.md)`` links to the post at ``content/blog/post.md`` (the resolver makes
  it that post's URL).

The tags are rules of the one parse (:mod:`medium_action.rendering.templates.rules`, which
every dialect has: a ``{% name() %}`` body is parsed as Markdown in place); this module says
what each becomes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.templates.pieces import Expansion, autolink, md_image, url_part
from medium_action.sources.site import read_config

if TYPE_CHECKING:
    from mistune.core import InlineState
    from mistune.inline_parser import InlineParser
    from mistune.markdown import Markdown

__all__ = ["CALL", "DIALECT", "call_args", "expand_zola", "is_zola_site"]

CALL = re.compile(r"\s*(?P<name>[A-Za-z_][\w-]*)\s*\((?P<args>[^()]*)\)\s*")
"""A Zola shortcode call, between its delimiters: ``name(key="v", n=1)``."""
_ARG = re.compile(r"""(?P<key>\w+)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^,\s)]+))""")
_IMAGE = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|svg|bmp|tiff?)(?:[?#].*)?$", re.I)
_IMAGE_KEYS = ("src", "path", "file", "image", "img", "url", "filename")


def call_args(args: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for m in _ARG.finditer(args):
        value = next(v for v in (m.group("dq"), m.group("sq"), m.group("bare")) if v is not None)
        out[m.group("key").lower()] = value
    return out


def expand_zola(name: str, args: dict[str, str]) -> Expansion | None:
    """What the Zola shortcode ``name(args)`` shows; None when its output is unknown."""
    name = name.lower()
    vid = args.get("id")
    if name == "youtube" and vid:
        return Expansion(autolink("https://www.youtube.com/watch?v=" + url_part(vid)), block=True)
    if name == "vimeo" and vid:
        return Expansion(autolink("https://vimeo.com/" + url_part(vid)), block=True)
    if name == "gist" and args.get("url"):
        return Expansion(autolink(args["url"]), block=True)
    src = next((args[k] for k in _IMAGE_KEYS if k in args and _IMAGE.search(args[k])), None)
    if src is None:
        src = next((v for v in args.values() if _IMAGE.search(v)), None)
    if src is not None:
        caption = args.get("caption") or args.get("title")
        alt = args.get("alt") or caption or ""
        return Expansion(md_image(_site_relative(src), alt, caption), block=True)
    return None


def _site_relative(src: str) -> str:
    """A shortcode's image path as the image finder reads it. Zola's shortcodes (tabi's
    ``image_toggler``, ``dual_theme_image``…) take ``blog/post/a.webp`` from the content folder
    (a file beside the post too): written from the site's root, it is looked for in every folder
    from the workspace root down to the post's, ``content/`` and the post's own included."""
    if "/" not in src or src.startswith(("/", ".")) or "://" in src or src.startswith("data:"):
        return src
    return "/" + src


# KaTeX's auto-render, as Zola sites load it: "$ \sin(x) $" (spaces inside, as KaTeX allows;
# a TeX command inside tells it from prices) and "\\[ … \\]" / "\\( … \\)" (the backslash
# doubled because Zola's Markdown eats one before KaTeX reads the page)
_KATEX = (
    r"\$[ \t]+(?P<katex_spaced>[^$\n]*?\\[A-Za-z][^$\n]*?)[ \t]*\$(?!\d)"
    r"|\\\\\((?P<katex_paren>[^\n]+?)\\\\\)|\\\\\[(?P<katex_bracket>[\s\S]+?)\\\\\]"
)


def _parse_katex(inline: InlineParser, m: re.Match[str], state: InlineState) -> int:
    if m.group("katex_bracket") is not None:
        state.append_token({"type": "block_math", "raw": m.group("katex_bracket").strip()})
    else:
        text = m.group("katex_spaced") or m.group("katex_paren") or ""
        state.append_token({"type": "inline_math", "raw": text.strip()})
    return m.end()


def katex(md: Markdown) -> None:
    md.inline.register("zola_katex", _KATEX, _parse_katex, before="escape")


def is_zola_site(root: Path) -> bool:
    """``zola.toml`` (what ``zola init`` writes since 0.19) or ``config.toml`` with Zola's
    ``base_url`` (Hugo's is ``baseURL``)."""
    for name in ("zola.toml", "config.toml"):
        data = read_config(root, name)
        if "base_url" in data and "baseURL" not in data:
            return True
    return False


DIALECT = register(
    Dialect(
        name="zola",
        about=(
            'Zola: shortcodes `{{ youtube(id="…") }}`, a shortcode naming an image shows it, '
            "`{% name() %}…{% end %}` bodies, `@/path.md` links to other posts"
        ),
        site_files=("zola.toml", "config.toml"),
        site_test=is_zola_site,
        post_syntax=re.compile(r"\{\{\s*[a-z_]\w*\([^()\n]{0,500}\)\s*\}\}|\]\(@/"),
        plugins=(katex,),
        priority=10,
    )
)
