"""Liquid and Nunjucks expressions evaluated over what a post knows: pure functions.

A reader of a Jekyll or Eleventy site sees the values its templates compute: ``{{ page.title }}``
is the post's front matter, ``{{ "/a/" | relative_url }}`` a path on the site,
``{% if page.toc %}`` one branch. What this module can know:

- the post's front matter, as ``page.x`` (Jekyll, Eleventy) and as ``x`` (Eleventy's data
  cascade: ``{{ external_url }}``, ``{{ title }}``);
- the site's configuration (Jekyll's ``_config.yml``) as ``site.x``, and the site's address
  (``absolute_url``);
- the site's own names (``names``: mkdocs-macros' variables, ``{{ version }}`` from
  ``mkdocs.yml``'s ``extra:``, ``{{ config.site_name }}``);
- values the post itself sets (``{% assign %}``, ``{% capture %}``, Nunjucks' ``{% set %}``) and
  loop variables.

Anything else (``collections``, ``site.posts``, a page's computed ``page.url``, a site's own
filter) is :data:`UNKNOWN`, and UNKNOWN spreads: a condition on it is neither true nor false,
and the caller says so to the writer. A name the post's front matter could have set but did not
(``page.toc``) is nil, as Liquid reads it.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from urllib.parse import quote

__all__ = ["UNKNOWN", "Code", "Markup", "Scope", "as_text", "condition", "evaluate", "truthy"]


class _Unknown:
    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value: test it with `is UNKNOWN`")


UNKNOWN: Any = _Unknown()
"""A value this module cannot know (a site's collections, a filter of its own)."""


class Markup(str):
    """A value that is Markdown to read (``markdownify``, a capture's text), not text to show."""


@dataclass(frozen=True)
class Code:
    """A value shown as code (Eleventy's ``| highlight("js")``)."""

    text: str
    lang: str


# what Jekyll and Eleventy compute for a page or a site: never in the front matter, so unknown
_PAGE_COMPUTED = frozenset(
    {
        "url", "content", "excerpt", "path", "id", "date", "collection", "next", "previous",
        "name", "dir", "relative_path", "output", "categories", "tags", "fileslug", "filepathstem",
        "inputpath", "outputpath", "outputfileextension", "templatesyntax", "rawinput", "lang",
    }
)  # fmt: skip
_SITE_COMPUTED = frozenset(
    {
        "posts", "pages", "data", "collections", "time", "static_files", "html_pages",
        "html_files", "documents", "categories", "tags", "related_posts", "github", "url",
        "baseurl", "source", "destination",
    }
)  # fmt: skip


@dataclass
class Scope:
    """What an expression can read. ``site`` None: the workspace has no site configuration."""

    page: Mapping[str, Any] = field(default_factory=dict)
    site: Mapping[str, Any] | None = None
    site_url: str | None = None
    variables: dict[str, Any] = field(default_factory=dict)
    names: Mapping[str, Any] = field(default_factory=dict)
    """Names the site defines for every page (mkdocs-macros: ``extra:``, ``config``)."""

    def with_variables(self, **values: Any) -> Scope:
        return Scope(self.page, self.site, self.site_url, {**self.variables, **values}, self.names)


# ---------------------------------------------------------------------- lexing

_TOKEN = re.compile(
    r"""\s*(?:(?P<str>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
    r"|(?P<range>\((?:[^()]*)\.\.(?:[^()]*)\))"
    r"|(?P<num>-?\d+(?:\.\d+)?(?![\w.]))"
    r"|(?P<name>[A-Za-z_$][\w$-]*(?:\??)(?:\.[A-Za-z_$][\w$-]*|\[[^\[\]]*\])*)"
    r"|(?P<op>==|!=|<>|>=|<=|[<>|:,()\[\]]))"
)


def _split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` outside quotes, parentheses and brackets."""
    parts: list[str] = []
    depth, quote_char, start, i = 0, "", 0, 0
    while i < len(text):
        c = text[i]
        if quote_char:
            if c == "\\":
                i += 1
            elif c == quote_char:
                quote_char = ""
        elif c in "\"'":
            quote_char = c
        elif c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif depth == 0 and text.startswith(sep, i):
            parts.append(text[start:i])
            start = i + len(sep)
            i += len(sep)
            continue
        i += 1
    parts.append(text[start:])
    return parts


def _unquote(literal: str) -> str:
    return re.sub(r"\\(.)", r"\1", literal[1:-1])


# ---------------------------------------------------------------------- values


def _lookup(path: str, scope: Scope) -> Any:
    parts = re.findall(r"[^.\[\]]+|\[[^\[\]]*\]", path)
    if not parts:
        return UNKNOWN
    root, rest = parts[0], parts[1:]
    if root in ("true", "false"):
        return root == "true"
    if root in ("nil", "null", "none", "None", "empty", "blank", "undefined"):
        return None if root != "empty" else ""
    value: Any
    computed: frozenset[str] = frozenset()
    if root in scope.variables:
        value = scope.variables[root]
    elif root == "page":
        value, computed = scope.page, _PAGE_COMPUTED
    elif root == "site":
        if rest in (["url"], ["baseurl"]):
            # the site's root: `{{ site.baseurl }}/a.png` is the site-root path /a.png, which
            # the link and image rules place on the site's address (url + baseurl) or find in
            # the site's folders
            return ""
        if scope.site is None:
            return UNKNOWN
        value, computed = scope.site, _SITE_COMPUTED
    elif root in scope.page:
        value = scope.page[root]
    elif root in scope.names:
        value = scope.names[root]
    else:
        return UNKNOWN  # a site's data, a collection, a layout's variable
    for i, part in enumerate(rest):
        if part.startswith("["):
            inner = part[1:-1].strip()
            key: Any = _unquote(inner) if inner[:1] in "\"'" else _primary(inner, scope)
            if key is UNKNOWN:
                return UNKNOWN
        else:
            key = part
        if isinstance(value, Mapping):
            if key in value:
                value = value[key]
            elif i == 0 and computed and str(key).lower() in computed:
                return UNKNOWN
            else:
                return None
        elif isinstance(value, Sequence) and not isinstance(value, str):
            if key in ("size", "length"):
                value = len(value)
            elif key == "first":
                value = value[0] if value else None
            elif key == "last":
                value = value[-1] if value else None
            elif isinstance(key, int) or (isinstance(key, str) and key.lstrip("-").isdigit()):
                index = int(key)
                value = value[index] if -len(value) <= index < len(value) else None
            else:
                return None
        elif isinstance(value, str) and key in ("size", "length"):
            value = len(value)
        elif value is UNKNOWN:
            return UNKNOWN
        else:
            return None
    return value


def _primary(text: str, scope: Scope) -> Any:
    """A literal, a range or a variable."""
    text = text.strip()
    if not text:
        return UNKNOWN
    if text[0] in "\"'" and text[-1] == text[0] and len(text) > 1:
        return _unquote(text)
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    ranged = re.fullmatch(r"\((.+?)\.\.(.+)\)", text)
    if ranged:
        low, high = _primary(ranged.group(1), scope), _primary(ranged.group(2), scope)
        if isinstance(low, int) and isinstance(high, int) and high - low < 1000:
            return list(range(low, high + 1))
        return UNKNOWN
    if text.startswith("[") and text.endswith("]"):  # Nunjucks' array literal
        items = [_primary(p, scope) for p in _split_top(text[1:-1], ",") if p.strip()]
        return UNKNOWN if any(i is UNKNOWN for i in items) else items
    if re.fullmatch(r"[A-Za-z_$][\w$-]*\??(?:\.[A-Za-z_$][\w$-]*|\[[^\[\]]*\])*", text):
        return _lookup(text, scope)
    return UNKNOWN  # arithmetic, a ternary, a call: not guessed at


def evaluate(expression: str, scope: Scope) -> Any:
    """The value of an output expression (``page.title | upcase``), else :data:`UNKNOWN`."""
    parts = _split_top(expression.strip().strip("-").strip(), "|")
    value = _primary(parts[0], scope)
    for part in parts[1:]:
        if value is UNKNOWN:
            return UNKNOWN
        value = _filter(part.strip(), value, scope)
    return value


def _filter(text: str, value: Any, scope: Scope) -> Any:
    call = re.fullmatch(r"([A-Za-z_][\w]*)\s*(?:\((.*)\)|:(.*))?", text, re.S)
    if call is None:
        return UNKNOWN
    name = call.group(1)
    raw_args = call.group(2) if call.group(2) is not None else call.group(3) or ""
    args: list[Any] = []
    for arg in _split_top(raw_args, ","):
        if not arg.strip():
            continue
        if re.match(r"\s*[A-Za-z_]\w*\s*[:=](?!=)", arg):  # a named argument: not ours
            continue
        args.append(_primary(arg, scope))
    if any(a is UNKNOWN for a in args):
        return UNKNOWN
    handler = _FILTERS.get(name)
    return handler(value, args, scope) if handler is not None else UNKNOWN


def truthy(value: Any) -> bool:
    """Liquid's truth (only nil and false are false), with Nunjucks' empty string false too."""
    return value is not None and value is not False and value != ""


def as_text(value: Any) -> str:
    """A value as Liquid prints it."""
    if value is None or value is UNKNOWN:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Code):
        return value.text
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return json.dumps(dict(value), default=str)
    if isinstance(value, Sequence) and not isinstance(value, str):
        return "".join(as_text(v) for v in value)
    return str(value)


# ---------------------------------------------------------------------- conditions


def condition(expression: str, scope: Scope) -> bool | None:
    """Whether ``{% if expression %}`` holds: True, False, or None when it cannot be known.
    Liquid's ``and``/``or`` and Nunjucks' ``not`` and parentheses; unknown spreads unless the
    known side decides (false ``and`` anything is false)."""
    text = expression.strip()
    while _wrapped(text):
        text = text[1:-1].strip()
    ors = _split_top(text, " or ")
    if len(ors) > 1:
        results = [condition(p, scope) for p in ors]
        return True if True in results else (None if None in results else False)
    ands = _split_top(text, " and ")
    if len(ands) > 1:
        results = [condition(p, scope) for p in ands]
        return False if False in results else (None if None in results else True)
    if text.startswith(("not ", "!")):
        inner = condition(text[1:] if text.startswith("!") else text[4:], scope)
        return None if inner is None else not inner
    for op in (" contains ", "==", "!=", "<>", ">=", "<=", ">", "<", " in "):
        sides = _split_top(text, op)
        if len(sides) == 2:
            return _compare(op.strip(), evaluate(sides[0], scope), evaluate(sides[1], scope))
    value = evaluate(text, scope)
    return None if value is UNKNOWN else truthy(value)


def _wrapped(text: str) -> bool:
    """Whether ``text`` is one parenthesised group: ``(a or b)``, not ``(a) or (b)``."""
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for i, c in enumerate(text):
        depth += (c == "(") - (c == ")")
        if depth == 0:
            return i == len(text) - 1
    return False


def _compare(op: str, left: Any, right: Any) -> bool | None:
    if left is UNKNOWN or right is UNKNOWN:
        return None
    if right == "" and op in ("==", "!=") and isinstance(left, Sequence | Mapping):
        empty = len(left) == 0  # `== empty`
        return empty if op == "==" else not empty
    try:
        if op == "==":
            return bool(left == right)
        if op in ("!=", "<>"):
            return bool(left != right)
        if op == "contains":
            return right in left if isinstance(left, str | Sequence | Mapping) else False
        if op == "in":
            return left in right if isinstance(right, str | Sequence | Mapping) else False
        if left is None or right is None:
            return False
        return bool(
            {">": left > right, "<": left < right, ">=": left >= right, "<=": left <= right}[op]
        )
    except TypeError:
        return None


# ---------------------------------------------------------------------- filters


def _path(value: Any, scope: Scope) -> Any:
    text = as_text(value)
    return text if re.match(r"[a-z][a-z0-9+.-]*:|/", text) else "/" + text


def _absolute(value: Any, _: list[Any], scope: Scope) -> Any:
    path = _path(value, scope)
    if re.match(r"[a-z][a-z0-9+.-]*:", path) or not scope.site_url:
        return path  # a site-root path: the link rules place it on the blog's address
    return scope.site_url.rstrip("/") + path


def _date(value: Any, args: list[Any], _: Scope) -> Any:
    moment = value
    if isinstance(value, str):
        if value in ("now", "today"):
            return UNKNOWN  # the time of the site's build
        try:
            moment = datetime.fromisoformat(value.strip().replace(" ", "T", 1))
        except ValueError:
            return UNKNOWN
    if not isinstance(moment, date):
        return UNKNOWN
    form = args[0] if args else None
    if form is None:
        return moment.strftime("%Y-%m-%d")
    if not isinstance(form, str) or "%" not in form:
        return UNKNOWN  # a site's own format language (Luxon's "LLL yyyy")
    return moment.strftime(form)


def _default(value: Any, args: list[Any], _: Scope) -> Any:
    if not args:
        return value
    return value if truthy(value) and value != [] else args[0]


def _text_filter(f: Callable[[str], str]) -> Callable[[Any, list[Any], Scope], Any]:
    return lambda value, _args, _scope: f(as_text(value))


def _highlight(value: Any, args: list[Any], _: Scope) -> Any:
    return Code(as_text(value), str(args[0]) if args else "")


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")


def _seq(value: Any) -> list[Any] | None:
    if isinstance(value, Sequence) and not isinstance(value, str):
        return list(value)
    return None


def _join(value: Any, args: list[Any], _: Scope) -> Any:
    items = _seq(value)
    sep = as_text(args[0]) if args else " "
    return sep.join(as_text(i) for i in items) if items is not None else value


def _size(value: Any, _args: list[Any], _: Scope) -> Any:
    return len(value) if isinstance(value, str | Sequence | Mapping) else 0


def _pick(index: int) -> Callable[[Any, list[Any], Scope], Any]:
    def pick(value: Any, _args: list[Any], _: Scope) -> Any:
        items = _seq(value)
        if items is None:
            return value[index] if isinstance(value, str) and value else None
        return items[index] if items else None

    return pick


def _map(value: Any, args: list[Any], _: Scope) -> Any:
    items = _seq(value)
    if items is None or not args:
        return UNKNOWN
    return [i.get(args[0]) if isinstance(i, Mapping) else None for i in items]


def _as_written(value: Any, _args: list[Any], _: Scope) -> Any:
    """``shuffle``: the site shows the items in an order of its own
    (random at each build); the post shows them as written, which is one such order."""
    return value if _seq(value) is not None else UNKNOWN


def _sort(value: Any, args: list[Any], _: Scope) -> Any:
    """``sort`` / ``sort: "key"`` (Liquid), ``sort(false, false, "key")`` (Nunjucks' attribute
    last): items ordered as text, by a key when one is named; mixed items as written."""
    items = _seq(value)
    if items is None:
        return UNKNOWN
    key = next((a for a in reversed(args) if isinstance(a, str)), None)

    def of(item: Any) -> str:
        return as_text(item.get(key) if key and isinstance(item, Mapping) else item)

    return sorted(items, key=of)


def _uniq(value: Any, _args: list[Any], _: Scope) -> Any:
    items = _seq(value)
    if items is None:
        return UNKNOWN
    seen: list[Any] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return seen


def _truncate(value: Any, args: list[Any], _: Scope) -> Any:
    text = as_text(value)
    limit = args[0] if args and isinstance(args[0], int) else 50
    return text if len(text) <= limit else text[: max(0, limit - 3)] + "..."


def _two(f: Callable[[str, str, str], str]) -> Callable[[Any, list[Any], Scope], Any]:
    def apply(value: Any, args: list[Any], _: Scope) -> Any:
        a = as_text(args[0]) if args else ""
        b = as_text(args[1]) if len(args) > 1 else ""
        return f(as_text(value), a, b)

    return apply


_KEEP: Callable[[Any, list[Any], Scope], Any] = lambda value, _args, _scope: value  # noqa: E731
_FILTERS: dict[str, Callable[[Any, list[Any], Scope], Any]] = {
    # the value is shown as text (the renderer escapes it): escaping filters change nothing seen
    "escape": _KEEP,
    "escape_once": _KEEP,
    "xml_escape": _KEEP,
    "e": _KEEP,
    "safe": _KEEP,
    "relative_url": lambda v, _a, s: _path(v, s),
    "url": lambda v, _a, s: _path(v, s),
    "absolute_url": _absolute,
    "markdownify": lambda v, _a, _s: Markup(as_text(v)),
    "upcase": _text_filter(str.upper),
    "upper": _text_filter(str.upper),
    "downcase": _text_filter(str.lower),
    "lower": _text_filter(str.lower),
    "capitalize": _text_filter(lambda t: t[:1].upper() + t[1:]),
    "title": _text_filter(str.title),
    "strip": _text_filter(str.strip),
    "trim": _text_filter(str.strip),
    "lstrip": _text_filter(str.lstrip),
    "rstrip": _text_filter(str.rstrip),
    "strip_html": _text_filter(lambda t: re.sub(r"<[^>]*>", "", t)),
    "striptags": _text_filter(lambda t: re.sub(r"<[^>]*>", "", t)),
    "strip_newlines": _text_filter(lambda t: t.replace("\n", "")),
    "url_encode": _text_filter(lambda t: quote(t, safe="")),
    "urlencode": _text_filter(lambda t: quote(t, safe="")),
    "uri_escape": _text_filter(lambda t: quote(t, safe=":/?#[]@!$&'()*+,;=%")),
    "cgi_escape": _text_filter(lambda t: quote(t, safe="")),
    "slugify": _text_filter(_slug),
    "slug": _text_filter(_slug),
    "jsonify": lambda v, _a, _s: json.dumps(v, default=str),
    "dump": lambda v, _a, _s: json.dumps(v, default=str),
    "unescape": _text_filter(html.unescape),
    "number_of_words": _text_filter(lambda t: str(len(t.split()))),
    "date": _date,
    "date_to_xmlschema": lambda v, _a, s: _date(v, ["%Y-%m-%dT%H:%M:%S"], s),
    "date_to_string": lambda v, _a, s: _date(v, ["%d %b %Y"], s),
    "date_to_long_string": lambda v, _a, s: _date(v, ["%d %B %Y"], s),
    "default": _default,
    "d": _default,
    "highlight": _highlight,
    "size": _size,
    "length": _size,
    "first": _pick(0),
    "last": _pick(-1),
    "join": _join,
    "map": _map,
    "reverse": lambda v, _a, _s: list(reversed(v)) if _seq(v) is not None else as_text(v)[::-1],
    "truncate": _truncate,
    "append": _two(lambda t, a, _b: t + a),
    "prepend": _two(lambda t, a, _b: a + t),
    "replace": _two(lambda t, a, b: t.replace(a, b)),
    "replace_first": _two(lambda t, a, b: t.replace(a, b, 1)),
    "remove": _two(lambda t, a, _b: t.replace(a, "")),
    "remove_first": _two(lambda t, a, _b: t.replace(a, "", 1)),
    "split": lambda v, a, _s: as_text(v).split(as_text(a[0])) if a and a[0] else list(as_text(v)),
    "shuffle": _as_written,
    "sort": _sort,
    "sort_natural": _sort,
    "uniq": _uniq,
    "unique": _uniq,
    "compact": lambda v, _a, _s: [i for i in v if i is not None] if _seq(v) is not None else v,
}
"""Filters whose result a reader sees and this module can compute; any other is unknown."""
