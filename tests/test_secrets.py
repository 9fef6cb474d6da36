"""No token in any byte written: every failure path run with recognisable secrets, then grepped.

The Medium token, the refresh token, the client secret, the access token the refresh flow gives
and the GitHub token are looked for in stdout, stderr, every file the run could write (state
file, previews, outputs, summary, output-json) and everything sent to GitHub's comments. The
one allowed appearance is the `::add-mask::` line that hides the derived access token.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from fake_github import FakeGitHub
from gitrepo import GitRepo, push_event
from helpers import run_cli

from medium_action.cli import main
from medium_action.cli import publish as publish_command
from medium_action.errors import UncertainOutcomeError
from medium_action.medium.client import MediumClient
from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import (
    DEFAULT_TOKEN,
    REVOKED_TOKEN,
    SANDBOX_CLIENT_ID,
    SANDBOX_CLIENT_SECRET,
    SANDBOX_REFRESH_TOKEN,
)

UNKNOWN_TOKEN = "feedfacefeedfacefeedfacefeedface7"
WRONG_SECRET = "5ec2e7wrong5ec2e7wrong5ec2e7wrong"
URL_PASSWORD = "hunter2urlpassword"
POSTS = "POST /v1/users/*/posts"

Scenario = Callable[[SandboxServer, FakeGitHub], dict[str, str]]

SCENARIOS: dict[str, Scenario] = {
    "success": lambda s, g: {},
    "revoked token": lambda s, g: {"INPUT_TOKEN": REVOKED_TOKEN},
    "unknown token": lambda s, g: {"INPUT_TOKEN": UNKNOWN_TOKEN},
    "refresh flow": lambda s, g: {
        "INPUT_TOKEN": "",
        "INPUT_REFRESH-TOKEN": SANDBOX_REFRESH_TOKEN,
        "INPUT_CLIENT-ID": SANDBOX_CLIENT_ID,
        "INPUT_CLIENT-SECRET": SANDBOX_CLIENT_SECRET,
    },
    "refresh refused": lambda s, g: {
        "INPUT_TOKEN": "",
        "INPUT_REFRESH-TOKEN": SANDBOX_REFRESH_TOKEN,
        "INPUT_CLIENT-ID": SANDBOX_CLIENT_ID,
        "INPUT_CLIENT-SECRET": WRONG_SECRET,
    },
    "5xx on post": lambda s, g: (s.sandbox.inject(POSTS, [503]), {})[1],
    "400 on post": lambda s, g: (s.sandbox.inject(POSTS, [400]), {})[1],
    "lost answer": lambda s, g: (s.sandbox.inject(POSTS, drop=True), {})[1],
    "html page": lambda s, g: (s.sandbox.inject("GET /v1/me", [403], html=True), {})[1],
    "comments denied": lambda s, g: (setattr(g, "deny_writes", True), {})[1],
    "github token refused": lambda s, g: {"INPUT_GITHUB-TOKEN": "ghs_refusedtoken0123456789abcdef"},
    "bad setting": lambda s, g: {"INPUT_LICENSE": "whatever"},
    "token pasted with its newline": lambda s, g: {"INPUT_TOKEN": f" {DEFAULT_TOKEN}\n"},
    "password in the api-url": lambda s, g: {
        "INPUT_API-URL": s.url.replace("http://", f"http://writer:{URL_PASSWORD}@")
    },
    "dry run": lambda s, g: {"INPUT_DRY-RUN": "true"},
    "debug": lambda s, g: {"RUNNER_DEBUG": "1", "INPUT_PUBLICATION": "nope"},
}
SECRETS = [
    DEFAULT_TOKEN,
    REVOKED_TOKEN,
    UNKNOWN_TOKEN,
    SANDBOX_REFRESH_TOKEN,
    SANDBOX_CLIENT_SECRET,
    WRONG_SECRET,
    "ghs_faketoken0123456789abcdefABCDEF",
    "ghs_refusedtoken0123456789abcdef",
    URL_PASSWORD,
]


def _pushed_repository(tmp_path: Path) -> tuple[GitRepo, Path, str]:
    """A clone whose last push added two posts, and that push's event file."""
    origin = GitRepo.init(tmp_path / "origin")
    origin.write("README.md", "# Blog\n")
    base = origin.commit("init")
    origin.write("posts/one.md", "---\ntags: [a]\n---\n# One\n\nText.\n")
    origin.write("posts/two.md", "# Two\n\n![img](https://example.com/x.png)\n")
    head = origin.commit("posts")
    clone = origin.clone(tmp_path / "clone")
    event = tmp_path / "event.json"
    event.write_text(json.dumps(push_event(base, head)))
    return clone, event, head


def _github_run(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> tuple[GitRepo, Path, dict[str, str]]:
    clone, event, head = _pushed_repository(tmp_path)
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(clone.path),
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_SHA": head,
        "GITHUB_REPOSITORY": github.repository,
        "GITHUB_API_URL": github.url,
        "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
        "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"),
        "GIT_CONFIG_GLOBAL": str(git_env / ".gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "INPUT_TOKEN": DEFAULT_TOKEN,
        "INPUT_API-URL": sandbox.url,
        "INPUT_GITHUB-TOKEN": github.token,
        "INPUT_OUTPUT-JSON": "result.json",
    }
    return clone, event, env


