"""What a run reads from the process environment besides the settings, and where it runs."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from medium_action.errors import ConfigError

TEST_POST_SECONDS = "_MEDIUM_PUBLISH_TEST_POST_SECONDS"
"""Internal, for the tests only: not a setting, not in the interface, not for writers. A post
budget small enough that a file crafted to be slow runs out of it at once."""


@dataclass(frozen=True)
class Environment:
    """What the run needs from the process environment besides the settings."""

    workspace: Path
    in_github: bool
    debug: bool
    event_name: str | None
    event_path: Path | None
    sha: str | None
    repository: str | None
    server_url: str
    api_url: str
    output_file: Path | None
    summary_file: Path | None
    post_seconds: float | None = None
    """The budget of one post (``publishing/budget.py``) when a test sets ``TEST_POST_SECONDS``."""

    def event(self) -> Mapping[str, Any] | None:
        """The GitHub event's payload, read when needed (a broken one is a ConfigError, raised
        after the environment was read, so that the outputs can still be written)."""
        if self.event_path is None or not self.event_path.is_file():
            return None
        try:
            loaded = json.loads(self.event_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise ConfigError(
                f"GITHUB_EVENT_PATH {self.event_path}: unreadable ({error})"
            ) from None
        return loaded if isinstance(loaded, dict) else None

    @classmethod
    def read(cls, environ: Mapping[str, str]) -> Environment:
        def path(name: str) -> Path | None:
            value = environ.get(name)
            return Path(value) if value else None

        return cls(
            workspace=Path(environ.get("GITHUB_WORKSPACE") or os.getcwd()),
            in_github=environ.get("GITHUB_ACTIONS") == "true",
            debug=environ.get("RUNNER_DEBUG") == "1"
            or environ.get("ACTIONS_STEP_DEBUG", "").lower() == "true"
            or environ.get("MEDIUM_DEBUG", "").lower() in ("1", "true"),
            event_name=environ.get("GITHUB_EVENT_NAME") or None,
            event_path=path("GITHUB_EVENT_PATH"),
            sha=environ.get("GITHUB_SHA") or None,
            repository=environ.get("GITHUB_REPOSITORY") or None,
            server_url=environ.get("GITHUB_SERVER_URL") or "https://github.com",
            api_url=environ.get("GITHUB_API_URL") or "https://api.github.com",
            output_file=path("GITHUB_OUTPUT"),
            summary_file=path("GITHUB_STEP_SUMMARY"),
            post_seconds=_seconds(environ.get(TEST_POST_SECONDS)),
        )


def _seconds(value: str | None) -> float | None:
    try:
        return float(value) if value else None
    except ValueError:
        return None
