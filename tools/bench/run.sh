#!/usr/bin/env bash
# The datagate benchmark (docs/benchmarks.md): builds Release into build/bench,
# runs each scenario against a freshly started server with datagate-loadgen and
# writes a Markdown table to stdout and to build/bench/results.md (the loadgen's
# JSON reports go to build/bench/results.jsonl, the logs to build/bench/logs/).
#
# Scenarios:
#   subscribed  N clients ramped in, all subscribed to randomNumber, feed at each
#               rate of BENCH_RATES; a window of BENCH_DURATION seconds
#   storm       BENCH_STORM_CLIENTS clients connecting as fast as possible (feed at BENCH_STORM_HZ)
#   idle        BENCH_IDLE_CLIENTS subscribed clients, feed every hour: server RSS per
#               connection = (RSS with them - RSS before the first) / clients
#   gui         as subscribed, with the dashboard open (QT_QPA_PLATFORM=offscreen
#               unless set): BENCH_GUI_CLIENTS clients at BENCH_GUI_HZ, to read
#               against the subscribed row of the same count and rate
#   scrape      as subscribed (BENCH_GUI_CLIENTS at BENCH_GUI_HZ, JSON), with GET
#               /metrics every BENCH_SCRAPE_INTERVAL s throughout (far more often
#               than Prometheus would), to read against the subscribed row;
#               the scrapes' own durations go to logs/<id>.scrapes
#   cluster     cluster mode (docs/scaling.md): a redis-server and each count of
#               BENCH_CLUSTER_INSTANCES datagate instances (--redis) on this
#               machine, the loadgen's clients spread over their ports (client i
#               on instance i mod N), BENCH_CLUSTER_CLIENTS clients at
#               BENCH_CLUSTER_HZ; the servers' CPU is summed over the instances,
#               Redis's CPU is read from /proc/<redis-server pid>/stat; one more
#               table (cluster) puts the instance counts side by side
#   recover     BENCH_RECOVER_CLIENTS JSON clients that connect at once after the
#               server has published BENCH_RECOVER_FILL s of ticks at BENCH_RECOVER_HZ,
#               each recovering the whole history (subscribe with since 0: the largest
#               burst a client is sent), then live; a client cut off as a slow
#               consumer shows as failed and in the window's delivery
#   floor       no datagate: datagate-sendfloor fans a 100-byte message out with plain
#               send() from one thread per core to each client count at each rate,
#               the machine's own limit to read the server's figures against
#
# Environment (all optional):
#   BENCH_SCENARIOS      "subscribed storm idle floor"
#   BENCH_PROTOCOLS      "json socketio"
#   BENCH_CLIENTS        "1000 5000 10000 19000"  client counts of "subscribed"
#   BENCH_RATES          "1 10"                   feed rates (Hz) of "subscribed"
#   BENCH_DURATION       20                       measurement window (s)
#   BENCH_RAMP           2000                     connections per second (subscribed, idle)
#   BENCH_STORM_CLIENTS  10000
#   BENCH_IDLE_CLIENTS   10000
#   BENCH_STORM_HZ       1                        feed rate while the storm connects
#   BENCH_GUI_CLIENTS    10000                    clients of "gui"
#   BENCH_GUI_HZ         10                       feed rate of "gui" (and "scrape")
#   BENCH_SCRAPE_INTERVAL 0.1                     seconds between scrapes of "scrape"
#   BENCH_CLUSTER_INSTANCES "1 3"                 instance counts of "cluster"
#   BENCH_CLUSTER_CLIENTS "3000 9000"             client counts of "cluster" (all instances together)
#   BENCH_CLUSTER_HZ     10                       feed rate of "cluster"
#   BENCH_SEND_BUFFERS   --max-send-buffer values (bytes) to run "subscribed" and "recover"
#                        with, one set of rows each, e.g. "4194304 1048576"; unset: the default
#   BENCH_RECOVER_CLIENTS 200                     clients of "recover"
#   BENCH_RECOVER_HZ     500                      feed rate of "recover"
#   BENCH_RECOVER_FILL   40                       seconds of ticks published before they connect
#   BENCH_SERVER_ARGS    more datagate options, e.g. "--io-threads 2"
#   BENCH_LOADGEN_ARGS   more datagate-loadgen options, e.g. "--threads 2"
#   BENCH_FLOOR_ARGS     more datagate-sendfloor options, e.g. "--io-uring"
#   BENCH_LABEL          tag for this run's rows, e.g. "QT_NO_GLIB=1, 2 I/O threads"
#   BENCH_TLS=1          serve TLS (--tls-cert with the test identity of tests/support/tls)
#                        and connect over wss://; the rows are tagged "TLS"
#   BENCH_MAX_LOAD       wait (up to 5 min) before each scenario while the 1-minute
#                        load average is above this (the machine is shared); unset: no wait
#   BENCH_SKIP_BUILD=1   use the binaries already in the build directory
#   BENCH_BUILD_DIR      build directory (default <repo>/build/bench)
#   QT_*                 reach datagate unchanged, e.g. QT_NO_GLIB=1 tools/bench/run.sh
#
# A quick run: BENCH_CLIENTS="1000" BENCH_RATES="10" BENCH_DURATION=5 BENCH_SCENARIOS=subscribed tools/bench/run.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BENCH_BUILD_DIR:-$root/build/bench}
scenarios=${BENCH_SCENARIOS:-subscribed storm idle floor}
protocols=${BENCH_PROTOCOLS:-json socketio}
client_counts=${BENCH_CLIENTS:-1000 5000 10000 19000}
rates=${BENCH_RATES:-1 10}
duration=${BENCH_DURATION:-20}
ramp=${BENCH_RAMP:-2000}
storm_clients=${BENCH_STORM_CLIENTS:-10000}
idle_clients=${BENCH_IDLE_CLIENTS:-10000}
storm_rate=${BENCH_STORM_HZ:-1}
gui_clients=${BENCH_GUI_CLIENTS:-10000}
gui_rate=${BENCH_GUI_HZ:-10}
scrape_interval=${BENCH_SCRAPE_INTERVAL:-0.1}
cluster_instances=${BENCH_CLUSTER_INSTANCES:-1 3}
cluster_clients=${BENCH_CLUSTER_CLIENTS:-3000 9000}
cluster_rate=${BENCH_CLUSTER_HZ:-10}
server_args=${BENCH_SERVER_ARGS:-}
send_buffers=${BENCH_SEND_BUFFERS:-default}
recover_clients=${BENCH_RECOVER_CLIENTS:-200}
recover_rate=${BENCH_RECOVER_HZ:-500}
recover_fill=${BENCH_RECOVER_FILL:-40}
# Set per set of rows by use_send_buffer: the --max-send-buffer of the runs.
buffer_args=""
buffer_label=""
loadgen_args=${BENCH_LOADGEN_ARGS:-}
floor_args=${BENCH_FLOOR_ARGS:-}
label=${BENCH_LABEL:-}
tls=${BENCH_TLS:-0}
if [ "$tls" = 1 ]; then
    server_args="--tls-cert $root/tests/support/tls/a.pem --tls-key $root/tests/support/tls/a.key $server_args"
    label="TLS${label:+, $label}"
