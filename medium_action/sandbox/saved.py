"""A sandbox's posts and images kept in a file, so that they can be served again.

The sandbox lives in memory: when the demo (or ``medium-publish sandbox``) ends, its pages go.
The demo's ledger still holds the posts' URLs, so a later demo, or ``sandbox --state FILE``,
loads them back and serves them. A post's URL names the address it was served at; loaded on
another port, every URL in the posts (their pages, the images inside their content) is moved to
the live address, and the ledger's URLs are shown by post id on the live sandbox.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from medium_action.sandbox.state import Sandbox
from medium_action.workspace_files import write_atomic

VERSION = 1


@dataclass(frozen=True)
class Saved:
    site_url: str
    """The address the posts were served at when saved."""
    snapshot: dict[str, Any]

    @property
    def port(self) -> int:
        return urlsplit(self.site_url).port or 0

    @property
    def post_count(self) -> int:
        return len(self.snapshot["posts"])

    def restore_into(self, sandbox: Sandbox) -> None:
        """Adds the saved posts and images to ``sandbox``, their URLs on its own address."""
        text = json.dumps(self.snapshot)
        if self.site_url != sandbox.site_url:
            text = text.replace(json.dumps(self.site_url)[1:-1], sandbox.site_url)
        sandbox.restore(json.loads(text, object_hook=_bytes_back))


def save(sandbox: Sandbox, path: Path) -> None:
    """Writes the sandbox's posts and images to ``path`` (atomically)."""
    snapshot = sandbox.snapshot()
    snapshot["bytes"] = {
        name: {"type": kind, "base64": base64.b64encode(data).decode("ascii")}
        for name, (kind, data) in snapshot["bytes"].items()
    }
    data = {"version": VERSION, "site_url": sandbox.site_url, "sandbox": snapshot}
    write_atomic(path, json.dumps(data, ensure_ascii=False) + "\n", None)


def load(path: Path) -> Saved | None:
    """What ``save`` wrote; None when there is no such file or it is not one of ours (the
    sandbox then starts empty: it is a rehearsal stage, nothing is lost that Medium holds)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != VERSION:
            return None
        snapshot = data["sandbox"]
        snapshot["bytes"] = {
            name: {"type": item["type"], "base64": item["base64"]}
            for name, item in snapshot["bytes"].items()
        }
        if not isinstance(snapshot["posts"], list) or not isinstance(snapshot["images"], list):
            return None
        return Saved(str(data["site_url"]), snapshot)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _bytes_back(item: dict[str, Any]) -> Any:
    if set(item) == {"type", "base64"}:
        return (item["type"], base64.b64decode(item["base64"]))
    return item
