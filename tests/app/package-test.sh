#!/usr/bin/env bash
# Makes a Debian package of the build it belongs to with CPack, as
# tools/package.sh does for a Release build, and checks it with dpkg-deb: its
# control fields (name, version, architecture, dependencies from
# dpkg-shlibdeps, the other variant conflicted and replaced), the conffile
# and maintainer scripts, and its file list, exactly. Then it unpacks it, runs
# the binary it holds and, as root on a machine without datagate, installs,
# upgrades and purges it with dpkg.
#   tests/app/package-test.sh <source root> <build folder> <scratch folder> gui|server
# The build folder must be configured with -DCMAKE_INSTALL_PREFIX=/usr
# (tools/test.sh does that), and built.
set -euo pipefail
root=$(cd "$1" && pwd)
build=$(cd "$2" && pwd)
scratch=$3
variant=$4
mkdir -p "$scratch"
rm -f "$scratch"/*.deb

# Packaging this build rather than a Release build of its own keeps CI to
# the builds it has; tools/package.sh is the same CPack step after a Release
# build. CPack strips the binary in the package either way.
(cd "$build" && cpack -G DEB -B "$scratch") >"$scratch/package.log" 2>&1 || {
    echo "FAIL: cpack -G DEB in $build:"
    tail -40 "$scratch/package.log"
    exit 1
}
rm -rf "$scratch/_CPack_Packages"

version=$(sed -n 's/^ *VERSION \([0-9.]*\)$/\1/p' "$root/CMakeLists.txt" | head -1)
arch=$(dpkg --print-architecture)
if [ "$variant" = gui ]; then name=datagate; other=datagate-server; else name=datagate-server; other=datagate; fi
deb=$scratch/${name}_${version}_${arch}.deb
failed=0
fail() { echo "FAIL: $*"; failed=1; }
[ -f "$deb" ] || { echo "FAIL: no $deb; made: $(ls "$scratch"/*.deb 2>/dev/null)"; exit 1; }

field() { dpkg-deb --field "$deb" "$1"; }
[ "$(field Package)" = "$name" ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version)"
[ "$(field Architecture)" = "$arch" ] || fail "Architecture: $(field Architecture)"
[ "$(field Section)" = net ] || fail "Section: $(field Section)"
[ -n "$(field Maintainer)" ] || fail "no Maintainer"
# Read whole first: with pipefail, grep -q quitting at the first match makes
# dpkg-deb's write fail (SIGPIPE) and the pipeline with it (seen once here).
description=$(field Description)
grep -q 'real-time data gateway' <<<"$description" || fail "Description: $description"
[ "$(field Conflicts)" = "$other" ] || fail "Conflicts: $(field Conflicts)"
[ "$(field Replaces)" = "$other" ] || fail "Replaces: $(field Replaces)"

# Dependencies: what dpkg-shlibdeps found, with versions, and ca-certificates.
depends=$(field Depends)
expected=(libc6 libstdc++6 libqt6core6 libqt6network6 libqt6websockets6 ca-certificates adduser)
grep -q 'DATAGATE_WITH_SYSTEMD=1' "$build/build.ninja" 2>/dev/null && expected+=(libsystemd0)
[ "$variant" = gui ] && expected+=(libqt6widgets6 libqt6gui6 libqt6charts6 libqt6svg6)
# The package names alone (libstdc++6 is no pattern for grep -E).
depends_names=$(printf '%s\n' "$depends" | tr ',' '\n' | sed 's/^ *//; s/ .*//')
for package in "${expected[@]}"; do
    printf '%s\n' "$depends_names" | grep -qxF "$package" || fail "Depends has no $package: $depends"
done
printf '%s\n' "$depends" | grep -qE 'libqt6core6 \(>= [0-9]' || fail "no versioned Qt dependency (dpkg-shlibdeps): $depends"
if [ "$variant" = server ]; then
    printf '%s\n' "$depends" | grep -qE 'libqt6(widgets|gui|charts)' && fail "the headless package depends on the GUI: $depends"
fi

