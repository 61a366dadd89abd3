#!/usr/bin/env bash
# What one scrape costs each of the server's threads, with BENCH_CLIENTS
# connections open (docs/benchmarks.md, "A scrape of /metrics").
#
# The end-to-end "scrape" scenario of run.sh cannot resolve a scrape's share
# of the tick latency on a noisy machine. This measures what a tick could
# wait for instead: the CPU time a scrape takes on the thread that publishes
# ticks (the main thread, where the hub and the HTTP answer run) and on each
# I/O thread (where a tick is sent, and where the scrape's counters are
# read). The connections are subscribed and the feed ticks once an hour, so
# nearly all the threads do in the measured window is the scrapes: their CPU
# time (/proc/<pid>/task/<tid>/schedstat, in ns) over BENCH_SCRAPES scrapes,
# minus the same threads' time over a window as long without scrapes.
#
#   tools/bench/scrape-cost.sh
#   BENCH_CLIENTS=10000 BENCH_SCRAPES=500 BENCH_PROTOCOL=json
#   BENCH_PATHS="/metrics /healthz" (each measured in turn, same clients)
#   BENCH_SKIP_BUILD=1 uses build/bench as it is.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
clients=${BENCH_CLIENTS:-10000}
scrapes=${BENCH_SCRAPES:-500}
protocol=${BENCH_PROTOCOL:-json}
paths=${BENCH_PATHS:-/metrics /healthz}
command -v curl >/dev/null || { echo "scrape-cost.sh: needs curl (apt-get install curl)" >&2; exit 1; }

# shellcheck source=tools/bench/idle-server.sh
. "$root/tools/bench/idle-server.sh"
start_idle_server headless
connect_idle_clients

# measure <path>: prints its table.
measure() {
    local path=$1 before during after start elapsed_ns
    before=$(thread_cpu)
    start=$(date +%s%N)
    : >"$scratch/times"
    for _ in $(seq 1 "$scrapes"); do
        curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$port$path" >>"$scratch/times"
    done
    elapsed_ns=$(($(date +%s%N) - start))
    during=$(thread_cpu)
    sleep "$(awk -v ns="$elapsed_ns" 'BEGIN { printf "%.3f", ns / 1e9 }')"
    after=$(thread_cpu)

    echo "scrape-cost: $scrapes requests of $path with $clients $protocol clients connected, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "wall time per request, as curl saw it: $(sort -n "$scratch/times" | awk '{ t[NR] = $1 } END { printf "p50 %.2f ms, max %.2f ms", t[int((NR + 1) / 2)] * 1000, t[NR] * 1000 }')"
    echo "| thread | CPU per request (µs) | CPU per second without requests (µs) |"
    echo "|---|---:|---:|"
    # Threads by name; threads of the same name (Qt's helpers) are summed.
    join <(printf '%s\n' "$before") <(printf '%s\n' "$during") | join - <(printf '%s\n' "$after") |
        awk -v n="$scrapes" -v secs="$(awk -v ns="$elapsed_ns" 'BEGIN { print ns / 1e9 }')" '
            { name = substr($1, index($1, ":") + 1); with[name] += $3 - $2; without[name] += $4 - $3 }
            END {
                for (name in with) {
                    per = (with[name] - without[name]) / n / 1000
                    if (per < 0) per = 0
                    printf "| %s | %.1f | %.1f |\n", name, per, without[name] / secs / 1000
                }
            }' | sort
    echo
}

for path in $paths; do
    measure "$path"
done
