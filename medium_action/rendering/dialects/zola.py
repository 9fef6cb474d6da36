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

The tags are found where template tags are (:mod:`medium_action.rendering.templates.expand`);
this module says what each becomes.
"""

from __future__ import annotations

import re
from pathlib import Path

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.templates.pieces import Expansion, autolink, md_image, url_part
from medium_action.sources.site import read_config

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
        return Expansion(md_image(src, alt, caption), block=True)
    return None


def internal_link(href: str) -> str | None:
    """The workspace path of a Zola internal link (``@/blog/post.md#part`` → content/…)."""
    if not href.startswith("@/"):
        return None
    return "/content/" + href[2:]


def is_zola_site(root: Path) -> bool:
    data = read_config(root, "config.toml")
    return "base_url" in data and "baseURL" not in data


DIALECT = register(
    Dialect(
        name="zola",
        about=(
            'Zola: shortcodes `{{ youtube(id="…") }}`, a shortcode naming an image shows it, '
            "`{% name() %}…{% end %}` bodies, `@/path.md` links to other posts"
        ),
        site_files=("config.toml",),
        site_test=is_zola_site,
        post_syntax=re.compile(r"\{\{\s*[a-z_]\w*\([^()\n]{0,500}\)\s*\}\}|\]\(@/"),
        priority=10,
    )
)
