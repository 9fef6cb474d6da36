#!/usr/bin/env bash
# Container figures, against the targets of the issue:
#   image size added over the base image          target <= 60 MB
#   rebuild after a code-only change              target <= 10 s
#   wall time of a no-op container run (nothing to publish; median of RUNS)
#   HTTP requests of a no-op run                  target 0
#   HTTP requests publishing one post with one local image (expected: /me 1, images 1, posts 1)
# Usage: bash bench/bench_container.sh   (RUNS=5; exits 1 when a target is missed)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
runs=${RUNS:-5}
shared_ci=${SHARED_CI:-$root/../shared/ci}
if [ -x .venv/bin/python ]; then py=${PYTHON:-.venv/bin/python}; else py=${PYTHON:-python3}; fi
helpers=(timeout 60 "$py" tests/container/helpers.py)
image=medium-publish:bench
say() { printf 'bench: %s\n' "$*" >&2; }
die() { printf 'bench: FAILED: %s\n' "$*" >&2; exit 1; }
now() { date +%s%N; }
secs() { awk -v ns="$1" 'BEGIN { printf "%.2f", ns / 1e9 }'; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/medium-bench.XXXXXX")
sandbox_pid=""
cleanup() {
  if [ -n "$sandbox_pid" ]; then kill "$sandbox_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -x "$shared_ci/container-engine" ]; then
  base=$("$shared_ci/container-engine" | tail -n 1) || die "the container engine did not start"
else
  docker info >/dev/null 2>&1 || die "no container engine"
  base=${BASE_IMAGE:-python:3.12-slim}
fi

# A copy of the build context (what .dockerignore lets through), so the code change stays there.
ctx=$tmp/context
mkdir -p "$ctx"
cp -r Dockerfile .dockerignore pyproject.toml entrypoint.py medium_action "$ctx/"
find "$ctx" -name __pycache__ -prune -exec rm -rf {} +
build() {
  docker build -q --build-arg BASE_IMAGE="$base" -t "$image" "$ctx" >"$tmp/build.log" 2>&1 \
    || { cat "$tmp/build.log" >&2; return 1; }
}
say "building $image (warm-up: the dependency layer may be built here)"
build || die "docker build failed"

base_size=$(docker image inspect -f '{{.Size}}' "$base")
image_size=$(docker image inspect -f '{{.Size}}' "$image")
added_mb=$(awk -v a="$image_size" -v b="$base_size" 'BEGIN { printf "%.1f", (a - b) / 1e6 }')

module=$(find "$ctx/medium_action" -name '*.py' | sort | head -n 1)
printf '\n# bench: a code-only change %s\n' "$(now)" >>"$module"
start=$(now)
build || die "docker build after the change failed"
rebuild_ns=$(($(now) - start))

# the sandbox, for the request counts
mkfifo "$tmp/sandbox.fifo"
"$py" -m medium_action.sandbox.server --port 0 --quiet >"$tmp/sandbox.fifo" 2>"$tmp/sandbox.err" &
sandbox_pid=$!
exec 3<"$tmp/sandbox.fifo"
read -r -t 30 line <&3 || die "the sandbox did not start: $(cat "$tmp/sandbox.err")"
api_url=$(sed -n 's/.*api-url=\([^ ]*\).*/\1/p' <<<"$line")
token=$(sed -n 's/.* token=\([^ ]*\).*/\1/p' <<<"$line")

# a workspace whose last commit changes no Markdown file: nothing to publish
ws=$tmp/ws
mkdir -p "$ws/posts/images"
printf '# Bench post\n\n![a diagram](images/flow.png)\n' >"$ws/posts/bench.md"
cp examples/images/flow.png "$ws/posts/images/flow.png"
git -C "$ws" init -q -b main
git -C "$ws" add -A
git -C "$ws" -c user.name=b -c user.email=b@example.invalid commit -q -m posts
printf 'notes\n' >"$ws/notes.txt"
git -C "$ws" add -A
git -C "$ws" -c user.name=b -c user.email=b@example.invalid commit -q -m "no post"
run_container() { # extra -e arguments...
  docker run --rm --network host -e MEDIUM_TOKEN="$token" -e MEDIUM_API_URL="$api_url" "$@" \
    -v "$ws":/work -w /work "$image" >"$tmp/run.log" 2>&1 || { cat "$tmp/run.log" >&2; die "container run failed"; }
}

requests_before=$("${helpers[@]}" count "$api_url" requests)
times=()
for _ in $(seq "$runs"); do
  start=$(now)
  run_container
  times+=($(($(now) - start)))
done
noop_requests=$(($("${helpers[@]}" count "$api_url" requests) - requests_before))
grep -q '^0 published' "$tmp/run.log" || { cat "$tmp/run.log" >&2; die "the no-op run published something"; }
say "no-op run: $(head -n 1 "$tmp/run.log")"
mapfile -t sorted < <(printf '%s\n' "${times[@]}" | sort -n)
noop_ns=${sorted[$((runs / 2))]}
min_ns=${sorted[0]}

# one post with one image: which requests
"${helpers[@]}" sandbox POST "$api_url" /_sandbox/reset >/dev/null
run_container -e MEDIUM_FILES=posts/bench.md
publish_counts=$("$py" - "$api_url" <<'EOF'
import json, re, sys, urllib.request
root = re.sub(r"/v1/?$", "", sys.argv[1])
with urllib.request.urlopen(root + "/_sandbox/requests", timeout=10) as answer:  # noqa: S310
    log = json.loads(answer.read())["data"]
paths = [f"{r.get('method', '')} {r.get('path', '')}" for r in log if "/_sandbox" not in str(r.get("path"))]
me = sum(p.endswith("/v1/me") for p in paths)
images = sum(p.startswith("POST") and p.endswith("/v1/images") for p in paths)
posts = sum(p.startswith("POST") and p.endswith("/posts") for p in paths)
print(f"/me {me}, images {images}, posts {posts}, total {len(paths)}")
EOF
)

verdict() { if [ "$1" = 1 ]; then echo "OK"; else echo "MISSED"; fi; }
size_ok=$(awk -v a="$added_mb" 'BEGIN { print (a <= 60) ? 1 : 0 }')
rebuild_ok=$([ "$rebuild_ns" -le 10000000000 ] && echo 1 || echo 0)
noop_ok=$([ "$noop_requests" = 0 ] && echo 1 || echo 0)
mb() { awk -v s="$1" 'BEGIN { printf "%.1f", s / 1e6 }'; }
cat <<EOF
machine: $(nproc) cores, $(uname -sm), docker $(docker version -f '{{.Server.Version}}'), base $base
date: $(date -u +%Y-%m-%dT%H:%MZ)
image size added over the base: $added_mb MB (image $(mb "$image_size") MB, base $(mb "$base_size") MB; target <= 60 MB): $(verdict "$size_ok")
rebuild after a code-only change: $(secs "$rebuild_ns") s (target <= 10 s): $(verdict "$rebuild_ok")
no-op container run (nothing to publish): $(secs "$noop_ns") s median, $(secs "$min_ns") s best of $runs
HTTP requests of a no-op run: $((noop_requests / runs)) per run (target 0): $(verdict "$noop_ok")
HTTP requests publishing one post with one image: $publish_counts
EOF
[ "$size_ok$rebuild_ok$noop_ok" = 111 ]
