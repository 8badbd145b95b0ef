/* Regression tests: one per bug the fuzz targets (tests/fuzz) found, each with the smallest
 * input that showed it. The fuzz input that found it is in tests/fuzz/corpus/<target>/ too. */
#include <stdint.h>
#include <string.h>

#include "callplan.h"
#include "harness.h"

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

int main(void)
{
    RUN(declared_struct_size_over_the_cap_is_a_type_error);
    return harness_done();
}
