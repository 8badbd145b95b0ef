/* Which x86-64 executor runs a plan (the header's exec byte). The builder picks it; the checker
 * derives it again from the moves and refuses a plan whose exec byte disagrees, because the fast
 * executors trust their shape: they read args[k] for the k they are written for.
 *
 * Shape classes, cheapest first (arch.h has the numbering):
 *   GP     0-6 integer arguments, all of one width class: every move LD8 (W8), or every move
 *          LD4S/LD4Z (W4: loaded with movl, as bits 32-63 of an int argument are garbage to the
 *          callee), move k = argument k at offset 0 into the k-th GP register; the result is
 *          void or 4 or 8 bytes of RAX; not variadic (these stubs leave AL alone). One straight-line stub per (width, result) pair,
 *          entered at the argument count.
 *   SPILL  the same with 7-16 arguments: arguments 6.. in consecutive 8-byte stack slots.
 *   REGS   no stack arguments, no sret: every GP move LD8/LD4S/LD4Z and every SSE move
 *          LD8/LD4Z (any argument, offset 0 or more: struct eightbytes too), in register order
 *          (vector registers first); any result. Entered at the vector
 *          register count. REGS8 when every move is LD8: no width test per register.
 *   GENERAL  everything else: the move interpreter. */
#include "sysv.h"

/* The width class of an integer move, or 0 if it has none. */
unsigned cp__x86_move_width(const struct cp__move *m)
{
    if (m->op == CP__OP_LD8)
        return 8;
    if (m->op == CP__OP_LD4S || m->op == CP__OP_LD4Z)
        return 4;
    return 0;
}

/* The result shape: one of the common ones the stub stores directly, or CP__RES_MOVES. */
uint8_t cp__x86_result_shape(const struct cp__plan_hdr *h)
{
    static const struct {
        uint8_t shape, reg0, len0, reg1;
    } shapes[] = {
        { CP__RES_NONE, CP__RET_NONE, 0, CP__RET_NONE },
        { CP__RES_RAX4, CP__RET_RAX, 4, CP__RET_NONE },
        { CP__RES_RAX8, CP__RET_RAX, 8, CP__RET_NONE },
        { CP__RES_RAX8_RDX8, CP__RET_RAX, 8, CP__RET_RDX },
        { CP__RES_XMM0_4, CP__RET_XMM0, 4, CP__RET_NONE },
        { CP__RES_XMM0_8, CP__RET_XMM0, 8, CP__RET_NONE },
        { CP__RES_XMM0_8_XMM1_8, CP__RET_XMM0, 8, CP__RET_XMM1 },
        { CP__RES_ST0, CP__RET_ST0, 16, CP__RET_NONE },
    };
    const struct cp__retmove *r = h->ret;
    unsigned i;
    for (i = 0; i < sizeof shapes / sizeof shapes[0]; i++) {
        if (r[0].reg != shapes[i].reg0 || r[0].len != shapes[i].len0 || r[0].dst != 0 ||
            r[1].reg != shapes[i].reg1)
            continue;
        if (r[1].reg == CP__RET_NONE || (r[1].len == 8 && r[1].dst == 8))
            return shapes[i].shape;
    }
    return CP__RES_MOVES;
}

/* GP, SPILL and W64GP store only these results: nothing, or 4 or 8 bytes of RAX. */
int cp__x86_gp_result(uint8_t shape)
{
    switch (shape) {
    case CP__RES_NONE: return CP__GP_R0;
    case CP__RES_RAX4: return CP__GP_R4;
    case CP__RES_RAX8: return CP__GP_R8;
    default: return -1;
    }
}

