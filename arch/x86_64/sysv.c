/* x86-64 System V: turns classified arguments into moves (psABI 3.2.3, ../shared/ABI.md 1.3-1.7),
 * and the System V rules of cp_plan_check. */
#include "sysv.h"

struct regs {
    uint32_t gp, sse, stack;
};

/* Registers an argument in registers: one move per eightbyte that has a class. */
static cp_status emit_in_regs(struct cp__builder *b, struct regs *r, const cp_type *t,
                              const struct cp__sysv_class *c, uint32_t arg)
{
    unsigned i;
    for (i = 0; i < c->n; i++) {
        uint32_t src = 8 * i, len = c->size - src < 8 ? c->size - src : 8;
        cp_status s = CP_OK;
        if (c->cls[i] == CP__C_INTEGER) {
            s = cp__x86_emit_bytes(b, (cp_kind)t->kind, arg, src, CP__IMG_GP + 8 * r->gp++, len);
        } else if (c->cls[i] == CP__C_SSE) {
            uint32_t dst = CP__IMG_XMM + CP__IMG_XMM_SLOT * r->sse++;
            if (i + 1 < c->n && c->cls[i + 1] == CP__C_SSEUP)   /* one whole 16-byte XMM */
                s = cp__emit_move(b, CP__OP_COPY, arg, src, dst, 16);
            else
                s = cp__x86_emit_bytes(b, (cp_kind)t->kind, arg, src, dst, len);
        }
        if (s != CP_OK)
            return s;
    }
    return CP_OK;
}

static cp_status emit_on_stack(struct cp__builder *b, struct regs *r, const cp_type *t,
                               const struct cp__sysv_class *c, uint32_t arg)
{
    uint32_t slot_align = c->align >= 16 ? 16 : 8;
    r->stack = (r->stack + slot_align - 1) & ~(slot_align - 1);
    if (r->stack + c->size > CP_MAX_STACK_BYTES)
        return CP_ERR_TOOMANY;
    if (c->size) {
        cp_status s = c->size <= 8
            ? cp__x86_emit_bytes(b, (cp_kind)t->kind, arg, 0, CP__IMG_BYTES + r->stack, c->size)
            : cp__emit_move(b, CP__OP_COPY, arg, 0, CP__IMG_BYTES + r->stack, c->size);
        if (s != CP_OK)
            return s;
    }
    r->stack += (c->size + 7) & ~7u;
    return CP_OK;
}

static cp_status place_arg(struct cp__builder *b, struct regs *r, const cp_type *t, uint32_t arg)
{
    struct cp__sysv_class c;
    uint32_t need_gp = 0, need_sse = 0, i;
    cp_status s = cp__sysv_classify(t, &b->walk, &c);

    if (s != CP_OK)
        return s;
    if (c.align > 16)
        return CP_ERR_UNSUPPORTED;          /* would need a 32-aligned stack slot (ABI.md 1.5) */
    for (i = 0; i < c.n && !c.memory; i++) {
        if (c.cls[i] == CP__C_INTEGER)
            need_gp++;
        else if (c.cls[i] == CP__C_SSE)
            need_sse++;
        else if (c.cls[i] != CP__C_NONE && c.cls[i] != CP__C_SSEUP)
            c.memory = 1;                   /* x87 classes go on the stack */
    }
    /* All or nothing: an argument that does not fit whole goes to the stack, and later
     * arguments still take the registers left (ABI.md 1.3). */
    if (!c.memory && r->gp + need_gp <= CP__IMG_NGP && r->sse + need_sse <= CP__IMG_NXMM)
        return emit_in_regs(b, r, t, &c, arg);
    return emit_on_stack(b, r, t, &c, arg);
}

/* Return moves; an sret return takes the first integer register. */
static cp_status place_ret(struct cp__builder *b, struct regs *r, const cp_type *t)
{
    struct cp__sysv_class c;
    unsigned i, slot = 0, nint = 0, nsse = 0;
    cp_status s;

    if (!t || t->kind == CP_KIND_VOID)
        return CP_OK;
    if (t->kind == CP_KIND_C80) {           /* COMPLEX_X87: real in ST0, imaginary in ST1 */
        cp__emit_ret(b, 0, CP__RET_ST0, 16, 0);
        cp__emit_ret(b, 1, CP__RET_ST0, 16, 16);
        return CP_OK;
    }
    s = cp__sysv_classify(t, &b->walk, &c);
    if (s != CP_OK)
        return s;
    if (c.memory) {
        b->hdr.flags |= CP_PLAN_SRET;
        r->gp = 1;
        return CP_OK;
    }
    for (i = 0; i < c.n; i++) {
        uint32_t len = c.size - 8 * i < 8 ? c.size - 8 * i : 8;
        switch (c.cls[i]) {
        case CP__C_INTEGER:
            cp__emit_ret(b, slot++, nint++ ? CP__RET_RDX : CP__RET_RAX, len, 8 * i);
            if (t->kind == CP_KIND_I8 || t->kind == CP_KIND_I16)
                b->hdr.ret[0].sign = 1;     /* for closures: they return it sign-extended */
            break;
        case CP__C_SSE:
            if (i + 1 < c.n && c.cls[i + 1] == CP__C_SSEUP)
                len = 16;
            cp__emit_ret(b, slot++, nsse++ ? CP__RET_XMM1 : CP__RET_XMM0, len, 8 * i);
            break;
        case CP__C_X87:                     /* with its X87UP: the whole long double in ST0 */
            cp__emit_ret(b, slot++, CP__RET_ST0, 16, 8 * i);
            break;
        default:                            /* NONE, SSEUP, X87UP: covered by their neighbour */
            break;
        }
    }
    return CP_OK;
}

