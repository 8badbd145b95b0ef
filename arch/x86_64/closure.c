/* The C half of an x86-64 closure call (System V or Microsoft x64): closure.S saved the argument registers as
 * images and calls cp__closure_dispatch, which gathers the arguments, runs the handler, and
 * fills the result block that closure.S loads into RAX, RDX, XMM0, XMM1 and the x87 stack.
 * No FP register is touched here: values move as bytes. */
#include "../../src/closure.h"
#include "arch.h"

CP__HIDDEN void cp__closure_dispatch(const struct cp__closure_slot *slot, uint8_t *frame,
                                     const uint8_t *stack);

_Static_assert(CP__CL_FRAME % 16 == 0 && CP_CLOSURE_MAX_ARGS * 8 <= CP__CL_RETBUF - CP__CL_ARGS,
               "closure frame layout");

/* What the entry offers a handler: a result in registers goes through a 32-byte buffer (two
 * eightbytes, or the two x87 parts of a _Complex long double), and an argument is read from a
 * 16-byte scratch slot unless it arrived whole on the caller's stack (one stack COPY of its
 * full size) or by reference (ADDR). A plan declaring more is refused: cp_plan_check bounds
 * the moves by the declared sizes, this bounds the declared sizes by the moves. */
#define CL_SCRATCH 16
#define CL_RETBUF 32

cp_status cp__arch_closure_check(const void *plan)
{
    const struct cp__plan_hdr *h = plan;
    const struct cp__move *m = cp__plan_moves(plan);
    const uint16_t *sizes = cp__plan_sizes(plan, h->nmoves);
    uint32_t whole = 0, i;

    if (!(h->flags & CP_PLAN_SRET) && h->ret_size > CL_RETBUF)
        return CP_ERR_PLAN;
    for (i = 0; i < h->nmoves; i++)
        if (m[i].op == CP__OP_ADDR || (m[i].op == CP__OP_COPY && m[i].dst >= CP__IMG_BYTES &&
                                       m[i].src == 0 && m[i].len == sizes[m[i].arg]))
            whole |= 1u << m[i].arg;        /* nargs <= CP_CLOSURE_MAX_ARGS, checked before */
    for (i = 0; i < h->nargs; i++)
        if (sizes[i] > CL_SCRATCH && !((whole >> i) & 1))
            return CP_ERR_PLAN;
    return CP_OK;
}

/* The direct path (closure.S) needs: no sret, a result shape it loads itself (not the return
 * moves, which may need sign extension), and every argument in one move, read whole from
 * offset 0 of its value: then args[i] is simply where that move's bytes arrived, a register
 * image or a stack slot, at a fixed offset from the entry's frame. */
void cp__arch_closure_prepare(struct cp__closure_slot *slot)
{
    const struct cp__plan_hdr *h = (const struct cp__plan_hdr *)(const void *)slot->plan;
    const struct cp__move *m = cp__plan_moves(slot->plan);
    uint32_t seen = 0, i;

    slot->mode = (h->flags & CP_PLAN_USES_FP) ? CP__MODE_FP : 0;
    if (h->abi == CP_ABI_WIN64) {
        slot->mode |= CP__MODE_WIN64;       /* always through the dispatcher */
        return;
    }
    if ((h->flags & CP_PLAN_SRET) || h->result == CP__RES_MOVES)
        return;
    for (i = 0; i < h->nmoves; i++) {
        uint32_t dst = m[i].dst;
        uint32_t at = dst < CP__IMG_BYTES
            ? dst : CP__CL_FRAME + 16u + (dst - CP__IMG_BYTES);    /* past the return address */
        uint32_t size = cp__plan_sizes(slot->plan, h->nmoves)[m[i].arg];
        if (m[i].src != 0 || (seen >> m[i].arg) & 1 || at > 0xFFFF ||
            (m[i].op == CP__OP_COPY ? m[i].len != size : size > 8))
            return;                         /* args[i] would not cover the declared size */
        seen |= 1u << m[i].arg;
        slot->arg_at[m[i].arg] = (uint16_t)at;
    }
    if (seen != (h->nargs ? (2u << (h->nargs - 1)) - 1 : 0))
        return;                             /* an argument with no move (an empty struct) */
    slot->mode |= CP__MODE_DIRECT;
}

