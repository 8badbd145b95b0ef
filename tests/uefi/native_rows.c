/* The rows of ABI.md section 2 that a UEFI build can hold (no long double, no __float128), as
 * clang compiles them for x86_64-unknown-windows: the real LLP64 Microsoft x64 convention, not
 * ms_abi on an LP64 host. Each row has a callee that records its arguments, a caller that
 * passes the row's values through a pointer of the row's type, those values again as cp_call
 * arguments, and the signature in descriptors. */
#include <stdarg.h>
#include "native_rows.h"

#define REC(x) rec_put(&(x), (unsigned)sizeof(x))
#define FN(type, fn) ((type)(void *)(fn))          /* a closure or callee as the row's type */
#define CALLEE(fn) ((void (*)(void))(void *)(fn))

__extension__ typedef __int128 i128;
__extension__ typedef _Complex float cf32;
__extension__ typedef _Complex double cf64;
struct c1 { char c; };
struct s1 { int16_t s; };
struct c3 { char c[3]; };
struct i1 { int32_t i; };
struct c5 { char c[5]; };
struct l1 { int64_t l; };
struct i3 { int32_t i[3]; };
struct l2 { int64_t l[2]; };
struct ff { float a, b; };
struct d1 { double d; };

static const cp_type t_c1 = CP_STRUCT(CP_MEMBER(cp_type_i8));
static const cp_type t_s1 = CP_STRUCT(CP_MEMBER(cp_type_i16));
static const cp_type a_c3 = CP_ARRAY(cp_type_i8, 3), a_c5 = CP_ARRAY(cp_type_i8, 5);
static const cp_type a_i3 = CP_ARRAY(cp_type_i32, 3), a_l2 = CP_ARRAY(cp_type_i64, 2);
static const cp_type t_c3 = CP_STRUCT(CP_MEMBER(a_c3));
static const cp_type t_i1 = CP_STRUCT(CP_MEMBER(cp_type_i32));
static const cp_type t_c5 = CP_STRUCT(CP_MEMBER(a_c5));
static const cp_type t_l1 = CP_STRUCT(CP_MEMBER(cp_type_i64));
static const cp_type t_i3 = CP_STRUCT(CP_MEMBER(a_i3));
static const cp_type t_l2 = CP_STRUCT(CP_MEMBER(a_l2));
static const cp_type t_ff = CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32));
static const cp_type t_d1 = CP_STRUCT(CP_MEMBER(cp_type_f64));

#define TYPES(...) (const cp_type *const[]){ __VA_ARGS__ }
#define NTYPES(...) (uint32_t)(sizeof(TYPES(__VA_ARGS__)) / sizeof(const cp_type *))
#define SIG(ret, ...) (&(const cp_sig){ CP_ABI_WIN64, ret, TYPES(__VA_ARGS__),                \
                                        NTYPES(__VA_ARGS__), 0, 0 })
#define VSIG(ret, fixed, ...) (&(const cp_sig){ CP_ABI_WIN64, ret, TYPES(__VA_ARGS__),       \
                                                NTYPES(__VA_ARGS__), fixed, CP_SIG_VARIADIC })
#define ARGS(...) ((void *const[]){ __VA_ARGS__ })

/* The rows' values are not const: cp_call's args[] points at them (void *const *). */

/* Row 47: (I, D, long long, F, I, D) -> RCX, XMM1, R8, XMM3, [32], [40]. */
static int32_t v47a = -47, v47e = 0x4747;
static double v47b = 2.5, v47f = -6.125;
static int64_t v47c = -0x123456789ll;
static float v47d = 4.25f;
typedef double (*f47)(int32_t, double, int64_t, float, int32_t, double);
static double r47(int32_t a, double b, int64_t c, float d, int32_t e, double f)
{
    REC(a); REC(b); REC(c); REC(d); REC(e); REC(f);
    return 47.75;
}
static void call47(void (*fn)(void))
{
    double r = FN(f47, fn)(v47a, v47b, v47c, v47d, v47e, v47f);
    REC(r);
}

/* Row 48: ({char}, {short}, {char[3]}, {int}) -> CL, DX, R8 = &copy, R9D. */
static struct c1 v48a = { 'x' };
static struct s1 v48b = { -4848 };
static struct c3 v48c = { { 'a', 'b', 'c' } };
static struct i1 v48d = { 0x48484848 };
typedef int32_t (*f48)(struct c1, struct s1, struct c3, struct i1);
static int32_t r48(struct c1 a, struct s1 b, struct c3 c, struct i1 d)
{
    REC(a); REC(b); REC(c); REC(d);
    return -48;
}
static void call48(void (*fn)(void))
{
    int32_t r = FN(f48, fn)(v48a, v48b, v48c, v48d);
    REC(r);
}

