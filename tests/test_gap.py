"""Other CI: the commits between the state file's bookmark and the CI's own previous commit (a
pipeline that restored another cache, a ``[skip ci]`` push, a pipeline that failed) are never
published from here nor dropped in silence: their posts the state file does not know need
attention (exit 1). End to end: real git clones, the real program, the sandbox over loopback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from gitrepo import GitRepo
from helpers import run_cli
from test_history import PNG, blog, restore, sandbox_env, titles

from medium_action.sandbox.server import SandboxServer


class Pipeline:
    """One CI job: a fresh clone at depth 20 (at ``at``), the cached state file restored, a
    publishing run with the CI's variables; its exit status, log, result and summary."""

    def __init__(
        self,
        origin: GitRepo,
        tmp_path: Path,
        name: str,
        sandbox: SandboxServer,
        cache: Path,
        *,
        at: str | None = None,
        args: list[str] | None = None,
        **ci: str,
    ) -> None:
        self.clone = origin.clone(tmp_path / name, depth=20)
        if at is not None:
            self.clone.checkout(at)
        self.state = restore(self.clone, cache)
        out, summary = tmp_path / f"{name}.json", tmp_path / f"{name}.md"
        done = run_cli(
            args or [],
            cwd=self.clone.path,
            env=sandbox_env(
                sandbox, MEDIUM_OUTPUT_JSON=str(out), GITHUB_STEP_SUMMARY=str(summary), **ci
            ),
        )
        self.status, self.log = done.returncode, done.stdout + done.stderr
        self.result = json.loads(out.read_text()) if out.exists() else {}
        self.summary = summary.read_text() if summary.exists() else ""

    def skipped(self) -> dict[str, str]:
        return {skip["file"]: skip["reason"] for skip in self.result["skipped"]}

    def place(self) -> dict[str, object]:
        (place,) = json.loads(self.state.read_text())["places"].values()
        return dict(place)

    def save(self, cache: Path) -> None:
        shutil.copy(self.state, cache)


def first_run(origin: GitRepo, tmp_path: Path, sandbox: SandboxServer) -> Path:
    clone = origin.clone(tmp_path / "job0", depth=20)
    done = run_cli([], cwd=clone.path, env=sandbox_env(sandbox))
    assert done.returncode == 0, done.stdout + done.stderr
    cache = tmp_path / "cache.json"
    shutil.copy(clone.path / ".medium/published.json", cache)
    return cache


def test_the_second_of_two_racing_pipelines_names_the_first_ones_post_and_never_reposts_it(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer
) -> None:
    origin = blog(tmp_path)
    cache = first_run(origin, tmp_path, sandbox)
    one = origin.head()
    origin.write("posts/two.md", "# Two\n\nText.\n")
    push_a = origin.commit("two")
    origin.write("posts/three.md", "# Three\n\nText.\n")
    push_b = origin.commit("three")

    # Both pipelines restore the same cache (no resource_group): B cannot know A's post.
    a = Pipeline(origin, tmp_path, "a", sandbox, cache, at=push_a, CI_COMMIT_BEFORE_SHA=one)
    assert a.status == 0, a.log
    b = Pipeline(origin, tmp_path, "b", sandbox, cache, CI_COMMIT_BEFORE_SHA=push_a)
    assert b.status == 1, b.log  # not green: a post may be missing, or exist
    assert titles(sandbox) == ["One", "Three", "Two"]  # Three published, Two not twice
    reason = b.skipped()["posts/two.md"]
    assert "another pipeline may already have published it" in reason
    assert "[skip ci]" in reason and "medium-publish adopt posts/two.md URL" in reason
    assert "files: posts/two.md" in reason
    assert "resource_group" in b.log and "need a rerun or a decision" in b.summary
    assert "posts/two.md" in b.summary
    place = b.place()
    assert place["last_commits"] == {"main": one}  # stays: the gap is reported again
    assert "left_behind" not in place  # never retried by name: that would post it again

    # The writer finds A's post and adopts it: the next pipeline is green, nothing re-sent.
    url = next(post["url"] for post in sandbox.sandbox.posts if post["title"] == "Two")
    adopted = run_cli(["adopt", "posts/two.md", url], cwd=b.clone.path, env=sandbox_env(sandbox))
    assert adopted.returncode == 0, adopted.stdout + adopted.stderr
    b.save(cache)
    origin.write("README.md", "# Blog\n\nNews.\n")
    push_c = origin.commit("readme")
    c = Pipeline(origin, tmp_path, "c", sandbox, cache, CI_COMMIT_BEFORE_SHA=push_b)
    assert c.status == 0, c.log
    assert titles(sandbox) == ["One", "Three", "Two"]
    assert "already published" in c.skipped()["posts/two.md"]
    assert c.place()["last_commits"] == {"main": push_c}


