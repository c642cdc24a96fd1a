#!/usr/bin/env bash
# README command 2: install, build, and run the whole test suite.
# A throwaway PostgreSQL is started on loopback for the duration of the run
# (scripts/pg-test-server.sh), so every storage test runs on SQLite and on
# PostgreSQL. Extra arguments go to ctest (e.g. -R campaign).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"

"$root/scripts/build.sh"

eval "$("$root/scripts/pg-test-server.sh" start)"
trap '"$root/scripts/pg-test-server.sh" stop "$CESP_TEST_PG_DIR"' EXIT

cd "$build"
ctest --output-on-failure --parallel "$(nproc)" --timeout 600 "$@"
