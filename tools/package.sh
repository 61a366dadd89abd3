#!/usr/bin/env bash
# Builds datagate's Debian packages in one command, on Debian 12:
#   tools/package.sh            both: datagate (with the dashboard) and datagate-server (headless)
#   tools/package.sh --gui      datagate only
#   tools/package.sh --server   datagate-server only
# It installs what is missing (the build dependencies, and dpkg-dev and file
# for CPack's dpkg-shlibdeps), builds Release with the prefix /usr and leaves
# the .deb files in build/package/ (DATAGATE_PACKAGE_DIR elsewhere). Install
# one with `sudo apt install ./build/package/datagate-server_*.deb`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${DATAGATE_PACKAGE_DIR:-$root/build/package}
variants=(gui server)
for arg in "$@"; do
    case "$arg" in
        --gui) variants=(gui) ;;
        --server) variants=(server) ;;
        *) echo "package.sh: unknown argument '$arg'" >&2; exit 2 ;;
    esac
done

"$root/tools/install-deps.sh"
missing=()
for package in dpkg-dev file; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "Installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

mkdir -p "$out"
for variant in "${variants[@]}"; do
    build=$out/build-$variant
    gui=ON
    [ "$variant" = server ] && gui=OFF
    echo "package.sh: building the $variant package in $build"
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr \
        -DDATAGATE_BUILD_TESTS=OFF -DDATAGATE_BUILD_TOOLS=OFF -DDATAGATE_BUILD_GUI=$gui >/dev/null
    cmake --build "$build" -j"${DATAGATE_JOBS:-2}"
    (cd "$build" && cpack -G DEB -B "$out" >/dev/null)
done
rm -rf "$out/_CPack_Packages"
for deb in "$out"/*.deb; do
    echo "$deb"
    dpkg-deb --field "$deb" Package Version Architecture Depends | sed 's/^/    /'
done
