"""Definition lists and block attribute lines (dialects/definitions.py, attributes.py) beyond
the golden examples: code byte for byte under every marker width, containers, the portable
Markdown of dev.to and ``content-format: markdown``."""

from __future__ import annotations

import pytest

from medium_action.rendering.portable import render_portable
from medium_action.rendering.render import parse_post, render_html


def pre_blocks(body: str, dialect: str) -> list[str]:
    post = parse_post(body, dialect)
    return [t["raw"] for t in post.walk() if t["type"] == "block_code"]


@pytest.mark.parametrize(
    ("dialect", "marker", "indent"),
    [("hugo", ": ", "  "), ("hugo", ":   ", "    "), ("jekyll", ":  ", "   "),
     ("mkdocs", ":   ", "    "), ("quarto", "~   ", "    ")],
)  # fmt: skip
def test_code_in_a_definition_keeps_every_byte(dialect: str, marker: str, indent: str) -> None:
    code = "def f():\n\tif x:\n\t    return  1 \n\n    # four spaces"
    fenced = "\n".join(indent + line if line else "" for line in ["```py", *code.split("\n")])
    body = f"Term\n{marker}Text.\n\n{fenced}\n{indent}```\n\nAfter.\n"
    assert pre_blocks(body, dialect) == [code + "\n"]
    html = render_html(parse_post(body, dialect), title="T").content
    assert "<p><strong>Term</strong></p>\n<p>Text.</p>\n<pre>" in html
    assert html.endswith("<p>After.</p>\n")


def test_a_definition_list_inside_a_list_item_and_a_quote() -> None:
    html = render_html(
        parse_post("- Term\n  : Its definition.\n\n> Word\n> : Meaning.\n", "hugo"), title="T"
    ).content
    # a tight item shows its paragraphs on lines of their own
    assert "<li><strong>Term</strong><br>Its definition.</li>" in html
    assert "<blockquote>\n<p><strong>Word</strong></p>\n<p>Meaning.</p>\n</blockquote>" in html


def test_the_portable_markdown_keeps_a_readable_form() -> None:
    body = 'Step 1\n: Set it:\n\n  ```sh\n  a\n    b\n  ```\n\nPara.\n{class="x"}\n'
    text = render_portable(parse_post(body, "hugo"), title="T").content
    assert text == "**Step 1**\n\nSet it:\n\n```sh\na\n  b\n```\n\nPara.\n"


def test_an_attribute_line_never_swallows_a_paragraph_or_code() -> None:
    body = "{.x}\nNot attributes: {.y} in a sentence.\n\n    {.z}\n"
    html = render_html(parse_post(body, "hugo"), title="T").content
    assert "<p>Not attributes: {.y} in a sentence.</p>" in html
    assert "<pre>{.z}</pre>" in html


def test_a_definition_after_one_that_ends_in_code_is_the_same_terms() -> None:
    body = "Term\n: First.\n\n  ```\n  code\n  ```\n\n: Second.\n"
    html = render_html(parse_post(body, "hugo"), title="T").content
    assert html == (
        "<h1>T</h1>\n<p><strong>Term</strong></p>\n<p>First.</p>\n<pre>code</pre>\n<p>Second.</p>\n"
    )
