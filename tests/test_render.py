"""Unit tests of medium_action.rendering.render, and the two checks every rendered post must pass.

``assert_medium_html`` parses an output with ``html.parser`` and checks it against
``ALLOWED_TAGS`` (tags, attributes, URL schemes) and Medium's structure (one title first, flat
lists, no figure inside a paragraph…). ``assert_no_word_lost`` checks that every word of the
source's text tokens appears in the output's text (alt texts included). The golden and property
tests import both.
"""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from typing import Any

import mistune
import pytest

from medium_action.rendering.render import (
    ALLOWED_TAGS,
    ImageRef,
    Rendered,
    RenderWarning,
    display_width,
    parse_post,
    render_html,
    render_markdown,
)
from medium_action.rendering.syntax.tex import Unconvertible, subscript, superscript, tex_to_text

# --------------------------------------------------------------------------- shared checks

VOID = {"br", "hr", "img"}
BLOCKS = {"h1", "h2", "h3", "h4", "p", "pre", "blockquote", "ul", "ol", "figure", "hr"}
INLINE_ONLY_PARENTS = {"p", "h1", "h2", "h3", "h4", "li", "figcaption", "pre"}
SAFE_SCHEMES = {"http", "https", "mailto", "tel", "ftp"}


class _Checker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problems: list[str] = []
        self.top_level: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed")
        for name, value in attrs:
            if name not in ALLOWED_TAGS.get(tag, frozenset()):
                self.problems.append(f"attribute {name} on <{tag}> is not allowed")
            if name in ("href", "src") and value is not None:
                compact = re.sub(r"[\x00-\x20\x7f]", "", value).lower()
                m = re.match(r"([a-z][a-z0-9+.-]*):", compact)
                if m and m.group(1) not in SAFE_SCHEMES:
                    self.problems.append(f"unsafe URL {value!r}")
            if name == "alt" and value:
                self.text.append(" " + value + " ")
        parent = self.stack[-1] if self.stack else None
        if not self.stack:
            self.top_level.append(tag)
        if tag in BLOCKS and parent in INLINE_ONLY_PARENTS | {"li"}:
            self.problems.append(f"<{tag}> inside <{parent}>")
        if tag in ("ul", "ol") and "li" in self.stack:
            self.problems.append("nested list")
        if tag == "blockquote" and "blockquote" in self.stack:
            self.problems.append("nested blockquote")
        if tag == "li" and parent not in ("ul", "ol"):
            self.problems.append(f"<li> inside <{parent}>")
        if parent in ("ul", "ol") and tag != "li":
            self.problems.append(f"<{tag}> directly inside <{parent}>")
        top_only = ("figure", "hr", "pre", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4")
        if tag in top_only and self.stack:
            self.problems.append(f"<{tag}> is not at the top level")
        if tag == "img" and parent != "figure":
            self.problems.append("<img> outside <figure>")
        if parent == "pre":
            self.problems.append(f"<{tag}> inside <pre>")
        if tag in BLOCKS or tag in ("br", "li", "figcaption"):
            self.text.append("\n")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if tag in BLOCKS or tag in ("li", "figcaption"):
            self.text.append("\n")
        if not self.stack or self.stack[-1] != tag:
            self.problems.append(f"</{tag}> does not close {self.stack[-1:] or 'anything'}")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.stack and data.strip():
            self.problems.append(f"text outside any block: {data.strip()[:30]!r}")
        self.text.append(data)

    def handle_comment(self, data: str) -> None:
        self.problems.append("HTML comment in output")


def check_medium_html(html: str) -> tuple[list[str], str]:
    """(problems, text) of a rendered post."""
    checker = _Checker()
    checker.feed(html)
    checker.close()
    if checker.stack:
        checker.problems.append(f"unclosed {checker.stack}")
    top = checker.top_level
    if not top or top[0] != "h1":
        checker.problems.append("the post does not start with <h1>")
    if top.count("h4"):
        checker.problems.append("<h4> sent: Medium's small heading is sent as <h3>")
    if top.count("h2") > 1 or ("h2" in top and top.index("h2") != 1):
        checker.problems.append("<h2> elsewhere than right after the title")
    return checker.problems, "".join(checker.text)


def assert_medium_html(html: str) -> None:
    problems, _ = check_medium_html(html)
    assert not problems, f"{problems}\n---\n{html}"


WORD = re.compile(r"\w+")
SUPPRESSING = {
    "script", "style", "iframe", "video", "audio", "object", "template", "svg", "progress"
}  # fmt: skip


SEPARATING = {
    "br", "hr", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "h1", "h2", "h3",
    "h4", "h5", "h6", "blockquote", "pre", "figure", "figcaption", "img", "iframe", "video",
    "audio", "embed", "object", "source", "input", "section", "details", "summary", "dt", "dd",
}  # fmt: skip
INLINE_TYPES = {
    "text", "codespan", "emphasis", "strong", "link", "strikethrough", "softbreak",
    "linebreak", "inline_html", "footnote_ref", "inline_math", "block_math",
}  # fmt: skip


def source_words(
    markdown: str, dialect: str | None = None, front_matter: dict[str, Any] | None = None
) -> set[str]:
    """Words of the text tokens of ``markdown`` (after template tags are expanded, with the
    values of ``front_matter``).

    Text is joined as it reads (adjacent tokens run together, blocks and images apart), so a
    word is what a reader sees as one.
    """
    # every pre-parse step and plugin, as rendering sees
    post = parse_post(markdown, dialect, front_matter=front_matter)
    tokens = [*post.tokens, *post.notes]
    pieces: list[str] = []

    scripts: list[str] = []  # <sup>/<sub> open: their text is written small (or ^(…))

    def walk(toks: list[dict[str, Any]], in_link: bool = False) -> None:
        suppress: list[str] = []
        for tok in toks:
            typ = tok["type"]
            if typ == "inline_html":
                m = re.match(r"<(/?)([A-Za-z][A-Za-z0-9-]*)", tok["raw"])
                if m and m.group(2).lower() in ("sup", "sub"):
                    if not m.group(1):
                        scripts.append(m.group(2).lower())
                    elif scripts:
                        scripts.pop()
                    continue
                if m and m.group(2).lower() in SEPARATING:
                    pieces.append("\n")
                if m and m.group(2).lower() in SUPPRESSING:
                    if m.group(1):
                        if suppress and suppress[-1] == m.group(2).lower():
                            suppress.pop()
                    elif not tok["raw"].rstrip().endswith("/>"):
                        suppress.append(m.group(2).lower())
                continue
            if suppress:
                continue
            block = typ not in INLINE_TYPES and not (typ == "image" and in_link)
            if block:  # blocks, and images (they move out of the text, but in a link's text)
                pieces.append("\n")
            if typ in ("inline_math", "block_math"):  # written as Unicode text when it can be
                pieces.append(math_text(tok["raw"]))
            elif typ == "text" and scripts and tok["raw"].strip():
                plain = mistune.util.unescape(tok["raw"])
                small = superscript(plain) if scripts[-1] == "sup" else subscript(plain)
                mark = "^(" if scripts[-1] == "sup" else "_("
                pieces.append(small or mark + plain + ")")
            elif typ in ("text", "codespan", "block_code"):
                pieces.append(mistune.util.unescape(tok.get("raw", "")))
            elif typ in ("softbreak", "linebreak"):
                pieces.append("\n")
            if "children" in tok:
                outer = scripts[:] if typ == "image" else []  # an alt text is never made small
                del scripts[: len(outer)]
                walk(tok["children"], in_link or typ == "link")
                scripts[:0] = outer
            if block:
                pieces.append("\n")
                if typ != "image":
                    scripts.clear()  # a raw <sup> the block left open ends with it, as rendered

    walk(tokens)  # type: ignore[arg-type]
    return set(WORD.findall("".join(pieces)))


def math_text(tex: str) -> str:
    try:
        return tex_to_text(tex)
    except Unconvertible:
        return tex


def output_words(html: str) -> set[str]:
    _, text = check_medium_html(html)
    return set(WORD.findall(text.replace("\u0336", "")))


def assert_no_word_lost(
    markdown: str,
    html: str,
    dialect: str | None = None,
    front_matter: dict[str, Any] | None = None,
) -> None:
    lost = source_words(markdown, dialect, front_matter) - output_words(html)
    assert not lost, f"words lost: {sorted(lost)}\n---\n{html}"


def render(md: str, **kwargs: Any) -> Rendered:
    kwargs.setdefault("title", "Title")
    out = render_html(parse_post(md), **kwargs)
    assert_medium_html(out.content)
    assert_no_word_lost(md, out.content)
    return out


def body(md: str, **kwargs: Any) -> str:
    """The rendered HTML after the title line."""
    content = render(md, **kwargs).content
    return content.split("\n", 1)[1]


# --------------------------------------------------------------------------- ALLOWED_TAGS


def test_allowed_tags_is_medium_subset() -> None:
    assert set(ALLOWED_TAGS) == {
        "h1", "h2", "h3", "h4", "p", "strong", "b", "em", "i", "a", "code", "pre",
        "blockquote", "ul", "ol", "li", "figure", "img", "figcaption", "hr", "br",
    }  # fmt: skip
    assert ALLOWED_TAGS["a"] == frozenset({"href"})
    assert ALLOWED_TAGS["img"] == frozenset({"src", "alt"})
    assert all(isinstance(v, frozenset) for v in ALLOWED_TAGS.values())
    with pytest.raises(TypeError):
        ALLOWED_TAGS["table"] = frozenset()  # type: ignore[index]


def test_checker_catches_problems() -> None:
    problems, _ = check_medium_html('<h1>t</h1><table></table><p onclick="x">a</p>')
    assert "tag <table> is not allowed" in problems
    assert "attribute onclick on <p> is not allowed" in problems
    problems, _ = check_medium_html(
        '<h1>t</h1><ul><li>a<ul><li>b</li></ul></li></ul><p><a href="javascript:x">y</a>'
    )
    assert "nested list" in problems
    assert any("unsafe URL" in p for p in problems)
    assert any("unclosed" in p for p in problems)


# --------------------------------------------------------------------------- title and headings


def test_title_and_subtitle_come_first_and_are_escaped() -> None:
    out = render("Hello", title="Tom & <Jerry>", subtitle='A "sub"')
    assert out.content == '<h1>Tom &amp; &lt;Jerry&gt;</h1>\n<h2>A "sub"</h2>\n<p>Hello</p>\n'


def test_title_heading_in_body_is_not_repeated() -> None:
    assert body("# Title\n\nText") == "<p>Text</p>\n"
    assert body("# *Title*\n\nText") == "<p>Text</p>\n"
    assert body("Title\n=====\n\nText") == "<p>Text</p>\n"
    assert body("# Other\n\nText") == "<h1>Other</h1>\n<p>Text</p>\n"


def test_subtitle_heading_after_title_is_not_repeated() -> None:
    out = render("# Title\n\n## Sub\n\nText\n\n## Sub", subtitle="Sub").content
    assert out == "<h1>Title</h1>\n<h2>Sub</h2>\n<p>Text</p>\n<h1>Sub</h1>\n"


def test_heading_levels() -> None:
    md = "# a\n\n## b\n\n### c\n\n#### d\n\n##### e\n\n###### f"
    assert body(md) == (
        "<h1>a</h1>\n<h3>b</h3>\n<p><strong>c</strong></p>\n<p><strong>d</strong></p>\n"
        "<p><strong>e</strong></p>\n<p><strong>f</strong></p>\n"
    )


def test_heading_levels_count_from_the_shallowest_one_the_body_uses() -> None:
    # A post titled in its front matter starts its sections at ##: they are Medium's large
    # heading (a later <h1>), ### its small one (<h3>, never an <h2> read as the subtitle).
    assert body("## Part\n\n### Detail\n\n#### Fine") == (
        "<h1>Part</h1>\n<h3>Detail</h3>\n<p><strong>Fine</strong></p>\n"
    )
    # levels count by use: a skipped level does not push the next one down
    assert body("## Part\n\n#### Detail") == "<h1>Part</h1>\n<h3>Detail</h3>\n"
    # the title heading itself does not count: ## stays the large heading after it
    assert body("# Title\n\n## Part\n\n### Detail") == "<h1>Part</h1>\n<h3>Detail</h3>\n"


def test_raw_html_headings_follow_the_body_levels() -> None:
    html = body("## Part\n\n<h2>Raw part</h2>\n\n<h3>Raw detail</h3>\n\n### Detail")
    assert html == ("<h1>Part</h1>\n<h1>Raw part</h1>\n<h3>Raw detail</h3>\n<h3>Detail</h3>\n")


# --------------------------------------------------------------------------- images


def test_find_images_in_document_order_with_lines() -> None:
    md = (
        "Intro ![one](a.png)\n"
        "\n"
        '![two](<my pic.png> "Two")\n'
        "\n"
        "```\n![not](code.png)\n```\n"
        "\n"
        "![ref][r] and `![no](span.png)`\n"
        "\n"
        '<p><img src="raw.png" alt="raw"></p>\n'
        "\n"
        '{{< figure src="fig.jpg" alt="fig" caption="Cap" >}}\n'
        "\n"
        "Again ![one](a.png) and <img src='https://x.test/i.gif'>\n"
        "\n"
        "[r]: ref.png\n"
    )
    assert parse_post(md).images() == [
        ImageRef("a.png", "one", None, 1),
        ImageRef("my pic.png", "two", "Two", 3),
        ImageRef("ref.png", "ref", None, 9),
        ImageRef("raw.png", "raw", None, 11),
        ImageRef("fig.jpg", "fig", "Cap", 13),
        ImageRef("a.png", "one", None, 15),
        ImageRef("https://x.test/i.gif", "", None, 15),
    ]


@pytest.mark.parametrize(
    "raw",
    [
        '<img src="x.png" />',  # XHTML's self-closing spelling, as MkDocs and Jekyll sites write
        '<div class="card">\n  <img src="x.png"/>\n</div>',
        'Text <img src="x.png" alt="x" /> inline',
        '<p><img\n  src="x.png"\n  width="300" /></p>',
    ],
)
def test_self_closing_raw_img_is_an_image_like_any_other(raw: str) -> None:
    """An ``<img />`` the post shows is found, so it is uploaded, not sent with a local src."""
    assert [i.src for i in parse_post("Intro\n\n" + raw + "\n").images()] == ["x.png"]
    html = body("Intro\n\n" + raw + "\n", image_urls={"x.png": "https://cdn/x"})
    assert 'src="https://cdn/x"' in html and "x.png" not in html


def test_find_images_decodes_relative_and_reports_every_scheme() -> None:
    """Inline image data is reported: Medium will not fetch it, so it is uploaded instead. Any
    other scheme is reported too, so that the uploader fails the post naming it (one rule)."""
    md = (
        "![a](my%20pic.png) ![b](https://x.test/a%20b.png) "
        "![c](javascript:alert(1)) ![d](data:image/png;base64,AA) ![e](data:text/html,x)"
    )
    assert [i.src for i in parse_post(md).images()] == [
        "my pic.png",
        "https://x.test/a%20b.png",
        "javascript:alert(1)",
        "data:image/png;base64,AA",
        "data:text/html,x",
    ]


def test_find_images_in_footnotes_tables_and_lists() -> None:
    md = (
        "- ![li](li.png)\n\n| a |\n|---|\n| ![cell](cell.png) |\n\n"
        "Note[^1]\n\n[^1]: ![fn](fn.png)\n"
    )
    assert [i.src for i in parse_post(md).images()] == ["li.png", "cell.png", "fn.png"]
    assert [i.line for i in parse_post(md).images()] == [1, 5, 9]


def test_image_urls_replace_every_kind_of_image() -> None:
    urls = {"a.png": "https://cdn/a", "raw.png": "https://cdn/raw", "fig.jpg": "https://cdn/fig"}
    md = (
        '![A](a.png)\n\n<img src="raw.png" alt="R">\n\n'
        '{{< figure src="fig.jpg" >}}\n\nText <img src="a.png"> inline'
    )
    html = body(md, image_urls=urls)
    assert html.count('src="https://cdn/a"') == 2
    assert 'src="https://cdn/raw"' in html
    assert 'src="https://cdn/fig"' in html
    assert "a.png" not in html


def test_image_figures() -> None:
    assert body('![Alt](https://x/a.png "Cap")') == (
        '<figure><img src="https://x/a.png" alt="Alt"><figcaption>Cap</figcaption></figure>\n'
    )
    assert body("![](https://x/a.png)") == '<figure><img src="https://x/a.png" alt=""></figure>\n'
    assert body("See ![b](https://x/b.png) here.") == (
        "<p>See here.</p>\n"
        '<figure><img src="https://x/b.png" alt="b"><figcaption>b</figcaption></figure>\n'
    )


def test_relative_image_not_uploaded_warns() -> None:
    out = render("![a](pics/a.png)")
    assert any("pics/a.png" in w for w in out.warnings)


# --------------------------------------------------------------------------- links


def test_link_resolver() -> None:
    seen: list[str] = []

    def resolve(href: str) -> str | None:
        seen.append(href)
        return "https://medium.com/@me/other-123" if href == "other post.md" else None

    html = body("[o](<other post.md>) [x](https://x.test/) [r](rel.md)", link_resolver=resolve)
    assert seen == ["other post.md", "https://x.test/", "rel.md"]
    assert '<a href="https://medium.com/@me/other-123">o</a>' in html
    assert '<a href="https://x.test/">x</a>' in html
    assert '<a href="rel.md">r</a>' in html


def test_unsafe_and_anchor_links_are_unwrapped() -> None:
    out = render('[js](javascript:alert(1)) [top](#top) <a href="vbscript:x">vb</a>')
    assert out.content.endswith("<p>js top vb</p>\n")
    assert any("#top" in w for w in out.warnings)


# --------------------------------------------------------------------------- warnings


def test_template_warnings_carry_lines() -> None:
    out = render("a\n\n{% foo bar %}\n\n{% include x.html %}\n")
    # an unknown tag with nothing quoted to show is dropped, never shown as syntax
    assert "line 3: unknown shortcode {% foo bar %} dropped: its output is unknown" in out.warnings
    assert any(w.startswith("line 5: {% include x.html %} dropped") for w in out.warnings)
    w = next(w for w in out.warnings if isinstance(w, RenderWarning) and w.line == 3)
    assert w.message.startswith("unknown shortcode")
    assert str(w.shifted(4)).startswith("line 7: ")
    assert "{%" not in out.content


def test_script_warns_and_vanishes() -> None:
    out = render("<script>alert('x')</script>\n\nText <style>p{}</style> after")
    assert "alert" not in out.content and "p{}" not in out.content
    assert "<script> removed with its content" in out.warnings


# --------------------------------------------------------------------------- robustness


def test_carriage_returns_are_newlines() -> None:
    assert render("a\r\nb\r\rc").content == render("a\nb\n\nc").content


def test_pure_and_thread_safe() -> None:
    posts = [
        f"# Title\n\n- item {i}\n  - sub {i}\n\n| a | b |\n|---|---|\n| {i} | x |\n"
        for i in range(40)
    ]
    expected = [render_html(parse_post(p), title="Title").content for p in posts]
    barrier = threading.Barrier(8)

    def work(i: int) -> str:
        if i < 8:
            barrier.wait()
        return render_html(parse_post(posts[i % 40]), title="Title").content

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(work, range(160)))
    assert results == [expected[i % 40] for i in range(160)]


