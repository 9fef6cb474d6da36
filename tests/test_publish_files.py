"""Publishing explicit files end to end: the real program against the sandbox over loopback."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from helpers import read_outputs, run_cli, state_records, write

from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import (
    DEFAULT_TOKEN,
    GAZETTE_PUBLICATION_ID,
    INTEGRATION_TOKEN,
    REVOKED_TOKEN,
    SANDBOX_CLIENT_ID,
    SANDBOX_CLIENT_SECRET,
    SANDBOX_REFRESH_TOKEN,
)

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
GOOD = "---\ntitle: Good post\ntags: [a, b]\n---\nHello **world**.\n"
SECOND = "# Second post\n\nText.\n"
BROKEN = "---\ntitle: [unclosed\n---\nBody\n"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    write(root, {"posts/good.md": GOOD, "posts/second.md": SECOND})
    return root


def github_env(workspace: Path, server: SandboxServer, **inputs: str) -> dict[str, str]:
    """A `uses:` step's environment: every input as INPUT_* (unset ones as ""), hyphens kept."""
    env = {
        "GITHUB_ACTIONS": "true",
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_OUTPUT": str(workspace.parent / "output.txt"),
        "GITHUB_STEP_SUMMARY": str(workspace.parent / "summary.md"),
        "INPUT_TOKEN": DEFAULT_TOKEN,
        "INPUT_API-URL": server.url,
        "INPUT_FILES": "posts/*.md",
        "INPUT_PUBLISH-STATUS": "",
        "INPUT_PUBLICATION": "",
        "INPUT_DRY-RUN": "",
        "INPUT_FORCE": "",
        "INPUT_COMMENT": "false",
    }
    env.update({f"INPUT_{name.upper().replace('_', '-')}": value for name, value in inputs.items()})
    return env


def requests_to(server: SandboxServer, method: str, suffix: str) -> int:
    return sum(
        1 for r in server.sandbox.requests if r["method"] == method and r["path"].endswith(suffix)
    )


def test_publishes_explicit_files_and_sets_every_output(
    workspace: Path, sandbox: SandboxServer
) -> None:
    done = run_cli([], cwd=workspace, env=github_env(workspace, sandbox))
    assert done.returncode == 0, done.stdout + done.stderr
    posts = sandbox.sandbox.posts
    assert sorted(post["title"] for post in posts) == ["Good post", "Second post"]
    assert all(post["publishStatus"] == "draft" for post in posts)
    good = next(post for post in posts if post["title"] == "Good post")
    assert good["content"].startswith("<h1>Good post</h1>")
    assert good["tags"] == ["a", "b"]
    assert requests_to(sandbox, "GET", "/me") == 1

    outputs = read_outputs(workspace.parent / "output.txt")
    assert outputs["count"] == "2"
    listed = json.loads(outputs["posts"])
    assert {item["file"] for item in listed} == {"posts/good.md", "posts/second.md"}
    assert outputs["urls"].split("\n") == [item["url"] for item in listed]
    assert outputs["url"] == listed[0]["url"] and outputs["id"] == listed[0]["id"]
    assert json.loads(outputs["failed"]) == []
    assert "Good post" in (workspace.parent / "summary.md").read_text()

    state = state_records(workspace / ".medium/published.json")
    assert set(state) == {"posts/good.md", "posts/second.md"}
    assert state["posts/good.md"]["api_url"] == "http://localhost/v1"  # where: the sandbox
    assert state["posts/good.md"]["user"] == "sandbox-writer"
    assert state["posts/good.md"]["url"] == next(
        item["url"] for item in listed if item["file"] == "posts/good.md"
    )
    published = [line for line in done.stdout.splitlines() if line.startswith("published")]
    assert published and all(f"{sandbox.base_url}/@sandbox-writer/" in line for line in published)


