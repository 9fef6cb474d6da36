"""The dry run as a target: each post's exact content and a page to look at, nothing sent.

Local images stay local (the preview page shows them); nothing is recorded in the ledger, so a
dry run never stands in the way of the real run that follows it.
"""

from __future__ import annotations

from pathlib import Path

from medium_action.ledger.place import Place
from medium_action.publishing.preview import PreviewFiles, write_index, write_preview
from medium_action.publishing.targets.base import Draft, ImageUpload, Target
from medium_action.publishing.targets.profile import Profile
from medium_action.results import Previewed
from medium_action.sources.article import Article


class Previews:
    """Writes preview files under ``preview_dir`` and lists them in its index page."""

    def __init__(self, *, workspace: Path, preview_dir: Path, owner: tuple[int, int] | None):
        self.workspace = workspace
        self.preview_dir = preview_dir
        self.owner = owner
        self.written: list[tuple[str, PreviewFiles, str]] = []

    def write(self, draft: Draft) -> PreviewFiles:
        article = draft.article
        files = write_preview(
            self.preview_dir,
            article.path,
            content=draft.content,
            title=article.title,
            tags=article.tags,
            publish_status=article.publish_status,
            canonical_url=article.canonical_url,
            warnings=draft.warnings,
            owner=self.owner,
            content_format=draft.content_format,
            workspace=self.workspace,
        )
        self.written.append((article.path, files, article.title))
        return files

    def write_index(self) -> Path | None:
        if not self.written:
            return None
        return write_index(self.preview_dir, self.written, self.owner)

    def shown(self, path: Path) -> str:
        """A path as the writer knows it: relative to the workspace when inside it."""
        return (
            str(path.relative_to(self.workspace))
            if path.is_relative_to(self.workspace)
            else str(path)
        )


class DryRunTarget(Target):
    makes_posts = False

    def __init__(self, previews: Previews, *, rehearses: Profile) -> None:
        self.previews = previews
        self._profile = rehearses

    @property
    def profile(self) -> Profile:
        """The target a real run would post to: a dry run plans and words what it would do."""
        return self._profile

    @property
    def place(self) -> Place:
        return Place("dry-run")

    def open(self) -> None:
        return None

    def publication_for(self, article: Article) -> str | None:
        return None  # resolving a name would need the account, which a dry run never asks

    @property
    def upload(self) -> ImageUpload | None:
        return None

    def create(self, draft: Draft) -> Previewed:
        files = self.previews.write(draft)
        article = draft.article
        return Previewed(
            article.path,
            article.title,
            article.publish_status,
            self.previews.shown(files.content),
            self.previews.shown(files.page),
        )

    def finish(self) -> None:
        self.previews.write_index()
