"""Settings: every source, the precedence between them, and the errors for bad values."""

from __future__ import annotations

import pytest

from medium_action.errors import ConfigError
from medium_action.settings import DEFAULT_EXCLUDE, DEFAULT_INCLUDE, load_settings


def test_defaults_follow_the_interface() -> None:
    settings = load_settings()
    assert settings.api_url == "https://api.medium.com/v1"
    assert settings.publish_status == "draft"
    assert settings.content_format == "html"
    assert settings.include == DEFAULT_INCLUDE
    assert settings.exclude == DEFAULT_EXCLUDE
    assert settings.state_file == ".medium/published.json"
    assert settings.preview_dir == ".medium/preview"
    assert (settings.comment, settings.force, settings.dry_run) == (True, False, False)
    assert settings.notify_followers is False
    assert settings.files is None and settings.token is None


def test_github_inputs_keep_their_hyphens(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INPUT_PUBLISH-STATUS", "unlisted")
    monkeypatch.setenv("INPUT_API-URL", "http://127.0.0.1:9/v1/")
    monkeypatch.setenv("INPUT_DRY-RUN", "TRUE")
    monkeypatch.setenv("INPUT_NOTIFY-FOLLOWERS", "yes")
    monkeypatch.setenv("INPUT_STATE-FILE", "state.json")
    settings = load_settings()
    assert settings.publish_status == "unlisted"
    assert settings.api_url == "http://127.0.0.1:9/v1"
    assert settings.dry_run is True
    assert settings.notify_followers is True
    assert settings.state_file == "state.json"


def test_medium_variables_use_underscores(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDIUM_PUBLISH_STATUS", "public")
    monkeypatch.setenv("MEDIUM_CONTENT_FORMAT", "markdown")
    monkeypatch.setenv("MEDIUM_TOKEN", "abc123")
    settings = load_settings()
    assert settings.publish_status == "public"
    assert settings.content_format == "markdown"
    assert settings.token is not None and settings.token.get_secret_value() == "abc123"


def test_precedence_is_flag_then_input_then_medium_then_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("MEDIUM_PUBLISH_STATUS", "public")
    assert load_settings().publish_status == "public"
    monkeypatch.setenv("INPUT_PUBLISH-STATUS", "unlisted")
    assert load_settings().publish_status == "unlisted"
    assert load_settings({"publish_status": "draft"}).publish_status == "draft"


def test_an_empty_input_counts_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    """GitHub passes "" for every input the workflow did not set."""
    monkeypatch.setenv("INPUT_PUBLISH-STATUS", "")
    monkeypatch.setenv("MEDIUM_PUBLISH_STATUS", "public")
    monkeypatch.setenv("INPUT_TOKEN", "")
    monkeypatch.setenv("INPUT_INCLUDE", "")
    settings = load_settings()
    assert settings.publish_status == "public"
    assert settings.token is None
    assert settings.include == DEFAULT_INCLUDE


def test_lists_split_on_newlines_and_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INPUT_FILES", "posts/a.md, posts/b.md\n\n  drafts/**/*.md\n")
    monkeypatch.setenv("MEDIUM_TAGS", "python,writing")
    settings = load_settings()
    assert settings.files == ["posts/a.md", "posts/b.md", "drafts/**/*.md"]
    assert settings.tags == ["python", "writing"]


@pytest.mark.parametrize("word", ["true", "True", "YES", "yes", "1"])
def test_booleans_accept_true_words(monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    monkeypatch.setenv("INPUT_FORCE", word)
    assert load_settings().force is True


@pytest.mark.parametrize("word", ["false", "FALSE", "no", "No", "0"])
def test_booleans_accept_false_words(monkeypatch: pytest.MonkeyPatch, word: str) -> None:
    monkeypatch.setenv("INPUT_COMMENT", word)
    assert load_settings().comment is False


@pytest.mark.parametrize(
    ("variable", "value", "named", "allowed"),
    [
        ("INPUT_PUBLISH-STATUS", "published", "publish-status", "draft, public, unlisted"),
        ("MEDIUM_CONTENT_FORMAT", "rst", "content-format", "html, markdown"),
        ("INPUT_LICENSE", "mit", "license", "cc-40-by"),
        ("INPUT_DRY-RUN", "maybe", "dry-run", "true/false, yes/no or 1/0"),
        ("INPUT_FORCE", "on", "force", "true/false, yes/no or 1/0"),
        ("MEDIUM_API_URL", "api.medium.com", "api-url", "http(s) URL"),
    ],
)
def test_a_bad_value_names_the_setting_and_the_allowed_values(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, named: str, allowed: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigError) as raised:
        load_settings()
    message = str(raised.value)
    assert f"`{named}`" in message
    assert allowed in message
    assert repr(value) in message


def test_secrets_are_hidden_from_repr_and_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INPUT_TOKEN", "181d415f34379af07b2c11d144dfbe35d")
    monkeypatch.setenv("INPUT_GITHUB-TOKEN", "ghs_secretvalue")
    monkeypatch.setenv("INPUT_CLIENT-SECRET", "clientsecret123")
    settings = load_settings()
    text = repr(settings) + str(settings)
    assert "181d415f" not in text and "ghs_secretvalue" not in text
    assert "clientsecret123" not in text


def test_credentials_are_required_unless_dry_run() -> None:
    with pytest.raises(ConfigError, match="token"):
        load_settings().check_credentials()
    load_settings({"dry_run": True}).check_credentials()
    load_settings({"token": "abc"}).check_credentials()


def test_a_half_given_refresh_flow_names_what_is_missing() -> None:
    settings = load_settings({"refresh_token": "r", "client_id": "c"})
    with pytest.raises(ConfigError, match="missing: client-secret"):
        settings.check_credentials()
    complete = load_settings({"refresh_token": "r", "client_id": "c", "client_secret": "s"})
    complete.check_credentials()
    assert complete.uses_refresh_flow


def test_a_given_environment_replaces_the_process_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INPUT_PUBLISH-STATUS", "public")
    settings = load_settings(environ={"MEDIUM_PUBLISH_STATUS": "unlisted", "INPUT_FORCE": ""})
    assert settings.publish_status == "unlisted"
    assert settings.force is False
    assert load_settings().publish_status == "public"


@pytest.mark.parametrize(
    "variable", ["INPUT_TOKEN", "INPUT_REFRESH-TOKEN", "MEDIUM_CLIENT_SECRET", "INPUT_GITHUB-TOKEN"]
)
def test_secrets_lose_the_whitespace_they_were_pasted_with(variable: str) -> None:
    settings = load_settings(environ={variable: "  s3cr3t-value\r\n"})
    field = variable.split("_", 1)[1].lower().replace("-", "_")
    secret = getattr(settings, field)
    assert secret is not None and secret.get_secret_value() == "s3cr3t-value"
    assert load_settings(environ={variable: " \n"}).model_dump()[field] is None


@pytest.mark.parametrize("value", ["example.com/{slug}", "ftp://x/{slug}", "javascript:alert(1)"])
def test_a_canonical_url_template_must_be_http(value: str) -> None:
    with pytest.raises(ConfigError, match=r"MEDIUM_CANONICAL_URL .*http\(s\) URL template"):
        load_settings(environ={"MEDIUM_CANONICAL_URL": value})
    assert load_settings({"canonical_url": "https://ex.com/{slug}/"}).canonical_url


@pytest.mark.parametrize(
    ("url", "warned"),
    [
        ("http://medium.internal/v1", True),
        ("http://10.1.2.3:8765/v1", True),
        ("https://api.medium.com/v1", False),
        ("http://127.0.0.1:8765/v1", False),
        ("http://localhost:8765/v1", False),
        ("http://[::1]:8765/v1", False),
    ],
)
def test_plain_http_beyond_this_machine_is_warned_about(url: str, warned: bool) -> None:
    warning = load_settings({"api_url": url}).api_url_warning()
    assert (warning is not None) is warned
    if warning:
        assert url in warning and "unencrypted" in warning


def test_a_bad_flag_is_named_as_a_flag() -> None:
    with pytest.raises(ConfigError) as raised:
        load_settings({"license": "mit"}, {"INPUT_LICENSE": "cc-40-by"})
    assert str(raised.value).startswith("bad setting: --license: the value 'mit'")
