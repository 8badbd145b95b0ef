/* The application's report channel and check counting. Lines go to QEMU's debug console
 * (port 0xE9), which needs no firmware service, so a broken plan cannot hide its own failure;
 * the verdict goes to isa-debug-exit (port 0xF4). */
#ifndef UEFI_REPORT_H
#define UEFI_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <callplan.h>

void out_str(const char *s);
void out_hex(uint64_t v);
void out_dec(uint64_t v);

/* One line per check: "ok - name" or "FAIL - name". Returns ok. */
int check(int ok, const char *name);
/* As check(got == want), printing both values on failure. */
int check_eq(const char *name, uint64_t got, uint64_t want);

/* As check(got == want) for callplan statuses, naming both on failure. */
int check_status(const char *name, cp_status got, cp_status want);

/* "a: b" in buf (cap bytes, truncated to fit), for a check line naming two things. */
const char *join(char *buf, size_t cap, const char *a, const char *b);

/* Prints "N passed, M failed" and ends QEMU: exit status 33 when nothing failed, else 35. */
_Noreturn void report_finish(void);

#endif /* UEFI_REPORT_H */
