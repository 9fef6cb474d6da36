"""What a Liquid / Nunjucks ``{% include %}`` shows of the post's own values.

An include is the site's template: its markup (a theme's tabs, a card) is not the post's, and is
dropped with a warning. But sites pass the post's content to one: Eleventy's docs capture a
code sample (``{% set codeContent %}…{% endset %}``) and include a snippet that shows it as code
(``{{ codeContent | highlight("js") }}``). So the include's file is read from the site's
``_includes`` folder, and each output expression in it that shows a value the post set is kept:
once per value, as code when a ``highlight`` filter makes it code. Nothing else of the file is.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

from medium_action.rendering.templates import tags, values
from medium_action.rendering.templates.pieces import parse_args

__all__ = ["include_file", "shown_values"]

_INCLUDE_DIRS = ("_includes", "src/_includes", "site/_includes", "docs/_includes")
_MAX_BYTES = 200_000


def include_file(workspace: Path, article_path: str | None, tag: tags.Tag) -> str | None:
    """The text of the file an include tag names, from the site's ``_includes`` folders (or
    beside the post for ``include_relative``); None when it is not in the workspace."""
    positional, _ = parse_args(tag.args)
    if not positional or "{" in positional[0]:
        return None
    name = positional[0]
    post_dir = PurePosixPath(article_path).parent if article_path else PurePosixPath(".")
    if tag.name == "include_relative":
        candidates = [workspace / post_dir / name]
    else:
        folders = [workspace / d for d in _INCLUDE_DIRS]
        folders += [workspace / parent / "_includes" for parent in post_dir.parents]
        candidates = [folder / name for folder in folders]
    root = workspace.resolve()
    for path in candidates:
        try:
            resolved = path.resolve()
            if not resolved.is_relative_to(root) or not resolved.is_file():
                continue
            if resolved.stat().st_size > _MAX_BYTES:
                return None
            return resolved.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
    return None


_ROOT = re.compile(r"\s*-?\s*([A-Za-z_$][\w$]*)")


def shown_values(text: str, scope: values.Scope, own: Mapping[str, Any]) -> list[Any]:
    """The values of the post's own variables (``own``) that ``text`` (an include's file)
    shows, in order, each once; a value this module cannot compute is left out."""
    shown: list[Any] = []
    seen: set[str] = set()
    for m in tags.TAG.finditer(text):
        tag = tags.read(m)
        if tag.family != "var":
            continue
        root = _ROOT.match(tag.inner)
        if root is None or root.group(1) not in own or root.group(1) in seen:
            continue
        value = values.evaluate(tag.inner, scope)
        if value is values.UNKNOWN or not values.as_text(value).strip():
            continue
        seen.add(root.group(1))
        shown.append(value)
    return shown
