#!/usr/bin/env bash
# Fuzz smoke: builds the libFuzzer targets (preset fuzz: OPENWUDF_FUZZ=ON, clang) in build-fuzz and runs each
# for FUZZ_SECONDS (default 20) on a copy of its seed corpus, so the tree stays as it is. A crash,
# leak, timeout or out-of-memory fails the run. Prints per target: executions, executions per
# second, coverage (libFuzzer's cov: and ft:) and the result; the last line is the summary.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
JOBS="${JOBS:-2}"
FUZZ_SECONDS="${FUZZ_SECONDS:-20}"
BUILD="${FUZZ_BUILD_DIR:-build-fuzz}"
TARGETS=(fuzz_client_wire fuzz_host_wire fuzz_inf fuzz_kv fuzz_ring fuzz_usb_descriptors fuzz_usbip)

echo "=== fuzz: configure and build in $BUILD"
if ! cmake --preset fuzz -B "$BUILD" >"$BUILD.configure.log" 2>&1; then
  cat "$BUILD.configure.log"
  echo "fuzz: configure FAILED"
  exit 1
fi
if ! cmake --build "$BUILD" -j "$JOBS"; then
  echo "fuzz: build FAILED"
  exit 1
fi

run="$BUILD/fuzz-run"
rm -rf "$run"
failed=()
printf '%-18s %10s %8s %6s %7s  %s\n' target execs exec/s cov ft result
for t in "${TARGETS[@]}"; do
  mkdir -p "$run/$t/corpus"
  cp tests/fuzz/corpus/"$t"/* "$run/$t/corpus/"
  dict=tests/fuzz/dict/wire.dict
  [ "$t" = fuzz_inf ] && dict=tests/fuzz/dict/inf.dict
  log="$run/$t/fuzz.log"
  # The reflector logs every event (its formatting of peer bytes is fuzzed too); the target's
  # stderr is closed, libFuzzer's own output and sanitizer reports still reach the log.
  OPENWUDF_FUZZ_LOG=debug "$BUILD/bin/$t" -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 \
    -max_len=16384 -print_final_stats=1 -close_fd_mask=2 -dict="$dict" -artifact_prefix="$run/$t/" \
    "$run/$t/corpus" >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  last=$(grep -E '^#[0-9]+' "$log" | tail -1)
  cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
  ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
  artifacts=$(find "$run/$t" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
    -o -name 'oom-*' \) -printf '%f ')
  result=ok
  if [ "$rc" != 0 ] || [ -n "$artifacts" ]; then
    result="FAILED (exit $rc${artifacts:+; $artifacts})"
    failed+=("$t")
  fi
  printf '%-18s %10s %8s %6s %7s  %s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$result"
done

for t in "${failed[@]}"; do
  echo "--- $t: end of $run/$t/fuzz.log"
  tail -60 "$run/$t/fuzz.log"
done
if [ ${#failed[@]} -eq 0 ]; then
  echo "fuzz: ${#TARGETS[@]} targets clean, ${FUZZ_SECONDS} s each"
  exit 0
fi
echo "fuzz: FAILED ${failed[*]} (inputs in $run/<target>/)"
exit 1
