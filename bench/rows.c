/* The benchmark's rows: the signatures of issue 5, each a callee (callees.c), its callplan
 * signature, its argument values and its direct call; then the closure rows of issue 6, each
 * with its C caller's loop and its two closures' handlers. Adding a row is one block here and
 * one line in rows[]; bench.c derives everything else (libffi's types included). */
#include "bench.h"

#include <limits.h>
#include <string.h>

#include "callees.h"

#define FN(f) ((void (*)(void))(f))

/* Per row: the argument values (a struct, in argument order), args[] pointing at them, the
 * callplan types, a volatile pointer to the callee (so the direct call can be neither inlined
 * nor hoisted) and the direct loop, which reads the values from memory on every call as cp_call
 * and ffi_call do. */
#define I32 (&cp_type_i32)
#define I64 (&cp_type_i64)
#define F64 (&cp_type_f64)
#define F80 (&cp_type_f80)
#define PTR (&cp_type_ptr)

#define SIG(ret, types) { CP_ABI_DEFAULT, (ret), (types), COUNTOF(types), 0, 0 }

#define DIRECT(id, R, ...)                                                                  \
    static void direct_##id(struct bench *b, long n)                                        \
    {                                                                                       \
        R r;                                                                                \
        memset(&r, 0, sizeof r);                                                            \
        for (long i = 0; i < n; i++)                                                        \
            r = __VA_ARGS__;                                                                \
        memcpy(b->ret[M_DIRECT], &r, sizeof r);                                             \
    }

static struct { void *a, *b, *c; } v_ptr3 = { (void *)0x1000, (void *)0x20, (void *)0x3 };
static void *const a_ptr3[] = { &v_ptr3.a, &v_ptr3.b, &v_ptr3.c };
static const cp_type *const t_ptr3[] = { PTR, PTR, PTR };
static void *(*volatile p_ptr3)(void *, void *, void *) = f_ptr3;
DIRECT(ptr3, void *, p_ptr3(v_ptr3.a, v_ptr3.b, v_ptr3.c))

static struct { int a, b, c; } v_int3 = { 3, -50, 700 };
static void *const a_int3[] = { &v_int3.a, &v_int3.b, &v_int3.c };
static const cp_type *const t_int3[] = { I32, I32, I32 };
static int (*volatile p_int3)(int, int, int) = f_int3;
DIRECT(int3, int, p_int3(v_int3.a, v_int3.b, v_int3.c))

static struct { int a, b, c, d, e, f, g, h; } v_int8 = { 1, -3, 5, -7, 11, -13, 17, -19 };
static void *const a_int8[] = { &v_int8.a, &v_int8.b, &v_int8.c, &v_int8.d,
                                &v_int8.e, &v_int8.f, &v_int8.g, &v_int8.h };
static const cp_type *const t_int8[] = { I32, I32, I32, I32, I32, I32, I32, I32 };
static int (*volatile p_int8)(int, int, int, int, int, int, int, int) = f_int8;
DIRECT(int8, int, p_int8(v_int8.a, v_int8.b, v_int8.c, v_int8.d,
                         v_int8.e, v_int8.f, v_int8.g, v_int8.h))

static struct { double a; int b; double c; long d; } v_mixed4 = { 1.0 / 3, -7, 2.75, 1000 };
static void *const a_mixed4[] = { &v_mixed4.a, &v_mixed4.b, &v_mixed4.c, &v_mixed4.d };
static const cp_type *const t_mixed4[] = { F64, I32, F64, I64 };
static double (*volatile p_mixed4)(double, int, double, long) = f_mixed4;
DIRECT(mixed4, double, p_mixed4(v_mixed4.a, v_mixed4.b, v_mixed4.c, v_mixed4.d))

static struct { long a, b, c, d, e, f, g, h, i, j; } v_long10 = {
    0x100000001, -2, 3, -4, 5, -6, 7, -8, 0x7000000009, -10 };
static void *const a_long10[] = { &v_long10.a, &v_long10.b, &v_long10.c, &v_long10.d,
                                  &v_long10.e, &v_long10.f, &v_long10.g, &v_long10.h,
                                  &v_long10.i, &v_long10.j };
static const cp_type *const t_long10[] = { I64, I64, I64, I64, I64, I64, I64, I64, I64, I64 };
static long (*volatile p_long10)(long, long, long, long, long, long, long, long, long, long) =
    f_long10;
DIRECT(long10, long, p_long10(v_long10.a, v_long10.b, v_long10.c, v_long10.d, v_long10.e,
                              v_long10.f, v_long10.g, v_long10.h, v_long10.i, v_long10.j))

static const cp_type dd_type = CP_STRUCT(CP_MEMBER(cp_type_f64), CP_MEMBER(cp_type_f64));
static struct { struct dd s; double k; } v_dd = { { 1.5, -2.25 }, 0.1 };
static void *const a_dd[] = { &v_dd.s, &v_dd.k };
static const cp_type *const t_dd[] = { &dd_type, F64 };
static struct dd (*volatile p_dd)(struct dd, double) = f_dd;
DIRECT(dd, struct dd, p_dd(v_dd.s, v_dd.k))

