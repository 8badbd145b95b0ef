/* The callees of the ABI conformance rows (callees.h): plain C, so the compiler decides where
 * each value is read from. Every callee logs each value it checks; test_abi.c reads the log. */
#include "callees.h"

#include <stdarg.h>

#ifdef __clang__
const int callees_compiler_is_clang = 1;
#else
const int callees_compiler_is_clang = 0;
#endif

struct callee_log callee_log;
const char callee_fmt[] = "callplan %d";

/* An x87 long double holds its value in its first 10 bytes; the other 6 are padding. */
#define LD_VALUE_BYTES 10

void callee_log_reset(void)
{
    memset(&callee_log, 0, sizeof callee_log);
}

/* ---- canonical aggregate values: none equals a positional value ---------------------------- */
const struct d_l want_d_l = { -3.0625, 0x5A5A5A5A00C0FFEEL };
const struct l_d want_l_d = { 0x4B4B4B4B00BEEF00L, 7.8125 };
const struct l_l want_l_l = { 0x6C6C6C6C11112222L, 0x7D7D7D7D33334444L };
const struct d_d want_d_d = { -0.15625, 99.03125 };
const struct f_f_f want_f_f_f = { 1.125f, -2.25f, 3.5f };
const struct f4 want_f4 = { { 4.5f, -5.75f, 6.875f, -7.0625f } };
const struct f5 want_f5 = { { 8.5f, -9.25f, 10.125f, -11.0625f, 12.5f } };
const struct f_f want_f_f = { -13.75f, 14.375f };
const struct f2_d want_f2_d = { { { 15.5f, -16.25f } }, -17.125 };
const struct f_i want_f_i = { -18.5f, -0x19191919 };
const struct c_d want_c_d = { -44, 20.75 };
const struct l_f want_l_f = { 0x2121212121212121L, -21.875f };
const struct c17 want_c17 = { { 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M',
                                'N', 'O', 'P', 'Q' } };
const struct c20 want_c20 = { { 'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm',
                                'n', 'o', 'p', 'q', 'r', 's', 't' } };
const union f_or_i want_f_or_i = { .f = -22.5f };
const union f_or_d want_f_or_d = { .d = 23.0625 };
const union ld_or_l2 want_ld_or_l2 = { .l = { 0x2424242400000024L, 0x2525252500000025L } };
const union ld_or_d2 want_ld_or_d2 = { .d = { 26.5, -27.25 } };
const union ld_or_i want_ld_or_i = { .ld = (long double)(-28.0 / 3.0) };
const struct bits3_5_20 want_bits3_5_20 = { -3, -11, 0xABCDE };
const struct f_pad8_f want_f_pad8_f = { 1.5f, -2.75f };
const struct packed_c_i want_packed_c_i = { -60, 0x30313233 };
const struct aligned16_l want_aligned16_l = { 0x3A3A3A3A3A3A3A3AL };
const struct x_wrap want_x_wrap = {
    (i128)(((u128)0x3B3B3B3B3B3B3B3Bu << 64) | 0x3C3C3C3C3C3C3C3Cu)
};
const struct ld_wrap want_ld_wrap = { (long double)(-41.0 / 3.0) };
const struct q_wrap want_q_wrap = { -43.0 / 3.0 };
const struct l_l_l want_l_l_l = { 0x4444444444444444L, 0x4545454545454545L, 0x4646464646464646L };

/* ---- checking ---------------------------------------------------------------------------- */
static void enter(void)
{
    callee_log.calls++;
}

/* Logs the next checked value: the n bytes seen, and a wrong bit if they differ from want's. */
static void check_bytes(const void *seen, const void *want, size_t n)
{
    unsigned k = callee_log.nvalues++;
    if (k >= CALLEE_MAX_VALUES) {
        callee_log.wrong = UINT32_MAX;      /* a callee checks more values than the log holds */
        return;
    }
    memcpy(callee_log.seen[k], seen, n);
    if (memcmp(seen, want, n) != 0)
        callee_log.wrong |= 1u << k;
}

#define CHECK_MEMBER(s, want, m) check_bytes(&(s).m, &(want).m, sizeof(s).m)

