#!/bin/sh
# make run: boots the demo kernel shell. With no script and a terminal on standard input and
# output, the shell is interactive on this terminal (type `help`; `exit` or ^D leaves, ^C kills QEMU).
# Otherwise it feeds the script (default tests/qemu/demo.script) to the serial port, followed
# by ^D, and prints the transcript: the kernel echoes each line it reads, so commands and their
# output interleave as in a terminal. Exit status 0 when the kernel's verdict is pass
# (isa-debug-exit 0x10: QEMU status 33).
# Usage: run-demo.sh "QEMU COMMAND AND ARGS" kernel-demo.elf [SCRIPT]
qemu=$1
image=$2
script=$3
if [ -z "$script" ] && [ -t 0 ] && [ -t 1 ]; then
    timeout --foreground 7200 $qemu -kernel "$image"
    rc=$?
else
    script=${script:-tests/qemu/demo.script}
    if [ ! -r "$script" ]; then
        echo "run-demo.sh: cannot read $script" >&2
        exit 2
    fi
    status=$(mktemp)
    trap 'rm -f "$status"' EXIT
    # QEMU reads the pipe only as fast as the UART takes bytes; \r\n from the kernel -> \n.
    { cat "$script"; printf '\004'; } |
        { timeout 60 $qemu -kernel "$image"; echo $? > "$status"; } | tr -d '\r'
    rc=$(cat "$status")
fi
case $rc in
33) exit 0 ;;
124) echo "FAIL - the demo kernel timed out" ;;
0) echo "FAIL - the demo kernel never reached isa-debug-exit (triple fault?)" ;;
*) echo "FAIL - the demo kernel's verdict: QEMU exit status $rc" ;;
esac
exit 1
