#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (AddressSanitizer,
# UBSan, libFuzzer) and runs each for a given time, one after the other or a
# few at a time. Exits 1 if any target crashed, leaked, timed out, ran out of
# memory or made a sanitizer report; prints the executions each one reached.
#   tools/fuzz.sh                      every target, 60 s each (or
#                                      $DATAGATE_FUZZ_SECONDS)
#   tools/fuzz.sh --seconds 5          a smoke run
#   tools/fuzz.sh --jobs 2             two targets at a time (or
#                                      $DATAGATE_FUZZ_JOBS), one core each
#   tools/fuzz.sh --runs 10000000 --seconds 1800
#                                      a long run: stops at 10 M executions
#                                      or after 30 min, whichever comes first
#   tools/fuzz.sh --max-len 4096       inputs of at most 4096 bytes (libFuzzer's
#                                      -max_len; by default it follows the
#                                      corpus, whose inputs grow over long runs)
#   tools/fuzz.sh fuzz_jsonmessage …   only these targets (the fuzz_ is optional)
#   tools/fuzz.sh --list               the targets
# The build goes to build/fuzz (or $DATAGATE_BUILD_DIR). First every target
# runs over its seeds once (CTest, label fuzz: the regression test); then each
# fuzzes from its seeds in tests/fuzz/corpus/<name>/, with the dictionary
# tests/fuzz/dict/<name>.dict when there is one, and from what earlier runs
# found, kept in <build>/corpus/<name>/. A failing input lands in
# <build>/artifacts/<name>/ (its path and bytes are printed) and the whole log
# in <build>/logs/<name>.log. Reproduce with
#   <build>/tests/fuzz/fuzz_<name> <input>
# A crash found here that is not fixed yet is kept in the target's seed folder
# as crash-<what>, so that every later run fails on it until it is fixed.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

# The value of a numeric option (<option> <value>), or exit 2.
positive() {
    [[ $2 =~ ^[1-9][0-9]*$ ]] || { echo "fuzz.sh: $1 needs a positive number, not '$2'" >&2; exit 2; }
    echo "$2"
}
seconds=$(positive DATAGATE_FUZZ_SECONDS "${DATAGATE_FUZZ_SECONDS:-60}")
runs=-1
max_len=0
jobs=$(positive DATAGATE_FUZZ_JOBS "${DATAGATE_FUZZ_JOBS:-1}")
build=${DATAGATE_BUILD_DIR:-$root/build/fuzz}
list_only=0
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds=$(positive "$1" "${2:-}"); shift ;;
        --runs) runs=$(positive "$1" "${2:-}"); shift ;;
        --max-len) max_len=$(positive "$1" "${2:-}"); shift ;;
        --jobs) jobs=$(positive "$1" "${2:-}"); shift ;;
        --list) list_only=1 ;;
        -*) echo "fuzz.sh: unknown argument '$1'" >&2; exit 2 ;;
        *) targets+=("fuzz_${1#fuzz_}") ;;
    esac
    shift
done

all_targets=()
for source in "$root"/tests/fuzz/fuzz_*.cpp; do
    all_targets+=("$(basename "$source" .cpp)")
done
if [ "$list_only" = 1 ]; then
    printf '%s\n' "${all_targets[@]}"
    exit 0
fi
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
    [[ " ${all_targets[*]} " == *" $target "* ]] || { echo "fuzz.sh: no target $target (see --list)" >&2; exit 2; }
done

# Qt, the build tools, clang with the runtimes of libFuzzer and the
# sanitizers, and llvm-symbolizer: all from install-deps.sh, which CI runs
# too; this script installs nothing of its own.
"$root/tools/install-deps.sh" --tests
llvm=14
for needed in /usr/bin/clang++-$llvm "$(dirname "$(readlink -f /usr/bin/clang++-$llvm)")/../lib/clang/"*/lib/linux/libclang_rt.fuzzer-x86_64.a; do
    [ -e "$needed" ] || { echo "fuzz.sh: $needed is missing: tools/install-deps.sh --tests installs clang-$llvm and libclang-rt-$llvm-dev" >&2; exit 1; }
done

# Debug keeps the Q_ASSERTs of Qt's inline code (bounds of sliced(), at(), …);
# -O1 is what libFuzzer recommends for speed, and line tables are all a stack
# needs. The fuzz build needs neither the tests, the tools nor the dashboard,
# and a unity build halves its time (DATAGATE_FUZZ_UNITY=OFF builds file by
# file, should two sources of one library ever clash).
mkdir -p "$build/logs"
echo "Building ${targets[*]} in $build (log: $build/logs/build.log)"
if ! {
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER=clang++-$llvm \
        -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-gline-tables-only -O1" -DCMAKE_UNITY_BUILD="${DATAGATE_FUZZ_UNITY:-ON}" \
        -DDATAGATE_WERROR=ON -DDATAGATE_BUILD_FUZZERS=ON -DDATAGATE_BUILD_TESTS=OFF -DDATAGATE_BUILD_TOOLS=OFF -DDATAGATE_BUILD_GUI=OFF &&
        cmake --build "$build" -j2 --target "${targets[@]}"
} >"$build/logs/build.log" 2>&1; then
    tail -40 "$build/logs/build.log"
    echo "fuzz.sh: the build failed" >&2
    exit 1
