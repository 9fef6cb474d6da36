"""Variables that look like settings but name none: ``MEDIUM_DRYRUN``, ``INPUT_PUBLISH_STATS``.

pydantic-settings ignores a variable it has no field for, so a typo silently falls back to the
default (a real publication where a dry run was meant, a draft where ``public`` was). Each
``MEDIUM_*`` or ``INPUT_*`` variable is compared with the names the settings model reads (derived
from its fields, so a new setting is known here the moment it exists): one or two edits from one
of them is a typo, and the run stops naming both; farther from all of them, a warning. Only
names are ever compared or quoted, never a value (it may be a token).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from medium_action.errors import ConfigError

PREFIXES = ("MEDIUM_", "INPUT_")
MAX_EDITS = 2
OTHER_VARIABLES = frozenset({"MEDIUM_DEBUG"})
"""Variables of ours that are not settings (``cli/environment.py`` reads MEDIUM_DEBUG)."""


@dataclass(frozen=True)
class Unknown:
    name: str
    suggestion: str | None
    """The setting's variable the name is one or two edits from; None when none is that near."""


def settings_variables() -> frozenset[str]:
    """Every variable a run reads: the settings model's, and ``OTHER_VARIABLES``."""
    from medium_action.settings import Settings

    return known_variables(Settings.model_fields) | OTHER_VARIABLES


def known_variables(fields: Iterable[str]) -> frozenset[str]:
    """Every variable a settings field reads: ``INPUT_DRY-RUN`` and ``MEDIUM_DRY_RUN``, upper
    case (the environment source compares names without regard to case)."""
    names = set()
    for field in fields:
        names.add(f"INPUT_{field.replace('_', '-').upper()}")
        names.add(f"MEDIUM_{field.upper()}")
    return frozenset(names)


def find_unknown(environ: Mapping[str, str], known: frozenset[str]) -> list[Unknown]:
    """The ``MEDIUM_*``/``INPUT_*`` variables with a value that name nothing in ``known``. An
    empty one is left alone: empty counts as unset, so even a correct name would change nothing
    (and GitHub passes every declared input, given or not, as "")."""
    found = []
    for name in sorted(environ):
        upper = name.upper()
        if not upper.startswith(PREFIXES) or upper in known or environ[name] == "":
            continue
        found.append(Unknown(name, _nearest(upper, known)))
    return found


def check_environment(environ: Mapping[str, str], known: frozenset[str] | None = None) -> list[str]:
    """Raises ConfigError for every near miss at once; returns a warning per other unknown."""
    unknown = find_unknown(environ, settings_variables() if known is None else known)
    typos = [item for item in unknown if item.suggestion]
    if typos:
        described = "; ".join(
            f"{item.name} is not a setting: did you mean {item.suggestion}?" for item in typos
        )
        raise ConfigError(
            f"{described} (nothing was sent: a misspelled setting would silently fall back to "
            "its default; rename the variable, or unset it)"
        )
    return [
        f"{item.name} is not a setting of medium-publish and is ignored "
        "(`medium-publish help publish` lists them)"
        for item in unknown
    ]


def _nearest(name: str, known: frozenset[str]) -> str | None:
    """The known name fewest edits away, at most ``MAX_EDITS``; the same prefix first, since
    ``MEDIUM_DRY-RUN`` is nearer in meaning to ``MEDIUM_DRY_RUN`` than to ``INPUT_DRY-RUN``."""
    best: tuple[int, bool, str] | None = None
    for candidate in known:
        distance = edit_distance(name, candidate, limit=MAX_EDITS)
        if distance > MAX_EDITS:
            continue
        other_prefix = candidate.split("_", 1)[0] != name.split("_", 1)[0]
        key = (distance, other_prefix, candidate)
        if best is None or key < best:
            best = key
    return best[2] if best else None


def edit_distance(a: str, b: str, *, limit: int) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap two neighbours);
    anything over ``limit`` is reported as ``limit + 1``. Hyphen and underscore differ by one
    substitution, so ``INPUT_DRY_RUN`` is one edit from ``INPUT_DRY-RUN``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, 1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)
