"""Hexo: its tag plugins, read where template tags are read.

- ``{% note [type] [title] %}`` … ``{% endnote %}`` is a callout of that type (the NexT and
  Butterfly themes' ``info``, ``warning``, ``success``, ``danger``…), labelled with the title;
- ``{% asset_img name.png [title] %}`` the image in the post's asset folder (``hello/`` beside
  ``hello.md``; ``title`` its caption), ``asset_path`` and ``asset_link`` a link to the asset;
- ``{% post_link slug [text] %}`` a link to the post ``source/_posts/slug.md`` (the resolver
  makes it that post's URL), its text the given one, else the slug.

The tags are rules of the one parse (:mod:`medium_action.rendering.templates.rules`, which
every dialect has: a note's body is parsed as Markdown in place); this module says what each
becomes. A site is Hexo's when its ``_config.yml`` has Hexo's keys.
"""

from __future__ import annotations

from pathlib import Path

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.templates.pieces import Expansion, escape_kept, md_image, parse_args
from medium_action.sources.site import read_config

__all__ = ["DIALECT", "expand_hexo", "is_hexo_site"]

TAGS = frozenset({"asset_img", "asset_image", "asset_path", "asset_link", "post_link", "post_path"})


def _md_dest(path: str) -> str:
    return "<" + path.replace("<", "%3C").replace(">", "%3E") + ">"


def expand_hexo(name: str, rest: str, asset_folder: str | None = None) -> Expansion | None:
    """What the Hexo tag ``name`` with arguments ``rest`` becomes; None if it is not Hexo's.

    ``asset_folder`` is the post's asset folder relative to it (``hello`` for ``hello.md``):
    where Hexo finds the files the ``asset_*`` tags name."""
    if name not in TAGS:
        return None
    positional, _ = parse_args(rest)
    if not positional:
        return None
    target, words = positional[0], positional[1:]
    text = " ".join(words).strip()
    if name.startswith("asset_") and asset_folder and "/" not in target and ":" not in target:
        target = asset_folder + "/" + target
    if name in ("asset_img", "asset_image"):
        return Expansion(md_image(target, text, text or None), block=True)
    if name == "asset_path":
        return Expansion(target)
    if name == "asset_link":
        return Expansion("[" + escape_kept(text or target) + "](" + _md_dest(target) + ")")
    slug = target.strip("/")
    path = "/source/_posts/" + slug + ("" if slug.endswith((".md", ".markdown")) else ".md")
    if name == "post_path":
        return Expansion(path)
    return Expansion("[" + escape_kept(text or slug) + "](" + _md_dest(path) + ")")


def is_hexo_site(root: Path) -> bool:
    data = read_config(root, "_config.yml") or read_config(root, "_config.yaml")
    if any(key in data for key in ("new_post_name", "post_asset_folder", "hexo")):
        return True
    try:
        return '"hexo"' in (root / "package.json").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False


DIALECT = register(
    Dialect(
        name="hexo",
        about=(
            "Hexo: `{% note type title %}` callouts, `{% asset_img %}` images, "
            "`{% post_link %}` links to other posts, `{% codeblock %}` code blocks"
        ),
        site_files=("_config.yml", "_config.yaml"),
        site_test=is_hexo_site,
        priority=15,
    )
)
