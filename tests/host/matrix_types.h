/* The descriptors of ABI.md's matrix types, shared by the forward (test_abi.c) and the reverse
 * (test_closure_abi.c) row tests. File-scope statics: the member lists are constant only there,
 * and a header's unused statics draw no warning. */
#ifndef CALLPLAN_MATRIX_TYPES_H
#define CALLPLAN_MATRIX_TYPES_H

#include "callplan.h"

#define T_I8 (&cp_type_i8)
#define T_I  (&cp_type_i32)
#define T_L  (&cp_type_i64)
#define T_X  (&cp_type_i128)
#define T_P  (&cp_type_ptr)
#define T_F  (&cp_type_f32)
#define T_D  (&cp_type_f64)
#define T_LD (&cp_type_f80)
#define T_Q  (&cp_type_f128)

static const cp_type d_l_type = CP_STRUCT(CP_MEMBER(cp_type_f64), CP_MEMBER(cp_type_i64));
static const cp_type l_d_type = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_f64));
static const cp_type l_l_type = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64));
static const cp_type d_d_type = CP_STRUCT(CP_MEMBER(cp_type_f64), CP_MEMBER(cp_type_f64));
static const cp_type f_f_f_type =
    CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32));
static const cp_type f_x4 = CP_ARRAY(cp_type_f32, 4);
static const cp_type f4_type = CP_STRUCT(CP_MEMBER(f_x4));
static const cp_type f_x5 = CP_ARRAY(cp_type_f32, 5);
static const cp_type f5_type = CP_STRUCT(CP_MEMBER(f_x5));
static const cp_type f_f_type = CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32));
static const cp_type f_x2 = CP_ARRAY(cp_type_f32, 2);
static const cp_type f_x2_wrap = CP_STRUCT(CP_MEMBER(f_x2));
static const cp_type f2_d_type = CP_STRUCT(CP_MEMBER(f_x2_wrap), CP_MEMBER(cp_type_f64));
static const cp_type f_i_type = CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_i32));
static const cp_type c_d_type = CP_STRUCT(CP_MEMBER(cp_type_i8), CP_MEMBER(cp_type_f64));
static const cp_type l_f_type = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_f32));
static const cp_type c_x17 = CP_ARRAY(cp_type_i8, 17);
static const cp_type c17_type = CP_STRUCT(CP_MEMBER(c_x17));
static const cp_type c_x20 = CP_ARRAY(cp_type_i8, 20);
static const cp_type c20_type = CP_STRUCT(CP_MEMBER(c_x20));
static const cp_type f_or_i_type = CP_UNION(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_i32));
static const cp_type f_or_d_type = CP_UNION(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f64));
static const cp_type l_x2 = CP_ARRAY(cp_type_i64, 2);
static const cp_type ld_or_l2_type = CP_UNION(CP_MEMBER(cp_type_f80), CP_MEMBER(l_x2));
static const cp_type d_x2 = CP_ARRAY(cp_type_f64, 2);
static const cp_type ld_or_d2_type = CP_UNION(CP_MEMBER(cp_type_f80), CP_MEMBER(d_x2));
static const cp_type ld_or_i_type = CP_UNION(CP_MEMBER(cp_type_f80), CP_MEMBER(cp_type_i32));
static const cp_type empty_type = CP_EMPTY_STRUCT;
static const cp_type i_x0 = CP_ARRAY(cp_type_i32, 0);
static const cp_type zero_array_type = CP_STRUCT(CP_MEMBER(i_x0));
/* Bitfields are described by the storage they occupy: a:3, b:5 and c:20 share one 32-bit unit. */
static const cp_type bits3_5_20_type = CP_STRUCT(CP_MEMBER(cp_type_u32));
/* The unnamed `int :8` occupies byte 4; gcc counts it (INTEGER), so it is a u8 there; b at 8. */
static const cp_type f_pad8_f_type =
    CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER_AT(cp_type_u8, 4), CP_MEMBER(cp_type_f32));
static const cp_type packed_c_i_type =
    CP_STRUCT_EX(CP_TYPE_PACKED, 0, 0, CP_MEMBER(cp_type_i8), CP_MEMBER(cp_type_i32));
static const cp_type aligned16_l_type = CP_STRUCT_EX(0, 16, 0, CP_MEMBER(cp_type_i64));
static const cp_type x_wrap_type = CP_STRUCT(CP_MEMBER(cp_type_i128));
static const cp_type ld_wrap_type = CP_STRUCT(CP_MEMBER(cp_type_f80));
static const cp_type q_wrap_type = CP_STRUCT(CP_MEMBER(cp_type_f128));
static const cp_type l_l_l_type =
    CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64));


/* Signatures from a static array of argument types. */
#define SIG(ret_type, types)                                                                   \
    ((cp_sig){ .abi = CP_ABI_SYSV64, .ret = (ret_type), .args = (types),                       \
               .nargs = (uint32_t)(sizeof(types) / sizeof((types)[0])) })
#define SIG_NO_ARGS(ret_type) ((cp_sig){ .abi = CP_ABI_SYSV64, .ret = (ret_type) })
#define VARIADIC_SIG(ret_type, types, fixed)                                                   \
    ((cp_sig){ .abi = CP_ABI_SYSV64, .ret = (ret_type), .args = (types),                       \
               .nargs = (uint32_t)(sizeof(types) / sizeof((types)[0])), .nfixed = (fixed),     \
               .flags = CP_SIG_VARIADIC })

#endif
