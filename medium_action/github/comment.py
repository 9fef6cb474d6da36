"""The commit comment: its Markdown, and the ledger records hidden inside it. Pure: no I/O.

A comment this action writes starts with ``MARKER`` (found again with ``startswith``) and ends
with the records of the commit's posts as JSON inside an HTML comment, which GitHub does not
show::

    <!-- medium-publish -->
    ### Medium: 1 post published
    | Post | Status | File |
    ...
    <!-- medium-publish-ledger: {"version":1,"records":[{"path":"posts/a.md",...}]} -->

Safety of the text:

- Every piece of untrusted text (titles, paths, reasons, errors) goes through the one cell
  escaping of ``reporting/tables.py``, shared with the job summary: HTML escaped (so nothing
  can open an HTML comment or forge the ledger line), Markdown punctuation backslash-escaped,
  newlines made spaces, ``|`` unable to split a cell, ``@name`` and ``#123`` unable to notify
  anyone.
- The JSON is ASCII with ``<``, ``>``, ``&`` and ``@`` written as ``\\u003c`` etc., so ``-->`` can
  never occur in it; when it is too long for a comment it is stored zlib-compressed in base64.
- GitHub refuses bodies over 65,536 characters: the human tables are shortened first (rows, then
  the tables themselves); the ledger data is never cut. One comment holds about 150 records as
  plain JSON and about 700 compressed; a commit's records are bounded by Medium's post limit
  (about 10 a day), so that is some 70 days of reruns of one commit. Beyond it ``render_comment``
  raises ``GitHubError`` and the state file alone protects against duplicates, as after any
  failed comment write.

Which comments are trusted is decided by ``is_trusted_author`` (see there).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Sequence

from medium_action.errors import GitHubError
from medium_action.ledger.records import LedgerRecord
from medium_action.reporting.tables import cell, link, table
from medium_action.results import RunResult

MARKER = "<!-- medium-publish -->"
LEDGER_PREFIX = "<!-- medium-publish-ledger: "
LEDGER_PREFIX_Z = "<!-- medium-publish-ledger-z: "
LEDGER_SUFFIX = " -->"
LEDGER_VERSION = 1

MAX_BODY = 65_536
"""GitHub's limit for a comment body, in characters."""
_BUDGET = MAX_BODY - 512
"""What we allow ourselves: a margin for GitHub counting characters differently (UTF-16 units
are counted below, CRLF normalisation is not)."""
_MAX_UNPACKED = 16 * 1024 * 1024
"""Bound on decompressed ledger data, against a crafted zlib bomb."""
MAX_CELL = 300
"""Longest text put into one table cell; longer texts end with an ellipsis."""

TRUSTED_ASSOCIATIONS = frozenset({"OWNER", "MEMBER", "COLLABORATOR"})
"""``author_association`` values of people with write access to the repository."""

_LEDGER_RE = re.compile(
    r"<!-- medium-publish-ledger(?P<z>-z)?: (?P<data>[^<>]*?) -->",
)


# --- reading -------------------------------------------------------------------------------


def is_ours(body: str | None) -> bool:
    """Whether a comment body was written by this action (it starts with ``MARKER``)."""
    return body is not None and body.lstrip("\ufeff \t\r\n").startswith(MARKER)


def is_trusted_author(login: str | None, author_association: str | None) -> bool:
    """Whether ledger data in a comment by this author is believed.

    Anyone may comment on a commit of a public repository, so a stranger could copy our marker and
    "record" a file as published: not a duplicate post, but a file that is silently never
    published. The rule:

    - a GitHub App's bot (login ending in ``[bot]``, like ``github-actions[bot]`` for the
      GITHUB_TOKEN) is trusted: an app can write to a repository only where its owner installed
      it, and ``[`` cannot occur in a person's login;
    - a person is trusted when GitHub says they have write access (``OWNER``, ``MEMBER``,
      ``COLLABORATOR``): this covers a personal access token used as github-token;
    - when the association is unknown (an API that does not send it) the comment is trusted:
      ignoring a genuine record would publish a post twice, which is worse than a skipped file.

    A stranger's forged comment is ignored; one by a collaborator is believed, as collaborators can
    push anyway. A record believed wrongly is overridden with ``force: true``.
    """
    if login and login.endswith("[bot]"):
        return True
    if author_association is None or author_association == "":
        return True
    return author_association.upper() in TRUSTED_ASSOCIATIONS


