"""Tabs in code inside containers (rendering/syntax/tabs.py): the code as CommonMark reads it.

The expected code of each case is commonmark.js's and micromark's (MDX's parser) reading of the
same Markdown, checked with both; the golden file tests/fixtures/render/tabs.txt has the
framework cases (Starlight, Docusaurus) through the whole renderer.
"""

from __future__ import annotations

from typing import Any

import pytest

from medium_action.rendering.render import parse_post
from medium_action.rendering.syntax.tabs import columns, content_from


def code_blocks(body: str, dialect: str | None = None) -> list[str]:
    found: list[str] = []

    def walk(tokens: list[dict[str, Any]]) -> None:
        for tok in tokens:
            if tok["type"] == "block_code":
                found.append(tok["raw"].rstrip("\n"))
            if isinstance(tok.get("children"), list):
                walk(tok["children"])

    walk(parse_post(body, dialect).tokens)
    return found


@pytest.mark.parametrize(
    ("line", "col", "expected"),
    [
        ("  \tx", 2, "\tx"),  # the tab starts at the column: kept
        ("\tx", 2, "  x"),  # the tab spans the column: the rest of it as spaces
        ("\t\tx", 3, " \tx"),
        ("> \tx", 2, "\tx"),
        ("ab", 5, ""),
        ("abc", 0, "abc"),
    ],
)
def test_content_from_a_column(line: str, col: int, expected: str) -> None:
    assert content_from(line, col) == expected


def test_columns_count_tabs_to_the_next_stop() -> None:
    assert columns("a\tb", 0, 2) == 4
    assert columns("\t", 2, 1) == 4
    assert columns("  ", 3, 2) == 5


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # list items of every width, nested, and an item whose marker line has no text
        ("- a\n\n  ```\n  \tx\n  \t\ty\n  ```\n", ["\tx\n\t\ty"]),
        ("1. a\n\n   ```\n   \tx\n   ```\n", ["\tx"]),
        ("10. a\n\n    ```\n    \tx\n    ```\n", ["\tx"]),
        ("- a\n\n  1. b\n\n     ```\n     \tx\n     ```\n", ["\tx"]),
        ("-\n  ```\n  \tx\n  ```\n", ["\tx"]),
        # a tab after the list marker: the item's indent is the columns it reaches
        ("-\titem\n\n\t```\n\t\tx\n\t```\n", ["\tx"]),
        # block quotes, and a quote in a list item
        ("> ```\n> \tx\n>\t\ty\n> ```\n", ["\tx\n  \ty"]),
        ("- a\n\n  > ```\n  > \tx\n  > ```\n", ["\tx"]),
        # a tab the item's indent consumes in part
        ("- a\n\n  \t\tbaz\n", ["  baz"]),
        # indented code in a list item
        ("- a\n\n      if x:\n      \tgo()\n", ["if x:\n\tgo()"]),
    ],
)
def test_code_in_containers_keeps_its_tabs_as_commonmark_does(
    body: str, expected: list[str]
) -> None:
    assert code_blocks(body) == expected


def test_code_in_a_component_in_a_list_keeps_its_tabs() -> None:
    body = "<Note>\n\n- a\n\n  ```\n  \tx\n  ```\n\n</Note>\n"
    assert code_blocks(body, "mdx") == ["\tx"]
    steps = "<Steps>\n\n1. a\n\n   <Tabs>\n   <TabItem label='x'>\n\n   ```\n   \tx\n   ```\n\n"
    steps += "   </TabItem>\n   </Tabs>\n\n</Steps>\n"
    assert code_blocks(steps, "starlight") == ["\tx"]


def test_a_post_without_tabs_reads_as_before() -> None:
    body = "- a\n\n  ```\n    x\n  y\n  ```\n\n> ```\n>   z\n> ```\n"
    assert code_blocks(body) == ["  x\ny", "  z"]


def test_a_fence_mistune_places_where_commonmark_sees_none_keeps_mistunes_reading() -> None:
    # a tab after "1." counted from a quote mistune takes for column 0: CommonMark's item is
    # wider than mistune's, and there is no fence at that indent for it; nothing is rebuilt
    body = "-   item\n\n    > item\n    > 1.\titem\n    >\n"
    body += "    >   \t~~~\n    >   \t// c\n    >   \t~~~\n"
    assert code_blocks(body) == ["// c"]
