"""Which dialect a post is read in: the ``dialect`` setting, else the site's files, else the post.

:func:`site_dialect` looks at the workspace root once per run (the site's own files: Zola's
``config.toml``, ``mkdocs.yml``, ``.obsidian/``…), :func:`nearest_site_dialect` at the folders
between it and a post when the root says nothing (a site kept in ``docs/`` or ``website/``);
:func:`post_dialect` looks at a post's body when the workspace said nothing. ``auto`` (the
setting's default) is all of them, in that order.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from medium_action.rendering.dialects import DIALECTS, by_name, names
from medium_action.rendering.fastparse import has_match, quick_finder

__all__ = ["AUTO", "choose", "nearest_site_dialect", "post_dialect", "site_dialect"]

AUTO = "auto"


def site_dialect(root: Path | None) -> str | None:
    """The dialect whose site files the workspace at ``root`` has, or None."""
    if root is None or not root.is_dir():
        return None
    names()  # loads the dialect modules
    for dialect in DIALECTS:
        try:
            if dialect.is_site(root):
                return dialect.name
        except OSError:
            continue
    return None


def nearest_site_dialect(root: Path | None, path: str) -> str | None:
    """The dialect of the site folder nearest the post between the workspace ``root`` and it
    (``docs/en/mkdocs.yml`` for FastAPI's ``docs/en/docs/x.md``, ``website/docusaurus.config.js``
    in a monorepo), the root itself excluded (:func:`site_dialect` reads it once per run)."""
    if root is None:
        return None
    parts = Path(path).parts[:-1]
    for depth in range(len(parts), 0, -1):
        if (found := _folder_dialect(root / Path(*parts[:depth]))) is not None:
            return found
    return None


@cache
def _folder_dialect(folder: Path) -> str | None:
    return site_dialect(folder)  # once per folder of a run (a run's posts share their folders)


def post_dialect(body: str) -> str | None:
    """The dialect whose own syntax the post writes (the first, by priority), or None."""
    for name, finder in _finders():
        if has_match(finder, body):
            return name
    return None


@cache
def _finders() -> list[tuple[str, re.Pattern[str] | tuple[re.Pattern[str], ...]]]:
    """Each dialect's ``post_syntax``, searched at line starts where it is anchored there
    (``quick_finder``: a search over every post of a run was 4 % of a dry run)."""
    names()
    return [(d.name, quick_finder(d.post_syntax)) for d in DIALECTS if d.post_syntax is not None]


# a file's suffix: .qmd only Quarto renders (stronger than any syntax in it); .mdx is MDX, which
# several frameworks write (Docusaurus, Starlight): its own syntax may name one of those
_ONLY_SUFFIXES = {".qmd": "quarto"}
_MDX_FAMILY = ("mdx", "docusaurus", "starlight")


def choose(setting: str, site: str | None, body: str, path: str = "") -> str | None:
    """The dialect to read ``body`` in: the setting's when it names one, else the site's, else
    Quarto for a ``.qmd`` file, else the post's own syntax (for a ``.mdx`` file: of an MDX
    framework, else MDX); None when nothing points to one (the common plugins only)."""
    if setting and setting != AUTO:
        return by_name(setting).name
    if site:
        return site
    name = path.rsplit("/", 1)[-1]
    suffix = name[name.rfind(".") :].lower() if "." in name else ""
    if suffix in _ONLY_SUFFIXES:
        return _ONLY_SUFFIXES[suffix]
    found = post_dialect(body)
    if suffix == ".mdx" and found not in _MDX_FAMILY:
        return "mdx"
    return found
