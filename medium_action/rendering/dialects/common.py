"""The plugins every dialect's parser has: constructs posts of every framework write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from medium_action.rendering.dialects.docusaurus import colon_containers
from medium_action.rendering.dialects.ghost import whole_code_cards
from medium_action.rendering.dialects.mdx import mdx_components
from medium_action.rendering.dialects.mdx_html import jsx_html
from medium_action.rendering.dialects.mkdocs import admonitions
from medium_action.rendering.dialects.obsidian import callouts
from medium_action.rendering.templates.rules import template_tags

if TYPE_CHECKING:
    from medium_action.rendering.dialects import Plugin

__all__ = ["PLUGINS"]

PLUGINS: tuple[Plugin, ...] = (
    mdx_components,
    colon_containers,
    admonitions,
    callouts,
    whole_code_cards,
    jsx_html,
    template_tags,
)
"""MDX components, ESM lines and comments; ``:::`` containers. Posts of many frameworks write
them (Docusaurus, Astro, VitePress, Gatsby), and they were read before dialects were known.
Callouts ``> [!type]`` (GitHub's alerts are Obsidian's syntax, written everywhere) and raw
HTML whose ``<pre>`` holds blank lines (any site's, as Ghost's code cards do); HTML elements
written in JSX (``<span style={{…}}>``: an MDX post's, whatever the dialect was taken for).
Python-Markdown's ``!!!`` admonitions (many generators' sites write them). Template tags
(Hugo shortcodes, Liquid / Jekyll / dev.to / Hexo / Nunjucks tags, Zola shortcodes,
:mod:`..templates.rules`): a post carries them whichever site it was written for (dev.to's
liquid embeds in any post), and their names tell them apart, so every dialect reads all of
them."""
