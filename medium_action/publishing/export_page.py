"""The export page of one post, for a writer without a token, and the index of them (pure).

The page shows the post as HTML for Medium's editor (``medium_editor.for_editor``) and has a
button that copies exactly that HTML (``text/html``, with a ``text/plain`` fallback) to paste
into a new story; beside it, the tags to enter (Medium takes five), the canonical URL to set in
the story's settings and, where the post has a public address, the steps of Medium's "Import a
story". It reuses the preview's stylesheet; its one script is allowed by its hash in the page's
Content-Security-Policy, and the page loads nothing but the post's images.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from medium_action.publishing.preview import _css as preview_css

__all__ = [
    "MAX_TAGS",
    "SOURCE_META",
    "TITLE_SUFFIX",
    "ExportPost",
    "earlier_export",
    "export_index",
    "export_page",
]


MAX_TAGS = 5
"""Medium lets a story have at most five tags."""

SOURCE_META = "medium-publish-export"
"""The page's ``<meta>`` naming its Markdown file: how a later export's index finds it."""
TITLE_SUFFIX = " (export for Medium)"

_EARLIER = re.compile(
    rf'<meta name="{SOURCE_META}" content="([^"]*)">.*?<title>(.*?)</title>', re.DOTALL
)


def earlier_export(page_text: str) -> tuple[str, str] | None:
    """``(markdown path, title)`` of an export page's text; None for any other file."""
    match = _EARLIER.search(page_text[:8192])
    if match is None:
        return None
    title = html.unescape(match.group(2))
    return html.unescape(match.group(1)), title.removesuffix(TITLE_SUFFIX)


@dataclass(frozen=True)
class ExportPost:
    """What one export page shows."""

    path: str
    """The Markdown file, workspace-relative."""
    title: str
    content: str
    """The post as HTML for Medium's editor (title first)."""
    tags: Sequence[str] = ()
    canonical_url: str | None = None
    public_url: str | None = None
    """The post's own address on the web, for Medium's "Import a story"."""
    warnings: Sequence[str] = ()


def export_page(post: ExportPost) -> str:
    """The standalone page for ``post``."""
    e = html.escape
    tags = list(post.tags)[:MAX_TAGS]
    warnings = list(post.warnings)
    if len(post.tags) > MAX_TAGS:
        left = ", ".join(post.tags[MAX_TAGS:])
        warnings.append(f"Medium takes at most {MAX_TAGS} tags: {left} left out")
    steps = [
        '<li><button type="button" class="mp-copy" data-copy="story">Copy for Medium</button> '
        '<span class="mp-copied" role="status" aria-live="polite"></span></li>',
        '<li>Open <a href="https://medium.com/new-story">medium.com/new-story</a>, click in the '
        "title line and paste (Ctrl+V, or &#8984;V on a Mac): the first line becomes the "
        "title.</li>",
        "<li>Tags (enter them when you publish): "
        + (" ".join(f'<span class="mp-tag">{e(tag)}</span>' for tag in tags) or "none")
        + "</li>",
        _canonical_step(post.canonical_url),
    ]
    sections = [
        f'<p class="mp-lead">Export of <code>{e(post.path)}</code> for Medium&#8217;s editor: '
        "nothing was sent to Medium and nothing is recorded as published.</p>",
        f'<h2 class="mp-step-title">Paste it</h2>\n<ol class="mp-steps">{"".join(steps)}</ol>',
    ]
    if post.public_url:
        sections.append(_import_steps(post.public_url))
    if warnings:
        items = "".join(f"<li>{e(warning)}</li>" for warning in warnings)
        sections.append(f'<ul class="mp-warnings">{items}</ul>')
    header = "\n".join(sections)
    return _document(
        f"{post.title or post.path}{TITLE_SUFFIX}",
        f'<header class="mp-bar mp-export"><div class="mp-bar-inner">\n{header}\n</div></header>\n'
        f'<main><article class="mp-post" id="mp-story" dir="auto">\n{post.content}\n'
        "</article></main>\n",
        script=True,
        source=post.path,
    )


def export_index(entries: Sequence[tuple[str, str, str]]) -> str:
    """The index page: ``(markdown path, page href relative to the index, title)`` rows."""
    e = html.escape
    rows = [
        f'<tr><td><code>{e(path)}</code></td><td dir="auto">{e(title)}</td>'
        f'<td><a href="{e(href)}">page to copy</a></td></tr>'
        for path, href, title in entries
    ]
    table = (
        "<table>\n<thead><tr><th>Markdown file</th><th>Title</th><th>Export</th></tr></thead>\n"
        f"<tbody>\n{chr(10).join(rows)}\n</tbody>\n</table>"
        if rows
        else "<p>No posts exported.</p>"
    )
    return _document(
        "medium-publish exports",
        '<main class="mp-index">\n'
        f"<h1>Posts exported for Medium ({len(rows)})</h1>\n"
        "<p>Open a page and press its button to copy the post for Medium&#8217;s editor. "
        "Nothing was sent to Medium.</p>\n"
        f"{table}\n</main>\n",
        script=False,
    )


