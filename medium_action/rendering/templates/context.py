"""What the template rules share: their state in the parse's ``env``, warnings, site values.

The block rules (:mod:`.rules`) and the inline rules (:mod:`.inline`) read a tag the same way
(:func:`show`: what :mod:`.tags` makes of it, with the site's configuration where it asks for a
value), record warnings by the text of the tag's line (placed at that line by
:mod:`medium_action.rendering.post`) and count their work as the dialects' rules do.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any, cast

from medium_action.rendering.templates import tags, values
from medium_action.rendering.templates.pieces import Expansion, code_span, escape_kept
from medium_action.sources.site import read_config, read_site_url

__all__ = [
    "EVALUATE",
    "NAMES",
    "OFF",
    "TEXT",
    "VARIABLES",
    "end_of_line",
    "line_around",
    "scope",
    "show",
    "steps",
    "verbatim_close",
    "warn",
]

OFF = "_templates_off"  # env key: inside {% raw %}, no tag is read
TEXT = "_templates_text"  # env key: inside a tab pane whose tabs are text (Docsy's text=true)
_NEEDLES = "template_line_warnings"
EVALUATE = "_templates_evaluate"  # env key: the dialect runs Liquid/Nunjucks before Markdown
VARIABLES = "_templates_variables"  # env key: values the post sets ({% assign %}, loops)
NAMES = "_templates_names"  # env key: names the site gives every page (mkdocs-macros' variables)


def steps(env: Any, n: int) -> None:
    """Work counted as the dialects' block rules count theirs (tests assert it is linear)."""
    env["dialect_steps"] = env.get("dialect_steps", 0) + n


def warn(env: MutableMapping[str, Any], line: str, message: str | None) -> None:
    """A warning about the tag on ``line`` (its text: see :func:`line_around`)."""
    if message:
        found: list[tuple[str, str]] = env.setdefault(_NEEDLES, [])
        if len(found) < 200:
            found.append((line, message))


def line_around(src: str, pos: int) -> str:
    """The line of ``src`` holding ``pos``, as its text is in the post (container marks
    before it aside): what :mod:`..post` looks for to place a warning."""
    start = src.rfind("\n", 0, pos) + 1
    end = src.find("\n", pos)
    return src[start : len(src) if end < 0 else end].strip()


def _site(env: MutableMapping[str, Any]) -> dict[str, Any]:
    """The site's configuration (Jekyll's ``_config.yml``), read once per parse."""
    if "_template_site" not in env:
        root = env.get("workspace")
        data: dict[str, Any] = {}
        if isinstance(root, Path):
            data = read_config(root, "_config.yml") or read_config(root, "_config.yaml")
        env["_template_site"] = data
    return cast("dict[str, Any]", env["_template_site"])


_HUGO_CONFIGS = ("hugo.toml", "hugo.yaml", "hugo.yml", "hugo.json", "config.toml", "config.yaml")
_HUGO_PARAMS = ("config/_default/params.toml", "config/_default/params.yaml")


def _hugo_params(env: MutableMapping[str, Any]) -> dict[str, Any]:
    """The site's parameters (Hugo's ``params``, of its config or ``config/_default/``)."""
    if "_template_params" not in env:
        root = env.get("workspace")
        data: dict[str, Any] = {}
        if isinstance(root, Path):
            for name in _HUGO_PARAMS:
                data.update(read_config(root, name))
            for name in _HUGO_CONFIGS:
                params = read_config(root, name).get("params")
                if isinstance(params, dict):
                    data = {**params, **data}
                    break
        env["_template_params"] = data
    return cast("dict[str, Any]", env["_template_params"])


def scope(env: MutableMapping[str, Any]) -> values.Scope:
    """What an expression can read here: the front matter (``env["front_matter"]``), the
    site's configuration and address, the values set so far."""
    if "_template_scope" not in env:
        root = env.get("workspace")
        config = _site(env) if isinstance(root, Path) else {}
        env["_template_scope"] = values.Scope(
            page=env.get("front_matter") or {},
            site=config if config else None,
            site_url=read_site_url(root) if isinstance(root, Path) else None,
            names=env.get(NAMES) or {},
        )
    base = cast("values.Scope", env["_template_scope"])
    base.variables = env.setdefault(VARIABLES, {})
    return base


def _value(env: MutableMapping[str, Any], tag: tags.Tag) -> Expansion | None:
    """An output expression's value, where the dialect evaluates them and it can be known."""
    if tags.CALL_NAME.fullmatch(tag.inner.strip()):
        return None  # Zola's shortcode call
    value = values.evaluate(tag.inner, scope(env))
    if value is values.UNKNOWN:
        return None
    if isinstance(value, values.Code):
        return Expansion(code_span(value.text.strip("\n")))
    if isinstance(value, values.Markup):
        return Expansion(str(value).strip())
    return Expansion(escape_kept(values.as_text(value)))


def show(env: MutableMapping[str, Any], tag: tags.Tag) -> Expansion:
    evaluate = env.get(EVALUATE, False)
    if evaluate and tag.family == "var":
        shown = _value(env, tag)
        if shown is not None:
            return shown
    found = _show(env, tag)
    unclosed = tags.verbatim_kind(tag) is not None  # kept as text, as before: a build error
    if (
        evaluate
        and not unclosed
        and tag.family in ("var", "liquid")
        and found.markdown == escape_kept(tag.raw)
    ):
        # a Liquid/Nunjucks value or tag that cannot be known: the page shows its value, never
        # its syntax
        what = "value" if tag.family == "var" else "tag"
        return Expansion(
            "",
            warning=f"template {what} {' '.join(tag.raw.split())[:80]} dropped: "
            "its value is not in the post's front matter or the site's configuration",
        )
    return found


def _show(env: MutableMapping[str, Any], tag: tags.Tag) -> Expansion:
    site: dict[str, Any] = {}
    if tag.family == "var" and "site." in tag.inner:
        site = _site(env)
    elif tag.family == "hugo" and tag.name == "param":
        site = _hugo_params(env)
    return tags.show(tag, asset_folder=env.get("asset_folder"), site=site)


def end_of_line(src: str, pos: int) -> int:
    end = src.find("\n", pos)
    return len(src) if end < 0 else end


def verbatim_close(state: Any, kind: str, pos: int) -> re.Match[str] | None:
    """The first end tag of ``kind`` after ``pos`` in ``state.src``: every end tag of the
    kind is found once per state, then looked up."""
    cache: dict[str, tuple[list[int], list[re.Match[str]]]] = state.__dict__.setdefault(
        "_template_closes", {}
    )
    if kind not in cache:
        found = list(tags.VERBATIM[kind].finditer(state.src))
        cache[kind] = ([m.start() for m in found], found)
        steps(state.env, 1 + len(state.src) // 4096)
    starts, found = cache[kind]
    i = bisect.bisect_left(starts, pos)
    return found[i] if i < len(found) else None
