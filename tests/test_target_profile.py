"""The target seam: what the planner and the executor decide comes from the target's profile.

Table-driven over two profiles: Medium's (cannot update, three tags of 25 characters, titles of
100) and a made-up "Blogly" that can update and limits only the tag count. Nothing here is
Medium-specific except Medium's own profile."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from medium_action.errors import MediumError, ServerError, TargetError
from medium_action.ledger.place import Place
from medium_action.ledger.record import LedgerRecord
from medium_action.ledger.records import Ledger
from medium_action.ledger.statefile import StateFile
from medium_action.log import Log
from medium_action.publishing.content import ContentOptions
from medium_action.publishing.executor import Executor, ExecutorOptions
from medium_action.publishing.plan import PlanOptions, Source, make_plan
from medium_action.publishing.recorder import Recorder
from medium_action.publishing.targets.base import Draft, ImageUpload, Target
from medium_action.publishing.targets.medium.profile import MEDIUM
from medium_action.publishing.targets.profile import Limits, Profile
from medium_action.results import Posted, RunResult
from medium_action.sources.article import Article, Defaults, content_sha256

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
BLOGLY = Profile(
    name="blogly",
    display_name="Blogly",
    content=frozenset({"markdown"}),
    images="public-url",
    can_update=True,
    can_delete=False,
    limits=Limits(max_tags=4),
    errors=MediumError,  # any family will do for the planner
    check_posts="your Blogly dashboard",
)
OLD = b"# A post\n\nFirst text.\n"
NEW = b"# A post\n\nSecond text, edited.\n"


def record(path: str = "a.md", raw: bytes = OLD, **fields: str) -> LedgerRecord:
    return LedgerRecord(
        path=path,
        sha256=content_sha256(raw),
        time="2026-01-02T03:04:05+00:00",
        id="p1",
        url="https://example.test/p1",
        title="A post",
        **fields,  # type: ignore[arg-type]
    )


def plan_for(profile: Profile, raw: bytes, *records: LedgerRecord, path: str = "a.md"):  # type: ignore[no-untyped-def]
    ledger = Ledger()
    for each in records:
        ledger.add(each)
    return make_plan(
        [Source(path, raw)],
        ledger,
        gone=frozenset(),
        now=NOW,
        options=PlanOptions(defaults=Defaults(), target=profile),
    )


def outcome(profile: Profile, raw: bytes, *records: LedgerRecord, path: str = "a.md") -> str:
    plan = plan_for(profile, raw, *records, path=path)
    if plan.updates:
        return "update"
    if plan.creates:
        return "create"
    if plan.skips:
        return f"skip:{plan.skips[0].kind}"
    return "fail"


# (name, profile, file content, ledger records, path, outcome, words in the reason or None)
CASES = [
    ("new file, Medium", MEDIUM, OLD, (), "a.md", "create", None),
    ("new file, Blogly", BLOGLY, OLD, (), "a.md", "create", None),
    (
        "unchanged, Medium",
        MEDIUM,
        OLD,
        (record(),),
        "a.md",
        "skip:published",
        "Medium's API cannot update",
    ),
    ("unchanged, Blogly", BLOGLY, OLD, (record(),), "a.md", "skip:published", "already published"),
    ("edited, Medium", MEDIUM, NEW, (record(),), "a.md", "skip:edited", "Medium's editor"),
    ("edited, Blogly", BLOGLY, NEW, (record(),), "a.md", "update", None),
    (
        "uncertain, Blogly",
        BLOGLY,
        NEW,
        (record(state="uncertain"),),
        "a.md",
        "skip:uncertain",
        "your Blogly dashboard",
    ),
    (
        "uncertain, Medium",
        MEDIUM,
        OLD,
        (record(state="uncertain"),),
        "a.md",
        "skip:uncertain",
        "your Medium drafts",
    ),
    (
        "edited and writer skips it, Blogly",
        BLOGLY,
        b"---\npublished: false\n---\nNew.\n",
        (record(),),
        "a.md",
        "skip:writer",
        None,
    ),
]


@pytest.mark.parametrize(
    ("profile", "raw", "records", "path", "expected", "words"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_the_plan_follows_the_profile(
    profile: Profile,
    raw: bytes,
    records: tuple[LedgerRecord, ...],
    path: str,
    expected: str,
    words: str | None,
) -> None:
    assert outcome(profile, raw, *records, path=path) == expected
    if words is not None:
        reason = plan_for(profile, raw, *records, path=path).skips[0].reason
        assert words in reason
    if profile is BLOGLY and expected.startswith("skip"):
        reason = plan_for(profile, raw, *records, path=path).skips[0].reason
        assert "Medium" not in reason


def test_an_update_carries_the_record_of_the_post_it_replaces() -> None:
    plan = plan_for(BLOGLY, NEW, record())
    (update,) = plan.updates
    assert update.record.id == "p1" and update.article.sha256 == content_sha256(NEW)
    assert not plan.creates and not plan.skips


TAGS = b"---\ntags: [one, two, three, four, five, a-tag-longer-than-twenty-five-characters]\n---\n"
LONG_TITLE = ("word " * 30).strip()


@pytest.mark.parametrize(
    ("profile", "tags", "warned"),
    [
        (
            MEDIUM,
            ["one", "two", "three"],
            ["Medium ignores tags over 25", "Medium uses only the first 3"],
        ),
        (BLOGLY, ["one", "two", "three", "four"], ["Blogly uses only the first 4"]),
    ],
)
def test_tag_limits_come_from_the_profile(
    profile: Profile, tags: list[str], warned: list[str]
) -> None:
    plan = plan_for(profile, TAGS + b"Text.\n")
    (article,) = plan.creates
    assert article.tags == tags
    notes = [note.message for note in plan.notes]
    assert all(any(words in note for note in notes) for words in warned), notes
    assert len(notes) == len(warned)


def test_title_limits_come_from_the_profile() -> None:
    raw = f"---\ntitle: {LONG_TITLE}\n---\nText.\n".encode()
    (medium,) = plan_for(MEDIUM, raw).creates
    assert len(medium.title) <= 100 and medium.title.endswith("…")
    (blogly,) = plan_for(BLOGLY, raw).creates
    assert blogly.title == LONG_TITLE  # no title limit: the writer's title whole
    assert not plan_for(BLOGLY, raw).notes


# --- the executor carries an update out through the target ------------------------------------


class UpdatingTarget(Target):
    def __init__(self, answer: Exception | None = None) -> None:
        self.answer = answer
        self.updated: list[tuple[str, str]] = []

    @property
    def profile(self) -> Profile:
        return BLOGLY

    @property
    def place(self) -> Place:
        return Place("https://blogly.example/api", "writer")

    def open(self) -> None:
        return None

    def publication_for(self, article: Article) -> str | None:
        return None

    @property
    def upload(self) -> ImageUpload | None:
        return None

    def create(self, draft: Draft) -> Posted:
        raise AssertionError("an edited file is never created again")

    def update(self, draft: Draft, record: LedgerRecord) -> Posted:
        self.updated.append((record.id, draft.article.sha256))
        if self.answer is not None:
            raise self.answer
        article = draft.article
        return Posted(
            article.path,
            record.id,
            record.url,
            article.title,
            "draft",
            target="blogly",
            updated=True,
        )


def carry_out(
    tmp_path: Path, target: Target, published: LedgerRecord
) -> tuple[RunResult, StateFile]:
    log = Log(github=False)
    state = StateFile(tmp_path / "published.json")
    recorder = Recorder(state, target.place, None, log)
    recorder.load()
    recorder.confirm(published, RunResult())
    plan = make_plan(
        [Source("a.md", NEW)],
        recorder.ledger,
        gone=frozenset(),
        now=NOW,
        options=PlanOptions(defaults=Defaults(), target=target.profile),
    )
    options = ExecutorOptions(content=ContentOptions(workspace=tmp_path), now=NOW)
    result = Executor(target, recorder, log=log, options=options).carry_out(
        plan.creates, plan.updates
    )
    return result, state


def stored(state: StateFile) -> dict[str, object]:
    """The one record of a.md, wherever its place keeps it in the state file."""
    (found,) = [
        value for value in _walk(json.loads(state.path.read_text())) if value["path"] == "a.md"
    ]
    return found


def _walk(node: object) -> list[dict[str, object]]:
    """Every record object in the state file (top level or under its place)."""
    found: list[dict[str, object]] = []
    if isinstance(node, dict):
        if "sha256" in node:
            return [node]
        for value in node.values():
            found.extend(_walk(value))
    return found


def test_an_edit_is_updated_in_place_and_recorded_with_its_new_content(tmp_path: Path) -> None:
    target = UpdatingTarget()
    published = replace(record(), api_url="https://blogly.example/api", target="blogly")
    result, state = carry_out(tmp_path, target, published)
    assert target.updated == [("p1", content_sha256(NEW))]
    assert [(post.file, post.updated, post.target) for post in result.posts] == [
        ("a.md", True, "blogly")
    ]
    saved = stored(state)
    assert saved["sha256"] == content_sha256(NEW) and saved["id"] == "p1"
    assert saved["target"] == "blogly"
    assert "updated" not in result.to_json()["posts"][0]  # the interface's fields, plus target


@pytest.mark.parametrize("error", [ServerError("down"), MediumError("no answer")])
def test_a_failed_update_keeps_the_old_record_for_a_rerun(
    tmp_path: Path, error: TargetError
) -> None:
    published = replace(record(), api_url="https://blogly.example/api", target="blogly")
    result, state = carry_out(tmp_path, UpdatingTarget(error), published)
    assert not result.posts
    assert [(failed.file, failed.target) for failed in result.failed] == [("a.md", "blogly")]
    assert "rerun" in result.failed[0].error
    assert stored(state)["sha256"] == content_sha256(OLD)  # still edited: the rerun updates


def test_old_records_without_a_target_are_medium_and_stay_unwritten() -> None:
    old = LedgerRecord.from_json({"path": "a.md", "sha256": "x", "time": "t"})
    assert old is not None and old.target == "medium"
    assert "target" not in old.to_json()
    assert "target" not in record().to_json()
    devto = LedgerRecord.from_json({"path": "a.md", "sha256": "x", "time": "t", "target": "devto"})
    assert devto is not None and devto.to_json()["target"] == "devto"
