"""mkdocs-macros (dialects/mkdocs_macros.py): a site's values and logic in its MkDocs pages,
only where the site enables the plugin; elsewhere ``{{ }}`` is the page's text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from medium_action.rendering.dialects.mkdocs_macros import macros_names, macros_options
from medium_action.rendering.post import parse_post
from medium_action.rendering.render import render_html

CONFIG = """\
site_name: Docs
plugins:
  - search
  - macros:
      include_yaml:
        - data/people.yml
        - repos: data/repos.yml
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  version: '2.1'
  analytics:
    provider: google
"""


@pytest.mark.parametrize(
    ("config", "enabled"),
    [
        ({"plugins": ["search", "macros"]}, True),
        ({"plugins": [{"macros": {"module_name": "main"}}]}, True),
        ({"plugins": {"macros": None, "search": None}}, True),
        ({"markdown_extensions": {"zensical.extensions.macros": None}}, True),
        ({"markdown_extensions": ["zensical.extensions.macros"]}, True),
        ({"plugins": ["search", "mike"]}, False),
        ({"plugins": [{"macros": {"enabled": False}}]}, False),
        ({"plugins": [{"macros": {"j2_variable_start_string": "[["}}]}, False),
        ({}, False),
    ],
)
def test_the_plugin_is_on_only_where_the_site_enables_it(
    config: dict[str, Any], enabled: bool
) -> None:
    assert (macros_options(config) is not None) is enabled


def test_a_page_the_plugin_does_not_render_has_no_names() -> None:
    on = {"plugins": ["macros"], "extra": {"v": 1}}
    off_by_default = {"plugins": [{"macros": {"render_by_default": False}}], "extra": {"v": 1}}
    assert macros_names(on, {}) is not None
    assert macros_names(on, {"render_macros": False}) is None
    assert macros_names(off_by_default, {}) is None
    assert macros_names(off_by_default, {"render_macros": True}) is not None


def test_names_are_extra_config_and_included_yaml() -> None:
    config = {
        "site_name": "S",
        "plugins": [{"macros": {"include_yaml": ["a.yml", {"b": "b.yml"}]}}],
        "extra": {"version": "1"},
    }
    files = {"a.yml": {"people": ["x"]}, "b.yml": {"n": 2}}
    names = macros_names(config, {}, lambda path: files[path])
    assert names is not None
    assert names["version"] == "1" and names["people"] == ["x"] and names["b"] == {"n": 2}
    assert names["config"]["site_name"] == "S"


def _site(tmp_path: Path, config: str = CONFIG, folder: str = "") -> Path:
    site = tmp_path / folder
    (site / "data").mkdir(parents=True)
    (site / "mkdocs.yml").write_text(config)
    (site / "data" / "people.yml").write_text("people:\n  - name: Ada\n  - name: Linus\n")
    (site / "data" / "repos.yml").write_text("repos:\n  - name: r1\n    stars: 5\n")
    return tmp_path


BODY = """\
# Title

Version {{ version }} of {{ config.site_name }} ({{ config.extra.analytics.provider }}).

{% for person in people %}
- {{ person.name }}
{% endfor %}

{% for repo in repos.repos %}
{{ repo.name }} has {{ repo.stars }} stars.
{% endfor %}

{% if version == "2.1" %}
Current.
{% else %}
Old.
{% endif %}

Made with {{ macros_info() }} and {{ unknown_name }}.

`{{ version }}` in code.
"""


@pytest.mark.parametrize("folder", ["", "docs/en"])
def test_values_and_logic_are_run_where_the_plugin_is_on(tmp_path: Path, folder: str) -> None:
    # FastAPI's mkdocs.yml is docs/en/mkdocs.yml: the nearest one above the page is the site's
    root = _site(tmp_path, folder=folder)
    page = f"{folder}/docs/index.md".lstrip("/")
    post = parse_post(BODY, "mkdocs", workspace=root, article_path=page)
    out = render_html(post, title="T")
    assert "<p>Version 2.1 of Docs (google).</p>" in out.content
    assert "<li>Ada</li>" in out.content and "<li>Linus</li>" in out.content
    assert "r1 has 5 stars." in out.content
    assert "Current." in out.content and "Old." not in out.content
    assert "<code>{{ version }}</code>" in out.content  # code is code
    body = out.content.replace("<code>{{ version }}</code>", "")
    assert "{{" not in body and "{%" not in body
    assert "<p>Made with  and .</p>" in out.content
    dropped = [w for w in post.template_warnings if "dropped" in w]
    assert any(w.startswith("line 19:") and "macros_info()" in w for w in dropped)
    assert any(w.startswith("line 19:") and "unknown_name" in w for w in dropped)


def test_front_matter_values_are_names_too(tmp_path: Path) -> None:
    root = _site(tmp_path)
    post = parse_post(
        "By {{ author }}.\n", "mkdocs", workspace=root, front_matter={"author": "Ada"}
    )
    assert "<p>By Ada.</p>" in render_html(post, title="T").content


@pytest.mark.parametrize(
    "config",
    [
        "site_name: Docs\nplugins:\n  - search\nextra:\n  version: '2.1'\n",
        "site_name: Docs\nplugins:\n  - macros:\n      render_by_default: false\n",
    ],
)
def test_without_the_plugin_braces_are_the_pages_text(tmp_path: Path, config: str) -> None:
    root = _site(tmp_path, config)
    post = parse_post("Version {{ version }}.\n", "mkdocs", workspace=root)
    assert "<p>Version {{ version }}.</p>" in render_html(post, title="T").content
    assert not any("dropped" in w for w in post.template_warnings)


def test_an_include_outside_the_workspace_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "secret.yml").write_text("token: s3cret\n")
    site = tmp_path / "repo"
    site.mkdir()
    (site / "mkdocs.yml").write_text("plugins:\n  - macros:\n      include_yaml: [../secret.yml]\n")
    post = parse_post("T {{ token }}.\n", "mkdocs", workspace=site)
    assert "s3cret" not in render_html(post, title="T").content
