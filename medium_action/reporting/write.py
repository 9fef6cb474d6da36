"""Writes a run's reports where their readers look: ``$GITHUB_OUTPUT``, ``$GITHUB_STEP_SUMMARY``
and the output-json file. The only I/O of reporting; the texts come from ``outputs.py`` and
``summary.py``.

Every text passes through ``redact`` twice: the result's texts before a report escapes or
shortens them (``RunResult.redacted``: ``&amp;``, or a cell cut after 19 of a token's 33
characters, would hide a secret from the redactor), and each whole text before it is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from medium_action.reporting.outputs import json_text, output_file_text, outputs
from medium_action.reporting.summary import summary_markdown
from medium_action.results import RunResult
from medium_action.workspace_files import write_atomic


@dataclass(frozen=True)
class ReportFiles:
    """Where the reports go; None: not asked for (outside GitHub, no ``output-json``)."""

    output_file: Path | None = None
    summary_file: Path | None = None
    json_file: Path | None = None
    owner: tuple[int, int] | None = None
    """Who the output-json file is handed to (the workspace's owner)."""


def write_reports(result: RunResult, files: ReportFiles, redact: Callable[[str], str]) -> None:
    """Appends the outputs and the summary, writes output-json atomically; raises OSError."""
    result = result.redacted(redact)  # before any escaping or shortening hides a secret
    if files.output_file is not None:
        text = output_file_text({name: redact(value) for name, value in outputs(result).items()})
        with files.output_file.open("a", encoding="utf-8", errors="replace") as handle:
            handle.write(text)
    if files.summary_file is not None:
        with files.summary_file.open("a", encoding="utf-8", errors="replace") as handle:
            handle.write(redact(summary_markdown(result)))
    if files.json_file is not None:
        write_atomic(files.json_file, redact(json_text(result)), files.owner)
