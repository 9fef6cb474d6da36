"""dev.to's rules, in the one place the rest of the program reads them."""

from __future__ import annotations

from medium_action.errors import DevtoError
from medium_action.publishing.targets.profile import Limits, Profile

DEVTO_API_URL = "https://dev.to/api"

DEVTO = Profile(
    name="devto",
    display_name="dev.to",
    content=frozenset({"markdown"}),
    # dev.to's API has no image upload: it fetches each image from a public URL.
    images="public-url",
    can_update=True,
    can_delete=False,
    # Forem takes at most four tags, each of lowercase letters and digits, and titles of up to
    # 128 characters.
    limits=Limits(max_tags=4, max_tag_chars=30, max_title_chars=128, tags_alphanumeric=True),
    errors=DevtoError,
    check_posts="your dev.to dashboard (https://dev.to/dashboard)",
    rate_note="it allows about ten new posts in 30 seconds",
    can_find_posts=True,
    has_unlisted=False,
)
