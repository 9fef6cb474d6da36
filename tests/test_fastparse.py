"""The parsers of ``rendering/fastparse.py`` give mistune's own tokens, only sooner.

Every corpus post and every golden example is parsed in every dialect twice: by the parser
``new_parser`` builds and by ``mistune.create_markdown`` with the same plugins (mistune's own
block and inline parsers); the token lists must be equal. The speed itself is measured by
``bench/bench_dryrun.py``, never here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import mistune
import pytest

from medium_action.rendering.dialects import by_name, common_plugins, names
from medium_action.rendering.fastparse import TRIGGERS, InlineParser, line_anchored
from medium_action.rendering.syntax.plugins import SYNTAX_PLUGINS
from medium_action.rendering.tokens import PLUGINS, new_parser

TESTS = Path(__file__).parent
EXAMPLE = re.compile(r"^`{32} example\n([\s\S]*?)^\.\n", flags=re.M)


def texts() -> list[str]:
    found = [p.read_text(encoding="utf-8") for p in sorted((TESTS / "corpus").rglob("*.md"))]
    for path in sorted((TESTS / "fixtures" / "render").glob("*.txt")):
        found += [m.replace("→", "\t") for m in EXAMPLE.findall(path.read_text(encoding="utf-8"))]
    # what the fast paths skip or stop at, next to what they must not miss
    found += [
        "the hat, which http:// is not, then https://example.com/a and http://x.org.",
        "note: a :rocket: and :not an emoji: and 10:30: then :+1: and a:b:c.",
        "h\nhttps://a.b h:ttp https:/ x\n\n    indented https://code.example\n",
        "para\n# heading\n> quote http://q.example\n\n- item :tada:\n\n"
        "| a | b |\n|---|---|\n| h | :x: |\n",
    ]
    return found


def stock(dialect: str | None) -> mistune.Markdown:
    extra = [*common_plugins(), *(by_name(dialect).plugins if dialect else ())]
    return mistune.create_markdown(renderer=None, plugins=[*PLUGINS, *SYNTAX_PLUGINS, *extra])


def tokens(md: mistune.Markdown, text: str) -> str:
    return json.dumps(md.parse(text)[0], default=str, ensure_ascii=False)


@pytest.mark.parametrize("dialect", [None, *names()])
def test_same_tokens_as_mistunes_own_parsers(dialect: str | None) -> None:
    ours = new_parser([*common_plugins(), *(by_name(dialect).plugins if dialect else ())])
    theirs = stock(dialect)
    for text in texts():
        assert tokens(ours, text) == tokens(theirs, text), text[:200]


def test_the_block_search_is_hoisted_when_every_rule_is_anchored() -> None:
    md = new_parser([*common_plugins()])
    assert md.block.compile_sc().pattern.startswith("^(?:")


def test_a_rule_that_can_match_mid_line_keeps_mistunes_search() -> None:
    md = new_parser([*common_plugins()])

    def mid_line(block: object, m: re.Match[str], state: object) -> int:
        return m.end()

    md.block.register("mid", r"@@[a-z]+@@", mid_line, before="list")
    sc = md.block.compile_sc()
    assert not sc.pattern.startswith("^(?:")
    assert sc.search("text @@x@@ more\n") is not None


@pytest.mark.parametrize(
    ("pattern", "anchored"),
    [
        (r"^a|^b", True),
        (r"(^[ \t]*\n)+", True),
        (r"(?P<x>^ {0,3}#)|(?P<y>\A---)", True),
        (r"^a|b", False),
        (r"(^a)*b", False),
        (r"a^", False),
        (r"(?P<x>^a)|(?P<y>[ ]b)", False),
    ],
)
def test_line_anchored(pattern: str, anchored: bool) -> None:
    assert line_anchored(re.compile(pattern, re.M)) is anchored


def test_line_anchored_needs_multiline() -> None:
    assert not line_anchored(re.compile(r"^a"))


def test_h_and_colon_stop_the_text_scan_only_where_their_rules_can_match() -> None:
    md = new_parser()
    trigger = md.inline._get_fast_trigger_re(md.inline._get_fast_trigger_chars())
    text = "the hat: which, then https://x.org and :rocket: at 10:30"
    stops = [m.group(0) + text[m.end() : m.end() + 4] for m in trigger.finditer(text)]
    assert stops == ["https", ":rock"]  # not "hat", "which", "hat:", the end of ":rocket:"


def test_a_character_shared_with_a_rule_without_a_lookahead_is_not_narrowed() -> None:
    inline = InlineParser()
    inline.register("url_link", r"https?://\S+", lambda *a: None, start_chars="h")
    inline.register("hashtag", r"h#\w+", lambda *a: None, start_chars="h")
    pattern = inline._get_fast_trigger_re(inline._get_fast_trigger_chars()).pattern
    assert "h(?=" not in pattern and "h" in pattern.split("|")


def test_every_trigger_is_a_necessary_condition_of_its_rule() -> None:
    md = new_parser()
    samples = ["https://x.org/a", "http://x", ":rocket:", ":+1:", ":a_b-c:"]
    for name, (char, ahead) in TRIGGERS.items():
        rule = re.compile(md.inline.specification[name])
        for sample in samples:
            if rule.match(sample):
                assert re.match(re.escape(char) + ahead, sample), (name, sample)


def test_each_dialects_post_syntax_is_found_as_its_search_finds_it() -> None:
    from medium_action.rendering.dialects import DIALECTS
    from medium_action.rendering.fastparse import has_match, quick_finder

    names()
    samples = [*texts(), "x\n!!! note\n", "a {: .c}\n", "> [!tip]-\n", "::: {.callout-tip}\n"]
    for dialect in DIALECTS:
        if dialect.post_syntax is None:
            continue
        finder = quick_finder(dialect.post_syntax)
        for text in samples:
            expected = dialect.post_syntax.search(text) is not None
            assert has_match(finder, text) is expected, (dialect.name, text[:100])


@pytest.mark.parametrize(
    ("pattern", "pieces"),
    [
        (r"^a|b", 2),
        (r"(a|b)|c", 2),
        (r"[|]|x", 2),
        (r"[]|]|x", 2),
        (r"\||x", 2),
        (r"(?P<a>x)|(?P=a)", 1),  # a back-reference: kept whole
    ],
)
def test_quick_finder_splits_at_top_level_bars_only(pattern: str, pieces: int) -> None:
    from medium_action.rendering.fastparse import _top_level_alternatives

    assert len(_top_level_alternatives(pattern)) == pieces


@pytest.mark.parametrize(
    ("html", "srcs"),
    [
        ('<div class="x"><b>no image</b></div>', []),
        ('<p><IMG SRC="a.png" alt=""></p>', ["a.png"]),
        ('<picture><source srcset="b.png"></picture>', ["b.png"]),
    ],
)
def test_raw_html_images_found_with_or_without_the_parser(html: str, srcs: list[str]) -> None:
    from medium_action.rendering.rawhtml.tags import find_img_tags

    assert [attrs["src"] for attrs in find_img_tags(html)] == srcs
