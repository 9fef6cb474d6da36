"""A Medium look-alike on loopback, to rehearse and to test against (Medium has no sandbox).

    medium-publish sandbox [--host 127.0.0.1] [--port 8765]

prints ``api-url=http://127.0.0.1:8765/v1 token=<DEFAULT_TOKEN>``: give both to the action
(``api-url``, ``token``) and every post lands here instead of on medium.com. Its second line,
``devto-api-url=… devto-api-key=…``, does the same for dev.to (``sandbox/devto.py``).
``GET /`` lists the posts and every route; each post's URL (``http://127.0.0.1:8765/@sandbox-writer/<slug>-<id>``)
serves a reading page laid out as Medium would show it (``pages``), and uploaded images are
served at the URLs the upload answered. In Python::

    with SandboxServer() as server:          # a free port on 127.0.0.1, served in a thread
        run_the_action(api_url=server.url, token=DEFAULT_TOKEN)
        assert server.sandbox.posts[0]["publishStatus"] == "draft"

The default world (details and error codes in ``sandbox_world``): user ``sandbox-writer``
(``DEFAULT_USER_ID``); tokens ``DEFAULT_TOKEN`` (all scopes), ``NO_PUBLISH_SCOPE_TOKEN``
(basicProfile only), ``REVOKED_TOKEN`` (401 code 6003), anything else 401 code 6001; publications
"Sandbox Gazette" (editor), "Writers Weekly" (writer: drafts only) and "Foreign Affairs" (followed,
no contributor: 403); the refresh flow with ``SANDBOX_CLIENT_ID``, ``SANDBOX_CLIENT_SECRET`` and
``SANDBOX_REFRESH_TOKEN``.

Faults (``Sandbox.inject`` or ``POST /_sandbox/faults`` with the same fields as JSON) are queued per
route, ``"POST /v1/users/*/posts"`` (``*`` = one path segment), and each matching request takes the
next one: an injected status (Medium's envelope, or a proxy's HTML page with ``html``), with an
optional ``Retry-After``; ``delay`` seconds first; ``drop`` closes the connection without answering.
With ``create_before_fault`` the request is carried out first (the post exists) and only its answer
is replaced, delayed or lost. A request with a delay but no status is carried out after the delay.

Inspection and control, without authentication, outside ``/v1``: ``GET /_sandbox/posts``,
``GET /_sandbox/images``, ``GET /_sandbox/requests`` (each ``{"data": [...]}``),
``POST /_sandbox/faults``, ``POST /_sandbox/reset``.

Nothing here writes a request body or an Authorization header anywhere: the request log and the
console lines of the command hold only method, path and status.
"""

from __future__ import annotations

import contextlib
import json
import socket
import socketserver
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import TracebackType
from typing import Any
from urllib.parse import urlsplit

from medium_action.sandbox.bodies import BodyError, read_body
from medium_action.sandbox.devto import PREFIX as DEVTO_PREFIX
from medium_action.sandbox.devto import injected_answer as devto_answer
from medium_action.sandbox.state import (
    DEFAULT_TOKEN,
    DEFAULT_USER,
    DEFAULT_USER_ID,
    FOREIGN_PUBLICATION_ID,
    GAZETTE_PUBLICATION_ID,
    INTEGRATION_TOKEN,
    NO_PUBLISH_SCOPE_TOKEN,
    OTHER_USER_ID,
    REVOKED_TOKEN,
    SANDBOX_CLIENT_ID,
    SANDBOX_CLIENT_SECRET,
    SANDBOX_REFRESH_TOKEN,
    WEEKLY_PUBLICATION_ID,
    Answer,
    FaultStep,
    Sandbox,
    error,
    injected_answer,
)

__all__ = [
    "DEFAULT_TOKEN",
    "DEFAULT_USER",
    "DEFAULT_USER_ID",
    "FOREIGN_PUBLICATION_ID",
    "GAZETTE_PUBLICATION_ID",
    "INTEGRATION_TOKEN",
    "NO_PUBLISH_SCOPE_TOKEN",
    "OTHER_USER_ID",
    "REVOKED_TOKEN",
    "SANDBOX_CLIENT_ID",
    "SANDBOX_CLIENT_SECRET",
    "SANDBOX_REFRESH_TOKEN",
    "WEEKLY_PUBLICATION_ID",
    "Sandbox",
    "SandboxServer",
    "main",
]

_FAULT_FIELDS: dict[str, tuple[type, ...]] = {
    "route": (str,),
    "statuses": (list,),
    "retry_after": (int, float, type(None)),
    "delay": (int, float),
    "html": (bool, str),
    "drop": (bool,),
    "times": (int, type(None)),
    "create_before_fault": (bool,),
}


