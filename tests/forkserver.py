"""The real program in a child process, without paying Python's start and imports each time.

Most end-to-end tests run the program many times (a run, a rerun, a command): each new
interpreter spent most of its second importing pydantic-settings, httpx and mistune. Here one
server process per test worker imports the program once and *forks* a child per run: the child
is a real process (its own pid, environment, working directory, stdout and stderr, exit status,
signals) that runs ``entrypoint.py`` as ``__main__``; only the imports were done before.

The server never runs a test's code and starts no thread, so a child inherits no test state
and no lock held elsewhere. Each child reseeds ``random``. ``helpers.run_cli(fresh=True)`` still
starts a new interpreter, for the tests of the start itself.
"""

from __future__ import annotations

import atexit
import json
import os
import select
import subprocess
import sys
import threading
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ENTRYPOINT = ROOT / "entrypoint.py"

# Runs in the server: import what a run imports, then fork one child per request line.
_SERVER = r"""
import json, os, random, runpy, sys
sys.path[:] = [p for p in sys.path if p not in ("", ".")]
sys.path.insert(0, ROOT)
import medium_action.cli, medium_action.cli.publish, medium_action.publishing.flow
import medium_action.publishing.executor, medium_action.rendering.render, httpx, mistune, yaml
requests, answers = sys.stdin.buffer, sys.stdout.buffer
for line in requests:
    job = json.loads(line)
    pid = os.fork()
    if pid == 0:
        try:
            random.seed()
            os.chdir(job["cwd"])
            os.environ.clear()
            os.environ.update(job["env"])
            null = os.open(os.devnull, os.O_RDONLY)
            out = os.open(job["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            err = os.open(job["err"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            for fd, target in ((null, 0), (out, 1), (err, 2)):
                os.dup2(fd, target)
                os.close(fd)
            sys.stdin = open(0, closefd=False)
            sys.stdout = open(1, "w", encoding="utf-8", errors="surrogateescape", closefd=False)
            sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", closefd=False)
            sys.argv = [ENTRY, *job["args"]]
            code = 0
            try:
                runpy.run_path(ENTRY, run_name="__main__")
            except SystemExit as stop:
                code = stop.code if isinstance(stop.code, int) else (0 if stop.code is None else 1)
                if not isinstance(stop.code, (int, type(None))):
                    print(stop.code, file=sys.stderr)
            except BaseException:
                import traceback
                traceback.print_exc()
                code = 1
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(locals().get("code", 1))
    answers.write(json.dumps({"pid": pid}).encode() + b"\n")
    answers.flush()
    _, status = os.waitpid(pid, 0)
    answers.write(json.dumps({"code": os.waitstatus_to_exitcode(status)}).encode() + b"\n")
    answers.flush()
"""


class ForkServer:
    """One server per test process, started on first use."""

    _lock = threading.Lock()
    _server: subprocess.Popen[bytes] | None = None

    @classmethod
    def _started(cls) -> subprocess.Popen[bytes]:
        if cls._server is None or cls._server.poll() is not None:
            code = f"ROOT = {str(ROOT)!r}; ENTRY = {str(ENTRYPOINT)!r}\n" + _SERVER
            cls._server = subprocess.Popen(
                [sys.executable, "-c", code],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                env={"PATH": os.environ.get("PATH", ""), "HOME": os.environ.get("HOME", "/")},
                cwd=ROOT,
                bufsize=0,  # unbuffered: nothing read ahead of what select() is asked about
            )
            atexit.register(cls._stop, cls._server)
        return cls._server

    @staticmethod
    def _stop(server: subprocess.Popen[bytes]) -> None:
        """Its input closed, the server ends; waited for, so that no process is left behind."""
        if server.stdin is not None:
            server.stdin.close()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()

    @classmethod
    def run(
        cls,
        args: list[str],
        *,
        cwd: Path,
        env: Mapping[str, str],
        timeout: float,
        out: Path,
        err: Path,
    ) -> int:
        job = {"args": args, "cwd": str(cwd), "env": dict(env), "out": str(out), "err": str(err)}
        with cls._lock:
            server = cls._started()
            assert server.stdin is not None and server.stdout is not None
            server.stdin.write(json.dumps(job).encode() + b"\n")
            server.stdin.flush()
            pid = json.loads(server.stdout.readline())["pid"]
            ready, _, _ = select.select([server.stdout], [], [], timeout)
            if not ready:
                os.kill(pid, 9)
                server.stdout.readline()
                raise subprocess.TimeoutExpired([str(ENTRYPOINT), *args], timeout)
            return int(json.loads(server.stdout.readline())["code"])
