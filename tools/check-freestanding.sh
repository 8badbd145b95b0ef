#!/bin/sh
# Proves a core build keeps its promises (STYLE.md, issue "core"):
#   1. callplan.o (the core linked with ld -r) has no undefined symbol: no libc, no compiler runtime;
#   2. no C object contains an SSE or x87 instruction (only the asm stub may touch FP registers,
#      and a NOFLOAT build's stub has none either);
#   3. every function's stack frame is static (bounded), per -fstack-usage; the largest is printed.
# Usage: check-freestanding.sh BUILD_DIR [nofloat]
dir=$1
mode=${2:-}
fail=0
undef=$(nm -u "$dir/callplan.o")
if [ -n "$undef" ]; then
    echo "FAIL freestanding $dir: undefined symbols in callplan.o:"; echo "$undef"; fail=1
fi
# FP instructions: x87 mnemonics start with f; SSE ones name an xmm/ymm/zmm/mm register, or are
# the MXCSR/EMMS family.
fp_scan() {
    objdump -d --no-show-raw-insn "$1" | awk -F'\t' 'NF >= 2 { print $2 }' |
        grep -E '^(f[a-z0-9]+|ldmxcsr|stmxcsr|emms)\b|%[xyz]?mm[0-9]|%st' | head -5
}
for o in $(find "$dir/core" -name '*.c.o'); do
    hits=$(fp_scan "$o")
    if [ -n "$hits" ]; then echo "FAIL freestanding $o has FP instructions:"; echo "$hits"; fail=1; fi
done
if [ "$mode" = nofloat ]; then
    for o in $(find "$dir/core" -name '*.S.o'); do
        hits=$(fp_scan "$o")
        if [ -n "$hits" ]; then echo "FAIL freestanding $o (NOFLOAT) has FP instructions:"; echo "$hits"; fail=1; fi
    done
fi
su=$(find "$dir/core" -name '*.su' -exec cat {} +)
if echo "$su" | grep -qv 'static$'; then
    echo "FAIL freestanding $dir: unbounded stack frames:"; echo "$su" | grep -v 'static$'; fail=1
fi
worst=$(echo "$su" | awk -F'\t' '{ print $2, $1 }' | sort -n | tail -1)
if [ $fail = 0 ]; then
    echo "ok - freestanding $dir${mode:+ ($mode)}: nm -u empty, no FP in C, largest frame $worst bytes"
    echo "1 passed, 0 failed"
else
    echo "0 passed, 1 failed"
fi
exit $fail
