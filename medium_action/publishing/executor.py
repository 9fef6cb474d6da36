"""Carries a plan's posts out through a target, one at a time, recording each before it is sent.

For every post: resolve its publication, render its content (its images sent the target's way),
write its record ahead as "uncertain" where the next run will read it, send it, then record the
answer before the next post starts. Whatever stops a post (a kill, a lost answer, a bug) leaves
its file marked uncertain or unrecorded-and-unsent, never unrecorded-and-sent.

Edited files of a target that can update (its profile says so) are updated after the new posts:
an update may be sent again, so it needs no record ahead, and its record takes the new content
only once the target answered. What the executor tells the writer names the target from its
profile; the errors it tells apart are the shared kinds of ``TargetError``.

``carry_out`` returns what it produced (posts, skips, failures, warnings) as one ``RunResult``
piece; an error that stops it takes the piece up with it (``results.handed_up``).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from medium_action.errors import (
    ArticleError,
    AuthError,
    ConfigError,
    LedgerWriteError,
    RateLimitedError,
    TargetError,
    UncertainOutcomeError,
)
from medium_action.ledger.advice import MEDIUM_DEFAULTS, Tending
from medium_action.ledger.records import LedgerRecord
from medium_action.log import Log
from medium_action.publishing.cancellation import Cancellation
from medium_action.publishing.content import ContentOptions, render_content
from medium_action.publishing.plan import Update
from medium_action.publishing.recorder import Recorder
from medium_action.publishing.targets.base import Draft, Target
from medium_action.publishing.targets.profile import Profile
from medium_action.results import Failed, Posted, Previewed, RunResult, Skipped, handed_up
from medium_action.sources.article import Article


@dataclass(frozen=True)
class ExecutorOptions:
    content: ContentOptions
    now: datetime
    debug: bool = False
    tending: Tending = MEDIUM_DEFAULTS
    """Where the ledger is, for the ``adopt``/``forget`` commands an uncertain post advises."""


@dataclass
class _Made:
    """What one ``carry_out`` has produced so far: its own, returned as a frozen piece."""

    posts: list[Posted] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[Failed] = field(default_factory=list)
    previews: list[Previewed] = field(default_factory=list)
    warnings: list[tuple[str, str]] = field(default_factory=list)
    unrecorded: list[tuple[str, str]] = field(default_factory=list)
    fatal: str | None = None

    def piece(self) -> RunResult:
        return RunResult(
            posts=tuple(self.posts),
            skipped=tuple(self.skipped),
            failed=tuple(self.failed),
            previews=tuple(self.previews),
            warnings=tuple(self.warnings),
            notices=tuple(message for _, message in self.unrecorded),
            unrecorded=tuple(self.unrecorded),
            fatal=self.fatal,
        )


class Executor:
    def __init__(
        self,
        target: Target,
        recorder: Recorder,
        *,
        log: Log,
        options: ExecutorOptions,
        cancel: Cancellation | None = None,
        shown: RunResult | None = None,
    ) -> None:
        """``shown``: what the run reports before this target's posts, read (never added to)
        for the commit comment, which lists the whole run each time it is written."""
        self._target = target
        self._recorder = recorder
        self._before = shown if shown is not None else RunResult()
        self._made = _Made()
        self._noted: Mapping[str, Sequence[str]] = {}
        self._log = log
        self._options = options
        self._cancel = cancel or Cancellation()
        self._in_flight: LedgerRecord | None = None
        """The record of the post request under way, if one was sent."""
        self._resolving: Mapping[str, LedgerRecord] = {}

    def carry_out(
        self,
        articles: Sequence[Article],
        updates: Sequence[Update] = (),
        resolving: Mapping[str, LedgerRecord] | None = None,
        noted: Mapping[str, Sequence[str]] | None = None,
    ) -> RunResult:
        """Carries the posts out and returns what that produced. ``resolving``: creates whose
        earlier request's answer was lost (their uncertain records, by path): the post is
        looked for first, and adopted when found. ``noted``: the planner's warnings of each
        file, shown with its draft (a dry run's preview lists them)."""
        self._resolving = resolving or {}
        self._noted = noted or {}
        self._made = _Made()
        with handed_up(self._made.piece):
            self._carry_out(articles, updates)
        return self._made.piece()

    def _carry_out(self, articles: Sequence[Article], updates: Sequence[Update]) -> None:
        every = [*articles, *(update.article for update in updates)]
        try:
            self._open(every)
        except _Stop:
            return
        try:
            if self._each(articles, "Publishing", self._post):
                self._updates(updates)
        finally:
            self._target.finish()

    def _shown(self) -> RunResult:
        """The run so far, for the commit comment: what came before, then this piece."""
        return self._before + self._made.piece()

    def _updates(self, updates: Sequence[Update]) -> None:
        records = {update.article.path: update.record for update in updates}
        self._each(
            [update.article for update in updates],
            "Updating",
            lambda article: self._update(article, records[article.path]),
        )

    def _open(self, articles: Sequence[Article]) -> None:
        paths = [article.path for article in articles]
        try:
            self._target.open()
            if self._target.makes_posts:
                self._recorder.at(self._target.place)
        except RateLimitedError as error:
            self._rate_limited(paths, error)
            raise _Stop from None
        except (AuthError, ConfigError) as error:
            self._give_up(paths, error, fatal=True)
            raise _Stop from None
        except TargetError as error:
            self._give_up(paths, error, fatal=False)
            raise _Stop from None

    def _each(
        self, articles: Sequence[Article], what: str, carry: Callable[[Article], None]
    ) -> bool:
        """Carries each article out; False when the run stopped before the last."""
        if not articles:
            return True
        with self._log.progress(what, len(articles)) as bar:
            for index, article in enumerate(articles):
                if not self._one(article, [later.path for later in articles[index:]], carry):
                    return False
                bar.advance()
        return True

    def _one(self, article: Article, left: list[str], carry: Callable[[Article], None]) -> bool:
        """Carries one post out; False when the run must stop here."""
        if self._cancel.requested:
            self._log.warning(f"{self._cancel.requested}: {len(left)} file(s) not sent")
            for path in left:
                self._fail(path, f"not sent: {self._cancel.requested}; rerun to publish it")
            return False
        try:
            with self._log.group(f"{article.path}: {article.title}"):
                carry(article)
        except KeyboardInterrupt as interrupt:  # a second signal: stop now
            self._interrupted(article, left[1:], str(interrupt) or "interrupted")
            return False
        except RateLimitedError as error:
            self._rate_limited(left, error)
            return False
        except AuthError as error:
            self._give_up(left, error, fatal=not (self._before.posts or self._made.posts))
            return False
        return True

    def _interrupted(self, article: Article, rest: Sequence[str], why: str) -> None:
        sent = self._in_flight is not None
        self._fail(
            article.path,
            f"interrupted ({why}) while its post request was under way: recorded as uncertain; "
            f"check {self._profile.check_posts}, then "
            f"`{self._options.tending.adopt(article.path)}` or "
            f"`{self._options.tending.forget(article.path)}`"
            if sent
            else f"not sent: interrupted ({why}); rerun to publish it",
        )
        for path in rest:
            self._fail(path, f"not sent: interrupted ({why}); rerun to publish it")

    @property
    def _profile(self) -> Profile:
        return self._target.profile

    def _draft(self, article: Article) -> Draft | None:
        """The article rendered for the target, or None when it failed (already reported)."""
        target = self._target
        try:
            publication_id = target.publication_for(article)
            rendered = render_content(
                article,
                upload=target.upload,
                ledger=self._recorder.ledger,
                options=self._options.content,
                portable="html" not in self._profile.content,
                cache_images=self._profile.images == "upload",
            )
        except (RateLimitedError, AuthError):
            raise
        except (ArticleError, TargetError) as error:
            self._fail(article.path, str(error), getattr(error, "line", None))
            return None
        except Exception as error:  # a bug must cost this file only
            self._bug(article.path, error, "while rendering")
            return None
        for message, line in rendered.warnings:
            self._warn(article.path, message, line)
        return Draft(
            article,
            rendered.content,
            self._options.content.content_format if "html" in self._profile.content else "markdown",
            publication_id,
            (
                *self._noted.get(article.path, ()),
                *(message for file, message in self._made.warnings if file == article.path),
            ),
        )

    def _post(self, article: Article) -> None:
        self._in_flight = None
        target = self._target
        draft = self._draft(article)
        if draft is None:
            return
        earlier = self._resolving.get(article.path) if target.makes_posts else None
        if earlier is not None and self._found(draft, earlier):
            return
        record = self._write_ahead(article) if target.makes_posts else None
        if target.makes_posts and record is None:
            return
        self._in_flight = record
        try:
            outcome = target.create(draft)
        except UncertainOutcomeError as error:
            self._fail(
                article.path,
                f"{error}. Check {self._profile.check_posts}: if the post is there, run "
                f"`{self._options.tending.adopt(article.path)}`; if not, "
                f"`{self._options.tending.forget(article.path)}`. "
                "Until then this file is skipped",
            )
            return
        except TargetError as error:
            if record is not None:
                # the target answered: surely no post was made
                self._recorder.withdraw(record, self._shown())
            if isinstance(error, (RateLimitedError, AuthError)):
                raise
            self._fail(article.path, str(error))
            return
        except Exception as error:  # the request may have gone out: the record stays uncertain
            when = "while sending the post (recorded as uncertain)" if record else "previewing"
            self._bug(article.path, error, when)
            return
        self._in_flight = None
        self._done(outcome, record)

    def _found(self, draft: Draft, earlier: LedgerRecord) -> bool:
        """Looks for the post an earlier, uncertain request made; True when the file is done
        (adopted, or failed because the target could not be asked: its record stays)."""
        path = draft.article.path
        try:
            found = self._target.find(draft, earlier)
        except (RateLimitedError, AuthError):
            raise
        except TargetError as error:
            self._fail(
                path,
                f"could not look for the post of the earlier request whose answer was lost "
                f"({error}); it stays recorded as uncertain and a rerun looks again",
            )
            return True
        if found is None:
            self._log.info(
                f"{path}: no post of the earlier, lost request on {self._profile.display_name}; "
                "creating it"
            )
            return False
        self._log.info(f"{path}: found the post of the earlier, lost request: {found.url}")
        self._done(found, earlier)
        return True

    def _update(self, article: Article, record: LedgerRecord) -> None:
        """Updates the post of an edited file in place: nothing is recorded ahead (sending an
        update twice changes nothing), the record takes the new content once it is done."""
        self._in_flight = None
        draft = self._draft(article)
        if draft is None:
            return
        try:
            outcome = self._target.update(draft, record)
        except (RateLimitedError, AuthError):
            raise
        except TargetError as error:
            self._fail(article.path, f"{error}; the post was not updated, a rerun tries again")
            return
        except Exception as error:
            self._bug(article.path, error, "while updating the post")
            return
        if isinstance(outcome, Previewed) or not self._target.makes_posts:
            self._done(outcome, None)
            return
        self._made.posts.append(outcome)
        self._confirm(
            replace(
                record,
                sha256=article.sha256,
                time=self._options.now.isoformat(timespec="seconds"),
                title=article.title,
                id=outcome.id or record.id,
                url=outcome.url or record.url,
                publish_status=outcome.publish_status,
                state="published",
            )
        )
        self._log.outcome("updated", outcome.file, f"{outcome.url} ({outcome.publish_status})")

    def _write_ahead(self, article: Article) -> LedgerRecord | None:
        place = self._target.place
        record = LedgerRecord(
            path=article.path,
            sha256=article.sha256,
            time=self._options.now.isoformat(timespec="seconds"),
            title=article.title,
            publish_status=article.publish_status,
            state="uncertain",
            api_url=place.api_url,
            user=place.user,
            target=self._profile.name,
        )
        try:
            return self._recorder.write_ahead(record, self._shown())
        except LedgerWriteError as error:
            self._fail(article.path, str(error))
            return None

    def _done(self, outcome: Posted | Previewed, record: LedgerRecord | None) -> None:
        if isinstance(outcome, Previewed):
            self._made.previews.append(outcome)
            self._log.outcome("would publish", outcome.file, f"preview: {outcome.page}")
            self._made.skipped.append(
                Skipped(
                    outcome.file,
                    f"dry run: would publish {outcome.title!r} as {outcome.publish_status}; "
                    f"preview: {outcome.page}",
                    target=self._profile.name,
                )
            )
            return
        self._made.posts.append(outcome)
        if record is not None:
            self._confirm(
                replace(
                    record,
                    id=outcome.id,
                    url=outcome.url,
                    publish_status=outcome.publish_status,
                    publication_id=outcome.publication_id or "",
                    state="published",
                )
            )
        self._log.outcome("published", outcome.file, f"{outcome.url} ({outcome.publish_status})")

    def _confirm(self, record: LedgerRecord) -> None:
        """Records the post's answer; a record the state file could not take is listed."""
        unrecorded = self._recorder.confirm(record, self._shown())
        if unrecorded is not None:
            self._made.unrecorded.append((record.path, unrecorded))

    # --- outcomes that are not posts ----------------------------------------------------------

    def _rate_limited(self, paths: Sequence[str], error: TargetError) -> None:
        name, note = self._profile.display_name, self._profile.rate_note
        self._log.warning(
            f"{name} keeps refusing new posts ({error}){'; ' + note if note else ''}. "
            f"{len(paths)} file(s) left for a later run: rerun this job later"
        )
        for path in paths:
            reason = f"rate-limited by {name}, rerun later ({error})"
            self._made.skipped.append(
                Skipped(path, reason, "rate-limited", target=self._profile.name)
            )
            self._log.outcome("skipped", path, reason)

    def _give_up(self, paths: Sequence[str], error: Exception, *, fatal: bool) -> None:
        """Ends the run: one error in the log, every file left listed as failed."""
        message = str(error)
        self._log.error(message)
        if fatal:
            self._made.fatal = message
        self._made.failed.extend(Failed(path, message, target=self._profile.name) for path in paths)

    def _bug(self, path: str, error: Exception, when: str) -> None:
        self._fail(
            path,
            f"unexpected {type(error).__name__} {when}: {error}. This is a bug in "
            "medium-publish, please report it",
        )
        if self._options.debug:
            self._log.info(traceback.format_exc())

    def _fail(self, path: str, message: str, line: int | None = None) -> None:
        self._made.failed.append(Failed(path, message, line, target=self._profile.name))
        self._log.error(message, file=path, line=line)

    def _warn(self, path: str, message: str, line: int | None = None) -> None:
        self._made.warnings.append((path, message))
        self._log.warning(message, file=path, line=line)


class _Stop(Exception):
    """The target could not be opened: every file is already accounted for."""
