"""mkdocs-macros: ``{{ version }}``, ``{{ config.site_name }}``, ``{% for %}`` in MkDocs pages.

A site that enables the macros plugin (``plugins: [macros]`` in ``mkdocs.yml``, or Zensical's
``zensical.extensions.macros`` Markdown extension) runs every page through Jinja2 before
Markdown: its readers see the values, never the braces. The values a page can read here are
those mkdocs-macros gives it from the site's files:

- ``mkdocs.yml``'s ``extra:`` entries, each a name of its own (``{{ version }}``);
- ``config``, the whole of ``mkdocs.yml`` (``{{ config.site_name }}``, ``{{ config.extra.x }}``);
- the files of the plugin's ``include_yaml`` option (a path: its keys are names; ``name: path``:
  the file's data under that name), read from the folder of ``mkdocs.yml``, in the workspace;
- the page's front matter (``{{ title }}``), as the Liquid dialects read it.

A value found nowhere (a macro of the site's Python module, ``{{ git.date }}``) is dropped with a
warning naming its line (:mod:`medium_action.rendering.templates.context`), and ``if``/``for``
run as in Jekyll and Eleventy (:mod:`medium_action.rendering.templates.logic`). Without the
plugin, or on a page it does not render (``render_macros: false``; ``render_by_default: false``
without ``render_macros: true``), ``{{ }}`` is the page's text and stays as written.

:func:`macros_names` is pure (the config's data in, the names or None out); the hook reads the
nearest ``mkdocs.yml`` between the post's folder and the workspace root.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from medium_action.rendering.dialects.pulled import folders_up
from medium_action.rendering.templates.context import EVALUATE, NAMES
from medium_action.sources.site import read_config

if TYPE_CHECKING:
    from mistune.core import BlockState
    from mistune.markdown import Markdown

__all__ = ["macros_names", "macros_options", "mkdocs_macros"]

_CONFIGS = ("mkdocs.yml", "mkdocs.yaml")
_EXTENSION = "zensical.extensions.macros"
# options that move Jinja's delimiters: the page's {{ }} is then text, not a macro
_DELIMITERS = (
    "j2_variable_start_string",
    "j2_variable_end_string",
    "j2_block_start_string",
    "j2_block_end_string",
)


def _entries(value: Any) -> dict[str, Any]:
    """A plugins / markdown_extensions list (names, or one-key mappings) as one mapping."""
    if isinstance(value, Mapping):
        return {str(k): v for k, v in value.items()}
    found: dict[str, Any] = {}
    if isinstance(value, list):
        for item in value:
            if isinstance(item, str):
                found[item] = None
            elif isinstance(item, Mapping):
                found.update({str(k): v for k, v in item.items()})
    return found


def macros_options(config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The macros plugin's options in the site's ``mkdocs.yml`` data; None when it is off."""
    plugins = _entries(config.get("plugins"))
    if "macros" in plugins:
        options = plugins["macros"]
    elif _EXTENSION in _entries(config.get("markdown_extensions")):
        options = _entries(config.get("markdown_extensions"))[_EXTENSION]
    else:
        return None
    options = dict(options) if isinstance(options, Mapping) else {}
    if options.get("enabled") is False:
        return None
    if any(options.get(k) not in (None, "{{", "}}", "{%", "%}") for k in _DELIMITERS):
        return None
    return options


def _renders(options: Mapping[str, Any], front_matter: Mapping[str, Any]) -> bool:
    """Whether the plugin renders this page (``render_macros`` in its front matter decides)."""
    own = front_matter.get("render_macros")
    if isinstance(own, bool):
        return own
    return options.get("render_by_default", True) is not False


def macros_names(
    config: Mapping[str, Any],
    front_matter: Mapping[str, Any],
    read_yaml: Callable[[str], dict[str, Any]] = lambda path: {},
) -> dict[str, Any] | None:
    """The names a page reads, or None when the plugin does not render it. ``read_yaml``
    reads an ``include_yaml`` file (a path relative to ``mkdocs.yml``'s folder)."""
    options = macros_options(config)
    if options is None or not _renders(options, front_matter):
        return None
    extra = config.get("extra")
    names: dict[str, Any] = dict(extra) if isinstance(extra, Mapping) else {}
    included = options.get("include_yaml")
    for item in included if isinstance(included, list) else []:
        if isinstance(item, str):
            names.update(read_yaml(item))
        elif isinstance(item, Mapping):
            for key, path in item.items():
                if isinstance(path, str):
                    names[str(key)] = read_yaml(path)
    names["config"] = dict(config)
    return names


def _site_folder(workspace: Path, article_path: str | None) -> tuple[Path, str] | None:
    """The folder of the ``mkdocs.yml`` nearest the post, in the workspace, and its name."""
    for folder in folders_up(workspace, article_path):
        for name in _CONFIGS:
            if (folder / name).is_file():
                return folder, name
    return None


def _yaml_reader(workspace: Path, folder: Path) -> Callable[[str], dict[str, Any]]:
    root = workspace.resolve()

    def read(path: str) -> dict[str, Any]:
        target = (folder / path).resolve()
        if not target.is_relative_to(root):
            return {}  # never outside the workspace
        return read_config(target.parent, target.name)

    return read


def _hook(md: Markdown, state: BlockState) -> None:
    workspace = state.env.get("workspace")
    if workspace is None:
        return
    workspace = Path(workspace)
    found = _site_folder(workspace, state.env.get("article_path"))
    if found is None:
        return
    folder, name = found
    names = macros_names(
        read_config(folder, name),
        state.env.get("front_matter") or {},
        _yaml_reader(workspace, folder),
    )
    if names is not None:
        state.env[EVALUATE] = True
        state.env[NAMES] = names


def mkdocs_macros(md: Markdown) -> None:
    """Jinja2 values and logic run on the pages of a site that enables mkdocs-macros."""
    md.before_parse_hooks.append(_hook)
