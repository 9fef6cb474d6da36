"""What rendering gives back: the content, writer-facing warnings, and the images a post uses."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ImageRef", "RenderWarning", "Rendered"]


@dataclass(frozen=True)
class ImageRef:
    """A local or remote image the post uses."""

    src: str  # as written (percent-decoded when relative): the key of ``image_urls``
    alt: str
    title: str | None
    line: int | None  # 1-based line in the body given (the caller adds the front-matter offset)


class RenderWarning(str):
    """A writer-facing warning: ``str()`` is ``"line 12: message"`` (or the message alone).

    ``line`` is 1-based in the body given; :meth:`shifted` moves it past the front matter.
    """

    line: int | None
    message: str

    def __new__(cls, message: str, line: int | None = None) -> RenderWarning:
        obj = super().__new__(cls, f"line {line}: {message}" if line else message)
        obj.line = line
        obj.message = message
        return obj

    def shifted(self, offset: int) -> RenderWarning:
        """The same warning with its line moved by ``offset`` (e.g. the front matter's lines)."""
        return RenderWarning(self.message, self.line + offset if self.line else None)


@dataclass(frozen=True)
class Rendered:
    """What :func:`~medium_action.rendering.render.render_html` and ``render_markdown`` produce."""

    content: str  # Medium's ``content`` field
    warnings: list[str] = field(default_factory=list)  # RenderWarning instances
