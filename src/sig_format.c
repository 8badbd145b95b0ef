/* cp_sig_format: the canonical text of a signature, which cp_sig_parse reads back to an equal
 * signature and which the plan cache uses as its key. Canonical means one spelling per
 * signature: fixed-width names only, `ptr` for every pointer, `, ` between list items, no other
 * space except before the `{` of an aggregate with attributes (`struct packed align(8) {i8}`),
 * and before `@`; numbers in decimal; the ABI prefix only when the signature names one. */
#include "sig_internal.h"

struct out {
    char *buf;
    size_t cap;
    size_t n;           /* bytes the whole text needs so far; written while they fit */
};

static void put(struct out *o, const char *s)
{
    for (; *s; s++, o->n++)
        if (o->n + 1 < o->cap)      /* keep one byte for the NUL */
            o->buf[o->n] = *s;
}

static void put_num(struct out *o, uint32_t v)
{
    char digits[11];
    unsigned k = sizeof digits - 1;
    digits[k] = '\0';
    do {
        digits[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    put(o, digits + k);
}

static void put_type(struct out *o, const cp_type *t);

static void put_aggregate(struct out *o, const cp_type *t)
{
    uint32_t i;
    put(o, t->kind == CP_KIND_STRUCT ? "struct" : "union");
    if (t->flags & CP_TYPE_PACKED)
        put(o, " packed");
    if (t->align) {
        put(o, " align(");
        put_num(o, t->align);
        put(o, ")");
    }
    if (t->size) {
        put(o, " size(");
        put_num(o, t->size);
        put(o, ")");
    }
    put(o, (t->flags || t->align || t->size) ? " {" : "{");
    for (i = 0; i < t->count; i++) {
        if (i)
            put(o, ", ");
        put_type(o, t->members[i].type);
        if (t->members[i].offset != CP_OFFSET_AUTO) {
            put(o, " @");
            put_num(o, t->members[i].offset);
        }
    }
    put(o, "}");
}

/* The type has passed cp__type_layout: the recursion is as deep as its nesting (CP_MAX_DEPTH)
 * and visits as many nodes as the validation did. */
static void put_type(struct out *o, const cp_type *t)
{
    const cp_type *base = t;

    if (t->kind <= CP_KIND_C80) {
        put(o, cp__sig_scalar_names[t->kind]);
        return;
    }
    if (t->kind != CP_KIND_ARRAY) {
        put_aggregate(o, t);
        return;
    }
    /* An array of arrays prints its dimensions outermost first, after the innermost element. */
    while (base->kind == CP_KIND_ARRAY)
        base = base->elem;
    put_type(o, base);
    for (; t->kind == CP_KIND_ARRAY; t = t->elem) {
        put(o, "[");
        put_num(o, t->count);
        put(o, "]");
    }
}

/* The rules cp_sig_parse enforces, so that everything written here parses back. */
static cp_status check_sig(const cp_sig *sig)
{
    struct cp__walk w;
    struct cp__layout l;
    uint32_t i;
    cp_status s;

    if ((unsigned)sig->abi >= CP_ABI_COUNT_)
        return CP_ERR_ABI;
    if (sig->flags & ~CP_SIG_VARIADIC)
        return CP_ERR_ARG;
    if (sig->nargs > CP_MAX_ARGS)
        return CP_ERR_TOOMANY;
    if (sig->nargs && !sig->args)
        return CP_ERR_ARG;
    if ((sig->flags & CP_SIG_VARIADIC) ? sig->nfixed > sig->nargs
                                       : (sig->nfixed != 0 && sig->nfixed != sig->nargs))
        return CP_ERR_VARIADIC;
    if (sig->ret) {
        cp__walk_init(&w);
        if ((s = cp__type_layout(sig->ret, 0, &w, &l)) != CP_OK)
            return s;
    }
    for (i = 0; i < sig->nargs; i++) {
        if (!sig->args[i])
            return CP_ERR_ARG;
        cp__walk_init(&w);
        if ((s = cp__type_layout(sig->args[i], 0, &w, &l)) != CP_OK)
            return s;
        if (sig->args[i]->kind == CP_KIND_VOID)
            return CP_ERR_TYPE;
    }
    return CP_OK;
}

cp_status cp_sig_format(const cp_sig *sig, char *out, size_t cap, size_t *out_len)
{
    struct out o;
    uint32_t i;
    int variadic;
    cp_status s;

    if (!sig || (!out && cap))
        return CP_ERR_ARG;
    if (cap)
        out[0] = '\0';
    if ((s = check_sig(sig)) != CP_OK)
        return s;
    o.buf = out;
    o.cap = cap;
    o.n = 0;
    if (sig->abi == CP_ABI_SYSV64)
        put(&o, "sysv ");
    else if (sig->abi == CP_ABI_WIN64)
        put(&o, "efiapi ");
    put_type(&o, sig->ret ? sig->ret : &cp_type_void);
    put(&o, "(");
    variadic = (sig->flags & CP_SIG_VARIADIC) != 0;
    for (i = 0; i <= sig->nargs; i++) {
        if (variadic && i == sig->nfixed)
            put(&o, i ? ", ..." : "...");
        if (i == sig->nargs)
            break;
        if (i || (variadic && sig->nfixed == 0))
            put(&o, ", ");
        put_type(&o, sig->args[i]);
    }
    put(&o, ")");
    if (cap)
        out[o.n < cap ? o.n : cap - 1] = '\0';
    if (out_len)
        *out_len = o.n;
    return o.n < cap ? CP_OK : CP_ERR_NOSPACE;
}
