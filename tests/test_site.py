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
