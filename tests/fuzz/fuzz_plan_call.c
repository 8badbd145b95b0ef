/* Fuzz target: cp_plan_check, then cp_call and a closure, on mutated plans.
 *
 * Input: one control byte, then the plan's bytes. The seed corpus holds real plans; libFuzzer
 * mutates them. When control bit 0 is set the harness re-seals the checksum first, so half the
 * mutations get past it and reach the structural checks. The plan is copied into a buffer of
 * exactly its length (ASan sees a read past it). A plan that passes cp_plan_check is run with
 * argument values and a return buffer of exactly the sizes it declares, each against a guard
 * page (plan_run.h): any read or write outside them faults, and that is a finding. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callplan.h"
#include "guard.h"
#include "plan_format.h"
#include "plan_run.h"

static void discard(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    (void)text;
    (void)len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint8_t ctrl, *plan;
    size_t n;
    cp_status s;

    if (size < 1)
        return 0;
    ctrl = data[0];
    n = size - 1;
    plan = malloc(n ? n : 1);               /* malloc: 16-aligned, as a plan must be 8-aligned */
    memcpy(plan, data + 1, n);
    if ((ctrl & 1) && n >= CP__PLAN_HDR) {
        uint32_t len = (uint32_t)plan[CP__H_LENGTH] | (uint32_t)plan[CP__H_LENGTH + 1] << 8 |
                       (uint32_t)plan[CP__H_LENGTH + 2] << 16 |
                       (uint32_t)plan[CP__H_LENGTH + 3] << 24;
        uint32_t sum = guard_plan_checksum(plan, len < n ? len : n);
        memcpy(plan + CP__H_CHECKSUM, &sum, 4);
    }
    s = cp_plan_check(plan, n);
    if ((unsigned)s >= CP_STATUS_COUNT_) {
        fprintf(stderr, "cp_plan_check returned %d\n", (int)s);
        abort();
    }
    if (s == CP_OK) {
        (void)cp_plan_flags((const cp_plan *)(void *)plan);
        if (!cp_plan_executor((const cp_plan *)(void *)plan))
            abort();
        if (cp_plan_dump((const cp_plan *)(void *)plan, discard, NULL) != CP_OK) {
            fprintf(stderr, "cp_plan_dump rejects a checked plan\n");
            abort();
        }
        plan_run(plan, (uint8_t)(ctrl >> 2), (ctrl & 2) != 0);
    }
    free(plan);
    return 0;
}
