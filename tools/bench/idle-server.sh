# shellcheck shell=bash disable=SC2154 # root, clients and protocol come from the script that sources this
# Sourced by scrape-cost.sh and gui-cost.sh: a Release datagate with
# $clients idle subscribed connections (the feed ticks once an hour), so that
# what its threads spend in a window is what the script does to it, and each
# thread's CPU time from /proc/<pid>/task/<tid>/schedstat.
# Needs: root, clients, protocol set by the caller; sets build, datagate,
# scratch, server_pid, port; the EXIT trap stops everything.

build=$root/build/bench
if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
    # The same build as run.sh's.
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDATAGATE_BUILD_TESTS=OFF -DDATAGATE_BUILD_TOOLS=ON >/dev/null
    cmake --build "$build" -j2 --target datagate datagate-loadgen >&2
fi
datagate=$build/datagate
loadgen=$build/tools/loadgen/datagate-loadgen

scratch=$(mktemp -d)
server_pid="" loadgen_pid=""
cleanup() {
    [ -z "$loadgen_pid" ] || kill "$loadgen_pid" 2>/dev/null || true
    [ -z "$server_pid" ] || kill "$server_pid" 2>/dev/null || true
    wait 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT

# start_idle_server [gui]: datagate headless, or with its dashboard on the
# offscreen platform (unless QT_QPA_PLATFORM says otherwise).
start_idle_server() {
    local -a process=("$datagate" --no-gui)
    [ "${1:-}" = gui ] && process=(env "QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}" "$datagate")
    "${process[@]}" --host 127.0.0.1 --port 0 --random-interval 3600000 --btc-providers simulated \
        --ping-interval 600000 --ping-timeout 60000 2>"$scratch/server.log" &
    server_pid=$!
    port=""
    for _ in $(seq 1 150); do
        port=$(sed -n 's/.*ready: .*http:\/\/<host>:\([0-9]*\)\/data.*/\1/p' "$scratch/server.log" | head -n 1)
        [ -n "$port" ] && break
        sleep 0.1
    done
    [ -n "$port" ] || { echo "$(basename "$0"): datagate did not start:" >&2; cat "$scratch/server.log" >&2; exit 1; }
}

# connect_idle_clients: $clients subscribed clients that stay connected for
# longer than any measurement takes.
connect_idle_clients() {
    "$loadgen" --protocol "$protocol" --host 127.0.0.1 --port "$port" --clients "$clients" --ramp-per-sec 2000 \
        --duration 3600 --settle 1 --drain 1 --connect-timeout 60 --expected-rate 0 >/dev/null 2>"$scratch/loadgen.log" &
    loadgen_pid=$!
    local connected=0
    for _ in $(seq 1 600); do
        connected=$(curl -s "http://127.0.0.1:$port/metrics" | awk '/^datagate_connections\{/ { n += $2 } END { print n + 0 }')
        [ "$connected" -ge "$clients" ] && break
        sleep 0.5
    done
    [ "$connected" -ge "$clients" ] || { echo "$(basename "$0"): only $connected of $clients clients connected" >&2; exit 1; }
    sleep 2 # the last subscriptions settle
}

# stop_idle_server: the clients and the server, to start again.
stop_idle_server() {
    kill "$loadgen_pid" "$server_pid" 2>/dev/null || true
    wait "$loadgen_pid" "$server_pid" 2>/dev/null || true
    loadgen_pid="" server_pid=""
}

# ns on the CPU so far, per thread: "<tid>:<name> <ns>" lines, sorted for join.
thread_cpu() {
    local task
    for task in /proc/"$server_pid"/task/*; do
        printf '%s:%s %s\n' "${task##*/}" "$(tr ' ' '_' <"$task/comm")" "$(cut -d' ' -f1 "$task/schedstat")"
    done | sort
}
