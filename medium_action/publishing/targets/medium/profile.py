"""Medium's rules, in the one place the rest of the program reads them."""

from __future__ import annotations

from medium_action.errors import MediumError
from medium_action.publishing.targets.profile import Limits, Profile

MEDIUM = Profile(
    name="medium",
    display_name="Medium",
    content=frozenset({"html", "markdown"}),
    images="upload",
    # Medium's API only creates posts: an edit is carried over by hand, a delete never.
    can_update=False,
    can_delete=False,
    # Medium uses the first three tags, ignores a tag over 25 characters, and ignores a title
    # over 100 characters (deriving one from the content instead).
    limits=Limits(max_tags=3, max_tag_chars=25, max_title_chars=100),
    errors=MediumError,
    check_posts="your Medium drafts and stories",
    rate_note="it allows about ten a day",
)