static unsigned exec_gp(const struct cp__plan_hdr *h, const struct cp__move *m, uint8_t shape)
{
    unsigned width = 0, k;
    int result = cp__x86_gp_result(shape);

    if (result < 0 || h->nsse || (h->flags & (CP_PLAN_SRET | CP_PLAN_USES_FP | CP_PLAN_VARIADIC)) ||
        h->nmoves != h->nargs || h->nargs > CP__SPILL_MAX_ARGS)
        return CP__EXEC_GENERAL;
    for (k = 0; k < h->nmoves; k++) {
        uint32_t dst = k < CP__IMG_NGP ? CP__IMG_GP + 8 * k : CP__IMG_BYTES + 8 * (k - 6);
        unsigned w = cp__x86_move_width(&m[k]);
        if (!w || (width && w != width) || m[k].arg != k || m[k].src != 0 || m[k].dst != dst)
            return CP__EXEC_GENERAL;
        width = w;
    }
    if (h->nargs <= CP__IMG_NGP)
        return CP__EXEC_GP + (unsigned)CP__GP_FAMILY(width == 4, result) * 7u + h->nargs;
    return CP__EXEC_SPILL + (width == 4 ? CP__SPILL_COUNTS : 0u) + h->nargs - 7u;
}

static unsigned exec_regs(const struct cp__plan_hdr *h, const struct cp__move *m)
{
    unsigned k, all8 = 1;

    if ((h->flags & CP_PLAN_SRET) || h->nmoves != h->ngp + h->nsse)
        return CP__EXEC_GENERAL;
    for (k = 0; k < h->nmoves; k++) {
        int sse = k < h->nsse;
        uint32_t dst = sse ? CP__IMG_XMM + CP__IMG_XMM_SLOT * k : CP__IMG_GP + 8 * (k - h->nsse);
        if (m[k].dst != dst || !cp__x86_move_width(&m[k]) || (sse && m[k].op == CP__OP_LD4S))
            return CP__EXEC_GENERAL;
        all8 &= m[k].op == CP__OP_LD8;
    }
    return (all8 ? CP__EXEC_REGS8 : CP__EXEC_REGS) + (unsigned)h->nsse;
}

void cp__sysv_exec(const struct cp__plan_hdr *h, const struct cp__move *moves, uint8_t *exec,
                   uint8_t *result)
{
    unsigned e;
    *result = cp__x86_result_shape(h);
    e = exec_gp(h, moves, *result);
    *exec = (uint8_t)(e != CP__EXEC_GENERAL ? e : exec_regs(h, moves));
}

const char *cp__sysv_exec_family(unsigned exec)
{
    if (exec == CP__EXEC_GENERAL)
        return "general";
    if (exec < CP__EXEC_REGS8)
        return "regs";
    if (exec < CP__EXEC_GP)
        return "regs8";
    if (exec < CP__EXEC_SPILL)
        return "gp";
    return exec < CP__EXEC_W64GP ? "spill" : "?";
}

void cp__sysv_exec_name(unsigned exec, char *out, size_t cap)
{
    static const char *const results[3] = { "void", "ret4", "ret8" };
    size_t n = 0;
    if (exec == CP__EXEC_GENERAL) {
        cp__fmt_str(out, cap, &n, "general");
    } else if (exec < CP__EXEC_GP) {
        cp__fmt_str(out, cap, &n, exec < CP__EXEC_REGS8 ? "regs/sse" : "regs8/sse");
        cp__fmt_dec(out, cap, &n, (exec - CP__EXEC_REGS) % 9);
    } else if (exec < CP__EXEC_SPILL) {
        unsigned family = (exec - CP__EXEC_GP) / 7;
        cp__fmt_str(out, cap, &n, family >= 3 ? "gp/w4/" : "gp/w8/");
        cp__fmt_str(out, cap, &n, results[family % 3]);
        cp__fmt_str(out, cap, &n, "/n");
        cp__fmt_dec(out, cap, &n, (exec - CP__EXEC_GP) % 7);
    } else {
        cp__fmt_str(out, cap, &n, exec - CP__EXEC_SPILL >= CP__SPILL_COUNTS ? "spill/w4/n"
                                                                            : "spill/w8/n");
        cp__fmt_dec(out, cap, &n, (exec - CP__EXEC_SPILL) % CP__SPILL_COUNTS + 7);
    }
    if (cap)
        out[n] = '\0';
}
