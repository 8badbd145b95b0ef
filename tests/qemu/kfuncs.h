/* Kernel functions the tests call through plans. kfuncs.c is ordinary kernel code
 * (general registers only); kfp.c takes and returns floating-point values, so it is built with
 * SSE/x87 enabled and linked only into the SSE image. Every callee checks all its arguments and
 * returns a known value, or something else if any argument arrived wrong. */
#ifndef CALLPLAN_KFUNCS_H
#define CALLPLAN_KFUNCS_H

#include <stdint.h>

struct k_long_int { long a; int b; };
struct k_three_longs { long a, b, c; };
__extension__ struct k_empty {};
struct __attribute__((packed)) k_packed { uint8_t c; int32_t i; };
union k_union { int32_t i; uint8_t bytes[8]; };
struct k_nested { struct { int32_t x[2]; } inner; long z; };

long k_sum6(long a, long b, long c, long d, long e, long f);
long k_sum10(long a, long b, long c, long d, long e, long f, long g, long h, long i, long j);
int k_ext(signed char a, unsigned char b, short c, unsigned short d, _Bool e, int f,
          unsigned g, long h);
struct k_long_int k_structs(struct k_long_int x, struct k_three_longs y, long z);
struct k_three_longs k_sret(long a, long b, long c, long d, long e, long f, long g);
__extension__ typedef __int128 k_i128;
k_i128 k_int128(long a, k_i128 b, long c);
long k_vsum(int n, ...);
long k_odd(long a, struct k_empty e, struct k_packed p, union k_union u, struct k_nested n,
           struct k_empty e2, long z);

/* kfp.c (SSE image only): each returns 42 (or {1,2,3}) when every argument is right. */
struct k_three_floats { float a, b, c; };
struct k_double_long { double d; long l; };
double k_dids(double a, int b, double c, long d);
float k_f32x9(float a, float b, float c, float d, float e, float f, float g, float h, float i);
struct k_three_floats k_fstruct(struct k_three_floats x, struct k_double_long y);
long double k_ld(long double a, int b, _Complex double c);
double k_vdouble(int n, ...);

#endif