static struct { void *a, *b, *c, *d, *e, *f; } v_ptr6 = {
    (void *)0x100000, (void *)0x20000, (void *)0x3000, (void *)0x400, (void *)0x50, (void *)6 };
static void *const a_ptr6[] = { &v_ptr6.a, &v_ptr6.b, &v_ptr6.c,
                                &v_ptr6.d, &v_ptr6.e, &v_ptr6.f };
static const cp_type *const t_ptr6[] = { PTR, PTR, PTR, PTR, PTR, PTR };
static void *(*volatile p_ptr6)(void *, void *, void *, void *, void *, void *) = f_ptr6;
DIRECT(ptr6, void *, p_ptr6(v_ptr6.a, v_ptr6.b, v_ptr6.c, v_ptr6.d, v_ptr6.e, v_ptr6.f))

static struct {
    int a; double b; long c; double d; int e; long double f; long g; double h;
    int i; double j; long k; double l; int m; long double n; long o; double p;
} v_mix16 = { 1, 0.5, -20, 0.25, 300, 1.0L / 3, -4000, 0.125,
              5, 1.0 / 7, -60, 0.0625, 700, 2.0L / 3, -8000, 0.03125 };
static void *const a_mix16[] = {
    &v_mix16.a, &v_mix16.b, &v_mix16.c, &v_mix16.d, &v_mix16.e, &v_mix16.f, &v_mix16.g,
    &v_mix16.h, &v_mix16.i, &v_mix16.j, &v_mix16.k, &v_mix16.l, &v_mix16.m, &v_mix16.n,
    &v_mix16.o, &v_mix16.p };
static const cp_type *const t_mix16[] = { I32, F64, I64, F64, I32, F80, I64, F64,
                                          I32, F64, I64, F64, I32, F80, I64, F64 };
static double (*volatile p_mix16)(int, double, long, double, int, long double, long, double,
                                  int, double, long, double, int, long double, long, double) =
    f_mix16;
DIRECT(mix16, double, p_mix16(v_mix16.a, v_mix16.b, v_mix16.c, v_mix16.d, v_mix16.e,
                              v_mix16.f, v_mix16.g, v_mix16.h, v_mix16.i, v_mix16.j,
                              v_mix16.k, v_mix16.l, v_mix16.m, v_mix16.n, v_mix16.o,
                              v_mix16.p))

static const cp_type s24_type = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64),
                                          CP_MEMBER(cp_type_i64));
static struct { struct s24 s; long k; } v_s24 = { { 1000000, -20000, 300 }, 4 };
static void *const a_s24[] = { &v_s24.s, &v_s24.k };
static const cp_type *const t_s24[] = { &s24_type, I64 };
static long (*volatile p_s24)(struct s24, long) = f_s24;
DIRECT(s24, long, p_s24(v_s24.s, v_s24.k))

static struct { long double a, b; } v_ldret = { 1.0L / 3, 2.0L / 7 };
static void *const a_ldret[] = { &v_ldret.a, &v_ldret.b };
static const cp_type *const t_ldret[] = { F80, F80 };
static long double (*volatile p_ldret)(long double, long double) = f_ldret;
DIRECT(ldret, long double, p_ldret(v_ldret.a, v_ldret.b))

static struct { const char *fmt; double a, b, c; } v_vsum = { "ddd", 1.5, 2.25, 4.125 };
static void *const a_vsum[] = { &v_vsum.fmt, &v_vsum.a, &v_vsum.b, &v_vsum.c };
static const cp_type *const t_vsum[] = { PTR, F64, F64, F64 };
static int (*volatile p_vsum)(const char *, ...) = f_vsum;
DIRECT(vsum, int, p_vsum(v_vsum.fmt, v_vsum.a, v_vsum.b, v_vsum.c))

/* ---- closure rows (issue 6): C calls a function pointer; see struct row_closure ---------- */
/* Each row's caller loop is compiled once and reads the argument values from memory on every
 * call; the handlers compute what the callee computes. */
static struct { int a, b; } v_cmp = { 3, -50 };
static void *const a_cmp[] = { &v_cmp.a, &v_cmp.b };
static const cp_type *const t_cmp[] = { I32, I32 };

static void through_cmp(void (*fn)(void), void *ret, long n)
{
    int (*f)(int, int) = (int (*)(int, int))fn;
    int r = 0;

    for (long i = 0; i < n; i++)
        r = f(v_cmp.a, v_cmp.b);
    memcpy(ret, &r, sizeof r);
}

static void cp_cmp(void *user, void *ret, void *const *args)
{
    int a = *(const int *)args[0], b = *(const int *)args[1];

    (void)user;
    *(int *)ret = (a > b) - (a < b);
}

static void ffi_cmp(ffi_cif *cif, void *ret, void **args, void *user)
{
    int a = *(const int *)args[0], b = *(const int *)args[1];

    (void)cif, (void)user;
    *(ffi_sarg *)ret = (a > b) - (a < b);   /* libffi widens integer results to ffi_arg */
}

