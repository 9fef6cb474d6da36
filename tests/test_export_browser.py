"""The export page in a real headless Chromium: the copy button puts the post on the clipboard.

Chromium is driven over the DevTools protocol (``cdp.Browser``): the page is served over
loopback HTTP, clipboard permissions are granted for its origin, the button gets a real mouse
click, and the clipboard is then read back with ``navigator.clipboard.read()``: what a paste
into Medium's editor would receive. Both ways of copying are tried: the Clipboard API, and the
fallback (a selection copied with ``execCommand`` and a ``copy`` handler) with the Clipboard
API's ``ClipboardItem`` taken away. A screenshot of the page is checked too. Skipped without a
``chromium`` binary, except in CI.
"""

from __future__ import annotations

import base64
import functools
import http.server
import io
import json
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from cdp import Browser
from helpers import write
from PIL import Image
from test_sandbox_browser import chromium

from medium_action.cli.commands import dispatch

POST = """---
title: Paste me into Medium
subtitle: Without a token
tags: [writing, medium]
canonical_url: https://blog.example.org/posts/paste-me/
---
An opening paragraph with **bold** and *italic* words, `code` and a [link](https://example.org/).

## A large heading

![a chart](/img/chart.png "A chart, captioned")

> A quotation.

1. first
2. second

### A small heading

```python
def hello():

    return "hello"
```
"""

READ_CLIPBOARD = """
navigator.clipboard.read().then(items => Promise.all(items.flatMap(item =>
  item.types.map(type => item.getType(type).then(blob => blob.text()).then(text => [type, text]))
))).then(pairs => JSON.stringify(Object.fromEntries(pairs)))
"""

COPIED = """
new Promise(resolve => {
  const button = document.querySelector(%s);
  const state = () => button.getAttribute("data-state");
  if (state()) { resolve(state()); return; }
  new MutationObserver(() => { if (state()) resolve(state()); })
    .observe(button, {attributes: true});
})
"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The export of POST, served over loopback HTTP (a secure context: 127.0.0.1)."""
    root = tmp_path / "site"
    write(root, {"posts/paste-me.md": POST})
    chart = Image.new("RGB", (480, 240), "white")
    for x in range(40, 440):
        for y in range(60, 200):
            chart.putpixel((x, y), (200, 40, 40))
    (root / "static/img").mkdir(parents=True)
    chart.save(root / "static/img/chart.png")
    export_dir = root / ".medium/export"
    export_dir.mkdir(parents=True)
    handler = functools.partial(QuietHandler, directory=str(export_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    # The same server stands in for the blog, serving its static folder under /site/.
    shutil.copytree(root / "static", export_dir / "site")
    flags = ["export", "posts/paste-me.md", "--site-url", f"{base}/site/"]
    assert dispatch(flags, {"GITHUB_WORKSPACE": str(root)}) == 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield base, tmp_path
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def open_page(browser: Browser, base: str) -> None:
    browser.call(
        "Browser.grantPermissions",
        permissions=["clipboardReadWrite", "clipboardSanitizedWrite"],
        origin=base,
    )
    browser.open(f"{base}/posts/paste-me.html")
    # Something else on the clipboard first: what is read later was put there by the button.
    browser.evaluate("navigator.clipboard.writeText('nothing copied yet')")
    assert json.loads(browser.evaluate(READ_CLIPBOARD)) == {"text/plain": "nothing copied yet"}


def check_story_html(copied: dict[str, str]) -> None:
    html = copied["text/html"]
    assert "<h1>Paste me into Medium</h1>" in html
    assert html.index("<h1>Paste me into Medium</h1>") < html.index("<h4>Without a token</h4>")
    assert "<h3>A large heading</h3>" in html and "<h4>A small heading</h4>" in html
    assert "<strong>bold</strong>" in html and "<em>italic</em>" in html
    assert '<a href="https://example.org/">link</a>' in html
    assert "<blockquote>" in html and "<ol>" in html and "<li>first</li>" in html
    assert "<figcaption>A chart, captioned</figcaption>" in html
    assert "/site/img/chart.png" in html and "file:" not in html
    assert 'def hello():<br><br>    return "hello"' in html
    assert "Copy for Medium" not in html  # the page's own header is not part of the story
    plain = copied["text/plain"]
    assert plain.startswith("Paste me into Medium\n") and "def hello():" in plain


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module's tests (starting one is the slow part)."""
    with Browser(chromium()) as started:
        yield started


def test_the_button_copies_html_through_the_clipboard_api(
    served: tuple[str, Path], browser: Browser
) -> None:
    base, tmp_path = served
    open_page(browser, base)
    browser.click("button[data-copy=story]")
    state = browser.evaluate(COPIED % json.dumps("button[data-copy=story]"))
    assert state == "Copied: now paste it into a new story."
    check_story_html(json.loads(browser.evaluate(READ_CLIPBOARD)))

    browser.click("button[data-copy-text]")  # the canonical URL's own button
    assert browser.evaluate(COPIED % json.dumps("button[data-copy-text]")) == "Copied."
    assert json.loads(browser.evaluate(READ_CLIPBOARD)) == {
        "text/plain": "https://blog.example.org/posts/paste-me/"
    }

    shot = browser.page("Page.captureScreenshot", format="png")["data"]
    loaded = browser.evaluate(
        "Array.from(document.images).every(image => image.complete && image.naturalWidth)"
    )
    assert loaded is True  # the chart came from its public (here: loopback) URL
    screenshot = tmp_path / "export.png"
    screenshot.write_bytes(base64.b64decode(shot))
    with Image.open(io.BytesIO(screenshot.read_bytes())) as image:
        assert image.format == "PNG"
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16) or []
        pixels = {colour for _, colour in colours}
        assert len(colours) > 50  # text, the bar, the button
        assert any(r > 150 and g < 90 and b < 90 for r, g, b in pixels)  # the chart
        assert any(g > 110 and r < 60 and b < 60 for r, g, b in pixels)  # the green button
    shutil.copy(screenshot, Path(os.environ.get("EXPORT_SCREENSHOT", tmp_path / "keep.png")))


def test_without_the_clipboard_api_the_selection_fallback_copies_html(
    served: tuple[str, Path], browser: Browser
) -> None:
    base, _ = served
    open_page(browser, base)
    assert browser.evaluate("delete window.ClipboardItem; window.ClipboardItem === undefined")
    browser.click("button[data-copy=story]")
    state = browser.evaluate(COPIED % json.dumps("button[data-copy=story]"))
    assert state == "Copied: now paste it into a new story."
    # exactly the story's HTML, as the copy handler set it (a plain copy of the selection
    # would carry the page's styles inline: <h1 style="…">)
    check_story_html(json.loads(browser.evaluate(READ_CLIPBOARD)))
    # the selection made for the copy is not left behind
    assert browser.evaluate("window.getSelection().toString()") == ""
