"""How change detection scales with the size of the repository.

Builds two repositories, one of 2,000 Markdown files and one of 20, each with 20 commits of
history and then a push that changes one file; each repetition checks the push out as
actions/checkout does (a depth-1 clone over file://, not timed) and times ``detect_changes``
on it (fetching ``before``, diffing, selecting). Prints the medians and their ratio; the
target is a ratio of at most 1.2: the work must follow the size of the push, not of the
repository.

The figure judged is CPU time (this process and the git processes it waits for, the server
side of the fetch included): on a machine shared with other jobs, wall time mostly measures
how long each run waited for a core. Wall-clock medians are printed beside it.

    .venv/bin/python bench/bench_changes.py [--repetitions 21]
"""

from __future__ import annotations

import argparse
import os
import resource
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


def cpu_seconds() -> float:
    """CPU time of this process and of every child it has waited for (git and its helpers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure_once(
    root: Path, origin: Path, payload: dict[str, object], n: int
) -> tuple[float, float]:
    """(wall, CPU) seconds of one change detection on a fresh depth-1 clone."""
    clone = root / f"clone-{origin.name}-{n}"
    git(root, "clone", "-q", "--no-local", "--depth=1", f"file://{origin}", str(clone))
    cpu = cpu_seconds()
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
    cpu = cpu_seconds() - cpu
    assert len(result.changes) == 1, result
    assert result.how.startswith("push "), result.how
    shutil.rmtree(clone)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=21)
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
        small_times: list[tuple[float, float]] = []
        large_times: list[tuple[float, float]] = []
        for n in range(args.repetitions):
            # alternate which goes first, so neither always follows the other's clone
            pair = [(small, small_event, small_times), (large, large_event, large_times)]
            for origin, event, times in pair if n % 2 == 0 else pair[::-1]:
                times.append(measure_once(root, origin, event, n))
    wall = [statistics.median(t[0] for t in times) for times in (small_times, large_times)]
    cpu = [statistics.median(t[1] for t in times) for times in (small_times, large_times)]
    print(
        f"detect_changes, push changing 1 file, depth-1 clone over file://, median of "
        f"{args.repetitions}, interleaved:"
    )
    print(f"  20 Markdown files:    CPU {cpu[0] * 1000:7.1f} ms, wall {wall[0] * 1000:7.1f} ms")
    print(f"  2,000 Markdown files: CPU {cpu[1] * 1000:7.1f} ms, wall {wall[1] * 1000:7.1f} ms")
    ratio = cpu[1] / cpu[0]
    print(f"  wall-clock ratio: {wall[1] / wall[0]:.2f} (shown only; waits for a core count in it)")
    print(f"  CPU ratio: {ratio:.2f} (target <= 1.2) {'PASS' if ratio <= 1.2 else 'FAIL'}")


if __name__ == "__main__":
    main()
