/* Bad input: every documented error of cp_plan_size, cp_plan_build and cp_type_layout, each with
 * its specific status, and proof that a failing call writes nothing outside the caller's buffer
 * (plans are built into the middle of a canary-filled arena). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "callplan.h"
#include "harness.h"

/* ---- the canary arena -------------------------------------------------------------------- */

#define CANARY 0xA5
#define GUARD  64       /* canary bytes before the region handed to the API */
#define ROOM   8192     /* the region; more than any plan here needs */

static _Alignas(16) unsigned char arena[GUARD + ROOM + GUARD];

static unsigned char *arena_reset(void)
{
    memset(arena, CANARY, sizeof arena);
    return arena + GUARD;
}

/* 1 if every arena byte outside region bytes [from, to) still holds the canary. */
static int arena_intact_outside(size_t from, size_t to)
{
    size_t i;
    for (i = 0; i < sizeof arena; i++)
        if ((i < GUARD + from || i >= GUARD + to) && arena[i] != CANARY)
            return 0;
    return 1;
}

/* Builds sig into the first `size` bytes of a fresh region. */
static cp_status build_in_arena(const cp_sig *sig, size_t size, size_t *used)
{
    return cp_plan_build(arena_reset(), size, sig, used);
}

/* ---- signatures -------------------------------------------------------------------------- */

#define ARGV(...) ((const cp_type *const[]){ __VA_ARGS__ })
#define ARGC(...) ((uint32_t)(sizeof(ARGV(__VA_ARGS__)) / sizeof(const cp_type *)))
#define SIG0(ret) (&(cp_sig){ CP_ABI_DEFAULT, (ret), NULL, 0, 0, 0 })
#define SIG(ret, ...) \
    (&(cp_sig){ CP_ABI_DEFAULT, (ret), ARGV(__VA_ARGS__), ARGC(__VA_ARGS__), 0, 0 })
#define VSIG(ret, nfixed, ...)                                                                 \
    (&(cp_sig){ CP_ABI_DEFAULT, (ret), ARGV(__VA_ARGS__), ARGC(__VA_ARGS__), (nfixed),          \
                CP_SIG_VARIADIC })

/* Both entry points give `want` for sig, and the build wrote nothing outside its buffer. */
#define EXPECT_SIG(sig, want)                                                                  \
    do {                                                                                       \
        size_t n_ = 0;                                                                         \
        CHECK_STATUS(cp_plan_size((sig), &n_), (want));                                        \
        CHECK_STATUS(build_in_arena((sig), ROOM, NULL), (want));                               \
        CHECK(arena_intact_outside(0, ROOM));                                                  \
    } while (0)

/* A descriptor error shows the same way in cp_type_layout, as an argument and as a return. */
#define EXPECT_TYPE(t, want)                                                                   \
    do {                                                                                       \
        size_t s_ = 0, a_ = 0, off_[64];                                                       \
        CHECK_STATUS(cp_type_layout((t), &s_, &a_, off_, 64), (want));                         \
        EXPECT_SIG(SIG(NULL, (t)), (want));                                                    \
        EXPECT_SIG(SIG(&cp_type_i32, &cp_type_i64, (t)), (want));                              \
        EXPECT_SIG(SIG0((t)), (want));                                                         \
    } while (0)

/* ---- fixtures ---------------------------------------------------------------------------- */

static const cp_type small_ints = CP_STRUCT(CP_MEMBER(cp_type_i32), CP_MEMBER(cp_type_i16));
static const cp_type pair_i64 = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64));
static const cp_type u8x40 = CP_ARRAY(cp_type_u8, 40);
static const cp_type big40 = CP_STRUCT(CP_MEMBER(u8x40));            /* MEMORY: sret / stack */
static const cp_type u8x1024 = CP_ARRAY(cp_type_u8, 1024);
static const cp_type kib = CP_STRUCT(CP_MEMBER(u8x1024));
static const cp_type u8x4096 = CP_ARRAY(cp_type_u8, 4096);
static const cp_type page = CP_STRUCT(CP_MEMBER(u8x4096));
static const cp_type u8x4104 = CP_ARRAY(cp_type_u8, 4104);
static const cp_type over_page = CP_STRUCT(CP_MEMBER(u8x4104));
#ifndef CP_NOFLOAT
static const cp_type mixed16 = CP_STRUCT(CP_MEMBER(cp_type_f64), CP_MEMBER(cp_type_i32));
static const cp_type floats3 = CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32),
                                         CP_MEMBER(cp_type_f32));
#endif

struct named_sig {
    const char *name;
    cp_sig sig;
};

static const cp_type *const a_gp[] = { &cp_type_i32, &cp_type_i64, &cp_type_ptr, &cp_type_u8 };
static const cp_type *const a_seven[] = { &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                          &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                          &cp_type_i64 };
static const cp_type *const a_structs[] = { &small_ints, &pair_i64, &big40, &cp_type_i128 };
static const cp_type *const a_var[] = { &cp_type_ptr, &cp_type_i32, &cp_type_i64,
                                        &small_ints };
#ifndef CP_NOFLOAT
static const cp_type *const a_fp[] = { &cp_type_f64, &cp_type_f32, &cp_type_i32, &mixed16,
                                       &floats3, &cp_type_f80, &cp_type_c64 };
