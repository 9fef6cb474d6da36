"""What a real post of ``tests/corpus/`` must look like once rendered, read from its source
independently of the renderer (tests/test_corpus.py and tests/test_corpus_syntax.py use it).

- :data:`LEFTOVERS`: the syntax of every dialect that must never reach Medium outside code, each
  pattern once, with the construct it stands for;
- :func:`source_code_blocks`: every code block the site shows, as it shows it, read from the
  source without the renderer (the output must hold each, byte for byte, in a ``<pre>``);
- :func:`source_images`: every image the site shows, read from the source the same way;
- :func:`empty_figures`: ``<figure>`` elements with nothing to show;
- :data:`XFAIL`: the posts the renderer does not read right yet, each with the construct.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from urllib.parse import unquote

import mistune

CORPUS = Path(__file__).parent / "corpus"
POST_SUFFIXES = (".md", ".markdown", ".mdx", ".qmd")


def corpus_posts() -> list[Path]:
    """Every post of every folder (SOURCE.md is the folder's note, not a post)."""
    return sorted(
        p
        for p in CORPUS.glob("*/**/*")
        if p.is_file() and p.suffix.lower() in POST_SUFFIXES and p.name != "SOURCE.md"
    )


def post_id(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


# Posts that fail a check today, with the construct the renderer does not understand yet (the
# leftover quoted). Strict: once a framework plugin reads the construct, the XPASS fails the
# run and the entry must go. Keys are paths below tests/corpus/.
XFAIL: dict[str, str] = {}


@dataclass(frozen=True)
class Leftover:
    """One pattern of framework syntax; ``where`` says what it is matched against: ``text`` (the
    visible text outside code), ``block`` (the start of a block's text) or ``html`` (the
    markup itself, attributes included, outside code)."""

    construct: str
    pattern: re.Pattern[str]
    where: str = "text"


# the components of Starlight, Docusaurus and react.dev's MDX (a capitalised word in angle
# brackets may be prose, a generic type or an escaped tag the writer shows on purpose)
_COMPONENTS = (
    "Tabs|TabItem|Steps|Aside|FileTree|Card|CardGrid|LinkCard|LinkButton|Badge|Icon|Code"
    "|Admonition|Details|Sandpack|Note|Pitfall|DeepDive|Intro|YouWillLearn|Recap|Recipes"
    "|Challenges|Hint|Solution|Diagram|DiagramGroup|Illustration|InlineToc|ConsoleBlock"
    "|ConsoleBlockMulti|ConsoleLogLine|TerminalBlock|CodeStep|LearnMore|Math|MathI"
)


def _p(regex: str) -> re.Pattern[str]:
    return re.compile(regex)


LEFTOVERS: tuple[Leftover, ...] = (
    # template languages: Hugo shortcodes, Liquid/Nunjucks/Jinja/Tera tags and expressions
    Leftover("Hugo shortcode {{< >}}", _p(r"\{\{<|>\}\}")),
    Leftover("Hugo shortcode {{% %}}", _p(r"\{\{%|%\}\}")),
    Leftover("template tag {% %} (Liquid, Nunjucks, Hexo, Zola)", _p(r"\{%|%\}")),
    Leftover("template expression {{ }} (Liquid, Zola, Go)", _p(r"\{\{|\}\}")),
    Leftover("Nunjucks comment / heading id {# #}", _p(r"\{#|#\}")),
    Leftover("MDX comment {/* */}", _p(r"\{/\*")),
    # containers and callouts
    Leftover("::: container (Docusaurus, VitePress, Starlight, Quarto)", _p(r":::")),
    Leftover("Python-Markdown admonition !!! / ???", _p(r"^(?:!!!|\?\?\?\+?)\s"), "block"),
    Leftover('Material content tab === "Label"', _p(r'^===\s*"'), "block"),
    Leftover("GitHub / Obsidian callout [!type]", _p(r"\[![A-Za-z][\w-]*\][+-]?")),
    # links, embeds and includes
    Leftover("Obsidian wikilink / embed [[ ]]", _p(r"!?\[\[")),
    Leftover("Material snippet --8<--", _p(r"--8<--")),
    Leftover("Zola internal link @/", _p(r'href="@/'), "html"),
    Leftover("Zola internal link @/ as text", _p(r"(?<![\w/])@/[\w./-]+\.md")),
    Leftover("template syntax in a link", _p(r'href="[^"]*(?:\{\{|\{%|%7B%|%7B%7B)'), "html"),
    Leftover(
        "Quarto cross-reference @fig- @sec- @thm- …",
        _p(
            r"(?<![\w.@])@(?:fig|tbl|sec|eq|lst|thm|lem|cor|prp|cnj|def|exm|exr|sol|rem|alg"
            r"|nte|tip|wrn|imp|cau)-[\w-]"
        ),
    ),
    # definition lists (Goldmark, kramdown, Python-Markdown, pandoc): a ": definition" line
    # (matched in the markup: a line of the paragraph starts with it, no code span before it)
    Leftover("definition list Term / : definition", _p(r"(?:\n|<p>):[ \t]+[^\s<]"), "html"),
    # attribute lists
    Leftover("kramdown IAL {: } / {:toc}", _p(r"\{:[^}]*\}")),
    Leftover(
        "attribute list { .class } / {#id} / {key=value}",
        _p(r"(?<![\w^_\\$])\{\s*(?:[.#][A-Za-z][\w-]*|[A-Za-z][\w-]*=)[^{}]*\}"),
    ),
    Leftover("attribute list { data-x }", _p(r"\{\s*data-[\w-]+[^{}]*\}")),
    # icons
    Leftover(
        "Material icon shortcode :octicons-…:",
        _p(r":(?:octicons|material|fontawesome|simple)-[\w-]+:"),
    ),
    # MDX components shown as text
    Leftover("MDX component as text <Tabs> <TabItem> <Steps> …", _p(rf"</?(?:{_COMPONENTS})\b")),
    Leftover("MDX expression {'…'} shown as text", _p(r"\{['\"][^'\"{}]*['\"]\}")),
    Leftover(
        "JSX expression attribute name={…} shown as text",
        _p(r"(?<![-\w])[A-Za-z]\w*=\{\s*[\[{(\"'`]"),
    ),
    Leftover(
        "MDX expression {props.x} / {frontMatter.title} shown as text",
        _p(r"\{[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*)+\}"),
    ),
    Leftover(
        "MDX export / import line shown as text",
        _p(r"^(?:export (?:const|default|function)|import \{)"),
        "block",
    ),
    # Ghost cards: their classes and markers
    Leftover("Ghost card kg-card", _p(r"kg-card"), "html"),
)

_CODE_HTML = re.compile(r"<pre[\s>][\s\S]*?</pre>|<code[\s>][\s\S]*?</code>")
_TAG = re.compile(r"<[^>]+>")
_BLOCK_START = re.compile(r"<(?:p|li|h[1-6]|blockquote|figcaption|pre)\b[^>]*>")


def leftover_syntax(html: str) -> list[str]:
    """``construct: text`` for every leftover of :data:`LEFTOVERS` in the rendered ``html``."""
    outside = _CODE_HTML.sub(" ", html)
    text = unescape(_TAG.sub(" ", outside))
    blocks = [unescape(_TAG.sub("", part)).strip() for part in _BLOCK_START.split(outside)]
    found = []
    for leftover in LEFTOVERS:
        if leftover.where == "html":
            hits = [m.group(0) for m in leftover.pattern.finditer(outside)]
        elif leftover.where == "block":
            hits = [b[:30] for b in blocks if leftover.pattern.search(b)]
        else:
            hits = [m.group(0) for m in leftover.pattern.finditer(text)]
        found += [f"{leftover.construct}: {hit!r}" for hit in hits[:3]]
    return found


# --- code blocks, read from the source --------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A(?:---\n[\s\S]*?\n---|\+\+\+\n[\s\S]*?\n\+\+\+)[ \t]*(?:\n|\Z)")
_FENCE_OPEN = re.compile(
    r"^(?P<quote>(?:[ \t]*>[ ]?)*)(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$"
)
_TEMPLATE_CODE = (  # Liquid / Hexo / Nunjucks code tags, Hugo's code shortcodes: (body group)
    re.compile(r"\{%-?\s*(highlight|codeblock)\b[^%]*-?%\}\n?([\s\S]*?)\n?\{%-?\s*end\1\s*-?%\}"),
    re.compile(
        # a self-closing {{< code-toggle config=x />}} has no body: never the start of one
        r"\{\{<\s*(highlight|code-toggle|code)\b[^>]*(?<!/)>\}\}\n?([\s\S]*?)\n?"
        r"\{\{<\s*/\s*\1\s*>\}\}"  # Hugo reads {{</ code-toggle >}} (a space after /) too
    ),
)
_QUARTO_CHUNK = re.compile(r"^\{[A-Za-z]")  # ```{r}, ```{python}: executed; ```{.py}: plain


def body_of(text: str) -> str:
    return _FRONT_MATTER.sub("", text, count=1)


def _is_mdx(path: Path) -> bool:
    return path.suffix.lower() == ".mdx"


def _site_folders(path: Path) -> list[Path]:
    """The folders that may hold the post's site config: those below ``tests/corpus/`` for a
    corpus post, every parent for a post of a site swept outside it (``tools/sweep.py``)."""
    if CORPUS in path.parents:
        return [parent for parent in path.parents if CORPUS in parent.parents]
    return list(path.parents)


def _is_python_markdown(path: Path) -> bool:
    """Under an MkDocs site: 4-space indentation is a container's body, never code."""
    return any((parent / "mkdocs.yml").is_file() for parent in _site_folders(path))


def _fenced_blocks(body: str) -> list[tuple[str, str]]:
    """(info, code) of every fenced block, indentation of any depth (MDX components, Material
    tabs, list items) removed as far as the fence's own, quote marks as far as the fence's."""
    blocks: list[tuple[str, str]] = []
    lines = body.split("\n")
    i = 0
    while i < len(lines):
        m = _FENCE_OPEN.match(lines[i])
        if not m or (m["fence"][0] == "`" and "`" in m["info"]):
            i += 1
            continue
        depth, indent, fence = m["quote"].count(">"), len(m["indent"]), m["fence"]
        # closed at the fence's own indentation (up to 3 more): a fence indented 4 deeper is
        # the code's own text (Material's pages show a tab's ``` c block inside a ``` block)
        closing = re.compile(
            rf"^[ \t]{{0,{indent + 3}}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$"
        )
        content: list[str] = []
        i += 1
        while i < len(lines):
            line = lines[i]
            for _ in range(depth):
                line = re.sub(r"^[ \t]*>[ ]?", "", line, count=1)
            if closing.match(line):
                break
            strip = len(line) - len(line.lstrip(" "))
            content.append(line[min(strip, indent) :])
            i += 1
        blocks.append((m["info"].strip(), "\n".join(content)))
        i += 1
    return blocks


def _is_kramdown_html(path: Path, body: str) -> bool:
    """A Jekyll post with ``<div markdown="1">``: kramdown reads Markdown inside the element and
    ends it at its end tag, where CommonMark's HTML block runs on to a blank line and swallows
    the fence after ``</div>`` (then pairs the fences wrongly for the rest of the post)."""
    jekyll = any((site / "_config.yml").is_file() for site in _site_folders(path))
    return jekyll and bool(re.search(r"\smarkdown=[\"']?(?:1|block)", body))


def _mistune_blocks(body: str, indented_only: bool = False) -> list[tuple[str, str]]:
    """(info, code) of every fenced and indented block as CommonMark reads the body."""
    found: list[tuple[str, str]] = []

    def walk(tokens: list[dict[str, object]]) -> None:
        for tok in tokens:
            if tok["type"] == "block_code" and (not indented_only or tok.get("style") != "fenced"):
                attrs = tok.get("attrs") or {}
                info = attrs.get("info", "") if isinstance(attrs, dict) else ""
                found.append((str(info or ""), str(tok["raw"])))
            children = tok.get("children")
            if isinstance(children, list):
                walk(children)

    walk(mistune.create_markdown(renderer=None)(_notes_out_dented(body)))  # type: ignore[arg-type]
    return found


_NOTE_START = re.compile(r"^ {0,3}\[\^[^\]\s]+\]:")


def _notes_out_dented(body: str) -> str:
    """Footnotes as the frameworks read them (Goldmark, Python-Markdown, markdown-it): the lines
    indented four under a note are its own blocks (a fence, a paragraph), not an indented code
    block; written out four to the left, they are read as such."""
    lines = body.split("\n")
    in_note = False
    for i, line in enumerate(lines):
        if _NOTE_START.match(line):
            in_note = True
        elif in_note and line.strip() and not line.startswith(("    ", "\t")):
            in_note = False
        elif in_note:
            lines[i] = line[1:] if line.startswith("\t") else line[4:]
    return "\n".join(lines)


def _as_shown(info: str, code: str, path: Path) -> str | None:
    """The code as the site shows it, None when the site hides it."""
    # Hugo's escaped shortcodes in code show as shortcodes; Liquid's raw tags are not shown
    code = code.replace("{{</*", "{{<").replace("*/>}}", ">}}")
    code = code.replace("{{%/*", "{{%").replace("*/%}}", "%}}")
    code = re.sub(r"\{%-?\s*(?:end)?raw\s*-?%\}", "", code)
    if _is_mdx(path) and "hidden" in info.split()[1:]:
        return None  # a file of react.dev's <Sandpack> the page does not show (```js a.js hidden)
    if _is_mdx(path) and info.split()[:1] == ["mdx-code-block"]:
        return None  # Docusaurus renders its content as MDX: no code on the page
    if path.suffix.lower() == ".qmd" and _QUARTO_CHUNK.match(info):
        lines = code.split("\n")
        options = [line for line in lines if line.startswith("#|")]
        hidden = re.search(r"\b(?:include|echo)\s*=\s*(?:FALSE|False|false)\b", info) or any(
            re.match(r"#\|\s*(?:include|echo)\s*:\s*false\b", line) for line in options
        )
        if hidden:
            return None
        code = "\n".join(line for line in lines if not line.startswith("#|"))
    code = code.strip("\n")
    return code if code.strip() else None


# a value captured (Liquid's capture, Nunjucks' set … endset) is no Markdown of the page: what
# shows it (an include's tabs) decides, so its lines are no code block of their own; inside
# {% raw %} a capture is text the page shows (the raw block is matched first and kept)
_CAPTURE = re.compile(
    r"(?P<raw>\{%-?\s*raw\s*-?%\}[\s\S]*?\{%-?\s*endraw\s*-?%\})|"
    r"\{%-?\s*(capture|set)\s+[\w-]+\s*-?%\}[\s\S]*?\{%-?\s*end\2\s*-?%\}"
)


def _code_blocks(path: Path) -> list[tuple[str, str]]:
    body = body_of(path.read_text(encoding="utf-8"))
    body = _CAPTURE.sub(lambda m: m["raw"] or "\n" * m.group(0).count("\n"), body)
    if _is_mdx(path) or _is_python_markdown(path):
        blocks = _fenced_blocks(body)
    elif _is_kramdown_html(path, body):
        blocks = _fenced_blocks(body) + _mistune_blocks(body, indented_only=True)
    else:
        blocks = _mistune_blocks(body)
    return blocks + _template_code(body)


_FENCED_SOURCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})[\s\S]*?^[ \t>]*\1[ \t]*$", re.MULTILINE)


