#!/usr/bin/env bash
# Reads every #include "…" of datagate's sources and checks it against the
# layers of docs/architecture.md:
#
#   common  <-  feeds, hub, transport  <-  server  <-  gui  <-  app
#   common  <-  hub  <-  cluster  <-  server
#
# A file may include its own layer and the layers it is allowed to see; an
# include that goes the wrong way, names no layer, or reaches around the
# include roots with "../" is reported, and the script exits 1.
#   tools/check-layers.sh [source root]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"

# The layer of a source file, from its folder.
layer_of_file() {
    case "$1" in
        common/*) echo common ;;
        server/feeds/*) echo feeds ;;
        server/hub/*) echo hub ;;
        server/transport/*) echo transport ;;
        server/cluster/*) echo cluster ;;
        server/*) echo server ;;
        gui/*) echo gui ;;
        app/*) echo app ;;
        *) echo unknown ;;
    esac
}

# The layer a quoted include names, from its first path component.
layer_of_include() {
    case "$1" in
        config/* | feed/* | logging/* | model/* | protocol/* | time/*) echo common ;;
        feeds/*) echo feeds ;;
        hub/*) echo hub ;;
        transport/*) echo transport ;;
        cluster/*) echo cluster ;;
        Server.h | ServerLogging.h | ServerSettings.h | OperatorEndpoints.h | MetricsWriter.h | ProcessStats.h | HeldTicks.h | ClusterSocketIoSessions.h) echo server ;;
        gui/*) echo gui ;;
        app/*) echo app ;;
        *.moc | ui_*.h | moc_*.cpp) echo generated ;;
        *) echo unknown ;;
    esac
}

# The layers each layer may include, its own among them.
allowed() {
    case "$1" in
        common) echo "common" ;;
        feeds) echo "common feeds" ;;
        hub) echo "common hub" ;;
        transport) echo "common transport" ;;
        cluster) echo "common hub cluster" ;;
        server) echo "common feeds hub transport cluster server" ;;
        gui) echo "common hub server gui" ;;
        app) echo "common hub server gui app" ;;
    esac
}

status=0
checked=0
while IFS= read -r file; do
    from=$(layer_of_file "$file")
    [ "$from" = unknown ] && continue
    while IFS=: read -r line include; do
        checked=$((checked + 1))
        if [[ "$include" == *..* ]]; then
            echo "$file:$line: \"$include\" reaches around the include roots with ../"
            status=1
            continue
        fi
        to=$(layer_of_include "$include")
        [ "$to" = generated ] && continue
        if [ "$to" = unknown ]; then
            echo "$file:$line: \"$include\" names no layer (includes are written <layer folder>/<header>)"
            status=1
            continue
        fi
        # server/ may include its own root headers (Server.h); nothing else may
        # include server's private ones.
        if [ "$include" = ServerLogging.h ] && [ "$from" != server ]; then
            echo "$file:$line: ServerLogging.h is private to the server layer"
            status=1
            continue
        fi
        if [[ " $(allowed "$from") " != *" $to "* ]]; then
            echo "$file:$line: the $from layer includes \"$include\" of the $to layer, which it may not see"
            status=1
        fi
    done < <(grep -n -o -E '^[[:space:]]*#[[:space:]]*include[[:space:]]+"[^"]+"' "$file" | sed -E 's/^([0-9]+):.*"([^"]+)".*/\1:\2/')
done < <(git ls-files --cached --others --exclude-standard -- common server gui app 2>/dev/null | grep -E '\.(h|cpp)$' || find common server gui app -name '*.h' -o -name '*.cpp' 2>/dev/null)

if [ "$status" = 0 ]; then
    echo "check-layers: $checked includes, every one within the allowed layers"
fi
exit $status
