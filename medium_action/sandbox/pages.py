"""The sandbox's HTML pages, pure: a post's reading page laid out like Medium's, and the index.

A post is shown the way Medium would show it: its HTML cleaned (``cleaner``), the heading
conversion of Medium's API applied (``headings``), the title and subtitle at the top, and a link
alone on a line (or an ``<iframe>``) as a link card, as Medium shows an embed. Markdown content is
rendered first, as Medium renders it. Nothing a caller sent can run: no script is ever written and
the server sends a Content-Security-Policy that forbids any.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from html import escape
from typing import Any
from urllib.parse import urlsplit

import mistune

from medium_action.sandbox.cleaner import clean_html
from medium_action.sandbox.headings import convert_headings

CONTENT_SECURITY_POLICY = "default-src 'none'; img-src * data:; style-src 'unsafe-inline'"

_LONE_LINK = re.compile(r'<p>\s*<a href="([^"]*)" rel="nofollow noopener">([^<]*)</a>\s*</p>')

_STYLE = """
body{
  margin:0;
  color:#242424;
  background:#fff;
  font:21px/1.58 Georgia,Cambria,"Times New Roman",serif}
.bar{
  border-bottom:1px solid #f2f2f2;
  padding:12px 24px;
  font:14px/1.4 system-ui,sans-serif;
  color:#6b6b6b}
.bar a{color:#242424;font-weight:700;text-decoration:none;margin-right:12px}
main{max-width:680px;margin:0 auto;padding:32px 24px 96px}
h1,h2.subtitle,h3,h4,.byline,.card,figcaption,.tags{
  font-family:system-ui,"Helvetica Neue",Arial,sans-serif}
h1{font-size:42px;line-height:1.2;margin:24px 0 8px;letter-spacing:-.5px}
h2.subtitle{font-size:22px;font-weight:400;color:#6b6b6b;margin:0 0 24px;line-height:1.3}
.byline{font-size:14px;color:#6b6b6b;margin:0 0 40px}
h3{font-size:24px;line-height:1.25;margin:48px 0 8px}
h4{font-size:20px;line-height:1.3;margin:32px 0 4px}
p,ul,ol,blockquote,pre,figure{margin:0 0 29px}
a{color:inherit}
figure{margin:40px 0;text-align:center}
figure img,p img{max-width:100%;height:auto}
figcaption{font-size:14px;color:#6b6b6b;margin-top:10px}
pre{
  background:#f9f9f9;
  padding:20px;
  overflow-x:auto;
  font:15px/1.45 Menlo,Monaco,"Courier New",monospace}
code{background:#f2f2f2;padding:2px 4px;font:15px Menlo,Monaco,"Courier New",monospace}
pre code{background:none;padding:0}
blockquote{border-left:3px solid #242424;padding-left:20px;font-style:italic}
hr{border:0;text-align:center;margin:40px 0}
hr:before{content:"...";letter-spacing:.6em;font-size:28px;color:#242424}
.card{
  display:block;
  border:1px solid #e6e6e6;
  border-radius:4px;
  padding:16px 20px;
  text-decoration:none}
.card strong{
  display:block;
  font-size:16px}.card span{
  font-size:13px;
  color:#6b6b6b;
  word-break:break-all}
.tags span{
  display:inline-block;
  background:#f2f2f2;
  border-radius:100px;
  padding:6px 14px;
  font-size:14px;
  margin:0 8px 8px 0}
table{
  border-collapse:collapse}td,th{
  border-bottom:1px solid #f2f2f2;
  padding:6px 12px 6px 0;
  text-align:left;
  vertical-align:top}
"""


def shown_content(content: str, content_format: str) -> str:
    """The post's body HTML as Medium would show it (title and subtitle still in it)."""
    html = str(mistune.html(content)) if content_format == "markdown" else content
    return clean_html(html)


def _link_cards(body: str) -> str:
    def card(match: re.Match[str]) -> str:
        href = match.group(1)
        host = urlsplit(href.replace("&amp;", "&")).hostname or href
        return (
            f'<p><a class="card" href="{href}" rel="nofollow noopener">'
            f"<strong>{escape(host)}</strong><span>{match.group(2)}</span></a></p>"
        )

    return _LONE_LINK.sub(card, body)


def reading_page(post: Mapping[str, Any], site_url: str) -> str:
    """The page a post's URL serves: title, subtitle, byline, the converted body, tags."""
    headed = convert_headings(shown_content(post["content"], post["contentFormat"]))
    title = headed.title if headed.title is not None else escape(post["title"])
    subtitle = f'<h2 class="subtitle">{headed.subtitle}</h2>' if headed.subtitle else ""
    status = post.get("publishStatus", "public")
    when = post.get("publishedAt")
    date = (
        datetime.fromtimestamp(when / 1000, UTC).strftime("%b %d, %Y")
        if isinstance(when, int)
        else "not published"
    )
    tags = "".join(
        f"<span>{escape(tag)}</span>" for tag in post.get("response", {}).get("tags", [])
    )
    return _document(
        escape(post["title"]),
        site_url,
        f'<article dir="auto"><h1>{title}</h1>{subtitle}'
        f'<p class="byline">Sandbox Writer · {escape(status)} · {escape(date)}</p>'
        f"{_link_cards(headed.body)}"
        f'<p class="tags">{tags}</p></article>',
    )


def index_page(
    posts: Sequence[Mapping[str, Any]], routes: Sequence[tuple[str, str]], site_url: str
) -> str:
    """``GET /``: the posts, newest first, each linking to its page; then every route."""
    items = "".join(
        f'<li><a href="{escape(post["url"])}">{escape(post["title"])}</a>'
        f" <small>({escape(post.get('publishStatus', 'public'))})</small></li>"
        for post in reversed(posts)
    )
    listing = f"<ul>{items}</ul>" if items else "<p>No posts yet.</p>"
    route_rows = "".join(
        f"<tr><td><code>{escape(route)}</code></td><td>{escape(what)}</td></tr>"
        for route, what in routes
    )
    return _document(
        "Medium sandbox",
        site_url,
        f"<h1>Medium sandbox</h1><p>A Medium look-alike for rehearsals: nothing here reaches "
        f"medium.com. API: <code>{escape(site_url)}/v1</code></p>"
        f"<h3>Posts</h3>{listing}<h3>Routes</h3><table>{route_rows}</table>",
    )


def _document(title: str, site_url: str, main: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{title}</title><style>{_STYLE}</style></head><body>"
        f'<div class="bar"><a href="{escape(site_url)}/">Medium sandbox</a>'
        "a rehearsal: nothing here is on medium.com</div>"
        f"<main>{main}</main></body></html>"
    )
