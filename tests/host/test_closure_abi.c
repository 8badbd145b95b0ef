/* The System V rows 1-46 of the conformance matrix (../shared/ABI.md section 4) in the reverse
 * direction, one test each: C code compiled by $(CC) (this file) calls a closure.
 *
 * A test describes the row's signature with cp_type descriptors, builds the plan, makes a closure
 * of it (the plan buffer is wiped at once: the closure owns its copy) and calls the closure
 * through a function pointer of the row's C type. One handler serves every row: it checks each
 * argument against the row's expectations (struct expect: every member, never padding; floats bit
 * for bit; long double on its 10 value bytes), logs what it saw, and stores the row's known
 * result, which the C caller then checks byte for byte. Variadic rows call through a variadic
 * function pointer type.
 *
 * Here the compiled *caller* is the compiler's reading of the ABI; callplan follows gcc. With a
 * clang caller the DIFF rows (ABI.md 1.8) are expected failures: each asserts exactly what the
 * handler sees when clang 14 places the arguments, and a pass would be a failure. (Row 38 is
 * the exception: clang copies the struct to the stack through XMM0, where the closure reads
 * it, so the handler sees the right value by that accident; asserted as such.)
 * In a NOFLOAT core every row with a floating-point type must be refused (CP_ERR_UNSUPPORTED). */
#include "callplan.h"
#include "callees.h"
#include "harness.h"

#include <stdarg.h>
#include <stddef.h>

#ifdef CP_NOFLOAT
#define NOFLOAT_BUILD 1
#else
#define NOFLOAT_BUILD 0
#endif

/* This file is the caller: its compiler decides where the arguments go. */
#ifdef __clang__
#define CALLER_IS_CLANG 1
#else
#define CALLER_IS_CLANG 0
#endif

typedef void fnptr(void);

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

/* A descriptor must lay out exactly like the C type the caller uses. */
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

/* ---- what the handler must see, and what it returns ---------------------------------------- */
#define MAX_VALUES  32
#define VALUE_BYTES 32          /* the largest checked value: char x[20] */

/* The values the handler checks, in signature order (struct members in declaration order):
 * value k is `size` bytes at `offset` in argument `arg`, compared under `mask` (all ones but for
 * bitfield padding). The result the handler stores is `ret_size` bytes at `ret`. */
struct expect {
    unsigned n;
    struct expected_value {
        unsigned arg;
        size_t offset, size;
        unsigned char want[VALUE_BYTES], mask[VALUE_BYTES];
    } v[MAX_VALUES];
    const void *ret;
    size_t ret_size;
};

#define EXPECT_RETURNING(e, value) expect_init((e), &(value), sizeof(value))

static void expect_init(struct expect *e, const void *ret, size_t ret_size)
{
    memset(e, 0, sizeof *e);
    e->ret = ret;
    e->ret_size = ret_size;
}

static void expect_masked(struct expect *e, unsigned arg, size_t offset, const void *want,
                          const void *mask, size_t size)
{
    struct expected_value *v = &e->v[e->n++];
    v->arg = arg;
    v->offset = offset;
    v->size = size;
    memcpy(v->want, want, size);
    if (mask)
        memcpy(v->mask, mask, size);
    else
        memset(v->mask, 0xFF, size);
}

static void expect_bytes(struct expect *e, unsigned arg, size_t offset, const void *want,
                         size_t size)
{
    expect_masked(e, arg, offset, want, NULL, size);
}

/* Member m of an aggregate argument at position arg, which must equal member m of want. Offsets
 * come from offsetof, so packed members work too (no address of a packed member is taken). */
#define EXPECT_MEMBER(e, arg, type, want, m)                                                   \
    expect_bytes((e), (arg), offsetof(type, m),                                                \
                 (const unsigned char *)&(want) + offsetof(type, m), sizeof(((type *)0)->m))

/* Scalars: argument pos carries want_T(pos) (callees.h). */
static void expect_l(struct expect *e, unsigned pos)
{
    long v = want_l(pos);
    expect_bytes(e, pos, 0, &v, sizeof v);
}

static void expect_longs(struct expect *e, unsigned first, unsigned n)
{
    unsigned pos;
    for (pos = first; pos < first + n; pos++)
        expect_l(e, pos);
}

static void expect_i(struct expect *e, unsigned pos)
{
    int v = want_i(pos);
    expect_bytes(e, pos, 0, &v, sizeof v);
}

static void expect_d(struct expect *e, unsigned pos)
{
    double v = want_d(pos);
    expect_bytes(e, pos, 0, &v, sizeof v);
}

static void expect_doubles(struct expect *e, unsigned first, unsigned n)
{
    unsigned pos;
    for (pos = first; pos < first + n; pos++)
        expect_d(e, pos);
}

static void expect_f(struct expect *e, unsigned pos)
{
    float v = want_f(pos);
    expect_bytes(e, pos, 0, &v, sizeof v);
}

#define LD_VALUE_BYTES 10       /* an x87 long double's value; the other 6 bytes are padding */

static void expect_ld(struct expect *e, unsigned pos)
{
    long double v = want_ld(pos);
    expect_bytes(e, pos, 0, &v, LD_VALUE_BYTES);
}

static void expect_x(struct expect *e, unsigned pos)
{
    i128 v = want_x(pos);
    expect_bytes(e, pos, 0, &v, sizeof v);
}

static void expect_q(struct expect *e, unsigned pos)
{
    f128 v = want_q(pos);
    expect_bytes(e, pos, 0, &v, sizeof v);
}

static void expect_fmt(struct expect *e, unsigned pos)
{
    const char *v = callee_fmt;
    expect_bytes(e, pos, 0, &v, sizeof v);
}

/* ---- the one handler ---------------------------------------------------------------------- */
/* What the handler saw on its calls since the last reset: value k's bytes in seen[k], and bit k
 * of wrong set when they differ from the expectation. */
static struct {
    unsigned calls;
    uint32_t wrong;
    _Alignas(16) unsigned char seen[MAX_VALUES][VALUE_BYTES];
} handler_log;

static void reset_log(void)
{
    memset(&handler_log, 0, sizeof handler_log);
}

static void check_arguments(void *user, void *ret, void *const *args)
{
    const struct expect *e = user;
    unsigned k;
    size_t i;

    handler_log.calls++;
    for (k = 0; k < e->n; k++) {
        const struct expected_value *v = &e->v[k];
        const unsigned char *p = (const unsigned char *)args[v->arg] + v->offset;
        memcpy(handler_log.seen[k], p, v->size);
        for (i = 0; i < v->size; i++)
            if ((p[i] ^ v->want[i]) & v->mask[i])
                handler_log.wrong |= 1u << k;
    }
    if (e->ret_size)
        memcpy(ret, e->ret, e->ret_size);
}

/* ---- making the closure -------------------------------------------------------------------- */
enum floats { INTEGER_ONLY, HAS_FLOAT };    /* does the signature name a floating-point type? */

/* A closure of sig whose handler checks against e. A NOFLOAT core refuses every signature with
 * a floating-point type: for those, checks CP_ERR_UNSUPPORTED instead. Returns the function
 * pointer, or NULL when the test stops here (refused as expected, or failed). */
#define MAKE(sig, floats, e) make_closure(__func__, __LINE__, (sig), (floats), (e))

