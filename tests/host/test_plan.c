/* Plans as data: a plan is relocatable bytes; cp_plan_check must refuse every damaged or forged
 * one (one flipped byte anywhere, a truncation, a valid checksum over a bad structure, another
 * version), and whatever it does accept must be safe to run; cp_plan_dump lists a plan and
 * emits nothing for a bad one; cp_plan_flags and cp_plan_size report what the builder did; and
 * cp_call reads no byte past an argument and writes no byte past the return value, on every
 * executor. */
#define _DEFAULT_SOURCE                     /* mmap, MAP_ANONYMOUS, sysconf */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "callplan.h"
#include "harness.h"
#include "forge.h"

/* This file forges plans, so it reads the format's own table (field offsets, ops, register
 * images). The checksum it recomputes on its own, from the documented algorithm. */
#include "../../src/plan_format.h"
#include "../../arch/x86_64/arch.h"

_Static_assert(CP__H_VERSION == 4 && CP__H_CHECKSUM == 16 && CP__H_LENGTH == 12,
               "the header offsets this test documents");

__extension__ typedef __int128 s128;
__extension__ typedef __float128 f128;

/* ---- plan bytes -------------------------------------------------------------------------- */

#define PLAN_MAX 2048

static uint32_t rd(const uint8_t *p, size_t off, unsigned width)
{
    uint8_t b1;
    uint16_t b2;
    uint32_t b4;
    switch (width) {
    case 1: memcpy(&b1, p + off, 1); return b1;
    case 2: memcpy(&b2, p + off, 2); return b2;
    default: memcpy(&b4, p + off, 4); return b4;
    }
}

static void wr(uint8_t *p, size_t off, unsigned width, uint32_t v)
{
    uint8_t b1 = (uint8_t)v;
    uint16_t b2 = (uint16_t)v;
    switch (width) {
    case 1: memcpy(p + off, &b1, 1); break;
    case 2: memcpy(p + off, &b2, 2); break;
    default: memcpy(p + off, &v, 4); break;
    }
}

/* Reseals a forged plan and checks it. The exec and result bytes are derived from the moves
 * (the checker derives them again), so a forger can always write the matching ones: the
 * forgery counts as accepted if any pair of values passes (exec below nexec x result below
 * nres), and is left with it. Otherwise the plan keeps its own bytes and their status. */
static cp_status check_forged_within(uint8_t *plan, size_t len, unsigned nexec, unsigned nres)
{
    uint8_t own_exec = plan[CP__H_EXEC], own_result = plan[CP__H_RESULT];
    cp_status s;
    unsigned e, r;

    forge_reseal(plan, len);
    s = cp_plan_check(plan, len);
    for (e = 0; e < nexec && s != CP_OK; e++) {
        for (r = 0; r < nres; r++) {
            plan[CP__H_EXEC] = (uint8_t)e;
            plan[CP__H_RESULT] = (uint8_t)r;
            forge_reseal(plan, len);
            if (cp_plan_check(plan, len) == CP_OK)
                return CP_OK;
        }
    }
    if (s != CP_OK) {
        plan[CP__H_EXEC] = own_exec;
        plan[CP__H_RESULT] = own_result;
        forge_reseal(plan, len);
    }
    return s;
}

/* Every byte value for exec, and more result values than the format has. */
static cp_status check_forged(uint8_t *plan, size_t len)
{
    return check_forged_within(plan, len, 256, 16);
}

static unsigned nret_moves(const uint8_t *plan)
{
    return (rd(plan, CP__H_RET0, 1) != CP__RET_NONE ? 1u : 0u) +
           (rd(plan, CP__H_RET1, 1) != CP__RET_NONE ? 1u : 0u);
}

/* Builds sig into buf; returns the plan's length, 0 on failure. */
static size_t build(const cp_sig *sig, uint8_t *buf, size_t cap)
{
    size_t used = 0;
    if (cp_plan_build(buf, cap, sig, &used) != CP_OK)
        return 0;
    return used;
}

static const cp_plan *as_plan(const uint8_t *buf)
{
    return (const cp_plan *)(const void *)buf;
}

/* The executor families of cp_plan_executor, as bits, so a test can show it reached every
 * tier of stubs. "regs8" (register-only, every move 8 bytes) counts as "regs". */
static const struct {
    const char *name;
    unsigned bit;
} families[] = { { "general", 1 }, { "gp", 2 }, { "spill", 4 }, { "regs", 8 }, { "regs8", 8 } };
#define NFAMILIES (sizeof families / sizeof families[0])
#define ALL_FAMILIES 15u

static unsigned family_bit(const cp_plan *plan)
{
    const char *name = cp_plan_executor(plan);
    size_t k;
    for (k = 0; k < NFAMILIES; k++)
        if (strcmp(name, families[k].name) == 0)
            return families[k].bit;
    return 0;
}

/* Names each family in `want` that `seen` lacks. */
static void check_families(const char *test, unsigned seen, unsigned want)
{
    size_t k;
    for (k = 0; k < 4; k++) {
        if ((want & families[k].bit) && !(seen & families[k].bit)) {
            printf("FAIL - %s: no plan ran on the \"%s\" executor\n", test, families[k].name);
            harness_current_failed = 1;
        }
    }
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

static const cp_type small_ints = CP_STRUCT(CP_MEMBER(cp_type_i32), CP_MEMBER(cp_type_i16));
static const cp_type pair_i64 = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64));
static const cp_type u8x3 = CP_ARRAY(cp_type_u8, 3);
static const cp_type bytes3 = CP_STRUCT(CP_MEMBER(u8x3));
static const cp_type u8x40 = CP_ARRAY(cp_type_u8, 40);
static const cp_type big40 = CP_STRUCT(CP_MEMBER(u8x40));
#ifndef CP_NOFLOAT
static const cp_type mixed16 = CP_STRUCT(CP_MEMBER(cp_type_f64), CP_MEMBER(cp_type_i32));
static const cp_type floats2 = CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32));
#endif

struct named_sig {
    const char *name;
    cp_sig sig;
};

static const cp_type *const a_gp[] = { &cp_type_i32, &cp_type_i64, &cp_type_ptr, &cp_type_u8,
                                       &cp_type_i16, &cp_type_u64, &cp_type_i64 };
static const cp_type *const a_sret[] = { &cp_type_i64, &small_ints };
static const cp_type *const a_struct[] = { &small_ints, &pair_i64, &bytes3, &big40,
                                           &cp_type_i128 };
static const cp_type *const a_var[] = { &cp_type_ptr, &cp_type_i32, &cp_type_i64,
#ifndef CP_NOFLOAT
                                        &cp_type_f64,
#endif
};
#ifndef CP_NOFLOAT
static const cp_type *const a_fp[] = { &cp_type_f64, &cp_type_f32, &cp_type_i32, &cp_type_c64,
                                       &mixed16, &floats2, &cp_type_f128 };
static const cp_type *const a_ld[] = { &cp_type_f80, &cp_type_i32 };
#endif

/* The plans the byte-level tests run over: one of each shape. */
static const struct named_sig samples[] = {
    { "gp", { CP_ABI_DEFAULT, &cp_type_i64, a_gp, 7, 0, 0 } },
    { "sret", { CP_ABI_DEFAULT, &big40, a_sret, 2, 0, 0 } },
    { "struct", { CP_ABI_DEFAULT, NULL, a_struct, 5, 0, 0 } },
    { "variadic", { CP_ABI_DEFAULT, &cp_type_i32, a_var, sizeof a_var / sizeof a_var[0], 1,
                    CP_SIG_VARIADIC } },
#ifndef CP_NOFLOAT
    { "fp", { CP_ABI_DEFAULT, &cp_type_f64, a_fp, 7, 0, 0 } },
    { "long double", { CP_ABI_DEFAULT, &cp_type_f80, a_ld, 2, 0, 0 } },
    { "complex long double", { CP_ABI_DEFAULT, &cp_type_c80, NULL, 0, 0, 0 } },
#endif
};
#define NSAMPLES (sizeof samples / sizeof samples[0])

/* ---- (a) relocation ---------------------------------------------------------------------- */

struct pair_c { int64_t a, b; };
struct big40_c { uint8_t b[40]; };

/* Eight arguments: registers, an aggregate on the stack, and stack scalars. */
static int64_t reloc_callee(int64_t a, int32_t b, struct pair_c p, struct big40_c q, int8_t c,
                            int64_t d, int64_t e, int64_t f)
{
    return a + 3 * (int64_t)b + 5 * p.a + 7 * p.b + 11 * (int64_t)q.b[0] + 13 * (int64_t)q.b[39] +
           17 * (int64_t)c + 19 * d + 23 * e + 29 * f;
}

TEST(relocated_plan_calls_correctly)
{
    static _Alignas(16) uint8_t orig[PLAN_MAX], elsewhere[PLAN_MAX + 64];
    uint8_t *copy = elsewhere + 24;         /* 8-aligned, not 16-aligned, a new address */
    int64_t a = 1000000007, d = -4, e = 5, f = 6, got = 0;
    int32_t b = -77;
    int8_t c = -3;
    struct pair_c p = { 1 << 20, -(1 << 21) };
    struct big40_c q;
    void *argp[8] = { &a, &b, &p, &q, &c, &d, &e, &f };
    size_t len;

    memset(&q, 0, sizeof q);
    q.b[0] = 9;
    q.b[39] = 200;
    len = build(SIG(&cp_type_i64, &cp_type_i64, &cp_type_i32, &pair_i64, &big40, &cp_type_i8,
                    &cp_type_i64, &cp_type_i64, &cp_type_i64), orig, sizeof orig);
    CHECK(len > 0);
    memcpy(copy, orig, len);
    memset(orig, 0xCC, sizeof orig);        /* nothing may still point into the original */
    CHECK_STATUS(cp_plan_check(copy, len), CP_OK);
    cp_call(as_plan(copy), (void (*)(void))reloc_callee, &got, argp);
    CHECK_EQ_U64(got, reloc_callee(a, b, p, q, c, d, e, f));
}

