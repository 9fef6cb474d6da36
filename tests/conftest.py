"""Shared fixtures: a clean environment for every test, the Medium sandbox over loopback."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from fake_github import FakeGitHub
from gitrepo import git_env
from hypothesis import settings

from medium_action.sandbox.server import SandboxServer

# In CI every property test draws the same examples, so a run fails for a change, never by
# chance; locally they keep exploring (a new finding becomes a golden or a fixed case).
settings.register_profile("ci", derandomize=True, database=None)
if os.environ.get("CI"):
    settings.load_profile("ci")

__all__ = ["git_env"]  # a fixture: a git of its own for every test that builds repositories

_PREFIXES = ("INPUT_", "MEDIUM_", "GITHUB_", "RUNNER_", "ACTIONS_")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings come from the environment: no test may see another's, or the developer's."""
    for name in list(os.environ):
        if name.startswith(_PREFIXES):
            monkeypatch.delenv(name)


@pytest.fixture
def sandbox() -> Iterator[SandboxServer]:
    with SandboxServer() as server:
        yield server


@pytest.fixture
def github() -> Iterator[FakeGitHub]:
    with FakeGitHub() as fake:
        yield fake
