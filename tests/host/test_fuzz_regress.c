/* Regression tests: one per bug the fuzz targets (tests/fuzz) found, each with the smallest
 * input that showed it. The fuzz input that found it is in tests/fuzz/corpus/<target>/ too. */
#include <stdint.h>
#include <string.h>

#include "callplan.h"
#include "harness.h"

/* The plan layout, to forge the plans the fuzzer made. */
#include "../../src/plan_format.h"

typedef void fnptr(void);

/* Re-seals a plan's checksum (FNV-1a over 32-bit little-endian words, the checksum word read as
 * zero: src/plan_format.h), so a forged plan gets past it to the structural checks. */
static void reseal(uint8_t *plan)
{
    uint32_t len, h = 2166136261u, w;
    size_t i;
    memcpy(&len, plan + CP__H_LENGTH, 4);
    for (i = 0; i + 4 <= len; i += 4) {
        memcpy(&w, plan + i, 4);
        h = (h ^ (i == CP__H_CHECKSUM ? 0 : w)) * 16777619u;
    }
    memcpy(plan + CP__H_CHECKSUM, &h, 4);
}

static void no_handler(void *user_data, void *ret, void *const *args)
{
    (void)user_data;
    (void)ret;
    (void)args;
}

/* fuzz_plan_build: a struct's declared size was accepted up to 4 GiB, past CP_MAX_TYPE_SIZE,
 * as long as it covered the members; cp_type_layout reported it and a plan returning it
 * carried a ret_size cp_plan_check then refused. */
static const cp_type huge = CP_STRUCT_EX(0, 0, 0x89000000u, CP_MEMBER(cp_type_i8));
static const cp_type at_cap = CP_STRUCT_EX(0, 0, CP_MAX_TYPE_SIZE, CP_MEMBER(cp_type_i8));

TEST(declared_struct_size_over_the_cap_is_a_type_error)
{
    static _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(0)];
    cp_sig sig = { CP_ABI_DEFAULT, &huge, NULL, 0, 0, 0 };
    size_t size = 0, align = 0;
    CHECK_STATUS(cp_type_layout(&huge, &size, &align, NULL, 0), CP_ERR_TYPE);
    CHECK_STATUS(cp_plan_build(plan, sizeof plan, &sig, NULL), CP_ERR_TYPE);
    CHECK_STATUS(cp_type_layout(&at_cap, &size, &align, NULL, 0), CP_OK);
    CHECK_EQ_U64(size, CP_MAX_TYPE_SIZE);
}

/* fuzz_plan_call: `i64 f(i64 x 9)` with argument 8's declared size forged 8 -> 64 passed
 * cp_plan_check (its one LD8 move stays inside 64 bytes), and a closure of it pointed the
 * handler's args[8] at the 8-byte stack slot: a handler reading the declared 64 bytes read the
 * caller's stack. The plan is still a valid plan for cp_call; a closure must refuse it. */
TEST(closure_refuses_an_argument_larger_than_its_moves)
{
    static _Alignas(CP_PLAN_ALIGN) uint8_t plan[CP_PLAN_SIZE(9)];
    static const cp_type *const nine[9] = { &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                            &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                            &cp_type_i64, &cp_type_i64, &cp_type_i64 };
    cp_sig sig = { CP_ABI_DEFAULT, &cp_type_i64, nine, 9, 0, 0 };
    uint16_t nmoves, big = 64;
    fnptr *fn = NULL;
    size_t used = 0;
    CHECK_STATUS(cp_plan_build(plan, sizeof plan, &sig, &used), CP_OK);
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)(void *)plan, no_handler, NULL, &fn), CP_OK);
    CHECK(fn && cp_closure_free(fn) == CP_OK);
    memcpy(&nmoves, plan + CP__H_NMOVES, 2);
    memcpy(plan + CP__PLAN_HDR + (size_t)nmoves * CP__MOVE_BYTES + (size_t)2 * 8, &big, 2);
    reseal(plan);
    CHECK_STATUS(cp_plan_check(plan, used), CP_OK);
    fn = NULL;
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)(void *)plan, no_handler, NULL, &fn),
                 CP_ERR_PLAN);
    CHECK(fn == NULL);
}

/* fuzz_plan_call: `i64 f(void)` with ret_size forged 8 -> 200 and no sret passed cp_plan_check
 * (the return move fits), and the closure gave the handler its 32-byte register-result buffer
 * for a 200-byte result: the handler's store smashed the stack. */
TEST(closure_refuses_a_result_larger_than_the_registers)
{
    static _Alignas(CP_PLAN_ALIGN) uint8_t plan[CP_PLAN_SIZE(0)];
    cp_sig sig = { CP_ABI_DEFAULT, &cp_type_i64, NULL, 0, 0, 0 };
    uint32_t forged = 200;
    fnptr *fn = NULL;
    size_t used = 0;
    CHECK_STATUS(cp_plan_build(plan, sizeof plan, &sig, &used), CP_OK);
    memcpy(plan + CP__H_RETSIZE, &forged, 4);
    reseal(plan);
    CHECK_STATUS(cp_plan_check(plan, used), CP_OK);
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)(void *)plan, no_handler, NULL, &fn),
                 CP_ERR_PLAN);
    CHECK(fn == NULL);
}

