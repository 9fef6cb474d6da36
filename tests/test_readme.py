"""The README is part of the product: its first screen says what to paste and what to run, and
it documents every command the program has."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from medium_action.cli import COMMANDS

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
FIRST_SCREEN = "\n".join(README.splitlines()[:45])


def _first_yaml_block(text: str) -> str:
    found = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert found is not None, "no ```yaml block on the README's first screen"
    return found.group(1)


def test_the_first_screen_has_the_workflow_to_paste_then_both_setup_commands() -> None:
    workflow = yaml.safe_load(_first_yaml_block(FIRST_SCREEN))
    assert workflow["permissions"] == {"contents": "write", "actions": "read"}
    assert workflow["concurrency"]["group"] == "medium-publish"
    steps = workflow["jobs"]["publish"]["steps"]
    assert any(
        str(step.get("uses", "")).startswith("medium-publish/medium-publish@") for step in steps
    )
    workflow_at = FIRST_SCREEN.index("```yaml")
    demo_at, test_at = FIRST_SCREEN.find("make demo"), FIRST_SCREEN.find("make test")
    assert workflow_at < demo_at < test_at, "the workflow, then make demo, then make test"


def test_every_subcommand_is_shown_in_the_readme() -> None:
    missing = [name for name in COMMANDS if f"medium-publish {name}" not in README]
    if "publish" in missing and re.search(r"^medium-publish --files", README, re.MULTILINE):
        missing.remove("publish")  # the default command is shown without its name
    assert missing == []
    assert "medium-publish --version" in README
    assert "medium-publish help" in README


def test_the_ledger_advice_names_what_to_commit_and_what_to_ignore() -> None:
    snippet = re.search(r"```gitignore\n(.*?)```", README, re.DOTALL)
    assert snippet is not None
    rules = [line.strip() for line in snippet.group(1).splitlines()]
    ignored = [rule for rule in rules if rule and not rule.startswith("#")]
    assert ".medium/preview/" in ignored and ".medium/*.lock" in ignored
    assert not any(rule in (".medium/", ".medium", ".medium/*") for rule in ignored)


def test_every_yaml_block_parses() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", README, re.DOTALL)
    assert len(blocks) >= 4  # quick start, prebuilt image, GitLab, schedule, ledger dispatch
    for block in blocks:
        assert yaml.safe_load(block) is not None


def _slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def test_every_link_inside_the_readme_reaches_a_heading() -> None:
    anchors = {_slug(line.lstrip("#")) for line in README.splitlines() if line.startswith("#")}
    links = set(re.findall(r"\]\(#([^)]+)\)", README))
    assert links and links <= anchors, links - anchors


def test_the_workflow_on_the_first_screen_is_the_repositorys_own_file_byte_for_byte() -> None:
    root = Path(__file__).resolve().parent.parent
    shipped = (root / ".github/workflows/publish.yml").read_text(encoding="utf-8")
    assert _first_yaml_block(FIRST_SCREEN) == shipped


def test_the_version_is_one_and_the_first_screen_names_a_ref_that_exists() -> None:
    """pyproject, the package and the README say the same version; the first screen's `uses:`
    names `@vX` only once CHANGELOG.md has a released X.y.z section, `@main` before."""
    import tomllib

    from medium_action import __version__

    root = Path(__file__).resolve().parent.parent
    version = tomllib.loads((root / "pyproject.toml").read_text())["project"]["version"]
    assert __version__ == version
    assert f"This is medium-publish {version}" in README
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    released = re.findall(r"^## \[(\d+)\.\d+\.\d+\]", changelog, re.MULTILINE)
    ref = re.search(r"uses: medium-publish/medium-publish@(\S+)", FIRST_SCREEN)
    assert ref is not None
    if released:
        assert ref.group(1) == f"v{released[0]}"
        assert "not released yet" not in README
    else:
        assert ref.group(1) == "main" and "not released yet" in README
