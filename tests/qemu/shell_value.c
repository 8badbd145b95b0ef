/* Values between the shell's text and a call's bytes. The signature decides: a literal is
 * written as the type of its parameter asks (range-checked for integers, converted for floats,
 * copied for strings, member by member at the C layout's offsets for aggregates), and a result
 * is printed the same way back. */
#include "shell.h"

enum cls { C_VOID, C_INT, C_FLOAT, C_PTR, C_COMPLEX, C_AGG, C_OTHER };

static const struct {
    const char *name;
    uint8_t cls, is_signed;
} kinds[CP_KIND_COUNT_] = {
    [CP_KIND_VOID] = { "void", C_VOID, 0 },     [CP_KIND_BOOL] = { "bool", C_INT, 0 },
    [CP_KIND_I8] = { "i8", C_INT, 1 },          [CP_KIND_U8] = { "u8", C_INT, 0 },
    [CP_KIND_I16] = { "i16", C_INT, 1 },        [CP_KIND_U16] = { "u16", C_INT, 0 },
    [CP_KIND_I32] = { "i32", C_INT, 1 },        [CP_KIND_U32] = { "u32", C_INT, 0 },
    [CP_KIND_I64] = { "i64", C_INT, 1 },        [CP_KIND_U64] = { "u64", C_INT, 0 },
    [CP_KIND_I128] = { "i128", C_INT, 1 },      [CP_KIND_U128] = { "u128", C_INT, 0 },
    [CP_KIND_F32] = { "f32", C_FLOAT, 1 },      [CP_KIND_F64] = { "f64", C_FLOAT, 1 },
    [CP_KIND_F80] = { "f80", C_FLOAT, 1 },      [CP_KIND_F128] = { "f128", C_OTHER, 1 },
    [CP_KIND_PTR] = { "ptr", C_PTR, 0 },        [CP_KIND_C32] = { "c32", C_COMPLEX, 1 },
    [CP_KIND_C64] = { "c64", C_COMPLEX, 1 },    [CP_KIND_C80] = { "c80", C_COMPLEX, 1 },
    [CP_KIND_STRUCT] = { "struct", C_AGG, 0 },  [CP_KIND_UNION] = { "union", C_AGG, 0 },
    [CP_KIND_ARRAY] = { "array", C_AGG, 0 },
};

#define MAX_MEMBERS 32                      /* members of one aggregate literal */

static unsigned cls_of(const cp_type *t)
{
    return t->kind < CP_KIND_COUNT_ ? kinds[t->kind].cls : C_OTHER;
}

const char *sh_kind_name(const cp_type *t)
{
    return t->kind < CP_KIND_COUNT_ ? kinds[t->kind].name : "?";
}

static size_t size_of(const cp_type *t)
{
    size_t size = 0;
    return cp_type_layout(t, &size, 0, 0, 0) == CP_OK ? size : 0;
}

void *sh_arena_take(struct sh_arena *a, size_t size, size_t align)
{
    size_t at = (a->used + align - 1) & ~(align - 1);
    if (align > 16 || at > sizeof a->bytes || size > sizeof a->bytes - at)
        return 0;
    a->used = at + size;
    return a->bytes + at;
}

/* ---- literals -> bytes ---- */

/* An integer from a literal or a variable: sign and magnitude. */
static int int_operand(struct sh_line *l, const struct sh_token *tok, int *neg, uint64_t *mag)
{
    const struct sh_var *v;
    if (tok->kind == SH_INT) {
        *neg = tok->neg;
        *mag = tok->mag;
        return 0;
    }
    v = tok->kind == SH_VAR ? sh_var_find(l->text + tok->pos, tok->len) : 0;
    if (tok->kind == SH_VAR && !v)
        return sh_error(l, tok->pos, "no variable '%.*s'", (int)tok->len, l->text + tok->pos);
    if (v && (v->kind == SH_V_INT || v->kind == SH_V_UINT)) {
        *neg = v->kind == SH_V_INT && (int64_t)v->bits < 0;
        *mag = *neg ? 0 - v->bits : v->bits;
        return 0;
    }
    return sh_error(l, tok->pos, "expected an integer");
}

