/* The in-kernel tests: plans built at run time into static buffers (.bss) and plans built at
 * build time on the host (tools/cpgen from tests/qemu/aot.sigs, linked in as const data in
 * .rodata), used to call kernel functions. Each build-time plan is also rebuilt here from its
 * signature text and must be the same bytes. Floating-point values are handled as bit patterns: this file is kernel code
 * and never touches an FP register; only the callees in kfp.c (SSE image) do. */
#include "aot_plans.h"
#include "callplan.h"
#include "kernel.h"
#include "kfuncs.h"
#include "ksigs.h"

void test_result(const char *name, int ok)
{
    if (ok)
        tests_passed++;
    else
        tests_failed++;
    kprintf("%s - %s\n", ok ? "ok" : "FAIL", name);
}

typedef void fnptr(void);
#define FN(f) ((fnptr *)(f))

/* Each case calls its function through `plan` and says whether every result was right. */
typedef int case_fn(const cp_plan *plan);

static int case_sum6(const cp_plan *plan)
{
    long v[6] = { 1, -2, 3, -4, 5, -6 }, r = 0;
    void *args[6] = { &v[0], &v[1], &v[2], &v[3], &v[4], &v[5] };
    cp_call(plan, FN(k_sum6), &r, args);
    return r == k_sum6(1, -2, 3, -4, 5, -6);
}

static int case_sum10(const cp_plan *plan)
{
    long v[10] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 1L << 33 }, r = 0;
    void *args[10];
    unsigned i;
    for (i = 0; i < 10; i++)
        args[i] = &v[i];
    cp_call(plan, FN(k_sum10), &r, args);
    return r == k_sum10(1, 2, 3, 4, 5, 6, 7, 8, 9, 1L << 33);
}

static int case_ext(const cp_plan *plan)
{
    signed char a = -5;
    unsigned char b = 250;
    short c = -3000;
    unsigned short d = 60000;
    _Bool e = 1;
    int f = -7, r = -1;
    unsigned g = 0xFFFFFFF0u;
    long h = -1;
    void *args[8] = { &a, &b, &c, &d, &e, &f, &g, &h };
    cp_call(plan, FN(k_ext), &r, args);
    return r == 0;
}

static int case_structs(const cp_plan *plan)
{
    struct k_long_int x = { 100, 7 }, r = { 0, 0 };
    struct k_three_longs y = { 1, 2, 3 };
    long z = 1000;
    void *args[3] = { &x, &y, &z };
    cp_call(plan, FN(k_structs), &r, args);
    return r.a == 1103 && r.b == 10;
}

static int case_sret(const cp_plan *plan)
{
    long v[7] = { 1, 2, 3, 4, 5, 6, 7 };
    struct k_three_longs r = { 0, 0, 0 };
    void *args[7] = { &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6] };
    cp_call(plan, FN(k_sret), &r, args);
    return r.a == 3 && r.b == 7 && r.c == 18;
}

static int case_i128(const cp_plan *plan)
{
    long a = 5, c = -2;
    k_i128 b = ((k_i128)0x1234 << 64) | 0x10, r = 0;
    void *args[3] = { &a, &b, &c };
    cp_call(plan, FN(k_int128), &r, args);
    return r == b * 3 + 3;
}

static int case_vsum(const cp_plan *plan)
{
    int n = 7, i2 = 2, i4 = 4, i6 = -6;
    long l1 = 1, l3 = 3, l5 = 5, l7 = 7, r = 0;
    void *args[8] = { &n, &l1, &i2, &l3, &i4, &l5, &i6, &l7 };
    cp_call(plan, FN(k_vsum), &r, args);
    return r == k_vsum(7, 1L, 2, 3L, 4, 5L, -6, 7L);
}

static int case_odd(const cp_plan *plan)
{
    long a = 11, z = 99, r = 0;
    struct k_empty e;
    struct k_packed p = { 0xAB, -123456 };
    union k_union u = { .bytes = { 0x11, 0x22, 0x33, 0x44, 0, 0, 0, 0x77 } };
    struct k_nested n = { { { 5, -6 } }, 1L << 40 };
    void *args[7] = { &a, &e, &p, &u, &n, &e, &z };
    cp_call(plan, FN(k_odd), &r, args);
    return r == 42;
}

