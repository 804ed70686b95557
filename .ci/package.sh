#!/usr/bin/env bash
# The Debian package, end to end: builds the three packages with dpkg-buildpackage from a copy of the
# tree (build-deb/), installs them with apt-get, runs the INSTALLED reflector (not through systemd)
# with the installed echo driver and INF, does I/O with the installed wudfctl and with clients built
# against libopenwudf-dev (pkg-config and find_package), stops it, builds and tests the vendor example
# (examples/vendor-driver) against the installed SDK, purges the packages and checks
# that nothing of them is left. Each step prints `package: <step> (<seconds> s)`; the last line is
# the summary. JOBS (default 2) is the build's parallelism; the tree's tests run elsewhere in CI.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 1
root=$PWD
out=$root/build-deb
JOBS="${JOBS:-2}"
SUDO=""
[ "$(id -u)" = 0 ] || SUDO=sudo
PACKAGES=(openwudf libopenwudf0 libopenwudf-dev)
apt_get() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q "$@"; }

now_ms() { local t=${EPOCHREALTIME//[.,]/}; echo $((t / 1000)); }
seconds_since() { local d=$(($(now_ms) - $1)); echo "$((d / 1000)).$((d % 1000 / 100))"; }
started=$(now_ms)
step_name=setup
work=""
reflector=""
installed=0

fail() {
    echo "package: $step_name: $*" >&2
    exit 1
}

cleanup() {
    local rc=$?
    trap - EXIT
    if [ -n "$reflector" ]; then
        # SIGTERM: wudfrd stops its hosts in order (5 s at most); what is left after 10 s is killed.
        kill "$reflector" 2>/dev/null
        local i
        for ((i = 0; i < 100; i++)); do
            kill -0 "$reflector" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$reflector" 2>/dev/null
        wait "$reflector" 2>/dev/null
    fi
    if [ -n "$work" ]; then
        [ -f "$work/wudfrd.log" ] && cp "$work/wudfrd.log" "$out/" 2>/dev/null
        rm -rf "$work"
    fi
    # A failed run leaves the machine as it found it too.
    if [ "$installed" = 1 ]; then
        apt_get purge -y "${PACKAGES[@]}" >>"$out/purge.log" 2>&1
    fi
    if [ "$rc" = 0 ]; then
        echo "package: passed ($(seconds_since "$started") s)"
    else
        echo "package: failed at $step_name ($(seconds_since "$started") s; logs in build-deb/)"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# step NAME FUNCTION: runs it and prints how long it took; a failing step ends the run.
step() {
    local t0
    step_name=$1
    t0=$(now_ms)
    "$2" || fail "failed"
    echo "package: $1 ($(seconds_since "$t0") s)"
}

show_log() { # the end of a log, on failure
    echo "--- last lines of $1" >&2
    tail -n "${2:-40}" "$1" >&2
}

# The build runs in a copy (tracked and untracked files, not ignored ones), so that neither
# dpkg-buildpackage's obj-*/ and debian/ leftovers nor the .debs it writes to .. touch the tree.
copy_tree() {
    local src=$out/src/openwudf
    rm -rf "$out"
    mkdir -p "$src" || return 1
    if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
        git -C "$root" ls-files -z --cached --others --exclude-standard | grep -zv '^obj-' |
            tar -C "$root" --null --ignore-failed-read -T - -cf - 2>/dev/null | tar -C "$src" -xf -
    else
        tar -C "$root" --exclude=./.git --exclude='./build*' --exclude='./obj-*' -cf - . | tar -C "$src" -xf -
    fi
}

build() {
    (cd "$out/src/openwudf" &&
        DEB_BUILD_OPTIONS="nocheck noautodbgsym parallel=$JOBS" dpkg-buildpackage -b -us -uc) >"$out/build.log" 2>&1 ||
        { grep -m 20 -E 'CMake Error|error:|Error [0-9]' "$out/build.log" >&2; show_log "$out/build.log" 30; return 1; }
    mv "$out"/src/*.deb "$out"/src/*.buildinfo "$out"/src/*.changes "$out/" || return 1
    rm -rf "$out/src"
    local debs=("$out"/*.deb) p
    [ "${#debs[@]}" = 3 ] || { echo "expected 3 packages, got: ${debs[*]##*/}" >&2; return 1; }
    for p in "${PACKAGES[@]}"; do
        [ -f "$out/${p}_${version}_$arch.deb" ] || { echo "no ${p}_${version}_$arch.deb" >&2; return 1; }
    done
}

install_packages() {
    # What an earlier run left behind would make apt-get keep it instead of this build.
    if dpkg-query -W "${PACKAGES[@]}" >/dev/null 2>&1; then
        apt_get purge -y "${PACKAGES[@]}" >"$out/install.log" 2>&1 || return 1
    fi
    installed=1
    apt_get install -y ./build-deb/*.deb >>"$out/install.log" 2>&1 ||
        { show_log "$out/install.log"; return 1; }
    local p status
    for p in "${PACKAGES[@]}"; do
        status=$(dpkg-query -W -f='${db:Status-Abbrev}${Version}' "$p" 2>/dev/null)
        [ "$status" = "ii $version" ] || { echo "$p: '$status', expected 'ii $version'" >&2; return 1; }
    done
    local f
    for f in /usr/bin/wudfrd /usr/bin/wudfctl /usr/bin/wudffault /usr/bin/wudfbench /usr/libexec/openwudf/wudfhost \
             /usr/lib/openwudf/drivers/UMDF/WudfEcho.so /usr/share/openwudf/inf/echo.inf \
             /lib/systemd/system/wudfrd.service /usr/share/bash-completion/completions/wudfctl \
             /usr/share/man/man8/wudfrd.8.gz /usr/share/man/man1/wudfctl.1.gz /usr/share/man/man5/openwudf-inf.5.gz \
             /usr/share/man/man1/wudffault.1.gz /usr/share/man/man1/wudfbench.1.gz \
             "/usr/lib/$multiarch/libopenwudf.so.0" "/usr/lib/$multiarch/pkgconfig/openwudf.pc" \
             "/usr/lib/$multiarch/cmake/openwudf/openwudfConfig.cmake" /usr/include/openwudf/client.h; do
        [ -e "$f" ] || { echo "not installed: $f" >&2; return 1; }
    done
    # dh_installsystemd's postinst enabled the unit (and started it only where systemd is PID 1).
    [ -L /etc/systemd/system/multi-user.target.wants/wudfrd.service ] || { echo "wudfrd.service is not enabled" >&2; return 1; }
    local v
    v=$(/usr/bin/wudfrd --version) || return 1
    [ "$v" = "wudfrd (openwudf) ${version%%[-+~]*}" ] || { echo "wudfrd --version said: $v" >&2; return 1; }
}

start_reflector() {
    work=$(mktemp -d "${TMPDIR:-/tmp}/wudf-package.XXXXXX") || return 1
    chmod 755 "$work" # hosts may run as users of their own
    export WUDF_RUNTIME_DIR=$work/run
    /usr/bin/wudfrd --runtime-dir "$work/run" --state-dir "$work/state" >"$work/wudfrd.log" 2>&1 &
    reflector=$!
    local deadline=$((SECONDS + 30))
    until /usr/bin/wudfctl status >/dev/null 2>&1; do
        kill -0 "$reflector" 2>/dev/null || { show_log "$work/wudfrd.log"; echo "wudfrd exited" >&2; return 1; }
        [ "$SECONDS" -lt "$deadline" ] || { show_log "$work/wudfrd.log"; echo "wudfrd not ready in 30 s" >&2; return 1; }
        sleep 0.1
    done
}

echo_io() {
    /usr/bin/wudfctl install /usr/share/openwudf/inf/echo.inf >"$work/install-echo.log" 2>&1 ||
        { show_log "$work/install-echo.log"; return 1; }
    /usr/bin/wudfctl write '\\.\Echo0' from-the-package >/dev/null || return 1
    /usr/bin/wudfctl read '\\.\Echo0' 16 | grep -q 'from-the-package' || { echo "read did not return the write" >&2; return 1; }
    # IOCTL_ECHO_LOOPBACK answers with its input.
    /usr/bin/wudfctl ioctl '\\.\Echo0' 0x222008 0a0b0c | grep -q '0a 0b 0c' || { echo "the loopback ioctl failed" >&2; return 1; }
}

# The reflector started the packaged host, which loaded the driver store's copy of the packaged driver.
installed_paths() {
    local json pid host copy="$work/state/driverstore/oem0/UMDF/WudfEcho"
    json=$(/usr/bin/wudfctl --json status 'ROOT\ECHO\0000') || return 1
    grep -q "\"binary\":\"$copy.dll\"" <<<"$json" ||
        { echo "driver binary is not the store's copy of the packaged one: $json" >&2; return 1; }
    cmp -s /usr/lib/openwudf/drivers/UMDF/WudfEcho.so "$copy.so" ||
        { echo "the store's copy differs from the packaged driver" >&2; return 1; }
    grep -q "event=module-loaded .*path=$copy.so" "$work/wudfrd.log" ||
        { show_log "$work/wudfrd.log"; echo "no module-loaded line with the store's copy" >&2; return 1; }
    pid=$(sed -n 's/.*"host_pid":\([0-9]*\).*/\1/p' <<<"$json")
    [[ $pid =~ ^[1-9][0-9]*$ ]] || { echo "no host pid in: $json" >&2; return 1; }
    # The host is not dumpable, so its exe link may be closed to us; its command line is not.
    host=$(readlink "/proc/$pid/exe" 2>/dev/null) || host=$(tr '\0' '\n' <"/proc/$pid/cmdline" | head -n 1)
    [ "$host" = /usr/libexec/openwudf/wudfhost ] || { echo "the echo device's host is '$host'" >&2; return 1; }
}

# libopenwudf-dev: a client built with pkg-config, and one from a CMake project (find_package), both
# against the packaged library; the second talks to the packaged C++ sample driver.
sdk_clients() {
    # shellcheck disable=SC2046 # pkg-config's output is a list of words
    cc -o "$work/pkgconfig_client" "$root/tests/install/pkgconfig_client.c" $(pkg-config --cflags --libs openwudf) \
        >"$work/cc.log" 2>&1 || { show_log "$work/cc.log"; return 1; }
    "$work/pkgconfig_client" '\\.\Echo0' 'through pkg-config' >/dev/null || return 1
    if ! cmake -S "$root/tests/install/consumer" -B "$work/consumer" -G Ninja -DCPPSAMPLE_DIR="$root/drivers/cppsample" \
            >"$work/consumer.log" 2>&1 ||
        ! cmake --build "$work/consumer" --target identify >>"$work/consumer.log" 2>&1; then
        show_log "$work/consumer.log"
        return 1
    fi
    /usr/bin/wudfctl install /usr/share/openwudf/inf/cppsample.inf >/dev/null || return 1
    local id
    id=$("$work/consumer/identify" '\\.\CppSample0') || return 1
    [ "$id" = 'ROOT\CPPSAMPLE\0000' ] || { echo "identify said: $id" >&2; return 1; }
}

stop_reflector() {
    /usr/bin/wudfctl shutdown >/dev/null || return 1
    local deadline=$((SECONDS + 30))
    while kill -0 "$reflector" 2>/dev/null; do
        [ "$SECONDS" -lt "$deadline" ] || { echo "wudfrd did not exit within 30 s of shutdown" >&2; return 1; }
        sleep 0.1
    done
    local rc=0
    wait "$reflector" || rc=$?
    reflector=""
    [ "$rc" = 0 ] || { show_log "$work/wudfrd.log"; echo "wudfrd exited with $rc" >&2; return 1; }
}

# The vendor example (examples/vendor-driver): a WDK-style driver built against the installed SDK
# only, its INF stamped, and its own test run by CTest against a reflector of its own (/usr/bin/wudfrd).
vendor_example() {
    local log=$work/example.log
    if ! cmake -S "$root/examples/vendor-driver" -B "$work/example" -G Ninja >"$log" 2>&1 ||
        ! cmake --build "$work/example" >>"$log" 2>&1 ||
        ! ctest --test-dir "$work/example" -V --timeout 300 >>"$log" 2>&1; then
        show_log "$log"
        return 1
    fi
    grep -q 'thermo_test: passed$' "$log" || { show_log "$log"; echo "thermo_test did not pass" >&2; return 1; }
    grep -q "^openwudf_DIR:PATH=/usr/lib/$multiarch/cmake/openwudf$" "$work/example/CMakeCache.txt" ||
        { echo "the example did not use the installed package" >&2; return 1; }
}

purge() {
    apt_get purge -y "${PACKAGES[@]}" >"$out/purge.log" 2>&1 || { show_log "$out/purge.log"; return 1; }
    installed=0
    local p f
    for p in "${PACKAGES[@]}"; do
        ! dpkg-query -W "$p" >/dev/null 2>&1 || { echo "$p is still known to dpkg after purge" >&2; return 1; }
    done
    for f in /usr/bin/wudfrd /usr/bin/wudfctl /usr/libexec/openwudf /usr/lib/openwudf /usr/share/openwudf \
             /usr/include/openwudf "/usr/lib/$multiarch/cmake/openwudf" "/usr/lib/$multiarch/libopenwudf.so.0" \
             /lib/systemd/system/wudfrd.service /etc/systemd/system/multi-user.target.wants/wudfrd.service; do
        if [ -e "$f" ] || [ -L "$f" ]; then
            echo "left after purge: $f" >&2
            return 1
        fi
    done
}

command -v dpkg-buildpackage >/dev/null || fail "dpkg-buildpackage is missing (bash .ci/setup)"
version=$(dpkg-parsechangelog -l "$root/debian/changelog" -S Version) || fail "cannot read debian/changelog"
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH)

step copy copy_tree
step build build
step install install_packages
step start start_reflector
step io echo_io
step paths installed_paths
step sdk sdk_clients
step stop stop_reflector
step example vendor_example
step purge purge
