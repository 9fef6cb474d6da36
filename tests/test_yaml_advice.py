"""Broken YAML front matter is told in words a writer can act on, with the line to write."""

from __future__ import annotations

import re

import pytest
import yaml

from medium_action.errors import ArticleError
from medium_action.sources.article import split_front_matter


def _error(front_matter: str) -> ArticleError:
    with pytest.raises(ArticleError) as raised:
        split_front_matter(f"---\n{front_matter}\n---\n\nBody.\n")
    return raised.value


@pytest.mark.parametrize(
    ("front_matter", "line", "meant"),
    [
        ("title: Git: a guide\ntags: [git]", 2, "Git: a guide"),
        ("date: 2024-01-01\nsubtitle: Part 2: the sequel", 3, "Part 2: the sequel"),
        ("title: @handle's week", 2, "@handle's week"),
        ("title: `make` in anger", 2, "`make` in anger"),
        ("title: [draft] My post", 2, "[draft] My post"),
        ("title: {braces} here", 2, "{braces} here"),
        ('title: "Quoted" and then more', 2, '"Quoted" and then more'),
        ("title: 'it's mine'", 2, "it's mine"),
        ("title: %done", 2, "%done"),
    ],
)
def test_a_value_yaml_misreads_is_told_with_the_line_to_write_instead(
    front_matter: str, line: int, meant: str
) -> None:
    error = _error(front_matter)
    message = str(error)
    assert error.line == line and f"on line {line}:" in message
    for jargon in ("mapping values", "<block end>", "<scalar>", "cannot start any token"):
        assert jargon not in message
    assert "quotes" in message
    written = re.search(r"quotes: (\w+: \".*?(?<!\\)\")", message)
    assert written, message
    # the line it says to write is valid YAML and gives the value that was meant
    assert yaml.safe_load(written.group(1)) == {written.group(1).split(":")[0]: meant}


@pytest.mark.parametrize(
    ("front_matter", "line", "words"),
    [
        ("tags:\n\t- a", 3, "spaces"),
        ('title: "Hello\ntags: a', 2, "never closed"),
        ("title: A\nsome free text\ntags: a", 3, "not `key: value`"),
        ("title: A\n  tags: b", 3, "indented"),
        ("title: a\n- b", 3, "list item"),
        ("tags: [a, b\ntitle: x", 2, "never closed with ]"),
    ],
)
def test_other_slips_are_named_with_their_line(front_matter: str, line: int, words: str) -> None:
    error = _error(front_matter)
    assert error.line == line, str(error)
    assert words in str(error)
    assert "while scanning" not in str(error) and "while parsing" not in str(error)
