#!/usr/bin/env bash
# Builds the Windows (x86_64-w64-mingw32) dependencies of openwudf from Debian's
# source packages into a prefix, once:
#
#   .ci/windows-deps.sh build-win/deps
#
# Result: PREFIX/{include,lib,lib/pkgconfig} with static libuv, libusb-1.0 and
# cmocka and relocatable libuv.pc, libusb-1.0.pc, cmocka.pc. PREFIX/.stamp
# records what was built; when it matches this recipe (this script, the pinned
# source versions, the compiler) the script does nothing. Sources, build trees
# and logs go to PREFIX.work/ (scratch; removed after a good build unless
# WINDEPS_KEEP_WORK=1). WINDEPS_FORCE=1 rebuilds regardless of the stamp.
set -Eeuo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 PREFIX   (e.g. build-win/deps)" >&2
  exit 2
fi

# Debian source package = version (bookworm). Change a version here and every
# cached prefix rebuilds. If the mirror no longer has a pinned version, the
# candidate version is built instead (with a warning) and recorded in the stamp.
PINNED=(
  "libuv1=1.44.2-1+deb12u1"
  "libusb-1.0=2:1.0.26-1"
  "cmocka=1.1.5-2.1"
)
TRIPLE=x86_64-w64-mingw32
CC="$TRIPLE-gcc-posix"
CXX="$TRIPLE-g++-posix"
JOBS="${WINDEPS_JOBS:-2}"
APT_PKGS=(gcc-mingw-w64-x86-64 g++-mingw-w64-x86-64 cmake ninja-build make dpkg-dev pkg-config)

say() { echo "windows-deps: $*"; }
die() { echo "windows-deps: FAILED: $*" >&2; exit 1; }

mkdir -p "$1"
PREFIX="$(cd "$1" && pwd)"
# The prefix is replaced whole on a rebuild: never take a directory we did not make.
if [ "$PREFIX" = / ] || { [ -n "$(ls -A "$PREFIX")" ] && [ ! -f "$PREFIX/.stamp" ]; }; then
  echo "windows-deps: refusing to use $PREFIX: not empty and not made by this script" >&2
  exit 2
fi
WORK="$PREFIX.work"
STAMP="$PREFIX/.stamp"
self="${BASH_SOURCE[0]}"

# ---- cache check (fast path: no apt, no network) --------------------------
recipe_key() {
  local cc_ver
  # The compiler and the MinGW headers/CRT, by Debian package version.
  cc_ver="$(dpkg-query -W -f='${Version} ' gcc-mingw-w64-x86-64-posix mingw-w64-x86-64-dev 2>/dev/null || echo none)"
  printf 'recipe %s\nsources %s\ncc %s %s\n' \
    "$(sha256sum "$self" | cut -c1-16)" "${PINNED[*]}" "$CC" "$cc_ver"
}
if [ "${WINDEPS_FORCE:-0}" != 1 ] && [ -f "$STAMP" ] && command -v "$CC" >/dev/null 2>&1 &&
   [ "$(head -n 3 "$STAMP")" = "$(recipe_key)" ]; then
  say "cached in $PREFIX ($(sed -n 's/^built //p' "$STAMP")), nothing to do"
  exit 0
fi

t0=$SECONDS
# ---- step runner: quiet, logged, loud on failure ---------------------------
rm -rf "$WORK/logs"
mkdir -p "$WORK/logs"
STEP=""
on_err() {
  local rc=$?
  echo "windows-deps: FAILED in step '$STEP' (exit $rc)" >&2
  if [ -n "$STEP" ] && [ -f "$WORK/logs/$STEP.log" ]; then
    echo "---- last 60 lines of $WORK/logs/$STEP.log ----" >&2
    tail -n 60 "$WORK/logs/$STEP.log" >&2
  fi
  exit "$rc"
}
trap on_err ERR
# run STEP CMD...: run CMD with its output in logs/STEP.log
run() {
  STEP="$1"; shift
  "$@" >>"$WORK/logs/$STEP.log" 2>&1
}
# run_in DIR STEP CMD...: the same, in DIR
run_in() {
  local dir="$1"; STEP="$2"; shift 2
  ( cd "$dir" && "$@" ) >>"$WORK/logs/$STEP.log" 2>&1
}

apt_get() {
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q "$@"
}
apt_update() {
  local i
  for i in 1 2 3; do
    apt_get update && return 0
    sleep 10
  done
  return 1
}

