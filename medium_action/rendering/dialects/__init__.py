"""Dialects: the Markdown each blog framework writes, as sets of mistune plugins.

A :class:`Dialect` is a name, a line for the README saying what it understands, the mistune
plugins that read its constructs inside the one parse (block and inline rules of their own, as
mistune's ``plugins/`` and ``directives/`` do), and the evidence that a site or a post is written
in it: the site's own files at the workspace root (``mkdocs.yml``, ``config.toml`` with Zola's
keys…) and, where the workspace has none, the post's own syntax.

One module per framework (``mdx.py``, ``docusaurus.py``, ``hugo.py``…) defines its plugins and
one ``DIALECT``; :data:`DIALECTS` lists them in the order evidence is weighed. The parser of a
dialect is :func:`markdown_for` (built once per dialect, shared: mistune keeps per-parse state
in the ``BlockState`` it creates for each call). Choosing one is :mod:`.choose`.

Every dialect's parser also has the plugins of :data:`.common.PLUGINS`: what posts of every
framework write (MDX components and ``:::`` containers came from many of them before the dialect was
known, and still do).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mistune.markdown import Markdown

__all__ = [
    "DIALECTS",
    "Dialect",
    "Plugin",
    "by_name",
    "common_plugins",
    "markdown_for",
    "names",
    "register",
]

Plugin = Callable[["Markdown"], None]
"""A mistune plugin: called once with the parser, registers its rules (``md.block.register``,
``md.inline.register``) and hooks. Its tokens are ones the renderers know (``block_quote``,
``paragraph``, ``strong``, ``list``, ``block_code``…) or its own, rendered by a method of that
name on the renderer."""

SiteTest = Callable[[Path], bool]
"""Whether the workspace at the given root is a site of this dialect (reads files; no writes)."""


@dataclass(frozen=True)
class Dialect:
    """One framework's Markdown."""

    name: str
    """The value of the ``dialect`` setting that names it (lower case: ``hugo``, ``mkdocs``)."""
    about: str
    """One line for the README: what it understands, as the writer would write it."""
    plugins: tuple[Plugin, ...] = ()
    """mistune plugins added after :data:`.common.PLUGINS` (order matters when rules compete)."""
    site_files: tuple[str, ...] = ()
    """Glob patterns at the workspace root whose presence marks a site of this dialect."""
    site_test: SiteTest | None = None
    """A finer test of the workspace when a file name is not enough (``config.toml`` is Hugo's
    or Zola's; ``_config.yml`` Jekyll's or Hexo's). Called only when a site file is present."""
    post_syntax: re.Pattern[str] | None = None
    """Syntax only this dialect writes; a post that has it is read in this dialect when the
    workspace says nothing (searched outside nothing: keep the pattern specific)."""
    priority: int = 50
    """Where its evidence is weighed among the others (lower first; ties by name)."""

    def is_site(self, root: Path) -> bool:
        """Whether the workspace at ``root`` holds this dialect's site files."""
        if not any(next(iter(root.glob(pattern)), None) is not None for pattern in self.site_files):
            return False
        return self.site_test is None or self.site_test(root)


DIALECTS: list[Dialect] = []
"""Every dialect, in the order evidence is weighed (the first whose site files match wins)."""


def register(dialect: Dialect) -> Dialect:
    """Add ``dialect`` to :data:`DIALECTS` (each module calls it once for its ``DIALECT``)."""
    if any(d.name == dialect.name for d in DIALECTS):
        raise ValueError(f"dialect {dialect.name!r} registered twice")
    DIALECTS.append(dialect)
    DIALECTS.sort(key=lambda d: (d.priority, d.name))
    return dialect


def names() -> list[str]:
    """The names the ``dialect`` setting accepts besides ``auto``."""
    _load()
    return [d.name for d in DIALECTS]


def by_name(name: str) -> Dialect:
    """The dialect called ``name``; ``KeyError`` when there is none."""
    _load()
    for dialect in DIALECTS:
        if dialect.name == name:
            return dialect
    raise KeyError(name)


@cache
def markdown_for(name: str | None) -> Markdown:
    """The shared parser of the dialect called ``name`` (None: the common plugins only)."""
    from medium_action.rendering.tokens import new_parser

    extra: Sequence[Plugin] = by_name(name).plugins if name else ()
    return new_parser([*common_plugins(), *extra])


def common_plugins() -> tuple[Plugin, ...]:
    _load()
    from medium_action.rendering.dialects import common

    return common.PLUGINS


@cache
def _load() -> None:
    """Import the dialect modules (each registers itself); once, on first use."""
    import importlib
    import pkgutil

    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name not in ("common", "choose") and not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