class _Server(ThreadingHTTPServer):
    """The HTTP server: one daemon thread per connection, all sharing one Sandbox."""

    daemon_threads = True

    def __init__(self, host: str, port: int, sandbox: Sandbox, log_requests: bool) -> None:
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.sandbox = sandbox
        self.log_requests = log_requests
        self.stopping = threading.Event()
        self._open: set[socket.socket] = set()
        self._open_lock = threading.Lock()
        super().__init__((host, port), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind would look the host name up in DNS; nothing needs it here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), self.server_address[1]

    def track(self, conn: socket.socket, is_open: bool) -> None:
        with self._open_lock:
            (self._open.add if is_open else self._open.discard)(conn)

    def close_connections(self) -> None:
        """Cut every open connection, so that stop() leaves no client waiting."""
        with self._open_lock:
            conns, self._open = list(self._open), set()
        for conn in conns:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        if isinstance(sys.exc_info()[1], OSError):  # the client went away: not our business
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "MediumSandbox/1.0"
    timeout = 120  # idle keep-alive connections end eventually
    server: _Server

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection, True)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.track(self.connection, False)

    def log_message(self, format: str, *args: Any) -> None:
        """Silenced: the standard line would show the full request line; we print our own."""

    def do_GET(self) -> None:
        self._dispatch()

    do_POST = do_PUT = do_PATCH = do_DELETE = do_GET

    def _dispatch(self) -> None:
        method, path = self.command, urlsplit(self.path).path
        try:
            body = read_body(self.rfile, self.headers)
        except BodyError as exc:
            self.close_connection = True
            self._answer(method, path, exc.answer, logged=False)
            return
        if path == "/_sandbox" or path.startswith("/_sandbox/"):
            self._answer(method, path, self._control(method, path, body), logged=False)
            return
        devto = self.server.sandbox.devto
        if method == "GET" and not (path == "/v1" or path.startswith("/v1/") or devto.serves(path)):
            page = devto.page(path) if path.startswith("/devto") else None
            self._answer(method, path, page or self.server.sandbox.page(path), logged=False)
            return
        step = self.server.sandbox.take_fault(method, path)
        answer = self._serve(method, path, body) if step is None else self._fault(step, body)
        if answer is None:
            self._drop(method, path)
        else:
            self._answer(method, path, answer, logged=True)

    def _serve(self, method: str, path: str, body: bytes) -> Answer:
        headers = {name: value for name, value in self.headers.items()}
        try:
            devto = self.server.sandbox.devto
            if devto.serves(path):
                return devto.handle(method, self.path, headers, body)
            return self.server.sandbox.handle(method, path, headers, body)
        except Exception as exc:  # a sandbox bug: say so, but keep serving
            traceback.print_exc(file=sys.stderr)
            return error(500, f"Sandbox internal error: {type(exc).__name__}", 500)

    def _fault(self, step: FaultStep, body: bytes) -> Answer | None:
        """Apply one injected fault; None means "drop the connection"."""
        method, path = self.command, urlsplit(self.path).path
        carried_out = self._serve(method, path, body) if step.create_before_fault else None
        if step.delay and self.server.stopping.wait(step.delay):
            return None  # the server is stopping: the answer is lost
        if step.drop:
            return None
        if step.status is not None:
            return devto_answer(step) if path.startswith(DEVTO_PREFIX) else injected_answer(step)
        return carried_out if carried_out is not None else self._serve(method, path, body)

    def _control(self, method: str, path: str, body: bytes) -> Answer:
        sandbox = self.server.sandbox
        reads = {"posts": lambda: sandbox.posts, "images": lambda: sandbox.images}
        reads["requests"] = lambda: sandbox.requests
        reads["devto-articles"] = lambda: sandbox.devto.articles
        name = path.removeprefix("/_sandbox/").rstrip("/")
        if method == "GET" and name in reads:
            return Answer(200, {"data": reads[name]()})
        if method == "POST" and name == "reset":
            sandbox.reset()
            return Answer(200, {"data": {"reset": True}})
        if method == "POST" and name == "faults":
            try:
                fields = _fault_fields(body)
                queued = sandbox.inject(**fields)
            except ValueError as exc:
                return error(400, str(exc), 400)
            return Answer(201, {"data": {"route": fields["route"], "queued": queued}})
        return error(404, f"No such sandbox endpoint: {method} {path}", 404)

    def _answer(self, method: str, path: str, answer: Answer, *, logged: bool) -> None:
        if logged:  # before the first byte goes out: a client that has its answer sees the log
            self.server.sandbox.log_request(method, path, answer.status)
        if self.server.log_requests:
            print(f"sandbox: {method} {path} {answer.status}", file=sys.stderr, flush=True)
        if answer.raw is not None:
            data, content_type = answer.raw, answer.content_type
        elif answer.html is not None:
            data, content_type = answer.html.encode(), "text/html; charset=utf-8"
        else:
            data, content_type = (
                json.dumps(answer.payload).encode(),
                "application/json; charset=utf-8",
            )
        self.send_response(answer.status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in answer.headers.items():
            self.send_header(name, value)
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(data)

    def _drop(self, method: str, path: str) -> None:
        self.server.sandbox.log_request(method, path, None)
        if self.server.log_requests:
            print(f"sandbox: {method} {path} dropped", file=sys.stderr, flush=True)
        self.close_connection = True
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)


