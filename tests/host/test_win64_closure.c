/* Microsoft x64 closures: rows 47-57 of ../shared/ABI.md in reverse. Code compiled by $(CC)
 * calls each closure through an __attribute__((ms_abi)) function pointer (gcc and clang are both
 * callers, as the suites build this file with each); the handler records what arrived and
 * returns a preset value, which the caller then checks. Also: the closure keeps the caller's
 * callee-saved rdi, rsi and xmm6-15 even though its handler is System V code that clobbers them. */
#include "callplan.h"
#include "callees_win64.h"
#include "harness.h"
#include "win64_types.h"

#include <stdint.h>
#include <string.h>

#ifdef CP_NOFLOAT
#define NOFLOAT_BUILD 1
#else
#define NOFLOAT_BUILD 0
#endif

#define NARGS(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))
#define W64_SIG(ret, args) { CP_ABI_WIN64, (ret), (args), NARGS(args), 0, 0 }

/* ---- a recording handler ---------------------------------------------------------------------- */
struct record {
    unsigned nargs;
    size_t size[8];             /* bytes of each argument to record */
    unsigned char ret[32];      /* the result to return */
    size_t ret_size;
    int calls;
    unsigned char got[8][32];
    uintptr_t at[8];            /* where args[i] pointed */
};

static void record_handler(void *user, void *ret, void *const *args)
{
    struct record *r = user;
    unsigned i;
    r->calls++;
    for (i = 0; i < r->nargs; i++) {
        memcpy(r->got[i], args[i], r->size[i]);
        r->at[i] = (uintptr_t)args[i];
    }
    memcpy(ret, r->ret, r->ret_size);
}

struct closure {
    _Alignas(16) unsigned char plan[CP_PLAN_SIZE(8)];
    void (*fn)(void);
    struct record rec;
};

/* Builds the plan and takes a closure; NOFLOAT cores must refuse rows with floats. */
#define MAKE(c, sig, has_float, sizes, retv) \
    make_at(__func__, __LINE__, (c), (sig), (has_float), (sizes), NARGS(sizes), &(retv), sizeof(retv))

static int make_at(const char *test, int line, struct closure *c, const cp_sig *sig,
                   int has_float, const size_t *sizes, unsigned n, const void *retv,
                   size_t ret_size)
{
    cp_status want = NOFLOAT_BUILD && has_float ? CP_ERR_UNSUPPORTED : CP_OK;
    cp_status s = cp_plan_build(c->plan, sizeof c->plan, sig, NULL);
    memset(&c->rec, 0, sizeof c->rec);
    c->fn = NULL;
    if (s == CP_OK)
        s = cp_closure_alloc((const cp_plan *)(const void *)c->plan, record_handler, &c->rec,
                             &c->fn);
    if (s != want) {
        printf("FAIL - %s: %s:%d: closure gave %s, want %s\n", test, __FILE__, line,
               cp_strerror(s), cp_strerror(want));
        harness_current_failed = 1;
    }
    if (s != CP_OK)
        return 0;
    c->rec.nargs = n;
    memcpy(c->rec.size, sizes, n * sizeof *sizes);
    memcpy(c->rec.ret, retv, ret_size);
    c->rec.ret_size = ret_size;
    return 1;
}

static void done(struct closure *c)
{
    CHECK_STATUS(cp_closure_free(c->fn), CP_OK);
}

#define GOT(c, k, value) (memcmp((c)->rec.got[k], &(value), sizeof(value)) == 0)

/* ---- the rows ------------------------------------------------------------------------------ */

TEST(row47_positional_slots)
{
    static const cp_type *const args[] = { &cp_type_i32, &cp_type_f64, &cp_type_i64,
                                           &cp_type_f32, &cp_type_i32, &cp_type_f64 };
    static const size_t sizes[] = { 4, 8, 8, 4, 4, 8 };
    cp_sig sig = W64_SIG(&cp_type_f64, args);
    double want = -12.5, got;
    int a = -7, e = 1000;
    double b = 2.5, f = -0.125;
    long long cc = 0x100000000LL;
    float d = 0.75f;
    struct closure c;

    if (!MAKE(&c, &sig, 1, sizes, want))
        return;
    got = ((MS double (*)(int, double, long long, float, int, double))c.fn)(a, b, cc, d, e, f);
    CHECK_EQ_U64(c.rec.calls, 1);
    CHECK(GOT(&c, 0, a) && GOT(&c, 1, b) && GOT(&c, 2, cc) && GOT(&c, 3, d) && GOT(&c, 4, e) &&
          GOT(&c, 5, f));
    CHECK(got == want);
    done(&c);
}

