"""Request bodies as the sandbox reads them: by Content-Length or chunked, within a limit, and
the answer Medium would give to a malformed or oversized one."""

from __future__ import annotations

from email.message import Message
from io import BufferedIOBase

from medium_action.sandbox.answer import Answer, error

MAX_BODY = 32 * 1024 * 1024


class BodyError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.answer: Answer = error(status, message, status)


def read_body(stream: BufferedIOBase, headers: Message) -> bytes:
    if "chunked" in headers.get("Transfer-Encoding", "").lower():
        return _read_chunked(stream)
    try:
        length = int(headers.get("Content-Length") or 0)
    except ValueError:
        raise BodyError(400, "Content-Length is not a number.") from None
    if length < 0:
        raise BodyError(400, "Content-Length is negative.")
    if length > MAX_BODY:
        raise BodyError(413, f"The request body exceeds {MAX_BODY} bytes.")
    return stream.read(length)


def _read_chunked(stream: BufferedIOBase) -> bytes:
    chunks: list[bytes] = []
    total = 0
    while True:
        try:
            size = int(stream.readline(1024).split(b";")[0].strip(), 16)
        except ValueError:
            raise BodyError(400, "Malformed chunked body.") from None
        if size == 0:
            while stream.readline(1024) not in (b"\r\n", b"\n", b""):
                pass  # trailers
            return b"".join(chunks)
        total += size
        if total > MAX_BODY:
            raise BodyError(413, f"The request body exceeds {MAX_BODY} bytes.")
        chunks.append(stream.read(size))
        stream.readline(1024)