class DamagedLedgerBlock(ValueError):
    """Our comment's ledger data cannot be read (edited by hand, cut short); says how."""


def parse_ledger(body: str | None) -> list[LedgerRecord]:
    """The records hidden in a comment we wrote; ``[]`` for any other comment or broken data.

    Never raises: for a comment whose damage must stop the run, see ``read_ledger_block``."""
    try:
        return read_ledger_block(body)
    except DamagedLedgerBlock:
        return []


def read_ledger_block(body: str | None) -> list[LedgerRecord]:
    """The records hidden in a comment we wrote; ``[]`` for a comment that is not ours.

    Raises DamagedLedgerBlock when the comment is ours (it starts with ``MARKER``) but its
    ledger data is missing or cannot be read: every comment this action writes holds a block,
    so one without (or with broken JSON) was edited, and reading it as "no records" would
    publish its posts again. The last ledger block of the body counts (human text cannot
    contain one, as ``<`` is escaped there). Records of a newer format version are read as far
    as they parse; fields this version does not know stay in each record and are written back
    with it. A record that names no place is Medium's (the format before records said where).
    """
    if not body or not is_ours(body):
        return []
    matches = list(_LEDGER_RE.finditer(body))
    if not matches:
        said = "is cut" if "<!-- medium-publish-ledger" in body else "is missing"
        raise DamagedLedgerBlock(f"its ledger line {said}")
    match = matches[-1]
    try:
        raw = match.group("data")
        if match.group("z"):
            packed = base64.b64decode(raw, validate=True)
            unpacker = zlib.decompressobj()
            raw = unpacker.decompress(packed, _MAX_UNPACKED).decode("utf-8")
            if not unpacker.eof:
                raise DamagedLedgerBlock("its compressed ledger data is cut short or too large")
        data = json.loads(raw)
    except (ValueError, binascii.Error, zlib.error, UnicodeDecodeError, RecursionError) as error:
        if isinstance(error, DamagedLedgerBlock):
            raise
        raise DamagedLedgerBlock(
            f"its ledger data is not valid JSON ({type(error).__name__})"
        ) from None
    entries = data.get("records") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DamagedLedgerBlock("its ledger data holds no list of records")
    version = data.get("version")
    newer = isinstance(version, int) and version > LEDGER_VERSION
    records: list[LedgerRecord] = []
    for entry in entries:
        record = LedgerRecord.from_json(entry) if isinstance(entry, dict) else None
        if record is not None:
            records.append(record)
        elif not newer:  # a newer version's entries are read as far as they parse
            raise DamagedLedgerBlock("its ledger data holds a record without a file")
    return records


def merge_records(
    existing: Sequence[LedgerRecord], new: Sequence[LedgerRecord]
) -> list[LedgerRecord]:
    """The records for a rerun's update of its comment: the earlier records of the commit, with
    this run's records added, replacing an earlier record of the same path and place (a
    rehearsal's record never replaces Medium's). Order: earlier records first, as they were;
    new ones after them."""
    merged: dict[tuple[str, str], LedgerRecord] = {}
    for record in (*existing, *new):
        merged[record.path, record.api_url] = record
    return list(merged.values())


# --- writing -------------------------------------------------------------------------------


def ledger_block(records: Sequence[LedgerRecord]) -> str:
    """The hidden HTML comment with the records: JSON, or compressed JSON when too long."""
    data = json.dumps(
        {"version": LEDGER_VERSION, "records": [record.to_json() for record in records]},
        ensure_ascii=True,
        separators=(",", ":"),
        sort_keys=False,
    )
    # These characters only occur inside JSON strings, where the \u form means the same.
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("@", "\\u0040")):
        data = data.replace(char, escaped)
    block = f"{LEDGER_PREFIX}{data}{LEDGER_SUFFIX}"
    if _length(block) <= _BUDGET // 2:
        return block
    packed = base64.b64encode(zlib.compress(data.encode("ascii"), 9)).decode("ascii")
    compressed = f"{LEDGER_PREFIX_Z}{packed}{LEDGER_SUFFIX}"
    return compressed if _length(compressed) < _length(block) else block


