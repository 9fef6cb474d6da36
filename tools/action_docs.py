#!/usr/bin/env python3
"""The README's inputs and outputs tables, generated from action.yml so that they cannot drift.

    python tools/action_docs.py                   print both tables (Markdown)
    python tools/action_docs.py --check README.md exit 1 when a marked block differs (CI)
    python tools/action_docs.py --write README.md rewrite the marked blocks in place

Blocks: the inputs table between ``<!-- inputs:start -->`` and ``<!-- inputs:end -->`` (required),
the outputs table between ``<!-- outputs:start -->`` and ``<!-- outputs:end -->`` (when present).
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _cell(text: Any) -> str:
    """One table cell: a single line, pipes escaped."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _default(value: Any) -> str:
    if value is None or str(value) == "":
        return ""
    return "`" + str(value).replace("|", "\\|") + "`"


def inputs_table(action: dict[str, Any]) -> str:
    rows = ["| input | description | default |", "|---|---|---|"]
    for name, spec in (action.get("inputs") or {}).items():
        spec = spec or {}
        required = " **(required)**" if spec.get("required") else ""
        rows.append(
            f"| `{name}`{required} | {_cell(spec.get('description', ''))} "
            f"| {_default(spec.get('default'))} |"
        )
    return "\n".join(rows)


def outputs_table(action: dict[str, Any]) -> str:
    rows = ["| output | description |", "|---|---|"]
    for name, spec in (action.get("outputs") or {}).items():
        rows.append(f"| `{name}` | {_cell((spec or {}).get('description', ''))} |")
    return "\n".join(rows)


def blocks(action: dict[str, Any]) -> dict[str, str]:
    return {"inputs": inputs_table(action), "outputs": outputs_table(action)}


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(
        rf"(<!-- {name}:start -->[^\n]*\n)(.*?)(^[^\S\n]*<!-- {name}:end -->)",
        re.DOTALL | re.MULTILINE,
    )


def render_into(readme: str, generated: dict[str, str]) -> str:
    """The README with every marked block replaced; the inputs block must exist."""
    if not _pattern("inputs").search(readme):
        raise SystemExit("action_docs: no <!-- inputs:start --> ... <!-- inputs:end --> block")
    for name, table in generated.items():
        readme = _pattern(name).sub(
            lambda m, t=table: m.group(1) + t + "\n" + m.group(3), readme, count=1
        )
    return readme


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--action", type=Path, default=ROOT / "action.yml")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--check", type=Path, metavar="README", help="fail when a block differs")
    mode.add_argument("--write", type=Path, metavar="README", help="rewrite the blocks")
    args = parser.parse_args(argv)

    action = yaml.safe_load(args.action.read_text(encoding="utf-8"))
    generated = blocks(action)
    if not (args.check or args.write):
        print("<!-- inputs -->\n" + generated["inputs"] + "\n")
        print("<!-- outputs -->\n" + generated["outputs"])
        return 0

    path = args.check or args.write
    current = path.read_text(encoding="utf-8")
    wanted = render_into(current, generated)
    if args.write:
        if wanted != current:
            path.write_text(wanted, encoding="utf-8")
        return 0
    if wanted == current:
        return 0
    sys.stderr.writelines(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            wanted.splitlines(keepends=True),
            fromfile=f"{path} (now)",
            tofile=f"{path} (from {args.action.name})",
        )
    )
    print(
        f"action_docs: {path} is out of date with {args.action.name}; "
        f"run: python tools/action_docs.py --write {path}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
