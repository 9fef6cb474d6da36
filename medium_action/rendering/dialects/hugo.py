"""Hugo: its shortcodes, read where template tags are read.

Hugo's shortcodes (``{{< figure >}}``, ``{{< ref >}}``/``relref`` links, a theme's paired
``{{% notice tip "Pro tip" %}}`` callouts keeping their title, code tabs ``lang=``, video and
gist embeds, ``{{% param %}}`` from the site's ``params``) are rules of the one parse
(:mod:`medium_action.rendering.templates.rules`, which every dialect has: posts carry them
whatever site they were written for), so code is never read as a shortcode; page-bundle images
(``index.md`` beside its pictures) are relative paths, found next to the post.
"""

from __future__ import annotations

from pathlib import Path

from medium_action.rendering.dialects import Dialect, register
from medium_action.rendering.dialects.attributes import goldmark_block_attrs
from medium_action.rendering.dialects.definitions import goldmark_definitions
from medium_action.sources.site import read_config

__all__ = ["DIALECT", "is_hugo_site"]

_CONFIGS = ("config.toml", "config.yaml", "config.yml", "config.json")


def is_hugo_site(root: Path) -> bool:
    """``hugo.*``, or a ``config.*`` with Hugo's keys (Zola's ``config.toml`` has ``base_url``)."""
    if any(root.glob("hugo.*")):
        return True
    for name in _CONFIGS:
        data = {str(k).lower(): v for k, v in read_config(root, name).items()}
        if "baseurl" in data or "theme" in data or (root / "archetypes").is_dir():
            return "base_url" not in data
    return False


DIALECT = register(
    Dialect(
        name="hugo",
        about=(
            "Hugo: shortcodes (`figure` with its caption, `ref`/`relref` links, a theme's "
            '`{{% notice tip "Pro tip" %}}` callouts keeping their title, paired shortcodes '
            "around Markdown, `highlight`, code tabs `lang=`, `{{% param %}}` from the site's "
            "`params`, `youtube`/`vimeo`/`gist`/`tweet` embeds), page-bundle images, "
            'definition lists, `{class="x"}` block attributes (dropped)'
        ),
        plugins=(goldmark_definitions, goldmark_block_attrs),  # Goldmark's extensions
        site_files=("hugo.*", "config.*"),
        site_test=is_hugo_site,
        priority=20,
    )
)
