#!/bin/sh
# Boots one kernel image and turns QEMU's exit status into the verdict: the kernel reports
# success through isa-debug-exit with 0x10, which QEMU turns into exit status 33. Anything else
# (another code, a triple fault under -no-reboot, a plain exit 0, the time-out) is a failure.
# Usage: boot.sh "QEMU COMMAND AND ARGS" kernel.elf
qemu=$1
image=$2
start=$(date +%s%N)
timeout 120 $qemu -kernel "$image" </dev/null
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$rc" = 33 ]; then
    echo "ok - $(basename "$image") booted and passed in $ms ms"
    echo "1 passed, 0 failed"
    exit 0
fi
case $rc in
124) why="timed out" ;;
0) why="exited 0: the kernel never reached isa-debug-exit (triple fault?)" ;;
*) why="QEMU exit status $rc" ;;
esac
echo "FAIL - $(basename "$image"): $why"
echo "0 passed, 1 failed"
exit 1
