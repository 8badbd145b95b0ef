/* Closures: C code compiled by the compiler under test calls trampolines from the pool, and the
 * handlers see every argument and hand back every kind of result. Also the pool's rules:
 * exhaustion, double and foreign frees, plan ownership, nesting, and threads. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "callplan.h"
#include "harness.h"

typedef void fnptr(void);

/* Builds a plan for sig and makes a closure of it; the plan buffer is wiped afterwards to show
 * the closure owns a copy. */
static fnptr *make(const cp_type *ret, const cp_type *const *args, uint32_t n, uint32_t nfixed,
                   cp_handler *h, void *user)
{
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(CP_CLOSURE_MAX_ARGS)];
    cp_sig sig = { CP_ABI_DEFAULT, ret, args, n, nfixed, nfixed != n ? CP_SIG_VARIADIC : 0 };
    fnptr *fn = NULL;
    if (cp_plan_build(plan, sizeof plan, &sig, NULL) != CP_OK)
        return NULL;
    if (cp_closure_alloc((const cp_plan *)plan, h, user, &fn) != CP_OK)
        return NULL;
    memset(plan, 0xEE, sizeof plan);
    return fn;
}

/* ---- qsort with a closure comparator ---- */
static void compare_ints(void *user, void *ret, void *const *args)
{
    int a = **(const int *const *)args[0], b = **(const int *const *)args[1];
    ++*(int *)user;
    *(int32_t *)ret = (a > b) - (a < b);
}

TEST(qsort_with_a_closure_comparator)
{
    static const cp_type *const args[2] = { &cp_type_ptr, &cp_type_ptr };
    int calls = 0, v[64], i, sorted = 1;
    fnptr *fn = make(&cp_type_i32, args, 2, 2, compare_ints, &calls);
    CHECK(fn != NULL);
    if (!fn)
        return;
    for (i = 0; i < 64; i++)
        v[i] = (i * 37 + 11) % 64 - 20;
    qsort(v, 64, sizeof v[0], (int (*)(const void *, const void *))fn);
    for (i = 1; i < 64; i++)
        sorted &= v[i - 1] <= v[i];
    CHECK(sorted);
    CHECK(calls > 64);
    CHECK_STATUS(cp_closure_free(fn), CP_OK);
}

/* ---- many arguments, every register and the stack ---- */
static void sum_mixed(void *user, void *ret, void *const *args)
{
    (void)user;
    *(int64_t *)ret = *(const int8_t *)args[0] + *(const uint16_t *)args[1] +
                      *(const int32_t *)args[2] + *(const int64_t *)args[3] * 10 +
                      *(const int64_t *)args[4] + *(const int64_t *)args[5] +
                      *(const int64_t *)args[6] + *(const int64_t *)args[7] * 100;
}

TEST(integer_arguments_in_registers_and_on_the_stack)
{
    static const cp_type *const args[8] = { &cp_type_i8, &cp_type_u16, &cp_type_i32,
        &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64 };
    int64_t (*fn)(int8_t, uint16_t, int32_t, int64_t, int64_t, int64_t, int64_t, int64_t);
    fnptr *f = make(&cp_type_i64, args, 8, 8, sum_mixed, NULL);
    CHECK(f != NULL);
    if (!f)
        return;
    fn = (int64_t (*)(int8_t, uint16_t, int32_t, int64_t, int64_t, int64_t, int64_t, int64_t))f;
    CHECK_EQ_U64(fn(-3, 60000, -70000, 5, 1, 2, 3, 4), -3 + 60000 - 70000 + 50 + 1 + 2 + 3 + 400);
    cp_closure_free(f);
}

/* ---- narrow results come back extended, as a signed char function's caller may assume ---- */
static void minus_five(void *user, void *ret, void *const *args)
{
    (void)user;
    (void)args;
    *(int8_t *)ret = -5;
}

TEST(signed_char_result_is_sign_extended)
{
    int64_t (*wide)(void);
    fnptr *f = make(&cp_type_i8, NULL, 0, 0, minus_five, NULL);
    CHECK(f != NULL);
    if (!f)
        return;
    wide = (int64_t (*)(void))f;            /* read the whole of RAX */
    CHECK_EQ_U64(wide(), (uint64_t)(int64_t)-5);
    CHECK(((signed char (*)(void))f)() == -5);
    cp_closure_free(f);
}

#ifndef CP_NOFLOAT
/* ---- structs: in registers both ways, and through a hidden pointer ---- */
struct dl { double d; long l; };
struct big { long a, b, c; };

static void swap_dl(void *user, void *ret, void *const *args)
{
    const struct dl *in = args[0];
    struct dl out = { (double)in->l, (long)in->d };
    (void)user;
    memcpy(ret, &out, sizeof out);
}

static void make_big(void *user, void *ret, void *const *args)
{
    struct big out = { *(const long *)args[0], 2 * *(const long *)args[0], *(int *)user };
    memcpy(ret, &out, sizeof out);
}

