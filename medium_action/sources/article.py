"""A Markdown file's bytes to an Article: front matter, title, subtitle, tags and post options.

Pure: it takes the file's bytes and the run's defaults and returns values; reading files is the
caller's job. Every problem raises ArticleError with the line it concerns, so that one broken
file fails alone with a message that points into it.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from medium_action.errors import ArticleError
from medium_action.rendering.dialects.choose import AUTO, choose, nearest_site_dialect
from medium_action.rendering.post import ParsedPost, Token, parse_post
from medium_action.rendering.urls import url_key
from medium_action.settings import LICENSES, PUBLISH_STATUSES
from medium_action.sources.dates import ACCEPTED_FORMS
from medium_action.sources.post_dates import PostDate, UnreadableDate, post_date
from medium_action.sources.yaml_advice import explain as explain_yaml_error
from medium_action.values import BOOLEAN_WORDS, parse_boolean

MAX_FILE_BYTES = 1024 * 1024
"""Far above any real post (editors slow down long before); stops a stray binary."""


@dataclass(frozen=True)
class Defaults:
    """What the run's settings give a post whose front matter is silent."""

    publish_status: str = "draft"
    tags: Sequence[str] = ()
    canonical_url: str | None = None
    license: str | None = None
    notify_followers: bool = False
    publication: str | None = None
    dialect: str = "auto"
    """The ``dialect`` setting (see :mod:`medium_action.rendering.dialects.choose`)."""
    site_dialect: str | None = None
    """The dialect the workspace's own files say the site is written in, if any."""


@dataclass(frozen=True)
class Article:
    path: str
    sha256: str
    title: str
    subtitle: str | None
    body: str
    body_line: int
    """1-based line of the file where ``body`` starts (after the front matter)."""
    post: ParsedPost
    """``body`` parsed, once: rendering, images, links and the title all read it."""
    tags: list[str]
    canonical_url: str | None
    publish_status: str
    license: str | None
    notify_followers: bool
    publication: str | None
    skip_reason: str | None = None
    """Set when the front matter says not to publish now (published: false, a future date)."""
    warnings: list[str] = field(default_factory=list)
    off_targets: frozenset[str] = frozenset()
    """Targets the front matter turns off (``devto: false``, ``medium: false``)."""
    site_path: str | None = None
    """The post's own address on its site, as the front matter gives it (``permalink``, ``url``)."""
    series: str | None = None


