"""Glob patterns for the ``include``, ``exclude`` and ``files`` settings, with gitignore's rules.

Paths are workspace-relative POSIX paths (``docs/post.md``). A pattern:

- without a ``/`` (other than a trailing one) matches the file *name* at any depth:
  ``*.md`` matches ``a.md`` and ``docs/a.md``; ``README.md`` matches ``docs/README.md``;
- with a ``/`` is anchored at the workspace root: ``docs/*.md`` matches ``docs/a.md`` only,
  not ``docs/x/a.md`` nor ``other/docs/a.md``; a leading ``/`` or ``./`` only anchors
  (``./*.md``: top-level Markdown files; in ``files``, where an absolute path is a path on
  disk that must lie in the workspace, anchor with ``./``);
- ``**`` as a whole segment spans any number of directories, zero included: ``**/README.md``
  matches ``README.md`` and ``a/b/README.md``, ``docs/**/*.md`` matches ``docs/a.md``,
  ``.github/**`` everything inside ``.github``; elsewhere ``**`` is a plain ``*``;
- ``*`` matches any run of characters but ``/``, ``?`` one character but ``/``, ``[abc]``,
  ``[a-z]`` and ``[!abc]`` (or ``[^abc]``) one character of a set; ``\\`` escapes the next one;
- a trailing ``/`` names a directory: ``drafts/`` means everything below any ``drafts``
  directory (the trailing slash does not anchor);
- a pattern that matches a directory matches every file below it (``node_modules`` excludes
  ``node_modules/x/y.md``), as a directory in ``.gitignore`` hides all it contains.

- ``{a,b}`` is either alternative: ``posts/{drafts,2024}/*.md``, ``*.{md,markdown}``; braces
  nest, ``\\{`` is a literal brace, and a brace without a comma at its level (``{a}``) or
  without its partner is literal, as in the shell. In a list of patterns (the ``files`` input,
  newline- or comma-separated) a comma inside braces does not separate: see
  :func:`medium_action.settings.split_patterns`.

Matching is case-sensitive. There is no ``!`` negation: use ``exclude``. An empty pattern
matches nothing. This module is pure but for :func:`expand`, which lists the workspace.

Why not ``wcmatch`` (its ``glob`` has ``GLOBSTAR``, ``BRACE`` and ``MATCHBASE``): this module is
on the path of every run, a push that changes no post included, and ``import wcmatch.glob``
took 20-40 ms against about 2 ms for this one (measured side by side, 2026-12-02), when the
whole such run may take 1.2x the import of pydantic-settings; and it has no rule for "a
pattern matching a directory matches everything below it", so a wrapper of this size would
stay. The rules above are tested in ``tests/test_globs.py``, braces included.
"""

from __future__ import annotations

import itertools
import os
import posixpath
import re
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path, PurePosixPath

from medium_action.errors import ConfigError

__all__ = ["expand", "expand_braces", "is_selected", "matches", "workspace_path"]

MAX_ALTERNATIVES = 1000
"""Most patterns one brace pattern may stand for (``{a,b}{c,d}`` is four): a bound against a
pattern that would take ages to match, reported as a configuration error."""


def expand_braces(pattern: str) -> list[str]:
    """Every pattern ``{a,b}`` alternatives stand for, in order (the pattern itself when it has
    none); ConfigError beyond ``MAX_ALTERNATIVES``."""
    found = _alternatives(pattern)
    if found is None:
        return [pattern]
    if len(found) > MAX_ALTERNATIVES:
        raise ConfigError(
            f"the glob {pattern!r} stands for more than {MAX_ALTERNATIVES} patterns; "
            "use fewer braces"
        )
    return list(dict.fromkeys(found))


def _alternatives(pattern: str) -> list[str] | None:
    """The expansions of the first brace group that has a comma at its level, recursively;
    None when there is none."""
    i, n = 0, len(pattern)
    while i < n:
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            close, commas = _group(pattern, i)
            if close is not None and commas:
                head, tail = pattern[:i], pattern[close + 1 :]
                bounds = [i, *commas, close]
                options = [pattern[a + 1 : b] for a, b in itertools.pairwise(bounds)]
                tails = expand_braces(tail)
                out: list[str] = []
                for option in options:
                    for middle in expand_braces(option):
                        out.extend(head + middle + rest for rest in tails)
                        if len(out) > MAX_ALTERNATIVES:
                            return out
                return out
        i += 1
    return None