def _template_code(body: str) -> list[tuple[str, str]]:
    """The bodies of code tags, as the site shows them: a tag written inside a fence is that
    fence's text (checked as the fence), and a tag indented in a list item has its lines
    indented as much as the tag (the item's indentation, not the code's)."""
    fences = [(m.start(), m.end()) for m in _FENCED_SOURCE.finditer(body)]
    found = []
    for pattern in _TEMPLATE_CODE:
        for m in pattern.finditer(body):
            if any(start <= m.start() < end for start, end in fences):
                continue
            line_start = body.rfind("\n", 0, m.start()) + 1
            indent = body[line_start : m.start()]
            code = m.group(2)
            if indent and not indent.strip():
                lines = code.split("\n")
                code = "\n".join(ln[len(indent) :] if ln.startswith(indent) else ln for ln in lines)
            found.append(("", code.rstrip(" \t") if code.endswith(indent) else code))
    return found


def source_code_blocks(path: Path) -> list[str]:
    """Every code block the site shows, as it shows it: fenced blocks (MDX and Python-Markdown
    read at any indentation), indented blocks where the dialect has them (CommonMark ones, not
    MDX, not Python-Markdown), Liquid / Hexo ``{% highlight %}`` / ``{% codeblock %}`` and
    Hugo's ``{{< highlight >}}`` / ``{{< code >}}`` / ``{{< code-toggle >}}`` bodies."""
    shown = (_as_shown(info, code, path) for info, code in _code_blocks(path))
    return [code for code in shown if code is not None] + _display_block_codes(path)


