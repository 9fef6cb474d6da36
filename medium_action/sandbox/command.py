"""``medium-publish sandbox``: the sandbox served from the command line until Ctrl-C or SIGTERM.

With ``--state FILE`` it serves the posts a demo (or an earlier sandbox) kept there, on the port
they were served at, and keeps its posts there when stopped (``sandbox.saved``).
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from pathlib import Path

from medium_action.sandbox import saved
from medium_action.sandbox.devto import DEVTO_KEY
from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN


def arguments(parser: argparse.ArgumentParser) -> None:
    """The sandbox command's flags (also what ``help sandbox`` shows)."""
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument(
        "--port", type=int, default=None, help="port (8765, or --state's; 0 = any free one)"
    )
    parser.add_argument("--quiet", action="store_true", help="no line per request on stderr")
    parser.add_argument(
        "--state",
        metavar="FILE",
        help="serve the posts kept in FILE (the demo's is .medium/demo-sandbox.json) and keep "
        "the new ones there when stopped",
    )


def main(argv: list[str] | None = None) -> int:
    """``medium-publish sandbox``: serve until Ctrl-C or SIGTERM; 2 if the port is taken."""
    parser = argparse.ArgumentParser(
        prog="medium-publish sandbox",
        description="Serve a Medium look-alike to rehearse publishing (nothing reaches Medium).",
    )
    arguments(parser)
    args = parser.parse_args(argv)
    kept = saved.load(Path(args.state)) if args.state else None
    port = args.port if args.port is not None else kept.port if kept else 8765
    server = SandboxServer(host=args.host, port=port, log_requests=not args.quiet)
    try:
        server.start()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        print(
            f"medium-publish sandbox: cannot listen on {args.host}:{port}: {reason}",
            file=sys.stderr,
        )
        return 2
    if kept is not None:
        kept.restore_into(server.sandbox)
    # SIGTERM is heard from before the lines that say the sandbox is up: a script that stops
    # it as soon as it has read them stops it cleanly, its state saved
    stopped = threading.Event()
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, lambda signum, frame: stopped.set())
    try:
        print(
            f"Medium sandbox: api-url={server.url} token={DEFAULT_TOKEN} (Ctrl-C stops it)\n"
            f"dev.to sandbox: devto-api-url={server.devto_url} devto-api-key={DEVTO_KEY}",
            flush=True,
        )
        if args.state:
            count = kept.post_count if kept else 0
            print(f"Serving {count} post(s) kept in {args.state} at {server.base_url}/", flush=True)
        while not stopped.wait(0.5):
            pass
    except KeyboardInterrupt:
        pass
    finally:
        if args.state:
            saved.save(server.sandbox, Path(args.state))
        server.stop()
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    return 0
