#!/usr/bin/env bash
# End-to-end smoke test of the load generator (CTest: loadgen_smoke).
#   smoke.sh <datagate binary> <datagate-loadgen binary>
# Starts datagate on a free loopback port with a fast feed, runs 50 clients per
# protocol for 2 s and checks from the JSON reports that every client connected,
# none failed and ticks were delivered. Stops the server on any exit.
set -euo pipefail

datagate=${1:?usage: smoke.sh <datagate> <datagate-loadgen>}
loadgen=${2:?usage: smoke.sh <datagate> <datagate-loadgen>}
clients=50

work=$(mktemp -d)
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -TERM "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "loadgen_smoke: FAIL: $*" >&2
    echo "--- server log (tail) ---" >&2
    tail -n 20 "$work/server.log" >&2 || true
    exit 1
}

# Port 0: the server picks a free port and logs it in its "ready" line.
"$datagate" --no-gui --host 127.0.0.1 --port 0 --random-interval 50 --btc-providers simulated 2>"$work/server.log" &
server_pid=$!
port=""
for _ in $(seq 1 100); do
    port=$(sed -n 's/.*ready: .*http:\/\/<host>:\([0-9]*\)\/data.*/\1/p' "$work/server.log" | head -n 1)
    [ -n "$port" ] && break
    kill -0 "$server_pid" 2>/dev/null || fail "datagate exited before it was ready"
    sleep 0.1
done
[ -n "$port" ] || fail "datagate did not log \"ready\" within 10 s"

# One number of the report by its key (each of these keys occurs once), e.g. connected → 50.
field() {
    sed -n "s/.*\"$2\":\([0-9.]*\).*/\1/p" "$1" | head -n 1
}

for protocol in json socketio; do
    report="$work/$protocol.json"
    "$loadgen" --protocol "$protocol" --host 127.0.0.1 --port "$port" --clients "$clients" \
        --duration 2 --settle 0.5 --drain 1 --expected-rate 20 --server-pid "$server_pid" \
        --json-out "$report" >/dev/null 2>"$work/$protocol.log" \
        || fail "$protocol: datagate-loadgen exited with $? ($(cat "$work/$protocol.log"))"
    connected=$(field "$report" connected)
    failed=$(field "$report" failed)
    delivered=$(field "$report" delivered)
    echo "loadgen_smoke: $protocol: connected=$connected failed=$failed delivered=$delivered"
    [ "$connected" = "$clients" ] || fail "$protocol: connected=$connected, expected $clients: $(cat "$report")"
    [ "$failed" = "0" ] || fail "$protocol: failed=$failed: $(cat "$report")"
    if [ -z "$delivered" ] || [ "$delivered" -le 0 ]; then
        fail "$protocol: nothing delivered: $(cat "$report")"
    fi
done
echo "loadgen_smoke: OK"
