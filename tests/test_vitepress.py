"""The VitePress dialect's reading of the workspace (code imports, the site's folder) and its
warnings; what it shows of a post alone is in tests/fixtures/render/vitepress.txt."""

from __future__ import annotations

from pathlib import Path

from medium_action.rendering.dialects.choose import nearest_site_dialect, site_dialect
from medium_action.rendering.render import parse_post, render_html


def put(root: Path, rel: str, text: str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def rendered(
    body: str, root: Path | None = None, article: str | None = None
) -> tuple[str, list[str]]:
    post = parse_post(
        body, "vitepress", workspace=root, article_path=article, front_matter={"title": "Guide"}
    )
    out = render_html(post, title="T")
    return out.content, list(out.warnings)


def test_the_site_is_its_vitepress_folder_at_the_root_or_above_the_post(tmp_path: Path) -> None:
    put(tmp_path, "docs/.vitepress/config.mts", "export default {}\n")
    assert site_dialect(tmp_path) is None
    assert site_dialect(tmp_path / "docs") == "vitepress"
    assert nearest_site_dialect(tmp_path, "docs/guide/a.md") == "vitepress"
    put(tmp_path / "other", ".vitepress/theme/index.ts", "export {}\n")  # a theme, no config
    assert site_dialect(tmp_path / "other") is None


def test_a_code_import_is_the_file_from_the_site_folder_or_the_post(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    put(root, "docs/.vitepress/config.ts", "export default {}\n")
    put(root, "docs/snippets/snippet.js", "export default function () {\n  // ..\n}\n")
    put(
        root,
        "docs/snippets/region.js",
        "// #region snippet\nfunction foo() {}\n// #endregion snippet\n\n// #region snippet.x\n"
        "no\n// #endregion\n<!-- #region snippet -->\nbar()\n<!-- #endregion snippet -->\n",
    )
    put(root, "docs/guide/near.cs", "class A {}\n")
    put(tmp_path, "secret.txt", "secret\n")
    body = (
        "<<< @/snippets/snippet.js{2}\n\n"
        "<<< @/snippets/region.js#snippet{1}\n\n"
        "<<< ./near.cs{1,2 c#:line-numbers}\n\n"
        "::: code-group\n\n<<< @/snippets/snippet.js [snippet.js]\n\n:::\n\n"
        "<<< @/snippets/gone.js\n\n"
        "<<< ../../../secret.txt\n\n"
        "```md\n<<< @/snippets/snippet.js\n```\n"
    )
    html, warnings = rendered(body, root, "docs/guide/import.md")
    assert html == (
        "<h1>T</h1>\n<pre>export default function () {\n  // ..\n}</pre>\n"
        "<pre>function foo() {}\nbar()</pre>\n<pre>class A {}</pre>\n"
        "<p><code>snippet.js</code></p>\n<pre>export default function () {\n  // ..\n}</pre>\n"
        "<pre>&lt;&lt;&lt; @/snippets/snippet.js</pre>\n"
    )
    assert warnings == [
        "line 13: code import @/snippets/gone.js dropped: not found in the workspace",
        "line 15: code import ../../../secret.txt dropped: not found in the workspace",
    ]
    post = parse_post("<<< ./near.cs{1,2 c#:line-numbers}\n", "vitepress", workspace=root,
                      article_path="docs/guide/import.md")  # fmt: skip
    assert [t["attrs"]["info"] for t in post.walk() if t["type"] == "block_code"] == ["c#"]


def test_a_computed_value_is_dropped_with_a_warning_naming_its_line() -> None:
    html, warnings = rendered("# {{ $frontmatter.title }}\n\nIntro.\n\nCount: {{ count }}.\n")
    assert html == "<h1>T</h1>\n<h1>Guide</h1>\n<p>Intro.</p>\n<p>Count:.</p>\n"
    assert warnings == ["line 5: {{ count }} dropped: a value the page computes"]


def test_raw_html_shows_its_values_and_keeps_v_pre_braces() -> None:
    body = (
        '<div class="x">\n<p>{{ $frontmatter.title }} {{ page }}</p>\n'
        "<p v-pre>{{ raw }}</p>\n</div>\n"
    )
    html, warnings = rendered(body)
    assert "Guide" in html and "{{ page }}" not in html and "{{ raw }}" in html
    assert warnings == ["line 2: {{ page }} dropped: a value the page computes"]


def test_an_unclosed_v_pre_runs_to_the_end_with_a_warning() -> None:
    html, warnings = rendered("Intro.\n\n::: v-pre\n{{ kept }}\n")
    assert html == "<h1>T</h1>\n<p>Intro.</p>\n<p>{{ kept }}</p>\n"
    assert warnings == ["line 3: ::: v-pre has no closing ':::': it runs to the end"]