#ifndef CP_NOFLOAT
static double reloc_fp_callee(double x, float y, int32_t z, long double w)
{
    return x * 2.0 + (double)y + (double)z + (double)w;
}

TEST(relocated_fp_plan_calls_correctly)
{
    static _Alignas(16) uint8_t orig[PLAN_MAX], elsewhere[PLAN_MAX + 64];
    uint8_t *copy = elsewhere + 40;
    double x = 1.25, got = 0;
    float y = 0.5f;
    int32_t z = -3;
    long double w = 8.0L;
    void *argp[4] = { &x, &y, &z, &w };
    size_t len = build(SIG(&cp_type_f64, &cp_type_f64, &cp_type_f32, &cp_type_i32,
                           &cp_type_f80), orig, sizeof orig);

    CHECK(len > 0);
    memcpy(copy, orig, len);
    memset(orig, 0, sizeof orig);
    CHECK_STATUS(cp_plan_check(copy, len), CP_OK);
    cp_call(as_plan(copy), (void (*)(void))reloc_fp_callee, &got, argp);
    CHECK(got == 8.0);
}
#endif

/* ---- (b) every flipped byte is caught ---------------------------------------------------- */

struct capture {
    char text[16384];
    size_t n;
    unsigned calls;
};

static void capture_sink(void *ctx, const char *text, size_t len)
{
    struct capture *c = ctx;
    c->calls++;
    if (len > sizeof c->text - 1 - c->n)
        len = sizeof c->text - 1 - c->n;
    memcpy(c->text + c->n, text, len);
    c->n += len;
    c->text[c->n] = '\0';
}

/* Flips byte `at` of a copy of the plan with `mask`; the copy is an exact-size heap block, so
 * ASan sees any read past it. Checks both cp_plan_check and cp_plan_dump; returns 1 when
 * both gave the expected status (and the dump emitted nothing). */
static int flipped_is_refused(const char *name, const uint8_t *plan, size_t len, size_t at,
                              uint8_t mask)
{
    cp_status want = (at == CP__H_VERSION || at == CP__H_VERSION + 1) ? CP_ERR_VERSION
                                                                      : CP_ERR_PLAN;
    uint8_t *work = malloc(len);
    struct capture cap;
    cp_status s, d = want;
    int ok;

    if (!work)
        return 0;
    memcpy(work, plan, len);
    work[at] ^= mask;
    s = cp_plan_check(work, len);
    cap.n = 0;
    cap.calls = 0;
    /* cp_plan_dump trusts the declared length (callplan.h); a flip that grows it past the
     * block is outside its contract, so the dump skips the length's upper bytes. */
    if (at <= CP__H_LENGTH || at >= CP__H_LENGTH + 4)
        d = cp_plan_dump(as_plan(work), capture_sink, &cap);
    ok = s == want && d == want && cap.calls == 0;
    if (!ok)
        printf("  # %s: byte %zu ^ 0x%02x: check gave %s, dump gave %s (%u sink calls)\n",
               name, at, mask, cp_strerror(s), cp_strerror(d), cap.calls);
    free(work);
    return ok;
}

TEST(every_flipped_byte_is_refused)
{
    static _Alignas(16) uint8_t plan[PLAN_MAX];
    static const uint8_t masks[] = { 0xFF, 0x01 };
    size_t i, at, m;

    for (i = 0; i < NSAMPLES; i++) {
        size_t len = build(&samples[i].sig, plan, sizeof plan);
        unsigned bad = 0;
        CHECK(len >= CP__PLAN_HDR);
        for (at = 0; at < len && bad < 8; at++)     /* a few details are enough */
            for (m = 0; m < sizeof masks; m++)
                if (!flipped_is_refused(samples[i].name, plan, len, at, masks[m]))
                    bad++;
        if (bad) {
            printf("FAIL - %s: [%s] %s%u flipped plans not refused as expected\n", __func__,
                   samples[i].name, bad >= 8 ? "at least " : "", bad);
            harness_current_failed = 1;
        }
    }
}

/* ---- (c) truncation ---------------------------------------------------------------------- */

TEST(truncated_plan_is_plan)
{
    static _Alignas(16) uint8_t plan[PLAN_MAX];
    size_t i;

    for (i = 0; i < NSAMPLES; i++) {
        size_t len = build(&samples[i].sig, plan, sizeof plan);
        uint8_t *work = malloc(len - 1);
        CHECK(work != NULL);
        if (!work)
            continue;
        memcpy(work, plan, len - 1);
        CHECK_STATUS_IN(samples[i].name, cp_plan_check(work, len - 1), CP_ERR_PLAN);
        free(work);
        CHECK_STATUS_IN(samples[i].name, cp_plan_check(plan, 0), CP_ERR_PLAN);
        CHECK_STATUS_IN(samples[i].name, cp_plan_check(plan, CP__PLAN_HDR - 1), CP_ERR_PLAN);
        /* A buffer longer than the plan is fine: the plan says where it ends. */
        CHECK_STATUS_IN(samples[i].name, cp_plan_check(plan, len), CP_OK);
        CHECK_STATUS_IN(samples[i].name, cp_plan_check(plan, len + 8), CP_OK);
    }
}

TEST(check_bad_pointers)
{
    static _Alignas(16) uint8_t plan[PLAN_MAX];
    size_t len = build(SIG(&cp_type_i64, &cp_type_i32), plan + 8, sizeof plan - 8);
    size_t off;

    CHECK(len > 0);
    CHECK_STATUS(cp_plan_check(NULL, len), CP_ERR_ARG);
    memmove(plan + 1, plan + 8, len);       /* the same bytes, misaligned */
    for (off = 1; off < CP_PLAN_ALIGN; off++)
        CHECK_STATUS(cp_plan_check(plan + off, len), CP_ERR_ALIGN);
}

/* ---- (d) a valid checksum over a bad structure ------------------------------------------- */

/* A forgery: up to three field writes to a built plan, then a valid checksum. Field offsets
 * are absolute. The base plans below have one argument and one move: the header, the move
 * (MV0), then the size table (SZ0) padded to 8 bytes (plan_format.h). */
#define MV0 CP__PLAN_HDR
#define SZ0 (CP__PLAN_HDR + CP__MOVE_BYTES)

struct poke {
    uint16_t at;
    uint8_t width;      /* 0: unused */
    uint32_t value;
};

struct forgery {
    const char *name;
    struct poke p[3];
    cp_status want;
};

