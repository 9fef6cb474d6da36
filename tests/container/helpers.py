"""Small checks for tests/container/run.sh and bench/bench_container.sh (standard library + PyYAML).

    helpers.py inputs-env [name=value ...]   INPUT_* of every action.yml input, NUL-separated
    helpers.py sandbox GET|POST URL PATH     one sandbox call; prints the JSON answer
    helpers.py count URL posts|requests      how many posts or API requests the sandbox holds
    helpers.py check-outputs FILE COUNT      $GITHUB_OUTPUT holds COUNT posts, consistently
    helpers.py check-posts URL STATUS TITLE... the sandbox holds exactly these posts, in STATUS
    helpers.py check-json FILE COUNT         an output-json file holds COUNT posts
    helpers.py no-secret SECRET PATH...      SECRET appears in no file under PATHs
    helpers.py check-ledger FILE REPO PATH   comments dumped by tests/fake_github.py: one on REPO
                                             holds the commit-comment ledger, with PATH published

Each check prints what it found and exits 1 with a message when it does not hold.
"""

from __future__ import annotations

import json
import os
import re
import sys
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]


def fail(message: str) -> None:
    print(f"  check failed: {message}", file=sys.stderr)
    raise SystemExit(1)


def inputs_env(overrides: list[str]) -> None:
    """Every input as GitHub passes it: the value given, else action.yml's default, else ""."""
    import yaml

    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    given = dict(item.split("=", 1) for item in overrides)
    unknown = set(given) - set(action["inputs"])
    if unknown:
        fail(f"not inputs of action.yml: {sorted(unknown)}")
    pairs = []
    for name, spec in action["inputs"].items():
        default = str((spec or {}).get("default", ""))
        if "${{" in default:  # an expression (github.token): nothing to evaluate it against here
            default = ""
        value = given.get(name, default)
        pairs.append(f"INPUT_{name.upper()}={value}")
    sys.stdout.write("\0".join(pairs) + "\0")


