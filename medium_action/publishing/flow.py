"""The publishing flow: candidates in, one RunResult out, every file on its own.

The flow is handed its collaborators (a Medium client, the commit-comment ledger, the state file,
the log) and never reads the environment. Its order is what keeps the promises:
  1. read the ledger (state file + commit comments) before anything else;
  2. decide each file without the network: deleted, already published, skipped by its front
     matter, broken; only then, and only if something is left, talk to Medium (one GET /me);
  3. record each post in the ledger before its request is sent (as "uncertain") and again the
     moment Medium answers, before the next one starts: a crash, a kill or a lost answer can
     leave a file marked uncertain, never unrecorded, so nothing is ever published twice.
A configuration or authentication error met on the way is not raised: it ends the run with
``RunResult.fatal`` set (exit status 2) and every file left listed as failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from medium_action.errors import (
    ArticleError,
    AuthError,
    ConfigError,
    ImageError,
    MediumError,
    MediumPublishError,
    RateLimitedError,
    UncertainOutcomeError,
)
from medium_action.ledger.records import Ledger, LedgerRecord, skip_reason
from medium_action.ledger.statefile import StateFile
from medium_action.log import Log
from medium_action.medium.client import MediumClient, User
from medium_action.medium.images import ImageUploader, LocalImage
from medium_action.medium.publications import PublicationDirectory
from medium_action.publishing.preview import PreviewFiles, write_index, write_preview
from medium_action.rendering.links import Repository, link_resolver, publication_order
from medium_action.rendering.render import RenderWarning, render_html, render_markdown
from medium_action.results import Failed, Posted, Previewed, RunResult, Skipped
from medium_action.settings import Settings
from medium_action.sources.article import Article, Defaults, content_sha256, parse_article
from medium_action.sources.selection import Candidate


class CommitLedger(Protocol):
    """The copy of the ledger kept in commit comments (``commit_ledger.py``)."""

    def load(self) -> list[LedgerRecord]: ...

    def write(self, result: RunResult, records: Sequence[LedgerRecord]) -> None: ...


@dataclass
class _Session:
    user: User
    publications: PublicationDirectory
    default_publication: str | None = None


class Publisher:
    def __init__(
        self,
        settings: Settings,
        *,
        workspace: Path,
        log: Log,
        state: StateFile,
        medium: MediumClient | None,
        commit_ledger: CommitLedger | None = None,
        repository: Repository | None = None,
        now: datetime,
        owner: tuple[int, int] | None = None,
    ) -> None:
        self.settings = settings
        self.workspace = workspace
        self.log = log
        self.state = state
        self.medium = medium
        self.commit_ledger = commit_ledger
        self.repository = repository
        self.now = now
        self.owner = owner
        self.ledger = Ledger()
        self.result = RunResult(dry_run=settings.dry_run)
        self._records: list[LedgerRecord] = []

    # --- the run ---------------------------------------------------------------------------

    def run(self, candidates: Sequence[Candidate]) -> RunResult:
        for candidate in candidates:
            if candidate.change == "deleted":
                self._skip(candidate.path, "deleted; Medium's API cannot delete posts")
        live = [candidate for candidate in candidates if candidate.change != "deleted"]
        if not live:
            return self.result  # nothing to read, so no request at all, not even to GitHub
        try:
            self.ledger = self._load_ledger()
        except ConfigError as error:
            self._give_up([candidate.path for candidate in live], error)
            return self.result
        decided = {
            article.path: article for article in map(self._decide, live) if article is not None
        }
        posts = {path: article.post for path, article in decided.items()}
        queue = [decided[path] for path in publication_order(posts)]
        if not queue:
            return self.result
        if self.settings.dry_run:
            self._preview_all(queue)
            return self.result
        self._publish_all(queue)
        if self.commit_ledger is not None and self.result.failed:
            self.commit_ledger.write(self.result, self._records)
        return self.result

    def _publish_all(self, queue: list[Article]) -> None:
        try:
            session = self._connect()
        except (AuthError, ConfigError) as error:
            self._give_up([article.path for article in queue], error)
            return
        except MediumError as error:
            self._give_up([article.path for article in queue], error, fatal=False)
            return
        for index, article in enumerate(queue):
            left = [later.path for later in queue[index:]]
            try:
                with self.log.group(f"{article.path}: {article.title}"):
                    self._publish(article, session)
            except RateLimitedError as error:
                self.log.warning(
                    f"Medium keeps refusing new posts ({error}); it allows about ten a day. "
                    f"{len(left)} file(s) left for a later run"
                )
                for path in left:
                    self._skip(path, f"rate-limited by Medium, rerun later ({error})")
                return
            except AuthError as error:
                self._give_up(left, error, fatal=not self.result.posts)
                return

    def _load_ledger(self) -> Ledger:
        ledger = self.state.load()
        if self.commit_ledger is not None:
            ledger.merge(self.commit_ledger.load())
        return ledger

    # --- deciding, without the network -----------------------------------------------------

    def _decide(self, candidate: Candidate) -> Article | None:
        path = candidate.path
        if candidate.change == "renamed" and candidate.old_path:
            moved = self.ledger.rename(candidate.old_path, path)
            if moved is not None:
                self._record(moved)  # a fresh clone must find the post under its new path
        try:
            file = self._file(path)
            raw = file.read_bytes()
        except (OSError, ArticleError) as error:
            self._fail(path, _os_message(error))
            return None
        if not self.settings.force:
            record = self.ledger.find(
                path, content_sha256(raw), is_gone=lambda other: not self._exists(other)
            )
            if record is not None:
                self._skip(path, skip_reason(record, path))
                return None
        try:
            article = parse_article(path, raw, self._defaults(), now=self.now)
        except ArticleError as error:
            self._fail(path, str(error), error.line)
            return None
        for warning in article.warnings:
            self._warn(path, warning)
        if article.skip_reason:
            self._skip(path, article.skip_reason)
            return None
        return article

    def _file(self, path: str) -> Path:
        file = (self.workspace / path).resolve()
        if not file.is_relative_to(self.workspace.resolve()):
            raise ArticleError("the file resolves outside the workspace (a symlink?); refused")
        if not file.is_file():
            raise ArticleError("no such file in the workspace")
        return file

    def _exists(self, path: str) -> bool:
        return (self.workspace / path).exists()

    def _defaults(self) -> Defaults:
        s = self.settings
        return Defaults(
            publish_status=s.publish_status,
            tags=tuple(s.tags or ()),
            canonical_url=s.canonical_url,
            license=s.license,
            notify_followers=s.notify_followers,
            publication=None,
        )

    # --- rendering -------------------------------------------------------------------------

    def _content(self, article: Article, uploader: ImageUploader) -> str:
        refs = article.post.images()
        image_urls = uploader.urls_for(
            refs, markdown_path=article.path, line_offset=article.body_line - 1
        )
        render = render_markdown if self.settings.content_format == "markdown" else render_html
        rendered = render(
            article.post,
            title=article.title,
            subtitle=article.subtitle,
            image_urls=image_urls,
            link_resolver=link_resolver(article.path, self.ledger, self.repository),
        )
        for warning in rendered.warnings:
            if isinstance(warning, RenderWarning):
                moved = warning.shifted(article.body_line - 1)
                self._warn(article.path, str(moved), moved.line)
            else:
                self._warn(article.path, warning)
        return rendered.content

    def _preview_all(self, queue: Sequence[Article]) -> None:
        written = [(article, self._preview(article)) for article in queue]
        entries = [(a.path, files, a.title) for a, files in written if files is not None]
        if entries:
            index = write_index(self.workspace / self.settings.preview_dir, entries, self.owner)
            self.log.info(f"Previews of {len(entries)} post(s): {self._shown(index)}")

    def _preview(self, article: Article) -> PreviewFiles | None:
        uploader = ImageUploader(workspace=self.workspace, upload=None, cache=self.ledger.images)
        try:
            content = self._content(article, uploader)
        except ArticleError as error:
            self._fail(article.path, str(error), error.line)
            return None
        files = write_preview(
            self.workspace / self.settings.preview_dir,
            article.path,
            content=content,
            title=article.title,
            tags=article.tags,
            publish_status=article.publish_status,
            canonical_url=article.canonical_url,
            warnings=[message for file, message in self.result.warnings if file == article.path],
            owner=self.owner,
            content_format=self.settings.content_format,
            workspace=self.workspace,
        )
        content_file, page = (self._shown(path) for path in (files.content, files.page))
        self.result.previews.append(
            Previewed(article.path, article.title, article.publish_status, content_file, page)
        )
        self._skip(
            article.path,
            f"dry run: would publish {article.title!r} as {article.publish_status}; "
            f"preview: {page}",
        )
        return files

    def _shown(self, path: Path) -> str:
        """A path as the writer knows it: relative to the workspace when inside it."""
        return (
            str(path.relative_to(self.workspace))
            if path.is_relative_to(self.workspace)
            else str(path)
        )

    # --- publishing ------------------------------------------------------------------------

    def _connect(self) -> _Session:
        if self.medium is None:
            raise ConfigError("no Medium client: a token is needed unless dry-run is set")
        settings = self.settings
        if settings.token is None and settings.uses_refresh_flow:
            assert settings.refresh_token and settings.client_id and settings.client_secret
            token = self.medium.refresh_access_token(
                refresh_token=settings.refresh_token,
                client_id=settings.client_id,
                client_secret=settings.client_secret,
            )
            self.log.mask(token.get_secret_value())
        elif settings.token is not None:
            token = settings.token
        else:
            settings.check_credentials()
            raise ConfigError("no Medium token")
        self.medium.authenticate(token)
        user = self.medium.me()
        self.log.info(f"Publishing as @{user.username} ({user.name}) to {settings.api_url}")
        session = _Session(user, PublicationDirectory(self.medium, user.id))
        if settings.publication:
            try:
                session.default_publication = session.publications.resolve(settings.publication)
            except ArticleError as error:
                raise ConfigError(f"publication: {error}") from None
        return session

    def _publish(self, article: Article, session: _Session) -> None:
        assert self.medium is not None
        medium = self.medium
        try:
            publication_id = (
                session.publications.resolve(article.publication)
                if article.publication
                else session.default_publication
            )
            if publication_id:
                session.publications.check_may_publish(publication_id, article.publish_status)
            uploader = ImageUploader(
                workspace=self.workspace,
                upload=lambda image: _upload(medium, image),
                cache=self.ledger.images,
            )
            content = self._content(article, uploader)
        except (ArticleError, MediumError) as error:
            if isinstance(error, (RateLimitedError, AuthError)):
                raise
            self._fail(article.path, str(error), getattr(error, "line", None))
            return
        record = LedgerRecord(
            path=article.path,
            sha256=article.sha256,
            time=self._now(),
            title=article.title,
            publish_status=article.publish_status,
            state="uncertain",
        )
        # Write-ahead: from here until Medium answers, a crash or a kill leaves this file marked
        # "uncertain" (skipped with advice) rather than unrecorded (published a second time).
        self._record(record)
        try:
            post = medium.create_post(
                _payload(article, content, self.settings.content_format),
                user_id=session.user.id,
                publication_id=publication_id,
            )
        except UncertainOutcomeError as error:
            self._fail(
                article.path,
                f"{error}. Check your Medium drafts and stories; this file is skipped from now "
                "on unless force: true",
            )
            return
        except MediumError as error:
            self._forget(record)  # Medium answered with an error: surely no post, retry later
            if isinstance(error, (RateLimitedError, AuthError)):
                raise
            self._fail(article.path, str(error))
            return
        posted = Posted(
            file=article.path,
            id=post.id,
            url=post.url,
            title=article.title,
            publish_status=post.publish_status or article.publish_status,
            publication_id=post.publication_id or publication_id,
        )
        self.result.posts.append(posted)
        self._record(
            replace(
                record,
                id=post.id,
                url=post.url,
                publish_status=posted.publish_status,
                publication_id=posted.publication_id or "",
                state="published",
            )
        )
        self.log.info(f"published {article.path} → {post.url} ({posted.publish_status})")

    def _record(self, record: LedgerRecord) -> None:
        """Writes the record everywhere before anything else happens: the state file and, in
        GitHub, this commit's comment."""
        self.ledger.add(record)
        self._records = [kept for kept in self._records if kept.path != record.path]
        self._records.append(record)
        self._save()

    def _forget(self, record: LedgerRecord) -> None:
        """Withdraws a write-ahead record once Medium has said no post was created."""
        if self.ledger.records.get(record.path) == record:
            del self.ledger.records[record.path]
        self._records = [kept for kept in self._records if kept != record]
        self._save()

    def _save(self) -> None:
        self.state.save(self.ledger)
        if self.commit_ledger is not None:
            self.commit_ledger.write(self.result, self._records)

    def _give_up(self, paths: Sequence[str], error: Exception, *, fatal: bool = True) -> None:
        """Ends the run: one error in the log, every file left listed as failed."""
        message = str(error)
        self.log.error(message)
        if fatal:
            self.result.fatal = message
        self.result.failed.extend(Failed(path, message) for path in paths)

    # --- bookkeeping -----------------------------------------------------------------------

    def _now(self) -> str:
        return self.now.isoformat(timespec="seconds")

    def _skip(self, path: str, reason: str) -> None:
        self.result.skipped.append(Skipped(path, reason))  # logged once, in the run's summary

    def _fail(self, path: str, message: str, line: int | None = None) -> None:
        self.result.failed.append(Failed(path, message, line))
        self.log.error(message, file=path, line=line)

    def _warn(self, path: str, message: str, line: int | None = None) -> None:
        self.result.warnings.append((path, message))
        self.log.warning(message, file=path, line=line)


