#!/bin/sh
# Boots the UEFI application under OVMF and turns what it reported into check lines.
#   - the application's own lines come from QEMU's debug console (port 0xE9) and end with its
#     "N passed, M failed";
#   - the firmware console (ConOut, which OVMF mirrors on COM1) goes to serial.log: the text
#     the application printed through each route must be there;
#   - the verdict is isa-debug-exit's: 0x10 becomes QEMU exit status 33, anything else (0x11,
#     a reset under -no-reboot, the time-out) fails.
# Usage: run.sh "QEMU COMMAND AND ARGS" LOG_DIR
qemu=$1
dir=$2
limit=60                        # seconds; OVMF under TCG boots in about 6-10
passed=0
failed=0

result() {
    if [ "$1" = 0 ]; then
        echo "ok - $2"
        passed=$((passed + 1))
    else
        echo "FAIL - $2"
        failed=$((failed + 1))
    fi
}

rm -f "$dir/report.log" "$dir/serial.log"
start=$(date +%s%N)
timeout $limit $qemu -serial "file:$dir/serial.log" -debugcon "file:$dir/report.log" </dev/null
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ -f "$dir/report.log" ] && tr -d '\r' <"$dir/report.log"

case $rc in
33) why="passed" ;;
35) why="reported failures" ;;
124) why="timed out after $limit s" ;;
0) why="QEMU exited 0: the application never reached isa-debug-exit (reset?)" ;;
*) why="QEMU exit status $rc" ;;
esac
[ "$rc" = 33 ]
result $? "OVMF booted BOOTX64.EFI, verdict through isa-debug-exit: $why ($ms ms)"
if [ "$rc" != 33 ] && [ -f "$dir/serial.log" ]; then
    # What the firmware said last: an exception dump, a boot manager message.
    echo "# the end of the firmware console ($dir/serial.log):"
    tr -d '\r' <"$dir/serial.log" | sed 's/\x1b\[[0-9;=]*[A-Za-z]//g' | tail -n 15 | sed 's/^/#   /'
    echo
fi

# Each line the application printed through ConOut, found on the firmware's serial console.
for text in "callplan: direct OutputString" "callplan: OutputString through a Win64 plan"; do
    grep -q "$text" "$dir/serial.log" 2>/dev/null
    result $? "serial console shows \"$text\""
done

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