#endif

/* A spread of plans: no arguments, GP only, stack arguments, sret, aggregates, variadic, FP. */
static const struct named_sig samples[] = {
    { "void(void)", { CP_ABI_DEFAULT, NULL, NULL, 0, 0, 0 } },
    { "i64(gp x4)", { CP_ABI_DEFAULT, &cp_type_i64, a_gp, 4, 0, 0 } },
    { "void(i64 x7)", { CP_ABI_SYSV64, NULL, a_seven, 7, 7, 0 } },
    { "big40(structs)", { CP_ABI_DEFAULT, &big40, a_structs, 4, 0, 0 } },
    { "i32(ptr, ...)", { CP_ABI_DEFAULT, &cp_type_i32, a_var, 4, 1, CP_SIG_VARIADIC } },
#ifndef CP_NOFLOAT
    { "f80(fp mix)", { CP_ABI_DEFAULT, &cp_type_f80, a_fp, 7, 0, 0 } },
    { "c80(void)", { CP_ABI_DEFAULT, &cp_type_c80, NULL, 0, 0, 0 } },
#endif
};
#define NSAMPLES (sizeof samples / sizeof samples[0])

static size_t needed_size(const cp_sig *sig)
{
    size_t n = 0;
    if (cp_plan_size(sig, &n) != CP_OK)
        return 0;
    return n;
}

/* ---- CP_ERR_ARG -------------------------------------------------------------------------- */

TEST(null_sig_is_arg)
{
    size_t n = 0;
    CHECK_STATUS(cp_plan_size(NULL, &n), CP_ERR_ARG);
    CHECK_STATUS(build_in_arena(NULL, ROOM, &n), CP_ERR_ARG);
    CHECK(arena_intact_outside(0, ROOM));
}

TEST(null_buffer_is_arg)
{
    size_t used = 0;
    CHECK_STATUS(cp_plan_build(NULL, 4096, SIG0(NULL), &used), CP_ERR_ARG);
    CHECK_STATUS(cp_plan_build(NULL, 0, SIG0(NULL), &used), CP_ERR_ARG);
}

TEST(null_size_pointer_is_arg)
{
    CHECK_STATUS(cp_plan_size(SIG(&cp_type_i32, &cp_type_i32), NULL), CP_ERR_ARG);
}

TEST(null_args_array_is_arg)
{
    cp_sig sig = { CP_ABI_DEFAULT, &cp_type_i32, NULL, 2, 0, 0 };
    EXPECT_SIG(&sig, CP_ERR_ARG);
    sig.nargs = 0;                          /* no arguments: NULL is fine */
    EXPECT_SIG(&sig, CP_OK);
}

TEST(null_arg_entry_is_arg)
{
    EXPECT_SIG(SIG(NULL, NULL), CP_ERR_ARG);
    EXPECT_SIG(SIG(NULL, NULL, &cp_type_i32), CP_ERR_ARG);
    EXPECT_SIG(SIG(NULL, &cp_type_i32, NULL, &cp_type_i64), CP_ERR_ARG);
    EXPECT_SIG(SIG(NULL, &cp_type_i32, &cp_type_i64, NULL), CP_ERR_ARG);
    EXPECT_SIG(VSIG(NULL, 1, &cp_type_ptr, NULL), CP_ERR_ARG);
}

TEST(null_used_and_void_return_are_fine)
{
    CHECK_STATUS(build_in_arena(SIG(NULL, &cp_type_i32), ROOM, NULL), CP_OK);
    CHECK(arena_intact_outside(0, needed_size(SIG(NULL, &cp_type_i32))));
}

TEST(unknown_sig_flags_are_arg)
{
    static const uint32_t bad[] = { 0x2u, 0x100u, 0x80000000u, CP_SIG_VARIADIC | 0x4u };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cp_sig sig = { CP_ABI_DEFAULT, NULL, ARGV(&cp_type_i32), 1, 1, bad[i] };
        EXPECT_SIG(&sig, CP_ERR_ARG);
    }
}

/* ---- CP_ERR_ALIGN: the buffer ------------------------------------------------------------ */

TEST(misaligned_buffer_is_align)
{
    size_t off, used = 0;
    for (off = 1; off < CP_PLAN_ALIGN; off++) {
        unsigned char *region = arena_reset();
        CHECK_STATUS(cp_plan_build(region + off, 512, SIG(&cp_type_i64, &cp_type_i64), &used),
                     CP_ERR_ALIGN);
        CHECK(arena_intact_outside(0, 0));  /* not one byte written */
    }
    /* The next aligned address is fine. */
    CHECK_STATUS(cp_plan_build(arena_reset() + CP_PLAN_ALIGN, 512,
                               SIG(&cp_type_i64, &cp_type_i64), &used), CP_OK);
}

/* ---- CP_ERR_NOSPACE ---------------------------------------------------------------------- */

TEST(zero_size_buffer_is_nospace)
{
    size_t i;
    for (i = 0; i < NSAMPLES; i++) {
        size_t used = 0, need = needed_size(&samples[i].sig);
        CHECK(need >= 40);
        CHECK_STATUS_IN(samples[i].name, build_in_arena(&samples[i].sig, 0, &used),
                        CP_ERR_NOSPACE);
        CHECK_EQ_U64(used, need);
        CHECK(arena_intact_outside(0, 0));
    }
}