def _group(pattern: str, start: int) -> tuple[int | None, list[int]]:
    """The index of the brace closing the one at ``start``, and of the commas at its level."""
    depth = 0
    commas: list[int] = []
    i = start
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return i, commas
        elif char == "," and depth == 1:
            commas.append(i)
        i += 1
    return None, commas


def matches(path: str, pattern: str) -> bool:
    """Whether the workspace-relative POSIX ``path`` matches the glob ``pattern``."""
    clean = _clean_path(path)
    return any(
        regex is not None and regex.fullmatch(clean) is not None for regex in _compiled(pattern)
    )


@lru_cache(maxsize=512)
def _compiled(pattern: str) -> tuple[re.Pattern[str] | None, ...]:
    return tuple(_compile(alternative) for alternative in expand_braces(pattern))


def is_selected(path: str, include: Sequence[str], exclude: Sequence[str]) -> bool:
    """A path is selected when an ``include`` pattern matches it and no ``exclude`` one does.

    An empty ``include`` selects nothing: publishing is create-only, so the safe reading of
    "no patterns" is "no files" (the settings supply the defaults).
    """
    return any(matches(path, p) for p in include) and not any(matches(path, p) for p in exclude)


def why_not_selected(path: str, include: Sequence[str], exclude: Sequence[str]) -> str:
    """Why ``is_selected`` refuses ``path``, naming the glob: the first ``exclude`` one that
    matches it, or the ``include`` globs when none of them does."""
    excluded = next((pattern for pattern in exclude if matches(path, pattern)), None)
    if excluded is not None:
        return f"matched by the exclude glob {excluded!r} (setting `exclude`)"
    listed = ", ".join(repr(pattern) for pattern in include) or "none"
    return f"matched by none of the include globs (setting `include`: {listed})"


def expand(workspace: Path, patterns: Sequence[str]) -> tuple[list[str], list[str]]:
    """The files an explicit ``files`` setting names, and the patterns that named none.

    Each pattern is a path or a glob relative to the workspace. An existing path is taken as
    it is (a directory stands for every file below it), even when it has glob characters in
    its name; otherwise the pattern is matched as a glob against every file of the workspace
    (``.git`` directories skipped, directory symlinks not followed). Nothing outside the
    workspace is ever returned: a pattern with a ``..`` segment, or an absolute path outside
    the workspace, is a :class:`ConfigError`; a file symlink that points outside is returned so
    that the publisher can refuse it as that file's own failure.
    Returns the workspace-relative POSIX paths, sorted and unique, and the unmatched patterns
    in the order given.
    """
    root = workspace.resolve()
    found: set[str] = set()
    unmatched: list[str] = []
    all_files: list[str] | None = None
    for raw in patterns:
        if not raw.strip():
            continue
        hits: list[str] = []
        # A path that exists as written is taken literally, braces and all.
        literal = _existing(root, _literal(root, raw))
        for alternative in expand_braces(raw.strip()) if literal is None else []:
            pattern = _relative_pattern(root, alternative)
            if not pattern:
                continue
            found_here = _existing(root, pattern.lstrip("/"))
            if found_here is None:
                if all_files is None:
                    all_files = sorted(_walk(root))
                found_here = [f for f in all_files if matches(f, pattern)]
            hits += found_here
        hits = literal if literal is not None else hits
        if hits:
            found.update(hits)
        else:
            unmatched.append(raw)
    return sorted(found), unmatched


def workspace_path(workspace: Path, raw: str, setting: str = "files") -> str:
    """The workspace-relative POSIX path a file named on the command line (or in ``files``)
    stands for, spelt as every run spells it: ``./posts/a.md``, ``posts//a.md`` and the
    absolute path of that file inside the workspace are all ``posts/a.md``. ConfigError
    (naming ``setting``) when it leaves the workspace or names nothing."""
    path = _literal(workspace.resolve(), raw, setting)
    if path in ("", "."):
        raise ConfigError(f"{setting}: {raw!r} names no file; give a path in the workspace")
    return path


def _literal(root: Path, raw: str, setting: str = "files") -> str:
    """``raw`` taken as a path (no glob), relative to the workspace and normalised."""
    relative = _relative_pattern(root, raw, setting).lstrip("/")
    return posixpath.normpath(relative) if relative else ""