static const cp_type dl_t = CP_STRUCT(CP_MEMBER(cp_type_f64), CP_MEMBER(cp_type_i64));
static const cp_type big_t =
    CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64));

TEST(structs_in_registers_and_through_sret)
{
    static const cp_type *const a_dl[1] = { &dl_t };
    static const cp_type *const a_long[1] = { &cp_type_i64 };
    int marker = 77;
    fnptr *f1 = make(&dl_t, a_dl, 1, 1, swap_dl, NULL);
    fnptr *f2 = make(&big_t, a_long, 1, 1, make_big, &marker);
    struct dl in = { 2.5, 9 }, out;
    struct big b;
    CHECK(f1 && f2);
    if (!f1 || !f2)
        return;
    out = ((struct dl (*)(struct dl))f1)(in);
    CHECK(out.d == 9.0 && out.l == 2);
    b = ((struct big (*)(long))f2)(21);
    CHECK(b.a == 21 && b.b == 42 && b.c == 77);
    cp_closure_free(f1);
    cp_closure_free(f2);
}

/* ---- floating point: doubles past the registers, long double and complex results ---- */
static void weigh_doubles(void *user, void *ret, void *const *args)
{
    double s = 0;
    int i;
    (void)user;
    for (i = 0; i < 10; i++)
        s += *(const double *)args[i] * (i + 1);
    *(double *)ret = s;
}

static void ld_half(void *user, void *ret, void *const *args)
{
    (void)user;
    *(long double *)ret = *(const long double *)args[0] / 2;
}

__extension__ typedef _Complex double cdouble;

static void complex_swap(void *user, void *ret, void *const *args)
{
    const double *z = args[0];
    double out[2] = { z[1], z[0] };
    (void)user;
    memcpy(ret, out, sizeof out);
}

TEST(floating_point_arguments_and_results)
{
    static const cp_type *const d10[10] = { &cp_type_f64, &cp_type_f64, &cp_type_f64,
        &cp_type_f64, &cp_type_f64, &cp_type_f64, &cp_type_f64, &cp_type_f64, &cp_type_f64,
        &cp_type_f64 };
    static const cp_type *const ld1[1] = { &cp_type_f80 };
    static const cp_type *const c1[1] = { &cp_type_c64 };
    fnptr *fd = make(&cp_type_f64, d10, 10, 10, weigh_doubles, NULL);
    fnptr *fl = make(&cp_type_f80, ld1, 1, 1, ld_half, NULL);
    fnptr *fc = make(&cp_type_c64, c1, 1, 1, complex_swap, NULL);
    double r, parts[2] = { 1.0, 2.0 };
    cdouble z, s;
    CHECK(fd && fl && fc);
    if (!fd || !fl || !fc)
        return;
    r = ((double (*)(double, double, double, double, double, double, double, double, double,
                     double))fd)(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    CHECK(r == 385.0);
    CHECK(((long double (*)(long double))fl)(3.0L) == 1.5L);
    memcpy(&z, parts, sizeof z);            /* 1 + 2i */
    s = ((cdouble (*)(cdouble))fc)(z);
    CHECK(__builtin_creal(s) == 2.0 && __builtin_cimag(s) == 1.0);
    cp_closure_free(fd);
    cp_closure_free(fl);
    cp_closure_free(fc);
}

/* ---- a variadic closure: the plan names the promoted types of one call shape ---- */
static void vsum(void *user, void *ret, void *const *args)
{
    (void)user;
    *(double *)ret = *(const int32_t *)args[0] + *(const double *)args[1] +
                     (double)*(const int64_t *)args[2];
}

TEST(variadic_closure)
{
    static const cp_type *const a[3] = { &cp_type_i32, &cp_type_f64, &cp_type_i64 };
    fnptr *f = make(&cp_type_f64, a, 3, 1, vsum, NULL);
    CHECK(f != NULL);
    if (!f)
        return;
    CHECK(((double (*)(int, ...))f)(2, 0.5, 40L) == 42.5);
    cp_closure_free(f);
}

#endif

/* ---- a closure calling a closure, and itself ---- */
static fnptr *fact_fn;

static void factorial(void *user, void *ret, void *const *args)
{
    int64_t n = *(const int64_t *)args[0];
    (void)user;
    *(int64_t *)ret = n <= 1 ? 1 : n * ((int64_t (*)(int64_t))fact_fn)(n - 1);
}

TEST(recursive_closure)
{
    static const cp_type *const a[1] = { &cp_type_i64 };
    fact_fn = make(&cp_type_i64, a, 1, 1, factorial, NULL);
    CHECK(fact_fn != NULL);
    if (!fact_fn)
        return;
    CHECK_EQ_U64(((int64_t (*)(int64_t))fact_fn)(10), 3628800);
    cp_closure_free(fact_fn);
}

/* ---- the pool's rules ---- */
static void nothing(void *user, void *ret, void *const *args)
{
    (void)user;
    (void)ret;
    (void)args;
}

TEST(pool_exhaustion_double_free_and_foreign_pointers)
{
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(0)];
    cp_sig sig = { CP_ABI_DEFAULT, NULL, NULL, 0, 0, 0 };
    fnptr *all[CP_CLOSURE_SLOTS] = { NULL }, *extra = NULL;
    unsigned i, distinct = 1;
    CHECK_STATUS(cp_plan_build(plan, sizeof plan, &sig, NULL), CP_OK);
    for (i = 0; i < CP_CLOSURE_SLOTS; i++)
        /* cppcheck-suppress legacyUninitvar ; all[] is zeroed above, cppcheck misreads &all[i] */
        CHECK_STATUS(cp_closure_alloc((const cp_plan *)plan, nothing, NULL, &all[i]), CP_OK);
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)plan, nothing, NULL, &extra), CP_ERR_BUSY);
    CHECK(extra == NULL);
    for (i = 1; i < CP_CLOSURE_SLOTS; i++)
        distinct &= all[i] != all[i - 1];
    CHECK(distinct);
    for (i = 0; i < CP_CLOSURE_SLOTS; i++)
        all[i]();                           /* every trampoline reaches its handler */
    CHECK_STATUS(cp_closure_free(all[5]), CP_OK);
    CHECK_STATUS(cp_closure_free(all[5]), CP_ERR_ARG);          /* double free */
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)plan, nothing, NULL, &extra), CP_OK);
    CHECK(extra == all[5]);                 /* the freed slot, reused */
    CHECK_STATUS(cp_closure_free((fnptr *)(uintptr_t)((uintptr_t)all[0] + 1)), CP_ERR_ARG);
    CHECK_STATUS(cp_closure_free((fnptr *)qsort), CP_ERR_ARG);
    CHECK_STATUS(cp_closure_free(NULL), CP_ERR_ARG);
    for (i = 0; i < CP_CLOSURE_SLOTS; i++)
        CHECK_STATUS(cp_closure_free(all[i]), CP_OK);
}