TEST(one_byte_short_is_nospace)
{
    size_t i;
    for (i = 0; i < NSAMPLES; i++) {
        size_t used = 0, need = needed_size(&samples[i].sig);
        CHECK_STATUS_IN(samples[i].name, build_in_arena(&samples[i].sig, need - 1, &used),
                        CP_ERR_NOSPACE);
        CHECK_EQ_U64(used, need);
        CHECK(arena_intact_outside(0, need - 1));
    }
}

/* Every size in between too: the builder measures on while it has no room left. */
TEST(every_short_size_is_nospace)
{
    size_t i, size;
    for (i = 0; i < NSAMPLES; i++) {
        size_t need = needed_size(&samples[i].sig);
        for (size = 0; size < need; size++) {
            size_t used = 0;
            CHECK_STATUS_IN(samples[i].name, build_in_arena(&samples[i].sig, size, &used),
                            CP_ERR_NOSPACE);
            CHECK_EQ_U64(used, need);
            CHECK(arena_intact_outside(0, size));
        }
    }
}

TEST(exact_size_builds)
{
    size_t i;
    for (i = 0; i < NSAMPLES; i++) {
        size_t used = 0, need = needed_size(&samples[i].sig);
        unsigned char *region = arena_reset();
        CHECK_STATUS_IN(samples[i].name, cp_plan_build(region, need, &samples[i].sig, &used),
                        CP_OK);
        CHECK_EQ_U64(used, need);
        CHECK(arena_intact_outside(0, need));
        CHECK_STATUS_IN(samples[i].name, cp_plan_check(region, need), CP_OK);
    }
}

/* ---- CP_PLAN_SIZE ------------------------------------------------------------------------ */

