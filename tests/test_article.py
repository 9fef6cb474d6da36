"""Front matter to post options: the article module on inline strings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from medium_action.errors import ArticleError
from medium_action.publishing.targets.checks import fit
from medium_action.publishing.targets.medium.profile import MEDIUM
from medium_action.sources.article import Defaults, parse_article, title_from_path

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def parse(text: str | bytes, path: str = "posts/my-first-post.md", **defaults: object):
    """Front matter alone would be an empty post, refused: such test texts get a line of body."""
    if isinstance(text, str) and text.endswith(("---\n", "+++\n")) and text.count("\n") > 1:
        text += "Text.\n"
    raw = text.encode() if isinstance(text, str) else text
    return parse_article(path, raw, Defaults(**defaults), now=NOW)  # type: ignore[arg-type]


def test_yaml_front_matter_sets_every_key() -> None:
    article = parse(
        "---\n"
        "title: Liverpool FC\n"
        "subtitle: You'll never walk alone\n"
        "tags: [football, sport]\n"
        "canonical_url: https://example.com/lfc\n"
        "publish_status: unlisted\n"
        "license: cc-40-by\n"
        "notify_followers: true\n"
        "publication: Sandbox Gazette\n"
        "---\n"
        "Body text.\n"
    )
    assert article.title == "Liverpool FC"
    assert article.subtitle == "You'll never walk alone"
    assert article.tags == ["football", "sport"]
    assert article.canonical_url == "https://example.com/lfc"
    assert article.publish_status == "unlisted"
    assert article.license == "cc-40-by"
    assert article.notify_followers is True
    assert article.publication == "Sandbox Gazette"
    assert article.body == "Body text.\n"
    assert article.body_line == 11
    assert article.skip_reason is None


def test_toml_front_matter_between_plus_lines() -> None:
    article = parse('+++\ntitle = "Hugo post"\ndescription = "Sub"\ntags = ["a", "b"]\n+++\nHi\n')
    assert (article.title, article.subtitle, article.tags) == ("Hugo post", "Sub", ["a", "b"])
    assert article.body == "Hi\n"


def test_bom_and_crlf_are_normalised() -> None:
    article = parse(b"\xef\xbb\xbf---\r\ntitle: Windows\r\n---\r\nline one\r\nline two\r\n")
    assert article.title == "Windows"
    assert article.body == "line one\nline two\n"


def test_title_falls_back_to_first_h1_then_file_name() -> None:
    assert parse("Intro\n\n# The Heading #\n\n# Second\n").title == "The Heading"
    assert parse("```\n# not a heading\n```\ntext\n").title == "My first post"
    assert title_from_path("posts/2024-01-31-hello_world.md") == "Hello world"


def test_tags_string_is_split_and_medium_limits_warn() -> None:
    written = parse("---\ntags: a, b, this-tag-is-far-too-long-for-medium, c, d, a\n---\n")
    # The file's own tags are the writer's (repeats dropped); Medium's limits are its profile's.
    assert written.tags == ["a", "b", "this-tag-is-far-too-long-for-medium", "c", "d"]
    assert written.warnings == []
    article = fit(written, MEDIUM)
    assert article.tags == ["a", "b", "c"]
    assert any("far-too-long" in warning for warning in article.warnings)
    assert any("not sent: d" in warning for warning in article.warnings)


def test_default_tags_apply_only_without_front_matter_tags() -> None:
    assert parse("hi", tags=("x", "y")).tags == ["x", "y"]
    assert parse("---\ntags: [z]\n---\nhi", tags=("x",)).tags == ["z"]


def test_long_title_is_shortened_at_a_word_boundary() -> None:
    long_title = "word " * 30
    written = parse(f"---\ntitle: {long_title}\n---\n")
    assert written.title == long_title.strip()
    article = fit(written, MEDIUM)
    assert len(article.title) <= 100
    assert article.title.endswith("word…")
    assert "shortened" in article.warnings[0]


@pytest.mark.parametrize(
    ("front", "status"),
    [("draft: true", "draft"), ("publish_status: public", "public"), ("draft: false", "unlisted")],
)
def test_publish_status_from_front_matter(front: str, status: str) -> None:
    assert parse(f"---\n{front}\n---\n", publish_status="unlisted").publish_status == status


def test_front_matter_can_opt_out() -> None:
    reason = parse("---\npublished: false\n---\n").skip_reason
    assert reason is not None and "false" in reason


@pytest.mark.parametrize(
    ("front", "off"),
    [("medium: false", "medium"), ("medium: no", "medium"), ("devto: false", "devto")],
)
def test_front_matter_turns_one_target_off(front: str, off: str) -> None:
    article = parse(f"---\n{front}\n---\nText.\n")
    assert article.skip_reason is None and article.off_targets == frozenset({off})


def test_future_date_schedules_and_past_date_publishes() -> None:
    assert "scheduled for 2027-01-01" in (parse("---\ndate: 2027-01-01\n---\n").skip_reason or "")
    assert parse("---\ndate: 2026-11-22\n---\n").skip_reason is None
    assert parse("---\ndate: 2026-11-22T11:00:00Z\n---\n").skip_reason is None
    assert parse("---\ndate: '2026-11-22T13:00:00+00:00'\n---\n").skip_reason is not None


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2023-03-16", "2023-03-16T00:00:00+00:00"),
        ("'2023-03-16'", "2023-03-16T00:00:00+00:00"),
        ("2023-03-16T10:20:30Z", "2023-03-16T10:20:30+00:00"),
        ("2023-03-16T10:20:30.5+02:00", "2023-03-16T10:20:30.500000+02:00"),
        ("2023-03-16 10:20", "2023-03-16T10:20:00+00:00"),
        ("2023/03/16", "2023-03-16T00:00:00+00:00"),
        ('"2023/3/6 08:00"', "2023-03-06T08:00:00+00:00"),
        ("2023-03-16 10:20:30 +0100", "2023-03-16T10:20:30+01:00"),
        ("2023-03-16 10:20:30 -0500", "2023-03-16T10:20:30-05:00"),
        ("Thu, 16 Mar 2023 10:20:30 +0000", "2023-03-16T10:20:30+00:00"),
        ("March 16, 2023", "2023-03-16T00:00:00+00:00"),
        ("Sept. 6th 2023", "2023-09-06T00:00:00+00:00"),
        ("16 March 2023", "2023-03-16T00:00:00+00:00"),
        ("2023-03-16 10:20 PST", "2023-03-16T10:20:00-08:00"),
        ("Thu, 16 Mar 2023", "2023-03-16T00:00:00+00:00"),
        ("16.03.2023", "2023-03-16T00:00:00+00:00"),
        ("16.03.2023 10:20 CET", "2023-03-16T10:20:00+01:00"),
        ("2023-03-16T10:20 [Europe/Paris]", "2023-03-16T10:20:00+01:00"),
        ("2023-03-16 10:20 Asia/Tokyo", "2023-03-16T10:20:00+09:00"),
        ("March 16, 2023 at 10:20 AM", "2023-03-16T10:20:00+00:00"),
        ("Thursday, March 16, 2023 at 12:05 PM", "2023-03-16T12:05:00+00:00"),
        ("16 Mar 2023 10:20 pm EDT", "2023-03-16T22:20:00-04:00"),
    ],
)
def test_dates_as_blogs_write_them(written: str, expected: str) -> None:
    from medium_action.sources.dates import read_date

    value = written.strip("'\"")
    assert (when := read_date(value)) is not None and when.isoformat() == expected
    # through the front matter, quoted or not; a later year is scheduled, never failed
    future = written.replace("2023", "2027")
    assert "scheduled for 2027-" in (parse(f"---\ndate: {future}\n---\nText").skip_reason or "")
    assert parse(f"---\ndate: {written}\n---\nText").skip_reason is None


def test_toml_dates_are_read_too() -> None:
    assert parse("+++\ndate = 2027-01-02T03:04:05Z\n+++\nText").skip_reason is not None
    assert parse("+++\ndate = 2020-01-02\n+++\nText").skip_reason is None


@pytest.mark.parametrize(
    "written",
    [
        "2023-02-30",
        "next tuesday",
        "16/03/2023",
        "v1.2",
        "[1, 2]",
        "2030-01-15 10:00 IST",  # India, Israel or Ireland: not a guess
        "2030-01-15T10:00 [Mars/Olympus]",
        "January 15, 2030 at 13:00 PM",
        "'{{ .Date }}'",
    ],
)
def test_an_unreadable_date_fails_the_file_naming_it_and_the_forms(written: str) -> None:
    """It may be a future date: publishing the post now cannot be undone."""
    with pytest.raises(ArticleError) as info:
        parse(f"---\ntitle: T\ndate: {written}\n---\nText")
    assert info.value.line == 3 and "(line 3)" in str(info.value)
    assert "not published" in str(info.value) and "Europe/Paris" in str(info.value)


@pytest.mark.parametrize(
    "written",
    [
        "2030-01-15 10:00 PST",
        "Tue, 15 Jan 2030",
        "1894694400",
        "1894694400000",
        "15.01.2030",
        "2030-01-15T10:00 [Europe/Paris]",
        "January 15, 2030 at 10:00 AM",
        "Wed, 15 Jan 2031 08:00:00 EST",
        "1.2.2031 9:30",
        "2030-01-15 10:00 America/Los_Angeles",
    ],
)
def test_future_dates_as_blogs_write_them_are_scheduled(written: str) -> None:
    reason = parse(f"---\ndate: {written}\n---\nText").skip_reason or ""
    assert reason.startswith("scheduled for 203"), reason


def test_a_past_unix_timestamp_is_not_scheduled() -> None:
    assert parse("---\ndate: 1678962030\n---\nText").skip_reason is None


def test_canonical_url_template_expands_path_and_slug() -> None:
    article = parse("hi", path="posts/Hello World.md", canonical_url="https://b.log/{path}#{slug}")
    assert article.canonical_url == "https://b.log/posts/Hello World#hello-world"
    with_slug = parse("---\nslug: custom\n---\n", canonical_url="https://b.log/{slug}/")
    assert with_slug.canonical_url == "https://b.log/custom/"


@pytest.mark.parametrize(
    ("text", "expected", "line"),
    [
        ("---\ntitle: [unclosed\n---\n", "invalid YAML front matter on line 2", 2),
        ("---\n- a list\n---\n", "must be a mapping", 2),
        ("+++\ntitle = \n+++\n", "invalid TOML front matter on line 2", 2),
        ("---\ntitle: x\n", "never closed", 1),
        ("---\npublish_status: live\n---\n", "publish_status: live", None),
        ("---\nlicense: mit\n---\n", "license: mit", None),
        ("---\ntags: {a: 1}\n---\n", "tags", None),
    ],
)
def test_broken_front_matter_names_the_problem_and_line(
    text: str, expected: str, line: int | None
) -> None:
    with pytest.raises(ArticleError) as raised:
        parse(text)
    assert expected in str(raised.value)
    assert raised.value.line == line


def test_binary_and_non_utf8_files_are_refused() -> None:
    with pytest.raises(ArticleError, match="binary"):
        parse(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(ArticleError, match=r"not valid UTF-8 \(byte 9, line 2\)") as raised:
        parse(b"line one\n\xff\xfe bad")
    assert raised.value.line == 2


def test_oversized_file_is_refused() -> None:
    with pytest.raises(ArticleError, match="over the limit"):
        parse(b"a" * (1024 * 1024 + 1))


def test_content_hash_is_of_the_raw_bytes() -> None:
    assert parse("one").sha256 != parse("two").sha256
    assert parse("same").sha256 == parse("same", path="other.md").sha256


@pytest.mark.parametrize("text", ["", "\n\n", "---\ntitle: x\n---\n\n", "# Only a title\n"])
def test_an_empty_post_is_refused(text: str) -> None:
    with pytest.raises(ArticleError, match="no text"):
        parse(text)


def test_an_empty_post_that_is_skipped_anyway_is_not_an_error() -> None:
    assert parse("---\npublished: false\n---\n\n").skip_reason is not None


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("---\ntitle: T\ncanonical_url: javascript:alert(1)\n---\n# T\n\nText.\n", 3),
        ("---\ncanonical_url: ftp://example.com/x\n---\n# T\n\nText.\n", 2),
        ('+++\ntitle = "T"\ncanonical_url = "example.com/x"\n+++\n# T\n\nText.\n', 3),
    ],
)
def test_a_canonical_url_that_is_not_http_names_its_line(front: str, line: int) -> None:
    with pytest.raises(ArticleError, match="must be an http\\(s\\) URL") as raised:
        parse(front)
    assert raised.value.line == line


def test_an_http_canonical_url_is_kept() -> None:
    article = parse("---\ncanonical_url: https://example.com/a/\n---\n# T\n\nText.\n")
    assert article.canonical_url == "https://example.com/a/"


@pytest.mark.parametrize(
    ("word", "expected"),
    [("Yes", True), ("TRUE", True), ("1", True), ("no", False), ("False", False), ("0", False)],
)
def test_front_matter_booleans_use_the_settings_words(word: str, expected: bool) -> None:
    from medium_action.values import parse_boolean

    assert parse_boolean(word) is expected
    assert parse(f"---\nnotify_followers: '{word}'\n---\n").notify_followers is expected


def test_a_front_matter_word_that_is_no_boolean_names_the_words() -> None:
    with pytest.raises(ArticleError, match="true/false, yes/no or 1/0"):
        parse("---\nnotify_followers: 'on'\n---\n")


def test_yaml_aliases_are_refused_before_they_expand() -> None:
    """A "billion laughs" front matter: nine lines that would expand to 10^9 strings."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ",".join([f"*a{i - 1}"] * 10) + "]")
    with pytest.raises(ArticleError) as raised:
        parse("---\n" + "\n".join(lines) + "\ntitle: x\n---\nText\n")
    assert "alias *a0 on line 3" in str(raised.value)
    assert raised.value.line == 3


