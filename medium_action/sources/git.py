"""The only module that runs git: small typed commands over ``subprocess`` (no shell). It returns
git's text or simple values (ids, booleans); ``changes.py`` parses the text and decides.

Every command runs as ``git -C <repo> -c core.quotepath=off ...`` with ``LC_ALL=C`` (messages
that can be matched), ``GIT_TERMINAL_PROMPT=0`` (a fetch never waits for a password) and
NUL-separated output where paths are printed, so names with spaces, quotes, newlines or
non-ASCII characters come through unchanged. Paths are decoded as UTF-8 with
``surrogateescape``, the file system's own convention, so every name can be opened again.

A fetch writes objects, packs, ``shallow`` and refs into ``.git``; when the run is not the
repository's owner (a container running as root on the runner user's checkout), whatever git
created or changed there is handed back to the owner afterwards, so later steps can write it.

Fetches never use ``--filter=blob:none``: it turns the checkout into a partial clone for every
later step (``remote.origin.promisor=true`` is written even when the server ignores the filter,
as ``file://`` remotes do unless ``uploadpack.allowFilter`` is set), and the have/want
negotiation already leaves out every blob the checkout has. In a shallow clone a fetch asks for
``--depth``, so only the commits named come, never the history behind them.
"""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

from medium_action.errors import GitError
from medium_action.workspace_files import owner_of

__all__ = ["Git"]

FETCH_TIMEOUT = 300.0  # seconds; a fetch that hangs is a fetch that failed
_DUBIOUS = ("dubious ownership", "unsafe repository")
_URL_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/@\s]+@")
# Variables that would point git at another repository than the one asked for.
_REPO_ENV = (
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_COMMON_DIR",
    "GIT_OBJECT_DIRECTORY",
    "GIT_ALTERNATE_OBJECT_DIRECTORIES",
    "GIT_NAMESPACE",
    "GIT_PREFIX",
)


