/* ffi_type graphs to cp_type descriptors, in a bounded scratch area on the caller's stack. libffi
 * describes an array member as the element repeated; such runs become one CP_KIND_ARRAY node
 * (the same layout and classification), so a char[200] costs one member, not 200. Struct sizes
 * and alignments are filled in as libffi's prep fills them: only where the size is still 0. */
#include "compat.h"

void compat_scratch_init(struct compat_scratch *s, ffi_abi abi)
{
    s->nodes = 0;
    s->members = 0;
    s->long_double_ok = abi != FFI_WIN64;
    s->offsets_mode = 0;
    s->fold_aggregates = 1;
}

/* The built-in descriptor for a scalar type code, or NULL. */
static const cp_type *scalar(unsigned code)
{
    switch (code) {
    case FFI_TYPE_VOID:       return &cp_type_void;
    case FFI_TYPE_INT:
    case FFI_TYPE_SINT32:     return &cp_type_i32;
    case FFI_TYPE_UINT32:     return &cp_type_u32;
    case FFI_TYPE_UINT8:      return &cp_type_u8;
    case FFI_TYPE_SINT8:      return &cp_type_i8;
    case FFI_TYPE_UINT16:     return &cp_type_u16;
    case FFI_TYPE_SINT16:     return &cp_type_i16;
    case FFI_TYPE_UINT64:     return &cp_type_u64;
    case FFI_TYPE_SINT64:     return &cp_type_i64;
    case FFI_TYPE_FLOAT:      return &cp_type_f32;
    case FFI_TYPE_DOUBLE:     return &cp_type_f64;
    case FFI_TYPE_LONGDOUBLE: return &cp_type_f80;
    case FFI_TYPE_POINTER:    return &cp_type_ptr;
    default:                  return NULL;
    }
}

/* The node already made for t in this scratch area, or NULL. */
static const cp_type *made_for(const struct compat_scratch *s, const ffi_type *t)
{
    uint32_t i;
    for (i = 0; i < s->nodes; i++)
        if (s->source[i] == t)
            return &s->node[i];
    return NULL;
}

static cp_type *new_node(struct compat_scratch *s, const ffi_type *source, unsigned height)
{
    if (s->nodes == FFI_CP_MAX_STRUCT_NODES || height > CP_MAX_DEPTH)
        return NULL;                    /* full, or deeper than the core takes */
    s->source[s->nodes] = source;
    s->height[s->nodes] = (uint8_t)height;
    return &s->node[s->nodes++];
}

/* Levels of aggregates in t: 0 for the core's built-ins, else what new_node recorded. */
static unsigned height_of(const struct compat_scratch *s, const cp_type *t)
{
    uintptr_t at = (uintptr_t)t, base = (uintptr_t)s->node;
    if (at < base || at >= base + s->nodes * sizeof s->node[0])
        return 0;
    return s->height[(at - base) / sizeof s->node[0]];
}

static int add_member(struct compat_scratch *s, const cp_type *t)
{
    if (s->members == FFI_CP_MAX_MEMBERS)
        return 0;
    s->member[s->members].type = t;
    s->member[s->members].offset = CP_OFFSET_AUTO;
    s->members++;
    return 1;
}

static ffi_status convert_at(struct compat_scratch *s, ffi_type *t, unsigned depth,
                             const cp_type **out);

/* _Complex of an integer type: the ABI passes it as a struct of two parts. */
static ffi_status convert_complex(struct compat_scratch *s, ffi_type *t, const cp_type **out)
{
    const cp_type *part;
    cp_type *node;
    uint32_t first = s->members, k;

    if (!t->elements || !t->elements[0])
        return FFI_BAD_TYPEDEF;
    switch (t->elements[0]->type) {
    case FFI_TYPE_FLOAT:
        *out = &cp_type_c32;
        return FFI_OK;
    case FFI_TYPE_DOUBLE:
        *out = &cp_type_c64;
        return FFI_OK;
    case FFI_TYPE_LONGDOUBLE:
        *out = &cp_type_c80;
        return s->long_double_ok ? FFI_OK : FFI_BAD_TYPEDEF;
    default:
        break;
    }
    part = scalar(t->elements[0]->type);
    if (!part || part == &cp_type_void || part == &cp_type_ptr)
        return FFI_BAD_TYPEDEF;
    if ((*out = made_for(s, t)) != NULL)
        return FFI_OK;
    for (k = 0; k < 2; k++)             /* the real part, then the imaginary one */
        if (!add_member(s, part))
            return FFI_BAD_TYPEDEF;
    node = new_node(s, t, 1);
    if (!node)
        return FFI_BAD_TYPEDEF;
    cp_type_struct(node, &s->member[first], 2);
    *out = node;
    return FFI_OK;
}

/* Lays out a finished struct node: checks it, and fills t's size and alignment when libffi
 * would (size still 0, or always for ffi_get_struct_offsets' own struct). */