# ---- tools -----------------------------------------------------------------
missing=()
for p in "${APT_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done

# ---- deb-src ---------------------------------------------------------------
say "enabling deb-src"
STEP=deb-src
enable_deb_src() {
  local f=/etc/apt/sources.list.d/debian.sources changed=0
  if [ -f "$f" ]; then
    if awk '/^Types:/ && !/deb-src/ {f=1} END {exit !f}' "$f"; then
      sed -i -E '/^Types:/{/deb-src/!s/$/ deb-src/}' "$f"
      changed=1
    fi
  elif [ -f /etc/apt/sources.list ]; then
    local l
    while IFS= read -r l; do
      grep -qxF "deb-src${l#deb}" /etc/apt/sources.list || { echo "deb-src${l#deb}" >>/etc/apt/sources.list; changed=1; }
    done < <(grep -E '^deb[[:space:]]' /etc/apt/sources.list)
  else
    echo "no Debian sources list found" >&2
    return 1
  fi
  [ $changed = 1 ] && echo "deb-src added" || echo "deb-src already enabled"
}
run deb-src enable_deb_src

say "apt-get update"
run apt-update apt_update
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${missing[*]}"
  run apt-install apt_get install -y --no-install-recommends "${missing[@]}"
fi
command -v "$CC" >/dev/null || die "$CC not found after installing gcc-mingw-w64-x86-64"

# ---- sources ---------------------------------------------------------------
SRC="$WORK/src"
rm -rf "$SRC" "$WORK/build"
mkdir -p "$SRC" "$WORK/build"
built=()
srcdir=()   # parallel to PINNED
for spec in "${PINNED[@]}"; do
  pkg="${spec%%=*}" ver="${spec#*=}"
  avail="$(apt-cache showsrc --only-source "$pkg" 2>/dev/null | sed -n 's/^Version: //p' | sort -uV)"
  if ! grep -qxF "$ver" <<<"$avail"; then
    cand="$(tail -n1 <<<"$avail")"
    [ -n "$cand" ] || die "source package $pkg not found (is deb-src enabled?)"
    echo "windows-deps: WARNING: $pkg $ver is not on the mirror; using $cand (update PINNED in $self)" >&2
    ver="$cand"
  fi
  say "fetching source $pkg $ver"
  run_in "$SRC" "source-$pkg" apt-get source --only-source "$pkg=$ver"
  upstream="${ver#*:}"; upstream="${upstream%-*}"
  d="$SRC/$pkg-$upstream"
  [ -d "$d" ] || die "apt-get source $pkg=$ver did not unpack $d"
  srcdir+=("$d")
  built+=("$pkg=$ver")
done
uv_src="${srcdir[0]}" usb_src="${srcdir[1]}" cmocka_src="${srcdir[2]}"
uv_ver="$(basename "$uv_src")"; uv_ver="${uv_ver##*-}"
usb_ver="$(basename "$usb_src")"; usb_ver="${usb_ver##*-}"
cmocka_ver="$(basename "$cmocka_src")"; cmocka_ver="${cmocka_ver##*-}"

STAGE="$WORK/stage"
rm -rf "$STAGE"
mkdir -p "$STAGE/include" "$STAGE/lib/pkgconfig" "$STAGE/bin"

cmake_cross=(
  -G Ninja
  -DCMAKE_SYSTEM_NAME=Windows
  -DCMAKE_SYSTEM_PROCESSOR=x86_64
  -DCMAKE_C_COMPILER="$CC"
  -DCMAKE_CXX_COMPILER="$CXX"
  -DCMAKE_RC_COMPILER="$TRIPLE-windres"
  -DCMAKE_FIND_ROOT_PATH="/usr/$TRIPLE"
  -DCMAKE_FIND_ROOT_PATH_MODE_PROGRAM=NEVER
  -DCMAKE_FIND_ROOT_PATH_MODE_LIBRARY=ONLY
  -DCMAKE_FIND_ROOT_PATH_MODE_INCLUDE=ONLY
  -DCMAKE_BUILD_TYPE=Release
  -DBUILD_SHARED_LIBS=OFF
)

