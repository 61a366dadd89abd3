#!/usr/bin/env bash
# Proves the promise of docs/architecture.md, "Adding a feed": a new feed is
# one folder plus one line in server/feeds/FeedRegistry.cpp, nothing else.
#
# In a copy of the source tree it adds docs/examples/clock/ as
# server/feeds/clock/ and one line to the registry, checks that this is the
# whole difference, builds the datagate binary (headless, no tests or tools),
# starts it, and checks that the new stream is served: its option is in
# --help, the welcome lists it, and a subscriber receives its ticks.
#   tests/layering/new-feed.sh <source root> <scratch folder> [<cmake -D option>…]
# The options are the calling build's (compiler flags, launcher, linker),
# passed on to the copy's build.
set -euo pipefail
root=$(cd "$1" && pwd)
scratch=$2
shift 2
build_args=("$@")
rm -rf "$scratch"
mkdir -p "$scratch/src"
src=$scratch/src

# The tree as the build sees it: tracked files and new ones not ignored.
(cd "$root" && git ls-files --cached --others --exclude-standard -z) | (cd "$root" && xargs -0 cp --parents -t "$src" 2>/dev/null || true)
[ -f "$src/server/feeds/FeedRegistry.cpp" ] || { echo "new-feed: could not copy the source tree"; exit 1; }
cp -r "$src" "$scratch/before"

# The one folder and the one line.
cp -r "$root/docs/examples/clock" "$src/server/feeds/clock"
marker='// (the list ends above this comment)'
grep -qF "$marker" "$src/server/feeds/FeedRegistry.cpp" || { echo "new-feed: the registry has no end-of-list marker"; exit 1; }
sed -i "s|^\( *\)$(printf '%s' "$marker" | sed 's/[][\.*^$/]/\\&/g')|\1FEED(clockFeedFactory) \\\\\n\1$marker|" "$src/server/feeds/FeedRegistry.cpp"

# Nothing else differs.
changes=$(diff -r "$scratch/before" "$src" || true)
added=$(diff "$scratch/before/server/feeds/FeedRegistry.cpp" "$src/server/feeds/FeedRegistry.cpp" | grep -c '^>' || true)
removed=$(diff "$scratch/before/server/feeds/FeedRegistry.cpp" "$src/server/feeds/FeedRegistry.cpp" | grep -c '^<' || true)
others=$(printf '%s\n' "$changes" | grep -E '^(Only in|diff )' | grep -v -e "Only in $src/server/feeds: clock" -e "FeedRegistry.cpp" || true)
if [ "$added" != 1 ] || [ "$removed" != 0 ] || [ -n "$others" ]; then
    echo "new-feed: the change is not one folder plus one line:"
    printf '%s\n' "$changes"
    exit 1
fi
echo "new-feed: server/feeds/clock/ plus one line: $(diff "$scratch/before/server/feeds/FeedRegistry.cpp" "$src/server/feeds/FeedRegistry.cpp" | grep '^>')"

# A build folder kept between runs (NEW_FEED_BUILD) saves a rebuild when
# trying this by hand. It sits inside the copy, where a build sits in the
# tree, so that ccache (with CCACHE_BASEDIR set, as tools/test.sh does) sees
# the same relative paths and compile commands as the tree's own build.
build=${NEW_FEED_BUILD:-$src/build/new-feed}
[ -z "${CCACHE_BASEDIR:-}" ] || export CCACHE_BASEDIR=$src
cmake -S "$src" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug "${build_args[@]}" -DDATAGATE_BUILD_TESTS=OFF \
    -DDATAGATE_BUILD_TOOLS=OFF -DDATAGATE_BUILD_GUI=OFF >/dev/null
cmake --build "$build" -j2 --target datagate >/dev/null
binary=$build/datagate

# Read whole before grep: with pipefail, grep -q leaving at the first match
# would fail the pipeline whenever the binary is still writing (SIGPIPE).
help=$("$binary" --help)
grep -q -- '--clock-interval' <<<"$help" || { echo "new-feed: --help does not list --clock-interval:"; echo "$help"; exit 1; }

log=$scratch/datagate.log
QT_QPA_PLATFORM=offscreen "$binary" --no-gui --host 127.0.0.1 --port 0 --btc-providers simulated --clock-interval 50 >"$log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
port=
for _ in $(seq 1 100); do
    port=$(grep -o -E 'listening on [^ ]+ port [0-9]+' "$log" | grep -o -E '[0-9]+$' || true)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || { echo "new-feed: the server did not start:"; cat "$log"; exit 1; }

# A WebSocket client in plain bash: the handshake, then one masked text frame
# (mask key 0, so the payload is sent as is), then read what comes.
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n' >&3
request='{"event":"subscribeClock"}'
printf "\\x81\\x$(printf %02x $((0x80 + ${#request})))\\x00\\x00\\x00\\x00%s" "$request" >&3
# Enough for the response, the welcome, the ack and a few ticks; head is
# killed (and loses what it holds) only if they never come.
received=$(timeout 15 head -c 900 <&3 | tr -c '[:print:]' ' ' || true)
exec 3>&-
kill $pid
wait $pid 2>/dev/null || true
trap - EXIT

grep -q '"streams":\["randomNumber","bitcoinPrice","clock"\]' <<<"$received" || { echo "new-feed: the welcome does not list clock: $received"; exit 1; }
grep -q '"event":"subscribed"' <<<"$received" || { echo "new-feed: subscribeClock was not acknowledged: $received"; exit 1; }
tick=$(grep -o -E '\{"data":\{[^}]*"now":[0-9]+[^}]*\},"event":"clock"\}' <<<"$received" | head -1 || true)
[ -n "$tick" ] || { echo "new-feed: no clock tick arrived: $received"; exit 1; }
echo "new-feed: the clock stream is served: $tick"
