"""One template tag read: which kind it is, and what it shows when it stands alone.

Pure functions over a tag's text, for the parse's rules (:mod:`.rules`, :mod:`.inline`). What
the known tags of each framework become is said in :mod:`.hugo`, :mod:`.liquid`,
:mod:`..dialects.zola` and :mod:`..dialects.hexo`; an unknown tag is read by :func:`unknown`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from medium_action.rendering.dialects.hexo import expand_hexo
from medium_action.rendering.dialects.zola import CALL, call_args, expand_zola
from medium_action.rendering.templates.hugo import expand_hugo
from medium_action.rendering.templates.liquid import expand_liquid
from medium_action.rendering.templates.pieces import (
    Expansion,
    autolink,
    escape_kept,
    md_image,
    parse_args,
    url_part,
)

__all__ = [
    "CALL_NAME",
    "LIQUID_LOGIC",
    "TAG",
    "VERBATIM",
    "Tag",
    "codeblock_head",
    "config_format",
    "pair_name",
    "parse_args",
    "read",
    "show",
    "site_value",
    "unescaped",
    "unknown",
    "verbatim_kind",
    "zola_pair",
]

TAG = re.compile(
    r"\{\{<\s*/\*(?P<hugo_esc>.{0,2000}?)\*/\s*>\}\}"
    r"|\{\{%\s*/\*(?P<hugo_esc2>.{0,2000}?)\*/\s*%\}\}"
    r"|\{\{<(?P<hugo>.{0,2000}?)>\}\}"
    r"|\{\{%(?P<hugo2>.{0,2000}?)%\}\}"
    r"|\{%-?(?P<liquid>.{0,2000}?)-?%\}"
    r"|\{\{-?(?P<var>(?:[^{}]|\{[^{}\n]{0,200}\}){0,2000}?)-?\}\}",
    re.S,
)
"""Any template tag: Hugo's escaped ``{{</* */>}}``, Hugo's ``{{< >}}``/``{{% %}}``, a Liquid
(Nunjucks, Hexo, Zola) statement ``{% %}``, an output expression ``{{ }}`` (which may hold an
object literal: ``{{ x | f({ a: true }) }}``)."""

_UNESCAPE = re.compile(r"(\{\{[<%]\s*)/\*|\*/(\s*[>%]\}\})")

VERBATIM = {
    "highlight": re.compile(r"\{%-?\s*endhighlight\s*-?%\}"),
    "raw": re.compile(r"\{%-?\s*endraw\s*-?%\}"),
    "comment": re.compile(r"\{%-?\s*endcomment\s*-?%\}"),
    "codeblock": re.compile(r"\{%-?\s*endcodeblock\s*-?%\}"),  # Hexo's and Octopress'
    "code": re.compile(r"\{%-?\s*endcode\s*-?%\}"),  # Hexo's alias of codeblock
    "hugo-highlight": re.compile(r"\{\{<\s*/\s*highlight\s*>\}\}"),
    "hugo-code-toggle": re.compile(r"\{\{<\s*/\s*code-toggle\s*>\}\}"),
}
"""The paired tags whose content is not Markdown (code, literal text, a comment): each closes
at the first end tag of its kind after it, as Liquid and Hugo read them (no nesting)."""


@dataclass(frozen=True)
class Tag:
    """A tag as written: its family (``hugo_esc``, ``hugo``, ``liquid``, ``var``), what is
    between its delimiters, and the whole tag."""

    family: str
    inner: str
    raw: str
    angle: bool = False
    """A Hugo ``{{< >}}`` (not ``{{% %}}``) or an escaped one."""

    @property
    def name(self) -> str:
        """Its first word, lower-cased (``notice``, ``/notice``, ``endnote``)."""
        inner = self.inner.strip().strip("-").rstrip("/").strip()
        return inner.replace("\n", " ").replace("\t", " ").partition(" ")[0].lower()

    @property
    def self_closing(self) -> bool:
        """Hugo's ``{{< name args />}}`` / ``{{% name /%}}``: a shortcode with no content, which
        never pairs with a later end tag (Hugo's own docs write them so)."""
        inner = self.inner.strip()
        return self.family == "hugo" and inner.endswith("/") and not inner.startswith("/")

    @property
    def args(self) -> str:
        inner = self.inner.strip().strip("-").rstrip("/").strip()
        return inner.replace("\n", " ").replace("\t", " ").partition(" ")[2]


def read(m: re.Match[str]) -> Tag:
    """The tag :data:`TAG` matched."""
    for group, family, angle in (
        ("hugo_esc", "hugo_esc", True),
        ("hugo_esc2", "hugo_esc", False),
        ("hugo", "hugo", True),
        ("hugo2", "hugo", False),
        ("liquid", "liquid", False),
    ):
        if m.group(group) is not None:
            return Tag(family, m.group(group), m.group(0), angle)
    return Tag("var", m.group("var") or "", m.group(0))


CALL_NAME = CALL
"""A Zola shortcode call between its delimiters (``name(key="v")``)."""


def zola_pair(tag: Tag) -> tuple[str, str]:
    """The name and the arguments (as ``key="value"`` words) of Zola's ``{% name(…) %}``."""
    call = CALL.fullmatch(tag.inner.strip("-"))
    if call is None:
        return tag.name, tag.args
    args = " ".join(f'{k}="{v}"' for k, v in call_args(call.group("args")).items())
    return call.group("name").lower(), args


def unescaped(text: str) -> str:
    """Hugo's escaped shortcodes in ``text`` (``{{</* x */>}}``) as the shortcodes they show."""
    return _UNESCAPE.sub(r"\1\2", text) if "/*" in text else text


def verbatim_kind(tag: Tag) -> str | None:
    """The :data:`VERBATIM` kind ``tag`` opens, or None (a self-closing one opens none)."""
    if tag.self_closing:
        return None
    if tag.family == "liquid" and tag.name in ("highlight", "raw", "comment", "codeblock", "code"):
        return tag.name
    if tag.family == "hugo" and tag.angle and tag.name in ("highlight", "code-toggle"):
        return "hugo-" + tag.name
    return None


def codeblock_head(args: str) -> tuple[str, str]:
    """Hexo's ``{% codeblock [title] [lang:x] [url] [link text] [option:value…] %}``: (the
    language, the caption Hexo shows above the code as Markdown: the title, a link)."""
    words = args.split()
    lang = next((w[5:] for w in words if w.startswith("lang:")), "")
    rest = [w for w in words if not re.fullmatch(r"[a-z_]+:\S*", w) or w.startswith("http")]
    url_at = next((i for i, w in enumerate(rest) if re.match(r"https?://", w)), None)
    if url_at is None:
        return lang, escape_kept(" ".join(rest))
    title, url, text = rest[:url_at], rest[url_at], rest[url_at + 1 :]
    link = "[" + escape_kept(" ".join(text) or url) + "](<" + url + ">)"
    return lang, " ".join([escape_kept(" ".join(title)), link]).strip()


def pair_name(tag: Tag) -> tuple[str, bool] | None:
    """(the name a paired tag and its end tag share, whether ``tag`` is the end tag), or None
    when ``tag`` can be neither. Hugo's ``{{% x %}}``…``{{% /x %}}`` and Liquid's ``{% x %}``…
    ``{% endx %}`` are named ``h:x`` and ``l:x``; Zola's ``{% x() %}``…``{% end %}`` ``z:``."""
    if tag.family == "hugo":
        name = tag.name
        if tag.self_closing:
            return None
        if name.startswith("/"):
            return "h:" + (name[1:] or tag.args.partition(" ")[0].lower()), True
        if name and expand_hugo(tag.inner) is None and verbatim_kind(tag) is None:
            return "h:" + name, False
        return None
    if tag.family != "liquid":
        return None
    name = tag.name
    if name == "end":
        return "z:", True
    if CALL.fullmatch(tag.inner.strip("-")):
        return "z:", False
    if not name or name in LIQUID_LOGIC or verbatim_kind(tag) is not None:
        return None
    if name.startswith("end") and len(name) > 3:
        return "l:" + name[3:], True
    if expand_hexo(name, tag.args) is not None or expand_liquid(name, tag.args, "") is not None:
        return None
    return "l:" + name, False


def show(
    tag: Tag, *, asset_folder: str | None = None, site: Mapping[str, object] = {}
) -> Expansion:
    """What ``tag`` standing alone (not a pair) becomes: Markdown, a paragraph of its own or
    not, and a warning. ``site``: the site's configuration (``{{ site.title }}``)."""
    if tag.family == "hugo_esc":
        delim = ("<", ">") if tag.angle else ("%", "%")
        literal = "{{" + delim[0] + " " + tag.inner.strip() + " " + delim[1] + "}}"
        return Expansion(escape_kept(literal))
    if tag.family == "hugo":
        kind = verbatim_kind(tag)
        if kind is not None:
            return _unclosed(tag, kind)
        if tag.name == "param":
            return _hugo_param(tag, site)
        return expand_hugo(tag.inner) or unknown(tag, site)
    if tag.family == "liquid":
        kind = verbatim_kind(tag)
        if kind is not None:
            return _unclosed(tag, kind)
        return (
            expand_hexo(tag.name, tag.args, asset_folder)
            or expand_liquid(tag.name, tag.args, tag.raw)
            or unknown(tag, site)
        )
    call = CALL.fullmatch(tag.inner)
    if call is not None:
        return _zola_call(tag, call)
    return unknown(tag, site)


def _hugo_param(tag: Tag, params: Mapping[str, object]) -> Expansion:
    """Hugo's ``{{% param name %}}``: the site's parameter (``params:`` of its config)."""
    positional, named = parse_args(tag.args)
    key = named.get("name") or (positional[0] if positional else "")
    value = site_value("site." + key, params) if key else None
    if value is None:
        return Expansion(
            "", warning=f"{_shown(tag)} dropped: the site's configuration has no such parameter"
        )
    return Expansion(escape_kept(value))


def _unclosed(tag: Tag, kind: str) -> Expansion:
    name = kind.removeprefix("hugo-")
    return Expansion(
        escape_kept(tag.raw), warning=f"{tag.raw.strip()} has no end{name}: kept as text"
    )


def _shown(tag: Tag) -> str:
    shown = " ".join(tag.raw.split())
    return shown[:77] + "…" if len(shown) > 80 else shown


def _zola_call(tag: Tag, call: re.Match[str]) -> Expansion:
    """Zola's ``{{ name(args) }}``: what it shows, else its URL or text argument."""
    args = call_args(call.group("args"))
    expansion = expand_zola(call.group("name"), args)
    if expansion is not None:
        return expansion
    url = next((v for v in args.values() if v.startswith(("http://", "https://"))), None)
    text = next((args[k] for k in ("text", "title", "label", "caption") if k in args), "")
    shown = " ".join(tag.raw.split())
    if url is not None:
        return Expansion(
            autolink(url), block=True, warning=f"unknown shortcode {shown}: shown as its arguments"
        )
    if text:
        return Expansion(
            escape_kept(text), warning=f"unknown shortcode {shown}: shown as its arguments"
        )
    return Expansion("", warning=f"unknown shortcode {shown} dropped: its output is unknown")


def unknown(tag: Tag, site: Mapping[str, object] = {}) -> Expansion:
    """An unknown tag. A theme's or a site's own shortcode (Hugo, Liquid, Nunjucks): its output
    cannot be known here, but its arguments say what a reader would have seen: a label and a URL
    make a link, a URL alone an autolink, a label alone its text inside a sentence (alone on its
    line: dropped, :attr:`.Expansion.alone`); with nothing to show (or a path: an include) it is
    dropped; a docs site's version badge reads as there ("New in v0.140.0"). Template logic
    (``if``, ``for``, ``assign``…) is kept as text: dropping it would merge the branches it
    chooses between. An output expression is the
    site's value when the site's configuration has it (``{{ site.title }}``)."""
    shown = _shown(tag)
    liquid = tag.family == "liquid"
    if tag.family == "var":
        image = _GO_IMAGE.fullmatch(tag.inner)
        if image is not None:  # the Go blog's own template action: {{image "a/b.png" 300}}
            return Expansion(md_image(image.group("src"), "", None), block=True)
        site_path = _site_path(tag.inner)
        if site_path is not None:
            # Jekyll's ways to write a site-root path: {{ site.baseurl }}/img/a.png and
            # {{ "/img/a.png" | relative_url }} are /img/a.png, which the site-root rules of
            # links and images then place on the blog's address or find in its folders.
            return Expansion(site_path)
        value = site_value(tag.inner, site)
        if value is not None:
            return Expansion(escape_kept(value))
        if _SITE_VALUE.fullmatch(tag.inner):  # the site's value, which its config does not say
            where = "not in the site's configuration" if site else "no _config.yml in the workspace"
            return Expansion("", warning=f"unknown template value {shown} dropped: {where}")
    if tag.family == "var" or (liquid and tag.name in LIQUID_LOGIC):
        # an output expression ({{ site.title }}) or logic: its value is the site's
        return Expansion(escape_kept(tag.raw), warning=f"unknown template tag {shown} kept as text")
    args = tag.args
    positional, named = parse_args(args.replace('", "', '" "').replace("', '", "' '"))
    badge = _version_badge(tag.name, positional)
    if badge is not None:
        return Expansion(badge)
    values = [*positional, *named.values()]
    urls = [value for value in values if value.startswith(("http://", "https://"))]
    labels = [
        value
        for value in positional
        if value
        and value not in urls
        and not _is_path(value)
        # a bare word in a Liquid tag is a variable, not text: only quoted ones are labels
        and (not liquid or f'"{value}"' in args or f"'{value}'" in args)
    ]
    if not urls and labels and "youtube" in tag.name:  # youtubeEmbed "id" and kin
        urls, labels = ["https://www.youtube.com/watch?v=" + url_part(labels[0])], []
    if urls and labels:
        shown_as = "[" + escape_kept(labels[0]) + "](<" + urls[0] + ">)"
    elif urls:
        shown_as = autolink(urls[0])
    elif labels:
        # inside a sentence ({{% glossary-term "section" %}} holds pages) it stands for a word;
        # alone on its line ({{< datatable "config" >}}) its arguments are the keys of what the
        # site draws from data this workspace lacks, words the page never shows
        dropped = f"unknown shortcode {shown} dropped: alone on its line, it draws from data"
        return Expansion(
            escape_kept(labels[0]),
            warning=f"unknown shortcode {shown}: shown as its arguments",
            alone=Expansion("", warning=dropped + " the workspace does not have"),
        )
    else:
        return Expansion("", warning=f"unknown shortcode {shown} dropped: its output is unknown")
    return Expansion(shown_as, warning=f"unknown shortcode {shown}: shown as its arguments")


_VERSION_BADGES = {
    "new-in": "New in",
    "newin": "New in",
    "added-in": "Added in",
    "addedin": "Added in",
    "since": "Since",
    "deprecated-in": "Deprecated in",
    "deprecatedin": "Deprecated in",
    "removed-in": "Removed in",
}
"""Docs sites' version badges (Hugo's docs ``new-in``/``deprecated-in``, Eleventy's docs
``addedin``): their one argument is a version, drawn as "New in v0.140.0"."""


def _version_badge(name: str, positional: list[str]) -> str | None:
    prefix = _VERSION_BADGES.get(name)
    if prefix is None or not positional or not positional[0].strip():
        return None
    version = positional[0].strip()
    version = "v" + version if version[:1].isdigit() else version
    return "*" + escape_kept(prefix + " " + version) + "*"


LIQUID_LOGIC = frozenset(
    {
        "if", "elsif", "else", "endif", "unless", "endunless", "case", "when", "endcase",
        "for", "endfor", "break", "continue", "cycle", "tablerow", "endtablerow", "assign",
        "capture", "endcapture", "increment", "decrement", "set", "endset", "macro",
        "endmacro", "block", "endblock", "extends", "import", "from", "filter", "endfilter",
        "with", "endwith", "liquid", "echo", "render", "layout",
    }
)  # fmt: skip
"""Template logic of Liquid and Nunjucks: never content, never guessed at."""


_GO_IMAGE = re.compile(r"""\s*image\s+(["`])(?P<src>[^"`\n]+)\1(?:\s+\d+)*\s*""")
_SITE_PREFIX = re.compile(r"\s*site\.(?:url|baseurl)\s*")
_URL_FILTER = re.compile(
    r"""\s*(["'])(?P<path>(?:/|https?://)[^"'\s]*)\1\s*(?:\|\s*[A-Za-z_][\w.]*\s*)+"""
)
_SITE_VALUE = re.compile(r"\s*site\.(?P<path>[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*")


def _site_path(expression: str) -> str | None:
    """What a Liquid/Nunjucks output expression that only builds a URL stands for, else None:
    ``site.baseurl`` is the site's root, and a quoted path or URL passed through filters
    (``relative_url``, a site's own ``canonicalTwitterUrl``…) is that path or URL."""
    if _SITE_PREFIX.fullmatch(expression):
        return ""
    found = _URL_FILTER.fullmatch(expression)
    return found.group("path") if found else None


def site_value(expression: str, site: Mapping[str, object]) -> str | None:
    """``{{ site.key }}`` (``site.a.b`` too) from the site's configuration: a string or a
    number there is what Jekyll shows; anything else (a list, nothing) is None."""
    m = _SITE_VALUE.fullmatch(expression)
    if m is None or not site:
        return None
    value: object = site
    for part in m.group("path").split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


def _is_path(text: str) -> bool:
    return "/" in text or text.lower().endswith((".md", ".html", ".htm", ".toml", ".yaml", ".json"))


def config_format(body: str) -> str:
    """The language of a ``code-toggle`` body: Hugo reads TOML, YAML or JSON there."""
    first = next((line.strip() for line in body.split("\n") if line.strip()), "")
    if first.startswith(("{", "[{")):
        return "json"
    if first.startswith("[") or "=" in first.split(":", 1)[0]:
        return "toml"
    return "yaml" if ":" in first else "toml"