TEST(row48_49_aggregates_by_size_and_by_reference)
{
    static const cp_type *const args48[] = { &t_c1, &t_s1, &t_c3, &t_i1 };
    static const size_t sizes48[] = { 1, 2, 3, 4 };
    static const cp_type *const args49[] = { &t_c5, &t_l1, &t_i3, &t_l2, &t_l2 };
    static const size_t sizes49[] = { 5, 8, 12, 16, 16 };
    cp_sig sig48 = W64_SIG(&cp_type_i32, args48), sig49 = W64_SIG(&cp_type_i64, args49);
    struct w_c1 a = { -3 };
    struct w_s1 b = { 300 };
    struct w_c3 c3 = { { 4, 5, 6 } };
    struct w_i1 d = { -70000 };
    struct w_c5 c5 = { { 1, 2, 3, 4, 5 } };
    struct w_l1 l1 = { -9 };
    struct w_i3 i3 = { { 10, 20, 30 } };
    struct w_l2 l2a = { { 100, 200 } }, l2b = { { -1000, -2000 } };
    int want48 = 48;
    int64_t want49 = -4949;
    struct closure c;

    if (MAKE(&c, &sig48, 0, sizes48, want48)) {
        int got = ((MS int (*)(struct w_c1, struct w_s1, struct w_c3, struct w_i1))c.fn)(a, b, c3,
                                                                                        d);
        CHECK(GOT(&c, 0, a) && GOT(&c, 1, b) && GOT(&c, 2, c3) && GOT(&c, 3, d));
        CHECK(got == want48);
        done(&c);
    }
    if (MAKE(&c, &sig49, 0, sizes49, want49)) {
        int64_t got = ((MS int64_t (*)(struct w_c5, struct w_l1, struct w_i3, struct w_l2,
                                       struct w_l2))c.fn)(c5, l1, i3, l2a, l2b);
        CHECK(GOT(&c, 0, c5) && GOT(&c, 1, l1) && GOT(&c, 2, i3) && GOT(&c, 3, l2a) &&
              GOT(&c, 4, l2b));
        /* by reference: the handler saw the caller's 16-aligned copies, not a scratch copy */
        CHECK(c.rec.at[0] % 16 == 0 && c.rec.at[2] % 16 == 0 && c.rec.at[3] % 16 == 0 &&
              c.rec.at[4] % 16 == 0);
        CHECK(got == want49);
        done(&c);
    }
}

TEST(row50_51_float_aggregates_and_returns)
{
    static const cp_type *const args50[] = { &t_ff, &t_d1 };
    static const size_t sizes50[] = { 8, 8 };
    static const cp_type *const args_l5[] = { &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                              &cp_type_i64, &cp_type_i64 };
    static const size_t sizes_l5[] = { 8, 8, 8, 8, 8 };
    static const cp_type *const args_i[] = { &cp_type_i32 };
    static const size_t sizes_i[] = { 4 };
    cp_sig sig50 = W64_SIG(&cp_type_f64, args50), sig_l2 = W64_SIG(&t_l2, args_l5);
    cp_sig sig_ff = W64_SIG(&t_ff, args_i), sig_c3 = W64_SIG(&t_c3, args_i);
    struct w_ff ff = { 1.5f, 2.5f };
    struct w_d1 d1 = { -8.0 };
    struct w_l2 l2 = { { 6, 20 } };
    struct w_c3 c3 = { { 40, 41, 42 } };
    double want50 = 50.5;
    int x = 51;
    struct closure c;

    if (MAKE(&c, &sig50, 1, sizes50, want50)) {
        double got = ((MS double (*)(struct w_ff, struct w_d1))c.fn)(ff, d1);
        CHECK(GOT(&c, 0, ff) && GOT(&c, 1, d1));
        CHECK(got == want50);
        done(&c);
    }
    if (MAKE(&c, &sig_ff, 1, sizes_i, ff)) {
        struct w_ff got = ((MS struct w_ff (*)(int))c.fn)(x);
        CHECK(GOT(&c, 0, x));
        CHECK(memcmp(&got, &ff, sizeof got) == 0);
        done(&c);
    }
    if (MAKE(&c, &sig_c3, 0, sizes_i, c3)) {
        struct w_c3 got = ((MS struct w_c3 (*)(int))c.fn)(x);
        CHECK(GOT(&c, 0, x));
        CHECK(memcmp(&got, &c3, sizeof got) == 0);
        done(&c);
    }
    if (MAKE(&c, &sig_l2, 0, sizes_l5, l2)) {
        struct w_l2 got = ((MS struct w_l2 (*)(int64_t, int64_t, int64_t, int64_t, int64_t))c.fn)(
            1, 2, 3, 4, 5);
        int64_t v3 = 3, v4 = 4, v5 = 5;
        CHECK(GOT(&c, 2, v3) && GOT(&c, 3, v4) && GOT(&c, 4, v5));
        CHECK(memcmp(&got, &l2, sizeof got) == 0);
        done(&c);
    }
}

