"""Where posts go: the interface the executor talks to, and what it hands a target.

A target is Medium, the dry run, or another blogging API. The planner sees only its profile
(``profile.py``: what it takes, whether it can update, its limits); the executor
(``executor.py``) renders each post with the target's image upload, records it ahead when the
target makes real posts, then asks the target to create it (or, where the profile says it can,
to update the post of an edited file). Adding a target means one package here,
``targets/<name>/`` with its profile, its client and its mapping: nothing in the planner or the
executor changes.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass

from medium_action.ledger.place import Place
from medium_action.ledger.record import LedgerRecord
from medium_action.publishing.images.lookup import LocalImage
from medium_action.publishing.targets.profile import Profile
from medium_action.results import Posted, Previewed
from medium_action.sources.article import Article

#: Sends one local image and answers the URL it can be shown at.
ImageUpload = Callable[[LocalImage], str]


@dataclass(frozen=True)
class Draft:
    """One post as a target receives it: the parsed article and the content rendered for it."""

    article: Article
    content: str
    content_format: str
    publication_id: str | None
    warnings: tuple[str, ...] = ()


class Target(ABC):
    """One destination for posts, opened once per run before the first post."""

    #: True when ``create`` makes a real post: the executor then writes the post's record
    #: ahead of the request (a rehearsal against the sandbox does; a dry run does not).
    makes_posts: bool = True

    @property
    @abstractmethod
    def profile(self) -> Profile:
        """What the target is and can do; read by the planner, the executor and the reports."""

    @property
    @abstractmethod
    def place(self) -> Place:
        """Where posts go; the account is known once ``open`` has run."""

    @abstractmethod
    def open(self) -> None:
        """Connects (token, account, default publication). Raises AuthError or ConfigError for
        what stops the whole run, TargetError for a service that is down."""

    @abstractmethod
    def publication_for(self, article: Article) -> str | None:
        """The publication id the article goes to, checked: ArticleError if it may not."""

    @property
    @abstractmethod
    def upload(self) -> ImageUpload | None:
        """How a local image is sent, or None where images are not sent (they stay local)."""

    @abstractmethod
    def create(self, draft: Draft) -> Posted | Previewed:
        """Makes the post. Raises UncertainOutcomeError when a post may exist without an
        answer, any other TargetError when the service said surely no post was made."""

    def update(self, draft: Draft, record: LedgerRecord) -> Posted | Previewed:
        """Replaces the post ``record`` names with ``draft`` (only where ``profile.can_update``).
        An update may be sent again, so a lost answer fails the file for a rerun to repeat."""
        raise NotImplementedError(f"{self.profile.display_name} cannot update posts")

    def find(self, draft: Draft, record: LedgerRecord) -> Posted | None:
        """The post an earlier, uncertain create of ``draft`` made (``record`` says what was
        sent), or None when there is none (only where ``profile.can_find_posts``)."""
        raise NotImplementedError(f"{self.profile.display_name} cannot list posts")

    def finish(self) -> None:  # noqa: B027  (most targets have nothing left to do)
        """Called once after the last post, also when the run stopped early."""

    def close(self) -> None:  # noqa: B027
        """Releases connections; called once when the run is over, whatever happened."""
