"""The action's settings: command-line flag > ``INPUT_*`` > ``MEDIUM_*`` > default.

GitHub hands a ``uses:`` step its inputs as ``INPUT_<NAME>`` with hyphens kept
(``INPUT_PUBLISH-STATUS``), and an input the workflow did not set as ""; other CI passes
``MEDIUM_<NAME>`` with underscores. pydantic-settings reads both through explicit aliases (its
``env_prefix`` cannot produce hyphenated names) and ``env_ignore_empty`` turns "" into unset.
Flags arrive as init arguments, which pydantic-settings ranks above the environment.
"""

from __future__ import annotations

import ipaddress
import os
import re
import unicodedata
from collections.abc import Mapping
from contextvars import ContextVar
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    EnvSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from medium_action.errors import ConfigError
from medium_action.values import BOOLEAN_WORDS, parse_boolean, split_patterns

PublishStatus = Literal["draft", "public", "unlisted"]
ContentFormat = Literal["html", "markdown"]
Dialect = Literal[
    "auto", "docusaurus", "eleventy", "ghost", "hexo", "hugo", "jekyll", "mdx", "mkdocs",
    "obsidian", "quarto", "starlight", "vitepress", "zola",
]  # fmt: skip
"""The ``dialect`` setting: ``auto`` or a module of ``rendering/dialects/`` (a test keeps them
in step; listed here so that reading the settings loads no rendering)."""

TargetName = Literal["medium", "devto", "medium-export"]
TARGET_NAMES: tuple[str, ...] = TargetName.__args__  # type: ignore[attr-defined]
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
DIALECTS: tuple[str, ...] = Dialect.__args__  # type: ignore[attr-defined]
LICENSES: tuple[str, ...] = License.__args__  # type: ignore[attr-defined]