/* A small seeded generator, so a failing signature can be reproduced from its seed. */
static uint32_t rng_next(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

/* Argument types that take 0, 1 and 2 moves, in registers and on the stack. */
static const cp_type *const pool[] = {
    &cp_type_bool, &cp_type_i8, &cp_type_u16, &cp_type_i32, &cp_type_u64, &cp_type_ptr,
    &cp_type_i128, &small_ints, &pair_i64, &big40,
#ifndef CP_NOFLOAT
    &cp_type_f32, &cp_type_f64, &cp_type_f80, &cp_type_f128, &cp_type_c32, &cp_type_c64,
    &cp_type_c80, &mixed16, &floats3,
#endif
};
#define NPOOL ((uint32_t)(sizeof pool / sizeof pool[0]))

TEST(plan_size_macro_is_an_upper_bound)
{
    const cp_type *args[CP_MAX_ARGS];
    uint32_t seed, n, i;

    for (n = 0; n <= CP_MAX_ARGS; n++) {
        for (seed = 1; seed <= 24; seed++) {
            uint32_t state = seed * 7919u + n;
            cp_sig sig = { CP_ABI_DEFAULT, NULL, args, n, 0, 0 };
            size_t size = 0, used = 0;
            cp_status s;

            for (i = 0; i < n; i++)
                args[i] = pool[rng_next(&state) % NPOOL];
            sig.ret = (rng_next(&state) % 3) ? pool[rng_next(&state) % NPOOL] : NULL;
            s = cp_plan_size(&sig, &size);
            if (s == CP_ERR_TOOMANY)
                continue;                   /* too many stack bytes for this mix */
            CHECK_STATUS(s, CP_OK);
            if (size > CP_PLAN_SIZE(n))
                printf("  # n=%u seed=%u: %zu > CP_PLAN_SIZE %zu\n", (unsigned)n,
                       (unsigned)seed, size, CP_PLAN_SIZE(n));
            CHECK(size <= CP_PLAN_SIZE(n));
            /* The macro's promise: a buffer of that size always suffices. */
            CHECK_STATUS(build_in_arena(&sig, CP_PLAN_SIZE(n), &used), CP_OK);
            CHECK(arena_intact_outside(0, CP_PLAN_SIZE(n)));
        }
    }
}

/* ---- CP_ERR_TOOMANY ---------------------------------------------------------------------- */

/* The callee of the 64-argument call: a count, then that many longs. */
static long sum_longs(int n, ...)
{
    va_list ap;
    long sum = 0;
    int i;
    va_start(ap, n);
    for (i = 0; i < n; i++)
        sum += va_arg(ap, long) * (i + 1);
    va_end(ap);
    return sum;
}

TEST(max_args_builds_and_calls)
{
    static _Alignas(CP_PLAN_ALIGN) unsigned char buf[CP_PLAN_SIZE(CP_MAX_ARGS)];
    const cp_type *types[CP_MAX_ARGS];
    void *argp[CP_MAX_ARGS];
    int64_t vals[CP_MAX_ARGS], got = 0, want = 0;
    int32_t count = CP_MAX_ARGS - 1;
    cp_sig sig = { CP_ABI_DEFAULT, &cp_type_i64, types, CP_MAX_ARGS, 1, CP_SIG_VARIADIC };
    size_t used = 0;
    int i;

    types[0] = &cp_type_i32;
    argp[0] = &count;
    for (i = 1; i < CP_MAX_ARGS; i++) {
        types[i] = &cp_type_i64;
        vals[i] = 1000 * i + 7;
        argp[i] = &vals[i];
        want += vals[i] * i;
    }
    CHECK_STATUS(cp_plan_build(buf, sizeof buf, &sig, &used), CP_OK);
    CHECK(used <= sizeof buf);
    cp_call((const cp_plan *)(void *)buf, (void (*)(void))sum_longs, &got, argp);
    CHECK_EQ_U64(got, want);
}

TEST(one_over_max_args_is_toomany)
{
    const cp_type *types[CP_MAX_ARGS + 1];
    cp_sig sig = { CP_ABI_DEFAULT, NULL, types, CP_MAX_ARGS + 1, 0, 0 };
    int i;
    for (i = 0; i <= CP_MAX_ARGS; i++)
        types[i] = &cp_type_i32;
    EXPECT_SIG(&sig, CP_ERR_TOOMANY);
    sig.nargs = 0xFFFFFFFFu;
    sig.args = NULL;                        /* the count is refused before the array is read */
    EXPECT_SIG(&sig, CP_ERR_TOOMANY);
}

TEST(stack_area_limit_is_toomany)
{
    /* Exactly CP_MAX_STACK_BYTES of stack arguments: four 1 KiB structs, or one 4 KiB one. */
    EXPECT_SIG(SIG(NULL, &kib, &kib, &kib, &kib), CP_OK);
    EXPECT_SIG(SIG(NULL, &page), CP_OK);
    EXPECT_SIG(SIG(NULL, &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64,
                   &cp_type_i64, &kib, &kib, &kib, &kib), CP_OK);
    /* One more stack byte in any form. */
    EXPECT_SIG(SIG(NULL, &kib, &kib, &kib, &kib, &kib), CP_ERR_TOOMANY);
    EXPECT_SIG(SIG(NULL, &page, &big40), CP_ERR_TOOMANY);
    EXPECT_SIG(SIG(NULL, &over_page), CP_ERR_TOOMANY);
    EXPECT_SIG(SIG(NULL, &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64,
                   &cp_type_i64, &kib, &kib, &kib, &kib, &cp_type_i64), CP_ERR_TOOMANY);
    /* A return value is not an argument: a large one goes through sret. */
    EXPECT_SIG(SIG0(&over_page), CP_OK);
}

/* ---- CP_ERR_VARIADIC --------------------------------------------------------------------- */

TEST(variadic_nfixed_out_of_range_is_variadic)
{
    EXPECT_SIG(VSIG(NULL, 3, &cp_type_ptr, &cp_type_i32), CP_ERR_VARIADIC);
    EXPECT_SIG(VSIG(NULL, 0xFFFFFFFFu, &cp_type_ptr), CP_ERR_VARIADIC);
    EXPECT_SIG(SIG0(NULL), CP_OK);
    /* nfixed == nargs (an empty "..." part) and nfixed == 0 are both in range. */
    EXPECT_SIG(VSIG(NULL, 2, &cp_type_ptr, &cp_type_i32), CP_OK);
    EXPECT_SIG(VSIG(NULL, 0, &cp_type_ptr, &cp_type_i32), CP_OK);
    {
        cp_sig none = { CP_ABI_DEFAULT, NULL, NULL, 0, 1, CP_SIG_VARIADIC };
        EXPECT_SIG(&none, CP_ERR_VARIADIC);
    }
}

TEST(nonvariadic_nfixed_must_be_0_or_nargs)
{
    cp_sig sig = { CP_ABI_DEFAULT, NULL, ARGV(&cp_type_i32, &cp_type_i32, &cp_type_i32), 3, 0,
                   0 };
    EXPECT_SIG(&sig, CP_OK);
    sig.nfixed = 3;
    EXPECT_SIG(&sig, CP_OK);
    sig.nfixed = 1;
    EXPECT_SIG(&sig, CP_ERR_VARIADIC);
    sig.nfixed = 2;
    EXPECT_SIG(&sig, CP_ERR_VARIADIC);
    sig.nfixed = 4;
    EXPECT_SIG(&sig, CP_ERR_VARIADIC);
}

TEST(unpromoted_variadic_types_are_variadic)
{
    static const cp_type *const unpromoted[] = { &cp_type_bool, &cp_type_i8, &cp_type_u8,
                                                 &cp_type_i16, &cp_type_u16 };
    size_t i;
    for (i = 0; i < sizeof unpromoted / sizeof unpromoted[0]; i++) {
        const cp_type *t = unpromoted[i];
        EXPECT_SIG(VSIG(NULL, 1, &cp_type_ptr, t), CP_ERR_VARIADIC);
        EXPECT_SIG(VSIG(NULL, 1, &cp_type_ptr, &cp_type_i32, t), CP_ERR_VARIADIC);
        EXPECT_SIG(VSIG(NULL, 0, t), CP_ERR_VARIADIC);
        /* The same types are fine as named arguments of a variadic function. */
        EXPECT_SIG(VSIG(NULL, 2, &cp_type_ptr, t, &cp_type_i32), CP_OK);
    }
#ifdef CP_NOFLOAT
    /* The build refuses floats anywhere before the variadic rule is looked at. */
    EXPECT_SIG(VSIG(NULL, 1, &cp_type_ptr, &cp_type_f32), CP_ERR_UNSUPPORTED);
#else
    EXPECT_SIG(VSIG(NULL, 1, &cp_type_ptr, &cp_type_f32), CP_ERR_VARIADIC);
    EXPECT_SIG(VSIG(NULL, 2, &cp_type_ptr, &cp_type_f32), CP_OK);
#endif
}

TEST(promoted_variadic_types_are_fine)
{
    static const cp_type *const promoted[] = { &cp_type_i32, &cp_type_u32, &cp_type_i64,
                                               &cp_type_u64, &cp_type_ptr, &cp_type_i128,
                                               &small_ints, &pair_i64, &big40,
#ifndef CP_NOFLOAT
                                               &cp_type_f64, &cp_type_f80, &floats3,
                                               &mixed16, &cp_type_c32,
#endif
    };
    size_t i;
    for (i = 0; i < sizeof promoted / sizeof promoted[0]; i++)
        EXPECT_SIG(VSIG(&cp_type_i32, 1, &cp_type_ptr, promoted[i]), CP_OK);
}

/* ---- CP_ERR_DEPTH ------------------------------------------------------------------------ */

/* Builds `levels` nested aggregates in t[0..levels) (t[0] innermost, holding an i32); arrays
 * alternate with structs when `mix` is set. Returns the outermost. */
static const cp_type *nest(cp_type *t, cp_member *m, unsigned levels, int mix)
{
    unsigned k;
    for (k = 0; k < levels; k++) {
        const cp_type *inner = k ? &t[k - 1] : &cp_type_i32;
        if (mix && k % 2) {
            cp_type_array(&t[k], inner, 1);
        } else {
            m[k].type = inner;
            m[k].offset = CP_OFFSET_AUTO;
            cp_type_struct(&t[k], &m[k], 1);
        }
    }
    return &t[levels - 1];
}

TEST(nesting_to_max_depth_is_fine)
{
    cp_type t[CP_MAX_DEPTH];
    cp_member m[CP_MAX_DEPTH];
    size_t size = 0;
    CHECK_STATUS(cp_type_layout(nest(t, m, CP_MAX_DEPTH, 0), &size, NULL, NULL, 0), CP_OK);
    CHECK_EQ_U64(size, 4);
    EXPECT_TYPE(nest(t, m, CP_MAX_DEPTH, 0), CP_OK);
    EXPECT_TYPE(nest(t, m, CP_MAX_DEPTH, 1), CP_OK);
}

TEST(nesting_past_max_depth_is_depth)
{
    cp_type t[CP_MAX_DEPTH + 4];
    cp_member m[CP_MAX_DEPTH + 4];
    EXPECT_TYPE(nest(t, m, CP_MAX_DEPTH + 1, 0), CP_ERR_DEPTH);
    EXPECT_TYPE(nest(t, m, CP_MAX_DEPTH + 1, 1), CP_ERR_DEPTH);
    EXPECT_TYPE(nest(t, m, CP_MAX_DEPTH + 4, 0), CP_ERR_DEPTH);
}

TEST(self_reference_is_depth)
{
    cp_type self, a, b, arr;
    cp_member sm[2] = { { &cp_type_i32, CP_OFFSET_AUTO }, { &self, CP_OFFSET_AUTO } };
    cp_member am = { &b, CP_OFFSET_AUTO }, bm = { &a, CP_OFFSET_AUTO };

    cp_type_struct(&self, sm, 2);           /* struct S { int x; struct S s; } */
    EXPECT_TYPE(&self, CP_ERR_DEPTH);
    cp_type_union(&self, sm, 2);
    EXPECT_TYPE(&self, CP_ERR_DEPTH);
    cp_type_struct(&a, &am, 1);             /* a holds b holds a */
    cp_type_struct(&b, &bm, 1);
    EXPECT_TYPE(&a, CP_ERR_DEPTH);
    cp_type_array(&arr, &arr, 2);           /* an array of itself */
    EXPECT_TYPE(&arr, CP_ERR_DEPTH);
}

/* ---- CP_ERR_TOOMANY: the node budget ----------------------------------------------------- */

/* A DAG: each level holds the one below 16 times, so a walk visits 16^k nodes while only five
 * descriptors exist. dag3 needs 1 + 16 * (1 + 16 * (1 + 16 * 17)) = 69905 visits. */
#define X16(t) CP_MEMBER(t), CP_MEMBER(t), CP_MEMBER(t), CP_MEMBER(t), CP_MEMBER(t),         \
               CP_MEMBER(t), CP_MEMBER(t), CP_MEMBER(t), CP_MEMBER(t), CP_MEMBER(t),         \
               CP_MEMBER(t), CP_MEMBER(t), CP_MEMBER(t), CP_MEMBER(t), CP_MEMBER(t),         \
               CP_MEMBER(t)
static const cp_type dag0 = CP_STRUCT(X16(cp_type_u8));
static const cp_type dag1 = CP_STRUCT(X16(dag0));
static const cp_type dag2 = CP_STRUCT(X16(dag1));
static const cp_type dag3 = CP_STRUCT(X16(dag2));

TEST(dag_past_node_budget_is_toomany)
{
    size_t size = 0;
    CHECK(69905 > CP_MAX_TYPE_NODES);
    CHECK_STATUS(cp_type_layout(&dag2, &size, NULL, NULL, 0), CP_OK);
    CHECK_EQ_U64(size, 4096);
    EXPECT_SIG(SIG(NULL, &dag2), CP_OK);
    EXPECT_TYPE(&dag3, CP_ERR_TOOMANY);
}

/* ---- CP_ERR_TYPE ------------------------------------------------------------------------- */

struct named_type {
    const char *name;
    const cp_type *type;
};

static const cp_type bad_kind = { .kind = CP_KIND_COUNT_ };
static const cp_type bad_kind_200 = { .kind = 200 };
static const cp_type void_member = CP_STRUCT(CP_MEMBER(cp_type_i32), CP_MEMBER(cp_type_void));
static const cp_type void_union_member = CP_UNION(CP_MEMBER(cp_type_void));
static const cp_type void_elem = CP_ARRAY(cp_type_void, 2);
static const cp_type null_member = CP_STRUCT({ NULL, CP_OFFSET_AUTO });
static const cp_type scalar_size = { .kind = CP_KIND_I32, .size = 4 };
static const cp_type scalar_align = { .kind = CP_KIND_I32, .align = 4 };
static const cp_type scalar_flags = { .kind = CP_KIND_I64, .flags = CP_TYPE_PACKED };
static const cp_type scalar_count = { .kind = CP_KIND_PTR, .count = 1 };
static const cp_type scalar_elem = { .kind = CP_KIND_I8, .elem = &cp_type_i8 };
static const cp_type array_no_elem = { .kind = CP_KIND_ARRAY, .count = 4 };
static const cp_type array_bad_size = { .kind = CP_KIND_ARRAY, .size = 12, .count = 4,
                                        .elem = &cp_type_i32 };
static const cp_type array_flags = { .kind = CP_KIND_ARRAY, .flags = CP_TYPE_PACKED,
                                     .count = 4, .elem = &cp_type_i32 };
static const cp_type array_huge = CP_ARRAY(cp_type_i64, 0x10000000u);   /* 2 GiB */
static const cp_type overlap = CP_STRUCT(CP_MEMBER_AT(cp_type_i32, 0),
                                         CP_MEMBER_AT(cp_type_i32, 2));
static const cp_type overlap_auto = CP_STRUCT(CP_MEMBER(cp_type_i64),
                                              CP_MEMBER_AT(cp_type_i32, 4));
static const cp_type backwards = CP_STRUCT(CP_MEMBER_AT(cp_type_i32, 8),
                                           CP_MEMBER_AT(cp_type_i32, 0));
static const cp_type union_off4 = CP_UNION(CP_MEMBER(cp_type_i32), CP_MEMBER_AT(cp_type_i32, 4));
static const cp_type size_small = CP_STRUCT_EX(0, 0, 4, CP_MEMBER(cp_type_i64));
static const cp_type size_odd = CP_STRUCT_EX(0, 0, 12, CP_MEMBER(cp_type_i64));
static const cp_type union_size_small = CP_UNION_EX(0, 0, 2, CP_MEMBER(cp_type_i32));
static const cp_type struct_bad_flag = CP_STRUCT_EX(0x80, 0, 0, CP_MEMBER(cp_type_i32));
static const cp_type struct_with_elem = { .kind = CP_KIND_STRUCT, .count = 0,
                                          .elem = &cp_type_i32 };
static const cp_type struct_no_members = { .kind = CP_KIND_STRUCT, .count = 2 };
static const cp_type nested_bad = CP_STRUCT(CP_MEMBER(cp_type_i8), CP_MEMBER(scalar_size));

static const struct named_type malformed[] = {
    { "kind CP_KIND_COUNT_", &bad_kind },
    { "kind 200", &bad_kind_200 },
    { "void member", &void_member },
    { "void union member", &void_union_member },
    { "void array element", &void_elem },
    { "null member type", &null_member },
    { "scalar with size", &scalar_size },
    { "scalar with align", &scalar_align },
    { "scalar with flags", &scalar_flags },
    { "scalar with count", &scalar_count },
    { "scalar with elem", &scalar_elem },
    { "array without elem", &array_no_elem },
    { "array size != count * elem", &array_bad_size },
    { "array with flags", &array_flags },
    { "array over CP_MAX_TYPE_SIZE", &array_huge },
    { "overlapping explicit offsets", &overlap },
    { "explicit offset inside previous", &overlap_auto },
    { "explicit offsets going back", &backwards },
    { "union member at offset 4", &union_off4 },
    { "declared size below members", &size_small },
    { "declared size not a multiple of align", &size_odd },
    { "union declared size below members", &union_size_small },
    { "unknown struct flag", &struct_bad_flag },
    { "struct with elem", &struct_with_elem },
    { "members NULL with count", &struct_no_members },
    { "malformed nested member", &nested_bad },
};

/* Runs a table through cp_type_layout and through plans as argument and as return. */
static void expect_types(const char *test, const struct named_type *cases, size_t n,
                         cp_status want)
{
    size_t i;
    for (i = 0; i < n; i++) {
        const cp_type *t = cases[i].type;
        size_t size = 0, need = 0;
        cp_status got[4];
        unsigned k;
        got[0] = cp_type_layout(t, &size, NULL, NULL, 0);
        got[1] = cp_plan_size(SIG(NULL, &cp_type_i32, t), &need);
        got[2] = build_in_arena(SIG(NULL, &cp_type_i32, t), ROOM, NULL);
        got[3] = build_in_arena(SIG0(t), ROOM, NULL);
        for (k = 0; k < 4; k++) {
            if (got[k] != want) {
                printf("FAIL - %s: [%s] %s gave %s, want %s\n", test, cases[i].name,
                       k == 0 ? "layout" : k == 3 ? "return" : "argument",
                       cp_strerror(got[k]), cp_strerror(want));
                harness_current_failed = 1;
            }
        }
        if (!arena_intact_outside(0, ROOM)) {
            printf("FAIL - %s: [%s] wrote outside the buffer\n", test, cases[i].name);
            harness_current_failed = 1;
        }
    }
}

TEST(malformed_types_are_type)
{
    expect_types(__func__, malformed, sizeof malformed / sizeof malformed[0], CP_ERR_TYPE);
}

TEST(void_argument_is_type)
{
    EXPECT_SIG(SIG(NULL, &cp_type_void), CP_ERR_TYPE);
    EXPECT_SIG(SIG(NULL, &cp_type_i32, &cp_type_void), CP_ERR_TYPE);
    EXPECT_SIG(VSIG(NULL, 1, &cp_type_ptr, &cp_type_void), CP_ERR_TYPE);
    EXPECT_SIG(SIG0(&cp_type_void), CP_OK);     /* void is a return type */
}

/* ---- CP_ERR_ALIGN: descriptors ----------------------------------------------------------- */

static const cp_type align3 = CP_STRUCT_EX(0, 3, 0, CP_MEMBER(cp_type_i8));
static const cp_type align6 = CP_STRUCT_EX(0, 6, 0, CP_MEMBER(cp_type_i16));
static const cp_type align24_union = CP_UNION_EX(0, 24, 0, CP_MEMBER(cp_type_i64));
static const cp_type align_odd_packed = CP_STRUCT_EX(CP_TYPE_PACKED, 5, 0,
                                                     CP_MEMBER(cp_type_i8));
static const cp_type array_align3 = { .kind = CP_KIND_ARRAY, .align = 3, .count = 2,
                                      .elem = &cp_type_i8 };
static const cp_type below_natural = CP_STRUCT_EX(0, 4, 0, CP_MEMBER(cp_type_i64));
static const cp_type union_below_natural = CP_UNION_EX(0, 2, 0, CP_MEMBER(cp_type_i32));
static const cp_type offset_misaligned = CP_STRUCT(CP_MEMBER(cp_type_i8),
                                                   CP_MEMBER_AT(cp_type_i32, 1));
static const cp_type offset_misaligned_agg = CP_STRUCT(CP_MEMBER(cp_type_i8),
                                                       CP_MEMBER_AT(pair_i64, 4));
static const cp_type nested_misaligned = CP_STRUCT(CP_MEMBER(cp_type_i64),
                                                   CP_MEMBER(offset_misaligned));

static const struct named_type misaligned[] = {
    { "aligned(3)", &align3 },
    { "aligned(6)", &align6 },
    { "union aligned(24)", &align24_union },
    { "packed aligned(5)", &align_odd_packed },
    { "array aligned(3)", &array_align3 },
    { "aligned(4) on an i64 struct", &below_natural },
    { "aligned(2) on an i32 union", &union_below_natural },
    { "i32 at offset 1", &offset_misaligned },
    { "struct of i64 at offset 4", &offset_misaligned_agg },
    { "misaligned member one level down", &nested_misaligned },
};

/* The packed twins of some of the above are valid. */
static const cp_type packed_below_natural = CP_STRUCT_EX(CP_TYPE_PACKED, 2, 0,
                                                         CP_MEMBER(cp_type_i64));
static const cp_type packed_offset1 = CP_STRUCT_EX(CP_TYPE_PACKED, 0, 0, CP_MEMBER(cp_type_i8),
                                                   CP_MEMBER_AT(cp_type_i32, 1));
static const struct named_type packed_ok[] = {
    { "packed aligned(2) on an i64", &packed_below_natural },
    { "packed i32 at offset 1", &packed_offset1 },
};

TEST(bad_alignment_is_align)
{
    expect_types(__func__, misaligned, sizeof misaligned / sizeof misaligned[0], CP_ERR_ALIGN);
}

TEST(packed_relaxes_alignment_rules)
{
    expect_types(__func__, packed_ok, sizeof packed_ok / sizeof packed_ok[0], CP_OK);
}

/* ---- CP_ERR_ABI and CP_ERR_UNSUPPORTED --------------------------------------------------- */

TEST(unknown_abi_is_abi)
{
    static const cp_abi bad[] = { CP_ABI_COUNT_, (cp_abi)77, (cp_abi)0x7FFFFFFF };
    size_t i;
    for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        cp_sig sig = { bad[i], &cp_type_i32, ARGV(&cp_type_i32), 1, 0, 0 };
        EXPECT_SIG(&sig, CP_ERR_ABI);
        sig.nargs = 0;
        sig.args = NULL;
        EXPECT_SIG(&sig, CP_ERR_ABI);
    }
    {
        cp_sig sig = { CP_ABI_SYSV64, &cp_type_i32, ARGV(&cp_type_i32), 1, 0, 0 };
        EXPECT_SIG(&sig, CP_OK);
    }
}

