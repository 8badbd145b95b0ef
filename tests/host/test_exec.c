/* Every executor entry point (arch/x86_64/exec.c, call.S): the builder must pick the expected
 * executor for each shape, and each entry point must place each argument where the callee
 * reads it and store exactly the result.
 *
 * The callees are "register probes": declared with every parameter a shape can fill, they hash
 * only the first probe_gp integer and probe_sse vector parameters, so one callee serves plans of
 * any argument count. A register a plan does not fill holds garbage the probe never reads. */
#include <stdint.h>
#include <string.h>

#include "callplan.h"
#include "harness.h"

static unsigned probe_gp;
#ifndef CP_NOFLOAT
static unsigned probe_sse;
#endif

/* Folds one value into a hash, position-dependent, so a swap or a shift shows. */
static uint64_t mix(uint64_t h, uint64_t v)
{
    return (h ^ v) * 0x100000001B3ull + 0x9E3779B97F4A7C15ull;
}

static uint64_t hash_of(const uint64_t *gp, unsigned ngp, const uint64_t *sse, unsigned nsse)
{
    uint64_t h = 0;
    unsigned i;
    for (i = 0; i < ngp; i++)
        h = mix(h, gp[i]);
    for (i = 0; i < nsse; i++)
        h = mix(h, sse[i]);
    return h;
}

static uint64_t u64_probe(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                          uint64_t a5, uint64_t a6, uint64_t a7, uint64_t a8, uint64_t a9,
                          uint64_t a10, uint64_t a11, uint64_t a12, uint64_t a13, uint64_t a14,
                          uint64_t a15)
{
    uint64_t v[16] = { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15 };
    return hash_of(v, probe_gp, NULL, 0);
}

/* An int callee may rely on the low 32 bits of each argument only. */
static uint64_t u32_probe(uint32_t a0, uint32_t a1, uint32_t a2, uint32_t a3, uint32_t a4,
                          uint32_t a5, uint32_t a6, uint32_t a7, uint32_t a8, uint32_t a9,
                          uint32_t a10, uint32_t a11, uint32_t a12, uint32_t a13, uint32_t a14,
                          uint32_t a15)
{
    uint64_t v[16] = { a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11, a12, a13, a14, a15 };
    return hash_of(v, probe_gp, NULL, 0);
}

#ifndef CP_NOFLOAT
static uint64_t bits_of(double d)
{
    uint64_t u;
    memcpy(&u, &d, sizeof u);
    return u;
}

/* Register-only plans: 6 integer (hashed as 64 bits) and 8 vector registers. */
static uint64_t regs_probe(uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4,
                           uint64_t a5, double d0, double d1, double d2, double d3, double d4,
                           double d5, double d6, double d7)
{
    uint64_t g[6] = { a0, a1, a2, a3, a4, a5 };
    uint64_t s[8] = { bits_of(d0), bits_of(d1), bits_of(d2), bits_of(d3),
                      bits_of(d4), bits_of(d5), bits_of(d6), bits_of(d7) };
    return hash_of(g, probe_gp, s, probe_sse);
}

#endif

typedef void fnptr(void);
#define CANARY 0x5A5A5A5A5A5A5A5Aull

static _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(CP_MAX_ARGS)];

static int build(const cp_type *ret, const cp_type *const *args, unsigned n, const char *exec)
{
    cp_sig sig = { CP_ABI_DEFAULT, ret, args, n, 0, 0 };
    cp_status s = cp_plan_build(plan, sizeof plan, &sig, NULL);
    const char *got = s == CP_OK ? cp_plan_executor((const cp_plan *)plan) : cp_strerror(s);
    if (strcmp(got, exec) != 0) {
        printf("# %u args: executor %s, want %s\n", n, got, exec);
        return 0;
    }
    return 1;
}

/* Checks the result of a plan returning nothing, 4 bytes or 8 bytes (rkind 0, 1, 2) against
 * the callee's 64-bit answer `want`: exactly that many bytes written, the rest intact. */
