"""Settings nobody defined: a misspelled MEDIUM_*/INPUT_* variable stops the run before any
request (did you mean...), an unknown one far from every setting is warned about, and no
variable's value is ever printed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import ROOT, read_outputs, write

from medium_action.cli import main
from medium_action.sandbox.server import DEFAULT_TOKEN, SandboxServer
from medium_action.settings import Settings
from medium_action.unknown_settings import (
    check_environment,
    edit_distance,
    find_unknown,
    known_variables,
    settings_variables,
)

POST = "---\ntitle: Hello\n---\n\nSome text.\n"
VALUE = "v4lue-that-must-never-be-printed"


@pytest.mark.parametrize(
    ("name", "meant"),
    [
        ("MEDIUM_DRYRUN", "MEDIUM_DRY_RUN"),
        ("MEDIUM_PUBLISH_STATS", "MEDIUM_PUBLISH_STATUS"),
        ("MEDIUM_PUBLISHSTATUS", "MEDIUM_PUBLISH_STATUS"),
        ("MEDIUM_DYR_RUN", "MEDIUM_DRY_RUN"),  # two letters swapped
        ("MEDIUM_DRY-RUN", "MEDIUM_DRY_RUN"),  # the input's spelling under the variable's prefix
        ("INPUT_DRY_RUN", "INPUT_DRY-RUN"),  # the variable's spelling under the input's prefix
        ("INPUT_PUBLISH-STAUS", "INPUT_PUBLISH-STATUS"),
        ("medium_dryrun", "MEDIUM_DRY_RUN"),  # the settings are read without regard to case
        ("MEDIUM_TOKN", "MEDIUM_TOKEN"),
        ("MEDIUM_STATEFILE", "MEDIUM_STATE_FILE"),
    ],
)
def test_a_misspelled_setting_stops_the_run_before_any_request(
    name: str,
    meant: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sandbox: SandboxServer,
) -> None:
    write(tmp_path, {"posts/a.md": POST})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MEDIUM_TOKEN", DEFAULT_TOKEN)
    monkeypatch.setenv("MEDIUM_API_URL", sandbox.url)
    monkeypatch.setenv("GITHUB_OUTPUT", str(tmp_path / "out.txt"))
    monkeypatch.setenv(name, VALUE)
    assert main(["--files", "posts/a.md"]) == 2
    out = capsys.readouterr().out
    assert f"{name} is not a setting: did you mean {meant}?" in out
    assert VALUE not in out
    assert sandbox.sandbox.requests == [] and sandbox.sandbox.posts == []
    outputs = read_outputs(tmp_path / "out.txt")
    assert json.loads(outputs["failed"]) == [] and outputs["count"] == "0"


def test_every_typo_is_named_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"a.md": POST})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MEDIUM_DRYRUN", "true")
    monkeypatch.setenv("MEDIUM_PUBLISH_STATS", "public")
    assert main(["--files", "a.md"]) == 2
    out = capsys.readouterr().out
    assert "MEDIUM_DRYRUN is not a setting: did you mean MEDIUM_DRY_RUN?" in out
    assert "MEDIUM_PUBLISH_STATS is not a setting: did you mean MEDIUM_PUBLISH_STATUS?" in out


def test_an_unknown_variable_far_from_every_setting_is_warned_about_and_the_run_goes_on(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    sandbox: SandboxServer,
) -> None:
    write(tmp_path, {"posts/a.md": POST})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MEDIUM_TOKEN", DEFAULT_TOKEN)
    monkeypatch.setenv("MEDIUM_API_URL", sandbox.url)
    monkeypatch.setenv("MEDIUM_HOMEPAGE_COLOUR", VALUE)
    monkeypatch.setenv("MEDIUM_DEBUG", "0")  # ours, not a setting: no word about it
    assert main(["--files", "posts/a.md"]) == 0
    out = capsys.readouterr().out
    assert "warning: MEDIUM_HOMEPAGE_COLOUR is not a setting of medium-publish" in out
    assert "MEDIUM_DEBUG" not in out and VALUE not in out
    assert len(sandbox.sandbox.posts) == 1


def test_a_github_step_with_an_input_action_yml_does_not_declare_stops_near_a_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("INPUT_DRYRUN", "true")
    monkeypatch.setenv("INPUT_TOKEN", "")  # declared and not given: GitHub passes ""
    assert main([]) == 2
    out = capsys.readouterr().out
    assert "::error::INPUT_DRYRUN is not a setting: did you mean INPUT_DRY-RUN?" in out


def test_an_empty_unknown_variable_changes_nothing_and_is_left_alone() -> None:
    known = settings_variables()
    assert find_unknown({"INPUT_DRYRUN": "", "MEDIUM_NOTHING_AT_ALL": ""}, known) == []
    assert check_environment({"INPUT_DRYRUN": "", "HOME": "/root", "PATH": "/bin"}) == []


def test_the_names_come_from_the_settings_model_so_a_new_setting_is_known_at_once() -> None:
    class Wider(Settings):
        dialect: str | None = None

    known = known_variables(Wider.model_fields)
    assert {"MEDIUM_DIALECT", "INPUT_DIALECT", "INPUT_PUBLISH-STATUS"} <= known
    assert find_unknown({"MEDIUM_DIALECT": "hugo"}, known) == []
    assert find_unknown({"MEDIUM_DIALCT": "hugo"}, known)[0].suggestion == "MEDIUM_DIALECT"
    assert all(
        f"INPUT_{name.replace('_', '-').upper()}" in settings_variables()
        for name in Settings.model_fields
    )


def test_every_medium_variable_the_package_reads_is_known() -> None:
    """A ``MEDIUM_*`` name read anywhere in the package (like MEDIUM_DEBUG) must never be
    called a typo."""
    read = set()
    for path in (ROOT / "medium_action").rglob("*.py"):
        read |= set(
            re.findall(
                r"(?:environ\.get\(|environ\[|getenv\()\s*[\"'](MEDIUM_[A-Z_]+)",
                path.read_text("utf-8"),
            )
        )
    assert read, "the pattern finds the names"
    assert read - settings_variables() == set()


def test_edit_distance_counts_a_swap_as_one_edit_and_stops_at_the_limit() -> None:
    assert edit_distance("DRY_RUN", "DYR_RUN", limit=2) == 1
    assert edit_distance("DRYRUN", "DRY_RUN", limit=2) == 1
    assert edit_distance("TAGS", "FORCE", limit=2) == 3
    assert edit_distance("A" * 5, "A" * 20, limit=2) == 3


def test_no_input_action_yml_declares_is_ever_taken_for_a_typo() -> None:
    """GitHub passes every declared input, with its default when the workflow gives none: each
    must be a name the settings model reads, or a GitHub run would stop on its own inputs."""
    import yaml

    declared = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))["inputs"]
    passed = {
        f"INPUT_{name.upper()}": str(spec.get("default", "")) for name, spec in declared.items()
    }
    assert (
        passed
        and find_unknown(
            {name: value or "x" for name, value in passed.items()}, settings_variables()
        )
        == []
    )