static void check_l(long seen, unsigned pos)
{
    long want = want_l(pos);
    check_bytes(&seen, &want, sizeof seen);
}

static void check_i(int seen, unsigned pos)
{
    int want = want_i(pos);
    check_bytes(&seen, &want, sizeof seen);
}

static void check_d(double seen, unsigned pos)
{
    double want = want_d(pos);
    check_bytes(&seen, &want, sizeof seen);
}

static void check_f(float seen, unsigned pos)
{
    float want = want_f(pos);
    check_bytes(&seen, &want, sizeof seen);
}

static void check_ld(long double seen, unsigned pos)
{
    long double want = want_ld(pos);
    check_bytes(&seen, &want, LD_VALUE_BYTES);
}

static void check_x(i128 seen, unsigned pos)
{
    i128 want = want_x(pos);
    check_bytes(&seen, &want, sizeof seen);
}

static void check_q(f128 seen, unsigned pos)
{
    f128 want = want_q(pos);
    check_bytes(&seen, &want, sizeof seen);
}

static void check_fmt(const char *seen)
{
    const char *want = callee_fmt;
    check_bytes(&seen, &want, sizeof seen);
}

static void check_value(long seen, long want)
{
    check_bytes(&seen, &want, sizeof seen);
}

static void check_d_l(struct d_l s)
{
    CHECK_MEMBER(s, want_d_l, d);
    CHECK_MEMBER(s, want_d_l, l);
}

/* ---- rows 1-3: scalars ------------------------------------------------------------------ */
long row01_callee(long a0, long a1, long a2, long a3, long a4, long a5, long g)
{
    enter();
    check_l(a0, 0), check_l(a1, 1), check_l(a2, 2), check_l(a3, 3), check_l(a4, 4);
    check_l(a5, 5), check_l(g, 6);
    return CALLEE_RET_L;
}

double row02_callee(double a0, double a1, double a2, double a3, double a4, double a5,
                    double a6, double a7, double a8)
{
    enter();
    check_d(a0, 0), check_d(a1, 1), check_d(a2, 2), check_d(a3, 3), check_d(a4, 4);
    check_d(a5, 5), check_d(a6, 6), check_d(a7, 7), check_d(a8, 8);
    return CALLEE_RET_D;
}

int row03_callee(int a0, double a1, int a2, float a3)
{
    enter();
    check_i(a0, 0), check_d(a1, 1), check_i(a2, 2), check_f(a3, 3);
    return CALLEE_RET_I;
}

/* ---- rows 4-7: a two-eightbyte struct at the register boundary --------------------------- */
long row04_callee(long a0, long a1, long a2, long a3, long a4, struct d_l s)
{
    enter();
    check_l(a0, 0), check_l(a1, 1), check_l(a2, 2), check_l(a3, 3), check_l(a4, 4);
    check_d_l(s);
    return CALLEE_RET_L;
}

long row05_callee(long a0, long a1, long a2, long a3, long a4, long a5, struct d_l s, long g)
{
    enter();
    check_l(a0, 0), check_l(a1, 1), check_l(a2, 2), check_l(a3, 3), check_l(a4, 4);
    check_l(a5, 5), check_d_l(s), check_l(g, 7);
    return CALLEE_RET_L;
}

long row06_callee(double a0, double a1, double a2, double a3, double a4, double a5, double a6,
                  double a7, struct d_l s, long g)
{
    enter();
    check_d(a0, 0), check_d(a1, 1), check_d(a2, 2), check_d(a3, 3), check_d(a4, 4);
    check_d(a5, 5), check_d(a6, 6), check_d(a7, 7), check_d_l(s), check_l(g, 9);
    return CALLEE_RET_L;
}

double row07_callee(double a0, double a1, double a2, double a3, double a4, double a5,
                    double a6, struct d_d s, double g)
{
    enter();
    check_d(a0, 0), check_d(a1, 1), check_d(a2, 2), check_d(a3, 3), check_d(a4, 4);
    check_d(a5, 5), check_d(a6, 6);
    CHECK_MEMBER(s, want_d_d, a), CHECK_MEMBER(s, want_d_d, b);
    check_d(g, 8);
    return CALLEE_RET_D;
}

