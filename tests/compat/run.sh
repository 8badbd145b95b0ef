#!/bin/sh
# make compat-test: the libffi layer's suites, the differential check (one program built against
# Debian's libffi and against the layer must print the same), and the layer's freestanding
# promises (callplan_ffi.o: nm -u empty, no FP instruction in its C, static stack frames).
# Prints one line per check and one closing "N passed, M failed" line.
# Usage: tests/compat/run.sh BUILD_DIR [san]   (san: a SAN=1 build, whose objects call the
# sanitizer runtimes: those names are the only undefined ones allowed)
dir=$1
mode=${2:-}
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log" "$log.a" "$log.b"' EXIT

pass() { echo "ok - $1"; passed=$((passed + 1)); }
fail() { echo "FAIL - $1"; failed=$((failed + 1)); }

for t in "$dir"/compat/test_*; do
    case $t in *.o|*.d) continue ;; esac
    "$t" >"$log" 2>&1
    rc=$?
    grep -vE '^[0-9]+ passed, [0-9]+ failed$' "$log"
    line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -1)
    if [ -z "$line" ]; then
        fail "$(basename "$t") exited with status $rc and no summary"
        continue
    fi
    set -- $line
    passed=$((passed + $1))
    failed=$((failed + $3))
    if [ "$rc" != 0 ] && [ "$3" = 0 ]; then fail "$(basename "$t") exited with status $rc"; fi
done

# The differential check: same source, libffi's header and library vs the layer's.
if "$dir/compat/diff_libffi" >"$log.a" 2>&1 && "$dir/compat/diff_callplan" >"$log.b" 2>&1; then
    if cmp -s "$log.a" "$log.b"; then
        pass "diff_prog: libffi and the layer print the same $(wc -l <"$log.a") lines"
    else
        fail "diff_prog: libffi and the layer differ:"
        diff "$log.a" "$log.b" | head -20
    fi
else
    fail "diff_prog: a build exited with an error"
    tail -5 "$log.a" "$log.b"
fi

# What the layer does not provide must fail at compile time, not at run time.
cc=${CC:-cc}
for use in 'ffi_raw r; (void)r;' 'ffi_raw_call(0, 0, 0, 0);' 'ffi_java_raw_call(0, 0, 0, 0);' \
           'ffi_go_closure g; (void)g;' 'ffi_prep_go_closure(0, 0, 0);' \
           'ffi_call_go(0, 0, 0, 0, 0);' 'ffi_prep_raw_closure(0, 0, 0, 0);' \
           'ffi_raw_closure c; (void)c;' 'ffi_raw_size(0);' 'ffi_ptrarray_to_raw(0, 0, 0);'; do
    printf '#include <ffi.h>\nvoid f(void);\nvoid f(void) { %s }\n' "$use" >"$log.c"
    if $cc -std=c11 -Werror -Icompat/libffi -c "$log.c" -o "$log.o" 2>/dev/null; then
        fail "not provided, yet it compiles: $use"
    else
        pass "not provided, fails to compile: $use"
    fi
done
rm -f "$log.c" "$log.o"

# Freestanding: the layer and the core in one object, nothing undefined.
undef=$(nm -u "$dir/callplan_ffi.o")
if [ "$mode" = san ]; then undef=$(echo "$undef" | grep -vE ' (__asan_|__ubsan_)'); fi
if [ -z "$undef" ]; then pass "callplan_ffi.o: nm -u is empty${mode:+ (but for the sanitizer runtimes)}"
else fail "callplan_ffi.o has undefined symbols: $(echo $undef)"; fi

fp=$(for o in "$dir"/compat/lib/*.c.o; do
        objdump -d --no-show-raw-insn "$o" | awk -F'\t' 'NF >= 2 { print $2 }' |
            grep -E '^(f[a-z0-9]+|ldmxcsr|stmxcsr|emms)\b|%[xyz]?mm[0-9]|%st' | head -2
     done)
if [ -z "$fp" ]; then pass "compat objects: no FP instruction in C"
else fail "compat objects contain FP instructions: $(echo $fp)"; fi

su=$(cat "$dir"/compat/lib/*.su 2>/dev/null)
worst=$(echo "$su" | awk -F'\t' '{ print $2 " bytes (" $1 ")" }' | sort -n | tail -1)
if [ -n "$su" ] && ! echo "$su" | grep -qvE '(static|bounded)$'; then
    pass "compat objects: bounded stack frames, largest $worst"
else fail "compat objects: unbounded or missing stack usage data"; fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
