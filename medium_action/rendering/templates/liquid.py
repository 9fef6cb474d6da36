"""Liquid / Jekyll tags and dev.to liquid embeds (``{% name args %}``) read into Markdown.

Embeds become autolinks (YouTube, Vimeo, gists, tweets, GitHub and the dev.to ``embed`` family),
``link``/``post_url`` the path for the link resolver, ``include`` nothing (with a warning). The
paired ``highlight``/``raw``/``comment`` are block rules of :mod:`.rules`.
"""

from __future__ import annotations

from urllib.parse import quote

from medium_action.rendering.templates.pieces import (
    SCHEME,
    Expansion,
    as_url,
    autolink,
    parse_args,
    url_part,
)

__all__ = ["expand_liquid"]

#: dev.to liquid tags (and ``embed`` itself) whose first argument is the URL to link to.
# Tags that take an id (or a full URL): the URL an id stands for starts with these.
_BY_ID = {
    "youtube": "https://www.youtube.com/watch?v=",
    "vimeo": "https://vimeo.com/",
    "twitter": "https://twitter.com/i/status/",
    "tweet": "https://twitter.com/i/status/",
}
URL_EMBEDS = frozenset(
    {
        "embed",
        "codepen",
        "codesandbox",
        "stackblitz",
        "jsfiddle",
        "replit",
        "glitch",
        "speakerdeck",
        "slideshare",
        "spotify",
        "soundcloud",
        "loom",
        "asciinema",
        "kotlin",
        "dotnetfiddle",
        "instagram",
        "twitch",
        "medium",
        "stackoverflow",
        "stackexchange",
        "reddit",
        "link_preview",
    }
)


def expand_liquid(name: str, rest: str, tag: str) -> Expansion | None:
    """What tag ``name`` (lower-cased) with arguments ``rest`` becomes; None if unknown.

    ``tag`` is the whole tag as written, for the warning about an include.
    """
    positional, named = parse_args(rest)
    first = positional[0] if positional else named.get("url") or named.get("id")
    url: str | None = None
    if name in ("include", "include_relative"):
        return Expansion("", warning=f"{' '.join(tag.split())} dropped (includes are not expanded)")
    if name == "link" and first:  # a path from the site's root
        return Expansion("/" + first.lstrip("/"))
    if name == "post_url" and first:  # a post of _posts/, named without its suffix
        name_ = first.strip("/")
        return Expansion("/_posts/" + name_ + ("" if "." in name_.rsplit("/", 1)[-1] else ".md"))
    if first:
        if name in _BY_ID:
            url = (
                as_url(first)
                if first.startswith(("http:", "https:"))
                else _BY_ID[name] + url_part(first)
            )
        elif name == "gist":
            url = (
                as_url(first)
                if SCHEME.match(first) or first.startswith(("gist.github.com", "//"))
                else "https://gist.github.com/" + quote(first.strip("/"), safe="/-_.~")
            )
        elif name == "github":
            url = (
                as_url(first)
                if SCHEME.match(first) or first.startswith("github.com")
                else "https://github.com/" + quote(first.strip("/"), safe="/-_.~#")
            )
        elif name in URL_EMBEDS:
            url = as_url(first)
    if url is not None:
        return Expansion(autolink(url), block=True)
    return None
