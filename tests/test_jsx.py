"""JSX read as MDX reads it (:mod:`medium_action.rendering.dialects.jsx`), and what the MDX
rules built on it warn about and cost."""

from __future__ import annotations

import pytest

from medium_action.rendering.dialects.jsx import (
    expression_end,
    html_tag,
    literal,
    read_attributes,
    statement_end,
    tag_end,
)
from medium_action.rendering.dialects.mdx import tab_labels
from medium_action.rendering.dialects.mdx_html import code_lines, written_as_html
from medium_action.rendering.render import parse_post, render_html


@pytest.mark.parametrize(
    "expression",
    [
        '{{color: "#5af78e"}}',
        '{{content: "}"}}',
        "{'{'}",
        "{`a ${ {b: 1}.b } }`}",
        "{`${`${'}'}`}`}",
        "{[{label: 'npm', value: 'npm'}, {label: \"}\"}]}",
        "{() => { go({a: 1}); return a > b; }}",
        "{/* } */ 1}",
        "{x // }\n}",
    ],
)
def test_an_expression_ends_at_its_balancing_brace(expression: str) -> None:
    text = expression + " rest"
    assert expression_end(text, 0) == len(expression)


@pytest.mark.parametrize("text", ["{a", "{'}", "{`${}", "{/* }"])
def test_an_expression_that_never_closes_has_no_end(text: str) -> None:
    assert expression_end(text, 0) == -1


def test_a_tag_ends_after_its_expression_attributes() -> None:
    tag = '<a href="x>y" onClick={() => a > b}\n  style={{a: "}"}}>'
    assert tag_end(tag + "text", 2) == len(tag)
    assert tag_end("<Foo\n\nbar>", 4) == -1  # a blank line first: it was text
    assert tag_end("<Foo bar", 4) == -1


def test_attributes_of_every_kind() -> None:
    attrs = read_attributes(' a="1" b=\'2\' c={{x: "}"}} d {...rest} e={[1, 2]} f=g />')
    assert [(a.name, a.kind, a.value) for a in attrs] == [
        ("a", "string", "1"),
        ("b", "string", "2"),
        ("c", "expression", '{x: "}"}'),
        ("d", "bare", ""),
        ("", "spread", "...rest"),
        ("e", "expression", "[1, 2]"),
        ("f", "string", "g"),
    ]


def test_literal_strings_only() -> None:
    assert literal('"a \\" b"') == 'a " b'
    assert literal(" 'x' ") == "x"
    assert literal("`t`") == "t"
    assert literal("`${x}`") is None
    assert literal("a + 'b'") is None
    assert literal("require('./img/a.png').default") == "./img/a.png"
    assert literal('useBaseUrl("/img/b.png")') == "/img/b.png"
    assert literal("require(name)") is None


def test_html_tag_keeps_strings_and_drops_expressions() -> None:
    assert html_tag("span", ' style={{color: "red"}} title="t">') == '<span title="t">'
    assert html_tag("abbr", ' className={"x"} title={`<y>`}>') == (
        '<abbr class="x" title="&lt;y&gt;">'
    )
    assert html_tag("img", ' src="a.png" {...props} />') == '<img src="a.png" />'


def test_written_as_html_rewrites_only_tags_with_expressions() -> None:
    html = '<div style={{a: 1}}>\n<p class="k">x {"}"}</p>\n</div>'
    assert written_as_html(html) == '<div>\n<p class="k">x }</p>\n</div>'


def test_an_esm_block_reads_past_blank_lines_inside_brackets() -> None:
    src = "export const a = {\n  b: '{',\n\n  c: [1],\n};\n\nText\n"
    assert src[statement_end(src, 0) :] == "\nText\n"
    src = "import A from 'a';\nimport B from \"b\";\n\nText\n"
    assert src[statement_end(src, 0) :] == "\nText\n"


def test_tab_labels_from_values() -> None:
    values = "[{label: 'npm', value: 'npm'}, { value: \"yarn\", label: `Yarn` }, {value: 'x'}]"
    assert tab_labels(values) == {"npm": "npm", "yarn": "Yarn"}


def test_code_lines_are_what_the_block_shows() -> None:
    inner = '\n<span style={{c: "#fff"}}># In</span><br />\n&nbsp;&nbsp;a \\* b<br />\n\nc\n'
    assert code_lines(inner) == "# In\n  a * b\n\nc\n"


def test_a_component_drawn_from_data_is_dropped_with_a_warning_naming_its_line() -> None:
    props = ",\n".join(f"\t\t{{ title: 'Theme {i}', href: 'https://x/{i}' }}" for i in range(300))
    body = f"Intro.\n\n<ThemeGrid\n\tthemes={{[\n{props}\n\t]}}\n/>\n\nAfter.\n"
    post = parse_post(body, "starlight")
    html = render_html(post, title="T", subtitle=None).content
    assert "Theme 1" not in html and "themes=" not in html
    assert "<p>After.</p>" in html
    assert [(w.line, w.message) for w in post.template_warnings] == [
        (3, "<ThemeGrid /> dropped: an MDX component without text")
    ]


def test_an_expression_in_text_is_dropped_with_a_warning() -> None:
    post = parse_post("Line one.\n\nBy {props.author}.\n", "docusaurus")
    html = render_html(post, title="T", subtitle=None).content
    assert "props" not in html
    assert [(w.line, w.message) for w in post.template_warnings] == [
        (3, "{props.author} dropped: a value the site computes")
    ]


@pytest.mark.parametrize(
    "unit", ["<Foo a={\n", "<Foo a={{b: '\n", "<span s={{\n", "x <span s={{ y\n", "<Foo\n"]
)
def test_unclosed_tags_with_expressions_cost_linear_work(unit: str) -> None:
    """Openers never closed: each scan stops at the post's budget, so twice the lines cost
    about twice the work, not four times."""

    def steps(n: int) -> int:
        post = parse_post(unit * n, "mdx")
        env = post.state.env
        return int(env.get("dialect_steps", 0)) + int(env.get("jsx_scanned", 0))

    half, full = steps(3000), steps(6000)
    assert full <= 2.5 * half
