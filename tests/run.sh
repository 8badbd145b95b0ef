#!/bin/sh
# The whole test matrix of `make test`. Every suite prints one line per test and its own
# "N passed, M failed"; this sums them into the final line. A suite that fails without a summary
# (a build error, a crash) counts as one failure.
#
# The suites run in two lanes at once (CI machines have two cores and most suites use one).
# Each lane owns its build folders, so no two suites that run at the same time share one; the
# output is printed afterwards in the order below, each suite with its time.
cd "$(dirname "$0")/.." || exit 1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
M="make -s --no-print-directory"

# run ID TITLE COMMAND...: one suite; its title, output, status and time in $out/ID.*
run() {
    id=$1
    printf '%s\n' "$2" >"$out/$id.title"
    shift 2
    start=$(date +%s)
    "$@" >"$out/$id.log" 2>&1
    echo "$? $(( $(date +%s) - start ))" >"$out/$id.rc"
}

# Lane 1: everything built in build/gcc (the conformance suites, the kernels, the UEFI image
# and the demos reuse its core and tools), then memcheck in its own folder.
lane1() {
    run 02 "host tests: gcc" $M test-host BUILD=build/gcc CC=gcc
    run 07 "differential conformance: 5000 signatures x gcc, clang callees" $M conform-test BUILD=build/gcc CC=gcc
    run 08 "differential conformance, Win64 (ms_abi): 2000 signatures x gcc, clang; closures" $M conform-win64-test BUILD=build/gcc CC=gcc
    run 09 "differential conformance, libffi compat: 1000 System V + 1000 Win64 signatures through ffi_call" $M conform-compat-test BUILD=build/gcc CC=gcc
    run 10 "libffi layer: tests, diff vs libffi, nm -u (gcc)" $M compat-test BUILD=build/gcc CC=gcc
    run 13 "demo: libc calls through plans" $M libc-demo BUILD=build/gcc CC=gcc
    run 14 "demo kernel shell: demo.script vs demo.expected, 300 fuzzed lines" $M demo-test BUILD=build/gcc CC=gcc
    run 15 "cpgen: ahead-of-time plans, round trip and list errors" $M cpgen-test BUILD=build/gcc CC=gcc
    run 16 "bench smoke: every row correct through callplan and libffi" $M bench-smoke BUILD=build/gcc CC=gcc
    run 17 "QEMU kernels: SSE, NOFLOAT, W^X negative" $M qemu-test BUILD=build/gcc CC=gcc
    run 18 "UEFI application under OVMF: firmware through Win64 plans, closures called back" $M uefi-test BUILD=build/gcc CC=gcc
    run 20 "valgrind memcheck: host unit tests + 250 conformance signatures" $M memcheck BUILD=build/memcheck CC=gcc
}

# Lane 2: the other compilers and configurations, each in its own folder, and the analyses.
lane2() {
    run 01 "freestanding core (gcc, clang, NOFLOAT)" $M check-freestanding
    run 03 "host tests: gcc, ASan+UBSan" $M test-host BUILD=build/gcc-san CC=gcc SAN=1
    run 04 "host tests: clang" $M test-host BUILD=build/clang CC=clang
    run 05 "host tests: clang, ASan+UBSan" $M test-host BUILD=build/clang-san CC=clang SAN=1
    run 06 "host tests: NOFLOAT core" $M test-host BUILD=build/nofloat CC=gcc NOFLOAT=1
    run 11 "libffi layer: gcc, ASan+UBSan" $M compat-test BUILD=build/gcc-san CC=gcc SAN=1
    run 12 "libffi layer: clang" $M compat-test BUILD=build/clang CC=clang
    run 19 "fuzzing smoke: each libFuzzer target ~10 s from the committed corpus" $M fuzz-smoke FUZZ_BUILD=build/fuzz-smoke
    run 21 "static analysis: cppcheck, clang-tidy, scan-build" $M analyze BUILD=build/analyze ANALYZE_TIDY_TESTS=0
    run 22 "stack: worst case of every public entry point vs its bound" $M stack BUILD=build/stackcheck
}

lane1 &
lane2 &
wait

passed=0
failed=0
for title in "$out"/*.title; do
    id=$(basename "$title" .title)
    log=$out/$id.log
    read -r rc secs <"$out/$id.rc"
    echo "== $(cat "$title") ($secs s)"
    grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$log"
    p=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | awk '{ s += $1 } END { print s + 0 }')
    f=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | awk '{ s += $3 } END { print s + 0 }')
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
        echo "FAIL - $(cat "$title") exited with status $rc"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
