/* The Microsoft x64 rows 47-57 of the conformance matrix (../shared/ABI.md sections 2 and 4).
 *
 * Each row is checked twice: against w64_capture, an assembly callee that records every
 * argument register and stack slot exactly as it arrived (the placement, byte for byte), and
 * against a callee compiled by $(CC) with __attribute__((ms_abi)) (callees_win64.c: the
 * compiler's reading of the convention, values and results). The closure half of each row,
 * compiled ms_abi callers calling Win64 closures, is in test_win64_closure.c.
 * In a NOFLOAT core every row with a floating-point type must be refused. */
#include "callplan.h"
#include "callees_win64.h"
#include "harness.h"
#include "win64_types.h"
#include "forge.h"

#include <stdint.h>
#include <string.h>

#ifdef CP_NOFLOAT
#define NOFLOAT_BUILD 1
#else
#define NOFLOAT_BUILD 0
#endif

/* ---- the capturing callee -------------------------------------------------------------------
 * Records rcx rdx r8 r9, xmm0-3 (16 bytes each), its own RSP at entry, and the first 8 stack
 * argument slots ([rsp + 40] on: past the return address and the 32-byte shadow space); returns
 * RAX = CAPTURE_RAX, XMM0 = 0. */
struct w64_regs {
    uint64_t gp[4];
    unsigned char xmm[4][16];
    uint64_t rsp;
    uint64_t stack[8];
};
struct w64_regs w64_regs;
void w64_capture(void);
#define CAPTURE_RAX 0x0123456789ABCDEFull

__asm__(".text\n"
        ".globl w64_capture\n"
        "w64_capture:\n"
        "  movq %rcx, w64_regs+0(%rip)\n"
        "  movq %rdx, w64_regs+8(%rip)\n"
        "  movq %r8, w64_regs+16(%rip)\n"
        "  movq %r9, w64_regs+24(%rip)\n"
#ifndef CP_NOFLOAT
        "  movdqu %xmm0, w64_regs+32(%rip)\n"
        "  movdqu %xmm1, w64_regs+48(%rip)\n"
        "  movdqu %xmm2, w64_regs+64(%rip)\n"
        "  movdqu %xmm3, w64_regs+80(%rip)\n"
#endif
        "  movq %rsp, w64_regs+96(%rip)\n"
        "  leaq w64_regs+104(%rip), %rax\n"
        "  movq 40(%rsp), %rcx\n  movq %rcx, 0(%rax)\n"
        "  movq 48(%rsp), %rcx\n  movq %rcx, 8(%rax)\n"
        "  movq 56(%rsp), %rcx\n  movq %rcx, 16(%rax)\n"
        "  movq 64(%rsp), %rcx\n  movq %rcx, 24(%rax)\n"
        "  movq 72(%rsp), %rcx\n  movq %rcx, 32(%rax)\n"
        "  movq 80(%rsp), %rcx\n  movq %rcx, 40(%rax)\n"
        "  movq 88(%rsp), %rcx\n  movq %rcx, 48(%rax)\n"
        "  movq 96(%rsp), %rcx\n  movq %rcx, 56(%rax)\n"
        "  movabsq $0x0123456789ABCDEF, %rax\n"
#ifndef CP_NOFLOAT
        "  xorps %xmm0, %xmm0\n"
#endif
        "  ret\n");

/* ---- building and calling ------------------------------------------------------------------- */
#define PLAN_ROOM CP_PLAN_SIZE(8)
#define FN(f) ((void (*)(void))(f))
#define NARGS(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))
#define W64_SIG(ret, args) { CP_ABI_WIN64, (ret), (args), NARGS(args), 0, 0 }

struct w64_call {
    _Alignas(16) unsigned char plan[PLAN_ROOM];
    _Alignas(16) unsigned char ret[48];
};

/* Builds and checks a Win64 plan; a row with floats must be refused by a NOFLOAT core. */
#define BUILD(c, sig, has_float) build_at(__func__, __LINE__, (c), (sig), (has_float))

static int build_at(const char *test, int line, struct w64_call *c, const cp_sig *sig,
                    int has_float)
{
    int refused = NOFLOAT_BUILD && has_float;
    /* cppcheck-suppress knownConditionTrueFalse ; true in NOFLOAT builds */
    cp_status want = refused ? CP_ERR_UNSUPPORTED : CP_OK;
    size_t used = 0, measured = 0;
    cp_status s = cp_plan_build(c->plan, sizeof c->plan, sig, &used);
    if (s != want) {
        printf("FAIL - %s: %s:%d: cp_plan_build gave %s, want %s\n", test, __FILE__, line,
               cp_strerror(s), cp_strerror(want));
        harness_current_failed = 1;
        return 0;
    }
    /* cppcheck-suppress knownConditionTrueFalse ; true in NOFLOAT builds */
    if (refused)
        return 0;
    if (cp_plan_check(c->plan, used) != CP_OK || cp_plan_size(sig, &measured) != CP_OK ||
        measured != used || used > CP_PLAN_SIZE(sig->nargs)) {
        printf("FAIL - %s: %s:%d: plan of %zu bytes does not check, or size %zu\n", test,
               __FILE__, line, used, measured);
        harness_current_failed = 1;
        return 0;
    }
    return 1;
}

