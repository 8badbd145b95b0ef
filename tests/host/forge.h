/* Plan forgery for the tests: a test that patches a built plan makes its checksum valid again
 * with the documented algorithm, so the patch reaches cp_plan_check's structural rules. */
#ifndef CALLPLAN_TEST_FORGE_H
#define CALLPLAN_TEST_FORGE_H

#include <stdint.h>
#include <string.h>

#include "../../src/plan_format.h"

/* The plan checksum: FNV-1a 32-bit (offset basis 2166136261, prime 16777619) taken one
 * little-endian 32-bit word per step over the whole plan, the checksum word (offset 16) read
 * as zero (src/plan_check.c). */
static inline uint32_t forge_fnv1a(const uint8_t *p, size_t len)
{
    uint32_t h = 2166136261u, w;
    size_t i;
    for (i = 0; i + 4 <= len; i += 4) {
        memcpy(&w, p + i, 4);
        h = (h ^ (i == CP__H_CHECKSUM ? 0u : w)) * 16777619u;
    }
    return h;
}

/* Makes a forged plan's checksum valid again, over its declared length (never past the `len`
 * bytes of its buffer). */
static inline void forge_reseal(uint8_t *plan, size_t len)
{
    uint32_t declared, sum;
    memcpy(&declared, plan + CP__H_LENGTH, 4);
    sum = forge_fnv1a(plan, declared < len ? declared : len);
    memcpy(plan + CP__H_CHECKSUM, &sum, 4);
}

#endif