#ifndef KERNEL_NOFLOAT
/* Bit patterns of the values the FP callees expect (kfp.c), and of their answer 42. */
static const uint64_t d_1_5 = 0x3FF8000000000000, d_m2_25 = 0xC002000000000000;
static const uint64_t d_100 = 0x4059000000000000, d_3 = 0x4008000000000000;
static const uint64_t d_m8 = 0xC020000000000000, d_42 = 0x4045000000000000;
static const uint32_t f_1_5 = 0x3FC00000, f_m2_25 = 0xC0100000, f_0_5 = 0x3F000000;
static const uint32_t f_3 = 0x40400000, f_100 = 0x42C80000, f_m8 = 0xC1000000;
static const uint32_t f_42 = 0x42280000, f_1 = 0x3F800000, f_2 = 0x40000000;
/* x87 80-bit values in 16-byte objects: mantissa (explicit integer bit), then sign+exponent. */
static const uint64_t ld_1_5[2] = { 0xC000000000000000, 0x3FFF };
static const uint64_t ld_0_5[2] = { 0x8000000000000000, 0x3FFE };
static const uint64_t ld_42[2] = { 0xA800000000000000, 0x4004 };

static int case_dids(const cp_plan *plan)
{
    int b = -3;
    long d = 1L << 40;
    uint64_t r = 0;
    void *args[4] = { (void *)&d_1_5, &b, (void *)&d_m2_25, &d };
    cp_call(plan, FN(k_dids), &r, args);
    return r == d_42;
}

static int case_f32x9(const cp_plan *plan)
{
    const uint32_t *v[9] = { &f_1_5, &f_m2_25, &f_0_5, &f_3, &f_100, &f_m8, &f_1_5, &f_0_5,
                             &f_m2_25 };
    uint32_t r = 0;
    void *args[9];
    unsigned i;
    for (i = 0; i < 9; i++)
        args[i] = (void *)v[i];
    cp_call(plan, FN(k_f32x9), &r, args);
    return r == f_42;
}

static int case_fstruct(const cp_plan *plan)
{
    uint32_t x[3] = { f_1_5, f_m2_25, f_0_5 }, r[4] = { 0, 0, 0, 0xA5A5A5A5 };
    uint64_t y[2] = { d_100, (uint64_t)-77 };
    void *args[2] = { x, y };
    cp_call(plan, FN(k_fstruct), r, args);
    return r[0] == f_1 && r[1] == f_2 && r[2] == f_3 && r[3] == 0xA5A5A5A5;
}

static int case_ld(const cp_plan *plan)
{
    int b = 7;
    uint64_t c[2] = { d_3, d_m8 }, r[3] = { 1, 1, 0xA5A5A5A5A5A5A5A5 };
    void *args[3] = { (void *)ld_1_5, &b, c };
    cp_call(plan, FN(k_ld), r, args);
    /* 10 value bytes, 6 zero bytes, and nothing past the 16. */
    return r[0] == ld_42[0] && r[1] == ld_42[1] && r[2] == 0xA5A5A5A5A5A5A5A5;
}

static int case_vdouble(const cp_plan *plan)
{
    int n = 5;
    long l = -9;
    uint64_t s[2] = { d_3, 12 }, r = 0;
    void *args[6] = { &n, (void *)&d_1_5, &l, (void *)&d_m2_25, (void *)ld_0_5, s };
    cp_call(plan, FN(k_vdouble), &r, args);
    return r == d_42;
}
#endif

struct kcase {
    const char *name;
    const cp_sig *sig;
    case_fn *run;           /* NULL in the NOFLOAT image: the build must say UNSUPPORTED */
};

#ifdef KERNEL_NOFLOAT
#define FP_CASE(name, sig, fn) { name, sig, 0 }
#else
#define FP_CASE(name, sig, fn) { name, sig, fn }
#endif

