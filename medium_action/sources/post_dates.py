"""When a post is due, as its framework reads the date: pure, no I/O.

A post whose date is later than now is scheduled, and never goes out early. Frameworks put that
date in different places, and a writer expects each to count:

- ``date`` (every framework), written in any spelling :mod:`.dates` reads (in a Quarto post
  also ``MM/dd/yyyy``, the form Quarto reads first); Material for MkDocs'
  blog writes ``date: {created: …, updated: …}`` (or the same as an indented mapping): the post's
  date is ``created``;
- the keys that say when a post goes public where they differ from ``date``: Hugo's
  ``publishDate`` (and its aliases ``pubdate``, ``published``), Astro's ``pubDate`` (its blog
  template) and ``pubDatetime`` (AstroPaper), ``publishedAt`` / ``published_at`` (Ghost exports,
  Nuxt Content). The latest of them counts: Hugo keeps a page with a past ``date`` and a future
  ``publishDate`` unpublished;
- Eleventy's keywords ``Last Modified``, ``Created``, ``git Last Modified``, ``git Created``
  and Quarto's ``today``, ``now``, ``last-modified`` name the file's own times or the build's
  (never in the future): no schedule;
- with none of those keys, a date that starts the file's name, or for a page bundle
  (``index.md``) its folder's name: Jekyll's ``_posts/2024-01-02-title.md``, Docusaurus'
  ``2021-08-26-welcome.md`` and ``2021-08-26-welcome/index.md``, Zola's ``2024-01-02_title.md``.
  Jekyll, Docusaurus and Zola all take the post's date from it (and Jekyll leaves a future one
  unbuilt). Other frameworks' writers name files so too, for sorting; a future date in a name is
  read as a schedule everywhere, the safe side.

A value in one of these keys that is not a date raises :class:`UnreadableDate` (the caller
refuses the post: it may be a future date). ``published: true`` / ``false`` is Jekyll's switch,
not a date, and is left to the caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePosixPath
from typing import Any

from medium_action.sources.dates import read_date
from medium_action.values import parse_boolean

__all__ = ["DUE_KEYS", "PostDate", "UnreadableDate", "post_date"]

DUE_KEYS = (
    "date",
    "publishDate",
    "publishdate",
    "pubdate",
    "pubDate",
    "pubDatetime",
    "publishedAt",
    "published_at",
    "published",
)
"""Front-matter keys that say when a post is due, as the frameworks above spell them."""

# the file's own times, never in the future: Eleventy's keywords and Quarto's
_FILE_TIMES = frozenset(
    {
        "last modified",
        "created",
        "git last modified",
        "git created",
        "today",
        "now",
        "last-modified",
    }
)
_NAME_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[-_]|$)")
_BUNDLE_PAGES = frozenset({"index", "_index"})


@dataclass(frozen=True)
class PostDate:
    """The date a post is due and where it was read (a front-matter key, or ``file name``)."""

    when: datetime
    source: str


class UnreadableDate(ValueError):
    """A due key whose value is no date :mod:`.dates` reads."""

    def __init__(self, key: str, value: object) -> None:
        super().__init__(f"{key}: {value}")
        self.key = key
        self.value = value


def post_date(
    meta: Mapping[str, Any], path: str, *, quarto: bool = False, jekyll: bool = False
) -> PostDate | None:
    """The latest date the front matter gives among :data:`DUE_KEYS`, else the file name's;
    None when there is none. ``quarto``: a post Quarto renders, whose ``12/04/2024`` is
    month first (a ``.qmd`` file is always one). ``jekyll``: a post Jekyll builds, whose date
    Ruby's ``Time.parse`` reads (stray pieces after it passed over)."""
    month_first = quarto or path.lower().endswith(".qmd")
    found: list[PostDate] = []
    for key in DUE_KEYS:
        value = meta.get(key)
        if key == "date" and isinstance(value, Mapping):
            value = value.get("created")  # Material for MkDocs' blog: {created, updated}
        if value is None or value == "" or isinstance(value, bool):
            continue
        if isinstance(value, str) and value.strip().lower() in _FILE_TIMES:
            continue  # the file's own times: never in the future
        if key == "published" and parse_boolean(str(value)) is not None:
            continue  # Jekyll's switch, read by the caller
        when = read_date(value, month_first=month_first, ruby=jekyll)
        if when is None:
            raise UnreadableDate(key, value)
        found.append(PostDate(when, key))
    if found:
        return max(found, key=lambda d: d.when)
    if any(meta.get(key) not in (None, "") for key in DUE_KEYS if key != "published"):
        return None  # a date written as the file's time (Eleventy): the name does not count
    name = _name_date(path)
    return PostDate(name, "file name") if name is not None else None


def _name_date(path: str) -> datetime | None:
    """The date that starts the file's name (a bundle's ``index.md``: its folder's name)."""
    pure = PurePosixPath(path)
    name = pure.parent.name if pure.stem in _BUNDLE_PAGES else pure.name
    m = _NAME_DATE.match(name)
    return read_date(m.group(1)) if m else None  # 2023-02-30: no such day, no date
