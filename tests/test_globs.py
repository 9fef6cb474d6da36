"""Glob semantics (gitignore's), table-tested on inline strings; ``expand`` on a real tree."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from medium_action.errors import ConfigError
from medium_action.settings import load_settings
from medium_action.sources.globs import expand, expand_braces, is_selected, matches
from medium_action.values import split_patterns

DEFAULT_INCLUDE = ["**/*.md", "**/*.markdown"]
DEFAULT_EXCLUDE = [
    "**/README.md",
    "**/CHANGELOG.md",
    "**/LICENSE.md",
    ".github/**",
    "node_modules/**",
]

# (pattern, path, expected)
CASES = [
    # no slash: the name at any depth
    ("*.md", "a.md", True),
    ("*.md", "docs/a.md", True),
    ("*.md", "docs/deep/a.md", True),
    ("*.md", "a.markdown", False),
    ("*.md", "a.md.txt", False),
    ("README.md", "README.md", True),
    ("README.md", "docs/README.md", True),
    ("README.md", "docs/README.md.bak", False),
    ("a?.md", "ab.md", True),
    ("a?.md", "a.md", False),
    ("a?.md", "a/.md", False),
    # ** spans zero or more directories
    ("**/*.md", "a.md", True),
    ("**/*.md", "x/y/z/a.md", True),
    ("**/*.md", "a.txt", False),
    ("**/README.md", "README.md", True),
    ("**/README.md", "docs/README.md", True),
    ("**/README.md", "docs/NOT-README.md", False),
    ("docs/**/*.md", "docs/a.md", True),
    ("docs/**/*.md", "docs/x/y/a.md", True),
    ("docs/**/*.md", "other/docs/a.md", False),
    (".github/**", ".github/workflows/ci.md", True),
    (".github/**", ".github/a.md", True),
    (".github/**", "docs/.github/a.md", False),
    (".github/**", ".github", False),
    ("node_modules/**", "node_modules/pkg/README.md", True),
    ("node_modules/**", "src/node_modules/pkg/a.md", False),
    ("**", "anything/at/all.md", True),
    ("a**b.md", "axxb.md", True),  # ** inside a segment is a plain *
    ("a**b.md", "ax/xb.md", False),
    # a slash anchors at the root
    ("docs/*.md", "docs/a.md", True),
    ("docs/*.md", "docs/x/a.md", False),
    ("docs/*.md", "site/docs/a.md", False),
    ("/*.md", "a.md", True),
    ("/*.md", "docs/a.md", False),
    ("./*.md", "a.md", True),
    ("./*.md", "docs/a.md", False),
    ("/README.md", "docs/README.md", False),
    # a directory matches what is below it
    ("drafts/", "drafts/a.md", True),
    ("drafts/", "x/drafts/a.md", True),
    ("drafts/", "drafts.md", False),
    ("node_modules", "node_modules/x/y.md", True),
    ("node_modules", "a/node_modules/y.md", True),
    ("docs/private", "docs/private/a.md", True),
    ("docs/private", "docs/privateer.md", False),
    # character classes and escapes
    ("post-[0-9].md", "post-7.md", True),
    ("post-[0-9].md", "post-x.md", False),
    ("post-[!0-9].md", "post-x.md", True),
    ("post-[!0-9].md", "post-7.md", False),
    ("post-[^0-9].md", "post-x.md", True),
    ("[ab].md", "a.md", True),
    ("[ab].md", "c.md", False),
    ("[ab.md", "[ab.md", True),  # no closing bracket: literal
    (r"\*.md", "*.md", True),
    (r"\*.md", "a.md", False),
    # names with spaces, quotes, unicode
    ("*.md", 'my notes/it\'s a "post".md', True),
    ("**/café *.md", "blog/café au lait.md", True),
    ("日本/*.md", "日本/記事.md", True),
    # case-sensitive; dots are literal; empty patterns match nothing
    ("*.MD", "a.md", False),
    ("a.md", "aXmd", False),
    ("", "a.md", False),
    ("/", "a.md", False),
    ("./", "a.md", False),
    ("docs/", "docs/a.md", True),
    ("/docs/", "x/docs/a.md", False),
]


@pytest.mark.parametrize(("pattern", "path", "expected"), CASES)
def test_matches(pattern: str, path: str, expected: bool) -> None:
    assert matches(path, pattern) is expected


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("post.md", True),
        ("blog/2024/post.markdown", True),
        ("README.md", False),
        ("docs/README.md", False),
        ("CHANGELOG.md", False),
        ("LICENSE.md", False),
        (".github/ISSUE_TEMPLATE/bug.md", False),
        ("node_modules/lib/guide.md", False),
        ("notes.txt", False),
        ("images/cat.png", False),
    ],
)
def test_is_selected_with_the_defaults(path: str, expected: bool) -> None:
    assert is_selected(path, DEFAULT_INCLUDE, DEFAULT_EXCLUDE) is expected


def test_an_empty_include_selects_nothing() -> None:
    assert not is_selected("a.md", [], [])
    assert is_selected("a.md", ["*.md"], [])


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    for name in [
        "a.md",
        "README.md",
        "docs/b.md",
        "docs/deep/c.md",
        "docs/image.png",
        'my notes/it\'s a "post".md',
        "odd[1].md",
        "café.md",
        ".git/HEAD.md",
        "node_modules/x/y.md",
    ]:
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("# x\n", encoding="utf-8")
    return root


def test_expand_globs_and_plain_paths(workspace: Path) -> None:
    files, unmatched = expand(workspace, ["docs/*.md", "a.md", "nothing/*.md", "missing.md"])
    assert files == ["a.md", "docs/b.md"]
    assert unmatched == ["nothing/*.md", "missing.md"]


def test_expand_no_slash_glob_matches_at_any_depth_and_skips_git(workspace: Path) -> None:
    files, _ = expand(workspace, ["*.md"])
    assert files == [
        "README.md",
        "a.md",
        "café.md",
        "docs/b.md",
        "docs/deep/c.md",
        'my notes/it\'s a "post".md',
        "node_modules/x/y.md",
        "odd[1].md",
    ]
    top, _ = expand(workspace, ["./*.md", "./a.md"])
    assert top == ["README.md", "a.md", "café.md", "odd[1].md"]


def test_expand_takes_an_existing_path_as_is(workspace: Path) -> None:
    # "odd[1].md" would be a character class as a glob; it exists, so it is that file.
    files, unmatched = expand(workspace, ["odd[1].md", 'my notes/it\'s a "post".md', "./a.md"])
    assert files == ["a.md", 'my notes/it\'s a "post".md', "odd[1].md"]
    assert unmatched == []


def test_expand_a_directory_stands_for_its_files(workspace: Path) -> None:
    files, _ = expand(workspace, ["docs"])
    assert files == ["docs/b.md", "docs/deep/c.md", "docs/image.png"]


def test_expand_dedupes_sorts_and_ignores_blank_patterns(workspace: Path) -> None:
    files, unmatched = expand(workspace, ["docs/b.md", " ", "**/b.md", "docs/**"])
    assert files == ["docs/b.md", "docs/deep/c.md", "docs/image.png"]
    assert unmatched == []


def test_expand_never_returns_git_internals(workspace: Path) -> None:
    files, unmatched = expand(workspace, [".git/HEAD.md", "**/HEAD.md"])
    assert files == []
    assert unmatched == [".git/HEAD.md", "**/HEAD.md"]


@pytest.mark.parametrize(
    "pattern", ["../secret.md", "docs/../../x.md", "../**/*.md", "/etc/passwd"]
)
def test_expand_refuses_to_leave_the_workspace(workspace: Path, pattern: str) -> None:
    with pytest.raises(ConfigError, match="files: ") as info:
        expand(workspace, [pattern])
    assert repr(pattern) in str(info.value)


def test_expand_accepts_an_absolute_path_inside_the_workspace(workspace: Path) -> None:
    files, unmatched = expand(workspace, [str(workspace / "docs" / "b.md"), f"{workspace}/*.md"])
    assert files == ["README.md", "a.md", "café.md", "docs/b.md", "odd[1].md"]
    assert unmatched == []


def test_expand_symlinks_out_of_the_workspace(workspace: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text("token\n", encoding="utf-8")
    os.symlink(secret, workspace / "link.md")
    os.symlink(workspace / "a.md", workspace / "inside.md")
    files, _ = expand(workspace, ["*.md"])
    assert "link.md" in files  # named, so the publisher can refuse it and say so
    assert "inside.md" in files
    assert expand(workspace, ["link.md"]) == (["link.md"], [])


# -- braces ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("posts/{a,b}.md", ["posts/a.md", "posts/b.md"]),
        ("{a,{b,c}}/{x,y}", ["a/x", "a/y", "b/x", "b/y", "c/x", "c/y"]),
        ("*.{md,markdown}", ["*.md", "*.markdown"]),
        ("{a}.md", ["{a}.md"]),  # no comma: literal, as in the shell
        ("a{b,c.md", ["a{b,c.md"]),  # unclosed: literal
        ("\\{a,b}.md", ["\\{a,b}.md"]),  # escaped
        ("{a,}.md", ["a.md", ".md"]),
    ],
)
def test_expand_braces(pattern: str, expected: list[str]) -> None:
    assert expand_braces(pattern) == expected


def test_brace_globs_match_either_alternative() -> None:
    assert matches("posts/a.md", "posts/{a,b}.md")
    assert matches("posts/b.md", "posts/{a,b}.md")
    assert not matches("posts/c.md", "posts/{a,b}.md")
    assert matches("x/y.markdown", "*.{md,markdown}")
    assert is_selected("drafts/2024/x.md", ["{drafts,posts}/**/*.md"], [])


def test_too_many_alternatives_is_a_configuration_error() -> None:
    with pytest.raises(ConfigError, match="more than 1000"):
        matches("a", "{a,b}" * 11)


def test_a_list_setting_is_not_split_inside_braces() -> None:
    assert split_patterns("posts/{a,b}.md, notes/*.md\nx,y") == [
        "posts/{a,b}.md",
        "notes/*.md",
        "x",
        "y",
    ]
    settings = load_settings({}, {"MEDIUM_FILES": "docs/{b,deep/c}.md,a.md", "MEDIUM_DRY_RUN": "1"})
    assert settings.files == ["docs/{b,deep/c}.md", "a.md"]


def test_expand_files_with_braces(workspace: Path) -> None:
    files, unmatched = expand(workspace, ["docs/{b,deep/c}.md", "{a,zzz}.md", "{q,z}.md"])
    assert files == ["a.md", "docs/b.md", "docs/deep/c.md"]
    assert unmatched == ["{q,z}.md"]
    with pytest.raises(ConfigError, match=r"\.\."):
        expand(workspace, ["docs/{b,../../x}.md"])
