"""The sandbox's reading page in a real browser: headless Chromium (Debian's ``chromium``).

A post with a title, a subtitle, ``#``/``##`` sections, an uploaded image with a caption and a
code block is published to the sandbox through the real publishing run; Chromium then loads its
page, and the DOM it built and a screenshot are checked. Skipped when no ``chromium`` binary is
installed, except in CI (``CI=true``), where ``.ci/run`` installs it and its absence fails.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import httpx
import pytest
from helpers import write
from PIL import Image

from medium_action.cli import run
from medium_action.sandbox.server import DEFAULT_TOKEN, SandboxServer

POST = """---
title: A rehearsal in the browser
subtitle: What the reader sees first
---
An opening paragraph with **bold** words.

# The large heading

![a chart](images/chart.png "A chart, captioned")

## The small heading

```python
print("hello from the sandbox")
```
"""


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is missing in CI: .ci/run installs it (apt-get install chromium)")
        pytest.skip("no chromium binary (apt-get install chromium); CI=true makes this a failure")
    return found


def browse(binary: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [binary, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def test_the_reading_page_renders_in_chromium(tmp_path: Path) -> None:
    binary = chromium()
    workspace = tmp_path / "site"
    chart = Image.new("RGB", (480, 240), "white")
    for x in range(40, 440):
        for y in range(60, 200):
            chart.putpixel((x, y), (200, 40, 40) if x < 240 else (40, 80, 200))
    (workspace / "images").mkdir(parents=True)
    chart.save(workspace / "images/chart.png")
    write(workspace, {"post.md": POST})

    with SandboxServer() as server:
        flags = {
            "api_url": server.url,
            "token": DEFAULT_TOKEN,
            "files": "post.md",
            "state_file": str(tmp_path / "published.json"),
            "publish_status": "draft",
            "comment": "false",
        }
        assert run(flags, {"GITHUB_WORKSPACE": str(workspace)}) == 0
        [post] = server.sandbox.posts
        [image] = server.sandbox.images
        assert post["url"].startswith(server.base_url + "/@sandbox-writer/")
        served = httpx.get(image["url"])
        assert (served.status_code, served.headers["content-type"]) == (200, "image/png")

        dom = browse(binary, "--dump-dom", post["url"]).stdout
        screenshot = tmp_path / "page.png"
        browse(binary, f"--screenshot={screenshot}", "--window-size=1000,1400", post["url"])

    assert re.search(r"<h1>A rehearsal in the browser</h1>", dom)
    assert '<h2 class="subtitle">What the reader sees first</h2>' in dom
    # The post's shallowest section level is sent as a later <h1>, Medium's large heading (its
    # page's <h3>); the next level as <h3>, its small heading (<h4>).
    assert "<h1>The large heading</h1>" in post["content"]
    assert "<h3>The large heading</h3>" in dom
    assert "<h4>The small heading</h4>" in dom
    figure = re.search(r"<figure>(.*?)</figure>", dom, re.DOTALL)
    assert figure is not None
    assert f'src="{image["url"]}"' in figure.group(1)
    assert "<figcaption>A chart, captioned</figcaption>" in figure.group(1)
    assert re.search(r"<pre>(<code>)?print\(.*hello from the sandbox", dom)

    with Image.open(screenshot) as shot:
        assert shot.format == "PNG" and shot.size == (1000, 1400)
        colours = shot.convert("RGB").getcolors(maxcolors=1 << 16) or []
        # a page with text and the red/blue chart: many colours, the chart's among them
        assert len(colours) > 50
        pixels = {colour for _, colour in colours}
        assert any(r > 150 and g < 90 and b < 90 for r, g, b in pixels)
        assert any(b > 150 and r < 90 for r, g, b in pixels)
    assert screenshot.stat().st_size > 20_000
    shutil.copy(screenshot, Path(os.environ.get("SANDBOX_SCREENSHOT", tmp_path / "keep.png")))
