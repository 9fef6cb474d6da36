"""Whatever goes wrong mid-run, every file is reported truthfully (issue 19, case 16).

The state file stops being writable while a post is in flight (its directory replaced by a
file: what a full disk or a cleaned-up cache looks like to the run, made for real while the
sandbox holds the post request). Medium has the post: the run must say so, report the next
file as not sent, and exit 1, never 2 ("nothing was published").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from helpers import ROOT, write

from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN

POSTS = "POST /v1/users/*/posts"


def test_a_state_file_that_cannot_be_written_mid_post_is_reported_file_by_file(
    tmp_path: Path, sandbox: SandboxServer
) -> None:
    write(tmp_path, {"posts/a.md": "# Alpha\n\nText.\n", "posts/b.md": "# Beta\n\nText.\n"})
    sandbox.sandbox.inject(POSTS, delay=6.0, times=1)  # a's request held; answered after
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": os.environ.get("HOME", "/root"),
        "MEDIUM_TOKEN": DEFAULT_TOKEN,
        "MEDIUM_API_URL": sandbox.url,
        "MEDIUM_FILES": "posts/*.md",
        "MEDIUM_OUTPUT_JSON": str(tmp_path.parent / f"{tmp_path.name}-result.json"),
    }
    run = subprocess.Popen(
        [sys.executable, str(ROOT / "entrypoint.py")],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert sandbox.sandbox.wait_for_faults(1, timeout=60), "a's post request never came"
        # a's write-ahead record is on disk; now the state file's directory goes away
        (tmp_path / ".medium").rename(tmp_path / "medium-gone")
        (tmp_path / ".medium").write_text("not a directory\n")
        out, _ = run.communicate(timeout=120)
    finally:
        run.kill()
    assert run.returncode == 1, out
    assert [post["title"] for post in sandbox.sandbox.posts] == ["Alpha"]
    result = json.loads(Path(env["MEDIUM_OUTPUT_JSON"]).read_text())
    assert [post["file"] for post in result["posts"]] == ["posts/a.md"]
    failed = {item["file"]: item["error"] for item in result["failed"]}
    assert set(failed) == {"posts/b.md"} and failed["posts/b.md"].startswith("not sent")
    assert "medium-publish adopt posts/a.md http://" in out
    assert "nothing was published" not in out
    assert "bug" not in out
    # the write-ahead record survived where the state file was: a rerun would not post again
    kept = json.loads((tmp_path / "medium-gone/published.json").read_text())
    assert "posts/a.md" in json.dumps(kept)
