/* Real callees for the ABI conformance rows (test_abi.c, ../shared/ABI.md section 4).
 *
 * callees.c is ordinary C compiled by $(CC) at -O2: each callee is the compiler's own reading
 * of the ABI. A callee checks every value it receives (each struct member; floats bit for bit,
 * long double on its 10 value bytes; never padding) against the value its position should carry,
 * logs what it saw in callee_log, and returns a known value of its return type.
 *
 * Values by position: argument i of a row carries want_T(i) for its scalar type T, so a value
 * that lands in another argument's place is wrong and recognisable. Aggregates carry the one
 * canonical value of their type (want_<type>, defined in callees.c). */
#ifndef CALLPLAN_TEST_CALLEES_H
#define CALLPLAN_TEST_CALLEES_H

#include <stdint.h>
#include <string.h>

__extension__ typedef __int128 i128;
__extension__ typedef unsigned __int128 u128;
__extension__ typedef __float128 f128;

/* 1 when callees.c was built by clang: the DIFF rows of ABI.md 1.8 then fail as documented. */
extern const int callees_compiler_is_clang;

/* ---- what the callees saw ------------------------------------------------------------------ */
#define CALLEE_MAX_VALUES 32

/* Each callee checks its values in signature order, struct members in declaration order; the
 * k-th checked value is logged in seen[k] (its raw bytes) and, if wrong, sets bit k of wrong. */
struct callee_log {
    unsigned calls;
    uint32_t wrong;
    unsigned nvalues;
    _Alignas(16) unsigned char seen[CALLEE_MAX_VALUES][16];
};
extern struct callee_log callee_log;
void callee_log_reset(void);

/* ---- expected values -------------------------------------------------------------------- */
static inline long want_l(unsigned pos)
{
    return (long)(0x1111111111111111u * (pos + 1u));    /* 0x1111..., 0x2222..., ... */
}

static inline int want_i(unsigned pos)
{
    return -0x1010101 * (int)(pos + 1u);                /* negative: extension shows */
}

static inline double want_d(unsigned pos)
{
    return (double)(pos + 1u) + 1.0 / 3.0;              /* a full mantissa */
}

static inline float want_f(unsigned pos)
{
    return (float)(pos + 1u) + 1.0f / 3.0f;
}

static inline long double want_ld(unsigned pos)
{
    /* exactly a double: valgrind's x87 keeps 53 bits (make memcheck); its 80-bit image still
     * differs from the double's in every byte, so a long double passed as a double fails */
    return (long double)((double)(pos + 1u) + 1.0 / 3.0);
}

static inline uint64_t want_x_lo(unsigned pos)
{
    return 0x8070605040302010u + pos;
}

static inline uint64_t want_x_hi(unsigned pos)
{
    return 0x0F0E0D0C0B0A0900u + pos;
}

static inline i128 make_x(uint64_t lo, uint64_t hi)
{
    return (i128)(((u128)hi << 64) | lo);
}

static inline i128 want_x(unsigned pos)
{
    return make_x(want_x_lo(pos), want_x_hi(pos));
}

/* __float128 by its bits (no soft-float arithmetic needed): sign 0, exponent 0x3FFF, so a
 * number in [1, 2) with a distinctive 112-bit mantissa. */
static inline f128 want_q(unsigned pos)
{
    uint64_t bits[2] = { 0xFEDCBA9876543210u ^ pos, 0x3FFF000000000000u | (0x123456789ABCu + pos) };
    f128 q;
    memcpy(&q, bits, sizeof q);
    return q;
}

/* Complex numbers have the representation of an array {re, im} (C11 6.2.5p13). */
static inline float _Complex want_c32(unsigned pos)
{
    float parts[2] = { want_f(pos), -want_f(pos + 16u) };
    float _Complex z;
    memcpy(&z, parts, sizeof z);
    return z;
}

static inline double _Complex want_c64(unsigned pos)
{
    double parts[2] = { want_d(pos), -want_d(pos + 16u) };
    double _Complex z;
    memcpy(&z, parts, sizeof z);
    return z;
}