def _clean_path(path: str) -> str:
    while path.startswith("./"):
        path = path[2:]
    return path.strip("/")


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str] | None:
    anchored = pattern.startswith(("/", "./"))
    directory = pattern.endswith("/")
    segments = [s for s in pattern.split("/") if s and s != "."]
    if not segments:
        return None
    if len(segments) == 1 and not anchored:
        segments.insert(0, "**")  # no slash but a trailing one: the name at any depth
    if directory:
        segments.append("**")
    out: list[str] = []
    need_sep = False
    for i, segment in enumerate(segments):
        if segment == "**":
            if i == len(segments) - 1:
                out.append("/.*" if need_sep else ".*")
            else:
                out.append("/(?:.*/)?" if need_sep else "(?:.*/)?")
                need_sep = False
            continue
        if need_sep:
            out.append("/")
        out.append(_translate_segment(segment))
        need_sep = True
    # "(?:/.*)?": a pattern that matches a directory matches everything below it.
    return re.compile("".join(out) + "(?:/.*)?", re.DOTALL) if out else None


def _translate_segment(segment: str) -> str:
    out: list[str] = []
    i, n = 0, len(segment)
    while i < n:
        c = segment[i]
        i += 1
        if c == "*":
            while i < n and segment[i] == "*":
                i += 1
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "\\" and i < n:
            out.append(re.escape(segment[i]))
            i += 1
        elif c == "[":
            j = i
            if j < n and segment[j] in "!^":
                j += 1
            if j < n and segment[j] == "]":
                j += 1
            while j < n and segment[j] != "]":
                j += 1
            if j >= n:  # no closing bracket: a literal "["
                out.append(re.escape(c))
                continue
            body = segment[i:j]
            i = j + 1
            negate = body[:1] in ("!", "^")
            if negate:
                body = body[1:]
            body = body.replace("\\", "\\\\").replace("^", "\\^").replace("[", "\\[")
            out.append(f"[^/{body}]" if negate else f"(?!/)[{body}]")
        else:
            out.append(re.escape(c))
    return "".join(out)


def _relative_pattern(root: Path, raw: str, setting: str = "files") -> str:
    """The pattern relative to the workspace; ConfigError when it would leave it."""
    pattern = raw.strip()
    if not pattern:
        return ""
    if ".." in PurePosixPath(pattern).parts:
        raise ConfigError(
            f"{setting}: {raw!r} goes up with '..'; "
            "give paths and globs relative to the workspace, inside it"
        )
    if os.path.isabs(pattern):
        literal = Path(pattern)
        try:
            relative = literal.resolve().relative_to(root)
        except ValueError:
            try:
                relative = literal.relative_to(root)
            except ValueError:
                raise ConfigError(
                    f"{setting}: {raw!r} is outside the workspace {root}; "
                    "give paths relative to the workspace"
                ) from None
        pattern = "/" + relative.as_posix() if relative.parts else "/**"
    return pattern


def _existing(root: Path, pattern: str) -> list[str] | None:
    """The files an existing path stands for, or None when no such path exists."""
    candidate = root / pattern
    if not pattern or not os.path.lexists(candidate):
        return None
    rel = posixpath.normpath(pattern)
    if not _leads_inside(candidate, root):
        # A link leading out is still named, so that the publisher refuses it as that file's
        # failure (reported, sparing the others) rather than it silently vanishing.
        return [rel] if candidate.is_symlink() and not candidate.is_dir() else []
    if ".git" in PurePosixPath(rel).parts:
        return []
    if candidate.is_dir():
        prefix = "" if rel == "." else rel + "/"
        return sorted(prefix + f for f in _walk(candidate, root))
    return [rel] if candidate.is_file() else []


def _leads_inside(path: Path, root: Path) -> bool:
    """Whether ``path``, links followed, stays inside ``root``; False for a link that loops or
    dangles in a way the system refuses to follow (that file fails alone, later, if chosen)."""
    try:
        return path.resolve(strict=False).is_relative_to(root)
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop, before Python 3.13
        return False


def _walk(top: Path, root: Path | None = None) -> Iterator[str]:
    """Files below ``top`` relative to itself, skipping .git and links leaving ``root``."""
    root = root or top
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = [d for d in dirnames if d != ".git"]
        base = Path(dirpath)
        for name in filenames:
            full = base / name
            if full.is_symlink() and not _leads_inside(full, root):
                # refused later as that file's failure, when a pattern selects it
                yield full.relative_to(top).as_posix()
                continue
            if not full.is_file():
                continue
            yield full.relative_to(top).as_posix()