static const cp_type al32 = CP_STRUCT_EX(0, 32, 0, CP_MEMBER(cp_type_i64));
static const cp_type holds_al32 = CP_STRUCT(CP_MEMBER(cp_type_i8), CP_MEMBER(al32));

TEST(aligned32_struct_argument_is_unsupported)
{
    size_t size = 0, align = 0;
    CHECK_STATUS(cp_type_layout(&al32, &size, &align, NULL, 0), CP_OK);
    CHECK_EQ_U64(size, 32);
    CHECK_EQ_U64(align, 32);
    EXPECT_SIG(SIG(NULL, &al32), CP_ERR_UNSUPPORTED);
    EXPECT_SIG(SIG(NULL, &cp_type_i32, &cp_type_i64, &al32), CP_ERR_UNSUPPORTED);
    EXPECT_SIG(SIG(NULL, &holds_al32), CP_ERR_UNSUPPORTED);
    EXPECT_SIG(VSIG(NULL, 1, &cp_type_ptr, &al32), CP_ERR_UNSUPPORTED);
    EXPECT_SIG(SIG0(&al32), CP_OK);     /* returned through a hidden pointer: no slot needed */
}

static const cp_type with_float = CP_STRUCT(CP_MEMBER(cp_type_i32), CP_MEMBER(cp_type_f32));
static const cp_type f64x2 = CP_ARRAY(cp_type_f64, 2);
static const cp_type deep_float = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(f64x2));