static fnptr *make_closure(const char *test, int line, const cp_sig *sig, enum floats floats,
                           struct expect *e)
{
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(CP_CLOSURE_MAX_ARGS)];
    cp_status want = NOFLOAT_BUILD && floats == HAS_FLOAT ? CP_ERR_UNSUPPORTED : CP_OK;
    cp_status s = cp_plan_build(plan, sizeof plan, sig, NULL);
    fnptr *fn = NULL;

    if (s != want) {
        fail_at(test, line, "cp_plan_build gave %s, want %s", cp_strerror(s), cp_strerror(want));
        return NULL;
    }
    /* cppcheck-suppress knownConditionTrueFalse ; true in NOFLOAT builds (want is a refusal) */
    if (s != CP_OK)
        return NULL;
    s = cp_closure_alloc((const cp_plan *)(const void *)plan, check_arguments, e, &fn);
    if (s != CP_OK || !fn) {
        fail_at(test, line, "cp_closure_alloc gave %s", cp_strerror(s));
        return NULL;
    }
    memset(plan, 0xEE, sizeof plan);        /* the closure owns its copy of the plan */
    reset_log();
    return fn;
}

#define FREE(fn) CHECK_STATUS(cp_closure_free(fn), CP_OK)

/* ---- checking a call ---------------------------------------------------------------------- */
/* The x87 register stack must be empty between calls (ABI.md 1.1): an x87 result is popped by
 * the C caller, so the closure must have pushed exactly what the return type says. FXSAVE's
 * abridged tag byte has a bit per used register. */
static unsigned x87_registers_in_use(void)
{
    _Alignas(16) unsigned char fx[512];
    __asm__ volatile("fxsave %0" : "=m"(fx));
    return fx[4];
}

/* Bit k of handler_log.wrong: the k-th value the handler checked. */
#define VALUE(k) (1u << (k))

/* After one call: the handler ran once, exactly the values in mask were wrong, and the x87
 * stack is empty. Resets the log for the next call (so any look at handler_log.seen comes
 * before). */
#define CHECK_SAW_ALL(e) CHECK_SAW_WRONG((e), 0)
#define CHECK_SAW_WRONG(e, mask) check_saw(__func__, __LINE__, (e), (mask))

static void check_saw(const char *test, int line, const struct expect *e, uint32_t mask)
{
    unsigned x87_tags = x87_registers_in_use(), k;

    if (x87_tags != 0) {
        fail_at(test, line, "the call left x87 registers in use (tag bits 0x%02x)", x87_tags);
        __asm__ volatile("emms");           /* mark them free: keep the failure to this test */
    }
    if (handler_log.calls != 1)
        fail_at(test, line, "the handler ran %u times", handler_log.calls);
    if (handler_log.wrong != mask) {
        fail_at(test, line, "wrong values 0x%x, want 0x%x", handler_log.wrong, mask);
        for (k = 0; k < e->n; k++) {
            if (!((handler_log.wrong ^ mask) >> k & 1))
                continue;
            printf("#   value %u (argument %u, offset %zu):\n", k, e->v[k].arg,
                   e->v[k].offset);
            print_hex("seen", handler_log.seen[k], e->v[k].size);
            print_hex("want", e->v[k].want, e->v[k].size);
        }
    }
    reset_log();
}

/* The caller got want's bytes back (n of them). */
#define CHECK_RET(got, want) CHECK_RET_BYTES((got), (want), sizeof(want))
#define CHECK_RET_BYTES(got, want, n) check_ret(__func__, __LINE__, &(got), &(want), (n))
/* Member m of an aggregate result. */
#define CHECK_RET_MEMBER(type, got, want, m)                                                   \
    check_ret(__func__, __LINE__, (const unsigned char *)&(got) + offsetof(type, m),           \
              (const unsigned char *)&(want) + offsetof(type, m), sizeof(((type *)0)->m))

static void check_ret(const char *test, int line, const void *got, const void *want, size_t n)
{
    if (memcmp(got, want, n) != 0) {
        fail_at(test, line, "wrong return value (%zu bytes)", n);
        print_hex("got ", got, n);
        print_hex("want", want, n);
    }
}

/* The value bytes handler_log.seen[k] holds, as a long / an __int128. */
static long seen_l(unsigned k)
{
    long v;
    memcpy(&v, handler_log.seen[k], sizeof v);
    return v;
}

static i128 seen_x(unsigned k)
{
    i128 v;
    memcpy(&v, handler_log.seen[k], sizeof v);
    return v;
}

/* An sret closure called with the hidden pointer spelled out as a first argument (ABI.md 1.6:
 * RDI = the buffer, returned in RAX), so the buffer is the test's own: the handler must fill
 * exactly `size` bytes of it (the canary after them stays), and the closure must return its
 * address. */
#define CANARY_BYTE 0xA5
#define SRET_ROOM   64

struct sret_room {
    _Alignas(16) unsigned char b[SRET_ROOM];
};

static void *sret_room_init(struct sret_room *r)
{
    memset(r->b, CANARY_BYTE, sizeof r->b);
    return r->b;
}

#define CHECK_SRET_ROOM(r, got_rax, size)                                                      \
    check_sret_room(__func__, __LINE__, (r), (got_rax), (size))

static void check_sret_room(const char *test, int line, const struct sret_room *r,
                            const void *got_rax, size_t size)
{
    size_t i;
    if (got_rax != r->b)
        fail_at(test, line, "RAX after an sret call is %p, not the buffer %p", got_rax,
                (const void *)r->b);
    for (i = size; i < SRET_ROOM; i++) {
        if (r->b[i] != CANARY_BYTE) {
            fail_at(test, line, "sret buffer byte %zu past the value was written", i - size);
            print_hex("buffer", r->b, SRET_ROOM);
            return;
        }
    }
}

/* A DIFF row with a clang caller passes only if it fails exactly as documented. */
static void note_expected_failure(const char *test, const char *what)
{
    printf("# %s: clang 14 caller, expected failure: %s\n", test, what);
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
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_longs(&e, 0, 7);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(long, long, long, long, long, long, long))fn)(
        want_l(0), want_l(1), want_l(2), want_l(3), want_l(4), want_l(5), want_l(6));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f(D×8, D): XMM0–7, the 9th at [0]. */
TEST(row02_double_after_eight_doubles)
{
    static const cp_type *const args[] = { T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D };
    cp_sig sig = SIG(T_D, args);
    struct expect e;
    fnptr *fn;
    double r;

    EXPECT_RETURNING(&e, ret_d);
    expect_doubles(&e, 0, 9);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((double (*)(double, double, double, double, double, double, double, double,
                     double))fn)(want_d(0), want_d(1), want_d(2), want_d(3), want_d(4),
                                 want_d(5), want_d(6), want_d(7), want_d(8));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_d);
    FREE(fn);
}

/* f(I, D, I, F): RDI, XMM0, RSI, XMM1: integer and vector registers count separately. */
TEST(row03_int_double_int_float_separate_counters)
{
    static const cp_type *const args[] = { T_I, T_D, T_I, T_F };
    cp_sig sig = SIG(T_I, args);
    struct expect e;
    fnptr *fn;
    int r;

    EXPECT_RETURNING(&e, ret_i);
    expect_i(&e, 0), expect_d(&e, 1), expect_i(&e, 2), expect_f(&e, 3);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((int (*)(int, double, int, float))fn)(want_i(0), want_d(1), want_i(2), want_f(3));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_i);
    FREE(fn);
}

