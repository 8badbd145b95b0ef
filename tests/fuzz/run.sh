#!/bin/sh
# Runs the fuzz targets: run.sh smoke|long SECONDS BUILD TARGET...
# One line per target ("ok - fuzz T: ..." or "FAIL - fuzz T: ..."), then "N passed, M failed".
# smoke: starts from the committed corpus only (new inputs go to a scratch folder emptied first)
#        with a fixed random seed, so a run is the same from a clean clone (up to the machine's
#        speed, which sets how many inputs fit in the time).
# long:  keeps what it finds in BUILD/corpus/T across runs.
mode=$1
secs=$2
build=$3
shift 3
passed=0
failed=0
mkdir -p "$build/crashes" "$build/logs"
for t in "$@"; do
    seeds=tests/fuzz/corpus/$t
    if [ "$mode" = smoke ]; then
        work=$build/smoke/$t
        rm -rf "$work"
        seed=-seed=1
    else
        work=$build/corpus/$t
        seed=
    fi
    mkdir -p "$work" "$seeds"
    log=$build/logs/$t.$mode.log
    "$build/fuzz_$t" $seed -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
        -artifact_prefix="$build/crashes/$t-" -print_final_stats=1 \
        "$work" "$seeds" >"$log" 2>&1
    rc=$?
    runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$')
    cov=$(grep -E '#[0-9]+.*cov:' "$log" | tail -n 1 | sed -E 's/.*cov: ([0-9]+) ft: ([0-9]+).*/cov \1 ft \2/')
    if [ "$rc" = 0 ]; then
        echo "ok - fuzz $t: ${runs:-?} runs in ${secs} s, ${cov:-no coverage line}"
        passed=$((passed + 1))
    else
        echo "FAIL - fuzz $t: exit $rc after ${runs:-?} runs (log $log):"
        grep -E 'ERROR|SUMMARY|Test unit written|fuzz_[a-z_]+: ' "$log" | head -n 5 | sed 's/^/    /'
        failed=$((failed + 1))
    fi
done
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
