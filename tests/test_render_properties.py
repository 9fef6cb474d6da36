"""Property tests: arbitrary Markdown-ish text never crashes the renderer and never yields
anything Medium does not accept.

The text is built from Markdown syntax, HTML fragments (hostile ones included), template tags
and unicode, so that the constructs meet in odd combinations. Example counts stay moderate so
the suite stays fast.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from medium_action.rendering.render import parse_post, render_html, render_markdown

try:  # the checks live in test_render.py (tests/ may or may not be a package)
    from tests.test_render import assert_medium_html, assert_no_word_lost
except ImportError:  # pragma: no cover - depends on how pytest imports the tests
    from test_render import assert_medium_html, assert_no_word_lost  # type: ignore[no-redef]

MARKDOWN = [
    "# ", "## ", "### ", "##### ", "\n", "\n\n", "  \n", "- ", "* ", "1. ", "3) ", "  - ",
    "    ", "\t", "> ", "> > ", "```", "```py\n", "~~~", "`", "*", "**", "_", "~~", "[", "]",
    "(", ")", "](", "![", "](https://e.test/a.png)", "](pic.png \"t\")", "<https://e.test>",
    "https://e.test/x_y", "|", "| a | b |\n|---|:-:|\n", "---\n", "$", "$$", "\\", "[^1]",
    "\n[^1]: ", "[x]: /u\n", "- [ ] ", "- [x] ", "===\n", "&amp;", "&#0;", "&lt;", "!", "#",
    "\n  - ", "\n    ", "\n   1. ", "\n> - ", "\n>\n> ", "\n      ```\n", "[![b](c.png)](/l)",
]  # fmt: skip
HTML = [
    "<b>", "</b>", "<em>", "<p>", "</p>", "<div>", "</div>", "<script>", "</script>",
    "<style>x{}</style>", "<img src=x.png alt=a>", '<img src="javascript:alert(1)">',
    '<a href="javascript:alert(1)">', '<a href="https://e.test" onclick="x()">', "</a>",
    '<iframe src="//v.test/e">', "</iframe>", "<video>", '<source src="v.mp4">', "<table>",
    "<tr><td>", "<ul><li>", "<ol><li>", "</li>", "<h1>", "<h6>", "<pre>", "</pre>",
    "<!--", "-->", "<br>", "<hr>", "<figure>", "<figcaption>", "<blockquote>", "<svg>",
    "<del>", "<input type=checkbox checked>", "<sup>", '<p style="x">', "<x-y>", "<?php ?>",
]  # fmt: skip
TEMPLATES = [
    "{{< youtube abc >}}", "{{< figure src=\"f.png\" caption=\"c\" >}}", "{{< gist u 1 >}}",
    "{{% notice %}}", "{{% /notice %}}", "{{< highlight go >}}", "{{< /highlight >}}",
    "{% raw %}", "{% endraw %}", "{% highlight rb %}", "{% endhighlight %}", "{% include a %}",
    "{% embed https://e.test %}", "{% youtube x %}", "{% foo %}", "{{ x }}", "{{", "{%",
    "}}", "%}", "{{</* x */>}}", "{% comment %}", "{% endcomment %}",
]  # fmt: skip
WORDS = st.text(
    alphabet=st.sampled_from([*"abcxyz XYZ019", "é", "漢", "字", "🍎", "\u0301", "ß", "\u200d"]),
    min_size=1,
    max_size=8,
)
FRAGMENT = st.one_of(
    st.sampled_from(MARKDOWN), st.sampled_from(HTML), st.sampled_from(TEMPLATES), WORDS, WORDS
)
DOCUMENT = st.lists(FRAGMENT, max_size=40).map("".join)
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(DOCUMENT)
def test_any_text_renders_to_medium_html(md: str) -> None:
    out = render_html(parse_post(md), title="T <&>", subtitle="S")
    assert_medium_html(out.content)
    assert not re.search(r"<[^>]*(?:href|src)=\"[^\"]*script:", out.content, re.I)
    assert all(isinstance(w, str) for w in out.warnings)


@SETTINGS
@given(DOCUMENT)
# found by this test exploring: a <style> in an alt text, a <p> in one, a header-only wide table
@example("![0<style>x{}</style>](https://e.test/a.png)")
@example("![0<p>1. ](https://e.test/a.png)")
@example(
    '{{< figure src="f.png" caption="c" >}}{{< youtube abc >}}{{< youtube abc >}}| a | b |\n'
    "|---|:-:|\n| a | b |\n|---|:-:|\n"
)
def test_no_word_is_lost(md: str) -> None:
    assert_no_word_lost(md, render_html(parse_post(md), title="T").content)


@SETTINGS
@given(DOCUMENT)
def test_find_images_agrees_with_the_rendered_figures(md: str) -> None:
    images = parse_post(md).images()
    urls = {ref.src: f"https://cdn.test/{i}.png" for i, ref in enumerate(images)}
    html = render_html(parse_post(md), title="T", image_urls=urls).content
    rendered = re.findall(r'<img src="([^"]*)"', html)
    assert len(rendered) == len(images)
    assert set(rendered) == set(urls.values())
    lines = md.replace("\r\n", "\n").replace("\r", "\n").count("\n") + 1
    assert all(ref.line is None or 1 <= ref.line <= lines for ref in images)


@settings(max_examples=100, deadline=None)
@given(DOCUMENT)
def test_render_markdown_never_crashes(md: str) -> None:
    out = render_markdown(
        parse_post(md), title="T", subtitle="S", image_urls={"pic.png": "https://c/p"}
    )
    assert "T" in out.content
