"""The order posts are published in: a post after the posts it links to, so that its links can
carry their Medium URLs (a link to a post not yet published would point at the repository)."""

from __future__ import annotations

from collections.abc import Mapping

from medium_action.rendering.post import ParsedPost


def publication_order(posts: Mapping[str, ParsedPost]) -> list[str]:
    """The paths of ``posts`` (in their given order) rearranged so that a post is published
    after the posts it links to (inline, reference or raw-HTML links), whose Medium URLs it can
    then carry. A cycle keeps the given order for the posts in it."""
    order: list[str] = []
    state: dict[str, str] = {}

    def visit(path: str) -> None:
        if state.get(path):
            return
        state[path] = "visiting"
        for target in sorted(posts[path].linked_paths(path)):
            if target in posts and target != path:
                visit(target)
        state[path] = "done"
        order.append(path)

    for path in posts:
        visit(path)
    return order