static void call(struct w64_call *c, void (*fn)(void), void *const *args)
{
    memset(c->ret, 0xA5, sizeof c->ret);
    memset(&w64_regs, 0xEE, sizeof w64_regs);
    memset(&w64_seen, 0, sizeof w64_seen);
    cp_call((const cp_plan *)(const void *)c->plan, fn, c->ret, args);
}

/* The return buffer holds n bytes of want and not one byte more was written. */
static int ret_is(const struct w64_call *c, const void *want, size_t n)
{
    size_t i;
    if (memcmp(c->ret, want, n) != 0)
        return 0;
    for (i = n; i < sizeof c->ret; i++)
        if (c->ret[i] != 0xA5)
            return 0;
    return 1;
}

static uint64_t bits64(const void *p, size_t n)
{
    uint64_t v = 0;
    memcpy(&v, p, n);
    return v;
}

/* A by-reference argument: a pointer, 16-aligned, to a copy of the value in the caller's
 * frame (above the callee's return address and shadow space, below the caller), not to the
 * caller's own value. */
#define CHECK_COPY_PTR(ptr, value) \
    check_copy_ptr(__func__, __LINE__, (ptr), &(value), sizeof(value))

static void check_copy_ptr(const char *test, int line, uint64_t ptr, const void *value,
                           size_t size)
{
    uint64_t rsp = w64_regs.rsp;
    if (ptr % 16 || ptr < rsp + 40 || ptr > rsp + 40 + CP_MAX_STACK_BYTES ||
        ptr == (uint64_t)(uintptr_t)value) {
        printf("FAIL - %s: %s:%d: by-reference pointer 0x%llx (callee rsp 0x%llx) is not a "
               "16-aligned copy in the caller's frame\n", test, __FILE__, line,
               (unsigned long long)ptr, (unsigned long long)rsp);
        harness_current_failed = 1;
    }
    (void)size;
}

/* ---- the rows ------------------------------------------------------------------------------ */
static const cp_type t_empty = CP_EMPTY_STRUCT;
static const cp_type t_ld1 = CP_STRUCT(CP_MEMBER(cp_type_f80));
static const cp_type a_big = CP_ARRAY(cp_type_i64, 256);           /* 2048 bytes */
static const cp_type t_big = CP_STRUCT(CP_MEMBER(a_big));

/* W f(I, D, long long, F, I, D): RCX, XMM1, R8, XMM3, [32], [40]: one slot per argument,
 * whichever register file it uses. */
TEST(row47_slots_are_positional)
{
    static const cp_type *const args[] = { &cp_type_i32, &cp_type_f64, &cp_type_i64,
                                           &cp_type_f32, &cp_type_i32, &cp_type_f64 };
    cp_sig sig = W64_SIG(&cp_type_f64, args);
    int a = -7, e = 1000;
    double b = 2.5, f = -0.125, r;
    long long cc = 0x100000000LL;
    float d = 0.75f;
    void *argv[] = { &a, &b, &cc, &d, &e, &f };
    struct w64_call c;

    if (!BUILD(&c, &sig, 1))
        return;
    call(&c, FN(w64_capture), argv);
    CHECK_EQ_U64(w64_regs.gp[0], (uint64_t)(int64_t)a);    /* sign-extended by callplan */
    CHECK_EQ_U64(bits64(w64_regs.xmm[1], 8), bits64(&b, 8));
    CHECK_EQ_U64(w64_regs.gp[2], (uint64_t)cc);
    CHECK_EQ_U64(bits64(w64_regs.xmm[3], 4), bits64(&d, 4));
    CHECK_EQ_U64(w64_regs.stack[0], (uint64_t)(int64_t)e);
    CHECK_EQ_U64(w64_regs.stack[1], bits64(&f, 8));
    CHECK_EQ_U64(w64_regs.rsp % 16, 8);                     /* RSP 16-aligned at the call */
    call(&c, FN(w47_callee), argv);
    r = a + b + (double)cc + d + e + f;
    CHECK_EQ_U64(w64_seen.calls, 1);
    CHECK(ret_is(&c, &r, sizeof r));
}