def test_a_rerun_publishes_nothing_and_names_the_url(
    workspace: Path, sandbox: SandboxServer
) -> None:
    env = github_env(workspace, sandbox)
    assert run_cli([], cwd=workspace, env=env).returncode == 0
    first_urls = {post["url"] for post in sandbox.sandbox.posts}
    (workspace / "posts/good.md").write_text(GOOD + "\nAn edit.\n")
    requests_before = len(sandbox.sandbox.requests)

    again = run_cli([], cwd=workspace, env=env)
    assert again.returncode == 0
    assert len(sandbox.sandbox.posts) == 2
    assert len(sandbox.sandbox.requests) == requests_before  # no request at all
    skipped = json.loads(read_outputs(workspace.parent / "output.txt")["skipped"])
    assert {item["file"] for item in skipped} == {"posts/good.md", "posts/second.md"}
    assert all(any(url in item["reason"] for url in first_urls) for item in skipped)


def test_force_publishes_again(workspace: Path, sandbox: SandboxServer) -> None:
    env = github_env(workspace, sandbox, files="posts/good.md")
    run_cli([], cwd=workspace, env=env)
    done = run_cli([], cwd=workspace, env={**env, "INPUT_FORCE": "true"})
    assert done.returncode == 0
    assert [post["title"] for post in sandbox.sandbox.posts] == ["Good post", "Good post"]


def test_a_broken_file_fails_alone(workspace: Path, sandbox: SandboxServer) -> None:
    write(workspace, {"posts/broken.md": BROKEN})
    done = run_cli([], cwd=workspace, env=github_env(workspace, sandbox))
    assert done.returncode == 1
    assert len(sandbox.sandbox.posts) == 2
    assert "::error file=posts/broken.md,line=2::invalid YAML front matter on line 2" in done.stdout
    outputs = read_outputs(workspace.parent / "output.txt")
    assert outputs["count"] == "2"
    assert [item["file"] for item in json.loads(outputs["failed"])] == ["posts/broken.md"]


def test_a_refused_token_exits_2_and_never_shows_the_token(
    workspace: Path, sandbox: SandboxServer
) -> None:
    env = {**github_env(workspace, sandbox), "INPUT_TOKEN": REVOKED_TOKEN}
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 2
    assert "revoked" in done.stdout
    assert sandbox.sandbox.posts == []
    written = done.stdout + done.stderr
    for path in workspace.parent.rglob("*"):
        if path.is_file():
            written += path.read_text(errors="replace")
    assert REVOKED_TOKEN not in written


def test_missing_token_exits_2_before_any_request(workspace: Path, sandbox: SandboxServer) -> None:
    env = {**github_env(workspace, sandbox), "INPUT_TOKEN": ""}
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 2
    assert "no Medium token" in done.stdout
    assert sandbox.sandbox.requests == []
    assert read_outputs(workspace.parent / "output.txt")["count"] == "0"


def test_a_bad_setting_exits_2_naming_it(workspace: Path, sandbox: SandboxServer) -> None:
    env = github_env(workspace, sandbox, publish_status="live")
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 2
    assert "publish-status" in done.stdout and "draft, public, unlisted" in done.stdout


def test_docker_run_style_with_medium_variables_only(workspace: Path) -> None:
    """Other CI: no GitHub variables, settings as MEDIUM_*, workspace = the current directory."""
    with SandboxServer() as other_port:
        env = {
            "MEDIUM_TOKEN": DEFAULT_TOKEN,
            "MEDIUM_API_URL": other_port.url,
            "MEDIUM_FILES": "posts/good.md",
            "MEDIUM_PUBLISH_STATUS": "unlisted",
            "MEDIUM_OUTPUT_JSON": "result.json",
        }
        done = run_cli([], cwd=workspace, env=env)
        assert done.returncode == 0, done.stdout
        assert [post["publishStatus"] for post in other_port.sandbox.posts] == ["unlisted"]
    result = json.loads((workspace / "result.json").read_text())
    assert [post["file"] for post in result["posts"]] == ["posts/good.md"]
    assert "::" not in done.stdout  # no workflow commands outside GitHub


def test_flags_win_over_environment(workspace: Path, sandbox: SandboxServer) -> None:
    env = github_env(workspace, sandbox, publish_status="public")
    done = run_cli(
        ["--publish-status", "unlisted", "--files", "posts/good.md"], cwd=workspace, env=env
    )
    assert done.returncode == 0
    assert [post["publishStatus"] for post in sandbox.sandbox.posts] == ["unlisted"]


