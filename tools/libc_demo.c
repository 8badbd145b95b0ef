/* libc_demo: real libc functions called through callplan plans, each result checked against a
 * direct C call. `make run` runs it; it is also the shortest complete tour of the API:
 *
 *   1. describe the types: built-in cp_type_* descriptors, CP_STRUCT for aggregates;
 *   2. cp_plan_build() the signature once, into a static CP_PLAN_ALIGN-aligned buffer;
 *   3. cp_call(plan, fn, &ret, args), where args[i] points at the value of argument i.
 *
 * Prints the C signature, the plan listing (cp_plan_dump) and both results for every call, then
 * "ok - name" or "FAIL - name: ..." and a final "N passed, M failed". Exits 1 if any failed. */
#include <callplan.h>

#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* cp_call takes every target as void (*)(void), as a generic function pointer. */
#define FN(f) ((void (*)(void))(f))

_Static_assert(sizeof(size_t) == 8 && sizeof(long long) == 8, "LP64: size_t is cp_type_u64");

/* div_t is { int quot; int rem; }: 8 bytes, returned in RAX. lldiv_t is two long longs:
 * 16 bytes, returned in RAX:RDX. Static descriptors are constant: they can live in ROM. */
static const cp_type div_type = CP_STRUCT(CP_MEMBER(cp_type_i32), CP_MEMBER(cp_type_i32));
static const cp_type lldiv_type = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64));

static int passed, failed;

static void to_stdout(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    fwrite(text, 1, len, stdout);
}

/* Prints the C signature, builds sig into buf and lists the plan. NULL if the build fails. */
static const cp_plan *build(const char *name, const char *c_sig, const cp_sig *sig, void *buf,
                            size_t size)
{
    cp_status s = cp_plan_build(buf, size, sig, NULL);

    printf("\n%s\n", c_sig);
    if (s == CP_ERR_UNSUPPORTED) {          /* e.g. a double in a NOFLOAT build */
        printf("skip - %s: %s\n", name, cp_strerror(s));
        return NULL;
    }
    if (s == CP_OK)
        s = cp_plan_dump(buf, to_stdout, NULL);
    if (s != CP_OK) {
        printf("FAIL - %s: cp_plan_build: %s\n", name, cp_strerror(s));
        failed++;
        return NULL;
    }
    return buf;
}

/* Compares the two results, printed as text that identifies the value exactly. */
static void verdict(const char *name, const char *got, const char *want)
{
    printf("  cp_call -> %s\n  direct  -> %s\n", got, want);
    if (strcmp(got, want) == 0) {
        printf("ok - %s\n", name);
        passed++;
    } else {
        printf("FAIL - %s: results differ\n", name);
        failed++;
    }
}

/* Whether callplan lays t out as the compiler lays out a two-member struct. */
static int same_layout(const cp_type *t, size_t size, size_t align, size_t off0, size_t off1)
{
    size_t s, a, off[2];
    return cp_type_layout(t, &s, &a, off, 2) == CP_OK && s == size && a == align &&
           off[0] == off0 && off[1] == off1;
}

/* Variadic: the "..." arguments must have their promoted types (int, double, pointers); a
 * float or a short in a variadic position is CP_ERR_VARIADIC. AL gets the XMM count. */
static void demo_snprintf(void)
{
    static const cp_type *const types[] = { &cp_type_ptr, &cp_type_u64, &cp_type_ptr,
                                            &cp_type_i32, &cp_type_f64, &cp_type_ptr };
    static const cp_sig sig = { CP_ABI_DEFAULT, &cp_type_i32, types, 6, 3, CP_SIG_VARIADIC };
    _Alignas(CP_PLAN_ALIGN) static unsigned char buf[CP_PLAN_SIZE(6)];
    const cp_plan *plan = build("snprintf",
                                "int snprintf(char *s, size_t n, const char *fmt, ...)\n"
                                "    called as (s, n, \"%d|%.3f|%s\", int, double, char *)",
                                &sig, buf, sizeof buf);
    char out[32], want[32], got_text[64], want_text[64];
    char *s = out;
    size_t n = sizeof out;
    const char *fmt = "%d|%.3f|%s", *str = "plan";
    int i = -42, r = 0;
    double d = 3.14159;
    void *const args[] = { &s, &n, &fmt, &i, &d, &str };

    if (!plan)
        return;
    cp_call(plan, FN(snprintf), &r, args);
    snprintf(got_text, sizeof got_text, "%d \"%s\"", r, out);
    r = snprintf(want, sizeof want, fmt, i, d, str);
    snprintf(want_text, sizeof want_text, "%d \"%s\"", r, want);
    verdict("snprintf", got_text, want_text);
}

