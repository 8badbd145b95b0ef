"""Part of make demo-test: the demo shell must survive any line. Feeds it a seeded stream of
lines, the demo script's commands mutated byte by byte (inserted, deleted and replaced
characters) mixed with random token sequences, and checks that the kernel read them all and
reached `exit`: its summary line printed, QEMU's status one of the two verdicts (33 pass, 3 fail:
mutated lines succeed or fail at random, either is fine), no trap report. A failure prints the
seed and keeps the script for a rerun:  sh tests/qemu/run-demo.sh "QEMU ARGS" IMAGE SCRIPT

Calls of the exports whose contract is raw memory (format, memcmp, sort, peek) are left out:
a mutated length or address there is a wrong program, not a shell bug. Everything else is fair.

Usage: shell_fuzz.py "QEMU COMMAND AND ARGS" kernel-demo.elf demo.script OUTDIR [SEED] [LINES]
"""
import random
import subprocess
import sys

CHARS = 'abcdefghijklmnopqrstuvwxyz0123456789 $"{}(),.=-+*/%!#\\_<>x@[]'
WORDS = ["call", "plan", "bench", "def", "sort", "print", "vars", "sigs", "cache", "set",
         "buffer", "strlen", "mul3", "padd", "divmod", "lerp", "x", "y", "$x", "$p", "$nope",
         "=", "{", "}", ",", "(", ")", "...", "i64", "u8", "f64", "struct", "union", "packed",
         "align(16)", "ptr", "char*", "void", "0", "-1", "42", "0x7f", "1.5", "-2e3", "1e999",
         '"s"', '"\\x41\\n"', '"', "null", "a", "b", "desc", "i64(i64, i64, i64)",
         "struct{i32, i32}(struct{i32, i32}, struct{i32, i32})", "f64(f64, f64, f64)"]
RAW_MEMORY = ("format", "memcmp", "sort", "peek")


def mutate(rng, line):
    chars = list(line)
    for _ in range(rng.randint(1, 4)):
        op = rng.randrange(3)
        at = rng.randrange(len(chars) + 1)
        if op == 0:
            chars.insert(at, rng.choice(CHARS))
        elif chars and at < len(chars):
            if op == 1:
                del chars[at]
            else:
                chars[at] = rng.choice(CHARS)
    return "".join(chars)


def risky(line):
    words = line.replace("!", " ").split()
    return "call" in words and any(w in RAW_MEMORY for w in words)


def lines(rng, script, count):
    commands = [l for l in script if l.strip() and not l.startswith("#") and l != "exit"]
    out = ["x = 5", "p = call padd {1, 2} {3, 4}", "def desc(a, b) = b - a"]
    while len(out) < count:
        if rng.random() < 0.6:
            line = mutate(rng, rng.choice(commands))
        else:
            line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, 8)))
        if len(line) < 190 and not risky(line) and line.strip() not in ("exit", "!exit"):
            out.append(line)
    return out + ["exit"]


def main(argv):
    if len(argv) < 5:
        print(__doc__)
        return 2
    qemu, image, script_path, outdir = argv[1:5]
    seed = int(argv[5]) if len(argv) > 5 else 1
    count = int(argv[6]) if len(argv) > 6 else 300
    rng = random.Random(seed)
    with open(script_path, encoding="utf-8") as f:
        script = f.read().splitlines()
    fuzz_script = f"{outdir}/shell-fuzz-{seed}.script"
    with open(fuzz_script, "w", encoding="utf-8") as f:
        f.write("\n".join(lines(rng, script, count)) + "\n")
    run = subprocess.run(["sh", "tests/qemu/run-demo.sh", qemu, image, fuzz_script],
                         capture_output=True, text=True, errors="replace")
    out = run.stdout
    reached_exit = " unexpected result" in out.rsplit("> exit", 1)[-1]
    verdict_ok = run.returncode == 0 or "QEMU exit status 3" in out
    trapped = "TRAP vector" in out
    if reached_exit and verdict_ok and not trapped:
        print(f"ok - demo shell survives {count} random and mutated lines (seed {seed})")
        print("1 passed, 0 failed")
        return 0
    with open(f"{outdir}/shell-fuzz-{seed}.transcript", "w", encoding="utf-8") as f:
        f.write(out)
    tail = "\n    ".join(out.splitlines()[-8:])
    print(f"FAIL - demo shell fuzz, seed {seed}: reached exit {reached_exit}, verdict "
          f"{verdict_ok}, trap {trapped}; script {fuzz_script}, last lines:\n    {tail}")
    print("0 passed, 1 failed")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
