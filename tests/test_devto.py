"""dev.to end to end: the real program against the sandbox's dev.to API over loopback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_cli, write

from medium_action.sandbox.devto import DEVTO_KEY
from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
POST = (
    "---\ntitle: Tables and code\ntags: [Python, CI/CD, web dev, a, b]\npublish_status: public\n"
    "---\n"
    "# Tables and code\n\nSee [the other one](other.md).\n\n"
    "| a | b |\n|---|---|\n| 1 | 2 |\n\n```python\nprint('hi')\n```\n\n"
    ":::tip Careful\nMind the gap.\n:::\n"
)
OTHER = "---\ntitle: The other one\n---\nPlain text.\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    write(root, {"posts/tables.md": POST, "posts/other.md": OTHER})
    return root


def env_for(workspace: Path, server: SandboxServer, **settings: str) -> dict[str, str]:
    """A run outside GitHub (MEDIUM_* variables), to dev.to only unless told otherwise."""
    env = {
        "MEDIUM_TARGETS": "devto",
        "MEDIUM_DEVTO_API_URL": server.devto_url,
        "MEDIUM_DEVTO_API_KEY": DEVTO_KEY,
        "MEDIUM_FILES": "posts/*.md",
        "MEDIUM_OUTPUT_JSON": str(workspace.parent / "result.json"),
    }
    env.update({f"MEDIUM_{name.upper()}": value for name, value in settings.items()})
    return env


def result_of(workspace: Path) -> dict[str, list[dict[str, object]]]:
    data: dict[str, list[dict[str, object]]] = json.loads(
        (workspace.parent / "result.json").read_text()
    )
    return data


def article(server: SandboxServer, title: str) -> dict[str, object]:
    return next(a for a in server.sandbox.devto.articles if a["title"] == title)


def requests(server: SandboxServer, method: str, path_part: str) -> int:
    return sum(
        1 for r in server.sandbox.requests if r["method"] == method and path_part in r["path"]
    )


def test_creates_then_a_rerun_sends_nothing_and_an_edit_updates_in_place(
    workspace: Path, sandbox: SandboxServer
) -> None:
    first = run_cli([], cwd=workspace, env=env_for(workspace, sandbox))
    assert first.returncode == 0, first.stdout + first.stderr
    made = article(sandbox, "Tables and code")
    body = str(made["body_markdown"])
    assert not body.startswith("---") and "title:" not in body  # no front matter
    assert not body.startswith("# Tables and code")  # dev.to shows the title itself
    assert "| a | b |" in body and "```python\nprint('hi')\n```" in body
    assert "> **Careful**" in body and ":::" not in body
    other = article(sandbox, "The other one")
    assert f"]({other['url']})" in body  # the link between posts points at its dev.to post
    assert made["tags"] == ["python", "cicd", "webdev", "a"]
    assert made["published"] is True and other["published"] is False
    posts = result_of(workspace)["posts"]
    assert {post["target"] for post in posts} == {"devto"}
    assert "sent as 'cicd'" in first.stdout + first.stderr

    again = run_cli([], cwd=workspace, env=env_for(workspace, sandbox))
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(sandbox.sandbox.devto.articles) == 2
    assert result_of(workspace)["posts"] == []

    write(workspace, {"posts/other.md": OTHER.replace("Plain text.", "Edited text.")})
    edited = run_cli([], cwd=workspace, env=env_for(workspace, sandbox))
    assert edited.returncode == 0, edited.stdout + edited.stderr
    assert len(sandbox.sandbox.devto.articles) == 2  # never a second create
    updated = article(sandbox, "The other one")
    assert updated["updates"] == 1 and "Edited text." in str(updated["body_markdown"])
    assert requests(sandbox, "PUT", f"/articles/{other['id']}") == 1
    assert [post["file"] for post in result_of(workspace)["posts"]] == ["posts/other.md"]
    assert "updated" in edited.stdout + edited.stderr

    unchanged = run_cli([], cwd=workspace, env=env_for(workspace, sandbox))
    assert unchanged.returncode == 0 and requests(sandbox, "PUT", "/articles/") == 1


def test_a_lost_answer_is_adopted_by_the_next_run_never_sent_twice(
    workspace: Path, sandbox: SandboxServer
) -> None:
    sandbox.sandbox.inject("POST /devto/api/articles", drop=True, create_before_fault=True)
    first = run_cli([], cwd=workspace, env=env_for(workspace, sandbox, files="posts/other.md"))
    assert first.returncode == 1, first.stdout + first.stderr
    assert len(sandbox.sandbox.devto.articles) == 1  # made, but its answer was lost
    assert "may or may not" in first.stdout + first.stderr

    second = run_cli([], cwd=workspace, env=env_for(workspace, sandbox, files="posts/other.md"))
    assert second.returncode == 0, second.stdout + second.stderr
    assert len(sandbox.sandbox.devto.articles) == 1
    assert requests(sandbox, "GET", "/articles/me/all") == 1
    assert requests(sandbox, "POST", "/devto/api/articles") == 1
    posts = result_of(workspace)["posts"]
    assert [post["url"] for post in posts] == [sandbox.sandbox.devto.articles[0]["url"]]


def test_an_uncertain_record_with_no_article_there_is_created_once(
    workspace: Path, sandbox: SandboxServer
) -> None:
    """A proxy's 502 page after sending: uncertain; dev.to has nothing, so the next run creates."""
    sandbox.sandbox.inject("POST /devto/api/articles", [502], html=True)
    first = run_cli([], cwd=workspace, env=env_for(workspace, sandbox, files="posts/other.md"))
    assert first.returncode == 1
    assert sandbox.sandbox.devto.articles == []
    second = run_cli([], cwd=workspace, env=env_for(workspace, sandbox, files="posts/other.md"))
    assert second.returncode == 0, second.stdout + second.stderr
    assert len(sandbox.sandbox.devto.articles) == 1