/* The same function past the registers: a long double in "..." always goes on the stack
 * (16-aligned, 16 bytes), and the 7th integer argument follows it there. */
static void demo_snprintf_stack(void)
{
    static const cp_type *const types[] = { &cp_type_ptr, &cp_type_u64, &cp_type_ptr,
                                            &cp_type_f80, &cp_type_i32, &cp_type_i32,
                                            &cp_type_i32, &cp_type_i32, &cp_type_ptr };
    static const cp_sig sig = { CP_ABI_DEFAULT, &cp_type_i32, types, 9, 3, CP_SIG_VARIADIC };
    _Alignas(CP_PLAN_ALIGN) static unsigned char buf[CP_PLAN_SIZE(9)];
    const cp_plan *plan = build("snprintf_stack",
                                "int snprintf(char *s, size_t n, const char *fmt, ...)\n"
                                "    called as (s, n, \"%Lg %d %d %d %d %s\", long double, "
                                "int, int, int, int, char *)",
                                &sig, buf, sizeof buf);
    char out[48], want[48], got_text[64], want_text[64];
    char *s = out;
    size_t n = sizeof out;
    const char *fmt = "%Lg %d %d %d %d %s", *str = "end";
    long double ld = 2.5L;
    int a = 1, b = 2, c = 3, e = 4, r = 0;
    void *const args[] = { &s, &n, &fmt, &ld, &a, &b, &c, &e, &str };

    if (!plan)
        return;
    cp_call(plan, FN(snprintf), &r, args);
    snprintf(got_text, sizeof got_text, "%d \"%s\"", r, out);
    r = snprintf(want, sizeof want, fmt, ld, a, b, c, e, str);
    snprintf(want_text, sizeof want_text, "%d \"%s\"", r, want);
    verdict("snprintf_stack", got_text, want_text);
}

/* A double result in XMM0, and an out-pointer argument. */
static void demo_strtod(void)
{
    static const cp_type *const types[] = { &cp_type_ptr, &cp_type_ptr };
    static const cp_sig sig = { CP_ABI_DEFAULT, &cp_type_f64, types, 2, 0, 0 };
    _Alignas(CP_PLAN_ALIGN) static unsigned char buf[CP_PLAN_SIZE(2)];
    const cp_plan *plan = build("strtod", "double strtod(const char *s, char **end)",
                                &sig, buf, sizeof buf);
    const char *text = "6.02214076e23 per mol";
    char *end = NULL, **endp = &end, got[64], want[64];
    double r = 0;
    void *const args[] = { &text, &endp };

    if (!plan)
        return;
    cp_call(plan, FN(strtod), &r, args);
    snprintf(got, sizeof got, "%.17g, end = s+%td", r, end - text);
    r = strtod(text, &end);
    snprintf(want, sizeof want, "%.17g, end = s+%td", r, end - text);
    verdict("strtod", got, want);
}

/* Mixed classes: the double goes in XMM0, the int in RDI. */
static void demo_ldexp(void)
{
    static const cp_type *const types[] = { &cp_type_f64, &cp_type_i32 };
    static const cp_sig sig = { CP_ABI_DEFAULT, &cp_type_f64, types, 2, 0, 0 };
    _Alignas(CP_PLAN_ALIGN) static unsigned char buf[CP_PLAN_SIZE(2)];
    const cp_plan *plan = build("ldexp", "double ldexp(double x, int exp)", &sig, buf,
                                sizeof buf);
    double x = 0.75, r = 0;
    int e = -1030;                          /* the result is subnormal: every bit counts */
    char got[64], want[64];
    void *const args[] = { &x, &e };

    if (!plan)
        return;
    cp_call(plan, FN(ldexp), &r, args);
    snprintf(got, sizeof got, "%.17g", r);
    snprintf(want, sizeof want, "%.17g", ldexp(x, e));
    verdict("ldexp", got, want);
}