fi
max_load=${BENCH_MAX_LOAD:-}

settle=2
drain=5
connect_timeout=30
idle_interval_ms=3600000

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
    "$root/tools/install-deps.sh" >&2
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DDATAGATE_BUILD_TESTS=OFF -DDATAGATE_BUILD_TOOLS=ON >/dev/null
    cmake --build "$build" -j2 >&2
    # What the binaries were built from, for the results' header (read-only git calls).
    {
        echo -n "commit $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
        git -C "$root" --no-optional-locks status --porcelain 2>/dev/null | grep -q . && echo -n " with uncommitted changes"
        echo ", built $(date -u +%Y-%m-%dT%H:%MZ)"
    } >"$build/bench-build.txt"
fi
datagate=$build/datagate
loadgen=$build/tools/loadgen/datagate-loadgen
sendfloor=$build/tools/sendfloor/datagate-sendfloor
for binary in "$datagate" "$loadgen" "$sendfloor"; do
    [ -x "$binary" ] || { echo "run.sh: $binary is missing (build first or unset BENCH_SKIP_BUILD)" >&2; exit 1; }
done

# Both processes inherit this: 19,000 clients need 19,000 descriptors on each side.
ulimit -n 20000 2>/dev/null || ulimit -n "$(ulimit -Hn)"

