/* Fuzz target: cp_plan_size / cp_plan_build / cp_type_layout on random type graphs.
 *
 * The input decodes into a pool of descriptors whose fields are mostly plausible and sometimes
 * bogus (sizes, alignments, kinds, flags, counts, explicit offsets), linked by references into
 * the pool itself (cycles, DAGs), the built-ins or NULL, and a signature over them (any ABI,
 * including WIN64 and out-of-range values, variadic flags and nfixed). Member and argument
 * arrays are malloc'd at exactly their count so ASan sees any read past them.
 *
 * Invariants: every status is a cp_status; cp_plan_size and cp_plan_build agree; on success the
 * plan fits CP_PLAN_SIZE(nargs), passes cp_plan_check, is byte-identical when built twice,
 * nothing is written past its length (canary bytes) or past a short buffer; and the plan runs
 * (plan_run.h) with buffers of exactly its declared sizes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callplan.h"
#include "plan_run.h"
#include "reader.h"

#define POOL      12
#define CANARY    0xA5
#define MAX_NARGS 255   /* beyond CP_MAX_ARGS on purpose */

static const cp_type *const builtins[] = {
    &cp_type_void, &cp_type_bool, &cp_type_i8, &cp_type_u8, &cp_type_i16, &cp_type_u16,
    &cp_type_i32, &cp_type_u32, &cp_type_i64, &cp_type_u64, &cp_type_i128, &cp_type_u128,
    &cp_type_f32, &cp_type_f64, &cp_type_f80, &cp_type_f128, &cp_type_ptr, &cp_type_c32,
    &cp_type_c64, &cp_type_c80,
};
#define NBUILTINS (sizeof builtins / sizeof builtins[0])

struct graph {
    cp_type pool[POOL];
    cp_member *members[POOL];
    unsigned npool;
};

#define FAIL(...)                                                                              \
    do {                                                                                       \
        fprintf(stderr, "fuzz_plan_build: " __VA_ARGS__);                                      \
        fputc('\n', stderr);                                                                   \
        abort();                                                                               \
    } while (0)

/* A reference: mostly a pool node (so cycles and shared nodes happen), else a built-in, rarely
 * NULL. */
static const cp_type *read_ref(struct reader *r, const struct graph *g)
{
    uint8_t b = rd_u8(r);
    if (b < 0x90)
        return &g->pool[b % g->npool];
    if (b < 0xFC)
        return builtins[b % NBUILTINS];
    return NULL;
}

static uint8_t read_kind(struct reader *r)
{
    uint8_t b = rd_u8(r);
    if (b < 0xE0)
        return (uint8_t)(CP_KIND_STRUCT + b % 3);   /* scalars come mostly from the built-ins */
    if (b < 0xFC)
        return (uint8_t)(b % CP_KIND_COUNT_);
    return b;                                       /* an unknown kind */
}

static uint16_t read_align(struct reader *r)
{
    uint8_t b = rd_u8(r);
    if (b < 0xA0)
        return 0;
    if (b < 0xF0)
        return (uint16_t)(1u << (b % 8));
    return rd_u16(r);
}

static uint32_t read_size(struct reader *r)
{
    uint8_t b = rd_u8(r);
    if (b < 0xA0)
        return 0;
    if (b < 0xE0)
        return rd_u8(r);
    if (b < 0xF8)
        return rd_u16(r);
    return rd_u32(r);
}

static uint32_t read_offset(struct reader *r)
{
    uint8_t b = rd_u8(r);
    if (b < 0xC0)
        return CP_OFFSET_AUTO;
    if (b < 0xF8)
        return rd_u8(r);
    return rd_u32(r);
}

static void read_node(struct reader *r, struct graph *g, unsigned i)
{
    cp_type *t = &g->pool[i];
    uint8_t fl = rd_u8(r);
    uint32_t k;

    t->kind = read_kind(r);
    t->flags = fl < 0xB0 ? 0 : fl < 0xF8 ? CP_TYPE_PACKED : fl;
    t->align = read_align(r);
    t->size = read_size(r);
    if (t->kind == CP_KIND_ARRAY) {
        uint8_t c = rd_u8(r);
        t->count = c < 0xC0 ? c % 9u : c < 0xF0 ? rd_u16(r) : rd_u32(r);
        t->elem = read_ref(r, g);
        return;
    }
    if (t->kind != CP_KIND_STRUCT && t->kind != CP_KIND_UNION) {
        uint8_t junk = rd_u8(r);            /* scalars: sometimes a bogus count or element */
        t->count = junk >= 0xF0 ? junk : 0;
        t->elem = junk >= 0xF8 ? read_ref(r, g) : NULL;
        return;
    }
    t->count = rd_u8(r) % 17u;
    if (t->count == 16)
        t->count = rd_u8(r);                /* up to 255 members, allocated */
    if (!t->count)
        return;
    g->members[i] = malloc(t->count * sizeof(cp_member));
    for (k = 0; k < t->count; k++) {
        g->members[i][k].type = read_ref(r, g);
        g->members[i][k].offset = read_offset(r);
    }
    t->members = g->members[i];
}

static void check_status(cp_status s, const char *what)
{
    if ((unsigned)s >= CP_STATUS_COUNT_)
        FAIL("%s returned %d, not a cp_status", what, (int)s);
    if (!cp_strerror(s))
        FAIL("cp_strerror(%d) is NULL", (int)s);
}