/* A Microsoft x64 plan built for real, then one field of one move forged and resealed. */
static size_t win64_plan(uint8_t *plan, size_t cap, const cp_type *ret, const cp_type *const *args,
                         uint32_t nargs)
{
    cp_sig sig = { CP_ABI_WIN64, ret, args, nargs, 0, 0 };
    size_t used = 0;
    return cp_plan_build(plan, cap, &sig, &used) == CP_OK ? used : 0;
}

static struct cp__move *move_at(uint8_t *plan, unsigned k)
{
    return (struct cp__move *)(void *)(plan + CP__PLAN_HDR) + k;
}

/* fuzz_plan_call (Win64 closures): an ADDR move whose pointer slot lies inside its own
 * argument's copy (`addr arg0 -> stack+39` with `copy16 arg0 -> stack+32`) passed
 * cp_plan_check; the copy then overwrote the pointer, and a closure gave its handler the
 * garbage as args[0]. Writes must be disjoint, stack slots 8-aligned, an ADDR's source its
 * argument's one whole COPY (the forged source is tested too). */
static const cp_type two_i64 = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64));

TEST(win64_addr_pointer_must_not_sit_in_a_copy)
{
    static _Alignas(CP_PLAN_ALIGN) uint8_t plan[CP_PLAN_SIZE(1)], good[CP_PLAN_SIZE(1)];
    static const cp_type *const args[1] = { &two_i64 };
    size_t used = win64_plan(good, sizeof good, &cp_type_i64, args, 1);
    unsigned k, addr = 99, copy = 99;
    uint16_t nmoves;
    CHECK(used != 0);
    memcpy(&nmoves, good + CP__H_NMOVES, 2);
    for (k = 0; k < nmoves; k++) {
        if (move_at(good, k)->op == CP__OP_ADDR)
            addr = k;
        if (move_at(good, k)->op == CP__OP_COPY)
            copy = k;
    }
    CHECK(addr != 99 && copy != 99);        /* a 16-byte struct goes by reference */
    if (addr == 99 || copy == 99)
        return;
    CHECK_STATUS(cp_plan_check(good, used), CP_OK);
    memcpy(plan, good, used);               /* the pointer slot inside the copy, misaligned */
    move_at(plan, addr)->dst = (uint16_t)(move_at(plan, copy)->dst + 7);
    reseal(plan);
    CHECK_STATUS(cp_plan_check(plan, used), CP_ERR_PLAN);
    memcpy(plan, good, used);               /* the pointer past the copy */
    move_at(plan, addr)->src = (uint16_t)(move_at(plan, addr)->src + 16);
    reseal(plan);
    CHECK_STATUS(cp_plan_check(plan, used), CP_ERR_PLAN);
}

#ifndef CP_NOFLOAT
/* fuzz_plan_call: `i64 f(f64, f64, f32)` (Win64) with the f32's move forged from xmm2 to
 * xmm2+8 passed the check (it stays inside xmm2's image) and made the closure gather load a
 * uint64_t from a misaligned address (UBSan). Image moves start at their slot. */
TEST(win64_image_moves_start_at_their_slot)
{
    static _Alignas(CP_PLAN_ALIGN) uint8_t plan[CP_PLAN_SIZE(3)];
    static const cp_type *const args[3] = { &cp_type_f64, &cp_type_f64, &cp_type_f32 };
    size_t used = win64_plan(plan, sizeof plan, &cp_type_i64, args, 3);
    CHECK(used != 0);
    if (!used)
        return;
    CHECK_STATUS(cp_plan_check(plan, used), CP_OK);
    CHECK_EQ_U64(move_at(plan, 2)->arg, 2);
    move_at(plan, 2)->dst = (uint16_t)(move_at(plan, 2)->dst + 8);
    reseal(plan);
    CHECK_STATUS(cp_plan_check(plan, used), CP_ERR_PLAN);
}
#endif

/* fuzz_sig_parse: a struct of 64 mostly empty members; the parser counted the list ahead and
 * took 64 members' arena before it met the first empty one, so an arena of the documented
 * CP_SIG_ARENA_SIZE(len) ran out: CP_ERR_NOSPACE for what is a syntax error. */
TEST(sig_arena_bound_holds_for_empty_members)
{
    static const char text[] = "i32(struct{c3,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,"
                               ",,,,,,,,,,,,,,,,2, f32})";
    static unsigned char arena[CP_SIG_ARENA_SIZE(sizeof text - 1)];
    cp_sig sig;
    size_t off = 0;
    CHECK_STATUS(cp_sig_parse(text, sizeof text - 1, arena, sizeof arena, &sig, &off),
                 CP_ERR_SYNTAX);
    CHECK(off > 0 && off < sizeof text - 1);
}

int main(void)
{
    RUN(declared_struct_size_over_the_cap_is_a_type_error);
    RUN(closure_refuses_an_argument_larger_than_its_moves);
    RUN(closure_refuses_a_result_larger_than_the_registers);
    RUN(sig_arena_bound_holds_for_empty_members);
    RUN(win64_addr_pointer_must_not_sit_in_a_copy);
#ifndef CP_NOFLOAT
    RUN(win64_image_moves_start_at_their_slot);
#endif
    return harness_done();
}
