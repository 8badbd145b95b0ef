/* The System V rows 1-46 of the conformance matrix (../shared/ABI.md section 4), one test each.
 *
 * A test describes the row's signature with cp_type descriptors, builds the plan (and passes it
 * through cp_plan_check), calls a real callee compiled by $(CC) (callees.c) through cp_call, then
 * checks that the callee saw every value right, that the return buffer holds the right value and
 * that the canary bytes after it are untouched.
 *
 * The callee is the compiler's reading of the ABI; callplan follows gcc. With clang callees the
 * DIFF rows (ABI.md 1.8) are expected failures: each asserts exactly what clang 14 misreads.
 * In a NOFLOAT core every row with a floating-point type must be refused (CP_ERR_UNSUPPORTED). */
#include "callplan.h"
#include "callees.h"
#include "harness.h"

#include <stdarg.h>

#ifdef CP_NOFLOAT
#define NOFLOAT_BUILD 1
#else
#define NOFLOAT_BUILD 0
#endif

#include "matrix_types.h"

/* ---- failures carry the test's name, also from helpers -------------------------------------- */
__attribute__((format(printf, 3, 4)))
static void fail_at(const char *test, int line, const char *fmt, ...)
{
    va_list ap;
    printf("FAIL - %s: %s:%d: ", test, __FILE__, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    harness_current_failed = 1;
}

static void print_hex(const char *label, const unsigned char *p, size_t n)
{
    size_t i;
    printf("#   %s:", label);
    for (i = 0; i < n; i++)
        printf(" %02x", p[i]);
    printf("\n");
}

/* A descriptor must lay out exactly like the C type the callee uses. */
#define CHECK_LAYOUT(desc, ctype) \
    check_layout(__func__, __LINE__, &(desc), sizeof(ctype), _Alignof(ctype), #ctype)

static void check_layout(const char *test, int line, const cp_type *t, size_t size,
                         size_t align, const char *ctype)
{
    size_t got_size = 0, got_align = 0;
    cp_status s = cp_type_layout(t, &got_size, &got_align, NULL, 0);
    if (s != CP_OK || got_size != size || got_align != align)
        fail_at(test, line, "layout of %s: %s, size %zu align %zu, want size %zu align %zu",
                ctype, cp_strerror(s), got_size, got_align, size, align);
}

/* ---- building a plan --------------------------------------------------------------------- */
enum floats { INTEGER_ONLY, HAS_FLOAT };    /* does the signature name a floating-point type? */

#define RET_ROOM    48      /* the largest return of the matrix (_Complex long double) is 32 */
#define CANARY_BYTE 0xA5

struct call {
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(16)];
    _Alignas(16) unsigned char ret[RET_ROOM];
};

/* Builds sig into c->plan, which cp_plan_check must then accept. A NOFLOAT core refuses every
 * signature with a floating-point type: for those, checks CP_ERR_UNSUPPORTED instead. Returns 1
 * when the plan is ready to call, 0 when the test stops here (refused as expected, or failed). */
#define BUILD(c, sig, floats) build_or_expect_unsupported(__func__, __LINE__, (c), (sig), (floats))

static int build_or_expect_unsupported(const char *test, int line, struct call *c,
                                       const cp_sig *sig, enum floats floats)
{
    cp_status want = NOFLOAT_BUILD && floats == HAS_FLOAT ? CP_ERR_UNSUPPORTED : CP_OK;
    size_t used = 0, measured = 0;
    cp_status s = cp_plan_build(c->plan, sizeof c->plan, sig, &used);

    if (s != want) {
        fail_at(test, line, "cp_plan_build gave %s, want %s", cp_strerror(s), cp_strerror(want));
        return 0;
    }
    /* cppcheck-suppress knownConditionTrueFalse ; true in NOFLOAT builds (want is a refusal) */
    if (s != CP_OK)
        return 0;
    s = cp_plan_check(c->plan, used);
    if (s != CP_OK) {
        fail_at(test, line, "cp_plan_check refused a built plan: %s", cp_strerror(s));
        return 0;
    }
    if (cp_plan_size(sig, &measured) != CP_OK || measured != used ||
        used > CP_PLAN_SIZE(sig->nargs)) {
        fail_at(test, line, "plan of %zu bytes, cp_plan_size says %zu, bound %zu", used,
                measured, CP_PLAN_SIZE(sig->nargs));
        return 0;
    }
    return 1;
}

static uint32_t plan_flags(const struct call *c)
{
    return cp_plan_flags((const cp_plan *)(const void *)c->plan);
}

/* ---- arguments: argv[pos] points at the value of argument pos --------------------------- */
#define MAX_ROW_ARGS 16

struct args {
    _Alignas(16) unsigned char value[MAX_ROW_ARGS][32];
    void *argv[MAX_ROW_ARGS];
};

static void put(struct args *a, unsigned pos, const void *value, size_t size)
{
    memcpy(a->value[pos], value, size);
    a->argv[pos] = a->value[pos];
}

#define PUT(a, pos, value) put((a), (pos), &(value), sizeof(value))

static void put_empty(struct args *a, unsigned pos)
{
    a->argv[pos] = a->value[pos];           /* a size-0 value: never read */
}

static void put_longs(struct args *a, unsigned first, unsigned n)
{
    unsigned pos;
    for (pos = first; pos < first + n; pos++) {
        long v = want_l(pos);
        PUT(a, pos, v);
    }
}

static void put_doubles(struct args *a, unsigned first, unsigned n)
{
    unsigned pos;
    for (pos = first; pos < first + n; pos++) {
        double v = want_d(pos);
        PUT(a, pos, v);
    }
}

static void put_l(struct args *a, unsigned pos)
{
    put_longs(a, pos, 1);
}

static void put_d(struct args *a, unsigned pos)
{
    put_doubles(a, pos, 1);
}

static void put_fmt(struct args *a, unsigned pos)
{
    const char *fmt = callee_fmt;
    PUT(a, pos, fmt);
}

/* ---- calling and checking ------------------------------------------------------------------ */
#define FN(f) ((void (*)(void))(f))

/* The x87 register stack must be empty between calls (ABI.md 1.1): the stub pops an x87
 * result even when it is not stored. FXSAVE's abridged tag byte has a bit per used register. */
static unsigned x87_registers_in_use(void)
{
    _Alignas(16) unsigned char fx[512];
    __asm__ volatile("fxsave %0" : "=m"(fx));
    return fx[4];
}

/* Calls fn through c's plan with a fresh callee log and a return buffer full of canary bytes,
 * then checks that the call left nothing on the x87 stack. */
#define CALL(c, fn, a) call_at(__func__, __LINE__, (c), (fn), (a))

static void call_at(const char *test, int line, struct call *c, void (*fn)(void),
                    const struct args *a)
{
    unsigned x87_tags;
    callee_log_reset();
    memset(c->ret, CANARY_BYTE, sizeof c->ret);
    cp_call((const cp_plan *)(const void *)c->plan, fn, c->ret, a ? a->argv : NULL);
    x87_tags = x87_registers_in_use();
    if (x87_tags != 0) {
        fail_at(test, line, "the call left x87 registers in use (tag bits 0x%02x)", x87_tags);
        __asm__ volatile("emms");           /* mark them free: keep the failure to this test */
    }
}

/* Bit k of callee_log.wrong: the k-th value the callee checked (callees.h). */
#define VALUE(k) (1u << (k))

#define CHECK_CALLEE_SAW_ALL() CHECK_CALLEE_SAW_WRONG(0)
#define CHECK_CALLEE_SAW_WRONG(mask)                                                           \
    do {                                                                                       \
        CHECK_EQ_U64(callee_log.calls, 1);                                                     \
        CHECK_EQ_U64(callee_log.wrong, (mask));                                                \
    } while (0)

static long seen_l(unsigned k)
{
    long v;
    memcpy(&v, callee_log.seen[k], sizeof v);
    return v;
}

static i128 seen_x(unsigned k)
{
    i128 v;
    memcpy(&v, callee_log.seen[k], sizeof v);
    return v;
}

/* The return buffer holds want's n bytes, and the canary after them is intact: exactly
 * sizeof(return type) bytes were written. */
#define CHECK_RET(c, want) check_ret(__func__, __LINE__, (c), &(want), sizeof(want))

static void check_canary(const char *test, int line, const struct call *c, size_t from)
{
    size_t i;
    for (i = from; i < RET_ROOM; i++) {
        if (c->ret[i] != CANARY_BYTE) {
            fail_at(test, line, "return buffer byte %zu past the value was written", i - from);
            print_hex("buffer", c->ret, RET_ROOM);
            return;
        }
    }
}

static void check_ret(const char *test, int line, const struct call *c, const void *want,
                      size_t n)
{
    if (memcmp(c->ret, want, n) != 0) {
        fail_at(test, line, "wrong return value (%zu bytes)", n);
        print_hex("got ", c->ret, n);
        print_hex("want", want, n);
    }
    check_canary(test, line, c, n);
}

/* x87 returns (ST0, then ST1 for _Complex long double): each part is 10 value bytes followed by
 * 6 zero bytes in its 16-byte slot. */
static void check_ret_x87(const char *test, int line, const struct call *c,
                          const long double *want, unsigned parts)
{
    static const unsigned char zero[6];
    unsigned p;
    for (p = 0; p < parts; p++) {
        const unsigned char *slot = c->ret + (size_t)16 * p;
        if (memcmp(slot, &want[p], 10) != 0 || memcmp(slot + 10, zero, 6) != 0) {
            fail_at(test, line, "x87 part %u: want 10 value bytes and 6 zero bytes", p);
            print_hex("got ", slot, 16);
            print_hex("want", (const unsigned char *)&want[p], 10);
        }
    }
    check_canary(test, line, c, 16 * (size_t)parts);
}

/* Return-only rows: one zero-argument call per returned type. */
struct ret_case {
    const char *what;
    const cp_type *type;
    void (*fn)(void);
    const void *want;
    size_t size;                /* sizeof the C type */
    unsigned x87_parts;         /* > 0: returned in ST0 (and ST1), compared as x87 parts */
    enum floats floats;
    int sret;                   /* returned in memory through the hidden pointer */
};

#define RUN_RET_CASES(cases) \
    run_ret_cases(__func__, __LINE__, (cases), sizeof(cases) / sizeof((cases)[0]))

static void run_ret_cases(const char *test, int line, const struct ret_case *cases, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const struct ret_case *rc = &cases[i];
        cp_sig sig = SIG_NO_ARGS(rc->type);
        struct call c;
        if (!build_or_expect_unsupported(test, line, &c, &sig, rc->floats))
            continue;
        if (!!(plan_flags(&c) & CP_PLAN_SRET) != rc->sret)
            fail_at(test, line, "%s: sret flag is %d, want %d", rc->what,
                    !!(plan_flags(&c) & CP_PLAN_SRET), rc->sret);
        call_at(test, line, &c, rc->fn, NULL);
        if (callee_log.calls != 1)
            fail_at(test, line, "%s: the callee ran %u times", rc->what, callee_log.calls);
        if (rc->x87_parts)
            check_ret_x87(test, line, &c, rc->want, rc->x87_parts);
        else
            check_ret(test, line, &c, rc->want, rc->size);
    }
}

