"""Liquid / Nunjucks expressions, filters and conditions (rendering/templates/values.py): what a
reader of a Jekyll or Eleventy page sees computed, and what stays unknown."""

from __future__ import annotations

from datetime import date

import pytest

from medium_action.rendering.templates.values import (
    UNKNOWN,
    Code,
    Markup,
    Scope,
    as_text,
    condition,
    evaluate,
)

SCOPE = Scope(
    page={
        "title": "Hello",
        "external_url": "https://x.example/a",
        "tags": ["a", "b"],
        "date": date(2024, 2, 3),
        "authors": [{"name": "Ann"}, {"name": "Bo"}],
        "empty": "",
    },
    site={"title": "Site", "repository": "https://github.com/o/r"},
    site_url="https://blog.example/b",
    variables={"note": Markup("*hi*")},
)


@pytest.mark.parametrize(
    ("expression", "value"),
    [
        ("page.title", "Hello"),
        ("title | upcase", "HELLO"),  # Eleventy: the front matter's keys at the top
        ("external_url", "https://x.example/a"),
        ("'/a/' | relative_url", "/a/"),
        ('"/a/" | absolute_url', "https://blog.example/b/a/"),
        ('"a" | url', "/a"),
        ('page.date | date: "%B %d, %Y"', "February 03, 2024"),
        ('page.missing | default: "x"', "x"),
        ('page.empty | d("y")', "y"),
        ("page.tags | join: ', '", "a, b"),
        ("page.tags.size", 2),
        ("page.tags[1]", "b"),
        ("page.tags | first", "a"),
        ("page.authors | map: 'name' | join", "Ann Bo"),
        ('site.repository | append: "/issues"', "https://github.com/o/r/issues"),
        ("'Hello World' | slugify", "hello-world"),
        ("page.title | escape | safe", "Hello"),
        ("site.baseurl", ""),  # the site's root: a path after it is a site-root path
        ("(1..3)", [1, 2, 3]),
        ("'a|b' | split: '|'", ["a", "b"]),
        # a list the site shows in a random order (11ty's CMS page): in the order written
        ("page.authors | shuffle | map: 'name' | join", "Ann Bo"),
        ("page.authors | sort: 'name' | reverse | map: 'name' | join", "Bo Ann"),
        ('page.authors | reverse | sort(false, false, "name") | map("name") | join', "Ann Bo"),
        ("'b,a,b' | split: ',' | uniq | sort | join", "a b"),
    ],
)
def test_known_values(expression: str, value: object) -> None:
    assert evaluate(expression, SCOPE) == value


@pytest.mark.parametrize(
    "expression",
    [
        "collections.blog",  # the site's build knows it
        "page.url",  # computed by the build, never in the front matter
        "site.posts",
        "page.title | someSiteFilter",
        "npm.downloads | humanReadableNum",
        'page.date | date("LLL yyyy")',  # a site's own date format language
        "a + b",
    ],
)
def test_unknown_values(expression: str) -> None:
    assert evaluate(expression, SCOPE) is UNKNOWN


def test_highlight_and_markdownify_say_how_a_value_is_shown() -> None:
    assert evaluate('page.title | highlight("js")', SCOPE) == Code("Hello", "js")
    assert isinstance(evaluate("'*a*' | markdownify", SCOPE), Markup)
    assert as_text(evaluate("note", SCOPE)) == "*hi*"


@pytest.mark.parametrize(
    ("expression", "holds"),
    [
        ("page.title", True),
        ("page.toc", False),  # a key the front matter could give and does not: nil
        ('page.title == "Hello"', True),
        ("page.title != 'Hello'", False),
        ('page.tags contains "b"', True),
        ("page.tags.size > 1 and page.title", True),
        ("not page.toc", True),
        ("(page.toc or page.title) and not page.missing", True),
        ("page.url and false", False),  # the known side decides
        ("page.url or true", True),
        ("page.url", None),  # unknown
        ("site.posts.size > 3", None),
        ("page.url contains 'blog'", None),
    ],
)
def test_conditions(expression: str, holds: bool | None) -> None:
    assert condition(expression, SCOPE) is holds


def test_without_a_site_configuration_site_values_are_unknown() -> None:
    assert evaluate("site.title", Scope()) is UNKNOWN
    assert evaluate('"/a/" | absolute_url', Scope()) == "/a/"  # placed later on the site-url


def test_unknown_has_no_truth_value() -> None:
    with pytest.raises(TypeError):
        bool(UNKNOWN)