def test_display_width() -> None:
    assert display_width("abc") == 3
    assert display_width("漢字") == 4
    assert display_width("🍎") == 2
    assert display_width("e\u0301") == 1  # combining acute
    assert display_width("❤\ufe0f") == 2  # emoji presentation
    assert display_width("👍🏽") == 2  # skin tone modifier
    assert display_width("👨\u200d👩\u200d👧") == 2  # ZWJ family
    assert display_width("ｱ") == 1  # halfwidth katakana


def test_table_columns_align_by_display_width() -> None:
    md = "| k | v |\n|---|--:|\n| 漢字 | 1 |\n| 🍎 | 22 |\n| ab | 333 |\n"
    html = body(md)
    lines = html.removeprefix("<pre>").split("</pre>")[0].split("\n")
    positions = {display_width(line.split("|")[0]) for line in lines if "|" in line}
    assert positions == {5}
    assert lines[2].endswith("|   1") and lines[4].endswith("| 333")


# --------------------------------------------------------------------------- markdown format


def test_render_markdown_prepends_title_and_subtitle() -> None:
    out = render_markdown(parse_post("Text *x*"), title="My *Post*", subtitle="Sub")
    assert out.content == "# My \\*Post\\*\n\n## Sub\n\nText *x*\n"


def test_render_markdown_keeps_existing_title() -> None:
    assert render_markdown(parse_post("# Post\n\nText"), title="Post").content == "# Post\n\nText\n"
    out = render_markdown(parse_post("\n# Post\n\nText"), title="Post", subtitle="Sub").content
    assert out == "# Post\n\n## Sub\n\nText\n"
    out = render_markdown(
        parse_post("# Post\n\n## Sub\n\nText"), title="Post", subtitle="Sub"
    ).content
    assert out == "# Post\n\n## Sub\n\nText\n"
    # a body whose first heading is another one keeps it, after the title
    out = render_markdown(parse_post("## Other\n\nText"), title="Post").content
    assert out == "# Post\n\n## Other\n\nText\n"


