#!/bin/sh
# cpgen's tests: the round trip of the kernels' list (cpgen_check, built from the C file cpgen
# wrote), then malformed lists: each must be refused with exit status 1, a message naming
# file:line:column, and no output file.
# Usage: cpgen-test.sh path/to/cpgen path/to/cpgen_check
cpgen=$1
check=$2
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
passed=0
failed=0

"$check" | tee "$dir/check.log" | grep -vE '^[0-9]+ passed, [0-9]+ failed$'
p=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$dir/check.log")
f=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$dir/check.log")
passed=$((passed + ${p:-0}))
failed=$((failed + ${f:-1}))

# refused NAME 'EXPECTED STDERR' LIST-TEXT
refused() {
    printf '%s\n' "$3" > "$dir/$1.sigs"
    rm -f "$dir/out.c" "$dir/out.h"
    "$cpgen" -H "$dir/out.h" -o "$dir/out.c" "$dir/$1.sigs" 2> "$dir/err"
    rc=$?
    # The third line of the message is a caret under the column: 4 + column - 1 spaces.
    col=$(echo "$2" | sed -n 's/^[0-9]*:\([0-9]*\):.*/\1/p')
    caret=$(sed -n 3p "$dir/err")
    if [ "$rc" = 1 ] && grep -qF "$dir/$1.sigs:$2" "$dir/err" && [ ! -e "$dir/out.c" ] &&
       { [ -z "$col" ] || [ "$caret" = "$(printf '%*s^' $((col + 3)) '')" ]; }; then
        passed=$((passed + 1))
        echo "ok - cpgen refuses $1: $(head -1 "$dir/err" | sed "s|$dir/||")"
    else
        failed=$((failed + 1))
        echo "FAIL - cpgen $1: exit $rc, expected '$2', got: $(cat "$dir/err")"
    fi
}

refused syntax '1:15: error: ' 'mul3  i64(i64,, i64)'
refused line-number '3:15: error: ' '# a comment

late  i32(i32 i32)'
refused unknown-name '1:12: error: ' 'x      i32(float128)'
refused not-a-name '1:1: error: expected a name' '3d  i32(void)'
refused no-signature '2:7: error: a signature after the name' 'ok  i32(void)
lonely'
refused glued '1:4: error: expected blanks' 'f64(f64)'
refused duplicate '2:1: error: the name twice is already used' 'twice  i32(void)
twice  i64(void)'
refused bad-align '1:21: error: ' 'x  i32(struct align(3) {i32})'
refused variadic-f32 '1:4: error: ' 'x  i32(i32, ..., f32)'
refused too-deep '1:' 'x  void(struct{struct{struct{struct{struct{struct{struct{struct{struct{i8}}}}}}}}})'

# -s: every plan in the named section; the header and table as usual.
printf 'one  i32(i32)\ntwo  void(ptr, ...)\n' > "$dir/section.sigs"
if "$cpgen" -p sec -s .rodata.test -H "$dir/sec.h" -o "$dir/sec.c" "$dir/section.sigs" &&
   [ "$(grep -c 'section(".rodata.test")' "$dir/sec.c")" = 2 ] &&
   grep -q 'sec_plan_two' "$dir/sec.h" && grep -q 'sec_plan_count = 2' "$dir/sec.c"; then
    passed=$((passed + 1))
    echo "ok - cpgen -s puts each plan in the section, -p names the symbols"
else
    failed=$((failed + 1))
    echo "FAIL - cpgen -s/-p: $(cat "$dir/sec.c" 2>&1 | head -5)"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
