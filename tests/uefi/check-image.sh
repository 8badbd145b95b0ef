#!/bin/sh
# The image is what UEFI firmware loads: PE32+, subsystem 10 (EFI application), x86-64, no
# imports (nothing to bind at load time), and base relocations (the firmware loads it wherever
# it has memory).
# And the core as compiled into it keeps its promises on this target too: no undefined symbol
# (no memcpy, no __chkstk: nothing from a C runtime) and no SSE instruction in its C objects.
# Usage: check-image.sh BOOTX64.EFI CORE_OBJECT_DIR
image=$1
core=$2
passed=0
failed=0
headers=$(llvm-readobj --file-headers --coff-imports "$image" 2>&1)

expect() {
    if printf '%s\n' "$headers" | grep -qE "$1"; then
        echo "ok - image: $2"
        passed=$((passed + 1))
    else
        echo "FAIL - image: $2 (no line matching '$1' in llvm-readobj's output)"
        failed=$((failed + 1))
    fi
}

expect 'Magic: 0x20B' 'PE32+ optional header'
expect 'Machine: IMAGE_FILE_MACHINE_AMD64' 'x86-64 machine'
expect 'Subsystem: IMAGE_SUBSYSTEM_EFI_APPLICATION \(0xA\)' 'subsystem 10, EFI application'
expect 'IMAGE_DLL_CHARACTERISTICS_DYNAMIC_BASE' 'relocatable (dynamic base)'
expect 'BaseRelocationTableRVA: 0x[1-9A-F]' 'a base relocation table'
if printf '%s\n' "$headers" | grep -q 'Import {'; then
    echo "FAIL - image: imports nothing"
    failed=$((failed + 1))
else
    echo "ok - image: imports nothing"
    passed=$((passed + 1))
fi
# W^X: no section may be both writable and executable.
wx=$(llvm-readobj --sections "$image" | awk '
    /Name:/ { name = $2; w = 0; x = 0 }
    /IMAGE_SCN_MEM_WRITE/ { w = 1 }
    /IMAGE_SCN_MEM_EXECUTE/ { x = 1 }
    /^ *}/ { if (w && x) print name; w = 0; x = 0 }')
if [ -z "$wx" ]; then
    echo "ok - image: no section both writable and executable"
    passed=$((passed + 1))
else
    echo "FAIL - image: writable and executable sections: $wx"
    failed=$((failed + 1))
fi
# Read-only data stays read-only (the stubs' jump tables among it): only .data and .bss may be
# writable.
rw=$(llvm-readobj --sections "$image" | awk '
    /Name:/ { name = $2; w = 0 }
    /IMAGE_SCN_MEM_WRITE/ { w = 1 }
    /^ *}/ { if (w && name != ".data" && name != ".bss") print name; w = 0 }')
if [ -z "$rw" ]; then
    echo "ok - image: only .data and .bss are writable"
    passed=$((passed + 1))
else
    echo "FAIL - image: writable sections besides .data and .bss: $rw"
    failed=$((failed + 1))
fi
if llvm-objdump -h "$image" | grep -q ' \.reloc '; then
    echo "ok - image: .reloc section"
    passed=$((passed + 1))
else
    echo "FAIL - image: .reloc section"
    failed=$((failed + 1))
fi

# The core's objects for this target: every symbol they use, they define.
objs=$(find "$core" -name '*.o')
defined=$(mktemp)
trap 'rm -f "$defined"' EXIT
llvm-nm --defined-only $objs | awk 'NF == 3 { print $3 }' | sort -u >"$defined"
missing=$(llvm-nm -u $objs | awk 'NF == 2 { print $2 }' | sort -u | grep -vxF -f "$defined")
if [ -n "$objs" ] && [ -z "$missing" ]; then
    echo "ok - core for the UEFI target: no undefined symbol"
    passed=$((passed + 1))
else
    echo "FAIL - core for the UEFI target: undefined symbols:" $missing
    failed=$((failed + 1))
fi
# SSE instructions: any naming a vector register, or MXCSR. (x87 mnemonics are not scanned
# here: on COFF, clang puts switch jump tables inside .text, and their bytes disassemble as
# stray x87 instructions. The host's check-freestanding covers x87 for the same C.)
fp=""
for o in $(find "$core" -name '*.c.o'); do
    hits=$(llvm-objdump -d --no-show-raw-insn "$o" |
           awk -F'\t' '/^ *[0-9a-f]+:/ && NF >= 2 { print $2 " " $3 }' |
           grep -E '%[xyz]?mm[0-9]|ldmxcsr|stmxcsr' | head -3)
    [ -n "$hits" ] && fp="$fp $o: $hits"
done
if [ -n "$objs" ] && [ -z "$fp" ]; then
    echo "ok - core for the UEFI target: no SSE instruction in its C objects"
    passed=$((passed + 1))
else
    echo "FAIL - core for the UEFI target: SSE instructions in C objects:$fp"
    failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