static cp_status sysv_build(struct cp__builder *b)
{
    const cp_sig *sig = b->sig;
    struct regs r = { 0, 0, 0 };
    uint32_t i;
    cp_status s = place_ret(b, &r, sig->ret);

    for (i = 0; s == CP_OK && i < sig->nargs; i++)
        s = place_arg(b, &r, sig->args[i], i);
    if (s != CP_OK)
        return s;
    b->hdr.ngp = (uint8_t)r.gp;
    b->hdr.nsse = (uint8_t)r.sse;
    b->hdr.frame = (uint16_t)(CP__IMG_BYTES + ((r.stack + 15) & ~15u));
    if (r.sse || cp__x86_ret_is_fp(b->hdr.ret[0].reg) || cp__x86_ret_is_fp(b->hdr.ret[1].reg))
        b->hdr.flags |= CP_PLAN_USES_FP;
    return CP_OK;
}

/* A move into the register images must fill one slot of a register the plan says it uses, from
 * the slot's first byte: a vector slot below nsse, or a GP slot below ngp that is not the sret
 * pointer's (the stub puts the return buffer there; a move over it would aim the callee's
 * stores). A stack move starts a stack slot (all are 8-aligned). */
static int image_write_ok(const struct cp__plan_hdr *h, const struct cp__move *m)
{
    uint32_t dst = m->dst, end = dst + (m->op == CP__OP_COPY ? m->len : 8u);
    uint32_t first_gp = (h->flags & CP_PLAN_SRET) ? 1 : 0, slot;
    if (dst >= CP__IMG_BYTES)
        return (dst - CP__IMG_BYTES) % 8 == 0;  /* a stack slot's start; the frame bounds it */
    if (dst < CP__IMG_GP) {
        slot = (dst - CP__IMG_XMM) / CP__IMG_XMM_SLOT;
        return slot < h->nsse && dst == CP__IMG_XMM + CP__IMG_XMM_SLOT * slot &&
               end <= dst + CP__IMG_XMM_SLOT;
    }
    slot = (dst - CP__IMG_GP) / 8;
    return slot >= first_gp && slot < h->ngp && dst == CP__IMG_GP + 8 * slot && end <= dst + 8;
}

/* The System V rules of a plan whose generic structure cp_plan_check already verified. */
static cp_status sysv_check(const struct cp__plan_hdr *h, const struct cp__move *moves)
{
    static const uint8_t max_len[CP__RET_COUNT] = { 0, 8, 8, 16, 16, 16 };
    int fp = h->nsse != 0;
    unsigned i;

    if (h->ngp > CP__IMG_NGP || h->nsse > CP__IMG_NXMM || h->frame < CP__IMG_BYTES ||
        h->frame > CP__IMG_BYTES + CP_MAX_STACK_BYTES)
        return CP_ERR_PLAN;
    for (i = 0; i < 2; i++) {
        const struct cp__retmove *m = &h->ret[i];
        if (m->reg == CP__RET_NONE) {
            if (m->len || m->dst || m->sign || (i == 0 && h->ret[1].reg != CP__RET_NONE))
                return CP_ERR_PLAN;
            continue;
        }
        if (m->reg >= CP__RET_COUNT || m->sign > 1 ||
            (m->sign && (m->reg != CP__RET_RAX || m->len > 2)) ||
            m->len == 0 || m->len > max_len[m->reg] ||
            (m->reg == CP__RET_ST0 && m->len != 16) || (uint32_t)m->dst + m->len > h->ret_size)
            return CP_ERR_PLAN;
        fp |= cp__x86_ret_is_fp(m->reg);
    }
    if ((h->flags & CP_PLAN_SRET) && (h->ret[0].reg != CP__RET_NONE || h->ngp == 0))
        return CP_ERR_PLAN;
    for (i = 0; i < h->nmoves; i++) {
        if (moves[i].op == CP__OP_ADDR || !image_write_ok(h, &moves[i]))
            return CP_ERR_PLAN;
        if (moves[i].dst < CP__IMG_XMM + CP__IMG_NXMM * CP__IMG_XMM_SLOT)
            fp = 1;                         /* writes an XMM image */
    }
    if (fp != !!(h->flags & CP_PLAN_USES_FP))
        return CP_ERR_PLAN;
#ifdef CP_NOFLOAT
    if (fp)
        return CP_ERR_UNSUPPORTED;          /* this build's stub has no FP instruction at all */
#endif
    return CP_OK;
}

const struct cp__abi_ops cp__sysv_ops = {
    "sysv64", sysv_build, sysv_check, cp__x86_slot_name, cp__sysv_exec, cp__sysv_exec_name,
    cp__sysv_exec_family, "rdi", cp__x86_ret_names, CP__RET_COUNT
};