fi
echo "Built in $SECONDS s"

export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-$llvm/bin/llvm-symbolizer
# Leaks are reported (libFuzzer's -detect_leaks is on with ASan); stacks are
# printed for UBSan reports too. ASan's default 256 MiB quarantine of freed
# memory makes every allocation touch fresh pages: the targets, which
# allocate on every input (Qt's JSON, QString), ran 3 times slower with it.
# 16 MiB still holds what one input frees, so a use after free is caught.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:quarantine_size_mb=16}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

# Every seed once, before any fuzzing: a crash kept as a seed fails here
# within seconds, with the test's output.
echo "== the seeds once (ctest -L fuzz)"
ctest --test-dir "$build/tests/fuzz" -L fuzz --no-tests=error --output-on-failure -R "^($(IFS='|'; echo "${targets[*]}"))_corpus\$" >"$build/logs/ctest.log" 2>&1 || {
    grep -E -A40 'Running:|^==[0-9]+==ERROR|runtime error|property failed|Qt fatal|LeakSanitizer' "$build/logs/ctest.log" | head -80 || true
    tail -15 "$build/logs/ctest.log"
    echo "fuzz.sh: a seed fails (log: $build/logs/ctest.log); reproduce with $build/tests/fuzz/fuzz_<name> <seed>" >&2
    exit 1
}

format='%-22s %8s %14s %10s %-14s %6s  %s\n'

# Fuzzes one target; writes its summary line to <logs>/<name>.summary and,
# when it fails, what to read and how to reproduce to <logs>/<name>.report.
fuzz_one() {
    local target=$1
    local name=${target#fuzz_}
    local seeds=$root/tests/fuzz/corpus/$name
    local corpus=$build/corpus/$name
    local artifacts=$build/artifacts/$name
    local log=$build/logs/$name.log
    local report=$build/logs/$name.report
    mkdir -p "$corpus" "$artifacts"
    rm -f "$report" "$build/logs/$name.summary"
    # The first folder is the one libFuzzer adds new inputs to: never the
    # checked-in seeds. -timeout: one input taking 10 s is a hang. The RSS
    # limit is libFuzzer's default, said out loud.
    local dict=()
    [ -f "$root/tests/fuzz/dict/$name.dict" ] && dict=(-dict="$root/tests/fuzz/dict/$name.dict")
    local status=0 started=$SECONDS
    "$build/tests/fuzz/$target" -max_total_time="$seconds" -runs="$runs" -max_len="$max_len" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        "${dict[@]}" -artifact_prefix="$artifacts/" "$corpus" "$seeds" >"$log" 2>&1 || status=$?
    local elapsed=$((SECONDS - started))
    local executions last cov corp
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    last=$(grep -E '^#[0-9]+' "$log" | tail -1 || true)
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    corp=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$last")
    if [ "$status" -ne 0 ]; then
        {
            echo "$target FAILED (exit $status); log: $log"
            # The report: the sanitizer's or libFuzzer's, and where the input went.
            grep -E -A40 '^==[0-9]+==ERROR|runtime error|property failed|Qt fatal|^ALARM|out-of-memory|LeakSanitizer' "$log" | head -60 || true
            # libFuzzer names the file it saved the input to; print where it
            # is, how to run it again, and its first bytes, so that a CI log
            # alone is enough to reproduce a short input.
            while read -r input; do
                echo "reproducer: $input"
                echo "  run again: $build/tests/fuzz/$target $input"
                od -A d -c "$input" | head -16
            done < <(sed -n 's/.*Test unit written to //p' "$log")
        } >"$report"
    fi
    # shellcheck disable=SC2059 # the format is ours
    printf "$format" "$target" "$elapsed" "${executions:-?}" "$((${executions:-0} / (elapsed > 0 ? elapsed : 1)))" \
        "${corp:-?}" "${cov:-?}" "$([ "$status" -eq 0 ] && echo ok || echo FAILED)" >"$build/logs/$name.summary"
    echo "== $target: $([ "$status" -eq 0 ] && echo "done, ${executions:-?} executions" || echo "FAILED, see below")"
    return "$status"
}

echo "== fuzzing ${#targets[@]} target(s) for ${seconds} s each$([ "$runs" -gt 0 ] && echo " or $runs executions"), $jobs at a time"
running=0
for target in "${targets[@]}"; do
    if [ "$running" -ge "$jobs" ]; then
        wait -n || true
        running=$((running - 1))
    fi
    echo "== $target: started"
    fuzz_one "$target" &
    running=$((running + 1))
done
wait || true

failed=()
echo
# shellcheck disable=SC2059
printf "$format" target seconds executions "execs/s" corpus cov result
for target in "${targets[@]}"; do
    if [ -f "$build/logs/${target#fuzz_}.summary" ]; then
        cat "$build/logs/${target#fuzz_}.summary"
    else
        echo "$target: no result" >"$build/logs/${target#fuzz_}.report"
    fi
    [ -f "$build/logs/${target#fuzz_}.report" ] && failed+=("$target")
done
for target in "${failed[@]}"; do
    echo
    cat "$build/logs/${target#fuzz_}.report"
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: ${#failed[@]} target(s) failed: ${failed[*]}" >&2
    exit 1
fi
