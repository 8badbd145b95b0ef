/* The Microsoft x64 callees (callees_win64.h). Each stores the bytes it received, so a test
 * sees exactly which value arrived where, and computes a result from all of them. */
#include "callees_win64.h"

#include <string.h>

struct w64_seen w64_seen;

#define SEE(k, v) memcpy(w64_seen.arg[k], &(v), sizeof(v))

MS double w47_callee(int a, double b, long long c, float d, int e, double f)
{
    w64_seen.calls++;
    SEE(0, a); SEE(1, b); SEE(2, c); SEE(3, d); SEE(4, e); SEE(5, f);
    return a + b + (double)c + d + e + f;
}

MS int w48_callee(struct w_c1 a, struct w_s1 b, struct w_c3 c, struct w_i1 d)
{
    w64_seen.calls++;
    SEE(0, a); SEE(1, b); SEE(2, c); SEE(3, d);
    return a.c + b.s + c.c[0] + c.c[1] + c.c[2] + d.i;
}

/* Writes into its by-reference copies: the caller's own values must not change. */
MS int64_t w49_callee(struct w_c5 a, struct w_l1 b, struct w_i3 c, struct w_l2 d, struct w_l2 e)
{
    int64_t sum = a.c[0] + a.c[4] + b.l + c.i[0] + c.i[2] + d.l[0] + d.l[1] + e.l[0] + e.l[1];
    w64_seen.calls++;
    SEE(0, a); SEE(1, b); SEE(2, c); SEE(3, d); SEE(4, e);
    memset(&a, 0x5A, sizeof a);
    memset(&c, 0x5A, sizeof c);
    memset(&d, 0x5A, sizeof d);
    memset(&e, 0x5A, sizeof e);
    __asm__ volatile("" : : "r"(&a), "r"(&c), "r"(&d), "r"(&e) : "memory");
    return sum;
}

MS double w50_callee(struct w_ff a, struct w_d1 b)
{
    w64_seen.calls++;
    SEE(0, a); SEE(1, b);
    return a.a + a.b + b.d;
}

MS struct w_ff w51_ff(void)
{
    struct w_ff r = { 1.5f, -2.25f };
    w64_seen.calls++;
    return r;
}

MS struct w_c3 w51_c3(int x)
{
    struct w_c3 r = { { (char)x, (char)(x + 1), (char)(x + 2) } };
    w64_seen.calls++;
    SEE(0, x);
    return r;
}

MS struct w_i3 w51_i3(int x, int y)
{
    struct w_i3 r = { { x, y, x + y } };
    w64_seen.calls++;
    SEE(0, x); SEE(1, y);
    return r;
}

MS struct w_l2 w51_l2(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e)
{
    struct w_l2 r = { { a + b + c, d * e } };
    w64_seen.calls++;
    SEE(0, a); SEE(1, b); SEE(2, c); SEE(3, d); SEE(4, e);
    return r;
}

/* NOLINTBEGIN(clang-analyzer-valist.Uninitialized): the analyzer does not model the ms_abi
 * va_list that __builtin_ms_va_start starts */
MS double w52_callee(const char *fmt, ...)
{
    __builtin_ms_va_list ap;
    double d1, d3, d4, d5;
    int i2;
    w64_seen.calls++;
    __builtin_ms_va_start(ap, fmt);
    d1 = __builtin_va_arg(ap, double);
    i2 = __builtin_va_arg(ap, int);
    d3 = __builtin_va_arg(ap, double);
    d4 = __builtin_va_arg(ap, double);
    d5 = __builtin_va_arg(ap, double);
    __builtin_ms_va_end(ap);
    SEE(0, fmt); SEE(1, d1); SEE(2, i2); SEE(3, d3); SEE(4, d4); SEE(5, d5);
    return d1 + i2 + d3 + d4 + d5 + (double)fmt[0];
}
/* NOLINTEND(clang-analyzer-valist.Uninitialized) */

MS float w53_callee(float a, float b, float c, float d, float e)
{
    w64_seen.calls++;
    SEE(0, a); SEE(1, b); SEE(2, c); SEE(3, d); SEE(4, e);
    return a + b + c + d + e;
}

MS w_i128 w54_callee(w_i128 x, int64_t l)
{
    w64_seen.calls++;
    SEE(0, x); SEE(1, l);
    return x * 3 + l;
}

MS double _Complex w56_callee(float _Complex a, double _Complex b)
{
    w64_seen.calls++;
    SEE(0, a); SEE(1, b);
    return (double _Complex)a + b * 2;
}

MS int w57_callee(signed char c)
{
    w64_seen.calls++;
    SEE(0, c);
    return c * 2;
}

MS signed char w57_ret(int x)
{
    w64_seen.calls++;
    return (signed char)-x;
}

MS unsigned short w57_retu(int x)
{
    w64_seen.calls++;
    return (unsigned short)(0xFFF0 + x);
}

MS _Bool w57_retb(int x)
{
    w64_seen.calls++;
    return x > 3;
}

MS int w_empty_callee(struct w_empty e, int x)
{
    (void)e;
    w64_seen.calls++;
    SEE(0, x);
    return x;
}
