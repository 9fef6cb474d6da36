"""Relative links made absolute, and the order that lets a post carry the URL it links to."""

from __future__ import annotations

from collections.abc import Callable

from medium_action.ledger.records import Ledger, LedgerRecord
from medium_action.publishing.order import publication_order
from medium_action.rendering.links import Repository, resolve_link
from medium_action.rendering.post import ParsedPost, parse_post

REPO = Repository("https://github.com/octo/blog", "abc123")


def urls_of(ledger: Ledger) -> Callable[[str], str | None]:
    def url(path: str) -> str | None:
        record = ledger.records.get(path)
        return record.url if record is not None else None

    return url


def ledger_with(path: str, url: str) -> Ledger:
    ledger = Ledger()
    ledger.add(LedgerRecord(path=path, sha256="s", time="t", id="i", url=url))
    return ledger


def resolve(
    href: str, ledger: Ledger | None = None, repository: Repository | None = REPO
) -> str | None:
    return resolve_link(
        href,
        article_path="posts/a.md",
        post_url=lambda path: (
            record.url if (record := (ledger or Ledger()).records.get(path)) else None
        ),
        repository=repository,
    )


def test_a_published_markdown_file_links_to_its_medium_url() -> None:
    ledger = ledger_with("posts/b.md", "https://medium.com/@u/b-1")
    assert resolve("b.md", ledger) == "https://medium.com/@u/b-1"
    assert resolve("./b.md#part", ledger) == "https://medium.com/@u/b-1"
    assert resolve("/posts/b.md", ledger) == "https://medium.com/@u/b-1"


def test_other_relative_links_go_to_github_at_this_commit() -> None:
    assert resolve("c.md") == "https://github.com/octo/blog/blob/abc123/posts/c.md"
    assert resolve("../src/main.py#L3") == "https://github.com/octo/blog/blob/abc123/src/main.py#L3"
    assert (
        resolve("my%20notes.md") == "https://github.com/octo/blog/blob/abc123/posts/my%20notes.md"
    )


def test_absolute_anchor_and_escaping_links_are_kept() -> None:
    for href in (
        "https://example.com",
        "mailto:a@b.c",
        "#section",
        "//cdn/x",
        "../../outside.md",
        "",
    ):
        assert resolve(href) is None, href


def test_without_a_repository_only_the_ledger_helps() -> None:
    assert resolve("c.md", repository=None) is None
    assert (
        resolve("b.md", ledger_with("posts/b.md", "https://m/b"), repository=None) == "https://m/b"
    )


def test_linked_paths_finds_relative_markdown_links() -> None:
    body = (
        "[b](b.md) [c](../other/c.markdown#x) [web](https://x.md) [img](pic.png) [d](</posts/d.md>)"
    )
    assert parse_post(body).linked_paths("posts/a.md") == {
        "posts/b.md",
        "other/c.markdown",
        "posts/d.md",
    }


def test_linked_posts_are_published_first() -> None:
    bodies = {"a.md": "see [b](b.md)", "b.md": "see [c](c.md)", "c.md": "leaf", "d.md": "alone"}
    assert publication_order(parsed(bodies)) == ["c.md", "b.md", "a.md", "d.md"]


def test_a_cycle_keeps_every_post_once() -> None:
    bodies = {"a.md": "[b](b.md)", "b.md": "[a](a.md)"}
    assert sorted(publication_order(parsed(bodies))) == ["a.md", "b.md"]


def parsed(bodies: dict[str, str]) -> dict[str, ParsedPost]:
    return {path: parse_post(body) for path, body in bodies.items()}


def test_reference_and_html_links_are_links() -> None:
    body = (
        "See [b][r], [c] and <a href='d.md'>d</a>.\n\n"
        '<p>A <a href="../x/e.md#top">block</a> link.</p>\n\n'
        '[r]: ./b.md\n[c]: <c.md> "title"\n[unused]: f.md\n'
    )
    assert parse_post(body).linked_paths("posts/a.md") == {
        "posts/b.md",
        "posts/c.md",
        "posts/d.md",
        "x/e.md",
    }


def test_links_in_code_are_not_links() -> None:
    body = "`[b](b.md)`\n\n```\n[c](c.md)\n```\n\n    [d](d.md)\n"
    assert parse_post(body).linked_paths("a.md") == set()


def test_a_post_linking_by_reference_is_published_after_its_target() -> None:
    bodies = {"a.md": "Read [the next one][next].\n\n[next]: ./b.md\n", "b.md": "leaf"}
    assert publication_order(parsed(bodies)) == ["b.md", "a.md"]


def test_site_root_links_are_absolute_on_the_site_address() -> None:
    site = "https://example.org/blog/"
    ledger = ledger_with("posts/b.md", "https://medium.com/@u/b-1")

    def on(href: str) -> str | None:
        return resolve_link(
            href,
            article_path="posts/a.md",
            post_url=urls_of(ledger),
            repository=REPO,
            site_url=site,
        )

    assert on("/learn/") == "https://example.org/blog/learn/"
    assert on("/blog/2023/intro/#part") == "https://example.org/blog/2023/intro/#part"
    assert on("/posts/b.md") == "https://medium.com/@u/b-1"  # a published post still wins
    assert (
        on("c.md") == "https://github.com/octo/blog/blob/abc123/posts/c.md"
    )  # relative: as before
    assert on("https://go.dev/") is None


def test_a_zola_internal_link_is_the_post_medium_url_else_its_page_on_the_site() -> None:
    ledger = ledger_with("content/blog/b.md", "https://medium.com/@u/b-1")
    assert resolve("@/blog/b.md#part", ledger) == "https://medium.com/@u/b-1"
    on_site = resolve_link(
        "@/blog/shortcodes/index.md#admonitions",
        article_path="content/blog/a.md",
        post_url=lambda path: None,
        repository=None,
        site_url="https://tabi.example/",
    )
    assert on_site == "https://tabi.example/blog/shortcodes/#admonitions"


def test_an_unresolved_zola_internal_link_is_its_text_with_a_warning() -> None:
    from medium_action.rendering.render import render_html

    post = parse_post("Read [the guide](@/docs/guide.md) first.\n", "zola")
    rendered = render_html(post, title="T", link_resolver=lambda href: None)
    assert "<p>Read the guide first.</p>" in rendered.content
    assert "@/" not in rendered.content
    assert any("@/docs/guide.md unwrapped" in w for w in rendered.warnings)