/* W f({char}, {short}, {char[3]}, {I}): CL, DX, R8 = &copy, R9D. */
TEST(row48_small_aggregates_by_size)
{
    static const cp_type *const args[] = { &t_c1, &t_s1, &t_c3, &t_i1 };
    cp_sig sig = W64_SIG(&cp_type_i32, args);
    struct w_c1 a = { -3 };
    struct w_s1 b = { 300 };
    struct w_c3 cc = { { 4, 5, 6 } };
    struct w_i1 d = { -70000 };
    void *argv[] = { &a, &b, &cc, &d };
    int r = a.c + b.s + 4 + 5 + 6 + d.i;
    struct w64_call c;

    if (!BUILD(&c, &sig, 0))
        return;
    call(&c, FN(w64_capture), argv);
    CHECK_EQ_U64(w64_regs.gp[0] & 0xFF, 0xFD);
    CHECK_EQ_U64(w64_regs.gp[1] & 0xFFFF, 300);
    CHECK_COPY_PTR(w64_regs.gp[2], cc);
    CHECK_EQ_U64(w64_regs.gp[3] & 0xFFFFFFFF, (uint32_t)d.i);
    call(&c, FN(w48_callee), argv);
    CHECK_EQ_U64(w64_seen.calls, 1);
    CHECK(memcmp(w64_seen.arg[2], &cc, sizeof cc) == 0);
    CHECK(ret_is(&c, &r, sizeof r));
}

/* W f({char[5]}, {L}, {I[3]}, {L[2]}, {L[2]}): RCX = &copy, RDX, R8 = &copy, R9 = &copy,
 * [32] = &copy. The callee may write to its copies: the caller's values stay as they were. */
TEST(row49_other_sizes_by_reference)
{
    static const cp_type *const args[] = { &t_c5, &t_l1, &t_i3, &t_l2, &t_l2 };
    cp_sig sig = W64_SIG(&cp_type_i64, args);
    struct w_c5 a = { { 1, 2, 3, 4, 5 } }, a0;
    struct w_l1 b = { -9 };
    struct w_i3 cc = { { 10, 20, 30 } }, cc0;
    struct w_l2 d = { { 100, 200 } }, e = { { -1000, -2000 } }, d0, e0;
    void *argv[] = { &a, &b, &cc, &d, &e };
    int64_t r = 1 + 5 - 9 + 10 + 30 + 100 + 200 - 1000 - 2000;
    struct w64_call c;

    a0 = a;
    cc0 = cc;
    d0 = d;
    e0 = e;
    if (!BUILD(&c, &sig, 0))
        return;
    call(&c, FN(w64_capture), argv);
    CHECK_COPY_PTR(w64_regs.gp[0], a);
    CHECK_EQ_U64(w64_regs.gp[1], (uint64_t)b.l);
    CHECK_COPY_PTR(w64_regs.gp[2], cc);
    CHECK_COPY_PTR(w64_regs.gp[3], d);
    CHECK_COPY_PTR(w64_regs.stack[0], e);
    CHECK(w64_regs.gp[3] != w64_regs.stack[0]);             /* two copies, not one */
    call(&c, FN(w49_callee), argv);
    CHECK_EQ_U64(w64_seen.calls, 1);
    CHECK(memcmp(w64_seen.arg[0], &a0, sizeof a0) == 0);
    CHECK(memcmp(w64_seen.arg[2], &cc0, sizeof cc0) == 0);
    CHECK(memcmp(w64_seen.arg[3], &d0, sizeof d0) == 0);
    CHECK(memcmp(w64_seen.arg[4], &e0, sizeof e0) == 0);
    CHECK(ret_is(&c, &r, sizeof r));
    CHECK(memcmp(&a, &a0, sizeof a) == 0 && memcmp(&cc, &cc0, sizeof cc) == 0 &&
          memcmp(&d, &d0, sizeof d) == 0 && memcmp(&e, &e0, sizeof e) == 0);
}

/* W f({F,F}, {D}): RCX, RDX, not XMM: an aggregate of 8 bytes is an integer here. */
TEST(row50_float_aggregates_in_gp)
{
    static const cp_type *const args[] = { &t_ff, &t_d1 };
    cp_sig sig = W64_SIG(&cp_type_f64, args);
    struct w_ff a = { 1.5f, 2.5f };
    struct w_d1 b = { -8.0 };
    void *argv[] = { &a, &b };
    double r = 1.5 + 2.5 - 8.0;
    struct w64_call c;

    if (!BUILD(&c, &sig, 1))
        return;
    CHECK((cp_plan_flags((const cp_plan *)(const void *)c.plan) & CP_PLAN_USES_FP) != 0);
    call(&c, FN(w64_capture), argv);
    CHECK_EQ_U64(w64_regs.gp[0], bits64(&a, 8));
    CHECK_EQ_U64(w64_regs.gp[1], bits64(&b, 8));
    call(&c, FN(w50_callee), argv);
    CHECK_EQ_U64(w64_seen.calls, 1);
    CHECK(ret_is(&c, &r, sizeof r));
}

