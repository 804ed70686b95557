#!/usr/bin/env bash
# Runs a Windows program under Wine for the mingw-w64 build: the
# CMAKE_CROSSCOMPILING_EMULATOR of cmake/mingw-w64.cmake, so CTest runs every
# .exe test unchanged.
#
#   wine-run.sh [--wineprefix DIR] [--winepath DIR]... [--] PROGRAM.exe [ARGS...]
#   wine-run.sh [--wineprefix DIR] --boot     create/update the prefix once
#   wine-run.sh [--wineprefix DIR] --serve    boot if needed, then keep that
#                                             prefix's wineserver running (saves
#                                             ~0.5 s per test; stop it with --kill;
#                                             without it a run starts one that
#                                             lingers OPENWUDF_WINE_LINGER=30 s)
#   wine-run.sh [--wineprefix DIR] --kill     stop that prefix's wineserver and
#                                             every Wine process in it
#
# The prefix is OPENWUDF_WINEPREFIX if set, else --wineprefix (the toolchain
# file bakes in <build dir>/wineprefix), else ./wineprefix. It should be booted
# once per run (--boot, as .ci/windows-test.sh does); a run that finds no booted
# prefix boots it itself under a lock, so a hand-run `ctest` works too.
# The program's exit code is passed through unchanged (wine reports a Windows
# exit code modulo 256, e.g. an access violation 0xC0000005 exits 5).
set -u

prefix=""
winepath=()
mode=run
while [ $# -gt 0 ]; do
  case "$1" in
    --wineprefix) prefix="$2"; shift 2 ;;
    --wineprefix=*) prefix="${1#*=}"; shift ;;
    --winepath) winepath+=("$2"); shift 2 ;;
    --winepath=*) winepath+=("${1#*=}"); shift ;;
    --boot) mode=boot; shift ;;
    --serve) mode=serve; shift ;;
    --kill) mode=kill; shift ;;
    --) shift; break ;;
    *) break ;;
  esac
