#!/usr/bin/env bash
# resources/datagate.service as systemd reads it: `systemd-analyze verify`
# must pass without a word (it exits 0 even for an unknown key or a bad
# value, and says so on stderr), `systemd-analyze security` must rate its
# exposure 2.0 or lower, and the directives the service relies on must be
# there. ExecStart points at the binary just built, so that verify finds it.
#   tests/app/verify-unit.sh <unit> <datagate binary> <scratch folder>
# Exit code 77 (skipped): systemd-analyze cannot run here.
set -euo pipefail
unit=$1
binary=$2
scratch=$3
rm -rf "$scratch"
mkdir -p "$scratch"

if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "SKIP: systemd-analyze is not installed (Debian package systemd; tools/install-deps.sh --tests installs it)"
    exit 77
fi
probe=$scratch/probe.service
printf '[Service]\nExecStart=/bin/true\n' >"$probe"
if ! systemd-analyze verify "$probe" >/dev/null 2>&1; then
    echo "SKIP: systemd-analyze cannot verify even a trivial unit in this container:"
    systemd-analyze verify "$probe" 2>&1 | sed 's/^/  /' || true
    exit 77
fi

failed=0
fail() { echo "FAIL: $*"; failed=1; }

copy=$scratch/datagate.service
sed "s|/usr/bin/datagate|$binary|" "$unit" >"$copy"
grep -q "ExecStart=$binary " "$copy" || fail "ExecStart does not start /usr/bin/datagate"
if ! output=$(systemd-analyze verify "$copy" 2>&1) || [ -n "$output" ]; then
    fail "systemd-analyze verify:"
    printf '%s\n' "$output" | sed 's/^/  /'
fi

security=$(systemd-analyze security --offline=true "$copy" 2>&1 || true)
exposure=$(printf '%s\n' "$security" | sed -n 's/.*Overall exposure level for datagate.service: \([0-9.]*\).*/\1/p')
if [ -z "$exposure" ]; then
    fail "systemd-analyze security gave no exposure level:"
    printf '%s\n' "$security" | tail -5 | sed 's/^/  /'
elif ! awk -v e="$exposure" 'BEGIN { exit !(e <= 2.0) }'; then
    fail "exposure level $exposure, more than 2.0"
    printf '%s\n' "$security" | grep '✗' | sed 's/^/  /'
fi

# What the service relies on, line for line.
for line in 'Type=notify' 'DynamicUser=yes' 'User=datagate' 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'PrivateTmp=yes' \
    'CapabilityBoundingSet=' 'ProtectHome=yes' 'SystemCallFilter=@system-service' 'Restart=on-failure' \
    'ExecReload=/bin/kill -HUP $MAINPID' 'ExecStart=/usr/bin/datagate --no-gui --config /etc/datagate/datagate.conf' \
    'WantedBy=multi-user.target'; do
    grep -qxF -- "$line" "$unit" || fail "no line '$line'"
done
grep -qE '^WatchdogSec=[1-9]' "$unit" || fail "no WatchdogSec"
grep -qE '^LimitNOFILE=[0-9]{5,}' "$unit" || fail "LimitNOFILE below 10,000 clients"

if [ "$failed" = 0 ]; then
    echo "datagate.service: verify clean, exposure $exposure"
    echo "1 passed, 0 failed"
fi
exit "$failed"