/* W ret {F,F}: RAX. ret {char[3]}, {I[3]}, {L[2]}: the buffer in RCX, arguments shift a slot. */
TEST(row51_returns_rax_or_hidden_buffer)
{
    static const cp_type *const none[1] = { NULL };
    static const cp_type *const one[] = { &cp_type_i32 };
    static const cp_type *const two[] = { &cp_type_i32, &cp_type_i32 };
    static const cp_type *const five[] = { &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                           &cp_type_i64, &cp_type_i64 };
    cp_sig s_ff = { CP_ABI_WIN64, &t_ff, none, 0, 0, 0 };
    cp_sig s_c3 = W64_SIG(&t_c3, one), s_i3 = W64_SIG(&t_i3, two), s_l2 = W64_SIG(&t_l2, five);
    struct w_ff ff = { 1.5f, -2.25f };
    struct w_c3 c3 = { { 40, 41, 42 } };
    struct w_i3 i3 = { { 7, 8, 15 } };
    int x = 40, y = 8;
    int64_t l[5] = { 1, 2, 3, 4, 5 };
    void *argv1[] = { &x }, *argv2[] = { &x, &y };
    void *argv5[] = { &l[0], &l[1], &l[2], &l[3], &l[4] };
    struct w_l2 l2 = { { 6, 20 } };
    struct w64_call c;

    i3.i[0] = 40;
    i3.i[2] = 48;
    if (BUILD(&c, &s_ff, 1)) {
        CHECK((cp_plan_flags((const cp_plan *)(const void *)c.plan) & CP_PLAN_SRET) == 0);
        call(&c, FN(w51_ff), NULL);
        CHECK(ret_is(&c, &ff, sizeof ff));
    }
    if (BUILD(&c, &s_c3, 0)) {
        CHECK((cp_plan_flags((const cp_plan *)(const void *)c.plan) & CP_PLAN_SRET) != 0);
        call(&c, FN(w64_capture), argv1);
        CHECK_EQ_U64(w64_regs.gp[0], (uint64_t)(uintptr_t)c.ret);  /* the buffer in RCX */
        CHECK_EQ_U64(w64_regs.gp[1], 40);                           /* x in RDX */
        call(&c, FN(w51_c3), argv1);
        CHECK(ret_is(&c, &c3, sizeof c3));
    }
    if (BUILD(&c, &s_i3, 0)) {
        call(&c, FN(w51_i3), argv2);
        CHECK(ret_is(&c, &i3, sizeof i3));
    }
    if (BUILD(&c, &s_l2, 0)) {
        call(&c, FN(w64_capture), argv5);
        CHECK_EQ_U64(w64_regs.gp[3], 3);                /* slots shift: l[2] in R9 */
        CHECK_EQ_U64(w64_regs.stack[0], 4);             /* l[3], l[4] at [32], [40] */
        CHECK_EQ_U64(w64_regs.stack[1], 5);
        call(&c, FN(w51_l2), argv5);
        CHECK(ret_is(&c, &l2, sizeof l2));
    }
}

/* W variadic (fmt, 1.0, 2, (double)3.0f, 4.0, 5.0): RCX, XMM1 + RDX, R8, XMM3 + R9, [32],
 * [40]: a "..." double in slots 0-3 travels in both register files. */
TEST(row52_variadic_doubles_in_both_registers)
{
    static const cp_type *const args[] = { &cp_type_ptr, &cp_type_f64, &cp_type_i32,
                                           &cp_type_f64, &cp_type_f64, &cp_type_f64 };
    cp_sig sig = { CP_ABI_WIN64, &cp_type_f64, args, 6, 1, CP_SIG_VARIADIC };
    static const char fmt[] = "x";
    const char *f = fmt;
    double d1 = 1.0, d3 = 3.0, d4 = 4.0, d5 = 5.0, r = 1.0 + 2 + 3.0 + 4.0 + 5.0 + 'x';
    int i2 = 2;
    void *argv[] = { &f, &d1, &i2, &d3, &d4, &d5 };
    static const cp_type *const raw_float[] = { &cp_type_ptr, &cp_type_f32 };
    cp_sig bad = { CP_ABI_WIN64, &cp_type_f64, raw_float, 2, 1, CP_SIG_VARIADIC };
    struct w64_call c;
    size_t n;

    CHECK_STATUS(cp_plan_size(&bad, &n), NOFLOAT_BUILD ? CP_ERR_UNSUPPORTED : CP_ERR_VARIADIC);
    if (!BUILD(&c, &sig, 1))
        return;
    call(&c, FN(w64_capture), argv);
    CHECK_EQ_U64(w64_regs.gp[0], (uint64_t)(uintptr_t)f);
    CHECK_EQ_U64(bits64(w64_regs.xmm[1], 8), bits64(&d1, 8));
    CHECK_EQ_U64(w64_regs.gp[1], bits64(&d1, 8));
    CHECK_EQ_U64(w64_regs.gp[2], 2);
    CHECK_EQ_U64(bits64(w64_regs.xmm[3], 8), bits64(&d3, 8));
    CHECK_EQ_U64(w64_regs.gp[3], bits64(&d3, 8));
    CHECK_EQ_U64(w64_regs.stack[0], bits64(&d4, 8));
    CHECK_EQ_U64(w64_regs.stack[1], bits64(&d5, 8));
    call(&c, FN(w52_callee), argv);
    CHECK_EQ_U64(w64_seen.calls, 1);
    CHECK(ret_is(&c, &r, sizeof r));
}