def test_publication_by_name(workspace: Path, sandbox: SandboxServer) -> None:
    env = github_env(workspace, sandbox, publication="sandbox gazette", files="posts/good.md")
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 0, done.stdout
    assert sandbox.sandbox.posts[0]["publicationId"] == GAZETTE_PUBLICATION_ID
    posts = json.loads(read_outputs(workspace.parent / "output.txt")["posts"])
    assert posts[0]["publication_id"] == GAZETTE_PUBLICATION_ID


def test_an_unknown_publication_exits_2(workspace: Path, sandbox: SandboxServer) -> None:
    env = github_env(workspace, sandbox, publication="No Such Thing")
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 2
    assert "No Such Thing" in done.stdout and "Sandbox Gazette" in done.stdout
    assert sandbox.sandbox.posts == []


def test_a_writer_may_only_send_drafts(workspace: Path, sandbox: SandboxServer) -> None:
    write(workspace, {"posts/public.md": "---\npublish_status: public\n---\nHi\n"})
    env = github_env(workspace, sandbox, publication="writers-weekly")
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 1
    assert "writer" in done.stdout and "drafts only" in done.stdout
    assert sorted(post["title"] for post in sandbox.sandbox.posts) == ["Good post", "Second post"]


def test_refresh_flow_end_to_end_masks_the_new_token(
    workspace: Path, sandbox: SandboxServer
) -> None:
    env = github_env(
        workspace,
        sandbox,
        refresh_token=SANDBOX_REFRESH_TOKEN,
        client_id=SANDBOX_CLIENT_ID,
        client_secret=SANDBOX_CLIENT_SECRET,
        files="posts/good.md",
    )
    env["INPUT_TOKEN"] = ""
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 0, done.stdout
    assert len(sandbox.sandbox.posts) == 1
    masks = [line for line in done.stdout.splitlines() if line.startswith("::add-mask::")]
    assert len(masks) == 1
    access_token = masks[0].removeprefix("::add-mask::")
    rest = done.stdout.replace(masks[0], "")
    assert access_token not in rest
    assert SANDBOX_REFRESH_TOKEN not in done.stdout and SANDBOX_CLIENT_SECRET not in done.stdout


def test_files_that_match_nothing_warn_and_exit_0(workspace: Path, sandbox: SandboxServer) -> None:
    env = github_env(workspace, sandbox, files="drafts/*.md")
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 0
    assert "::warning::files: the glob 'drafts/*.md' matches no file" in done.stdout
    assert sandbox.sandbox.requests == []


@pytest.mark.parametrize("how", ["input", "MEDIUM_FILES"])
@pytest.mark.parametrize("missing", ["posts/gone.md", "./posts/typo.md"])
def test_files_naming_a_path_that_does_not_exist_fail_the_run(
    workspace: Path, sandbox: SandboxServer, how: str, missing: str
) -> None:
    """A path (no glob) is a post the writer expects: its absence is exit 1 naming it, as the
    --files flag does; the files that exist are published all the same."""
    env = github_env(workspace, sandbox, files=f"posts/good.md, {missing}")
    if how == "MEDIUM_FILES":
        env["MEDIUM_FILES"] = env.pop("INPUT_FILES")
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 1, done.stdout
    assert len(sandbox.sandbox.posts) == 1
    assert f"::error file={missing}::" in done.stdout or f"{missing}" in done.stdout
    failed = json.loads(read_outputs(workspace.parent / "output.txt")["failed"])
    assert [f["file"] for f in failed] == [missing]
    assert "no such file" in failed[0]["error"] and "`files`" in failed[0]["error"]


def test_dry_run_calls_nothing_and_writes_previews(workspace: Path, sandbox: SandboxServer) -> None:
    env = github_env(workspace, sandbox, dry_run="true")
    env["INPUT_TOKEN"] = ""
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 0, done.stdout
    assert sandbox.sandbox.requests == []
    content = (workspace / ".medium/preview/posts/good.html").read_text()
    assert content.startswith("<h1>Good post</h1>")
    assert (workspace / ".medium/preview/posts/good.page.html").is_file()
    index = (workspace / ".medium/preview/index.html").read_text()
    assert "posts/good.page.html" in index and "posts/second.page.html" in index
    assert not (workspace / ".medium/published.json").exists()