# MDX's <code style={{display: "block"}}> (Prettier's blog shows terminal sessions so): its
# lines as the page shows them, read simply (its spans' styles hold no ">")
_DISPLAY_BLOCK_CODE = re.compile(
    r"^<code style=\{\{display: \"block\"[^\n]*>\n([\s\S]*?)\n</code>[ \t]*$", re.M
)


def _display_block_codes(path: Path) -> list[str]:
    if path.suffix.lower() not in (".md", ".mdx"):
        return []
    codes = []
    for m in _DISPLAY_BLOCK_CODE.finditer(body_of(path.read_text(encoding="utf-8"))):
        lines = []
        for line in m.group(1).split("\n"):
            line = re.sub(r"\s*<br\s*/>\s*$", "", line)
            line = _TAG.sub("", line).replace('{"}"}', "}").replace('{"{"}', "{")
            lines.append(unescape(re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line)).replace("\xa0", " "))
        codes.append("\n".join(lines).strip("\n"))
    return codes


def hidden_code_blocks(path: Path) -> list[str]:
    """The code of Quarto's hidden chunks (``include: false``, ``echo: false``): never shown."""
    hidden = []
    for info, code in _code_blocks(path):
        shown = "\n".join(line for line in code.split("\n") if not line.startswith("#|"))
        if _as_shown(info, code, path) is None and shown.strip():
            hidden.append(shown.strip("\n"))
    return hidden