/* ================================================================================================
 * Rows 4-7: a two-eightbyte struct at the register boundary (all or nothing, backfill)
 * ============================================================================================= */

static void expect_d_l(struct expect *e, unsigned pos)
{
    EXPECT_MEMBER(e, pos, struct d_l, want_d_l, d);
    EXPECT_MEMBER(e, pos, struct d_l, want_d_l, l);
}

/* f(L×5, {D d; L l}): longs RDI–R8; d XMM0, l R9 (just fits). */
TEST(row04_struct_dl_fits_last_gp)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, &d_l_type };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(d_l_type, struct d_l);
    EXPECT_RETURNING(&e, ret_l);
    expect_longs(&e, 0, 5);
    expect_d_l(&e, 5);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(long, long, long, long, long, struct d_l))fn)(
        want_l(0), want_l(1), want_l(2), want_l(3), want_l(4), want_d_l);
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f(L×6, {D;L}, L): no GP left, so the whole struct goes to [0..15] (no split), L to [16];
 * XMM0 stays unused. */
TEST(row05_struct_dl_after_six_longs)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_L, &d_l_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_longs(&e, 0, 6);
    expect_d_l(&e, 6);
    expect_l(&e, 7);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(long, long, long, long, long, long, struct d_l, long))fn)(
        want_l(0), want_l(1), want_l(2), want_l(3), want_l(4), want_l(5), want_d_l, want_l(7));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f(D×8, {D;L}, L): no XMM left, the struct goes to [0..15]; the L backfills RDI. */
TEST(row06_struct_dl_after_eight_doubles_backfill)
{
    static const cp_type *const args[] = { T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D,
                                           &d_l_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_doubles(&e, 0, 8);
    expect_d_l(&e, 8);
    expect_l(&e, 9);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(double, double, double, double, double, double, double, double, struct d_l,
                   long))fn)(want_d(0), want_d(1), want_d(2), want_d(3), want_d(4), want_d(5),
                             want_d(6), want_d(7), want_d_l, want_l(9));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f(D×7, {D;D}, D): the struct needs two XMM, one is left: struct [0..15], last D XMM7. */
TEST(row07_struct_dd_one_xmm_left)
{
    static const cp_type *const args[] = { T_D, T_D, T_D, T_D, T_D, T_D, T_D, &d_d_type, T_D };
    cp_sig sig = SIG(T_D, args);
    struct expect e;
    fnptr *fn;
    double r;

    CHECK_LAYOUT(d_d_type, struct d_d);
    EXPECT_RETURNING(&e, ret_d);
    expect_doubles(&e, 0, 7);
    EXPECT_MEMBER(&e, 7, struct d_d, want_d_d, a);
    EXPECT_MEMBER(&e, 7, struct d_d, want_d_d, b);
    expect_d(&e, 8);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((double (*)(double, double, double, double, double, double, double, struct d_d,
                     double))fn)(want_d(0), want_d(1), want_d(2), want_d(3), want_d(4),
                                 want_d(5), want_d(6), want_d_d, want_d(8));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_d);
    FREE(fn);
}

/* ================================================================================================
 * Rows 8-13: small aggregates cut into eightbytes
 * ============================================================================================= */

/* f({F a,b,c}): XMM0 = a|b (lanes 0, 1), XMM1 = c. */
TEST(row08_struct_three_floats)
{
    static const cp_type *const args[] = { &f_f_f_type };
    cp_sig sig = SIG(T_F, args);
    struct expect e;
    fnptr *fn;
    float r;

    CHECK_LAYOUT(f_f_f_type, struct f_f_f);
    EXPECT_RETURNING(&e, ret_f);
    EXPECT_MEMBER(&e, 0, struct f_f_f, want_f_f_f, a);
    EXPECT_MEMBER(&e, 0, struct f_f_f, want_f_f_f, b);
    EXPECT_MEMBER(&e, 0, struct f_f_f, want_f_f_f, c);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((float (*)(struct f_f_f))fn)(want_f_f_f);
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_f);
    FREE(fn);
}

/* ret {F a,b,c} / {F×4} / {F×5}: XMM0(a,b)+XMM1(c) / XMM0+XMM1 / sret (20 bytes > 16). */
TEST(row09_return_three_four_five_floats)
{
    cp_sig sig3 = SIG_NO_ARGS(&f_f_f_type), sig4 = SIG_NO_ARGS(&f4_type);
    cp_sig sig5 = SIG_NO_ARGS(&f5_type);
    struct expect e;
    struct sret_room room;
    fnptr *fn;
    int i;

    CHECK_LAYOUT(f4_type, struct f4);
    CHECK_LAYOUT(f5_type, struct f5);
    EXPECT_RETURNING(&e, want_f_f_f);
    if ((fn = MAKE(&sig3, HAS_FLOAT, &e))) {
        struct f_f_f r = ((struct f_f_f (*)(void))fn)();
        CHECK_SAW_ALL(&e);
        CHECK_RET_MEMBER(struct f_f_f, r, want_f_f_f, a);
        CHECK_RET_MEMBER(struct f_f_f, r, want_f_f_f, b);
        CHECK_RET_MEMBER(struct f_f_f, r, want_f_f_f, c);
        FREE(fn);
    }
    EXPECT_RETURNING(&e, want_f4);
    if ((fn = MAKE(&sig4, HAS_FLOAT, &e))) {
        struct f4 r = ((struct f4 (*)(void))fn)();
        CHECK_SAW_ALL(&e);
        for (i = 0; i < 4; i++)
            CHECK_RET(r.v[i], want_f4.v[i]);
        FREE(fn);
    }
    EXPECT_RETURNING(&e, want_f5);
    if ((fn = MAKE(&sig5, HAS_FLOAT, &e))) {
        struct f5 r = ((struct f5 (*)(void))fn)();
        void *rax;
        CHECK_SAW_ALL(&e);
        for (i = 0; i < 5; i++)
            CHECK_RET(r.v[i], want_f5.v[i]);
        rax = ((void *(*)(void *))fn)(sret_room_init(&room));
        CHECK_SAW_ALL(&e);
        CHECK_SRET_ROOM(&room, rax, sizeof(struct f5));
        CHECK_MEM(room.b, &want_f5, sizeof want_f5);
        FREE(fn);
    }
}

/* f({F,F}, F): the struct shares XMM0 (lanes 0, 1); the float takes XMM1. */
TEST(row10_struct_two_floats_then_float)
{
    static const cp_type *const args[] = { &f_f_type, T_F };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(f_f_type, struct f_f);
    EXPECT_RETURNING(&e, ret_l);
    EXPECT_MEMBER(&e, 0, struct f_f, want_f_f, a);
    EXPECT_MEMBER(&e, 0, struct f_f, want_f_f, b);
    expect_f(&e, 1);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(struct f_f, float))fn)(want_f_f, want_f(1));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f({{F x[2]} p; D z}): arrays classify per element: XMM0 = p, XMM1 = z. */