def test_429_within_bounds_is_waited_out_beyond_them_left_for_a_rerun(
    workspace: Path, sandbox: SandboxServer
) -> None:
    sandbox.sandbox.inject("POST /devto/api/articles", [429], retry_after=0)
    done = run_cli([], cwd=workspace, env=env_for(workspace, sandbox, files="posts/other.md"))
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(sandbox.sandbox.devto.articles) == 1

    sandbox.sandbox.inject("POST /devto/api/articles", [429], retry_after=3600)
    later = run_cli([], cwd=workspace, env=env_for(workspace, sandbox, files="posts/tables.md"))
    assert later.returncode == 1, later.stdout + later.stderr
    skipped = result_of(workspace)["skipped"]
    assert [(s["file"], s["target"]) for s in skipped] == [("posts/tables.md", "devto")]
    assert "rate-limited by dev.to" in str(skipped[0]["reason"])
    assert len(sandbox.sandbox.devto.articles) == 1
    rerun = run_cli([], cwd=workspace, env=env_for(workspace, sandbox, files="posts/tables.md"))
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert len(sandbox.sandbox.devto.articles) == 2


def test_a_422_fails_the_file_with_devtos_words_and_a_rerun_may_send_it(
    workspace: Path, sandbox: SandboxServer
) -> None:
    sandbox.sandbox.inject("POST /devto/api/articles", [422])
    done = run_cli([], cwd=workspace, env=env_for(workspace, sandbox, files="posts/other.md"))
    assert done.returncode == 1
    failed = result_of(workspace)["failed"]
    assert failed[0]["target"] == "devto"
    assert "dev.to rejected the article" in str(failed[0]["error"])
    assert "non-alphanumeric" in str(failed[0]["error"])
    again = run_cli([], cwd=workspace, env=env_for(workspace, sandbox, files="posts/other.md"))
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(sandbox.sandbox.devto.articles) == 1


