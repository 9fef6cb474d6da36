"""The planner, pure and table-driven: bytes, the ledger and the clock in; a plan out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from medium_action.ledger.records import Ledger, LedgerRecord
from medium_action.publishing.plan import (
    LFS_POINTER,
    PlanOptions,
    Source,
    make_plan,
    moves,
)
from medium_action.publishing.targets.medium.profile import MEDIUM
from medium_action.sources.article import Defaults, content_sha256

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
OPTIONS = PlanOptions(defaults=Defaults(), target=MEDIUM)
POST = b"# A post\n\nSome text.\n"


def ledger_of(*records: LedgerRecord) -> Ledger:
    ledger = Ledger()
    for record in records:
        ledger.add(record)
    return ledger


def record(path: str, raw: bytes = POST, state: str = "published") -> LedgerRecord:
    return LedgerRecord(
        path=path,
        sha256=content_sha256(raw),
        time="2026-01-02T03:04:05+00:00",
        url=f"https://medium.com/@me/{path}",
        state=state,  # type: ignore[arg-type]
    )


def decide(source: Source, ledger: Ledger | None = None, **options: object) -> tuple[str, str]:
    """(what happens to the one file, the reason or title)."""
    plan = make_plan(
        [source],
        ledger or Ledger(),
        gone=frozenset(options.pop("gone", ())),  # type: ignore[arg-type]
        now=NOW,
        options=PlanOptions(defaults=Defaults(), target=MEDIUM, **options),  # type: ignore[arg-type]
    )
    if plan.creates:
        return "create", plan.creates[0].title
    if plan.skips:
        return f"skip:{plan.skips[0].kind}", plan.skips[0].reason
    return "fail", plan.failures[0].message


# One row per way a file is decided: (name, source, ledger, options, outcome, words in reason).
# fmt: off
CASES = [
    ("a new post", Source("a.md", POST), None, {}, "create", "A post"),
    ("unreadable", Source("a.md", error="cannot read the file: denied"), None, {}, "fail",
     "denied"),
    ("published", Source("a.md", POST), ledger_of(record("a.md")), {}, "skip:published",
     "already published"),
    ("published, forced", Source("a.md", POST), ledger_of(record("a.md")), {"force": True},
     "create", "A post"),
    ("edited since", Source("a.md", POST + b"More.\n"), ledger_of(record("a.md")), {},
     "skip:edited", "Medium's API cannot update posts"),
    ("uncertain", Source("a.md", POST), ledger_of(record("a.md", state="uncertain")), {},
     "skip:uncertain", "check your Medium drafts"),
    ("moved, unreported", Source("b.md", POST), ledger_of(record("a.md")), {"gone": {"a.md"}},
     "skip:published", "(as a.md)"),
    ("same text, other file still there", Source("b.md", POST), ledger_of(record("a.md")), {},
     "create", "A post"),
    ("published: false", Source("a.md", b"---\npublished: false\n---\nText.\n"), None, {},
     "skip:writer", "published: false"),
    ("scheduled", Source("a.md", b"---\ndate: 2099-01-01\n---\nText.\n"), None, {},
     "skip:writer", "2099"),
    ("broken front matter", Source("a.md", b"---\ntitle: [\n---\nText.\n"), None, {}, "fail",
     "front matter"),
    ("broken but published", Source("a.md", b"---\ntitle: [\n---\nText.\n"),
     ledger_of(record("a.md")), {}, "skip:published", "Medium's API cannot update posts"),
    ("LFS pointer", Source("a.md", LFS_POINTER + b"oid sha256:ab\nsize 12\n"), None, {},
     "skip:not-a-post", "Git LFS"),
]
# fmt: on


@pytest.mark.parametrize(
    ("source", "ledger", "options", "outcome", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_each_file_is_decided_alone(
    source: Source, ledger: Ledger | None, options: dict[str, object], outcome: str, words: str
) -> None:
    got, reason = decide(source, ledger, **options)
    assert got == outcome
    assert words.lower() in reason.lower()


def test_a_post_comes_after_the_posts_it_links_to() -> None:
    sources = [
        Source("a.md", b"# A\n\nSee [b](b.md).\n"),
        Source("b.md", b"# B\n\nSee [c](./c.md).\n"),
        Source("c.md", b"# C\n\nText.\n"),
    ]
    plan = make_plan(sources, Ledger(), gone=frozenset(), now=NOW, options=OPTIONS)
    assert [article.path for article in plan.creates] == ["c.md", "b.md", "a.md"]


def test_one_file_reached_twice_is_planned_once() -> None:
    sources = [Source("posts/a.md", POST), Source("posts/a.md", POST, given_path="linked/a.md")]
    plan = make_plan(sources, Ledger(), gone=frozenset(), now=NOW, options=OPTIONS)
    assert [article.path for article in plan.creates] == ["posts/a.md"]
    assert [(skip.path, skip.kind) for skip in plan.skips] == [("linked/a.md", "duplicate")]


def test_a_date_that_does_not_exist_never_costs_the_other_files() -> None:
    # YAML's own timestamp type raises ValueError for February 30th: dates are read as text,
    # and one that cannot be read fails its own file (it may be a future date), no other.
    sources = [Source("bad.md", b"---\ndate: 2023-02-30\n---\nText.\n"), Source("ok.md", POST)]
    plan = make_plan(sources, Ledger(), gone=frozenset(), now=NOW, options=OPTIONS)
    assert [article.path for article in plan.creates] == ["ok.md"]
    assert [(fail.path, fail.line, "2023-02-30" in fail.message) for fail in plan.failures] == [
        ("bad.md", 2, True)
    ]


def test_an_unexpected_error_fails_that_file_only_and_says_it_is_a_bug(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # No input is known to reach this branch any more (that is the point of it): simulate a bug.
    from medium_action.publishing import plan as plan_module

    real = plan_module.parse_article

    def flaky(path: str, *args: object, **kwargs: object) -> object:
        if path == "bad.md":
            raise RuntimeError("boom")
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(plan_module, "parse_article", flaky)
    sources = [Source("bad.md", POST), Source("ok.md", POST)]
    plan = make_plan(sources, Ledger(), gone=frozenset(), now=NOW, options=OPTIONS)
    assert [article.path for article in plan.creates] == ["ok.md"]
    [failure] = plan.failures
    assert failure.path == "bad.md" and "RuntimeError" in failure.message
    assert "bug" in failure.message and failure.trace and "boom" in failure.trace


def test_warnings_of_a_file_are_kept_with_their_file() -> None:
    many = b"---\ntags: [a, b, c, d]\n---\nText.\n"
    plan = make_plan([Source("t.md", many)], Ledger(), gone=frozenset(), now=NOW, options=OPTIONS)
    assert [note.path for note in plan.notes] == ["t.md"]
    assert "three" in plan.notes[0].message or "3" in plan.notes[0].message


def test_a_rename_no_run_saw_followed_by_an_edit_is_the_same_post() -> None:
    old = LedgerRecord(path="old.md", sha256="0" * 64, time="t", url="https://m/p", title="A post")
    edited = Source("new.md", POST + b"An edit.\n")
    ledger = ledger_of(old)
    said: list[tuple[str, str]] = []

    def git_says(verdict: bool | None) -> PlanOptions:
        def renamed(old_path: str, new_path: str) -> bool | None:
            said.append((old_path, new_path))
            return verdict

        return PlanOptions(defaults=Defaults(), target=MEDIUM, renamed=renamed)

    gone = frozenset({"old.md"})
    plan = make_plan([edited], ledger, gone=gone, now=NOW, options=git_says(True))
    assert said == [("old.md", "new.md")]
    assert plan.creates == []
    assert [(s.path, s.kind) for s in plan.skips] == [("new.md", "published")]
    assert [(r.path, r.url) for r in plan.carried] == [("new.md", "https://m/p")]
    assert "old.md renamed" in plan.notes[0].message
    # git says it is not that file's content: a new post that reuses a deleted post's title
    fresh = make_plan([edited], ledger, gone=gone, now=NOW, options=git_says(False))
    assert [a.path for a in fresh.creates] == ["new.md"] and not fresh.carried
    # the history cannot tell: neither a silent skip nor a second post
    doubt = make_plan([edited], ledger, gone=gone, now=NOW, options=git_says(None))
    assert doubt.creates == [] and [f.path for f in doubt.failures] == ["new.md"]
    assert "adopt new.md https://m/p" in doubt.failures[0].message
    # the old file still there: a post of the same title is another post
    kept = make_plan([edited], ledger, gone=frozenset(), now=NOW, options=git_says(None))
    assert [a.path for a in kept.creates] == ["new.md"]
    forced = make_plan(
        [edited], ledger, gone=gone, now=NOW,
        options=PlanOptions(defaults=Defaults(), target=MEDIUM, force=True),
    )  # fmt: skip
    assert [a.path for a in forced.creates] == ["new.md"]


def test_a_renamed_file_carries_its_record_unless_the_new_path_has_one() -> None:
    ledger = ledger_of(record("old.md"), record("taken.md"))
    moved = moves([("old.md", "new.md"), ("old.md", "taken.md"), ("none.md", "x.md")], ledger)
    assert [(m.path, m.url) for m in moved] == [("new.md", "https://medium.com/@me/old.md")]