static ffi_status settle(ffi_type *t, cp_type *node, int afresh)
{
    size_t size, align;

    if (!afresh && t->size) {           /* the caller's own size: it must fit the C layout */
        if (t->size > CP_MAX_TYPE_SIZE)
            return FFI_BAD_TYPEDEF;
        node->size = (uint32_t)t->size;
        node->align = t->alignment;
    }
    if (cp_type_layout(node, &size, &align, NULL, 0) != CP_OK)
        return FFI_BAD_TYPEDEF;
    if (afresh || !t->size) {
        if (size == 0)
            return FFI_BAD_TYPEDEF;     /* libffi refuses empty structs; the core would not */
        t->size = size;
        t->alignment = (unsigned short)align;
    }
    return FFI_OK;
}

static ffi_status convert_struct(struct compat_scratch *s, ffi_type *t, unsigned depth,
                                 const cp_type **out)
{
    int top = s->offsets_mode && depth == 0;
    const cp_type *m;
    cp_type *node;
    uint32_t first, count, i, run;
    unsigned h, tallest = 0, height = 0;
    ffi_status st;

    if ((*out = made_for(s, t)) != NULL)
        return FFI_OK;
    if (depth >= CP_MAX_DEPTH || !t->elements)
        return FFI_BAD_TYPEDEF;         /* too deep, or a cycle */
    /* Pass 1: every element's own descriptor exists first, so that nested structs' members are
     * laid down now and this struct's members end up contiguous in pass 2. */
    for (count = 0; t->elements[count]; count++) {
        st = convert_at(s, t->elements[count], depth + 1, &m);
        if (st != FFI_OK)
            return st;
        h = height_of(s, m);
        tallest = h > tallest ? h : tallest;
    }
    /* Pass 2: one member per element, or per run of one element (libffi's way to write an
     * array) folded into one array member. The core counts an array as a level of nesting, so
     * runs of scalars always fold (as C's own arrays would); runs of aggregates too, unless
     * that nested too deep once: then only where another element is deeper still.
     * Conversions here only find what pass 1 made. */
    first = s->members;
    for (i = 0; i < count; i += run) {
        st = convert_at(s, t->elements[i], depth + 1, &m);
        if (st != FFI_OK)
            return st;
        h = height_of(s, m);
        for (run = 1; !top && i + run < count && t->elements[i + run] == t->elements[i];)
            run++;
        if (run > 1 && (h == 0 || s->fold_aggregates || h < tallest)) {
            cp_type *array = new_node(s, NULL, ++h);
            if (!array)
                return FFI_BAD_TYPEDEF;
            cp_type_array(array, m, run);
            m = array;
        } else {
            run = 1;
        }
        if (!add_member(s, m))
            return FFI_BAD_TYPEDEF;
        height = h > height ? h : height;
    }
    node = new_node(s, t, height + 1);
    if (!node)
        return FFI_BAD_TYPEDEF;
    cp_type_struct(node, &s->member[first], s->members - first);
    st = settle(t, node, top);
    if (st != FFI_OK)
        return st;
    *out = node;
    return FFI_OK;
}

/* A scalar or complex ffi_type's size and alignment are what its callers size their value
 * buffers by: they must be the C layout the plan uses. A caller-made complex type may leave
 * both 0 (libffi fills in what is 0); any other disagreement is FFI_BAD_TYPEDEF, never a plan
 * that reads more than the caller's buffer holds. */
static ffi_status settle_leaf(ffi_type *t, const cp_type *node)
{
    size_t size = 0, align = 0;
    if (cp_type_layout(node, &size, &align, NULL, 0) != CP_OK)
        return FFI_BAD_TYPEDEF;
    if (t->size == 0 && t->alignment == 0 && t->type == FFI_TYPE_COMPLEX) {
        t->size = size;
        t->alignment = (unsigned short)align;
    }
    return t->size == size && t->alignment == align ? FFI_OK : FFI_BAD_TYPEDEF;
}

static ffi_status convert_at(struct compat_scratch *s, ffi_type *t, unsigned depth,
                             const cp_type **out)
{
    ffi_status st;
    if (!t)
        return FFI_BAD_TYPEDEF;
    switch (t->type) {
    case FFI_TYPE_STRUCT:
        return convert_struct(s, t, depth, out);
    case FFI_TYPE_COMPLEX:
        st = convert_complex(s, t, out);
        return st == FFI_OK ? settle_leaf(t, *out) : st;
    case FFI_TYPE_LONGDOUBLE:
        if (!s->long_double_ok)
            return FFI_BAD_TYPEDEF;     /* FFI_WIN64's long double is a double: not this type */
        break;
    default:
        break;
    }
    *out = scalar(t->type);
    if (!*out)
        return FFI_BAD_TYPEDEF;
    return t->type == FFI_TYPE_VOID ? FFI_OK : settle_leaf(t, *out);
}

ffi_status compat_convert(struct compat_scratch *s, ffi_type *head, const cp_type **head_out,
                          ffi_type **tail, unsigned n, const cp_type **tail_out)
{
    ffi_status st = FFI_BAD_TYPEDEF;
    unsigned attempt, i;

    /* The second attempt only helps a graph that was too deep: any failure tries it, as
     * conversion has no other effect than filling in the same sizes again. */
    for (attempt = 0; attempt < 2 && st != FFI_OK; attempt++) {
        s->nodes = 0;
        s->members = 0;
        s->fold_aggregates = attempt == 0;
        st = convert_at(s, head, 0, head_out);
        for (i = 0; st == FFI_OK && i < n; i++)
            st = convert_at(s, tail[i], 0, &tail_out[i]);
    }
    return st;
}