/* Base "gp": int64_t f(int32_t): one LD4S arg0+0 -> rdi, ret rax 8 bytes, frame 176. */
static const struct forgery gp_forgeries[] = {
    { "control: resealed unchanged", { { 0, 0, 0 } }, CP_OK },
    { "move reads past its argument", { { MV0 + CP__M_SRC, 2, 1 } }, CP_ERR_PLAN },
    { "move loads 8 bytes of a 4-byte argument", { { MV0 + CP__M_OP, 1, CP__OP_LD8 } },
      CP_ERR_PLAN },
    { "argument size shrunk under its move", { { SZ0, 2, 2 } }, CP_ERR_PLAN },
    { "copy longer than the argument", { { MV0 + CP__M_OP, 1, CP__OP_COPY },
                                         { MV0 + CP__M_LEN, 2, 5 } }, CP_ERR_PLAN },
    { "move writes past the frame", { { MV0 + CP__M_DST, 2, CP__IMG_BYTES - 4 } },
      CP_ERR_PLAN },
    { "move writes far outside", { { MV0 + CP__M_DST, 2, 0xFFFF } }, CP_ERR_PLAN },
    { "arg index == nargs", { { MV0 + CP__M_ARG, 1, 1 } }, CP_ERR_PLAN },
    { "arg index 255", { { MV0 + CP__M_ARG, 1, 255 } }, CP_ERR_PLAN },
    { "unknown op", { { MV0 + CP__M_OP, 1, CP__OP_COUNT } }, CP_ERR_PLAN },
    { "op 255", { { MV0 + CP__M_OP, 1, 255 } }, CP_ERR_PLAN },
    { "copy of length 0", { { MV0 + CP__M_OP, 1, CP__OP_COPY } }, CP_ERR_PLAN },
    { "fixed load with a length", { { MV0 + CP__M_LEN, 2, 4 } }, CP_ERR_PLAN },
    { "return move longer than the return size", { { CP__H_RETSIZE, 4, 4 } }, CP_ERR_PLAN },
    { "return move past the return size", { { CP__H_RET0 + CP__RM_DST, 1, 1 } }, CP_ERR_PLAN },
    { "rax return of 9 bytes", { { CP__H_RET0 + CP__RM_LEN, 1, 9 },
                                 { CP__H_RETSIZE, 4, 16 } }, CP_ERR_PLAN },
    { "return move of length 0", { { CP__H_RET0 + CP__RM_LEN, 1, 0 } }, CP_ERR_PLAN },
    { "unknown return register", { { CP__H_RET0 + CP__RM_REG, 1, CP__RET_COUNT } },
      CP_ERR_PLAN },
    { "second return move without a first", { { CP__H_RET0 + CP__RM_REG, 1, 0 },
                                              { CP__H_RET0 + CP__RM_LEN, 1, 0 },
                                              { CP__H_RET1, 4, 0x00000801 } }, CP_ERR_PLAN },
    { "return move padding byte", { { CP__H_RET0 + 3, 1, 1 } }, CP_ERR_PLAN },
    { "nsse 9 (with USES_FP)", { { CP__H_NSSE, 1, 9 }, { CP__H_FLAGS, 4, CP_PLAN_USES_FP } },
      CP_ERR_PLAN },
    { "ngp 7", { { CP__H_NGP, 1, 7 } }, CP_ERR_PLAN },
    { "USES_FP without any FP", { { CP__H_FLAGS, 4, CP_PLAN_USES_FP } }, CP_ERR_PLAN },
    { "nsse 1 without USES_FP", { { CP__H_NSSE, 1, 1 } }, CP_ERR_PLAN },
    { "xmm0 move without USES_FP", { { MV0 + CP__M_DST, 2, CP__IMG_XMM } }, CP_ERR_PLAN },
    { "move straddling r9's image and what follows it",
      { { MV0 + CP__M_DST, 2, CP__IMG_GP + 8 * 5 + 4 } }, CP_ERR_PLAN },
    { "unknown plan flag", { { CP__H_FLAGS, 4, 0x80 } }, CP_ERR_PLAN },
    { "SRET with a return move", { { CP__H_FLAGS, 4, CP_PLAN_SRET }, { CP__H_NGP, 1, 2 } },
      CP_ERR_PLAN },
    { "frame not a multiple of 16", { { CP__H_FRAME, 2, CP__IMG_BYTES + 8 } }, CP_ERR_PLAN },
    { "frame below the register images", { { CP__H_FRAME, 2, 160 } }, CP_ERR_PLAN },
    { "frame over the stack limit", { { CP__H_FRAME, 2,
                                        CP__IMG_BYTES + CP_MAX_STACK_BYTES + 16 } },
      CP_ERR_PLAN },
    /* (pokes of the exec byte itself are checked as poked, without the search) */
    { "exec byte 1 (registers) for this plan", { { CP__H_EXEC, 1, 1 } }, CP_ERR_PLAN },
    { "exec byte 63", { { CP__H_EXEC, 1, 63 } }, CP_ERR_PLAN },
    { "exec byte 255 (past every executor)", { { CP__H_EXEC, 1, 255 } }, CP_ERR_PLAN },
    { "result byte 255", { { CP__H_RESULT, 1, 255 } }, CP_ERR_PLAN },
    { "nonzero size-table padding", { { SZ0 + 2, 1, 1 } }, CP_ERR_PLAN },
    { "argument size over the stack limit", { { SZ0, 2, CP_MAX_STACK_BYTES + 1 } },
      CP_ERR_PLAN },
    { "nmoves past the length", { { CP__H_NMOVES, 2, 2 } }, CP_ERR_PLAN },
    { "nargs past the length", { { CP__H_NARGS, 1, 5 } }, CP_ERR_PLAN },
    { "nargs over CP_MAX_ARGS", { { CP__H_NARGS, 1, 65 } }, CP_ERR_PLAN },
    { "return size over CP_MAX_TYPE_SIZE", { { CP__H_RETSIZE, 4, 0x40000008u } },
      CP_ERR_PLAN },
    { "ABI 0 (unresolved default)", { { CP__H_ABI, 1, CP_ABI_DEFAULT } }, CP_ERR_PLAN },
    { "ABI 99", { { CP__H_ABI, 1, 99 } }, CP_ERR_PLAN },
    { "a System V plan relabelled win64", { { CP__H_ABI, 1, CP_ABI_WIN64 } }, CP_ERR_PLAN },
    { "an ADDR move in a System V plan", { { MV0 + CP__M_OP, 1, CP__OP_ADDR },
                                           { MV0 + CP__M_SRC, 2, CP__IMG_BYTES },
                                           { MV0 + CP__M_LEN, 2, 4 } }, CP_ERR_PLAN },
    { "bad magic", { { CP__H_MAGIC, 4, 0x4C504371 } }, CP_ERR_PLAN },
    { "length not a multiple of 8", { { CP__H_LENGTH, 4, 60 } }, CP_ERR_PLAN },
};

/* Base "sret": struct big40 f(int64_t): the hidden pointer in rdi, one LD8 arg0+0 -> rsi. */
static const struct forgery sret_forgeries[] = {
    { "control: resealed unchanged", { { 0, 0, 0 } }, CP_OK },
    { "SRET with ngp 0", { { CP__H_NGP, 1, 0 } }, CP_ERR_PLAN },
    { "SRET with a rax return move", { { CP__H_RET0, 4, 0x00000801 } }, CP_ERR_PLAN },
    /* The stub stores the hidden pointer in the rdi image before the moves run: a move over
     * it hands the callee an argument's bytes as the address to write the result to. */
    { "move overwrites the sret pointer", { { MV0 + CP__M_DST, 2, CP__IMG_GP } },
      CP_ERR_PLAN },
    { "move overwrites half the sret pointer", { { MV0 + CP__M_OP, 1, CP__OP_COPY },
                                                 { MV0 + CP__M_LEN, 2, 4 },
                                                 { MV0 + CP__M_DST, 2, 4 } }, CP_ERR_PLAN },
};

/* Applies each forgery to a fresh exact-size heap copy of base (so ASan sees any read past
 * the plan) and checks it as check_forged does; pokes of exec/result are checked as poked. */
static void run_forgeries(const char *test, const uint8_t *base, size_t len,
                          const struct forgery *f, size_t n)
{
    size_t i, k;
    for (i = 0; i < n; i++) {
        uint8_t *work = malloc(len);
        int derived_poked = 0;
        cp_status s;
        if (!work)
            return;
        memcpy(work, base, len);
        for (k = 0; k < 3; k++) {
            if (!f[i].p[k].width)
                continue;
            wr(work, f[i].p[k].at, f[i].p[k].width, f[i].p[k].value);
            derived_poked |= f[i].p[k].at == CP__H_EXEC || f[i].p[k].at == CP__H_RESULT;
        }
        if (derived_poked) {
            forge_reseal(work, len);
            s = cp_plan_check(work, len);
        } else {
            s = check_forged(work, len);
        }
        free(work);
        if (s != f[i].want) {
            printf("FAIL - %s: [%s] cp_plan_check gave %s, want %s\n", test, f[i].name,
                   cp_strerror(s), cp_strerror(f[i].want));
            harness_current_failed = 1;
        }
    }
}

TEST(forged_gp_plans_are_refused)
{
    static _Alignas(16) uint8_t base[PLAN_MAX];
    size_t len = build(SIG(&cp_type_i64, &cp_type_i32), base, sizeof base);

    /* The forgeries patch fields of this exact plan: confirm its shape first. */
    CHECK_EQ_U64(len, CP__PLAN_HDR + 8 + CP__MOVE_BYTES);
    CHECK_EQ_U64(rd(base, CP__H_NARGS, 1), 1);
    CHECK_EQ_U64(rd(base, CP__H_NMOVES, 2), 1);
    CHECK_EQ_U64(rd(base, CP__H_FLAGS, 4), 0);
    CHECK_EQ_U64(rd(base, CP__H_FRAME, 2), CP__IMG_BYTES);
    CHECK_EQ_U64(rd(base, CP__H_RETSIZE, 4), 8);
    CHECK_EQ_U64(rd(base, MV0 + CP__M_OP, 1), CP__OP_LD4S);
    CHECK_EQ_U64(rd(base, MV0 + CP__M_DST, 2), CP__IMG_GP);
    CHECK_EQ_U64(rd(base, SZ0, 2), 4);
    CHECK_EQ_U64(rd(base, CP__H_RET0, 4), CP__RET_RAX | (8u << 8));     /* rax, 8 bytes, +0 */
    if (len != CP__PLAN_HDR + 8 + CP__MOVE_BYTES)
        return;
    run_forgeries(__func__, base, len, gp_forgeries,
                  sizeof gp_forgeries / sizeof gp_forgeries[0]);
}

TEST(forged_sret_plans_are_refused)
{
    static _Alignas(16) uint8_t base[PLAN_MAX];
    size_t len = build(SIG(&big40, &cp_type_i64), base, sizeof base);

    CHECK_EQ_U64(len, CP__PLAN_HDR + 8 + CP__MOVE_BYTES);
    CHECK_EQ_U64(rd(base, CP__H_FLAGS, 4), CP_PLAN_SRET);
    CHECK_EQ_U64(rd(base, CP__H_NGP, 1), 2);
    CHECK_EQ_U64(rd(base, MV0 + CP__M_DST, 2), CP__IMG_GP + 8);
    if (len != CP__PLAN_HDR + 8 + CP__MOVE_BYTES)
        return;
    run_forgeries(__func__, base, len, sret_forgeries,
                  sizeof sret_forgeries / sizeof sret_forgeries[0]);
}