/* W f(F×5): XMM0-3; the 5th at [32] (its low 4 bytes). */
TEST(row53_five_floats)
{
    static const cp_type *const args[] = { &cp_type_f32, &cp_type_f32, &cp_type_f32,
                                           &cp_type_f32, &cp_type_f32 };
    cp_sig sig = W64_SIG(&cp_type_f32, args);
    float v[5] = { 1.0f, 2.0f, 4.0f, 8.0f, 16.0f }, r = 31.0f;
    void *argv[] = { &v[0], &v[1], &v[2], &v[3], &v[4] };
    struct w64_call c;
    unsigned k;

    if (!BUILD(&c, &sig, 1))
        return;
    call(&c, FN(w64_capture), argv);
    for (k = 0; k < 4; k++)
        CHECK_EQ_U64(bits64(w64_regs.xmm[k], 4), bits64(&v[k], 4));
    CHECK_EQ_U64(w64_regs.stack[0] & 0xFFFFFFFF, bits64(&v[4], 4));
    call(&c, FN(w53_callee), argv);
    CHECK(ret_is(&c, &r, sizeof r));
}

/* W f(X, L) / ret X: RCX = &copy, RDX; the result in XMM0 (all 16 bytes). */
TEST(row54_int128_by_reference_returned_in_xmm0)
{
    static const cp_type *const args[] = { &cp_type_i128, &cp_type_i64 };
    cp_sig sig = W64_SIG(&cp_type_i128, args);
    w_i128 x = ((w_i128)0x1234 << 64) | 0x89ABCDEF01234567u, r;
    int64_t l = -5;
    void *argv[] = { &x, &l };
    struct w64_call c;

    if (!BUILD(&c, &sig, 1))
        return;
    call(&c, FN(w64_capture), argv);
    CHECK_COPY_PTR(w64_regs.gp[0], x);
    CHECK_EQ_U64(w64_regs.gp[1], (uint64_t)l);
    call(&c, FN(w54_callee), argv);
    r = x * 3 + l;
    CHECK(memcmp(w64_seen.arg[0], &x, sizeof x) == 0);
    CHECK(ret_is(&c, &r, sizeof r));
}

/* W f(LD, L) / ret LD, and __float128, _Complex long double: refused (no agreement between
 * the compilers; UEFI has none). Aggregates holding them are ordinary memory: by reference. */
TEST(row55_long_double_and_float128_refused)
{
    static const cp_type *const ld_arg[] = { &cp_type_f80, &cp_type_i64 };
    static const cp_type *const q_arg[] = { &cp_type_f128 };
    static const cp_type *const c80_arg[] = { &cp_type_c80 };
    static const cp_type *const l_arg[] = { &cp_type_i64 };
    static const cp_type *const ld1_arg[] = { &t_ld1 };
    const cp_sig bad[] = {
        W64_SIG(&cp_type_i64, ld_arg), W64_SIG(&cp_type_f80, l_arg),
        W64_SIG(&cp_type_i64, q_arg), W64_SIG(&cp_type_f128, l_arg),
        W64_SIG(&cp_type_i64, c80_arg), W64_SIG(&cp_type_c80, l_arg),
    };
    cp_sig ok = W64_SIG(&t_ld1, ld1_arg);
    size_t i, n;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
        CHECK_STATUS_IN("long double / __float128", cp_plan_size(&bad[i], &n),
                        CP_ERR_UNSUPPORTED);
    CHECK_STATUS(cp_plan_size(&ok, &n), NOFLOAT_BUILD ? CP_ERR_UNSUPPORTED : CP_OK);
}

/* W f(_Complex F, _Complex D) / ret _Complex D: the result through RCX, so a in RDX (8 bytes,
 * an integer slot) and b by reference in R8. */
TEST(row56_complex)
{
    static const cp_type *const args[] = { &cp_type_c32, &cp_type_c64 };
    cp_sig sig = W64_SIG(&cp_type_c64, args);
    float _Complex a = 1.0f + 2.0f * __builtin_complex(0.0f, 1.0f);
    double _Complex b = __builtin_complex(-3.0, 0.5), r;
    void *argv[] = { &a, &b };
    struct w64_call c;

    if (!BUILD(&c, &sig, 1))
        return;
    CHECK((cp_plan_flags((const cp_plan *)(const void *)c.plan) & CP_PLAN_SRET) != 0);
    call(&c, FN(w64_capture), argv);
    CHECK_EQ_U64(w64_regs.gp[0], (uint64_t)(uintptr_t)c.ret);
    CHECK_EQ_U64(w64_regs.gp[1], bits64(&a, 8));
    CHECK_COPY_PTR(w64_regs.gp[2], b);
    call(&c, FN(w56_callee), argv);
    r = (double _Complex)a + b * 2;
    CHECK(ret_is(&c, &r, sizeof r));
}

