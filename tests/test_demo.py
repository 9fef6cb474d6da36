"""The README's first command: `medium-publish demo`, twice."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from helpers import ROOT, run_cli

from medium_action.demo import closing_lines


def test_the_demo_publishes_the_examples_then_nothing_and_says_why(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    first = run_cli(["demo"], cwd=tmp_path, env={})
    assert first.returncode == 0, first.stdout + first.stderr
    examples = sorted(path.name for path in (tmp_path / "examples").glob("*.md"))
    urls = re.findall(r"http://127\.0\.0\.1:\d+/@sandbox-writer/\S+", first.stdout)
    assert len(urls) == len(set(urls)) == len(examples) >= 2  # each post once, on the sandbox
    assert "medium.com/@" not in first.stdout
    assert f"{len(examples)} post(s) published to the sandbox" in first.stdout
    articles = re.findall(r"http://127\.0\.0\.1:\d+/devto/sandbox-writer/\S+", first.stdout)
    assert len(articles) == len(examples)  # cross-posted to the sandbox's dev.to too
    assert f"{len(examples)} article(s) cross-posted" in first.stdout

    second = run_cli(["demo"], cwd=tmp_path, env={})
    assert second.returncode == 0
    assert "Nothing was published: the ledger" in second.stdout
    for url in urls:
        assert second.stdout.count(url) == 1  # each held file with the URL it was given
    assert "holds 0 post(s)" not in second.stdout
    assert "cross-posted" not in second.stdout  # dev.to's records hold too


def test_a_failed_demo_shows_what_the_run_said() -> None:
    lines = closing_lines(1, [], "error: something broke\n", "unused.json")
    assert lines == ["error: something broke", "The demo run failed (exit status 1)."]


def test_nothing_published_and_nothing_held_is_said_plainly(tmp_path: Path) -> None:
    lines = closing_lines(0, [], "0 published\n", str(tmp_path / "none.json"))
    assert lines[-1] == "Nothing was published and the ledger holds no post."


# -- serving the demo's posts again -----------------------------------------------------------


def _serve_until_ready(
    args: list[str], cwd: Path, ready: str = "until you press Ctrl-C"
) -> tuple[subprocess.Popen[str], str]:
    """Starts the program with ``args`` and reads its output up to the line saying it serves."""
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "entrypoint.py"), *args],
        cwd=cwd,
        env={"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/root")},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    watchdog = threading.Timer(60, process.kill)  # a hang fails the test, never the suite
    watchdog.start()
    said = ""
    assert process.stdout is not None
    for line in process.stdout:
        said += line
        if ready in line:
            break
    watchdog.cancel()
    return process, said


def _stop(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGINT if "demo" in process.args else signal.SIGTERM)  # type: ignore[operator]
    try:
        process.communicate(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    return process.returncode


def test_a_demo_off_a_terminal_says_its_sandbox_stopped_and_how_to_serve_the_posts_again(
    tmp_path: Path,
) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    first = run_cli(["demo"], cwd=tmp_path, env={})  # stdout is a pipe: no terminal
    assert first.returncode == 0, first.stdout + first.stderr
    assert "has stopped, so those pages are no longer served" in first.stdout
    assert "`medium-publish demo --serve`" in first.stdout
    urls = re.findall(r"http://127\.0\.0\.1:\d+/@sandbox-writer/\S+", first.stdout)

    # the port the first demo used is taken now: the posts are served on another, live one
    port = int(re.search(r":(\d+)/", urls[0]).group(1))  # type: ignore[union-attr]
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", port))
        squatter.listen()
        process, said = _serve_until_ready(["demo", "--serve"], tmp_path)
        try:
            assert "Nothing was published: the ledger" in said, said
            live = re.findall(r"→ (http://127\.0\.0\.1:\d+/@sandbox-writer/\S+)$", said, re.M)
            assert len(live) == len(urls) and all(f":{port}/" not in url for url in live)
            seen_images = 0
            for url in live:
                page = httpx.get(url)
                assert page.status_code == 200
                images = re.findall(r'<img[^>]+src="([^"]+)"', page.text)
                for image in images:  # the images inside the content moved with the posts
                    assert f":{port}/" not in image and httpx.get(image).status_code == 200
                seen_images += len(images)
            assert seen_images >= 1
            assert f"Serving {len(live)} post(s) and their images" in said
        finally:
            assert _stop(process) == 0


def test_the_sandbox_command_serves_what_a_demo_kept(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    assert run_cli(["demo", "--no-serve"], cwd=tmp_path, env={}).returncode == 0
    process, said = _serve_until_ready(
        ["sandbox", "--port", "0", "--state", ".medium/demo-sandbox.json"],
        tmp_path,
        ready="post(s) kept in",
    )
    try:
        site = re.search(r"at (http://127\.0\.0\.1:\d+)/", said.splitlines()[-1]).group(1)  # type: ignore[union-attr]
        index = httpx.get(site + "/").text
        assert "Hello, Medium, from git" in index and "Three shell recipes" in index
    finally:
        assert _stop(process) == 0


def test_a_demo_where_there_are_no_examples_says_what_to_do_and_is_not_green(
    tmp_path: Path,
) -> None:
    done = run_cli(["demo"], cwd=tmp_path, env={})  # pip install, then a repository of one's own
    assert done.returncode == 1
    assert "No examples here" in done.stdout and "--files" in done.stdout
    own = run_cli(["demo", "--files", "posts/*.md", "--no-serve"], cwd=tmp_path, env={})
    assert own.returncode == 1 and "posts/*.md matches no file" in own.stdout
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "mine.md").write_text("# Mine\n\nMy text.\n")
    mine = run_cli(["demo", "--files", "posts/*.md", "--no-serve"], cwd=tmp_path, env={})
    assert mine.returncode == 0 and "[1] Mine (draft)" in mine.stdout


def test_help_demo_lists_every_flag_the_demo_takes(capsys: pytest.CaptureFixture[str]) -> None:
    from medium_action.cli import main

    assert main(["help", "demo"]) == 0
    shown = capsys.readouterr().out
    for flag in ("--no-serve", "--serve", "--files", "--state-file", "--sandbox-state"):
        assert flag in shown


def test_a_demo_after_its_ledger_was_deleted_starts_a_fresh_sandbox(tmp_path: Path) -> None:
    import json

    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    assert run_cli(["demo", "--no-serve"], cwd=tmp_path, env={}).returncode == 0
    (tmp_path / ".medium/demo-published.json").unlink()  # "delete the ledger to rehearse again"
    again = run_cli(["demo", "--no-serve"], cwd=tmp_path, env={})
    assert again.returncode == 0 and "2 post(s) published to the sandbox" in again.stdout
    kept = json.loads((tmp_path / ".medium/demo-sandbox.json").read_text())
    assert len(kept["sandbox"]["posts"]) == 2  # no doubles of the earlier rehearsal
