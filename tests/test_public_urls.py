"""The public address of a workspace file, for targets that cannot upload images (pure)."""

from __future__ import annotations

import pytest

from medium_action.publishing.public_urls import (
    PublicUrls,
    RawRepository,
    public_repository,
    site_path,
)

RAW = RawRepository("writer/blog", "0123abcd")


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("static/img/a.png", "/img/a.png"),  # Hugo, Gatsby
        ("public/a.png", "/a.png"),  # Astro, Next.js
        ("assets/images/b c.png", "/images/b c.png"),  # as images.py looks for /images/…
        ("docs/static/img/a.png", "/img/a.png"),  # Docusaurus in a subfolder
        ("content/posts/hello/pic.png", None),  # a page bundle: its address is the post's
        ("posts/pics/static", None),  # a file named like a folder is not one
        ("a.png", None),
    ],
)
def test_site_path_inverts_the_static_folders(path: str, expected: str | None) -> None:
    assert site_path(path) == expected


def test_image_base_url_comes_first_and_takes_the_workspace_path() -> None:
    urls = PublicUrls(image_base_url="https://cdn.example/blog", site_url="https://x.org", raw=RAW)
    assert (
        urls.url_for("static/img/a b#1.png") == "https://cdn.example/blog/static/img/a%20b%231.png"
    )
    assert urls.url_for("/posts/ü.png") == "https://cdn.example/blog/posts/%C3%BC.png"


def test_site_url_serves_static_folders_only_then_raw_github() -> None:
    urls = PublicUrls(site_url="https://x.org/blog/", raw=RAW)
    assert urls.url_for("static/img/a.png") == "https://x.org/blog/img/a.png"
    assert urls.url_for("static/img/a b.png") == "https://x.org/blog/img/a%20b.png"
    assert urls.url_for("posts/pics/c.png") == (
        "https://raw.githubusercontent.com/writer/blog/0123abcd/posts/pics/c.png"
    )


def test_nothing_applies() -> None:
    urls = PublicUrls(site_url="https://x.org/")
    assert urls.url_for("posts/pics/c.png") is None
    assert PublicUrls().url_for("static/a.png") is None
    assert not PublicUrls().any and urls.any


@pytest.mark.parametrize(
    ("repository", "expected"),
    [
        ({"private": False}, RAW),
        ({"private": False, "visibility": "public"}, RAW),
        ({"private": True}, None),
        ({"private": False, "visibility": "internal"}, None),  # GitHub Enterprise: not public
        ({}, None),  # unknown is not public
        ("writer/blog", None),
    ],
)
def test_public_repository_by_the_event(repository: object, expected: object) -> None:
    assert public_repository("writer/blog", "0123abcd", {"repository": repository}) == expected


def test_public_repository_needs_a_repository_a_commit_and_an_event() -> None:
    event = {"repository": {"private": False}}
    assert public_repository(None, "0123abcd", event) is None
    assert public_repository("writer/blog", None, event) is None
    assert public_repository("writer/blog", "0123abcd", None) is None
