"""The blog's address from its generator's config (pure), and the reader of the workspace."""

from __future__ import annotations

from pathlib import Path

import pytest

from medium_action.errors import ConfigError
from medium_action.rendering.urls import on_site
from medium_action.settings import load_settings
from medium_action.sources.site import read_site_url, site_url_from_config


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("hugo.toml", 'baseURL = "https://example.org/"\ntitle = "x"\n', "https://example.org/"),
        ("config.yaml", "baseurl: https://example.org/blog/\n", "https://example.org/blog/"),
        ("config.json", '{"baseURL": "https://example.org"}', "https://example.org"),
        ("config.toml", 'base_url = "https://zola.example"\n', "https://zola.example"),
        (
            "_config.yml",
            "url: https://octo.github.io\nbaseurl: /blog\n",
            "https://octo.github.io/blog/",
        ),
        ("_config.yml", 'url: "https://jekyllrb.com"\nbaseurl: ""\n', "https://jekyllrb.com"),
        (
            "docusaurus.config.ts",
            "const config = {\n  title: 'X',\n  url: 'https://docs.example',\n"
            "  baseUrl: '/site/',\n};",
            "https://docs.example/site/",
        ),
        (
            "astro.config.mjs",
            "export default defineConfig({\n  site: 'https://astro.example',\n});",
            "https://astro.example",
        ),
        ("zola.toml", 'base_url = "https://abridge.example"\n', "https://abridge.example"),
        (
            "mkdocs.yml",  # Material's config: Python tags the site's build resolves
            "site_name: Docs\nsite_url: https://squidfunk.example/mkdocs-material/\n"
            "markdown_extensions:\n  - pymdownx.emoji:\n"
            "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
            "extra:\n  analytics:\n    property: !ENV GOOGLE_ANALYTICS_KEY\n",
            "https://squidfunk.example/mkdocs-material/",
        ),
        (
            "_quarto.yml",
            "project:\n  type: website\nwebsite:\n  title: Quarto\n  site-url: https://q.example\n",
            "https://q.example",
        ),
        (
            "zensical.toml",
            '[project]\nsite_name = "x"\nsite_url = "https://mkdocstrings.example/m"\n',
            "https://mkdocstrings.example/m",
        ),
        ("mkdocs.yml", "site_name: Docs\n", None),
        ("_quarto.yml", "website: none\n", None),
        # no address this action can use
        ("hugo.toml", 'baseURL = "/"\n', None),
        ("astro.config.mjs", "export default defineConfig({ site: process.env.SITE })", None),
        ("_config.yml", "url: [broken\n", None),
        ("config.toml", "title = 'no address'\n", None),
    ],
)
def test_site_url_from_each_generator(name: str, text: str, expected: str | None) -> None:
    assert site_url_from_config(name, text) == expected


def test_the_first_config_that_gives_an_address_wins(tmp_path: Path) -> None:
    assert read_site_url(tmp_path) is None
    (tmp_path / "config.toml").write_text('title = "x"\n')  # Hugo config without baseURL
    (tmp_path / "_config.yml").write_text("url: https://jekyll.example\n")
    assert read_site_url(tmp_path) == "https://jekyll.example"
    (tmp_path / "hugo.toml").write_text('baseURL = "https://hugo.example/"\n')
    assert read_site_url(tmp_path) == "https://hugo.example/"


def test_on_site_joins_a_root_path_once() -> None:
    assert on_site("https://x.org", "/a b.png") == "https://x.org/a%20b.png"
    assert on_site("https://x.org/blog/", "/img/a.png") == "https://x.org/blog/img/a.png"
    assert on_site("https://x.org/blog", "/blog/img/a.png") == "https://x.org/blog/img/a.png"


def test_site_url_setting_from_input_env_and_flag() -> None:
    assert load_settings(environ={"INPUT_SITE-URL": "https://a.example/"}).site_url == (
        "https://a.example/"
    )
    assert load_settings(environ={"MEDIUM_SITE_URL": "https://b.example"}).site_url
    assert load_settings({"site_url": "https://c.example"}).site_url == "https://c.example"
    assert load_settings(environ={"INPUT_SITE-URL": ""}).site_url is None
    with pytest.raises(ConfigError, match=r"MEDIUM_SITE_URL .*http\(s\) URL"):
        load_settings(environ={"MEDIUM_SITE_URL": "example.org"})


def test_a_jekyll_post_with_site_paths_publishes_with_its_image_and_absolute_links(
    tmp_path: Path,
) -> None:
    """End to end against the sandbox: Jekyll's {{ site.baseurl }} and relative_url paths are
    site-root paths, found in the site's folders (images) or placed on its address (links)."""
    from helpers import run_cli, write

    from medium_action.sandbox.server import SandboxServer
    from medium_action.sandbox.state import DEFAULT_TOKEN

    png = (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
        b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35"
        b"\x81\x84\x00\x00\x00\x00IEND\xaeB`\x82"
    )
    write(
        tmp_path,
        {
            "_config.yml": "url: https://blog.example.org\nbaseurl: /blog\n",
            "assets/chart.png": png,
            "_posts/2024-01-02-hello.md": (
                "---\ntitle: Hello\ndate: 2024-01-02 10:00:00 +0100\n---\n"
                "Read [about]({{ site.baseurl }}/about/) and "
                "[more]({{ '/more/' | relative_url }}).\n\n"
                "![Chart]({{ site.baseurl }}/assets/chart.png)\n"
            ),
        },
    )
    with SandboxServer() as sandbox:
        env = {
            "MEDIUM_TOKEN": DEFAULT_TOKEN,
            "MEDIUM_API_URL": sandbox.url,
            "MEDIUM_FILES": "_posts/*.md",
        }
        done = run_cli([], cwd=tmp_path, env=env)
        assert done.returncode == 0, done.stdout + done.stderr
        [post] = sandbox.sandbox.posts
        assert len(sandbox.sandbox.images) == 1  # the image, found in the site's folder
    content = post["content"]
    assert 'href="https://blog.example.org/blog/about/"' in content
    assert 'href="https://blog.example.org/blog/more/"' in content
    assert "{{" not in content and "/images/" in content  # the sandbox's URL for the upload
