"""Which publication a post goes to, and whether this account may publish there.

``publication`` may be an id, a name or a URL slug; Medium's API takes only ids. The user's
publications and roles are asked once per run, only when a post needs them.
"""

from __future__ import annotations

from medium_action.errors import ArticleError
from medium_action.medium.client import MediumClient, Publication


class PublicationDirectory:
    def __init__(self, medium: MediumClient, user_id: str) -> None:
        self._medium = medium
        self._user_id = user_id
        self._publications: list[Publication] | None = None
        self._roles: dict[str, str | None] = {}

    def resolve(self, wanted: str) -> str:
        """The id of the publication named by id, name, slug or URL; ArticleError if none."""
        publications = self._list()
        key = wanted.strip().rstrip("/")
        slug = key.rsplit("/", 1)[-1].lstrip("@").casefold()
        for publication in publications:
            if key == publication.id:
                return publication.id
        for publication in publications:
            if key.casefold() == publication.name.casefold() or slug == publication.slug.casefold():
                return publication.id
        known = ", ".join(f"{p.name} ({p.slug}, id {p.id})" for p in publications) or "none"
        raise ArticleError(
            f"publication {wanted!r} is not among this account's publications; known: {known}"
        )

    def check_may_publish(self, publication_id: str, publish_status: str) -> None:
        """Says before Medium does what a writer or a stranger may not do."""
        if publication_id not in self._roles:
            self._roles[publication_id] = self._medium.role_in(publication_id, self._user_id)
        role = self._roles[publication_id]
        name = self._name(publication_id)
        if role is None:
            raise ArticleError(
                f"this account is not a writer or editor of publication {name}, so Medium will "
                "refuse the post; ask an editor to add you, or remove `publication`"
            )
        if role == "writer" and publish_status != "draft":
            raise ArticleError(
                f"this account is a writer in publication {name}: Medium lets writers create "
                f"drafts only (an editor then publishes them), not {publish_status} posts; "
                "set publish-status: draft"
            )

    def _list(self) -> list[Publication]:
        if self._publications is None:
            self._publications = self._medium.publications(self._user_id)
        return self._publications

    def _name(self, publication_id: str) -> str:
        for publication in self._publications or ():
            if publication.id == publication_id:
                return f"{publication.name!r}"
        return publication_id
