"""Fuzzing the two doors hostile text comes in by: settings values and front matter.

Whatever the text, the outcome is a value or the one error type meant for it (ConfigError for a
setting, ArticleError for a file), never another exception, and never a secret in the message.
"""

from __future__ import annotations

import contextlib
import hashlib
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from medium_action.errors import ArticleError, ConfigError
from medium_action.ledger.records import Ledger
from medium_action.publishing.plan import PlanOptions, Source, make_plan
from medium_action.publishing.targets.checks import fit
from medium_action.publishing.targets.medium.profile import MEDIUM
from medium_action.settings import Settings, load_settings
from medium_action.sources.article import Defaults, parse_article

FIELDS = sorted(Settings.model_fields)
SECRET_FIELDS = {"token", "refresh_token", "client_secret", "github_token"}
NOW = datetime(2026, 11, 22, tzinfo=UTC)

yaml_ish = st.text(
    alphabet=st.sampled_from([*"abc:-[]{}'\"#&*!|>%@`,? \n\t0123456789.=+~\\", "é", "\x00"]),
    max_size=120,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=st.sampled_from(FIELDS), value=st.text(max_size=60))
def test_any_setting_value_gives_settings_or_a_config_error(field: str, value: str) -> None:
    try:
        loaded = load_settings({field: value})
    except ConfigError as error:
        message = str(error)
        assert field.replace("_", "-") in message
        if field in SECRET_FIELDS and len(value) > 3:
            assert value not in message
    else:
        assert isinstance(loaded, Settings)


@settings(max_examples=300, deadline=None)
@given(front=yaml_ish, fence=st.sampled_from(["---", "+++"]), body=st.text(max_size=60))
def test_any_front_matter_gives_an_article_or_an_article_error(
    front: str, fence: str, body: str
) -> None:
    raw = f"{fence}\n{front}\n{fence}\n{body}".encode("utf-8", "surrogatepass")
    try:
        article = parse_article("posts/fuzz.md", raw, Defaults(), now=NOW)
    except ArticleError as error:
        assert str(error)
        assert error.line is None or error.line >= 1
    else:
        fitted = fit(article, MEDIUM)
        assert len(fitted.title) <= 100
        assert len(fitted.tags) <= 3


@settings(max_examples=200, deadline=None, derandomize=True)
@given(raw=st.binary(max_size=200))
def test_any_bytes_give_an_article_or_an_article_error(raw: bytes) -> None:
    try:
        article = parse_article("posts/bytes.md", raw, Defaults(), now=NOW)
    except ArticleError as error:
        assert str(error)
        assert error.line is None or 1 <= error.line <= raw.count(b"\n") + 1
    else:
        assert article.sha256 == hashlib.sha256(raw).hexdigest()
        title = fit(article, MEDIUM).title
        assert 1 <= len(title) <= 100 and "\n" not in title


@settings(max_examples=150, deadline=None, derandomize=True)
@given(raws=st.lists(st.one_of(st.binary(max_size=160), yaml_ish.map(str.encode)), max_size=5))
def test_the_planner_decides_every_file_exactly_once_and_never_meets_a_bug(
    raws: list[bytes],
) -> None:
    sources = [Source(f"posts/p{index}.md", raw) for index, raw in enumerate(raws)]
    plan = make_plan(
        sources, Ledger(), gone=frozenset(), now=NOW, options=PlanOptions(Defaults(), target=MEDIUM)
    )
    decided = [article.path for article in plan.creates]
    decided += [skip.path for skip in plan.skips] + [fail.path for fail in plan.failures]
    assert sorted(decided) == sorted(source.path for source in sources)
    assert not [fail.message for fail in plan.failures if "bug" in fail.message]


@pytest.mark.parametrize(
    "front",
    [
        "a: &x [*x]",  # a recursive alias
        "a: !!python/object/apply:os.system ['true']",  # code execution through a YAML tag
        "title: !!binary aGVsbG8=",
        "? [a, b]\n: c",  # a non-text key
        "date: 99999-01-01",
        "tags: [[nested], {a: b}]",
    ],
)
def test_hostile_yaml_is_refused_or_harmless(front: str) -> None:
    raw = f"---\n{front}\n---\nText\n".encode()
    with contextlib.suppress(ArticleError):
        parse_article("posts/evil.md", raw, Defaults(), now=NOW)