static const char *check_cmp(void (*fn)(void))
{
    static const int pairs[][2] = { { 3, -50 }, { -50, 3 }, { 7, 7 }, { INT_MIN, INT_MAX },
                                    { INT_MAX, INT_MIN }, { -1, 0 }, { 0, -1 } };
    int (*f)(int, int) = (int (*)(int, int))fn;

    for (size_t i = 0; i < COUNTOF(pairs); i++)
        if (f(pairs[i][0], pairs[i][1]) != f_cmp(pairs[i][0], pairs[i][1]))
            return "int(int,int): a comparison differs from f_cmp's";
    return NULL;
}

static const struct row_closure cl_cmp = { through_cmp, cp_cmp, ffi_cmp, check_cmp };

/* The dd signature again (a_dd, t_dd): a struct in two XMM registers, a double, a struct
 * result in XMM0:XMM1. */
static void through_dd(void (*fn)(void), void *ret, long n)
{
    struct dd (*f)(struct dd, double) = (struct dd (*)(struct dd, double))fn;
    struct dd r = { 0, 0 };

    for (long i = 0; i < n; i++)
        r = f(v_dd.s, v_dd.k);
    memcpy(ret, &r, sizeof r);
}

static void cp_dd(void *user, void *ret, void *const *args)
{
    const struct dd *s = args[0];
    double k = *(const double *)args[1];
    struct dd r = { s->x * k, s->y - k };

    (void)user;
    memcpy(ret, &r, sizeof r);
}

static void ffi_dd(ffi_cif *cif, void *ret, void **args, void *user)
{
    const struct dd *s = args[0];
    double k = *(const double *)args[1];
    struct dd r = { s->x * k, s->y - k };

    (void)cif, (void)user;
    memcpy(ret, &r, sizeof r);
}

static const char *check_dd(void (*fn)(void))
{
    static const struct { struct dd s; double k; } cases[] = {
        { { 1.5, -2.25 }, 0.1 }, { { -3.0, 1e300 }, -2.5 }, { { 0.0, -0.0 }, 7.0 / 3 } };
    struct dd (*f)(struct dd, double) = (struct dd (*)(struct dd, double))fn;

    for (size_t i = 0; i < COUNTOF(cases); i++) {
        struct dd got = f(cases[i].s, cases[i].k), want = f_dd(cases[i].s, cases[i].k);
        if (memcmp(&got, &want, sizeof got) != 0)
            return "struct dd(struct dd, double): a result differs from f_dd's";
    }
    return NULL;
}

static const struct row_closure cl_dd = { through_dd, cp_dd, ffi_dd, check_dd };

const struct row rows[] = {
    { "ptr3", "void*(void*,void*,void*)", FN(f_ptr3), SIG(PTR, t_ptr3), a_ptr3, direct_ptr3,
      NULL },
    { "int3", "int(int,int,int)", FN(f_int3), SIG(I32, t_int3), a_int3, direct_int3, NULL },
    { "int8", "int(int x8)", FN(f_int8), SIG(I32, t_int8), a_int8, direct_int8, NULL },
    { "mixed4", "double(double,int,double,long)", FN(f_mixed4), SIG(F64, t_mixed4), a_mixed4,
      direct_mixed4, NULL },
    { "long10", "long(long x10)", FN(f_long10), SIG(I64, t_long10), a_long10, direct_long10,
      NULL },
    { "dd", "struct{double,double}(struct{double,double},double)", FN(f_dd),
      SIG(&dd_type, t_dd), a_dd, direct_dd, NULL },
    { "ptr6", "void*(void* x6)", FN(f_ptr6), SIG(PTR, t_ptr6), a_ptr6, direct_ptr6, NULL },
    { "mix16", "double(16 args: 8 int/long, 6 double, 2 long double; 4 on the stack)",
      FN(f_mix16), SIG(F64, t_mix16), a_mix16, direct_mix16, NULL },
    { "s24", "long(struct{long,long,long},long): 24-byte struct by value (memory)", FN(f_s24),
      SIG(I64, t_s24), a_s24, direct_s24, NULL },
    { "ldret", "long double(long double,long double)", FN(f_ldret), SIG(F80, t_ldret), a_ldret,
      direct_ldret, NULL },
    { "vsum", "int(const char*, ...) called with 3 doubles", FN(f_vsum),
      { CP_ABI_DEFAULT, I32, t_vsum, COUNTOF(t_vsum), 1, CP_SIG_VARIADIC }, a_vsum,
      direct_vsum, NULL },
    /* Not a call: the cost of cp_plan_build against ffi_prep_cif, for the mixed4 signature. */
    { "build", "plan build time vs ffi_prep_cif: double(double,int,double,long)", FN(f_mixed4),
      SIG(F64, t_mixed4), a_mixed4, NULL, NULL },
    /* Closures: the reverse direction. */
    { "cl_cmp", "int(int,int) comparator", FN(f_cmp), SIG(I32, t_cmp), a_cmp, NULL, &cl_cmp },
    { "cl_dd", "struct{double,double}(struct{double,double},double)", FN(f_dd),
      SIG(&dd_type, t_dd), a_dd, NULL, &cl_dd },
};
const size_t nrows = COUNTOF(rows);