/* ---- rows 8-13: small aggregates in registers ----------------------------------------------- */
float row08_callee(struct f_f_f s)
{
    enter();
    CHECK_MEMBER(s, want_f_f_f, a), CHECK_MEMBER(s, want_f_f_f, b), CHECK_MEMBER(s, want_f_f_f, c);
    return CALLEE_RET_F;
}

struct f_f_f row09_ret_f_f_f(void)
{
    enter();
    return want_f_f_f;
}

struct f4 row09_ret_f4(void)
{
    enter();
    return want_f4;
}

struct f5 row09_ret_f5(void)
{
    enter();
    return want_f5;
}

long row10_callee(struct f_f s, float g)
{
    enter();
    CHECK_MEMBER(s, want_f_f, a), CHECK_MEMBER(s, want_f_f, b), check_f(g, 1);
    return CALLEE_RET_L;
}

long row11_callee(struct f2_d s)
{
    enter();
    CHECK_MEMBER(s, want_f2_d, p.x[0]), CHECK_MEMBER(s, want_f2_d, p.x[1]);
    CHECK_MEMBER(s, want_f2_d, z);
    return CALLEE_RET_L;
}

long row12_callee(struct f_i s)
{
    enter();
    CHECK_MEMBER(s, want_f_i, f), CHECK_MEMBER(s, want_f_i, i);
    return CALLEE_RET_L;
}

long row13_callee_c_d(struct c_d s)
{
    enter();
    CHECK_MEMBER(s, want_c_d, c), CHECK_MEMBER(s, want_c_d, d);
    return CALLEE_RET_L;
}

long row13_callee_l_f(struct l_f s)
{
    enter();
    CHECK_MEMBER(s, want_l_f, l), CHECK_MEMBER(s, want_l_f, f);
    return CALLEE_RET_L;
}

/* ---- rows 14-15: MEMORY aggregates copied onto the stack ---------------------------------- */
long row14_callee(long a0, struct c17 s, long g)
{
    enter();
    check_l(a0, 0), CHECK_MEMBER(s, want_c17, x), check_l(g, 2);
    return CALLEE_RET_L;
}

long row15_callee(long a0, long a1, long a2, long a3, long a4, long a5, struct c20 s, long g)
{
    enter();
    check_l(a0, 0), check_l(a1, 1), check_l(a2, 2), check_l(a3, 3), check_l(a4, 4);
    check_l(a5, 5), CHECK_MEMBER(s, want_c20, x), check_l(g, 7);
    return CALLEE_RET_L;
}

/* ---- rows 16-20: unions (the merge rules) ------------------------------------------------- */
long row16_callee(union f_or_i u, double g)
{
    enter();
    CHECK_MEMBER(u, want_f_or_i, i), check_d(g, 1);
    return CALLEE_RET_L;
}

long row17_callee(union f_or_d u, long g)
{
    enter();
    CHECK_MEMBER(u, want_f_or_d, d), check_l(g, 1);
    return CALLEE_RET_L;
}

union ld_or_l2 row18_callee(union ld_or_l2 u)
{
    long low = u.l[0];
    enter();
    CHECK_MEMBER(u, want_ld_or_l2, l[0]), CHECK_MEMBER(u, want_ld_or_l2, l[1]);
    u.l[0] = u.l[1];
    u.l[1] = low;
    return u;
}

union ld_or_d2 row19_callee(union ld_or_d2 u)
{
    double low = u.d[0];
    enter();
    CHECK_MEMBER(u, want_ld_or_d2, d[0]), CHECK_MEMBER(u, want_ld_or_d2, d[1]);
    u.d[0] = u.d[1];
    u.d[1] = low;
    return u;
}

union ld_or_i row20_callee(void)
{
    enter();
    return want_ld_or_i;
}

/* ---- rows 21-25: empty, bitfield, packed and over-aligned structs -------------------------- */
long row21_callee(long a0, struct empty e1, long a2, long a3, long a4, long a5, long a6,
                  struct zero_array e7, long a8)
{
    (void)e1, (void)e7;                     /* no bytes: nothing to check */
    enter();
    check_l(a0, 0), check_l(a2, 2), check_l(a3, 3), check_l(a4, 4), check_l(a5, 5);
    check_l(a6, 6), check_l(a8, 8);
    return CALLEE_RET_L;
}

