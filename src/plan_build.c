/* The plan builder driver: checks the signature (portable rules), lets the ABI's classifier emit
 * the moves, then seals the header with its checksum. The same code measures (cp_plan_size) and
 * builds: with no buffer, or one too small, it keeps counting without writing. */
#include "internal.h"

cp_status cp__emit_move(struct cp__builder *b, unsigned op, uint32_t arg, uint32_t src,
                        uint32_t dst, uint32_t len)
{
    size_t at = cp__plan_length(0, b->hdr.nmoves);
    /* Bounds the format's fields; the classifiers never exceed them for valid signatures. */
    if (op >= CP__OP_COUNT || arg > 0xFF || src > 0xFFFF || dst > 0xFFFF || len > 0xFFFF ||
        b->hdr.nmoves == 0xFFFF)
        return CP_ERR_TOOMANY;
    if (b->buf && at + CP__MOVE_BYTES <= b->cap) {
        struct cp__move *m = (struct cp__move *)(void *)(b->buf + at);
        m->op = (uint8_t)op;
        m->arg = (uint8_t)arg;
        m->src = (uint16_t)src;
        m->dst = (uint16_t)dst;
        m->len = (uint16_t)len;
    }
    b->hdr.nmoves++;
    return CP_OK;
}

void cp__emit_ret(struct cp__builder *b, unsigned slot, unsigned reg, uint32_t len, uint32_t dst)
{
    b->hdr.ret[slot].reg = (uint8_t)reg;
    b->hdr.ret[slot].len = (uint8_t)len;
    b->hdr.ret[slot].dst = (uint8_t)dst;
}

/* C's default argument promotions turn these into int or double before a "..." call: callplan
 * never guesses, the caller passes the promoted type (ABI.md 1.7). */
static int is_unpromoted(cp_kind k)
{
    return k == CP_KIND_F32 || k == CP_KIND_BOOL || k == CP_KIND_I8 || k == CP_KIND_U8 ||
           k == CP_KIND_I16 || k == CP_KIND_U16;
}

static cp_status check_value_type(struct cp__builder *b, const cp_type *t, struct cp__layout *l)
{
    cp_status s = cp__type_layout(t, 0, &b->walk, l);
    if (s != CP_OK)
        return s;
#ifdef CP_NOFLOAT
    if (l->has_float)
        return CP_ERR_UNSUPPORTED;          /* this build has no FP moves at all */
#endif
    return CP_OK;
}

static cp_status check_sig(struct cp__builder *b, const struct cp__abi_ops **ops)
{
    const cp_sig *sig = b->sig;
    int variadic;
    uint32_t i;
    cp_abi abi;

    if (!sig)
        return CP_ERR_ARG;
    abi = sig->abi == CP_ABI_DEFAULT ? cp__arch_default_abi() : sig->abi;
    if ((unsigned)abi >= CP_ABI_COUNT_ || !(*ops = cp__arch_abi(abi)))
        return CP_ERR_ABI;
    b->hdr.abi = (uint8_t)abi;
    if (sig->flags & ~CP_SIG_VARIADIC)
        return CP_ERR_ARG;
    if (sig->nargs > CP_MAX_ARGS)
        return CP_ERR_TOOMANY;
    if (sig->nargs && !sig->args)
        return CP_ERR_ARG;
    variadic = (sig->flags & CP_SIG_VARIADIC) != 0;
    if (variadic ? sig->nfixed > sig->nargs : (sig->nfixed != 0 && sig->nfixed != sig->nargs))
        return CP_ERR_VARIADIC;
    if (variadic)
        b->hdr.flags |= CP_PLAN_VARIADIC;
    if (sig->ret) {
        struct cp__layout l;
        cp_status s = check_value_type(b, sig->ret, &l);
        if (s != CP_OK)
            return s;
        b->hdr.ret_size = l.size;
    }
    for (i = 0; i < sig->nargs; i++) {
        const cp_type *t = sig->args[i];
        struct cp__layout l;
        cp_status s;
        if (!t)
            return CP_ERR_ARG;
        s = check_value_type(b, t, &l);
        if (s != CP_OK)
            return s;
        if (t->kind == CP_KIND_VOID)
            return CP_ERR_TYPE;             /* void is a return type only */
        if (variadic && i >= sig->nfixed && is_unpromoted((cp_kind)t->kind))
            return CP_ERR_VARIADIC;
        if (l.size > CP_MAX_STACK_BYTES)
            return CP_ERR_TOOMANY;
        b->sizes[i] = (uint16_t)l.size;
    }
    return CP_OK;
}

