"""When a post is due, as each framework writes it (sources/post_dates.py), and front matter
after blank lines (Zola, Hugo): through ``parse_article`` on inline strings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from medium_action.errors import ArticleError
from medium_action.sources.article import Defaults, parse_article
from medium_action.sources.post_dates import PostDate, UnreadableDate, post_date

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
PST = timezone(timedelta(hours=-8))


def parse(text: str, path: str = "posts/a.md"):
    return parse_article(path, text.encode(), Defaults(), now=NOW)


@pytest.mark.parametrize(
    "front",
    [
        "date: {created: 2026-02-18, updated: 2026-04-13}",  # mkdocs-material's blog posts
        "date:\n  created: 2026-02-18\n  updated: 2027-04-13",
        "date:\n  created: 2026-02-18T10:00:00Z",
    ],
)
def test_material_blog_dates_are_read_by_created(front: str) -> None:
    article = parse(f"---\n{front}\n---\nText.\n")
    assert article.skip_reason is None
    assert post_date({"date": {"created": "2026-02-18"}}, "a.md").when == datetime(  # type: ignore[union-attr]
        2026, 2, 18, tzinfo=UTC
    )


def test_a_future_created_date_schedules_the_material_post() -> None:
    reason = parse("---\ndate:\n  created: 2027-03-01\n---\nText.\n").skip_reason or ""
    assert reason.startswith("scheduled for 2027-03-01")


@pytest.mark.parametrize(
    "front",
    [
        "date: 2026-01-01\npublishDate: 2027-01-01",  # Hugo: a past date, a future publishDate
        "pubDate: 2027-01-01",  # Astro's blog template
        "pubDatetime: 2027-01-01T09:00:00Z",  # AstroPaper
        "published: 2027-01-01",  # Hugo's alias of publishDate
        "published_at: 2027-01-01T00:00:00.000Z",  # Ghost exports
    ],
)
def test_every_key_that_says_when_a_post_goes_public_can_schedule_it(front: str) -> None:
    reason = parse(f"---\n{front}\n---\nText.\n").skip_reason or ""
    assert reason.startswith("scheduled for 2027-01-01"), reason
    assert "front matter " in reason


def test_a_publish_date_that_cannot_be_read_fails_naming_its_key_and_line() -> None:
    with pytest.raises(ArticleError) as error:
        parse("---\ntitle: A\npublishDate: next tuesday\n---\nText.\n")
    assert "`publishDate: next tuesday` (line 3)" in str(error.value)


@pytest.mark.parametrize(
    "front",
    ["date: Last Modified", "date: git Created", "date: Created", "date: today", "date: now"],
)
def test_eleventy_and_quarto_keywords_name_the_files_own_time(front: str) -> None:
    # a date in the file's name does not count then: the keyword is the writer's choice
    article = parse(f"---\n{front}\n---\nText.\n", path="_posts/2031-01-01-a.md")
    assert article.skip_reason is None


@pytest.mark.parametrize(
    ("front", "due"),
    [
        ("date: 12/04/2024", datetime(2024, 12, 4, tzinfo=UTC)),  # quarto-web's blog posts
        ('date: "03-20-2023"', datetime(2023, 3, 20, tzinfo=UTC)),
        ("date: 11/24/25", datetime(2025, 11, 24, tzinfo=UTC)),
        ("date: 2024-12-04", datetime(2024, 12, 4, tzinfo=UTC)),  # the ISO form as before
    ],
)
def test_a_quarto_post_reads_its_dates_month_first_as_quarto_does(
    front: str, due: datetime
) -> None:
    for path, site in (("posts/a/index.qmd", None), ("posts/a.md", "quarto")):
        article = parse_article(
            path, f"---\n{front}\n---\nText.\n".encode(), Defaults(site_dialect=site), now=NOW
        )
        assert article.skip_reason is None
        assert post_date({"date": front.split(": ")[1].strip('"')}, path, quarto=True) == (
            PostDate(due, "date")
        )
    reason = parse("---\ndate: 12/24/2026\n---\nText.\n", path="p/index.qmd").skip_reason
    assert (reason or "").startswith("scheduled for 2026-12-24")


@pytest.mark.parametrize("value", ["12/04/2024", "13/01/2024", "02/30/2024"])
def test_slashed_dates_elsewhere_or_impossible_ones_are_no_date(value: str) -> None:
    """``12/04/2024`` is a guess outside Quarto (day or month first?): the post is refused."""
    if value == "12/04/2024":
        with pytest.raises(ArticleError, match="is not a date this action can read"):
            parse(f"---\ndate: {value}\n---\nText.\n")
    else:  # no 13th month, no 30 February: not a date even in Quarto
        with pytest.raises(ArticleError, match="is not a date this action can read"):
            parse(f"---\ndate: {value}\n---\nText.\n", path="p/index.qmd")


def test_published_true_or_false_is_still_the_switch() -> None:
    assert parse("---\npublished: false\n---\nText.\n").skip_reason == (
        "front matter says published: false"
    )
    assert parse("---\npublished: true\n---\nText.\n").skip_reason is None


@pytest.mark.parametrize(
    "path",
    [
        "_posts/2027-01-02-new-year.md",  # Jekyll
        "blog/2027-01-02-welcome.mdx",  # Docusaurus
        "blog/2027-01-02-welcome/index.md",  # Docusaurus / Zola page bundle
        "content/blog/2027-01-02_hello.md",  # Zola
    ],
)
def test_a_date_in_the_file_name_schedules_a_post_without_one(path: str) -> None:
    reason = parse("---\ntitle: A\n---\nText.\n", path=path).skip_reason or ""
    assert (
        reason
        == "scheduled for 2027-01-02T00:00:00+00:00 (the date in the file name is in the future)"
    )


def test_the_front_matter_date_wins_over_the_file_name_and_bad_names_are_no_date() -> None:
    assert (
        parse("---\ndate: 2026-01-01\n---\nText.\n", "_posts/2027-01-02-a.md").skip_reason is None
    )
    assert parse("Text.\n", "_posts/2025-01-02-a.md").skip_reason is None
    assert parse("Text.\n", "_posts/2027-02-30-a.md").skip_reason is None  # no such day
    assert parse("Text.\n", "_posts/20270102-a.md").skip_reason is None


@pytest.mark.parametrize("lead", ["\n", "\n\n", "  \n\n"])
def test_front_matter_after_blank_lines_is_read(lead: str) -> None:
    toml = parse(f'{lead}+++\ntitle = "HayFlow"\ndate = 2027-03-15T12:00:30+01:00\n+++\nText.\n')
    assert toml.title == "HayFlow" and (toml.skip_reason or "").startswith("scheduled")
    assert "title" not in toml.post.text
    yaml = parse(f"{lead}---\ntitle: Hello\n---\nText.\n")
    assert yaml.title == "Hello" and yaml.body == "Text.\n"


def test_a_thematic_break_after_blank_lines_is_not_front_matter() -> None:
    article = parse("\n---\n\nSome prose, then a rule.\n\n---\n\nMore.\n")
    assert article.title == "A" and "Some prose" in article.body


def test_an_error_in_front_matter_after_blank_lines_names_the_files_line() -> None:
    with pytest.raises(ArticleError) as error:
        parse('\n\n+++\ntitle = "a"\ndate = \n+++\nText.\n')
    assert error.value.line == 5, str(error.value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # jekyll/jekyll docs/_posts/2023-01-29-jekyll-3-9-3-released.markdown: a stray year
        ("2023-01-29 18:30:22 2023 -0800", datetime(2023, 1, 29, 18, 30, 22, tzinfo=PST)),
        ("2023-01-29 18:30:22 -0800 2023", datetime(2023, 1, 29, 18, 30, 22, tzinfo=PST)),
        ("2023-01-29 18:30 2023 PST", datetime(2023, 1, 29, 18, 30, tzinfo=PST)),
        ("2023-01-29 2023", datetime(2023, 1, 29, tzinfo=UTC)),
    ],
)
def test_a_jekyll_date_with_pieces_ruby_passes_over_is_read_as_jekyll_reads_it(
    value: str, expected: datetime
) -> None:
    assert post_date({"date": value}, "_posts/a.md", jekyll=True) == PostDate(expected, "date")
    with pytest.raises(UnreadableDate):  # elsewhere the closed list of spellings holds
        post_date({"date": value}, "_posts/a.md")


@pytest.mark.parametrize(
    "value",
    ["2023-01-29 next tuesday", "2023-02-30 10:00 2023", "2023-01-29 10:00 2023 IST", "v1.2 2023"],
)
def test_a_jekyll_date_that_is_truly_unreadable_is_still_refused(value: str) -> None:
    with pytest.raises(UnreadableDate):
        post_date({"date": value}, "_posts/a.md", jekyll=True)


def test_a_jekyll_post_with_a_stray_year_is_published_and_its_line_still_named_when_bad() -> None:
    text = b"---\ntitle: A\ndate: 2023-01-29 18:30:22 2023 -0800\n---\nText.\n"
    article = parse_article("_posts/a.md", text, Defaults(site_dialect="jekyll"), now=NOW)
    assert article.skip_reason is None
    with pytest.raises(ArticleError) as error:
        parse_article(
            "_posts/b.md",
            text.replace(b"2023 -0800", b"soon"),
            Defaults(site_dialect="jekyll"),
            now=NOW,
        )
    assert "(line 3)" in str(error.value)
