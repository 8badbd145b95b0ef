/* FFI_WIN64 / FFI_EFI64 / FFI_GNUW64 against ms_abi code compiled by the compiler: scalars with
 * libffi's widening, arguments past the four registers, structs by value and by reference,
 * hidden-pointer results, a variadic callee, and closures called from ms_abi code. The layer
 * maps these ABIs to the core's CP_ABI_WIN64: with a core that lacks it (or its closures), each
 * check is that the layer says FFI_BAD_ABI instead. */
#include <ffi.h>
#include <string.h>

#include "callees_win64.h"
#include "callplan.h"
#include "harness.h"

static int core_has_win64;          /* cp_plan_build takes CP_ABI_WIN64 */
static int core_has_win64_closures; /* cp_closure_alloc takes such a plan */

static void nothing(void *user, void *ret, void *const *args)
{
    (void)user;
    (void)ret;
    (void)args;
}

static void probe_core(void)
{
    static const cp_sig sig = { CP_ABI_WIN64, NULL, NULL, 0, 0, 0 };
    uint64_t plan[CP_PLAN_SIZE(0) / 8];
    void (*fn)(void);
    core_has_win64 = cp_plan_build(plan, sizeof plan, &sig, NULL) == CP_OK;
    if (core_has_win64 &&
        cp_closure_alloc((const cp_plan *)(const void *)plan, nothing, NULL, &fn) == CP_OK) {
        core_has_win64_closures = 1;
        cp_closure_free(fn);
    }
    printf("# core: CP_ABI_WIN64 %s, its closures %s\n", core_has_win64 ? "yes" : "no",
           core_has_win64_closures ? "yes" : "no");
}

/* Prepares cif under abi; with a core lacking Win64, checks the refusal and returns 0. */
static int prep(ffi_cif *cif, ffi_abi abi, unsigned nfixed, unsigned n, ffi_type *ret,
                ffi_type **args)
{
    ffi_status s = nfixed == n ? ffi_prep_cif(cif, abi, n, ret, args)
                               : ffi_prep_cif_var(cif, abi, nfixed, n, ret, args);
    if (!core_has_win64) {
        CHECK(s == FFI_BAD_ABI);
        return 0;
    }
    CHECK(s == FFI_OK);
    return s == FFI_OK;
}

TEST(scalars_past_the_four_registers)
{
    ffi_type *t[6] = { &ffi_type_sint8, &ffi_type_double, &ffi_type_sint64, &ffi_type_float,
                       &ffi_type_sint16, &ffi_type_double };
    int8_t a = -3;
    double b = 1.5, f = 0.25, r;
    int64_t c = 7;
    float d = 2.5f;
    int16_t e = -2;
    void *v[6] = { &a, &b, &c, &d, &e, &f };
    ffi_abi abis[3] = { FFI_WIN64, FFI_EFI64, FFI_GNUW64 };
    ffi_cif cif;
    int i;
    for (i = 0; i < 3; i++) {
        r = 0;
        if (prep(&cif, abis[i], 6, 6, &ffi_type_double, t)) {
            ffi_call(&cif, FFI_FN(w_mixed), &r, v);
            CHECK(r == w_mixed(a, b, c, d, e, f));
        }
    }
}

TEST(narrow_results_widen_as_libffi)
{
    ffi_type *t8[1] = { &ffi_type_sint8 }, *t16[1] = { &ffi_type_uint16 };
    ffi_type *tp[2] = { &ffi_type_pointer, &ffi_type_sint64 };
    int8_t x = 100;
    uint16_t y = 40000;
    char buf[32];
    void *p = buf, *rp = NULL;
    int64_t k = 5;
    void *v8[1] = { &x }, *v16[1] = { &y }, *vp[2] = { &p, &k };
    ffi_arg r;
    ffi_cif cif;
    r = 0xA5A5A5A5A5A5A5A5ul;
    if (prep(&cif, FFI_WIN64, 1, 1, &ffi_type_sint8, t8)) {
        ffi_call(&cif, FFI_FN(w_neg8), &r, v8);
        CHECK_EQ_U64(r, (ffi_arg)(ffi_sarg)-100);
    }
    r = 0xA5A5A5A5A5A5A5A5ul;
    if (prep(&cif, FFI_WIN64, 1, 1, &ffi_type_uint16, t16)) {
        ffi_call(&cif, FFI_FN(w_twice16), &r, v16);
        CHECK_EQ_U64(r, (uint16_t)(40000u * 2u));
    }
    if (prep(&cif, FFI_WIN64, 2, 2, &ffi_type_pointer, tp)) {
        ffi_call(&cif, FFI_FN(w_ptr_add), &rp, vp);
        CHECK(rp == buf + 5);
    }
}

static ffi_type *pair_e[] = { &ffi_type_sint32, &ffi_type_sint32, NULL };
static ffi_type pair_t = { 0, 0, FFI_TYPE_STRUCT, pair_e };
static ffi_type *three_e[] = { &ffi_type_sint32, &ffi_type_sint32, &ffi_type_sint32, NULL };
static ffi_type three_t = { 0, 0, FFI_TYPE_STRUCT, three_e };
static ffi_type *point_e[] = { &ffi_type_double, &ffi_type_double, NULL };
static ffi_type point_t = { 0, 0, FFI_TYPE_STRUCT, point_e };

