"""Which files a run publishes: the pure parsing and combining on inline strings, then
``detect_changes`` against real repositories and shallow ``file://`` clones of them."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from gitrepo import GitRepo, git, push_event, template_git

from medium_action.errors import ConfigError, GitError, HistoryError
from medium_action.sources.changes import Change, combine, detect_changes, parse_name_status
from medium_action.sources.events import ZERO_SHA, load_event
from medium_action.sources.git import Git

pytestmark = pytest.mark.usefixtures("git_env")

INCLUDE = ["**/*.md", "**/*.markdown"]
EXCLUDE = ["**/README.md", "**/CHANGELOG.md", "**/LICENSE.md", ".github/**", "node_modules/**"]


def A(path: str) -> Change:
    return Change("added", path)


def M(path: str) -> Change:
    return Change("modified", path)


def D(path: str) -> Change:
    return Change("deleted", path)


def R(old: str, new: str) -> Change:
    return Change("renamed", new, old)


# -- parse_name_status ------------------------------------------------------------------------


def test_parse_every_status() -> None:
    out = "A\0a.md\0M\0b.md\0R087\0c.md\0d.md\0D\0e.md\0T\0link.md\0C075\0src.md\0copy.md\0"
    assert parse_name_status(out) == [
        A("a.md"),
        M("b.md"),
        R("c.md", "d.md"),
        D("e.md"),
        M("link.md"),
        A("copy.md"),
    ]


def test_parse_names_that_need_z() -> None:
    out = 'A\0my post.md\0M\0it\'s "quoted".md\0R100\0tab\there.md\0new\nline.md\0A\0café/日本.md\0'
    assert parse_name_status(out) == [
        A("my post.md"),
        M('it\'s "quoted".md'),
        R("tab\there.md", "new\nline.md"),
        A("café/日本.md"),
    ]


def test_parse_empty_and_unterminated() -> None:
    assert parse_name_status("") == []
    assert parse_name_status("M\0a.md") == [M("a.md")]


@pytest.mark.parametrize("out", ["Q\0a.md\0", "R100\0old.md\0", "M\0", "A\0\0"])
def test_parse_rejects_malformed_output(out: str) -> None:
    with pytest.raises(GitError, match="unexpected output"):
        parse_name_status(out)


# -- combine ----------------------------------------------------------------------------------

COMBINE_CASES = [
    ("added then modified", [[A("a")], [M("a")]], [A("a")]),
    ("added then deleted", [[A("a")], [D("a")]], []),
    ("modified twice", [[M("a")], [M("a")]], [M("a")]),
    ("modified then deleted", [[M("a")], [D("a")]], [D("a")]),
    ("deleted then added", [[D("a")], [A("a")]], [M("a")]),
    ("renamed then modified", [[R("a", "b")], [M("b")]], [R("a", "b")]),
    ("modified then renamed", [[M("a")], [R("a", "b")]], [R("a", "b")]),
    ("renamed twice", [[R("a", "b")], [R("b", "c")]], [R("a", "c")]),
    ("renamed and back", [[R("a", "b")], [R("b", "a")]], [M("a")]),
    ("added then renamed", [[A("a")], [R("a", "b")]], [A("b")]),
    ("renamed then deleted", [[R("a", "b")], [D("b")]], [D("a")]),
    ("renamed, then the old path added", [[R("a", "b")], [A("a")]], [M("a"), A("b")]),
    ("renamed onto a deleted file", [[D("b")], [R("a", "b")]], [D("a"), M("b")]),
    (
        "independent files",
        [[A("x"), M("y")], [D("z"), R("p", "q")]],
        [R("p", "q"), A("x"), M("y"), D("z")],
    ),
    ("nothing", [], []),
]


@pytest.mark.parametrize(
    ("commits", "expected"),
    [case[1:] for case in COMBINE_CASES],
    ids=[case[0] for case in COMBINE_CASES],
)
def test_combine(commits: list[list[Change]], expected: list[Change]) -> None:
    assert combine(commits) == sorted(expected, key=lambda c: (c.path, c.status))


# -- repositories -----------------------------------------------------------------------------


def detect(repo: GitRepo, **kwargs: object) -> tuple[list[Change], str]:
    options: dict[str, object] = {
        "event": None,
        "dispatch": False,
        "since": None,
        "include": INCLUDE,
        "exclude": EXCLUDE,
    }
    options.update(kwargs)
    result = detect_changes(Git(repo.path), **options)  # type: ignore[arg-type]
    assert result.head == repo.head()
    return result.changes, result.how


@pytest.fixture(scope="session")
def origin_template(tmp_path_factory: pytest.TempPathFactory) -> GitRepo:
    """The long history, built once per test process (150 git commands) and copied for each
    test: the same commits, ids included, as building it again (fixed identity and dates)."""
    with template_git(tmp_path_factory) as folder:
        repo = GitRepo.init(folder / "origin")
        for name in ["b.md", "c.md", "e.md", "README.md", "keep.md"]:
            repo.write(name)
        repo.commit("start")
        for i in range(49):
            repo.write(f"history/{i:02d}.md")
            repo.commit(f"history {i}")
    return repo


@pytest.fixture
def origin(tmp_path: Path, origin_template: GitRepo) -> GitRepo:
    """A repository with a long history before the push (50 commits), a test's own copy."""
    return origin_template.copy(tmp_path / "origin")


