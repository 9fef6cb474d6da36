#!/usr/bin/env bash
# The container test: builds the image, starts the Medium sandbox on the host, and publishes
# through the container
#   (a) as GitHub runs a `uses:` step: --network host, the workspace at /github/workspace owned by
#       uid 1001 and checked out at depth 1 as actions/checkout does, every input as INPUT_<NAME>
#       (hyphens kept; action.yml's default when not given), GITHUB_OUTPUT and GITHUB_STEP_SUMMARY
#       under /github/file_commands; then a rerun (the ledger publishes nothing) and a later push
#       (only the new file; change detection fetches the push's base into .git, and every file,
#       .git's included, still belongs to uid 1001);
#   (b) as other CI runs it: `docker run -e MEDIUM_* -v "$PWD":/work -w /work`;
#   (c) through act (../shared/ci/act-local), a GitHub Actions emulator: .github/workflows/self-test.yml;
#   (d) with a bad token and a bad setting: exit 2, nothing published;
#   (e) built on a base without git, as the official slim images are: git is installed trimmed,
#       the image stays within 60 MB of the base, and change detection works;
#   (f) a release under act: the image tagged as ghcr.io/..., action.yml rewritten by
#       tools/release_action.py as release.yml does, no Dockerfile: `uses: ./` runs the prebuilt
#       image with action.yml's defaults (github-token reaches a fake GitHub: the commit-comment
#       ledger is written, and a rerun from a fresh checkout publishes nothing).
# Run from anywhere: bash tests/container/run.sh. Fails, never skips, when no engine can start;
# CONTAINER_TEST_SKIP_ACT=<reason> skips (c) and (f) out loud (GitHub runs self-test.yml by itself).
set -Eeuo pipefail
trap 'printf "container-test: FAILED: line %s: %s\n" "$LINENO" "$BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/../.."
root=$PWD
image=${CONTAINER_TEST_IMAGE:-medium-publish:test}
shared_ci=${SHARED_CI:-$root/../shared/ci}
if [ -x .venv/bin/python ]; then py=${PYTHON:-.venv/bin/python}; else py=${PYTHON:-python3}; fi
helpers=(timeout 60 "$py" tests/container/helpers.py)

