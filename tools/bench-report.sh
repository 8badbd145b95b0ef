#!/bin/sh
# bench-report.sh BENCH OUT CC CALLS RUNS: runs the bench program (bench/bench.c) and writes
# OUT (bench/RESULTS.md). `make bench` calls it.
#
#  1. Instructions per call, exact: the program runs under callgrind, counting only inside
#     bench_measure(), which runs one row's loop of one method N times; callgrind dumps the count
#     when it returns. Each loop runs K and then M times: (I(M) - I(K)) / (M - K) is the
#     instructions of one iteration (loop overhead and callee included, as in the direct call),
#     and every constant cost (entering bench_measure, the loop's setup) cancels out.
#  2. Time per call: the median of RUNS runs of CALLS calls per row and method, in one process.
#  3. The tables, the machine, and the issue's reference figures, in markdown.
set -eu

bin=$1
out=$2
cc=$3
calls=$4
runs=$5
K=1000
M=3000

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "bench: counting instructions under callgrind ($K and $M iterations per row and method)" >&2
if ! valgrind --tool=callgrind --collect-atstart=no --toggle-collect=bench_measure \
        --dump-after=bench_measure --combine-dumps=yes --callgrind-out-file="$tmp/cg.out" \
        "$bin" --count $K --count $M >"$tmp/count.tsv" 2>"$tmp/valgrind.log"; then
    cat "$tmp/valgrind.log" >&2
    echo "bench: the callgrind run failed" >&2
    exit 1
fi
# The n-th "totals:" of the combined dump file is the n-th bench_measure call, whose row, method
# and count are the n-th line the program printed; the last part (program exit) is left over.
grep '^totals:' "$tmp/cg.out" | awk '{ print $2 }' >"$tmp/totals.txt"
if [ "$(wc -l <"$tmp/totals.txt")" -le "$(wc -l <"$tmp/count.tsv")" ]; then
    echo "bench: fewer callgrind dumps than measurements: is bench_measure in $bin?" >&2
    exit 1
fi
head -n "$(wc -l <"$tmp/count.tsv")" "$tmp/totals.txt" | paste "$tmp/count.tsv" - |
    awk -F'\t' '
        { key = $2 "\t" $3 }
        !(key in ir) { ir[key] = $5; n[key] = $4; next }
        { printf "instr\t%s\t%s\n", key, ($5 - ir[key]) / ($4 - n[key]) }' >"$tmp/instr.tsv"

echo "bench: timing, median of $runs runs of $calls calls per row and method" >&2
"$bin" --calls "$calls" --runs "$runs" >"$tmp/time.tsv"

cpuinfo() { grep -m1 "^$1[[:space:]]*:" /proc/cpuinfo | sed 's/^[^:]*: *//'; }
cpu="$(cpuinfo 'model name'), family $(cpuinfo 'cpu family') model $(cpuinfo model)"
cpu="$cpu stepping $(cpuinfo stepping)"
ncpu=$(grep -c '^processor' /proc/cpuinfo)
compiler=$($cc --version | head -n1)
libffi=$(dpkg-query -W -f='${Version}' libffi-dev 2>/dev/null || echo unknown)
vg=$(valgrind --version)
rev=$(git rev-parse --short HEAD 2>/dev/null) || rev=unknown
if [ "$rev" != unknown ] && ! git diff --quiet HEAD -- src arch include; then
    rev="$rev + uncommitted changes in src/ arch/ include/"
fi

# The tables read the same figures: sig[row], ns[row, method], ir[row, method], and the rows
# in the program's order, row[1..n]. (Awk programs: their $1 is awk's, not the shell's.)
# shellcheck disable=SC2016
figures='
    $1 == "time" && !($2 in sig) { row[++n] = $2 }
    $1 == "time"  { sig[$2] = $3; ns[$2, $4] = $5 }
    $1 == "instr" { ir[$2, $3] = $4 }'