def acceptance_push(origin: GitRepo) -> tuple[str, list[str]]:
    """The push of the acceptance case, in three commits; (before, pushed commit ids)."""
    before = origin.head()
    origin.write("a.md")
    origin.write("b.md", "# B\n\nchanged\n")
    c1 = origin.commit("add a, change b")
    origin.move("c.md", "d.md")
    origin.remove("e.md")
    c2 = origin.commit("rename c, delete e")
    origin.write("README.md", "# Readme\n\nchanged\n")
    c3 = origin.commit("readme")
    return before, [c1, c2, c3]


ACCEPTED = [A("a.md"), M("b.md"), R("c.md", "d.md"), D("e.md")]


def test_acceptance_push_into_a_shallow_clone(origin: GitRepo, tmp_path: Path) -> None:
    before, commits = acceptance_push(origin)
    clone = origin.clone(tmp_path / "clone", depth=1)
    assert clone.commits_present() == 1

    event = load_event("push", push_event(before, commits[-1], commits))
    changes, how = detect(clone, event=event)

    assert changes == ACCEPTED
    assert how.startswith(f"push {before[:7]}..{commits[-1][:7]} (4 files; 1 other changed")
    # Only `before` was fetched, not the 52 commits of history behind it.
    assert clone.commits_present() == 2
    assert clone.commit_count() == 1


def test_a_full_clone_is_not_made_shallow(origin: GitRepo, tmp_path: Path) -> None:
    before, commits = acceptance_push(origin)
    clone = origin.clone(tmp_path / "clone", depth=None)
    event = load_event("push", push_event(before, commits[-1], commits))
    changes, _ = detect(clone, event=event)
    assert changes == ACCEPTED
    assert not Git(clone.path).is_shallow()


def test_new_branch_takes_the_commits_of_the_push(origin: GitRepo, tmp_path: Path) -> None:
    origin.git("checkout", "-q", "-b", "feature")
    _, commits = acceptance_push(origin)
    clone = origin.clone(tmp_path / "clone", depth=1, branch="feature")

    event = load_event("push", push_event(ZERO_SHA, commits[-1], commits))
    changes, how = detect(clone, event=event)

    assert changes == ACCEPTED
    assert "3 commits (new branch)" in how
    assert clone.commits_present() <= 4  # the three commits and the parent of the first


def test_new_branch_without_commits_takes_the_head_commit(origin: GitRepo, tmp_path: Path) -> None:
    origin.write("only.md")
    origin.remove("keep.md")
    after = origin.commit("one")
    clone = origin.clone(tmp_path / "clone", depth=1)
    payload = push_event(ZERO_SHA, after, [])
    changes, how = detect(clone, event=load_event("push", payload))
    assert changes == [D("keep.md"), A("only.md")]
    assert how.startswith(f"head commit {after[:7]} (new branch)")


def test_first_push_of_a_new_repository(tmp_path: Path) -> None:
    origin = GitRepo.init(tmp_path / "origin")
    origin.write("post.md")
    origin.write("README.md")
    root = origin.commit("first")
    clone = origin.clone(tmp_path / "clone", depth=1)
    changes, how = detect(clone, event=load_event("push", push_event(ZERO_SHA, root, [root])))
    assert changes == [A("post.md")]
    assert "the push's 1 commit (new branch)" in how