#ifndef CP_NOFLOAT
/* Base "fp": double f(double): LD8 arg0+0 -> xmm0, ret xmm0 8 bytes, USES_FP, nsse 1. */
static const struct forgery fp_forgeries[] = {
    { "control: resealed unchanged", { { 0, 0, 0 } }, CP_OK },
    { "USES_FP cleared", { { CP__H_FLAGS, 4, 0 } }, CP_ERR_PLAN },
    { "nsse 9", { { CP__H_NSSE, 1, 9 } }, CP_ERR_PLAN },
    { "xmm0 return of 17 bytes", { { CP__H_RET0 + CP__RM_LEN, 1, 17 },
                                   { CP__H_RETSIZE, 4, 32 } }, CP_ERR_PLAN },
    { "st0 return of 8 bytes", { { CP__H_RET0 + CP__RM_REG, 1, CP__RET_ST0 } }, CP_ERR_PLAN },
    { "move straddling the end of the register images",
      { { MV0 + CP__M_DST, 2, CP__IMG_BYTES - 4 } }, CP_ERR_PLAN },
};

TEST(forged_fp_plans_are_refused)
{
    static _Alignas(16) uint8_t base[PLAN_MAX];
    size_t len = build(SIG(&cp_type_f64, &cp_type_f64), base, sizeof base);

    CHECK_EQ_U64(len, CP__PLAN_HDR + 8 + CP__MOVE_BYTES);
    CHECK_EQ_U64(rd(base, CP__H_FLAGS, 4), CP_PLAN_USES_FP);
    CHECK_EQ_U64(rd(base, CP__H_NSSE, 1), 1);
    CHECK_EQ_U64(rd(base, MV0 + CP__M_DST, 2), CP__IMG_XMM);
    if (len != CP__PLAN_HDR + 8 + CP__MOVE_BYTES)
        return;
    run_forgeries(__func__, base, len, fp_forgeries,
                  sizeof fp_forgeries / sizeof fp_forgeries[0]);
}
#endif

/* A well-formed FP plan from storage: a NOFLOAT build cannot run it and says so. */
TEST(fp_plan_from_storage_follows_nofloat)
{
    static _Alignas(16) uint8_t plan[PLAN_MAX];
    size_t len = build(SIG(&cp_type_i64, &cp_type_i64), plan, sizeof plan);

    CHECK(len > 0);
    /* Now int64_t f(double-bits in xmm0), as the non-NOFLOAT builder would write it. */
    wr(plan, MV0 + CP__M_DST, 2, CP__IMG_XMM);
    wr(plan, CP__H_NGP, 1, 0);
    wr(plan, CP__H_NSSE, 1, 1);
    wr(plan, CP__H_FLAGS, 4, CP_PLAN_USES_FP);
#ifdef CP_NOFLOAT
    CHECK_STATUS(check_forged(plan, len), CP_ERR_UNSUPPORTED);
#else
    CHECK_STATUS(check_forged(plan, len), CP_OK);
#endif
}

/* The forgeries rely on recomputing the checksum: pin the algorithm on genuine plans. */
TEST(checksum_is_the_documented_fnv1a)
{
    static _Alignas(16) uint8_t plan[PLAN_MAX];
    size_t i;
    for (i = 0; i < NSAMPLES; i++) {
        size_t len = build(&samples[i].sig, plan, sizeof plan);
        CHECK(len > 0);
        if (rd(plan, CP__H_CHECKSUM, 4) != forge_fnv1a(plan, len)) {
            printf("FAIL - %s: [%s] stored 0x%08x, computed 0x%08x\n", __func__,
                   samples[i].name, (unsigned)rd(plan, CP__H_CHECKSUM, 4),
                   (unsigned)forge_fnv1a(plan, len));
            harness_current_failed = 1;
        }
    }
}

/* ---- (e) another version ----------------------------------------------------------------- */

TEST(other_version_is_version)
{
    static _Alignas(16) uint8_t plan[PLAN_MAX], work[PLAN_MAX];
    static const uint16_t versions[] = { 0, CP_PLAN_VERSION + 1, 0x0101, 0xFFFF };
    size_t len = build(SIG(&cp_type_i32, &cp_type_ptr, &cp_type_i64), plan, sizeof plan);
    size_t i;

    CHECK(len > 0);
    CHECK_EQ_U64(rd(plan, CP__H_VERSION, 2), CP_PLAN_VERSION);
    for (i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        struct capture cap = { { 0 }, 0, 0 };
        memcpy(work, plan, len);
        wr(work, CP__H_VERSION, 2, versions[i]);
        CHECK_STATUS(cp_plan_check(work, len), CP_ERR_VERSION);    /* checksum still stale */
        forge_reseal(work, len);
        CHECK_STATUS(cp_plan_check(work, len), CP_ERR_VERSION);
        CHECK_STATUS(cp_plan_dump(as_plan(work), capture_sink, &cap), CP_ERR_VERSION);
        CHECK_EQ_U64(cap.calls, 0);
    }
}

/* ---- (f) cp_plan_dump -------------------------------------------------------------------- */

/* A move line starts with its op: "  ld8 ", "  ld4s ", ... "  copy16 ". */
static int is_move_line(const char *line)
{
    const char *op = line + 2;
    if (line[0] != ' ' || line[1] != ' ')
        return 0;
    if (op[0] == 'l' && op[1] == 'd' && op[2] >= '1' && op[2] <= '8')
        return 1;
    return strncmp(op, "copy", 4) == 0 && op[4] >= '1' && op[4] <= '9';
}

/* Lines for which keep() holds. */
static unsigned count_lines_where(const char *text, int (*keep)(const char *line))
{
    unsigned n = 0;
    while (*text) {
        const char *end = strchr(text, '\n');
        if (keep(text))
            n++;
        if (!end)
            break;
        text = end + 1;
    }
    return n;
}

static int is_arg_line(const char *line)
{
    return strncmp(line, "  arg", 5) == 0;
}

static int is_ret_line(const char *line)
{
    return strncmp(line, "  ret ", 6) == 0;
}

static int is_sret_line(const char *line)
{
    return strncmp(line, "  sret ", 7) == 0;
}

/* "plan v<CP_PLAN_VERSION> sysv64 " */
static int has_plan_header(const char *text)
{
    char want[32];
    snprintf(want, sizeof want, "plan v%d sysv64 ", CP_PLAN_VERSION);
    return strncmp(text, want, strlen(want)) == 0;
}

/* Dumps the plan of sig into *cap and checks the line structure: the header, then one line
 * per argument, per move and per return move, and one for a hidden return pointer. */
#define DUMP(sig, cap)                                                                         \
    do {                                                                                       \
        static _Alignas(16) uint8_t plan_[PLAN_MAX];                                           \
        size_t len_ = build((sig), plan_, sizeof plan_);                                       \
        CHECK(len_ > 0);                                                                       \
        memset((cap), 0, sizeof *(cap));                                                       \
        CHECK_STATUS(cp_plan_dump(as_plan(plan_), capture_sink, (cap)), CP_OK);               \
        CHECK(has_plan_header((cap)->text));                                                   \
        CHECK_EQ_U64(count_lines_where((cap)->text, is_move_line),                              \
                     rd(plan_, CP__H_NMOVES, 2));                                              \
        CHECK_EQ_U64(count_lines_where((cap)->text, is_arg_line), rd(plan_, CP__H_NARGS, 1));  \
        CHECK_EQ_U64(count_lines_where((cap)->text, is_ret_line), nret_moves(plan_));          \
        CHECK_EQ_U64(count_lines_where((cap)->text, is_sret_line),                              \
                     (cp_plan_flags(as_plan(plan_)) & CP_PLAN_SRET) ? 1u : 0u);                \
    } while (0)

#define CHECK_HAS(cap, s) CHECK(strstr((cap)->text, (s)) != NULL)

TEST(dump_names_gp_registers_and_stack)
{
    static struct capture cap;
    /* Seven integers: the six registers, then the first stack slot. */
    DUMP(SIG(&cp_type_i64, &cp_type_i32, &cp_type_i64, &cp_type_ptr, &cp_type_u8, &cp_type_i16,
             &cp_type_u64, &cp_type_i64), &cap);
    CHECK_HAS(&cap, "rdi");
    CHECK_HAS(&cap, "rsi");
    CHECK_HAS(&cap, "rdx");
    CHECK_HAS(&cap, "rcx");
    CHECK_HAS(&cap, "r8");
    CHECK_HAS(&cap, "r9");
    CHECK_HAS(&cap, "stack+0");
    CHECK_HAS(&cap, "ld4s");
    CHECK_HAS(&cap, "ld1z");
    CHECK_HAS(&cap, "ret    rax 8 bytes");
    CHECK(strstr(cap.text, "xmm") == NULL);
}

TEST(dump_names_sret_and_copies)
{
    static struct capture cap;
    DUMP(SIG(&big40, &cp_type_i64, &bytes3, &big40), &cap);
    CHECK_HAS(&cap, "sret");
    CHECK_HAS(&cap, "-> rdi");
    CHECK_HAS(&cap, "copy3");
    CHECK_HAS(&cap, "copy40");
    CHECK_HAS(&cap, "stack+0");
    CHECK(strstr(cap.text, "\n  ret ") == NULL);     /* the callee writes the result */
}

TEST(dump_names_variadic_and_empty)
{
    static struct capture cap;
    DUMP(VSIG(&cp_type_i32, 1, &cp_type_ptr, &cp_type_i32), &cap);
    CHECK_HAS(&cap, "variadic");
    DUMP(SIG0(NULL), &cap);
    CHECK_HAS(&cap, "args=0 moves=0");
}