static inline long double _Complex want_c80(unsigned pos)
{
    long double parts[2] = { want_ld(pos), -want_ld(pos + 16u) };
    long double _Complex z;
    memcpy(&z, parts, sizeof z);
    return z;
}

/* What callees return: these constants for long, int, double and float; want_T(CALLEE_RET_POS)
 * for the other scalar types (a position no argument uses); want_<type> for aggregates. */
#define CALLEE_RET_POS 40u
#define CALLEE_RET_L  0x0123456789ABCDEFL
#define CALLEE_RET_I  (-0x12345678)
#define CALLEE_RET_D  (-1234.5625)
#define CALLEE_RET_F  6.0625f

/* The pointer the variadic rows pass as their fixed argument. */
extern const char callee_fmt[];

/* ---- aggregate types of the matrix and their canonical values ----------------------------- */
struct d_l { double d; long l; };                       /* rows 4, 5, 6, 40, 44 */
struct l_d { long l; double d; };                       /* row 40 */
struct l_l { long a, b; };                              /* row 40 */
struct d_d { double a, b; };                            /* row 7 */
struct f_f_f { float a, b, c; };                        /* rows 8, 9 */
struct f4 { float v[4]; };                              /* row 9 */
struct f5 { float v[5]; };                              /* row 9 */
struct f_f { float a, b; };                             /* row 10 */
struct f2_d { struct { float x[2]; } p; double z; };    /* row 11 */
struct f_i { float f; int i; };                         /* row 12 */
struct c_d { char c; double d; };                       /* row 13 */
struct l_f { long l; float f; };                        /* row 13 */
struct c17 { char x[17]; };                             /* row 14 */
struct c20 { char x[20]; };                             /* row 15 */
union f_or_i { float f; int i; };                       /* row 16 */
union f_or_d { float f; double d; };                    /* row 17 */
union ld_or_l2 { long double ld; long l[2]; };          /* row 18 */
union ld_or_d2 { long double ld; double d[2]; };        /* row 19 */
union ld_or_i { long double ld; int i; };               /* row 20 */
__extension__ struct empty { };                         /* row 21: size 0 in GNU C */
__extension__ struct zero_array { int a[0]; };          /* row 21: size 0 too */
struct bits3_5_20 { int a : 3; int b : 5; unsigned c : 20; };   /* row 22 */
struct f_pad8_f { float a; int : 8; float b; };         /* row 23 */
struct packed_c_i { char c; int i; } __attribute__((packed));   /* row 24 */
struct aligned16_l { long a; } __attribute__((aligned(16)));    /* row 25 */
struct x_wrap { i128 x; };                              /* row 30 */
struct ld_wrap { long double ld; };                     /* row 34 */
struct q_wrap { f128 q; };                              /* row 38 */
struct l_l_l { long a, b, c; };                         /* row 39 */

extern const struct d_l want_d_l;
extern const struct l_d want_l_d;
extern const struct l_l want_l_l;
extern const struct d_d want_d_d;
extern const struct f_f_f want_f_f_f;
extern const struct f4 want_f4;
extern const struct f5 want_f5;
extern const struct f_f want_f_f;
extern const struct f2_d want_f2_d;
extern const struct f_i want_f_i;
extern const struct c_d want_c_d;
extern const struct l_f want_l_f;
extern const struct c17 want_c17;
extern const struct c20 want_c20;
extern const union f_or_i want_f_or_i;
extern const union f_or_d want_f_or_d;
extern const union ld_or_l2 want_ld_or_l2;
extern const union ld_or_d2 want_ld_or_d2;
extern const union ld_or_i want_ld_or_i;
extern const struct bits3_5_20 want_bits3_5_20;
extern const struct f_pad8_f want_f_pad8_f;
extern const struct packed_c_i want_packed_c_i;
extern const struct aligned16_l want_aligned16_l;
extern const struct x_wrap want_x_wrap;
extern const struct ld_wrap want_ld_wrap;
extern const struct q_wrap want_q_wrap;
extern const struct l_l_l want_l_l_l;

/* ---- the callees, one group per row ------------------------------------------------------- */
long row01_callee(long a0, long a1, long a2, long a3, long a4, long a5, long g);
double row02_callee(double a0, double a1, double a2, double a3, double a4, double a5,
                    double a6, double a7, double a8);
