#!/usr/bin/env bash
# An offline install of xyforecast: every wheel it needs, pinned by requirements.lock, for a
# machine without internet (a statistics bureau's offline network). Run it where pip reaches
# PyPI; copy the folder (a USB stick) with a checkout; on the offline machine:
#   Linux:   python3 -m venv .venv && .venv/bin/pip install --no-index --find-links WHEELHOUSE/linux .
#   Windows: py -m venv .venv; .venv\Scripts\pip install --no-index --find-links WHEELHOUSE\windows .
#
#   bash scripts/wheelhouse.sh [FOLDER] [linux|windows ...]   (default: wheelhouse, both)
#
# Wheels only (nothing is compiled on the offline machine), CPython 3.11 (the version of the
# Python running this, at least 3.11.5 for the lock's pins; PYVERSION=3.11.9 for another), x86-64: manylinux
# (glibc 2.17 or later: Debian 10+, Kylin/UOS) and win_amd64. The packages are those pip
# resolves for `.` under the lock's pins, plus setuptools (to build xyforecast itself) and the
# packages only Windows needs (pip evaluates markers for the machine it runs on).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-wheelhouse}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(linux windows)
python=${PYTHON:-python3}
version=${PYVERSION:-$("$python" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])')}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# What `pip install .` installs, pinned by the lock: resolved once, without installing.
"$python" -m pip install -q --dry-run --ignore-installed --report "$work/report.json" \
  -c requirements.lock . >/dev/null
"$python" - "$work/report.json" > "$work/requirements.txt" <<'PY'
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
for item in report["install"]:
    meta = item["metadata"]
    if meta["name"] != "xyforecast":
        print(f'{meta["name"]}=={meta["version"]}')
PY
build=$(grep -m1 -o '"setuptools[^"]*"' pyproject.toml | tr -d '"')
for target in "${targets[@]}"; do
  case "$target" in
    linux) platforms=(--platform manylinux2014_x86_64 --platform manylinux_2_17_x86_64
                      --platform manylinux_2_28_x86_64); extra=() ;;
    windows) platforms=(--platform win_amd64); extra=(pywin32 colorama) ;;
    *) echo "unknown target: $target (linux or windows)" >&2; exit 2 ;;
  esac
  echo "wheelhouse for $target: $out/$target/"
  "$python" -m pip download -q --only-binary=:all: --implementation cp --python-version "$version" \
    --abi cp311 --abi abi3 --abi none "${platforms[@]}" -d "$out/$target" \
    -r "$work/requirements.txt" "$build" wheel "${extra[@]}"
done