DEFAULT_INCLUDE = ["**/*.md", "**/*.markdown", "**/*.mdx"]
DEFAULT_EXCLUDE = [
    "**/README.md",
    "**/CHANGELOG.md",
    "**/LICENSE.md",
    ".github/**",
    "node_modules/**",
]


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
        "publish-status",
        "draft",
        about="how Medium files the posts (always sent: Medium's own default is public)",
    )
    publication: str | None = _input(
        "publication", about="publication id, name or slug (default: your profile)"
    )
    license: License | None = _input(
        "license", about="the posts' license (unset: Medium's default)"
    )
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
        "content-format", "html", about="html: rendered here for Medium; markdown: sent as Markdown"
    )
    dialect: Dialect = _input(
        "dialect",
        "auto",
        about="the framework whose Markdown the posts are in (auto: from the site's files)",
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
    site_url: str | None = _input(
        "site-url",
        about="the blog's own address, for site-root links and images (default: from its config)",
    )
    image_base_url: str | None = _input(
        "image-base-url",
        about="the address the workspace's files are served at, for targets that cannot upload "
        "images (dev.to, export)",
    )
    export_dir: str = _input(
        "export-dir", ".medium/export", about="where export pages for Medium's editor go"
    )
    targets: StrList = _list_input(
        "targets",
        ["medium"],
        about="where posts go: medium, devto, medium-export (comma or newline separated)",
    )
    devto_api_key: SecretStr | None = _input(
        "devto-api-key", about="dev.to API key (prefer MEDIUM_DEVTO_API_KEY: flags show in `ps`)"
    )
    devto_api_url: str = _input(
        "devto-api-url", "https://dev.to/api", about="dev.to (Forem) API base URL (or a sandbox's)"
    )

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

    @field_validator("files", "include", "exclude", "tags", "targets", mode="before")
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

    @field_validator(
        "token", "refresh_token", "client_secret", "github_token", "devto_api_key", mode="before"
    )
    @classmethod
    def _strip_secret(cls, value: Any) -> Any:
        """A secret pasted with its newline (or spaces) would make an illegal header, and the
        error would quote the whole token: the surrounding whitespace is never part of it."""
        if isinstance(value, SecretStr):
            value = value.get_secret_value()
        if isinstance(value, str):
            stripped = value.strip()
            if stripped:
                _check_secret_characters(stripped)
            return stripped or None
        return value

    @field_validator("client_id", mode="before")
    @classmethod
    def _strip_text(cls, value: Any) -> Any:
        return value.strip() or None if isinstance(value, str) else value

    @field_validator("canonical_url", mode="after")
    @classmethod
    def _canonical_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        example = value.replace("{path}", "path").replace("{slug}", "slug")
        if not _is_web_url(example):
            raise ValueError("not an http(s) URL")
        return value

    @field_validator("targets", mode="after")
    @classmethod
    def _targets(cls, value: list[str]) -> list[str]:
        names = [name.strip().lower() for name in value if name.strip()]
        unknown = [name for name in names if name not in TARGET_NAMES]
        if unknown or not names:
            raise ValueError(f"unknown target {', '.join(unknown) or '(none)'}")
        return list(dict.fromkeys(names))

    @field_validator("site_url", "image_base_url", mode="after")
    @classmethod
    def _site_url(cls, value: str | None) -> str | None:
        if value is not None and not _is_web_url(value.strip()):
            raise ValueError("not an http(s) URL")
        return value.strip() if value is not None else None

    @field_validator("api_url", "devto_api_url", mode="after")
    @classmethod
    def _api_url(cls, value: str) -> str:
        if not re.match(r"^https?://[^\s/]+", value):
            raise ValueError("not a URL")
        return value.rstrip("/")

    def api_url_warning(self) -> str | None:
        """Plain http to anything but this machine sends the token unencrypted: allowed (a
        sandbox on another host), but said."""
        parts = urlsplit(self.api_url)
        if parts.scheme.lower() != "http" or _is_loopback(parts.hostname or ""):
            return None
        return (
            f"api-url {self.api_url} is plain http to another machine: the token crosses the "
            "network unencrypted; use https unless this is a sandbox you trust"
        )

    @property
    def uses_refresh_flow(self) -> bool:
        return bool(self.refresh_token and self.client_id and self.client_secret)

    def check_credentials(self, *, github: bool = True) -> None:
        """A run that will call Medium needs a token or the whole refresh flow, one that posts
        to dev.to its API key. The advice names what the user can set where the run is: action
        inputs in GitHub, variables and flags in a terminal or another CI."""
        if self.dry_run:
            return
        if "devto" in self.targets and self.devto_api_key is None:
            raise ConfigError(
                "targets has devto but no dev.to API key was given: set "
                + (
                    "the `devto-api-key` input from a secret "
                    "(devto-api-key: ${{ secrets.DEVTO_API_KEY }})"
                    if github
                    else "MEDIUM_DEVTO_API_KEY"
                )
                + "; create one at https://dev.to/settings/extensions"
            )
        if "medium" not in self.targets or self.token is not None:
            return
        parts = ("refresh-token", "client-id", "client-secret")
        given = [
            name
            for name, value in zip(
                parts, (self.refresh_token, self.client_id, self.client_secret), strict=True
            )
            if value
        ]
        if given and not self.uses_refresh_flow:
            missing = [name for name in parts if name not in given]
            how = (
                ", ".join(f"the `{name}` input" for name in missing)
                if github
                else ", ".join(
                    f"{variable_names(name.replace('-', '_'))[1]} or {flag_name(name)}"
                    for name in missing
                )
            )
            raise ConfigError(
                f"the OAuth refresh flow needs refresh-token, client-id and client-secret; "
                f"missing: {', '.join(missing)} (set {how})"
            )
        if not given:
            if github:
                raise ConfigError(
                    "no Medium token given: set the `token` input from a secret "
                    "(token: ${{ secrets.MEDIUM_TOKEN }}); for a rehearsal without "
                    "publishing, set `dry-run: true`"
                )
            raise ConfigError(
                "no Medium token given: set MEDIUM_TOKEN (or --token, though flags show in "
                "`ps`); for a rehearsal without publishing, add --dry-run"
            )


def _check_secret_characters(secret: str) -> None:
    """Tokens are printable ASCII: one with anything else inside (a zero-width space pasted
    from a web page, a space, a curly quote) cannot go into an HTTP header, and would fail
    every post as an encoding error. Says what kind of character it found, never the secret."""
    for char in secret:
        if "!" <= char <= "~":
            continue
        code = f"U+{ord(char):04X}"
        name = unicodedata.name(char, "")
        named = f"{code} {name}" if name else code
        if char.isspace():
            kind = f"a space or line break inside it ({named})"
        elif unicodedata.category(char) in ("Cf", "Cc", "Co", "Cn", "Zl", "Zp"):
            kind = (
                f"an invisible or control character ({named}), as text copied from a web page has"
            )
        else:
            kind = f"a character that is not ASCII ({named})"
        raise ValueError(
            f"the token is malformed: it holds {kind}; copy it again, as plain text, into the "
            "secret"
        )


def _is_web_url(value: str) -> bool:
    parts = urlsplit(value)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and " " not in value


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost" or host.lower().endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


ALLOWED_VALUES: dict[str, str] = {
    "publish_status": ", ".join(PUBLISH_STATUSES),
    "content_format": ", ".join(CONTENT_FORMATS),
    "dialect": ", ".join(DIALECTS),
    "license": ", ".join(LICENSES),
    "notify_followers": BOOLEAN_WORDS,
    "dry_run": BOOLEAN_WORDS,
    "comment": BOOLEAN_WORDS,
    "force": BOOLEAN_WORDS,
    "api_url": "an http(s) URL such as https://api.medium.com/v1",
    "canonical_url": "an http(s) URL template such as https://example.com/{slug}/",
    "site_url": "an http(s) URL such as https://example.com/blog/",
    "image_base_url": "an http(s) URL such as https://cdn.example.com/blog/",
    "targets": ", ".join(TARGET_NAMES) + " (comma or newline separated)",
    "devto_api_url": "an http(s) URL such as https://dev.to/api",
}


def load_settings(
    flags: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Settings from flags and the environment (``os.environ`` unless given); a bad value
    raises ConfigError naming the setting the way the user gave it (``--flag``,
    ``INPUT_NAME`` or ``MEDIUM_NAME``) and the values it allows (never the value of a secret)."""
    token = _ENVIRON.set(environ)
    try:
        return Settings(**dict(flags or {}))
    except ValidationError as error:
        given = os.environ if environ is None else environ
        raise ConfigError(describe_validation_error(error, flags or {}, given)) from None
    finally:
        _ENVIRON.reset(token)


SECRET_FIELDS = frozenset(
    {"token", "refresh_token", "client_secret", "github_token", "devto_api_key"}
)


def input_name(field: str) -> str:
    """The action input of a field: ``publish_status`` is ``publish-status``."""
    return field.replace("_", "-")


def flag_name(field: str) -> str:
    return "--" + input_name(field)


def variable_names(field: str) -> tuple[str, str]:
    """``INPUT_PUBLISH-STATUS`` (a ``uses:`` step) and ``MEDIUM_PUBLISH_STATUS`` (other CI)."""
    return f"INPUT_{input_name(field).upper()}", f"MEDIUM_{field.upper()}"


def given_as(field: str, flags: Mapping[str, Any], environ: Mapping[str, str]) -> str:
    """The name under which the value in force was given, by precedence: the flag, the
    ``INPUT_`` variable, the ``MEDIUM_`` variable; the input's name when none was."""
    if flags.get(field) is not None:
        return flag_name(field)
    for variable in variable_names(field):
        if environ.get(variable):
            return variable
    return f"`{input_name(field)}`"


def describe_validation_error(
    error: ValidationError,
    flags: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
) -> str:
    problems = []
    for item in error.errors():
        field = str(item["loc"][0]) if item["loc"] else "settings"
        source = given_as(field, flags or {}, environ or {})
        if source.startswith("INPUT_"):
            source += f" (input `{input_name(field)}`)"
        elif source.startswith("MEDIUM_"):
            source += f" (setting `{input_name(field)}`)"
        allowed = ALLOWED_VALUES.get(field)
        secret = field in SECRET_FIELDS
        given = "" if secret or "input" not in item else f" {str(item['input'])!r}"
        if allowed:
            problems.append(f"{source}: the value{given} is not allowed; use {allowed}")
        else:
            problems.append(f"{source}: the value{given} is invalid ({item['msg']})")
    return "bad setting: " + "; ".join(problems)
