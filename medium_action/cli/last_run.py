"""How a GitHub push run asks which commit the last successful run of its workflow handled
(``github/runs.py``, ``sources/widen.py``): only in a GitHub push run with a github-token and
``GITHUB_WORKFLOW_REF``; the HTTP client is imported only when the question is asked."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from medium_action.cli.environment import Environment
from medium_action.errors import MediumPublishError
from medium_action.log import Log
from medium_action.settings import Settings
from medium_action.sources.widen import LastRun

__all__ = ["last_run_asker"]


def last_run_asker(
    settings: Settings, env: Environment, environ: Mapping[str, str], log: Log
) -> Callable[[], LastRun] | None:
    """How a GitHub push run with a token asks which commit the last successful run of its
    workflow handled (``sources/widen.py``): one request, the client imported only then. A dry
    run asks too: it says what a real run would do."""
    branch = (environ.get("GITHUB_REF", "").removeprefix("refs/heads/") or "").strip()
    if not (
        env.in_github
        and env.event_name == "push"
        and settings.github_token is not None
        and env.repository
        and environ.get("GITHUB_WORKFLOW_REF")
        and branch
        and not branch.startswith("refs/")
    ):
        return None

    def ask() -> LastRun:
        from medium_action.cli.redacting_github import RedactingGitHubClient
        from medium_action.github.runs import last_run

        assert settings.github_token is not None and env.repository
        try:
            client = RedactingGitHubClient.create_redacting(
                log.redactor,
                api_url=env.api_url,
                repository=env.repository,
                token=settings.github_token,
            )
        except MediumPublishError:  # no usable token: the run's own push, as without one
            return LastRun()
        with client:
            return last_run(client, environ, branch)

    return ask