# ---- libuv -----------------------------------------------------------------
say "building libuv $uv_ver"
B="$WORK/build/libuv"
run libuv-configure cmake -S "$uv_src" -B "$B" "${cmake_cross[@]}" -DLIBUV_BUILD_TESTS=OFF -DLIBUV_BUILD_BENCH=OFF
run libuv-build cmake --build "$B" --target uv_a -j "$JOBS"
STEP=libuv-install
cp -R "$uv_src/include/." "$STAGE/include/"
cp "$B/libuv_a.a" "$STAGE/lib/libuv.a"
# Static only: the libraries libuv's own CMakeLists links on Windows go to Libs
# (not Libs.private) so a plain `pkg-config --libs libuv` links.
cat >"$STAGE/lib/pkgconfig/libuv.pc" <<EOF
prefix=\${pcfiledir}/../..
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: libuv
Version: $uv_ver
Description: multi-platform support library with a focus on asynchronous I/O (static, mingw-w64)
URL: http://libuv.org/
Libs: -L\${libdir} -luv -lpsapi -luser32 -ladvapi32 -liphlpapi -luserenv -lws2_32
Cflags: -I\${includedir}
EOF

# ---- libusb-1.0 ------------------------------------------------------------
say "building libusb-1.0 $usb_ver (WinUSB backend)"
B="$WORK/build/libusb"
mkdir -p "$B"
run_in "$B" libusb-configure "$usb_src/configure" --host="$TRIPLE" --prefix="$STAGE" \
    --enable-static --disable-shared --disable-examples-build --disable-tests-build \
    CC="$CC" CXX="$CXX" CFLAGS="-O2 -g"
run libusb-build make -C "$B" -j "$JOBS"
run libusb-install make -C "$B" install
STEP=libusb-install
usb_private="$(sed -n 's/^Libs.private: *//p' "$STAGE/lib/pkgconfig/libusb-1.0.pc")"
rm -f "$STAGE"/lib/*.la
cat >"$STAGE/lib/pkgconfig/libusb-1.0.pc" <<EOF
prefix=\${pcfiledir}/../..
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: libusb-1.0
Version: $usb_ver
Description: USB device access library, WinUSB backend (static, mingw-w64)
Libs: -L\${libdir} -lusb-1.0 $usb_private
Cflags: -I\${includedir}/libusb-1.0
EOF

# ---- cmocka ----------------------------------------------------------------
say "building cmocka $cmocka_ver"
B="$WORK/build/cmocka"
run cmocka-configure cmake -S "$cmocka_src" -B "$B" "${cmake_cross[@]}" \
  -DWITH_STATIC_LIB=ON -DWITH_EXAMPLES=OFF -DUNIT_TESTING=OFF -DPICKY_DEVELOPER=OFF
run cmocka-build cmake --build "$B" --target cmocka-static -j "$JOBS"
STEP=cmocka-install
cp "$cmocka_src/include/cmocka.h" "$cmocka_src/include/cmocka_pbc.h" "$STAGE/include/"
cp "$B/src/libcmocka-static.a" "$STAGE/lib/libcmocka.a"
cat >"$STAGE/lib/pkgconfig/cmocka.pc" <<EOF
prefix=\${pcfiledir}/../..
libdir=\${prefix}/lib
includedir=\${prefix}/include

Name: cmocka
Version: $cmocka_ver
Description: The cmocka unit testing library (static, mingw-w64)
Libs: -L\${libdir} -lcmocka
Cflags: -I\${includedir}
EOF

# ---- check and publish -----------------------------------------------------
STEP=check
for pc in libuv libusb-1.0 cmocka; do
  PKG_CONFIG_LIBDIR="$STAGE/lib/pkgconfig" PKG_CONFIG_PATH="" pkg-config --exists "$pc" ||
    die "pkg-config cannot read $pc.pc"
done
STEP=publish
{
  recipe_key
  echo "built libuv $uv_ver, libusb-1.0 $usb_ver, cmocka $cmocka_ver"
  echo "debian ${built[*]}"
  echo "date $(date -u +%Y-%m-%dT%H:%M:%SZ) seconds $((SECONDS - t0))"
} >"$STAGE/.stamp"
rm -rf "$PREFIX"
mv "$STAGE" "$PREFIX"
[ "${WINDEPS_KEEP_WORK:-0}" = 1 ] || rm -rf "$WORK/src" "$WORK/build"
trap - ERR
say "done in $((SECONDS - t0)) s: libuv $uv_ver, libusb-1.0 $usb_ver, cmocka $cmocka_ver in $PREFIX"
