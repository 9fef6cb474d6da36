"""The order posts are published in: a post after the posts it links to, so that its links can
carry their Medium URLs (a link to a post not yet published would point at the repository)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from medium_action.rendering.post import ParsedPost


def publication_order(posts: Mapping[str, ParsedPost]) -> list[str]:
    """The paths of ``posts`` (in their given order) rearranged so that a post is published
    after the posts it links to (inline, reference or raw-HTML links), whose Medium URLs it can
    then carry. A cycle keeps the given order for the posts in it."""
    order: list[str] = []
    seen: set[str] = set()
    # Depth-first, with a stack of its own rather than recursion: 1,200 posts that each link
    # to the next are a chain 1,200 deep, past Python's recursion limit.
    for root in posts:
        if root in seen:
            continue
        seen.add(root)
        stack = [(root, _links(posts, root))]
        while stack:
            path, targets = stack[-1]
            for target in targets:
                if target not in seen:
                    seen.add(target)
                    stack.append((target, _links(posts, target)))
                    break
            else:
                stack.pop()
                order.append(path)
    return order


def _links(posts: Mapping[str, ParsedPost], path: str) -> Iterator[str]:
    """The other posts of this run that ``path`` links to, in a stable order."""
    return iter([t for t in sorted(posts[path].linked_paths(path)) if t in posts and t != path])