static int put_int(struct sh_line *l, const struct sh_token *tok, const cp_type *t, void *dst)
{
    size_t size = size_of(t), bits = size * 8;
    int neg, is_signed = kinds[t->kind].is_signed;
    uint64_t mag, max, word, high;
    if (int_operand(l, tok, &neg, &mag))
        return -1;
    max = t->kind == CP_KIND_BOOL ? 1 : bits >= 64 ? UINT64_MAX : (1ull << bits) - 1;
    if (is_signed)
        max >>= 1;                          /* 128 bits: any 64-bit magnitude fits */
    if ((neg && mag && !is_signed) ||
        (bits <= 64 && (neg && mag ? mag - 1 > max : mag > max)))
        return sh_error(l, tok->pos, "%s%llu does not fit in %s", neg ? "-" : "",
                        (unsigned long long)mag, sh_kind_name(t));
    word = neg ? 0 - mag : mag;
    high = neg && mag ? UINT64_MAX : 0;
    memcpy(dst, &word, size < 8 ? size : 8);
    if (size == 16)
        memcpy((unsigned char *)dst + 8, &high, 8);
    return 0;
}

static int put_float(struct sh_line *l, const struct sh_token *tok, const cp_type *t, void *dst)
{
    uint64_t bits;
    const struct sh_var *v = tok->kind == SH_VAR ? sh_var_find(l->text + tok->pos, tok->len) : 0;
    if (tok->kind == SH_FLOAT) {
        if (sh_fp_parse(l->text + tok->pos, tok->len, &bits))
            return sh_error(l, tok->pos, "malformed float");
    } else if (v && v->kind == SH_V_FLOAT) {
        bits = v->bits;
    } else {
        int neg;
        uint64_t mag;
        if (int_operand(l, tok, &neg, &mag))
            return -1;
        bits = neg ? sh_fp_from_i64((int64_t)(0 - mag)) : sh_fp_from_u64(mag);
    }
    if (t->kind == CP_KIND_F32) {
        uint32_t f = sh_fp_to_f32(bits);
        memcpy(dst, &f, 4);
    } else if (t->kind == CP_KIND_F64) {
        memcpy(dst, &bits, 8);
    } else {
        sh_fp_to_f80(bits, dst);
    }
    return 0;
}

static int put_ptr(struct sh_line *l, const struct sh_token *tok, void *dst, struct sh_arena *a)
{
    uint64_t p;
    const struct sh_var *v = tok->kind == SH_VAR ? sh_var_find(l->text + tok->pos, tok->len) : 0;
    if (tok->kind == SH_STR) {
        char *s = a ? sh_arena_take(a, tok->len, 1) : 0;
        if (!s)
            return sh_error(l, tok->pos, "out of argument memory");
        sh_str_decode(l, tok, s, tok->len);
        p = (uint64_t)(uintptr_t)s;
    } else if (sh_word_is(l, tok, "null")) {
        p = 0;
    } else if (v && v->kind == SH_V_STR) {
        p = (uint64_t)(uintptr_t)v->data;
    } else if (v && v->kind == SH_V_PTR) {
        p = v->bits;
    } else {
        int neg;
        if (int_operand(l, tok, &neg, &p))
            return -1;
        if (neg)
            return sh_error(l, tok->pos, "a negative address");
    }
    memcpy(dst, &p, 8);
    return 0;
}

static int expect_punct(struct sh_line *l, char c, const char *what)
{
    struct sh_token tok;
    if (sh_next(l, &tok))
        return -1;
    if (!sh_punct_is(l, &tok, c))
        return sh_error(l, tok.pos, "expected %s", what);
    return 0;
}

/* {v, v, ...}: members of a struct at their offsets, the first member of a union, or the
 * elements of an array. Commas between values are optional. */
