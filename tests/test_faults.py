"""Faults injected through the sandbox: never a duplicate post, never a lost record.

Each test starts the real program and makes Medium misbehave: slow, silent, throttled, failing.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ROOT, read_outputs, run_cli, state_records, write

from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
POSTS_ROUTE = "POST /v1/users/*/posts"


@pytest.fixture
def five_posts(tmp_path: Path) -> Path:
    root = tmp_path / "workspace"
    files: dict[str, str | bytes] = {
        f"posts/p{n}.md": f"# Post {n}\n\nText {n}.\n" for n in range(1, 6)
    }
    files["posts/p3.md"] = "# Post 3\n\n![diagram](p3.png)\n"
    files["posts/p3.png"] = PNG
    write(root, files)
    return root


def env_for(workspace: Path, server: SandboxServer, **extra: str) -> dict[str, str]:
    return {
        "MEDIUM_TOKEN": DEFAULT_TOKEN,
        "MEDIUM_API_URL": server.url,
        "MEDIUM_FILES": "posts/*.md",
        "MEDIUM_OUTPUT_JSON": str(workspace.parent / "result.json"),
        **extra,
    }


def start_cli(workspace: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "entrypoint.py")],
        cwd=workspace,
        env={"PATH": "/usr/bin:/bin", **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def titles(server: SandboxServer) -> list[str]:
    return sorted(post["title"] for post in server.sandbox.posts)


def result_of(workspace: Path) -> dict[str, list[dict[str, str]]]:
    data: dict[str, list[dict[str, str]]] = json.loads(
        (workspace.parent / "result.json").read_text()
    )
    return data


def kill_when_held(process: subprocess.Popen[str], server: SandboxServer, faults: int) -> None:
    assert server.sandbox.wait_for_faults(faults, timeout=30), "the request never arrived"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def test_a_run_killed_after_two_posts_publishes_only_the_other_three(
    five_posts: Path, sandbox: SandboxServer
) -> None:
    sandbox.sandbox.inject("POST /v1/images", delay=60)  # p3's image: Medium is slow
    process = start_cli(five_posts, env_for(five_posts, sandbox))
    kill_when_held(process, sandbox, faults=1)
    assert titles(sandbox) == ["Post 1", "Post 2"]

    done = run_cli([], cwd=five_posts, env=env_for(five_posts, sandbox))
    assert done.returncode == 0, done.stdout
    assert titles(sandbox) == [f"Post {n}" for n in range(1, 6)]
    assert sorted(p["file"] for p in result_of(five_posts)["posts"]) == [
        "posts/p3.md",
        "posts/p4.md",
        "posts/p5.md",
    ]


def test_a_run_killed_during_a_post_request_never_sends_it_again(
    five_posts: Path, sandbox: SandboxServer
) -> None:
    sandbox.sandbox.inject(POSTS_ROUTE, times=2)  # the first two are served normally
    sandbox.sandbox.inject(POSTS_ROUTE, delay=60)  # the third hangs before Medium answers
    process = start_cli(five_posts, env_for(five_posts, sandbox))
    kill_when_held(process, sandbox, faults=3)

    done = run_cli([], cwd=five_posts, env=env_for(five_posts, sandbox))
    # an unresolved uncertain post needs a person: the run is not green (exit 1)
    assert done.returncode == 1, done.stdout
    assert titles(sandbox) == ["Post 1", "Post 2", "Post 4", "Post 5"]
    skipped = {item["file"]: item["reason"] for item in result_of(five_posts)["skipped"]}
    assert "check your Medium drafts" in skipped["posts/p3.md"]

    forced = run_cli(
        [],
        cwd=five_posts,
        env=env_for(five_posts, sandbox, MEDIUM_FILES="posts/p3.md", MEDIUM_FORCE="true"),
    )
    assert forced.returncode == 0
    assert titles(sandbox).count("Post 3") == 1


def test_a_lost_answer_is_recorded_as_uncertain(five_posts: Path, sandbox: SandboxServer) -> None:
    sandbox.sandbox.inject(POSTS_ROUTE, drop=True, create_before_fault=True)
    env = env_for(five_posts, sandbox, MEDIUM_FILES="posts/p1.md,posts/p2.md")
    done = run_cli([], cwd=five_posts, env=env)
    assert done.returncode == 1
    assert titles(sandbox) == ["Post 1", "Post 2"]  # Medium did create p1
    failed = result_of(five_posts)["failed"]
    assert [item["file"] for item in failed] == ["posts/p1.md"]
    assert "may or may not have been created" in failed[0]["error"]
    state = state_records(five_posts / ".medium/published.json")
    assert state["posts/p1.md"]["state"] == "uncertain"

    again = run_cli([], cwd=five_posts, env=env)
    assert again.returncode == 1, again.stdout  # not green while the outcome is unresolved
    warned = [line for line in again.stdout.splitlines() if line.startswith("warning: posts/p1.md")]
    assert warned and "adopt" in warned[0] and "forget" in warned[0]  # says what to do
    github = run_cli([], cwd=five_posts, env={**env, "GITHUB_ACTIONS": "true"})
    assert any(line.startswith("::warning file=posts/p1.md") for line in github.stdout.splitlines())
    assert titles(sandbox) == ["Post 1", "Post 2"]  # not twice


def test_a_5xx_fails_that_file_only_and_a_rerun_tries_again(
    five_posts: Path, sandbox: SandboxServer
) -> None:
    sandbox.sandbox.inject(POSTS_ROUTE, [503])
    env = env_for(five_posts, sandbox, MEDIUM_FILES="posts/p1.md,posts/p2.md")
    done = run_cli([], cwd=five_posts, env=env)
    assert done.returncode == 1
    assert titles(sandbox) == ["Post 2"]
    assert "HTTP 503" in result_of(five_posts)["failed"][0]["error"]
    assert "posts/p1.md" not in state_records(five_posts / ".medium/published.json")
    assert run_cli([], cwd=five_posts, env=env).returncode == 0
    assert titles(sandbox) == ["Post 1", "Post 2"]


def test_rate_limiting_stops_creating_posts_and_reports_the_rest(
    five_posts: Path, sandbox: SandboxServer
) -> None:
    sandbox.sandbox.inject(POSTS_ROUTE, times=2)
    sandbox.sandbox.inject(POSTS_ROUTE, [429] * 10, retry_after=0)
    done = run_cli([], cwd=five_posts, env=env_for(five_posts, sandbox))
    assert done.returncode == 1, done.stdout  # files left unpublished: never green
    assert titles(sandbox) == ["Post 1", "Post 2"]
    skipped = {item["file"]: item["reason"] for item in result_of(five_posts)["skipped"]}
    assert sorted(skipped) == ["posts/p3.md", "posts/p4.md", "posts/p5.md"]
    assert all("rate-limited by Medium, rerun later" in reason for reason in skipped.values())
    posts_requests = [r for r in sandbox.sandbox.requests if r["path"].endswith("/posts")]
    assert len(posts_requests) == 2 + 4  # p3 tried with bounded retries, p4 and p5 never sent

    sandbox.sandbox.reset()
    assert run_cli([], cwd=five_posts, env=env_for(five_posts, sandbox)).returncode == 0
    assert titles(sandbox) == ["Post 3", "Post 4", "Post 5"]


def test_an_html_page_from_a_cdn_fails_every_file_clearly(
    five_posts: Path, sandbox: SandboxServer
) -> None:
    sandbox.sandbox.inject("GET /v1/me", [403], html=True)
    done = run_cli([], cwd=five_posts, env=env_for(five_posts, sandbox))
    assert done.returncode == 1
    assert "HTML page" in done.stdout and "Traceback" not in done.stdout
    assert sandbox.sandbox.posts == []
    assert len(result_of(five_posts)["failed"]) == 5


def test_github_outputs_survive_a_crash_free_failure(
    five_posts: Path, sandbox: SandboxServer
) -> None:
    output = five_posts.parent / "out.txt"
    sandbox.sandbox.inject(POSTS_ROUTE, [400])
    env = env_for(five_posts, sandbox, GITHUB_OUTPUT=str(output), MEDIUM_FILES="posts/p1.md")
    done = run_cli([], cwd=five_posts, env=env)
    assert done.returncode == 1
    assert read_outputs(output)["count"] == "0"
    assert json.loads(read_outputs(output)["failed"])[0]["file"] == "posts/p1.md"


def test_a_cancel_stops_after_the_request_under_way_and_reports_it(
    five_posts: Path, sandbox: SandboxServer
) -> None:
    sandbox.sandbox.inject(POSTS_ROUTE, times=1)  # p1 served normally
    sandbox.sandbox.inject(POSTS_ROUTE, delay=2)  # p2 is slow: the cancel arrives meanwhile
    process = start_cli(five_posts, env_for(five_posts, sandbox))
    assert sandbox.sandbox.wait_for_faults(2, timeout=30), "the request never arrived"
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 1, output
    assert "Traceback" not in output
    assert titles(sandbox) == ["Post 1", "Post 2"]  # the request under way finished
    result = result_of(five_posts)
    assert sorted(p["file"] for p in result["posts"]) == ["posts/p1.md", "posts/p2.md"]
    assert sorted(f["file"] for f in result["failed"]) == [
        "posts/p3.md",
        "posts/p4.md",
        "posts/p5.md",
    ]
    assert all("SIGTERM" in f["error"] for f in result["failed"])
    state = state_records(five_posts / ".medium/published.json")
    assert state["posts/p2.md"]["state"] == "published"

    done = run_cli([], cwd=five_posts, env=env_for(five_posts, sandbox))
    assert done.returncode == 0, done.stdout
    assert titles(sandbox) == [f"Post {n}" for n in range(1, 6)]


def test_a_second_signal_interrupts_the_request_and_leaves_it_uncertain(
    five_posts: Path, sandbox: SandboxServer
) -> None:
    sandbox.sandbox.inject(POSTS_ROUTE, delay=60, create_before_fault=True)  # p1 hangs
    process = start_cli(
        five_posts, env_for(five_posts, sandbox, MEDIUM_FILES="posts/p1.md,posts/p2.md")
    )
    assert sandbox.sandbox.wait_for_faults(1, timeout=30), "the request never arrived"
    process.send_signal(signal.SIGINT)
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 1, output
    assert "Traceback" not in output
    failed = {f["file"]: f["error"] for f in result_of(five_posts)["failed"]}
    assert "recorded as uncertain" in failed["posts/p1.md"]
    assert "not sent" in failed["posts/p2.md"]
    state = state_records(five_posts / ".medium/published.json")
    assert state["posts/p1.md"]["state"] == "uncertain" and "posts/p2.md" not in state


@pytest.mark.parametrize(
    "fault",
    [
        {"statuses": [502], "html": True},  # a proxy's error page after Medium made the post
        {"statuses": [504], "html": True},
        {"statuses": [200], "html": True},  # a 2xx that is not the post's JSON
    ],
    ids=["502 page", "504 page", "2xx without the post"],
)
def test_an_answer_that_is_not_mediums_is_uncertain_and_never_sent_again(
    five_posts: Path, sandbox: SandboxServer, fault: dict[str, object]
) -> None:
    statuses = fault.pop("statuses")
    sandbox.sandbox.inject(POSTS_ROUTE, statuses, create_before_fault=True, **fault)  # type: ignore[arg-type]
    env = env_for(five_posts, sandbox, MEDIUM_FILES="posts/p1.md")
    done = run_cli([], cwd=five_posts, env=env)
    assert done.returncode == 1, done.stdout
    assert titles(sandbox) == ["Post 1"]
    assert (
        state_records(five_posts / ".medium/published.json")["posts/p1.md"]["state"] == "uncertain"
    )
    for _ in range(2):  # reruns: still uncertain, never a second post
        assert run_cli([], cwd=five_posts, env=env).returncode == 1
    assert titles(sandbox) == ["Post 1"]