/* Loads `len` result bytes as an integer register value: zero-extended, or sign-extended for a
 * signed result narrower than 4 bytes (callers re-extend; callplan's closures extend anyway). */
static uint64_t int_value(const uint8_t *bytes, uint32_t len, int sign)
{
    uint64_t v = 0;
    uint32_t i;
    for (i = len; i-- > 0;)
        v = (v << 8) | bytes[i];
    if (sign && len > 0 && len < 8 && (v >> (8 * len - 1)) & 1)
        v |= ~0ull << (8 * len);
    return v;
}

static void put_result(const struct cp__plan_hdr *h, const uint8_t *ret, uint8_t *res)
{
    unsigned i;
    for (i = 0; i < 2; i++) {
        const struct cp__retmove *m = &h->ret[i];
        uint64_t v;
        uint32_t n;
        switch (m->reg) {
        case CP__RET_RAX:
        case CP__RET_RDX:
            v = int_value(ret + m->dst, m->len, m->sign);
            cp__memcpy(res + (m->reg == CP__RET_RAX ? CP__CL_RES_RAX - CP__CL_RES
                                                     : CP__CL_RES_RDX - CP__CL_RES), &v, 8);
            break;
        case CP__RET_XMM0:
        case CP__RET_XMM1:
            cp__memcpy(res + (m->reg == CP__RET_XMM0 ? CP__CL_RES_XMM0 - CP__CL_RES
                                                      : CP__CL_RES_XMM1 - CP__CL_RES),
                       ret + m->dst, m->len);
            res[CP__CL_RES_FP - CP__CL_RES] = 1;
            break;
        case CP__RET_ST0:                   /* ST0 first (the real part of a complex) */
            n = res[CP__CL_RES_NST - CP__CL_RES]++;
            cp__memcpy(res + CP__CL_RES_ST - CP__CL_RES + (size_t)16 * n, ret + m->dst, 16);
            break;
        default:
            break;
        }
    }
}

void cp__closure_dispatch(const struct cp__closure_slot *slot, uint8_t *frame,
                          const uint8_t *stack)
{
    const struct cp__plan_hdr *h = (const struct cp__plan_hdr *)(const void *)slot->plan;
    _Alignas(16) uint8_t scratch[CP_CLOSURE_MAX_ARGS][16];  /* aligned: copies go by words */
    _Alignas(16) uint64_t retbuf[4] = { 0, 0, 0, 0 }; /* a result in registers: <= 32 bytes */
    void *args[CP_CLOSURE_MAX_ARGS];
    uint8_t *res = frame + CP__CL_RES;
    void *ret = retbuf;

    cp__closure_gather(slot->plan, frame, CP__IMG_BYTES, stack, scratch, args);
    /* The entry reads RAX and RDX always (garbage is fine for a void result), XMM only when
     * the FP word says so, and the x87 count: only those two words need a value. */
    *(uint32_t *)(void *)(res + CP__CL_RES_NST - CP__CL_RES) = 0;
    *(uint32_t *)(void *)(res + CP__CL_RES_FP - CP__CL_RES) = 0;
    if (h->flags & CP_PLAN_SRET)            /* the caller's buffer: from rdi, or rcx (Win64) */
        cp__memcpy(&ret, frame + CP__IMG_GP + (h->abi == CP_ABI_WIN64 ? 24 : 0), sizeof ret);
    slot->handler(slot->user_data, ret, args);
    if (h->flags & CP_PLAN_SRET)
        cp__memcpy(res + CP__CL_RES_RAX - CP__CL_RES, &ret, 8);  /* returned in RAX */
    else
        put_result(h, (const uint8_t *)retbuf, res);
}