def test_force_push_with_a_vanished_before(origin: GitRepo, tmp_path: Path) -> None:
    base = origin.head()
    origin.write("draft.md")
    gone = origin.commit("will be rewritten")
    origin.git("reset", "-q", "--hard", base)
    origin.write("final.md")
    origin.write("b.md", "# B\n\nrewritten\n")
    after = origin.commit("rewritten")
    origin.forget_unreachable()
    clone = origin.clone(tmp_path / "clone", depth=1)

    for forced in (True, False):  # GitHub says forced; without it, the fetch fails
        event = load_event("push", push_event(gone, after, [after], forced=forced))
        changes, how = detect(clone, event=event)
        assert changes == [M("b.md"), A("final.md")]
        reason = "forced push" if forced else f"{gone[:7]} could not be fetched"
        assert f"the push's 1 commit ({reason})" in how
    assert not Git(clone.path).has_commit(gone)


def test_forced_push_uses_its_commits_even_when_before_exists(
    origin: GitRepo, tmp_path: Path
) -> None:
    before = origin.head()
    origin.write("x.md")
    origin.commit("x")
    origin.write("y.md")
    after = origin.commit("y")
    clone = origin.clone(tmp_path / "clone", depth=1)
    # A force-push that re-pushed only the last commit: its files, not x.md.
    event = load_event("push", push_event(before, after, [after], forced=True))
    changes, _ = detect(clone, event=event)
    assert changes == [A("y.md")]


def test_push_of_a_merge_commit(origin: GitRepo, tmp_path: Path) -> None:
    origin.git("checkout", "-q", "-b", "feature")
    origin.write("feature.md")
    feature = origin.commit("feature")
    origin.checkout("main")
    origin.write("main.md")
    before = origin.commit("main moves on")
    origin.git("merge", "-q", "--no-ff", "-m", "merge feature", "feature")
    merge = origin.head()
    clone = origin.clone(tmp_path / "clone", depth=1)

    event = load_event("push", push_event(before, merge, [feature, merge]))
    changes, _ = detect(clone, event=event)
    assert changes == [A("feature.md")]  # what the merge brought, not main.md

    other = origin.clone(tmp_path / "other", depth=1)
    changes, how = detect(other, dispatch=True)
    assert changes == [A("feature.md")]
    assert "merge, against its first parent" in how
    # As the commits of a new branch, the merge counts against its first parent too.
    third = origin.clone(tmp_path / "third", depth=1)
    event = load_event("push", push_event(ZERO_SHA, merge, [feature, merge]))
    changes, _ = detect(third, event=event)
    assert changes == [A("feature.md")]


def test_deleting_a_branch_publishes_nothing(origin: GitRepo, tmp_path: Path) -> None:
    clone = origin.clone(tmp_path / "clone", depth=1)
    event = load_event("push", push_event(origin.head(), ZERO_SHA, []))
    changes, how = detect(clone, event=event)
    assert changes == []
    assert "deleting the branch" in how


def test_a_checkout_elsewhere_than_after_is_noted(origin: GitRepo, tmp_path: Path) -> None:
    before, commits = acceptance_push(origin)
    origin.write("later.md")
    origin.commit("later")
    clone = origin.clone(tmp_path / "clone", depth=1)
    changes, how = detect(clone, event=load_event("push", push_event(before, commits[-1])))
    assert A("later.md") in changes
    assert f"not at the pushed {commits[-1][:7]}" in how


def test_dispatch_takes_the_head_commit(origin: GitRepo, tmp_path: Path) -> None:
    acceptance_push(origin)
    origin.write("b.md", "# B\n\nonce more\n")
    origin.write("z.md")
    head = origin.commit("last")
    clone = origin.clone(tmp_path / "clone", depth=1)
    changes, how = detect(clone, dispatch=True)
    assert changes == [M("b.md"), A("z.md")]
    assert how.startswith(f"head commit {head[:7]} (2 files)")
    assert clone.commits_present() == 2


def test_since_defaults_to_the_head_commit(origin: GitRepo, tmp_path: Path) -> None:
    acceptance_push(origin)
    clone = origin.clone(tmp_path / "clone", depth=1)
    changes, _ = detect(clone)
    assert changes == []  # the last commit only changed README.md
    origin.write("new.md")
    origin.commit("new")
    clone2 = origin.clone(tmp_path / "clone2", depth=1)
    changes, _ = detect(clone2)
    assert changes == [A("new.md")]


