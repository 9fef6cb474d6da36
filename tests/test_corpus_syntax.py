"""Every real post of ``tests/corpus/<site>/`` reaches Medium with no framework syntax left.

The corpus holds posts copied from real sites (each folder's SOURCE.md says from where, at which
commit, under which licence, written for which framework). Each is read as the action reads a
post (front matter, then the body parsed once) and rendered; the output outside code must hold
none of the patterns of ``tests/corpus_checks.py:LEFTOVERS`` (template tags ``{{%`` ``{{<``
``{%`` ``{{`` ``{#``, MDX comments ``{/*``, callouts ``[!type]``, ``:::`` containers, ``!!!``
/ ``???`` / ``=== "``, wikilinks ``[[``, ``--8<--``, ``@/``, ``@fig-``/``@sec-``…, ``: definition``
lines, attribute lists,
``:octicons-…:``, MDX components as text, ``kg-card``: the list and its reasons are there), no
emoji shortcode and no TeX command: what the frameworks understand must arrive as content.
Folders added later (by any issue) are walked too. The posts of ``corpus_checks.XFAIL`` are
expected to fail here too (not strictly: some fail test_corpus.py only for their code or
images; test_corpus.py holds them strictly).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest

from medium_action.errors import ArticleError
from medium_action.rendering.dialects.choose import site_dialect
from medium_action.rendering.render import parse_post, render_html
from medium_action.rendering.syntax.plugins import emoji_for
from medium_action.sources.article import Defaults, parse_article

try:
    from tests.corpus_checks import CORPUS, XFAIL, corpus_posts, leftover_syntax, post_id
except ImportError:  # pragma: no cover - depends on how pytest imports the tests
    from corpus_checks import (  # type: ignore[no-redef]
        CORPUS,
        XFAIL,
        corpus_posts,
        leftover_syntax,
        post_id,
    )

NOW = datetime(2030, 1, 1, tzinfo=UTC)
FRONT_MATTER = re.compile(r"\A---\n[\s\S]*?\n---\n")
CODE = re.compile(r"<pre>[\s\S]*?</pre>|<code>[\s\S]*?</code>")
TAG = re.compile(r"<[^>]+>")
SHORTCODE = re.compile(r"(?<![\w:]):([a-z0-9_+\-]+):(?![\w:])")
TEX_COMMAND = re.compile(
    r"\\(?:frac|sqrt|sum|int|alpha|beta|gamma|pi|theta|cdot|times|left|right|begin|end|mathbb"
    r"|mathrm|text|leq|geq|infty|partial)\b"
)


def visible_text(html: str) -> str:
    """The text a reader sees outside code, tags removed."""
    return unescape(TAG.sub(" ", CODE.sub(" ", html)))


def test_the_corpus_has_framework_posts() -> None:
    sites = {p.relative_to(CORPUS).parts[0] for p in corpus_posts()}
    assert {"react.dev", "docusaurus", "vite"} <= sites
    for site in {p.relative_to(CORPUS).parts[0] for p in corpus_posts()}:
        assert (CORPUS / site / "SOURCE.md").is_file(), f"{site} has no SOURCE.md"


@pytest.mark.parametrize("path", corpus_posts(), ids=post_id)
def test_no_framework_syntax_reaches_medium(path: Path, request: pytest.FixtureRequest) -> None:
    if (reason := XFAIL.get(post_id(path))) is not None:
        request.applymarker(pytest.mark.xfail(reason=reason, strict=False))
    raw = path.read_bytes()
    # the site's dialect from its own files (hugo.toml, mkdocs.yml…), as a run reads it
    defaults = Defaults(site_dialect=site_dialect(CORPUS / path.relative_to(CORPUS).parts[0]))
    try:
        article = parse_article(path.name, raw, defaults, now=NOW)
        post, title, subtitle = article.post, article.title, article.subtitle
    except ArticleError:  # front matter this version cannot read (a date as 2024/12/05…):
        # the body is still checked, which is what this test is about
        body = FRONT_MATTER.sub("", raw.decode("utf-8"), count=1)
        post, title, subtitle = parse_post(body, defaults.site_dialect), path.stem, None
    rendered = render_html(post, title=title, subtitle=subtitle)
    text = visible_text(rendered.content)
    left = leftover_syntax(rendered.content)
    left += [m.group(0) for m in SHORTCODE.finditer(text) if emoji_for(m.group(1))]
    left += TEX_COMMAND.findall(text)
    assert not left, f"{path.name}: framework syntax left in the output: {left[:10]}"
    assert text.split(), "the post lost all its text"
