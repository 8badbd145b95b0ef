/* x86-64 System V eightbyte classification (psABI 3.2.3, ../shared/ABI.md 1.2).
 *
 * A type of at most 16 bytes is cut into eightbytes; every scalar leaf merges its class into
 * the eightbyte(s) it occupies, and every aggregate gets the post-merge rules on its own before
 * its classes merge into its parent's, as gcc and clang do: union{long l[2]; union{int;
 * long double} u;} is MEMORY because the inner union alone is (an X87UP with no X87), though a
 * flat merge would make it INTEGER,INTEGER. Complex numbers classify as their two parts (gcc and
 * clang agree: {float; _Complex float} is SSE,SSE). */
#include "sysv.h"

/* The psABI merge of two classes of one eightbyte; the order of the tests is the rule. */
static uint8_t merge(uint8_t a, uint8_t b)
{
    if (a == b)
        return a;
    if (a == CP__C_NONE)
        return b;
    if (b == CP__C_NONE)
        return a;
    if (a == CP__C_MEMORY || b == CP__C_MEMORY)
        return CP__C_MEMORY;
    if (a == CP__C_INTEGER || b == CP__C_INTEGER)
        return CP__C_INTEGER;
    if (a == CP__C_X87 || a == CP__C_X87UP || a == CP__C_COMPLEX_X87 ||
        b == CP__C_X87 || b == CP__C_X87UP || b == CP__C_COMPLEX_X87)
        return CP__C_MEMORY;
    return CP__C_SSE;
}

struct classify_state {
    uint8_t cls[2];
    uint8_t memory;         /* an unaligned field: MEMORY, whichever eightbyte it sits in */
    struct cp__walk *walk;
};

/* Merges one scalar of `size` bytes at byte offset `off` with classes lo (first eightbyte it
 * covers) and hi (second, for 16-byte scalars). A scalar off its natural alignment makes the
 * whole aggregate MEMORY (packed structs). */
static void put_scalar(struct classify_state *st, uint32_t off, uint32_t size, uint32_t align,
                       uint8_t lo, uint8_t hi)
{
    uint32_t eb = off / 8;
    if (off % align || eb + (size > 8) > 1) {
        st->memory = 1;
        return;
    }
    st->cls[eb] = merge(st->cls[eb], lo);
    if (size > 8)
        st->cls[eb + 1] = merge(st->cls[eb + 1], hi);
}

static cp_status walk(struct classify_state *st, const cp_type *t, uint32_t off, unsigned depth);

static cp_status walk_scalar(struct classify_state *st, cp_kind k, uint32_t off)
{
    switch (k) {
    case CP_KIND_BOOL: case CP_KIND_I8: case CP_KIND_U8:
        put_scalar(st, off, 1, 1, CP__C_INTEGER, CP__C_NONE);
        break;
    case CP_KIND_I16: case CP_KIND_U16:
        put_scalar(st, off, 2, 2, CP__C_INTEGER, CP__C_NONE);
        break;
    case CP_KIND_I32: case CP_KIND_U32:
        put_scalar(st, off, 4, 4, CP__C_INTEGER, CP__C_NONE);
        break;
    case CP_KIND_I64: case CP_KIND_U64: case CP_KIND_PTR:
        put_scalar(st, off, 8, 8, CP__C_INTEGER, CP__C_NONE);
        break;
    case CP_KIND_I128: case CP_KIND_U128:
        put_scalar(st, off, 16, 16, CP__C_INTEGER, CP__C_INTEGER);
        break;
    case CP_KIND_F32:
        put_scalar(st, off, 4, 4, CP__C_SSE, CP__C_NONE);
        break;
    case CP_KIND_F64:
        put_scalar(st, off, 8, 8, CP__C_SSE, CP__C_NONE);
        break;
    case CP_KIND_F128:
        put_scalar(st, off, 16, 16, CP__C_SSE, CP__C_SSEUP);
        break;
    case CP_KIND_F80:
        put_scalar(st, off, 16, 16, CP__C_X87, CP__C_X87UP);
        break;
    case CP_KIND_C32:
        walk_scalar(st, CP_KIND_F32, off);
        walk_scalar(st, CP_KIND_F32, off + 4);
        break;
    case CP_KIND_C64:
        walk_scalar(st, CP_KIND_F64, off);
        walk_scalar(st, CP_KIND_F64, off + 8);
        break;
    case CP_KIND_C80:                       /* 32 bytes: never inside a <= 16-byte type */
    case CP_KIND_VOID: case CP_KIND_STRUCT: case CP_KIND_UNION: case CP_KIND_ARRAY:
    case CP_KIND_COUNT_:
        st->memory = 1;
        break;
    }
    return CP_OK;
}

