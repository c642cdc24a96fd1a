#!/usr/bin/env bash
# README command 1: install, build, and run the server on the embedded default
# (SQLite and files under ./data), with the demo accounts. Extra arguments go
# to `cesp serve`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"

"$root/scripts/build.sh"
exec "$build/server/cesp" serve --demo --data-dir "${CESP_DATA_DIR:-$root/data}" --port "${CESP_PORT:-8080}" "$@"