/* Row 49: ({char[5]}, {L}, {I[3]}, {L[2]}, {L[2]}) -> copies by reference, [32] = &copy. */
static struct c5 v49a = { { 1, 2, 3, 4, 5 } };
static struct l1 v49b = { 0x4949494949ll };
static struct i3 v49c = { { 7, -8, 9 } };
static struct l2 v49d = { { 10, -11 } }, v49e = { { 0x7FFFFFFFFFFFll, -1 } };
typedef int64_t (*f49)(struct c5, struct l1, struct i3, struct l2, struct l2);
static int64_t r49(struct c5 a, struct l1 b, struct i3 c, struct l2 d, struct l2 e)
{
    REC(a); REC(b); REC(c); REC(d); REC(e);
    return 0x4900000049ll;
}
static void call49(void (*fn)(void))
{
    int64_t r = FN(f49, fn)(v49a, v49b, v49c, v49d, v49e);
    REC(r);
}

/* Row 50: ({F,F}, {D}) -> RCX, RDX, not vector registers. Row 51: {F,F} returned in RAX. */
static struct ff v50a = { 1.5f, -2.25f };
static struct d1 v50b = { 50.5 };
typedef struct ff (*f50)(struct ff, struct d1);
static struct ff r50(struct ff a, struct d1 b)
{
    struct ff r = { 5.0f, 0.5f };
    REC(a); REC(b);
    return r;
}
static void call50(void (*fn)(void))
{
    struct ff r = FN(f50, fn)(v50a, v50b);
    REC(r);
}

/* Row 51: {char[3]}, {I[3]}, {L[2]} returned through a buffer in RCX; the argument shifts. */
static int32_t v51 = 51;
typedef struct c3 (*f51a)(int32_t);
typedef struct i3 (*f51b)(int32_t);
typedef struct l2 (*f51c)(int32_t);
static struct c3 r51a(int32_t x)
{
    struct c3 r = { { 'r', '5', '1' } };
    REC(x);
    return r;
}
static struct i3 r51b(int32_t x)
{
    struct i3 r = { { x, -x, 3 } };
    REC(x);
    return r;
}
static struct l2 r51c(int32_t x)
{
    struct l2 r = { { (int64_t)x << 40, -5151 } };
    REC(x);
    return r;
}
static void call51a(void (*fn)(void))
{
    struct c3 r = FN(f51a, fn)(v51);
    REC(r);
}
static void call51b(void (*fn)(void))
{
    struct i3 r = FN(f51b, fn)(v51);
    REC(r);
}
static void call51c(void (*fn)(void))
{
    struct l2 r = FN(f51c, fn)(v51);
    REC(r);
}

/* Row 52: variadic (fmt, 1.0, 2, 3.0, 4.0, 5.0): each double also in its slot's GP register. */
static const char *v52fmt = "fdfff";
static double v52a = 1.0, v52c = 3.0, v52d = 4.0, v52e = 5.0;
static int32_t v52b = 2;
typedef double (*f52)(const char *, ...);
static double r52(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    REC(fmt);
    for (const char *p = fmt; *p; p++) {
        if (*p == 'd') {
            int32_t i = va_arg(ap, int32_t);
            REC(i);
        } else {
            double d = va_arg(ap, double);
            REC(d);
        }
    }
    va_end(ap);
    return 52.0;
}
static void call52(void (*fn)(void))
{
    double r = FN(f52, fn)(v52fmt, v52a, v52b, v52c, v52d, v52e);
    REC(r);
}

/* Row 53: five floats -> XMM0-3, the fifth at [32] (low 4 bytes). */
static float v53[5] = { 0.5f, 1.5f, -2.5f, 3.75f, 1e30f };
typedef float (*f53)(float, float, float, float, float);
static float r53(float a, float b, float c, float d, float e)
{
    REC(a); REC(b); REC(c); REC(d); REC(e);
    return -53.5f;
}
static void call53(void (*fn)(void))
{
    float r = FN(f53, fn)(v53[0], v53[1], v53[2], v53[3], v53[4]);
    REC(r);
}

