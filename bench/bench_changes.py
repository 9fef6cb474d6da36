"""How change detection scales with the size of the repository.

Builds two repositories, one of 2,000 Markdown files and one of 20, each with 20 commits of
history and then a push that changes one file; each repetition checks the push out as
actions/checkout does (a depth-1 clone over file://, not timed) and times ``detect_changes``
on it (fetching ``before``, diffing, selecting). Prints the medians and their ratio; the
target is a ratio of at most 1.2: the work must follow the size of the push, not of the
repository.

    .venv/bin/python bench/bench_changes.py [--repetitions 15]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from medium_action.sources.changes import detect_changes
from medium_action.sources.events import load_event
from medium_action.sources.git import Git

INCLUDE = ["**/*.md", "**/*.markdown"]
EXCLUDE = ["**/README.md", "**/CHANGELOG.md", "**/LICENSE.md", ".github/**", "node_modules/**"]
HISTORY = 20


def git(cwd: Path, *args: str) -> str:
    result = subprocess.run(
        ["git", "-c", "init.defaultBranch=main", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def use_private_git_config(root: Path) -> None:
    """A git of the bench's own: no user or system config, a fixed identity."""
    (root / "gitconfig").write_text("", encoding="utf-8")
    os.environ.update(
        {
            "GIT_CONFIG_GLOBAL": str(root / "gitconfig"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_AUTHOR_NAME": "Bench",
            "GIT_AUTHOR_EMAIL": "bench@example.invalid",
            "GIT_COMMITTER_NAME": "Bench",
            "GIT_COMMITTER_EMAIL": "bench@example.invalid",
        }
    )


def build(root: Path, files: int) -> tuple[Path, dict[str, object]]:
    """An origin with ``files`` Markdown files, some history, and a push changing one file."""
    origin = root / f"origin-{files}"
    origin.mkdir(parents=True)
    git(origin, "init", "-q")
    for i in range(files):
        path = origin / f"posts/{i // 100:02d}/post-{i:04d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# Post {i}\n\n" + f"Paragraph {i} of a post.\n" * 20, encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "all posts")
    for n in range(HISTORY):
        path = origin / f"posts/00/post-{n % max(1, min(files, 10)):04d}.md"
        path.write_text(path.read_text(encoding="utf-8") + f"Edit {n}.\n", encoding="utf-8")
        git(origin, "commit", "-q", "-am", f"edit {n}")
    before = git(origin, "rev-parse", "HEAD")
    target = origin / f"posts/00/post-{files - 1 if files < 100 else 99:04d}.md"
    target.write_text(target.read_text(encoding="utf-8") + "The pushed change.\n", "utf-8")
    git(origin, "commit", "-q", "-am", "the push")
    after = git(origin, "rev-parse", "HEAD")
    # A server serves from packs; 2,000 loose objects would time the origin's disk, not us.
    git(origin, "gc", "-q")
    payload: dict[str, object] = {
        "before": before,
        "after": after,
        "forced": False,
        "commits": [{"id": after}],
        "head_commit": {"id": after},
    }
    return origin, payload


def measure_once(root: Path, origin: Path, payload: dict[str, object], n: int) -> float:
    clone = root / f"clone-{origin.name}-{n}"
    git(root, "clone", "-q", "--no-local", "--depth=1", f"file://{origin}", str(clone))
    start = time.perf_counter()
    result = detect_changes(
        Git(clone),
        event=load_event("push", payload),
        dispatch=False,
        since=None,
        include=INCLUDE,
        exclude=EXCLUDE,
    )
    elapsed = time.perf_counter() - start
    assert len(result.changes) == 1, result
    assert result.how.startswith("push "), result.how
    shutil.rmtree(clone)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-changes-") as tmp:
        root = Path(tmp)
        use_private_git_config(root)
        large, large_event = build(root, 2000)
        small, small_event = build(root, 20)
        # One untimed round each first, so neither pays for a cold cache; then the two
        # alternate, so that a slow moment of the machine falls on both.
        measure_once(root, large, large_event, -1)
        measure_once(root, small, small_event, -1)
        small_times: list[float] = []
        large_times: list[float] = []
        for n in range(args.repetitions):
            small_times.append(measure_once(root, small, small_event, n))
            large_times.append(measure_once(root, large, large_event, n))
        small_s = statistics.median(small_times)
        large_s = statistics.median(large_times)
    print(
        f"detect_changes, push changing 1 file, depth-1 clone over file://, median of "
        f"{args.repetitions}:"
    )
    print(f"  20 Markdown files:    {small_s * 1000:8.1f} ms")
    print(f"  2,000 Markdown files: {large_s * 1000:8.1f} ms")
    ratio = large_s / small_s
    print(f"  ratio: {ratio:.2f} (target <= 1.2) {'PASS' if ratio <= 1.2 else 'FAIL'}")


if __name__ == "__main__":
    main()