TEST(row52_variadic)
{
    static const cp_type *const args[] = { &cp_type_ptr, &cp_type_f64, &cp_type_i32,
                                           &cp_type_f64, &cp_type_f64, &cp_type_f64 };
    static const size_t sizes[] = { 8, 8, 4, 8, 8, 8 };
    cp_sig sig = { CP_ABI_WIN64, &cp_type_f64, args, 6, 1, CP_SIG_VARIADIC };
    const char *fmt = "fmt";
    uintptr_t fmt_bits = (uintptr_t)fmt;    /* what the handler must have seen, as 8 bytes */
    double d1 = 1.0, d3 = 3.0, d4 = 4.0, d5 = 5.0, want = 52.0;
    int i2 = 2;
    struct closure c;

    if (!MAKE(&c, &sig, 1, sizes, want))
        return;
    CHECK(((MS double (*)(const char *, ...))c.fn)(fmt, d1, i2, d3, d4, d5) == want);
    CHECK(GOT(&c, 0, fmt_bits) && GOT(&c, 1, d1) && GOT(&c, 2, i2) && GOT(&c, 3, d3) &&
          GOT(&c, 4, d4) && GOT(&c, 5, d5));
    done(&c);
}

TEST(row53_54_floats_and_int128)
{
    static const cp_type *const args53[] = { &cp_type_f32, &cp_type_f32, &cp_type_f32,
                                             &cp_type_f32, &cp_type_f32 };
    static const size_t sizes53[] = { 4, 4, 4, 4, 4 };
    static const cp_type *const args54[] = { &cp_type_i128, &cp_type_i64 };
    static const size_t sizes54[] = { 16, 8 };
    cp_sig sig53 = W64_SIG(&cp_type_f32, args53), sig54 = W64_SIG(&cp_type_i128, args54);
    float v[5] = { 1.0f, 2.0f, 4.0f, 8.0f, 16.0f }, want53 = 53.0f;
    w_i128 x = ((w_i128)0x1234 << 64) | 0x89ABCDEF01234567u, want54 = -((w_i128)54 << 70);
    int64_t l = -5;
    struct closure c;

    if (MAKE(&c, &sig53, 1, sizes53, want53)) {
        float got = ((MS float (*)(float, float, float, float, float))c.fn)(v[0], v[1], v[2],
                                                                          v[3], v[4]);
        CHECK(GOT(&c, 0, v[0]) && GOT(&c, 3, v[3]) && GOT(&c, 4, v[4]));
        CHECK(got == want53);
        done(&c);
    }
    if (MAKE(&c, &sig54, 1, sizes54, want54)) {
        w_i128 got = ((MS w_i128 (*)(w_i128, int64_t))c.fn)(x, l);
        CHECK(GOT(&c, 0, x) && GOT(&c, 1, l));
        CHECK(got == want54);
        done(&c);
    }
}

TEST(row56_57_complex_and_narrow)
{
    static const cp_type *const args56[] = { &cp_type_c32, &cp_type_c64 };
    static const size_t sizes56[] = { 8, 16 };
    static const cp_type *const args57[] = { &cp_type_i8 };
    static const size_t sizes57[] = { 1 };
    cp_sig sig56 = W64_SIG(&cp_type_c64, args56), sig57 = W64_SIG(&cp_type_i8, args57);
    float _Complex a = __builtin_complex(1.0f, 2.0f);
    double _Complex b = __builtin_complex(-3.0, 0.5), want56 = __builtin_complex(5.0, 6.0);
    signed char ch = -100, want57 = -77;
    struct closure c;

    if (MAKE(&c, &sig56, 1, sizes56, want56)) {
        double _Complex got = ((MS double _Complex (*)(float _Complex, double _Complex))c.fn)(a, b);
        CHECK(GOT(&c, 0, a) && GOT(&c, 1, b));
        CHECK(memcmp(&got, &want56, sizeof got) == 0);
        done(&c);
    }
    if (MAKE(&c, &sig57, 0, sizes57, want57)) {
        signed char got = ((MS signed char (*)(signed char))c.fn)(ch);
        int widened = ((MS int (*)(signed char))c.fn)(ch);   /* the closure extends it */
        CHECK(GOT(&c, 0, ch));
        CHECK(got == want57);
        CHECK(widened == -77);
        done(&c);
    }
}