static int result_ok(const uint64_t *result, unsigned rkind, uint64_t want)
{
    uint64_t expect = rkind == 0 ? CANARY
                    : rkind == 1 ? (CANARY & ~0xFFFFFFFFull) | (uint32_t)want : want;
    return result[0] == expect && result[1] == CANARY;
}

/* n integer arguments of one width (GP for n <= 6, SPILL above), each result kind. */
static int integer_shape_ok(unsigned n, int wide)
{
    static const cp_type *const longs[16] = {
        &cp_type_i64, &cp_type_u64, &cp_type_ptr, &cp_type_i64, &cp_type_u64, &cp_type_ptr,
        &cp_type_i64, &cp_type_u64, &cp_type_ptr, &cp_type_i64, &cp_type_u64, &cp_type_ptr,
        &cp_type_i64, &cp_type_u64, &cp_type_ptr, &cp_type_i64,
    };
    static const cp_type *const ints[16] = {
        &cp_type_i32, &cp_type_u32, &cp_type_i32, &cp_type_u32, &cp_type_i32, &cp_type_u32,
        &cp_type_i32, &cp_type_u32, &cp_type_i32, &cp_type_u32, &cp_type_i32, &cp_type_u32,
        &cp_type_i32, &cp_type_u32, &cp_type_i32, &cp_type_u32,
    };
    const cp_type *const rets[3] = { NULL, &cp_type_u32, &cp_type_u64 };
    uint64_t wide_v[16], seen[16];
    uint32_t narrow_v[16];
    void *args[16];
    unsigned i, r;

    for (i = 0; i < n; i++) {
        wide_v[i] = (0x0123456789ABCDEFull * (i + 1)) ^ ((uint64_t)i << 56);
        narrow_v[i] = 0x89ABCDEFu * (i + 3);
        seen[i] = wide ? wide_v[i] : narrow_v[i];
        args[i] = wide ? (void *)&wide_v[i] : (void *)&narrow_v[i];
    }
    probe_gp = n;
    for (r = 0; r < 3; r++) {
        uint64_t result[2] = { CANARY, CANARY };
        if (!build(rets[r], wide ? longs : ints, n, n <= 6 ? "gp" : "spill"))
            return 0;
        cp_call((const cp_plan *)plan, wide ? (fnptr *)u64_probe : (fnptr *)u32_probe, result,
                args);
        if (!result_ok(result, r, hash_of(seen, n, NULL, 0))) {
            printf("# %u %s args, result kind %u: wrong result\n", n, wide ? "8-byte" : "4-byte",
                   r);
            return 0;
        }
    }
    return 1;
}

TEST(gp_and_spill_every_count_width_and_result)
{
    unsigned n;
    for (n = 0; n <= 16; n++) {
        CHECK(integer_shape_ok(n, 1));
        CHECK(integer_shape_ok(n, 0));
    }
}

/* 17 integer arguments no longer fit SPILL; one 2-byte argument breaks the width class; a
 * variadic call needs AL: all go to the general interpreter, and still work. */
TEST(integer_shapes_outside_the_fast_classes_use_the_interpreter)
{
    static const cp_type *const mixed[3] = { &cp_type_i64, &cp_type_i32, &cp_type_i64 };
    static const cp_type *const shorts[2] = { &cp_type_i64, &cp_type_i16 };
    const cp_type *many[17];
    unsigned i;
    for (i = 0; i < 17; i++)
        many[i] = &cp_type_u64;
    CHECK(build(&cp_type_u64, many, 17, "general"));
    CHECK(build(&cp_type_u64, shorts, 2, "general"));
    CHECK(build(&cp_type_u64, mixed, 3, "regs"));       /* mixed widths: REGS, not GP */
    CHECK(build(&cp_type_u8, mixed, 3, "regs"));        /* a 1-byte result: REGS stores it */
    {
        cp_sig v = { CP_ABI_DEFAULT, &cp_type_u64, many, 3, 1, CP_SIG_VARIADIC };
        CHECK_STATUS(cp_plan_build(plan, sizeof plan, &v, NULL), CP_OK);
        CHECK(strcmp(cp_plan_executor((const cp_plan *)plan), "gp") != 0);
    }
}

