/* Signatures the kernel tests (ktests.c) call through, as const descriptors. The same
 * signatures are written as text in aot.sigs, whose build-time plans (tools/cpgen) each case
 * compares with the plan it builds from these descriptors: text and descriptors must agree. */
#ifndef CALLPLAN_KSIGS_H
#define CALLPLAN_KSIGS_H

#include "callplan.h"

static const cp_type ks_long_int = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i32));
static const cp_type ks_three_longs =
    CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64));
static const cp_type ks_empty = CP_EMPTY_STRUCT;
static const cp_type ks_packed =
    CP_STRUCT_EX(CP_TYPE_PACKED, 0, 0, CP_MEMBER(cp_type_u8), CP_MEMBER(cp_type_i32));
static const cp_type ks_two_ints = CP_ARRAY(cp_type_i32, 2);
static const cp_type ks_inner = CP_STRUCT(CP_MEMBER(ks_two_ints));
static const cp_type ks_nested = CP_STRUCT(CP_MEMBER(ks_inner), CP_MEMBER(cp_type_i64));
static const cp_type ks_bytes8 = CP_ARRAY(cp_type_u8, 8);
static const cp_type ks_union = CP_UNION(CP_MEMBER(cp_type_i32), CP_MEMBER(ks_bytes8));
static const cp_type ks_three_floats =
    CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32));
static const cp_type ks_double_long = CP_STRUCT(CP_MEMBER(cp_type_f64), CP_MEMBER(cp_type_i64));

#define KS_I64x10 &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64, \
                  &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64

static const cp_type *const ks_sum6_args[] = { KS_I64x10 };
static const cp_sig ks_sum6 = { CP_ABI_SYSV64, &cp_type_i64, ks_sum6_args, 6, 0, 0 };
static const cp_sig ks_sum10 = { CP_ABI_SYSV64, &cp_type_i64, ks_sum6_args, 10, 0, 0 };

static const cp_type *const ks_ext_args[] = {
    &cp_type_i8, &cp_type_u8, &cp_type_i16, &cp_type_u16, &cp_type_bool, &cp_type_i32,
    &cp_type_u32, &cp_type_i64,
};
static const cp_sig ks_ext = { CP_ABI_SYSV64, &cp_type_i32, ks_ext_args, 8, 0, 0 };

static const cp_type *const ks_struct_args[] = { &ks_long_int, &ks_three_longs, &cp_type_i64 };
static const cp_sig ks_structs = { CP_ABI_SYSV64, &ks_long_int, ks_struct_args, 3, 0, 0 };

static const cp_type *const ks_sret_args[] = { KS_I64x10 };
static const cp_sig ks_sret = { CP_ABI_SYSV64, &ks_three_longs, ks_sret_args, 7, 0, 0 };

static const cp_type *const ks_i128_args[] = { &cp_type_i64, &cp_type_i128, &cp_type_i64 };
static const cp_sig ks_i128 = { CP_ABI_SYSV64, &cp_type_i128, ks_i128_args, 3, 0, 0 };

static const cp_type *const ks_vsum_args[] = {
    &cp_type_i32, &cp_type_i64, &cp_type_i32, &cp_type_i64, &cp_type_i32, &cp_type_i64,
    &cp_type_i32, &cp_type_i64,
};
static const cp_sig ks_vsum = { CP_ABI_SYSV64, &cp_type_i64, ks_vsum_args, 8, 1,
                                CP_SIG_VARIADIC };

static const cp_type *const ks_odd_args[] = {
    &cp_type_i64, &ks_empty, &ks_packed, &ks_union, &ks_nested, &ks_empty, &cp_type_i64,
};
static const cp_sig ks_odd = { CP_ABI_SYSV64, &cp_type_i64, ks_odd_args, 7, 0, 0 };

/* Floating point: only the SSE image runs these (the NOFLOAT image expects them rejected). */
static const cp_type *const ks_dids_args[] = {
    &cp_type_f64, &cp_type_i32, &cp_type_f64, &cp_type_i64,
};
static const cp_sig ks_dids = { CP_ABI_SYSV64, &cp_type_f64, ks_dids_args, 4, 0, 0 };

static const cp_type *const ks_f32x9_args[] = {
    &cp_type_f32, &cp_type_f32, &cp_type_f32, &cp_type_f32, &cp_type_f32, &cp_type_f32,
    &cp_type_f32, &cp_type_f32, &cp_type_f32,
};
static const cp_sig ks_f32x9 = { CP_ABI_SYSV64, &cp_type_f32, ks_f32x9_args, 9, 0, 0 };

static const cp_type *const ks_fstruct_args[] = { &ks_three_floats, &ks_double_long };
static const cp_sig ks_fstruct = { CP_ABI_SYSV64, &ks_three_floats, ks_fstruct_args, 2, 0, 0 };

static const cp_type *const ks_ld_args[] = { &cp_type_f80, &cp_type_i32, &cp_type_c64 };
static const cp_sig ks_ld = { CP_ABI_SYSV64, &cp_type_f80, ks_ld_args, 3, 0, 0 };

static const cp_type *const ks_vdouble_args[] = {
    &cp_type_i32, &cp_type_f64, &cp_type_i64, &cp_type_f64, &cp_type_f80, &ks_double_long,
};
static const cp_sig ks_vdouble = { CP_ABI_SYSV64, &cp_type_f64, ks_vdouble_args, 6, 1,
                                   CP_SIG_VARIADIC };

#endif
