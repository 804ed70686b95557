#!/usr/bin/env bash
# The Windows suite: cross-build openwudf with mingw-w64 and run every CTest
# test under Wine. Run from anywhere; works in build-win/ of the repository.
#
#   bash .ci/windows-test.sh
#
# Steps: apt packages (if missing) -> .ci/windows-deps.sh build-win/deps
# (cached) -> cmake configure + build -> boot the Wine prefix once -> ctest
# -> the vendor example (examples/vendor-driver) built against the installed
# SDK and its test run under Wine.
# Environment: WINTEST_BUILD (default build-win), WINTEST_DEPS (dependency
# prefix, default $WINTEST_BUILD/deps; point it outside the tree to share one
# build between clones), WINTEST_JOBS (default 2), WINTEST_CTEST_ARGS (extra
# ctest arguments, e.g. "-R unit").
set -Eeuo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
BUILD="${WINTEST_BUILD:-build-win}"
case "$BUILD" in /*) ;; *) BUILD="$ROOT/$BUILD" ;; esac
DEPS="${WINTEST_DEPS:-$BUILD/deps}"
case "$DEPS" in /*) ;; *) DEPS="$ROOT/$DEPS" ;; esac
JOBS="${WINTEST_JOBS:-2}"
# wine64-tools: widl (test_idl).
PKGS=(gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 wine64 wine wine64-tools cmake ninja-build pkg-config dpkg-dev make)

t_start=$SECONDS
STEP=""
say() { echo "windows-test: $*"; }
trap 'rc=$?; echo "windows-test: FAILED in step \"$STEP\" (exit $rc)" >&2; exit $rc' ERR
step() { STEP="$1"; say "$1 ($((SECONDS - t_start)) s)"; }

# ---- packages ----------------------------------------------------------------
step "packages"
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  mkdir -p "$BUILD"
  aptlog="$BUILD/apt.log"
  ok=0
  for i in 1 2 3; do
    apt-get -o DPkg::Lock::Timeout=600 -q update >>"$aptlog" 2>&1 && { ok=1; break; }
    sleep 10
  done
  [ $ok = 1 ] || { tail -n 30 "$aptlog" >&2; false; }
  # No recommends: Wine's (fonts, GL, GStreamer ...) are not needed headless.
  apt-get -o DPkg::Lock::Timeout=600 -q install -y --no-install-recommends "${missing[@]}" >>"$aptlog" 2>&1 ||
    { tail -n 30 "$aptlog" >&2; false; }
fi
command -v wine >/dev/null

# ---- dependencies (cached) ---------------------------------------------------
step "dependencies"
bash "$ROOT/.ci/windows-deps.sh" "$DEPS"

# ---- configure and build -----------------------------------------------------
step "configure"
mkdir -p "$BUILD"
# Preset mingw (CMakePresets.json), in $BUILD and with the dependencies in $DEPS.
(cd "$ROOT" && cmake --preset mingw -B "$BUILD" -DOPENWUDF_WINDEPS="$DEPS") >"$BUILD/configure.log" 2>&1 ||
  { cat "$BUILD/configure.log" >&2; false; }
step "build"
cmake --build "$BUILD" -j "$JOBS"

# ---- Wine: one prefix, one wineserver for the whole run -----------------------
step "wine prefix"
WINERUN=(bash "$ROOT/cmake/wine-run.sh" --wineprefix "$BUILD/wineprefix")
"${WINERUN[@]}" --boot
"${WINERUN[@]}" --serve
trap '"${WINERUN[@]}" --kill' EXIT

# ---- tests -----------------------------------------------------------------
step "ctest"
log="$BUILD/ctest-windows.log"
rc=0   # (in an || list: a failing ctest must not fire the ERR trap before the summary)
# shellcheck disable=SC2086
ctest --test-dir "$BUILD" --output-on-failure -j "$JOBS" --timeout 300 ${WINTEST_CTEST_ARGS:-} 2>&1 |
  tee "$log" || rc=$?
summary="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n1 || true)"
if [ -n "$summary" ]; then
  total="$(sed -E 's/.*out of ([0-9]+).*/\1/' <<<"$summary")"
  failed="$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$summary")"
else
  total=0 failed=0   # "No tests were found!!!"
fi
say "ran $total test(s) under Wine in $((SECONDS - t_start)) s total"
echo "windows: $((total - failed)) passed, $failed failed"
if [ "$rc" -ne 0 ]; then
  STEP=ctest
  echo "windows-test: FAILED: ctest exited $rc" >&2
  exit "$rc"
fi

# ---- the vendor example, against the installed SDK ---------------------------
# As a vendor's CI does it: openwudf installed into a prefix, the example configured with its own
# mingw-w64 toolchain file, its test (CreateFile on \\.\Thermo0 through reflector.sys) under Wine.
step "vendor example"
example="$BUILD/example"
rm -rf "$BUILD/installed" "$example"
cmake --install "$BUILD" --prefix "$BUILD/installed" >"$BUILD/install.log" 2>&1 ||
  { tail -n 30 "$BUILD/install.log" >&2; false; }
export WINEPREFIX="$BUILD/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=;winemenubuilder.exe=d;winedbg.exe=d"
unset DISPLAY
erc=0
{
  cmake -S "$ROOT/examples/vendor-driver" -B "$example" -G Ninja \
    -DCMAKE_TOOLCHAIN_FILE="$ROOT/examples/vendor-driver/cmake/mingw-w64.cmake" -DCMAKE_PREFIX_PATH="$BUILD/installed" &&
  cmake --build "$example" -j "$JOBS" &&
  ctest --test-dir "$example" -V --timeout 300
} >"$BUILD/example.log" 2>&1 || erc=$?
if [ "$erc" -ne 0 ]; then
  tail -n 80 "$BUILD/example.log" >&2
  echo "windows-example: FAILED"
  STEP="vendor example"
  exit "$erc"
fi
echo "windows-example: passed ($(grep -c 'thermo_test: ok' "$BUILD/example.log") checks of thermo_test under Wine)"
