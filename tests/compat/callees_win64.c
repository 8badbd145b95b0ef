/* The compiler's side of the FFI_WIN64 tests: plain C with ms_abi, compiled apart from them. */
#include "callees_win64.h"

MS double w_mixed(int8_t a, double b, int64_t c, float d, int16_t e, double f)
{
    return a + b * 10 + (double)c * 100 + d * 1000 + e * 10000 + f * 100000;
}

MS int8_t w_neg8(int8_t x) { return (int8_t)-x; }
MS uint16_t w_twice16(uint16_t x) { return (uint16_t)(x * 2u); }
MS int64_t w_pair_sum(struct w_pair p, int32_t k) { return (int64_t)p.a * k + p.b; }

MS struct w_pair w_pair_swap(struct w_pair p)
{
    struct w_pair r = { p.b, p.a };
    return r;
}

MS struct w_three w_three_make(int32_t a, int32_t b, int32_t c)
{
    struct w_three r = { a * 2, b * 3, c * 4 };
    return r;
}

MS double w_point_len2(struct w_point p, struct w_three t)
{
    return p.x * p.x + p.y * p.y + t.a + t.b + t.c;
}

MS double w_vsum(int32_t n, ...)
{
    __builtin_ms_va_list ap;
    double s = 0;
    int32_t i;
    __builtin_ms_va_start(ap, n);
    for (i = 0; i < n; i++)
        s += __builtin_va_arg(ap, double) * (i + 1);
    __builtin_ms_va_end(ap);
    return s;
}

MS void *w_ptr_add(void *p, int64_t k) { return (char *)p + k; }

int32_t w_call_binop(w_binop *f, int32_t a, int32_t b) { return f(a, b); }

struct w_three w_call_maker(w_maker *f, int32_t a, int32_t b, int32_t c) { return f(a, b, c); }