TEST(row11_nested_float_array_then_double)
{
    static const cp_type *const args[] = { &f2_d_type };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(f2_d_type, struct f2_d);
    EXPECT_RETURNING(&e, ret_l);
    EXPECT_MEMBER(&e, 0, struct f2_d, want_f2_d, p.x[0]);
    EXPECT_MEMBER(&e, 0, struct f2_d, want_f2_d, p.x[1]);
    EXPECT_MEMBER(&e, 0, struct f2_d, want_f2_d, z);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(struct f2_d))fn)(want_f2_d);
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f({F f; I i}): INTEGER wins the shared eightbyte: RDI (f bits 0–31, i bits 32–63). */
TEST(row12_struct_float_int_in_one_gp)
{
    static const cp_type *const args[] = { &f_i_type };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(f_i_type, struct f_i);
    EXPECT_RETURNING(&e, ret_l);
    EXPECT_MEMBER(&e, 0, struct f_i, want_f_i, f);
    EXPECT_MEMBER(&e, 0, struct f_i, want_f_i, i);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(struct f_i))fn)(want_f_i);
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f({char; D}) / f({L; F}): RDI, XMM0 both times (a GP eightbyte, then an SSE one). */
TEST(row13_mixed_gp_then_sse_eightbytes)
{
    static const cp_type *const c_d_args[] = { &c_d_type };
    static const cp_type *const l_f_args[] = { &l_f_type };
    cp_sig c_d_sig = SIG(T_L, c_d_args), l_f_sig = SIG(T_L, l_f_args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(c_d_type, struct c_d);
    CHECK_LAYOUT(l_f_type, struct l_f);
    EXPECT_RETURNING(&e, ret_l);
    EXPECT_MEMBER(&e, 0, struct c_d, want_c_d, c);
    EXPECT_MEMBER(&e, 0, struct c_d, want_c_d, d);
    if ((fn = MAKE(&c_d_sig, HAS_FLOAT, &e))) {
        r = ((long (*)(struct c_d))fn)(want_c_d);
        CHECK_SAW_ALL(&e);
        CHECK_RET(r, ret_l);
        FREE(fn);
    }
    EXPECT_RETURNING(&e, ret_l);
    EXPECT_MEMBER(&e, 0, struct l_f, want_l_f, l);
    EXPECT_MEMBER(&e, 0, struct l_f, want_l_f, f);
    if ((fn = MAKE(&l_f_sig, HAS_FLOAT, &e))) {
        r = ((long (*)(struct l_f))fn)(want_l_f);
        CHECK_SAW_ALL(&e);
        CHECK_RET(r, ret_l);
        FREE(fn);
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
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(c17_type, struct c17);
    EXPECT_RETURNING(&e, ret_l);
    expect_l(&e, 0);
    EXPECT_MEMBER(&e, 1, struct c17, want_c17, x);
    expect_l(&e, 2);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(long, struct c17, long))fn)(want_l(0), want_c17, want_l(2));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f(L×6, {char x[20]}, L): the struct at [0..19], rounded to 24: the last L at [24]. */
TEST(row15_char20_struct_then_long_on_stack)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_L, &c20_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(c20_type, struct c20);
    EXPECT_RETURNING(&e, ret_l);
    expect_longs(&e, 0, 6);
    EXPECT_MEMBER(&e, 6, struct c20, want_c20, x);
    expect_l(&e, 7);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(long, long, long, long, long, long, struct c20, long))fn)(
        want_l(0), want_l(1), want_l(2), want_l(3), want_l(4), want_l(5), want_c20, want_l(7));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* ================================================================================================
 * Rows 16-20: unions merge their members' classes
 * ============================================================================================= */

/* f(union{F;I}, D): INTEGER wins: RDI; the double XMM0. (The members share their 4 bytes:
 * checked once.) */
TEST(row16_union_float_int_then_double)
{
    static const cp_type *const args[] = { &f_or_i_type, T_D };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(f_or_i_type, union f_or_i);
    EXPECT_RETURNING(&e, ret_l);
    EXPECT_MEMBER(&e, 0, union f_or_i, want_f_or_i, i);
    expect_d(&e, 1);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(union f_or_i, double))fn)(want_f_or_i, want_d(1));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f(union{F;D}, L): SSE: XMM0; the long RDI. */
TEST(row17_union_float_double_then_long)
{
    static const cp_type *const args[] = { &f_or_d_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(f_or_d_type, union f_or_d);
    EXPECT_RETURNING(&e, ret_l);
    EXPECT_MEMBER(&e, 0, union f_or_d, want_f_or_d, d);
    expect_l(&e, 1);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(union f_or_d, long))fn)(want_f_or_d, want_l(1));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f / ret union{LD; L[2]}: INTEGER beats X87 (merge rule d before e): RDI,RSI / RAX,RDX. The
 * handler returns the halves swapped. */
TEST(row18_union_longdouble_long2_in_gp)
{
    static const cp_type *const args[] = { &ld_or_l2_type };
    cp_sig sig = SIG(&ld_or_l2_type, args);
    union ld_or_l2 swapped = { .l = { want_ld_or_l2.l[1], want_ld_or_l2.l[0] } }, r;
    struct expect e;
    fnptr *fn;

    CHECK_LAYOUT(ld_or_l2_type, union ld_or_l2);
    EXPECT_RETURNING(&e, swapped);
    EXPECT_MEMBER(&e, 0, union ld_or_l2, want_ld_or_l2, l[0]);
    EXPECT_MEMBER(&e, 0, union ld_or_l2, want_ld_or_l2, l[1]);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((union ld_or_l2 (*)(union ld_or_l2))fn)(want_ld_or_l2);
    CHECK_SAW_ALL(&e);
    CHECK_RET_MEMBER(union ld_or_l2, r, swapped, l[0]);
    CHECK_RET_MEMBER(union ld_or_l2, r, swapped, l[1]);
    FREE(fn);
}

/* f / ret union{LD; D[2]}: SSE meets X87: MEMORY: [0..15] / sret. */
TEST(row19_union_longdouble_double2_in_memory)
{
    static const cp_type *const args[] = { &ld_or_d2_type };
    cp_sig sig = SIG(&ld_or_d2_type, args);
    union ld_or_d2 swapped = { .d = { want_ld_or_d2.d[1], want_ld_or_d2.d[0] } }, r;
    struct sret_room room;
    struct expect e;
    fnptr *fn;
    void *rax;

    CHECK_LAYOUT(ld_or_d2_type, union ld_or_d2);
    EXPECT_RETURNING(&e, swapped);
    EXPECT_MEMBER(&e, 0, union ld_or_d2, want_ld_or_d2, d[0]);
    EXPECT_MEMBER(&e, 0, union ld_or_d2, want_ld_or_d2, d[1]);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((union ld_or_d2 (*)(union ld_or_d2))fn)(want_ld_or_d2);
    CHECK_SAW_ALL(&e);
    CHECK_RET_MEMBER(union ld_or_d2, r, swapped, d[0]);
    CHECK_RET_MEMBER(union ld_or_d2, r, swapped, d[1]);
    rax = ((void *(*)(void *, union ld_or_d2))fn)(sret_room_init(&room), want_ld_or_d2);
    CHECK_SAW_ALL(&e);
    CHECK_SRET_ROOM(&room, rax, sizeof(union ld_or_d2));
    CHECK_MEM(room.b, &swapped, sizeof swapped);
    FREE(fn);
}

