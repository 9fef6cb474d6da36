"""Template tags as rules of the one parse (medium_action/rendering/templates/rules.py).

The goldens (tests/fixtures/render/hugo.txt, jekyll.txt, zola.txt, hexo.txt, eleventy.txt,
shortcodes*.txt) show what each tag becomes; these tests check what the goldens cannot: code
byte for byte whatever tag it holds, work that grows linearly with unclosed tags, the lines of
warnings, and that the walks over the tokens (images, links) see what the tags show.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from medium_action.rendering.post import parse_post
from medium_action.rendering.render import render_html, render_markdown

TAGS = [
    '{{< figure src="a.png" >}}',
    "{{% notice tip %}}",
    "{{< /notice >}}",
    "{% highlight ruby %}",
    "{% endhighlight %}",
    "{% comment %}",
    "{% include x.html %}",
    "{{ site.title }}",
    '{{ youtube(id="x") }}',
    '{% note(title="t") %}',
    "{% end %}",
    "{% asset_img a.png %}",
    "{# note #}",
    '{{</* ref "a.md" */>}}',
]


def _codes(body: str, dialect: str | None) -> list[str]:
    post = parse_post(body, dialect)
    return [tok["raw"] for tok in post.walk() if tok["type"] in ("block_code", "codespan")]


@pytest.mark.parametrize("dialect", [None, "hugo", "jekyll", "zola", "hexo", "eleventy"])
@pytest.mark.parametrize("tag", TAGS)
def test_a_tag_in_code_is_code(dialect: str | None, tag: str) -> None:
    code = f"  {tag}\n\t{tag} x\n{tag}"
    body = f"Text `{tag}` text.\n\n```\n{code}\n```\n\n- item\n\n  ```\n  {tag}\n  ```\n"
    shown = tag.replace("/*", "").replace("*/", "") if "/*" in tag else tag
    expected_code = code.replace(tag, shown)
    assert _codes(body, dialect) == [shown, expected_code + "\n", shown + "\n"]


def test_raw_markers_go_from_code_only_in_the_liquid_dialects() -> None:
    body = "```\n{% raw %}{{ x }}{% endraw %}\n```\n"
    assert _codes(body, "jekyll") == ["{{ x }}\n"]
    assert _codes(body, "eleventy") == ["{{ x }}\n"]
    assert _codes(body, "hugo") == ["{% raw %}{{ x }}{% endraw %}\n"]


def test_a_paired_tags_code_keeps_every_byte() -> None:
    code = "def f(x):\n    if x:\n      \treturn 1\n\n    return 0\n"
    for opening, closing in (
        ('{{% notice tip "T" %}}', "{{% /notice %}}"),
        ('{% callout "T" %}', "{% endcallout %}"),
        ('{% note(title="T") %}', "{% end %}"),
        ("{% note info T %}", "{% endnote %}"),
    ):
        body = f"{opening}\nText.\n\n```python\n{code}```\n{closing}\n"
        post = parse_post(body)
        assert [t["raw"] for t in post.walk() if t["type"] == "block_code"] == [code], opening
        assert "notice" not in render_html(post, title="T").content


def steps_for(body: str) -> int:
    return int(parse_post(body).state.env.get("dialect_steps", 0))


@pytest.mark.parametrize(
    "unit",
    [
        "{{% notice tip %}}\ntext\n\n",  # paired tags never closed
        "{% callout %}\n",
        '{% note(title="x") %}\n',
        "{% raw %}\ntext\n\n",  # verbatim tags never closed
        "{{< highlight go >}}\n",
        "{% comment %}\n",
        "{{% /notice %}}\n{% endcallout %}\n",  # end tags that close nothing
        "a {% raw %} b {{% x %}} c {% endx ",  # inside one paragraph
        "{{< x ",  # a tag that never ends
    ],
)
def test_work_grows_linearly_with_unclosed_tags(unit: str) -> None:
    small = steps_for(unit * 1000)
    large = steps_for(unit * 4000)
    assert small > 0
    assert large <= 4 * small * 1.2  # linear; a search per opener would be 16 times


def test_warnings_carry_the_lines_of_their_tags() -> None:
    body = (
        "Use `{% foo bar %}` here.\n\n"  # line 1: code, no warning
        "{% foo bar %}\n\n"  # 3
        "> quoted\n> {% foo bar %}\n\n"  # 6
        "Text {% foo bar %} and {% include a.html %}.\n\n"  # 8
        "{% raw %}\nnever closed\n"  # 10
    )
    out = render_html(parse_post(body), title="T")
    lines = sorted((w.line, w.message.split(":")[0]) for w in out.warnings if w.line)
    assert lines == [
        (3, "unknown shortcode {% foo bar %} dropped"),
        (6, "unknown shortcode {% foo bar %} dropped"),
        (8, "unknown shortcode {% foo bar %} dropped"),
        (8, "{% include a.html %} dropped (includes are not expanded)"),
        (10, "{% raw %} has no endraw"),
    ]


def test_images_and_links_of_tags_are_in_the_tokens() -> None:
    body = (
        '{{< figure src="fig.png" caption="Cap" >}}\n\n'
        "Inline {% asset_img b.png Title %} and ![c]({{ site.baseurl }}/c.png).\n\n"
        '{{ image(src="d.webp", alt="D") }}\n\n'
        '```\n{{< figure src="not-an-image.png" >}}\n```\n\n'
        'See [x]({{< ref "x.md" >}}), [y]({% link y.md %}), {% post_link z %}.\n'
    )
    post = parse_post(body, asset_folder="post")
    assert [(i.src, i.line) for i in post.images()] == [
        ("fig.png", 1),
        ("post/b.png", None),  # named in the post as b.png
        ("/c.png", 3),
        ("d.webp", 5),
    ]
    assert post.linked_paths("content/post.md") == {
        "content/x.md",
        "y.md",
        "source/_posts/z.md",
    }


def test_site_values_come_from_the_sites_config(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text("repository: https://github.com/o/r\ntitle: Blog\n")
    body = "[#1]({{ site.repository }}/issues/1) in {{ site.title }}, {{ site.nope }}.\n"
    out = render_html(parse_post(body, workspace=tmp_path), title="T")
    assert '<a href="https://github.com/o/r/issues/1">#1</a> in Blog, .' in out.content
    assert any("site.nope" in w for w in out.warnings)
    # without the site's config its values are unknown: dropped, with a warning; a link
    # whose address is unknown is its text (never a link to the blog's /issues/1)
    bare = render_html(parse_post(body), title="T")
    assert "<p>#1 in , .</p>" in bare.content
    assert any("its address is unknown" in w for w in bare.warnings)
    assert sum("no _config.yml" in w for w in bare.warnings) == 3


def test_the_go_blogs_image_action_is_an_image() -> None:
    post = parse_post('Intro.\n\n{{image "2years/gophers.jpg"}}\n\n{{image "b.png" 300}}\n')
    assert [i.src for i in post.images()] == ["2years/gophers.jpg", "b.png"]


def test_content_format_markdown_writes_the_parsed_tags_out() -> None:
    body = '{{< figure src="a.png" caption="Cap" >}}\n\n```\n{{< youtube abc >}}\n```\n'
    out = render_markdown(parse_post(body), title="T").content
    assert '![Cap](a.png "Cap")' in out and "{{< figure" not in out
    assert "```\n{{< youtube abc >}}\n```" in out


def _jekyll_steps(body: str) -> int:
    return int(parse_post(body, "jekyll").state.env.get("dialect_steps", 0))


@pytest.mark.parametrize(
    "unit",
    [
        "{% if page.x %}\ntext\n\n",  # logic never closed
        "{% for x in page.items %}\n",
        "{% capture x %}\n",
        "{% set x %}\n",
        "a {% if x %} b {% else %} c ",  # inside one paragraph
        "{% endif %}\n{% else %}\n",  # branches and ends that belong to nothing
    ],
)
def test_work_grows_linearly_with_unclosed_logic(unit: str) -> None:
    small = _jekyll_steps(unit * 1000)
    large = _jekyll_steps(unit * 4000)
    assert small > 0
    assert large <= 4 * small * 1.2


def test_unclosed_logic_is_never_shown_and_is_warned_of_at_its_line() -> None:
    post = parse_post("Intro.\n\n{% if page.x %}\nKept once.\n", "jekyll")
    html = render_html(post, title="T").content
    assert "{%" not in html and "Kept once." in html
    assert any("line 3" in w and "{% if page.x %}" in w for w in post.template_warnings)


def test_an_unknown_condition_is_warned_of_at_its_line() -> None:
    body = "A.\n\nB.\n\n{% if site.posts.size > 1 %}\nFirst.\n{% else %}\nSecond.\n{% endif %}\n"
    post = parse_post(body, "jekyll")
    html = render_html(post, title="T").content
    assert "First." in html and "Second." not in html
    assert any(w.startswith("line 5:") and "cannot be known" in w for w in post.template_warnings)


def test_logic_is_not_run_where_the_site_does_not_run_it() -> None:
    # Hugo's content is no template: a Liquid tag there is the writer's text
    post = parse_post("{% if x %}\nA\n{% else %}\nB\n{% endif %}\n", "hugo")
    html = render_html(post, title="T").content
    assert "A" in html and "B" in html


def test_a_shortcode_of_arguments_alone_on_its_line_is_dropped_with_a_warning() -> None:
    # Hugo's docs' {{< datatable "config" >}} draws a table from site data: its argument is a
    # key, not a word; the same shortcode inside a sentence stands for a word and is kept
    body = '{{< datatable "config" >}}\n\nA {{% glossary-term "section" %}} holds pages.\n'
    out = render_html(parse_post(body, "hugo"), title="T")
    assert "config" not in out.content
    assert "A section holds pages." in out.content
    messages = [(w.line, w.message) for w in out.warnings]
    assert any(line == 1 and "datatable" in m and "dropped" in m for line, m in messages)
