/* The benchmark's callees (callees.c), one per row of bench.c.
 *
 * They live in their own translation unit so the compiler cannot inline or specialise them into
 * the benchmark loops, and they are as cheap as a real function can be while still weighing every
 * argument differently (a + 2b + 4c...): an argument that arrived in another argument's place, or
 * not at all, changes the result, which is what the smoke test compares. */
#ifndef CALLPLAN_BENCH_CALLEES_H
#define CALLPLAN_BENCH_CALLEES_H

struct dd {                     /* 16 bytes, SSE:SSE: passed and returned in xmm0:xmm1 */
    double x, y;
};

struct s24 {                    /* 24 bytes: MEMORY class, passed on the stack by value */
    long a, b, c;
};

void *f_ptr3(void *a, void *b, void *c);
int f_int3(int a, int b, int c);
int f_int8(int a, int b, int c, int d, int e, int f, int g, int h);
double f_mixed4(double a, int b, double c, long d);
long f_long10(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j);
struct dd f_dd(struct dd s, double k);
void *f_ptr6(void *a, void *b, void *c, void *d, void *e, void *f);
double f_mix16(int a, double b, long c, double d, int e, long double f, long g, double h,
               int i, double j, long k, double l, int m, long double n, long o, double p);
long f_s24(struct s24 s, long k);
long double f_ldret(long double a, long double b);
int f_vsum(const char *fmt, ...);
int f_cmp(int a, int b);        /* a qsort-style comparator: -1, 0 or 1 (the closure rows) */

#endif /* CALLPLAN_BENCH_CALLEES_H */
