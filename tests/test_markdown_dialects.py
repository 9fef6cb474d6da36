"""The Markdown sent to Medium (``content-format: markdown``) and to dev.to reads every dialect's
construct the HTML output reads: no framework syntax reaches them as text.

Each construct once through both Markdown renderers (a unit test per construct), its sent
Markdown parsed again by plain CommonMark as Medium and dev.to would, checked with the corpus's
leftover patterns (tests/corpus_checks.py); then a post of several through the real program to
the sandbox's dev.to and Medium APIs over loopback.
"""

from __future__ import annotations

import json
from pathlib import Path

import mistune
import pytest
from helpers import run_cli, write

from medium_action.rendering.markdown import render_markdown
from medium_action.rendering.portable import render_portable
from medium_action.rendering.render import parse_post
from medium_action.sandbox.devto import DEVTO_KEY
from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN

try:
    from tests.corpus_checks import leftover_syntax
except ImportError:  # pragma: no cover - depends on how pytest imports the tests
    from corpus_checks import leftover_syntax  # type: ignore[no-redef]

# (construct, dialect, body, what the reader must see: the label and the content)
CONSTRUCTS = [
    ("GitHub alert", None, "> [!NOTE]\n> Mind the *gap*.\n", ["**Note**", "Mind the *gap*."]),
    (
        "Obsidian callout with a title, folded",
        "obsidian",
        "> [!tip]- Pro tip\n> Fold me.\n",
        ["**Pro tip**", "Fold me."],
    ),
    (
        "MkDocs admonition with a title",
        "mkdocs",
        '!!! warning "Careful now"\n    Body of it.\n',
        ["**Careful now**", "Body of it."],
    ),
    (
        "MkDocs collapsible admonition",
        "mkdocs",
        "??? info\n    Hidden body.\n",
        ["**Info**", "Hidden body."],
    ),
    (
        "MkDocs content tabs",
        "mkdocs",
        '=== "Python"\n\n    ```py\n    print(1)\n    ```\n\n=== "Shell"\n\n    Run it.\n',
        ["**Python**", "```py\nprint(1)\n```", "**Shell**", "Run it."],
    ),
    (
        "Quarto callout",
        "quarto",
        '::: {.callout-important title="Read this"}\nThe body.\n:::\n',
        ["**Read this**", "The body."],
    ),
    (
        "Docusaurus admonition with a Markdown title",
        "docusaurus",
        ":::warning[Important: [docs](https://e.test/d)]\nTake care.\n:::\n",
        ["[docs](https://e.test/d)", "Take care."],
    ),
    (
        "Starlight aside",
        "starlight",
        '<Aside type="caution" title="Watch out">\nA caution.\n</Aside>\n',
        ["**Watch out**", "A caution."],
    ),
    (
        "Starlight tabs",
        "starlight",
        '<Tabs>\n  <TabItem label="npm">\n\n  ```sh\n  npm i\n  ```\n\n  </TabItem>\n</Tabs>\n',
        ["**npm**", "```sh\nnpm i\n```"],
    ),
    (
        "Starlight steps",
        "starlight",
        "<Steps>\n\n1. One.\n\n   ```sh\n   \tmake\n   ```\n\n2. Two.\n\n</Steps>\n",
        ["1. One.", "\tmake", "2. Two."],
    ),
    (
        "Starlight file tree",
        "starlight",
        "<FileTree>\n\n- src/\n  - index.md\n\n</FileTree>\n",
        ["src/\n  index.md"],
    ),
    (
        "MDX callout component",
        "mdx",
        "<Note>\n\nA note body.\n\n</Note>\n",
        ["**Note**", "A note body."],
    ),
]


def sent_html(markdown: str) -> str:
    """What a plain CommonMark reader (Medium's, dev.to's) shows of the Markdown sent."""
    return str(mistune.html(markdown))


@pytest.mark.parametrize(
    ("dialect", "body", "shown"),
    [pytest.param(d, b, s, id=name) for name, d, b, s in CONSTRUCTS],
)
@pytest.mark.parametrize("renderer", ["medium-markdown", "devto"])
def test_each_construct_is_plain_markdown(
    renderer: str, dialect: str | None, body: str, shown: list[str]
) -> None:
    post = parse_post(body, dialect)
    if renderer == "devto":
        out = render_portable(post, title="T").content
    else:
        out = render_markdown(post, title="T").content
    assert not leftover_syntax(sent_html(out)), out
    for text in shown:
        assert text in out, (text, out)


POST = (
    "---\ntitle: Every construct\npublish_status: public\n---\n"
    "> [!WARNING]\n> An alert.\n\n"
    '!!! tip "A tip"\n    Tip body.\n\n'
    ":::note[Docs note]\nNote body.\n:::\n\n"
    '<Tabs>\n<TabItem label="pnpm">\n\n```sh\npnpm i\n```\n\n</TabItem>\n</Tabs>\n'
)


@pytest.mark.parametrize("target", ["devto", "medium"])
def test_a_post_of_dialect_constructs_reaches_devto_and_medium_markdown_as_plain_markdown(
    tmp_path: Path, sandbox: SandboxServer, target: str
) -> None:
    root = tmp_path / "workspace"
    write(root, {"posts/all.md": POST})
    env = {
        "MEDIUM_FILES": "posts/*.md",
        "MEDIUM_OUTPUT_JSON": str(tmp_path / "result.json"),
        "MEDIUM_TARGETS": target,
    }
    if target == "devto":
        env |= {"MEDIUM_DEVTO_API_URL": sandbox.devto_url, "MEDIUM_DEVTO_API_KEY": DEVTO_KEY}
    else:
        env |= {
            "MEDIUM_TOKEN": DEFAULT_TOKEN,
            "MEDIUM_API_URL": sandbox.url,
            "MEDIUM_CONTENT_FORMAT": "markdown",
        }
    done = run_cli([], cwd=root, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(json.loads((tmp_path / "result.json").read_text())["posts"]) == 1
    if target == "devto":
        [article] = sandbox.sandbox.devto.articles
        sent = str(article["body_markdown"])
    else:
        [post] = sandbox.sandbox.posts
        assert post["contentFormat"] == "markdown"
        sent = str(post["content"])
    assert not leftover_syntax(sent_html(sent)), sent
    for text in ("**Warning**", "**A tip**", "**Docs note**", "**pnpm**", "```sh\npnpm i\n```"):
        assert text in sent, (text, sent)
