#!/usr/bin/env bash
# How long the first `make report` spends setting up (make setup: the virtual environment,
# the locked packages, byte-compiling, the kernel), on a fresh clone of this checkout: wall
# and CPU seconds (children included), with pip's cache empty (cold) then filled by the
# first run (warm). PyPI only (PIP_CONFIG_FILE=/dev/null: no local mirror or find-links);
# the CJK font is assumed installed (apt's time is not pip's).
#   bash scripts/setup-time.sh          (two clean set-ups; about 5 minutes)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PIP_CONFIG_FILE=/dev/null PIP_CACHE_DIR="$work/pip-cache"
unset PIP_FIND_LINKS PIP_INDEX_URL PIP_EXTRA_INDEX_URL
printf '%-6s %8s %8s\n' cache wall_s cpu_s
for cache in cold warm; do
  rm -rf "$work/clone"
  git clone -q . "$work/clone"
  /usr/bin/time -f "%e %U %S" -o "$work/time" make -C "$work/clone" setup >/dev/null 2>&1
  read -r wall user sys < "$work/time"
  printf '%-6s %8.0f %8.0f\n' "$cache" "$wall" "$(awk "BEGIN { print $user + $sys }")"
done