# The conffile and the maintainer scripts.
control=$scratch/control-$variant
rm -rf "$control"
dpkg-deb --control "$deb" "$control"
[ "$(cat "$control/conffiles")" = /etc/datagate/datagate.conf ] || fail "conffiles: $(cat "$control/conffiles" 2>/dev/null)"
for script in postinst prerm postrm; do
    [ -x "$control/$script" ] || fail "no executable $script"
    sh -n "$control/$script" || fail "$script: syntax"
done

# The file list, exactly: nothing missing, nothing extra.
# In a variable first: grep -q stops reading early, and pipefail would take
# dpkg-deb's broken pipe for a failure.
contents=$(dpkg-deb --contents "$deb")
actual=$(printf '%s\n' "$contents" | awk '{print $6}' | grep -v '/$' | sed 's|^\./|/|' | sort)
wanted=(
    /etc/datagate/datagate.conf
    /usr/bin/datagate
    /usr/lib/systemd/system/datagate.service
    /usr/share/doc/datagate/README.md
    /usr/share/doc/datagate/operations.md
    /usr/share/doc/datagate/protocol.md
    /usr/share/doc/datagate/examples/grafana/datagate-dashboard.json
    /usr/share/doc/datagate/examples/prometheus/datagate-alerts.test.yml
    /usr/share/doc/datagate/examples/prometheus/datagate-alerts.yml
    /usr/share/doc/datagate/examples/prometheus/prometheus.yml
)
if [ "$variant" = gui ]; then
    wanted+=(
        /usr/share/applications/org.datagate.Datagate.desktop
        /usr/share/icons/hicolor/scalable/apps/org.datagate.Datagate.svg
        /usr/share/metainfo/org.datagate.Datagate.metainfo.xml
    )
fi
expected_list=$(printf '%s\n' "${wanted[@]}" | sort)
if [ "$actual" != "$expected_list" ]; then
    fail "the file list differs (< expected, > in the package):"
    diff <(printf '%s\n' "$expected_list") <(printf '%s\n' "$actual") | sed 's/^/  /' || true
fi
printf '%s\n' "$contents" | grep -q ' root/root .* ./usr/bin/datagate$' || fail "the binary is not root-owned"
printf '%s\n' "$contents" | grep -qE '^-rwxr-xr-x .* ./usr/bin/datagate$' || fail "the binary is not mode 0755"

# What it holds works: the unit names the binary and the config it ships,
# the binary runs, stripped, and reads the shipped config as all defaults.
unpacked=$scratch/unpacked-$variant
rm -rf "$unpacked"
dpkg-deb --extract "$deb" "$unpacked"
grep -qx 'ExecStart=/usr/bin/datagate --no-gui --config /etc/datagate/datagate.conf' "$unpacked/usr/lib/systemd/system/datagate.service" ||
    fail "the unit in the package does not start /usr/bin/datagate with /etc/datagate/datagate.conf"
cmp -s "$unpacked/etc/datagate/datagate.conf" "$root/resources/datagate.conf" || fail "the packaged config is not resources/datagate.conf"
[ "$("$unpacked/usr/bin/datagate" --version)" = "datagate $version" ] || fail "datagate --version: $("$unpacked/usr/bin/datagate" --version 2>&1)"
file "$unpacked/usr/bin/datagate" | grep -q ', stripped' || fail "the binary is not stripped: $(file "$unpacked/usr/bin/datagate")"
printed=$(QT_QPA_PLATFORM=offscreen "$unpacked/usr/bin/datagate" --no-gui --config "$unpacked/etc/datagate/datagate.conf" --print-config)
# Every value a default, but --no-gui from the command line.
set_elsewhere=$(printf '%s\n' "$printed" | grep -v '^;' | grep -v '; default$' | grep -v '^no-gui=true *; command line$' || true)
[ -z "$set_elsewhere" ] || fail "the shipped config sets something: $set_elsewhere"

# Installed for real with dpkg, then purged again: postinst makes the system
# user the unit runs as, dpkg registers the conffile, and purge takes both
# away. Only as root on a machine without datagate (no package, user or
# /usr/bin/datagate), so that it never touches an operator's installation;
# elsewhere the checks above are all there is.
installed_by_test=0
purge() {
    if [ "$installed_by_test" = 1 ]; then
        installed_by_test=0
        dpkg --purge "$name" >>"$scratch/dpkg.log" 2>&1 || echo "FAIL: dpkg --purge $name (see $scratch/dpkg.log)"
    fi
}
trap purge EXIT
skip_install=""
if [ "$(id -u)" != 0 ]; then
    skip_install="not root"
