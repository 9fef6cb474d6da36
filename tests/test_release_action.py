"""tools/release_action.py: the names a release pushes and tags, and the release commit's
action.yml, which must differ from main's by the `image:` line alone."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "release_action", ROOT / "tools" / "release_action.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


tool = _tool()
IMAGE = "ghcr.io/medium-publish/medium-publish:1.2.3"


def test_names_of_a_release_are_lowercase_and_without_the_v() -> None:
    names = tool.release_names("Medium-Publish/Medium_Publish", "v1.2.3")
    assert names.name == "ghcr.io/medium-publish/medium_publish"
    assert names.image == "ghcr.io/medium-publish/medium_publish:1.2.3"
    assert (names.version, names.major, names.prerelease) == ("1.2.3", "v1", False)
    assert names.output_lines() == (
        "name=ghcr.io/medium-publish/medium_publish\nversion=1.2.3\n"
        "image=ghcr.io/medium-publish/medium_publish:1.2.3\nmajor=v1\nprerelease=false\n"
    )


def test_a_prerelease_is_marked_so_that_the_major_tag_stays() -> None:
    names = tool.release_names("octo/action", "v12.0.0-rc.1")
    assert (names.version, names.major, names.prerelease) == ("12.0.0-rc.1", "v12", True)


@pytest.mark.parametrize("tag", ["1.2.3", "v1.2", "v1.2.3+build.5", "v01.2.3", "latest", "v1"])
def test_a_tag_that_is_not_a_version_is_refused(tag: str) -> None:
    with pytest.raises(tool.ReleaseError, match="not a version tag"):
        tool.release_names("octo/action", tag)


@pytest.mark.parametrize("repository", ["octo", "octo/action/extra", "octo/act ion", ""])
def test_a_repository_that_is_not_owner_slash_name_is_refused(repository: str) -> None:
    with pytest.raises(tool.ReleaseError, match="not OWNER/REPO"):
        tool.release_names(repository, "v1.0.0")


def _changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    assert len(old) == len(new)
    return [(a, b) for a, b in zip(old, new, strict=True) if a != b]


def test_the_real_action_yml_changes_by_its_image_line_alone() -> None:
    before = (ROOT / "action.yml").read_text(encoding="utf-8")
    after = tool.rewrite_image(before, IMAGE)
    assert _changed_lines(before, after) == [
        ("  image: Dockerfile\n", f"  image: docker://{IMAGE}\n")
    ]
    old: dict[str, Any] = yaml.safe_load(before)
    new: dict[str, Any] = yaml.safe_load(after)
    assert new["runs"] == {"using": "docker", "image": f"docker://{IMAGE}"}
    # what a `uses: docker://` step would lose and a release commit keeps: every default
    assert new["inputs"] == old["inputs"]
    assert new["inputs"]["github-token"]["default"] == "${{ github.token }}"
    assert {k: v for k, v in new.items() if k != "runs"} == {
        k: v for k, v in old.items() if k != "runs"
    }


def test_only_the_line_under_runs_is_rewritten_and_line_ends_are_kept() -> None:
    before = (
        "name: x\r\n"
        "inputs:\r\n"
        "  image:\r\n"
        "    description: not the runs image\r\n"
        "    default: Dockerfile\r\n"
        "# runs: a comment at the top level does not open or close the block\r\n"
        "runs:\r\n"
        "    using: docker\r\n"
        "    image: 'Dockerfile'  \r\n"
        "    args: [image: Dockerfile]\r\n"
        "outputs: {}\r\n"
    )
    after = tool.rewrite_image(before, IMAGE)
    assert _changed_lines(before, after) == [
        ("    image: 'Dockerfile'  \r\n", f"    image: docker://{IMAGE}\r\n")
    ]


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(f"runs:\n  using: docker\n  image: docker://{IMAGE}\n", id="already-released"),
        pytest.param("runs:\n  using: composite\n  steps: []\n", id="no-image"),
        pytest.param(
            "inputs:\n  a:\n    image: Dockerfile\nruns:\n  using: node20\n", id="not-runs"
        ),
        pytest.param("runs:\n  image: Dockerfile\n  image: Dockerfile\n", id="twice"),
        pytest.param("runs:\n  image: Dockerfile.release\n", id="another-file"),
    ],
)
def test_anything_but_one_dockerfile_line_under_runs_is_refused(text: str) -> None:
    with pytest.raises(tool.ReleaseError, match="expected one `image: Dockerfile` line"):
        tool.rewrite_image(text, IMAGE)


@pytest.mark.parametrize(
    "image",
    [
        "ghcr.io/Medium-Publish/medium-publish:1.2.3",  # ghcr.io refuses uppercase names
        "ghcr.io/medium-publish/medium-publish",  # no tag: whatever :latest is that day
        "docker://ghcr.io/medium-publish/medium-publish:1.2.3",
        "ghcr.io/medium-publish/medium-publish:1.2.3\nimage: Dockerfile",
        "ghcr.io/medium-publish/medium-publish:1.2.3+build",
    ],
)
def test_an_image_that_is_not_a_lowercase_tagged_reference_is_refused(image: str) -> None:
    with pytest.raises(tool.ReleaseError, match="not a lowercase registry reference"):
        tool.rewrite_image("runs:\n  image: Dockerfile\n", image)


def test_the_command_rewrites_in_place(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    action = tmp_path / "action.yml"
    action.write_bytes(b"name: x\r\nruns:\r\n  using: docker\r\n  image: Dockerfile\r\n")
    assert tool.main(["rewrite", str(action), IMAGE]) == 0
    assert action.read_bytes() == (
        f"name: x\r\nruns:\r\n  using: docker\r\n  image: docker://{IMAGE}\r\n".encode()
    )
    assert f"image: docker://{IMAGE}" in capsys.readouterr().out


def test_the_command_leaves_the_file_alone_when_it_refuses(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    action = tmp_path / "action.yml"
    released = f"runs:\n  using: docker\n  image: docker://{IMAGE}\n"
    action.write_text(released, encoding="utf-8")
    assert tool.main(["rewrite", str(action), "ghcr.io/octo/action:2.0.0"]) == 2
    assert action.read_text(encoding="utf-8") == released
    error = capsys.readouterr().err
    assert "found 0" in error and f"docker://{IMAGE}" in error


def test_the_names_command_prints_github_output_lines(capsys: pytest.CaptureFixture[str]) -> None:
    assert tool.main(["names", "--repository", "Octo/Action", "--tag", "v2.0.1"]) == 0
    lines = dict(line.split("=", 1) for line in capsys.readouterr().out.splitlines())
    assert lines == {
        "name": "ghcr.io/octo/action",
        "version": "2.0.1",
        "image": "ghcr.io/octo/action:2.0.1",
        "major": "v2",
        "prerelease": "false",
    }


def test_the_names_command_refuses_a_bad_tag_with_status_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert tool.main(["names", "--repository", "octo/action", "--tag", "main"]) == 2
    assert "'main' is not a version tag" in capsys.readouterr().err
