#!/bin/sh
# make analyze: cppcheck, clang-tidy (.clang-tidy at the root) and scan-build over the core, the
# libffi-compatible layer, the host tools and the host and fuzz tests. One line per tool and
# then "N passed, M failed"; a tool passes when it reports nothing.
#   analyze.sh OUT GENERATED_INCLUDE_DIR [TIDY_TESTS]
# OUT receives the logs and scan-build's reports; the second folder holds tools' generated
# headers (cpgen's aot_plans.h). TIDY_TESTS=0 leaves tests/host out of clang-tidy (half of its
# time; cppcheck still reads them), for the one-minute budget of make test.
out=$1
gen=$2
tidy_tests=${3:-1}
rm -rf "$out"
mkdir -p "$out"
passed=0
failed=0

core="$(ls src/*.c arch/x86_64/*.c)"
compat="$(ls compat/libffi/*.c 2>/dev/null)"
hosted="$(ls tools/*.c tests/host/*.c tests/fuzz/*.c 2>/dev/null)"
inc="-Iinclude -Isrc -Iarch/x86_64 -Icompat/libffi -Itests/host -Itests/fuzz -I$gen"
# The core's promises, as the Makefile builds it (freestanding, no FP registers, no red zone).
core_cf="-std=c11 -ffreestanding -fno-builtin -mno-red-zone -mgeneral-regs-only"
host_cf="-std=c11 -D_DEFAULT_SOURCE"

start=$(date +%s)
verdict() {     # verdict NAME LOG COUNT WHAT; the time since the previous verdict
    now=$(date +%s)
    took=$((now - start))
    start=$now
    if [ "$3" = 0 ]; then
        echo "ok - $1: $4, no findings (${took} s)"
        passed=$((passed + 1))
    else
        echo "FAIL - $1: $3 findings (log $2, ${took} s):"
        head -n 8 "$2" | sed 's/^/    /'
        failed=$((failed + 1))
    fi
}

# cppcheck. Off, with the reason: variableScope (house style declares locals at the top of a
# block), unusedStructMember (ABI test types have members only their layout uses),
# missingIncludeSystem (libc headers are not cppcheck's business), ctuuninitvar and
# ctunullpointer (the whole-program pass ignores the callers' own guards: its three reports,
# in tools/cpgen.c, src/sig_lex.c and tests/host/test_regress.c, were false, checked by hand).
nfiles=$(echo $core $compat $hosted | wc -w)
# shellcheck disable=SC2086
cppcheck -j 2 --quiet --std=c11 --enable=warning,style,performance,portability --inline-suppr \
    --suppress=variableScope --suppress=unusedStructMember --suppress=missingIncludeSystem \
    --suppress=ctuuninitvar --suppress=ctunullpointer \
    -D__x86_64__ -D__GNUC__ $inc --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
    $core $compat $hosted >"$out/cppcheck.log" 2>&1
verdict cppcheck "$out/cppcheck.log" "$(grep -c ': \(error\|warning\|style\|performance\|portability\): ' "$out/cppcheck.log")" \
    "$nfiles files"

# clang-tidy, two files at a time (the machine's cores).
tidy() {    # tidy FLAGS FILES...
    flags=$1
    shift
    # shellcheck disable=SC2086
    printf '%s\n' "$@" | xargs -P 2 -n 1 sh -c 'clang-tidy --quiet "$@" -- '"$flags $inc"' 2>/dev/null' _
}
tidied=$hosted
[ "$tidy_tests" = 0 ] && tidied=$(echo $hosted | tr ' ' '\n' | grep -v '^tests/host/')
{ tidy "$core_cf" $core; tidy "$core_cf" $compat; tidy "$host_cf" $tidied; } >"$out/clang-tidy.full"
grep -E ': (warning|error): ' "$out/clang-tidy.full" | sort -u >"$out/clang-tidy.log"
verdict clang-tidy "$out/clang-tidy.log" "$(wc -l <"$out/clang-tidy.log")" \
    "$(echo $core $compat $tidied | wc -w) files"

# scan-build: the analyzer over the core, the compat layer and the tools, compiled as the
# Makefile does; scan-build puts its analyzer in $CC.
nscan=$(echo $core $compat tools/*.c | wc -w)
# shellcheck disable=SC2016
scan-build-14 -o "$out/scan" --status-bugs --use-cc=clang sh -c '
    { printf "%s '"$core_cf"'\n" '"$(echo $core $compat)"'
      printf "%s '"$host_cf"'\n" tools/*.c; } |
    xargs -P 2 -L 1 sh -c '"'"'$CC "$@" '"$inc"' -c -o /dev/null'"'"' _' \
    >"$out/scan-build.full" 2>&1
rc=$?
grep -E ': warning: ' "$out/scan-build.full" | sort -u >"$out/scan-build.log"
n=$(wc -l <"$out/scan-build.log")
[ "$rc" != 0 ] && [ "$n" = 0 ] && { tail -n 5 "$out/scan-build.full" >"$out/scan-build.log"; n=1; }
verdict scan-build "$out/scan-build.log" "$n" "$nscan files"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
