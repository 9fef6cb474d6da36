"""The dialects' block plugins: code inside framework blocks is byte-exact, work is linear.

The rendered shape of each construct is in the golden files (``tests/fixtures/render/``); here
are the properties those examples cannot show: every byte of code inside components survives
at any indentation and nesting, and the work done grows linearly with adversarial input.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from helpers import write as write_files

from medium_action.rendering.dialects import names
from medium_action.rendering.dialects.choose import choose, post_dialect, site_dialect
from medium_action.rendering.post import parse_post
from medium_action.settings import DIALECTS as SETTING_VALUES

PNG = (  # a 1×1 image, as tests/test_faults.py has it
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)

CODE_SAMPLES = [
    "function f() {\n  return 1;\n}",
    "def f():\n    if x:\n        return 1\n\n    return 2",
    "\tindented\twith tabs\n\t\ttwice",
    "</TabItem>\n</Tabs>\n:::\n<Note>",  # closers inside code close nothing
    "  leading spaces kept\nnone here\n      six",
]


def codes(post: Any) -> list[str]:
    return [tok["raw"] for tok in post.walk() if tok["type"] == "block_code"]


def indented(text: str, prefix: str) -> str:
    return "\n".join(prefix + line if line else "" for line in text.split("\n"))


@pytest.mark.parametrize("code", CODE_SAMPLES)
@pytest.mark.parametrize("indent", ["", "  ", "    ", "\t"])
def test_code_in_tab_items_is_byte_exact(code: str, indent: str) -> None:
    fence = "```js\n" + code + "\n```"
    body = (
        "<Tabs>\n"
        + indent
        + '<TabItem value="a" label="A">\n'
        + indented(fence, indent * 2)
        + "\n"
        + indent
        + "</TabItem>\n"
        + indent
        + '<TabItem value="b" label="B">\n\n'
        + indented(fence.replace("```", "~~~~"), indent * 2)
        + "\n\n"
        + indent
        + "</TabItem>\n</Tabs>\n"
    )
    post = parse_post(body)
    assert codes(post) == [code + "\n", code + "\n"]
    assert not post.template_warnings


@pytest.mark.parametrize("code", CODE_SAMPLES)
def test_code_in_nested_components_and_containers_is_byte_exact(code: str) -> None:
    body = (
        "<Note>\n  <Sandpack>\n    <Tabs>\n      <TabItem label='x'>\n"
        + indented("```py\n" + code + "\n```", "        ")
        + "\n      </TabItem>\n    </Tabs>\n  </Sandpack>\n</Note>\n\n"
        + "::::tip[Title]\n:::details Open\n"
        + "```py\n"
        + code
        + "\n```\n:::\n::::\n"
    )
    post = parse_post(body)
    assert codes(post) == [code + "\n", code + "\n"]


def test_component_children_in_a_list_item_are_read() -> None:
    post = parse_post("- item\n\n  <Note>\n  Inside.\n  </Note>\n")
    quotes = [tok for tok in post.walk() if tok["type"] == "block_quote"]
    assert len(quotes) == 1


def steps_for(body: str) -> int:
    return int(parse_post(body).state.env.get("dialect_steps", 0))


@pytest.mark.parametrize(
    "unit",
    [
        ":::note\ntext\n\n",  # never closed (issue 19: 300 KB of these took minutes)
        "::::tip\n:::\n",  # closers that close nothing of theirs
        "<Note>\ntext\n\n",  # components never closed
        "<Tabs>\n<TabItem label='a'>\n",
        "{/* comment never closed\n\n",
        "<Foo bar={1\n\n",  # a tag that never ends
    ],
)
def test_work_grows_linearly_with_unclosed_blocks(unit: str) -> None:
    small = steps_for(unit * 2000)
    large = steps_for(unit * 8000)
    assert small > 0
    assert large <= 4 * small * 1.2  # linear; a rescan per opener would be 16 times


def test_a_300kb_post_of_unclosed_containers_parses() -> None:
    body = ":::note\n" * 37_500  # 300 KB
    post = parse_post(body)
    assert post.state.env["dialect_steps"] < 10 * 37_500


# ---------------------------------------------------------------------- choosing the dialect


@pytest.mark.parametrize(
    ("files", "dialect"),
    [
        ({"hugo.toml": 'baseURL = "https://x.test/"\n'}, "hugo"),
        ({"config.toml": 'baseURL = "https://x.test/"\ntheme = "ananke"\n'}, "hugo"),
        ({"config.yaml": "baseURL: https://x.test/\n"}, "hugo"),
        ({"config.toml": 'base_url = "https://x.test"\ncompile_sass = true\n'}, "zola"),
        ({"zola.toml": 'base_url = "https://x.test"\n'}, "zola"),  # zola init's, since 0.19
        ({"mkdocs.yml": "site_name: Docs\n"}, "mkdocs"),
        ({"zensical.toml": '[project]\nsite_name = "Docs"\n'}, "mkdocs"),  # Material's successor
        ({"_config.yml": "title: Blog\nnew_post_name: :title.md\n"}, "hexo"),
        (
            {"_config.yml": "title: Blog\n", "package.json": '{"dependencies": {"hexo": "7"}}'},
            "hexo",
        ),
        ({"_config.yml": "title: Blog\nmarkdown: kramdown\n"}, "jekyll"),
        ({"docusaurus.config.ts": "export default {};\n"}, "docusaurus"),
        ({"astro.config.mjs": "export default {};\n"}, "starlight"),
        ({".eleventy.js": "module.exports = () => {};\n"}, "eleventy"),
        ({"eleventy.config.mjs": "export default () => {};\n"}, "eleventy"),
        ({"README.md": "# Notes\n"}, None),
    ],
)
def test_the_site_files_name_the_dialect(
    tmp_path: Path, files: dict[str, str], dialect: str | None
) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    assert site_dialect(tmp_path) == dialect


def test_a_site_kept_in_a_folder_names_the_dialect_of_its_posts(tmp_path: Path) -> None:
    """FastAPI keeps docs/en/mkdocs.yml, a monorepo website/docusaurus.config.js: the folder
    nearest the post says, when the workspace root says nothing; the setting still wins."""
    from medium_action.sources.article import Defaults, parse_article

    (tmp_path / "docs" / "en" / "docs").mkdir(parents=True)
    (tmp_path / "docs" / "en" / "mkdocs.yml").write_text("site_name: Docs\n")
    (tmp_path / "blog").mkdir()
    body = b"# Page\n\n/// tip\n\nRead it.\n\n///\n"  # pymdownx.blocks: MkDocs only
    now = datetime(2030, 1, 1, tzinfo=UTC)
    page = parse_article("docs/en/docs/page.md", body, Defaults(), now=now, workspace=tmp_path)
    other = parse_article("blog/page.md", body, Defaults(), now=now, workspace=tmp_path)
    named = parse_article(
        "docs/en/docs/page.md", body, Defaults(dialect="hugo"), now=now, workspace=tmp_path
    )
    assert "<strong>Tip</strong>" in render_html(page.post, title=page.title).content
    assert "/// tip" in render_html(other.post, title=other.title).content
    assert "/// tip" in render_html(named.post, title=named.title).content


def test_without_site_files_the_post_says() -> None:
    assert post_dialect('Intro.\n\n{{ youtube(id="x") }}\n') == "zola"
    assert post_dialect("See [it](@/blog/a.md).\n") == "zola"
    assert post_dialect("Lead.\n{: .lead }\n") == "jekyll"
    assert post_dialect("Text {# note to self #} here.\n") == "eleventy"
    assert post_dialect("import Tabs from '@theme/Tabs';\n\n<Tabs>\n</Tabs>\n") == "mdx"
    assert post_dialect("Plain *Markdown*.\n") is None


def test_the_setting_wins_over_the_site_and_the_post() -> None:
    assert choose("hexo", "hugo", "{: .lead }") == "hexo"
    assert choose("auto", "hugo", "{: .lead }") == "hugo"
    assert choose("auto", None, "Lead.\n{: .lead }\n") == "jekyll"
    with pytest.raises(KeyError):
        choose("nonesuch", None, "")


def test_every_dialect_can_be_named_in_the_setting() -> None:
    assert set(names()) <= set(SETTING_VALUES) - {"auto"}


def test_a_dialect_plugin_stays_out_of_other_dialects() -> None:
    body = "Lead.\n{: .lead }\n"
    assert "{: .lead }" not in str(parse_post(body, "jekyll").tokens)
    assert "{: .lead }" in str(parse_post(body, "hugo").tokens)


# ---------------------------------------------------------------------- links between posts

from medium_action.rendering.links import link_resolver  # noqa: E402
from medium_action.rendering.render import render_html  # noqa: E402


def links_in(body: str, article: str, published: dict[str, str], site: str | None) -> str:
    resolve = link_resolver(article, published.get, None, site)
    return render_html(parse_post(body), title="T", link_resolver=resolve).content


@pytest.mark.parametrize(
    ("article", "body", "target"),
    [
        ("content/blog/a.md", "[b](@/blog/b.md)", "content/blog/b.md"),
        ("content/blog/a.md", '[b]({{< ref "b.md" >}})', "content/blog/b.md"),
        ("content/posts/a/index.md", '[b]({{< relref "/posts/b.md" >}})', "content/posts/b.md"),
        ("_posts/2020-01-01-a.md", "[b]({% post_url 2020-01-02-b %})", "_posts/2020-01-02-b.md"),
        (
            "_posts/2020-01-01-a.md",
            "[b]({% link _posts/2020-01-02-b.md %})",
            "_posts/2020-01-02-b.md",
        ),
        ("source/_posts/a.md", "{% post_link b %}", "source/_posts/b.md"),
        ("docs/a.md", "[b](./b.md)", "docs/b.md"),
    ],
)
def test_a_link_to_another_post_is_its_medium_url(article: str, body: str, target: str) -> None:
    html = links_in(body + "\n", article, {target: "https://medium.com/@me/b-123"}, None)
    assert 'href="https://medium.com/@me/b-123"' in html


@pytest.mark.parametrize(
    ("article", "body", "address"),
    [
        ("content/blog/a.md", "[b](@/blog/b.md#part)", "https://x.test/blog/b/#part"),
        ("content/blog/a.md", "[s](@/blog/_index.md)", "https://x.test/blog/"),
        (
            "_posts/2020-01-01-a.md",
            "[b]({% post_url 2020-01-02-b %})",
            "https://x.test/2020/01/02/b.html",
        ),
    ],
)
def test_an_unpublished_post_is_its_address_on_the_site(
    article: str, body: str, address: str
) -> None:
    assert f'href="{address}"' in links_in(body + "\n", article, {}, "https://x.test/")


def test_the_readme_lists_every_dialect() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = readme.split("<!-- dialects:start -->")[1].split("<!-- dialects:end -->")[0]
    for name in names():
        assert f"| `{name}` |" in table


# ---------------------------------------------------------------------- a whole run


def dry_run(root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **env: str) -> int:
    from medium_action import cli

    environ = {"GITHUB_WORKSPACE": str(root), "HOME": str(tmp_path), **env}
    monkeypatch.chdir(root)
    return cli.run({"files": "**/*.md", "dry_run": True}, environ)


def test_a_run_reads_each_post_in_its_sites_dialect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    hexo = "source/_posts"
    write_files(
        root,
        {
            "_config.yml": "title: Blog\nnew_post_name: :title.md\npost_asset_folder: true\n",
            f"{hexo}/hello.md": "# Hello\n\n{% note warning Careful %}\nHexo **note**.\n"
            "{% endnote %}\n\n{% asset_img diagram.png The diagram %}\n",
            f"{hexo}/hello/diagram.png": PNG,
        },
    )
    assert dry_run(root, tmp_path, monkeypatch) == 0
    html = (root / f".medium/preview/{hexo}/hello.html").read_text(encoding="utf-8")
    assert "<strong>Careful</strong>" in html
    assert "{%" not in html
    # found in the asset folder (a missing image fails the post), shown with its caption
    assert "<figcaption>The diagram</figcaption>" in html


def test_the_dialect_setting_overrides_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    write_files(
        root,
        {
            "hugo.toml": 'baseURL = "https://x.test/"\n',
            "content/a.md": "# A\n\nLead.\n{: .lead }\n\nText {# aside #} on.\n",
        },
    )
    assert dry_run(root, tmp_path, monkeypatch, MEDIUM_DIALECT="jekyll") == 0
    html = (root / ".medium/preview/content/a.html").read_text(encoding="utf-8")
    assert "{: .lead }" not in html
    assert "{# aside #}" in html  # Nunjucks comments are Eleventy's, not Jekyll's


@pytest.mark.parametrize("code", CODE_SAMPLES[:3] + CODE_SAMPLES[4:])
def test_code_in_components_is_byte_exact_in_the_markdown_format_too(code: str) -> None:
    from medium_action.rendering.markdown import render_markdown

    body = (
        "<Sandpack>\n\n```js\n"
        + code
        + "\n```\n\n</Sandpack>\n\n<Tabs>\n  <TabItem label='a'>\n"
        + indented("```js\n" + code + "\n```", "    ")
        + "\n  </TabItem>\n</Tabs>\n"
    )
    sent = render_markdown(parse_post(body), title="T").content
    # Medium parses what is sent: its code blocks are the post's
    assert codes(parse_post(sent)) == [code + "\n", code + "\n"]


def test_indentation_in_components_is_layout_not_code() -> None:
    # MDX has no indented code: a line indented past the others inside a component is text
    post = parse_post("<Note>\nFirst.\n\n        Indented text.\n</Note>\n")
    assert codes(post) == []
    assert "Indented text." in str(post.tokens)


def test_a_post_of_unclosed_blocks_holds_no_other_post_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 19: a post of thousands of unclosed ':::' kept a run busy until its neighbour was
    never sent. Now it is read (each block runs to the end) and its neighbour is too."""
    root = tmp_path / "site"
    unclosed = "# Big\n\n" + ":::note\ntext\n\n" * 3000 + "<Note>\n" * 3000
    write_files(root, {"posts/big.md": unclosed, "posts/small.md": "# Small\n\nHello.\n"})
    assert dry_run(root, tmp_path, monkeypatch) == 0
    assert "Hello." in (root / ".medium/preview/posts/small.html").read_text(encoding="utf-8")
    big = (root / ".medium/preview/posts/big.html").read_text(encoding="utf-8")
    assert ":::" not in big
    assert "<Note>" not in big


