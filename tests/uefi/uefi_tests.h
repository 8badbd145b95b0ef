/* The groups of checks the application runs, one file each. */
#ifndef UEFI_TESTS_H
#define UEFI_TESTS_H

#include "efi.h"

/* tables.c: the firmware tables are what efi.h says (signatures, sizes, CRCs), by direct calls. */
void tables_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

/* core.c: the core in the UEFI image: layouts, Win64 plans for every service, rejections. */
void core_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

/* boot.c: boot services through Win64 plans, against direct calls. */
void boot_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

/* runtime.c: GetTime and a volatile variable through Win64 plans. */
void runtime_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

/* events.c: timers, Stall, WaitForEvent, TPLs through Win64 plans. */
void event_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

/* closures.c: closures the firmware calls back (event notify functions). */
void closure_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

/* native.c: ABI.md section 2 rows compiled for this target, through plans and closures. */
void native_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

/* aot.c: plans built on the build machine (tools/cpgen), checked and called through. */
void aot_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st);

#endif /* UEFI_TESTS_H */