logs=$build/logs
mkdir -p "$logs"
results=$build/results.md
jsonl=$build/results.jsonl
rows=$(mktemp)
floor_rows=$(mktemp)
cluster_reports=$(mktemp)
: >"$jsonl"

server_pid=""
# The cluster scenario's other instances (the first is server_pid) and its redis-server.
more_pids=()
redis_pid=""
redis_dir=""
stop_process() {
    local pid=$1 name=$2
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true
        for _ in $(seq 1 100); do
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        if kill -0 "$pid" 2>/dev/null; then
            echo "run.sh: $name did not stop within 10 s; killing it" >&2
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    wait "$pid" 2>/dev/null || true
}
stop_cluster() {
    local pid
    for pid in "${more_pids[@]}"; do
        stop_process "$pid" datagate
    done
    more_pids=()
    if [ -n "$redis_pid" ]; then
        stop_process "$redis_pid" redis-server
        redis_pid=""
    fi
    [ -n "$redis_dir" ] && rm -rf "$redis_dir"
    redis_dir=""
}
stop_server() {
    [ -n "$server_pid" ] || return 0
    stop_process "$server_pid" datagate
    server_pid=""
}
trap 'stop_server; stop_cluster; rm -f "$rows" "$floor_rows" "$cluster_reports"' EXIT
trap 'exit 130' INT TERM

wait_for_quiet_machine() {
    [ -n "$max_load" ] || return 0
    local waited=0
    while awk -v max="$max_load" '{ exit !($1 > max) }' /proc/loadavg && [ "$waited" -lt 300 ]; do
        [ "$waited" -eq 0 ] && echo "run.sh: load average $(cut -d' ' -f1 /proc/loadavg) > $max_load; waiting" >&2
        sleep 5
        waited=$((waited + 5))
    done
}

# start_server <random interval ms> <log file> [gui]: sets server_pid and port.
# With gui, the dashboard runs in the server's process, as on a desktop (on
# the offscreen platform unless QT_QPA_PLATFORM says otherwise).
start_server() {
    local interval=$1 log=$2 mode=${3:-headless}
    local -a process=("$datagate" --no-gui)
    [ "$mode" = gui ] && process=(env "QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen}" "$datagate")
    # shellcheck disable=SC2086 # server_args is a list of options
    "${process[@]}" --host 127.0.0.1 --port 0 --random-interval "$interval" --btc-providers simulated \
        --ping-interval 600000 --ping-timeout 60000 $server_args $buffer_args ${scenario_args:-} 2>"$log" &
    server_pid=$!
    port=""
    for _ in $(seq 1 150); do
        port=$(sed -n 's/.*ready: .*https\?:\/\/<host>:\([0-9]*\)\/data.*/\1/p' "$log" | head -n 1)
        [ -n "$port" ] && return 0
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "run.sh: datagate did not become ready; its log:" >&2
    cat "$log" >&2
    return 1
}

# start_redis <log>: a redis-server on a free loopback port, without
# persistence; sets redis_pid and redis_port.
start_redis() {
    local log=$1
    command -v redis-server >/dev/null || { echo "run.sh: the cluster scenario needs redis-server (tools/install-deps.sh --tests)" >&2; return 1; }
    redis_dir=$(mktemp -d)
    redis_port=""
    local candidate
    for candidate in $(seq 16379 16479); do
        # Nothing answers a connect there: free.
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then
            redis_port=$candidate
            break
        fi
    done
    [ -n "$redis_port" ] || { echo "run.sh: no free port for redis-server in 16379-16479" >&2; return 1; }
    redis-server --port "$redis_port" --bind 127.0.0.1 --save '' --appendonly no --dir "$redis_dir" --daemonize no >"$log" 2>&1 &
    redis_pid=$!
    for _ in $(seq 1 50); do
        grep -q "Ready to accept connections" "$log" && return 0
        kill -0 "$redis_pid" 2>/dev/null || break
        sleep 0.1
    done
    echo "run.sh: redis-server did not start; its log:" >&2
    cat "$log" >&2
    return 1
}

