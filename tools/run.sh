#!/usr/bin/env bash
# Installs what is missing, builds datagate (Release) and starts it: with the
# dashboard where there is a display, headless where there is none (a
# server, an ssh session) or with --no-gui.
# Arguments go to datagate, e.g.: tools/run.sh --no-gui --port 3001 --btc-providers coinbase
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${DATAGATE_BUILD_DIR:-$root/build/release}

"$root/tools/install-deps.sh"
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDATAGATE_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2
exec "$build/datagate" "$@"
