/* cp_plan_dump: a readable listing of a plan, one line per part, through the caller's sink.
 *
 *   plan v1 sysv64 args=2 moves=2 gp=1 sse=1 frame=176 flags=fp ret=8
 *     arg0 8 bytes
 *     ld4s   arg0+0 -> rdi        frame[dst..+8]  = sign-extended 32-bit arg[src]
 *     ret    xmm0 8 bytes -> ret+0
 */
#include "internal.h"

struct line {
    char text[160];
    size_t n;
    cp_sink *sink;
    void *ctx;
};

static void put(struct line *l, const char *s)
{
    cp__fmt_str(l->text, sizeof l->text, &l->n, s);
}

static void put_dec(struct line *l, uint32_t v)
{
    cp__fmt_dec(l->text, sizeof l->text, &l->n, v);
}

static void pad_to(struct line *l, size_t col)
{
    while (l->n < col && l->n + 1 < sizeof l->text)
        l->text[l->n++] = ' ';
}

static void end_line(struct line *l)
{
    l->text[l->n++] = '\n';                 /* put() always leaves this byte free */
    l->sink(l->ctx, l->text, l->n);
    l->n = 0;
}

static const char *const op_names[CP__OP_COUNT] = {
#define CP__OP_NAME(name, rd, wr, doc) #name,
    CP__MOVES(CP__OP_NAME)
#undef CP__OP_NAME
};
static const char *const op_docs[CP__OP_COUNT] = {
#define CP__OP_DOC(name, rd, wr, doc) doc,
    CP__MOVES(CP__OP_DOC)
#undef CP__OP_DOC
};

static void put_lower(struct line *l, const char *s)
{
    char c[2] = { 0, 0 };
    for (; *s; s++) {
        c[0] = *s;
        if (c[0] >= 'A' && c[0] <= 'Z')
            c[0] = (char)(c[0] | 0x20);     /* ASCII: the lower case is one bit away */
        put(l, c);
    }
}

static void dump_header(struct line *l, const struct cp__plan_hdr *h, const struct cp__abi_ops *ops)
{
    put(l, "plan v");
    put_dec(l, h->version);
    put(l, " ");
    put(l, ops->name);
    put(l, " args=");
    put_dec(l, h->nargs);
    put(l, " moves=");
    put_dec(l, h->nmoves);
    put(l, " gp=");
    put_dec(l, h->ngp);
    put(l, " sse=");
    put_dec(l, h->nsse);
    put(l, " frame=");
    put_dec(l, h->frame);
    put(l, " flags=");
    if (!h->flags)
        put(l, "-");
    if (h->flags & CP_PLAN_USES_FP)
        put(l, "fp,");
    if (h->flags & CP_PLAN_VARIADIC)
        put(l, "variadic,");
    if (h->flags & CP_PLAN_SRET)
        put(l, "sret,");
    if (h->flags && l->text[l->n - 1] == ',')
        l->n--;
    put(l, " ret=");
    put_dec(l, h->ret_size);
    end_line(l);
    {
        char exec[32];
        ops->exec_name(h->exec, exec, sizeof exec);
        put(l, "  exec ");
        put(l, exec);
        end_line(l);
    }
}

cp_status cp_plan_dump(const cp_plan *plan, cp_sink *sink, void *ctx)
{
    const struct cp__plan_hdr *h = (const struct cp__plan_hdr *)(const void *)plan;
    const struct cp__abi_ops *ops;
    const struct cp__move *moves;
    const uint16_t *sizes;
    struct line l;
    cp_status s;
    uint32_t i;

    if (!plan || !sink)
        return CP_ERR_ARG;
    if ((uintptr_t)plan % CP_PLAN_ALIGN)
        return CP_ERR_ALIGN;
    if (h->magic != CP__PLAN_MAGIC)
        return CP_ERR_PLAN;
    s = cp_plan_check(plan, h->length);
    if (s != CP_OK)
        return s;
    ops = cp__arch_abi((cp_abi)h->abi);
    sizes = cp__plan_sizes(plan, h->nmoves);
    moves = cp__plan_moves(plan);
    l.n = 0;
    l.sink = sink;
    l.ctx = ctx;
    dump_header(&l, h, ops);
    for (i = 0; i < h->nargs; i++) {
        put(&l, "  arg");
        put_dec(&l, i);
        put(&l, " ");
        put_dec(&l, sizes[i]);
        put(&l, " bytes");
        end_line(&l);
    }
    if (h->flags & CP_PLAN_SRET) {
        put(&l, "  sret   ret -> ");
        put(&l, ops->sret_reg);
        end_line(&l);
    }
    for (i = 0; i < h->nmoves; i++) {
        const struct cp__move *m = &moves[i];
        char slot[24];
        ops->slot_name(m->dst, slot, sizeof slot);
        put(&l, "  ");
        put_lower(&l, op_names[m->op]);
        if (m->op == CP__OP_COPY)
            put_dec(&l, m->len);
        pad_to(&l, 9);
        put(&l, "arg");
        put_dec(&l, m->arg);
        put(&l, "+");
        put_dec(&l, m->src);
        put(&l, " -> ");
        put(&l, slot);
        pad_to(&l, 36);
        put(&l, op_docs[m->op]);
        end_line(&l);
    }
    for (i = 0; i < 2 && h->ret[i].reg != CP__RET_NONE; i++) {
        put(&l, "  ret    ");
        put(&l, h->ret[i].reg < ops->nret_regs ? ops->ret_reg_names[h->ret[i].reg] : "?");
        put(&l, " ");
        put_dec(&l, h->ret[i].len);
        put(&l, " bytes -> ret+");
        put_dec(&l, h->ret[i].dst);
        end_line(&l);
    }
    return CP_OK;
}
