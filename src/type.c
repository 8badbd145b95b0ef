/* Type descriptors: the built-ins, validation, and the C layout rules. Descriptors are never
 * written, so nothing is cached: every walk recomputes, bounded by CP_MAX_DEPTH and by the node
 * budget of struct cp__walk (a shared sub-descriptor in a DAG is walked once per use). */
#include "internal.h"

const cp_type cp_type_void = { .kind = CP_KIND_VOID };
const cp_type cp_type_bool = { .kind = CP_KIND_BOOL };
const cp_type cp_type_i8 = { .kind = CP_KIND_I8 };
const cp_type cp_type_u8 = { .kind = CP_KIND_U8 };
const cp_type cp_type_i16 = { .kind = CP_KIND_I16 };
const cp_type cp_type_u16 = { .kind = CP_KIND_U16 };
const cp_type cp_type_i32 = { .kind = CP_KIND_I32 };
const cp_type cp_type_u32 = { .kind = CP_KIND_U32 };
const cp_type cp_type_i64 = { .kind = CP_KIND_I64 };
const cp_type cp_type_u64 = { .kind = CP_KIND_U64 };
const cp_type cp_type_i128 = { .kind = CP_KIND_I128 };
const cp_type cp_type_u128 = { .kind = CP_KIND_U128 };
const cp_type cp_type_f32 = { .kind = CP_KIND_F32 };
const cp_type cp_type_f64 = { .kind = CP_KIND_F64 };
const cp_type cp_type_f80 = { .kind = CP_KIND_F80 };
const cp_type cp_type_f128 = { .kind = CP_KIND_F128 };
const cp_type cp_type_ptr = { .kind = CP_KIND_PTR };
const cp_type cp_type_c32 = { .kind = CP_KIND_C32 };
const cp_type cp_type_c64 = { .kind = CP_KIND_C64 };
const cp_type cp_type_c80 = { .kind = CP_KIND_C80 };

void cp__walk_init(struct cp__walk *w)
{
    w->nodes_left = CP_MAX_TYPE_NODES;
}

static uint32_t max_u32(uint32_t a, uint32_t b)
{
    return a > b ? a : b;
}

/* Rounds v up to a multiple of the power of two a; fails (returns 0 in *out) past the size cap. */
static int align_up(uint64_t v, uint32_t a, uint32_t *out)
{
    uint64_t r = (v + a - 1) & ~(uint64_t)(a - 1);
    if (r > CP_MAX_TYPE_SIZE)
        return 0;
    *out = (uint32_t)r;
    return 1;
}

void cp_type_struct(cp_type *t, const cp_member *members, uint32_t count)
{
    if (!t)
        return;
    cp__memset(t, 0, sizeof *t);
    t->kind = CP_KIND_STRUCT;
    t->members = members;
    t->count = count;
}

void cp_type_union(cp_type *t, const cp_member *members, uint32_t count)
{
    cp_type_struct(t, members, count);
    if (t)
        t->kind = CP_KIND_UNION;
}

void cp_type_array(cp_type *t, const cp_type *elem, uint32_t count)
{
    if (!t)
        return;
    cp__memset(t, 0, sizeof *t);
    t->kind = CP_KIND_ARRAY;
    t->elem = elem;
    t->count = count;
}

cp_status cp__member_place(const cp_type *agg, uint32_t i, const struct cp__layout *m,
                           uint32_t *cursor, uint32_t *offset)
{
    uint32_t want = agg->members[i].offset;
    uint32_t malign = (agg->flags & CP_TYPE_PACKED) ? 1 : m->align;
    uint32_t off;

    if (agg->kind == CP_KIND_UNION) {
        if (want != CP_OFFSET_AUTO && want != 0)
            return CP_ERR_TYPE;             /* every union member starts at 0 */
        off = 0;
    } else if (want == CP_OFFSET_AUTO) {
        if (!align_up(*cursor, malign, &off))
            return CP_ERR_TYPE;
    } else {
        off = want;
        if (off < *cursor)
            return CP_ERR_TYPE;             /* overlaps the previous member */
        if (off % malign)
            return CP_ERR_ALIGN;            /* a C compiler would never place it there */
    }
    if ((uint64_t)off + m->size > CP_MAX_TYPE_SIZE)
        return CP_ERR_TYPE;
    *offset = off;
    *cursor = max_u32(*cursor, off + m->size);
    return CP_OK;
}


static cp_status array_layout(const cp_type *t, unsigned depth, struct cp__walk *w,
                              struct cp__layout *out)
{
    struct cp__layout e;
    cp_status s;

