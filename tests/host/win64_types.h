/* The descriptors of the Microsoft x64 rows (ABI.md rows 47-57), shared by the call suite
 * (test_win64.c) and the closure suite (test_win64_closure.c): each matches a C type of
 * callees_win64.h. File-scope compound literals, so include it once per test file. */
#ifndef CALLPLAN_TEST_WIN64_TYPES_H
#define CALLPLAN_TEST_WIN64_TYPES_H

#include "callplan.h"

static const cp_type t_c1 = CP_STRUCT(CP_MEMBER(cp_type_i8));       /* struct w_c1 */
static const cp_type t_s1 = CP_STRUCT(CP_MEMBER(cp_type_i16));      /* struct w_s1 */
static const cp_type a_c3 = CP_ARRAY(cp_type_i8, 3);
static const cp_type t_c3 = CP_STRUCT(CP_MEMBER(a_c3));             /* struct w_c3 */
static const cp_type t_i1 = CP_STRUCT(CP_MEMBER(cp_type_i32));      /* struct w_i1 */
static const cp_type a_c5 = CP_ARRAY(cp_type_i8, 5);
static const cp_type t_c5 = CP_STRUCT(CP_MEMBER(a_c5));             /* struct w_c5 */
static const cp_type t_l1 = CP_STRUCT(CP_MEMBER(cp_type_i64));      /* struct w_l1 */
static const cp_type a_i3 = CP_ARRAY(cp_type_i32, 3);
static const cp_type t_i3 = CP_STRUCT(CP_MEMBER(a_i3));             /* struct w_i3 */
static const cp_type a_l2 = CP_ARRAY(cp_type_i64, 2);
static const cp_type t_l2 = CP_STRUCT(CP_MEMBER(a_l2));             /* struct w_l2 */
static const cp_type t_ff = CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32));
static const cp_type t_d1 = CP_STRUCT(CP_MEMBER(cp_type_f64));      /* struct w_d1 */

#endif
