#!/bin/sh
# The image is what UEFI firmware loads: PE32+, subsystem 10 (EFI application), x86-64, no
# imports (nothing to bind at load time), and base relocations (the firmware loads it wherever
# it has memory).
# Usage: check-image.sh BOOTX64.EFI
image=$1
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
if llvm-objdump -h "$image" | grep -q ' \.reloc '; then
    echo "ok - image: .reloc section"
    passed=$((passed + 1))
else
    echo "FAIL - image: .reloc section"
    failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
