"""The state file on real files: what it keeps, what it refuses, links, and the run's lock
against a real second process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from medium_action.errors import ConfigError
from medium_action.ledger.place import Place
from medium_action.ledger.records import Ledger, LedgerRecord
from medium_action.ledger.statefile import StateFile

SANDBOX = Place("http://127.0.0.1:8080/v1", "sandbox-writer")


def record(path: str, **fields: str) -> LedgerRecord:
    return LedgerRecord(path=path, sha256="s", time="2026-01-01T00:00:00+00:00", **fields)  # type: ignore[arg-type]


def test_medium_records_stay_where_older_releases_read_them(tmp_path: Path) -> None:
    state = StateFile(tmp_path / "published.json")
    ledger = Ledger()
    ledger.add(record("a.md", url="https://medium.com/@a/p", user="alice"))
    ledger.add(record("a.md", url="http://127.0.0.1:8080/p/x", api_url=SANDBOX.api_url))
    ledger.place = SANDBOX
    ledger.images["md5"] = "http://127.0.0.1:8080/images/x.png"
    ledger.set_last_commit("main", "c" * 40)
    state.save(ledger)
    data = json.loads(state.path.read_text())
    assert data["version"] == 1
    assert data["posts"]["a.md"]["url"] == "https://medium.com/@a/p"  # where v1 read it
    assert data["images"] == {}
    sandbox = data["places"][SANDBOX.api_url]
    assert sandbox["posts"]["a.md"]["url"] == "http://127.0.0.1:8080/p/x"
    assert sandbox["images"] == {"md5": "http://127.0.0.1:8080/images/x.png"}
    # The bookmark is the sandbox's own: a rehearsal never moves the one Medium's run uses.
    assert "last_commits" not in data
    assert sandbox["last_commits"] == {"main": "c" * 40}
    again = state.load(Place())
    assert again.records["a.md"].user == "alice" and again.images == {}
    assert again.last_commit("main") is None
    again.set_last_commit("main", "d" * 40)
    state.save(again)
    assert json.loads(state.path.read_text())["last_commits"] == {"main": "d" * 40}
    rehearsal = state.read(SANDBOX)
    assert rehearsal.records["a.md"].url == "http://127.0.0.1:8080/p/x"
    assert rehearsal.last_commit("main") == "c" * 40


def test_everything_not_understood_is_written_back(tmp_path: Path) -> None:
    original = {
        "version": 1,
        "posts": {
            "a.md": {
                "path": "a.md",
                "sha256": "s",
                "time": "t",
                "api_url": "https://api.medium.com/v1",
                "new_field": {"k": 1},
            },
            "b.md": {"path": "b.md", "time": "t", "api_url": "https://api.medium.com/v1"},
            "c.md": {
                "path": "c.md",
                "sha256": "s",
                "state": "scheduled",
                "api_url": "https://api.medium.com/v1",
            },
            "d.md": "a record that is not an object",
        },
        "images": {"m1": "https://cdn/x.png", "m2": {"url": "https://cdn/y.png", "w": 3}},
        "places": {SANDBOX.api_url: {"posts": {}, "images": {}, "note": "kept"}},
        "settings_of_the_future": [1, 2, 3],
    }
    path = tmp_path / "published.json"
    path.write_text(json.dumps(original))
    state = StateFile(path)
    ledger = state.load()
    for file in ("a.md", "b.md", "c.md", "d.md"):
        assert ledger.find(file) is not None, file
    state.save(ledger)
    assert json.loads(path.read_text()) == original


def test_a_newer_version_is_refused_naming_file_and_version(tmp_path: Path) -> None:
    path = tmp_path / "published.json"
    path.write_text(json.dumps({"version": 7, "posts": {}}))
    with pytest.raises(ConfigError, match=r"published\.json.*version 7"):
        StateFile(path).load()


@pytest.mark.parametrize("text", ["", "  \n\t\n"])
def test_an_empty_state_file_is_refused_with_how_to_start_over(tmp_path: Path, text: str) -> None:
    path = tmp_path / "published.json"
    path.write_text(text)
    with pytest.raises(ConfigError) as raised:
        StateFile(path).load()
    message = str(raised.value)
    assert str(path) in message and "is empty" in message
    assert "delete the file" in message and "forget" in message
    assert path.read_text() == text  # refused, not rewritten


@pytest.mark.parametrize("shape", ['{"posts": 5}', '{"places": []}', '{"version": "2"}'])
def test_a_structure_that_cannot_be_kept_safely_is_refused(tmp_path: Path, shape: str) -> None:
    path = tmp_path / "published.json"
    path.write_text(shape)
    with pytest.raises(ConfigError, match="state-file"):
        StateFile(path).load()


def test_a_directory_is_refused(tmp_path: Path) -> None:
    (tmp_path / "published.json").mkdir()
    state = StateFile(tmp_path / "published.json")
    with pytest.raises(ConfigError, match="is a directory, not a file"):
        state.load()
    with pytest.raises(ConfigError, match="is a directory"):
        state.save(Ledger())


def test_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "published.json"
    link.symlink_to("/dev/null")
    with pytest.raises(ConfigError, match="character device"):
        StateFile(link).load()


def test_a_named_pipe_is_refused_without_waiting_on_it(tmp_path: Path) -> None:
    fifo = tmp_path / "published.json"
    os.mkfifo(fifo)
    with pytest.raises(ConfigError, match="named pipe"):
        StateFile(fifo).load()


def test_a_symlinked_state_file_is_written_through_its_link(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    target = cache / "published.json"
    target.write_text(json.dumps({"version": 1, "posts": {}}))
    link = tmp_path / "workspace" / ".medium" / "published.json"
    link.parent.mkdir(parents=True)
    link.symlink_to(target)
    state = StateFile(link)
    ledger = state.load()
    ledger.add(record("a.md", url="https://medium.com/@a/p"))
    state.save(ledger)
    assert link.is_symlink() and link.resolve() == target
    assert "a.md" in json.loads(target.read_text())["posts"]
    assert state.lock_path == cache / "published.json.lock"  # beside the file itself


def test_a_dangling_link_is_an_empty_ledger_and_the_first_save_creates_its_target(
    tmp_path: Path,
) -> None:
    link = tmp_path / "published.json"
    link.symlink_to(tmp_path / "restored" / "state.json")
    state = StateFile(link)
    assert state.load().records == {}
    state.save(Ledger())
    assert link.is_symlink() and (tmp_path / "restored" / "state.json").is_file()


# --- the lock, against a real second process -------------------------------------------------

HOLDER = textwrap.dedent(
    """
    import fcntl, os, sys
    fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX)
    print("locked", flush=True)
    sys.stdin.readline()
    """
)


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the state file's lock until a line arrives on its stdin."""
    lock = tmp_path / "published.json.lock"
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(lock)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline() == "locked\n"
    yield process
    if process.poll() is None:
        process.communicate("done\n", timeout=10)