/* ---- callee-saved registers ------------------------------------------------------------------
 * w64_preserve_check(fn) loads rdi, rsi and xmm6-15 with patterns, calls fn as a Microsoft x64
 * caller (shadow space, aligned), and returns a bit mask of the registers that came back
 * changed (bit 0 rdi, bit 1 rsi, bits 2-11 xmm6-15). */
int w64_preserve_check(void (*fn)(void));
__asm__(".text\n"
        ".globl w64_preserve_check\n"
        "w64_preserve_check:\n"
        "  pushq %rbx\n"                                    /* rsp 16-aligned now */
        "  movq %rdi, %rax\n"                               /* rax = fn */
        "  movabsq $0x0D0D0D0D0D0D0D0D, %rdi\n"
        "  movabsq $0x5151515151515151, %rsi\n"
#ifndef CP_NOFLOAT
        "  movq $6, %r10\n  movq %r10, %xmm6\n"
        "  movq $7, %r10\n  movq %r10, %xmm7\n"
        "  movq $8, %r10\n  movq %r10, %xmm8\n"
        "  movq $9, %r10\n  movq %r10, %xmm9\n"
        "  movq $10, %r10\n  movq %r10, %xmm10\n"
        "  movq $11, %r10\n  movq %r10, %xmm11\n"
        "  movq $12, %r10\n  movq %r10, %xmm12\n"
        "  movq $13, %r10\n  movq %r10, %xmm13\n"
        "  movq $14, %r10\n  movq %r10, %xmm14\n"
        "  movq $15, %r10\n  movq %r10, %xmm15\n"
#endif
        "  subq $32, %rsp\n"                                /* the callee's shadow space */
        "  call *%rax\n"
        "  addq $32, %rsp\n"
        "  xorl %eax, %eax\n"
        "  movabsq $0x0D0D0D0D0D0D0D0D, %r10\n"
        "  cmpq %r10, %rdi\n  je 1f\n  orl $1, %eax\n1:\n"
        "  movabsq $0x5151515151515151, %r10\n"
        "  cmpq %r10, %rsi\n  je 1f\n  orl $2, %eax\n1:\n"
#ifndef CP_NOFLOAT
        "  movq %xmm6, %r10\n  cmpq $6, %r10\n  je 1f\n  orl $4, %eax\n1:\n"
        "  movq %xmm7, %r10\n  cmpq $7, %r10\n  je 1f\n  orl $8, %eax\n1:\n"
        "  movq %xmm8, %r10\n  cmpq $8, %r10\n  je 1f\n  orl $16, %eax\n1:\n"
        "  movq %xmm9, %r10\n  cmpq $9, %r10\n  je 1f\n  orl $32, %eax\n1:\n"
        "  movq %xmm10, %r10\n  cmpq $10, %r10\n  je 1f\n  orl $64, %eax\n1:\n"
        "  movq %xmm11, %r10\n  cmpq $11, %r10\n  je 1f\n  orl $128, %eax\n1:\n"
        "  movq %xmm12, %r10\n  cmpq $12, %r10\n  je 1f\n  orl $256, %eax\n1:\n"
        "  movq %xmm13, %r10\n  cmpq $13, %r10\n  je 1f\n  orl $512, %eax\n1:\n"
        "  movq %xmm14, %r10\n  cmpq $14, %r10\n  je 1f\n  orl $1024, %eax\n1:\n"
        "  movq %xmm15, %r10\n  cmpq $15, %r10\n  je 1f\n  orl $2048, %eax\n1:\n"
#endif
        "  popq %rbx\n"
        "  ret\n");

static int clobber_calls;

/* A System V handler free to clobber rdi, rsi and xmm6-15, and made to. */
static void clobbering_handler(void *user, void *ret, void *const *args)
{
    (void)user;
    (void)ret;
    (void)args;
    clobber_calls++;
    __asm__ volatile("xorl %%edi, %%edi\n\txorl %%esi, %%esi" : : : "rdi", "rsi");
#ifndef CP_NOFLOAT
    __asm__ volatile("xorps %%xmm6, %%xmm6\n\txorps %%xmm7, %%xmm7\n\txorps %%xmm8, %%xmm8\n\t"
                     "xorps %%xmm9, %%xmm9\n\txorps %%xmm10, %%xmm10\n\txorps %%xmm11, %%xmm11\n\t"
                     "xorps %%xmm12, %%xmm12\n\txorps %%xmm13, %%xmm13\n\t"
                     "xorps %%xmm14, %%xmm14\n\txorps %%xmm15, %%xmm15"
                     : : : "xmm6", "xmm7", "xmm8", "xmm9", "xmm10", "xmm11", "xmm12", "xmm13",
                       "xmm14", "xmm15");
#endif
}