    if (t->flags || t->align || t->members || !t->elem)
        return CP_ERR_TYPE;
    s = cp__type_layout(t->elem, depth + 1, w, &e);
    if (s != CP_OK)
        return s;
    if (t->elem->kind == CP_KIND_VOID)
        return CP_ERR_TYPE;
    if ((uint64_t)e.size * t->count > CP_MAX_TYPE_SIZE)
        return CP_ERR_TYPE;
    out->size = e.size * t->count;
    out->align = e.align;
    out->has_float = e.has_float;
    if (t->size && t->size != out->size)
        return CP_ERR_TYPE;
    return CP_OK;
}

static cp_status record_layout(const cp_type *t, unsigned depth, struct cp__walk *w,
                               struct cp__layout *out)
{
    uint32_t cursor = 0, natural = 1, has_float = 0, i;

    if (t->flags & ~CP_TYPE_PACKED)
        return CP_ERR_TYPE;
    if (t->elem || (t->count && !t->members))
        return CP_ERR_TYPE;
    for (i = 0; i < t->count; i++) {
        struct cp__layout m;
        uint32_t off;
        const cp_type *mt = t->members[i].type;
        cp_status s = cp__type_layout(mt, depth + 1, w, &m);
        if (s != CP_OK)
            return s;
        if (mt->kind == CP_KIND_VOID)
            return CP_ERR_TYPE;
        s = cp__member_place(t, i, &m, &cursor, &off);
        if (s != CP_OK)
            return s;
        if (!(t->flags & CP_TYPE_PACKED))
            natural = max_u32(natural, m.align);
        has_float |= m.has_float;
    }
    if (t->align) {
        if (!(t->flags & CP_TYPE_PACKED) && t->align < natural)
            return CP_ERR_ALIGN;            /* aligned(n) below what the members need */
        natural = max_u32(natural, t->align);
    }
    out->align = natural;
    out->has_float = has_float;
    if (!align_up(cursor, natural, &out->size))
        return CP_ERR_TYPE;
    if (t->size) {
        if (t->size < cursor || t->size % natural || t->size > CP_MAX_TYPE_SIZE)
            return CP_ERR_TYPE;             /* contradicts the members, or past the cap */
        out->size = t->size;
    }
    return CP_OK;
}

cp_status cp__type_layout(const cp_type *t, unsigned depth, struct cp__walk *w,
                          struct cp__layout *out)
{
    if (!t)
        return CP_ERR_TYPE;
    if (w->nodes_left == 0)
        return CP_ERR_TOOMANY;
    w->nodes_left--;
    if (t->kind <= CP_KIND_C80) {           /* a scalar (or void): the arch's table */
        const struct cp__scalar *s = &cp__arch_scalars[t->kind];
        if (t->flags || t->align || t->size || t->count || t->elem || t->members)
            return CP_ERR_TYPE;             /* scalars carry no layout fields */
        out->size = s->size;
        out->align = s->align;
        out->has_float = s->is_float;
        return CP_OK;
    }
    if (t->kind >= CP_KIND_COUNT_)
        return CP_ERR_TYPE;
    /* An aggregate: its members sit one level deeper. A cycle ends here too. */
    if (depth >= CP_MAX_DEPTH)
        return CP_ERR_DEPTH;
    if (t->align & (t->align - 1))
        return CP_ERR_ALIGN;                /* not a power of two */
    if (t->kind == CP_KIND_ARRAY)
        return array_layout(t, depth, w, out);
    return record_layout(t, depth, w, out);
}

cp_status cp_type_layout(const cp_type *t, size_t *size, size_t *align, size_t *offsets,
                         uint32_t n)
{
    struct cp__walk w;
    struct cp__layout l;
    cp_status s;
    uint32_t cursor = 0, i;

    if (!t)
        return CP_ERR_ARG;
    cp__walk_init(&w);
    s = cp__type_layout(t, 0, &w, &l);
    if (s != CP_OK)
        return s;
    if (offsets) {
        int record = t->kind == CP_KIND_STRUCT || t->kind == CP_KIND_UNION;
        if (record && n < t->count)
            return CP_ERR_NOSPACE;
        cp__walk_init(&w);                  /* the members were all walked once already */
        for (i = 0; record && i < t->count; i++) {
            struct cp__layout m;
            uint32_t off;
            s = cp__type_layout(t->members[i].type, 1, &w, &m);
            if (s == CP_OK)
                s = cp__member_place(t, i, &m, &cursor, &off);
            if (s != CP_OK)
                return s;
            offsets[i] = off;
        }
    }
    if (size)
        *size = l.size;
    if (align)
        *align = l.align;
    return CP_OK;
}
