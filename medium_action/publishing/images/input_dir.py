"""The folder a site's generator reads its pages from, where that is not the site's root.

Eleventy serves ``/img/a.png`` from its input folder (``dir: { input: "src" }`` in
``eleventy.config.js`` / ``.eleventy.js``, or ``--input=src`` in a ``package.json`` script),
with the passthrough copies made from there: a site-root image of the 11ty website's blog,
``/img/possum.jpg``, is ``src/img/possum.jpg``. That folder is searched before the workspace
root, as the site's build sees it. A JavaScript config is not run: only a string literal is
read (the site-url reading of :mod:`medium_action.sources.site` does the same).

:func:`input_from_config` is pure (a file's name and text in, the folder or None out);
:func:`input_folder` reads the workspace's files once per run.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

__all__ = ["input_folder", "input_from_config"]

_CONFIGS = (
    "eleventy.config.js", "eleventy.config.mjs", "eleventy.config.cjs", "eleventy.config.ts",
    ".eleventy.js", ".eleventy.cjs", ".eleventy.mjs", "package.json",
)  # fmt: skip
_MAX_BYTES = 512 * 1024
# `dir: { input: "src", … }` (other keys may come first, over lines)
_DIR_INPUT = re.compile(r"""\bdir\s*:\s*\{[^{}]*?\binput\s*:\s*(['"`])([^'"`\n$]+)\1""")
_CLI_INPUT = re.compile(r"""(?:^|\s)--input(?:=|\s+)(['"]?)([^\s'"]+)\1""")


def _folder(written: str) -> str | None:
    """A folder inside the site (``src``, ``./docs``), never ``.`` nor one that leaves it."""
    parts = [p for p in written.strip().replace("\\", "/").split("/") if p not in ("", ".")]
    if not parts or ".." in parts or written.strip().startswith("/"):
        return None
    return "/".join(parts)


def input_from_config(name: str, text: str) -> str | None:
    """Eleventy's input folder as the file ``name`` holding ``text`` sets it, else None."""
    if name == "package.json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return None
        scripts = data.get("scripts") if isinstance(data, dict) else None
        for script in scripts.values() if isinstance(scripts, dict) else ():
            if isinstance(script, str) and "eleventy" in script:
                match = _CLI_INPUT.search(script)
                if match and (folder := _folder(match.group(2))) is not None:
                    return folder
        return None
    match = _DIR_INPUT.search(text)
    return _folder(match.group(2)) if match else None


@cache
def input_folder(root: Path) -> Path | None:
    """The Eleventy input folder of the site at ``root`` when it is a folder of its own."""
    for name in _CONFIGS:
        path = root / name
        try:
            if not path.is_file() or path.stat().st_size > _MAX_BYTES:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        folder = input_from_config(name, text)
        if folder is not None and (root / folder).is_dir():
            return root / folder
    return None
