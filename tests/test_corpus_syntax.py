"""Every real post of ``tests/corpus/<site>/`` reaches Medium with no framework syntax left.

The corpus holds posts copied from real sites (each folder's SOURCE.md says from where, at which
commit, under which licence, written for which framework). Each is read as the action reads a
post (front matter, then the body parsed once) and rendered; the text outside code must hold no
template tag (``{{%``, ``{{<``), MDX comment or heading id (``{/*``, ``{#``), GitHub alert
marker, ``:::`` container, emoji shortcode or TeX command: what the frameworks understand must
arrive as content. Folders added later (by any issue) are walked too.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest

from medium_action.errors import ArticleError
from medium_action.rendering.render import parse_post, render_html
from medium_action.rendering.syntax.plugins import emoji_for
from medium_action.sources.article import Defaults, parse_article

CORPUS = Path(__file__).parent / "corpus"
POST_SUFFIXES = (".md", ".mdx", ".markdown")
NOW = datetime(2030, 1, 1, tzinfo=UTC)
FRONT_MATTER = re.compile(r"\A---\n[\s\S]*?\n---\n")
CODE = re.compile(r"<pre>[\s\S]*?</pre>|<code>[\s\S]*?</code>")
TAG = re.compile(r"<[^>]+>")
LEFTOVERS = ("{{%", "{{<", "{/*", "{#", "[!NOTE]", "[!TIP]", "[!WARNING]", ":::")
SHORTCODE = re.compile(r"(?<![\w:]):([a-z0-9_+\-]+):(?![\w:])")
TEX_COMMAND = re.compile(
    r"\\(?:frac|sqrt|sum|int|alpha|beta|gamma|pi|theta|cdot|times|left|right|begin|end|mathbb"
    r"|mathrm|text|leq|geq|infty|partial)\b"
)


def corpus_posts() -> list[Path]:
    return sorted(
        p
        for p in CORPUS.glob("*/**/*")
        if p.is_file() and p.suffix.lower() in POST_SUFFIXES and p.name != "SOURCE.md"
    )


def visible_text(html: str) -> str:
    """The text a reader sees outside code, tags removed."""
    return unescape(TAG.sub(" ", CODE.sub(" ", html)))


def test_the_corpus_has_framework_posts() -> None:
    sites = {p.relative_to(CORPUS).parts[0] for p in corpus_posts()}
    assert {"react.dev", "docusaurus", "vite"} <= sites
    for site in {p.relative_to(CORPUS).parts[0] for p in corpus_posts()}:
        assert (CORPUS / site / "SOURCE.md").is_file(), f"{site} has no SOURCE.md"


@pytest.mark.parametrize("path", corpus_posts(), ids=lambda p: str(p.relative_to(CORPUS)))
def test_no_framework_syntax_reaches_medium(path: Path) -> None:
    raw = path.read_bytes()
    try:
        article = parse_article(path.name, raw, Defaults(), now=NOW)
        post, title, subtitle = article.post, article.title, article.subtitle
    except ArticleError:  # front matter this version cannot read (a date as 2024/12/05…):
        # the body is still checked, which is what this test is about
        body = FRONT_MATTER.sub("", raw.decode("utf-8"), count=1)
        post, title, subtitle = parse_post(body), path.stem, None
    rendered = render_html(post, title=title, subtitle=subtitle)
    text = visible_text(rendered.content)
    left = [s for s in LEFTOVERS if s in text]
    left += [m.group(0) for m in SHORTCODE.finditer(text) if emoji_for(m.group(1))]
    left += TEX_COMMAND.findall(text)
    assert not left, f"{path.name}: framework syntax left in the output: {left[:10]}"
    assert text.split(), "the post lost all its text"