/* long test_abi_al_at_entry(void): returns AL as it was at entry, where a "..." call carries
 * the number of vector registers used (ABI.md 1.1: callplan keeps it exact). C cannot see AL. */
long test_abi_al_at_entry(void);
__asm__(".pushsection .text\n"
        ".globl test_abi_al_at_entry\n"
        "test_abi_al_at_entry:\n"
        "    movzbl %al, %eax\n"
        "    ret\n"
        ".popsection\n");

/* AL for sig's arguments: the same arguments through a sibling plan that returns a long, into
 * test_abi_al_at_entry. (AL counts argument registers only: the return type does not change it.) */
#define AL_AT_ENTRY(sig, a, floats) al_at_entry(__func__, __LINE__, (sig), (a), (floats))

static long al_at_entry(const char *test, int line, const cp_sig *sig, const struct args *a,
                        enum floats floats)
{
    cp_sig sibling = *sig;
    struct call c;
    long al = -1;

    sibling.ret = T_L;
    if (build_or_expect_unsupported(test, line, &c, &sibling, floats)) {
        call_at(test, line, &c, FN(test_abi_al_at_entry), a);
        memcpy(&al, c.ret, sizeof al);
    }
    return al;
}

/* A DIFF row with a clang callee passes only if it fails exactly as documented. */
static void note_expected_failure(const char *test, const char *what)
{
    printf("# %s: clang 14 callee, expected failure: %s\n", test, what);
}