static const cp_type *const float_types[] = {
    &cp_type_f32, &cp_type_f64, &cp_type_f80, &cp_type_f128, &cp_type_c32, &cp_type_c64,
    &cp_type_c80, &with_float, &deep_float,
};

/* A NOFLOAT core has no FP instruction: every type with a float inside is refused; any other
 * build passes them. The descriptors are valid either way. */
TEST(float_types_follow_nofloat)
{
#ifdef CP_NOFLOAT
    const cp_status want = CP_ERR_UNSUPPORTED;
#else
    const cp_status want = CP_OK;
#endif
    size_t i, size = 0;
    for (i = 0; i < sizeof float_types / sizeof float_types[0]; i++) {
        const cp_type *t = float_types[i];
        CHECK_STATUS(cp_type_layout(t, &size, NULL, NULL, 0), CP_OK);
        EXPECT_SIG(SIG(NULL, t), want);
        EXPECT_SIG(SIG(NULL, &cp_type_i32, t), want);
        EXPECT_SIG(SIG0(t), want);
        EXPECT_SIG(SIG(t, &cp_type_i32), want);
    }
}

/* ---- cp_strerror ------------------------------------------------------------------------- */

TEST(strerror_names_every_status_once)
{
    int i, j;
    for (i = 0; i < CP_STATUS_COUNT_; i++) {
        const char *m = cp_strerror((cp_status)i);
        CHECK(m != NULL);
        if (!m)
            continue;
        CHECK(m[0] != '\0');
        CHECK(strcmp(m, "unknown status") != 0);
        for (j = 0; j < i; j++) {
            const char *other = cp_strerror((cp_status)j);
            if (other && strcmp(m, other) == 0) {
                printf("FAIL - %s: statuses %d and %d share \"%s\"\n", __func__, j, i, m);
                harness_current_failed = 1;
            }
        }
    }
}

