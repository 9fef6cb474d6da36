"""``medium-publish demo``: the whole product on this machine, with no Medium account.

Starts the embedded sandbox on a free loopback port, publishes ``examples/`` to it as drafts
through the same code path as a real run, and prints the posts' URLs. The state file stays
in ``.medium/`` so that a second demo publishes nothing new and says why.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence

from medium_action.sandbox.server import DEFAULT_TOKEN, SandboxServer


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="medium-publish demo", description=__doc__)
    parser.add_argument("--files", default="examples/**/*.md")
    parser.add_argument("--state-file", default=".medium/demo-published.json")
    options = parser.parse_args(argv)
    from medium_action.cli import run

    with SandboxServer() as server:
        print(f"Medium sandbox at {server.url} (token {DEFAULT_TOKEN})")
        environ = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("INPUT_", "MEDIUM_", "GITHUB_"))
        }
        status = run(
            {
                "api_url": server.url,
                "token": DEFAULT_TOKEN,
                "files": options.files,
                "state_file": options.state_file,
                "publish_status": "draft",
                "comment": "false",
            },
            environ,
        )
        posts = server.sandbox.posts
        print(f"The sandbox now holds {len(posts)} post(s) from this run:")
        for post in posts:
            print(f"  {post.get('url')}  {post.get('title')!r} ({post.get('publishStatus')})")
    return status
