"""The ledger's state file: read once per run, rewritten atomically after every post."""

from __future__ import annotations

import json
from pathlib import Path

from medium_action.errors import ConfigError
from medium_action.ledger.records import Ledger
from medium_action.workspace_files import write_atomic


class StateFile:
    def __init__(self, path: Path, *, owner: tuple[int, int] | None = None) -> None:
        self.path = path
        self._owner = owner

    def load(self) -> Ledger:
        """The ledger, empty when the file does not exist yet. A file we cannot read stops the
        run: without it we could not tell what was already published."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return Ledger()
        except (OSError, UnicodeDecodeError) as error:
            raise ConfigError(f"state-file {self.path}: cannot be read ({error})") from None
        try:
            data = json.loads(text) if text.strip() else {}
        except json.JSONDecodeError as error:
            raise ConfigError(
                f"state-file {self.path}: not valid JSON (line {error.lineno}: {error.msg}); "
                "repair it from git history rather than deleting it, or posts may be "
                "published twice"
            ) from None
        if not isinstance(data, dict):
            raise ConfigError(f"state-file {self.path}: expected a JSON object")
        return Ledger.from_json(data)

    def save(self, ledger: Ledger) -> None:
        text = json.dumps(ledger.to_json(), indent=2, ensure_ascii=False) + "\n"
        write_atomic(self.path, text, self._owner)