TEST(callee_saved_registers_survive_the_handler)
{
    cp_sig w64 = { CP_ABI_WIN64, NULL, NULL, 0, 0, 0 };
    cp_sig sysv = { CP_ABI_SYSV64, NULL, NULL, 0, 0, 0 };
    _Alignas(16) unsigned char plan[CP_PLAN_SIZE(0)];
    void (*fn)(void) = NULL;

    CHECK_STATUS(cp_plan_build(plan, sizeof plan, &w64, NULL), CP_OK);
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)(const void *)plan, clobbering_handler, NULL,
                                  &fn), CP_OK);
    if (!fn)
        return;
    clobber_calls = 0;
    CHECK_EQ_U64(w64_preserve_check(fn), 0);
    CHECK_EQ_U64(clobber_calls, 1);
    CHECK_STATUS(cp_closure_free(fn), CP_OK);

    /* The same handler behind a System V closure clobbers them (as System V allows): the
     * check above can fail. */
    CHECK_STATUS(cp_plan_build(plan, sizeof plan, &sysv, NULL), CP_OK);
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)(const void *)plan, clobbering_handler, NULL,
                                  &fn), CP_OK);
    if (!fn)
        return;
    CHECK(w64_preserve_check(fn) != 0);
    CHECK_STATUS(cp_closure_free(fn), CP_OK);
}

/* cp_closure_rebind gives a taken trampoline another signature; a free one is refused. */
TEST(rebind_changes_the_signature)
{
    static const cp_type *const args_i[] = { &cp_type_i32 };
    static const size_t sizes_i[] = { 4 };
    cp_sig sig0 = { CP_ABI_WIN64, NULL, NULL, 0, 0, 0 };
    cp_sig sig1 = W64_SIG(&cp_type_i32, args_i);
    _Alignas(16) unsigned char plan0[CP_PLAN_SIZE(0)], plan1[CP_PLAN_SIZE(1)];
    struct record rec;
    int want = 123, x = 9;
    void (*fn)(void) = NULL;

    memset(&rec, 0, sizeof rec);
    rec.nargs = 1;
    rec.size[0] = sizes_i[0];
    memcpy(rec.ret, &want, sizeof want);
    rec.ret_size = sizeof want;
    CHECK_STATUS(cp_plan_build(plan0, sizeof plan0, &sig0, NULL), CP_OK);
    CHECK_STATUS(cp_plan_build(plan1, sizeof plan1, &sig1, NULL), CP_OK);
    CHECK_STATUS(cp_closure_alloc((const cp_plan *)(const void *)plan0, clobbering_handler, NULL,
                                  &fn), CP_OK);
    if (!fn)
        return;
    CHECK_STATUS(cp_closure_rebind(fn, (const cp_plan *)(const void *)plan1, record_handler,
                                   &rec), CP_OK);
    CHECK(((MS int (*)(int))fn)(x) == want);
    CHECK(rec.calls == 1 && memcmp(rec.got[0], &x, sizeof x) == 0);
    CHECK_STATUS(cp_closure_rebind(fn, NULL, record_handler, &rec), CP_ERR_ARG);
    CHECK_STATUS(cp_closure_free(fn), CP_OK);
    CHECK_STATUS(cp_closure_rebind(fn, (const cp_plan *)(const void *)plan1, record_handler,
                                   &rec), CP_ERR_ARG);
    CHECK_STATUS(cp_closure_rebind((void (*)(void))(uintptr_t)record_handler,
                                   (const cp_plan *)(const void *)plan1, record_handler, &rec),
                 CP_ERR_ARG);
}

int main(void)
{
    RUN(row47_positional_slots);
    RUN(row48_49_aggregates_by_size_and_by_reference);
    RUN(row50_51_float_aggregates_and_returns);
    RUN(row52_variadic);
    RUN(row53_54_floats_and_int128);
    RUN(row56_57_complex_and_narrow);
    RUN(callee_saved_registers_survive_the_handler);
    RUN(rebind_changes_the_signature);
    return harness_done();
}
