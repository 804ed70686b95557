#!/bin/bash
# test_install BUILD SOURCE HOST_DIR DRIVER_DIR INF_DIR LIB_DIR [EXTRA_FLAGS]
#
# `cmake --install` into a prefix, which is then moved: everything below runs from the moved install
# only (DIRs are the install's own, relative to the prefix).
#   - every program answers --version;
#   - the installed reflector serves the installed echo driver from the installed INF; the installed
#     wudfctl and a program built with `pkg-config --cflags --libs openwudf` do I/O on it;
#   - a separate CMake project finds the package (find_package(openwudf)), builds a C++ driver
#     with openwudf_add_driver and a client with openwudf::shared; the installed reflector loads that
#     driver (--driver-dir) and the client gets its answer; where there is a widl, a driver's IDL
#     file importing the installed wudfddi.idl (openwudf_idl) and a program using its header;
#   - wudfctl shutdown stops the reflector in order.
# EXTRA_FLAGS: compiler flags the tree was built with that its users need too (sanitizers).
set -euo pipefail
build=$1 source=$2 host_dir=$3 driver_dir=$4 inf_dir=$5 lib_dir=$6 flags=${7:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/wudf-install.XXXXXX")
chmod 755 "$work" # hosts run as users of their own: they must reach the driver directory
reflector=
cleanup() {
    if [ -n "$reflector" ]; then kill "$reflector" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
fail() {
    echo "test_install: $*" >&2
    for log in "$work"/*.log; do [ -f "$log" ] && { echo "--- $log" >&2; tail -n 20 "$log" >&2; }; done
    exit 1
}
step() { echo "test_install: $*"; }

step "cmake --install, then the prefix moved"
cmake --install "$build" --prefix "$work/staged" >"$work/install.log" 2>&1 || fail "cmake --install failed"
mv "$work/staged" "$work/prefix"
p=$work/prefix
export WUDF_RUNTIME_DIR=$work/run

step "--version"
for prog in bin/wudfrd bin/wudfctl bin/wudffault bin/wudfbench "$host_dir/wudfhost"; do
    out=$("$p/$prog" --version) || fail "$prog --version failed"
    [[ $out == "$(basename "$prog") (openwudf) "[0-9]* ]] || fail "$prog --version said: $out"
done

# start_reflector NAME [ARGS...]: the installed wudfrd; returns once it logs event=ready (30 s at
# most), its output kept in NAME.log.
start_reflector() {
    local name=$1 line
    shift
    exec {from}< <("$p/bin/wudfrd" --runtime-dir "$work/run" --state-dir "$work/state-$name" "$@" 2>&1 |
                   tee "$work/$name.log")
    while IFS= read -r -t 30 -u "$from" line; do
        if [[ $line == *event=ready* ]]; then
            reflector=$(sed -n 's/.* pid=\([0-9]*\).*/\1/p' <<<"$line")
            cat <&"$from" >/dev/null & # keep draining: a full pipe would stop the reflector
            exec {from}<&-
            return 0
        fi
    done
    fail "wudfrd ($name) was not ready within 30 s"
}

stop_reflector() {
    "$p/bin/wudfctl" shutdown >"$work/shutdown.log" 2>&1 || fail "wudfctl shutdown failed"
    # The reflector exits once its hosts have stopped; its pid is gone then (bounded by the timeout).
    timeout 30 tail --pid="$reflector" -f /dev/null || fail "wudfrd did not exit after shutdown"
    reflector=
}

step "the installed reflector, echo driver and INF"
start_reflector installed
"$p/bin/wudfctl" install "$p/$inf_dir/echo.inf" >"$work/wudfctl.log" 2>&1 || fail "wudfctl install echo.inf failed"
"$p/bin/wudfctl" status ROOT\\ECHO\\0000 >"$work/status.log" || fail "wudfctl status failed"
# The host loads the driver store's copy of the installed driver (docs/install.md, "The driver store").
store_copy="$work/state-installed/driverstore/oem0/UMDF/WudfEcho.so"
grep -q "Driver binary *$work/state-installed/driverstore/oem0/UMDF/WudfEcho" "$work/status.log" ||
    fail "the driver binary is not the store's copy: $(grep 'Driver binary' "$work/status.log")"
cmp -s "$p/$driver_dir/UMDF/WudfEcho.so" "$store_copy" || fail "the store's copy is not the installed driver"
"$p/bin/wudfctl" write '\\.\Echo0' installed >/dev/null || fail "wudfctl write failed"
"$p/bin/wudfctl" read '\\.\Echo0' 9 | grep -q installed || fail "wudfctl read did not return the write"

step "a client built with pkg-config"
export PKG_CONFIG_PATH=$p/$lib_dir/pkgconfig
# shellcheck disable=SC2046,SC2086 # pkg-config's output is a list of words
cc $flags -o "$work/pkgconfig_client" "$source/tests/install/pkgconfig_client.c" $(pkg-config --cflags --libs openwudf) \
    -Wl,-rpath,"$p/$lib_dir" >"$work/cc.log" 2>&1 || fail "cannot build with pkg-config"
out=$("$work/pkgconfig_client" '\\.\Echo0' "through pkg-config") || fail "pkgconfig_client failed: $out"
pkg-config --cflags openwudf-umdf | grep -q "openwudf/umdf" || fail "openwudf-umdf.pc has no UMDF include directory"
stop_reflector

step "a driver and a client built by another CMake project"
cmake -S "$source/tests/install/consumer" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$p" \
    -DCPPSAMPLE_DIR="$source/drivers/cppsample" -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags" \
    -DCMAKE_BUILD_RPATH="$p/$lib_dir" >"$work/consumer-configure.log" 2>&1 || fail "the consumer project does not configure"
cmake --build "$work/consumer" >"$work/consumer-build.log" 2>&1 || fail "the consumer project does not build"
if [ -e "$work/consumer/idl_user" ]; then # built where there is a widl
    step "a driver's IDL file importing the installed wudfddi.idl (openwudf_idl)"
    "$work/consumer/idl_user" >"$work/idl_user.log" 2>&1 || fail "idl_user failed"
fi
exports=$(nm -D --defined-only "$work/consumer/drivers/UMDF/WudfCppSample.so" | awk '{print $3}' | sort | tr '\n' ' ')
[ "$exports" = "DllCanUnloadNow DllGetClassObject Microsoft_WDF_UMDF_Version " ] ||
    fail "the driver exports more or less than its .def: $exports"
chmod -R a+rX "$work/consumer"
start_reflector consumer --driver-dir "$work/consumer/drivers"
"$p/bin/wudfctl" install "$p/$inf_dir/cppsample.inf" >"$work/wudfctl.log" 2>&1 || fail "wudfctl install cppsample.inf failed"
out=$("$work/consumer/identify" '\\.\CppSample0') || fail "identify failed: $out"
[ "$out" = 'ROOT\CPPSAMPLE\0000' ] || fail "identify said: $out"
stop_reflector
step "passed"
