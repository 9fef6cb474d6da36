"""A no-op push, cold, as a whole process: what a writer waits for when a push changes no post.

Each repetition checks out a push that changes only README.md as actions/checkout does (a
depth-1 clone over file://, not timed), then times a fresh ``python entrypoint.py`` on it (it
fetches ``before``, diffs, selects nothing, exits 0). In the same run, interleaved with it, the
same interpreter runs ``-c pass`` and ``-c "import pydantic_settings"``: the floor for a program
whose settings come from pydantic-settings. Also prints the git processes the run spawns and
whether it imported any module a no-op run does not need.

Targets: the no-op run at most 1.2x the pydantic-settings import; none of httpx, mistune, yaml,
PIL, ``medium_action.rendering`` or ``medium_action.ledger`` imported.

The figure judged is CPU time (user + system of each process and of the git processes it waited
for): on a machine shared with other jobs, wall time mostly measures how long each process
waited for a core. Wall-clock medians are printed beside it, not judged.

    .venv/bin/python bench/bench_noop.py [--repetitions 15]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_changes import git, use_private_git_config  # noqa: E402

ENTRYPOINT = HERE.parent / "entrypoint.py"
TARGET = 1.2
NOT_NEEDED = ("httpx", "mistune", "yaml", "PIL", "medium_action.rendering", "medium_action.ledger")
# A probe run after the entry point's main() returns: which of NOT_NEEDED got imported.
PROBE = (
    "import runpy, sys\n"
    "sys.argv = [{entry!r}]\n"
    "try:\n"
    "    runpy.run_path({entry!r}, run_name='__main__')\n"
    "except SystemExit as stop:\n"
    "    assert not stop.code, stop.code\n"
    "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in {roots!r}\n"
    "    or any(m == n or m.startswith(n + '.') for n in {names!r}))))\n"
)


def origin_with_readme_push(root: Path) -> tuple[Path, dict[str, object]]:
    origin = root / "origin"
    origin.mkdir()
    git(origin, "init", "-q")
    (origin / "README.md").write_text("# Blog\n", encoding="utf-8")
    (origin / "posts").mkdir()
    (origin / "posts/a.md").write_text("# A\n\nText.\n", encoding="utf-8")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "one")
    before = git(origin, "rev-parse", "HEAD")
    (origin / "README.md").write_text("# Blog\n\nAbout.\n", encoding="utf-8")
    git(origin, "commit", "-q", "-am", "readme only")
    after = git(origin, "rev-parse", "HEAD")
    return origin, {"before": before, "after": after, "commits": [{"id": after}]}


def environment(workspace: Path, event: Path) -> dict[str, str]:
    return {
        **os.environ,
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_ACTIONS": "true",
        "GITHUB_REF_NAME": "main",
        "GITHUB_REPOSITORY": "writer/blog",
        "GITHUB_EVENT_PATH": str(event),
        "INPUT_TOKEN": "not-used-by-a-no-op-run",
        "INPUT_API-URL": "http://127.0.0.1:9",
        "INPUT_COMMENT": "false",
        "GITHUB_OUTPUT": str(workspace.parent / f"{workspace.name}.output"),
    }


def checkout(root: Path, origin: Path, n: int) -> Path:
    workspace = root / f"ws-{n}"
    git(root, "clone", "-q", "--no-local", "--depth=1", f"file://{origin}", str(workspace))
    return workspace


def timed(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall time, and CPU time (user + system) of the process and every process it waited
    for (git's included): the second is what a loaded machine disturbs least."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def git_spawns(root: Path, origin: Path, event: Path) -> int | None:
    """Git processes the run starts itself (strace, when installed), fetch's helpers aside."""
    if shutil.which("strace") is None:
        return None
    workspace = checkout(root, origin, 10_000)
    trace = root / "trace"
    subprocess.run(
        [
            "strace",
            "-f",
            "-qq",
            "-e",
            "trace=execve",
            "-o",
            str(trace),
            sys.executable,
            str(ENTRYPOINT),
        ],
        check=True,
        env=environment(workspace, event),
        stdout=subprocess.DEVNULL,
    )
    lines = trace.read_text(encoding="utf-8").splitlines()
    return sum(1 for line in lines if 'execve("' in line and '["git", ' in line and "= 0" in line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=15)
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="bench-noop-") as tmp:
        root = Path(tmp)
        use_private_git_config(root)
        origin, payload = origin_with_readme_push(root)
        event = root / "event.json"
        event.write_text(json.dumps(payload), encoding="utf-8")
        probe_ws = checkout(root, origin, -1)
        probe = PROBE.format(
            entry=str(ENTRYPOINT), roots=("httpx", "mistune", "yaml", "PIL"), names=NOT_NEEDED
        )
        loaded = (
            subprocess.run(
                [python, "-c", probe],
                check=True,
                capture_output=True,
                text=True,
                env=environment(probe_ws, event),
            )
            .stdout.split("\n")[-2]
            .split()
        )
        spawns = git_spawns(root, origin, event)
        rounds: list[tuple[tuple[float, float], ...]] = []
        for n in range(args.repetitions + 1):
            workspace = checkout(root, origin, n)
            times = (
                timed([python, "-c", "pass"]),
                timed([python, "-c", "import pydantic_settings"]),
                timed([python, str(ENTRYPOINT)], environment(workspace, event)),
            )
            shutil.rmtree(workspace)
            if n:  # the first round only warms the page cache
                rounds.append(times)
    print(f"no-op push (README.md only), cold whole process, median of {args.repetitions}:")
    for kind, index in (("wall", 0), ("CPU", 1)):
        bare, floor, noop = (
            statistics.median(r[which][index] for r in rounds) for which in range(3)
        )
        ratio = noop / floor
        verdict = ("PASS" if ratio <= TARGET else "FAIL") if kind == "CPU" else "(not judged)"
        print(
            f"  {kind:4}: python -c pass {bare * 1000:.0f} ms, import pydantic_settings "
            f"{floor * 1000:.0f} ms, medium-publish {noop * 1000:.0f} ms = {noop / bare:.1f}x "
            f"pass, {ratio:.2f}x the pydantic-settings import (target <= {TARGET}) {verdict}"
        )
    print(
        f"  modules a no-op run does not need, imported: {' '.join(loaded) or 'none'} "
        f"{'FAIL' if loaded else 'PASS'}"
    )
    if spawns is not None:
        print(f"  git processes the run starts: {spawns} (the fetch's own helpers not counted)")


if __name__ == "__main__":
    main()
