/* ffi_call with scalars of every type, libffi style: one cif per signature, values through
 * avalue[], and libffi's widening of narrow integer results to a whole ffi_arg (checked on
 * every byte of the result, over a buffer filled with a pattern first). */
#include <ffi.h>
#include <string.h>

#include "callees.h"
#include "harness.h"

#define PATTERN 0xA5A5A5A5A5A5A5A5ul

/* Calls fn(arg) of type t -> t through a fresh cif; the result lands in *ret (pre-filled). */
static ffi_status call1(ffi_type *t, void (*fn)(void), void *arg, void *ret)
{
    ffi_cif cif;
    ffi_type *args[1] = { t };
    void *values[1] = { arg };
    ffi_status s = ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, t, args);
    if (s == FFI_OK)
        ffi_call(&cif, fn, ret, values);
    return s;
}

/* Narrow integers come back as a whole ffi_arg: all 8 bytes are written. */
TEST(widened_integer_results)
{
    ffi_arg r;
    uint8_t u8 = 254;
    int8_t s8 = 100;
    uint16_t u16 = 30000;
    int16_t s16 = -31000;
    uint32_t u32 = 0x0000000Fu;
    int32_t s32 = 12345;

    r = PATTERN;
    CHECK(call1(&ffi_type_uint8, FFI_FN(c_u8), &u8, &r) == FFI_OK);
    CHECK_EQ_U64(r, 255);
    r = PATTERN;
    CHECK(call1(&ffi_type_sint8, FFI_FN(c_s8), &s8, &r) == FFI_OK);
    CHECK_EQ_U64(r, (ffi_arg)(ffi_sarg)-100);
    r = PATTERN;
    CHECK(call1(&ffi_type_uint16, FFI_FN(c_u16), &u16, &r) == FFI_OK);
    CHECK_EQ_U64(r, (uint16_t)(30000u * 3u));
    r = PATTERN;
    CHECK(call1(&ffi_type_sint16, FFI_FN(c_s16), &s16, &r) == FFI_OK);
    CHECK_EQ_U64(r, (ffi_arg)(ffi_sarg)(int16_t)(-31000 - 1000));
    r = PATTERN;
    CHECK(call1(&ffi_type_uint32, FFI_FN(c_u32), &u32, &r) == FFI_OK);
    CHECK_EQ_U64(r, 0xFFFFFFF0ul);                  /* zero-extended */
    r = PATTERN;
    CHECK(call1(&ffi_type_sint32, FFI_FN(c_s32), &s32, &r) == FFI_OK);
    CHECK_EQ_U64(r, (ffi_arg)(ffi_sarg)-12345);     /* sign-extended */
}

/* The aliases name the same descriptors, and C's int widens like sint32. */
TEST(alias_types_and_ffi_type_int)
{
    ffi_type c_int = { 4, 4, FFI_TYPE_INT, NULL };
    int32_t x = 77;
    ffi_arg r = PATTERN;
    CHECK(&ffi_type_uchar == &ffi_type_uint8 && &ffi_type_schar == &ffi_type_sint8);
    CHECK(&ffi_type_ushort == &ffi_type_uint16 && &ffi_type_sshort == &ffi_type_sint16);
    CHECK(&ffi_type_uint == &ffi_type_uint32 && &ffi_type_sint == &ffi_type_sint32);
    CHECK(&ffi_type_ulong == &ffi_type_uint64 && &ffi_type_slong == &ffi_type_sint64);
    CHECK(call1(&c_int, FFI_FN(c_s32), &x, &r) == FFI_OK);
    CHECK_EQ_U64(r, (ffi_arg)(ffi_sarg)-77);
}

TEST(sixty_four_bit_and_pointer_results)
{
    uint64_t u = 0x0123456789ABCDEFull, ru = 0;
    int64_t s = -5000000000ll, rs = 0;
    char buf[16];
    void *p = buf, *rp = NULL;
    CHECK(call1(&ffi_type_uint64, FFI_FN(c_u64), &u, &ru) == FFI_OK);
    CHECK_EQ_U64(ru, u ^ 0xF0F0F0F0F0F0F0F0ull);
    CHECK(call1(&ffi_type_sint64, FFI_FN(c_s64), &s, &rs) == FFI_OK);
    CHECK(rs == 15000000000ll);
    CHECK(call1(&ffi_type_pointer, FFI_FN(c_pointer), &p, &rp) == FFI_OK);
    CHECK(rp == buf + 8);
}

/* Floating results are not widened: a float writes 4 bytes, as libffi's does. */
TEST(floating_results)
{
    float f = 1.5f;
    double d = 10.0;
    long double ld = 1.25L, rld = 0;
    union { float f; unsigned char b[8]; } rf;
    double rd = 0;
    memset(&rf, 0xA5, sizeof rf);
    CHECK(call1(&ffi_type_float, FFI_FN(c_float), &f, &rf) == FFI_OK);
    CHECK(rf.f == 3.75f);
    CHECK(rf.b[4] == 0xA5 && rf.b[7] == 0xA5);
    CHECK(call1(&ffi_type_double, FFI_FN(c_double), &d, &rd) == FFI_OK);
    CHECK(rd == 2.5);
    CHECK(call1(&ffi_type_longdouble, FFI_FN(c_longdouble), &ld, &rld) == FFI_OK);
    CHECK(rld == 3.75L);
}

