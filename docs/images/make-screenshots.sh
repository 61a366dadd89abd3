#!/usr/bin/env bash
# Takes the README's screenshots of the dashboard, in English, German and
# Spanish, with live data: a fake of two price providers (one of which
# fails for a while, then both, so that failover and a stale stretch show)
# and a few dozen clients of both protocols from datagate-loadgen. Then the
# same for --monitor: a headless datagate with such clients, and, once it
# has run for a minute, the dashboard of a second process watching it, whose
# charts start with what the headless one holds (dashboard-monitor*.png).
#   docs/images/make-screenshots.sh [build dir]      (default: build/release)
# SCREENSHOTS=dashboard or SCREENSHOTS=monitor takes only those.
# Needs node (for the fake providers) and a build with the dashboard and the
# tools. Runs on the offscreen platform; takes about 90 seconds.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$root/build/release}
datagate=$build/datagate
loadgen=$build/tools/loadgen/datagate-loadgen
out=${SCREENSHOT_DIR:-$root/docs/images}
delay_ms=${SCREENSHOT_DELAY_MS:-80000}
for tool in "$datagate" "$loadgen"; do
    [ -x "$tool" ] || { echo "make-screenshots: $tool is missing; build the datagate and datagate-loadgen targets" >&2; exit 2; }
done
command -v node >/dev/null || { echo "make-screenshots: needs node" >&2; exit 2; }

work=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

free_port() { node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

# The fake providers: coinbase and kraken in their real response shapes, a
# slow random walk; coinbase answers 503 from 25 s to 45 s (kraken takes
# over), both do from 50 s to 55 s (the price goes stale for a few polls).
upstream_port=$(free_port)
cat > "$work/upstream.js" <<'JS'
const http = require("http");
const started = Date.now();
let price = 97150;
setInterval(() => { price += (Math.random() - 0.48) * 25; }, 500);
http.createServer((req, res) => {
    const t = (Date.now() - started) / 1000;
    const provider = req.url.split("/")[1].split("?")[0];
    const down = (provider === "coinbase" && t >= 25 && t < 45) || (t >= 50 && t < 55);
    if (down) { res.writeHead(503, {"Content-Type": "application/json"}); res.end('{"error":"maintenance"}'); return; }
    const p = provider === "kraken" ? price + 3.5 : price;
    const body = provider === "kraken"
        ? {error: [], result: {XXBTZUSD: {a: [(p + 0.1).toFixed(5), "1", "1.000"], b: [(p - 0.1).toFixed(5), "3", "3.000"], c: [p.toFixed(5), "0.01"],
            v: ["1234.5", "2345.6"], p: [p.toFixed(5), p.toFixed(5)], t: [12345, 23456], l: [(p * 0.97).toFixed(5), (p * 0.96).toFixed(5)],
            h: [(p * 1.02).toFixed(5), (p * 1.03).toFixed(5)], o: (p * 0.99).toFixed(5)}}}
        : {data: {amount: p.toFixed(2), base: "BTC", currency: "USD"}};
    setTimeout(() => { res.writeHead(200, {"Content-Type": "application/json"}); res.end(JSON.stringify(body)); },
        provider === "kraken" ? 180 : 95);
}).listen(Number(process.argv[2]), "127.0.0.1");
JS
node "$work/upstream.js" "$upstream_port" &
pids+=($!)

# Once the datagate on this port said it is ready in its log: a few dozen
# clients of both protocols.
clients() { # port log
    local port=$1 log=$2
    for _ in $(seq 1 100); do
        grep -q "ready:" "$log" && break
        sleep 0.1
    done
    "$loadgen" --port "$port" --protocol json --clients 24 --ramp-per-sec 6 --duration 120 >/dev/null 2>&1 &
    pids+=($!)
    "$loadgen" --port "$port" --protocol socketio --stream bitcoinPrice --clients 13 --ramp-per-sec 3 --duration 120 >/dev/null 2>&1 &
    pids+=($!)
}

shoot() { # language file
    local lang=$1 file=$2 port
    port=$(free_port)
    mkdir -p "$work/$lang"
    XDG_CONFIG_HOME=$work/$lang QT_QPA_PLATFORM=offscreen LANG=en_US.UTF-8 LC_ALL= \
        "$datagate" --host 127.0.0.1 --port "$port" --lang "$lang" \
        --btc-providers coinbase,kraken --btc-interval 2000 --btc-timeout 1000 \
        --btc-url "coinbase=http://127.0.0.1:$upstream_port/coinbase" \
        --btc-url "kraken=http://127.0.0.1:$upstream_port/kraken" \
        --screenshot "$file" --screenshot-delay "$delay_ms" >/dev/null 2>"$work/$lang.log" &
    servers+=($!)
    pids+=($!)
    clients "$port" "$work/$lang.log"
}

# A headless datagate with the same fake providers and clients, and a
# dashboard per language that watches it with --monitor.
monitor() {
    local port lang file
    port=$(free_port)
    QT_QPA_PLATFORM=offscreen "$datagate" --no-gui --host 127.0.0.1 --port "$port" \
        --btc-providers coinbase,kraken --btc-interval 2000 --btc-timeout 1000 \
        --btc-url "coinbase=http://127.0.0.1:$upstream_port/coinbase" \
        --btc-url "kraken=http://127.0.0.1:$upstream_port/kraken" >/dev/null 2>"$work/headless.log" &
    pids+=($!)
    clients "$port" "$work/headless.log"
    # The monitors come later, so that their charts show the minute they
    # were not there for (/api/history), and take their shot in what is
    # left of the delay.
    local after_ms=$((delay_ms * 3 / 4))
    sleep $((after_ms / 1000))
    for lang in en de es; do
        file=$out/dashboard-monitor.png
        [ "$lang" = en ] || file=$out/dashboard-monitor-$lang.png
        mkdir -p "$work/monitor-$lang"
        XDG_CONFIG_HOME=$work/monitor-$lang QT_QPA_PLATFORM=offscreen LANG=en_US.UTF-8 LC_ALL= \
            "$datagate" --monitor "http://127.0.0.1:$port" --lang "$lang" \
            --screenshot "$file" --screenshot-delay "$((delay_ms - after_ms))" >/dev/null 2>"$work/monitor-$lang.log" &
        servers+=($!)
        pids+=($!)
    done
}

servers=()
which=${SCREENSHOTS:-all}
if [ "$which" != monitor ]; then
    shoot en "$out/dashboard.png"
    shoot de "$out/dashboard-de.png"
    shoot es "$out/dashboard-es.png"
fi
[ "$which" = dashboard ] || monitor
status=0
for pid in "${servers[@]}"; do
    wait "$pid" || { echo "make-screenshots: datagate (pid $pid) exited with $?" >&2; status=1; }
done
[ "$status" = 0 ] || { echo "make-screenshots: a screenshot failed; logs:" >&2; tail -n 5 "$work"/*.log >&2; exit 1; }
echo "wrote the screenshots ($which) to $out"