def test_since_explicit(origin: GitRepo, tmp_path: Path) -> None:
    before, _ = acceptance_push(origin)
    full = origin.clone(tmp_path / "full", depth=None)
    changes, how = detect(full, since=before)
    assert changes == ACCEPTED
    assert how.startswith(f"since {before}")
    changes, _ = detect(full, since="HEAD~3")
    assert changes == ACCEPTED
    # A full id missing from a shallow clone is fetched.
    shallow = origin.clone(tmp_path / "shallow", depth=1)
    changes, _ = detect(shallow, since=before)
    assert changes == ACCEPTED


def test_since_a_commit_id_that_cannot_be_fetched_fails_the_run(
    origin: GitRepo, tmp_path: Path
) -> None:
    """A base commit not in the history is history that cannot be read (exit 1), not a typo."""
    clone = origin.clone(tmp_path / "clone", depth=1)
    with pytest.raises(HistoryError, match=r"f{40} \(since\) is not in this clone") as info:
        detect(clone, since="f" * 40)
    assert "not our ref" in str(info.value)  # git's own words
    assert "fetch-depth" in str(info.value) and "`files`" in str(info.value)


@pytest.mark.parametrize("since", ["no-such-branch", "--output=/tmp/x"])
def test_since_unknown_names_it(origin: GitRepo, tmp_path: Path, since: str) -> None:
    clone = origin.clone(tmp_path / "clone", depth=1)
    with pytest.raises(ConfigError, match="since: ") as info:
        detect(clone, since=since)
    assert repr(since) in str(info.value)