#ifndef CP_NOFLOAT
TEST(dump_names_fp_registers)
{
    static struct capture cap;
    DUMP(SIG(&cp_type_f64, &cp_type_f64, &cp_type_f32, &cp_type_c64), &cap);
    CHECK_HAS(&cap, "xmm0");
    CHECK_HAS(&cap, "xmm1");
    CHECK_HAS(&cap, "xmm3");
    CHECK_HAS(&cap, "ret    xmm0 8 bytes");
    CHECK_HAS(&cap, "flags=fp");
    DUMP(SIG(&cp_type_f80, &cp_type_f80), &cap);
    CHECK_HAS(&cap, "st0");
    CHECK_HAS(&cap, "stack+0");
    DUMP(SIG0(&cp_type_c80), &cap);
    CHECK_HAS(&cap, "ret    st0 16 bytes -> ret+0");
    CHECK_HAS(&cap, "ret    st0 16 bytes -> ret+16");
}
#endif

TEST(dump_of_a_bad_plan_emits_nothing)
{
    static _Alignas(16) uint8_t plan[PLAN_MAX], work[PLAN_MAX];
    /* magic, version, flags, checksum, return size, a size entry, a move */
    static const size_t spots[] = { 0, 4, 8, 16, 20, CP__PLAN_HDR, CP__PLAN_HDR + 8 };
    struct capture cap;
    size_t len = build(SIG(&cp_type_i32, &cp_type_i64), plan, sizeof plan), i;

    CHECK(len > 0);
    for (i = 0; i < sizeof spots / sizeof spots[0]; i++) {
        memcpy(work, plan, len);
        work[spots[i]] ^= 0x10;
        memset(&cap, 0, sizeof cap);
        CHECK(cp_plan_dump(as_plan(work), capture_sink, &cap) != CP_OK);
        CHECK_EQ_U64(cap.calls, 0);
    }
    memset(&cap, 0, sizeof cap);
    CHECK_STATUS(cp_plan_dump(NULL, capture_sink, &cap), CP_ERR_ARG);
    CHECK_STATUS(cp_plan_dump(as_plan(plan), NULL, &cap), CP_ERR_ARG);
    memmove(work + 1, plan, len);
    CHECK_STATUS(cp_plan_dump(as_plan(work + 1), capture_sink, &cap), CP_ERR_ALIGN);
    CHECK_EQ_U64(cap.calls, 0);
}

/* ---- (g) flags and (h) sizes ------------------------------------------------------------- */

static uint32_t flags_of(const cp_sig *sig)
{
    static _Alignas(16) uint8_t plan[PLAN_MAX];
    if (!build(sig, plan, sizeof plan))
        return 0xDEAD;
    return cp_plan_flags(as_plan(plan));
}

TEST(plan_flags_report_the_build)
{
    CHECK_EQ_U64(flags_of(SIG0(NULL)), 0);
    CHECK_EQ_U64(flags_of(SIG(&cp_type_i64, &cp_type_i32, &pair_i64)), 0);
    CHECK_EQ_U64(flags_of(VSIG(&cp_type_i32, 1, &cp_type_ptr, &cp_type_i64)), CP_PLAN_VARIADIC);
    CHECK_EQ_U64(flags_of(VSIG(&cp_type_i32, 1, &cp_type_ptr)), CP_PLAN_VARIADIC);
    CHECK_EQ_U64(flags_of(SIG(&big40, &cp_type_i32)), CP_PLAN_SRET);
    CHECK_EQ_U64(flags_of(SIG0(&big40)), CP_PLAN_SRET);
#ifndef CP_NOFLOAT
    CHECK_EQ_U64(flags_of(SIG(&cp_type_i32, &cp_type_f64)), CP_PLAN_USES_FP);
    CHECK_EQ_U64(flags_of(SIG0(&cp_type_f32)), CP_PLAN_USES_FP);
    CHECK_EQ_U64(flags_of(SIG0(&cp_type_f80)), CP_PLAN_USES_FP);
    CHECK_EQ_U64(flags_of(SIG0(&cp_type_c80)), CP_PLAN_USES_FP);
    CHECK_EQ_U64(flags_of(SIG(NULL, &floats2)), CP_PLAN_USES_FP);
    CHECK_EQ_U64(flags_of(SIG(NULL, &mixed16)), CP_PLAN_USES_FP);
    CHECK_EQ_U64(flags_of(VSIG(&cp_type_i32, 1, &cp_type_ptr, &cp_type_f64)),
                 CP_PLAN_VARIADIC | CP_PLAN_USES_FP);
    CHECK_EQ_U64(flags_of(SIG(&big40, &cp_type_f64)), CP_PLAN_SRET | CP_PLAN_USES_FP);
#endif
    CHECK_EQ_U64(cp_plan_flags(NULL), 0);
}

TEST(plan_size_equals_used)
{
    static _Alignas(16) uint8_t plan[PLAN_MAX];
    size_t i;
    for (i = 0; i < NSAMPLES; i++) {
        size_t size = 0, used = 0;
        CHECK_STATUS_IN(samples[i].name, cp_plan_size(&samples[i].sig, &size), CP_OK);
        CHECK_STATUS_IN(samples[i].name, cp_plan_build(plan, sizeof plan, &samples[i].sig,
                                                       &used), CP_OK);
        CHECK_EQ_U64(size, used);
        CHECK_EQ_U64(rd(plan, CP__H_LENGTH, 4), used);
        CHECK_EQ_U64(cp_plan_length((const cp_plan *)(const void *)plan), used);
        CHECK(used <= CP_PLAN_SIZE(samples[i].sig.nargs));
    }
    CHECK_EQ_U64(cp_plan_length(NULL), 0);
}

/* ---- (i) cp_call writes exactly the return value ----------------------------------------- */

struct r3 { uint8_t c[3]; };
struct r5 { uint8_t c[5]; };
struct r7 { uint8_t c[7]; };
struct r12 { int32_t a[3]; };
struct r15 { uint8_t c[15]; };
struct r6 { int16_t a[3]; };
struct r8 { int16_t a; uint8_t b[6]; };
struct r9 { uint8_t c[9]; };
struct r16l { int64_t a, b; };
struct r16i { s128 v; };
struct r33 { uint8_t c[33]; };
struct r40 { int64_t a[5]; };
__extension__ struct r0 {};
#ifndef CP_NOFLOAT
struct r4f { float f; };
struct r12f { float x, y, z; };
struct r16d { double a, b; };
struct r16m { double d; int64_t l; };
struct rld { long double x; };
#endif

static const cp_type d_r3 = CP_STRUCT(CP_MEMBER(u8x3));
static const cp_type u8x5 = CP_ARRAY(cp_type_u8, 5);
static const cp_type d_r5 = CP_STRUCT(CP_MEMBER(u8x5));
static const cp_type u8x7 = CP_ARRAY(cp_type_u8, 7);
static const cp_type d_r7 = CP_STRUCT(CP_MEMBER(u8x7));
static const cp_type d_r12 = CP_STRUCT(CP_MEMBER(cp_type_i32), CP_MEMBER(cp_type_i32),
                                       CP_MEMBER(cp_type_i32));
static const cp_type u8x15 = CP_ARRAY(cp_type_u8, 15);
static const cp_type d_r15 = CP_STRUCT(CP_MEMBER(u8x15));
static const cp_type i16x3 = CP_ARRAY(cp_type_i16, 3);
static const cp_type d_r6 = CP_STRUCT(CP_MEMBER(i16x3));
static const cp_type u8x6 = CP_ARRAY(cp_type_u8, 6);
static const cp_type d_r8 = CP_STRUCT(CP_MEMBER(cp_type_i16), CP_MEMBER(u8x6));
static const cp_type u8x9 = CP_ARRAY(cp_type_u8, 9);
static const cp_type d_r9 = CP_STRUCT(CP_MEMBER(u8x9));
static const cp_type d_r16l = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i64));
static const cp_type d_r16i = CP_STRUCT(CP_MEMBER(cp_type_i128));
static const cp_type u8x33 = CP_ARRAY(cp_type_u8, 33);
static const cp_type d_r33 = CP_STRUCT(CP_MEMBER(u8x33));
static const cp_type i64x5 = CP_ARRAY(cp_type_i64, 5);
static const cp_type d_r40 = CP_STRUCT(CP_MEMBER(i64x5));
static const cp_type d_r0 = CP_EMPTY_STRUCT;
#ifndef CP_NOFLOAT
static const cp_type d_r4f = CP_STRUCT(CP_MEMBER(cp_type_f32));
static const cp_type d_r12f = CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32),
                                        CP_MEMBER(cp_type_f32));
static const cp_type d_r16d = CP_STRUCT(CP_MEMBER(cp_type_f64), CP_MEMBER(cp_type_f64));
static const cp_type d_r16m = CP_STRUCT(CP_MEMBER(cp_type_f64), CP_MEMBER(cp_type_i64));
static const cp_type d_rld = CP_STRUCT(CP_MEMBER(cp_type_f80));
#endif

/* Fills an object with a recognisable byte pattern (values whose bytes all differ). */
static void pattern(void *p, size_t n, uint8_t seed)
{
    uint8_t *b = p;
    size_t i;
    for (i = 0; i < n; i++)
        b[i] = (uint8_t)(seed + 37 * i + 1);
}

static int anchor;

/* Per return type: the callee, three twins taking (i64, i64), (i64, u8) and 7 x i64 so the
 * plans differ in shape (and may run on different executors), and a "direct" twin that stores
 * what C itself returns. */