elif dpkg-query -W -f='${Status}' datagate datagate-server 2>/dev/null | grep -q 'installed'; then
    skip_install="a datagate package is installed on this machine"
elif getent passwd datagate >/dev/null || getent group datagate >/dev/null; then
    skip_install="a datagate user or group exists on this machine"
elif [ -e /usr/bin/datagate ] || [ -e /etc/datagate ]; then
    skip_install="/usr/bin/datagate or /etc/datagate exists on this machine"
fi
if [ -n "$skip_install" ]; then
    echo "the package was not installed ($skip_install): contents and control checked only"
else
    : >"$scratch/dpkg.log"
    installed_by_test=1
    if ! dpkg -i "$deb" >>"$scratch/dpkg.log" 2>&1; then
        fail "dpkg -i $deb:"
        sed 's/^/  /' "$scratch/dpkg.log"
    else
        user=$(getent passwd datagate || true)
        [ -n "$user" ] || fail "postinst made no user datagate"
        uid=$(printf '%s' "$user" | cut -d: -f3)
        [ -n "$uid" ] && [ "$uid" -lt 1000 ] || fail "datagate is not a system user: $user"
        case "$(printf '%s' "$user" | cut -d: -f7)" in
            */nologin | */false) ;;
            *) fail "datagate can log in: $user" ;;
        esac
        getent group datagate >/dev/null || fail "postinst made no group datagate"
        [ ! -e /nonexistent ] || fail "postinst made a home directory /nonexistent"
        dpkg-query -W -f='${Conffiles}\n' "$name" | grep -q '^ /etc/datagate/datagate.conf [0-9a-f]\{32\}' ||
            fail "dpkg has no conffile /etc/datagate/datagate.conf: $(dpkg-query -W -f='${Conffiles}' "$name")"
        [ -x /usr/bin/datagate ] && [ -f /usr/lib/systemd/system/datagate.service ] || fail "the binary or the unit is not installed"
        [ "$(/usr/bin/datagate --version 2>&1)" = "datagate $version" ] || fail "the installed datagate --version: $(/usr/bin/datagate --version 2>&1)"
        # An upgrade (the same version again) keeps the user and does not fail on it.
        dpkg -i "$deb" >>"$scratch/dpkg.log" 2>&1 || fail "dpkg -i a second time (see $scratch/dpkg.log)"
        [ "$(getent passwd datagate)" = "$user" ] || fail "the second install changed the user: $(getent passwd datagate)"
    fi
    installed_by_test=0
    if ! dpkg --purge "$name" >>"$scratch/dpkg.log" 2>&1; then
        fail "dpkg --purge $name:"
        sed 's/^/  /' "$scratch/dpkg.log"
    fi
    ! getent passwd datagate >/dev/null || fail "purge left the user datagate"
    ! getent group datagate >/dev/null || fail "purge left the group datagate"
    [ ! -e /usr/bin/datagate ] && [ ! -e /etc/datagate ] && [ ! -e /usr/lib/systemd/system/datagate.service ] ||
        fail "purge left files: $(ls -d /usr/bin/datagate /etc/datagate /usr/lib/systemd/system/datagate.service 2>/dev/null)"
    if dpkg-query -W -f='${Status}' "$name" 2>/dev/null | grep -qv 'not-installed'; then
        fail "dpkg still has $name after purge: $(dpkg-query -W -f='${Status}' "$name")"
    fi
    if [ "$failed" = 0 ]; then
        echo "installed with dpkg -i: system user datagate (uid $uid), conffile registered; purge removed them"
    fi
fi

if [ "$failed" = 0 ]; then
    echo "$(basename "$deb"): $(printf '%s\n' "$contents" | grep -vc '/$') files; Depends: $depends"
    echo "1 passed, 0 failed"
fi
exit "$failed"
