"""The Medium HTML remade for Medium's editor: headings, code blocks, images without URLs."""

from __future__ import annotations

from medium_action.publishing.medium_editor import EDITOR_HEADINGS, for_editor
from medium_action.rendering.render import parse_post, render_html


def test_headings_as_the_editor_keeps_them() -> None:
    content = (
        "<h1>Title</h1>\n<h2>Subtitle</h2>\n<p>Text.</p>\n<h1>Large</h1>\n<h3>Small</h3>\n"
        "<h2>Also small</h2>\n<h4>Raw small</h4>\n<h5>Left</h5>\n"
    )
    assert for_editor(content) == (
        "<h1>Title</h1>\n<h4>Subtitle</h4>\n<p>Text.</p>\n<h3>Large</h3>\n<h4>Small</h4>\n"
        "<h4>Also small</h4>\n<h4>Raw small</h4>\n<h5>Left</h5>\n"
    )
    assert EDITOR_HEADINGS == {"title": "h1", "subtitle": "h4", "large": "h3", "small": "h4"}


def test_an_h2_is_the_subtitle_only_right_after_the_title() -> None:
    assert for_editor("<h1>T</h1>\n<p>x</p>\n<h2>S</h2>") == "<h1>T</h1>\n<p>x</p>\n<h4>S</h4>"
    # a later <h1> is a large heading, and an <h2> after it is not a subtitle either
    assert for_editor("<h1>T</h1><h1>L</h1><h2>S</h2>") == "<h1>T</h1><h3>L</h3><h4>S</h4>"


def test_code_lines_are_joined_by_br_in_one_pre_blank_lines_kept() -> None:
    content = "<pre>\n\nif a &lt; b:\n\n    return &amp;x\n</pre>\n<p>after</p>"
    assert for_editor(content) == (
        "<pre><br>if a &lt; b:<br><br>    return &amp;x</pre>\n<p>after</p>"
    )


def test_inline_markup_and_entities_pass_unchanged() -> None:
    content = (
        '<p>A <a href="https://x.org/?a=1&amp;b=2">link</a>, <code>&lt;tag&gt;</code>, '
        "<strong>b</strong> <em>i</em> &#8212; ünï<br>next</p>\n<blockquote><p>q</p></blockquote>\n"
        "<ol><li>one</li></ol><hr>"
    )
    assert for_editor(content) == content.replace("&#8212;", "\u2014")


def test_an_image_without_public_url_becomes_a_placeholder() -> None:
    content = (
        '<figure><img src="file:///w/a.png" alt="a"><figcaption>Cap</figcaption></figure>\n'
        '<figure><img src="https://x.org/b.png" alt="b"></figure>\n'
        '<figure><img src="/img/c.png" alt="c"></figure>'
    )
    out = for_editor(content, missing_images={"file:///w/a.png": "posts/a.png"})
    assert "file:" not in out and '/img/c.png"' not in out
    assert "<p><strong>[image posts/a.png: no public address;" in out
    assert "<p><strong>[image /img/c.png: no public address;" in out
    assert '<figure><img src="https://x.org/b.png" alt="b"></figure>' in out


def test_a_rendered_post_end_to_end() -> None:
    """A post with ``##`` sections under a front-matter title (the shallowest level used)."""
    post = parse_post("Intro.\n\n## Part\n\n### Detail\n\n```\nline 1\nline 2\n```\n")
    content = render_html(post, title="The title", subtitle=None, image_urls={}).content
    assert for_editor(content) == (
        "<h1>The title</h1>\n<p>Intro.</p>\n<h3>Part</h3>\n<h4>Detail</h4>\n"
        "<pre>line 1<br>line 2</pre>\n"
    )