static int put_aggregate(struct sh_line *l, const cp_type *t, unsigned char *dst,
                         struct sh_arena *a)
{
    size_t offsets[MAX_MEMBERS], size = 0, elem_size = 0;
    uint32_t i, n = t->kind == CP_KIND_UNION && t->count ? 1 : t->count;
    struct sh_token tok;
    if (t->kind != CP_KIND_ARRAY && t->count > MAX_MEMBERS)
        return sh_error(l, l->pos, "a %s of more than %u members", sh_kind_name(t), MAX_MEMBERS);
    if (cp_type_layout(t, &size, 0, t->kind == CP_KIND_ARRAY ? 0 : offsets, MAX_MEMBERS) != CP_OK)
        return sh_error(l, l->pos, "bad aggregate type");
    if (t->kind == CP_KIND_ARRAY)
        elem_size = size_of(t->elem);
    memset(dst, 0, size);
    for (i = 0; i < n; i++) {
        const cp_type *m = t->kind == CP_KIND_ARRAY ? t->elem : t->members[i].type;
        unsigned char *at = dst + (t->kind == CP_KIND_ARRAY ? i * elem_size : offsets[i]);
        if (sh_peek(l, &tok))
            return -1;
        if (sh_punct_is(l, &tok, '}'))
            return sh_error(l, tok.pos, "%u value%s missing in {...}", (unsigned)(n - i),
                            n - i == 1 ? "" : "s");
        if (sh_put_arg(l, m, at, a))
            return -1;
        if (sh_peek(l, &tok))
            return -1;
        if (sh_punct_is(l, &tok, ','))
            sh_next(l, &tok);
    }
    return expect_punct(l, '}', "'}' after the last value");
}

int sh_put_arg(struct sh_line *l, const cp_type *t, void *dst, struct sh_arena *a)
{
    struct sh_token tok;
    const struct sh_var *v;
    if (sh_next(l, &tok))
        return -1;
    if (tok.kind == SH_END)
        return sh_error(l, tok.pos, "missing a value of type %s", sh_kind_name(t));
    switch (cls_of(t)) {
    case C_INT:
        return put_int(l, &tok, t, dst);
    case C_FLOAT:
        return put_float(l, &tok, t, dst);
    case C_PTR:
        return put_ptr(l, &tok, dst, a);
    case C_AGG:
        v = tok.kind == SH_VAR ? sh_var_find(l->text + tok.pos, tok.len) : 0;
        if (v && v->kind == SH_V_BLOB && v->size == size_of(t)) {
            memcpy(dst, v->data, v->size);
            return 0;
        }
        if (!sh_punct_is(l, &tok, '{'))
            return sh_error(l, tok.pos, "expected {...} for a %s", sh_kind_name(t));
        return put_aggregate(l, t, dst, a);
    default:
        return sh_error(l, tok.pos, "no literals of type %s in this shell", sh_kind_name(t));
    }
}

int sh_variadic_type(struct sh_line *l, const struct sh_token *t, const cp_type **out)
{
    const struct sh_var *v = t->kind == SH_VAR ? sh_var_find(l->text + t->pos, t->len) : 0;
    if (t->kind == SH_INT || (v && v->kind == SH_V_INT))
        *out = t->kind == SH_INT && !t->neg && t->mag > INT64_MAX ? &cp_type_u64 : &cp_type_i64;
    else if (v && v->kind == SH_V_UINT)
        *out = &cp_type_u64;
    else if (t->kind == SH_FLOAT || (v && v->kind == SH_V_FLOAT))
        *out = &cp_type_f64;
    else if (t->kind == SH_STR || sh_word_is(l, t, "null") ||
             (v && (v->kind == SH_V_STR || v->kind == SH_V_PTR)))
        *out = &cp_type_ptr;
    else if (t->kind == SH_VAR && !v)
        return sh_error(l, t->pos, "no variable '%.*s'", (int)t->len, l->text + t->pos);
    else
        return sh_error(l, t->pos, "no default promotion for this value after '...'");
    return 0;
}

