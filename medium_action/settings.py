"""The action's settings: command-line flag > ``INPUT_*`` > ``MEDIUM_*`` > default.

GitHub hands a ``uses:`` step its inputs as ``INPUT_<NAME>`` with hyphens kept
(``INPUT_PUBLISH-STATUS``), and an input the workflow did not set as ""; other CI passes
``MEDIUM_<NAME>`` with underscores. pydantic-settings reads both through explicit aliases (its
``env_prefix`` cannot produce hyphenated names) and ``env_ignore_empty`` turns "" into unset.
Flags arrive as init arguments, which pydantic-settings ranks above the environment.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Annotated, Any, Literal

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from medium_action.errors import ConfigError
from medium_action.sources.globs import split_patterns

PublishStatus = Literal["draft", "public", "unlisted"]
ContentFormat = Literal["html", "markdown"]
License = Literal[
    "all-rights-reserved",
    "cc-40-by",
    "cc-40-by-sa",
    "cc-40-by-nd",
    "cc-40-by-nc",
    "cc-40-by-nc-nd",
    "cc-40-by-nc-sa",
    "cc-40-zero",
    "public-domain",
]
PUBLISH_STATUSES: tuple[str, ...] = PublishStatus.__args__  # type: ignore[attr-defined]
CONTENT_FORMATS: tuple[str, ...] = ContentFormat.__args__  # type: ignore[attr-defined]
LICENSES: tuple[str, ...] = License.__args__  # type: ignore[attr-defined]

DEFAULT_INCLUDE = ["**/*.md", "**/*.markdown"]
DEFAULT_EXCLUDE = [
    "**/README.md",
    "**/CHANGELOG.md",
    "**/LICENSE.md",
    ".github/**",
    "node_modules/**",
]
TRUE_WORDS = frozenset({"true", "yes", "1"})
FALSE_WORDS = frozenset({"false", "no", "0"})
BOOLEAN_WORDS = "true/false, yes/no or 1/0"
"""The one table of boolean words, for settings and front matter alike (any case)."""


def parse_boolean(text: str) -> bool | None:
    """True or False for a boolean word (see ``TRUE_WORDS``, ``FALSE_WORDS``), else None."""
    word = text.strip().lower()
    return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None


def _input(name: str, default: Any = None, *, about: str) -> Any:
    """A field read from ``name`` (flag), ``INPUT_NAME-WITH-HYPHENS`` and ``MEDIUM_NAME``."""
    field_name = name.replace("-", "_")
    return Field(
        default,
        description=about,
        validation_alias=AliasChoices(
            field_name, f"INPUT_{name.upper()}", f"MEDIUM_{field_name.upper()}"
        ),
    )


def _list_input(name: str, default: list[str] | None, *, about: str) -> Any:
    field_name = name.replace("-", "_")
    return Field(
        default_factory=(lambda: list(default)) if default is not None else (lambda: None),
        description=about,
        validation_alias=AliasChoices(
            field_name, f"INPUT_{name.upper()}", f"MEDIUM_{field_name.upper()}"
        ),
    )


StrList = Annotated[list[str], NoDecode]

_ENVIRON: ContextVar[Mapping[str, str] | None] = ContextVar("environ", default=None)


class _EnvironSource(EnvSettingsSource):
    """pydantic-settings' environment source over a given mapping instead of ``os.environ``,
    so that a run (or a test) reads exactly the environment it was handed."""

    def _load_env_vars(self) -> Mapping[str, str | None]:
        environ = _ENVIRON.get()
        source = os.environ if environ is None else environ
        return {
            (name if self.case_sensitive else name.lower()): value
            for name, value in source.items()
            if not (self.env_ignore_empty and value == "")
        }


class Settings(BaseSettings):
    """Every input of the interface; field ``publish_status`` is input ``publish-status``."""

    model_config = SettingsConfigDict(
        env_ignore_empty=True,
        populate_by_name=True,
        extra="ignore",
        validate_default=False,
        hide_input_in_errors=True,
    )

    token: SecretStr | None = _input(
        "token", about="Medium integration token (prefer MEDIUM_TOKEN: flags show in `ps`)"
    )
    refresh_token: SecretStr | None = _input(
        "refresh-token", about="OAuth refresh token, with client-id and client-secret"
    )
    client_id: str | None = _input("client-id", about="OAuth client id for the refresh flow")
    client_secret: SecretStr | None = _input(
        "client-secret", about="OAuth client secret for the refresh flow"
    )
    api_url: str = _input(
        "api-url", "https://api.medium.com/v1", about="Medium API base URL (or a sandbox's)"
    )
    files: StrList | None = _list_input(
        "files", None, about="files or globs to publish (comma or newline separated)"
    )
    include: StrList = _list_input(
        "include", DEFAULT_INCLUDE, about="globs of the files that may be published"
    )
    exclude: StrList = _list_input(
        "exclude", DEFAULT_EXCLUDE, about="globs of the files never published"
    )
    publish_status: PublishStatus = _input(
        "publish-status", "draft", about="draft, public or unlisted"
    )
    publication: str | None = _input(
        "publication", about="publication id, name or slug (default: your profile)"
    )
    license: License | None = _input("license", about="one of Medium's nine license values")
    notify_followers: bool = _input(
        "notify-followers", False, about="notify your followers of the new posts"
    )
    tags: StrList | None = _list_input(
        "tags", None, about="default tags for posts whose front matter has none"
    )
    canonical_url: str | None = _input(
        "canonical-url", about="canonical URL template; {path} and {slug} expand"
    )
    content_format: ContentFormat = _input(
        "content-format", "html", about="html (rendered here) or markdown (sent as Markdown)"
    )
    dry_run: bool = _input("dry-run", False, about="render and write previews, call nothing")
    preview_dir: str = _input("preview-dir", ".medium/preview", about="where previews go")
    state_file: str = _input(
        "state-file", ".medium/published.json", about="the ledger file of published posts"
    )
    github_token: SecretStr | None = _input(
        "github-token", about="token for the commit comments that hold the GitHub ledger"
    )
    comment: bool = _input("comment", True, about="write a commit comment listing the posts")
    force: bool = _input("force", False, about="publish even files the ledger says are published")
    since: str | None = _input("since", about="base revision for change detection outside GitHub")
    output_json: str | None = _input("output-json", about="write the result as JSON to this path")

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Flags (init arguments) first, then the environment; no .env file, no secrets dir."""
        return init_settings, _EnvironSource(settings_cls)

    @field_validator("files", "include", "exclude", "tags", mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        """Newline- or comma-separated text, as a workflow's multi-line input gives it."""
        if isinstance(value, str):
            return split_patterns(value)  # a comma inside {a,b} does not separate
        return value

    @field_validator("notify_followers", "dry_run", "comment", "force", mode="before")
    @classmethod
    def _strict_bool(cls, value: Any) -> Any:
        if isinstance(value, str):
            parsed = parse_boolean(value)
            if parsed is None:
                raise ValueError("not a boolean")
            return parsed
        return value

    @field_validator("api_url", mode="after")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("not a URL")
        return value.rstrip("/")

    @property
    def uses_refresh_flow(self) -> bool:
        return bool(self.refresh_token and self.client_id and self.client_secret)

    def check_credentials(self) -> None:
        """A run that will call Medium needs a token or the whole refresh flow."""
        if self.dry_run or self.token is not None:
            return
        given = [
            name
            for name, value in (
                ("refresh-token", self.refresh_token),
                ("client-id", self.client_id),
                ("client-secret", self.client_secret),
            )
            if value
        ]
        if given and not self.uses_refresh_flow:
            missing = sorted({"refresh-token", "client-id", "client-secret"} - set(given))
            raise ConfigError(
                f"the OAuth refresh flow needs refresh-token, client-id and client-secret; "
                f"missing: {', '.join(missing)}"
            )
        if not given:
            raise ConfigError(
                "token: no Medium token given. Set the action input `token` "
                "(from a secret: token: ${{ secrets.MEDIUM_TOKEN }}) or MEDIUM_TOKEN; "
                "for a rehearsal without publishing, set dry-run: true"
            )


ALLOWED_VALUES: dict[str, str] = {
    "publish_status": ", ".join(PUBLISH_STATUSES),
    "content_format": ", ".join(CONTENT_FORMATS),
    "license": ", ".join(LICENSES),
    "notify_followers": BOOLEAN_WORDS,
    "dry_run": BOOLEAN_WORDS,
    "comment": BOOLEAN_WORDS,
    "force": BOOLEAN_WORDS,
    "api_url": "an http(s) URL such as https://api.medium.com/v1",
}


def load_settings(
    flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Settings from flags and the environment (``os.environ`` unless given); a bad value
    raises ConfigError naming the input, the variables it can come from and the values it
    allows (never the value of a secret)."""
    token = _ENVIRON.set(environ)
    try:
        return Settings(**dict(flags or {}))
    except ValidationError as error:
        raise ConfigError(describe_validation_error(error)) from None
    finally:
        _ENVIRON.reset(token)


def describe_validation_error(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "settings"
        name = field.replace("_", "-")
        sources = f"input `{name}` (INPUT_{name.upper()} or MEDIUM_{field.upper()})"
        allowed = ALLOWED_VALUES.get(field)
        secret = field in {"token", "refresh_token", "client_secret", "github_token"}
        given = "" if secret or "input" not in item else f" {str(item['input'])!r}"
        if allowed:
            problems.append(f"{sources}: the value{given} is not allowed; use {allowed}")
        else:
            problems.append(f"{sources}: the value{given} is invalid ({item['msg']})")
    return "bad setting: " + "; ".join(problems)
