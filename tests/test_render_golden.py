"""Golden tests of ``render_html``: one test per example of ``tests/fixtures/render/*.txt``.

The files use mistune's fixture format: ``## section`` headings, and examples fenced by 32
backticks and the word ``example``, holding the Markdown, a line with a single ``.``, and the
expected HTML. ``→`` stands for a tab. An example may start with directive lines
``%% title: …`` / ``%% subtitle: …`` (default title: ``Title``) / ``%% dialect: …`` (default:
none, the plugins every dialect has) / ``%% page: {key: value}`` (the post's front matter, as
YAML flow: what ``{{ page.key }}`` reads). The examples are the
specification of the renderer: review a changed one by eye before accepting it.

To rewrite the expected HTML of every example from the current renderer (after a deliberate
change, then review the diff):

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_render_golden.py

CI never sets UPDATE_GOLDEN; the examples are then only compared.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from medium_action.rendering.dialects import names as dialect_names
from medium_action.rendering.render import parse_post, render_html

try:  # the checks live in test_render.py (tests/ may or may not be a package)
    from tests.test_render import assert_medium_html, assert_no_word_lost
except ImportError:  # pragma: no cover - depends on how pytest imports the tests
    from test_render import assert_medium_html, assert_no_word_lost  # type: ignore[no-redef]

FIXTURES = Path(__file__).parent / "fixtures" / "render"
FENCE = "`" * 32
EXAMPLE = re.compile(
    r"^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$",
    flags=re.M,
)
DIRECTIVE = re.compile(r"%% (title|subtitle|dialect|page): (.*)\n")


def parse_examples(text: str) -> list[tuple[str, str, str]]:
    """(name, markdown, html) for every example, named ``section_NNN``."""
    out = []
    section = "top"
    count = 0
    for md, html, heading in EXAMPLE.findall(text):
        if heading:
            section = heading.strip().lower().replace(" ", "_")
            count = 0
            continue
        count += 1
        out.append((f"{section}_{count:03d}", md.replace("→", "\t"), html.replace("→", "\t")))
    return out


def render_example(md: str, dialect: str | None = None) -> tuple[str, str, str | None]:
    """The rendered HTML of an example's Markdown, the Markdown without directives, and the
    dialect it is read in (``dialect``: the file's, when a ``%% dialect:`` line says none)."""
    options: dict[str, str | None] = {"title": "Title", "subtitle": None, "dialect": dialect}
    while m := DIRECTIVE.match(md):
        options[m.group(1)] = m.group(2)
        md = md[m.end() :]
    title = options["title"] or "Title"
    page = yaml.safe_load(options["page"]) if options.get("page") else None
    post = parse_post(md, options["dialect"], front_matter=page)
    rendered = render_html(post, title=title, subtitle=options["subtitle"])
    return rendered.content, md, options["dialect"]


def file_dialect(file: str) -> str | None:
    """The dialect a fixture file is read in: the one it is named after (``mkdocs.txt``)."""
    stem = Path(file).stem
    return stem if stem in dialect_names() else None


def collect() -> list[object]:
    params: list[object] = []
    for path in sorted(FIXTURES.glob("*.txt")):
        for name, md, html in parse_examples(path.read_text(encoding="utf-8")):
            params.append(pytest.param(path.name, md, html, id=f"{path.stem}-{name}"))
    return params


def update_golden() -> None:
    """Rewrite the expected HTML of every example from the current renderer."""
    for path in sorted(FIXTURES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        dialect = file_dialect(path.name)

        def replace(m: re.Match[str], dialect: str | None = dialect) -> str:
            if m.group(3) is not None:
                return m.group(0)
            md = m.group(1).replace("→", "\t")
            html, _, _ = render_example(md, dialect)
            return f"{FENCE} example\n{m.group(1)}.\n{html.replace(chr(9), '→')}{FENCE}"

        path.write_text(EXAMPLE.sub(replace, text), encoding="utf-8")


if os.environ.get("UPDATE_GOLDEN") == "1":  # pragma: no cover - a developer's switch
    update_golden()


@pytest.mark.parametrize(("file", "markdown", "expected"), collect())
def test_golden(file: str, markdown: str, expected: str) -> None:
    html, body, dialect = render_example(markdown, file_dialect(file))
    assert html == expected
    assert_medium_html(html)
    assert_no_word_lost(body, html, dialect)


def test_every_construct_is_covered() -> None:
    names = {p.name for p in FIXTURES.glob("*.txt")}
    for needed in (
        "headings.txt",
        "inline.txt",
        "links.txt",
        "images.txt",
        "code.txt",
        "lists.txt",
        "blockquotes.txt",
        "tables.txt",
        "footnotes.txt",
        "html.txt",
        "shortcodes.txt",
        "post.txt",
        "frameworks_mdx.txt",
        "frameworks_templates.txt",
    ):
        assert needed in names
