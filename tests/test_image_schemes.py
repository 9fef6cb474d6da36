"""One rule for an image's URL scheme (issue 19): http(s), ``//host``, ``data:image/…`` and
paths in the workspace are images; any other scheme (``file:``, ``javascript:``, ``ftp:``,
disguised in case or in raw HTML) fails that post with the image and its line named, as bad
input does, and costs no other file. It used to be dropped with a warning when "unsafe"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import write

from medium_action.cli.commands import dispatch


@pytest.mark.parametrize(
    "image",
    [
        "![me](file:///Users/me/pic.png)",
        "![x](javascript:alert(1))",
        "![x](JaVaScRiPt:alert(1))",
        "![x](vbscript:msgbox)",
        "![x](ftp://host/x.png)",
        '<img src="javascript:alert(1)" alt="x">',
        '<p><img src="file:///C:/pics/x.png"></p>',
    ],
)
def test_an_image_with_another_scheme_fails_its_post_naming_it(tmp_path: Path, image: str) -> None:
    write(
        tmp_path,
        {"posts/a.md": f"# A\n\nText.\n\n{image}\n", "posts/b.md": "# B\n\nFine.\n"},
    )
    environ = {
        "GITHUB_WORKSPACE": str(tmp_path),
        "MEDIUM_DRY_RUN": "true",
        "MEDIUM_FILES": "posts/*.md",
        "MEDIUM_OUTPUT_JSON": str(tmp_path / "result.json"),
    }
    assert dispatch([], environ) == 1
    result = json.loads((tmp_path / "result.json").read_text())
    (failed,) = result["failed"]
    assert failed["file"] == "posts/a.md"
    assert "URLs cannot be uploaded" in failed["error"] and "(line 5)" in failed["error"]
    assert (tmp_path / ".medium/preview/posts/b.html").is_file()