class Git:
    """git commands against the repository (or work tree) at ``repo``."""

    def __init__(self, repo: Path, *, owner: tuple[int, int] | None = None) -> None:
        """``owner`` (uid, gid) receives what a fetch writes into ``.git``; by default the
        owner of ``repo`` when that is not us (``workspace_files.owner_of``), else nobody."""
        self.repo = Path(repo)
        self.owner = owner if owner is not None else owner_of(self.repo)
        self._config: list[str] = []  # extra "-c key=value" pairs for every command
        self._empty_tree: str | None = None
        self.last_fetch_error: str | None = None
        """git's own words (credentials removed) when the last fetch failed, else None."""
        # What the first successful probe learnt, so that a run asks git once, not per call:
        # the git directory, and whether the clone is shallow (a fetch may change it: reset).
        self._git_dir: str | None = None
        self._shallow: bool | None = None
        self._probed_head: str | None = None
        """HEAD as the probe found it, for the first :meth:`head` only (one process less on a
        no-op push); later calls ask git, since HEAD may move between them."""

    # -- queries -----------------------------------------------------------------------------

    def head(self) -> str:
        """The commit checked out (HEAD's full id)."""
        sha, self._probed_head = self._probed_head, None
        sha = sha or self.resolve("HEAD")
        if sha is None:
            self._text("rev-parse", "--git-dir")  # not a repository: git's own message
            raise GitError(f"the repository at {self.repo} has no commit checked out (HEAD)")
        return sha

    def resolve(self, rev: str) -> str | None:
        """The full commit id ``rev`` names, or None when this repository has no such commit."""
        if not rev or rev.startswith("-"):
            return None
        result = self._run("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", check=False)
        if result.returncode != 0:
            return None
        return _decode(result.stdout).strip() or None

    def has_commit(self, sha: str) -> bool:
        """Whether the commit's object is here (a shallow commit counts; its parents may not)."""
        if not sha or sha.startswith("-"):
            return False
        return self._run("cat-file", "-e", f"{sha}^{{commit}}", check=False).returncode == 0

    def parents(self, sha: str) -> list[str]:
        """The commit's parents as recorded in the commit itself.

        Read from the object, not through the shallow grafts: in a shallow clone the boundary
        commit has parents git pretends not to see, and taking it for a root commit would list
        every file of the repository as added.
        """
        raw = self._text("cat-file", "commit", sha)
        header = raw.split("\n\n", 1)[0]
        return [line[7:].strip() for line in header.splitlines() if line.startswith("parent ")]

    def is_shallow(self) -> bool:
        if self._shallow is None:
            self._shallow = self._text("rev-parse", "--is-shallow-repository").strip() == "true"
        return self._shallow

    def is_ancestor(self, ancestor: str, descendant: str) -> bool:
        """Whether ``ancestor`` is in ``descendant``'s history as far as this clone knows it (a
        commit is its own ancestor; in a shallow clone the history stops at the boundary)."""
        if not ancestor or ancestor.startswith("-") or descendant.startswith("-"):
            return False
        result = self._run("merge-base", "--is-ancestor", ancestor, descendant, check=False)
        return result.returncode == 0

    def current_branch(self) -> str | None:
        """The branch checked out, or None when HEAD is detached (as CI checkouts often are)."""
        result = self._run("symbolic-ref", "--quiet", "--short", "HEAD", check=False)
        name = _decode(result.stdout).strip()
        return name if result.returncode == 0 and name else None

    # -- fetching ----------------------------------------------------------------------------

    def fetch_commits(self, shas: list[str], depth: int | None = 1) -> bool:
        """Fetch from ``origin`` those of ``shas`` that are missing; True when all are here.

        ``depth`` (commits of history per sha) is used only in a shallow clone: a complete
        clone is never made shallow. False, not an error, when there is no ``origin``, the
        server refuses or the commits are gone (a force-push): the caller falls back.
        """
        missing = [s for s in dict.fromkeys(shas) if not self.has_commit(s)]
        if not missing:
            return True
        args = ["fetch", "--quiet", "--no-tags", "--no-recurse-submodules"]
        if depth is not None and self.is_shallow():
            args.append(f"--depth={max(1, depth)}")
        result = self._fetch(*args, "origin", *missing)
        # A fetch naming commits by id exits non-zero unless it got every one of them.
        return result.returncode == 0

    def deepen(self, by: int) -> bool:
        """Extend a shallow clone's history behind HEAD by ``by`` commits; False on failure.

        Only HEAD's line is deepened (``git fetch --deepen=N origin <HEAD>``), not every branch
        of the remote."""
        if by < 1:
            return True
        head = self.head()
        result = self._fetch(
            "fetch",
            "--quiet",
            "--no-tags",
            "--no-recurse-submodules",
            f"--deepen={by}",
            "origin",
            head,
        )
        return result.returncode == 0

    # -- changes -----------------------------------------------------------------------------

    def name_status(self, base: str, head: str) -> str:
        """git's NUL-separated list of the files changed from ``base`` to ``head`` (both
        commits), renames detected; ``changes.parse_name_status`` reads it.

        Runs the plumbing ``git diff-tree -r -z -M --name-status``: the same output as
        ``git diff --name-status -z -M``, but deaf to the user's diff configuration (colour,
        ``diff.relative``, external drivers)."""
        out = self._run(
            "diff-tree",
            "-r",
            "-z",
            "-M",
            "--name-status",
            "--no-commit-id",
            "--end-of-options",
            base,
            head,
        )
        return _decode(out.stdout)

    def last_commit_touching(self, path: str) -> str | None:
        """The newest commit in HEAD's history that changed ``path`` (for a file that is gone:
        the commit that deleted or moved it), or None when the history here has none."""
        result = self._run("rev-list", "-1", "HEAD", "--end-of-options", "--", path, check=False)
        sha = _decode(result.stdout).strip()
        return sha if result.returncode == 0 and sha else None

    def empty_tree(self) -> str:
        """The id of the empty tree in this repository's hash (SHA-1 or SHA-256)."""
        if self._empty_tree is None:
            result = self._run("hash-object", "-t", "tree", "--stdin", stdin=b"")
            self._empty_tree = _decode(result.stdout).strip()
        return self._empty_tree

    # -- ownership ---------------------------------------------------------------------------

    def ensure_safe_directory(self) -> None:
        """Let git work in a repository owned by another user (a container runs as root on a
        workspace the runner's user owns).

        Does nothing unless git reports dubious ownership; then adds the directory git names
        to ``safe.directory`` in the global config, unless it is there already (or ``*`` is),
        so calling it again adds no duplicate. Without a writable global config (no
        ``$HOME``) the exception is passed as ``-c safe.directory=...`` to this object's
        commands instead.
        """
        if self._git_dir is not None:
            return  # probed already, and git was content
        probe = self._run(*_PROBE, check=False)
        if self._learn(probe):
            return
        stderr = _decode(probe.stderr)
        if not any(marker in stderr for marker in _DUBIOUS):
            return  # not a repository, or another problem: the next command reports it
        directory = _dubious_directory(stderr) or str(self.repo.resolve())
        listed = self._global("config", "--global", "--get-all", "safe.directory")
        known = listed.stdout.splitlines() if listed is not None and listed.returncode == 0 else []
        if directory not in known and "*" not in known:
            self._global("config", "--global", "--add", "safe.directory", directory)
        check = self._run(*_PROBE, check=False)
        if not self._learn(check):  # no global config to write to ($HOME unset, read-only)
            self._config.append(f"safe.directory={directory}")
            check = self._run(*_PROBE, check=False)
        if not self._learn(check):
            raise GitError(
                f"git refuses the repository at {self.repo}: {_clean(_decode(check.stderr))}; "
                f"run `git config --global --add safe.directory {directory}` before this step"
            )

    def _learn(self, probe: subprocess.CompletedProcess[bytes]) -> bool:
        """Whether git answered the probe (:data:`_PROBE`); if so, keeps what it said. Exit
        status 1 with the first two answers is a repository whose HEAD has no commit yet."""
        lines = _decode(probe.stdout).splitlines()
        answered = probe.returncode == 0 and len(lines) == 3
        unborn = probe.returncode == 1 and len(lines) == 2
        if not (answered or unborn) or lines[1] not in ("true", "false"):
            return False
        self._git_dir, self._shallow = lines[0], lines[1] == "true"
        self._probed_head = lines[2] if answered else None
        return True

    # -- running -----------------------------------------------------------------------------

    def _fetch(self, *args: str) -> subprocess.CompletedProcess[bytes]:
        """A fetch (never raising; exit 124 on timeout), then what it wrote handed back."""
        # No automatic maintenance after the fetch: one process less, in a checkout CI throws
        # away; and the fetch may make or deepen a shallow clone, so ask again next time.
        quiet = ("maintenance.auto=false", "gc.auto=0")
        try:
            result = self._run(*args, check=False, timeout=FETCH_TIMEOUT, config=quiet)
        finally:
            self._shallow = None
            self._hand_back_git_dir()
        self.last_fetch_error = (
            None if result.returncode == 0 else _clean(_decode(result.stderr)) or "no message"
        )
        return result

    def _hand_back_git_dir(self) -> None:
        """Give the owner every entry of the git directory that is not theirs (objects, packs,
        ``shallow``, refs, ``FETCH_HEAD`` a fetch wrote as root). One walk with ``lstat``s,
        only when we are not the owner; links are changed themselves, never followed."""
        if self.owner is None:
            return
        git_dir = self._git_dir
        if git_dir is None:
            found = self._run("rev-parse", "--absolute-git-dir", check=False)
            git_dir = _decode(found.stdout).strip()
            if found.returncode != 0 or not git_dir:
                return
        uid, gid = self.owner
        for dirpath, dirnames, filenames in os.walk(git_dir):
            for name in (dirpath, *(os.path.join(dirpath, n) for n in (*dirnames, *filenames))):
                try:
                    info = os.lstat(name)
                    if info.st_uid != uid or info.st_gid != gid:
                        os.lchown(name, uid, gid)
                except OSError:
                    continue  # gone meanwhile, or not ours to change: git reports what matters

    def _text(self, *args: str) -> str:
        return _decode(self._run(*args).stdout)

    def _run(
        self,
        *args: str,
        check: bool = True,
        timeout: float | None = None,
        stdin: bytes | None = None,
        config: tuple[str, ...] = (),
    ) -> subprocess.CompletedProcess[bytes]:
        """Run one git command in the repository. With ``check`` a failure raises GitError;
        without it the result is returned as it is (exit 124 when it timed out)."""
        command = ["git", "-C", str(self.repo), "-c", "core.quotepath=off"]
        for pair in (*self._config, *config):
            command += ["-c", pair]
        command += args
        try:
            result = subprocess.run(
                command,
                input=stdin,
                stdin=subprocess.DEVNULL if stdin is None else None,
                capture_output=True,
                env=_environment(),
                timeout=timeout,
                check=False,
            )
        except subprocess.TimeoutExpired:
            message = f"git {args[0]} did not finish within {timeout or 0:.0f} s"
            if check:
                raise GitError(message) from None
            return subprocess.CompletedProcess(command, 124, b"", message.encode())
        except OSError as exc:
            raise GitError(f"cannot run git ({exc.strerror}): is git installed?") from None
        if check and result.returncode != 0:
            raise GitError(
                f"`git {_clean(' '.join(args))}` failed (exit {result.returncode}): "
                f"{_clean(_decode(result.stderr)) or 'no message'}"
            )
        return result

    def _global(self, *args: str) -> subprocess.CompletedProcess[str] | None:
        """A git command outside any repository (global configuration)."""
        try:
            return subprocess.run(
                ["git", *args],
                cwd="/",
                stdin=subprocess.DEVNULL,
                capture_output=True,
                text=True,
                env=_environment(),
                check=False,
            )
        except OSError:
            return None


_PROBE = (
    "rev-parse",
    "--absolute-git-dir",
    "--is-shallow-repository",
    "--verify",
    "--quiet",
    "HEAD^{commit}",
)
"""One process for what every run asks first: the git directory (a refused one names itself in
the error), whether the clone is shallow, and the commit checked out."""


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _REPO_ENV}
    env.update({"LC_ALL": "C", "LANGUAGE": "C", "GIT_TERMINAL_PROMPT": "0"})
    return env


def _decode(raw: bytes) -> str:
    return raw.decode("utf-8", "surrogateescape")


def _clean(text: str) -> str:
    """git's message on one line, without credentials a remote URL may carry."""
    return _URL_USERINFO.sub(r"\1***@", " ".join(text.split()))


def _dubious_directory(stderr: str) -> str | None:
    """The directory git asks to add to safe.directory, as git itself spells it."""
    for line in stderr.splitlines():
        marker = "--add safe.directory "
        if marker in line:
            value = line.split(marker, 1)[1].strip()
            if len(value) >= 2 and value[0] == value[-1] == "'":
                value = value[1:-1].replace("'\\''", "'")
            return value or None
    match = re.search(r"repository at '(.*)'", stderr)
    return match.group(1) if match else None