def sandbox(method: str, url: str, path: str) -> Any:
    root = re.sub(r"/v1/?$", "", url)
    request = urllib.request.Request(
        root + path, method=method, data=b"" if method == "POST" else None
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        body = answer.read()
    return json.loads(body) if body else None


def data(url: str, what: str) -> list[dict[str, Any]]:
    answer = sandbox("GET", url, f"/_sandbox/{what}")
    return answer["data"] if isinstance(answer, dict) else answer


def api_requests(url: str) -> list[dict[str, Any]]:
    """The requests to Medium's API (/v1/...), not the test's own /_sandbox calls."""
    return [r for r in data(url, "requests") if "/_sandbox" not in str(r.get("path", ""))]


def parse_output_file(text: str) -> dict[str, str]:
    """GitHub's file-command format: ``name=value`` or ``name<<DELIM`` ... ``DELIM``."""
    values: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if not line:
            continue
        if "<<" in line and ("=" not in line or line.index("<<") < line.index("=")):
            name, delimiter = line.split("<<", 1)
            body: list[str] = []
            while i < len(lines) and lines[i] != delimiter:
                body.append(lines[i])
                i += 1
            if i >= len(lines):
                fail(f"output {name!r}: delimiter {delimiter!r} never closes")
            i += 1
            values[name] = "\n".join(body)
        else:
            name, _, value = line.partition("=")
            values[name] = value
    return values


def check_outputs(path: str, count: int) -> None:
    outputs = parse_output_file(Path(path).read_text(encoding="utf-8"))
    missing = {"posts", "skipped", "failed", "urls", "ids", "url", "id", "count"} - set(outputs)
    if missing:
        fail(f"outputs missing: {sorted(missing)} (have {sorted(outputs)})")
    posts = json.loads(outputs["posts"])
    failed = json.loads(outputs["failed"])
    skipped = json.loads(outputs["skipped"])
    urls = [u for u in outputs["urls"].splitlines() if u]
    print(f"  outputs: count={outputs['count']} url={outputs['url'] or '-'} skipped={len(skipped)}")
    if outputs["count"] != str(count) or len(posts) != count or len(urls) != count:
        fail(
            f"expected {count} posts: count={outputs['count']}, "
            f"{len(posts)} posts, {len(urls)} urls"
        )
    if failed:
        fail(f"failed: {failed}")
    if count and (not outputs["url"] or outputs["url"] != posts[0]["url"] or not outputs["id"]):
        fail(f"url/id are not the first post's: {outputs['url']!r} {outputs['id']!r}")
    if not count and (outputs["url"] or outputs["id"]):
        fail("url/id set although nothing was published")
    for post in posts:
        if not {"file", "id", "url", "title", "publish_status"} <= set(post):
            fail(f"a post lacks fields: {post}")


def check_posts(url: str, status: str, titles: list[str]) -> None:
    posts = data(url, "posts")
    found = sorted(str(p.get("title")) for p in posts)
    print(f"  sandbox posts: {found}")
    if found != sorted(titles):
        fail(f"expected the posts {sorted(titles)}")
    wrong = [p.get("title") for p in posts if p.get("publishStatus") != status]
    if wrong:
        fail(f"not {status}: {wrong}")


def check_json(path: str, count: int) -> None:
    result = json.loads(Path(path).read_text(encoding="utf-8"))
    print(
        f"  output-json: {len(result.get('posts', []))} posts, "
        f"{len(result.get('skipped', []))} skipped"
    )
    if (
        set(result) < {"posts", "skipped", "failed"}
        or len(result["posts"]) != count
        or result["failed"]
    ):
        fail(f"expected {count} posts and no failure in {path}: {result}")


def no_secret(secret: str, paths: list[str]) -> None:
    needle = secret.encode()
    checked = 0
    for start in paths:
        files = [Path(start)] if Path(start).is_file() else Path(start).rglob("*")
        for file in files:
            if file.is_file() and not file.is_symlink():
                checked += 1
                if needle in file.read_bytes():
                    fail(f"the token appears in {file}")
    print(f"  the token appears in none of {checked} files")


LEDGER = re.compile(r"<!-- medium-publish-ledger: (\{.*?\}) -->", re.DOTALL)


def check_ledger(path: str, repository: str, published: str) -> None:
    comments = json.loads(Path(path).read_text(encoding="utf-8"))
    print(f"  fake GitHub: {len(comments)} commit comment(s)")
    for comment in comments:
        match = LEDGER.search(str(comment.get("body", "")))
        if not match or f"/repos/{repository}/" not in str(comment.get("url", "")):
            continue
        records = json.loads(match.group(1)).get("records", [])
        if any(r.get("path") == published and r.get("state") == "published" for r in records):
            print(f"  ledger comment on {comment.get('commit_id')}: {published} published")
            return
    fail(f"no ledger comment on {repository} records {published} as published")


def main(argv: list[str]) -> None:
    command, args = argv[0], argv[1:]
    if command == "inputs-env":
        inputs_env(args)
    elif command == "sandbox":
        print(json.dumps(sandbox(args[0], args[1], args[2]), indent=1))
    elif command == "count":
        items = api_requests(args[0]) if args[1] == "requests" else data(args[0], args[1])
        print(len(items))
    elif command == "check-outputs":
        check_outputs(args[0], int(args[1]))
    elif command == "check-posts":
        check_posts(args[0], args[1], args[2:])
    elif command == "check-json":
        check_json(args[0], int(args[1]))
    elif command == "check-ledger":
        check_ledger(args[0], args[1], args[2])
    elif command == "no-secret":
        no_secret(os.environ.get(args[0], args[0]), args[1:])
    else:
        fail(f"unknown command {command!r}")


if __name__ == "__main__":
    main(sys.argv[1:])