long row22_callee(struct bits3_5_20 s)
{
    enter();
    check_value(s.a, want_bits3_5_20.a), check_value(s.b, want_bits3_5_20.b);
    check_value(s.c, want_bits3_5_20.c);
    return CALLEE_RET_L;
}

long row23_callee(struct f_pad8_f s)
{
    enter();
    CHECK_MEMBER(s, want_f_pad8_f, a), CHECK_MEMBER(s, want_f_pad8_f, b);
    return CALLEE_RET_L;
}

long row24_callee(struct packed_c_i s, long g)
{
    int i = s.i;                            /* (no address of a packed member) */
    enter();
    check_value(s.c, want_packed_c_i.c), check_value(i, want_packed_c_i.i), check_l(g, 1);
    return CALLEE_RET_L;
}

long row25_callee(struct aligned16_l s, long g)
{
    enter();
    CHECK_MEMBER(s, want_aligned16_l, a), check_l(g, 1);
    return CALLEE_RET_L;
}

/* ---- rows 26-31: __int128 ----------------------------------------------------------------- */
long row26_callee(long a0, i128 x)
{
    enter();
    check_l(a0, 0), check_x(x, 1);
    return CALLEE_RET_L;
}

long row27_callee(long a0, long a1, long a2, long a3, i128 x, long g)
{
    enter();
    check_l(a0, 0), check_l(a1, 1), check_l(a2, 2), check_l(a3, 3), check_x(x, 4), check_l(g, 5);
    return CALLEE_RET_L;
}

long row28_callee(long a0, long a1, long a2, long a3, long a4, i128 x, long g)
{
    enter();
    check_l(a0, 0), check_l(a1, 1), check_l(a2, 2), check_l(a3, 3), check_l(a4, 4);
    check_x(x, 5), check_l(g, 6);
    return CALLEE_RET_L;
}

long row29_callee(long a0, long a1, long a2, long a3, long a4, long a5, long a6, i128 x)
{
    enter();
    check_l(a0, 0), check_l(a1, 1), check_l(a2, 2), check_l(a3, 3), check_l(a4, 4);
    check_l(a5, 5), check_l(a6, 6), check_x(x, 7);
    return CALLEE_RET_L;
}

long row30_callee(long a0, long a1, long a2, long a3, long a4, struct x_wrap s, long g)
{
    enter();
    check_l(a0, 0), check_l(a1, 1), check_l(a2, 2), check_l(a3, 3), check_l(a4, 4);
    CHECK_MEMBER(s, want_x_wrap, x), check_l(g, 6);
    return CALLEE_RET_L;
}

i128 row31_callee(void)
{
    enter();
    return want_x(CALLEE_RET_POS);
}

/* ---- rows 32-36: long double and complex -------------------------------------------------- */
long row32_callee(long double a0, double a1, long a2)
{
    enter();
    check_ld(a0, 0), check_d(a1, 1), check_l(a2, 2);
    return CALLEE_RET_L;
}

long row33_callee(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long double g)
{
    enter();
    check_l(a0, 0), check_l(a1, 1), check_l(a2, 2), check_l(a3, 3), check_l(a4, 4);
    check_l(a5, 5), check_l(a6, 6), check_ld(g, 7);
    return CALLEE_RET_L;
}

long double row34_ret_ld(void)
{
    enter();
    return want_ld(CALLEE_RET_POS);
}

struct ld_wrap row34_ret_ld_wrap(void)
{
    enter();
    return want_ld_wrap;
}

/* A complex value is checked as its two parts, real then imaginary. */
static void check_parts(const void *seen, const void *want, size_t part_size, size_t value_bytes)
{
    const unsigned char *s = seen, *w = want;
    check_bytes(s, w, value_bytes);
    check_bytes(s + part_size, w + part_size, value_bytes);
}