{
cat <<EOF
# callplan benchmark results

Written by \`make bench\` (tools/bench-report.sh); do not edit by hand. Every figure below was
measured on this machine, except the reference table at the end.

- date: $(date -u '+%Y-%m-%d %H:%M UTC')
- CPU: $cpu ($ncpu logical CPUs; /proc/cpuinfo)
- compiler: $compiler, \`-O2\` (the core with its own flags, \`CORE_CF\` in the Makefile)
- libffi: Debian libffi-dev $libffi (shared library); $vg
- core: commit $rev

## Per call: direct vs callplan vs libffi

Each cell is *ns per call / instructions per call*; the ratio columns divide by the direct
call's (time / instructions). A packed-arguments column (issue 5) appears once
\`include/callplan.h\` has such an entry; it has none yet.

EOF
awk -F'\t' "$figures"'
    function num(x) { return x == int(x) ? sprintf("%d", x) : sprintf("%.2f", x) }
    function cell(r, m) { return sprintf("%.1f ns / %s", ns[r, m], num(ir[r, m])) }
    function ratio(r, m) {
        return sprintf("×%.1f / ×%.1f", ns[r, m] / ns[r, "direct"], ir[r, m] / ir[r, "direct"])
    }
    END {
        print "| signature | direct | callplan `cp_call` | callplan ÷ direct | " \
              "libffi `ffi_call` | libffi ÷ direct |"
        print "|---|---|---|---|---|---|"
        for (i = 1; i <= n; i++) {
            r = row[i]
            if (r ~ /^cl_/)
                continue                        # closures: their own table below
            if (r == "build")
                printf "| %s | — | %s (`cp_plan_build`) | — | %s (`ffi_prep_cif`) | — |\n",
                       sig[r], cell(r, "callplan"), cell(r, "libffi")
            else
                printf "| `%s` | %s | %s | %s | %s | %s |\n", sig[r], cell(r, "direct"),
                       cell(r, "callplan"), ratio(r, "callplan"), cell(r, "libffi"),
                       ratio(r, "libffi")
        }
    }' "$tmp/time.tsv" "$tmp/instr.tsv"

cat <<EOF

## Issue 5 targets (callplan column)

Limits on callplan's instructions per call, by the shape class the issue names: all-GP with at
most 6 arguments ≤ 3x direct (and ≤ 2x its time), register-only GP/SSE mixes ≤ 3x,
stack-spilling and struct signatures ≤ 4x; every row at least 8x fewer than Debian's
\`ffi_call\`, and fewer than the libffi 3.8-dev call plan where the issue gives its figure.
A plan must take at least 3x fewer instructions to build than \`ffi_prep_cif\`.

EOF
awk -F'\t' "$figures"'
    BEGIN {
        split("ptr3 int3 ptr6", a, " ");          for (i in a) cls[a[i]] = "gp"
        split("mixed4 vsum", a, " ");             for (i in a) cls[a[i]] = "reg"
        split("int8 long10 mix16 ldret", a, " "); for (i in a) cls[a[i]] = "stack"
        split("dd s24", a, " ");                  for (i in a) cls[a[i]] = "struct"
        mult["gp"] = 3; mult["reg"] = 3; mult["stack"] = 4; mult["struct"] = 4
        what["gp"] = "all-GP, ≤ 6 args"; what["reg"] = "register-only GP/SSE"
        what["stack"] = "stack-spilling"; what["struct"] = "struct"
        # the libffi 3.8-dev call plan, instructions per call (the issue table)
        ref["ptr3"] = 71; ref["int3"] = 157; ref["int8"] = 316; ref["mixed4"] = 189
        ref["long10"] = 381; ref["dd"] = 667
    }
    function verdict(ok, limit) { return sprintf("%s (%s)", ok ? "met" : "**missed**", limit) }
    END {
        print "| signature | class | callplan instr | ≤ N× direct instr | ≤ ffi_call ÷ 8 | " \
              "< 3.8-dev call plan | ≤ 2× direct ns |"
        print "|---|---|---|---|---|---|---|"
        for (i = 1; i <= n; i++) {
            r = row[i]
            if (!(r in cls))
                continue
            c = ir[r, "callplan"]; d = ir[r, "direct"]; k = mult[cls[r]]
            t1 = verdict(c <= k * d, sprintf("≤ %d = %d × %d", k * d, k, d))
            t2 = verdict(8 * c <= ir[r, "libffi"], sprintf("≤ %.0f", ir[r, "libffi"] / 8))
            t3 = (r in ref) ? verdict(c < ref[r], sprintf("< %d", ref[r])) : "—"
            t4 = cls[r] == "gp" ? verdict(ns[r, "callplan"] <= 2 * ns[r, "direct"],
                                          sprintf("≤ %.1f ns", 2 * ns[r, "direct"])) : "—"
            printf "| `%s` | %s | %s | %s | %s | %s | %s |\n", sig[r], what[cls[r]], c, t1, t2,
                   t3, t4
        }
        r = "build"
        printf "\nPlan building (`%s`): `ffi_prep_cif` ÷ `cp_plan_build` = ×%.2f in " \
               "instructions, ×%.2f in time: %s.\n", substr(sig[r], index(sig[r], ": ") + 2),
               ir[r, "libffi"] / ir[r, "callplan"], ns[r, "libffi"] / ns[r, "callplan"],
               (ir[r, "libffi"] >= 3 * ir[r, "callplan"]) ? "met (≥ ×3)" : "**missed** (≥ ×3)"
    }' "$tmp/time.tsv" "$tmp/instr.tsv"

cat <<EOF

## Closures (issue 6): compiled C calls a function pointer

The reverse direction: one loop, compiled at \`-O2\`, calls a function pointer of the row's
signature with argument values read from memory on every call. The pointer is the C function
itself (*direct*), a callplan closure (\`cp_closure_alloc\`, whose handler does the function's
work from \`args[]\`) or a libffi closure (\`ffi_closure_alloc\` + \`ffi_prep_closure_loc\`, the
same handler work). Cells as above: *ns per call / instructions per call*; the ratio columns
divide time / instructions.

EOF
awk -F'\t' "$figures"'
    function num(x) { return x == int(x) ? sprintf("%d", x) : sprintf("%.2f", x) }
    function cell(r, m) { return sprintf("%.1f ns / %s", ns[r, m], num(ir[r, m])) }
    function ratio(r, m, by) {
        return sprintf("×%.1f / ×%.1f", ns[r, m] / ns[r, by], ir[r, m] / ir[r, by])
    }
    END {
        print "| signature | direct | callplan closure | callplan ÷ direct | " \
              "libffi closure | libffi ÷ direct | libffi ÷ callplan |"
        print "|---|---|---|---|---|---|---|"
        for (i = 1; i <= n; i++) {
            r = row[i]
            if (r !~ /^cl_/)
                continue
            printf "| `%s` | %s | %s | %s | %s | %s | %s |\n", sig[r], cell(r, "direct"),
                   cell(r, "callplan"), ratio(r, "callplan", "direct"), cell(r, "libffi"),
                   ratio(r, "libffi", "direct"), ratio(r, "libffi", "callplan")
        }
        r = "cl_cmp"
        c = ir[r, "callplan"]; d = ir[r, "direct"]; f = ir[r, "libffi"]
        printf "\nIssue 6 targets, `%s` row, instructions per call:\n\n", sig[r]
        printf "- callplan closure ≤ 4× the direct call: %s ≤ %s = 4 × %s: %s\n", num(c),
               num(4 * d), num(d), (c <= 4 * d) ? "met" : "**missed**"
        printf "- at least 6× fewer than the libffi closure: libffi ÷ callplan = ×%.1f " \
               "(%s ÷ %s): %s\n", f / c, num(f), num(c), (f >= 6 * c) ? "met" : "**missed**"
    }' "$tmp/time.tsv" "$tmp/instr.tsv"

cat <<EOF

## How measured

One program (\`bench/bench.c\` with its rows in \`bench/rows.c\`, built as
\`build/bench/bench\`) compiled by the compiler above at \`-O2\` and linked with
\`build/libcallplan.a\` and \`-lffi\`. The callees (\`bench/callees.c\`) sit in their own
translation unit and do the least that still weighs every argument differently, so the direct
call stays cheap and a misplaced argument changes the result. The direct call goes through a
volatile function pointer, so it is neither inlined nor hoisted; the plan (\`cp_plan_build\`)
and the cif (\`ffi_prep_cif\`) are prepared once, outside the loops; all three methods read the
argument values from memory on every call. \`make bench-smoke\` (part of \`make test\`) checks
that callplan and libffi return the direct call's bytes on every row.

- **ns/call**: the median of $runs runs of $calls calls, for each row and method, all in one
  process run, the methods interleaved run by run after a warm-up (\`bench --calls N --runs R\`;
  \`make bench BENCH_CALLS=N BENCH_RUNS=R\`). \`clock_gettime(CLOCK_MONOTONIC)\` around each
  run; no CPU pinning or frequency control, so compare ratios rather than absolute nanoseconds
  across machines.
- **instructions/call**: exact, from \`valgrind --tool=callgrind\`. Only \`bench_measure()\`
  is counted (\`--collect-atstart=no --toggle-collect=bench_measure\`), one dump per call
  (\`--dump-after=bench_measure\`); it runs one row's loop of one method $K and then $M times,
  and \`(I($M) - I($K)) / $((M - K))\` is the cost of one iteration: loop overhead, call and
  callee included, for all three methods alike, every constant cost cancelled out. The first
  call of each method runs outside the count, and the program is linked \`-z now\`, so no lazy
  symbol binding is counted.
- libffi's \`ffi_call\` is reached through the PLT of Debian's shared libffi (one jump more than
  the statically linked \`cp_call\`). libffi 3.4 replaces \`avalue[i]\` of a struct argument over
  16 bytes by a pointer to its own, then dead, stack copy, so the 24-byte struct row hands
  \`ffi_call\` fresh argument pointers on every call (a memcpy of two pointers per call).
- Closure rows: the three methods run the very same compiled loop (\`through_*\` in
  \`bench/rows.c\`) with a different function pointer, so their counts differ by exactly what
  the pointer's code costs over the C function's: trampoline, entry, handler call, result.
  Both closures are made once, before any loop; libffi's closure is called at the address
  \`ffi_prep_closure_loc\` was given (no PLT), and its handler stores an int result widened to
  \`ffi_sarg\`, as libffi requires. \`make bench-smoke\` also checks each closure against the C
  function on more argument values than the timed ones.
- The plan-building row runs \`cp_plan_build\` and \`ffi_prep_cif\` for
  \`double(double,int,double,long)\`, one build per iteration into the same buffer or cif, with
  the same call counts as the other rows.

## Reference figures from the issue (NOT measured here)

Copied from issue 5 as its author measured them on "this kind of machine" (gcc -O2, ns/call
median of several runs, and instructions per call under callgrind). They are not figures of this
run; dyncall and libffi 3.8-dev are not built here. Debian's libffi-dev is 3.4.4, the
"libffi 3.4.4 ffi_call" column, which the libffi column above measures again.

| signature | direct | dyncall | libffi 3.4.4 ffi_call | libffi 3.8-dev ffi_call | libffi 3.8-dev call plan |
|---|---|---|---|---|---|
| \`void*(void*,void*,void*)\` | 2.0 ns / 11 instr | 16.8 / 129 | 40.2 / 685 | 33.6 / 599 | 4.9 / 71 |
| \`int(int,int,int)\` | 1.4 / 11 | 14.8 / 132 | 36.9 / 593 | 34.2 / 558 | 9.0 / 157 |
| \`int(int x8)\` | 2.2 / 23 | 32.7 / 327 | 113.4 / 1285 | 81.7 / 1216 | 25.1 / 316 |
| \`double(double,int,double,long)\` | 3.3 / 19 | 12.6 / 147 | 45.5 / 761 | 42.7 / 697 | 14.3 / 189 |
| \`long(long x10)\` | 2.5 / 26 | 41.9 / 437 | 95.5 / 1736 | 86.5 / 1555 | 28.3 / 381 |
| \`struct{double,double}(struct{double,double},double)\` | 9.4 / 16 | 30.4 / 384 | 50.5 / 683 | 46.1 / 643 | 42.2 / 667 |

From issue 6, for an \`int(int,int)\` comparator called in a loop through a function pointer:
direct 14 instructions per call, libffi 3.4.4 closure 334. Its target: a callplan closure of
at most 4× the direct call's instructions (≤ 55 there), i.e. at least 6× fewer than libffi's.
EOF
    # The hand-written account of the misses (what was tried), kept beside the figures.
    if [ -f bench/MISSES.md ]; then
        echo
        cat bench/MISSES.md
    fi
} >"$out.tmp"
mv "$out.tmp" "$out"
echo "bench: wrote $out" >&2
