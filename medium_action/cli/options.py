"""The settings as command-line flags: one flag per ``Settings`` field (the table action.yml's
inputs are checked against), each help line showing the values it takes and its default."""

from __future__ import annotations

import argparse
import typing
from collections.abc import Iterable
from typing import Any

from pydantic.fields import FieldInfo

from medium_action.settings import Settings, flag_name, variable_names
from medium_action.values import BOOLEAN_WORDS

PUBLISH_ONLY = frozenset(
    {
        "token",
        "refresh_token",
        "client_id",
        "client_secret",
        "api_url",
        "github_token",
        "force",
        "since",
        "comment",
        "notify_followers",
        "publication",
        "files",
        "dry_run",
        "export_dir",
    }
)
"""Settings that mean nothing to ``preview`` (it calls no API and takes its files as
arguments)."""


def choices(field: FieldInfo) -> tuple[str, ...] | None:
    """The values a ``Literal`` (or optional ``Literal``) field allows."""
    annotation = field.annotation
    for candidate in (annotation, *typing.get_args(annotation)):
        if typing.get_origin(candidate) is typing.Literal:
            return tuple(str(value) for value in typing.get_args(candidate))
    return None


def is_bool(field: FieldInfo) -> bool:
    return field.annotation is bool


def default_text(field: FieldInfo) -> str | None:
    """The default as a user would type it; None when there is none."""
    default: Any = field.get_default(call_default_factory=True)
    if default is None:
        return None
    if isinstance(default, bool):
        return "true" if default else "false"
    if isinstance(default, list):
        return ", ".join(default) if default else None
    return str(default)


def help_text(name: str, field: FieldInfo) -> str:
    """``description. One of: a, b. Default: x. Also MEDIUM_X / input x.``"""
    parts = [(field.description or "").rstrip(".") + "."]
    allowed = choices(field)
    if allowed:
        parts.append(f"One of: {', '.join(allowed)}.")
    elif is_bool(field):
        parts.append(f"Takes {BOOLEAN_WORDS}; alone it means true.")
    default = default_text(field)
    parts.append(f"Default: {default}." if default is not None else "Default: unset.")
    parts.append(f"Env: {variable_names(name)[1]}.")
    # argparse formats help with %-interpolation: a literal % must be doubled.
    return " ".join(parts).replace("%", "%%")


def add_setting_flags(
    parser: argparse.ArgumentParser, *, leave_out: Iterable[str] = ()
) -> argparse._ArgumentGroup:
    """One flag per setting (``--publish-status``), storing the text as given (None when the
    flag is absent), so that ``load_settings`` validates every source the same way."""
    group = parser.add_argument_group("settings (flag > INPUT_<NAME> > MEDIUM_<NAME> > default)")
    skipped = set(leave_out)
    for name, field in Settings.model_fields.items():
        if name in skipped:
            continue
        allowed = choices(field)
        boolean = is_bool(field)
        group.add_argument(
            flag_name(name),
            dest=name,
            metavar=_metavar(name, allowed, boolean),
            nargs="?" if boolean else None,
            const="true" if boolean else None,
            help=help_text(name, field),
        )
    return group


def _metavar(name: str, allowed: tuple[str, ...] | None, boolean: bool) -> str:
    if allowed and len(allowed) <= 4:
        return "{" + ",".join(allowed) + "}"
    return "BOOL" if boolean else name.upper()


def given_flags(options: argparse.Namespace) -> dict[str, Any]:
    """The settings given as flags (the others stay absent, for the environment to fill)."""
    return {
        name: value
        for name, value in vars(options).items()
        if name in Settings.model_fields and value is not None
    }