def test_a_plain_anchor_without_alias_is_fine() -> None:
    assert parse("---\ntitle: &t Anchored\n---\n").title == "Anchored"


@pytest.mark.parametrize(
    "front",
    [
        "cover_image: /img/c.png",
        "image: /img/c.png",
        "cover: /img/c.png",
        "featured_image: /img/c.png",
        "hero: /img/c.png",
        "images: [/img/c.png, /img/d.png]",
        "cover:\n  image: /img/c.png\n  alt: x",
    ],
)
def test_the_cover_image_is_the_first_figure(front: str) -> None:
    article = parse(f"---\ntitle: T\n{front}\n---\n# T\n\nText ![x](/img/e.png)\n")
    assert [image.src for image in article.post.images()] == ["/img/c.png", "/img/e.png"]
    # lines still count in the file: the body's text is on line 7 + the front matter's extra lines
    text_line = 7 + front.count("\n")
    assert article.post.images()[1].line is not None
    assert article.post.images()[1].line + article.body_line - 1 == text_line


def test_a_cover_the_body_starts_with_is_not_repeated() -> None:
    article = parse("---\ncover: img/c.png\n---\n# T\n\n![The view](img/c.png)\n\nText")
    assert [image.src for image in article.post.images()] == ["img/c.png"]