/* ---- bytes -> text ---- */
static void show_int(const cp_type *t, const unsigned char *src, char *out, size_t cap,
                     size_t *n)
{
    size_t size = size_of(t);
    int is_signed = kinds[t->kind].is_signed;
    uint64_t lo = 0, hi = 0;
    memcpy(&lo, src, size < 8 ? size : 8);
    if (size == 16) {
        memcpy(&hi, src + 8, 8);
    } else if (is_signed) {
        if (size < 8 && (lo >> (size * 8 - 1)) & 1)
            lo |= UINT64_MAX << (size * 8); /* sign-extend */
        hi = lo >> 63 ? UINT64_MAX : 0;
    }
    if (is_signed && hi == UINT64_MAX && lo >> 63)
        sh_cat_dec(out, cap, n, (int64_t)lo);
    else if (hi == 0 && !(is_signed && size == 16 && lo >> 63))
        sh_cat_udec(out, cap, n, lo);
    else {
        sh_cat_hex(out, cap, n, hi);        /* beyond 64 bits: hex, high then low word */
        sh_cat(out, cap, n, ":");
        sh_cat_hex(out, cap, n, lo);
    }
}

static void show_float(unsigned kind, const unsigned char *src, char *out, size_t cap,
                       size_t *n)
{
    char text[40];
    uint64_t bits;
    uint32_t f;
    if (kind == CP_KIND_F32) {
        memcpy(&f, src, 4);
        bits = sh_fp_from_f32(f);
    } else if (kind == CP_KIND_F64) {
        memcpy(&bits, src, 8);
    } else {
        bits = sh_fp_from_f80(src);
    }
    sh_fp_format(bits, text, sizeof text);
    sh_cat(out, cap, n, text);
}

static void show_aggregate(const cp_type *t, const unsigned char *src, char *out, size_t cap,
                           size_t *n)
{
    size_t offsets[MAX_MEMBERS], elem_size = t->kind == CP_KIND_ARRAY ? size_of(t->elem) : 0;
    uint32_t i, count = t->kind == CP_KIND_UNION && t->count ? 1 : t->count;
    if ((t->kind != CP_KIND_ARRAY && t->count > MAX_MEMBERS) ||
        cp_type_layout(t, 0, 0, t->kind == CP_KIND_ARRAY ? 0 : offsets, MAX_MEMBERS) != CP_OK) {
        sh_cat(out, cap, n, "{...}");
        return;
    }
    sh_cat(out, cap, n, "{");
    for (i = 0; i < count; i++) {
        if (i)
            sh_cat(out, cap, n, ", ");
        if (t->kind == CP_KIND_ARRAY)
            sh_show(t->elem, src + i * elem_size, out, cap, n);
        else
            sh_show(t->members[i].type, src + offsets[i], out, cap, n);
    }
    sh_cat(out, cap, n, "}");
}

void sh_show(const cp_type *t, const void *src, char *out, size_t cap, size_t *n)
{
    const unsigned char *b = src;
    uint64_t p;
    switch (cls_of(t)) {
    case C_VOID:
        sh_cat(out, cap, n, "(void)");
        break;
    case C_INT:
        show_int(t, b, out, cap, n);
        break;
    case C_FLOAT:
        show_float(t->kind, b, out, cap, n);
        break;
    case C_PTR:
        memcpy(&p, b, 8);
        if (p) {
            sh_cat(out, cap, n, "(ptr)");
            sh_cat_hex(out, cap, n, p);
        } else {
            sh_cat(out, cap, n, "null");
        }
        break;
    case C_COMPLEX: {
        /* Two parts of the matching real type, each half the object's size. */
        unsigned part = t->kind == CP_KIND_C32 ? CP_KIND_F32
                      : t->kind == CP_KIND_C64 ? CP_KIND_F64 : CP_KIND_F80;
        size_t half = size_of(t) / 2;
        sh_cat(out, cap, n, "(");
        show_float(part, b, out, cap, n);
        sh_cat(out, cap, n, ", ");
        show_float(part, b + half, out, cap, n);
        sh_cat(out, cap, n, ")");
        break;
    }
    case C_AGG:
        show_aggregate(t, b, out, cap, n);
        break;
    default:
        sh_cat(out, cap, n, "(");
        sh_cat(out, cap, n, sh_kind_name(t));
        sh_cat(out, cap, n, ")");
        break;
    }
}
