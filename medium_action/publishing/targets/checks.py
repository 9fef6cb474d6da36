"""A post fitted to its target's limits (title length, tag count and length): pure, warning
for every change, never failing the file. The writer's own title and tags come from the file
(``sources/article.py``); what a target keeps of them is decided here, from its profile."""

from __future__ import annotations

from dataclasses import replace

from medium_action.publishing.targets.profile import Limits, Profile
from medium_action.sources.article import Article


def fit(article: Article, profile: Profile) -> Article:
    """``article`` as ``profile``'s target will take it, its warnings added to the article's."""
    warnings: list[str] = []
    title = fit_title(article.title, profile.limits, profile.display_name, warnings)
    tags = fit_tags(article.tags, profile.limits, profile.display_name, warnings)
    if article.publish_status == "unlisted" and not profile.has_unlisted:
        warnings.append(
            f"{profile.display_name} has no unlisted posts: sent as a draft (not published)"
        )
    if not warnings:
        return article
    return replace(article, title=title, tags=tags, warnings=[*article.warnings, *warnings])


def fit_title(title: str, limits: Limits, target: str, warnings: list[str]) -> str:
    most = limits.max_title_chars
    if most is None or len(title) <= most:
        return title
    cut = title[: most - 1]
    if " " in cut:
        cut = cut[: cut.rindex(" ")]
    shortened = cut.rstrip(" ,;:-") + "…"
    warnings.append(
        f"title has {len(title)} characters; {target} ignores titles over {most}, "
        f"so it was shortened to {shortened!r}"
    )
    return shortened


def fit_tags(tags: list[str], limits: Limits, target: str, warnings: list[str]) -> list[str]:
    kept: list[str] = []
    longest = limits.max_tag_chars
    if limits.tags_alphanumeric:
        tags = alphanumeric_tags(tags, target, warnings)
    for tag in tags:
        if longest is not None and len(tag) > longest:
            warnings.append(
                f"tag {tag!r} has {len(tag)} characters; {target} ignores tags over "
                f"{longest}, so it was left out"
            )
            continue
        kept.append(tag)
    most = limits.max_tags
    if most is not None and len(kept) > most:
        warnings.append(
            f"{target} uses only the first {most} tags; not sent: {', '.join(kept[most:])}"
        )
        kept = kept[:most]
    return kept


def alphanumeric_tags(tags: list[str], target: str, warnings: list[str]) -> list[str]:
    """Each tag in lowercase letters and digits ("Machine Learning" → "machinelearning"), a tag
    left empty dropped, a tag that becomes one already there kept once."""
    kept: list[str] = []
    for tag in tags:
        folded = "".join(char for char in tag.lower() if char.isascii() and char.isalnum())
        if not folded:
            warnings.append(
                f"tag {tag!r} has no letters or digits {target} accepts, so it was left out"
            )
            continue
        if folded != tag:
            warnings.append(
                f"{target} takes tags of lowercase letters and digits only: {tag!r} is sent "
                f"as {folded!r}"
            )
        if folded not in kept:
            kept.append(folded)
    return kept
