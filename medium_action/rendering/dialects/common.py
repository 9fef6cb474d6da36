"""The plugins every dialect's parser has: constructs posts of every framework write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from medium_action.rendering.dialects.docusaurus import colon_containers
from medium_action.rendering.dialects.mdx import mdx_components

if TYPE_CHECKING:
    from medium_action.rendering.dialects import Plugin

__all__ = ["PLUGINS"]

PLUGINS: tuple[Plugin, ...] = (mdx_components, colon_containers)
"""MDX components, ESM lines and comments; ``:::`` containers. Posts of many frameworks write
them (Docusaurus, Astro, VitePress, Gatsby), and they were read before dialects were known."""
