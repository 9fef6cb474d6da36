"""The plan of a run, decided without the network: which files become posts, which are skipped
and which fail, each with its reason. Pure: files arrive as bytes, the ledger and the clock as
values; nothing here reads a file, asks a server or writes a record. Nor does it arm a timer
or tell the garbage collector anything: the time each file's reading may take and what is told
once a post is held are collaborators handed in (``PlanOptions.reading_budget`` and
``PlanOptions.post_held``, by the command line: ``budget.py``'s timer and ``collector.py``'s
``keep_parsed``; by default neither).

The order of the checks is what keeps the promises: a file the ledger knows is skipped before
its text is even parsed (so ``force`` is the only way past a record), and a post that links to
other posts comes after them, so that its links can carry their posts' URLs.

What the target can do comes from its profile (``PlanOptions.target``): a published file that
was edited is an update where the target can update posts, else a skip that says so; the
target's title and tag limits are applied to each article, with warnings.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Literal

from medium_action.errors import ArticleError
from medium_action.ledger.advice import MEDIUM_DEFAULTS, Tending
from medium_action.ledger.records import Ledger, LedgerRecord
from medium_action.ledger.skips import ledger_skip, skip_reason
from medium_action.publishing.order import publication_order
from medium_action.publishing.targets.checks import fit
from medium_action.publishing.targets.profile import Profile
from medium_action.sources.article import Article, Defaults, content_sha256, parse_article

SkipKind = Literal[
    "deleted",
    "published",
    "edited",
    "uncertain",
    "unhandled",
    "writer",
    "duplicate",
    "not-a-post",
]
"""Why a file is skipped: "uncertain" and "unhandled" need a person (exit status 1); "writer"
is the front matter's own wish (``published: false``, a future date); the others are final for
this run."""

UNHANDLED = "unhandled"
"""``Source.change`` of a file changed by commits no run here saw (``sources/selection.py``)."""

LFS_POINTER = b"version https://git-lfs.github.com/spec/v1\n"


@dataclass(frozen=True)
class Source:
    """A candidate file as read from the workspace: its bytes, or why they could not be read."""

    path: str
    """Inside the workspace, links resolved: one file has one path, whatever led to it."""
    raw: bytes | None = None
    error: str | None = None
    change: str = "selected"
    given_path: str | None = None
    """The path the selection named, when a symbolic link led to ``path``."""


@dataclass(frozen=True)
class Skip:
    path: str
    reason: str
    kind: SkipKind
    article: Article | None = None
    """The parsed file, for a published file that was edited (its new rendering is previewed)."""


@dataclass(frozen=True)
class Fail:
    path: str
    message: str
    line: int | None = None
    trace: str | None = None
    """The traceback of an unexpected error (a bug), shown in debug mode only."""


@dataclass(frozen=True)
class Note:
    """A warning about a file that does not stop it."""

    path: str
    message: str
    line: int | None = None


@dataclass
class Plan:
    creates: list[Article] = field(default_factory=list)
    """In publication order: a post after the posts it links to."""
    skips: list[Skip] = field(default_factory=list)
    failures: list[Fail] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    carried: list[LedgerRecord] = field(default_factory=list)
    """Records to carry over to a new path: renames no run saw (to record before posting)."""
    updates: list[Update] = field(default_factory=list)
    """Published files whose content changed, for a target that can update posts."""
    resolving: dict[str, LedgerRecord] = field(default_factory=dict)
    """Creates whose earlier request's answer was lost, by path, for a target that can find its
    posts: the executor looks for the post before it creates one."""


@dataclass(frozen=True)
class Update:
    article: Article
    record: LedgerRecord
    """The file's published record: the post to update."""


RenameCheck = Callable[[str, str], "bool | None"]
"""``renamed(old_path, new_path)``: whether git's rename detection says a commit no run saw
moved ``old_path`` to ``new_path`` (``sources/renames.py``); None when the history cannot tell."""


ReadingBudget = Callable[[str], AbstractContextManager[object]]
"""``reading_budget(path)``: the block within which reading ``path`` may be cut short, raising
an ``ArticleError`` (``budget.py``'s ``reading_budget``: a timer, armed by the command line)."""


def no_budget(_path: str) -> AbstractContextManager[object]:
    """Reading is never cut short: the planner's default, so that planning stays pure."""
    return nullcontext()