# start_cluster <instances> <random interval ms> <log prefix>: redis-server
# and the instances, all in cluster mode (/readyz 200: connected, the epoch
# read); sets server_pid (the first), more_pids, ports (comma-separated) and
# server_pids (comma-separated).
start_cluster() {
    local count=$1 interval=$2 prefix=$3 i
    start_redis "$prefix.redis.log"
    local saved_args=$server_args
    local -a pids=() port_list=()
    for i in $(seq 1 "$count"); do
        server_args="--redis redis://127.0.0.1:$redis_port/0 --redis-instance-id bench-$i $saved_args"
        server_pid=""
        start_server "$interval" "$prefix.server-$i.log" || { server_args=$saved_args; return 1; }
        pids+=("$server_pid")
        port_list+=("$port")
    done
    server_args=$saved_args
    server_pid=${pids[0]}
    more_pids=("${pids[@]:1}")
    port=${port_list[0]}
    ports=$(IFS=,; echo "${port_list[*]}")
    server_pids=$(IFS=,; echo "${pids[*]}")
    local scheme=http each
    [ "$tls" = 1 ] && scheme=https
    for each in "${port_list[@]}"; do
        for _ in $(seq 1 100); do
            [ "$(curl -s -k -o /dev/null -w '%{http_code}' "$scheme://127.0.0.1:$each/readyz")" = 200 ] && break
            sleep 0.1
        done
    done
}

# run_scenario <scenario> <protocol> <clients> <feed Hz or 0> <random interval ms> <ramp/s> <duration s> [instances]
run_scenario() {
    local scenario=$1 protocol=$2 clients=$3 rate=$4 interval=$5 ramp_rate=$6 window=$7 instances=${8:-0}
    local mode=headless
    [ "$scenario" = gui ] && mode=gui
    local id="${scenario}-${protocol}-${clients}-${rate}hz${buffer_label:+-sendbuf${buffer_args##* }}"
    local row_label=$scenario
    if [ "$scenario" = cluster ]; then
        id="cluster${instances}-${protocol}-${clients}-${rate}hz"
        row_label="cluster of $instances"
    fi
    [ -n "$buffer_label" ] && row_label="$row_label, $buffer_label"
    [ -n "$label" ] && row_label="$row_label, $label"
    # recover: a history large enough to hold the fill, and every client
    # asks for all of it once the fill is published.
    local scenario_args="" scenario_loadgen=()
    if [ "$scenario" = recover ]; then
        scenario_args="--history-size 100000"
        scenario_loadgen=(--since 0)
    fi
    wait_for_quiet_machine
    echo "run.sh: $id${label:+ ($label)}; load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$logs/$id.loadavg" >&2
    local -a cluster_args=()
    if [ "$scenario" = cluster ]; then
        start_cluster "$instances" "$interval" "$logs/$id"
        cluster_args=(--redis-pid "$redis_pid")
    else
        start_server "$interval" "$logs/$id.server.log" "$mode"
        ports=$port
        server_pids=$server_pid
    fi
    [ "$scenario" = recover ] && sleep "$recover_fill"
    local scraper=""
    if [ "$scenario" = scrape ]; then
        : >"$logs/$id.scrapes"
        (while kill -0 "$server_pid" 2>/dev/null; do
            curl -s -k -o /dev/null -w '%{time_total}\n' "$([ "$tls" = 1 ] && echo https || echo http)://127.0.0.1:$port/metrics" >>"$logs/$id.scrapes" || true
            sleep "$scrape_interval"
        done) &
        scraper=$!
    fi
    # The loadgen bounds itself (ramp + connect timeout + settle + window + drain);
    # timeout is only the last resort against a hang.
    local ramp_s=0
    [ "$ramp_rate" != 0 ] && ramp_s=$(( (clients + ramp_rate - 1) / ramp_rate ))
    local limit=$(( ramp_s + connect_timeout + settle + window + drain + 60 ))
    local rc=0
    # shellcheck disable=SC2086 # loadgen_args is a list of options
    local -a target=(--protocol "$protocol" --host 127.0.0.1 --port "$ports")
    if [ "$tls" = 1 ]; then
        local path=/ws
        [ "$protocol" = socketio ] && path=/socket.io/
        target=(--url "wss://127.0.0.1:$port$path")
    fi
    timeout -k 5 "$limit" "$loadgen" "${target[@]}" \
        --clients "$clients" --ramp-per-sec "$ramp_rate" --duration "$window" --settle "$settle" --drain "$drain" \
        --connect-timeout "$connect_timeout" --expected-rate "$rate" --server-pid "$server_pids" "${cluster_args[@]}" \
        --label "$row_label" --json-out "$logs/$id.json" --markdown-out "$rows" "${scenario_loadgen[@]}" $loadgen_args \
        >/dev/null 2>"$logs/$id.loadgen.log" || rc=$?
    if [ -n "$scraper" ]; then
        kill "$scraper" 2>/dev/null || true
        wait "$scraper" 2>/dev/null || true
        sort -n "$logs/$id.scrapes" | awk '{ t[NR] = $1 } END { if (NR) printf "run.sh: %s: %d scrapes of /metrics, p50 %.1f ms, max %.1f ms\n", id, NR, t[int((NR + 1) / 2)] * 1000, t[NR] * 1000 }' id="$id" >&2
    fi
    stop_server
    stop_cluster
    if [ "$rc" -ne 0 ]; then
        echo "run.sh: $id: datagate-loadgen failed (exit $rc): $(tail -n 3 "$logs/$id.loadgen.log")" >&2
        echo "| $row_label | $protocol | $clients | $rate | run failed (exit $rc), see build/bench/logs/$id.loadgen.log |||||||||||" >>"$rows"
    else
        cat "$logs/$id.json" >>"$jsonl"
        [ "$scenario" = cluster ] && cat "$logs/$id.json" >>"$cluster_reports"
        tail -n 1 "$rows" >&2
    fi
    sleep 1
}

# run_floor <clients> <rate Hz> <duration s>: datagate-sendfloor, one sender thread per core.
run_floor() {
    local clients=$1 rate=$2 window=$3
    local id="floor-${clients}-${rate}hz" threads
    threads=$(nproc)
    wait_for_quiet_machine
    echo "run.sh: $id; load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$logs/$id.loadavg" >&2
    local rc=0
    timeout -k 5 $((window + 120)) "$sendfloor" --clients "$clients" --threads "$threads" \
        --ticks $((window * rate)) --interval-ms $((1000 / rate)) --size 100 --markdown-out "$floor_rows" $floor_args \
        >"$logs/$id.json" 2>"$logs/$id.log" || rc=$?
    if [ "$rc" -ne 0 ]; then
        echo "run.sh: $id: datagate-sendfloor failed (exit $rc): $(tail -n 3 "$logs/$id.log")" >&2
        echo "| $clients | $rate | $threads | run failed (exit $rc) ||||||" >>"$floor_rows"
    else
        cat "$logs/$id.json" >>"$jsonl"
        tail -n 1 "$floor_rows" >&2
    fi
    sleep 1
}

# use_send_buffer <bytes or "default">: the --max-send-buffer of the next runs.
use_send_buffer() {
    if [ "$1" = default ]; then
        buffer_args=""
        buffer_label=""
    else
        buffer_args="--max-send-buffer $1"
        buffer_label="max-send-buffer $(awk -v b="$1" 'BEGIN { if (b % 1048576 == 0) printf "%d MiB", b / 1048576; else printf "%d B", b }')"
    fi
}

for scenario in $scenarios; do
    case "$scenario" in
        subscribed)
            for buffer in $send_buffers; do
                use_send_buffer "$buffer"
                for rate in $rates; do
                    for protocol in $protocols; do
                        for clients in $client_counts; do
                            run_scenario subscribed "$protocol" "$clients" "$rate" $((1000 / rate)) "$ramp" "$duration"
                        done
                    done
                done
            done
            use_send_buffer default ;;
        recover)
            for buffer in $send_buffers; do
                use_send_buffer "$buffer"
                run_scenario recover json "$recover_clients" "$recover_rate" $((1000 / recover_rate)) 0 "$duration"
            done
            use_send_buffer default ;;
        storm)
            for protocol in $protocols; do
                run_scenario storm "$protocol" "$storm_clients" "$storm_rate" $((1000 / storm_rate)) 0 5
            done ;;
        idle)
            for protocol in $protocols; do
                run_scenario idle "$protocol" "$idle_clients" 0 "$idle_interval_ms" "$ramp" 5
            done ;;
        scrape)
            command -v curl >/dev/null || { echo "run.sh: the scrape scenario needs curl (apt-get install curl)" >&2; exit 1; }
            run_scenario scrape json "$gui_clients" "$gui_rate" $((1000 / gui_rate)) "$ramp" "$duration" ;;
        gui)
            for protocol in $protocols; do
                run_scenario gui "$protocol" "$gui_clients" "$gui_rate" $((1000 / gui_rate)) "$ramp" "$duration"
            done ;;
        cluster)
            command -v curl >/dev/null || { echo "run.sh: the cluster scenario needs curl (apt-get install curl)" >&2; exit 1; }
            command -v jq >/dev/null || { echo "run.sh: the cluster scenario needs jq (apt-get install jq)" >&2; exit 1; }
            for protocol in $protocols; do
                for clients in $cluster_clients; do
                    for instances in $cluster_instances; do
                        run_scenario cluster "$protocol" "$clients" "$cluster_rate" $((1000 / cluster_rate)) "$ramp" "$duration" "$instances"
                    done
                done
            done ;;
        floor)
            for rate in $rates; do
                for clients in $client_counts; do
                    run_floor "$clients" "$rate" "$duration"
                done
            done ;;
        *) echo "run.sh: unknown scenario '$scenario' (subscribed, recover, storm, idle, gui, scrape, cluster, floor)" >&2; exit 2 ;;
    esac