/* ret union{LD; I}: the int turns the first eightbyte INTEGER, leaving X87UP without X87:
 * MEMORY, so sret. Its 10 value bytes are compared. */
TEST(row20_return_union_longdouble_int_sret)
{
    cp_sig sig = SIG_NO_ARGS(&ld_or_i_type);
    struct sret_room room;
    union ld_or_i r;
    struct expect e;
    fnptr *fn;
    void *rax;

    CHECK_LAYOUT(ld_or_i_type, union ld_or_i);
    EXPECT_RETURNING(&e, want_ld_or_i);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((union ld_or_i (*)(void))fn)();
    CHECK_SAW_ALL(&e);
    CHECK_RET_BYTES(r.ld, want_ld_or_i.ld, LD_VALUE_BYTES);
    rax = ((void *(*)(void *))fn)(sret_room_init(&room));
    CHECK_SAW_ALL(&e);
    CHECK_SRET_ROOM(&room, rax, sizeof(union ld_or_i));
    CHECK_MEM(room.b, &want_ld_or_i.ld, LD_VALUE_BYTES);
    FREE(fn);
}

/* ================================================================================================
 * Rows 21-25: empty, bitfield, packed and over-aligned structs
 * ============================================================================================= */

/* f(L, {}, L×5, {int a[0]}, L): size-0 structs take no register and no stack slot: the longs
 * fill RDI…R9, the last one [0]. The empty arguments have no bytes to check. */
TEST(row21_empty_structs_take_nothing)
{
    static const cp_type *const args[] = { T_L, &empty_type, T_L, T_L, T_L, T_L, T_L,
                                           &zero_array_type, T_L };
    static const struct empty none;
    static const struct zero_array nothing;
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(empty_type, struct empty);
    CHECK_LAYOUT(zero_array_type, struct zero_array);
    EXPECT_RETURNING(&e, ret_l);
    expect_l(&e, 0);
    expect_longs(&e, 2, 5);
    expect_l(&e, 8);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(long, struct empty, long, long, long, long, long, struct zero_array,
                   long))fn)(want_l(0), none, want_l(2), want_l(3), want_l(4), want_l(5),
                             want_l(6), nothing, want_l(8));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f({I a:3; I b:5; unsigned c:20}): one 32-bit storage unit: RDI. The handler compares the
 * 28 bits the fields occupy, not the 4 padding bits above them. */
TEST(row22_bitfields_in_one_gp)
{
    static const cp_type *const args[] = { &bits3_5_20_type };
    cp_sig sig = SIG(T_L, args);
    struct bits3_5_20 fields;
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(bits3_5_20_type, struct bits3_5_20);
    memset(&fields, 0, sizeof fields);      /* the mask: every bit a field occupies */
    fields.a = -1;
    fields.b = -1;
    fields.c = 0xFFFFF;
    EXPECT_RETURNING(&e, ret_l);
    expect_masked(&e, 0, 0, &want_bits3_5_20, &fields, sizeof fields);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(struct bits3_5_20))fn)(want_bits3_5_20);
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f({F a; I :8; F b}): DIFF. gcc counts the unnamed bitfield: first eightbyte INTEGER (RDI =
 * a and the bitfield byte), b XMM0. clang 14 ignores it: a XMM0, b XMM1. */
TEST(row23_unnamed_bitfield_diff)
{
    static const cp_type *const args[] = { &f_pad8_f_type };
    cp_sig sig = SIG(T_L, args);
    struct f_pad8_f value;
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(f_pad8_f_type, struct f_pad8_f);
    memset(&value, 0, sizeof value);        /* the bitfield byte is not settable: zero it */
    value.a = want_f_pad8_f.a;
    value.b = want_f_pad8_f.b;
    EXPECT_RETURNING(&e, ret_l);
    EXPECT_MEMBER(&e, 0, struct f_pad8_f, want_f_pad8_f, a);
    EXPECT_MEMBER(&e, 0, struct f_pad8_f, want_f_pad8_f, b);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(struct f_pad8_f))fn)(value);
    CHECK_RET(r, ret_l);                    /* RAX: right with both callers */
    if (!CALLER_IS_CLANG) {
        CHECK_SAW_ALL(&e);
        FREE(fn);
        return;
    }
    /* The closure reads a from RDI, which a clang caller does not load for this call (whatever
     * it held: not predictable, so a's bit is not asserted), and b from XMM0, where clang put
     * a: b is wrong and exactly a's bits. */
    note_expected_failure(__func__, "a = whatever RDI held; b = a (from XMM0)");
    CHECK_MEM(handler_log.seen[1], &want_f_pad8_f.a, sizeof(float));
    CHECK_SAW_WRONG(&e, (handler_log.wrong & VALUE(0)) | VALUE(1));
    FREE(fn);
}

/* f(packed {char; I}, L): the int is off its alignment, so MEMORY: [0..4] (an 8-byte slot);
 * the long still gets RDI. */
TEST(row24_packed_struct_on_stack)
{
    static const cp_type *const args[] = { &packed_c_i_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(packed_c_i_type, struct packed_c_i);
    EXPECT_RETURNING(&e, ret_l);
    EXPECT_MEMBER(&e, 0, struct packed_c_i, want_packed_c_i, c);
    EXPECT_MEMBER(&e, 0, struct packed_c_i, want_packed_c_i, i);
    expect_l(&e, 1);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(struct packed_c_i, long))fn)(want_packed_c_i, want_l(1));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f(aligned(16) {L a}, L): 16 bytes, but the second eightbyte is NO_CLASS and takes no
 * register: RDI, then the long RSI. */
TEST(row25_aligned16_struct_takes_one_gp)
{
    static const cp_type *const args[] = { &aligned16_l_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(aligned16_l_type, struct aligned16_l);
    EXPECT_RETURNING(&e, ret_l);
    EXPECT_MEMBER(&e, 0, struct aligned16_l, want_aligned16_l, a);
    expect_l(&e, 1);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(struct aligned16_l, long))fn)(want_aligned16_l, want_l(1));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* ================================================================================================
 * Rows 26-31: __int128
 * ============================================================================================= */

/* f(L, X): RDI; X in RSI (low) and RDX (high): any two consecutive GP registers. */
TEST(row26_int128_in_rsi_rdx)
{
    static const cp_type *const args[] = { T_L, T_X };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_l(&e, 0), expect_x(&e, 1);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(long, i128))fn)(want_l(0), want_x(1));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f(L×4, X, L): X in R8 (low), R9 (high); the last L at [0]. */
TEST(row27_int128_in_last_two_gp)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_X, T_L };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_longs(&e, 0, 4), expect_x(&e, 4), expect_l(&e, 5);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(long, long, long, long, i128, long))fn)(want_l(0), want_l(1), want_l(2),
                                                           want_l(3), want_x(4), want_l(5));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* After a call of the row 28/45 shape (five longs or fmt + four, then X, then g) from a clang
 * caller: clang put X's low half in R9, its high half at [0] and g at [8]; the closure reads X
 * from [0..15] and g from R9. Fully determined: X = {lo: X.hi, hi: g}, g = X.lo. */
