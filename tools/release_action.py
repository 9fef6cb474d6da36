#!/usr/bin/env python3
"""The names a release uses, and the release commit's action.yml (.github/workflows/release.yml).

    python3 tools/release_action.py names --repository OWNER/REPO --tag v1.2.3
        prints, as GITHUB_OUTPUT lines: name=ghcr.io/owner/repo, version=1.2.3,
        image=ghcr.io/owner/repo:1.2.3, major=v1, prerelease=false
    python3 tools/release_action.py rewrite action.yml ghcr.io/owner/repo:1.2.3
        rewrites action.yml's `image: Dockerfile` line under `runs:` into
        `image: docker://ghcr.io/owner/repo:1.2.3`, in place, and nothing else

On main, action.yml builds the Dockerfile, so that the repository's own CI and `uses: ./` test
what they build. A release commit names the image pushed for that version instead, so that
`uses: owner/repo@v1` pulls it and still gets every input default action.yml declares (a step
`uses: docker://...` gets none of them). Standard library only: it runs on a bare runner.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

REGISTRY = "ghcr.io"

# v1.2.3 or v1.2.3-rc.1: the tags docker/metadata-action's `type=semver` turns into image tags.
# Build metadata (+...) is refused: `+` is not allowed in an image tag.
_VERSION_TAG = re.compile(
    r"v(?P<major>0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?P<pre>-[0-9A-Za-z.-]+)?"
)
_REPOSITORY = re.compile(r"[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+")
# A registry image reference as this tool writes it: lowercase name, a tag (no digest form).
_IMAGE = re.compile(r"[a-z0-9.-]+(?::\d+)?(?:/[a-z0-9._-]+)+:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}")
# The line to rewrite: `image: Dockerfile`, indented, inside the top-level `runs:` mapping.
_DOCKERFILE_LINE = re.compile(
    r"(?P<indent>[ \t]+)image:[ \t]*(?P<quote>['\"]?)Dockerfile(?P=quote)[ \t]*"
)


class ReleaseError(Exception):
    """A release cannot be made as asked; the message says what to fix."""


@dataclass(frozen=True)
class ReleaseNames:
    name: str
    """The image's name, lowercase: ghcr.io/owner/repo (ghcr.io refuses uppercase)."""
    version: str
    """The image tag: the version tag without its v (1.2.3), as docker/metadata-action writes it."""
    major: str
    """The git tag that follows the latest finished release of this major version: v1."""
    prerelease: bool
    """v1.3.0-rc.1: the major tag does not move to it."""

    @property
    def image(self) -> str:
        return f"{self.name}:{self.version}"

    def output_lines(self) -> str:
        return (
            f"name={self.name}\nversion={self.version}\nimage={self.image}\n"
            f"major={self.major}\nprerelease={str(self.prerelease).lower()}\n"
        )


def release_names(repository: str, tag: str, registry: str = REGISTRY) -> ReleaseNames:
    if not _REPOSITORY.fullmatch(repository):
        raise ReleaseError(f"repository {repository!r} is not OWNER/REPO")
    match = _VERSION_TAG.fullmatch(tag)
    if not match:
        raise ReleaseError(
            f"tag {tag!r} is not a version tag like v1.2.3 or v1.3.0-rc.1 "
            "(the image tag is the version without its v)"
        )
    return ReleaseNames(
        name=f"{registry}/{repository}".lower(),
        version=tag[1:],
        major=f"v{match['major']}",
        prerelease=match["pre"] is not None,
    )


def rewrite_image(action_yml: str, image: str) -> str:
    """action.yml with the `image: Dockerfile` line under `runs:` naming IMAGE; all else kept."""
    if not _IMAGE.fullmatch(image):
        raise ReleaseError(
            f"image {image!r} is not a lowercase registry reference with a tag, "
            "like ghcr.io/owner/repo:1.2.3"
        )
    lines = action_yml.splitlines(keepends=True)
    in_runs = False
    found: list[int] = []
    for number, line in enumerate(lines):
        if line.strip() and not line[0].isspace() and not line.lstrip().startswith("#"):
            in_runs = line.rstrip() == "runs:"  # a top-level key opens or closes the block
        elif in_runs and _DOCKERFILE_LINE.fullmatch(line.rstrip("\r\n")):
            found.append(number)
    if len(found) != 1:
        existing = re.search(r"^[ \t]+image:.*$", action_yml, re.MULTILINE)
        raise ReleaseError(
            f"expected one `image: Dockerfile` line under `runs:`, found {len(found)}"
            + (f" (it says {existing.group(0).strip()!r})" if existing else "")
            + ": rewrite main's action.yml, not a release commit's"
        )
    number = found[0]
    line = lines[number]
    ending = line[len(line.rstrip("\r\n")) :]
    indent = _DOCKERFILE_LINE.fullmatch(line.rstrip("\r\n"))["indent"]  # type: ignore[index]
    lines[number] = f"{indent}image: docker://{image}{ending}"
    return "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    commands = parser.add_subparsers(dest="command", required=True)
    names = commands.add_parser("names", help="the image name, version and tags of a release")
    names.add_argument("--repository", required=True, help="OWNER/REPO ($GITHUB_REPOSITORY)")
    names.add_argument("--tag", required=True, help="the version tag ($GITHUB_REF_NAME)")
    names.add_argument("--registry", default=REGISTRY)
    rewrite = commands.add_parser("rewrite", help="make action.yml run IMAGE, in place")
    rewrite.add_argument("action_yml", type=Path)
    rewrite.add_argument("image")
    args = parser.parse_args(argv)
    try:
        if args.command == "names":
            sys.stdout.write(release_names(args.repository, args.tag, args.registry).output_lines())
        else:
            # bytes, not text mode: text mode would turn CRLF line ends into LF
            text = args.action_yml.read_bytes().decode("utf-8")
            args.action_yml.write_bytes(rewrite_image(text, args.image).encode("utf-8"))
            print(f"{args.action_yml}: image: docker://{args.image}")
    except (ReleaseError, OSError, UnicodeDecodeError) as error:
        print(f"release_action: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