/* The post-merge rules on eightbytes [first, last] (of the two an argument in registers has),
 * psABI order; 0 means MEMORY. */
static int cleanup(uint8_t *cls, unsigned first, unsigned last)
{
    unsigned i;
    for (i = first; i <= last && i < 2; i++) {
        if (cls[i] == CP__C_MEMORY)
            return 0;
        if (cls[i] == CP__C_X87UP && (i == first || cls[i - 1] != CP__C_X87))
            return 0;
        if (cls[i] == CP__C_SSEUP && (i == first || (cls[i - 1] != CP__C_SSE &&
                                                     cls[i - 1] != CP__C_SSEUP)))
            cls[i] = CP__C_SSE;
    }
    return 1;
}

static cp_status walk_members(struct classify_state *st, const cp_type *t, uint32_t off,
                              uint32_t size, unsigned depth);

/* An aggregate at byte `off`: classified on its own (members, then the post-merge rules over
 * the eightbytes it covers), then merged into the parent's eightbytes. */
static cp_status walk(struct classify_state *st, const cp_type *t, uint32_t off, unsigned depth)
{
    struct classify_state own = { { CP__C_NONE, CP__C_NONE }, 0, st->walk };
    struct cp__layout l;
    unsigned first, last, i;
    cp_status s;

    if (!t)
        return CP_ERR_TYPE;                 /* never: cp__type_layout refused it first */
    if (t->kind != CP_KIND_STRUCT && t->kind != CP_KIND_UNION && t->kind != CP_KIND_ARRAY)
        return walk_scalar(st, (cp_kind)t->kind, off);
    s = cp__type_layout(t, depth, st->walk, &l);
    if (s != CP_OK)
        return s;
    if (l.size == 0)
        return CP_OK;                       /* empty: contributes no class */
    first = off / 8;
    last = (off + l.size - 1) / 8;
    if (off % l.align || last > 1) {
        st->memory = 1;                     /* a packed parent put it off its alignment */
        return CP_OK;
    }
    s = walk_members(&own, t, off, l.size, depth);
    if (s != CP_OK)
        return s;
    if (own.memory || !cleanup(own.cls, first, last)) {
        st->memory = 1;
        return CP_OK;
    }
    for (i = first; i <= last; i++)
        st->cls[i] = merge(st->cls[i], own.cls[i]);
    return CP_OK;
}

static cp_status walk_members(struct classify_state *st, const cp_type *t, uint32_t off,
                              uint32_t size, unsigned depth)
{
    cp_status s;
    uint32_t i, cursor = 0;

    if (t->kind == CP_KIND_ARRAY) {
        /* gcc classifies the element once, at the array's offset, and repeats its classes over
         * the array's eightbytes; so a later element of a packed type is never checked for
         * alignment (clang 14 checks each: a DIFF, and callplan follows gcc). */
        struct classify_state el = { { CP__C_NONE, CP__C_NONE }, 0, st->walk };
        uint32_t esize = size / t->count;   /* size > 0, so count > 0 */
        unsigned first = off / 8, last = (off + size - 1) / 8;
        unsigned num = (off % 8 + esize + 7) / 8;
        s = walk(&el, t->elem, off, depth + 1);
        if (s != CP_OK)
            return s;
        st->memory |= el.memory;
        for (i = first; i <= last; i++)
            st->cls[i] = merge(st->cls[i], el.cls[first + (i - first) % num]);
        return CP_OK;
    }
    for (i = 0; i < t->count; i++) {
        struct cp__layout m;
        uint32_t moff;
        s = cp__type_layout(t->members[i].type, depth + 1, st->walk, &m);
        if (s == CP_OK)
            s = cp__member_place(t, i, &m, &cursor, &moff);
        if (s == CP_OK)
            s = walk(st, t->members[i].type, off + moff, depth + 1);
        if (s != CP_OK)
            return s;
    }
    return CP_OK;
}

