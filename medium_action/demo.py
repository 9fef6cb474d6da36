"""``medium-publish demo``: the whole product on this machine, with no Medium account.

Starts the embedded sandbox on a loopback port, publishes ``examples/`` to it as drafts (to its
Medium and to its dev.to, whose images it serves from the working folder) through
the same code path as a real run, and prints each post once, with its page on the sandbox. On a
terminal the sandbox then keeps serving those pages until Ctrl-C (``--no-serve`` ends at once;
off a terminal it ends at once and says how to serve them again). The state file stays in
``.medium/``, so a second demo publishes nothing and says why: the ledger already holds each
file, and Medium's API can only create posts. The sandbox's posts and images are kept beside it
(``--sandbox-state``): the next demo, or ``sandbox --state``, serves them again, on the same port
when it is free, so the ledger's URLs lead to live pages.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shlex
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from medium_action.ledger.advice import Tending
from medium_action.ledger.place import Place
from medium_action.ledger.statefile import StateFile
from medium_action.sandbox import saved
from medium_action.sandbox.devto import DEVTO_KEY
from medium_action.sandbox.server import DEFAULT_TOKEN, SandboxServer
from medium_action.values import split_patterns

DEFAULT_FILES = "examples/**/*.md"
DEFAULT_STATE_FILE = ".medium/demo-published.json"
DEFAULT_SANDBOX_STATE = ".medium/demo-sandbox.json"


def arguments(parser: argparse.ArgumentParser) -> None:
    """The demo's flags (also what ``help demo`` shows)."""
    parser.add_argument("--files", default=DEFAULT_FILES, help=f"what to publish ({DEFAULT_FILES})")
    parser.add_argument(
        "--state-file",
        default=DEFAULT_STATE_FILE,
        help=f"the demo's ledger ({DEFAULT_STATE_FILE}): a second demo publishes nothing",
    )
    parser.add_argument(
        "--sandbox-state",
        default=DEFAULT_SANDBOX_STATE,
        help=f"where the sandbox keeps its posts and images ({DEFAULT_SANDBOX_STATE}), so that a "
        "later demo serves them again",
    )
    parser.add_argument(
        "--serve",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="--serve: keep serving the posts until Ctrl-C; --no-serve: stop at once "
        "(default: serve when run on a terminal)",
    )


PublishRun = Callable[[Mapping[str, str], Mapping[str, str]], int]
"""A publishing run (``cli.publish.run``: flags, environment, exit status), handed in by the
command line that calls the demo, so that the demo never imports the command line back."""


def main(argv: Sequence[str] | None, run: PublishRun) -> int:
    parser = argparse.ArgumentParser(
        prog="medium-publish demo",
        description="Publish examples/ as drafts to a Medium sandbox started here, then show them.",
    )
    arguments(parser)
    options = parser.parse_args(argv)
    out = sys.stdout
    serve = options.serve if options.serve is not None else out.isatty() and sys.stdin.isatty()
    if not _matches_any(options.files):
        out.write(nothing_to_publish(options.files, Path.cwd()) + "\n")
        return 1
    kept = Path(options.sandbox_state)
    # Without its ledger (deleted to rehearse again) the earlier posts would only be doubles.
    earlier = saved.load(kept) if Path(options.state_file).exists() else None
    with _started(earlier.port if earlier else 0) as server:
        if earlier is not None:
            earlier.restore_into(server.sandbox)
        server.sandbox.devto.files_root = Path.cwd()  # dev.to fetches images by URL
        out.write(f"Medium sandbox at {server.base_url}/ (api-url {server.url})\n")
        out.write(f"dev.to sandbox at {server.base_url}/devto (devto-api-url {server.devto_url})\n")
        out.write(f"Publishing {options.files} as drafts to both...\n")
        out.flush()
        before = len(server.sandbox.posts)
        server.sandbox.on_post = _announcer(out)
        captured = io.StringIO()
        with contextlib.redirect_stdout(captured):  # the demo says each post once, itself
            status = run(_flags(server, options.files, options.state_file), _clean_env())
        server.sandbox.on_post = None
        everything = server.sandbox.posts
        saved.save(server.sandbox, kept)
        lines = closing_lines(
            status,
            everything[before:],
            captured.getvalue(),
            options.state_file,
            server.url,
            served=everything,
        )
        articles = server.sandbox.devto.articles
        if status == 0 and articles:
            lines.append(f"{len(articles)} article(s) cross-posted to the dev.to sandbox:")
            lines += [f"  {article['title']}\n      {article['url']}" for article in articles]
        for line in lines:
            out.write(line + "\n")
        if everything and serve:
            # Ctrl-C is awaited from before the line that asks for it: pressed (or sent by a
            # script that read the line) just after it, it still ends the demo cleanly
            with contextlib.suppress(KeyboardInterrupt):
                out.write(
                    f"Serving {len(everything)} post(s) and their images at "
                    f"{server.base_url}/ until you press Ctrl-C.\n"
                )
                out.flush()
                threading.Event().wait()
        elif everything:
            out.write(
                f"The sandbox at {server.base_url}/ has stopped, so those pages are no longer "
                "served (off a terminal the demo does not wait). To serve them again until "
                "Ctrl-C: "
                f"`medium-publish demo --serve{_non_default(options)}` (it publishes nothing "
                f"new), or `medium-publish sandbox --state {shlex.quote(str(kept))}`.\n"
            )
        out.flush()
    return status


