"""The ``adopt``/``forget`` commands a message advises, spelt to work where the run ran.

``medium-publish forget FILE`` looks the record up in the default state file under Medium's
API; advice after a sandbox rehearsal, or a run with its own ``state-file``, must carry the
flags that point the command at the same ledger, or the command finds no record.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from medium_action.ledger.place import MEDIUM_API_URL, normalize_api_url

DEFAULT_STATE_FILE = ".medium/published.json"
"""The ``state-file`` setting's default (``Settings.state_file``)."""


@dataclass(frozen=True)
class Tending:
    """Where this run's ledger is: the API its records are about and the state file."""

    api_url: str = MEDIUM_API_URL
    state_file: str = DEFAULT_STATE_FILE

    def forget(self, path: str) -> str:
        return self._command("forget", shlex.quote(path))

    def adopt(self, path: str, url: str = "URL") -> str:
        return self._command("adopt", shlex.quote(path), url)

    def _command(self, verb: str, *arguments: str) -> str:
        words = ["medium-publish", verb, *arguments]
        if normalize_api_url(self.api_url) != MEDIUM_API_URL:
            words += ["--api-url", shlex.quote(self.api_url)]
        if self.state_file != DEFAULT_STATE_FILE:
            words += ["--state-file", shlex.quote(self.state_file)]
        return " ".join(words)


MEDIUM_DEFAULTS = Tending()