static void discard(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    (void)text;
    (void)len;
}

/* cp_type_layout on a node, with an offsets array of exactly n entries. */
static void layout_node(const cp_type *t, uint32_t n)
{
    size_t *offsets = malloc((n ? n : 1) * sizeof(size_t));
    size_t size = 0, align = 0;
    cp_status s = cp_type_layout(t, &size, &align, offsets, n);
    check_status(s, "cp_type_layout");
    if (s == CP_OK && (align == 0 || (align & (align - 1)) || size % align ||
                       size > CP_MAX_TYPE_SIZE))
        FAIL("layout size %zu align %zu", size, align);
    free(offsets);
}

static void build_and_verify(const cp_sig *sig, uint8_t fill, uint8_t short_by)
{
    size_t size = 0, used = 0, used2 = 0, cap = CP_PLAN_SIZE(MAX_NARGS) + 64, i;
    uint8_t *buf = malloc(cap), *buf2 = malloc(cap);
    cp_status s1 = cp_plan_size(sig, &size);
    cp_status s2;

    check_status(s1, "cp_plan_size");
    memset(buf, CANARY, cap);
    s2 = cp_plan_build(buf, cap, sig, &used);
    check_status(s2, "cp_plan_build");
    if (s1 != s2)
        FAIL("cp_plan_size gave %s, cp_plan_build %s", cp_strerror(s1), cp_strerror(s2));
    if (s2 != CP_OK)
        goto out;                           /* it may have written inside buf: allowed */
    if (used != size || used % 8 || used > CP_PLAN_SIZE(sig->nargs))
        FAIL("used %zu, cp_plan_size %zu, bound %zu", used, size, CP_PLAN_SIZE(sig->nargs));
    for (i = used; i < cap; i++)
        if (buf[i] != CANARY)
            FAIL("build wrote byte %zu past the plan's %zu", i, used);
    s2 = cp_plan_check(buf, used);
    if (s2 != CP_OK)
        FAIL("a built plan fails cp_plan_check: %s", cp_strerror(s2));
    memset(buf2, ~CANARY & 0xFF, cap);
    s2 = cp_plan_build(buf2, used, sig, &used2);
    if (s2 != CP_OK || used2 != used || memcmp(buf, buf2, used) != 0)
        FAIL("building twice differs (%s, %zu vs %zu bytes)", cp_strerror(s2), used2, used);
    check_status(cp_plan_dump((const cp_plan *)(void *)buf, discard, NULL), "cp_plan_dump");
    if (!cp_plan_executor((const cp_plan *)(void *)buf))
        FAIL("cp_plan_executor gave NULL");

    /* A buffer short_by 8-byte words too small: exactly allocated, so ASan sees any write past
     * it; the status is CP_ERR_NOSPACE with the size needed. */
    if (short_by && used > (size_t)8 * short_by) {
        size_t small = used - (size_t)8 * short_by;
        uint8_t *tight = malloc(small);
        s2 = cp_plan_build(tight, small, sig, &used2);
        if (s2 != CP_ERR_NOSPACE || used2 != used)
            FAIL("short buffer: %s, needed %zu, want CP_ERR_NOSPACE and %zu",
                 cp_strerror(s2), used2, used);
        free(tight);
    }
    plan_run(buf, fill, fill & 1);
out:
    free(buf);
    free(buf2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct reader r = { data, size };
    struct graph g;
    const cp_type **args = NULL;
    cp_sig sig;
    unsigned i;
    uint8_t b;

    memset(&g, 0, sizeof g);
    g.npool = 1 + rd_u8(&r) % POOL;
    for (i = 0; i < g.npool; i++)
        read_node(&r, &g, i);

    b = rd_u8(&r);
    sig.abi = b < 0x50 ? CP_ABI_DEFAULT : b < 0x90 ? CP_ABI_SYSV64 : b < 0xC0 ? CP_ABI_WIN64
            : b < 0xF8 ? (cp_abi)(b % (CP_ABI_COUNT_ + 1)) : (cp_abi)rd_u32(&r);
    b = rd_u8(&r);
    sig.ret = b < 0x40 ? NULL : read_ref(&r, &g);
    b = rd_u8(&r);
    sig.nargs = b < 0xE0 ? b % 9u : b < 0xF8 ? b % 70u : rd_u8(&r);
    if (sig.nargs || rd_u8(&r) & 1) {
        /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of descriptor pointers */
        args = malloc((sig.nargs ? sig.nargs : 1) * sizeof *args);
        for (i = 0; i < sig.nargs; i++)
            args[i] = read_ref(&r, &g);
    }
    sig.args = args;
    b = rd_u8(&r);
    sig.flags = b < 0xA0 ? 0 : b < 0xF8 ? CP_SIG_VARIADIC : rd_u32(&r);
    b = rd_u8(&r);
    sig.nfixed = b < 0x80 ? 0 : b < 0xC0 ? sig.nargs : b % (sig.nargs + 2);

    build_and_verify(&sig, rd_u8(&r), rd_u8(&r) % 4);
    for (i = 0; i < g.npool; i++)
        layout_node(&g.pool[i], rd_u8(&r) % 20);

    free(args);
    for (i = 0; i < POOL; i++)
        free(g.members[i]);
    return 0;
}
