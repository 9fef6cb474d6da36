"""A run's result for the steps and programs that read it: the step outputs
(``$GITHUB_OUTPUT``) and the output-json object.

Pure (values in, text out); ``write.py`` writes the text where it belongs.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable

from medium_action.results import RunResult


def outputs(result: RunResult) -> dict[str, str]:
    """The interface's outputs, every value a string."""
    data = result.to_json()
    # An export page is listed in `posts` (with its target) but is no post: urls, ids, url, id
    # and count keep their meaning, Medium's and dev.to's posts.
    posts = [post for post in result.posts if post.target != "medium-export"]
    first = posts[0] if posts else None
    return {
        "posts": json.dumps(data["posts"], ensure_ascii=False),
        "skipped": json.dumps(data["skipped"], ensure_ascii=False),
        "failed": json.dumps(data["failed"], ensure_ascii=False),
        "urls": "\n".join(post.url for post in posts),
        "ids": "\n".join(post.id for post in posts),
        "url": first.url if first else "",
        "id": first.id if first else "",
        "count": str(len(posts)),
    }


def output_file_text(
    values: dict[str, str], make_delimiter: Callable[[], str] | None = None
) -> str:
    """``$GITHUB_OUTPUT`` lines: ``name<<DELIMITER``, the value, ``DELIMITER``. A fresh random
    delimiter per value, never one that occurs in the value, so no value can end itself early
    and forge another output."""
    new_delimiter = make_delimiter or (lambda: f"ghadelimiter_{secrets.token_hex(16)}")
    chunks = []
    for name, value in values.items():
        delimiter = new_delimiter()
        while delimiter in value:
            delimiter = new_delimiter()
        chunks.append(f"{name}<<{delimiter}\n{value}\n{delimiter}\n")
    return "".join(chunks)


def json_text(result: RunResult) -> str:
    return json.dumps(result.to_json(), indent=2, ensure_ascii=False) + "\n"
