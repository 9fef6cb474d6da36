"""The Log: redaction of every line, one line per file, the summary once, progress on a TTY."""

from __future__ import annotations

import io
import string

import pytest
from hypothesis import given
from hypothesis import strategies as st

from medium_action.log import Log
from medium_action.redaction import Redactor

TOKEN = "2a9b1f0c0ffee2a9b1f0c0ffee"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_every_line_and_annotation_is_redacted() -> None:
    out = io.StringIO()
    log = Log(github=True, stream=out, redactor=Redactor([TOKEN]))
    log.info(f"token {TOKEN}")
    log.warning(f"see https://user:pw1234@host/x {TOKEN}", file=f"{TOKEN}.md")
    log.error(repr(f"Bearer {TOKEN}\n"))
    with log.group(TOKEN):
        pass
    assert TOKEN not in out.getvalue() and "pw1234" not in out.getvalue()
    assert "token ***" in out.getvalue() and "https://***@host/x" in out.getvalue()


def test_a_masked_secret_is_announced_to_github_and_redacted_after() -> None:
    out = io.StringIO()
    log = Log(github=True, stream=out)
    log.mask("derived-access-token")
    log.info("using derived-access-token")
    assert out.getvalue() == "::add-mask::derived-access-token\nusing ***\n"


def test_outside_github_a_mask_prints_nothing_but_still_redacts() -> None:
    out = io.StringIO()
    log = Log(github=False, stream=out)
    log.mask("derived-access-token")
    log.info("using derived-access-token")
    assert out.getvalue() == "using ***\n"


def test_each_outcome_is_said_once() -> None:
    out = io.StringIO()
    log = Log(github=False, stream=out)
    log.outcome("published", "a.md", "https://medium.com/p/1 (draft)")
    log.outcome("published", "a.md", "https://medium.com/p/1 (draft)")
    log.outcome("failed", "b.md", "bad YAML", line=2)
    assert out.getvalue() == (
        "published: a.md: https://medium.com/p/1 (draft)\nerror: b.md:2: bad YAML\n"
    )
    assert log.announced("a.md", "published") and log.announced("b.md", "failed")
    assert not log.announced("c.md")
    with pytest.raises(ValueError, match="unknown outcome"):
        log.outcome("exploded", "c.md")


def test_the_summary_is_printed_once() -> None:
    out = io.StringIO()
    log = Log(github=False, stream=out)
    log.summary(["1 published"])
    log.summary(["1 published"])
    assert out.getvalue() == "1 published\n"


def test_progress_is_silent_when_not_a_terminal() -> None:
    out, err = io.StringIO(), io.StringIO()
    log = Log(github=False, stream=out, progress_stream=err)
    with log.progress("Rendering", 3) as bar:
        bar.advance()
        log.info("a line")
        bar.advance(2)
    assert err.getvalue() == "" and out.getvalue() == "a line\n"


def test_progress_draws_on_a_terminal_and_clears_before_each_line() -> None:
    terminal = Terminal()
    log = Log(github=False, stream=terminal, progress_stream=terminal)
    with log.progress("Rendering", 2) as bar:
        bar.advance()
        log.info("published: a.md")
        bar.advance()
    drawn = terminal.getvalue()
    assert "\rRendering 0/2\x1b[K" in drawn and "\rRendering 2/2\x1b[K" in drawn
    assert "\r\x1b[Kpublished: a.md\n\rRendering 1/2\x1b[K" in drawn
    assert drawn.endswith("\r\x1b[K")  # nothing left on the line


def test_the_redactor_masks_the_forms_a_secret_takes_in_text() -> None:
    redact = Redactor([f" {TOKEN}\n", None, "abc"]).redact  # "abc": too short to mask
    assert redact(f"{TOKEN}\\n") == "***"  # the pasted form's end, newline and all
    assert redact(f"ghs\\_{TOKEN}") == "ghs\\_***"
    assert redact(f"b'Bearer {TOKEN}\\n'") == "b'Bearer***'"  # the pasted form whole
    assert redact("abc git+ssh://git:pw@host/repo") == "abc git+ssh://***@host/repo"
    escaped = TOKEN[:4] + "\\" + TOKEN[4:]
    assert redact(escaped) == "***"


def _pattern_only(secret: str) -> Redactor:
    """The same redactor without its quick "no piece of a secret here" check."""
    redactor = Redactor([secret])
    redactor._anchors = None  # the reference the quick check must agree with
    return redactor


@given(
    secret=st.text(
        alphabet=string.ascii_letters + string.digits + "_-.~%", min_size=4, max_size=40
    ),
    kept=st.integers(min_value=8, max_value=40),
    from_start=st.booleans(),
    slashes=st.sets(st.integers(min_value=0, max_value=40), max_size=4),
    around=st.tuples(st.text(max_size=6), st.text(max_size=6)),
)
def test_the_quick_check_never_lets_a_piece_of_a_secret_through(
    secret: str, kept: int, from_start: bool, slashes: set[int], around: tuple[str, str]
) -> None:
    """Whole, cut at either end, with Markdown's backslashes in it, among other text: the
    redactor that skips the pattern for texts holding no piece of a secret answers as the
    pattern does."""
    piece = secret[:kept] if from_start else secret[-kept:]  # MIN_PART (8) or more is masked
    piece = "".join(("\\" if i in slashes else "") + char for i, char in enumerate(piece))
    text = around[0] + piece + around[1]
    assert Redactor([secret]).redact(text) == _pattern_only(secret).redact(text)


def test_a_text_without_a_piece_of_a_secret_is_not_run_through_the_pattern() -> None:
    redactor = Redactor([TOKEN])
    assert redactor.redact("0 published, 0 skipped, 0 failed") == "0 published, 0 skipped, 0 failed"
    assert redactor._pattern is None  # never compiled: nothing to mask
    assert redactor.redact(f"x {TOKEN[:10]}") == "x ***"
    assert redactor._pattern is not None