static void check_int128_split_by_clang(const char *test, int line, const struct expect *e,
                                        unsigned x_pos)
{
    if (seen_x(x_pos) != make_x(want_x_hi(x_pos), (uint64_t)want_l(x_pos + 1)))
        fail_at(test, line, "X is not {lo: X.hi, hi: g}");
    if ((uint64_t)seen_l(x_pos + 1) != want_x_lo(x_pos))
        fail_at(test, line, "g is not X.lo");
    check_saw(test, line, e, VALUE(x_pos) | VALUE(x_pos + 1));
}

/* f(L×5, X, L g): DIFF. gcc: only R9 is left, so X goes whole to [0..15] and g takes R9.
 * clang 14: X low in R9, high at [0], g at [8]. */
TEST(row28_int128_with_only_r9_left_diff)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_X, T_L };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_longs(&e, 0, 5), expect_x(&e, 5), expect_l(&e, 6);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(long, long, long, long, long, i128, long))fn)(
        want_l(0), want_l(1), want_l(2), want_l(3), want_l(4), want_x(5), want_l(6));
    CHECK_RET(r, ret_l);
    if (!CALLER_IS_CLANG) {
        CHECK_SAW_ALL(&e);
        FREE(fn);
        return;
    }
    note_expected_failure(__func__, "X = {lo: X.hi, hi: g}, g = X.lo");
    check_int128_split_by_clang(__func__, __LINE__, &e, 5);
    FREE(fn);
}

/* f(L×7, X): DIFF. gcc: L at [0], X 16-aligned at [16..31]. clang 14 aligns X to 8 on the
 * stack: it passes X at [8..23]. */
TEST(row29_int128_stack_alignment_diff)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_L, T_L, T_X };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_longs(&e, 0, 7), expect_x(&e, 7);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(long, long, long, long, long, long, long, i128))fn)(
        want_l(0), want_l(1), want_l(2), want_l(3), want_l(4), want_l(5), want_l(6), want_x(7));
    CHECK_RET(r, ret_l);
    if (!CALLER_IS_CLANG) {
        CHECK_SAW_ALL(&e);
        FREE(fn);
        return;
    }
    /* The closure reads X from [16..31]: its low half is [16] = clang's X.hi; its high half is
     * [24], past clang's 24-byte argument area (the caller's own frame: not predictable). The
     * seven longs are right. */
    note_expected_failure(__func__, "X = {lo: X.hi, hi: the caller's frame above [24]}");
    CHECK_EQ_U64((uint64_t)seen_x(7), want_x_hi(7));
    CHECK_SAW_WRONG(&e, VALUE(7));
    FREE(fn);
}

/* f(L×5, {X}, L): a struct holding an __int128 follows the gcc rule in both compilers:
 * [0..15], the L takes R9. */
TEST(row30_struct_int128_with_only_r9_left)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, &x_wrap_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(x_wrap_type, struct x_wrap);
    EXPECT_RETURNING(&e, ret_l);
    expect_longs(&e, 0, 5);
    EXPECT_MEMBER(&e, 5, struct x_wrap, want_x_wrap, x);
    expect_l(&e, 6);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(long, long, long, long, long, struct x_wrap, long))fn)(
        want_l(0), want_l(1), want_l(2), want_l(3), want_l(4), want_x_wrap, want_l(6));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* ret X: RAX = low, RDX = high. */
TEST(row31_return_int128_in_rax_rdx)
{
    cp_sig sig = SIG_NO_ARGS(T_X);
    i128 want = want_x(CALLEE_RET_POS), r;
    struct expect e;
    fnptr *fn;

    EXPECT_RETURNING(&e, want);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((i128 (*)(void))fn)();
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, want);
    FREE(fn);
}

/* ================================================================================================
 * Rows 32-36: long double (x87) and complex
 * ============================================================================================= */

/* f(LD, D, L): LD at [0..15] (X87 classes go on the stack), D XMM0, L RDI. */
TEST(row32_longdouble_on_stack_double_long_in_regs)
{
    static const cp_type *const args[] = { T_LD, T_D, T_L };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_ld(&e, 0), expect_d(&e, 1), expect_l(&e, 2);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(long double, double, long))fn)(want_ld(0), want_d(1), want_l(2));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* f(L×7, LD): L at [0], LD 16-aligned at [16..31]. */
TEST(row33_longdouble_16_aligned_on_stack)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_L, T_L, T_LD };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_longs(&e, 0, 7), expect_ld(&e, 7);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(long, long, long, long, long, long, long, long double))fn)(
        want_l(0), want_l(1), want_l(2), want_l(3), want_l(4), want_l(5), want_l(6), want_ld(7));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* ret LD / ret {LD}: ST0 (the caller pops it): 10 value bytes. */
TEST(row34_return_longdouble_in_st0)
{
    cp_sig ld_sig = SIG_NO_ARGS(T_LD), wrap_sig = SIG_NO_ARGS(&ld_wrap_type);
    long double want = want_ld(CALLEE_RET_POS);
    struct expect e;
    fnptr *fn;

    CHECK_LAYOUT(ld_wrap_type, struct ld_wrap);
    EXPECT_RETURNING(&e, want);
    if ((fn = MAKE(&ld_sig, HAS_FLOAT, &e))) {
        long double r = ((long double (*)(void))fn)();
        CHECK_SAW_ALL(&e);
        CHECK_RET_BYTES(r, want, LD_VALUE_BYTES);
        FREE(fn);
    }
    EXPECT_RETURNING(&e, want_ld_wrap);
    if ((fn = MAKE(&wrap_sig, HAS_FLOAT, &e))) {
        struct ld_wrap r = ((struct ld_wrap (*)(void))fn)();
        CHECK_SAW_ALL(&e);
        CHECK_RET_BYTES(r.ld, want_ld_wrap.ld, LD_VALUE_BYTES);
        FREE(fn);
    }
}

/* f(_Complex F, _Complex D, _Complex LD): XMM0 (re, im lanes); XMM1 = re, XMM2 = im; the
 * _Complex long double at [0..31]. Each part is checked: {re, im} as an array (C11 6.2.5p13). */
TEST(row35_complex_arguments)
{
    static const cp_type *const args[] = { &cp_type_c32, &cp_type_c64, &cp_type_c80 };
    cp_sig sig = SIG(T_L, args);
    float _Complex z0 = want_c32(0);
    double _Complex z1 = want_c64(1);
    long double _Complex z2 = want_c80(2);
    const unsigned char *p0 = (const unsigned char *)&z0, *p1 = (const unsigned char *)&z1;
    const unsigned char *p2 = (const unsigned char *)&z2;
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_bytes(&e, 0, 0, p0, sizeof(float));
    expect_bytes(&e, 0, sizeof(float), p0 + sizeof(float), sizeof(float));
    expect_bytes(&e, 1, 0, p1, sizeof(double));
    expect_bytes(&e, 1, sizeof(double), p1 + sizeof(double), sizeof(double));
    expect_bytes(&e, 2, 0, p2, LD_VALUE_BYTES);
    expect_bytes(&e, 2, sizeof(long double), p2 + sizeof(long double), LD_VALUE_BYTES);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(float _Complex, double _Complex, long double _Complex))fn)(z0, z1, z2);
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* ret _Complex F / D / LD: XMM0 lanes 0, 1 / XMM0, XMM1 / ST0 = re, ST1 = im (each 10 value
 * bytes; the caller pops both). */
