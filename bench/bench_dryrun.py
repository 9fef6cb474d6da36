"""A whole dry run over 300 generated posts against plain mistune on the same files.

    .venv/bin/python bench/bench_dryrun.py [--posts 300] [--size 8000] [--repeat 5]

Writes ``--posts`` posts of about 8 KB (headings, lists, code, inline and reference links between
the posts, local and remote images, tables, footnotes, raw HTML, template tags; a fixed seed) to
a temporary workspace, then times, as whole processes in the same run and interleaved (the
order of the three rotates each round; medians of ``--repeat`` rounds):

- ours: ``medium-publish preview posts/*.md`` (read, front matter, parse, images, links, render,
  preview pages written);
- defaults: a Python process reading the same files and rendering each with ``mistune.html``;
- plain: the same with ``mistune.create_markdown`` (HTML renderer; table, strikethrough,
  footnotes, task_lists, url).

Prints the times and the throughput fractions baseline/ours; the target is at least 0.8 of
mistune's defaults (the plugins' figure is printed too). The figure judged is each process's
CPU time (user + system, from the operating system's accounting of the child): on a machine
shared with other jobs, wall time mostly measures how long a process waited for a core. The
wall-clock figures are printed beside it; on a quiet machine the two agree.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_render import make_post  # noqa: E402

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
PLAIN = """
import sys, pathlib, mistune
md = mistune.create_markdown(
    plugins=["table", "strikethrough", "footnotes", "task_lists", "url"]
)
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.md")):
    md(path.read_text(encoding="utf-8"))
"""
# mistune's defaults: ``mistune.html``, the library's ready-made Markdown-to-HTML function.
DEFAULTS = """
import sys, pathlib, mistune
for path in sorted(pathlib.Path(sys.argv[1]).glob("*.md")):
    mistune.html(path.read_text(encoding="utf-8"))
"""
TARGET = 0.8


def write_workspace(root: Path, posts: int, size: int, seed: int) -> None:
    rng = random.Random(seed)
    (root / "posts/images").mkdir(parents=True)
    for i in range(9):
        (root / f"posts/images/pic{i}.png").write_bytes(PNG)
        (root / f"posts/images/f{i}.png").write_bytes(PNG)
    for i in range(posts):
        body = make_post(rng, size)
        target = f"post-{(i + 1) % posts:03d}.md"
        body += f"\nRead [the next post][next] and [another](./post-{i // 2:03d}.md).\n"
        body += f"\n[next]: ./{target}\n"
        (root / f"posts/post-{i:03d}.md").write_text(
            f"---\ntitle: Post {i}\ntags: [bench]\n---\n" + body, encoding="utf-8"
        )


def timed(cmd: list[str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of ``cmd`` run to its end as a child process."""
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(cwd), "GITHUB_WORKSPACE": str(cwd)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{cmd[:3]} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--size", type=int, default=8000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_workspace(root, args.posts, args.size, args.seed)
        files = sorted(str(p.relative_to(root)) for p in (root / "posts").glob("*.md"))
        ours_cmd = [sys.executable, str(ROOT / "entrypoint.py"), "preview", *files]
        plain_cmd = [sys.executable, "-c", PLAIN, str(root / "posts")]
        defaults_cmd = [sys.executable, "-c", DEFAULTS, str(root / "posts")]
        runs: dict[str, list[tuple[float, float]]] = {"ours": [], "plain": [], "defaults": []}
        cmds = {"defaults": defaults_cmd, "plain": plain_cmd, "ours": ours_cmd}
        order = list(cmds)
        for n in range(args.repeat):  # interleaved, so that a busy moment falls on all three
            for name in order[n % 3 :] + order[: n % 3]:
                runs[name].append(timed(cmds[name], root))
    wall = {k: statistics.median(t[0] for t in v) for k, v in runs.items()}
    cpu = {k: statistics.median(t[1] for t in v) for k, v in runs.items()}
    print(f"{args.posts} posts of ~{args.size // 1000} KB, median of {args.repeat} runs each")
    print("                                   CPU      wall")
    for name, label in (
        ("defaults", "mistune.html (defaults) process"),
        ("plain", "mistune + GFM plugins process  "),
        ("ours", "medium-publish preview         "),
    ):
        print(f"{label} : {cpu[name]:6.2f} s  {wall[name]:6.2f} s")
    for name, label in (("defaults", "mistune's defaults"), ("plain", "mistune + GFM plugins")):
        shown = wall[name] / wall["ours"]
        print(f"wall-clock throughput against {label}: {shown:.2f} (shown only)")
    for name, label in (("defaults", "mistune's defaults"), ("plain", "mistune + GFM plugins")):
        ratio = cpu[name] / cpu["ours"]
        verdict = ("PASS" if ratio >= TARGET else "FAIL") if name == "defaults" else "(shown)"
        print(f"CPU throughput against {label}: {ratio:.2f} (target >= {TARGET}) {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
