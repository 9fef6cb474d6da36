"""The parser of each dialect is built once and shared by every post of a run (issue 22): what
one post leaves in it (reference definitions, footnotes, warnings, a dialect's state) must never
reach the next. Posts of every dialect, interleaved, give through the shared parsers exactly
what a parser built for each post alone gives."""

from __future__ import annotations

import re
from itertools import cycle
from pathlib import Path

import pytest

from medium_action.rendering import post as post_module
from medium_action.rendering.dialects import markdown_for, names
from medium_action.rendering.post import parse_post
from medium_action.rendering.render import render_html, render_markdown
from medium_action.sources.article import split_front_matter

CORPUS = Path(__file__).parent / "corpus"

# What a post can leave behind in a parser: definitions and notes it declares, which the next
# post uses without declaring; deep emphasis (warned of); template tags and framework blocks.
LEAKY = [
    "Uses [a definition][d] and a note[^n] it does not declare.\n",
    "Declares [d] and a note[^n].\n\n[d]: https://example.com/d\n\n[^n]: The note.\n",
    "Uses [d] again[^n], *" + "*a " * 30 + "x" + " a*" * 30 + "*\n",
    '{{< figure src="/p.png" caption="c" >}}\n\n!!! note "N"\n    text\n\n> [!tip] T\n> body\n',
    ':::tip\ninside\n:::\n\n<Tabs>\n<TabItem value="a">A</TabItem>\n</Tabs>\n\n$x^2$\n',
]


def _corpus_bodies(per_site: int = 2) -> list[tuple[str, str]]:
    bodies: list[tuple[str, str]] = []
    for site in sorted(p for p in CORPUS.iterdir() if p.is_dir()):
        files = sorted(
            p for p in site.rglob("*") if p.suffix in (".md", ".mdx", ".qmd") and p.is_file()
        )
        files = [p for p in files if p.name != "SOURCE.md"][:per_site]
        for path in files:
            _, body, _ = split_front_matter(path.read_text(encoding="utf-8"))
            bodies.append((str(path.relative_to(CORPUS)), body))
    return bodies


def _outputs(body: str, dialect: str | None, path: str) -> tuple[object, ...]:
    post = parse_post(body, dialect, asset_folder="a", article_path=path)
    html = render_html(post, title="T", subtitle=None)
    markdown = render_markdown(post, title="T")
    return (
        html.content,
        tuple(html.warnings),
        markdown.content,
        tuple(post.template_warnings),
        post.unreferenced_notes,
        [(i.src, i.alt, i.line) for i in post.images()],
        post.link_urls(),
    )


def test_shared_parsers_give_what_a_fresh_parser_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    dialects = [None, *names()]
    bodies = [(f"leaky-{i}.md", body) for i, body in enumerate(LEAKY)] + _corpus_bodies()
    assert len(bodies) > 30
    # every body in two dialects, interleaved so that each parser meets posts one after another
    order = [(path, body, d) for (path, body), d in zip(bodies * 2, cycle(dialects), strict=False)]
    assert {d for _, _, d in order} == set(dialects)

    shared = [_outputs(body, d, path) for path, body, d in order]
    again = [_outputs(body, d, path) for path, body, d in reversed(order)][::-1]

    fresh_parser = markdown_for.__wrapped__  # the function under @cache: a new parser each call
    monkeypatch.setattr(post_module, "markdown_for", fresh_parser)
    fresh = [_outputs(body, d, path) for path, body, d in order]

    for (path, _, dialect), one, other, alone in zip(order, shared, again, fresh, strict=True):
        assert one == alone, f"{path} in {dialect}: the shared parser differs from a fresh one"
        assert other == alone, f"{path} in {dialect}: differs when the posts come in reverse"
    assert any("d" in str(out[0]) and "example.com/d" in str(out[0]) for out in shared)


TITLES = ["Post 1", "Café 漢字 résumé", 'it\'s "quoted"', "a_b", "*Post* 1", "Post&nbsp;1", ""]


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("heading", ["# Post 1", "# *Post* 1", "# a_b", "# Post\u00a01", "# Other"])
def test_a_title_without_markup_is_not_parsed_again_and_compares_the_same(
    heading: str, title: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from medium_action.rendering import tokens as tokens_module

    tok = parse_post(heading).tokens[0]
    quick = tokens_module.is_text_of(tok, title)
    monkeypatch.setattr(tokens_module, "_NO_MARKUP", re.compile(r"(?!)"))  # always parse it
    assert tokens_module.is_text_of(tok, title) == quick