TEST(structs_by_value_by_reference_and_returned)
{
    ffi_type *t2[2] = { &pair_t, &ffi_type_sint32 };
    ffi_type *t3[3] = { &ffi_type_sint32, &ffi_type_sint32, &ffi_type_sint32 };
    ffi_type *tr[2] = { &point_t, &three_t };
    struct w_pair p = { 6, -1 }, rp;
    struct w_three three, rt;
    struct w_point pt = { 3, 4 };
    int32_t k = 7, a = 1, b = 2, c = 3;
    int64_t sum = 0;
    double len = 0;
    void *v2[2] = { &p, &k }, *v1[1] = { &p }, *v3[3] = { &a, &b, &c }, *vr[2] = { &pt, &three };
    ffi_cif cif;

    if (prep(&cif, FFI_WIN64, 2, 2, &ffi_type_sint64, t2)) {
        ffi_call(&cif, FFI_FN(w_pair_sum), &sum, v2);
        CHECK(sum == 41);
    }
    if (prep(&cif, FFI_WIN64, 1, 1, &pair_t, t2)) {
        memset(&rp, 0, sizeof rp);
        ffi_call(&cif, FFI_FN(w_pair_swap), &rp, v1);
        CHECK(rp.a == -1 && rp.b == 6);
    }
    if (prep(&cif, FFI_WIN64, 3, 3, &three_t, t3)) {
        memset(&rt, 0, sizeof rt);
        ffi_call(&cif, FFI_FN(w_three_make), &rt, v3);
        CHECK(rt.a == 2 && rt.b == 6 && rt.c == 12);
    }
    three.a = 10;
    three.b = 20;
    three.c = 30;
    if (prep(&cif, FFI_WIN64, 2, 2, &ffi_type_double, tr)) {
        ffi_call(&cif, FFI_FN(w_point_len2), &len, vr);
        CHECK(len == 85.0);
        CHECK(pt.x == 3 && three.c == 30);  /* the callee got copies */
    }
}

TEST(variadic_doubles)
{
    ffi_type *t[6] = { &ffi_type_sint32, &ffi_type_double, &ffi_type_double, &ffi_type_double,
                       &ffi_type_double, &ffi_type_double };
    int32_t n = 5;
    double d[5] = { 1.5, -2.0, 0.25, 8.0, 3.0 }, r = 0;
    void *v[6] = { &n, &d[0], &d[1], &d[2], &d[3], &d[4] };
    ffi_cif cif;
    if (prep(&cif, FFI_WIN64, 1, 6, &ffi_type_double, t)) {
        ffi_call(&cif, FFI_FN(w_vsum), &r, v);
        CHECK(r == w_vsum(5, d[0], d[1], d[2], d[3], d[4]));
    }
}

/* MSVC's long double is a double: FFI_WIN64 refuses libffi's 16-byte one in the layer. */
TEST(long_double_under_microsoft_abis)
{
    ffi_type *t[1] = { &ffi_type_longdouble };
    ffi_cif cif;
    ffi_status s;
    CHECK(ffi_prep_cif(&cif, FFI_WIN64, 1, &ffi_type_void, t) == FFI_BAD_TYPEDEF);
    s = ffi_prep_cif(&cif, FFI_GNUW64, 1, &ffi_type_void, t);
    printf("# FFI_GNUW64 with long double: status %d\n", (int)s);
    CHECK(s == FFI_OK || s == FFI_BAD_ARGTYPE || s == FFI_BAD_ABI);
}

static void sub(ffi_cif *cif, void *ret, void **args, void *user)
{
    (void)cif;
    ++*(int *)user;
    *(ffi_arg *)ret = (ffi_arg)(ffi_sarg)(*(int32_t *)args[0] - *(int32_t *)args[1]);
}

static void make_three(ffi_cif *cif, void *ret, void **args, void *user)
{
    struct w_three r;
    (void)cif;
    (void)user;
    r.a = *(int32_t *)args[2];
    r.b = *(int32_t *)args[1];
    r.c = *(int32_t *)args[0];
    memcpy(ret, &r, sizeof r);
}

TEST(closures_called_from_ms_abi_code)
{
    ffi_type *t[3] = { &ffi_type_sint32, &ffi_type_sint32, &ffi_type_sint32 };
    ffi_cif c2, c3;
    void *code2, *code3;
    ffi_closure *f2, *f3;
    ffi_status s2, s3;
    int calls = 0;
    if (!prep(&c2, FFI_WIN64, 2, 2, &ffi_type_sint32, t) ||
        !prep(&c3, FFI_WIN64, 3, 3, &three_t, t))
        return;
    f2 = ffi_closure_alloc(sizeof(ffi_closure), &code2);
    f3 = ffi_closure_alloc(sizeof(ffi_closure), &code3);
    CHECK(f2 && f3);
    if (!f2 || !f3)
        return;
    s2 = ffi_prep_closure_loc(f2, &c2, sub, &calls, code2);
    s3 = ffi_prep_closure_loc(f3, &c3, make_three, NULL, code3);
    if (!core_has_win64_closures) {
        CHECK(s2 == FFI_BAD_ABI && s3 == FFI_BAD_ABI);
    } else {
        struct w_three r;
        CHECK(s2 == FFI_OK && s3 == FFI_OK);
        CHECK(w_call_binop((w_binop *)(uintptr_t)code2, 10, 3) == 7 && calls == 1);
        r = w_call_maker((w_maker *)(uintptr_t)code3, 1, 2, 3);
        CHECK(r.a == 3 && r.b == 2 && r.c == 1);
    }
    ffi_closure_free(f2);
    ffi_closure_free(f3);
}

int main(void)
{
    probe_core();
    RUN(scalars_past_the_four_registers);
    RUN(narrow_results_widen_as_libffi);
    RUN(structs_by_value_by_reference_and_returned);
    RUN(variadic_doubles);
    RUN(long_double_under_microsoft_abis);
    RUN(closures_called_from_ms_abi_code);
    return harness_done();
}
