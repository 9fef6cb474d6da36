"""Files a post pulls in from the workspace (MkDocs' code includes, VitePress' ``<<<`` imports,
the site folder whose config a page obeys): found from the post's folder up to the workspace
root, and never read from outside it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

__all__ = ["folders_up", "read_inside"]


def folders_up(root: Path, article_path: str | None) -> Iterator[Path]:
    """The post's folder, then each one above it, up to and including ``root`` (resolved)."""
    root = root.resolve()
    folder = (root / article_path).resolve().parent if article_path else root
    while folder.is_relative_to(root):
        yield folder
        if folder == root:
            return
        folder = folder.parent


def read_inside(root: Path, candidate: Path) -> str | None:
    """The text of ``candidate`` when it is a file inside the workspace ``root`` (links
    resolved) that reads as UTF-8; None otherwise."""
    found = candidate.resolve()
    if not found.is_relative_to(root.resolve()) or not found.is_file():
        return None
    try:
        return found.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
