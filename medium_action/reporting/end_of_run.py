"""The end of a run in the log: what was not already said file by file, then the counts."""

from __future__ import annotations

from medium_action.log import Log
from medium_action.results import RunResult


def end_of_run_lines(result: RunResult, log: Log) -> list[str]:
    """Each file once: a file whose outcome the log already announced (``Log.outcome`` or an
    error naming it) is only counted; a failure sharing an error already printed (a run-wide
    error that stopped every file) points to it instead of repeating it."""
    lines = []
    for post in result.posts:
        if not log.announced(post.file, "published"):
            lines.append(f"published: {post.file} → {post.url} ({post.publish_status})")
    for preview in result.previews:
        if not log.announced(preview.file, "would publish"):
            lines.append(
                f"would publish: {preview.file} as {preview.publish_status}: {preview.page}"
            )
    previewed = {preview.file for preview in result.previews}
    others = [skip for skip in result.skipped if skip.file not in previewed]
    for skip in others:
        if not log.announced(skip.file, "skipped"):
            lines.append(f"skipped: {skip.file}: {skip.reason}")
    for failure in result.failed:
        if log.announced(failure.file, "failed"):
            continue
        if log.already_said(failure.error):
            lines.append(f"failed: {failure.file} (the error above)")
            continue
        lines.append(f"failed: {failure.file}: {failure.error}")
    counts = f"{len(others)} skipped, {len(result.failed)} failed"
    if result.dry_run:
        lines.append(f"dry run: {len(result.previews)} would be published, {counts}")
    else:
        lines.append(f"{len(result.posts)} published, {counts}")
    return lines