def test_a_repeated_cover_keeps_the_lines_of_the_body() -> None:
    # The body starts with the cover image (written differently: ./ and a title): parsed
    # without the cover, and the image after it still counts its line in the file (line 8).
    article = parse(
        '---\nimage: ./img/c.png\n---\n# T\n\n![The view](./img/c.png "V")\n\nText ![e](e.png)\n'
    )
    images = article.post.images()
    assert [image.src for image in images] == ["./img/c.png", "e.png"]
    assert images[1].line is not None and images[1].line + article.body_line - 1 == 8


def test_front_matter_is_read_by_libyaml_when_pyyaml_has_it() -> None:
    import yaml

    from medium_action.sources import article as module

    if yaml.__with_libyaml__:
        assert issubclass(module._FastLoader, yaml.CSafeLoader)
    # Either loader: dates stay text (a day that does not exist is not an error), and a `*`
    # that is no alias (inside a quoted value) is read by the careful loader just the same.
    meta = module._load_yaml('date: 2023-02-30\ntitle: "Stars * and more"\ntags: [a, b]')
    assert meta == {"date": "2023-02-30", "title": "Stars * and more", "tags": ["a", "b"]}
    assert module._load_yaml("when: 2024-01-05 10:00:00")["when"] == "2024-01-05 10:00:00"


@pytest.mark.parametrize(
    ("front", "named"),
    [
        # withastro/starlight docs/src/content/docs/404.md: a splash page, all front matter
        ("title: '404'\ntemplate: splash\nhero:\n  title: Page not found", "`splash` page"),
        ("title: Home\nlayout: splash\n", "`splash` page"),
        ("title: Home\nhero:\n  tagline: Hi\n", "page with a `hero:`"),
    ],
)
def test_a_landing_page_with_no_body_fails_saying_how_to_leave_it_out(
    front: str, named: str
) -> None:
    # the interface skips only what the writer asked to skip: a failed file that says how
    with pytest.raises(ArticleError) as error:
        parse(f"---\n{front}\n---\n".encode())
    message = str(error.value)
    assert message.startswith("the post has no text") and named in message
    assert "`published: false`" in message and "`files`" in message
    assert parse(f"---\n{front}\npublished: false\n---\n").skip_reason is not None


def test_a_post_with_no_body_and_no_landing_keys_fails_as_before() -> None:
    with pytest.raises(ArticleError) as error:
        parse(b"---\ntitle: A\n---\n")
    assert str(error.value) == (
        "the post has no text: nothing follows the front matter or the title heading"
    )