def _payload(article: Article, content: str, content_format: str) -> dict[str, Any]:
    """Medium's post fields; publishStatus always explicit (Medium's own default is public)."""
    payload: dict[str, Any] = {
        "title": article.title,
        "contentFormat": content_format,
        "content": content,
        "tags": list(article.tags),
        "publishStatus": article.publish_status,
        "notifyFollowers": article.notify_followers,
    }
    if article.canonical_url:
        payload["canonicalUrl"] = article.canonical_url
    if article.license:
        payload["license"] = article.license
    return payload


def _upload(medium: MediumClient, image: LocalImage) -> str:
    try:
        uploaded = medium.upload_image(
            image.content, content_type=image.content_type, filename=image.filename
        )
    except AuthError as error:
        if error.code != 6002:
            raise
        # Self-issued integration tokens lack the extended uploadImage scope: that is this
        # post's problem (its local images), not a reason to stop the posts without any.
        raise ImageError(
            f"Medium refused to upload image {image.filename!r}: this token lacks the "
            "uploadImage scope, which Medium's integration tokens do not always have. Refer to "
            "the image by a public https URL instead (Medium fetches those itself)"
        ) from None
    return uploaded.url


def _os_message(error: Exception) -> str:
    if isinstance(error, MediumPublishError):
        return str(error)
    if isinstance(error, OSError):
        return f"cannot read the file: {error.strerror or error}"
    return str(error)