static cp_status classify_aggregate(const cp_type *t, struct cp__walk *w,
                                    struct cp__sysv_class *out);

/* The classes of each scalar kind on its own: what walk() would find, without walking. */
static const uint8_t scalar_classes[CP_KIND_COUNT_][2] = {
    [CP_KIND_BOOL] = { CP__C_INTEGER, CP__C_NONE }, [CP_KIND_I8] = { CP__C_INTEGER, CP__C_NONE },
    [CP_KIND_U8] = { CP__C_INTEGER, CP__C_NONE }, [CP_KIND_I16] = { CP__C_INTEGER, CP__C_NONE },
    [CP_KIND_U16] = { CP__C_INTEGER, CP__C_NONE }, [CP_KIND_I32] = { CP__C_INTEGER, CP__C_NONE },
    [CP_KIND_U32] = { CP__C_INTEGER, CP__C_NONE }, [CP_KIND_I64] = { CP__C_INTEGER, CP__C_NONE },
    [CP_KIND_U64] = { CP__C_INTEGER, CP__C_NONE }, [CP_KIND_PTR] = { CP__C_INTEGER, CP__C_NONE },
    [CP_KIND_I128] = { CP__C_INTEGER, CP__C_INTEGER },
    [CP_KIND_U128] = { CP__C_INTEGER, CP__C_INTEGER },
    [CP_KIND_F32] = { CP__C_SSE, CP__C_NONE }, [CP_KIND_F64] = { CP__C_SSE, CP__C_NONE },
    [CP_KIND_F128] = { CP__C_SSE, CP__C_SSEUP }, [CP_KIND_F80] = { CP__C_X87, CP__C_X87UP },
    [CP_KIND_C32] = { CP__C_SSE, CP__C_NONE }, [CP_KIND_C64] = { CP__C_SSE, CP__C_SSE },
};

cp_status cp__sysv_classify(const cp_type *t, struct cp__walk *w, struct cp__sysv_class *out)
{
    if (t && t->kind < CP_KIND_C80 && !t->flags && !t->align && !t->size && !t->count &&
        !t->elem && !t->members) {          /* a well-formed scalar: straight from the tables */
        const struct cp__scalar *s = &cp__arch_scalars[t->kind];
        out->size = s->size;
        out->align = s->align;
        out->n = (uint8_t)((s->size + 7) / 8);
        out->memory = 0;
        out->cls[0] = scalar_classes[t->kind][0];
        out->cls[1] = scalar_classes[t->kind][1];
        return CP_OK;
    }
    return classify_aggregate(t, w, out);
}

/* Anything else: validated and walked (a C80 is 32 bytes, so MEMORY by size). */
static cp_status classify_aggregate(const cp_type *t, struct cp__walk *w,
                                    struct cp__sysv_class *out)
{
    struct classify_state st = { { CP__C_NONE, CP__C_NONE }, 0, w };
    struct cp__layout l;
    cp_status s = cp__type_layout(t, 0, w, &l);

    if (s != CP_OK)
        return s;
    out->size = l.size;
    out->align = l.align;
    out->n = (uint8_t)((l.size + 7) / 8);
    out->memory = 0;
    if (l.size > 16) {
        out->memory = 1;                    /* (the psABI's > 16-byte vector case is out of scope) */
        return CP_OK;
    }
    s = walk(&st, t, 0, 0);
    if (s != CP_OK)
        return s;
    if (st.memory || (out->n && !cleanup(st.cls, 0, out->n - 1u)))
        out->memory = 1;                    /* the top level's own post-merge rules */
    out->cls[0] = st.cls[0];
    out->cls[1] = st.cls[1];
    return CP_OK;
}
