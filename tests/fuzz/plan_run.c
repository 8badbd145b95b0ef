/* See plan_run.h. The plan's fields are read at the offsets src/plan_format.h documents. */
#include "plan_run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callplan.h"
#include "guard.h"
#include "plan_format.h"

static uint32_t le16(const uint8_t *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
    return le16(p) | le16(p + 2) << 16;
}

/* What the closure handler may touch: the plan's declared sizes. */
struct declared {
    uint32_t nargs;
    uint32_t ret_size;
    uint32_t sizes[CP_MAX_ARGS];
};

static volatile uint8_t sink_byte;

/* Reads every declared argument byte and writes every declared result byte, as a legitimate
 * handler may: the closure must have pointed args[] and ret at that much memory. */
static void touch_all(void *user_data, void *ret, void *const *args)
{
    const struct declared *d = user_data;
    uint8_t acc = 0;
    uint32_t i, j;
    for (i = 0; i < d->nargs; i++)
        for (j = 0; j < d->sizes[i]; j++)
            acc ^= ((const volatile uint8_t *)args[i])[j];
    sink_byte = acc;
    if (d->ret_size)
        memset(ret, 0x5A, d->ret_size);
}

void plan_run(const uint8_t *plan, uint8_t fill, int via_closure)
{
    struct declared d;
    void *args[CP_MAX_ARGS];
    const uint8_t *sizes;
    void (*fn)(void) = NULL;
    void *ret;
    uint32_t i;
    cp_status s;

    d.nargs = plan[CP__H_NARGS];
    d.ret_size = le32(plan + CP__H_RETSIZE);
    if (d.nargs > CP_MAX_ARGS) {
        fprintf(stderr, "plan_run: a trusted plan with %u arguments\n", d.nargs);
        abort();
    }
    sizes = plan + CP__PLAN_HDR + (size_t)le16(plan + CP__H_NMOVES) * CP__MOVE_BYTES;
    for (i = 0; i < d.nargs; i++) {
        d.sizes[i] = le16(sizes + 2 * (size_t)i);
        args[i] = guard_buffer(i, d.sizes[i], (uint8_t)(fill + i));
        if (!args[i]) {
            fprintf(stderr, "plan_run: argument %u of %u bytes in a trusted plan\n", i,
                    d.sizes[i]);
            abort();
        }
    }
    ret = guard_buffer(GUARD_RET_SLOT, d.ret_size, 0xEE);
    if (!ret)
        return;                             /* a result larger than the slot: not run */
    cp_call((const cp_plan *)(const void *)plan, guard_harmless, ret, args);
    if (!via_closure || getenv("FUZZ_NO_CLOSURE"))
        return;                             /* FUZZ_NO_CLOSURE: while a closure finding is open */
    s = cp_closure_alloc((const cp_plan *)(const void *)plan, touch_all, &d, &fn);
    if (s != CP_OK)
        return;
    cp_call((const cp_plan *)(const void *)plan, fn, ret, args);
    if (cp_closure_free(fn) != CP_OK) {
        fprintf(stderr, "plan_run: cp_closure_free refused a closure just allocated\n");
        abort();
    }
}