FAULT_FIELDS_HELP = (
    'a fault takes "route" (required, e.g. "POST /v1/users/*/posts"), "statuses" (list of '
    'HTTP statuses), "retry_after" (seconds or null), "delay" (seconds), "html" (true/false, or '
    '"challenge" for Cloudflare\'s bot challenge), '
    '"drop" (true/false), "times" (number or null), "create_before_fault" (true/false)'
)


def _fault_fields(body: bytes) -> dict[str, Any]:
    """The JSON body of ``POST /_sandbox/faults``, checked; raises ValueError whose message
    lists the fields a fault takes."""
    try:
        fields = json.loads(body or b"null")
    except ValueError:
        raise ValueError(f"The fault is not valid JSON; {FAULT_FIELDS_HELP}.") from None
    if not isinstance(fields, dict):
        raise ValueError(f"The fault must be a JSON object; {FAULT_FIELDS_HELP}.")
    unknown = [name for name in fields if name not in _FAULT_FIELDS]
    if unknown:
        names = ", ".join(repr(name) for name in unknown)
        raise ValueError(f"Unknown fault field(s) {names}; {FAULT_FIELDS_HELP}.")
    if "route" not in fields:
        raise ValueError(f"The fault has no 'route'; {FAULT_FIELDS_HELP}.")
    for name, value in fields.items():
        wrong_bool = isinstance(value, bool) and bool not in _FAULT_FIELDS[name]
        if wrong_bool or not isinstance(value, _FAULT_FIELDS[name]):
            raise ValueError(f"Fault field {name!r} has the wrong type; {FAULT_FIELDS_HELP}.")
    return fields


class SandboxServer:
    """Serves a Sandbox over HTTP in a daemon thread: ``start()``/``stop()`` or ``with``."""

    def __init__(
        self,
        sandbox: Sandbox | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        log_requests: bool = False,
    ) -> None:
        self.sandbox = sandbox if sandbox is not None else Sandbox()
        self.host = host
        self._port = port
        self.log_requests = log_requests
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> SandboxServer:
        """Listen (port 0: a free one) and serve in a daemon thread; raises OSError if it cannot."""
        if self._httpd is not None:
            raise RuntimeError("the sandbox server is already running")
        self._httpd = _Server(self.host, self._port, self.sandbox, self.log_requests)
        self._port = self._httpd.server_address[1]
        self.sandbox.serve_at(self.base_url)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"medium-sandbox:{self._port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving: pending delays end, open connections are cut, the port is freed."""
        httpd, thread = self._httpd, self._thread
        if httpd is None or thread is None:
            return
        httpd.stopping.set()
        httpd.shutdown()
        httpd.close_connections()
        httpd.server_close()
        thread.join()
        self._httpd = self._thread = None

    @property
    def port(self) -> int:
        return self._port

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:<port>``; a wildcard host is reached through loopback."""
        host = {"": "127.0.0.1", "0.0.0.0": "127.0.0.1", "::": "::1"}.get(self.host, self.host)  # noqa: S104
        return f"http://[{host}]:{self._port}" if ":" in host else f"http://{host}:{self._port}"

    @property
    def url(self) -> str:
        """The ``api-url`` to give the action: ``http://127.0.0.1:<port>/v1``."""
        return f"{self.base_url}/v1"

    @property
    def devto_url(self) -> str:
        """The ``devto-api-url`` to give the action: ``http://127.0.0.1:<port>/devto/api``."""
        return f"{self.base_url}{DEVTO_PREFIX}"

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    """``medium-publish sandbox`` (in ``sandbox.command``)."""
    from medium_action.sandbox.command import main as command_main

    return command_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
