/* Integer callees (see kfuncs.h). */
#include <stdarg.h>

#include "kfuncs.h"

long k_sum6(long a, long b, long c, long d, long e, long f)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f;
}

long k_sum10(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j)
{
    return k_sum6(a, b, c, d, e, f) + 7 * g + 8 * h + 9 * i + 10 * j;
}

/* Returns a bit per wrong argument: 0 when all eight arrived (sign- or zero-extended) right. */
int k_ext(signed char a, unsigned char b, short c, unsigned short d, _Bool e, int f,
          unsigned g, long h)
{
    return (a != -5) | (b != 250) << 1 | (c != -3000) << 2 | (d != 60000) << 3 |
           (e != 1) << 4 | (f != -7) << 5 | (g != 0xFFFFFFF0u) << 6 | (h != -1) << 7;
}

struct k_long_int k_structs(struct k_long_int x, struct k_three_longs y, long z)
{
    struct k_long_int r = { x.a + y.a + y.b + z, x.b + (int)y.c };
    return r;
}

struct k_three_longs k_sret(long a, long b, long c, long d, long e, long f, long g)
{
    struct k_three_longs r = { a + b, c + d, e + f + g };
    return r;
}

k_i128 k_int128(long a, k_i128 b, long c)
{
    return b + b + b + a + c;
}

/* n arguments follow, alternating long and int, long first. */
long k_vsum(int n, ...)
{
    va_list ap;
    long sum = 0;
    int i;
    va_start(ap, n);
    for (i = 0; i < n; i++)
        sum += (i % 2 == 0) ? va_arg(ap, long) * 1000 : va_arg(ap, int);
    va_end(ap);
    return sum;
}

long k_odd(long a, struct k_empty e, struct k_packed p, union k_union u, struct k_nested n,
           struct k_empty e2, long z)
{
    (void)e;
    (void)e2;
    if (a != 11 || p.c != 0xAB || p.i != -123456 || u.bytes[7] != 0x77 || u.i != 0x44332211 ||
        n.inner.x[0] != 5 || n.inner.x[1] != -6 || n.z != 1L << 40 || z != 99)
        return -1;
    return 42;
}
