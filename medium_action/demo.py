"""``medium-publish demo``: the whole product on this machine, with no Medium account.

Starts the embedded sandbox on a free loopback port, publishes ``examples/`` to it as drafts
through the same code path as a real run, and prints each post once, with its page on the
sandbox. On a terminal the sandbox then keeps serving those pages until Ctrl-C (``--no-serve``
ends at once). The state file stays in ``.medium/``, so a second demo publishes nothing and says
why: the ledger already holds each file, and Medium's API can only create posts.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from medium_action.ledger.place import Place
from medium_action.ledger.statefile import StateFile
from medium_action.sandbox.server import DEFAULT_TOKEN, SandboxServer

PublishRun = Callable[[Mapping[str, str], Mapping[str, str]], int]
"""A publishing run (``cli.publish.run``: flags, environment, exit status), handed in by the
command line that calls the demo, so that the demo never imports the command line back."""


def main(argv: Sequence[str] | None, run: PublishRun) -> int:
    parser = argparse.ArgumentParser(
        prog="medium-publish demo",
        description="Publish examples/ as drafts to a Medium sandbox started here, then show them.",
    )
    parser.add_argument("--files", default="examples/**/*.md", help="glob (examples/**/*.md)")
    parser.add_argument("--state-file", default=".medium/demo-published.json")
    parser.add_argument(
        "--serve",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="keep serving the pages until Ctrl-C (default: on a terminal)",
    )
    options = parser.parse_args(argv)
    out = sys.stdout
    serve = options.serve if options.serve is not None else out.isatty() and sys.stdin.isatty()
    with SandboxServer() as server:
        out.write(f"Medium sandbox at {server.base_url}/ (api-url {server.url})\n")
        out.write(f"Publishing {options.files} as drafts...\n")
        out.flush()
        server.sandbox.on_post = _announcer(out)
        captured = io.StringIO()
        with contextlib.redirect_stdout(captured):  # the demo says each post once, itself
            status = run(_flags(server.url, options.files, options.state_file), _clean_env())
        server.sandbox.on_post = None
        posts = server.sandbox.posts
        lines = closing_lines(status, posts, captured.getvalue(), options.state_file, server.url)
        for line in lines:
            out.write(line + "\n")
        out.flush()
        if posts and serve:
            out.write(f"Serving {server.base_url}/ until you press Ctrl-C.\n")
            out.flush()
            with contextlib.suppress(KeyboardInterrupt):
                threading.Event().wait()
    return status


def closing_lines(
    status: int,
    posts: Sequence[Mapping[str, Any]],
    run_output: str,
    state_file: str,
    api_url: str = "http://localhost/v1",
) -> list[str]:
    """What the demo says after the run: the run's own output when something went wrong, the
    count of posts, or, when nothing was published, why (each file the ledger holds)."""
    if status != 0:
        return [run_output.rstrip(), f"The demo run failed (exit status {status})."]
    if posts:
        return [f"{len(posts)} post(s) published to the sandbox; {_index_hint(posts)}"]
    held = StateFile(Path(state_file)).read(Place(api_url)).records
    if not held:
        return [run_output.rstrip(), "Nothing was published and the ledger holds no post."]
    lines = [
        f"Nothing was published: the ledger ({state_file}) already holds each file, and Medium's "
        "API can only create posts, so a rerun never publishes a file twice:"
    ]
    lines += [f"  {path} → {record.url}" for path, record in sorted(held.items())]
    lines.append(
        "Those pages were served by the earlier demo's sandbox. To rehearse again, delete "
        f"{state_file}, or drop one file's record with `medium-publish forget FILE "
        f"--state-file {state_file} --api-url http://localhost/v1`."
    )
    return lines


def _index_hint(posts: Sequence[Mapping[str, Any]]) -> str:
    site = str(posts[0]["url"]).split("/@", 1)[0]
    return f"{site}/ lists them."


def _announcer(out: TextIO) -> Any:
    count = 0
    lock = threading.Lock()

    def announce(post: Mapping[str, Any]) -> None:
        nonlocal count
        with lock:
            count += 1
            out.write(
                f"  [{count}] {post['title']} ({post['publishStatus']})\n      {post['url']}\n"
            )
            out.flush()

    return announce


def _flags(api_url: str, files: str, state_file: str) -> dict[str, str]:
    return {
        "api_url": api_url,
        "token": DEFAULT_TOKEN,
        "files": files,
        "state_file": state_file,
        "publish_status": "draft",
        "comment": "false",
    }


def _clean_env() -> dict[str, str]:
    return {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("INPUT_", "MEDIUM_", "GITHUB_"))
    }
