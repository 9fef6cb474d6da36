"""Every module the package's docstrings and comments name exists, and imports run one way.

A module renamed or moved leaves its old name behind in prose; these checks read the source
(no import), so they cost a few milliseconds: ``medium_action/...py`` paths and bare ``x.py``
names, ``:mod:`` references (absolute, ``.relative`` to the module's package, ``..`` to its
parent) and dotted ``medium_action.x.y`` names, where a trailing attribute is allowed.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "medium_action"
FILES = sorted(PACKAGE.rglob("*.py"))
RELATIVE = {p.relative_to(PACKAGE).as_posix() for p in FILES}
MODULES = {
    ".".join(("medium_action", *p.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(
        ".__init__"
    )
    for p in FILES
}
PY_NAME = re.compile(r"(?<![\w./-])((?:[a-z_][a-z0-9_]*/)*[a-z_][a-z0-9_]*\.py)\b")
MOD_REF = re.compile(r":(?:mod|func|class|meth|data|attr):`~?(\.*[a-zA-Z_][\w.]*)`")
DOTTED = re.compile(r"\bmedium_action(?:\.[A-Za-z_]\w*)+")
OUTSIDE = ("bench/", "tests/", "tools/", "examples/", "entrypoint.py")


def prose(path: Path) -> Iterator[str]:
    """The docstrings and comments of one module."""
    source = path.read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            doc = ast.get_docstring(node)
            if doc:
                yield doc
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.string


def module_of(path: Path) -> str:
    parts = ("medium_action", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts).removesuffix(".__init__")


def names_a_module(dotted: str) -> bool:
    """``a.b.c`` is a module, or a module's attribute (``a.b`` a module, ``c`` defined in it)."""
    parts = dotted.split(".")
    depths = (len(parts), len(parts) - 1, len(parts) - 2)  # a module, its function, a method
    return any(".".join(parts[:n]) in MODULES for n in depths if n >= 2)


def resolve(reference: str, here: str, is_package: bool) -> str:
    if not reference.startswith("."):
        return reference if reference.startswith("medium_action") else ""
    dots = len(reference) - len(reference.lstrip("."))
    base = here.split(".") if is_package else here.split(".")[:-1]
    base = base[: len(base) - (dots - 1)]
    return ".".join([*base, reference.lstrip(".")])


def dangling(path: Path) -> list[str]:
    here, is_package = module_of(path), path.name == "__init__.py"
    found = []
    for text in prose(path):
        for name in PY_NAME.findall(text):
            short = name.removeprefix("medium_action/")
            if name.startswith(OUTSIDE) or short in RELATIVE:
                continue
            if not any(r == short or r.endswith("/" + short) for r in RELATIVE):
                found.append(name)
        for reference in MOD_REF.findall(text):
            dotted = resolve(reference, here, is_package)
            if dotted and not names_a_module(dotted):
                found.append(f":{reference}:")
        found += [name for name in DOTTED.findall(text) if not names_a_module(name)]
    return found


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_every_module_named_in_the_prose_exists(path: Path) -> None:
    assert dangling(path) == []


def test_the_check_catches_an_old_name(tmp_path: Path) -> None:
    assert not names_a_module("medium_action.render.find_images")
    assert names_a_module("medium_action.rendering.render.render_html")
    assert resolve(".lists", "medium_action.rendering.render", False) == (
        "medium_action.rendering.lists"
    )
    assert resolve("..syntax.blocks", "medium_action.rendering.templates.paired", False) == (
        "medium_action.rendering.syntax.blocks"
    )


def test_only_the_command_line_imports_the_command_line() -> None:
    """Imports run from ``cli`` down to the concerns, never back up (``demo`` is handed the
    publishing run instead of importing it)."""
    upward = []
    for path in FILES:
        if module_of(path).startswith("medium_action.cli"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "medium_action.cli"
            ):
                upward.append(f"{module_of(path)} imports {node.module}")
            elif isinstance(node, ast.Import):
                upward += [
                    f"{module_of(path)} imports {alias.name}"
                    for alias in node.names
                    if alias.name.startswith("medium_action.cli")
                ]
    assert upward == []