TEST(row36_return_complex)
{
    cp_sig c32_sig = SIG_NO_ARGS(&cp_type_c32), c64_sig = SIG_NO_ARGS(&cp_type_c64);
    cp_sig c80_sig = SIG_NO_ARGS(&cp_type_c80);
    float _Complex z32 = want_c32(CALLEE_RET_POS);
    double _Complex z64 = want_c64(CALLEE_RET_POS);
    long double _Complex z80 = want_c80(CALLEE_RET_POS);
    struct expect e;
    fnptr *fn;

    EXPECT_RETURNING(&e, z32);
    if ((fn = MAKE(&c32_sig, HAS_FLOAT, &e))) {
        float _Complex r = ((float _Complex (*)(void))fn)();
        CHECK_SAW_ALL(&e);
        CHECK_RET(r, z32);
        FREE(fn);
    }
    EXPECT_RETURNING(&e, z64);
    if ((fn = MAKE(&c64_sig, HAS_FLOAT, &e))) {
        double _Complex r = ((double _Complex (*)(void))fn)();
        CHECK_SAW_ALL(&e);
        CHECK_RET(r, z64);
        FREE(fn);
    }
    EXPECT_RETURNING(&e, z80);
    if ((fn = MAKE(&c80_sig, HAS_FLOAT, &e))) {
        long double _Complex r = ((long double _Complex (*)(void))fn)();
        long double got[2], want[2];
        CHECK_SAW_ALL(&e);
        memcpy(got, &r, sizeof got);
        memcpy(want, &z80, sizeof want);
        CHECK_RET_BYTES(got[0], want[0], LD_VALUE_BYTES);
        CHECK_RET_BYTES(got[1], want[1], LD_VALUE_BYTES);
        FREE(fn);
    }
}

/* ================================================================================================
 * Rows 37-38: __float128
 * ============================================================================================= */

/* f(D×8, Q, L); ret Q: no XMM left: Q 16-aligned at [0..15]; L RDI; the result in XMM0. */
TEST(row37_float128_on_stack_and_returned)
{
    static const cp_type *const args[] = { T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_Q, T_L };
    cp_sig sig = SIG(T_Q, args);
    f128 want = want_q(CALLEE_RET_POS), r;
    struct expect e;
    fnptr *fn;

    EXPECT_RETURNING(&e, want);
    expect_doubles(&e, 0, 8), expect_q(&e, 8), expect_l(&e, 9);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((f128 (*)(double, double, double, double, double, double, double, double, f128,
                   long))fn)(want_d(0), want_d(1), want_d(2), want_d(3), want_d(4), want_d(5),
                             want_d(6), want_d(7), want_q(8), want_l(9));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, want);
    FREE(fn);
}

/* f({Q}, L): DIFF. gcc: SSE+SSEUP, one whole XMM0; L RDI. clang 14: the struct in memory
 * [0..15]; L RDI. */
TEST(row38_struct_float128_diff)
{
    static const cp_type *const args[] = { &q_wrap_type, T_L };
    cp_sig sig = SIG(T_L, args);
    struct expect e;
    fnptr *fn;
    long r;

    CHECK_LAYOUT(q_wrap_type, struct q_wrap);
    EXPECT_RETURNING(&e, ret_l);
    EXPECT_MEMBER(&e, 0, struct q_wrap, want_q_wrap, q);
    expect_l(&e, 1);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(struct q_wrap, long))fn)(want_q_wrap, want_l(1));
    CHECK_RET(r, ret_l);
    if (!CALLER_IS_CLANG) {
        CHECK_SAW_ALL(&e);
        FREE(fn);
        return;
    }
    /* The closure reads Q from XMM0, which is no argument register of clang's call. But clang
     * 14 copies a 16-byte struct to its stack slot through XMM0 (movaps src, %xmm0; movaps
     * %xmm0, (%rsp)) right before the call, at -O1 and under ASan alike: XMM0 holds the struct,
     * so the handler sees Q right by that accident, not by the ABI. L in RDI is right. */
    printf("# %s: clang 14 caller: Q comes from XMM0, which clang used to copy the struct to "
           "[0..15]: right by accident\n", __func__);
    CHECK_SAW_ALL(&e);
    FREE(fn);
}

/* ================================================================================================
 * Rows 39-40: returns
 * ============================================================================================= */

/* {L a,b,c} f(L×6): sret: the buffer is the hidden first argument (RDI), so the visible ones
 * shift to RSI…R9 and [0]; the handler writes the caller's buffer, RAX returns it. */
TEST(row39_sret_shifts_arguments)
{
    static const cp_type *const args[] = { T_L, T_L, T_L, T_L, T_L, T_L };
    cp_sig sig = SIG(&l_l_l_type, args);
    struct sret_room room;
    struct l_l_l r;
    struct expect e;
    fnptr *fn;
    void *rax;

    CHECK_LAYOUT(l_l_l_type, struct l_l_l);
    EXPECT_RETURNING(&e, want_l_l_l);
    expect_longs(&e, 0, 6);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((struct l_l_l (*)(long, long, long, long, long, long))fn)(
        want_l(0), want_l(1), want_l(2), want_l(3), want_l(4), want_l(5));
    CHECK_SAW_ALL(&e);
    CHECK_RET_MEMBER(struct l_l_l, r, want_l_l_l, a);
    CHECK_RET_MEMBER(struct l_l_l, r, want_l_l_l, b);
    CHECK_RET_MEMBER(struct l_l_l, r, want_l_l_l, c);
    rax = ((void *(*)(void *, long, long, long, long, long, long))fn)(
        sret_room_init(&room), want_l(0), want_l(1), want_l(2), want_l(3), want_l(4),
        want_l(5));
    CHECK_SAW_ALL(&e);
    CHECK_SRET_ROOM(&room, rax, sizeof(struct l_l_l));
    CHECK_MEM(room.b, &want_l_l_l, sizeof want_l_l_l);
    FREE(fn);
}

/* ret {D;L} / {L;D} / {L;L}: XMM0+RAX / RAX+XMM0 / RAX+RDX. */
TEST(row40_return_two_eightbyte_structs)
{
    cp_sig d_l_sig = SIG_NO_ARGS(&d_l_type), l_d_sig = SIG_NO_ARGS(&l_d_type);
    cp_sig l_l_sig = SIG_NO_ARGS(&l_l_type);
    struct expect e;
    fnptr *fn;

    CHECK_LAYOUT(l_d_type, struct l_d);
    CHECK_LAYOUT(l_l_type, struct l_l);
    EXPECT_RETURNING(&e, want_d_l);
    if ((fn = MAKE(&d_l_sig, HAS_FLOAT, &e))) {
        struct d_l r = ((struct d_l (*)(void))fn)();
        CHECK_SAW_ALL(&e);
        CHECK_RET_MEMBER(struct d_l, r, want_d_l, d);
        CHECK_RET_MEMBER(struct d_l, r, want_d_l, l);
        FREE(fn);
    }
    EXPECT_RETURNING(&e, want_l_d);
    if ((fn = MAKE(&l_d_sig, HAS_FLOAT, &e))) {
        struct l_d r = ((struct l_d (*)(void))fn)();
        CHECK_SAW_ALL(&e);
        CHECK_RET_MEMBER(struct l_d, r, want_l_d, l);
        CHECK_RET_MEMBER(struct l_d, r, want_l_d, d);
        FREE(fn);
    }
    EXPECT_RETURNING(&e, want_l_l);
    if ((fn = MAKE(&l_l_sig, INTEGER_ONLY, &e))) {
        struct l_l r = ((struct l_l (*)(void))fn)();
        CHECK_SAW_ALL(&e);
        CHECK_RET_MEMBER(struct l_l, r, want_l_l, a);
        CHECK_RET_MEMBER(struct l_l, r, want_l_l, b);
        FREE(fn);
    }
}

