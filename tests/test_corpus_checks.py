"""The corpus checks themselves (tests/corpus_checks.py), on small posts written here: each
finds what it is there to find, and nothing in correct output."""

from __future__ import annotations

from pathlib import Path

import pytest

try:
    from tests import corpus_checks
    from tests.corpus_checks import (
        code_not_in_pre,
        empty_figures,
        leftover_syntax,
        source_code_blocks,
        source_images,
    )
except ImportError:  # pragma: no cover - depends on how pytest imports the tests
    import corpus_checks  # type: ignore[no-redef]
    from corpus_checks import (  # type: ignore[no-redef]
        code_not_in_pre,
        empty_figures,
        leftover_syntax,
        source_code_blocks,
        source_images,
    )


@pytest.mark.parametrize(
    "html",
    [
        "<p>{{< notice tip >}}</p>",
        "<p>{{% hint %}}</p>",
        "<p>{% note warn %}</p>",
        "<p>{# a comment #}</p>",
        "<p>::: tip</p>",
        "<p>!!! note &quot;Title&quot;</p>",
        "<p>??? example</p>",
        "<p>=== &quot;Tab&quot;</p>",
        "<blockquote><p>[!info] Title</p></blockquote>",
        "<p>See [[Other note|the other note]].</p>",
        "<p>![[image.png|800]]</p>",
        "<p>--8&lt;-- &quot;snippet.md&quot;</p>",
        '<p><a href="@/blog/post.md">post</a></p>',
        "<p>As @fig-plot shows</p>",
        "<p>{: .no_toc }</p>",
        "<p>{:toc}</p>",
        "<p>Text { .class }</p>",
        '<p>![](a.png){fig-align="center"}</p>',
        "<p>:octicons-search-24: search</p>",
        '<p>&lt;TabItem label="npm"&gt;</p>',
        "<p>{'  '}at App</p>",
        '<figure class="kg-card kg-image-card"><img src="x"></figure>',
    ],
)
def test_each_dialects_leftover_is_found(html: str) -> None:
    assert leftover_syntax(html)


def test_syntax_inside_code_and_plain_prose_is_not_a_leftover() -> None:
    html = (
        "<p>Use <code>{{&lt; ref &gt;}}</code> or <code>[[link]]</code>. Why??? Because.</p>\n"
        "<pre>{% raw %}\n=== &quot;Tab&quot;\n{: .note }</pre>\n"
        "<p>Mail me@fig-tree.org, a List&lt;T&gt; of items, the sum_{n=0} term.</p>"
    )
    assert leftover_syntax(html) == []


def test_fenced_code_in_mdx_components_is_read_as_mdx_reads_it(tmp_path: Path) -> None:
    post = tmp_path / "post.mdx"
    post.write_text(
        "---\ntitle: T\n---\n<Tabs>\n  <TabItem label='a'>\n    ```js\n    function f() {\n"
        "    \treturn 1;\n    }\n    ```\n  </TabItem>\n</Tabs>\n\n> ```sh\n> ls -l\n> ```\n"
    )
    assert source_code_blocks(post) == ["function f() {\n\treturn 1;\n}", "ls -l"]
    assert code_not_in_pre(post, "<pre>function f() {\n\treturn 1;\n}</pre><pre>ls -l</pre>") == []
    # two spaces lost on the inner line: found
    assert code_not_in_pre(post, "<pre>function f() {\nreturn 1;\n}</pre><pre>ls -l</pre>") == [
        "function f() {\n\treturn 1;\n}"
    ]