@contextlib.contextmanager
def _started(port: int) -> Iterator[SandboxServer]:
    """The sandbox on ``port`` (the earlier demo's, so that the ledger's URLs work again),
    else on a free one."""
    server = SandboxServer(port=port)
    try:
        server.start()
    except OSError:
        server = SandboxServer().start()
    try:
        yield server
    finally:
        server.stop()


def _non_default(options: argparse.Namespace) -> str:
    flags = ""
    for name, default in (
        ("files", DEFAULT_FILES),
        ("state_file", DEFAULT_STATE_FILE),
        ("sandbox_state", DEFAULT_SANDBOX_STATE),
    ):
        value = getattr(options, name)
        if value != default:
            flags += f" --{name.replace('_', '-')} {shlex.quote(value)}"
    return flags


def _matches_any(pattern: str) -> bool:
    from medium_action.errors import ConfigError
    from medium_action.sources.globs import expand

    try:
        return bool(expand(Path.cwd(), split_patterns(pattern))[0])
    except ConfigError:
        return True  # the run says what is wrong with it


def nothing_to_publish(pattern: str, where: Path) -> str:
    """The demo has nothing to show: say why and what to do, instead of a green nothing."""
    if pattern == DEFAULT_FILES:
        return (
            f"No examples here: {pattern} matches no file in {where}. The examples come with "
            "the project's repository, not with the installed package: run the demo in a "
            "clone of it (`make demo` there), or rehearse with your own posts: "
            "`medium-publish demo --files 'posts/**/*.md'` (nothing reaches Medium)."
        )
    return (
        f"Nothing to publish: {pattern} matches no file in {where}; give --files the paths "
        "or globs of your posts, relative to this directory."
    )


def closing_lines(
    status: int,
    posts: Sequence[Mapping[str, Any]],
    run_output: str,
    state_file: str,
    api_url: str = "http://localhost/v1",
    *,
    served: Sequence[Mapping[str, Any]] = (),
) -> list[str]:
    """What the demo says after the run: the run's own output when something went wrong, the
    count of posts, or, when nothing was published, why (each file the ledger holds, at its
    page on the live sandbox when the sandbox still has it)."""
    if status != 0:
        return [run_output.rstrip(), f"The demo run failed (exit status {status})."]
    if posts:
        return [f"{len(posts)} post(s) published to the sandbox; {_index_hint(posts)}"]
    held = StateFile(Path(state_file)).read(Place(api_url)).records
    if not held:
        return [run_output.rstrip(), "Nothing was published and the ledger holds no post."]
    live = {str(post["id"]): str(post["url"]) for post in served}
    lines = [
        f"Nothing was published: the ledger ({state_file}) already holds each file, and Medium's "
        "API can only create posts, so a rerun never publishes a file twice:"
    ]
    for path, record in sorted(held.items()):
        url = live.get(record.id)
        shown = url or f"{record.url} (served by an earlier sandbox, whose posts are gone)"
        lines.append(f"  {path} → {shown}")
    lines.append(
        f"To rehearse again, delete {state_file}, or drop one file's record with "
        f"`{Tending(api_url, state_file).forget('FILE')}`."
    )
    return lines


def _index_hint(posts: Sequence[Mapping[str, Any]]) -> str:
    site = str(posts[0]["url"]).split("/@", 1)[0]
    return f"{site}/ lists them."


def _announcer(out: TextIO, progress: TextIO | None = None) -> Any:
    """Prints each post as the sandbox stores it. The run draws its progress counter on
    ``progress`` (stderr) without a newline; on a terminal that is the line this one would
    be written after, so it is cleared first (the run draws it again at its next step)."""
    count = 0
    lock = threading.Lock()
    bar = sys.stderr if progress is None else progress

    def announce(post: Mapping[str, Any]) -> None:
        nonlocal count
        with lock:
            count += 1
            if _is_terminal(bar):
                bar.write("\r\x1b[K")
                bar.flush()
            out.write(
                f"  [{count}] {post['title']} ({post['publishStatus']})\n      {post['url']}\n"
            )
            out.flush()

    return announce


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False


def _flags(server: SandboxServer, files: str, state_file: str) -> dict[str, str]:
    return {
        "api_url": server.url,
        "token": DEFAULT_TOKEN,
        "targets": "medium,devto",
        "devto_api_url": server.devto_url,
        "devto_api_key": DEVTO_KEY,
        "image_base_url": f"{server.base_url}/devto/files/",
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