def test_a_qmd_file_is_quarto_wherever_it_is_kept() -> None:
    from medium_action.rendering.dialects.choose import choose

    assert choose("auto", None, "Plain text.", "notes/post.QMD") == "quarto"
    assert choose("auto", "hugo", "Plain text.", "post.qmd") == "hugo"  # the site's files first
    assert choose("auto", None, "Plain text.", "qmd/post.md") is None


def test_an_mdx_file_is_mdx_unless_the_site_says_which_framework() -> None:
    from medium_action.rendering.dialects.choose import choose

    assert choose("auto", None, "Plain text.", "blog/post.mdx") == "mdx"
    assert choose("auto", "starlight", "Plain text.", "docs/guide.mdx") == "starlight"


def test_an_mdx_file_is_read_in_an_mdx_framework_never_in_another_guessed_from_its_text() -> None:
    from medium_action.rendering.dialects.choose import choose, post_dialect

    body = "See [[a note]] here.\n"  # Obsidian's syntax, by the text alone
    assert post_dialect(body) == "obsidian"
    assert choose("auto", None, body, "blog/post.mdx") == "mdx"
    assert choose("auto", None, body, "blog/post.md") == "obsidian"


# ---------------------------------------------------------------------- what containers share


def test_closing_line_skips_nested_blocks_and_code_and_says_none_when_unclosed() -> None:
    from medium_action.rendering.dialects.containers import closing_line

    def kind(line: str) -> str | None:
        text = line.strip()
        return "close" if text == ":::" else "open" if text.startswith(":::") else None

    src = "a\n::: inner\nb\n:::\n```\n:::\n```\n:::\nafter\n"
    end = closing_line(src, 0, kind)
    assert end is not None and src[end[0] : end[1]] == ":::\n"
    assert src[: end[0]].endswith("```\n:::\n```\n")  # the nested close and the fenced one
    assert closing_line("a\n::: inner\n:::\n", 0, kind) is None


def test_every_dialects_callout_is_one_token_shape() -> None:
    from medium_action.rendering.dialects.containers import callout_token

    children = [{"type": "paragraph", "text": "Body."}]
    plain = callout_token("a *b*", children)
    marked = callout_token("a [link](u)", children, markdown=True)
    parsed = callout_token([{"type": "text", "raw": "T"}], children)
    for token in (plain, marked, parsed):
        assert token["type"] == "block_quote" and token["children"][1:] == children
        assert token["children"][0]["children"][0]["type"] == "strong"
    assert plain["children"][0]["children"][0]["text"] == "a \\*b\\*"  # text, not emphasis
    assert marked["children"][0]["children"][0]["text"] == "a [link](u)"
    assert callout_token(None, children) == {"type": "block_quote", "children": children}
