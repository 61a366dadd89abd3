#!/usr/bin/env bash
# Installs what is missing, builds datagate with its tests and runs the whole
# suite with CTest (unit, loopback integration, executable and socket.io-client
# compatibility tests).
#   tools/test.sh              warnings as errors, with the dashboard
#   tools/test.sh --sanitize   the same under AddressSanitizer and UBSan
#                              (without the dashboard and the tools)
#   tools/test.sh --headless   the headless-only configuration
#                              (-DDATAGATE_BUILD_GUI=OFF): it builds the
#                              product and the tests of what differs from the
#                              full build (the binary's linkage, the process
#                              and its options, and the datagate-server
#                              package), and runs those
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

sanitize=OFF
gui=ON
ctest_args=()
targets=()
extra_args=()
build=${DATAGATE_BUILD_DIR:-$root/build/test}
for arg in "$@"; do
    case "$arg" in
        # Tests labelled "once" build a datagate of their own without the
        # sanitizers: the plain pass runs them.
        # Without the dashboard and the benchmark tools, whose tests the
        # plain pass runs: they are a third of this build, and CI's 40
        # minutes do not hold them twice (DATAGATE_SANITIZE_GUI=1 keeps the
        # dashboard, for a run by hand).
        --sanitize) sanitize=ON; build=${DATAGATE_BUILD_DIR:-$root/build/asan}; ctest_args+=(-LE once)
            [ "${DATAGATE_SANITIZE_GUI:-0}" = 1 ] || gui=OFF
            extra_args+=(-DDATAGATE_BUILD_TOOLS=OFF) ;;
        --headless) gui=OFF; build=${DATAGATE_BUILD_DIR:-$root/build/headless}
            ctest_args+=(-R "^(headless_binary_linkage|tst_application|tst_options|layering_include_graph|package_deb)$")
            # The rest of the tests are the full build's; CI's time goes to the sanitizers and the fuzzers.
            targets=(--target datagate tst_application tst_options) ;;
        *) echo "test.sh: unknown argument '$arg'" >&2; exit 2 ;;
    esac
done

"$root/tools/install-deps.sh" --tests

# What makes three builds fit CI's time: line tables only (-g1: a test's
# backtrace names files and lines; full debug info doubles the objects and
# the link), lld, and ccache, through which the headless pass and the
# new-feed test's copy of the tree reuse the objects the first pass built
# (their compile commands are the same). Paths are hashed relative to the
# tree, so a copy of it hits too.
build_args=(-DCMAKE_CXX_FLAGS_DEBUG=-g1)
if command -v ld.lld >/dev/null 2>&1; then
    build_args+=(-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld -DCMAKE_SHARED_LINKER_FLAGS=-fuse-ld=lld)
fi
if command -v ccache >/dev/null 2>&1; then
    build_args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
    export CCACHE_BASEDIR=$root CCACHE_NOHASHDIR=1
fi

# The prefix /usr lets package_deb package this build (nothing is installed).
cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDATAGATE_WERROR=ON -DDATAGATE_SANITIZE=$sanitize \
    -DDATAGATE_BUILD_GUI=$gui -DCMAKE_INSTALL_PREFIX=/usr "${build_args[@]}" "${extra_args[@]}" >/dev/null
cmake --build "$build" -j2 "${targets[@]}"
cd "$build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export LSAN_OPTIONS=suppressions=$root/tests/lsan.supp
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Two at a time: the tests use their own ports (port 0) and scratch folders.
ctest --output-on-failure --timeout 300 -j2 "${ctest_args[@]}"