int row03_callee(int a0, double a1, int a2, float a3);
long row04_callee(long a0, long a1, long a2, long a3, long a4, struct d_l s);
long row05_callee(long a0, long a1, long a2, long a3, long a4, long a5, struct d_l s, long g);
long row06_callee(double a0, double a1, double a2, double a3, double a4, double a5, double a6,
                  double a7, struct d_l s, long g);
double row07_callee(double a0, double a1, double a2, double a3, double a4, double a5,
                    double a6, struct d_d s, double g);
float row08_callee(struct f_f_f s);
struct f_f_f row09_ret_f_f_f(void);
struct f4 row09_ret_f4(void);
struct f5 row09_ret_f5(void);
long row10_callee(struct f_f s, float g);
long row11_callee(struct f2_d s);
long row12_callee(struct f_i s);
long row13_callee_c_d(struct c_d s);
long row13_callee_l_f(struct l_f s);
long row14_callee(long a0, struct c17 s, long g);
long row15_callee(long a0, long a1, long a2, long a3, long a4, long a5, struct c20 s, long g);
long row16_callee(union f_or_i u, double g);
long row17_callee(union f_or_d u, long g);
union ld_or_l2 row18_callee(union ld_or_l2 u);     /* returns u with its halves swapped */
union ld_or_d2 row19_callee(union ld_or_d2 u);     /* returns u with its halves swapped */
union ld_or_i row20_callee(void);                  /* returns want_ld_or_i */
long row21_callee(long a0, struct empty e1, long a2, long a3, long a4, long a5, long a6,
                  struct zero_array e7, long a8);
long row22_callee(struct bits3_5_20 s);
long row23_callee(struct f_pad8_f s);
long row24_callee(struct packed_c_i s, long g);
long row25_callee(struct aligned16_l s, long g);
long row26_callee(long a0, i128 x);
long row27_callee(long a0, long a1, long a2, long a3, i128 x, long g);
long row28_callee(long a0, long a1, long a2, long a3, long a4, i128 x, long g);
long row29_callee(long a0, long a1, long a2, long a3, long a4, long a5, long a6, i128 x);
long row30_callee(long a0, long a1, long a2, long a3, long a4, struct x_wrap s, long g);
i128 row31_callee(void);
long row32_callee(long double a0, double a1, long a2);
long row33_callee(long a0, long a1, long a2, long a3, long a4, long a5, long a6, long double g);
long double row34_ret_ld(void);
struct ld_wrap row34_ret_ld_wrap(void);            /* returns want_ld_wrap */
long row35_callee(float _Complex a0, double _Complex a1, long double _Complex a2);
float _Complex row36_ret_c32(void);
double _Complex row36_ret_c64(void);
long double _Complex row36_ret_c80(void);
f128 row37_callee(double a0, double a1, double a2, double a3, double a4, double a5, double a6,
                  double a7, f128 q, long g);
long row38_callee(struct q_wrap s, long g);
struct l_l_l row39_callee(long a0, long a1, long a2, long a3, long a4, long a5);
struct d_l row40_ret_d_l(void);
struct l_d row40_ret_l_d(void);
struct l_l row40_ret_l_l(void);
/* Variadic rows: the fixed argument is callee_fmt (or a count), the rest are read by va_arg. */
int row41_callee(const char *fmt, ...);            /* ..., double, int, double */
double row42_callee(int count, ...);               /* count doubles */
long row43_callee(const char *fmt, ...);           /* ..., long double, double */
long row44_callee(const char *fmt, ...);           /* ..., struct d_l */
long row45_callee(const char *fmt, ...);           /* ..., long x4, i128, long */
/* Row 46: declared with a long so the whole register the caller filled is checked. */
int row46_callee(long c);                          /* wants (long)ROW46_ARG_I8 */
long row46_ret_callee(void);                       /* returns ROW46_RET_LONG */
#define ROW46_ARG_I8    (-107)                     /* 0x95: the sign bit set */
#define ROW46_RET_LONG  0x11223344556677F0L        /* an i8 reading of it is 0xF0 */

#endif
