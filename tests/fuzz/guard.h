/* Guarded buffers for the fuzz targets: n bytes that end exactly where a PROT_NONE page starts,
 * so the first byte read or written past the end faults, even from the asm stub that ASan does
 * not instrument. The slots are mapped once and reused: a fuzz iteration costs no syscall. */
#ifndef CALLPLAN_FUZZ_GUARD_H
#define CALLPLAN_FUZZ_GUARD_H

#include <stddef.h>
#include <stdint.h>

/* Slots 0..GUARD_ARG_SLOTS-1 hold argument values (up to GUARD_SMALL bytes each), the last one
 * the return buffer (up to GUARD_LARGE bytes). */
#define GUARD_ARG_SLOTS 64
#define GUARD_RET_SLOT  GUARD_ARG_SLOTS
#define GUARD_SMALL     8192u
#define GUARD_LARGE     (1u << 20)

/* A buffer of n bytes in slot `slot`, right-aligned against its guard page and filled with
 * `fill`; NULL when n exceeds the slot (the caller skips that input). */
void *guard_buffer(unsigned slot, size_t n, uint8_t fill);

/* The FNV-1a checksum of the plan format (src/plan_format.h), written independently of the
 * core so a target can re-seal a mutated plan: 32-bit little-endian words, the checksum field
 * read as zero. */
uint32_t guard_plan_checksum(const uint8_t *plan, size_t len);

/* A function that takes anything and touches nothing: the callee of fuzzed plans. */
void guard_harmless(void);

#endif
