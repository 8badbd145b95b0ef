/* Regression tests: one per core bug found by the differential conformance suite
 * (tools/conform.py) or by review, each with the shape that exposed it, checked against a
 * callee compiled by the C compiler under test. */
#include <stdint.h>
#include <string.h>

#include "callplan.h"
#include "harness.h"

typedef void fnptr(void);

#ifndef CP_NOFLOAT
static _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(8)];

/* Found by conform (seed 2, case 231): union{long l[2]; union{int; long double} u;}. The inner
 * union alone is INTEGER + X87UP-without-X87 = MEMORY, and gcc and clang apply that per nested
 * aggregate, so the outer union goes on the stack; a flat merge made it INTEGER,INTEGER. */
union inner_ld { int32_t i; long double ld; };
union outer_ld { int64_t l[2]; union inner_ld in; };

static int64_t nested_union_callee(int64_t a, union outer_ld o, int64_t b)
{
    return a == 1 && o.l[0] == 2 && o.l[1] == 3 && b == 4;
}

static const cp_type inner_ld_t = CP_UNION(CP_MEMBER(cp_type_i32), CP_MEMBER(cp_type_f80));
static const cp_type two_longs_t = CP_ARRAY(cp_type_i64, 2);
static const cp_type outer_ld_t = CP_UNION(CP_MEMBER(two_longs_t), CP_MEMBER(inner_ld_t));

TEST(nested_union_with_orphan_x87up_goes_to_memory)
{
    static const cp_type *const args[3] = { &cp_type_i64, &outer_ld_t, &cp_type_i64 };
    cp_sig sig = { CP_ABI_DEFAULT, &cp_type_i64, args, 3, 0, 0 };
    int64_t a = 1, b = 4, r = -1;
    union outer_ld o;
    void *av[3] = { &a, &o, &b };
    memset(&o, 0, sizeof o);
    o.l[0] = 2;
    o.l[1] = 3;
    CHECK_STATUS(cp_plan_build(plan, sizeof plan, &sig, NULL), CP_OK);
    cp_call((const cp_plan *)plan, (fnptr *)nested_union_callee, &r, av);
    CHECK_EQ_U64(r, 1);
}
#endif

int main(void)
{
#ifndef CP_NOFLOAT
    RUN(nested_union_with_orphan_x87up_goes_to_memory);
#endif
    return harness_done();
}