/* A small struct returned in one register: exactly sizeof(div_t) bytes are written. */
static void demo_div(void)
{
    static const cp_type *const types[] = { &cp_type_i32, &cp_type_i32 };
    static const cp_sig sig = { CP_ABI_DEFAULT, &div_type, types, 2, 0, 0 };
    _Alignas(CP_PLAN_ALIGN) static unsigned char buf[CP_PLAN_SIZE(2)];
    const cp_plan *plan;
    int num = -17, den = 5;
    div_t r = { 0, 0 }, w;
    char got[64], want[64];
    void *const args[] = { &num, &den };

    if (!same_layout(&div_type, sizeof(div_t), _Alignof(div_t), offsetof(div_t, quot),
                     offsetof(div_t, rem))) {
        printf("FAIL - div: div_type does not match the C layout of div_t\n");
        failed++;
        return;
    }
    plan = build("div", "div_t div(int num, int den)", &sig, buf, sizeof buf);
    if (!plan)
        return;
    cp_call(plan, FN(div), &r, args);
    snprintf(got, sizeof got, "quot %d, rem %d", r.quot, r.rem);
    w = div(num, den);
    snprintf(want, sizeof want, "quot %d, rem %d", w.quot, w.rem);
    verdict("div", got, want);
}

/* A 16-byte struct returned in two registers: quot from RAX, rem from RDX. */
static void demo_lldiv(void)
{
    static const cp_type *const types[] = { &cp_type_i64, &cp_type_i64 };
    static const cp_sig sig = { CP_ABI_DEFAULT, &lldiv_type, types, 2, 0, 0 };
    _Alignas(CP_PLAN_ALIGN) static unsigned char buf[CP_PLAN_SIZE(2)];
    const cp_plan *plan;
    long long num = LLONG_MAX, den = -1000;
    lldiv_t r = { 0, 0 }, w;
    char got[64], want[64];
    void *const args[] = { &num, &den };

    if (!same_layout(&lldiv_type, sizeof(lldiv_t), _Alignof(lldiv_t), offsetof(lldiv_t, quot),
                     offsetof(lldiv_t, rem))) {
        printf("FAIL - lldiv: lldiv_type does not match the C layout of lldiv_t\n");
        failed++;
        return;
    }
    plan = build("lldiv", "lldiv_t lldiv(long long num, long long den)", &sig, buf, sizeof buf);
    if (!plan)
        return;
    cp_call(plan, FN(lldiv), &r, args);
    snprintf(got, sizeof got, "quot %lld, rem %lld", r.quot, r.rem);
    w = lldiv(num, den);
    snprintf(want, sizeof want, "quot %lld, rem %lld", w.quot, w.rem);
    verdict("lldiv", got, want);
}

/* A long double result comes back in the x87 register ST0: cp_call stores its 10 value bytes
 * and zeroes the 6 bytes of padding (a C compiler leaves them undefined). */
static void demo_strtold(void)
{
    static const cp_type *const types[] = { &cp_type_ptr, &cp_type_ptr };
    static const cp_sig sig = { CP_ABI_DEFAULT, &cp_type_f80, types, 2, 0, 0 };
    _Alignas(CP_PLAN_ALIGN) static unsigned char buf[CP_PLAN_SIZE(2)];
    const cp_plan *plan = build("strtold", "long double strtold(const char *s, char **end)",
                                &sig, buf, sizeof buf);
    static const unsigned char zeros[6];
    const char *text = "0.1";
    char **end = NULL, got[80], want[80];
    union { long double v; unsigned char b[16]; } r;
    void *const args[] = { &text, &end };

    if (!plan)
        return;
    memset(r.b, 0xAA, sizeof r.b);          /* shows which bytes cp_call writes */
    cp_call(plan, FN(strtold), &r.v, args);
    snprintf(got, sizeof got, "%.21Lg%s", r.v,
             memcmp(r.b + 10, zeros, 6) == 0 ? "" : " (padding not zeroed)");
    snprintf(want, sizeof want, "%.21Lg", strtold(text, NULL));
    verdict("strtold", got, want);
}

int main(void)
{
    demo_snprintf();
    demo_snprintf_stack();
    demo_strtod();
    demo_ldexp();
    demo_div();
    demo_lldiv();
    demo_strtold();
    printf("\n%d passed, %d failed\n", passed, failed);
    return failed != 0;
}
