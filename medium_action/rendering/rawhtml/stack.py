"""The elements the HTML sanitizer has opened in its output, so that what it writes is well formed.

Each source tag pushes an entry, written or unwrapped (``out`` None); closing pops back to it and
writes the end tags of what it still holds open. :mod:`.sanitizer` decides, tag
by tag, what to push; this module only keeps the stack and the counters of open ``del``/``s``
(strike), nested lists and ``pre`` that the sanitizer reads on every piece of text.
"""

from __future__ import annotations

from medium_action.rendering.rawhtml.policy import BLOCK_CONTAINERS, INLINE, INLINE_CONTAINERS

__all__ = ["Entry", "OutputStack"]


class Entry:
    """One open source element and the tag written for it."""

    __slots__ = ("nested", "out", "pre", "src", "strike")

    def __init__(self, src: str | None, out: str | None) -> None:
        self.src = src  # the source tag name (None for an implicit paragraph)
        self.out = out  # the tag written, or None when unwrapped
        self.strike = False
        self.nested = False
        self.pre = False


class OutputStack:
    """The output written so far and the stack of elements still open in it."""

    def __init__(self) -> None:
        self.out: list[str] = []
        self.stack: list[Entry] = []
        self.strike = 0
        self.nested = 0
        self.pre = 0

    def _inside(self, tag: str) -> bool:
        return any(e.out == tag for e in self.stack)

    def _block_context(self) -> str | None:
        for e in reversed(self.stack):
            if e.out is not None and e.out not in INLINE:
                return e.out
        return None

    def _push(self, src: str | None, out: str | None, attrs: str = "") -> Entry:
        entry = Entry(src, out)
        if out is not None:
            self.out.append("<" + out + attrs + ">")
        self.stack.append(entry)
        return entry

    def _pop(self) -> None:
        e = self.stack.pop()
        if e.out is not None:
            self.out.append("</" + e.out + ">")
            if e.out in ("p", "h3", "h4", "li", "ul", "ol", "blockquote", "pre", "figure"):
                self.out.append("\n")
        if e.strike:
            self.strike -= 1
        if e.nested:
            self.nested -= 1
        if e.pre:
            self.pre -= 1

    def _close_inline_containers(self) -> None:
        """End the open paragraph/heading (and inline tags) before a block starts; a figure
        holds nothing but its image and caption, so it ends too."""
        if self._inside("figure"):
            self._close_all()
            return
        while self.stack:
            top = self.stack[-1]
            if top.out in BLOCK_CONTAINERS:
                break
            self._pop()

    def _close_all(self) -> None:
        while self.stack:
            self._pop()

    def _ensure_inline_container(self) -> None:
        ctx = self._block_context()
        if ctx in INLINE_CONTAINERS:
            return
        if ctx == "figure":
            self._push(None, "figcaption")
        elif ctx in ("ul", "ol"):
            self._push(None, "li")
        else:
            self._push(None, "p")