TEST(strerror_out_of_range_is_unknown)
{
    CHECK(strcmp(cp_strerror(CP_STATUS_COUNT_), "unknown status") == 0);
    CHECK(strcmp(cp_strerror((cp_status)1000), "unknown status") == 0);
    CHECK(strcmp(cp_strerror((cp_status)-1), "unknown status") == 0);
}

int main(void)
{
    RUN(null_sig_is_arg);
    RUN(null_buffer_is_arg);
    RUN(null_size_pointer_is_arg);
    RUN(null_args_array_is_arg);
    RUN(null_arg_entry_is_arg);
    RUN(null_used_and_void_return_are_fine);
    RUN(unknown_sig_flags_are_arg);
    RUN(misaligned_buffer_is_align);
    RUN(zero_size_buffer_is_nospace);
    RUN(one_byte_short_is_nospace);
    RUN(every_short_size_is_nospace);
    RUN(exact_size_builds);
    RUN(plan_size_macro_is_an_upper_bound);
    RUN(max_args_builds_and_calls);
    RUN(one_over_max_args_is_toomany);
    RUN(stack_area_limit_is_toomany);
    RUN(variadic_nfixed_out_of_range_is_variadic);
    RUN(nonvariadic_nfixed_must_be_0_or_nargs);
    RUN(unpromoted_variadic_types_are_variadic);
    RUN(promoted_variadic_types_are_fine);
    RUN(nesting_to_max_depth_is_fine);
    RUN(nesting_past_max_depth_is_depth);
    RUN(self_reference_is_depth);
    RUN(dag_past_node_budget_is_toomany);
    RUN(malformed_types_are_type);
    RUN(void_argument_is_type);
    RUN(bad_alignment_is_align);
    RUN(packed_relaxes_alignment_rules);
    RUN(unknown_abi_is_abi);
    RUN(aligned32_struct_argument_is_unsupported);
    RUN(float_types_follow_nofloat);
    RUN(strerror_names_every_status_once);
    RUN(strerror_out_of_range_is_unknown);
    return harness_done();
}