TEST(complex_results)
{
    float _Complex zf = 1.0f + 2.0f * I, rf = 0;
    double _Complex zd = 3.0 - 4.0 * I, rd = 0;
    long double _Complex zl = 5.0L + 6.0L * I, rl = 0;
    CHECK(call1(&ffi_type_complex_float, FFI_FN(c_cfloat), &zf, &rf) == FFI_OK);
    CHECK(rf == 2.0f + 4.0f * I);
    CHECK(call1(&ffi_type_complex_double, FFI_FN(c_cdouble), &zd, &rd) == FFI_OK);
    CHECK(rd == 3.0 + 4.0 * I);
    CHECK(call1(&ffi_type_complex_longdouble, FFI_FN(c_clongdouble), &zl, &rl) == FFI_OK);
    CHECK(rl == 6.0L + 6.0L * I);
}

TEST(void_result_and_null_rvalue)
{
    ffi_cif cif;
    ffi_type *args[1] = { &ffi_type_pointer };
    int counter = 0;
    int *pc = &counter;
    void *values[1] = { &pc };
    int32_t x = 5;
    void *xv[1] = { &x };
    ffi_type *iargs[1] = { &ffi_type_sint32 };
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, args) == FFI_OK);
    ffi_call(&cif, FFI_FN(c_void), NULL, values);
    ffi_call(&cif, FFI_FN(c_void), NULL, values);
    CHECK(counter == 2);
    /* a result nobody wants: called all the same */
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint32, iargs) == FFI_OK);
    ffi_call(&cif, FFI_FN(c_s32), NULL, xv);
    CHECK(cif.nargs == 1 && cif.rtype == &ffi_type_sint32 && cif.arg_types == iargs);
    CHECK(cif.abi == FFI_DEFAULT_ABI);
}

/* Eighteen arguments of eleven types: every register class, then the stack. */
TEST(mixed_arguments_past_the_registers)
{
    ffi_cif cif;
    ffi_type *t[18] = { &ffi_type_sint8, &ffi_type_double, &ffi_type_uint16, &ffi_type_float,
                        &ffi_type_sint32, &ffi_type_double, &ffi_type_sint64, &ffi_type_float,
                        &ffi_type_uint8, &ffi_type_double, &ffi_type_sint16, &ffi_type_double,
                        &ffi_type_uint32, &ffi_type_double, &ffi_type_sint64, &ffi_type_float,
                        &ffi_type_longdouble, &ffi_type_sint32 };
    int8_t a = -3;
    double b = 1.5, f = 2.25, j = -7.0, l = 0.125, n = 100.0;
    uint16_t c = 60000;
    float d = 0.5f, h = -1.5f, p = 3.0f;
    int32_t e = -123456, r = 99;
    int64_t g = 1ll << 40, o = -(1ll << 35);
    uint8_t i = 200;
    int16_t k = -32000;
    uint32_t m = 4000000000u;
    long double q = 0.75L;
    void *v[18] = { &a, &b, &c, &d, &e, &f, &g, &h, &i, &j, &k, &l, &m, &n, &o, &p, &q, &r };
    double want = c_mixed(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r), got = 0;
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 18, &ffi_type_double, t) == FFI_OK);
    ffi_call(&cif, FFI_FN(c_mixed), &got, v);
    CHECK(got == want);
}

/* The documented bound: FFI_CP_MAX_ARGS arguments work (a sum of 32 int64s). */
static int64_t sum32(int64_t a0, int64_t a1, int64_t a2, int64_t a3, int64_t a4, int64_t a5,
                     int64_t a6, int64_t a7, int64_t a8, int64_t a9, int64_t a10, int64_t a11,
                     int64_t a12, int64_t a13, int64_t a14, int64_t a15, int64_t a16,
                     int64_t a17, int64_t a18, int64_t a19, int64_t a20, int64_t a21,
                     int64_t a22, int64_t a23, int64_t a24, int64_t a25, int64_t a26,
                     int64_t a27, int64_t a28, int64_t a29, int64_t a30, int64_t a31)
{
    return a0 + 2 * a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11 + a12 + a13 + a14 +
           a15 + a16 + a17 + a18 + a19 + a20 + a21 + a22 + a23 + a24 + a25 + a26 + a27 + a28 +
           a29 + a30 + 3 * a31;
}

TEST(thirty_two_arguments)
{
    ffi_cif cif;
    ffi_type *t[FFI_CP_MAX_ARGS];
    int64_t x[FFI_CP_MAX_ARGS], r = 0, want = 0;
    void *v[FFI_CP_MAX_ARGS];
    int i;
    for (i = 0; i < FFI_CP_MAX_ARGS; i++) {
        t[i] = &ffi_type_sint64;
        x[i] = (i + 1) * 1000 + i;
        v[i] = &x[i];
        want += x[i] * (i == 1 ? 2 : i == 31 ? 3 : 1);
    }
    CHECK(FFI_CP_MAX_ARGS == 32);
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, FFI_CP_MAX_ARGS, &ffi_type_sint64, t) == FFI_OK);
    ffi_call(&cif, FFI_FN(sum32), &r, v);
    CHECK(r == want);
}

int main(void)
{
    RUN(widened_integer_results);
    RUN(alias_types_and_ffi_type_int);
    RUN(sixty_four_bit_and_pointer_results);
    RUN(floating_results);
    RUN(complex_results);
    RUN(void_result_and_null_rvalue);
    RUN(mixed_arguments_past_the_registers);
    RUN(thirty_two_arguments);
    return harness_done();
}
