"""The dialects' block plugins: code inside framework blocks is byte-exact, work is linear.

The rendered shape of each construct is in the golden files (``tests/fixtures/render/``); here
are the properties those examples cannot show: every byte of code inside components survives
at any indentation and nesting, and the work done grows linearly with adversarial input.
"""

from __future__ import annotations

from typing import Any

import pytest

from medium_action.rendering.post import parse_post

CODE_SAMPLES = [
    "function f() {\n  return 1;\n}",
    "def f():\n    if x:\n        return 1\n\n    return 2",
    "\tindented\twith tabs\n\t\ttwice",
    "</TabItem>\n</Tabs>\n:::\n<Note>",  # closers inside code close nothing
    "  leading spaces kept\nnone here\n      six",
]


def codes(post: Any) -> list[str]:
    return [tok["raw"] for tok in post.walk() if tok["type"] == "block_code"]


def indented(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else "" for line in text.split("\n"))


@pytest.mark.parametrize("code", CODE_SAMPLES)
@pytest.mark.parametrize("indent", ["", "  ", "    ", "\t"])
def test_code_in_tab_items_is_byte_exact(code: str, indent: str) -> None:
    fence = "```js\n" + code + "\n```"
    body = (
        "<Tabs>\n"
        + indent
        + '<TabItem value="a" label="A">\n'
        + indented(fence, indent * 2)
        + "\n"
        + indent
        + "</TabItem>\n"
        + indent
        + '<TabItem value="b" label="B">\n\n'
        + indented(fence.replace("```", "~~~~"), indent * 2)
        + "\n\n"
        + indent
        + "</TabItem>\n</Tabs>\n"
    )
    post = parse_post(body)
    assert codes(post) == [code + "\n", code + "\n"]
    assert not post.template_warnings


@pytest.mark.parametrize("code", CODE_SAMPLES)
def test_code_in_nested_components_and_containers_is_byte_exact(code: str) -> None:
    body = (
        "<Note>\n  <Sandpack>\n    <Tabs>\n      <TabItem label='x'>\n"
        + indented("```py\n" + code + "\n```", "        ")
        + "\n      </TabItem>\n    </Tabs>\n  </Sandpack>\n</Note>\n\n"
        + "::::tip[Title]\n:::details Open\n"
        + "```py\n"
        + code
        + "\n```\n:::\n::::\n"
    )
    post = parse_post(body)
    assert codes(post) == [code + "\n", code + "\n"]


def test_component_children_in_a_list_item_are_read() -> None:
    post = parse_post("- item\n\n  <Note>\n  Inside.\n  </Note>\n")
    quotes = [tok for tok in post.walk() if tok["type"] == "block_quote"]
    assert len(quotes) == 1


def steps_for(body: str) -> int:
    return int(parse_post(body).state.env.get("dialect_steps", 0))


@pytest.mark.parametrize(
    "unit",
    [
        ":::note\ntext\n\n",  # never closed (issue 19: 300 KB of these took minutes)
        "::::tip\n:::\n",  # closers that close nothing of theirs
        "<Note>\ntext\n\n",  # components never closed
        "<Tabs>\n<TabItem label='a'>\n",
        "{/* comment never closed\n\n",
        "<Foo bar={1\n\n",  # a tag that never ends
    ],
)
def test_work_grows_linearly_with_unclosed_blocks(unit: str) -> None:
    small = steps_for(unit * 2000)
    large = steps_for(unit * 8000)
    assert small > 0
    assert large <= 4 * small * 1.2  # linear; a rescan per opener would be 16 times


def test_a_300kb_post_of_unclosed_containers_parses() -> None:
    body = ":::note\n" * 37_500  # 300 KB
    post = parse_post(body)
    assert post.state.env["dialect_steps"] < 10 * 37_500
