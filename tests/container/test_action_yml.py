"""action.yml against the code: the same inputs, the same defaults, the same outputs; and the
README tables generated from it (tools/action_docs.py)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from medium_action.reporting.outputs import outputs
from medium_action.results import RunResult
from medium_action.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
ACTION: dict[str, Any] = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))


def _action_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("action_docs", ROOT / "tools" / "action_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_setting_is_an_input_and_nothing_else() -> None:
    fields = {name.replace("_", "-") for name in Settings.model_fields}
    assert set(ACTION["inputs"]) == fields


def test_every_input_is_described_and_optional() -> None:
    for name, spec in ACTION["inputs"].items():
        assert spec.get("description"), name
        # required: true would make actionlint and GitHub insist on it even for dry runs
        assert spec.get("required") is False, name
        assert "default" in spec, name


@pytest.mark.parametrize(
    "name", [n for n, s in ACTION["inputs"].items() if str(s.get("default", "")) != ""]
)
def test_action_yml_defaults_are_the_programs(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A default written in action.yml arrives as INPUT_<NAME>: it must mean the same as unset."""
    default = str(ACTION["inputs"][name]["default"])
    field = name.replace("-", "_")
    if "${{" in default:  # github-token: the run's token, which the program cannot know
        assert field == "github_token"
        return
    monkeypatch.setenv(f"INPUT_{name.upper()}", default)
    assert getattr(Settings(), field) == Settings.model_fields[field].get_default(
        call_default_factory=True
    )


def test_outputs_are_the_reports() -> None:
    assert set(ACTION["outputs"]) == set(outputs(RunResult()))
    for name, spec in ACTION["outputs"].items():
        assert spec.get("description"), name


def test_runs_the_dockerfile() -> None:
    assert ACTION["runs"] == {"using": "docker", "image": "Dockerfile"}
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert 'ENTRYPOINT ["python", "/app/entrypoint.py"]' in dockerfile
    assert not re.search(r"^\s*(USER|WORKDIR)\b", dockerfile, re.MULTILINE)


def test_docs_tables_replace_only_the_marked_blocks() -> None:
    docs = _action_docs()
    readme = (
        "intro\n<!-- inputs:start -->\nSTALE TABLE\n<!-- inputs:end -->\nmiddle\n"
        "<!-- outputs:start -->\n<!-- outputs:end -->\nend\n"
    )
    rendered = docs.render_into(readme, docs.blocks(ACTION))
    assert rendered.startswith("intro\n<!-- inputs:start -->\n| input | description | default |")
    assert "| `publish-status` |" in rendered and "| `count` |" in rendered
    assert "STALE TABLE" not in rendered and rendered.endswith("<!-- outputs:end -->\nend\n")
    assert docs.render_into(rendered, docs.blocks(ACTION)) == rendered


def test_readme_tables_are_current() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    if "<!-- inputs:start -->" not in readme:
        pytest.skip("README.md has no <!-- inputs:start --> marker yet")
    assert _action_docs().main(["--check", str(ROOT / "README.md")]) == 0
