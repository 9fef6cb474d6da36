"""The blog's own address, read from its static-site generator's config at the workspace root.

Site-root links and images (``/about/``, ``/images/a.png``) mean something only on the blog
itself; with its address they become absolute URLs Medium can follow. Where the ``site-url``
setting is unset, the address is read from the first config file found, in this order:

==================================================  ==========================================
file                                                address
==================================================  ==========================================
``hugo.toml|yaml|yml|json``                         Hugo ``baseURL``
``config.toml|yaml|yml|json``                       Hugo ``baseURL``, else Zola ``base_url``
``zola.toml``                                       Zola ``base_url`` (its name since 0.19)
``_config.yml|yaml``                                Jekyll ``url`` + ``baseurl``
``mkdocs.yml|yaml``                                 MkDocs ``site_url``
``zensical.toml``                                   Zensical ``[project] site_url``
``_quarto.yml|yaml``                                Quarto ``website: site-url``
``docusaurus.config.js|ts|mjs|cjs``                 Docusaurus ``url`` + ``baseUrl``
``astro.config.mjs|js|ts|mts|cjs``                  Astro ``site:`` (a string literal)
==================================================  ==========================================

:func:`site_url_from_config` is pure (the file's name and text in, the address or None out);
:func:`read_site_url` is the thin reader of the workspace. A JavaScript config is not run: only
a string literal is read (``url: 'https://…'``); an address computed at build time is not found,
and the ``site-url`` setting is the way to give it.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any

import yaml

__all__ = ["CONFIG_FILES", "read_config", "read_site_url", "site_url_from_config"]

CONFIG_FILES = (
    *(f"hugo.{ext}" for ext in ("toml", "yaml", "yml", "json")),
    *(f"config.{ext}" for ext in ("toml", "yaml", "yml", "json")),
    "zola.toml",
    "_config.yml",
    "_config.yaml",
    "mkdocs.yml",
    "mkdocs.yaml",
    "zensical.toml",
    "_quarto.yml",
    "_quarto.yaml",
    *(f"docusaurus.config.{ext}" for ext in ("js", "ts", "mjs", "cjs")),
    *(f"astro.config.{ext}" for ext in ("mjs", "js", "ts", "mts", "cjs")),
)
_MAX_CONFIG_BYTES = 256 * 1024


def _js_string(text: str, key: str) -> str | None:
    """The string literal assigned to ``key`` in a JavaScript object (``key: 'value'``)."""
    match = re.search(rf"""(?m)^\s*['"]?{key}['"]?\s*:\s*(['"`])([^'"`\n$]*)\1""", text)
    return match.group(2).strip() if match else None


class _TaggedLoader(yaml.SafeLoader):
    """YAML with the application tags MkDocs configs hold (``!!python/name:…``, ``!ENV``,
    ``!relative``): each such value read as None, the rest of the file as usual."""


def _untagged(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_TaggedLoader.add_multi_constructor("!", _untagged)
_TaggedLoader.add_multi_constructor("tag:yaml.org,2002:python/", _untagged)


def _data(name: str, text: str) -> dict[str, Any]:
    try:
        if name.endswith(".toml"):
            data: Any = tomllib.loads(text)
        elif name.endswith(".json"):
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=_TaggedLoader)  # noqa: S506 - a SafeLoader
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _text(data: dict[str, Any], *keys: str) -> str | None:
    lowered = {str(k).lower(): v for k, v in data.items()}
    for key in keys:
        value = lowered.get(key.lower())
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _joined(base: str | None, path: str | None) -> str | None:
    if base is None:
        return None
    if path and path.strip("/"):
        return base.rstrip("/") + "/" + path.strip("/") + "/"
    return base


def site_url_from_config(name: str, text: str) -> str | None:
    """The site's address in the config file called ``name`` holding ``text``; None when the
    file does not give an absolute http(s) address."""
    if name.startswith(("docusaurus.config.", "astro.config.")):
        if name.startswith("astro."):
            url = _js_string(text, "site")
        else:
            url = _joined(_js_string(text, "url"), _js_string(text, "baseUrl"))
    elif name.startswith("_config."):
        data = _data(name, text)
        url = _joined(_text(data, "url"), _text(data, "baseurl"))
    elif name.startswith("mkdocs."):
        url = _text(_data(name, text), "site_url")
    elif name == "zensical.toml":
        project = _data(name, text).get("project")
        url = _text(project, "site_url") if isinstance(project, dict) else None
    elif name.startswith("_quarto."):
        website = _data(name, text).get("website")
        url = _text(website, "site-url") if isinstance(website, dict) else None
    else:
        data = _data(name, text)
        url = _text(data, "baseURL", "base_url")
    if url is None or not re.match(r"^https?://[^\s/]+", url):
        return None
    return url


def read_site_url(workspace: Path) -> str | None:
    """The address given by the first config file of :data:`CONFIG_FILES` in ``workspace``
    that gives one; None when none does (or the files cannot be read)."""
    for name in CONFIG_FILES:
        path = workspace / name
        try:
            if not path.is_file() or path.stat().st_size > _MAX_CONFIG_BYTES:
                continue
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        url = site_url_from_config(name, text)
        if url is not None:
            return url
    return None


def read_config(workspace: Path, name: str) -> dict[str, Any]:
    """The data of the config file ``name`` (TOML, YAML or JSON) at the workspace root; empty
    when it is missing, too large or not a mapping (what a site's dialect is told by)."""
    path = workspace / name
    try:
        if not path.is_file() or path.stat().st_size > _MAX_CONFIG_BYTES:
            return {}
        return _data(name, path.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return {}
