#!/usr/bin/env bash
# Nightly-style fuzzing of the parsers of untrusted input (fuzz/, issue 9).
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
# Builds the libFuzzer targets with clang (-fsanitize=fuzzer,address,undefined)
# in $FUZZ_BUILD_DIR (default /tmp/build-fuzz), runs each one for
# SECONDS_PER_TARGET seconds (default 60) from the seed corpus in
# fuzz/corpus/<target> (+ the small hostile samples for intake), and copies
# every crasher / leak / timeout to tests/fuzz_regressions/<target>/, where the
# fuzz_regressions_<target> CTest test of the ordinary build replays it.
# The grown corpus stays in $FUZZ_BUILD_DIR/corpus (never committed).
# Exit status: 0 when no target found anything, 1 otherwise.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -gt 0 ] || TARGETS=(mrz bank ocrb intake pdf csv multipart json_body)
BUILD="${FUZZ_BUILD_DIR:-/tmp/build-fuzz}"
JOBS="${JOBS:-2}"

CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD" -G Ninja \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCESP_FUZZ=ON >/dev/null
ninja -C "$BUILD" -j"$JOBS" "${TARGETS[@]/#/fuzz_}"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
# Process-lifetime caches of third-party libraries (fontconfig for poppler).
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$ROOT/fuzz/lsan.supp:print_suppressions=0}"
found=0
summary=()
for target in "${TARGETS[@]}"; do
  corpus="$BUILD/corpus/$target"
  artifacts="$BUILD/artifacts/$target"
  regressions="$ROOT/tests/fuzz_regressions/$target"
  mkdir -p "$corpus" "$artifacts" "$regressions"
  cp -n "$ROOT/fuzz/corpus/$target"/* "$corpus"/ 2>/dev/null || true
  seeds=("$corpus")
  if [ "$target" = intake ]; then
    # The hostile samples that are small enough to mutate quickly.
    find "$ROOT/samples/pieces/hostile" -type f -size -64k -exec cp -n {} "$corpus"/ \;
  fi
  extra=()
  # A dictionary of format tokens, for targets whose parser is an
  # uninstrumented system library (coverage cannot guide mutations there).
  [ -f "$ROOT/fuzz/$target.dict" ] && extra+=(-dict="$ROOT/fuzz/$target.dict")
  # Per-input time limit (wall clock). A mangled PDF may take 0.5 s of CPU
  # in poppler, 6-10 s under ASan, and 30 s of wall clock on shared cores:
  # a shorter limit reports slow pages, not hangs (a hang still shows).
  timeout=10
  [ "$target" = pdf ] && timeout=60
  log="$BUILD/fuzz-$target.log"
  echo "== fuzz_$target: ${SECONDS_PER_TARGET}s"
  set +e
  "$BUILD/fuzz/fuzz_$target" "${seeds[@]}" "${extra[@]}" \
    -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -timeout="$timeout" -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" >"$log" 2>&1
  status=$?
  set -e
  execs=$(grep -m1 'stat::number_of_executed_units' "$log" | awk '{print $2}')
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | awk '{print $2}')
  new=0
  slow=0
  for crash in "$artifacts"/*; do
    [ -f "$crash" ] || continue
    # slow-unit-*: over -report_slow_units (10 s), reported but not a finding.
    case "$(basename "$crash")" in slow-unit-*) slow=$((slow + 1)); continue ;; esac
    cp "$crash" "$regressions/"
    echo "   crasher kept: tests/fuzz_regressions/$target/$(basename "$crash")"
    new=$((new + 1))
  done
  rm -f "$artifacts"/*
  if [ "$status" -ne 0 ] || [ "$new" -gt 0 ]; then
    found=1
    echo "   FOUND (exit $status), log: $log"
    grep -m3 -E 'ERROR: (AddressSanitizer|libFuzzer)|runtime error' "$log" | sed 's/^/   /' || true
  fi
  summary+=("fuzz_$target: ${SECONDS_PER_TARGET}s, ${execs:-?} execs, cov ${cov:-?}, exit $status, $new crasher(s), $slow slow unit(s)")
done
printf '%s\n' "${summary[@]}"
exit "$found"
