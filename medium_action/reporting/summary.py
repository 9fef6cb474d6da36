"""A run's result for the people who read it: the job summary (``$GITHUB_STEP_SUMMARY``).

Pure (values in, text out); ``write.py`` writes the text where it belongs.
"""

from __future__ import annotations

from medium_action.reporting.tables import cell, link, table
from medium_action.results import RunResult

SUMMARY_LIMIT = 1024 * 1024 - 1024
"""GitHub rejects a step summary over 1 MiB; keep a margin for the truncation note."""


def summary_markdown(result: RunResult, *, heading: str | None = None) -> str:
    """The job summary: tables of posts, skips and failures, every cell escaped by
    ``tables.cell`` (the commit comment's escaping: no HTML, no Markdown, no @mention). It
    names the run's targets from their profiles (Medium, the product's own, when none opened)."""
    names = " and ".join(profile.display_name for profile in result.targets) or "Medium"
    where = " or ".join(profile.check_posts for profile in result.targets) or "your Medium drafts"
    lines = [f"## {heading or names + ' posts'}", ""]
    if result.dry_run:
        lines += [f"Dry run: nothing was sent to {names}.", ""]
    lines += [line for notice in result.notices for line in (f"> **Warning:** {cell(notice)}", "")]
    if result.fatal:
        lines += [f"> **The run stopped:** {cell(result.fatal)}", ""]
    attention = result.needs_attention
    if attention:
        lines += [
            f"> **{len(attention)} file(s) left unpublished need a rerun or a decision** "
            "(listed under Skipped): rate-limited ones, rerun later; uncertain ones, check "
            f"{where}, then `medium-publish adopt FILE URL` or `forget FILE`; unhandled ones "
            f"(changed by commits no run here saw), check {where}, then `medium-publish adopt "
            "FILE URL` or publish them with `files`.",
            "",
        ]
    if result.previews:
        lines += ["**Would publish**", ""]
        previews = [
            (cell(p.title), cell(p.publish_status), cell(p.file), cell(p.page))
            for p in result.previews
        ]
        lines += table(("Post", "Status", "File", "Preview"), previews)
    if result.posts:
        posts = [
            (link(post.title, post.url), cell(post.publish_status), cell(post.file))
            for post in result.posts
        ]
        lines += table(("Post", "Status", "File"), posts)
    if result.skipped:
        lines += ["**Skipped**", ""]
        lines += table(("File", "Why"), [(cell(s.file), cell(s.reason)) for s in result.skipped])
    if result.failed:
        lines += ["**Failed**", ""]
        failed = [
            (cell(f"{f.file}:{f.line}" if f.line else f.file), cell(f.error)) for f in result.failed
        ]
        lines += table(("File", "Error"), failed)
    if result.warnings:
        lines += ["**Warnings**", ""]
        lines += [f"- {cell(file)}: {cell(message)}" for file, message in result.warnings]
        lines.append("")
    if not (result.posts or result.skipped or result.failed or result.previews or result.fatal):
        lines += ["Nothing to publish.", ""]
    return truncate(("\n".join(lines)).rstrip("\n") + "\n", SUMMARY_LIMIT)


def truncate(text: str, limit: int) -> str:
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    kept = encoded[:limit].decode("utf-8", errors="ignore")
    kept = kept[: kept.rfind("\n") + 1] if "\n" in kept else kept
    return kept + "\n… (truncated: the full result is in the step outputs)\n"
