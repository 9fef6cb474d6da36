"""Hugo shortcodes (``{{< name args >}}``, ``{{% … %}}``) read into Markdown.

Only the tags with an obvious Medium meaning are known (see the table in :mod:`.rules`):
video, gist, tweet and Instagram embeds become autolinks, ``figure`` an image with its caption,
``ref``/``relref`` the path for the link resolver. ``highlight`` (a paired tag) and the escaped
``{{</* … */>}}`` form are rules of the parse (:mod:`.rules`), which sees the text around the tag.
"""

from __future__ import annotations

from medium_action.rendering.templates.pieces import (
    Expansion,
    as_url,
    autolink,
    md_image,
    parse_args,
    url_part,
)

__all__ = ["expand_hugo"]


def expand_hugo(inner: str) -> Expansion | None:
    """What the shortcode with ``inner`` between its delimiters becomes; None if unknown."""
    inner = inner.strip().rstrip("/").strip()
    name, _, rest = inner.partition(" ")
    if "\n" in name or "\t" in name:
        name, _, more = name.replace("\t", " ").replace("\n", " ").partition(" ")
        rest = more + " " + rest
    name = name.lower()
    positional, named = parse_args(rest)

    def arg(key: str, index: int) -> str | None:
        if key in named:
            return named[key]
        return positional[index] if len(positional) > index else None

    url: str | None = None
    if name == "youtube":
        vid = arg("id", 0)
        if vid:
            url = (
                as_url(vid)
                if vid.startswith(("http:", "https:"))
                else "https://www.youtube.com/watch?v=" + url_part(vid)
            )
    elif name == "vimeo":
        vid = arg("id", 0)
        if vid:
            url = "https://vimeo.com/" + url_part(vid)
    elif name == "gist":
        user, gid = arg("user", 0), arg("id", 1)
        if user and gid:
            url = "https://gist.github.com/" + url_part(user) + "/" + url_part(gid)
    elif name in ("tweet", "x", "twitter"):
        host = "https://x.com/" if name == "x" else "https://twitter.com/"
        user, tid = named.get("user"), named.get("id")
        if tid is None and positional:
            tid = positional[-1]
            if user is None and len(positional) > 1:
                user = positional[0]
        if tid:
            url = host + (url_part(user) if user else "i") + "/status/" + url_part(tid)
    elif name == "instagram":
        pid = arg("id", 0)
        if pid:
            url = "https://www.instagram.com/p/" + url_part(pid) + "/"
    elif name == "figure":
        src = named.get("src")
        if src:
            caption = named.get("caption") or named.get("title")
            alt = named.get("alt") or caption or ""
            return Expansion(md_image(src, alt, caption), block=True)
    elif name in ("ref", "relref"):
        path = arg("path", 0)
        if path:  # "/posts/b.md" is from the content folder; "b.md" from this page's
            return Expansion("/content" + path if path.startswith("/") else path)
    if url is not None:
        return Expansion(autolink(url), block=True)
    return None
