"""One key per file and one place per API, however they are spelt (issue 19, cases 9 and 13).

``adopt`` and ``forget`` take FILE as a writer types it; a run looks files up by the path
``files`` normalises to. The API URL is the place a record belongs to: the same API written
another way (a default port, a trailing dot, upper case, another loopback spelling) must find
the same records, or the next run publishes the post again.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import state_records, write

from medium_action.cli.commands import dispatch
from medium_action.ledger.place import MEDIUM_API_URL, Place, normalize_api_url
from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "blog"
    write(root, {"posts/a.md": "# Alpha\n\nText.\n", "posts/b.md": "# Beta\n\nText.\n"})
    return root


def env(workspace: Path, api_url: str, **extra: str) -> dict[str, str]:
    return {
        "GITHUB_WORKSPACE": str(workspace),
        "MEDIUM_TOKEN": DEFAULT_TOKEN,
        "MEDIUM_API_URL": api_url,
        "MEDIUM_FILES": "posts/*.md",
        **extra,
    }


# --- case 9: FILE in any spelling is the key a run looks up ---------------------------------


@pytest.mark.parametrize(
    "spelling", ["./posts/a.md", "posts//a.md", "posts/./a.md", "{abs}/posts/a.md", ".//posts/a.md"]
)
def test_adopt_in_any_spelling_records_the_key_a_run_looks_up(
    workspace: Path, sandbox: SandboxServer, spelling: str, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = env(workspace, sandbox.url)
    url = "https://medium.com/@me/alpha-1a2b3c4d5e6f"
    file = spelling.replace("{abs}", str(workspace))
    assert dispatch(["adopt", file, url], environ) == 0
    assert set(state_records(workspace / ".medium/published.json")) == {"posts/a.md"}
    capsys.readouterr()
    assert dispatch([], environ) == 0
    assert [post["title"] for post in sandbox.sandbox.posts] == ["Beta"]  # a was adopted
    assert url in capsys.readouterr().out


@pytest.mark.parametrize("spelling", ["./posts/a.md", "posts//a.md", "{abs}/posts/a.md"])
def test_forget_in_any_spelling_drops_the_record_a_run_looks_up(
    workspace: Path, sandbox: SandboxServer, spelling: str
) -> None:
    environ = env(workspace, sandbox.url)
    assert dispatch([], environ) == 0
    file = spelling.replace("{abs}", str(workspace))
    assert dispatch(["forget", file], environ) == 0
    assert set(state_records(workspace / ".medium/published.json")) == {"posts/b.md"}
    assert dispatch([], environ) == 0
    assert sorted(p["title"] for p in sandbox.sandbox.posts) == ["Alpha", "Alpha", "Beta"]


def test_forget_of_a_file_with_no_record_is_an_error_and_writes_nothing(
    workspace: Path, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = env(workspace, sandbox.url)
    assert dispatch([], environ) == 0
    before = (workspace / ".medium/published.json").read_bytes()
    capsys.readouterr()
    assert dispatch(["forget", "./posts/never.md"], environ) == 1
    assert "posts/never.md: the ledger has no record of it" in capsys.readouterr().out
    assert (workspace / ".medium/published.json").read_bytes() == before


def test_adopt_and_forget_refuse_a_path_outside_the_workspace(
    workspace: Path, sandbox: SandboxServer, capsys: pytest.CaptureFixture[str]
) -> None:
    environ = env(workspace, sandbox.url)
    outside = workspace.parent / "elsewhere.md"
    outside.write_text("# Elsewhere\n")
    assert dispatch(["adopt", str(outside), "https://medium.com/@me/x-1a2b3c4d5e6f"], environ) == 2
    assert dispatch(["forget", "../elsewhere.md"], environ) == 2
    err = capsys.readouterr()
    assert "FILE:" in err.out + err.err and "outside the workspace" in err.out + err.err


# --- case 13: one place per API ------------------------------------------------------------


@pytest.mark.parametrize(
    "spelling",
    [
        "https://api.medium.com:443/v1",
        "https://api.medium.com./v1",
        "HTTPS://API.MEDIUM.COM/v1/",
        "https://API.medium.com.:443/v1/",
        "https://user@api.medium.com/v1",
    ],
)
def test_medium_spelt_another_way_is_medium(spelling: str) -> None:
    assert normalize_api_url(spelling) == MEDIUM_API_URL
    assert Place(spelling).is_medium


@pytest.mark.parametrize(
    "spelling",
    [
        "http://127.0.0.1:8080/v1",
        "http://127.1:8080/v1",
        "http://0x7f.1:8080/v1",
        "http://0177.0.0.1/v1",
        "http://2130706433:9/v1",
        "http://[::1]:8080/v1",
        "http://[0:0:0:0:0:0:0:1]/v1",
        "http://[::ffff:127.0.0.1]:1/v1",
        "http://localhost.:8080/v1/",
        "http://LOCALHOST/v1",
        "http://127.0.0.2/v1",
    ],
)
def test_every_loopback_spelling_is_the_one_local_place(spelling: str) -> None:
    assert normalize_api_url(spelling) == "http://localhost/v1"  # what earlier versions stored


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("https://blog.example:443/api", "https://blog.example/api"),
        ("http://blog.example:80/api", "http://BLOG.example./api"),
        ("https://[2001:DB8::1]:443/v1", "https://[2001:db8::1]/v1"),
    ],
)
def test_other_apis_are_one_place_per_spelling_too(one: str, other: str) -> None:
    assert normalize_api_url(one) == normalize_api_url(other)
    assert normalize_api_url(normalize_api_url(one)) == normalize_api_url(one)


def test_different_apis_stay_different_places() -> None:
    assert normalize_api_url("https://blog.example:8443/api") != normalize_api_url(
        "https://blog.example/api"
    )
    assert normalize_api_url("http://api.medium.com/v1") != MEDIUM_API_URL  # another scheme
    assert not Place("https://api.medium.com.evil.example/v1").is_medium


def test_a_rerun_with_the_api_spelt_otherwise_publishes_nothing_again(
    workspace: Path, sandbox: SandboxServer
) -> None:
    port = sandbox.url.split(":")[2].split("/")[0]
    assert dispatch([], env(workspace, sandbox.url)) == 0
    assert len(sandbox.sandbox.posts) == 2
    for other in (f"http://127.1:{port}/v1/", f"http://0x7f.0.0.1:{port}/v1"):
        assert dispatch([], env(workspace, other)) == 0
    assert len(sandbox.sandbox.posts) == 2