def test_a_gap_that_changed_no_post_only_warns_and_the_run_is_green(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer
) -> None:
    origin = blog(tmp_path)
    cache = first_run(origin, tmp_path, sandbox)
    origin.write("README.md", "# Blog\n\nAbout.\n")
    skipped = origin.commit("readme [skip ci]")
    origin.write("posts/two.md", "# Two\n\nText.\n")
    origin.commit("two")
    run = Pipeline(origin, tmp_path, "p", sandbox, cache, CI_COMMIT_BEFORE_SHA=skipped)
    assert run.status == 0, run.log
    assert titles(sandbox) == ["One", "Two"]
    assert run.result["skipped"] == []
    assert "older than the CI's previous commit" in run.log


def test_a_skip_ci_push_s_post_needs_attention_under_travis_and_files_publishes_it(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer
) -> None:
    origin = blog(tmp_path)
    cache = first_run(origin, tmp_path, sandbox)
    origin.write("posts/drafts/four.md", "---\ntitle: Four\n---\nText.\n")
    skipped = origin.commit("four [skip ci]")  # no build ran for it
    origin.write("posts/five.md", "# Five\n\nText.\n")
    five = origin.commit("five")
    travis = {"TRAVIS_BRANCH": "main", "TRAVIS_COMMIT_RANGE": f"{skipped}...{five}"}
    run = Pipeline(origin, tmp_path, "p", sandbox, cache, **travis)
    assert run.status == 1, run.log
    assert titles(sandbox) == ["Five", "One"]
    assert "posts/drafts/four.md" in run.skipped()
    assert "Changes: 1 post file(s) changed by commits no run here saw" in run.log
    run.save(cache)

    # Again: still named (the bookmark did not move), still not sent.
    again = Pipeline(origin, tmp_path, "again", sandbox, cache, **travis)
    assert again.status == 1 and "posts/drafts/four.md" in again.skipped(), again.log
    assert titles(sandbox) == ["Five", "One"]

    # It is not on Medium: the writer publishes it by name.
    named = Pipeline(
        origin, tmp_path, "named", sandbox, cache, MEDIUM_FILES="posts/drafts/four.md", **travis
    )
    assert named.status == 0, named.log
    assert titles(sandbox) == ["Five", "Four", "One"]


def test_a_gap_file_the_ledger_knows_is_a_plain_skip_and_one_left_behind_is_retried(
    tmp_path: Path, git_env: Path, sandbox: SandboxServer
) -> None:
    origin = blog(tmp_path)
    cache = first_run(origin, tmp_path, sandbox)
    one = origin.head()
    origin.write("posts/two.md", "# Two\n\nText.\n")
    origin.write("posts/bad.md", "# Bad\n\n![a chart](chart.png)\n")  # the image is missing
    push_a = origin.commit("two and bad")
    a = Pipeline(origin, tmp_path, "a", sandbox, cache, CI_COMMIT_BEFORE_SHA=one)
    assert a.status == 1, a.log
    assert a.place()["last_commits"] == {"main": one}  # bad.md failed: the bookmark stays
    a.save(cache)

    (origin.path / "posts/chart.png").write_bytes(PNG)
    origin.write("posts/three.md", "# Three\n\nText.\n")
    push_b = origin.commit("the chart, and three")
    b = Pipeline(origin, tmp_path, "b", sandbox, cache, CI_COMMIT_BEFORE_SHA=push_a)
    assert b.status == 0, b.log
    assert titles(sandbox) == ["Bad", "One", "Three", "Two"]  # Two once, Bad tried again
    assert "already published" in b.skipped()["posts/two.md"]
    assert b.place()["last_commits"] == {"main": push_b}
