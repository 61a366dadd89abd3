#!/usr/bin/env bash
# What the dashboard costs each of the server's threads, with BENCH_CLIENTS
# subscribed connections shown in its clients table (docs/benchmarks.md,
# "The dashboard in the server's process").
#
# The end-to-end "gui" scenario of run.sh cannot resolve the window's share
# of the tick latency on a noisy machine. This measures where the window's
# work runs instead: each thread's CPU time (/proc/<pid>/task/<tid>/schedstat)
# over BENCH_SECONDS, once headless and once with the dashboard open on the
# offscreen platform, the same clients connected and the feed ticking once an
# hour, so that nearly all the threads do is what the dashboard asks of them.
# A tick goes through the server thread ("datagate-server" with the window,
# the main thread headless) and the I/O threads ("datagate-io-N"); the
# window's own thread ("datagate" with the window) is off that path.
#
#   tools/bench/gui-cost.sh
#   BENCH_CLIENTS=10000 BENCH_SECONDS=20 BENCH_PROTOCOL=json
#   BENCH_SKIP_BUILD=1 uses build/bench as it is.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
clients=${BENCH_CLIENTS:-10000}
seconds=${BENCH_SECONDS:-20}
protocol=${BENCH_PROTOCOL:-json}
command -v curl >/dev/null || { echo "gui-cost.sh: needs curl (apt-get install curl)" >&2; exit 1; }

# shellcheck source=tools/bench/idle-server.sh
. "$root/tools/bench/idle-server.sh"

# measure <mode>: "<thread> <ms per s>" lines into $scratch/<mode>.
measure() {
    local mode=$1 before after
    start_idle_server "$mode"
    connect_idle_clients
    sleep 3 # the window's first snapshots and layout
    before=$(thread_cpu)
    sleep "$seconds"
    after=$(thread_cpu)
    join <(printf '%s\n' "$before") <(printf '%s\n' "$after") |
        awk -v secs="$seconds" '
            { name = substr($1, index($1, ":") + 1); spent[name] += $3 - $2 }
            END { for (name in spent) printf "%s %.1f\n", name, spent[name] / secs / 1e6 }' | sort >"$scratch/$mode"
    stop_idle_server
}

measure headless
measure gui
echo "gui-cost: $clients $protocol clients connected and subscribed, ${seconds} s each, $(date -u '+%Y-%m-%d %H:%M UTC'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| thread | headless (ms CPU per s) | dashboard open (ms CPU per s) |"
echo "|---|---:|---:|"
join -a 1 -a 2 -e — -o 0,1.2,2.2 "$scratch/headless" "$scratch/gui" | awk '{ printf "| %s | %s | %s |\n", $1, $2, $3 }'