def content_sha256(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def parse_article(
    path: str, raw: bytes, defaults: Defaults, *, now: datetime, workspace: Path | None = None
) -> Article:
    text = decode(raw)
    meta, body, body_line = split_front_matter(text)
    warnings: list[str] = []

    site = defaults.site_dialect
    if site is None and defaults.dialect == AUTO:  # a site kept in a folder: docs/mkdocs.yml
        site = nearest_site_dialect(workspace, path)
    dialect = choose(defaults.dialect, site, body, path)
    assets = PurePosixPath(path).stem  # Hexo's asset folder: beside the post, named after it

    def parsed(text: str, cover: str | None = None) -> ParsedPost:
        return parse_post(
            text,
            dialect,
            asset_folder=assets,
            workspace=workspace,
            article_path=path,
            cover=cover,
            front_matter=meta,
        )

    cover = _cover(meta)
    if cover is None:
        post = parsed(body)
    else:
        # The cover is the first figure: written above the body, which then starts two lines on
        # (lines of warnings and images still count in the file). Parsed with it first, once;
        # a second time without it only when the body itself begins with that image.
        post = parsed(f"![](<{cover}>)\n\n{body}", cover)
        body_line -= 2
        if _starts_with_image(post.tokens[1:], cover):
            post = parsed(body)
            body_line += 2
    title_source = _text(meta, "title")
    title = title_source or post.first_h1() or title_from_path(path)
    title = " ".join(title.split())  # each target's limit is applied by its profile
    subtitle = _text(meta, "subtitle") or _text(meta, "description")

    # MkDocs' blog plugin (and Hexo, Jekyll) name a post's topics `categories`: tags when no `tags`
    topics = meta.get("tags") if meta.get("tags") is not None else meta.get("categories")
    tags = _tags(topics, defaults.tags)
    status = _publish_status(meta, defaults.publish_status)
    license_ = _choice(meta, "license", LICENSES) or defaults.license
    notify = _bool(meta, "notify_followers", defaults.notify_followers)
    publication = _text(meta, "publication") or defaults.publication
    canonical = _canonical_url(text, meta) or expand_canonical(
        defaults.canonical_url, path, _text(meta, "slug")
    )

    skip_reason = _skip_reason(meta, _date(text, meta, path, dialect), now)
    if skip_reason is None and not post.has_text():
        raise ArticleError(
            "the post has no text: nothing follows the front matter or the title heading"
            + _landing_advice(meta),
            line=body_line,
        )
    return Article(
        path=path,
        sha256=content_sha256(raw),
        title=title,
        subtitle=subtitle,
        body=body,
        body_line=body_line,
        post=post,
        tags=tags,
        canonical_url=canonical,
        publish_status=status,
        license=license_,
        notify_followers=notify,
        publication=publication,
        skip_reason=skip_reason,
        warnings=warnings,
        off_targets=frozenset(
            name for name in TARGET_KEYS if name in meta and not _bool(meta, name, True)
        ),
        site_path=_first_text(meta, "permalink", "url"),
        series=_first_text(meta, "series"),
    )


def _first_text(meta: Mapping[str, Any], *keys: str) -> str | None:
    """The first of ``keys`` that is text, or the first item of a list of text (Hugo's
    ``series: [Go basics]``); anything else is no answer, never an error."""
    for key in keys:
        value = meta.get(key)
        if isinstance(value, list) and value:
            value = value[0]
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


TARGET_KEYS = ("medium", "devto")
"""Front-matter keys that, set to false, keep a post from that target only."""


COVER_KEYS = ("cover_image", "image", "cover", "featured_image", "hero", "images")
"""Front-matter keys naming a post's cover image (Hugo's ``images`` list: its first entry;
a mapping such as PaperMod's ``cover: {image: …}``: its ``image``)."""


def _cover(meta: Mapping[str, Any]) -> str | None:
    for key in COVER_KEYS:
        value = meta.get(key)
        if isinstance(value, list):
            value = value[0] if value else None
        if isinstance(value, dict):
            value = value.get("image") or value.get("src") or value.get("url")
        if isinstance(value, str) and value.strip() and ">" not in value and "\n" not in value:
            return value.strip()
    return None


def _starts_with_image(tokens: Sequence[Token], src: str) -> bool:
    """Whether the body's first block (after the title heading) shows the image ``src``."""
    for tok in tokens:
        if tok["type"] in ("blank_line", "heading"):
            continue
        children = [c for c in tok.get("children") or () if c["type"] != "softbreak"]
        return (
            bool(children)
            and children[0]["type"] == "image"
            and (url_key(children[0]["attrs"]["url"]) == url_key(src))
        )
    return False


def decode(raw: bytes) -> str:
    """UTF-8 text with LF line endings and no byte-order mark, or an error naming the line."""
    if len(raw) > MAX_FILE_BYTES:
        raise ArticleError(
            f"the file has {len(raw):,} bytes, over the limit of {MAX_FILE_BYTES:,}; "
            "is it really a Markdown post?"
        )
    if b"\x00" in raw:
        raise ArticleError("the file contains NUL bytes: it looks binary, not Markdown")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise ArticleError(
            f"the file is not valid UTF-8 (byte {error.start}, line {line}); save it as UTF-8",
            line=line,
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, body's first line): YAML between ``---`` lines or TOML between
    ``+++`` lines at the top, after blank lines or none (Zola and Hugo skip them; Jekyll and
    gray-matter do not, but a writer who leaves one means front matter all the same)."""
    blank = _LEADING_BLANK.match(text)
    skipped = blank.group(0).count("\n") if blank else 0
    first, _, rest = text[blank.end() if blank else 0 :].partition("\n")
    fence = first.rstrip()
    if fence not in ("---", "+++") or (skipped and not _LOOKS_LIKE_KEYS.match(rest)):
        return {}, text, 1  # after blank lines, "---" then prose is a thematic break
    lines = rest.split("\n")
    closers = ("---", "...") if fence == "---" else ("+++",)
    for index, line in enumerate(lines):
        if line.rstrip() in closers:
            # the blank lines kept before it, so that an error's line is the file's
            source = "\n" * skipped + "\n".join(lines[:index])
            body = "\n".join(lines[index + 1 :])
            meta = _load_yaml(source) if fence == "---" else _load_toml(source + "\n")
            return meta, body, skipped + index + 3
    if skipped:
        return {}, text, 1
    raise ArticleError(f"front matter opened with `{fence}` on line 1 is never closed", line=1)


_LEADING_BLANK = re.compile(r"(?:[ \t]*\n)+")
_LOOKS_LIKE_KEYS = re.compile(r"(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*[\w\"'-]+[ \t]*[:=]")


class _NoAliasLoader(yaml.SafeLoader):
    """YAML's safe loader without aliases: ``*name`` can repeat an anchored node without
    limit (a few lines expand to gigabytes), and front matter never needs one.

    Nor timestamps: YAML's own constructor raises on a day that does not exist (2023-02-30),
    failing the whole post; dates stay text and :mod:`.dates` reads them (set just below)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            line = event.start_mark.line + 2
            raise ArticleError(
                f"front matter uses the YAML alias *{event.anchor} on line {line}; aliases are "
                "not allowed (write the value out)",
                line=line,
            )
        return super().compose_node(parent, index)


# libyaml's loader, where PyYAML was built with it: the same safe constructor, about ten times
# faster to parse. Its composer is C and cannot refuse an alias, but an alias needs a ``*``:
# front matter with one goes to the Python loader above, which names the line.
_FastLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", _NoAliasLoader)

_NO_TIMESTAMPS = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_NoAliasLoader.yaml_implicit_resolvers = _NO_TIMESTAMPS
if _FastLoader is not _NoAliasLoader:
    _FastLoader = type("_FastLoader", (_FastLoader,), {"yaml_implicit_resolvers": _NO_TIMESTAMPS})


def _load_yaml(source: str) -> dict[str, Any]:
    if not source.strip():
        return {}
    try:
        if "*" not in source:
            try:
                return _mapping(yaml.load(source, Loader=_FastLoader))  # noqa: S506
            except yaml.YAMLError:
                pass  # said below in the Python parser's words, whose marks name the line
        data = yaml.load(source, Loader=_NoAliasLoader)  # noqa: S506
    except yaml.YAMLError as error:
        advice, row = explain_yaml_error(source, error)
        line = row + 2 if row is not None else None  # the front matter starts on line 2
        where = f" on line {line}" if line else ""
        raise ArticleError(f"invalid YAML front matter{where}: {advice}", line=line) from None
    return _mapping(data)


def _load_toml(source: str) -> dict[str, Any]:
    try:
        data = tomllib.loads(source)
    except tomllib.TOMLDecodeError as error:
        found = re.search(r"line (\d+)", str(error))
        line = int(found.group(1)) + 1 if found else None
        reason = re.sub(r"\s*\(at line.*\)$", "", str(error))
        where = f" on line {line}" if line else ""
        raise ArticleError(f"invalid TOML front matter{where}: {reason}", line=line) from None
    return data


def _mapping(data: Any) -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ArticleError(
            f"front matter must be a mapping of keys (title: ..., tags: ...), "
            f"not a {type(data).__name__}",
            line=2,
        )
    return {str(key): value for key, value in data.items()}


def title_from_path(path: str) -> str:
    stem = PurePosixPath(path).stem
    words = re.sub(r"^\d{4}-\d{2}-\d{2}-", "", stem).replace("-", " ").replace("_", " ").strip()
    return (words[:1].upper() + words[1:]) if words else stem


def _tags(value: Any, default: Sequence[str]) -> list[str]:
    """The writer's tags, stripped and without repeats; what a target keeps of them is its
    profile's business (``publishing/targets/checks.py``)."""
    if value is None:
        candidates = list(default)
    elif isinstance(value, str):
        candidates = value.split(",")
    elif isinstance(value, list):
        candidates = [str(item) for item in value if item is not None]
    else:
        raise ArticleError("front matter `tags` must be a list or a comma-separated string")
    tags: list[str] = []
    for tag in (candidate.strip() for candidate in candidates):
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def _publish_status(meta: Mapping[str, Any], default: str) -> str:
    status = _choice(meta, "publish_status", PUBLISH_STATUSES)
    if status:
        return status
    if _bool(meta, "draft", False):
        return "draft"
    return default


_LANDING_LAYOUTS = frozenset({"splash", "home", "landing"})


def _landing_advice(meta: Mapping[str, Any]) -> str:
    """What to do with a landing page whose content is its front matter (Starlight's
    ``template: splash`` with a ``hero:``, a theme's ``layout: splash``): it is no post, but
    only the writer can say so (the interface skips only what the writer asked to skip)."""
    layout = next(
        (str(meta[k]) for k in ("template", "layout") if str(meta.get(k, "")) in _LANDING_LAYOUTS),
        None,
    )
    if layout is None and "hero" not in meta:
        return ""
    what = f"`{layout}` page" if layout else "page with a `hero:`"
    return (
        f" (a {what}: its content is the theme's, drawn from the front matter; leave it out of "
        "the `files` setting, or add `published: false` to its front matter)"
    )


def _skip_reason(meta: Mapping[str, Any], when: PostDate | None, now: datetime) -> str | None:
    # `medium: false` / `devto: false` turn off one target only; `published: 2024-01-02` is
    # Hugo's publish date (post_dates reads it), not the switch
    published = meta.get("published")
    is_switch = isinstance(published, bool) or parse_boolean(str(published)) is not None
    if published is not None and is_switch and not _bool(meta, "published", True):
        return "front matter says published: false"
    if when is not None and when.when > now:
        where = "the date in the file name" if when.source == "file name" else None
        where = where or f"front matter {when.source}"
        return f"scheduled for {when.when.isoformat()} ({where} is in the future)"
    return None


def _date(text: str, meta: Mapping[str, Any], path: str, dialect: str | None) -> PostDate | None:
    """When the post is due (:mod:`.post_dates`). One that cannot be read fails the file: it
    may be a future date (a scheduled post), and publishing it now cannot be undone."""
    try:
        return post_date(meta, path, quarto=dialect == "quarto", jekyll=dialect == "jekyll")
    except UnreadableDate as unreadable:
        key, value = unreadable.key, unreadable.value
    line = _key_line(text, key)
    where = f" (line {line})" if line else ""
    raise ArticleError(
        f"front matter `{key}: {value}`{where} is not a date this action can read, so it "
        "cannot tell whether the post is scheduled for later; not published. Write it as "
        f"one of: {ACCEPTED_FORMS}",
        line=line,
    )


def is_web_url(value: str) -> bool:
    """An absolute http(s) address with a host: what Medium accepts as a canonical URL."""
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and " " not in value


def _canonical_url(text: str, meta: Mapping[str, Any]) -> str | None:
    value = _text(meta, "canonical_url")
    if value is not None and not is_web_url(value):
        raise ArticleError(
            f"front matter `canonical_url: {value}` must be an http(s) URL "
            "such as https://example.com/my-post/",
            line=_key_line(text, "canonical_url"),
        )
    return value


def _key_line(text: str, key: str) -> int | None:
    """The 1-based line of a top-level front-matter key (YAML ``key:`` or TOML ``key =``)."""
    pattern = re.compile(rf"^[\"']?{re.escape(key)}[\"']?\s*[:=]")
    lines = text.split("\n")
    fence = next((i for i, line in enumerate(lines) if line.strip()), 0)  # blank lines first
    for number, line in enumerate(lines[fence + 1 :], start=fence + 2):
        if line.rstrip() in ("---", "+++"):
            return None
        if pattern.match(line):
            return number
    return None


def expand_canonical(template: str | None, path: str, slug: str | None) -> str | None:
    if not template:
        return None
    without_extension = str(PurePosixPath(path).with_suffix(""))
    stem_slug = slug or re.sub(r"[^a-z0-9]+", "-", PurePosixPath(path).stem.lower()).strip("-")
    return template.replace("{path}", without_extension).replace("{slug}", stem_slug)


def _text(meta: Mapping[str, Any], key: str) -> str | None:
    value = meta.get(key)
    if value is None:
        return None
    if isinstance(value, (dict, list)):
        raise ArticleError(f"front matter `{key}` must be text, not a {type(value).__name__}")
    text = str(value).strip()
    return text or None


def _choice(meta: Mapping[str, Any], key: str, allowed: Sequence[str]) -> str | None:
    value = _text(meta, key)
    if value is not None and value not in allowed:
        raise ArticleError(
            f"front matter `{key}: {value}` is not allowed; use one of {', '.join(allowed)}"
        )
    return value


def _bool(meta: Mapping[str, Any], key: str, default: bool) -> bool:
    value = meta.get(key)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    parsed = parse_boolean(str(value))
    if parsed is None:
        raise ArticleError(f"front matter `{key}: {value}` must be {BOOLEAN_WORDS}")
    return parsed
