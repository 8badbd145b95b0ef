#!/bin/sh
# The whole test matrix of `make test`. Every suite prints one line per test and its own
# "N passed, M failed"; this sums them into the final line. A suite that fails without a summary
# (a build error, a crash) counts as one failure.
cd "$(dirname "$0")/.." || exit 1
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

suite() {
    title=$1
    shift
    echo "== $title"
    start=$(date +%s)
    "$@" >"$log" 2>&1
    rc=$?
    echo "   ($(( $(date +%s) - start )) s)"
    grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$log"
    p=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | awk '{ s += $1 } END { print s + 0 }')
    f=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | awk '{ s += $3 } END { print s + 0 }')
    if [ "$rc" != 0 ] && [ "$f" = 0 ]; then
        echo "FAIL - $title exited with status $rc"
        f=1
    fi
    passed=$((passed + p))
    failed=$((failed + f))
}

M="make -s --no-print-directory"
suite "freestanding core (gcc, clang, NOFLOAT)" $M check-freestanding
suite "host tests: gcc" $M test-host BUILD=build/gcc CC=gcc
suite "host tests: gcc, ASan+UBSan" $M test-host BUILD=build/gcc-san CC=gcc SAN=1
suite "host tests: clang" $M test-host BUILD=build/clang CC=clang
suite "host tests: clang, ASan+UBSan" $M test-host BUILD=build/clang-san CC=clang SAN=1
suite "host tests: NOFLOAT core" $M test-host BUILD=build/nofloat CC=gcc NOFLOAT=1
suite "differential conformance: 5000 signatures x gcc, clang callees" $M conform-test BUILD=build/gcc CC=gcc
suite "differential conformance, Win64 (ms_abi): 2000 signatures x gcc, clang; closures" $M conform-win64-test BUILD=build/gcc CC=gcc
suite "differential conformance, libffi compat: 1000 System V + 1000 Win64 signatures through ffi_call" $M conform-compat-test BUILD=build/gcc CC=gcc
suite "libffi layer: tests, diff vs libffi, nm -u (gcc)" $M compat-test BUILD=build/gcc CC=gcc
suite "libffi layer: gcc, ASan+UBSan" $M compat-test BUILD=build/gcc-san CC=gcc SAN=1
suite "libffi layer: clang" $M compat-test BUILD=build/clang CC=clang
suite "demo: libc calls through plans" $M libc-demo BUILD=build/gcc CC=gcc
suite "demo kernel shell: demo.script vs demo.expected, 300 fuzzed lines" $M demo-test BUILD=build/gcc CC=gcc
suite "cpgen: ahead-of-time plans, round trip and list errors" $M cpgen-test BUILD=build/gcc CC=gcc
suite "bench smoke: every row correct through callplan and libffi" $M bench-smoke BUILD=build/gcc CC=gcc
suite "QEMU kernels: SSE, NOFLOAT, W^X negative" $M qemu-test BUILD=build/gcc CC=gcc
suite "UEFI application under OVMF: firmware through Win64 plans, closures called back" $M uefi-test BUILD=build/gcc CC=gcc

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