/* Writes the argument-size table after the moves, with its padding zeroed: the checksum
 * covers it. */
static void write_sizes(const struct cp__builder *b, uint8_t *at, size_t end)
{
    uint16_t *table = (uint16_t *)(void *)at;
    uint32_t i;
    for (i = 0; i < b->sig->nargs; i++)
        table[i] = b->sizes[i];
    for (i *= 2; at + i < b->buf + end; i++)
        at[i] = 0;
}

/* Orders the moves by frame offset: registers in argument-register order, then the stack. The
 * general interpreter does not care; the fast executors load register k from move k. */
static void sort_moves(struct cp__move *m, uint32_t n)
{
    uint32_t i, j;
    for (i = 1; i < n; i++) {
        struct cp__move key = m[i];         /* 8 bytes: one register, never a memcpy call */
        for (j = i; j > 0 && m[j - 1].dst > key.dst; j--)
            m[j] = m[j - 1];
        m[j] = key;
    }
}

/* Runs the whole build into b; returns the plan's length in *len. */
static cp_status build(struct cp__builder *b, size_t *len)
{
    const struct cp__abi_ops *ops = NULL;
    cp_status s;

    cp__memset(&b->hdr, 0, sizeof b->hdr);
    cp__walk_init(&b->walk);
    s = check_sig(b, &ops);
    if (s != CP_OK)
        return s;
    s = ops->build(b);
    if (s != CP_OK)
        return s;
    *len = cp__plan_length(b->sig->nargs, b->hdr.nmoves);
    b->hdr.magic = CP__PLAN_MAGIC;
    b->hdr.version = CP_PLAN_VERSION;
    b->hdr.nargs = (uint8_t)b->sig->nargs;
    b->hdr.length = (uint32_t)*len;
    if (b->buf && *len <= b->cap) {
        struct cp__move *moves = (struct cp__move *)(void *)(b->buf + CP__PLAN_HDR);
        write_sizes(b, b->buf + cp__plan_length(0, b->hdr.nmoves), *len);
        sort_moves(moves, b->hdr.nmoves);
        ops->exec(&b->hdr, moves, &b->hdr.exec, &b->hdr.result);
    }
    return CP_OK;
}

cp_status cp_plan_size(const cp_sig *sig, size_t *size)
{
    struct cp__builder b;
    size_t len = 0;
    cp_status s;

    if (!size)
        return CP_ERR_ARG;
    b.buf = NULL;
    b.cap = 0;
    b.sig = sig;
    s = build(&b, &len);
    if (s == CP_OK)
        *size = len;
    return s;
}

cp_status cp_plan_build(void *buf, size_t size, const cp_sig *sig, size_t *used)
{
    struct cp__builder b;
    size_t len = 0;
    cp_status s;

    if (!buf)
        return CP_ERR_ARG;
    if ((uintptr_t)buf % CP_PLAN_ALIGN)
        return CP_ERR_ALIGN;
    b.buf = buf;
    b.cap = size;
    b.sig = sig;
    s = build(&b, &len);
    if (s != CP_OK)
        return s;
    if (used)
        *used = len;
    if (len > size)
        return CP_ERR_NOSPACE;
    cp__memcpy(buf, &b.hdr, sizeof b.hdr);
    ((struct cp__plan_hdr *)buf)->checksum = cp__checksum(buf, len);
    return CP_OK;
}