#ifndef CP_NOFLOAT
/* Register-only plans with every (vector count, integer count) entry pair, doubles and 8-byte
 * integers (REGS8), then with 4-byte integers and floats mixed in (REGS). */
static int regs_shape_ok(unsigned nsse, unsigned ngp, int mixed)
{
    const cp_type *types[14];
    uint64_t gp_v[6], gp_seen[6], sse_v[8], sse_seen[8], result[2] = { CANARY, CANARY };
    uint32_t gp_narrow[6];
    void *args[14];
    unsigned i, n = 0;

    /* Interleave the two kinds so argument order and register order differ. */
    for (i = 0; i < 8; i++) {              /* 8 vector registers, 6 GP ones */
        if (i < nsse) {
            sse_v[i] = bits_of(1.5 * (i + 1) - 0.25);
            sse_seen[i] = sse_v[i];
            types[n] = &cp_type_f64;
            args[n++] = &sse_v[i];
        }
        if (i < ngp) {
            gp_v[i] = 0xFEDCBA9876543210ull - i * 0x1111111111ull;
            gp_narrow[i] = 0xC0DE0000u + i;
            if (mixed && i % 2) {
                /* A u32 argument: the probe hashes the full register, so it must have been
                 * loaded with the upper half zero (REGS loads 4 bytes with movl). */
                gp_seen[i] = gp_narrow[i];
                types[n] = &cp_type_u32;
                args[n++] = &gp_narrow[i];
            } else {
                gp_seen[i] = gp_v[i];
                types[n] = &cp_type_u64;
                args[n++] = &gp_v[i];
            }
        }
    }
    if (!build(&cp_type_u64, types, n, mixed && ngp > 1 ? "regs" : (nsse + ngp) ? "regs8" : "gp"))
        return 0;
    probe_gp = ngp;
    probe_sse = nsse;
    cp_call((const cp_plan *)plan, (fnptr *)regs_probe, result, args);
    probe_sse = 0;
    if (!result_ok(result, 2, hash_of(gp_seen, ngp, sse_seen, nsse))) {
        printf("# regs %u vector + %u integer (mixed %d): wrong result\n", nsse, ngp, mixed);
        return 0;
    }
    return 1;
}

TEST(regs_and_regs8_every_register_count)
{
    unsigned nsse, ngp;
    for (nsse = 0; nsse <= 8; nsse++)
        for (ngp = 0; ngp <= 6; ngp++) {
            if (nsse == 0)
                continue;                   /* integer-only plans are GP's (tested above) */
            CHECK(regs_shape_ok(nsse, ngp, 0));
            CHECK(regs_shape_ok(nsse, ngp, 1));
        }
}

/* Struct eightbytes (source offset 8), a 12-byte float struct (a 4-byte tail in XMM1) and every
 * common result shape through the REGS executors. */
struct dd { double x, y; };
struct fff { float a, b, c; };
struct li { long l; int i; };

static struct dd swap_dd(struct dd v, double k) { struct dd r = { v.y * k, v.x * k }; return r; }
static struct fff rot_fff(struct fff v) { struct fff r = { v.b, v.c, v.a }; return r; }
static struct li twist_li(struct li v, float f) { struct li r = { v.i + (long)f, (int)v.l }; return r; }

static const cp_type dd_t = CP_STRUCT(CP_MEMBER(cp_type_f64), CP_MEMBER(cp_type_f64));
static const cp_type fff_t =
    CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32));
static const cp_type li_t = CP_STRUCT(CP_MEMBER(cp_type_i64), CP_MEMBER(cp_type_i32));