def _everything_written(
    tmp_path: Path, event: Path, github: FakeGitHub, stdout: str, stderr: str
) -> tuple[str, list[str]]:
    """Every byte the run wrote (but the ``::add-mask::`` lines), and the masked values."""
    masks = {line for line in stdout.splitlines() if line.startswith("::add-mask::")}
    written = "\n".join(line for line in stdout.splitlines() if line not in masks)
    written += stderr
    for path in tmp_path.rglob("*"):
        if path.is_file() and ".git" not in path.parts and path != event:
            written += path.read_text(errors="replace")
    for request in github.request_log:
        written += json.dumps(request.get("body"))
    written += json.dumps(github.comments)
    # Markdown and JSON escape with backslashes (``ghs\\_...``); a secret escaped is still leaked.
    written += written.replace("\\", "")
    return written, [line.removeprefix("::add-mask::") for line in masks]


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_no_secret_in_anything_written(
    name: str, tmp_path: Path, git_env: Path, sandbox: SandboxServer, github: FakeGitHub
) -> None:
    clone, event, env = _github_run(tmp_path, git_env, sandbox, github)
    env.update(SCENARIOS[name](sandbox, github))
    done = run_cli([], cwd=clone.path, env=env)
    assert done.returncode in (0, 1, 2)

    written, derived = _everything_written(tmp_path, event, github, done.stdout, done.stderr)
    if name == "refresh flow":
        assert len(derived) == 1
    if name == "token pasted with its newline":
        assert done.returncode == 0, done.stdout + done.stderr
        assert len(sandbox.sandbox.posts) == 2
    for secret in [*SECRETS, *derived]:
        assert secret not in written, f"{name}: a secret leaked"


def test_a_secret_inside_an_error_is_redacted_from_every_byte_written(
    tmp_path: Path,
    git_env: Path,
    sandbox: SandboxServer,
    github: FakeGitHub,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The net under every path: a library's error quoting the token and a URL password reaches
    the log, the annotations, the outputs, the summary, output-json and the commit comment,
    each with the secret masked."""
    clone, event, env = _github_run(tmp_path, git_env, sandbox, github)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.chdir(clone.path)
    leak = (
        f"Illegal header value b'Bearer {DEFAULT_TOKEN}' for "
        f"https://writer:{URL_PASSWORD}@proxy.example/v1 (github {github.token})"
    )

    def create_post(*args: object, **kwargs: object) -> None:
        raise UncertainOutcomeError(leak)

    monkeypatch.setattr(MediumClient, "create_post", create_post)
    status = main([])
    out, err = capsys.readouterr()

    assert status == 1
    written, _ = _everything_written(tmp_path, event, github, out, err)
    for secret in (DEFAULT_TOKEN, URL_PASSWORD, github.token):
        assert secret not in written
    masked = "Illegal header value b'Bearer ***' for https://***@proxy.example/v1 (github ***)"
    assert masked in out
    # masked first, then the summary's table cells escape Markdown (``\\*``) and keep @ from
    # pinging anyone
    from medium_action.reporting.tables import cell

    summary = (tmp_path / "summary.md").read_text()
    assert cell(masked)[:36] in summary  # the summary shortens long reasons in the middle
    assert masked in (tmp_path / "output.txt").read_text()
    assert masked in (clone.path / "result.json").read_text()
    bodies = [comment["body"] for comment in github.comments]
    assert any(cell(masked)[:36] in body for body in bodies), bodies


def test_a_traceback_in_debug_mode_is_redacted(
    tmp_path: Path,
    git_env: Path,
    sandbox: SandboxServer,
    github: FakeGitHub,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, _, env = _github_run(tmp_path, git_env, sandbox, github)
    for name, value in {**env, "RUNNER_DEBUG": "1"}.items():
        monkeypatch.setenv(name, value)

    def select_files(*args: object, **kwargs: object) -> None:
        raise RuntimeError(f"boom with {DEFAULT_TOKEN}")

    monkeypatch.setattr(publish_command, "select_files", select_files)
    assert main([]) == 1
    out, err = capsys.readouterr()
    assert "Traceback" in err and "RuntimeError: boom with ***" in err
    assert "this is a bug, please report it" in out
    assert DEFAULT_TOKEN not in out + err


ODD_TOKEN = "ghp_a&b<c>d@e#f'g\"h_0123456789abcdefghij"
"""A github-token with every character a report escapes: &, <, >, @, #, quotes."""


@pytest.mark.parametrize("padding", [0, 260, 275, 290])
def test_a_secret_is_redacted_before_it_is_escaped_or_cut(
    tmp_path: Path,
    git_env: Path,
    sandbox: SandboxServer,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    padding: int,
) -> None:
    """Issue 19, case 15: the summary and the comment escape (``&amp;``, ``@`` + zero-width
    space) and cut cells at 300 characters; a secret must be masked before either, or what is
    written is no longer the secret the redactor looks for."""
    import html

    from medium_action.reporting.tables import cell

    with FakeGitHub(token=ODD_TOKEN) as github:
        clone, event, env = _github_run(tmp_path, git_env, sandbox, github)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        monkeypatch.chdir(clone.path)
        leak = "x" * padding + f" the proxy said: Authorization: token {ODD_TOKEN} " * 3

        def create_post(*args: object, **kwargs: object) -> None:
            raise UncertainOutcomeError(leak)

        monkeypatch.setattr(MediumClient, "create_post", create_post)
        assert main([]) == 1
        out, err = capsys.readouterr()
        written, _ = _everything_written(tmp_path, event, github, out, err)
        assert github.comments, "the comment lists the failures"
    forms = {
        ODD_TOKEN,
        html.escape(ODD_TOKEN),
        html.escape(ODD_TOKEN, quote=False),
        cell(ODD_TOKEN),
        json.dumps(ODD_TOKEN)[1:-1],
    }
    for form in forms:
        for piece in (form[:10], form[-10:]):
            assert piece not in written, (form, piece)
    summary = (tmp_path / "summary.md").read_text()
    assert "Authorization: token \\*\\*\\*" in summary or "token ***" in summary
