#!/usr/bin/env bash
# The dashboard's window and models must not know where their data comes
# from: only gui/source/InProcessSource may include the server (Server.h,
# hub/…), and nothing in gui/ but the remote source itself includes it
# (gui/source/RemoteSource), so that either can feed the same window.
# Everything else in gui/ sees DashboardSource and common's value types.
#   check-source-seam.sh [source root]
set -euo pipefail
root=${1:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root"
offenders=$(grep -rnE '^\s*#\s*include\s+"(Server\.h|hub/|feeds/|transport/|gui/source/InProcessSource\.h)' gui \
    | grep -v '^gui/source/InProcessSource\.' || true)
if [ -n "$offenders" ]; then
    echo "check-source-seam: these reach past DashboardSource to the in-process server:" >&2
    echo "$offenders" >&2
    exit 1
fi
# Nor may they know the remote source (--monitor): what they say differently
# about a datagate elsewhere they learn from DashboardSource.
remote=$(grep -rnE '^\s*#\s*include\s+"gui/source/(RemoteSource|RemoteProtocol|ReconnectBackoff)\.h"' gui \
    | grep -vE '^gui/source/(RemoteSource|RemoteProtocol|ReconnectBackoff)\.' || true)
if [ -n "$remote" ]; then
    echo "check-source-seam: these reach past DashboardSource to the remote source:" >&2
    echo "$remote" >&2
    exit 1
fi
echo "check-source-seam: only gui/source/InProcessSource sees the server, and nothing in gui/ sees which source it has"