TEST(regs_struct_eightbytes_and_result_shapes)
{
    static const cp_type *const a_dd[2] = { &dd_t, &cp_type_f64 };
    static const cp_type *const a_fff[1] = { &fff_t };
    static const cp_type *const a_li[2] = { &li_t, &cp_type_f32 };
    struct dd v = { 1.5, -2.25 }, rdd[2];
    struct fff f = { 1.0f, 2.0f, 3.0f }, rf[2];
    struct li l = { -5, 7 }, rl[2];
    double k = 4.0;
    float g = 3.0f;
    void *p_dd[2] = { &v, &k }, *p_fff[1] = { &f }, *p_li[2] = { &l, &g };

    memset(rdd, 0xA5, sizeof rdd);
    CHECK(build(&dd_t, a_dd, 2, "regs8"));
    cp_call((const cp_plan *)plan, (fnptr *)swap_dd, rdd, p_dd);
    CHECK(rdd[0].x == -9.0 && rdd[0].y == 6.0);

    memset(rf, 0xA5, sizeof rf);
    CHECK(build(&fff_t, a_fff, 1, "regs"));
    cp_call((const cp_plan *)plan, (fnptr *)rot_fff, rf, p_fff);
    CHECK(rf[0].a == 2.0f && rf[0].b == 3.0f && rf[0].c == 1.0f);
    CHECK(((const unsigned char *)rf)[12] == 0xA5);      /* 12 bytes written, not 16 */

    memset(rl, 0xA5, sizeof rl);
    CHECK(build(&li_t, a_li, 2, "regs"));
    cp_call((const cp_plan *)plan, (fnptr *)twist_li, rl, p_li);
    CHECK(rl[0].l == 10 && rl[0].i == -5);
    CHECK(((const unsigned char *)&rl[1])[0] == 0xA5);
}

#endif

/* A plan whose exec or result byte was changed (checksum fixed up) is refused: the fast stubs
 * trust the shape they were chosen for. */
static uint32_t checksum_words(const unsigned char *p, size_t len)
{
    uint32_t h = 2166136261u, w;
    size_t i;
    for (i = 0; i < len; i += 4) {
        memcpy(&w, p + i, 4);
        h = (h ^ (i == 16 ? 0 : w)) * 16777619u;
    }
    return h;
}

TEST(forged_executor_or_result_byte_is_refused)
{
    static const cp_type *const three[3] = { &cp_type_i64, &cp_type_i64, &cp_type_i64 };
    size_t used = 0;
    unsigned offset, value;
    cp_sig sig = { CP_ABI_DEFAULT, &cp_type_i64, three, 3, 0, 0 };
    CHECK_STATUS(cp_plan_build(plan, sizeof plan, &sig, &used), CP_OK);
    for (offset = 7; offset <= 31; offset += 24) {         /* the exec byte, the result byte */
        for (value = 0; value < 256; value++) {
            unsigned char copy[sizeof plan];
            _Alignas(CP_PLAN_ALIGN) unsigned char forged[sizeof plan];
            uint32_t sum;
            memcpy(copy, plan, used);
            if (copy[offset] == value)
                continue;
            copy[offset] = (unsigned char)value;
            sum = checksum_words(copy, used);
            memcpy(copy + 16, &sum, 4);
            memcpy(forged, copy, used);
            CHECK_STATUS(cp_plan_check(forged, used), CP_ERR_PLAN);
            if (harness_current_failed) {
                printf("# offset %u value %u accepted\n", offset, value);
                return;
            }
        }
    }
}

int main(void)
{
    RUN(gp_and_spill_every_count_width_and_result);
    RUN(integer_shapes_outside_the_fast_classes_use_the_interpreter);
#ifndef CP_NOFLOAT
    RUN(regs_and_regs8_every_register_count);
    RUN(regs_struct_eightbytes_and_result_shapes);
#endif
    RUN(forged_executor_or_result_byte_is_refused);
    return harness_done();
}