#define RET_CASE(name, T, ...)                                                                 \
    static T ret_##name(void)                                                                  \
    {                                                                                          \
        T v;                                                                                   \
        __VA_ARGS__;                                                                           \
        return v;                                                                              \
    }                                                                                          \
    static T ret2_##name(int64_t a, int64_t b)                                                 \
    {                                                                                          \
        (void)a, (void)b;                                                                      \
        return ret_##name();                                                                   \
    }                                                                                          \
    static T retb_##name(int64_t a, uint8_t b)                                                 \
    {                                                                                          \
        (void)a, (void)b;                                                                      \
        return ret_##name();                                                                   \
    }                                                                                          \
    static T ret7_##name(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f,     \
                         int64_t g)                                                            \
    {                                                                                          \
        (void)a, (void)b, (void)c, (void)d, (void)e, (void)f, (void)g;                         \
        return ret_##name();                                                                   \
    }                                                                                          \
    static void direct_##name(void *out)                                                       \
    {                                                                                          \
        T v = ret_##name();                                                                    \
        memcpy(out, &v, sizeof v);                                                             \
    }

RET_CASE(bool, _Bool, v = 1)
RET_CASE(i8, int8_t, v = -5)
RET_CASE(u8, uint8_t, v = 250)
RET_CASE(i16, int16_t, v = -1234)
RET_CASE(u16, uint16_t, v = 60000)
RET_CASE(i32, int32_t, v = -123456789)
RET_CASE(u32, uint32_t, v = 4000000000u)
RET_CASE(i64, int64_t, v = -1234567890123456789)
RET_CASE(u64, uint64_t, v = 0xFEDCBA9876543210u)
RET_CASE(i128, s128, pattern(&v, sizeof v, 1))
RET_CASE(u128, s128, pattern(&v, sizeof v, 2))
RET_CASE(ptr, void *, v = &anchor)
RET_CASE(r3, struct r3, pattern(&v, sizeof v, 3))
RET_CASE(r5, struct r5, pattern(&v, sizeof v, 12))
RET_CASE(r7, struct r7, pattern(&v, sizeof v, 13))
RET_CASE(r12, struct r12, pattern(&v, sizeof v, 14))
RET_CASE(r15, struct r15, pattern(&v, sizeof v, 15))
RET_CASE(r6, struct r6, pattern(&v, sizeof v, 4))
RET_CASE(r8, struct r8, pattern(&v, sizeof v, 5))
RET_CASE(r9, struct r9, pattern(&v, sizeof v, 6))
RET_CASE(r16l, struct r16l, pattern(&v, sizeof v, 7))
RET_CASE(r16i, struct r16i, pattern(&v, sizeof v, 8))
RET_CASE(r33, struct r33, pattern(&v, sizeof v, 9))
RET_CASE(r40, struct r40, pattern(&v, sizeof v, 10))
RET_CASE(r0, struct r0, memset(&v, 0, sizeof v))
#ifndef CP_NOFLOAT
RET_CASE(f32, float, v = -1.5f)
RET_CASE(f64, double, v = 2.0 / 3.0)
RET_CASE(f80, long double, v = (long double)(1.0 / 3.0))
RET_CASE(f128, f128, pattern(&v, sizeof v, 11))     /* moved as bits, never computed */
RET_CASE(c32, _Complex float, float p[2] = { 1.5f, -2.5f }; memcpy(&v, p, sizeof v))
RET_CASE(c64, _Complex double, double p[2] = { 0.1, -7.25 }; memcpy(&v, p, sizeof v))
RET_CASE(c80, _Complex long double,
         long double p[2] = { (long double)(1.0 / 3.0), (long double)(-2.0 / 7.0) };
         memcpy(&v, p, sizeof v))
RET_CASE(r4f, struct r4f, v.f = 0.75f)
RET_CASE(r12f, struct r12f, v.x = 1.0f; v.y = -2.0f; v.z = 3.5f)
RET_CASE(r16d, struct r16d, v.a = 1e100; v.b = -1e-100)
RET_CASE(r16m, struct r16m, v.d = 6.5; v.l = -42)
RET_CASE(rld, struct rld, v.x = (long double)(-5.0 / 3.0))
#endif

/* The bytes of the value to compare: x87 values carry 10 value bytes and 6 padding bytes. */
enum value_bytes { ALL, X87_ONE, X87_TWO };

/* The argument lists the callees are called with, in the order of ret_case.fn. */
static const cp_type *const shape_w8[] = { &cp_type_i64, &cp_type_i64 };
static const cp_type *const shape_byte[] = { &cp_type_i64, &cp_type_u8 };
static const cp_type *const shape_spill[] = { &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                              &cp_type_i64, &cp_type_i64, &cp_type_i64,
                                              &cp_type_i64 };
static const struct {
    const char *name;
    const cp_type *const *args;
    uint32_t nargs;
} shapes[4] = {
    { "()", NULL, 0 },
    { "(i64, i64)", shape_w8, 2 },
    { "(i64, u8)", shape_byte, 2 },
    { "(7 x i64)", shape_spill, 7 },
};

struct ret_case {
    const char *name;
    const cp_type *type;
    void (*fn[4])(void);
    void (*direct)(void *out);
    size_t size;
    enum value_bytes bytes;
};