def test_a_second_run_waits_a_bounded_time_then_fails_naming_the_lock(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    now = [0.0]
    waits: list[float] = []

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        now[0] += seconds

    state = StateFile(
        tmp_path / "published.json", lock_timeout=30, sleep=sleep, clock=lambda: now[0]
    )
    with pytest.raises(ConfigError) as raised:
        state.load()
    message = str(raised.value)
    assert str(tmp_path / "published.json.lock") in message and "another medium-publish" in message
    assert 29.9 <= sum(waits) <= 30.2
    assert not (tmp_path / "published.json").exists()  # nothing written


def test_a_second_run_goes_on_once_the_first_releases(
    tmp_path: Path, holder: subprocess.Popen[str]
) -> None:
    def sleep(_: float) -> None:  # the other run ends while this one waits
        if holder.poll() is None:
            holder.communicate("done\n", timeout=10)

    state = StateFile(tmp_path / "published.json", lock_timeout=30, sleep=sleep)
    ledger = state.load()
    assert holder.returncode == 0 and state.locked
    state.save(ledger)


def test_the_lock_is_held_for_the_run_and_released_after(tmp_path: Path) -> None:
    probe = textwrap.dedent(
        """
        import fcntl, os, sys
        fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            sys.exit(3)
        """
    )

    def other_process_can_lock() -> bool:
        lock = str(tmp_path / "published.json.lock")
        return subprocess.run([sys.executable, "-c", probe, lock], check=False).returncode == 0

    with StateFile(tmp_path / "published.json") as state:
        state.save(state.load())
        assert not other_process_can_lock()
    assert other_process_can_lock()