_PRE = re.compile(r"<pre(?:\s[^>]*)?>([\s\S]*?)</pre>")


def pre_texts(html: str) -> list[str]:
    """The text of every ``<pre>`` of the output, as a reader sees it."""
    return [
        unescape(_TAG.sub("", re.sub(r"<br\s*/?>", "\n", m.group(1)))) for m in _PRE.finditer(html)
    ]


def code_not_in_pre(path: Path, html: str) -> list[str]:
    """The source's code blocks that no ``<pre>`` of ``html`` holds byte for byte, and (Quarto)
    the ``#|`` chunk options or hidden chunks a ``<pre>`` shows."""
    pres = pre_texts(html)
    wrong = [code for code in source_code_blocks(path) if not any(code in pre for pre in pres)]
    if path.suffix.lower() == ".qmd":
        # options are hidden in executed chunks only: a plain block (```{.python}, ```{{r}},
        # ```` markdown) shows its #| lines, as Quarto's own pages about cell options do
        literal = [
            code.strip("\n")
            for info, code in _code_blocks(path)
            if "#|" in code and not (_QUARTO_CHUNK.match(info) and not info.startswith("{{"))
        ]
        wrong += [
            f"#| options shown: {pre}"
            for pre in pres
            if re.search(r"(?m)^#\|", pre) and not any(code in pre for code in literal)
        ]
        # a hidden chunk may repeat a shown one (a post shows the code it then runs unseen)
        shown = source_code_blocks(path)
        hidden = [code for code in hidden_code_blocks(path) if not any(code in c for c in shown)]
        wrong += [f"hidden chunk shown: {code}" for code in hidden if any(code in p for p in pres)]
    return wrong