def test_local_images_go_by_image_base_url_and_without_one_the_file_fails_naming_it(
    workspace: Path, sandbox: SandboxServer
) -> None:
    cat = "# Cat\n\n![a cat](pics/cat.png)\n"
    write(workspace, {"posts/pics/cat.png": PNG, "posts/pic.md": cat})
    bare = run_cli([], cwd=workspace, env=env_for(workspace, sandbox, files="posts/pic.md"))
    assert bare.returncode == 1
    error = str(result_of(workspace)["failed"][0]["error"])
    assert "posts/pics/cat.png" in error and "image-base-url" in error
    assert sandbox.sandbox.devto.articles == []

    done = run_cli(
        [],
        cwd=workspace,
        env=env_for(
            workspace, sandbox, files="posts/pic.md", image_base_url="https://cdn.example/blog/"
        ),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    body = str(sandbox.sandbox.devto.articles[0]["body_markdown"])
    assert "![a cat](https://cdn.example/blog/posts/pics/cat.png)" in body


def test_a_static_folder_image_goes_by_site_url(workspace: Path, sandbox: SandboxServer) -> None:
    write(
        workspace,
        {"static/img/dog.png": PNG, "posts/dog.md": '# Dog\n\n<img src="/img/dog.png" alt="d">\n'},
    )
    env = env_for(workspace, sandbox, files="posts/dog.md", site_url="https://blog.example/")
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    body = str(sandbox.sandbox.devto.articles[0]["body_markdown"])
    assert 'src="https://blog.example/img/dog.png"' in body


def test_both_targets_one_failing_never_stops_the_other(
    workspace: Path, sandbox: SandboxServer
) -> None:
    sandbox.sandbox.inject("POST /v1/users/*/posts", [400])  # Medium refuses the first post
    env = env_for(
        workspace, sandbox, targets="medium, devto", token=DEFAULT_TOKEN, api_url=sandbox.url
    )
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 1, done.stdout + done.stderr
    assert len(sandbox.sandbox.devto.articles) == 2  # dev.to got both
    assert len(sandbox.sandbox.posts) == 1  # Medium one: the other failed there only
    result = result_of(workspace)
    assert sorted(p["target"] for p in result["posts"]) == ["devto", "devto", "medium"]
    assert [f["target"] for f in result["failed"]] == ["medium"]
    medium_post = sandbox.sandbox.posts[0]
    devto_twin = next(
        a for a in sandbox.sandbox.devto.articles if a["title"] == medium_post["title"]
    )
    assert devto_twin["canonical_url"] == medium_post["url"]  # the Medium post is the original

    again = run_cli([], cwd=workspace, env=env)
    assert again.returncode == 0, again.stdout + again.stderr
    assert len(sandbox.sandbox.posts) == 2 and len(sandbox.sandbox.devto.articles) == 2


def test_front_matter_turns_one_target_off(workspace: Path, sandbox: SandboxServer) -> None:
    write(workspace, {"posts/other.md": "---\ntitle: Medium only\ndevto: false\n---\nText.\n"})
    env = env_for(
        workspace,
        sandbox,
        targets="medium\ndevto",
        token=DEFAULT_TOKEN,
        api_url=sandbox.url,
        files="posts/other.md",
    )
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [p["title"] for p in sandbox.sandbox.posts] == ["Medium only"]
    assert sandbox.sandbox.devto.articles == []
    skipped = result_of(workspace)["skipped"]
    assert [(s["target"], "says devto: false" in str(s["reason"])) for s in skipped] == [
        ("devto", True)
    ]


def test_the_key_is_required_and_never_printed(workspace: Path, sandbox: SandboxServer) -> None:
    env = env_for(workspace, sandbox)
    del env["MEDIUM_DEVTO_API_KEY"]
    missing = run_cli([], cwd=workspace, env=env)
    assert missing.returncode == 2
    assert "MEDIUM_DEVTO_API_KEY" in missing.stdout + missing.stderr

    wrong = run_cli(
        [], cwd=workspace, env=env_for(workspace, sandbox, devto_api_key="wrong-key-123456")
    )
    assert wrong.returncode == 2
    text = wrong.stdout + wrong.stderr
    assert "dev.to refused the API key" in text and "wrong-key-123456" not in text
    assert DEVTO_KEY not in (workspace.parent / "result.json").read_text()


def test_a_dry_run_previews_devto_markdown_apart_from_medium(
    workspace: Path, sandbox: SandboxServer
) -> None:
    env = env_for(workspace, sandbox, targets="medium,devto", dry_run="true")
    del env["MEDIUM_DEVTO_API_KEY"]
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert sandbox.sandbox.requests == []
    content = (workspace / ".medium/preview/devto/posts/tables.html").read_text()
    assert "| a | b |" in content and "<table" not in content  # dev.to's Markdown, not HTML
    assert "<h1>" in (workspace / ".medium/preview/posts/tables.html").read_text()
    assert sorted({s["target"] for s in result_of(workspace)["skipped"]}) == ["devto", "medium"]


def test_the_sandbox_prints_devtos_url_and_key_on_its_second_line(tmp_path: Path) -> None:
    import subprocess
    import sys

    child = subprocess.Popen(
        [sys.executable, "-m", "medium_action.sandbox.server", "--port", "0", "--quiet"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        first, second = child.stdout.readline(), child.stdout.readline()
    finally:
        child.terminate()
        child.wait(timeout=10)
    assert "api-url=" in first
    assert "devto-api-url=http://127.0.0.1:" in second and f"devto-api-key={DEVTO_KEY}" in second


def test_an_articles_page_shows_it(workspace: Path, sandbox: SandboxServer) -> None:
    import httpx

    done = run_cli([], cwd=workspace, env=env_for(workspace, sandbox, files="posts/tables.md"))
    assert done.returncode == 0, done.stdout + done.stderr
    url = str(sandbox.sandbox.devto.articles[0]["url"])
    page = httpx.get(url)
    assert page.status_code == 200 and "<table>" in page.text and "Tables and code" in page.text


@pytest.mark.parametrize(("visibility", "sent"), [("public", True), ("private", False)])
def test_in_a_github_run_of_a_public_repository_images_go_by_raw_github(
    workspace: Path, sandbox: SandboxServer, visibility: str, sent: bool
) -> None:
    write(
        workspace, {"posts/pics/cat.png": PNG, "posts/pic.md": "# Cat\n\n![a cat](pics/cat.png)\n"}
    )
    event = workspace.parent / "event.json"
    event.write_text(json.dumps({"repository": {"visibility": visibility}}))
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_EVENT_NAME": "workflow_dispatch",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_REPOSITORY": "writer/blog",
        "GITHUB_SHA": "0123abcd" * 5,
        "INPUT_TARGETS": "devto",
        "INPUT_DEVTO-API-URL": sandbox.devto_url,
        "INPUT_DEVTO-API-KEY": DEVTO_KEY,
        "INPUT_FILES": "posts/pic.md",
        "INPUT_COMMENT": "false",
        "INPUT_OUTPUT-JSON": str(workspace.parent / "result.json"),
    }
    done = run_cli([], cwd=workspace, env=env)
    if not sent:
        assert done.returncode == 1 and sandbox.sandbox.devto.articles == []
        assert "image-base-url" in str(result_of(workspace)["failed"][0]["error"])
        return
    assert done.returncode == 0, done.stdout + done.stderr
    body = str(sandbox.sandbox.devto.articles[0]["body_markdown"])
    raw = f"https://raw.githubusercontent.com/writer/blog/{'0123abcd' * 5}/posts/pics/cat.png"
    assert f"![a cat]({raw})" in body