#define RET_ENTRY(name, desc, T, bytes)                                                        \
    { #name, &(desc),                                                                          \
      { (void (*)(void))ret_##name, (void (*)(void))ret2_##name, (void (*)(void))retb_##name,  \
        (void (*)(void))ret7_##name },                                                         \
      direct_##name, sizeof(T), bytes }

static const struct ret_case ret_cases[] = {
    RET_ENTRY(bool, cp_type_bool, _Bool, ALL),
    RET_ENTRY(i8, cp_type_i8, int8_t, ALL),
    RET_ENTRY(u8, cp_type_u8, uint8_t, ALL),
    RET_ENTRY(i16, cp_type_i16, int16_t, ALL),
    RET_ENTRY(u16, cp_type_u16, uint16_t, ALL),
    RET_ENTRY(i32, cp_type_i32, int32_t, ALL),
    RET_ENTRY(u32, cp_type_u32, uint32_t, ALL),
    RET_ENTRY(i64, cp_type_i64, int64_t, ALL),
    RET_ENTRY(u64, cp_type_u64, uint64_t, ALL),
    RET_ENTRY(i128, cp_type_i128, s128, ALL),
    RET_ENTRY(u128, cp_type_u128, s128, ALL),
    RET_ENTRY(ptr, cp_type_ptr, void *, ALL),
    RET_ENTRY(r3, d_r3, struct r3, ALL),
    RET_ENTRY(r5, d_r5, struct r5, ALL),
    RET_ENTRY(r7, d_r7, struct r7, ALL),
    RET_ENTRY(r12, d_r12, struct r12, ALL),
    RET_ENTRY(r15, d_r15, struct r15, ALL),
    RET_ENTRY(r6, d_r6, struct r6, ALL),
    RET_ENTRY(r8, d_r8, struct r8, ALL),
    RET_ENTRY(r9, d_r9, struct r9, ALL),
    RET_ENTRY(r16l, d_r16l, struct r16l, ALL),
    RET_ENTRY(r16i, d_r16i, struct r16i, ALL),
    RET_ENTRY(r33, d_r33, struct r33, ALL),
    RET_ENTRY(r40, d_r40, struct r40, ALL),
    RET_ENTRY(r0, d_r0, struct r0, ALL),
#ifndef CP_NOFLOAT
    RET_ENTRY(f32, cp_type_f32, float, ALL),
    RET_ENTRY(f64, cp_type_f64, double, ALL),
    RET_ENTRY(f80, cp_type_f80, long double, X87_ONE),
    RET_ENTRY(f128, cp_type_f128, f128, ALL),
    RET_ENTRY(c32, cp_type_c32, _Complex float, ALL),
    RET_ENTRY(c64, cp_type_c64, _Complex double, ALL),
    RET_ENTRY(c80, cp_type_c80, _Complex long double, X87_TWO),
    RET_ENTRY(r4f, d_r4f, struct r4f, ALL),
    RET_ENTRY(r12f, d_r12f, struct r12f, ALL),
    RET_ENTRY(r16d, d_r16d, struct r16d, ALL),
    RET_ENTRY(r16m, d_r16m, struct r16m, ALL),
    RET_ENTRY(rld, d_rld, struct rld, X87_ONE),
#endif
};

/* 1 if got holds want's value; x87 parts must have their 6 padding bytes zeroed by cp_call. */
static int same_value(const uint8_t *got, const uint8_t *want, size_t size, enum value_bytes vb)
{
    static const uint8_t zero6[6] = { 0 };
    size_t part, parts = vb == X87_TWO ? 2 : 1;
    if (vb == ALL)
        return memcmp(got, want, size) == 0;
    for (part = 0; part < parts; part++)
        if (memcmp(got + 16 * part, want + 16 * part, 10) != 0 ||
            memcmp(got + 16 * part + 10, zero6, 6) != 0)
            return 0;
    return 1;
}

#define RET_GUARD 32

static unsigned ret_families_seen;

/* Calls c's callee of shape `sh` with the return buffer between canaries; "" if all is well,
 * else what went wrong. */
static const char *call_with_canaries(const struct ret_case *c, unsigned sh)
{
    static _Alignas(16) uint8_t plan[PLAN_MAX];
    _Alignas(32) uint8_t area[RET_GUARD + 64 + RET_GUARD];
    _Alignas(32) uint8_t want[64];
    uint8_t *ret = area + RET_GUARD;        /* 32-aligned: enough for every type here */
    int64_t argval = 0x0102030405060708;
    void *argp[7] = { &argval, &argval, &argval, &argval, &argval, &argval, &argval };
    cp_sig sig = { CP_ABI_DEFAULT, c->type, shapes[sh].args, shapes[sh].nargs, 0, 0 };
    size_t k;

    if (!build(&sig, plan, sizeof plan))
        return "no plan";
    ret_families_seen |= family_bit(as_plan(plan));
    memset(area, 0xA5, sizeof area);
    cp_call(as_plan(plan), c->fn[sh], ret, argp);
    for (k = 0; k < sizeof area; k++)
        if ((k < RET_GUARD || k >= RET_GUARD + c->size) && area[k] != 0xA5)
            return "wrote outside the return buffer";
    memset(want, 0, sizeof want);
    c->direct(want);
    return same_value(ret, want, c->size, c->bytes) ? "" : "wrong value";
}

TEST(return_writes_no_byte_past_the_value)
{
    size_t i;
    unsigned sh;
    for (i = 0; i < sizeof ret_cases / sizeof ret_cases[0]; i++) {
        const struct ret_case *c = &ret_cases[i];
        size_t size = 0;

        CHECK_STATUS_IN(c->name, cp_type_layout(c->type, &size, NULL, NULL, 0), CP_OK);
        CHECK_EQ_U64(size, c->size);
        for (sh = 0; sh < 4; sh++) {
            const char *why = call_with_canaries(c, sh);
            if (*why) {
                printf("FAIL - %s: [%s %s] %s\n", __func__, c->name, shapes[sh].name, why);
                harness_current_failed = 1;
            }
        }
    }
    /* The shapes exist to reach every tier of stubs. */
    check_families(__func__, ret_families_seen, ALL_FAMILIES);
}

/* ---- cp_call reads no byte past an argument ---------------------------------------------
 * Each argument value is copied so that it ends exactly where an inaccessible page begins: a
 * read of one byte too many faults (the stubs are asm, so ASan cannot see their reads). */

#define GUARD_SLOTS 12

static uint8_t *guard_area;
static size_t page_size;

/* Maps GUARD_SLOTS (page, no-access page) pairs once; 0 if the host refuses. */
static int guard_init(void)
{
    unsigned i;
    if (guard_area)
        return 1;
    page_size = (size_t)sysconf(_SC_PAGESIZE);
    guard_area = mmap(NULL, (size_t)2 * GUARD_SLOTS * page_size, PROT_READ | PROT_WRITE,
                      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (guard_area == MAP_FAILED) {
        guard_area = NULL;
        return 0;
    }
    for (i = 0; i < GUARD_SLOTS; i++)
        if (mprotect(guard_area + (2 * i + 1) * page_size, page_size, PROT_NONE) != 0)
            return 0;
    return 1;
}

/* A copy of the value in slot `slot`, ending at its guard page. */
static void *guarded(unsigned slot, const void *value, size_t size)
{
    uint8_t *at = guard_area + (2 * slot + 1) * page_size - size;
    memcpy(at, value, size);
    return at;
}

#define PLACE(argp, k, v) ((argp)[k] = guarded((k), &(v), sizeof(v)))

static int64_t g_w8(int64_t a, int64_t b, int64_t c)
{
    return a - 2 * b + 3 * c;
}

static int32_t g_w4(int32_t a, uint32_t b)
{
    return a ^ (int32_t)(b >> 1);
}

static int64_t g_spill4(int32_t a, int32_t b, int32_t c, int32_t d, int32_t e, int32_t f,
                        int32_t g, int32_t h, int32_t i)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h + 9 * (int64_t)i;
}

static int64_t g_spill8(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e, int64_t f,
                        int64_t g, int64_t h)
{
    return a + 2 * b + 3 * c + 4 * d + 5 * e + 6 * f + 7 * g + 8 * h;
}

static int64_t sum_bytes(const void *p, size_t n)
{
    const uint8_t *b = p;
    int64_t sum = 0;
    size_t i;
    for (i = 0; i < n; i++)
        sum = (sum * 31 + b[i]) % 1000003;     /* stays small: no overflow in the callees */
    return sum;
}

static int64_t g_small(int8_t a, uint16_t b, struct r3 c, struct r5 d, _Bool e, int16_t f)
{
    return a + 3 * (int64_t)b + 5 * sum_bytes(&c, sizeof c) + 7 * sum_bytes(&d, sizeof d) +
           11 * (int64_t)e + 13 * (int64_t)f;
}

static int64_t g_tails(struct r12 s, struct r6 t, struct r7 u)
{
    return sum_bytes(&s, sizeof s) + 3 * sum_bytes(&t, sizeof t) + 5 * sum_bytes(&u, sizeof u);
}

static int64_t g_stack(struct r40 s, struct r9 t, int64_t u, struct r15 v)
{
    return sum_bytes(&s, sizeof s) + 3 * sum_bytes(&t, sizeof t) + 5 * u +
           7 * sum_bytes(&v, sizeof v);
}

#ifndef CP_NOFLOAT
static double g_fp_regs(float a, double b, struct r12f c)
{
    return (double)a + 2.0 * b + (double)(c.x + c.y + c.z);
}

static double g_fp_mixed(float a, long double b, struct r16m c, _Complex float d)
{
    float dp[2];
    memcpy(dp, &d, sizeof dp);
    return (double)a + (double)b + c.d + (double)c.l + (double)dp[0] - (double)dp[1];
}
#endif

TEST(arguments_are_read_within_their_size)
{
    void *argp[GUARD_SLOTS];
    int64_t got = 0;
    int32_t got4 = 0;

    if (!guard_init()) {
        printf("FAIL - %s: no guard pages\n", __func__);
        harness_current_failed = 1;
        return;
    }
    {   /* the same-width executors */
        int64_t a = 5, b = -7, c = 11;
        int32_t w[9] = { -1, 2, -3, 4, -5, 6, -7, 8, -9 };
        int64_t x[8] = { 10, -20, 30, -40, 50, -60, 70, -80 };
        uint32_t u = 0xF0000001u;
        static _Alignas(16) uint8_t plan[PLAN_MAX];
        unsigned k;

        PLACE(argp, 0, a), PLACE(argp, 1, b), PLACE(argp, 2, c);
        CHECK(build(SIG(&cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64), plan,
                    sizeof plan) > 0);
        cp_call(as_plan(plan), (void (*)(void))g_w8, &got, argp);
        CHECK_EQ_U64(got, g_w8(a, b, c));

        PLACE(argp, 0, w[0]), PLACE(argp, 1, u);
        CHECK(build(SIG(&cp_type_i32, &cp_type_i32, &cp_type_u32), plan, sizeof plan) > 0);
        cp_call(as_plan(plan), (void (*)(void))g_w4, &got4, argp);
        CHECK_EQ_U64(got4, g_w4(w[0], u));

        for (k = 0; k < 9; k++)
            argp[k] = guarded(k, &w[k], sizeof w[k]);
        CHECK(build(SIG(&cp_type_i64, &cp_type_i32, &cp_type_i32, &cp_type_i32, &cp_type_i32,
                        &cp_type_i32, &cp_type_i32, &cp_type_i32, &cp_type_i32, &cp_type_i32),
                    plan, sizeof plan) > 0);
        cp_call(as_plan(plan), (void (*)(void))g_spill4, &got, argp);
        CHECK_EQ_U64(got, g_spill4(w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7], w[8]));

        for (k = 0; k < 8; k++)
            argp[k] = guarded(k, &x[k], sizeof x[k]);
        CHECK(build(SIG(&cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64,
                        &cp_type_i64, &cp_type_i64, &cp_type_i64, &cp_type_i64),
                    plan, sizeof plan) > 0);
        cp_call(as_plan(plan), (void (*)(void))g_spill8, &got, argp);
        CHECK_EQ_U64(got, g_spill8(x[0], x[1], x[2], x[3], x[4], x[5], x[6], x[7]));
    }
    {   /* narrow scalars and odd-sized structs */
        static _Alignas(16) uint8_t plan[PLAN_MAX];
        int8_t a = -100;
        uint16_t b = 65000;
        struct r3 c;
        struct r5 d;
        _Bool e = 1;
        int16_t f = -30000;
        pattern(&c, sizeof c, 40);
        pattern(&d, sizeof d, 41);
        PLACE(argp, 0, a), PLACE(argp, 1, b), PLACE(argp, 2, c), PLACE(argp, 3, d);
        PLACE(argp, 4, e), PLACE(argp, 5, f);
        CHECK(build(SIG(&cp_type_i64, &cp_type_i8, &cp_type_u16, &d_r3, &d_r5, &cp_type_bool,
                        &cp_type_i16), plan, sizeof plan) > 0);
        cp_call(as_plan(plan), (void (*)(void))g_small, &got, argp);
        CHECK_EQ_U64(got, g_small(a, b, c, d, e, f));
    }
    {   /* struct tails of 4, 6 and 7 bytes in registers */
        static _Alignas(16) uint8_t plan[PLAN_MAX];
        struct r12 s;
        struct r6 t;
        struct r7 u;
        pattern(&s, sizeof s, 42);
        pattern(&t, sizeof t, 43);
        pattern(&u, sizeof u, 44);
        PLACE(argp, 0, s), PLACE(argp, 1, t), PLACE(argp, 2, u);
        CHECK(build(SIG(&cp_type_i64, &d_r12, &d_r6, &d_r7), plan, sizeof plan) > 0);
        cp_call(as_plan(plan), (void (*)(void))g_tails, &got, argp);
        CHECK_EQ_U64(got, g_tails(s, t, u));
    }
    {   /* memory-class structs on the stack, a 9-byte struct in two registers */
        static _Alignas(16) uint8_t plan[PLAN_MAX];
        struct r40 s;
        struct r9 t;
        int64_t u = -123456789;
        struct r15 v;
        pattern(&s, sizeof s, 45);
        pattern(&t, sizeof t, 46);
        pattern(&v, sizeof v, 47);
        PLACE(argp, 0, s), PLACE(argp, 1, t), PLACE(argp, 2, u), PLACE(argp, 3, v);
        CHECK(build(SIG(&cp_type_i64, &d_r40, &d_r9, &cp_type_i64, &d_r15), plan,
                    sizeof plan) > 0);
        cp_call(as_plan(plan), (void (*)(void))g_stack, &got, argp);
        CHECK_EQ_U64(got, g_stack(s, t, u, v));
    }
#ifndef CP_NOFLOAT
    {   /* floats and float structs in XMM registers, x87 and __float128 */
        static _Alignas(16) uint8_t plan[PLAN_MAX];
        float a = 1.5f;
        double b = -2.25, gotd = 0;
        struct r12f c = { 0.5f, 0.25f, 0.125f };
        struct r16m d = { 4.0, -3 };
        long double e = 0.0625L;
        _Complex float z;
        float zp[2] = { 8.0f, -16.0f };
        memcpy(&z, zp, sizeof z);
        PLACE(argp, 0, a), PLACE(argp, 1, b), PLACE(argp, 2, c);
        CHECK(build(SIG(&cp_type_f64, &cp_type_f32, &cp_type_f64, &d_r12f), plan,
                    sizeof plan) > 0);
        cp_call(as_plan(plan), (void (*)(void))g_fp_regs, &gotd, argp);
        CHECK(gotd == g_fp_regs(a, b, c));
        PLACE(argp, 0, a), PLACE(argp, 1, e), PLACE(argp, 2, d), PLACE(argp, 3, z);
        CHECK(build(SIG(&cp_type_f64, &cp_type_f32, &cp_type_f80, &d_r16m, &cp_type_c32), plan,
                    sizeof plan) > 0);
        cp_call(as_plan(plan), (void (*)(void))g_fp_mixed, &gotd, argp);
        CHECK(gotd == g_fp_mixed(a, e, d, z));
    }
#endif
}

/* ---- forged plans that pass are safe to run ---------------------------------------------
 * Seeded random damage to genuine plans (1-3 bytes; checksum, exec and result bytes then fixed
 * up as a forger would): whatever cp_plan_check accepts, cp_call must run without reading past
 * an argument's declared size or writing outside the declared return size. The callee does
 * nothing, so every access is the stub's own. A failure prints the sample and the seed. */

#define FUZZ_PER_SAMPLE 300
#define RET_SLOT (GUARD_SLOTS - 1)         /* the guard slot of the return buffer */

static void nop_callee(void)
{
}

/* For sret plans: writes its 40-byte result through the hidden pointer, wherever that points. */
static struct big40_c sret_callee(void)
{
    struct big40_c r;
    memset(&r, 0x3C, sizeof r);
    return r;
}

static uint32_t fuzz_next(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

static uint8_t fuzz_byte(uint32_t *st, uint8_t old)
{
    static const uint8_t interesting[] = { 0, 1, 2, 4, 7, 8, 15, 16, 17, 48, 64, 128, 176, 255 };
    switch (fuzz_next(st) % 4) {
    case 0: return (uint8_t)fuzz_next(st);
    case 1: return (uint8_t)(old + 1);
    case 2: return (uint8_t)(old - 1);
    default: return interesting[fuzz_next(st) % sizeof interesting];
    }
}

/* Runs a checked plan with each argument and the return buffer ending at a guard page; ""
 * if nothing went wrong (a read or write past the end faults instead). An sret plan with room
 * for 40 bytes calls a callee that stores 40 bytes through its hidden pointer. */
static const char *run_guarded(const uint8_t *plan)
{
    uint32_t nargs = rd(plan, CP__H_NARGS, 1), ret_size = rd(plan, CP__H_RETSIZE, 4), i;
    size_t sizes_at = CP__PLAN_HDR + (size_t)rd(plan, CP__H_NMOVES, 2) * CP__MOVE_BYTES;
    size_t rsz = ret_size < 1024 ? ret_size : 1024, k;
    uint8_t *ret_page = guard_area + (size_t)2 * RET_SLOT * page_size;
    void *argp[GUARD_SLOTS];

    if (nargs >= RET_SLOT)
        return "";                          /* more arguments than guard slots: not run */
    for (i = 0; i < nargs; i++) {
        size_t size = rd(plan, sizes_at + 2 * (size_t)i, 2);
        if (size > page_size)
            return "";
        argp[i] = guard_area + (2 * (size_t)i + 1) * page_size - size;
        memset(argp[i], 0x5A, size);
    }
    memset(ret_page, 0xA5, page_size);
    cp_call(as_plan(plan),
            (rd(plan, CP__H_FLAGS, 4) & CP_PLAN_SRET) && ret_size >= sizeof(struct big40_c)
                ? (void (*)(void))sret_callee
                : nop_callee,
            ret_page + page_size - rsz, argp);
    for (k = 0; k < page_size - rsz; k++)
        if (ret_page[k] != 0xA5)
            return "wrote before the return buffer";
    return "";
}

TEST(forged_plans_that_pass_are_safe_to_run)
{
    static _Alignas(16) uint8_t plan[PLAN_MAX];
    static struct capture cap;
    unsigned accepted = 0, it, k;
    size_t i;

    if (!guard_init()) {
        printf("FAIL - %s: no guard pages\n", __func__);
        harness_current_failed = 1;
        return;
    }
    for (i = 0; i < NSAMPLES; i++) {
        size_t len = build(&samples[i].sig, plan, sizeof plan);
        size_t moves_len = (size_t)rd(plan, CP__H_NMOVES, 2) * CP__MOVE_BYTES;
        if (len == 0) {
            printf("FAIL - %s: sample %zu does not build\n", __func__, i);
            harness_current_failed = 1;
            continue;
        }
        for (it = 0; it < FUZZ_PER_SAMPLE; it++) {
            uint32_t seed = (uint32_t)(i * 100003u + it + 1), st = seed;
            uint8_t *work = malloc(len);
            unsigned n = 1 + fuzz_next(&st) % 3;
            const char *why;

            if (!work)
                return;
            memcpy(work, plan, len);
            for (k = 0; k < n; k++) {
                /* half of the damage goes to the moves, which the executors trust most */
                size_t at = (moves_len && fuzz_next(&st) % 2)
                                ? CP__PLAN_HDR + fuzz_next(&st) % moves_len
                                : fuzz_next(&st) % len;
                if ((at < CP__H_CHECKSUM || at >= CP__H_CHECKSUM + 4) && at != CP__H_EXEC &&
                    at != CP__H_RESULT)
                    work[at] = fuzz_byte(&st, work[at]);
            }
            if (check_forged_within(work, len, CP__EXEC_COUNT, CP__RES_COUNT) == CP_OK) {
                accepted++;
                memset(&cap, 0, sizeof cap);
                why = cp_plan_dump(as_plan(work), capture_sink, &cap) != CP_OK
                          ? "accepted by cp_plan_check, refused by cp_plan_dump"
                          : run_guarded(work);
                if (*why) {
                    printf("FAIL - %s: [%s seed %u] %s\n", __func__, samples[i].name,
                           (unsigned)seed, why);
                    harness_current_failed = 1;
                }
            }
            free(work);
        }
    }
    CHECK(accepted > 0);                    /* some damage is harmless: those plans ran */
}

static int void_calls;

static void ret_void(void)
{
    void_calls++;
}

TEST(void_return_writes_nothing)
{
    static _Alignas(16) uint8_t plan[PLAN_MAX];
    uint8_t area[16];
    size_t k;
    int intact = 1;

    CHECK(build(SIG0(NULL), plan, sizeof plan) > 0);
    memset(area, 0xA5, sizeof area);
    cp_call(as_plan(plan), ret_void, NULL, NULL);
    cp_call(as_plan(plan), ret_void, area, NULL);
    CHECK(build(SIG0(&cp_type_void), plan, sizeof plan) > 0);
    cp_call(as_plan(plan), ret_void, area, NULL);
    for (k = 0; k < sizeof area; k++)
        intact &= area[k] == 0xA5;
    CHECK(intact);
    CHECK_EQ_U64(void_calls, 3);
}

int main(void)
{
    RUN(relocated_plan_calls_correctly);
#ifndef CP_NOFLOAT
    RUN(relocated_fp_plan_calls_correctly);
#endif
    RUN(every_flipped_byte_is_refused);
    RUN(truncated_plan_is_plan);
    RUN(check_bad_pointers);
    RUN(checksum_is_the_documented_fnv1a);
    RUN(forged_gp_plans_are_refused);
    RUN(forged_sret_plans_are_refused);
#ifndef CP_NOFLOAT
    RUN(forged_fp_plans_are_refused);
#endif
    RUN(fp_plan_from_storage_follows_nofloat);
    RUN(other_version_is_version);
    RUN(dump_names_gp_registers_and_stack);
    RUN(dump_names_sret_and_copies);
    RUN(dump_names_variadic_and_empty);
#ifndef CP_NOFLOAT
    RUN(dump_names_fp_registers);
#endif
    RUN(dump_of_a_bad_plan_emits_nothing);
    RUN(plan_flags_report_the_build);
    RUN(plan_size_equals_used);
    RUN(return_writes_no_byte_past_the_value);
    RUN(arguments_are_read_within_their_size);
    RUN(forged_plans_that_pass_are_safe_to_run);
    RUN(void_return_writes_nothing);
    return harness_done();
}
