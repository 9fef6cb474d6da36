"""dev.to as a target: the key's account, articles created and updated in place, lost creates
found again by listing the account's articles, local images at public URLs."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pydantic import SecretStr

from medium_action.errors import ConfigError, DevtoError, ImageError
from medium_action.ledger.place import Place
from medium_action.ledger.record import LedgerRecord
from medium_action.log import Log
from medium_action.publishing.images.lookup import LocalImage
from medium_action.publishing.public_urls import PublicUrls
from medium_action.publishing.targets.base import Draft, ImageUpload, Target
from medium_action.publishing.targets.devto.client import Article, DevtoClient, DevtoUser
from medium_action.publishing.targets.devto.mapping import article_fields, canonical_url
from medium_action.publishing.targets.devto.profile import DEVTO
from medium_action.publishing.targets.profile import Profile
from medium_action.rendering.links import MARKDOWN_SUFFIXES
from medium_action.results import Posted
from medium_action.sources.article import Article as Post


class DevtoTarget(Target):
    def __init__(
        self,
        client: DevtoClient,
        *,
        api_url: str,
        api_key: SecretStr | None,
        workspace: Path,
        public_urls: PublicUrls,
        medium_url: Callable[[str], str | None],
        log: Log,
    ) -> None:
        """``medium_url``: the Medium post of a file, by its path (this run's or the ledger's),
        the last choice of canonical URL."""
        self._client = client
        self._api_url = api_url
        self._key = api_key
        self._workspace = Path(os.path.abspath(workspace))
        self._public = public_urls
        self._medium_url = medium_url
        self._log = log
        self._user: DevtoUser | None = None
        self._articles: list[Article] | None = None

    @property
    def profile(self) -> Profile:
        return DEVTO

    @property
    def place(self) -> Place:
        return Place(self._api_url, self._user.username if self._user else "")

    def open(self) -> None:
        if self._key is None:
            raise ConfigError("targets has devto but devto-api-key is not set")
        self._client.authenticate(self._key)
        user = self._client.me()
        self._user = user
        self._log.info(f"Cross-posting as @{user.username} ({user.name}) to {self._api_url}")

    def close(self) -> None:
        self._client.close()

    def publication_for(self, article: Post) -> str | None:
        return None  # dev.to's organizations are not supported (yet)

    @property
    def upload(self) -> ImageUpload:
        return self._public_url

    def _public_url(self, image: LocalImage) -> str:
        """dev.to has no upload API: it fetches the image from a public URL."""
        real = Path(os.path.abspath(image.path))
        workspace = self._workspace.resolve()
        inside = real.is_relative_to(workspace) or real.is_relative_to(self._workspace)
        if not inside or real.suffix.lower() in MARKDOWN_SUFFIXES:
            raise ImageError(
                f"image {image.filename!r} is written into the post (a data: URI): dev.to "
                "fetches images from a URL, so save it as a file of the repository"
            )
        base = workspace if real.is_relative_to(workspace) else self._workspace
        path = real.relative_to(base).as_posix()
        url = self._public.url_for(path)
        if url is None:
            raise ImageError(
                f"image {path!r} has no public URL for dev.to, which cannot upload images: set "
                "image-base-url to the address the repository's files are served at (or "
                "site-url, for images in the site's static folder)"
            )
        return url

    def _fields(self, draft: Draft) -> dict[str, object]:
        article = draft.article
        return article_fields(
            draft,
            canonical_url=canonical_url(
                article.canonical_url,
                site_url=self._public.site_url,
                site_path=article.site_path,
                medium_url=self._medium_url(article.path),
            ),
        )

    def create(self, draft: Draft) -> Posted:
        made = self._client.create_article(self._fields(draft))
        return self._posted(draft, made, updated=False)

    def update(self, draft: Draft, record: LedgerRecord) -> Posted:
        if not record.id:
            raise DevtoError(
                f"the ledger's record of {record.path} on dev.to has no article id to update"
            )
        made = self._client.update_article(record.id, self._fields(draft))
        return self._posted(draft, made, updated=True)

    def find(self, draft: Draft, record: LedgerRecord) -> Posted | None:
        """The article an uncertain create made: the newest with the title that was sent (and
        the canonical URL, when one is sent now)."""
        if self._articles is None:
            self._articles = self._client.my_articles()
        fields = self._fields(draft)
        titles = {" ".join(t.split()).casefold() for t in (record.title, draft.article.title) if t}
        canonical = fields.get("canonical_url")
        for article in self._articles:
            if " ".join(article.title.split()).casefold() not in titles:
                continue
            if canonical and article.canonical_url and article.canonical_url != canonical:
                continue
            return self._posted(draft, article, updated=False)
        return None

    def _posted(self, draft: Draft, made: Article, *, updated: bool) -> Posted:
        article = draft.article
        published = made.published
        return Posted(
            file=article.path,
            id=made.id,
            url=made.url,
            title=article.title,
            publish_status="public" if published else "draft",
            target=DEVTO.name,
            updated=updated,
        )
