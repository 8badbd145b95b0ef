/* A closure's handler may read each argument's declared size and write the declared return
 * size. cp_plan_check bounds the moves by those sizes; cp_closure_alloc must also bound the
 * sizes by what the entry offers (a 16-byte scratch slot per argument unless it arrived whole
 * on the stack or by reference, a 32-byte result buffer unless the caller passed one). Found by
 * fuzz_plan_call (tests/fuzz): forged plans, resealed, that passed the check and let a handler
 * read past the caller's stack arguments or write past the result buffer. */
#include "callplan.h"
#include "harness.h"

#include "forge.h"

#include <string.h>

/* Reads argument 8's declared size (when the plan has one), as a handler may. */
static size_t arg8_size;
static volatile uint8_t sink;

static void handler(void *user, void *ret, void *const *args)
{
    size_t i;
    (void)user;
    (void)ret;
    for (i = 0; i < arg8_size; i++)
        sink ^= ((const uint8_t *)args[8])[i];
}

static const cp_type *const nine_longs[] = { &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                             &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                             &cp_type_i64, &cp_type_i64, &cp_type_i64 };

/* Builds sig, applies the patch (bytes at `at`), reseals; the plan passes cp_plan_check and
 * cp_closure_alloc gives `want`. With width 0 the plan is taken unpatched. */
static void expect_alloc(const char *what, const cp_sig *sig, size_t at, uint32_t value,
                           unsigned width, cp_status want)
{
    static _Alignas(CP_PLAN_ALIGN) uint8_t plan[CP_PLAN_SIZE(9)];
    void (*fn)(void) = NULL;
    size_t used = 0;
    CHECK_STATUS_IN(what, cp_plan_build(plan, sizeof plan, sig, &used), CP_OK);
    if (width) {
        memcpy(plan + at, &value, width);
        forge_reseal(plan, sizeof plan);
    }
    CHECK_STATUS_IN(what, cp_plan_check(plan, used), CP_OK);
    CHECK_STATUS_IN(what, cp_closure_alloc((const cp_plan *)(const void *)plan, handler, NULL, &fn),
                    want);
    if (fn && sig->nargs == 9) {
        /* accepted: call it; the handler reads argument 8's declared size (ASan watches) */
        int64_t v[9] = { 0 }, r = 0;
        void *args[9];
        uint16_t declared;
        size_t k;
        for (k = 0; k < 9; k++)
            args[k] = &v[k];
        memcpy(&declared, plan + CP__PLAN_HDR + (size_t)9 * CP__MOVE_BYTES + 16, 2);
        arg8_size = declared;
        cp_call((const cp_plan *)(const void *)plan, fn, &r, args);
        arg8_size = 0;
    }
    if (fn)
        CHECK_STATUS_IN(what, cp_closure_free(fn), CP_OK);
}

/* i64 f(i64 x 9): argument 8 arrives by one LD8 in a stack slot; declared 64 bytes, the
 * handler would read 56 bytes past the slot. */
TEST(argument_larger_than_its_moves_is_refused)
{
    cp_sig sig = { CP_ABI_SYSV64, &cp_type_i64, nine_longs, 9, 0, 0 };
    size_t sizes = CP__PLAN_HDR + (size_t)9 * CP__MOVE_BYTES;   /* one move per argument */
    expect_alloc("control: as built", &sig, 0, 0, 0, CP_OK);
    expect_alloc("argument 8 declared 64 bytes", &sig, sizes + (size_t)2 * 8, 64, 2, CP_ERR_PLAN);
    expect_alloc("argument 8 declared 17 bytes", &sig, sizes + (size_t)2 * 8, 17, 2, CP_ERR_PLAN);
    /* up to 16 bytes the handler gets a scratch copy (not the 8-byte slot): accepted, safe */
    expect_alloc("argument 8 declared 16 bytes", &sig, sizes + (size_t)2 * 8, 16, 2, CP_OK);
    expect_alloc("argument 8 declared 9 bytes", &sig, sizes + (size_t)2 * 8, 9, 2, CP_OK);
}

/* i64 f(void) declared to return 200 bytes with no hidden buffer: the handler's result buffer
 * holds 32. The same in Microsoft x64. */
TEST(return_size_over_the_register_result_is_refused)
{
    cp_sig sysv = { CP_ABI_SYSV64, &cp_type_i64, NULL, 0, 0, 0 };
    cp_sig win64 = { CP_ABI_WIN64, &cp_type_i64, NULL, 0, 0, 0 };
    expect_alloc("sysv: control", &sysv, 0, 0, 0, CP_OK);
    expect_alloc("sysv: ret_size 200", &sysv, CP__H_RETSIZE, 200, 4, CP_ERR_PLAN);
    expect_alloc("sysv: ret_size 33", &sysv, CP__H_RETSIZE, 33, 4, CP_ERR_PLAN);
    expect_alloc("win64: ret_size 200", &win64, CP__H_RETSIZE, 200, 4, CP_ERR_PLAN);
}

int main(void)
{
    RUN(argument_larger_than_its_moves_is_refused);
    RUN(return_size_over_the_register_result_is_refused);
    return harness_done();
}
