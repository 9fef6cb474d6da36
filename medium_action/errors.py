"""Every error medium-publish raises on purpose, in one tree.

    MediumPublishError              base; ``str()`` is a message a writer can act on
    ├── ConfigError                 a setting is wrong: exit 2, nothing published
    ├── ArticleError                one Markdown file cannot become a post: that file fails alone
    │   ├── ImageError              a local image is missing, unsupported or outside the workspace
    │   └── PostTooSlowError        reading or rendering one post ran out of its time budget
    ├── TargetError                 a target's API (Medium, …) answered with an error, or not at all
    │   ├── MediumError             Medium's own family: what has no kind below (unreachable, …)
    │   ├── DevtoError              dev.to's own family, likewise
    │   ├── AuthError               token missing, invalid, revoked or lacking scope: exit 2
    │   ├── ForbiddenError          403: no permission to publish there
    │   ├── NotFoundError           404: unknown user or publication
    │   ├── BadRequestError         400: the target names the field it rejected
    │   ├── RateLimitedError        429: the target's post limit or throttling
    │   ├── ServerError             5xx: the target failed; a rerun will try again
    │   ├── UnexpectedResponseError not the API's JSON (a CDN's HTML page, nothing)
    │   └── UncertainOutcomeError   a post request was sent; no answer in the API's own JSON came
    ├── LedgerWriteError            a post's record could not be made durable: it is not sent
    ├── GitHubError                 GitHub's API refused or failed (comments, the ledger)
    │   └── GitHubPermissionError   403/404 on comments: the token lacks ``contents: write``
    ├── GitError                    a git command failed
    └── HistoryError                the commits change detection must compare cannot be read:
                                    exit 1, no bookmark moves, nothing is taken as "no files"

Only the command-line entry point catches these and turns them into exit statuses.
The kinds under ``TargetError`` are shared by every target: the executor decides by kind (stop
for auth, leave for a rerun when rate-limited, keep the record when uncertain), never by which
target raised it. A target's profile names its own family for the rest (``MediumError``).
Messages never contain a token: they are built from status codes and the APIs' own texts.
"""

from __future__ import annotations


class MediumPublishError(Exception):
    """Base of every deliberate error; the message is meant for the writer."""


class ConfigError(MediumPublishError):
    """A setting has a bad value or settings contradict each other (exit 2)."""


class ArticleError(MediumPublishError):
    """A Markdown file cannot be turned into a post; ``line`` points into the file when known."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


class ImageError(ArticleError):
    """A local image cannot be uploaded: missing, unsupported type, or outside the workspace."""


class PostTooSlowError(ArticleError):
    """Reading or rendering one post took longer than its budget (``publishing/budget.py``)."""

    def __init__(self, path: str, doing: str, seconds: float) -> None:
        super().__init__(
            f"{doing} {path} took longer than {seconds:g} s, the limit for one post (posts take "
            "milliseconds), and was stopped so that the other files go on. Something in it makes "
            "the Markdown parser slow (markers nested thousands deep, a huge unclosed block?): "
            "simplify or split that part, and please report the file to medium-publish"
        )
        self.path = path
        self.seconds = seconds


class TargetError(MediumPublishError):
    """A target's API answered with an error, or with something that is not its API."""

    def __init__(self, message: str, *, status: int | None = None, code: int | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class MediumError(TargetError):
    """Medium's family: a Medium failure that is none of the shared kinds (unreachable, …)."""


class DevtoError(TargetError):
    """dev.to's family: a dev.to failure that is none of the shared kinds (unreachable, …)."""


class AuthError(TargetError):
    """The token is missing, invalid, revoked or lacks a scope (exit 2)."""


class ForbiddenError(TargetError):
    """The target refused to let this account publish there (403)."""


class NotFoundError(TargetError):
    """The target does not know the user, publication or post (404)."""


class BadRequestError(TargetError):
    """The target rejected a field of the request (400, 422)."""


class RateLimitedError(TargetError):
    """The target throttled us (429); ``retry_after`` is in seconds when it said."""

    def __init__(
        self,
        message: str,
        *,
        status: int | None = 429,
        code: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message, status=status, code=code)
        self.retry_after = retry_after


class ServerError(TargetError):
    """The target failed with a 5xx; nothing to fix on our side, a rerun tries again."""


class UnexpectedResponseError(TargetError):
    """The answer was not the API's JSON: an HTML page from a proxy, an empty body."""


class UncertainOutcomeError(TargetError):
    """A post request was sent but no answer in the API's own JSON came back (none at all, a
    timeout, a proxy's page, a 2xx without the post): the post may or may not exist."""


class LedgerWriteError(MediumPublishError):
    """A post's write-ahead record could not be written where the next run reads it: the post
    is not sent (the file fails, a rerun tries again)."""


class GitHubError(MediumPublishError):
    """GitHub's REST API refused or failed."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class GitHubPermissionError(GitHubError):
    """The GitHub token may not write commit comments (``permissions: contents: write``)."""


class GitError(MediumPublishError):
    """A git command failed; the message names the command and git's own words."""


class HistoryError(MediumPublishError):
    """Change detection cannot see the commits it must compare (a shallow clone that cannot be
    deepened, an unreachable origin, a base commit not in the history). The run fails (exit 1)
    rather than take "cannot tell" for "nothing changed"; the message says how to fix it."""
