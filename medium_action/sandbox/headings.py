"""Medium's heading conversion, pure: what the API makes of the headings a post is sent with.

The only record (moutend/mediumctl's README, "Heading element conversion", 2017): the first
``<h1>`` is the title and is not repeated in the body; an ``<h2>`` right after it is the subtitle;
every later ``<h1>`` becomes the large heading (``<h3>`` on Medium's page); other ``<h2>``, all
``<h3>`` and ``<h4>`` become the small heading (``<h4>`` on the page); ``<h5>``/``<h6>`` become
paragraphs. The sandbox applies it so that a rehearsal shows what Medium will show.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.IGNORECASE | re.DOTALL)
_PAGE_TAG = {"1": "h3", "2": "h4", "3": "h4", "4": "h4", "5": "p", "6": "p"}


@dataclass(frozen=True)
class HeadedPost:
    """A post's content as Medium shows it: title and subtitle (inner HTML, None when absent)
    apart, and the body with its headings converted."""

    title: str | None
    subtitle: str | None
    body: str


def convert_headings(content: str) -> HeadedPost:
    """Apply Medium's heading conversion to well-formed HTML (heading tags not nested)."""
    title = subtitle = None
    first_h1 = next((m for m in _HEADING.finditer(content) if m.group(1) == "1"), None)
    if first_h1 is not None:
        title = first_h1.group(2)
        rest = content[first_h1.end() :]
        after = _HEADING.match(rest.lstrip())
        if after is not None and after.group(1) == "2":
            subtitle = after.group(2)
            rest = rest.lstrip()[after.end() :]
        content = content[: first_h1.start()] + rest
    body = _HEADING.sub(lambda m: _retag(_PAGE_TAG[m.group(1)], m.group(2)), content)
    return HeadedPost(title, subtitle, body)


def _retag(tag: str, inner: str) -> str:
    return f"<{tag}>{inner}</{tag}>"
