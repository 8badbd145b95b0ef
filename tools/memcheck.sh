#!/bin/sh
# make memcheck: the host unit tests and a few hundred conformance cases under valgrind memcheck,
# which sees what ASan cannot: the asm stubs' loads and stores, the closure trampolines.
#   memcheck.sh BUILD TEST_BIN...      (the caller has built BUILD/libcallplan.a and the tests)
# One line per binary, then "N passed, M failed". A binary passes when valgrind reports no error
# (exit 99 otherwise; leaks are not errors here) and its own tests pass; a conformance harness
# passes when every call that passes natively has the same outcome under valgrind.
# valgrind runs x87 arithmetic at double precision: test long doubles must be exact doubles.
VG="valgrind -q --error-exitcode=99 --errors-for-leak-kinds=none"

if [ "$1" = one ]; then             # one unit test binary: memcheck.sh one BIN OUTDIR
    name=$(basename "$2")
    log=$3/$name.log
    $VG "$2" >"$log" 2>&1
    rc=$?
    summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
    if [ "$rc" = 0 ]; then
        echo "ok - memcheck $name: $summary" >"$3/$name.result"
    elif [ "$rc" = 99 ]; then
        { echo "FAIL - memcheck $name: valgrind errors (log $log)"
          grep -E '^==[0-9]+== [A-Z].*' "$log" | head -n 3 | sed 's/^/    /'; } >"$3/$name.result"
    else
        { echo "FAIL - memcheck $name: exit $rc, ${summary:-no summary} (log $log)"
          grep '^FAIL' "$log" | head -n 3 | sed 's/^/    /'; } >"$3/$name.result"
    fi
    exit 0
fi

build=$1
shift
out=$build/memcheck
rm -rf "$out"
mkdir -p "$out"
passed=0
failed=0
tally() {
    cat "$1"
    if grep -q '^ok - ' "$1"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
}

# The unit tests, two at a time (the machine's cores).
[ $# = 0 ] || printf '%s\n' "$@" | xargs -P 2 -I{} sh "$0" one {} "$out"
for t in "$@"; do
    tally "$out/$(basename "$t").result"
done

# Conformance: 250 signatures (seed 101) forward and at least 100 closures in reverse, built and
# run natively by tools/conform, then each compiler's harness again under valgrind.
conf=$build/conform/memcheck
python3 tools/conform --build "$build" --mode memcheck --seeds 101 --count 250 \
    --reverse-min 100 --jobs 2 >"$out/conform.log" 2>&1
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$out/conform.log" | tail -n 1)
case $summary in
    *" 0 failed") ;;
    *) echo "FAIL - memcheck conformance: the native run failed: ${summary:-no summary} (log $out/conform.log)"
       failed=$((failed + 1)) ;;
esac
# Only calls that pass natively (outcome 0) are compared: the conformance suite's expected
# failures (its XFAIL cases, where a compiler departs from the psABI) read bytes the plan never
# wrote, and valgrind rightly calls those uninitialised.
for cc in gcc clang; do
    exe=$conf/run-$cc
    [ -x "$exe" ] || continue
    "$exe" "$cc" 0 0 >"$out/conform-$cc.native" 2>/dev/null
    $VG "$exe" "$cc" 0 0 >"$out/conform-$cc.vg" 2>"$out/conform-$cc.vg.log"
    rc=$?
    verdict=$(awk 'NR == FNR { if ($3 == "0") good[$1 " " $2] = $0; next }
                   ($1 " " $2) in good { seen[$1 " " $2]++; if ($0 != good[$1 " " $2]) bad++ }
                   END { n = 0; for (k in good) { n++; if (seen[k] != 1) bad++ }
                         print n, bad + 0 }' "$out/conform-$cc.native" "$out/conform-$cc.vg")
    calls=${verdict% *}
    bad=${verdict#* }
    if [ "$rc" != 0 ]; then
        echo "FAIL - memcheck conformance ($cc callees): valgrind exit $rc (log $out/conform-$cc.vg.log)" \
            >"$out/conform-$cc.result"
    elif [ "$calls" = 0 ] || [ "$bad" != 0 ]; then
        { echo "FAIL - memcheck conformance ($cc callees): $bad of $calls passing calls differ under valgrind:"
          diff "$out/conform-$cc.native" "$out/conform-$cc.vg" | head -n 4 | sed 's/^/    /'; } \
            >"$out/conform-$cc.result"
    else
        echo "ok - memcheck conformance ($cc callees): $calls passing calls, the same under valgrind" \
            >"$out/conform-$cc.result"
    fi
    tally "$out/conform-$cc.result"
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