# --- images, read from the source -------------------------------------------------------------

_CODE_SOURCE = re.compile(
    r"^[ \t>]*(`{3,}|~{3,})[\s\S]*?^[ \t>]*\1[ \t]*$"  # fenced code
    r"|(`+)[^`\n][\s\S]*?(?<!`)\2(?!`)"  # code spans
    r"|<!--[\s\S]*?-->|<picture\b[\s\S]*?</picture>",
    re.MULTILINE,
)
_IMAGE_PATTERNS = (
    re.compile(r"!\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)"),  # ![alt](src "title")
    re.compile(r"<img\b[^>]*?\ssrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE),  # <img src>
    re.compile(r"!\[\[([^\]|#]+\.(?:png|jpe?g|gif|webp|avif|svg))(?:[|#][^\]]*)?\]\]", re.I),
    re.compile(r"\{%\s*asset_img\s+(?:\"([^\"]+)\"|(\S+))"),  # Hexo
    re.compile(r"\{\{[<%]\s*figure\b[^}]*?\bsrc\s*=\s*\"([^\"]+)\""),  # Hugo figure
    re.compile(r"\{\{\s*\w+\([^)]*?\b(?:src|default_src)\s*=\s*\"([^\"]+)\""),  # Zola shortcodes
)
_REF_IMAGE = re.compile(r"!\[([^\]]+)\](?:\[([^\]]*)\])?(?![(\[])")
_REF_DEF = re.compile(r"^[ ]{0,3}\[([^\]]+)\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)


@dataclass(frozen=True)
class SourceImage:
    """An image reference found in the source (what the uploader needs of one)."""

    src: str
    line: int | None = None


def source_images(path: Path) -> list[str]:
    """``src`` of every image the site shows (outside code and comments), in order, once each:
    (a ``<picture>`` is left out: the reader's screen picks one of its sources)
    Markdown (inline and reference), ``<img>``, Obsidian ``![[file]]``, Hexo ``asset_img``,
    Hugo ``figure``, and Zola shortcodes naming one by ``src``/``default_src``."""
    body = _CODE_SOURCE.sub("", body_of(path.read_text(encoding="utf-8")))
    found: list[tuple[int, str]] = []
    for pattern in _IMAGE_PATTERNS:
        for m in pattern.finditer(body):
            found.append((m.start(), next(g for g in m.groups() if g)))
    definitions = {label.lower(): url for label, url in _REF_DEF.findall(body)}
    for m in _REF_IMAGE.finditer(body):
        label = (m.group(2) or m.group(1)).lower()
        if label in definitions:
            found.append((m.start(), definitions[label]))
    srcs: list[str] = []
    for _, src in sorted(found):
        if src not in srcs and not src.startswith("data:"):
            srcs.append(src)
    return srcs


def _resolve(src: str, post: Path, site: Path) -> Path | None:
    """The file the site shows for ``src``, by the frameworks' own rules: next to the post, in
    the post's asset folder (Hexo) or its page's URL folder (a raw ``<img>`` on a site that
    serves ``a/b.md`` at ``a/b/``), below the content root (Zola shortcodes), at the site root
    or its static folders (``/…``), anywhere in the vault by name (Obsidian)."""
    rel = unquote(src.split("#", 1)[0].split("?", 1)[0]).removeprefix("./")
    if src.startswith("/"):
        rel = rel.lstrip("/")
        bases = [site, site / "static", site / "public", site / "source", site / "docs" / "public"]
        # a site kept in a folder (MkDocs' docs_dir docs/en/docs): each folder down to the post
        bases += [folder for folder in reversed(post.parents) if site in folder.parents]
    else:
        content = next((p for p in post.parents if p.name in ("content", "content.en")), site)
        bases = [post.parent, post.parent / post.stem, content, site]
    for base in bases:  # normalised: "stem/../x" must not need the folder "stem" to exist
        if (found := Path(os.path.normpath(base / rel))).is_file():
            return found
    if "/" not in rel:
        return next((p for p in sorted(site.rglob(rel)) if p.is_file()), None)
    return None


def images_not_shown(
    path: Path, site: Path, html: str, site_url: str | None, uploaded: Callable[[Path], str]
) -> list[str]:
    """The images of :func:`source_images` the output does not show: a local one must be in
    the folder and in an ``<img>`` by its upload (``uploaded(file)``: the URL the test's upload
    gives that file), a site-root one missing from the folder must be on the site's address."""
    shown = set(re.findall(r"<img\b[^>]*?\ssrc=\"([^\"]+)\"", html))
    lost = []
    for src in source_images(path):
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.IGNORECASE):
            continue  # remote: Medium fetches it
        found = _resolve(src, path, site)
        if found is not None and found.suffix.lower() == ".svg":
            continue  # Medium takes no SVG: left out with the uploader's warning, not lost
        if found is not None:
            if uploaded(found) not in shown:
                lost.append(f"{src} (not in the output)")
        elif not (src.startswith("/") and site_url and any(u.endswith(src) for u in shown)):
            lost.append(f"{src} (not found in the site's folder)")
    return lost


# --- figures ----------------------------------------------------------------------------------

_FIGURE = re.compile(r"<figure\b[^>]*>([\s\S]*?)</figure>")


def empty_figures(html: str) -> list[str]:
    """Every ``<figure>`` with no image or embed, or with an empty caption."""
    bad = []
    for m in _FIGURE.finditer(html):
        inner = m.group(1)
        caption = re.search(r"<figcaption\b[^>]*>([\s\S]*?)</figcaption>", inner)
        no_media = not re.search(r"<(?:img|iframe)\b", inner)
        if no_media or (caption and not unescape(_TAG.sub("", caption.group(1))).strip()):
            bad.append(m.group(0)[:120])
    return bad