def render_comment(result: RunResult, records: Sequence[LedgerRecord]) -> str:
    """The commit comment: marker, heading, posts, skips, failures, then the ledger data.

    ``records`` are all ledger records of this commit (merge them with ``merge_records`` on a
    rerun): published records missing from ``result.posts`` are listed as posts of an earlier
    run, so a rerun that only skips does not hide what the first run published.
    """
    block = ledger_block(records)
    if _length(MARKER) + _length(block) + 200 > _BUDGET:
        raise GitHubError(
            f"the ledger data of this commit ({len(records)} records) does not fit in a commit "
            "comment; it was not written to GitHub, so only the state file protects against "
            "duplicates"
        )
    heading = _heading(result)
    limit: int | None = None
    while True:
        sections = _sections(result, records, limit)
        body = "\n".join([MARKER, heading, "", *sections, block]) + "\n"
        if _length(body) <= _BUDGET:
            return body
        longest = max(len(result.posts) + len(records), len(result.skipped), len(result.failed))
        limit = (longest if limit is None else limit) // 2
        if limit == 0:
            note = (
                "_The lists are too long for a commit comment: see the job summary or the "
                "`posts`, `skipped` and `failed` outputs._"
            )
            return "\n".join([MARKER, heading, "", note, "", block]) + "\n"


def _heading(result: RunResult) -> str:
    verb = "would be published (dry run)" if result.dry_run else "published"
    parts = [f"{_count(len(result.posts), 'post')} {verb}"]
    if result.skipped:
        parts.append(f"{len(result.skipped)} skipped")
    if result.failed:
        parts.append(f"{len(result.failed)} failed")
    return "### Medium: " + ", ".join(parts)


def _sections(result: RunResult, records: Sequence[LedgerRecord], limit: int | None) -> list[str]:
    lines: list[str] = []
    rows: list[tuple[str, str, str]] = []
    shown = {post.file for post in result.posts}
    for post in result.posts:
        status = f"{post.publish_status} (dry run)" if result.dry_run else post.publish_status
        rows.append((_link(post.title or post.file, post.url), _cell(status), _code(post.file)))
    for record in records:
        if record.state == "published" and record.path not in shown:
            status = f"{record.publish_status or 'published'} (earlier run)"
            rows.append(
                (_link(record.title or record.path, record.url), _cell(status), _code(record.path))
            )
    if rows:
        lines += _table(("Post", "Status", "File"), rows, limit)
    if result.skipped:
        lines += ["**Skipped**", ""]
        skipped = [(_code(skip.file), _cell(skip.reason)) for skip in result.skipped]
        lines += _table(("File", "Reason"), skipped, limit)
    if result.failed:
        lines += ["**Failed**", ""]
        failed = [
            (_code(_where(fail.file, fail.line)), _cell(fail.error)) for fail in result.failed
        ]
        lines += _table(("File", "Error"), failed, limit)
    return lines


def _table(
    header: tuple[str, ...], rows: Sequence[tuple[str, ...]], limit: int | None
) -> list[str]:
    return table(header, rows, limit)


def _cell(text: str, limit: int = MAX_CELL) -> str:
    return cell(text, limit)


def _code(path: str) -> str:
    """A file path, shown as escaped text (a code span could not hold every path safely)."""
    return cell(path, MAX_CELL)


def _link(title: str, url: str) -> str:
    return link(title, url, limit=120)


def _where(file: str, line: int | None) -> str:
    return f"{file}:{line}" if line else file


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _length(text: str) -> int:
    """Length as GitHub counts it (UTF-16 code units, an upper bound of its character count)."""
    return len(text.encode("utf-16-le")) // 2
