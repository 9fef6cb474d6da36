"""A secret with an invisible or non-ASCII character inside (issue 19, case 17).

A token copied from a web page often carries a zero-width space; a header cannot hold it, and
every post used to fail as "unexpected UnicodeEncodeError … bug". The run stops before any
request, exit 2, naming the setting and the kind of character, never the secret itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import run_cli, write

from medium_action.sandbox.server import SandboxServer
from medium_action.sandbox.state import DEFAULT_TOKEN


@pytest.mark.parametrize(
    ("variable", "secret", "kind"),
    [
        ("MEDIUM_TOKEN", DEFAULT_TOKEN[:10] + "\u200b" + DEFAULT_TOKEN[10:], "U+200B ZERO WIDTH"),
        ("INPUT_TOKEN", DEFAULT_TOKEN + "\ufeff" + "x", "U+FEFF"),
        ("MEDIUM_TOKEN", DEFAULT_TOKEN[:5] + " " + DEFAULT_TOKEN[5:], "a space or line break"),
        ("MEDIUM_TOKEN", DEFAULT_TOKEN[:5] + "\u2019" + DEFAULT_TOKEN[5:], "not ASCII"),
        ("INPUT_GITHUB-TOKEN", "ghs_abc\u00a0defghijklmnop", "a space or line break"),
        ("MEDIUM_CLIENT_SECRET", "s3cr\u00e9t-client-value", "not ASCII (U+00E9"),
        ("MEDIUM_REFRESH_TOKEN", "refresh\ttoken-value", "a space or line break"),
    ],
)
def test_a_malformed_secret_stops_the_run_naming_the_setting_not_the_secret(
    tmp_path: Path, sandbox: SandboxServer, variable: str, secret: str, kind: str
) -> None:
    write(tmp_path, {"posts/a.md": "# Alpha\n\nText.\n"})
    env = {
        "MEDIUM_TOKEN": DEFAULT_TOKEN,
        "MEDIUM_API_URL": sandbox.url,
        "MEDIUM_FILES": "posts/a.md",
        "MEDIUM_CLIENT_ID": "client",
        "MEDIUM_CLIENT_SECRET": "secret-value",
        "MEDIUM_REFRESH_TOKEN": "refresh-value",
        variable: secret,
    }
    done = run_cli([], cwd=tmp_path, env=env)
    text = done.stdout + done.stderr
    assert done.returncode == 2, text
    assert "the token is malformed" in text and variable in text and kind in text
    assert "UnicodeEncodeError" not in text and "bug" not in text
    for piece in (secret, secret.strip(), secret[:8], secret[-8:]):
        assert piece not in text
    assert sandbox.sandbox.posts == [] and not (tmp_path / ".medium/published.json").exists()