def test_render_warnings_point_at_the_line_in_the_file(
    workspace: Path, sandbox: SandboxServer
) -> None:
    write(workspace, {"posts/tags.md": "---\ntitle: T\n---\nText.\n\n{% unknown thing %}\n"})
    done = run_cli([], cwd=workspace, env=github_env(workspace, sandbox, files="posts/tags.md"))
    assert done.returncode == 0, done.stdout
    warnings = [line for line in done.stdout.splitlines() if line.startswith("::warning")]
    assert any("file=posts/tags.md,line=6::" in line for line in warnings), warnings
    assert "{%" not in sandbox.sandbox.posts[0]["content"]  # dropped, with the warning above


def test_a_token_refused_keeps_the_other_outcomes_in_the_outputs(
    workspace: Path, sandbox: SandboxServer
) -> None:
    env = github_env(workspace, sandbox, files="posts/good.md")
    assert run_cli([], cwd=workspace, env=env).returncode == 0
    env = {**github_env(workspace, sandbox), "INPUT_TOKEN": REVOKED_TOKEN}
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 2
    outputs = read_outputs(workspace.parent / "output.txt")
    assert [item["file"] for item in json.loads(outputs["skipped"])] == ["posts/good.md"]
    assert [item["file"] for item in json.loads(outputs["failed"])] == ["posts/second.md"]
    assert done.stdout.count("::error") == 1


def test_a_broken_event_file_exits_2_and_still_sets_the_outputs(
    workspace: Path, sandbox: SandboxServer
) -> None:
    event = workspace.parent / "event.json"
    event.write_text("{not json")
    env = {**github_env(workspace, sandbox), "INPUT_FILES": "", "GITHUB_EVENT_NAME": "push"}
    env["GITHUB_EVENT_PATH"] = str(event)
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 2
    assert "GITHUB_EVENT_PATH" in done.stdout
    assert read_outputs(workspace.parent / "output.txt")["count"] == "0"


def test_an_inline_data_image_is_uploaded_like_a_file(
    workspace: Path, sandbox: SandboxServer
) -> None:
    png = base64.b64encode(PNG).decode()
    write(
        workspace,
        {"posts/inline.md": f"# Inline\n\nText.\n\n![dot](data:image/png;base64,{png})\n"},
    )
    done = run_cli([], cwd=workspace, env=github_env(workspace, sandbox, files="posts/inline.md"))
    assert done.returncode == 0, done.stdout
    assert [image["content_type"] for image in sandbox.sandbox.images] == ["image/png"]
    content = sandbox.sandbox.posts[0]["content"]
    assert sandbox.sandbox.images[0]["url"] in content and "data:" not in content


def test_a_token_that_may_not_upload_images_fails_only_the_posts_with_local_images(
    workspace: Path, sandbox: SandboxServer
) -> None:
    write(workspace, {"posts/pic.md": "# Pic\n\nText.\n\n![dot](dot.png)\n", "posts/dot.png": PNG})
    env = {**github_env(workspace, sandbox), "INPUT_TOKEN": INTEGRATION_TOKEN}
    done = run_cli([], cwd=workspace, env=env)
    assert done.returncode == 1, done.stdout
    assert sorted(post["title"] for post in sandbox.sandbox.posts) == ["Good post", "Second post"]
    failed = json.loads(read_outputs(workspace.parent / "output.txt")["failed"])
    assert [item["file"] for item in failed] == ["posts/pic.md"]
    assert "uploadImage scope" in failed[0]["error"] and "public https URL" in failed[0]["error"]


def test_a_post_linking_by_reference_link_is_published_after_its_target(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    """``[b][next]`` with ``[next]: ./b.md``: b goes first, and a carries b's Medium URL."""
    root = tmp_path / "workspace"
    write(
        root,
        {
            "posts/a.md": "# Alpha\n\nRead [the sequel][next].\n\n[next]: ./b.md\n",
            "posts/b.md": "# Beta\n\nThe sequel.\n",
        },
    )
    done = run_cli([], cwd=root, env=github_env(root, sandbox))
    assert done.returncode == 0, done.stdout + done.stderr
    assert [post["title"] for post in sandbox.sandbox.posts] == ["Beta", "Alpha"]
    beta, alpha = sandbox.sandbox.posts
    assert f'<a href="{beta["url"]}">the sequel</a>' in alpha["content"]
