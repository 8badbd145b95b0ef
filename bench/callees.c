/* The benchmark's callees: see callees.h. Integer arguments are weighed by Horner's rule,
 * ((a * 2 + b) * 2 + c)..., one LEA per argument, as cheap as a plain sum. Pointers are weighed
 * as integers (uintptr_t), which wrap instead of overflowing; the benchmark's int and long values
 * are small enough that the signed sums cannot overflow. */
#include "callees.h"

#include <stdarg.h>
#include <stdint.h>

#define P(x) ((uintptr_t)(x))

void *f_ptr3(void *a, void *b, void *c)
{
    return (void *)((P(a) * 2 + P(b)) * 2 + P(c));
}

int f_int3(int a, int b, int c)
{
    return (a * 2 + b) * 2 + c;
}

int f_int8(int a, int b, int c, int d, int e, int f, int g, int h)
{
    return ((((((a * 2 + b) * 2 + c) * 2 + d) * 2 + e) * 2 + f) * 2 + g) * 2 + h;
}

double f_mixed4(double a, int b, double c, long d)
{
    return a - c + (double)(b - 2 * d);
}

long f_long10(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j)
{
    return ((((((((a * 2 + b) * 2 + c) * 2 + d) * 2 + e) * 2 + f) * 2 + g) * 2 + h) * 2 + i) * 2 +
           j;
}

struct dd f_dd(struct dd s, double k)
{
    struct dd r = { s.x * k, s.y - k };
    return r;
}

void *f_ptr6(void *a, void *b, void *c, void *d, void *e, void *f)
{
    return (void *)(((((P(a) * 2 + P(b)) * 2 + P(c)) * 2 + P(d)) * 2 + P(e)) * 2 + P(f));
}

/* 8 integers (the last two on the stack), 6 doubles (all in xmm registers) and 2 long doubles
 * (always on the stack). */
double f_mix16(int a, double b, long c, double d, int e, long double f, long g, double h,
               int i, double j, long k, double l, int m, long double n, long o, double p)
{
    long gp = a + 2 * c + 4 * e + 8 * g - i - 2 * k - 4 * m - 8 * o;
    double sse = b - d + 2 * h - 2 * j + 4 * l - 4 * p;
    return (double)((long double)gp + (long double)sse + f - 2 * n);
}

long f_s24(struct s24 s, long k)
{
    return s.a + 2 * s.b + 4 * s.c - k;
}

long double f_ldret(long double a, long double b)
{
    return a - 2 * b;
}

/* One double per character of fmt, each weighed by its position. */
int f_vsum(const char *fmt, ...)
{
    va_list ap;
    double sum = 0;
    int w = 1;

    va_start(ap, fmt);
    for (; *fmt; fmt++, w *= 2)
        sum += w * va_arg(ap, double);
    va_end(ap);
    return (int)(sum * 8);
}

int f_cmp(int a, int b)
{
    return (a > b) - (a < b);
}