# --- the page's parts ------------------------------------------------------------------------


def _canonical_step(canonical_url: str | None) -> str:
    e = html.escape
    if not canonical_url:
        return (
            "<li>Canonical URL: none (the post names none: set <code>canonical_url</code> in its "
            "front matter, or the <code>canonical-url</code> setting, if it first appeared "
            "elsewhere).</li>"
        )
    return (
        "<li>Before you publish: the story&#8217;s &#8230; menu &#8594; <em>More settings</em> "
        "&#8594; <em>Advanced Settings</em> &#8594; <em>Customize Canonical Link</em>, and set "
        f'<a class="mp-canonical" href="{e(canonical_url)}">{e(canonical_url)}</a> '
        f'<button type="button" class="mp-copy mp-copy-small" data-copy-text="{e(canonical_url)}"'
        ">Copy URL</button></li>"
    )


def _import_steps(public_url: str) -> str:
    e = html.escape
    return (
        '<h2 class="mp-step-title">Or import it</h2>\n<ol class="mp-steps">'
        '<li>Open <a href="https://medium.com/p/import">medium.com/p/import</a> (your '
        "profile&#8217;s <em>Stories</em> &#8594; <em>Import a story</em>).</li>"
        f'<li>Paste the post&#8217;s address <a href="{e(public_url)}">{e(public_url)}</a> '
        f'<button type="button" class="mp-copy mp-copy-small" data-copy-text="{e(public_url)}"'
        ">Copy URL</button> and press <em>Import</em>.</li>"
        "<li>Check the draft Medium made before you publish: an import keeps less than a paste "
        "(code blocks and image captions are often lost). Medium sets the canonical link to "
        "that address itself.</li></ol>"
    )


def _document(title: str, body: str, *, script: bool, source: str | None = None) -> str:
    scripts = f"<script>{_SCRIPT}</script>\n" if script else ""
    marker = (
        f'<meta name="{SOURCE_META}" content="{html.escape(source)}">\n'
        if source is not None
        else ""
    )
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        '<meta charset="utf-8">\n'
        f"{marker}"
        f'<meta http-equiv="Content-Security-Policy" content="{_csp(script)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="robots" content="noindex">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>\n{preview_css()}{_export_css()}</style>\n"
        f"</head>\n<body>\n{body}{scripts}</body>\n</html>\n"
    )


def _csp(script: bool) -> str:
    scripts = f"'sha256-{_script_hash()}'" if script else "'none'"
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src {scripts}; "
        "img-src 'self' data: http: https:; base-uri 'none'; form-action 'none'"
    )


@functools.cache
def _script_hash() -> str:
    return base64.b64encode(hashlib.sha256(_SCRIPT.encode("utf-8")).digest()).decode("ascii")


@functools.cache
def _export_css() -> str:
    return Path(__file__).with_name("export.css").read_text(encoding="utf-8")


# The copy button. The Clipboard API writes text/html and text/plain in one item; where it is
# missing or refused (an older browser, a page opened from file: in some), a selection of the
# story is copied with execCommand, and a copy handler puts both types on the clipboard.
_SCRIPT = """
(function () {
  "use strict";
  var story = document.getElementById("mp-story");
  function viaSelection(types) {
    var done = false;
    function onCopy(event) {
      Object.keys(types).forEach(function (type) {
        event.clipboardData.setData(type, types[type]);
      });
      event.preventDefault();
      done = true;
    }
    document.addEventListener("copy", onCopy, true);
    var selection = window.getSelection();
    var range = document.createRange();
    range.selectNodeContents(story);
    selection.removeAllRanges();
    selection.addRange(range);
    try {
      done = document.execCommand("copy") && done;
    } catch (error) {
      done = false;
    } finally {
      document.removeEventListener("copy", onCopy, true);
      selection.removeAllRanges();
    }
    return done;
  }
  function viaClipboardApi(types) {
    if (!navigator.clipboard || !navigator.clipboard.write || !window.ClipboardItem) {
      return Promise.reject(new Error("no Clipboard API"));
    }
    var blobs = {};
    Object.keys(types).forEach(function (type) {
      blobs[type] = new Blob([types[type]], {type: type});
    });
    return navigator.clipboard.write([new ClipboardItem(blobs)]);
  }
  function say(button, text) {
    var status = button.parentNode.querySelector(".mp-copied");
    if (status) { status.textContent = text; }
    button.setAttribute("data-state", text);
  }
  function copy(button) {
    var text = button.getAttribute("data-copy-text");
    var types = text !== null
      ? {"text/plain": text}
      : {"text/html": story.innerHTML, "text/plain": story.innerText};
    var done = text !== null ? "Copied." : "Copied: now paste it into a new story.";
    viaClipboardApi(types).then(function () { say(button, done); }, function () {
      say(button, viaSelection(types) ? done
        : "Could not copy: select the story below and copy it by hand.");
    });
  }
  document.querySelectorAll("button.mp-copy").forEach(function (button) {
    button.addEventListener("click", function () { copy(button); });
  });
})();
"""