def test_single_commit_repository_publishes_its_files(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("one.md")
    repo.write("docs/two.markdown")
    repo.write("README.md")
    repo.write("notes.txt")
    repo.commit("only")
    changes, how = detect(repo)
    assert changes == [A("docs/two.markdown"), A("one.md")]
    assert "root commit" in how


@pytest.mark.parametrize("unreachable", ["no origin", "origin gone", "origin refuses"])
def test_no_history_and_no_origin_fails_naming_what(
    origin: GitRepo, tmp_path: Path, unreachable: str
) -> None:
    """A shallow HEAD is never taken for a root commit (that would publish every file), nor
    "cannot tell" for "nothing changed": the run fails naming the commit it could not read."""
    origin.write("x.md")
    origin.commit("x")
    clone = origin.clone(tmp_path / "clone", depth=1)
    if unreachable == "no origin":
        clone.git("remote", "remove", "origin")
    elif unreachable == "origin gone":
        shutil.rmtree(origin.path)
    else:  # credentials refused: a remote that answers nothing git can read
        clone.git("remote", "set-url", "origin", "https://127.0.0.1:9/writer/blog.git")
    parent = clone.git("cat-file", "commit", "HEAD").split("parent ")[1][:7]
    with pytest.raises(HistoryError, match=f"parent {parent} is not in this shallow clone"):
        detect(clone, dispatch=True)
    with pytest.raises(HistoryError, match=f"pushed commit\\(s\\) {clone.head()[:7]}") as info:
        detect(clone, event=load_event("push", push_event(ZERO_SHA, clone.head())))
    assert "fetch-depth" in str(info.value)


def test_server_refusing_fetch_by_id_is_deepened(
    origin: GitRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before, commits = acceptance_push(origin)
    clone = origin.clone(tmp_path / "clone", depth=1)
    # Protocol v0 without allowReachableSHA1InWant: fetching `before` by id is refused.
    monkeypatch.setenv("GIT_CONFIG_COUNT", "1")
    monkeypatch.setenv("GIT_CONFIG_KEY_0", "protocol.version")
    monkeypatch.setenv("GIT_CONFIG_VALUE_0", "0")
    assert not Git(clone.path).fetch_commits([before])
    changes, how = detect(clone, event=load_event("push", push_event(before, commits[-1], commits)))
    assert changes == ACCEPTED
    assert how.startswith("push ")
    assert clone.commits_present() <= 4


def test_awkward_names(tmp_path: Path) -> None:
    origin = GitRepo.init(tmp_path / "origin")
    origin.write("old name.md")
    before = origin.commit("start")
    names = ["my post.md", 'it\'s "quoted".md', "café/日本語.md", "tab\tand\nnewline.md"]
    for name in names:
        origin.write(name)
    origin.move("old name.md", "new näme.md")
    after = origin.commit("names")
    clone = origin.clone(tmp_path / "clone", depth=1)
    changes, _ = detect(clone, event=load_event("push", push_event(before, after)))
    assert changes == sorted(
        [*(A(n) for n in names), R("old name.md", "new näme.md")], key=lambda c: c.path
    )
    for change in changes:
        assert (clone.path / change.path).is_file()


def test_type_change_counts_as_modified(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("target.md")
    repo.write("post.md")
    repo.commit("start")
    (repo.path / "post.md").unlink()
    os.symlink("target.md", repo.path / "post.md")
    repo.commit("now a link")
    changes, _ = detect(repo)
    assert changes == [M("post.md")]


def test_renames_onto_excluded_paths_are_dropped(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("guide.md", "# Guide\n\n" + "long enough to be a rename\n" * 5)
    repo.write("post.md", "# Post\n\n" + "another body to follow\n" * 5)
    repo.commit("start")
    repo.move("guide.md", "README.md")
    repo.move("post.md", "posts/post.md")
    repo.commit("moves")
    changes, how = detect(repo)
    assert changes == [R("post.md", "posts/post.md")]
    assert "1 file; 1 other changed, not selected" in how


def test_include_and_exclude_apply(origin: GitRepo, tmp_path: Path) -> None:
    before, commits = acceptance_push(origin)
    clone = origin.clone(tmp_path / "clone", depth=1)
    event = load_event("push", push_event(before, commits[-1], commits))
    changes, _ = detect(clone, event=event, include=["*.md"], exclude=["a.md", "e.md"])
    assert changes == [M("README.md"), M("b.md"), R("c.md", "d.md")]


# -- git.py -----------------------------------------------------------------------------------


def test_git_errors_name_the_command(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("a.md")
    repo.commit("a")
    g = Git(repo.path)
    with pytest.raises(GitError, match=r"`git cat-file commit nope` failed .*nope"):
        g.parents("nope")
    with pytest.raises(GitError, match="no commit checked out"):
        Git(GitRepo.init(tmp_path / "empty").path).head()
    with pytest.raises(GitError, match="not a git repository"):
        Git(tmp_path).head()


def test_git_gives_text_and_changes_parses_it(origin: GitRepo) -> None:
    _, commits = acceptance_push(origin)
    g = Git(origin.path)
    text = g.name_status(g.parents(commits[1])[0], commits[1])
    assert text.endswith("\0") and "d.md" in text
    assert parse_name_status(text) == [R("c.md", "d.md"), D("e.md")]
    root = origin.git("rev-list", "--max-parents=0", "HEAD").strip()
    added = parse_name_status(g.name_status(g.empty_tree(), root))
    assert added and {c.status for c in added} == {"added"}


def test_git_and_changes_do_not_import_each_other() -> None:
    import medium_action.sources.changes as changes
    import medium_action.sources.git as git_module

    assert "sources.changes" not in Path(git_module.__file__).read_text()
    assert "sources.git" not in Path(changes.__file__).read_text()


def test_parents_see_through_the_shallow_boundary(origin: GitRepo, tmp_path: Path) -> None:
    clone = origin.clone(tmp_path / "clone", depth=1)
    g = Git(clone.path)
    assert g.is_shallow()
    assert g.parents(clone.head()) == [origin.git("rev-parse", "HEAD~1").strip()]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_safe_directory_for_a_workspace_owned_by_another_user(tmp_path: Path) -> None:
    repo = GitRepo.init(tmp_path / "work space")
    repo.write("post.md")
    repo.commit("one")
    for path in [repo.path, *repo.path.rglob("*")]:
        os.lchown(path, 65534, 65534)
    g = Git(repo.path)
    with pytest.raises(GitError, match="dubious ownership"):
        g.head()
    g.ensure_safe_directory()
    g.ensure_safe_directory()
    trusted = git(repo.path, "-c", f"safe.directory={repo.path}", "rev-parse", "HEAD")
    assert g.head() == trusted.strip()
    entries = git(tmp_path, "config", "--global", "--get-all", "safe.directory").splitlines()
    assert entries == [str(repo.path)]
    changes, _ = detect(repo)
    assert changes == [A("post.md")]
    # Idempotent across objects, and a no-op for a repository git trusts.
    Git(repo.path).ensure_safe_directory()
    Git(tmp_path).ensure_safe_directory()
    assert git(tmp_path, "config", "--global", "--get-all", "safe.directory").splitlines() == [
        str(repo.path)
    ]


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root")
def test_safe_directory_without_a_global_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = GitRepo.init(tmp_path / "repo")
    repo.write("post.md")
    repo.commit("one")
    for path in [repo.path, *repo.path.rglob("*")]:
        os.lchown(path, 65534, 65534)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no" / "such" / "dir" / "config"))
    g = Git(repo.path)
    g.ensure_safe_directory()
    assert len(g.head()) == 40