def test_commonmark_posts_have_indented_code_and_escaped_shortcodes(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(
        'Text\n\n    indented code\n\n```go-html-template\n{{</* ref "a.md" */>}}\n```\n\n'
        "{% highlight ruby %}\nputs {% raw %}1{% endraw %}\n{% endhighlight %}\n"
    )
    assert source_code_blocks(post) == ["indented code", '{{< ref "a.md" >}}', "puts 1"]


def test_quarto_chunks_are_shown_without_options_and_hidden_ones_not_at_all(
    tmp_path: Path,
) -> None:
    post = tmp_path / "index.qmd"
    post.write_text(
        "```{r}\n#| label: setup\n#| include: false\nx <- 1\n```\n\n"
        "```{r}\n#| label: plot\nplot(x)\n```\n\n```{r setup, echo=FALSE}\ny <- 2\n```\n"
    )
    assert source_code_blocks(post) == ["plot(x)"]
    assert code_not_in_pre(post, "<pre>plot(x)</pre>") == []
    problems = code_not_in_pre(post, "<pre>#| label: plot\nplot(x)</pre><pre>x &lt;- 1</pre>")
    assert any(p.startswith("#| options shown") for p in problems)
    assert any(p.startswith("hidden chunk shown") for p in problems)


def test_images_of_every_dialect_are_found_outside_code(tmp_path: Path) -> None:
    post = tmp_path / "post.md"
    post.write_text(
        "![a](one.png) ![b][ref] <img src='two.jpg'> ![[three name.webp|800]]\n"
        '{% asset_img four.gif A title %}\n{{< figure src="five.png" >}}\n'
        '{{ image_toggler(default_src="blog/six.webp", toggled_src="blog/dark.webp") }}\n'
        "`![no](code.png)`\n\n```\n![no](fenced.png)\n```\n<!-- ![no](comment.png) -->\n"
        "<picture><img src='picked-by-screen.png'></picture>\n\n[ref]: ref.png\n"
    )
    assert source_images(post) == [
        "one.png",
        "ref.png",
        "two.jpg",
        "three name.webp",
        "four.gif",
        "five.png",
        "blog/six.webp",
    ]


def test_images_are_resolved_by_the_frameworks_rules(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(corpus_checks, "CORPUS", tmp_path)
    site = tmp_path / "site"
    post = site / "content" / "blog" / "post" / "index.md"
    post.parent.mkdir(parents=True)
    (site / "attachments").mkdir()
    for name in ("content/blog/shot.png", "attachments/vault wide.png", "static/logo.png"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(name.encode())
    (site / "content/blog/post/diagram.svg").write_bytes(b"<svg/>")
    (site / "docs/assets").mkdir(parents=True)
    (site / "docs/assets/raw.png").write_bytes(b"raw")
    mkdocs_page = site / "docs" / "setup" / "cards.md"  # served at setup/cards/
    mkdocs_page.parent.mkdir(parents=True)
    mkdocs_page.write_text('<img src="../../assets/raw.png" />\n')
    post.write_text(
        '{{ image(src="blog/shot.png") }} ![[vault wide.png]] ![l](/logo.png) ![m](missing.png)'
        " ![an SVG: left out with the uploader's warning, not lost](diagram.svg)"
    )
    assert (
        corpus_checks.images_not_shown(
            mkdocs_page,
            site,
            '<img src="u4">',
            None,
            lambda f: {site / "docs/assets/raw.png": "u4"}[f],
        )
        == []
    )
    url = {
        site / "content/blog/shot.png": "u1",
        site / "attachments/vault wide.png": "u2",
        site / "static/logo.png": "u3",
    }
    html = '<img src="u1"><img src="u2">'
    lost = corpus_checks.images_not_shown(post, site, html, None, lambda f: url[f])
    assert lost == ["/logo.png (not in the output)", "missing.png (not found in the site's folder)"]


def test_a_figure_with_nothing_to_show_is_found() -> None:
    assert empty_figures("<figure></figure>")
    assert empty_figures('<figure><img src="a"><figcaption> </figcaption></figure>')
    assert not empty_figures('<figure><img src="a"><figcaption>A cat</figcaption></figure>')
    assert not empty_figures('<figure><iframe src="https://x"></iframe></figure>')


def test_a_hidden_sandpack_file_is_not_code_the_page_shows(tmp_path: Path) -> None:
    post = tmp_path / "post.mdx"
    post.write_text(
        "<Sandpack>\n\n```js src/App.js\nshown();\n```\n\n```js src/data.js hidden\nunseen();\n"
        "```\n\n</Sandpack>\n"
    )
    assert source_code_blocks(post) == ["shown();"]


def test_a_capture_inside_raw_is_code_the_page_shows(tmp_path: Path) -> None:
    # Eleventy's rss page: {% set %}…{% endset %} inside {% raw %} is text of the fence, not a
    # capture; a capture outside raw is still no code block of its own
    post = tmp_path / "post.md"
    post.write_text(
        "{% raw %}\n```njk\n{%- set u %}{{ post.url }}{% endset %}\n<entry/>\n```\n{% endraw %}\n\n"
        "{% set css %}\n    indented\n{% endset %}\n",
        encoding="utf-8",
    )
    assert source_code_blocks(post) == ["{%- set u %}{{ post.url }}{% endset %}\n<entry/>"]


def test_a_hugo_end_tag_with_a_space_after_its_slash_closes_the_code(tmp_path: Path) -> None:
    # Hugo's docs write {{</ code-toggle >}}: Hugo closes the shortcode there, as the renderer
    post = tmp_path / "post.md"
    post.write_text(
        "{{< code-toggle file=hugo >}}\nweight = 10\n{{</ code-toggle >}}\n\nText.\n\n"
        "{{< code-toggle file=b >}}\nb = 1\n{{< /code-toggle >}}\n",
        encoding="utf-8",
    )
    assert source_code_blocks(post) == ["weight = 10", "b = 1"]


def test_a_fence_indented_under_a_footnote_is_the_notes_code(tmp_path: Path) -> None:
    # Hugo's docs (GitInfo): a fenced block inside a note, four spaces in; not an indented block
    post = tmp_path / "post.md"
    post.write_text(
        "Text[^1].\n\n[^1]: Run:\n\n    ```sh\n    if x; then\n      y\n    fi\n    ```\n\n"
        "After.\n\n    indented code\n",
        encoding="utf-8",
    )
    assert source_code_blocks(post) == ["if x; then\n  y\nfi", "indented code"]
