#!/usr/bin/env bash
# Checks which Qt libraries the datagate binary links (readelf -d, its
# NEEDED entries): a headless build (-DDATAGATE_BUILD_GUI=OFF) must link none
# of Qt Gui, Widgets, Charts or Svg; a dashboard build must link Widgets and
# Charts (so that the check is known to see them when they are there).
#   check-linkage.sh <datagate binary> headless|dashboard
set -euo pipefail
binary=${1:?usage: check-linkage.sh <binary> headless|dashboard}
expect=${2:?usage: check-linkage.sh <binary> headless|dashboard}

needed=$(readelf -d "$binary" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p')
[ -n "$needed" ] || { echo "check-linkage: no NEEDED entries in $binary" >&2; exit 1; }
gui=$(grep -E '^libQt6(Gui|Widgets|Charts|Svg|OpenGL|OpenGLWidgets)\.so' <<<"$needed" || true)
case "$expect" in
    headless)
        if [ -n "$gui" ]; then
            echo "check-linkage: the headless binary links $(tr '\n' ' ' <<<"$gui")" >&2
            exit 1
        fi
        grep -q '^libQt6Core\.so' <<<"$needed" || { echo "check-linkage: $binary does not link QtCore at all?" >&2; exit 1; }
        echo "check-linkage: headless; links $(grep -E '^libQt6' <<<"$needed" | tr '\n' ' ')" ;;
    dashboard)
        for lib in Widgets Charts; do
            grep -q "^libQt6$lib\.so" <<<"$gui" || { echo "check-linkage: the dashboard binary does not link Qt $lib" >&2; exit 1; }
        done
        echo "check-linkage: dashboard; links $(grep -E '^libQt6' <<<"$needed" | tr '\n' ' ')" ;;
    *) echo "check-linkage: expected headless or dashboard, not $expect" >&2; exit 2 ;;
esac