static const long ret_l = CALLEE_RET_L;
static const int ret_i = CALLEE_RET_I;
static const double ret_d = CALLEE_RET_D;
static const float ret_f = CALLEE_RET_F;

/* ================================================================================================
 * Rows 1-3: scalars and the two register counters
 * ============================================================================================= */

/* f(L×6, L g): RDI…R9, g at [0]. */
TEST(row01_long_after_six_longs)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_L, T_L };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    put_longs(&a, 0, 7);
    CALL(&c, FN(row01_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f(D×8, D): XMM0–7, the 9th at [0]. */
TEST(row02_double_after_eight_doubles)
{
    static const cp_type *const args[] = { T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D };
    cp_sig sig = SIG(T_D, args);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    put_doubles(&a, 0, 9);
    CALL(&c, FN(row02_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_d);
}

/* f(I, D, I, F): RDI, XMM0, RSI, XMM1: integer and vector registers count separately. */
TEST(row03_int_double_int_float_separate_counters)
{
    static const cp_type *const args[] = { T_I, T_D, T_I, T_F };
    cp_sig sig = SIG(T_I, args);
    int i0 = want_i(0), i2 = want_i(2);
    float f3 = want_f(3);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    PUT(&a, 0, i0);
    put_d(&a, 1);
    PUT(&a, 2, i2);
    PUT(&a, 3, f3);
    CALL(&c, FN(row03_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_i);
}

/* ================================================================================================
 * Rows 4-7: a two-eightbyte struct at the register boundary (all or nothing, backfill)
 * ============================================================================================= */

/* f(L×5, {D d; L l}): longs RDI–R8; d XMM0, l R9 (just fits). */
TEST(row04_struct_dl_fits_last_gp)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, &d_l_type };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(d_l_type, struct d_l);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    put_longs(&a, 0, 5);
    PUT(&a, 5, want_d_l);
    CALL(&c, FN(row04_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f(L×6, {D;L}, L): no GP left, so the whole struct goes to [0..15] (no split), L to [16];
 * XMM0 stays unused. */
TEST(row05_struct_dl_after_six_longs)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_L, &d_l_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    put_longs(&a, 0, 6);
    PUT(&a, 6, want_d_l);
    put_l(&a, 7);
    CALL(&c, FN(row05_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f(D×8, {D;L}, L): no XMM left, the struct goes to [0..15]; the L backfills RDI. */
TEST(row06_struct_dl_after_eight_doubles_backfill)
{
    static const cp_type *const args[] = { T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D,
                                           &d_l_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    put_doubles(&a, 0, 8);
    PUT(&a, 8, want_d_l);
    put_l(&a, 9);
    CALL(&c, FN(row06_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f(D×7, {D;D}, D): the struct needs two XMM, one is left: struct [0..15], last D XMM7. */
TEST(row07_struct_dd_one_xmm_left)
{
    static const cp_type *const args[] = { T_D, T_D, T_D, T_D, T_D, T_D, T_D, &d_d_type, T_D };
    cp_sig sig = SIG(T_D, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(d_d_type, struct d_d);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    put_doubles(&a, 0, 7);
    PUT(&a, 7, want_d_d);
    put_d(&a, 8);
    CALL(&c, FN(row07_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_d);
}

/* ================================================================================================
 * Rows 8-13: small aggregates cut into eightbytes
 * ============================================================================================= */

/* f({F a,b,c}): XMM0 = a|b (lanes 0, 1), XMM1 = c. */
TEST(row08_struct_three_floats)
{
    static const cp_type *const args[] = { &f_f_f_type };
    cp_sig sig = SIG(T_F, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(f_f_f_type, struct f_f_f);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    PUT(&a, 0, want_f_f_f);
    CALL(&c, FN(row08_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_f);
}

/* ret {F a,b,c} / {F×4} / {F×5}: XMM0(a,b)+XMM1(c) / XMM0+XMM1 / sret (20 bytes > 16). */
TEST(row09_return_three_four_five_floats)
{
    static const struct ret_case cases[] = {
        { "{F a,b,c}", &f_f_f_type, FN(row09_ret_f_f_f), &want_f_f_f, sizeof want_f_f_f, 0,
          HAS_FLOAT, 0 },
        { "{F x[4]}", &f4_type, FN(row09_ret_f4), &want_f4, sizeof want_f4, 0, HAS_FLOAT, 0 },
        { "{F x[5]}", &f5_type, FN(row09_ret_f5), &want_f5, sizeof want_f5, 0, HAS_FLOAT, 1 },
    };
    CHECK_LAYOUT(f4_type, struct f4);
    CHECK_LAYOUT(f5_type, struct f5);
    RUN_RET_CASES(cases);
}

/* f({F,F}, F): the struct shares XMM0 (lanes 0, 1); the float takes XMM1. */
TEST(row10_struct_two_floats_then_float)
{
    static const cp_type *const args[] = { &f_f_type, T_F };
    cp_sig sig = SIG(T_L, args);
    float f1 = want_f(1);
    struct call c;
    struct args a;

    CHECK_LAYOUT(f_f_type, struct f_f);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    PUT(&a, 0, want_f_f);
    PUT(&a, 1, f1);
    CALL(&c, FN(row10_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f({{F x[2]} p; D z}): arrays classify per element: XMM0 = p, XMM1 = z. */
TEST(row11_nested_float_array_then_double)
{
    static const cp_type *const args[] = { &f2_d_type };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(f2_d_type, struct f2_d);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    PUT(&a, 0, want_f2_d);
    CALL(&c, FN(row11_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f({F f; I i}): INTEGER wins the shared eightbyte: RDI (f bits 0–31, i bits 32–63). */
TEST(row12_struct_float_int_in_one_gp)
{
    static const cp_type *const args[] = { &f_i_type };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(f_i_type, struct f_i);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    PUT(&a, 0, want_f_i);
    CALL(&c, FN(row12_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f({char; D}) / f({L; F}): RDI, XMM0 both times (a GP eightbyte, then an SSE one). */
TEST(row13_mixed_gp_then_sse_eightbytes)
{
    static const cp_type *const c_d_args[] = { &c_d_type };
    static const cp_type *const l_f_args[] = { &l_f_type };
    cp_sig c_d_sig = SIG(T_L, c_d_args), l_f_sig = SIG(T_L, l_f_args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(c_d_type, struct c_d);
    CHECK_LAYOUT(l_f_type, struct l_f);
    if (BUILD(&c, &c_d_sig, HAS_FLOAT)) {
        PUT(&a, 0, want_c_d);
        CALL(&c, FN(row13_callee_c_d), &a);
        CHECK_CALLEE_SAW_ALL();
        CHECK_RET(&c, ret_l);
    }
    if (BUILD(&c, &l_f_sig, HAS_FLOAT)) {
        PUT(&a, 0, want_l_f);
        CALL(&c, FN(row13_callee_l_f), &a);
        CHECK_CALLEE_SAW_ALL();
        CHECK_RET(&c, ret_l);
    }
}

/* ================================================================================================
 * Rows 14-15: aggregates over 16 bytes are copied onto the stack by value
 * ============================================================================================= */

/* f(L, {char x[17]}, L): RDI; the struct at [0..16] in a 24-byte slot; the second L in RSI. */
TEST(row14_char17_struct_by_value_on_stack)
{
    static const cp_type *const args[] = { T_L, &c17_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(c17_type, struct c17);
    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    put_l(&a, 0);
    PUT(&a, 1, want_c17);
    put_l(&a, 2);
    CALL(&c, FN(row14_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f(L×6, {char x[20]}, L): the struct at [0..19], rounded to 24: the last L at [24]. */
TEST(row15_char20_struct_then_long_on_stack)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_L, &c20_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(c20_type, struct c20);
    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    put_longs(&a, 0, 6);
    PUT(&a, 6, want_c20);
    put_l(&a, 7);
    CALL(&c, FN(row15_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* ================================================================================================
 * Rows 16-20: unions merge their members' classes
 * ============================================================================================= */

/* f(union{F;I}, D): INTEGER wins: RDI; the double XMM0. */
TEST(row16_union_float_int_then_double)
{
    static const cp_type *const args[] = { &f_or_i_type, T_D };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(f_or_i_type, union f_or_i);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    PUT(&a, 0, want_f_or_i);
    put_d(&a, 1);
    CALL(&c, FN(row16_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f(union{F;D}, L): SSE: XMM0; the long RDI. */
TEST(row17_union_float_double_then_long)
{
    static const cp_type *const args[] = { &f_or_d_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(f_or_d_type, union f_or_d);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    PUT(&a, 0, want_f_or_d);
    put_l(&a, 1);
    CALL(&c, FN(row17_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f / ret union{LD; L[2]}: INTEGER beats X87 (merge rule d before e): RDI,RSI / RAX,RDX. */
TEST(row18_union_longdouble_long2_in_gp)
{
    static const cp_type *const args[] = { &ld_or_l2_type };
    cp_sig sig = SIG(&ld_or_l2_type, args);
    union ld_or_l2 swapped = { .l = { want_ld_or_l2.l[1], want_ld_or_l2.l[0] } };
    struct call c;
    struct args a;

    CHECK_LAYOUT(ld_or_l2_type, union ld_or_l2);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    CHECK(!(plan_flags(&c) & CP_PLAN_SRET));
    PUT(&a, 0, want_ld_or_l2);
    CALL(&c, FN(row18_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, swapped);
}

/* f / ret union{LD; D[2]}: SSE meets X87: MEMORY: [0..15] / sret. */
TEST(row19_union_longdouble_double2_in_memory)
{
    static const cp_type *const args[] = { &ld_or_d2_type };
    cp_sig sig = SIG(&ld_or_d2_type, args);
    union ld_or_d2 swapped = { .d = { want_ld_or_d2.d[1], want_ld_or_d2.d[0] } };
    struct call c;
    struct args a;

    CHECK_LAYOUT(ld_or_d2_type, union ld_or_d2);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    CHECK(plan_flags(&c) & CP_PLAN_SRET);
    PUT(&a, 0, want_ld_or_d2);
    CALL(&c, FN(row19_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, swapped);
}

/* ret union{LD; I}: the int turns the first eightbyte INTEGER, leaving X87UP without X87:
 * MEMORY, so sret. The callee writes the buffer: its 10 value bytes are compared. */
TEST(row20_return_union_longdouble_int_sret)
{
    cp_sig sig = SIG_NO_ARGS(&ld_or_i_type);
    struct call c;

    CHECK_LAYOUT(ld_or_i_type, union ld_or_i);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    CHECK(plan_flags(&c) & CP_PLAN_SRET);
    CALL(&c, FN(row20_callee), NULL);
    CHECK_EQ_U64(callee_log.calls, 1);
    CHECK_MEM(c.ret, &want_ld_or_i.ld, 10);
    check_canary(__func__, __LINE__, &c, sizeof(union ld_or_i));
}

/* ================================================================================================
 * Rows 21-25: empty, bitfield, packed and over-aligned structs
 * ============================================================================================= */

/* f(L, {}, L×5, {int a[0]}, L): size-0 structs take no register and no stack slot: the longs
 * fill RDI…R9, the last one [0]. */
TEST(row21_empty_structs_take_nothing)
{
    static const cp_type *const args[] = { T_L, &empty_type, T_L, T_L, T_L, T_L, T_L,
                                           &zero_array_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(empty_type, struct empty);
    CHECK_LAYOUT(zero_array_type, struct zero_array);
    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    put_l(&a, 0);
    put_empty(&a, 1);
    put_longs(&a, 2, 5);
    put_empty(&a, 7);
    put_l(&a, 8);
    CALL(&c, FN(row21_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f({I a:3; I b:5; unsigned c:20}): one 32-bit storage unit: RDI. */
TEST(row22_bitfields_in_one_gp)
{
    static const cp_type *const args[] = { &bits3_5_20_type };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(bits3_5_20_type, struct bits3_5_20);
    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    PUT(&a, 0, want_bits3_5_20);
    CALL(&c, FN(row22_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f({F a; I :8; F b}): DIFF. gcc counts the unnamed bitfield: first eightbyte INTEGER (RDI =
 * a and the bitfield byte), b XMM0. clang 14 ignores it: a XMM0, b XMM1. */
TEST(row23_unnamed_bitfield_diff)
{
    static const cp_type *const args[] = { &f_pad8_f_type };
    cp_sig sig = SIG(T_L, args);
    struct f_pad8_f value;
    struct call c;
    struct args a;

    CHECK_LAYOUT(f_pad8_f_type, struct f_pad8_f);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    memset(&value, 0, sizeof value);        /* the bitfield byte is not settable: zero it */
    value.a = want_f_pad8_f.a;
    value.b = want_f_pad8_f.b;
    PUT(&a, 0, value);
    CALL(&c, FN(row23_callee), &a);
    CHECK_RET(&c, ret_l);
    if (!callees_compiler_is_clang) {
        CHECK_CALLEE_SAW_ALL();
        return;
    }
    /* clang reads a from XMM0, where the plan put b: a is wrong and exactly b's bits. It reads
     * b from XMM1, which this plan does not load: whatever the caller left there, not
     * predictable (it can even be b, which the test's own code just handled), so b's bit in
     * callee_log.wrong is not asserted. */
    note_expected_failure(__func__, "a = b (from XMM0); b = whatever XMM1 held");
    CHECK_EQ_U64(callee_log.calls, 1);
    CHECK_EQ_U64(callee_log.wrong & ~VALUE(1), VALUE(0));
    CHECK_MEM(callee_log.seen[0], &want_f_pad8_f.b, sizeof(float));
}

/* f(packed {char; I}, L): the int is off its alignment, so MEMORY: [0..4] (an 8-byte slot);
 * the long still gets RDI. */
TEST(row24_packed_struct_on_stack)
{
    static const cp_type *const args[] = { &packed_c_i_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(packed_c_i_type, struct packed_c_i);
    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    PUT(&a, 0, want_packed_c_i);
    put_l(&a, 1);
    CALL(&c, FN(row24_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f(aligned(16) {L a}, L): 16 bytes, but the second eightbyte is NO_CLASS and takes no
 * register: RDI, then the long RSI. */
TEST(row25_aligned16_struct_takes_one_gp)
{
    static const cp_type *const args[] = { &aligned16_l_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(aligned16_l_type, struct aligned16_l);
    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    PUT(&a, 0, want_aligned16_l);
    put_l(&a, 1);
    CALL(&c, FN(row25_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* ================================================================================================
 * Rows 26-31: __int128
 * ============================================================================================= */

/* f(L, X): RDI; X in RSI (low) and RDX (high): any two consecutive GP registers. */
TEST(row26_int128_in_rsi_rdx)
{
    static const cp_type *const args[] = { T_L, T_X };
    cp_sig sig = SIG(T_L, args);
    i128 x = want_x(1);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    put_l(&a, 0);
    PUT(&a, 1, x);
    CALL(&c, FN(row26_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f(L×4, X, L): X in R8 (low), R9 (high); the last L at [0]. */
TEST(row27_int128_in_last_two_gp)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_X, T_L };
    cp_sig sig = SIG(T_L, args);
    i128 x = want_x(4);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    put_longs(&a, 0, 4);
    PUT(&a, 4, x);
    put_l(&a, 5);
    CALL(&c, FN(row27_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f(L×5, X, L g): DIFF. gcc: only R9 is left, so X goes whole to [0..15] and g takes R9.
 * clang 14: X low in R9, high at [0], g at [8]. */
TEST(row28_int128_with_only_r9_left_diff)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_X, T_L };
    cp_sig sig = SIG(T_L, args);
    i128 x = want_x(5);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    put_longs(&a, 0, 5);
    PUT(&a, 5, x);
    put_l(&a, 6);
    CALL(&c, FN(row28_callee), &a);
    CHECK_RET(&c, ret_l);
    if (!callees_compiler_is_clang) {
        CHECK_CALLEE_SAW_ALL();
        return;
    }
    /* With the gcc placement, clang reads X's low half from R9 (= g), its high half from [0]
     * (= X's low half), and g from [8] (= X's high half). Fully determined. */
    note_expected_failure(__func__, "X = {lo: g, hi: X.lo}, g = X.hi");
    CHECK_CALLEE_SAW_WRONG(VALUE(5) | VALUE(6));
    CHECK(seen_x(5) == make_x((uint64_t)want_l(6), want_x_lo(5)));
    CHECK_EQ_U64(seen_l(6), want_x_hi(5));
}

/* f(L×7, X): DIFF. gcc: L at [0], X 16-aligned at [16..31]. clang 14 aligns X to 8 on the
 * stack: it reads X from [8..23]. */
TEST(row29_int128_stack_alignment_diff)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_L, T_L, T_X };
    cp_sig sig = SIG(T_L, args);
    i128 x = want_x(7);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    put_longs(&a, 0, 7);
    PUT(&a, 7, x);
    CALL(&c, FN(row29_callee), &a);
    CHECK_RET(&c, ret_l);
    if (!callees_compiler_is_clang) {
        CHECK_CALLEE_SAW_ALL();
        return;
    }
    /* clang's X: low half = [8], the padding the plan leaves before the 16-aligned X (stale
     * bytes, not predictable); high half = [16] = X's low half, which always differs from X's
     * high half. The seven longs are right. */
    note_expected_failure(__func__, "X = {lo: stack padding, hi: X.lo}");
    CHECK_CALLEE_SAW_WRONG(VALUE(7));
    CHECK_EQ_U64((uint64_t)((u128)seen_x(7) >> 64), want_x_lo(7));
}

/* f(L×5, {X}, L): a struct holding an __int128 follows the gcc rule in both compilers:
 * [0..15], the L takes R9. */
TEST(row30_struct_int128_with_only_r9_left)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, &x_wrap_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(x_wrap_type, struct x_wrap);
    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    put_longs(&a, 0, 5);
    PUT(&a, 5, want_x_wrap);
    put_l(&a, 6);
    CALL(&c, FN(row30_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* ret X: RAX = low, RDX = high. */
TEST(row31_return_int128_in_rax_rdx)
{
    i128 want = want_x(CALLEE_RET_POS);
    const struct ret_case cases[] = {
        { "X", T_X, FN(row31_callee), &want, sizeof want, 0, INTEGER_ONLY, 0 },
    };
    RUN_RET_CASES(cases);
}

/* ================================================================================================
 * Rows 32-36: long double (x87) and complex
 * ============================================================================================= */

/* f(LD, D, L): LD at [0..15] (X87 classes go on the stack), D XMM0, L RDI. */
TEST(row32_longdouble_on_stack_double_long_in_regs)
{
    static const cp_type *const args[] = { T_LD, T_D, T_L };
    cp_sig sig = SIG(T_L, args);
    long double ld = want_ld(0);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    PUT(&a, 0, ld);
    put_d(&a, 1);
    put_l(&a, 2);
    CALL(&c, FN(row32_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* f(L×7, LD): L at [0], LD 16-aligned at [16..31]. */
TEST(row33_longdouble_16_aligned_on_stack)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_L, T_L, T_LD };
    cp_sig sig = SIG(T_L, args);
    long double ld = want_ld(7);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    put_longs(&a, 0, 7);
    PUT(&a, 7, ld);
    CALL(&c, FN(row33_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* ret LD / ret {LD}: ST0 (the stub pops it): 10 value bytes, then 6 zero bytes. */
TEST(row34_return_longdouble_in_st0)
{
    long double want = want_ld(CALLEE_RET_POS);
    const struct ret_case cases[] = {
        { "LD", T_LD, FN(row34_ret_ld), &want, sizeof want, 1, HAS_FLOAT, 0 },
        { "{LD}", &ld_wrap_type, FN(row34_ret_ld_wrap), &want_ld_wrap.ld, sizeof want_ld_wrap,
          1, HAS_FLOAT, 0 },
    };
    CHECK_LAYOUT(ld_wrap_type, struct ld_wrap);
    RUN_RET_CASES(cases);
}

/* f(_Complex F, _Complex D, _Complex LD): XMM0 (re, im lanes); XMM1 = re, XMM2 = im; the
 * _Complex long double at [0..31]. */
TEST(row35_complex_arguments)
{
    static const cp_type *const args[] = { &cp_type_c32, &cp_type_c64, &cp_type_c80 };
    cp_sig sig = SIG(T_L, args);
    float _Complex z0 = want_c32(0);
    double _Complex z1 = want_c64(1);
    long double _Complex z2 = want_c80(2);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    PUT(&a, 0, z0);
    PUT(&a, 1, z1);
    PUT(&a, 2, z2);
    CALL(&c, FN(row35_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
}

/* ret _Complex F / D / LD: XMM0 lanes 0, 1 / XMM0, XMM1 / ST0 = re, ST1 = im (each 10 value
 * bytes and 6 zero bytes). */
TEST(row36_return_complex)
{
    float _Complex z32 = want_c32(CALLEE_RET_POS);
    double _Complex z64 = want_c64(CALLEE_RET_POS);
    long double _Complex z80 = want_c80(CALLEE_RET_POS);
    long double parts80[2];
    const struct ret_case cases[] = {
        { "_Complex F", &cp_type_c32, FN(row36_ret_c32), &z32, sizeof z32, 0, HAS_FLOAT, 0 },
        { "_Complex D", &cp_type_c64, FN(row36_ret_c64), &z64, sizeof z64, 0, HAS_FLOAT, 0 },
        { "_Complex LD", &cp_type_c80, FN(row36_ret_c80), parts80, sizeof z80, 2, HAS_FLOAT,
          0 },
    };
    memcpy(parts80, &z80, sizeof parts80);
    RUN_RET_CASES(cases);
}

/* ================================================================================================
 * Rows 37-38: __float128
 * ============================================================================================= */

/* f(D×8, Q, L); ret Q: no XMM left: Q 16-aligned at [0..15]; L RDI; the result in XMM0. */
TEST(row37_float128_on_stack_and_returned)
{
    static const cp_type *const args[] = { T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_Q, T_L };
    cp_sig sig = SIG(T_Q, args);
    f128 q = want_q(8), want = want_q(CALLEE_RET_POS);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    put_doubles(&a, 0, 8);
    PUT(&a, 8, q);
    put_l(&a, 9);
    CALL(&c, FN(row37_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, want);
}

/* f({Q}, L): DIFF. gcc: SSE+SSEUP, one whole XMM0; L RDI. clang 14: the struct in memory
 * [0..15]; L RDI. */
TEST(row38_struct_float128_diff)
{
    static const cp_type *const args[] = { &q_wrap_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(q_wrap_type, struct q_wrap);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    PUT(&a, 0, want_q_wrap);
    put_l(&a, 1);
    CALL(&c, FN(row38_callee), &a);
    CHECK_RET(&c, ret_l);
    if (!callees_compiler_is_clang) {
        CHECK_CALLEE_SAW_ALL();
        return;
    }
    /* clang reads the struct from [0..15]; this plan has no stack arguments, so those are
     * cp_call's own bytes (saved registers, pointers, padding), not predictable but never the
     * value. L in RDI is right. */
    note_expected_failure(__func__, "{Q} read from the empty stack area");
    CHECK_CALLEE_SAW_WRONG(VALUE(0));
}

/* ================================================================================================
 * Rows 39-40: returns
 * ============================================================================================= */

/* {L a,b,c} f(L×6): sret: the buffer is the hidden first argument (RDI), so the visible ones
 * shift to RSI…R9 and [0]; the callee writes the buffer. */
TEST(row39_sret_shifts_arguments)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_L };
    cp_sig sig = SIG(&l_l_l_type, args);
    struct call c;
    struct args a;

    CHECK_LAYOUT(l_l_l_type, struct l_l_l);
    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    CHECK(plan_flags(&c) & CP_PLAN_SRET);
    put_longs(&a, 0, 6);
    CALL(&c, FN(row39_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, want_l_l_l);
}

/* ret {D;L} / {L;D} / {L;L}: XMM0+RAX / RAX+XMM0 / RAX+RDX. */
TEST(row40_return_two_eightbyte_structs)
{
    static const struct ret_case cases[] = {
        { "{D;L}", &d_l_type, FN(row40_ret_d_l), &want_d_l, sizeof want_d_l, 0, HAS_FLOAT, 0 },
        { "{L;D}", &l_d_type, FN(row40_ret_l_d), &want_l_d, sizeof want_l_d, 0, HAS_FLOAT, 0 },
        { "{L;L}", &l_l_type, FN(row40_ret_l_l), &want_l_l, sizeof want_l_l, 0, INTEGER_ONLY,
          0 },
    };
    CHECK_LAYOUT(l_d_type, struct l_d);
    CHECK_LAYOUT(l_l_type, struct l_l);
    RUN_RET_CASES(cases);
}

/* ================================================================================================
 * Rows 41-45: variadic calls (the callees read their arguments with va_arg)
 * ============================================================================================= */

/* printf-like (fmt, D, I, (double)F): RDI, XMM0, RSI, XMM1; AL = 2. A raw float in the "..."
 * is refused: C would have promoted it, callplan never guesses. */
TEST(row41_variadic_printf_like)
{
    static const cp_type *const args[] = { T_P, T_D, T_I, T_D };
    static const cp_type *const raw_float_args[] = { T_P, T_F };
    cp_sig sig = VARIADIC_SIG(T_I, args, 1);
    cp_sig raw_float = VARIADIC_SIG(T_I, raw_float_args, 1);
    int i2 = want_i(2);
    struct call c;
    struct args a;

    CHECK_STATUS(cp_plan_build(c.plan, sizeof c.plan, &raw_float, NULL),
                 NOFLOAT_BUILD ? CP_ERR_UNSUPPORTED : CP_ERR_VARIADIC);
    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    CHECK(plan_flags(&c) & CP_PLAN_VARIADIC);
    put_fmt(&a, 0);
    put_d(&a, 1);
    PUT(&a, 2, i2);
    put_d(&a, 3);
    CALL(&c, FN(row41_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_i);
    CHECK_EQ_U64(AL_AT_ENTRY(&sig, &a, HAS_FLOAT), 2);
}

/* variadic (count, D×9): XMM0–7, the 9th at [0]; AL = 8. */
TEST(row42_variadic_nine_doubles)
{
    static const cp_type *const args[] = { T_I, T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D };
    cp_sig sig = VARIADIC_SIG(T_D, args, 1);
    int count = 9;
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    PUT(&a, 0, count);
    put_doubles(&a, 1, 9);
    CALL(&c, FN(row42_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_d);
    CHECK_EQ_U64(AL_AT_ENTRY(&sig, &a, HAS_FLOAT), 8);
}

/* variadic (fmt, LD, D): the long double at [0..15] as for fixed arguments; D XMM0; AL = 1. */
TEST(row43_variadic_longdouble_then_double)
{
    static const cp_type *const args[] = { T_P, T_LD, T_D };
    cp_sig sig = VARIADIC_SIG(T_L, args, 1);
    long double ld = want_ld(1);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    put_fmt(&a, 0);
    PUT(&a, 1, ld);
    put_d(&a, 2);
    CALL(&c, FN(row43_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
    CHECK_EQ_U64(AL_AT_ENTRY(&sig, &a, HAS_FLOAT), 1);
}

/* variadic (fmt, {D;L}): structs in the "..." classify as fixed ones: XMM0 + RSI; AL = 1. */
TEST(row44_variadic_struct_dl)
{
    static const cp_type *const args[] = { T_P, &d_l_type };
    cp_sig sig = VARIADIC_SIG(T_L, args, 1);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, HAS_FLOAT))
        return;
    put_fmt(&a, 0);
    PUT(&a, 1, want_d_l);
    CALL(&c, FN(row44_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
    CHECK_EQ_U64(AL_AT_ENTRY(&sig, &a, HAS_FLOAT), 1);
}

/* variadic (fmt, L×4, X, L): the gcc placement of row 28 (X at [0..15], the last L in R9).
 * ABI.md marks it DIFF because a clang 14 *caller* splits X between R9 and [0]; but clang 14's
 * va_arg (the callee side, what this test runs) takes an __int128 from the overflow area,
 * 16-aligned, once fewer than two GP registers are left, and the next long from R9: it reads
 * the gcc placement, so this row passes with both compilers' callees. */
TEST(row45_variadic_int128_with_only_r9_left)
{
    static const cp_type *const args[] = { T_P, T_L, T_L, T_L, T_L, T_X, T_L };
    cp_sig sig = VARIADIC_SIG(T_L, args, 1);
    i128 x = want_x(5);
    struct call c;
    struct args a;

    if (!BUILD(&c, &sig, INTEGER_ONLY))
        return;
    put_fmt(&a, 0);
    put_longs(&a, 1, 4);
    PUT(&a, 5, x);
    put_l(&a, 6);
    CALL(&c, FN(row45_callee), &a);
    CHECK_CALLEE_SAW_ALL();
    CHECK_RET(&c, ret_l);
    CHECK_EQ_U64(AL_AT_ENTRY(&sig, &a, INTEGER_ONLY), 0);
    if (callees_compiler_is_clang)
        printf("# %s: clang 14 callee: its va_arg reads the gcc placement (no DIFF here)\n",
               __func__);
}

/* ================================================================================================
 * Row 46: sub-int argument and return
 * ============================================================================================= */

/* I f(signed char): callplan sign-extends to all 64 bits (ABI.md 1.4); the callee, declared
 * with a long, checks the whole register. signed char f(): only AL is defined (the callee
 * leaves 0x11223344556677 above it): exactly one byte is written. */
TEST(row46_signed_char_argument_and_return)
{
    static const cp_type *const args[] = { T_I8 };
    cp_sig arg_sig = SIG(T_I, args), ret_sig = SIG_NO_ARGS(T_I8);
    signed char arg = ROW46_ARG_I8;
    unsigned char low_byte = (unsigned char)(ROW46_RET_LONG & 0xFF);
    struct call c;
    struct args a;

    if (BUILD(&c, &arg_sig, INTEGER_ONLY)) {
        PUT(&a, 0, arg);
        CALL(&c, FN(row46_callee), &a);
        CHECK_CALLEE_SAW_ALL();
        CHECK_RET(&c, ret_i);
    }
    if (BUILD(&c, &ret_sig, INTEGER_ONLY)) {
        CALL(&c, FN(row46_ret_callee), NULL);
        CHECK_EQ_U64(callee_log.calls, 1);
        CHECK_EQ_U64(low_byte, 0xF0);
        CHECK_RET(&c, low_byte);
    }
}

int main(void)
{
    RUN(row01_long_after_six_longs);
    RUN(row02_double_after_eight_doubles);
    RUN(row03_int_double_int_float_separate_counters);
    RUN(row04_struct_dl_fits_last_gp);
    RUN(row05_struct_dl_after_six_longs);
    RUN(row06_struct_dl_after_eight_doubles_backfill);
    RUN(row07_struct_dd_one_xmm_left);
    RUN(row08_struct_three_floats);
    RUN(row09_return_three_four_five_floats);
    RUN(row10_struct_two_floats_then_float);
    RUN(row11_nested_float_array_then_double);
    RUN(row12_struct_float_int_in_one_gp);
    RUN(row13_mixed_gp_then_sse_eightbytes);
    RUN(row14_char17_struct_by_value_on_stack);
    RUN(row15_char20_struct_then_long_on_stack);
    RUN(row16_union_float_int_then_double);
    RUN(row17_union_float_double_then_long);
    RUN(row18_union_longdouble_long2_in_gp);
    RUN(row19_union_longdouble_double2_in_memory);
    RUN(row20_return_union_longdouble_int_sret);
    RUN(row21_empty_structs_take_nothing);
    RUN(row22_bitfields_in_one_gp);
    RUN(row23_unnamed_bitfield_diff);
    RUN(row24_packed_struct_on_stack);
    RUN(row25_aligned16_struct_takes_one_gp);
    RUN(row26_int128_in_rsi_rdx);
    RUN(row27_int128_in_last_two_gp);
    RUN(row28_int128_with_only_r9_left_diff);
    RUN(row29_int128_stack_alignment_diff);
    RUN(row30_struct_int128_with_only_r9_left);
    RUN(row31_return_int128_in_rax_rdx);
    RUN(row32_longdouble_on_stack_double_long_in_regs);
    RUN(row33_longdouble_16_aligned_on_stack);
    RUN(row34_return_longdouble_in_st0);
    RUN(row35_complex_arguments);
    RUN(row36_return_complex);
    RUN(row37_float128_on_stack_and_returned);
    RUN(row38_struct_float128_diff);
    RUN(row39_sret_shifts_arguments);
    RUN(row40_return_two_eightbyte_structs);
    RUN(row41_variadic_printf_like);
    RUN(row42_variadic_nine_doubles);
    RUN(row43_variadic_longdouble_then_double);
    RUN(row44_variadic_struct_dl);
    RUN(row45_variadic_int128_with_only_r9_left);
    RUN(row46_signed_char_argument_and_return);
    return harness_done();
}
