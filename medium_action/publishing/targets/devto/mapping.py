"""A draft as dev.to's API takes it: the ``article`` object of ``POST /articles`` (pure)."""

from __future__ import annotations

from typing import Any

from medium_action.publishing.targets.base import Draft


def article_fields(draft: Draft, *, canonical_url: str | None) -> dict[str, Any]:
    """dev.to's article fields, what is unset left out. ``published`` is always explicit: a
    public post is published, a draft or an unlisted post (dev.to has none) is not."""
    article = draft.article
    fields: dict[str, Any] = {
        "title": article.title,
        "body_markdown": draft.content,
        "published": article.publish_status == "public",
        "tags": list(article.tags),
    }
    if canonical_url:
        fields["canonical_url"] = canonical_url
    if article.subtitle:
        fields["description"] = article.subtitle
    if article.series:
        fields["series"] = article.series
    return fields


def canonical_url(
    article_canonical: str | None,
    *,
    site_url: str | None,
    site_path: str | None,
    medium_url: str | None,
) -> str | None:
    """The interface's order: the front matter's (or the ``canonical-url`` template's), else
    the post's address on its site, else the same file's Medium post, else none."""
    if article_canonical:
        return article_canonical
    if site_url and site_path:
        if site_path.startswith(("https://", "http://")):
            return site_path
        return site_url.rstrip("/") + "/" + site_path.lstrip("/")
    return medium_url or None