static const struct kcase cases[] = {
    { "sum6", &ks_sum6, case_sum6 },
    { "sum10", &ks_sum10, case_sum10 },
    { "ext", &ks_ext, case_ext },
    { "structs", &ks_structs, case_structs },
    { "sret", &ks_sret, case_sret },
    { "i128", &ks_i128, case_i128 },
    { "vsum", &ks_vsum, case_vsum },
    { "odd", &ks_odd, case_odd },
    FP_CASE("dids", &ks_dids, case_dids),
    FP_CASE("f32x9", &ks_f32x9, case_f32x9),
    FP_CASE("fstruct", &ks_fstruct, case_fstruct),
    FP_CASE("ld", &ks_ld, case_ld),
    FP_CASE("vdouble", &ks_vdouble, case_vdouble),
};

static _Alignas(CP_PLAN_ALIGN) unsigned char plan_buf[CP_PLAN_SIZE(CP_MAX_ARGS)];

static const struct cp_aot_plan *find_aot(const char *name)
{
    size_t i;
    for (i = 0; i < aot_plan_count; i++) {
        const char *a = aot_plans[i].name, *b = name;
        while (*a && *a == *b)
            a++, b++;
        if (*a == *b)
            return &aot_plans[i];
    }
    return 0;
}

static void join(char *out, size_t cap, const char *a, const char *b)
{
    size_t n = 0;
    while (*a && n + 1 < cap)
        out[n++] = *a++;
    while (*b && n + 1 < cap)
        out[n++] = *b++;
    out[n] = 0;
}

static void run_case(const struct kcase *c)
{
    const struct cp_aot_plan *aot = find_aot(c->name);
    char name[96];
    size_t used = 0;
    cp_status s = cp_plan_build(plan_buf, sizeof plan_buf, c->sig, &used);

    if (!c->run) {
        /* NOFLOAT image: floats are refused when building, and when checking a foreign plan. */
        join(name, sizeof name, c->name, ": refused, CP_ERR_UNSUPPORTED");
        test_result(name, s == CP_ERR_UNSUPPORTED);
        if (aot) {
            join(name, sizeof name, c->name, ": build-time plan refused by cp_plan_check");
            test_result(name, cp_plan_check(aot->plan, aot->size) == CP_ERR_UNSUPPORTED);
        }
        return;
    }
    test_result(c->name, s == CP_OK && c->run((const cp_plan *)plan_buf));
    if (!aot)
        return;
    /* The build-time plan: valid, byte-identical to the run-time one, and it works from .rodata. */
    join(name, sizeof name, c->name, ": build-time plan in .rodata passes cp_plan_check");
    test_result(name, cp_plan_check(aot->plan, aot->size) == CP_OK);
    join(name, sizeof name, c->name, ": build-time plan equals the run-time plan");
    test_result(name, aot->size == used && memcmp(aot->plan, plan_buf, used) == 0);
    memset(plan_buf, 0, sizeof plan_buf);   /* nothing left of the run-time plan */
    join(name, sizeof name, c->name, ": called through the build-time plan");
    test_result(name, c->run(aot->plan));
}

/* Every build-time plan, rebuilt here from its signature text: the same bytes, and valid.
 * The NOFLOAT image refuses float signatures both ways: the build says UNSUPPORTED, and so
 * does cp_plan_check on the plan the host made. */
static void check_aot_texts(void)
{
    static _Alignas(16) unsigned char arena[CP_SIG_ARENA_SIZE(256)];
    size_t i, n;
    for (i = 0; i < aot_plan_count; i++) {
        const struct cp_aot_plan *a = &aot_plans[i];
        cp_sig sig;
        size_t used = 0;
        cp_status parse, build, check = cp_plan_check(a->plan, a->size);
        char name[96];
        for (n = 0; a->sig[n]; n++)
            ;
        parse = cp_sig_parse(a->sig, n, arena, sizeof arena, &sig, 0);
        build = parse == CP_OK ? cp_plan_build(plan_buf, sizeof plan_buf, &sig, &used) : parse;
        join(name, sizeof name, "build-time plan rebuilt from its text: ", a->name);
        if (build == CP_ERR_UNSUPPORTED && check == CP_ERR_UNSUPPORTED) {
            join(name, sizeof name, "build-time float plan refused from its text and by check: ",
                 a->name);
            test_result(name, 1);
            continue;
        }
        test_result(name, check == CP_OK && build == CP_OK && used == a->size &&
                          memcmp(plan_buf, a->plan, used) == 0);
    }
}

void run_tests(void)
{
    unsigned i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        run_case(&cases[i]);
    check_aot_texts();
}
