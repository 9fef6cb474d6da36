"""What a target is, as the rest of the program needs to know it: a profile, read, never asked.

The planner, the executor, the skip reasons, the article checks and the reports read a target's
``Profile``; none of them knows a target's rules. A target's own package
(``publishing/targets/<name>/``) builds its profile next to its client and its mapping; this
module imports nothing of the program but the error tree, so any layer may read a profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from medium_action.errors import TargetError

ContentFormat = Literal["html", "markdown"]
ImageWay = Literal["upload", "public-url"]
"""How a target gets a post's local images: it takes uploads (``Target.upload``), or it fetches
them itself and needs each at a public URL."""


@dataclass(frozen=True)
class Limits:
    """What a target accepts of a post's title and tags; None where it sets no limit. A post
    over a limit is fitted (``checks.fit``) with a warning, never refused."""

    max_tags: int | None = None
    max_tag_chars: int | None = None
    max_title_chars: int | None = None
    tags_alphanumeric: bool = False
    """Tags are lowercase letters and digits only (dev.to): others are folded to that."""


@dataclass(frozen=True)
class Profile:
    name: str
    """As results and ledger records carry it: ``medium``, ``devto``."""
    display_name: str
    """As reports word it: "Medium", "dev.to"."""
    content: frozenset[ContentFormat]
    """The content formats it takes (the ``content-format`` setting chooses among them)."""
    images: ImageWay
    can_update: bool
    """True: a published file whose content changed is updated in place. False: it is skipped
    as edited, with its new version previewed for the writer to carry over by hand."""
    can_delete: bool
    limits: Limits
    errors: type[TargetError]
    """The family of the target's errors that are none of the shared kinds."""
    check_posts: str
    """Where a writer looks for a post whose request's answer was lost ("your Medium drafts
    and stories")."""
    rate_note: str = ""
    """What a writer should know of the target's limit on new posts, when it refuses them."""
    can_find_posts: bool = False
    """True: the account's posts can be listed, so a create whose answer was lost is resolved
    by the next run itself (``Target.find``: adopt the post, or create it when none is there).
    False: the writer checks and runs ``adopt`` or ``forget``."""
    has_unlisted: bool = True
    """False: an unlisted post is sent as a draft, with a warning."""

    def __post_init__(self) -> None:
        if not self.content:
            raise ValueError(f"target {self.name} takes no content format")
