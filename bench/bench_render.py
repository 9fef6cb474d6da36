"""Throughput of medium_action.rendering.render against mistune's plain HTML renderer.

    .venv/bin/python bench/bench_render.py [--posts 300] [--size 8000] [--repeat 7]

Generates posts of about 8 KB using every construct the renderer maps (deterministic seed), then
renders all of them with ``render_html`` and with ``mistune.create_markdown(plugins=…)`` (the
same plugins, mistune's own HTML) in the same run: CPU time, ``--repeat`` rounds, each running
both back to back (their order alternating). Prints posts/second for both (best round) and the
median of the rounds' ratios (a ratio within a round compares runs a moment apart, which a
machine shared with other jobs slows alike); the target is a ratio of at least 0.80.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import mistune

from medium_action.rendering.render import PLUGINS, parse_post, render_html

WORDS = [
    "medium",
    "markdown",
    "render",
    "post",
    "writer",
    "figure",
    "quote",
    "list",
    "table",
    "code",
    "image",
    "link",
    "note",
    "heading",
    "python",
    "action",
    "docker",
    "publish",
    "token",
    "draft",
    "canonical",
    "subtitle",
    "title",
    "paragraph",
    "emphasis",
    "strong",
    "漢字",
    "日本語",
    "café",
    "naïve",
    "🍎",
    "emoji",
    "résumé",
]


def words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def inline(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(4, 9)):
        kind = rng.randrange(11)
        w = words(rng, rng.randint(1, 3))
        parts.append(
            [
                w,
                f"*{w}*",
                f"**{w}**",
                f"`{w}`",
                f"[{w}](https://example.com/{rng.randrange(999)})",
                f"~~{w}~~",
                "https://example.org/path",
                f"$x_{rng.randrange(9)}$",
                f"<em>{w}</em>",
                f"[{w}](../other-post.md)",
                w + ",",
            ][kind]
        )
    return " ".join(parts)


def block(rng: random.Random, n_note: list[int]) -> str:
    kind = rng.randrange(22)
    if kind == 0:
        return "#" * rng.randint(1, 6) + " " + words(rng, 4)
    if kind in (1, 2, 3, 4):
        text = inline(rng) + "\n" + inline(rng)
        if rng.random() < 0.3:
            n_note[0] += 1
            text += f"[^n{n_note[0]}]"
        return text
    if kind == 5:
        return f'![{words(rng, 2)}](images/pic{rng.randrange(9)}.png "{words(rng, 3)}")'
    if kind == 6:
        return "\n".join(
            f"- {inline(rng)}"
            + (f"\n  - {words(rng, 3)}\n    1. {words(rng, 2)}" if i == 1 else "")
            for i in range(rng.randint(2, 5))
        )
    if kind == 7:
        return "\n".join(f"{i + 1}. {inline(rng)}" for i in range(rng.randint(2, 5)))
    if kind == 8:
        return "- [x] " + words(rng, 3) + "\n- [ ] " + words(rng, 3)
    if kind == 9:
        code = "\n".join(f"    x = {rng.randrange(99)}  # {words(rng, 2)}" for _ in range(5))
        return "```python\ndef f():\n" + code + "\n```"
    if kind == 10:
        return "\n".join("    " + words(rng, 4) for _ in range(3))
    if kind == 11:
        return "> " + inline(rng) + "\n>\n> > " + words(rng, 5)
    if kind == 12:
        rows = "\n".join(
            f"| {words(rng, 1)} | {rng.randrange(999)} | **{words(rng, 2)}** |" for _ in range(4)
        )
        return "| name | n | what |\n|:--|--:|:-:|\n" + rows
    if kind == 13:
        return "$$\n\\int_0^1 x\\,dx = \\frac{1}{2}\n$$"
    if kind == 14:
        return "---"
    if kind == 15:
        return f'<div class="note"><b>{words(rng, 2)}</b> {words(rng, 4)}</div>'
    if kind == 16:
        return f"{{{{< youtube id{rng.randrange(99)} >}}}}"
    if kind == 17:
        return f'{{{{< figure src="images/f{rng.randrange(9)}.png" caption="{words(rng, 3)}" >}}}}'
    if kind == 18:
        return "{% highlight ruby %}\nputs 1\n{% endhighlight %}"
    if kind == 19:
        return "1. step\n\n   ```sh\n   make\n   ```\n2. next " + words(rng, 3)
    if kind == 20:
        return inline(rng) + "  \n" + words(rng, 5)
    return f"Text with an inline ![{words(rng, 1)}](https://cdn.example/x.png) image."


def make_post(rng: random.Random, size: int) -> str:
    n_note = [0]
    blocks = ["# " + words(rng, 4)]
    while sum(len(b) + 2 for b in blocks) < size:
        blocks.append(block(rng, n_note))
    for i in range(1, n_note[0] + 1):
        blocks.append(f"[^n{i}]: {words(rng, 6)}")
    return "\n\n".join(blocks) + "\n"


def round_times(
    fns: list[Callable[[str], object]], posts: list[str], repeat: int
) -> list[list[float]]:
    """CPU time of each function over all posts, per round; each round runs the functions back
    to back (their order alternating), so a busy moment of the machine falls on both."""
    rounds = []
    for n in range(repeat):
        times = [0.0] * len(fns)
        order = list(range(len(fns)))
        for i in order if n % 2 == 0 else order[::-1]:
            start = time.process_time()
            for post in posts:
                fns[i](post)
            times[i] = time.process_time() - start
        rounds.append(times)
    return rounds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=300)
    parser.add_argument("--size", type=int, default=8000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    posts = [make_post(rng, args.size) for _ in range(args.posts)]
    plain = mistune.create_markdown(plugins=list(PLUGINS))

    def ours(post: str) -> object:
        return render_html(parse_post(post), title="Bench", subtitle="Sub")

    ours(posts[0])  # warm caches (regex compilation) for both
    plain(posts[0])
    rounds = round_times([plain, ours], posts, args.repeat)
    t_plain = min(r[0] for r in rounds)
    t_ours = min(r[1] for r in rounds)
    rate_plain, rate_ours = len(posts) / t_plain, len(posts) / t_ours
    avg = sum(len(p.encode()) for p in posts) / len(posts)
    print(f"{len(posts)} posts, {avg / 1024:.1f} KiB on average, {args.repeat} rounds")
    print(f"mistune plain HTML : {rate_plain:8.1f} posts/s (best round)")
    print(f"medium render_html : {rate_ours:8.1f} posts/s (best round)")
    # the ratio within each round (the two ran back to back), then the median of the rounds
    ratio = statistics.median(r[0] / r[1] for r in rounds)
    print(
        f"ratio              : {ratio:8.2f} (median of the rounds' ratios; target >= 0.80) "
        f"{'PASS' if ratio >= 0.8 else 'FAIL'}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