@dataclass(frozen=True)
class PlanOptions:
    defaults: Defaults
    target: Profile
    force: bool = False
    renamed: RenameCheck | None = None
    """Asked about recorded files that are gone; without it, the history cannot tell."""
    tending: Tending = MEDIUM_DEFAULTS
    """Where the ledger is, for the ``adopt``/``forget`` commands a skip advises."""
    preview: bool = False
    """``medium-publish preview``: every file is rendered, whatever the ledger or its front
    matter says; what a run would do instead is said as a note."""
    workspace: Path | None = None
    """Where a post's dialect finds the files it pulls in (MkDocs snippets, Obsidian embeds)."""
    reading_budget: ReadingBudget = no_budget
    """How long reading one post may take: past it, that file fails alone."""
    post_held: Callable[[], None] = lambda: None
    """Told each time a post's parse is held to the plan's end (the command line hands in
    ``collector.keep_parsed``, which keeps the held posts out of the cycle collector's sight)."""


def moves(renames: Sequence[tuple[str, str]], ledger: Ledger) -> list[LedgerRecord]:
    """The records to carry over for ``(old_path, new_path)`` renames git reported: a renamed
    file keeps its post. Pure: the caller records them before planning."""
    moved = []
    for old_path, new_path in renames:
        record = ledger.records.get(old_path)
        if record is not None and new_path not in ledger.records:
            moved.append(replace(record, path=new_path))
    return moved


def make_plan(
    sources: Sequence[Source],
    ledger: Ledger,
    *,
    gone: frozenset[str],
    now: datetime,
    options: PlanOptions,
) -> Plan:
    """Decides every file. ``gone`` names the recorded paths no longer in the workspace (a
    record for identical content under such a path is a move git did not report)."""
    plan = Plan()
    decided: dict[str, Article] = {}
    seen: dict[str, str] = {}
    # A file named by its own path is the one published; a name through a link is the duplicate.
    for source in sorted(sources, key=lambda source: source.given_path is not None):
        if source.path in seen:
            plan.skips.append(
                Skip(
                    source.given_path or source.path,
                    f"the same file as {seen[source.path]} (reached through a symbolic link); "
                    "published once",
                    "duplicate",
                )
            )
            continue
        seen[source.path] = source.given_path or source.path
        try:
            article = _decide(source, ledger, gone, now, options, plan)
        except Exception as error:  # one file's bug never costs the other files
            plan.failures.append(
                Fail(
                    source.path,
                    f"unexpected {type(error).__name__} while reading this file: {error}. "
                    "This is a bug in medium-publish, please report it",
                    trace=traceback.format_exc(),
                )
            )
            continue
        if article is not None:
            decided[article.path] = article
            options.post_held()  # held to the run's end: see publishing/collector.py
    posts = {path: article.post for path, article in decided.items()}
    plan.creates = [decided[path] for path in publication_order(posts)]
    return plan


def _unseen_rename(
    article: Article, ledger: Ledger, gone: frozenset[str], renamed: RenameCheck | None
) -> tuple[LedgerRecord | None, LedgerRecord | None]:
    """(the record of the gone file git says this one was renamed from, else None; the record
    of a gone file with the same title when the history cannot tell, else None)."""
    title = article.title.casefold().strip()
    doubtful = None
    for record in ledger.records.values():
        if record.path not in gone or record.path == article.path:
            continue
        verdict = renamed(record.path, article.path) if renamed is not None else None
        if verdict:
            return record, None
        same_title = bool(record.title) and record.title.casefold().strip() == title
        if verdict is None and same_title and doubtful is None:
            doubtful = record
    return None, doubtful