done

qt_env=$(env | grep '^QT_' | sort | tr '\n' ' ' || true)
{
    echo "## datagate benchmark${label:+: $label}"
    echo
    echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); server and load generator: $(cat "$build/bench-build.txt" 2>/dev/null || echo 'build of unknown origin')"
    echo "- machine: $(nproc) CPUs, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1), Linux $(uname -r), Qt $(dpkg-query -W -f='${Version}' libqt6core6 2>/dev/null || echo unknown)"
    echo "- server: datagate --random-interval <1000/Hz> --ping-interval 600000 ${server_args:-}${qt_env:+; environment: $qt_env}"
    echo "- load generator: ramp ${ramp}/s (storm: unlimited, feed ${storm_rate} Hz), settle ${settle} s, window ${duration} s (storm, idle: 5 s), drain ${drain} s${loadgen_args:+, $loadgen_args}"
    echo
    if [ -s "$rows" ]; then
        "$loadgen" --markdown-header
        cat "$rows"
    fi
    if [ -s "$cluster_reports" ]; then
        echo
        echo "### cluster: instances on this machine sharing one redis-server (servers' CPU summed)"
        echo
        echo "| instances | proto | clients | feed Hz | subscribed / failed | delivered msg/s (expected) | msgs per server CPU-s | latency p99 (ms) | servers CPU % | Redis CPU % |"
        echo "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
        jq -r '"| \(.server.instances) | \(.protocol) | \(.clients) | \(.expected_rate_hz) | \(.subscribed) / \(.failed) | \(.msgs_per_s | floor) (\(.expected_msgs_per_s | floor)) | \(.server.msgs_per_cpu_s // "—" | if type == "number" then floor else . end) | \(.latency_incl_undelivered_ms.p99 // "—" | if type == "number" then (. * 10 | round) / 10 else . end) | \(.server.cpu_pct // "—") | \(.redis.cpu_pct // "—") |"' "$cluster_reports"
    fi
    if [ -s "$floor_rows" ]; then
        echo
        echo "### floor: plain send() fan-out, no datagate (datagate-sendfloor, 100-byte messages)"
        echo
        echo "| clients | Hz | sender threads | received / sent | CPU per send (µs) | sends per CPU-s | receiver CPU per message (µs) | fan-out p50 / max (ms) | latency p50 / p99 / max (ms) |"
        echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
        cat "$floor_rows"
    fi
} | tee "$results"