say() { printf 'container-test: %s\n' "$*"; }
die() { printf 'container-test: FAILED: %s\n' "$*" >&2; exit 1; }
passed=0
ok() { passed=$((passed + 1)); say "  ok: $*"; }
timings=()
t_begin() { t_label=$1; t_start=$(date +%s%N); say "== $1"; }
t_end() {
  local ms=$((($(date +%s%N) - t_start) / 1000000))
  local s; s=$(printf '%d.%d s' $((ms / 1000)) $((ms % 1000 / 100)))
  timings+=("$(printf '%9s  %s' "$s" "$t_label")")
  say "   ($t_label: $s)"
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/medium-container-test.XXXXXX")
sandbox_pid=""
github_pid=""
release_image=""
cleanup() {
  if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; fi
  if [ -n "$github_pid" ]; then kill "$github_pid" 2>/dev/null || true; fi
  if [ -n "$release_image" ]; then docker rmi "$release_image" >/dev/null 2>&1 || true; fi
  exec 3<&- 2>/dev/null || true
  exec 4<&- 2>/dev/null || true
  rm -rf "$tmp" 2>/dev/null || sudo rm -rf "$tmp" 2>/dev/null || true
}
trap cleanup EXIT
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

# ---------------------------------------------------------------------------------------------
t_begin "container engine"
if [ -x "$shared_ci/container-engine" ]; then
  engine_out=$("$shared_ci/container-engine") || die "the container engine did not start ($shared_ci/container-engine)"
  base=$(tail -n 1 <<<"$engine_out")
else
  docker info >/dev/null 2>&1 || die "no container engine answers (docker info failed) and no $shared_ci/container-engine"
  base=${BASE_IMAGE:-python:3.12-slim}
fi
[ -n "$base" ] || die "no base image name"
say "base image: $base"
t_end

t_begin "build $image"
docker build --build-arg BASE_IMAGE="$base" -t "$image" . >"$tmp/build.log" 2>&1 \
  || { tail -n 40 "$tmp/build.log" >&2; die "docker build failed"; }
ok "image built ($(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}'))"
t_end

t_begin "start the sandbox"
"$py" -c 'import medium_action.sandbox.server' || die "$py cannot import medium_action (make install)"
mkfifo "$tmp/sandbox.fifo"
# `medium-publish sandbox`, without importing the publishing code it does not need
"$py" -m medium_action.sandbox.server --port 0 --quiet >"$tmp/sandbox.fifo" 2>"$tmp/sandbox.err" &
sandbox_pid=$!
exec 3<"$tmp/sandbox.fifo"
# readiness: the sandbox prints one line, "... api-url=URL token=TOKEN ...", once it listens
read -r -t 30 ready_line <&3 || { cat "$tmp/sandbox.err" >&2; die "the sandbox did not start"; }
api_url=$(sed -n 's/.*api-url=\([^ ]*\).*/\1/p' <<<"$ready_line")
SANDBOX_TOKEN=$(sed -n 's/.* token=\([^ ]*\).*/\1/p' <<<"$ready_line")
export SANDBOX_TOKEN
[ -n "$api_url" ] && [ -n "$SANDBOX_TOKEN" ] || die "unexpected sandbox line: $ready_line"
say "sandbox: $api_url"
t_end
reset_sandbox() { "${helpers[@]}" sandbox POST "$api_url" /_sandbox/reset >/dev/null; }

# git on the host, in workspaces that belong to other users (uid 1001, 4242)
hgit() { git -c safe.directory='*' -c user.name=Writer -c user.email=writer@example.invalid "$@"; }
# A git repository with posts, the way a writer's repository looks.
git_repo() { # DIR MESSAGE
  hgit -C "$1" init -q -b main
  hgit -C "$1" add -A
  hgit -C "$1" commit -q -m "$2"
}
write_posts() { # DIR
  mkdir -p "$1/posts/images"
  cat >"$1/posts/first.md" <<'EOF'
---
title: Container test, first post
tags: [testing, docker]
---

A post written in Markdown, with an image: ![a diagram](images/flow.png)
EOF
  cat >"$1/posts/second.md" <<'EOF'
# Container test, second post

No front matter: the heading is the title.
EOF
  cp examples/images/flow.png "$1/posts/images/flow.png" 2>/dev/null \
    || printf '\x89PNG\r\n\x1a\n' >"$1/posts/images/flow.png"
  printf '# My blog\n\nNot a post.\n' >"$1/README.md"
}

# ---------------------------------------------------------------------------------------------
# (a) As GitHub runs a docker action: the runner's _temp layout, owned by the runner's uid 1001.
# The workspace is what actions/checkout makes: a clone at depth 1 of an origin the container can
# fetch from (a bare repository, mounted at the same path; root's, as the container runs as root
# and git refuses to read another user's repository), so change detection fetches into .git.
gh=$tmp/runner
ws=$gh/workspace
origin=$tmp/origin.git
writer=$tmp/writer # the writer's own clone, where commits are made and pushed from
mkdir -p "$writer" "$gh/_github_home" "$gh/_github_workflow" "$gh/_runner_file_commands"
write_posts "$writer"
git_repo "$writer" "Two posts"
hgit clone -q --bare "$writer" "$origin"
as_root chown -R 0:0 "$origin"
checkout() { # a fresh clone at depth 1, as every GitHub run gets; .medium/ (the state file) kept
  local kept=$tmp/kept-state
  rm -rf "$kept"
  if [ -d "$ws/.medium" ]; then cp -a "$ws/.medium" "$kept"; fi
  as_root rm -rf "$ws"
  hgit clone -q --depth 1 --no-tags "file://$origin" "$ws"
  if [ -d "$kept" ]; then cp -a "$kept" "$ws/.medium"; fi
}
checkout

github_run() { # NAME EXPECTED_STATUS [input=value ...]: one `uses:` step; sets $out and $summary
  local name=$1 expected=$2; shift 2
  out=$gh/_runner_file_commands/set_output_$name
  summary=$gh/_runner_file_commands/step_summary_$name
  : >"$out"; : >"$summary"
  local head; head=$(hgit -C "$ws" rev-parse HEAD)
  as_root chown -R 1001:1001 "$gh"
  local inputs=()
  mapfile -d '' inputs < <("${helpers[@]}" inputs-env "$@")
  local args=()
  for pair in "${inputs[@]}"; do args+=(-e "$pair"); done
  local status=0
  timeout 300 docker run --rm --network host --workdir /github/workspace \
    -e HOME=/github/home -e CI=true -e GITHUB_ACTIONS=true \
    -e GITHUB_WORKSPACE=/github/workspace -e GITHUB_EVENT_NAME=push \
    -e GITHUB_EVENT_PATH=/github/workflow/event.json -e GITHUB_SHA="$head" \
    -e GITHUB_REPOSITORY=writer/blog -e GITHUB_SERVER_URL=https://github.com \
    -e GITHUB_API_URL=http://127.0.0.1:9/unreachable \
    -e GITHUB_OUTPUT="/github/file_commands/set_output_$name" \
    -e GITHUB_STEP_SUMMARY="/github/file_commands/step_summary_$name" \
    "${args[@]}" \
    -v "$gh/_github_home:/github/home" -v "$gh/_github_workflow:/github/workflow" \
    -v "$gh/_runner_file_commands:/github/file_commands" -v "$ws:/github/workspace" \
    -v "$origin:$origin:ro" \
    "$image" >"$tmp/$name.log" 2>&1 || status=$?
  sed 's/^/    | /' "$tmp/$name.log"
  [ "$status" = "$expected" ] || die "$name: exit status $status, expected $expected"
  ok "$name: exit status $status"
}
owned_by() { # UID DIR...: every file and directory belongs to UID (.git's included)
  local uid=$1; shift
  local strays; strays=$(find "$@" ! -uid "$uid" -printf '%u %p\n')
  [ -z "$strays" ] || die "$(wc -l <<<"$strays") files not owned by uid $uid:"$'\n'"$(head -n 40 <<<"$strays")"
  ok "every file in $(basename "$1") is owned by uid $uid"
}
push_event() { # BEFORE AFTER: a push payload as GitHub writes it to /github/workflow/event.json
  "$py" - "$1" "$2" "$writer" >"$gh/_github_workflow/event.json" <<'EOF'
import json, subprocess, sys
before, after, ws = sys.argv[1:]
span = ["-1", after] if not before.strip("0") else [f"{before}..{after}"]  # a new branch
log = subprocess.run(["git", "-c", "safe.directory=*", "-C", ws, "log", "--format=%H %s", *span],
                     capture_output=True, text=True, check=True).stdout.splitlines()
commits = [{"id": line.split(" ", 1)[0], "message": line.split(" ", 1)[1]} for line in log]
print(json.dumps({"ref": "refs/heads/main", "before": before, "after": after, "commits": commits,
                  "head_commit": commits[0] if commits else None,
                  "repository": {"full_name": "writer/blog"}}))
EOF
}

t_begin "(a) GitHub-style run: INPUT_* with hyphens, uid 1001 workspace"
reset_sandbox
push_event 0000000000000000000000000000000000000000 "$(hgit -C "$writer" rev-parse HEAD)"
github_run first 0 token="$SANDBOX_TOKEN" api-url="$api_url" publish-status=draft comment=false \
  files=$'posts/first.md\nposts/second.md'
"${helpers[@]}" check-posts "$api_url" draft "Container test, first post" "Container test, second post"
ok "the sandbox holds both posts, as drafts"
[ "$("${helpers[@]}" count "$api_url" images)" -ge 1 ] || die "the local image was not uploaded"
ok "the local image was uploaded"
"${helpers[@]}" check-outputs "$out" 2
ok "outputs: count, url, posts, urls, ids, skipped, failed"
[ -s "$summary" ] || die "the step summary is empty"
ok "step summary written ($(wc -c <"$summary") bytes)"
[ -s "$ws/.medium/published.json" ] || die "no state file at .medium/published.json"
owned_by 1001 "$ws" "$gh/_runner_file_commands"
"${helpers[@]}" no-secret SANDBOX_TOKEN "$ws" "$gh/_runner_file_commands" "$tmp/first.log"
ok "the token is in no output, summary, log or workspace file"
t_end

t_begin "(a) rerun: the ledger publishes nothing again"
github_run rerun 0 token="$SANDBOX_TOKEN" api-url="$api_url" comment=false \
  files=$'posts/first.md\nposts/second.md'
"${helpers[@]}" check-outputs "$out" 0
[ "$("${helpers[@]}" count "$api_url" posts)" = 2 ] || die "the rerun created posts"
ok "no new post"
owned_by 1001 "$ws"
t_end

t_begin "(a) a later push: change detection fetches the base, edited file not republished"
before=$(hgit -C "$writer" rev-parse HEAD)
printf '# Container test, third post\n\nAdded by a later push.\n' >"$writer/posts/third.md"
printf '\nAn edit after publishing.\n' >>"$writer/posts/first.md"
hgit -C "$writer" add -A
hgit -C "$writer" commit -q -m "Third post, edit first"
# root pushes (the origin is root's); by URL, so the writer's clone gets no root-owned ref
as_root git -c safe.directory='*' -C "$writer" push -q "$origin" HEAD:main
checkout
[ "$(hgit -C "$ws" rev-parse --is-shallow-repository)" = true ] || die "the checkout is not shallow"
! hgit -C "$ws" cat-file -e "$before^{commit}" 2>/dev/null || die "the push's base is already here"
push_event "$before" "$(hgit -C "$writer" rev-parse HEAD)"
github_run push 0 token="$SANDBOX_TOKEN" api-url="$api_url" comment=false
hgit -C "$ws" cat-file -e "$before^{commit}" || die "change detection did not fetch the push's base"
ok "change detection fetched the push's base into the shallow clone"
"${helpers[@]}" check-outputs "$out" 1
"${helpers[@]}" check-posts "$api_url" draft "Container test, first post" \
  "Container test, second post" "Container test, third post"
ok "only the new file was published"
owned_by 1001 "$ws"
t_end

# ---------------------------------------------------------------------------------------------
# (b) As other CI runs it: MEDIUM_* variables, the current directory mounted at /work.
t_begin "(b) docker run with MEDIUM_* variables"
reset_sandbox
other=$tmp/other
mkdir -p "$other"
write_posts "$other"
git_repo "$other" "Two posts"
as_root chown -R 4242:4242 "$other"
docker_run() { # NAME EXPECTED_STATUS: docker run in $other with the MEDIUM_* variables exported
  local name=$1 expected=$2 status=0
  (cd "$other" && timeout 300 docker run --rm --network host \
    -e MEDIUM_TOKEN -e MEDIUM_API_URL -e MEDIUM_FILES -e MEDIUM_OUTPUT_JSON -e MEDIUM_PUBLISH_STATUS \
    -v "$PWD":/work -w /work "$image") >"$tmp/$name.log" 2>&1 || status=$?
  sed 's/^/    | /' "$tmp/$name.log"
  [ "$status" = "$expected" ] || die "$name: exit status $status, expected $expected"
  ok "$name: exit status $status"
}
export MEDIUM_TOKEN=$SANDBOX_TOKEN MEDIUM_API_URL=$api_url MEDIUM_FILES=posts/first.md \
  MEDIUM_OUTPUT_JSON=result.json MEDIUM_PUBLISH_STATUS=unlisted
docker_run docker-run 0
"${helpers[@]}" check-posts "$api_url" unlisted "Container test, first post"
"${helpers[@]}" check-json "$other/result.json" 1
ok "published from MEDIUM_* settings; output-json written"
[ -s "$other/.medium/published.json" ] || die "no state file in the mounted directory"
owned_by 4242 "$other"
docker_run docker-rerun 0
"${helpers[@]}" check-json "$other/result.json" 0
[ "$("${helpers[@]}" count "$api_url" posts)" = 1 ] || die "the rerun created a post"
ok "rerun: the kept state file publishes nothing twice"
t_end

t_begin "(b) docker run without MEDIUM_FILES: the files of the last commit"
printf '# Container test, fourth post\n\nCommitted later.\n' >"$other/posts/fourth.md"
hgit -C "$other" add -A
hgit -C "$other" commit -q -m "Fourth post"
as_root chown -R 4242:4242 "$other"
unset MEDIUM_FILES
export MEDIUM_PUBLISH_STATUS=draft
docker_run docker-changes 0
"${helpers[@]}" check-json "$other/result.json" 1
# Read whole before matching: `grep -q` would stop reading early and break the writer's pipe.
posts_now=$("${helpers[@]}" sandbox GET "$api_url" /_sandbox/posts)
grep -q '"Container test, fourth post"' <<<"$posts_now" || die "the fourth post is not in the sandbox"
ok "only the commit's new file was published"
owned_by 4242 "$other"
t_end

# ---------------------------------------------------------------------------------------------
t_begin "(d) errors: bad token, bad setting -> exit 2, nothing published"
reset_sandbox
export MEDIUM_TOKEN=not-a-valid-token MEDIUM_FILES=posts/second.md # not in the ledger
docker_run bad-token 2
export MEDIUM_TOKEN=$SANDBOX_TOKEN MEDIUM_PUBLISH_STATUS=sometimes
docker_run bad-setting 2
grep -qi "publish.status" "$tmp/bad-setting.log" || die "the message does not name publish-status"
ok "the message names the setting"
[ "$("${helpers[@]}" count "$api_url" posts)" = 0 ] || die "an error run published"
ok "nothing published"
unset MEDIUM_TOKEN MEDIUM_API_URL MEDIUM_FILES MEDIUM_OUTPUT_JSON MEDIUM_PUBLISH_STATUS
t_end

# ---------------------------------------------------------------------------------------------
# (e) The official slim images carry no git, so the Dockerfile installs a trimmed one there. The
# stand-in base has git; a copy of it without git (or Perl) takes that branch of the Dockerfile.
t_begin "(e) on a base without git, like python:3.12-slim: git installed, trimmed, working"
nogit_base=medium-publish-test/base-without-git
printf 'FROM %s\nRUN apt-get purge -y --auto-remove git git-man perl perl-modules-5.36 libperl5.36 liberror-perl >/dev/null 2>&1 || true; rm -rf /var/lib/apt/lists/*; ! command -v git\n' "$base" \
  | docker build -q -t "$nogit_base" - >"$tmp/nogit-base.log" 2>&1 \
  || { cat "$tmp/nogit-base.log" >&2; die "could not make a base without git"; }
nogit_image=medium-publish:test-on-base-without-git
docker build --build-arg BASE_IMAGE="$nogit_base" -t "$nogit_image" . >"$tmp/nogit-build.log" 2>&1 \
  || { tail -n 40 "$tmp/nogit-build.log" >&2; die "docker build on a base without git failed"; }
added=$(( $(docker image inspect -f '{{.Size}}' "$nogit_image") - $(docker image inspect -f '{{.Size}}' "$nogit_base") ))
say "image size added over a git-less base: $((added / 1000000)) MB"
[ "$added" -le 60000000 ] || die "the image adds $((added / 1000000)) MB over a git-less base (target 60)"
ok "the image adds $((added / 1000000)) MB over a base without git (target <= 60 MB)"
reset_sandbox
printf '# Container test, fifth post\n\nPublished by the image built on a git-less base.\n' >"$other/posts/fifth.md"
hgit -C "$other" add -A
hgit -C "$other" commit -q -m "Fifth post"
as_root chown -R 4242:4242 "$other"
export MEDIUM_TOKEN=$SANDBOX_TOKEN MEDIUM_API_URL=$api_url MEDIUM_PUBLISH_STATUS=draft
saved_image=$image image=$nogit_image
docker_run nogit-changes 0
image=$saved_image
"${helpers[@]}" check-posts "$api_url" draft "Container test, fifth post"
ok "change detection works with the trimmed git"
unset MEDIUM_TOKEN MEDIUM_API_URL MEDIUM_PUBLISH_STATUS
t_end

# ---------------------------------------------------------------------------------------------
# (c) The self-test workflow under act, from a copy of the work tree as a clean clone has it
# (tracked and untracked files, not ignored ones: no local .medium/ ledger or .venv).
copy_work_tree() { # DIR
  mkdir -p "$1"
  git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    [ -e "$f" ] && printf '%s\0' "$f"
  done | tar --null -T - -cf - | tar -xf - -C "$1"
}
if [ -n "${CONTAINER_TEST_SKIP_ACT:-}" ]; then
  say "== (c) act: SKIPPED on request: $CONTAINER_TEST_SKIP_ACT"
else
  t_begin "(c) act: .github/workflows/self-test.yml (uses: ./ against the sandbox)"
  [ -x "$shared_ci/act-local" ] || die "no $shared_ci/act-local (set CONTAINER_TEST_SKIP_ACT=<reason> to skip)"
  reset_sandbox
  repo=$tmp/repo
  copy_work_tree "$repo"
  examples=$(find "$repo/examples" -maxdepth 1 -name '*.md' 2>/dev/null | wc -l)
  [ "$examples" -ge 1 ] || die "self-test.yml publishes examples/*.md, and there is none"
  git_repo "$repo" "self-test"
  status=0
  (cd "$repo" && timeout 600 "$shared_ci/act-local" push -W .github/workflows/self-test.yml \
    -s MEDIUM_TOKEN="$SANDBOX_TOKEN" --var SANDBOX_URL="$api_url") >"$tmp/act.log" 2>&1 || status=$?
  grep -E '^\[|self-test|::error' "$tmp/act.log" | grep -vE 'docker (pull|cp|exec)' \
    | tail -n 40 | sed 's/^/    | /'
  [ "$status" = 0 ] || { tail -n 60 "$tmp/act.log" >&2; die "act: the self-test workflow failed ($status)"; }
  ok "act: the workflow succeeded"
  grep -q "self-test: outputs OK" "$tmp/act.log" || die "act: the output check step did not run"
  ok "act: the output check step passed"
  [ "$("${helpers[@]}" count "$api_url" posts)" = "$examples" ] \
    || die "act: the sandbox holds $("${helpers[@]}" count "$api_url" posts) posts, expected $examples"
  ok "act: the sandbox received the $examples example posts"
  "${helpers[@]}" no-secret SANDBOX_TOKEN "$tmp/act.log"
  ok "act: the token is masked in the log"
  t_end
fi

# ---------------------------------------------------------------------------------------------
# (f) A release as .github/workflows/release.yml makes it: the image pushed as ghcr.io/<repo>:X.Y.Z
# (here only tagged so; act-local never pulls an image it has) and a release commit whose
# action.yml names it. `uses: ./` on that commit must run the image (there is no Dockerfile to
# build) and keep action.yml's defaults, which `uses: docker://` would not: github-token's
# ${{ github.token }} reaches a fake GitHub, so the commit-comment ledger is written and read, and
# a rerun from a fresh checkout (act copies the tree anew; no state file) publishes nothing.
if [ -n "${CONTAINER_TEST_SKIP_ACT:-}" ]; then
  say "== (f) release under act: SKIPPED on request: $CONTAINER_TEST_SKIP_ACT"
else
  t_begin "(f) a release commit under act: uses: ./ runs the prebuilt image, with the defaults"
  reset_sandbox
  release_names=$("$py" tools/release_action.py names --repository Medium-Publish-Test/Medium-Publish --tag v0.0.0-test)
  release_image=$(sed -n 's/^image=//p' <<<"$release_names")
  [ "$release_image" = ghcr.io/medium-publish-test/medium-publish:0.0.0-test ] \
    || die "unexpected release image name: $release_image"
  docker tag "$image" "$release_image"
  release=$tmp/release
  copy_work_tree "$release"
  "$py" tools/release_action.py rewrite "$release/action.yml" "$release_image" | sed 's/^/    | /'
  changed=$(diff action.yml "$release/action.yml" | grep -c '^[<>]') || true
  [ "$changed" = 2 ] || die "the release's action.yml differs from main's by $changed lines, not 2"
  grep -qx "  image: docker://$release_image" "$release/action.yml" \
    || die "the release's action.yml does not name docker://$release_image"
  ok "release action.yml: image: docker://$release_image, nothing else changed"
  rm "$release/Dockerfile" # a build of the action could only fail: the image must be pulled
  rm -f "$release"/.github/workflows/*.yml
  cat >"$release/.github/workflows/release-check.yml" <<'EOF'
name: Release check
on: push
permissions:
  contents: write
jobs:
  release-check:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v6
      - id: publish
        uses: ./
        with: # no github-token, no comment: action.yml's defaults, ${{ github.token }} and true
          api-url: ${{ vars.SANDBOX_URL }}
          token: ${{ secrets.MEDIUM_TOKEN }}
          files: examples/hello-medium.md
      - env:
          COUNT: ${{ steps.publish.outputs.count }}
          SKIPPED: ${{ steps.publish.outputs.skipped }}
        run: |
          echo "release-check: count=$COUNT skipped=$SKIPPED"
EOF
  git_repo "$release" "Release v0.0.0-test"
  hgit -C "$release" remote add origin https://github.com/writer/blog.git # act's github.repository
  github_token=ghs_releasecheck$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
  mkfifo "$tmp/github.fifo"
  "$py" tests/fake_github.py --port 0 --repository writer/blog --token "$github_token" \
    --dump "$tmp/comments.json" >"$tmp/github.fifo" 2>"$tmp/github.err" &
  github_pid=$!
  exec 4<"$tmp/github.fifo"
  # readiness: the fake GitHub prints its URL once it listens
  read -r -t 30 github_url <&4 || { cat "$tmp/github.err" >&2; die "the fake GitHub did not start"; }
  act_release() { # NAME: the release-check workflow under act; its log in $tmp/NAME.log
    local status=0
    (cd "$release" && timeout 300 "$shared_ci/act-local" push -W .github/workflows/release-check.yml \
      -s GITHUB_TOKEN="$github_token" -s MEDIUM_TOKEN="$SANDBOX_TOKEN" \
      --var SANDBOX_URL="$api_url" --env GITHUB_API_URL="$github_url") >"$tmp/$1.log" 2>&1 || status=$?
    { grep -E 'docker (build|run) |release-check:|::(error|warning)' "$tmp/$1.log" || true; } \
      | tail -n 20 | sed 's/^/    | /'
    [ "$status" = 0 ] || { tail -n 60 "$tmp/$1.log" >&2; die "act: the release check failed ($status)"; }
  }
  act_release act-release
  ! grep -q 'docker build' "$tmp/act-release.log" || die "act built an image for the release's action"
  grep -qF "docker run image=$release_image" "$tmp/act-release.log" \
    || die "act did not run $release_image"
  ok "act ran the prebuilt $release_image and built nothing"
  grep -q "release-check: count=1 " "$tmp/act-release.log" || die "the release's action did not publish one post"
  [ "$("${helpers[@]}" count "$api_url" posts)" = 1 ] || die "the sandbox does not hold one post"
  ok "one post published"
  act_release act-release-rerun
  grep -q "release-check: count=0 " "$tmp/act-release-rerun.log" || die "the rerun published"
  [ "$("${helpers[@]}" count "$api_url" posts)" = 1 ] || die "the rerun created a post"
  ok "a rerun from a fresh checkout publishes nothing: the commit-comment ledger held"
  kill "$github_pid"
  wait "$github_pid" || true
  github_pid=""
  "${helpers[@]}" check-ledger "$tmp/comments.json" writer/blog examples/hello-medium.md
  ok "the fake GitHub holds the ledger comment, written with the default github-token"
  "${helpers[@]}" no-secret "$github_token" "$tmp/act-release.log" "$tmp/act-release-rerun.log"
  ok "the GitHub token is masked in act's logs"
  t_end
fi

say "timings:"
printf '%s\n' "${timings[@]}"
say "$passed passed, 0 failed"
