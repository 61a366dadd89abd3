#!/usr/bin/env bash
# Installs what datagate needs on Debian 12, skipping what is already there.
#   tools/install-deps.sh           build and run
#   tools/install-deps.sh --tests   also what the test suite needs (Node.js, npm)
set -euo pipefail

# ca-certificates: the price providers are reached over HTTPS.
packages=(g++ cmake ninja-build pkg-config qt6-base-dev qt6-websockets-dev ca-certificates)
# libssl-dev: TLS (--tls-cert) checks that the key belongs to the certificate
# with OpenSSL's libcrypto, which Qt's TLS backend loads anyway.
packages+=(libssl-dev)
# hiredis for cluster mode (--redis; server/cluster links it, nothing else).
packages+=(libhiredis-dev)
# sd_notify(3) for the systemd unit (Type=notify); optional at build time.
packages+=(libsystemd-dev)
# libjwt: verifies the clients' JWTs (--jwt-secret-file).
packages+=(libjwt-dev)
# The dashboard (-DDATAGATE_BUILD_GUI=ON, the default): Qt Charts and Svg;
# qt6-tools-dev for CMake's LinguistTools and qt6-l10n-tools for the lupdate
# and lrelease it runs; Qt's own translations (dialogs, --help) at run time.
# Qt6Charts' CMake config needs Qt6OpenGL's, which qt6-base-dev only
# recommends (and recommends are not installed). qt6-base-dev brings the
# platform plugins, offscreen among them (the tests use it).
packages+=(qt6-charts-dev libqt6opengl6-dev qt6-svg-dev qt6-tools-dev qt6-l10n-tools qt6-translations-l10n)
with_tests=0
for arg in "$@"; do
    case "$arg" in
        --tests) with_tests=1 ;;
        *) echo "install-deps.sh: unknown argument '$arg'" >&2; exit 2 ;;
    esac
done
if [ "$with_tests" = 1 ]; then
    # Node.js runs the compatibility test with the real socket.io-client;
    # Debian's nodejs is enough where the machine has no node of its own.
    command -v node >/dev/null 2>&1 || packages+=(nodejs)
    command -v npm >/dev/null 2>&1 || packages+=(npm)
    # A real Redis for the cluster tests (tests/cluster start their own on a free port).
    packages+=(redis-server)
    # liburing: datagate-sendfloor's --io-uring mode and its smoke test.
    packages+=(liburing-dev)
    packages+=(clang-14 libclang-rt-14-dev llvm-14) # tools/fuzz.sh: clang, libFuzzer and the sanitizer runtimes, llvm-symbolizer
    # Debian's python3 with the Prometheus text parser reads /metrics;
    # promtool checks the sample config and unit-tests the alert rules: it
    # comes only with the prometheus package (96 MB, and on a machine
    # booted with systemd it also enables a Prometheus server on :9090;
    # `systemctl disable --now prometheus` if that is unwanted);
    # systemd-analyze (systemd) verifies the unit; dpkg-dev
    # (dpkg-shlibdeps) and file let CPack build the package, and adduser
    # is what the package's postinst runs.
    packages+=(python3 python3-prometheus-client prometheus systemd dpkg-dev file adduser)
    # tools/test.sh builds with them when present: ccache lets the second
    # build of the same objects (the headless pass, the new-feed test's copy
    # of the tree) reuse the first; lld links the test executables faster
    # than ld.bfd.
    packages+=(ccache lld)
    # openssl: tests/support/tls/make-certs.sh, to make the test certificates again.
    packages+=(openssl)
    # curl and jq: tools/bench (the scrape, gui-cost and cluster scenarios
    # ask the servers over HTTP and read their JSON).
    packages+=(curl jq)
fi

missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
