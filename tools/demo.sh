#!/usr/bin/env bash
# The main job, from a fresh checkout: build, start the reflector, install the echo device
# from inf/echo.inf, write and read it, and print the device status. The reflector keeps
# running in the background afterwards unless DEMO_STOP=1; its log is in $DEMO_DIR/wudfrd.log.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$PWD"
BUILD="${BUILD:-$ROOT/build}"
DEMO_DIR="${DEMO_DIR:-$ROOT/build/demo}"

cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug >/dev/null
cmake --build "$BUILD" -j "${JOBS:-2}" >/dev/null
echo "demo: built into $BUILD/bin"

mkdir -p "$DEMO_DIR"
export WUDF_RUNTIME_DIR="$DEMO_DIR/run"
CTL="$BUILD/bin/wudfctl"
# A reflector left by an earlier demo is stopped first: the state directory is its own.
if [ -f "$DEMO_DIR/wudfrd.pid" ] && kill -0 "$(cat "$DEMO_DIR/wudfrd.pid")" 2>/dev/null; then
  kill "$(cat "$DEMO_DIR/wudfrd.pid")"
  while kill -0 "$(cat "$DEMO_DIR/wudfrd.pid")" 2>/dev/null; do sleep 0.1; done
fi
rm -rf "$DEMO_DIR/state"
# As root, wudfrd runs each host as a uid of its own, without groups, which must be able to reach
# the build, as any other user ('nobody' stands in for them here); a checkout in a private home
# directory cannot be, so the demo then keeps hosts as the current user.
HOST_USER=()
if [ "$(id -u)" = 0 ] && ! runuser -u nobody -- test -x "$BUILD/bin/wudfhost" 2>/dev/null; then
  echo "demo: other users cannot reach $BUILD; hosts run as $(id -un) (see docs/security.md)"
  HOST_USER=(--host-user "$(id -un)")
fi
"$BUILD/bin/wudfrd" --runtime-dir "$WUDF_RUNTIME_DIR" --state-dir "$DEMO_DIR/state" "${HOST_USER[@]}" \
  >"$DEMO_DIR/wudfrd.log" 2>&1 &
echo $! >"$DEMO_DIR/wudfrd.pid"
# The reflector logs event=ready once its endpoint listens.
for _ in $(seq 1 100); do
  grep -q 'event=ready' "$DEMO_DIR/wudfrd.log" && break
  kill -0 "$(cat "$DEMO_DIR/wudfrd.pid")" 2>/dev/null || { cat "$DEMO_DIR/wudfrd.log"; exit 1; }
  sleep 0.1
done
grep -q 'event=ready' "$DEMO_DIR/wudfrd.log" || { echo "demo: the reflector did not start"; exit 1; }
echo "demo: reflector pid $(cat "$DEMO_DIR/wudfrd.pid"), endpoint in $WUDF_RUNTIME_DIR"

"$CTL" install "$ROOT/inf/echo.inf"
"$CTL" write '\\.\Echo0' "hello from openwudf"
"$CTL" read '\\.\Echo0' 64
"$CTL" status

if [ "${DEMO_STOP:-0}" = 1 ]; then
  kill "$(cat "$DEMO_DIR/wudfrd.pid")"
  echo "demo: reflector stopped"
else
  echo "demo: the reflector keeps running; try:  WUDF_RUNTIME_DIR=$WUDF_RUNTIME_DIR $CTL status ROOT\\\\ECHO\\\\0000"
  echo "demo: stop it with:  kill $(cat "$DEMO_DIR/wudfrd.pid")"
fi