done
prefix="${OPENWUDF_WINEPREFIX:-${prefix:-$PWD/wineprefix}}"
case "$prefix" in /*) ;; *) prefix="$PWD/$prefix" ;; esac

export WINEPREFIX="$prefix"
export WINEARCH=win64
export WINEDEBUG="${OPENWUDF_WINEDEBUG:--all}"
# No Mono/Gecko installers, no menu entries, and never a window: there is no X.
overrides="mscoree,mshtml=;winemenubuilder.exe=d"
# No winedbg on a crash: the program then always exits with its exception code
# (0xC0000005 -> 5). With winedbg --auto attached (OPENWUDF_WINE_BACKTRACE=1) you
# get a backtrace on stderr, but Wine 8 then often reports exit code 0 for the
# crashed program: a crashing test would pass. Use it to debug, never in CI.
[ "${OPENWUDF_WINE_BACKTRACE:-0}" = 1 ] || overrides="$overrides;winedbg.exe=d"
export WINEDLLOVERRIDES="$overrides${WINEDLLOVERRIDES:+;$WINEDLLOVERRIDES}"
unset DISPLAY WAYLAND_DISPLAY
# Wine wants a home directory (CI may run with HOME unset).
if [ -z "${HOME:-}" ]; then HOME="$(getent passwd "$(id -u)" | cut -d: -f6)"; export HOME; fi
if [ ${#winepath[@]} -gt 0 ]; then
  wp=""
  for d in "${winepath[@]}"; do
    [ -d "$d" ] && wp="${wp:+$wp;}$(printf 'Z:%s' "$d" | tr / '\\')"
  done
  [ -n "$wp" ] && export WINEPATH="$wp${WINEPATH:+;$WINEPATH}"
fi

WINE="${OPENWUDF_WINE:-wine}"
WINESERVER="${OPENWUDF_WINESERVER:-wineserver}"
stamp="$prefix/.openwudf-booted"
boot_version=3   # bump when boot() changes: prefixes booted before are redone

booted() { [ "$(cat "$stamp" 2>/dev/null)" = "$boot_version" ]; }

# Wine commands run while holding the lock: never let a Wine process (or the
# wineserver it starts) inherit the lock's fd 9, or it holds the lock.
wine_quiet() { "$WINE" "$@" </dev/null >/dev/null 2>&1 9>&-; }

boot() {
  mkdir -p "$prefix" || return 1
  (
    flock 9
    booted && exit 0
    echo "wine-run: booting Wine prefix $prefix" >&2
    wine_quiet wineboot -i || { echo "wine-run: wineboot -i failed" >&2; exit 1; }
    "$WINESERVER" -w
    # Auto=1: an unhandled exception starts the debugger (winedbg --auto, if not
    # disabled, see OPENWUDF_WINE_BACKTRACE) without asking. Auto=0 would ask in
    # a message box first, which waits forever headless.
    wine_quiet reg add 'HKLM\Software\Microsoft\Windows NT\CurrentVersion\AeDebug' /v Auto /t REG_SZ /d 1 /f &&
    wine_quiet reg add 'HKCU\Software\Wine\WineDbg' /v ShowCrashDialog /t REG_DWORD /d 0 /f &&
    wine_quiet reg add 'HKCU\Software\Wine\Drivers' /v Graphics /t REG_SZ /d null /f ||
      { echo "wine-run: setting up the registry failed" >&2; exit 1; }
    "$WINESERVER" -w
    echo "$boot_version" >"$stamp"
  ) 9>"$prefix.lock"
}

# ensure_server [SECONDS]: make sure the prefix has a wineserver (persistent for
# SECONDS after its last client, forever without), and when this call started
# it, start Wine's system processes (services.exe, winedevice, plugplay ...)
# at once with /dev/null as their stdio. Otherwise they start with the first
# program run and inherit its stdout/stderr: CTest then waits on that test's
# output pipe until they exit, which with a persistent server is never.
# (Wine hands every process it starts its parent's Unix stderr, whatever the
# Windows handles say: dlls/ntdll/unix/process.c, spawn_process.)
# A persistent server also gets a desktop for the whole run: explorer.exe
# /desktop starts with the first program that needs a window, as a child of
# that program's stderr, and lives as long as any program uses the desktop;
# with tests running in parallel that can be minutes after the test that
# started it has ended, all that time holding its output pipe open. So a
# notepad with /dev/null as its stdio keeps a desktop until --kill, and
# rundll32 (which makes a window, so waits for the desktop to be up) starts it.
ensure_server() {
  [ "${OPENWUDF_WINE_NOSERVE:-0}" = 1 ] && return 0
  (
    flock 9
    # 9>&-: the daemons must not inherit (and so hold) the lock.
    if "$WINESERVER" "-p${1:-}" </dev/null >/dev/null 2>&1 9>&-; then
      wine_quiet cmd /c exit || true
      if [ -z "${1:-}" ]; then
        "$WINE" notepad </dev/null >/dev/null 2>&1 9>&- &
        wine_quiet rundll32 user32.dll,GetDesktopWindow || true
      fi
    fi
    exit 0   # already running: fine
  ) 9>"$prefix.lock"
}

case "$mode" in
  boot) boot; exit $? ;;
  serve) { booted || boot; } || exit 1; ensure_server; exit $? ;;
  kill) [ -d "$prefix" ] && "$WINESERVER" -k 2>/dev/null; exit 0 ;;
esac

if [ $# -eq 0 ]; then
  echo "usage: wine-run.sh [--wineprefix DIR] [--winepath DIR]... [--] PROGRAM [ARGS...]" >&2
  exit 2
fi
booted || boot || exit 1
ensure_server "${OPENWUDF_WINE_LINGER:-30}"
"$WINE" "$@"
exit $?
