/* Variadic calls through ffi_prep_cif_var: the real snprintf of the C library, with every kind
 * of promoted argument, checked against a direct call; and libffi 3.4's refusal of unpromoted
 * types in the "..." part. */
#include <ffi.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"

/* snprintf(buf, cap, fmt, ...) with the variadic part types[]/values[]: the result as printed
 * text in out, and the returned count. */
static ffi_status via_ffi(char *out, size_t cap, const char *fmt, unsigned n, ffi_type **types,
                          void **values, ffi_arg *count)
{
    ffi_type *t[16] = { &ffi_type_pointer, &ffi_type_uint64, &ffi_type_pointer };
    void *v[16] = { &out, &cap, &fmt };
    ffi_cif cif;
    ffi_status s;
    unsigned i;
    for (i = 0; i < n; i++) {
        t[3 + i] = types[i];
        v[3 + i] = values[i];
    }
    s = ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 3, 3 + n, &ffi_type_sint, t);
    if (s == FFI_OK)
        ffi_call(&cif, FFI_FN(snprintf), count, v);
    return s;
}

TEST(snprintf_integers_and_strings)
{
    char got[200], want[200];
    int32_t i = -2147483647 - 1, c = 'q';
    uint32_t u = 4000000000u;
    int64_t l = -9000000000000000000ll;
    uint64_t ul = 18000000000000000000ull;
    const char *s = "plans";
    void *p = (void *)0x1234;
    ffi_type *t[7] = { &ffi_type_sint32, &ffi_type_uint32, &ffi_type_sint64, &ffi_type_uint64,
                       &ffi_type_pointer, &ffi_type_sint32, &ffi_type_pointer };
    void *v[7] = { &i, &u, &l, &ul, &s, &c, &p };
    ffi_arg n = 0;
    int wn = snprintf(want, sizeof want, "%d %u %ld %lu %s %c %p", i, u, (long)l,
                      (unsigned long)ul, s, c, p);
    CHECK(via_ffi(got, sizeof got, "%d %u %ld %lu %s %c %p", 7, t, v, &n) == FFI_OK);
    CHECK(strcmp(got, want) == 0);
    CHECK_EQ_U64(n, (ffi_arg)(ffi_sarg)wn);
}

/* Doubles go in XMM registers and AL says how many: more than eight reach the stack. */
TEST(snprintf_doubles_past_the_registers)
{
    char got[300], want[300];
    double d[10] = { 0.5, -1.25, 3e100, 1e-300, 2.0, 7.75, -0.0, 123456.789, 42.0, 0.1 };
    ffi_type *t[10];
    void *v[10];
    ffi_arg n = 0;
    int i;
    for (i = 0; i < 10; i++) {
        t[i] = &ffi_type_double;
        v[i] = &d[i];
    }
    snprintf(want, sizeof want, "%g %g %g %g %g %g %g %g %g %g", d[0], d[1], d[2], d[3], d[4],
             d[5], d[6], d[7], d[8], d[9]);
    CHECK(via_ffi(got, sizeof got, "%g %g %g %g %g %g %g %g %g %g", 10, t, v, &n) == FFI_OK);
    CHECK(strcmp(got, want) == 0);
}

TEST(snprintf_long_double_and_mixed)
{
    char got[200], want[200];
    long double ld = 1.0L / 3;
    double d = -2.5;
    int32_t i = 17;
    ffi_type *t[3] = { &ffi_type_longdouble, &ffi_type_double, &ffi_type_sint32 };
    void *v[3] = { &ld, &d, &i };
    ffi_arg n = 0;
    snprintf(want, sizeof want, "%.20Lg|%f|%d", ld, d, i);
    CHECK(via_ffi(got, sizeof got, "%.20Lg|%f|%d", 3, t, v, &n) == FFI_OK);
    CHECK(strcmp(got, want) == 0);
}

/* libffi 3.4 refuses what C would have promoted: float, and integers narrower than int. */
TEST(unpromoted_variadic_types_are_refused)
{
    ffi_type *bad[4] = { &ffi_type_float, &ffi_type_sint8, &ffi_type_uint16, &ffi_type_sshort };
    int32_t dummy = 0;
    void *v[1] = { &dummy };
    ffi_arg n = 0;
    char buf[8];
    int i;
    for (i = 0; i < 4; i++)
        CHECK(via_ffi(buf, sizeof buf, "%d", 1, &bad[i], v, &n) == FFI_BAD_ARGTYPE);
    /* the named part may hold any of them */
    {
        ffi_cif cif;
        ffi_type *t[2] = { &ffi_type_float, &ffi_type_sint32 };
        CHECK(ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 1, 2, &ffi_type_void, t) == FFI_OK);
    }
}

int main(void)
{
    RUN(snprintf_integers_and_strings);
    RUN(snprintf_doubles_past_the_registers);
    RUN(snprintf_long_double_and_mixed);
    RUN(unpromoted_variadic_types_are_refused);
    return harness_done();
}
