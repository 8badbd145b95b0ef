/* Floating-point callees (see kfuncs.h), built with SSE/x87 enabled for the SSE image. */
#include <stdarg.h>

#include "kfuncs.h"

double k_dids(double a, int b, double c, long d)
{
    return a == 1.5 && b == -3 && c == -2.25 && d == 1L << 40 ? 42.0 : -1.0;
}

float k_f32x9(float a, float b, float c, float d, float e, float f, float g, float h, float i)
{
    return a == 1.5f && b == -2.25f && c == 0.5f && d == 3.0f && e == 100.0f && f == -8.0f &&
           g == 1.5f && h == 0.5f && i == -2.25f ? 42.0f : -1.0f;
}

struct k_three_floats k_fstruct(struct k_three_floats x, struct k_double_long y)
{
    struct k_three_floats ok = { 1.0f, 2.0f, 3.0f }, bad = { 0.0f, 0.0f, 0.0f };
    return x.a == 1.5f && x.b == -2.25f && x.c == 0.5f && y.d == 100.0 && y.l == -77 ? ok : bad;
}

long double k_ld(long double a, int b, _Complex double c)
{
    return a == 1.5L && b == 7 && __builtin_creal(c) == 3.0 && __builtin_cimag(c) == -8.0
        ? 42.0L : -1.0L;
}

/* n, then: double, long, double, long double, struct k_double_long. */
double k_vdouble(int n, ...)
{
    va_list ap;
    int ok;
    struct k_double_long s;
    va_start(ap, n);
    ok = n == 5 && va_arg(ap, double) == 1.5 && va_arg(ap, long) == -9;
    ok = ok && va_arg(ap, double) == -2.25 && va_arg(ap, long double) == 0.5L;
    s = va_arg(ap, struct k_double_long);
    va_end(ap);
    return ok && s.d == 3.0 && s.l == 12 ? 42.0 : -1.0;
}