TEST(bad_closure_requests)
{
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(CP_CLOSURE_MAX_ARGS + 1)];
    const cp_type *many[CP_CLOSURE_MAX_ARGS + 1];
    cp_sig sig = { CP_ABI_DEFAULT, NULL, many, CP_CLOSURE_MAX_ARGS + 1, 0, 0 };
    fnptr *fn = NULL;
    unsigned i;
    for (i = 0; i < CP_CLOSURE_MAX_ARGS + 1; i++)
        many[i] = &cp_type_i64;
    CHECK_STATUS(cp_plan_build(plan, sizeof plan, &sig, NULL), CP_OK);
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)plan, nothing, NULL, &fn), CP_ERR_TOOMANY);
    sig.nargs = 1;
    CHECK_STATUS(cp_plan_build(plan, sizeof plan, &sig, NULL), CP_OK);
    CHECK_STATUS(cp_closure_alloc(NULL, nothing, NULL, &fn), CP_ERR_ARG);
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)plan, NULL, NULL, &fn), CP_ERR_ARG);
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)plan, nothing, NULL, NULL), CP_ERR_ARG);
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)(plan + 4), nothing, NULL, &fn),
                 CP_ERR_ALIGN);
    plan[20] ^= 1;                          /* damaged: the checksum no longer matches */
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)plan, nothing, NULL, &fn), CP_ERR_PLAN);
    CHECK(fn == NULL);
}

/* ---- several threads taking, calling and giving back closures at once ---- */
static void add_one(void *user, void *ret, void *const *args)
{
    (void)user;
    *(int64_t *)ret = *(const int64_t *)args[0] + 1;
}

static void *stress(void *arg)
{
    static const cp_type *const a[1] = { &cp_type_i64 };
    long bad = 0, round;
    (void)arg;
    for (round = 0; round < 2000; round++) {
        fnptr *f = make(&cp_type_i64, a, 1, 1, add_one, NULL);
        if (!f)
            continue;                       /* the pool may be momentarily full: fine */
        bad += ((int64_t (*)(int64_t))f)(round) != round + 1;
        bad += cp_closure_free(f) != CP_OK;
    }
    return (void *)bad;
}

TEST(threads_alloc_call_and_free_concurrently)
{
    pthread_t t[8];
    long bad = 0;
    int i;
    for (i = 0; i < 8; i++)
        CHECK(pthread_create(&t[i], NULL, stress, NULL) == 0);
    for (i = 0; i < 8; i++) {
        void *r;
        pthread_join(t[i], &r);
        bad += (long)r;
    }
    CHECK_EQ_U64(bad, 0);
}

int main(void)
{
    RUN(qsort_with_a_closure_comparator);
    RUN(integer_arguments_in_registers_and_on_the_stack);
    RUN(signed_char_result_is_sign_extended);
    RUN(pool_exhaustion_double_free_and_foreign_pointers);
    RUN(bad_closure_requests);
    RUN(recursive_closure);
    RUN(threads_alloc_call_and_free_concurrently);
#ifndef CP_NOFLOAT
    RUN(structs_in_registers_and_through_sret);
    RUN(floating_point_arguments_and_results);
    RUN(variadic_closure);
#endif
    return harness_done();
}
