"""Medium as a target: the account, its publications, image uploads and post creation."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import SecretStr

from medium_action.errors import ArticleError, AuthError, ConfigError, ImageError
from medium_action.ledger.place import Place
from medium_action.log import Log
from medium_action.medium.client import MediumClient, User
from medium_action.medium.publications import PublicationDirectory
from medium_action.publishing.images.lookup import LocalImage
from medium_action.publishing.targets.base import Draft, ImageUpload, Target
from medium_action.publishing.targets.medium.mapping import payload
from medium_action.publishing.targets.medium.profile import MEDIUM
from medium_action.publishing.targets.profile import Profile
from medium_action.results import Posted
from medium_action.sources.article import Article


@dataclass(frozen=True)
class Credentials:
    """An integration token, or the OAuth refresh flow's three values."""

    token: SecretStr | None = None
    refresh_token: SecretStr | None = None
    client_id: str | None = None
    client_secret: SecretStr | None = None


class MediumTarget(Target):
    def __init__(
        self,
        client: MediumClient,
        *,
        api_url: str,
        credentials: Credentials,
        publication: str | None,
        log: Log,
    ) -> None:
        self._client = client
        self._api_url = api_url
        self._credentials = credentials
        self._publication = publication
        self._log = log
        self._user: User | None = None
        self._publications: PublicationDirectory | None = None
        self._default_publication: str | None = None

    @property
    def profile(self) -> Profile:
        return MEDIUM

    @property
    def place(self) -> Place:
        return Place(self._api_url, self._user.username if self._user else "")

    def open(self) -> None:
        self._client.authenticate(self._token())
        user = self._client.me()
        self._user = user
        self._log.info(f"Publishing as @{user.username} ({user.name}) to {self._api_url}")
        self._publications = PublicationDirectory(self._client, user.id)
        if self._publication:
            try:
                self._default_publication = self._publications.resolve(self._publication)
            except ArticleError as error:
                raise ConfigError(f"publication: {error}") from None

    def _token(self) -> SecretStr:
        given = self._credentials
        if given.token is not None:
            return given.token
        if given.refresh_token and given.client_id and given.client_secret:
            token = self._client.refresh_access_token(
                refresh_token=given.refresh_token,
                client_id=given.client_id,
                client_secret=given.client_secret,
            )
            self._log.mask(token.get_secret_value())
            return token
        raise ConfigError(
            "no Medium token: set token, or refresh-token, client-id and client-secret"
        )

    def close(self) -> None:
        self._client.close()

    def publication_for(self, article: Article) -> str | None:
        assert self._publications is not None, "open() first"
        publication_id = (
            self._publications.resolve(article.publication)
            if article.publication
            else self._default_publication
        )
        if publication_id:
            self._publications.check_may_publish(publication_id, article.publish_status)
        return publication_id

    @property
    def upload(self) -> ImageUpload:
        return self._upload

    def _upload(self, image: LocalImage) -> str:
        try:
            uploaded = self._client.upload_image(
                image.content, content_type=image.content_type, filename=image.filename
            )
        except AuthError as error:
            if error.code != 6002:
                raise
            # Self-issued integration tokens lack the extended uploadImage scope: that is this
            # post's problem (its local images), not a reason to stop the posts without any.
            raise ImageError(
                f"Medium refused to upload image {image.filename!r}: this token lacks the "
                "uploadImage scope, which Medium's integration tokens do not always have. Refer "
                "to the image by a public https URL instead (Medium fetches those itself)"
            ) from None
        return uploaded.url

    def create(self, draft: Draft) -> Posted:
        assert self._user is not None, "open() first"
        article = draft.article
        post = self._client.create_post(
            payload(draft), user_id=self._user.id, publication_id=draft.publication_id
        )
        return Posted(
            file=article.path,
            id=post.id,
            url=post.url,
            title=article.title,
            publish_status=post.publish_status or article.publish_status,
            publication_id=post.publication_id or draft.publication_id,
        )
