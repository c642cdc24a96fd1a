#!/usr/bin/env bash
# AddressSanitizer + UndefinedBehaviorSanitizer run of the unit tests (issue 9).
#   scripts/sanitize.sh
# Builds with g++ -fsanitize=address,undefined -fno-sanitize-recover=undefined
# in $ASAN_BUILD_DIR (default /tmp/build-asan), then runs this subset, chosen
# to stay within ~15 minutes on 2 cores (not part of .ci/run: CI budget):
#   core_tests     all test cases
#   ingest_tests   type sniffing and intake bounds, not [worker] (see below)
#   ocr_tests      the parsers only: [mrz], [bank], [names], [verdict],
#                  [mrz_consensus], [mrz_glyphs], [piece_text]
#                  (not the Tesseract end-to-end cases: minutes each under ASan)
#   storage_tests  all default test cases (SQLite, and PostgreSQL through
#                  scripts/pg-test-server.sh), not the hidden [.crash-full]
#   fuzz_*         replay of the fuzz seed corpus and regression fixtures
# Any sanitizer report aborts the test binary, so a finding is a failure.
# SANITIZE_STAGE1_ONLY=1 stops after core, ingest and the fuzz replays.
# Exit status: 0 when every binary passed.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${ASAN_BUILD_DIR:-/tmp/build-asan}"
JOBS="${JOBS:-2}"
SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
# g++ 12 + ASan gives false -Wmaybe-uninitialized inside libstdc++'s <regex>;
# -Werror (cesp_warnings) would stop the build on them.
CXXFLAGS_SAN="$SAN -Wno-maybe-uninitialized"

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_FLAGS="$CXXFLAGS_SAN" -DCMAKE_EXE_LINKER_FLAGS="$SAN" >/dev/null
# Leaks are reported by ASan (detect_leaks) too; third-party caches that live
# until exit are listed in fuzz/lsan.supp.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1:detect_stack_use_after_return=1}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/fuzz/lsan.supp:print_suppressions=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"

eval "$("$ROOT/scripts/pg-test-server.sh" start)"
trap '"$ROOT/scripts/pg-test-server.sh" stop "$CESP_TEST_PG_DIR"' EXIT

failed=()
build() { ninja -C "$BUILD" -j"$JOBS" "$@"; }
run() {
  local name="$1"
  shift
  echo "== $name $*"
  local start=$SECONDS
  if (cd "$BUILD" && "$@" >"$BUILD/sanitize-$name.log" 2>&1); then
    echo "   passed in $((SECONDS - start)) s ($(tail -n 2 "$BUILD/sanitize-$name.log" | tr -s '\n' ' '))"
  else
    echo "   FAILED in $((SECONDS - start)) s, log: $BUILD/sanitize-$name.log"
    grep -m5 -E 'ERROR: (Address|Leak)Sanitizer|runtime error|SUMMARY|FAILED' "$BUILD/sanitize-$name.log" | sed 's/^/   /' || true
    failed+=("$name")
  fi
}

# Stage 1 needs neither the server nor signing: results come in minutes.
build core_tests ingest_tests cesp_test_worker \
  fuzz_mrz fuzz_bank fuzz_ocrb fuzz_intake fuzz_pdf fuzz_csv fuzz_multipart fuzz_json_body
run core_tests ./tests/core/core_tests
# Not [worker]: the pool caps each worker's address space (RLIMIT_AS), and an
# ASan binary cannot reserve its shadow memory under that cap.
run ingest_tests ./tests/ingest/ingest_tests "~[worker]"
run fuzz_replay ctest -R fuzz_regressions --output-on-failure
# Stage 2: ocr_tests and storage_tests also build `cesp` (their CLI tests use it).
if [ "${SANITIZE_STAGE1_ONLY:-0}" != 1 ]; then
  build ocr_tests storage_tests
  run ocr_parsers ./tests/ocr/ocr_tests "[mrz],[bank],[names],[verdict],[mrz_consensus],[mrz_glyphs],[piece_text]"
  run storage_tests ./tests/storage/storage_tests
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "sanitizer run: ${#failed[@]} binary(ies) failed: ${failed[*]}"
  exit 1
fi
echo "sanitizer run: clean"
