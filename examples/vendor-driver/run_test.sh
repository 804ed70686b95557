#!/bin/bash
# run_test.sh: runs a driver's test program against a reflector of its own, as CI would.
#
#   run_test.sh --wudfrd PATH --wudfctl PATH --driver-dir DIR --inf FILE [--kernel] [--emulator CMD]
#               [--expect-log TEXT]... [--keep-log FILE] -- TEST-PROGRAM [ARGS...]
#
# Starts wudfrd in a temporary directory with DIR as %12% (the driver in DIR/UMDF), installs FILE,
# runs the test program, checks that the reflector's log holds each TEXT (the driver's WPP traces
# land there), then shuts the reflector down in order. --kernel (Windows, Wine) also installs
# reflector.sys so that the program can open the device with CreateFile; --emulator runs the
# Windows programs (e.g. "wine"); --keep-log copies the reflector's log to FILE (a CI artifact).
# Exit status: the test program's, or 1 when the setup failed.
set -uo pipefail

emulator=() kernel=0 expects=() keep_log=
while [ $# -gt 0 ]; do
    case $1 in
    --wudfrd) wudfrd=$2; shift 2 ;;
    --wudfctl) wudfctl=$2; shift 2 ;;
    --driver-dir) driver_dir=$2; shift 2 ;;
    --inf) inf=$2; shift 2 ;;
    --kernel) kernel=1; shift ;;
    --emulator) read -r -a emulator <<<"$2"; shift 2 ;;
    --expect-log) expects+=("$2"); shift 2 ;;
    --keep-log) keep_log=$2; shift 2 ;;
    --) shift; break ;;
    *) echo "run_test: unknown option $1" >&2; exit 2 ;;
    esac
done
if [ -z "${wudfrd:-}" ] || [ -z "${wudfctl:-}" ] || [ -z "${driver_dir:-}" ] || [ -z "${inf:-}" ] || [ $# -eq 0 ]; then
    echo "usage: run_test.sh --wudfrd PATH --wudfctl PATH --driver-dir DIR --inf FILE [--kernel]" \
         "[--emulator CMD] [--expect-log TEXT]... [--keep-log FILE] -- TEST-PROGRAM [ARGS...]" >&2
    exit 2
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/driver-test.XXXXXX")
chmod 755 "$work" # hosts may run as users of their own
export WUDF_RUNTIME_DIR=$work/run
log=$work/wudfrd.log
reflector=
cleanup() {
    if [ -n "$reflector" ] && kill -0 "$reflector" 2>/dev/null; then
        "${emulator[@]}" "$wudfctl" shutdown >/dev/null 2>&1 || kill "$reflector" 2>/dev/null
        wait "$reflector" 2>/dev/null
    fi
    if [ -n "$keep_log" ]; then cp "$log" "$keep_log" 2>/dev/null; fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "run_test: $*" >&2
    echo "--- the reflector's log:" >&2
    tail -n 40 "$log" >&2
    exit 1
}
ctl() { "${emulator[@]}" "$wudfctl" "$@"; }

# Waits (at most $2 seconds) for the log to hold the fixed text $1; follows the log as it grows.
wait_log() {
    grep -m1 -qF -- "$1" < <(timeout "$2" tail -n +1 -f --pid="$reflector" "$log")
}

args=(--runtime-dir "$work/run" --state-dir "$work/state" --driver-dir "$driver_dir")
if [ "$kernel" = 1 ]; then
    ctl kernel install >"$work/kernel.log" 2>&1 || { cat "$work/kernel.log" >&2; fail "wudfctl kernel install failed"; }
    args+=(--kernel)
fi
: >"$log" # before the reflector starts: the wait below must find the file even if it runs first
"${emulator[@]}" "$wudfrd" "${args[@]}" >>"$log" 2>&1 &
reflector=$!
wait_log "event=ready" 60 || fail "wudfrd was not ready within 60 s"
ctl install "$inf" >"$work/install.log" 2>&1 || { cat "$work/install.log" >&2; fail "wudfctl install $inf failed"; }

echo "run_test: $*"
"${emulator[@]}" "$@"
status=$?

for text in "${expects[@]}"; do
    wait_log "$text" 10 || { status=1; echo "run_test: the reflector's log has no \"$text\"" >&2; }
done
ctl shutdown >/dev/null 2>&1 || fail "wudfctl shutdown failed"
timeout 30 tail --pid="$reflector" -f /dev/null || fail "wudfrd did not exit within 30 s of shutdown"
wait "$reflector"
rc=$?
reflector=
[ "$rc" = 0 ] || { status=1; echo "run_test: wudfrd exited with status $rc" >&2; }
[ "$status" = 0 ] || { echo "--- the reflector's log:" >&2; tail -n 40 "$log" >&2; }
exit "$status"
