"""A draft as Medium's API takes it: the fields of ``POST /users/{id}/posts``."""

from __future__ import annotations

from typing import Any

from medium_action.publishing.targets.base import Draft


def payload(draft: Draft) -> dict[str, Any]:
    """Medium's post fields; publishStatus always explicit (Medium's own default is public)."""
    article = draft.article
    fields: dict[str, Any] = {
        "title": article.title,
        "contentFormat": draft.content_format,
        "content": draft.content,
        "tags": list(article.tags),
        "publishStatus": article.publish_status,
        "notifyFollowers": article.notify_followers,
    }
    if article.canonical_url:
        fields["canonicalUrl"] = article.canonical_url
    if article.license:
        fields["license"] = article.license
    return fields