/* W f(signed char): callplan extends the argument to 64 bits (gcc does, clang does not; the
 * callee must not care). Narrow results: exactly their bytes in the buffer. */
TEST(row57_narrow_integers)
{
    static const cp_type *const args[] = { &cp_type_i8 };
    static const cp_type *const iarg[] = { &cp_type_i32 };
    cp_sig sig = W64_SIG(&cp_type_i32, args);
    cp_sig s_ret = W64_SIG(&cp_type_i8, iarg), s_retu = W64_SIG(&cp_type_u16, iarg);
    cp_sig s_retb = W64_SIG(&cp_type_bool, iarg);
    signed char ch = -100, want_ch = -77;
    unsigned short want_u = 0xFFF7;
    _Bool want_b = 1;
    int r = -200, x = 77, seven = 7;
    void *argv[] = { &ch }, *xargv[] = { &x }, *sargv[] = { &seven };
    struct w64_call c;

    if (BUILD(&c, &sig, 0)) {
        call(&c, FN(w64_capture), argv);
        CHECK_EQ_U64(w64_regs.gp[0], (uint64_t)(int64_t)-100);
        call(&c, FN(w57_callee), argv);
        CHECK(ret_is(&c, &r, sizeof r));
    }
    if (BUILD(&c, &s_ret, 0)) {
        call(&c, FN(w57_ret), xargv);
        CHECK(ret_is(&c, &want_ch, 1));
    }
    if (BUILD(&c, &s_retu, 0)) {
        call(&c, FN(w57_retu), sargv);
        CHECK(ret_is(&c, &want_u, 2));
    }
    if (BUILD(&c, &s_retb, 0)) {
        call(&c, FN(w57_retb), sargv);
        CHECK(ret_is(&c, &want_b, 1));
    }
}

/* An empty struct (GNU C) is passed by reference like any size but 1/2/4/8. As a result the
 * compilers disagree (gcc passes no buffer, clang one in RCX, which shifts the arguments):
 * refused. */
TEST(empty_struct_by_reference)
{
    static const cp_type *const args[] = { &t_empty, &cp_type_i32 };
    cp_sig sig = W64_SIG(&cp_type_i32, args), ret_empty = W64_SIG(&t_empty, args);
    int x = 31;
    void *argv[] = { &x, &x };
    struct w64_call c;
    size_t n;

    CHECK_STATUS(cp_plan_size(&ret_empty, &n), CP_ERR_UNSUPPORTED);
    if (!BUILD(&c, &sig, 0))
        return;
    call(&c, FN(w64_capture), argv);
    CHECK(w64_regs.gp[0] % 16 == 0 && w64_regs.gp[0] >= w64_regs.rsp + 40);
    CHECK_EQ_U64(w64_regs.gp[1], 31);
    call(&c, FN(w_empty_callee), argv);
    CHECK_EQ_U64(w64_seen.calls, 1);
    CHECK(memcmp(w64_seen.arg[0], &x, sizeof x) == 0);
}

/* Many arguments: slots past the fourth fill the stack after the shadow space; by-reference
 * copies of large aggregates all fit under CP_MAX_STACK_BYTES, one more does not. */
