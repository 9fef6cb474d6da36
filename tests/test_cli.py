"""The command line: subcommands, help generated from the settings, errors said once and
worded for where the run is, a missing FILE an error. In process through ``main`` (capsys),
and through the real entrypoint where the process boundary matters."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_cli, write

from medium_action.cli import COMMANDS, main, version

EXAMPLE = "---\ntitle: Hello\n---\n\nSome text.\n"


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    out = capsys.readouterr().out
    assert out == f"medium-publish {version()}\n"
    assert version().count(".") == 2


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["help"]) == 0
    out = capsys.readouterr().out
    for name in ("publish", "preview", "sandbox", "demo"):
        assert f"  {name} " in out
    assert main(["--help"]) == 0
    assert capsys.readouterr().out == out


def test_publish_help_shows_choices_and_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["help", "publish"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "--publish-status {draft,public,unlisted}" in out
    assert "One of: draft, public, unlisted. Default: draft. Env: MEDIUM_PUBLISH_STATUS." in out
    assert "Default: https://api.medium.com/v1." in out
    assert "Default: .medium/published.json." in out
    assert "cc-40-by-nc-nd" in out  # the license choices
    assert "VALUE VALUE" not in out


def test_preview_help_leaves_out_what_means_nothing_there(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["preview", "--help"]) == 0
    out = capsys.readouterr().out
    for flag in ("--api-url", "--github-token", "--force", "--since", "--token", "--dry-run"):
        assert flag not in out
    assert "--preview-dir" in out and "FILE" in out


def test_demo_help_is_plain_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--help"]) == 0
    out = capsys.readouterr().out
    assert "``" not in out and "examples/" in out


def test_a_flag_for_another_command_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["preview", "a.md", "--api-url", "http://x"]) == 2
    assert "unrecognized argument(s): --api-url" in capsys.readouterr().err


def test_an_unknown_command_names_it(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["pubish"]) == 2
    assert "unknown command 'pubish'" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "environ", "named"),
    [
        (["--publish-status", "published"], {}, "--publish-status"),
        ([], {"INPUT_PUBLISH-STATUS": "published"}, "INPUT_PUBLISH-STATUS"),
        ([], {"MEDIUM_PUBLISH_STATUS": "published"}, "MEDIUM_PUBLISH_STATUS"),
    ],
)
def test_a_bad_setting_is_named_as_given_and_said_once(
    argv: list[str],
    environ: dict[str, str],
    named: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    assert main(argv) == 2
    out = capsys.readouterr().out
    assert f"{named}" in out and "draft, public, unlisted" in out
    assert out.count("published'") == 1, out  # the error once, not again in the summary
    others = {"--publish-status", "INPUT_PUBLISH-STATUS", "MEDIUM_PUBLISH_STATUS"} - {named}
    assert not any(other in out for other in others)


def test_a_missing_token_is_explained_for_a_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main([]) == 2
    out = capsys.readouterr().out
    assert "set MEDIUM_TOKEN (or --token" in out and "--dry-run" in out
    assert "input" not in out and out.count("no Medium token") == 1


def test_a_missing_token_is_explained_for_github(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main([]) == 2
    out = capsys.readouterr().out
    assert "::error::no Medium token given: set the `token` input" in out
    assert "MEDIUM_TOKEN or --token" not in out and out.count("no Medium token") == 1


def test_preview_of_a_missing_file_fails_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["preview", "posts/nope.md"]) == 1
    out = capsys.readouterr().out
    assert "error: posts/nope.md: no such file" in out and "1 failed" in out


def test_preview_renders_the_files_that_exist_and_fails_for_the_one_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, {"posts/hello.md": EXAMPLE})
    monkeypatch.chdir(tmp_path)
    assert main(["preview", "posts/hello.md", "posts/nope.md"]) == 1
    out = capsys.readouterr().out
    assert (tmp_path / ".medium/preview/posts/hello.html").is_file()
    assert "posts/nope.md: no such file" in out
    assert "1 would be published" in out and "1 failed" in out


def test_preview_of_a_glob_matching_nothing_is_no_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["preview", "drafts/*.md"]) == 0


def test_a_plain_http_api_url_elsewhere_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Warned, not refused: the run goes on (and here stops at what it lacks: the token)."""
    monkeypatch.chdir(tmp_path)
    assert main(["--api-url", "http://medium.internal/v1"]) == 2
    out = capsys.readouterr().out
    assert "warning: api-url http://medium.internal/v1 is plain http" in out
    assert main(["--api-url", "http://127.0.0.1:9/v1"]) == 2
    assert "plain http" not in capsys.readouterr().out


def test_a_canonical_url_setting_that_is_not_http_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["--canonical-url", "javascript:alert(1)", "--dry-run"]) == 2
    assert "--canonical-url: the value 'javascript:alert(1)'" in capsys.readouterr().out


def test_a_new_command_is_one_function_and_one_registration(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from medium_action.cli import command

    @command("echo-test", "say the words", arguments=lambda p: p.add_argument("words", nargs="*"))
    def echo(options: object, environ: object) -> int:
        print(" ".join(options.words))  # type: ignore[attr-defined]
        return 0

    try:
        assert main(["echo-test", "a", "b"]) == 0
        assert capsys.readouterr().out == "a b\n"
        assert main(["help"]) == 0
        assert "echo-test" in capsys.readouterr().out
    finally:
        del COMMANDS["echo-test"]


def test_the_entrypoint_runs_subcommands(tmp_path: Path) -> None:
    done = run_cli(["--version"], cwd=tmp_path, env={}, fresh=True)  # a new interpreter
    assert done.returncode == 0 and done.stdout.startswith("medium-publish ")
    done = run_cli(["preview", "nope.md"], cwd=tmp_path, env={})
    assert done.returncode == 1 and "nope.md: no such file" in done.stdout
    done = run_cli(["help", "sandbox"], cwd=tmp_path, env={})
    assert done.returncode == 0 and "--port" in done.stdout


def test_the_entrypoint_says_a_bad_input_once(tmp_path: Path) -> None:
    done = run_cli([], cwd=tmp_path, env={"GITHUB_ACTIONS": "true", "INPUT_LICENSE": "mit"})
    assert done.returncode == 2
    assert done.stdout.count("INPUT_LICENSE") == 1, done.stdout
    assert done.stdout.startswith("::error::bad setting: INPUT_LICENSE (input `license`)")


def test_a_long_wait_asked_by_medium_is_said_before_it_happens(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from medium_action.cli.publish import announced_sleep
    from medium_action.log import Log

    waited: list[float] = []
    wait = announced_sleep(Log(github=False), sleep=waited.append)
    wait(0.4)  # a short backoff: silent
    wait(30)
    assert waited == [0.4, 30]
    assert capsys.readouterr().out.splitlines() == ["Medium asked to wait: trying again in 30 s"]


def test_publish_of_a_file_named_on_the_command_line_that_does_not_exist_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("MEDIUM_TOKEN", "0" * 32)
    monkeypatch.setenv("MEDIUM_API_URL", "http://127.0.0.1:9/v1")  # never reached
    assert main(["--files", "posts/nope.md,posts/typo.md"]) == 1
    out = capsys.readouterr().out
    assert "posts/nope.md: no such file" in out and "posts/typo.md: no such file" in out
    assert "2 failed" in out


def test_adopt_of_a_file_that_does_not_exist_records_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["adopt", "posts/nope.md", "https://medium.com/@me/p-1a2b3c4d5e6f"]) == 1
    assert "posts/nope.md: no such file" in capsys.readouterr().out
    assert not (tmp_path / ".medium/published.json").exists()