long row35_callee(float _Complex a0, double _Complex a1, long double _Complex a2)
{
    float _Complex w0 = want_c32(0);
    double _Complex w1 = want_c64(1);
    long double _Complex w2 = want_c80(2);
    enter();
    check_parts(&a0, &w0, sizeof(float), sizeof(float));
    check_parts(&a1, &w1, sizeof(double), sizeof(double));
    check_parts(&a2, &w2, sizeof(long double), LD_VALUE_BYTES);
    return CALLEE_RET_L;
}

float _Complex row36_ret_c32(void)
{
    enter();
    return want_c32(CALLEE_RET_POS);
}

double _Complex row36_ret_c64(void)
{
    enter();
    return want_c64(CALLEE_RET_POS);
}

long double _Complex row36_ret_c80(void)
{
    enter();
    return want_c80(CALLEE_RET_POS);
}

/* ---- rows 37-38: __float128 --------------------------------------------------------------- */
f128 row37_callee(double a0, double a1, double a2, double a3, double a4, double a5, double a6,
                  double a7, f128 q, long g)
{
    enter();
    check_d(a0, 0), check_d(a1, 1), check_d(a2, 2), check_d(a3, 3), check_d(a4, 4);
    check_d(a5, 5), check_d(a6, 6), check_d(a7, 7), check_q(q, 8), check_l(g, 9);
    return want_q(CALLEE_RET_POS);
}

long row38_callee(struct q_wrap s, long g)
{
    enter();
    CHECK_MEMBER(s, want_q_wrap, q), check_l(g, 1);
    return CALLEE_RET_L;
}

/* ---- rows 39-40: returns ------------------------------------------------------------------ */
struct l_l_l row39_callee(long a0, long a1, long a2, long a3, long a4, long a5)
{
    enter();
    check_l(a0, 0), check_l(a1, 1), check_l(a2, 2), check_l(a3, 3), check_l(a4, 4);
    check_l(a5, 5);
    return want_l_l_l;
}

struct d_l row40_ret_d_l(void)
{
    enter();
    return want_d_l;
}

struct l_d row40_ret_l_d(void)
{
    enter();
    return want_l_d;
}

struct l_l row40_ret_l_l(void)
{
    enter();
    return want_l_l;
}

/* ---- rows 41-45: variadic callees read their arguments with va_arg ------------------------ */
int row41_callee(const char *fmt, ...)
{
    va_list ap;
    enter();
    check_fmt(fmt);
    va_start(ap, fmt);
    check_d(va_arg(ap, double), 1);
    check_i(va_arg(ap, int), 2);
    check_d(va_arg(ap, double), 3);
    va_end(ap);
    return CALLEE_RET_I;
}

double row42_callee(int count, ...)
{
    va_list ap;
    unsigned i;
    enter();
    check_value(count, 9);
    va_start(ap, count);
    for (i = 1; i <= 9; i++)                /* nine, whatever count says */
        check_d(va_arg(ap, double), i);
    va_end(ap);
    return CALLEE_RET_D;
}

long row43_callee(const char *fmt, ...)
{
    va_list ap;
    enter();
    check_fmt(fmt);
    va_start(ap, fmt);
    check_ld(va_arg(ap, long double), 1);
    check_d(va_arg(ap, double), 2);
    va_end(ap);
    return CALLEE_RET_L;
}

long row44_callee(const char *fmt, ...)
{
    va_list ap;
    enter();
    check_fmt(fmt);
    va_start(ap, fmt);
    check_d_l(va_arg(ap, struct d_l));
    va_end(ap);
    return CALLEE_RET_L;
}

long row45_callee(const char *fmt, ...)
{
    va_list ap;
    unsigned i;
    enter();
    check_fmt(fmt);
    va_start(ap, fmt);
    for (i = 1; i <= 4; i++)
        check_l(va_arg(ap, long), i);
    check_x(va_arg(ap, i128), 5);
    check_l(va_arg(ap, long), 6);
    va_end(ap);
    return CALLEE_RET_L;
}

/* ---- row 46: sub-int arguments and returns ------------------------------------------------- */
int row46_callee(long c)
{
    enter();
    check_value(c, ROW46_ARG_I8);           /* all 64 bits: callplan sign-extends to 64 */
    return CALLEE_RET_I;
}

long row46_ret_callee(void)
{
    enter();
    return ROW46_RET_LONG;
}
