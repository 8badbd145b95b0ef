/* The compiler's side of the compat tests: plain C, compiled with -O2 apart from the tests. */
#include "callees.h"

uint8_t c_u8(uint8_t x) { return (uint8_t)(x + 1); }
int8_t c_s8(int8_t x) { return (int8_t)-x; }
uint16_t c_u16(uint16_t x) { return (uint16_t)(x * 3u); }
int16_t c_s16(int16_t x) { return (int16_t)(x - 1000); }
uint32_t c_u32(uint32_t x) { return ~x; }
int32_t c_s32(int32_t x) { return -x; }
uint64_t c_u64(uint64_t x) { return x ^ 0xF0F0F0F0F0F0F0F0ull; }
int64_t c_s64(int64_t x) { return x * -3; }
float c_float(float x) { return x * 2.5f; }
double c_double(double x) { return x / 4.0; }
long double c_longdouble(long double x) { return x * 3.0L; }
void *c_pointer(void *p) { return (char *)p + 8; }
float _Complex c_cfloat(float _Complex z) { return z * 2.0f; }
double _Complex c_cdouble(double _Complex z) { return conj(z); }
long double _Complex c_clongdouble(long double _Complex z) { return z + 1.0L; }
void c_void(int *counter) { ++*counter; }

double c_mixed(int8_t a, double b, uint16_t c, float d, int32_t e, double f, int64_t g,
               float h, uint8_t i, double j, int16_t k, double l, uint32_t m, double n,
               int64_t o, float p, long double q, int32_t r)
{
    return a + b * 2 + c * 3 + d * 4 + e * 5 + f * 6 + (double)g * 7 + h * 8 + i * 9 + j * 10 +
           k * 11 + l * 12 + m * 13 + n * 14 + (double)o * 15 + p * 16 + (double)q * 17 + r * 18;
}

struct c_small c_small_swap(struct c_small s)
{
    struct c_small r = { (int32_t)s.b, (double)s.a };
    return r;
}

struct c_pair c_pair_scale(struct c_pair p, float k)
{
    struct c_pair r = { p.x * k, p.y * k };
    return r;
}

struct c_three c_three_add(struct c_three a, struct c_three b)
{
    struct c_three r = { a.x + b.x, a.y + b.y, a.z + b.z };
    return r;
}

struct c_big c_big_twice(struct c_big b)
{
    struct c_big r = { b.a * 2, b.b * 2, b.c * 2, b.d * 2 };
    return r;
}

double c_big_sum(int32_t n, struct c_big b, double k)
{
    return n + (double)(b.a + b.b + b.c) + b.d + k;
}

struct c_nested c_nested_flip(struct c_nested n)
{
    struct c_nested r = { n.in2, -n.d, n.in };
    return r;
}

int32_t c_text_sum(struct c_text t)
{
    int32_t s = 0, i;
    for (i = 0; i < t.len && i < 20; i++)
        s += t.name[i];
    return s;
}

struct c_ld c_ld_half(struct c_ld v)
{
    struct c_ld r = { v.x / 2, v.n + 1 };
    return r;
}

struct c_tiny c_tiny_rot(struct c_tiny t)
{
    struct c_tiny r = { t.b, t.c, t.a };
    return r;
}

int8_t call_s8(int8_t (*f)(int8_t), int8_t x) { return f(x); }
uint16_t call_u16(uint16_t (*f)(uint16_t), uint16_t x) { return f(x); }
int32_t call_s32(int32_t (*f)(int32_t), int32_t x) { return f(x); }
uint32_t call_u32(uint32_t (*f)(uint32_t), uint32_t x) { return f(x); }

struct c_small call_small(struct c_small (*f)(int32_t, double), int32_t a, double b)
{
    return f(a, b);
}

struct c_big call_big(struct c_big (*f)(struct c_big), struct c_big b) { return f(b); }

double call_many(double (*f)(int32_t, double, int64_t, float, int32_t, double, int64_t, float,
                             int32_t, double, int64_t, float, int32_t, double, int64_t, float),
                 int32_t base)
{
    return f(base, base + 1.5, base + 2, (float)base + 3.25f, base + 4, base + 5.5, base + 6,
             (float)base + 7.25f, base + 8, base + 9.5, base + 10, (float)base + 11.25f,
             base + 12, base + 13.5, base + 14, (float)base + 15.25f);
}