def test_render_markdown_rewrites_urls_outside_code() -> None:
    md = (
        "# T\n\n![a](a.png) [doc](<my doc.md>) ![r][r]\n\n"
        '<img src="a.png">\n\n`![a](a.png)`\n\n```\n![a](a.png)\n```\n\n[r]: a.png "t"\n'
    )
    out = render_markdown(
        parse_post(md),
        title="T",
        image_urls={"a.png": "https://cdn/a.png"},
        link_resolver=lambda h: "https://m/doc" if h == "my doc.md" else None,
    ).content
    assert "![a](https://cdn/a.png) [doc](https://m/doc)" in out
    assert '<img src="https://cdn/a.png">' in out
    assert "`![a](a.png)`" in out and "```\n![a](a.png)\n```" in out
    assert '[r]: https://cdn/a.png "t"' in out


def test_render_markdown_expands_template_tags() -> None:
    out = render_markdown(parse_post("{{< youtube abc >}}\n\n{% include x %}"), title="T")
    assert "<https://www.youtube.com/watch?v=abc>" in out.content
    assert any("include" in w for w in out.warnings)


def test_raw_blocks_keep_template_tags_without_warning() -> None:
    out = render("{% raw %}\n{{ page.title }} {% if x %}\n{% endraw %}\n")
    assert out.warnings == []
    assert "{{ page.title }} {% if x %}" in out.content


def test_warnings_are_render_warnings() -> None:
    out = render("[a](rel.md) {% nope %}")
    assert out.warnings and all(isinstance(w, RenderWarning) for w in out.warnings)
    assert [w.line for w in out.warnings if isinstance(w, RenderWarning)] == [1, None]


def test_nested_items_after_a_moved_block_keep_their_marker() -> None:
    md = "- a\n  - b\n\n    ```\n    x\n    ```\n  - c\n- d\n"
    assert body(md) == (
        "<ul>\n<li>a<br>– b</li>\n</ul>\n<pre>x</pre>\n<ul>\n<li>– c</li>\n<li>d</li>\n</ul>\n"
    )


def test_an_escaped_pipe_in_a_table_cell_is_a_pipe_even_in_code() -> None:
    md = "| Recipe | Saves |\n|---|---|\n| `du \\| sort` | a \\| b |\n"
    content = render_html(parse_post(md), title="T").content
    assert "du | sort" in content and "a | b" in content
    assert "\\|" not in content