def _decide(
    source: Source,
    ledger: Ledger,
    gone: frozenset[str],
    now: datetime,
    options: PlanOptions,
    plan: Plan,
) -> Article | None:
    path = source.path
    if source.raw is None:
        plan.failures.append(Fail(path, source.error or "cannot read the file"))
        return None
    if source.raw.startswith(LFS_POINTER):
        plan.skips.append(
            Skip(
                path,
                "a Git LFS pointer, not the post's text: check the files out with LFS "
                "(actions/checkout with `lfs: true`, or `git lfs pull`)",
                "not-a-post",
            )
        )
        return None
    sha256 = content_sha256(source.raw)
    record = None if options.force else ledger.find(path, sha256, is_gone=gone.__contains__)
    verdict = (
        None
        if record is None
        else ledger_skip(record, path, sha256, target=options.target, tending=options.tending)
    )
    if options.preview and verdict is not None:
        plan.notes.append(Note(path, f"previewed all the same; a run skips it: {verdict.reason}"))
        record = verdict = None
    if verdict is not None and verdict.kind == "uncertain":
        if record is None or record.path != path or not options.target.can_find_posts:
            plan.skips.append(Skip(path, verdict.reason, "uncertain"))
            return None
        plan.resolving[path] = record
        verdict = None  # the executor finds the post, or creates it when none is there
    try:
        with options.reading_budget(path):
            article = parse_article(
                path, source.raw, options.defaults, now=now, workspace=options.workspace
            )
    except ArticleError as error:
        if verdict is None:
            plan.failures.append(Fail(path, str(error), error.line))
        else:  # the ledger decides before the text: a published file is never a failure
            plan.skips.append(Skip(path, verdict.reason, "published"))
        return None
    article = fit(article, options.target)
    if options.target.name in article.off_targets:
        target = options.target
        reason = f"front matter says {target.name}: false (not sent to {target.display_name})"
        plan.skips.append(Skip(path, reason, "writer"))
        return None
    if verdict is not None:
        edited = verdict.edited and record is not None and record.path == path
        if edited and record is not None and options.target.can_update:
            if article.skip_reason:  # the writer holds the edit back: the post stays as it is
                plan.skips.append(Skip(path, article.skip_reason, "writer"))
                return None
            plan.notes.extend(Note(path, warning) for warning in article.warnings)
            plan.updates.append(Update(article, record))
            return None
        kind: SkipKind = "edited" if edited else "published"
        plan.skips.append(Skip(path, verdict.reason, kind, article if edited else None))
        return None
    plan.notes.extend(Note(path, warning) for warning in article.warnings)
    renamed, doubtful = (
        (None, None)
        if options.force or options.preview
        else _unseen_rename(article, ledger, gone, options.renamed)
    )
    if renamed is not None:
        # The rename's commit never ran (CI skipped it) and the text may have changed since:
        # git's rename detection says this is the gone file's content. A second post otherwise.
        plan.carried.append(replace(renamed, path=path))
        plan.notes.append(
            Note(
                path,
                f"treated as {renamed.path} renamed (git detects the move in commits no run "
                f"saw): its post is {renamed.url or renamed.id}; force: true publishes it as new",
            )
        )
        plan.skips.append(
            Skip(path, skip_reason(renamed, path, target=options.target), "published")
        )
        return None
    if article.skip_reason and options.preview:
        plan.notes.append(
            Note(path, f"previewed all the same; a run skips it: {article.skip_reason}")
        )
    elif article.skip_reason:
        plan.skips.append(Skip(path, article.skip_reason, "writer"))
        return None
    if source.change == UNHANDLED:
        plan.skips.append(Skip(path, unhandled_reason(path, options.target), "unhandled"))
        return None
    if doubtful is not None:
        where = doubtful.url or doubtful.id
        plan.failures.append(
            Fail(
                path,
                f"not sent: it has the title of {doubtful.path}'s post ({where}), whose file is "
                "gone, and the history that would tell whether it was renamed here cannot be "
                f"read. If it is that post, run `medium-publish adopt {path} {where}`; if it "
                f"is a new post, run once with `files: {path}` and `force: true` (or check out "
                "with more history, `fetch-depth: 0`, and git will tell)",
            )
        )
        return None
    return article


def unhandled_reason(path: str, target: Profile) -> str:
    """Why a file that commits no run here saw changed, and that the ledger does not know, is
    neither published nor dropped: its post may exist already."""
    return (
        "not sent: commits that no run with this state file saw changed it (see the warning "
        "about the state file's last commit handled), and another pipeline may already have "
        "published it (its state file was not the one restored here), or none did (a push with "
        f"[skip ci], a pipeline that failed). Check {target.check_posts}: if the post is "
        f"there, record it with `medium-publish adopt {path} URL`; if not, publish it with "
        f"`files: {path}` (and `force: true` if a record stands in the way)"
    )