TEST(stack_slots_and_copy_limit)
{
    static const cp_type *const two[] = { &t_big, &t_big };
    static const cp_type *const three[] = { &t_big, &t_big, &t_big };
    static const cp_type *const ten[] = { &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                          &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                          &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                          &cp_type_i64 };
    cp_sig s2 = W64_SIG(NULL, two), s3 = W64_SIG(NULL, three), s10 = W64_SIG(NULL, ten);
    int64_t v[10] = { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    void *argv[10];
    struct w64_call c;
    size_t n;
    unsigned k;

    /* 2 x 2048 plus the shadow space is over the 4096-byte limit; so is 3 x */
    CHECK_STATUS(cp_plan_size(&s2, &n), CP_ERR_TOOMANY);
    CHECK_STATUS(cp_plan_size(&s3, &n), CP_ERR_TOOMANY);
    for (k = 0; k < 10; k++)
        argv[k] = &v[k];
    if (!BUILD(&c, &s10, 0))
        return;
    call(&c, FN(w64_capture), argv);
    for (k = 0; k < 4; k++)
        CHECK_EQ_U64(w64_regs.gp[k], k);
    for (k = 4; k < 10; k++)
        CHECK_EQ_U64(w64_regs.stack[k - 4], k);
}

/* Every W64GP entry: 0-4 arguments of one width (8: i64/ptr, 4: i32/u32), each result family
 * (void, 4 and 8 bytes of RAX); the registers as the capture saw them and exactly the result's
 * bytes stored. Other shapes run on the interpreter. */
TEST(w64gp_executors)
{
    static const cp_type *const w8[] = { &cp_type_i64, &cp_type_ptr, &cp_type_u64, &cp_type_i64 };
    static const cp_type *const w4[] = { &cp_type_i32, &cp_type_u32, &cp_type_i32, &cp_type_u32 };
    static const cp_type *const rets[] = { NULL, &cp_type_u32, &cp_type_u64 };
    static const cp_type *const mixed[] = { &cp_type_i64, &cp_type_i32 };
    static const cp_type *const five[] = { &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                           &cp_type_i64, &cp_type_i64 };
    static const cp_type *const narrow[] = { &cp_type_i16 };
    uint64_t v8[4] = { 0x1111111111111111u, 0x2222222222222222u, 0x3333333333333333u,
                       0x4444444444444444u };
    int32_t v4[4] = { -1, 0x7FFFFFFF, -3, 4 };
    uint64_t want_rax = CAPTURE_RAX;
    unsigned n, width, r, k;
    struct w64_call c;

    for (width = 4; width <= 8; width += 4) {
        for (r = 0; r < 3; r++) {
            for (n = 0; n <= 4; n++) {
                cp_sig sig = { CP_ABI_WIN64, rets[r], width == 8 ? w8 : w4, n, 0, 0 };
                void *argv[4];
                for (k = 0; k < 4; k++)
                    argv[k] = width == 8 ? (void *)&v8[k] : (void *)&v4[k];
                if (!BUILD(&c, &sig, 0))
                    continue;
                CHECK(strcmp(cp_plan_executor((const cp_plan *)(const void *)c.plan), "w64gp") ==
                      0);
                call(&c, FN(w64_capture), argv);
                for (k = 0; k < n; k++)
                    CHECK_EQ_U64(width == 8 ? w64_regs.gp[k] : w64_regs.gp[k] & 0xFFFFFFFF,
                                 width == 8 ? v8[k] : (uint32_t)v4[k]);
                CHECK_EQ_U64(w64_regs.rsp % 16, 8);
                CHECK(ret_is(&c, &want_rax, r == 0 ? 0 : r == 1 ? 4 : 8));
            }
        }
    }
    {
        cp_sig m = W64_SIG(NULL, mixed), f = W64_SIG(NULL, five), nw = W64_SIG(NULL, narrow);
        cp_sig sret = W64_SIG(&t_i3, mixed);
        const cp_sig *general[] = { &m, &f, &nw, &sret };
        for (k = 0; k < sizeof general / sizeof general[0]; k++)
            if (BUILD(&c, general[k], 0))
                CHECK(strcmp(cp_plan_executor((const cp_plan *)(const void *)c.plan),
                             "general") == 0);
    }
}

/* W64GP reads every argument, so its plans must move each argument exactly once: a forged
 * plan (resealed) that moves argument 0 twice and argument 1 never must not run on W64GP
 * (which would read 8 bytes of an argument whose declared size no move bounds); as it writes
 * one register image twice, it is refused whatever its executor byte says. */
TEST(w64gp_needs_every_argument_once)
{
    static const cp_type *const two[] = { &cp_type_i64, &cp_type_i64 };
    cp_sig sig = W64_SIG(&cp_type_i64, two);
    struct w64_call c;
    size_t len;
    uint8_t *p = c.plan;
    uint8_t general = 0;

    if (!BUILD(&c, &sig, 0))
        return;
    len = cp_plan_length((const cp_plan *)(const void *)c.plan);
    CHECK(strcmp(cp_plan_executor((const cp_plan *)(const void *)c.plan), "w64gp") == 0);
    /* moves sorted by frame offset: move 0 = arg1 -> rdx, move 1 = arg0 -> rcx */
    CHECK_EQ_U64(p[CP__PLAN_HDR + CP__M_ARG], 1);
    p[CP__PLAN_HDR + CP__M_ARG] = 0;                        /* arg0 -> rcx twice */
    p[CP__PLAN_HDR + CP__M_DST] = p[CP__PLAN_HDR + CP__MOVE_BYTES + CP__M_DST];
    forge_reseal(p, len);
    CHECK_STATUS(cp_plan_check(p, len), CP_ERR_PLAN);       /* its exec byte says w64gp */
    memcpy(&p[CP__H_EXEC], &general, 1);
    forge_reseal(p, len);
    CHECK_STATUS(cp_plan_check(p, len), CP_ERR_PLAN);       /* two writers of rcx's image */
}

/* Forged Win64 plans (resealed) that cp_plan_check must refuse, found by fuzz_plan_call: an
 * ADDR whose copy is not there, a move over an ADDR's pointer or into its copy, a move at an
 * offset inside a register image, a misaligned stack slot. Base: void f(struct{char[5]}, i64):
 * moves ld8 arg1 -> rdx, addr arg0 -> rcx, copy5 arg0 -> stack+32. */
static void put16(uint8_t *p, size_t at, unsigned v)
{
    uint16_t w = (uint16_t)v;
    memcpy(p + at, &w, 2);
}

TEST(forged_win64_plans_are_refused)
{
    static const cp_type *const args[] = { &t_c5, &cp_type_i64 };
    cp_sig sig = W64_SIG(NULL, args);
    struct w64_call base, c;
    const size_t mv = CP__PLAN_HDR, ld = mv, addr = mv + CP__MOVE_BYTES,
                 copy = mv + (size_t)2 * CP__MOVE_BYTES;
    size_t len;
    int k;

    if (!BUILD(&base, &sig, 0))
        return;
    len = cp_plan_length((const cp_plan *)(const void *)base.plan);
    CHECK_EQ_U64(base.plan[ld + CP__M_OP], CP__OP_LD8);
    CHECK_EQ_U64(base.plan[addr + CP__M_OP], CP__OP_ADDR);
    CHECK_EQ_U64(base.plan[copy + CP__M_OP], CP__OP_COPY);
    if (harness_current_failed)
        return;
    for (k = 0; k < 6; k++) {
        uint16_t copy_dst;
        memcpy(&c, &base, sizeof c);
        memcpy(&copy_dst, c.plan + copy + CP__M_DST, 2);
        switch (k) {
        case 0: put16(c.plan, addr + CP__M_SRC, copy_dst + 16u); break;    /* no copy there */
        case 1: put16(c.plan, copy + CP__M_DST, copy_dst + 16u);           /* copy moved away */
                break;
        case 2: put16(c.plan, copy + CP__M_LEN, 4); break;          /* copy shorter than arg */
        case 3: put16(c.plan, ld + CP__M_DST, 128 + 16 + 4u); break;  /* rdx image + 4 */
        case 4: c.plan[copy + CP__M_ARG] = 1;                       /* another argument's copy */
                put16(c.plan, copy + CP__M_LEN, 5);
                break;
        default: put16(c.plan, ld + CP__M_DST, copy_dst + 4u);     /* into the copy, unsorted */
                break;
        }
        forge_reseal(c.plan, len);
        CHECK_STATUS_IN(k == 0 ? "addr without its copy" : k == 1 ? "copy elsewhere" :
                        k == 2 ? "short copy" : k == 3 ? "image offset" :
                        k == 4 ? "copy of another argument" : "write into the copy",
                        cp_plan_check(c.plan, len), CP_ERR_PLAN);
    }
    memcpy(&c, &base, sizeof c);
    forge_reseal(c.plan, len);
    CHECK_STATUS(cp_plan_check(c.plan, len), CP_OK);                /* control */
#ifndef CP_NOFLOAT
    {
        /* f(double): ld8 arg0 -> xmm0; at xmm0+4 it still ends inside the 16-byte image, and
         * only the slot-start rule refuses it */
        static const cp_type *const d[] = { &cp_type_f64 };
        cp_sig sd = W64_SIG(NULL, d);
        if (BUILD(&c, &sd, 1)) {
            len = cp_plan_length((const cp_plan *)(const void *)c.plan);
            put16(c.plan, mv + CP__M_DST, 4);
            forge_reseal(c.plan, len);
            CHECK_STATUS(cp_plan_check(c.plan, len), CP_ERR_PLAN);
        }
    }
#endif
}

/* The dump names the Win64 slots and the copies. */
static void to_buffer(void *ctx, const char *text, size_t len)
{
    char *out = ctx;
    size_t have = strlen(out);
    if (have + len < 4096) {
        memcpy(out + have, text, len);
        out[have + len] = '\0';
    }
}

TEST(dump_shows_slots_and_copies)
{
    static const cp_type *const args[] = { &t_c5, &cp_type_i64 };
    cp_sig sig = W64_SIG(&t_i3, args);
    static char text[4096];
    struct w64_call c;

    if (!BUILD(&c, &sig, 0))
        return;
    text[0] = '\0';
    CHECK_STATUS(cp_plan_dump((const cp_plan *)(const void *)c.plan, to_buffer, text), CP_OK);
    CHECK(strstr(text, "win64") != NULL);
    CHECK(strstr(text, "sret   ret -> rcx") != NULL);
    CHECK(strstr(text, "addr") != NULL && strstr(text, "-> rdx") != NULL);
    CHECK(strstr(text, "-> r8") != NULL);
    CHECK_EQ_U64(strcmp(cp_plan_executor((const cp_plan *)(const void *)c.plan), "general"), 0);
    if (harness_current_failed)
        printf("%s", text);
}

int main(void)
{
    RUN(row47_slots_are_positional);
    RUN(row48_small_aggregates_by_size);
    RUN(row49_other_sizes_by_reference);
    RUN(row50_float_aggregates_in_gp);
    RUN(row51_returns_rax_or_hidden_buffer);
    RUN(row52_variadic_doubles_in_both_registers);
    RUN(row53_five_floats);
    RUN(row54_int128_by_reference_returned_in_xmm0);
    RUN(row55_long_double_and_float128_refused);
    RUN(row56_complex);
    RUN(row57_narrow_integers);
    RUN(empty_struct_by_reference);
    RUN(stack_slots_and_copy_limit);
    RUN(w64gp_executors);
    RUN(w64gp_needs_every_argument_once);
    RUN(forged_win64_plans_are_refused);
    RUN(dump_shows_slots_and_copies);
    return harness_done();
}
