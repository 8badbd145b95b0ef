"""make demo-test: compares the demo shell's transcript with tests/qemu/demo.expected.

The transcript is cut into blocks, one per command (a line starting with the prompt "> " opens
a block, except a "> #" comment line; the lines before the first prompt are the boot block),
and each block is one check:
"ok - <command>" or "FAIL - <command>" with a diff. Only what legitimately varies is masked,
and narrowly: the cycle counts of `bench` (the three "min N median N" lines of a bench block) and
pointer values printed as "(ptr)0x...". Anything else that changes fails.

Usage: demo_check.py TRANSCRIPT EXPECTED RUN_STATUS     (RUN_STATUS: run-demo.sh's exit status)
       demo_check.py --write TRANSCRIPT EXPECTED       (stores the masked transcript as expected)
"""
import difflib
import re
import sys

BENCH_LINE = re.compile(r"^(  (?:direct C call|cp_call \(\w+\)|by text: cache\+call) +)"
                        r"min \d+ median \d+$")
POINTER = re.compile(r"\(ptr\)0x[0-9a-f]+")


def mask(lines):
    out = []
    for line in lines:
        line = BENCH_LINE.sub(r"\1min N median N", line)
        out.append(POINTER.sub("(ptr)0xADDR", line))
    return out


def blocks(lines):
    """[(title, [lines])]: the boot block, then one block per prompt."""
    result = [("boot", [])]
    for line in lines:
        if line.startswith("> ") and not line.startswith("> #"):
            result.append((line[2:].strip() or "(empty line)", []))
        result[-1][1].append(line)             # a comment belongs to the block before it
    return result


def read(path):
    with open(path, encoding="utf-8", errors="replace") as f:
        return f.read().splitlines()


def main(argv):
    if len(argv) == 4 and argv[1] == "--write":
        with open(argv[3], "w", encoding="utf-8") as f:
            f.write("\n".join(mask(read(argv[2]))) + "\n")
        return 0
    if len(argv) != 4:
        print(__doc__)
        return 2
    got = blocks(mask(read(argv[1])))
    want = blocks(read(argv[2]))
    passed = failed = 0
    for i in range(max(len(got), len(want))):
        g = got[i] if i < len(got) else ("(missing)", [])
        w = want[i] if i < len(want) else ("(not expected)", [])
        title = w[0] if i < len(want) else g[0]
        if g == w:
            passed += 1
            print(f"ok - demo: {title}")
            continue
        failed += 1
        print(f"FAIL - demo: {title}")
        for d in difflib.unified_diff(w[1], g[1], "expected", "transcript", lineterm="", n=1):
            print(f"    {d}")
    if argv[3] == "0":
        passed += 1
        print("ok - demo: the kernel's verdict is pass (isa-debug-exit)")
    else:
        failed += 1
        print(f"FAIL - demo: run-demo.sh exited {argv[3]} (verdict fail, time-out or crash)")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
