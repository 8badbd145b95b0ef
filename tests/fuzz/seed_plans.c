/* Writes the seed corpus of fuzz_plan_call: real plans of varied shapes (every executor, result
 * shape, register class and the stack, System V and Microsoft x64), each file one control byte (see fuzz_plan_call.c) then
 * the plan. Run once by hand when the plan format changes:
 *     seed_plans tests/fuzz/corpus/plan_call */
#include <stdio.h>
#include <stdlib.h>

#include "callplan.h"

static const cp_type two_i32 = CP_STRUCT(CP_MEMBER(cp_type_i32), CP_MEMBER(cp_type_i32));
static const cp_type three_f32 =
    CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32));
static const cp_type f64_i64 = CP_STRUCT(CP_MEMBER(cp_type_f64), CP_MEMBER(cp_type_i64));
static const cp_type big = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64),
                                     CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_f64),
                                     CP_MEMBER(cp_type_i8));
static const cp_type one_ld = CP_STRUCT(CP_MEMBER(cp_type_f80));
static const cp_type u_fi = CP_UNION(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_i32));
static const cp_type packed = CP_STRUCT_EX(CP_TYPE_PACKED, 0, 0, CP_MEMBER(cp_type_u8),
                                           CP_MEMBER(cp_type_i32), CP_MEMBER(cp_type_u16));
static const cp_type arr7 = CP_ARRAY(cp_type_u8, 7);
static const cp_type with_arr = CP_STRUCT(CP_MEMBER(arr7), CP_MEMBER(cp_type_i64));
static const cp_type empty = CP_EMPTY_STRUCT;

#define SIG(r, ...)                                                                            \
    { CP_ABI_DEFAULT, (r), (const cp_type *const[]){ __VA_ARGS__ },                           \
      sizeof((const cp_type *const[]){ __VA_ARGS__ }) / sizeof(const cp_type *), 0, 0 }

int main(int argc, char **argv)
{
    cp_sig sigs[] = {
        { CP_ABI_DEFAULT, NULL, NULL, 0, 0, 0 },
        SIG(&cp_type_i32, &cp_type_i32, &cp_type_i32),
        SIG(&cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64,
            &cp_type_i64, &cp_type_i64),
        SIG(&cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64,
            &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64),
        SIG(&cp_type_f64, &cp_type_f64, &cp_type_f64, &cp_type_f32),
        SIG(&cp_type_f32, &cp_type_f64, &cp_type_f64, &cp_type_f64, &cp_type_f64, &cp_type_f64,
            &cp_type_f64, &cp_type_f64, &cp_type_f64, &cp_type_f64, &cp_type_f64),
        SIG(&cp_type_i8, &cp_type_i8, &cp_type_u16, &cp_type_bool, &cp_type_ptr),
        SIG(&two_i32, &two_i32, &three_f32),
        SIG(&three_f32, &f64_i64, &u_fi),
        SIG(&f64_i64, &big, &cp_type_i32),
        SIG(&big, &cp_type_i32, &big),
        SIG(&cp_type_f80, &cp_type_f80, &one_ld),
        SIG(&cp_type_c80, &cp_type_c64, &cp_type_c32),
        SIG(&cp_type_c64, &cp_type_i128, &cp_type_f128),
        SIG(&packed, &packed, &with_arr, &empty, &cp_type_u8),
        SIG(&cp_type_u128, &cp_type_u128, &cp_type_i64, &cp_type_u128, &cp_type_i64,
            &cp_type_u128),
        SIG(&cp_type_i16, &with_arr, &with_arr, &with_arr, &with_arr),
        SIG(&cp_type_u32, &cp_type_u32, &cp_type_u32, &cp_type_u32, &cp_type_u32,
            &cp_type_u32, &cp_type_u32, &cp_type_u32),
    };
    static const cp_type *const printf_args[] = { &cp_type_ptr, &cp_type_i32, &cp_type_f64,
                                                  &cp_type_f80, &two_i32 };
    cp_sig variadic = { CP_ABI_DEFAULT, &cp_type_i32, printf_args, 5, 1, CP_SIG_VARIADIC };
    unsigned n = sizeof sigs / sizeof sigs[0], i;

    if (argc != 2) {
        fprintf(stderr, "usage: seed_plans DIR\n");
        return 2;
    }
    for (i = 0; i <= 2 * n + 1; i++) {
        static _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(CP_MAX_ARGS)];
        cp_sig sig = i % (n + 1) < n ? sigs[i % (n + 1)] : variadic;
        unsigned char ctrl = (unsigned char)(i % 4);
        size_t used = 0;
        char path[512];
        FILE *f;
        cp_status s;
        if (i > n)
            sig.abi = CP_ABI_WIN64;         /* the same shapes, Microsoft x64 */
        s = cp_plan_build(plan, sizeof plan, &sig, &used);
        if (s == CP_ERR_ABI || s == CP_ERR_UNSUPPORTED)
            continue;                       /* not in this build */
        if (s != CP_OK) {
            fprintf(stderr, "seed %u: %s\n", i, cp_strerror(s));
            return 1;
        }
        snprintf(path, sizeof path, "%s/seed-%02u", argv[1], i);
        f = fopen(path, "wb");
        if (!f || fwrite(&ctrl, 1, 1, f) != 1 || fwrite(plan, 1, used, f) != used ||
            fclose(f) != 0) {
            perror(path);
            return 1;
        }
    }
    return 0;
}
