"""Whole runs, in process, against the sandbox: what a writer waits for and what Medium sees.

Prints:
- import time of the package (a fresh interpreter importing ``medium_action.cli``);
- a no-op run (a push that changes no publishable file): wall time and HTTP requests (target:
  at most 0.5 s, and no request at all);
- the requests of a run publishing three posts that use two distinct local images, one of them
  twice (target: one GET /me, one post request per post, one upload per distinct image);
- a push changing one file, whole run, in a repository of 2,000 Markdown files against one of
  20 (target: a ratio of at most 1.2). The ratio judged is CPU time (this process, and the git
  processes it waits for, the server side of the fetch included): on a machine shared with
  other jobs, wall time mostly measures how long the run waited for a core. Wall-clock medians
  are printed beside it, not judged.

    .venv/bin/python bench/bench_run.py [--repetitions 9]
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_changes import build, git, use_private_git_config  # noqa: E402

from medium_action.cli import run  # noqa: E402
from medium_action.sandbox.server import DEFAULT_TOKEN, SandboxServer  # noqa: E402

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)


def import_time(repetitions: int) -> tuple[float, float]:
    def once(code: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, cwd=HERE.parent)
        return time.perf_counter() - start

    bare = statistics.median(once("pass") for _ in range(repetitions))
    full = statistics.median(once("import medium_action.cli") for _ in range(repetitions))
    return full - bare, full


def quiet_run(flags: dict[str, str], environ: dict[str, str]) -> int:
    with contextlib.redirect_stdout(io.StringIO()):
        return run(flags, environ)


def push_env(workspace: Path, payload: dict[str, object], server: SandboxServer) -> dict[str, str]:
    event = workspace.parent / f"{workspace.name}.event.json"
    event.write_text(json.dumps(payload), encoding="utf-8")
    return {
        "GITHUB_WORKSPACE": str(workspace),
        "GITHUB_EVENT_NAME": "push",
        "GITHUB_EVENT_PATH": str(event),
        "INPUT_TOKEN": DEFAULT_TOKEN,
        "INPUT_API-URL": server.url,
        "INPUT_COMMENT": "false",
        "PATH": os.environ["PATH"],
    }


def clone(root: Path, origin: Path, name: str) -> Path:
    target = root / name
    git(root, "clone", "-q", "--no-local", "--depth=1", f"file://{origin}", str(target))
    return target


def noop_run(root: Path, server: SandboxServer, repetitions: int) -> tuple[float, int]:
    origin = root / "noop-origin"
    origin.mkdir()
    git(origin, "init", "-q")
    (origin / "README.md").write_text("# Blog\n")
    (origin / "posts").mkdir()
    (origin / "posts/a.md").write_text("# A\n\nText.\n")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "one")
    before = git(origin, "rev-parse", "HEAD")
    (origin / "README.md").write_text("# Blog\n\nAbout.\n")
    git(origin, "commit", "-q", "-am", "readme only")
    after = git(origin, "rev-parse", "HEAD")
    payload: dict[str, object] = {"before": before, "after": after, "commits": [{"id": after}]}
    workspace = clone(root, origin, "noop")
    env = push_env(workspace, payload, server)
    quiet_run({}, env)  # warm: the fetch of `before` happens once, as in a real run
    server.sandbox.reset()
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        assert quiet_run({}, env) == 0
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(server.sandbox.requests)


def request_counts(root: Path, server: SandboxServer) -> Counter[str]:
    workspace = root / "images"
    (workspace / "posts").mkdir(parents=True)
    (workspace / "posts/one.png").write_bytes(PNG)
    (workspace / "posts/two.png").write_bytes(PNG + b"two")
    for name, images in (("a", ["one"]), ("b", ["one", "two"]), ("c", [])):
        pictures = "\n\n".join(f"![{image}]({image}.png)" for image in images)
        (workspace / f"posts/{name}.md").write_text(f"# Post {name}\n\nText.\n\n{pictures}\n")
    server.sandbox.reset()
    env = {"MEDIUM_TOKEN": DEFAULT_TOKEN, "MEDIUM_API_URL": server.url, "PATH": os.environ["PATH"]}
    env["GITHUB_WORKSPACE"] = str(workspace)
    assert quiet_run({"files": "posts/*.md"}, env) == 0
    counts: Counter[str] = Counter()
    for request in server.sandbox.requests:
        path = request["path"]
        key = "/me" if path.endswith("/me") else "/images" if path.endswith("/images") else path
        counts[
            f"{request['method']} {'/users/{id}/posts' if path.endswith('/posts') else key}"
        ] += 1
    return counts


def cpu_seconds() -> float:
    """User + system time of this process and of the children it waited for (git's)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def one_file_push(
    root: Path, server: SandboxServer, files: int, n: int, origin: Path, payload: dict[str, object]
) -> tuple[float, float]:
    """(wall, CPU) seconds of the whole run. The sandbox's thread serves the run's requests
    within this process: its CPU time is counted too, the same for both repositories."""
    workspace = clone(root, origin, f"push-{files}-{n}")
    env = push_env(workspace, payload, server)
    gc.collect()  # the garbage of the run before is not this run's
    cpu = cpu_seconds()
    start = time.perf_counter()
    assert quiet_run({}, env) == 0
    elapsed = time.perf_counter() - start
    cpu = cpu_seconds() - cpu
    shutil.rmtree(workspace)
    return elapsed, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repetitions", type=int, default=9)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp, SandboxServer() as server:
        root = Path(tmp)
        use_private_git_config(root)
        extra, total = import_time(args.repetitions)
        print(
            f"import medium_action.cli: {extra * 1000:.0f} ms over a bare interpreter "
            f"({total * 1000:.0f} ms in all)"
        )
        noop, requests = noop_run(root, server, args.repetitions)
        verdict = "PASS" if noop <= 0.5 and requests == 0 else "FAIL"
        print(
            f"no-op run (a push changing only README.md), in process: {noop * 1000:.0f} ms, "
            f"{requests} HTTP requests (target <= 500 ms, 0 requests) {verdict}"
        )
        counts = request_counts(root, server)
        print(
            "requests to publish 3 posts using 2 distinct images (one used twice): "
            + ", ".join(f"{key} x{count}" for key, count in sorted(counts.items()))
        )
        small, small_event = build(root, 20)
        large, large_event = build(root, 2000)
        one_file_push(root, server, 20, -1, small, small_event)
        one_file_push(root, server, 2000, -1, large, large_event)
        small_times: list[tuple[float, float]] = []
        large_times: list[tuple[float, float]] = []
        for n in range(args.repetitions):  # A B B A ...: neither always runs first
            pair = [(20, small, small_event, small_times), (2000, large, large_event, large_times)]
            for files, origin, event, times in pair if n % 2 == 0 else reversed(pair):
                times.append(one_file_push(root, server, files, n, origin, event))
        print(
            f"whole run, push changing 1 file (published to the sandbox), median of "
            f"{args.repetitions}:"
        )
        for kind, index in (("wall", 0), ("CPU", 1)):
            small_s = statistics.median(t[index] for t in small_times)
            large_s = statistics.median(t[index] for t in large_times)
            ratio = large_s / small_s
            verdict = ("PASS" if ratio <= 1.2 else "FAIL") if kind == "CPU" else "(not judged)"
            print(
                f"  {kind:4}: 20 files {small_s * 1000:.0f} ms, 2,000 files "
                f"{large_s * 1000:.0f} ms, ratio {ratio:.2f} (target <= 1.2) {verdict}"
            )


if __name__ == "__main__":
    main()