/* ================================================================================================
 * Rows 41-45: variadic closures, called through variadic function pointer types
 * ============================================================================================= */

/* printf-like (fmt, D, I, (double)F): RDI, XMM0, RSI, XMM1; AL = 2. A raw float in the "..."
 * is refused: C would have promoted it, so no caller can pass one. */
TEST(row41_variadic_printf_like)
{
    static const cp_type *const args[] = { T_P, T_D, T_I, T_D };
    static const cp_type *const raw_float_args[] = { T_P, T_F };
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(2)];
    cp_sig sig = VARIADIC_SIG(T_I, args, 1);
    cp_sig raw_float = VARIADIC_SIG(T_I, raw_float_args, 1);
    double promoted = (double)want_f(3);
    struct expect e;
    fnptr *fn;
    int r;

    CHECK_STATUS(cp_plan_build(plan, sizeof plan, &raw_float, NULL),
                 NOFLOAT_BUILD ? CP_ERR_UNSUPPORTED : CP_ERR_VARIADIC);
    EXPECT_RETURNING(&e, ret_i);
    expect_fmt(&e, 0), expect_d(&e, 1), expect_i(&e, 2);
    expect_bytes(&e, 3, 0, &promoted, sizeof promoted);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((int (*)(const char *, ...))fn)(callee_fmt, want_d(1), want_i(2), want_f(3));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_i);
    FREE(fn);
}

/* variadic (count, D×9): XMM0–7, the 9th at [0]; AL = 8. */
TEST(row42_variadic_nine_doubles)
{
    static const cp_type *const args[] = { T_I, T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D };
    cp_sig sig = VARIADIC_SIG(T_D, args, 1);
    int count = 9;
    struct expect e;
    fnptr *fn;
    double r;

    EXPECT_RETURNING(&e, ret_d);
    expect_bytes(&e, 0, 0, &count, sizeof count);
    expect_doubles(&e, 1, 9);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((double (*)(int, ...))fn)(count, want_d(1), want_d(2), want_d(3), want_d(4), want_d(5),
                                   want_d(6), want_d(7), want_d(8), want_d(9));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_d);
    FREE(fn);
}

/* variadic (fmt, LD, D): the long double at [0..15] as for fixed arguments; D XMM0; AL = 1. */
TEST(row43_variadic_longdouble_then_double)
{
    static const cp_type *const args[] = { T_P, T_LD, T_D };
    cp_sig sig = VARIADIC_SIG(T_L, args, 1);
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_fmt(&e, 0), expect_ld(&e, 1), expect_d(&e, 2);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(const char *, ...))fn)(callee_fmt, want_ld(1), want_d(2));
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* variadic (fmt, {D;L}): structs in the "..." classify as fixed ones: XMM0 + RSI; AL = 1. */
TEST(row44_variadic_struct_dl)
{
    static const cp_type *const args[] = { T_P, &d_l_type };
    cp_sig sig = VARIADIC_SIG(T_L, args, 1);
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_fmt(&e, 0), expect_d_l(&e, 1);
    if (!(fn = MAKE(&sig, HAS_FLOAT, &e)))
        return;
    r = ((long (*)(const char *, ...))fn)(callee_fmt, want_d_l);
    CHECK_SAW_ALL(&e);
    CHECK_RET(r, ret_l);
    FREE(fn);
}

/* variadic (fmt, L×4, X, L): DIFF, as row 28. gcc's caller: X at [0..15], the last L in R9.
 * A clang 14 caller splits X between R9 and [0] in the "..." too (the callee side of this
 * row, clang's va_arg, reads the gcc placement: test_abi.c; the caller side does not). */
TEST(row45_variadic_int128_with_only_r9_left_diff)
{
    static const cp_type *const args[] = { T_P, T_L, T_L, T_L, T_L, T_X, T_L };
    cp_sig sig = VARIADIC_SIG(T_L, args, 1);
    struct expect e;
    fnptr *fn;
    long r;

    EXPECT_RETURNING(&e, ret_l);
    expect_fmt(&e, 0), expect_longs(&e, 1, 4), expect_x(&e, 5), expect_l(&e, 6);
    if (!(fn = MAKE(&sig, INTEGER_ONLY, &e)))
        return;
    r = ((long (*)(const char *, ...))fn)(callee_fmt, want_l(1), want_l(2), want_l(3),
                                          want_l(4), want_x(5), want_l(6));
    CHECK_RET(r, ret_l);
    if (!CALLER_IS_CLANG) {
        CHECK_SAW_ALL(&e);
        FREE(fn);
        return;
    }
    note_expected_failure(__func__, "X = {lo: X.hi, hi: g}, g = X.lo");
    check_int128_split_by_clang(__func__, __LINE__, &e, 5);
    FREE(fn);
}

/* ================================================================================================
 * Row 46: sub-int argument and return
 * ============================================================================================= */

/* I f(signed char): the caller extends the argument; its one value byte is checked.
 * signed char f(): the closure extends the result to the whole of RAX (ABI.md 1.4: callplan's
 * closures extend; a caller may only rely on AL), read through a type returning long. */
TEST(row46_signed_char_argument_and_return)
{
    static const cp_type *const args[] = { T_I8 };
    cp_sig arg_sig = SIG(T_I, args), ret_sig = SIG_NO_ARGS(T_I8);
    signed char arg = ROW46_ARG_I8, ret = -16;     /* 0xF0: the sign bit set */
    struct expect e;
    fnptr *fn;

    EXPECT_RETURNING(&e, ret_i);
    expect_bytes(&e, 0, 0, &arg, sizeof arg);
    if ((fn = MAKE(&arg_sig, INTEGER_ONLY, &e))) {
        int r = ((int (*)(signed char))fn)(arg);
        CHECK_SAW_ALL(&e);
        CHECK_RET(r, ret_i);
        FREE(fn);
    }
    EXPECT_RETURNING(&e, ret);
    if ((fn = MAKE(&ret_sig, INTEGER_ONLY, &e))) {
        long wide = ((long (*)(void))fn)();
        CHECK_SAW_ALL(&e);
        CHECK_EQ_U64(wide, (long)ret);      /* sign-extended through bit 63 */
        CHECK(((signed char (*)(void))fn)() == ret);
        CHECK_SAW_ALL(&e);
        FREE(fn);
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
    RUN(row45_variadic_int128_with_only_r9_left_diff);
    RUN(row46_signed_char_argument_and_return);
    return harness_done();
}