/* Row 54: (__int128, L) -> RCX = &copy, RDX; the __int128 result in XMM0. */
static i128 v54a = ((i128)0x5454545454545454ll << 64) | 0x0123456789ABCDEFll;
static int64_t v54b = -54;
typedef i128 (*f54)(i128, int64_t);
static i128 r54(i128 a, int64_t b)
{
    REC(a); REC(b);
    return a * 3 + b;
}
static void call54(void (*fn)(void))
{
    i128 r = FN(f54, fn)(v54a, v54b);
    REC(r);
}

/* Row 56: (_Complex F, _Complex D) -> RCX, RDX = &copy; a _Complex D result through a buffer. */
static cf32 v56a = 1.5f;
static cf64 v56b = -2.0;
typedef cf64 (*f56)(cf32, cf64);
static cf64 r56(cf32 a, cf64 b)
{
    REC(a); REC(b);
    return b * 2.0;
}
static void call56(void (*fn)(void))
{
    cf64 r = FN(f56, fn)(v56a, v56b);
    REC(r);
}

/* Row 57: a signed char: the callee extends; callplan extends too, closures never rely on it. */
static int8_t v57 = -57;
typedef int32_t (*f57)(int8_t);
static int32_t r57(int8_t c)
{
    REC(c);
    return c * 1000;        /* uses the extended value */
}
static void call57(void (*fn)(void))
{
    int32_t r = FN(f57, fn)(v57);
    REC(r);
}

const struct native_row native_rows[] = {
    { "row 47 (I, D, long long, F, I, D)",
      SIG(&cp_type_f64, &cp_type_i32, &cp_type_f64, &cp_type_i64, &cp_type_f32, &cp_type_i32,
          &cp_type_f64),
      CALLEE(r47), call47, ARGS(&v47a, &v47b, &v47c, &v47d, &v47e, &v47f) },
    { "row 48 ({char}, {short}, {char[3]}, {int})",
      SIG(&cp_type_i32, &t_c1, &t_s1, &t_c3, &t_i1),
      CALLEE(r48), call48, ARGS(&v48a, &v48b, &v48c, &v48d) },
    { "row 49 ({char[5]}, {L}, {I[3]}, {L[2]}, {L[2]})",
      SIG(&cp_type_i64, &t_c5, &t_l1, &t_i3, &t_l2, &t_l2),
      CALLEE(r49), call49, ARGS(&v49a, &v49b, &v49c, &v49d, &v49e) },
    { "rows 50/51 ({F,F}, {D}) returning {F,F}",
      SIG(&t_ff, &t_ff, &t_d1), CALLEE(r50), call50, ARGS(&v50a, &v50b) },
    { "row 51 returning {char[3]}", SIG(&t_c3, &cp_type_i32), CALLEE(r51a), call51a,
      ARGS(&v51) },
    { "row 51 returning {I[3]}", SIG(&t_i3, &cp_type_i32), CALLEE(r51b), call51b, ARGS(&v51) },
    { "row 51 returning {L[2]}", SIG(&t_l2, &cp_type_i32), CALLEE(r51c), call51c, ARGS(&v51) },
    { "row 52 variadic (fmt, 1.0, 2, 3.0, 4.0, 5.0)",
      VSIG(&cp_type_f64, 1, &cp_type_ptr, &cp_type_f64, &cp_type_i32, &cp_type_f64,
           &cp_type_f64, &cp_type_f64),
      CALLEE(r52), call52, ARGS(&v52fmt, &v52a, &v52b, &v52c, &v52d, &v52e) },
    { "row 53 (F x 5)",
      SIG(&cp_type_f32, &cp_type_f32, &cp_type_f32, &cp_type_f32, &cp_type_f32, &cp_type_f32),
      CALLEE(r53), call53, ARGS(&v53[0], &v53[1], &v53[2], &v53[3], &v53[4]) },
    { "row 54 (__int128, L) returning __int128", SIG(&cp_type_i128, &cp_type_i128, &cp_type_i64),
      CALLEE(r54), call54, ARGS(&v54a, &v54b) },
    { "row 56 (_Complex F, _Complex D) returning _Complex D",
      SIG(&cp_type_c64, &cp_type_c32, &cp_type_c64), CALLEE(r56), call56, ARGS(&v56a, &v56b) },
    { "row 57 (signed char)", SIG(&cp_type_i32, &cp_type_i8), CALLEE(r57), call57, ARGS(&v57) },
};
const unsigned native_row_count = sizeof native_rows / sizeof native_rows[0];
