/* Microsoft x64 (Win64, UEFI's EFIAPI): placement (../shared/ABI.md section 2) and the rules of
 * cp_plan_check for its plans. The frame and the stub are System V's (arch.h): the four
 * argument slots load rcx, rdx, r8, r9 from their GP images or xmm0-3 from their vector images,
 * the stack area starts with the 32-byte shadow space the callee owns, and arguments passed by
 * reference get a 16-aligned copy in the frame, above the stack arguments, which an ADDR move
 * points at. */
#include "x86.h"

#define W64_REG_SLOTS   4       /* slots 0-3 travel in registers */
#define W64_SHADOW      32      /* the callee's home area for rcx, rdx, r8, r9 */

/* The GP image of each register slot: the images are in System V order (rdi rsi rdx rcx r8 r9). */
static const uint8_t gp_image[W64_REG_SLOTS] = {
    CP__IMG_GP + 24, CP__IMG_GP + 16, CP__IMG_GP + 32, CP__IMG_GP + 40
};

/* How one value travels. */
enum w64_way {
    W64_GP,         /* an integer, pointer or 1/2/4/8-byte aggregate: one GP slot */
    W64_XMM,        /* float or double */
    W64_REF,        /* anything else: a pointer to a caller-made copy */
    W64_NONE        /* (returns) void */
};

/* Where value t travels, with its size; CP_ERR_UNSUPPORTED for what callplan refuses here:
 * long double (80-bit for gcc's ms_abi, a double for MSVC, ST0 for clang: no agreement, and
 * UEFI has none), __float128 (gcc and clang disagree) and alignments over 16. */
static cp_status way_of(const cp_type *t, struct cp__builder *b, enum w64_way *way, uint32_t *size)
{
    struct cp__layout l;
    cp_status s;

    if (!t || t->kind == CP_KIND_VOID) {
        *way = W64_NONE;
        *size = 0;
        return CP_OK;
    }
    s = cp__type_layout(t, 0, &b->walk, &l);
    if (s != CP_OK)
        return s;
    *size = l.size;
    if (l.align > 16)
        return CP_ERR_UNSUPPORTED;
    switch ((cp_kind)t->kind) {
    case CP_KIND_F32: case CP_KIND_F64:
        *way = W64_XMM;
        return CP_OK;
    case CP_KIND_F80: case CP_KIND_F128: case CP_KIND_C80:
        return CP_ERR_UNSUPPORTED;
    case CP_KIND_I128: case CP_KIND_U128: case CP_KIND_C64:
        *way = W64_REF;
        return CP_OK;
    case CP_KIND_STRUCT: case CP_KIND_UNION: case CP_KIND_ARRAY:
        *way = (l.size == 1 || l.size == 2 || l.size == 4 || l.size == 8) ? W64_GP : W64_REF;
        return CP_OK;
    case CP_KIND_BOOL: case CP_KIND_I8: case CP_KIND_U8: case CP_KIND_I16: case CP_KIND_U16:
    case CP_KIND_I32: case CP_KIND_U32: case CP_KIND_I64: case CP_KIND_U64: case CP_KIND_PTR:
    case CP_KIND_C32:
        *way = W64_GP;
        return CP_OK;
    case CP_KIND_VOID: case CP_KIND_COUNT_:
        break;
    }
    return CP_ERR_TYPE;                     /* not reached: the driver validated the kind */
}

/* Return moves: RAX, XMM0 (a __int128 fills all of it), or a hidden buffer in slot 0. */
static cp_status place_ret(struct cp__builder *b, int *sret)
{
    const cp_type *t = b->sig->ret;
    enum w64_way way;
    uint32_t size;
    cp_status s = way_of(t, b, &way, &size);

    *sret = 0;
    if (s != CP_OK)
        return s;
    switch (way) {
    case W64_NONE:
        break;
    case W64_XMM:
        cp__emit_ret(b, 0, CP__RET_XMM0, size, 0);
        break;
    case W64_GP:
        cp__emit_ret(b, 0, CP__RET_RAX, size, 0);
        if (t->kind == CP_KIND_I8 || t->kind == CP_KIND_I16)
            b->hdr.ret[0].sign = 1;         /* for closures: they return it sign-extended */
        break;
    case W64_REF:
        if (t->kind == CP_KIND_I128 || t->kind == CP_KIND_U128) {
            cp__emit_ret(b, 0, CP__RET_XMM0, 16, 0);
            break;
        }
        if (size == 0)
            return CP_ERR_UNSUPPORTED;      /* empty struct: gcc passes no buffer, clang does */
        b->hdr.flags |= CP_PLAN_SRET;       /* the stub puts the buffer in rcx */
        *sret = 1;
        break;
    }
    return CP_OK;
}

/* The frame offset of argument slot k: its register image (GP or vector), or its stack slot
 * past the shadow space. */
static uint32_t slot_dst(uint32_t k, int xmm)
{
    if (k < W64_REG_SLOTS)
        return xmm ? CP__IMG_XMM + CP__IMG_XMM_SLOT * k : gp_image[k];
    return CP__IMG_BYTES + W64_SHADOW + 8 * (k - W64_REG_SLOTS);
}

struct w64_state {
    uint32_t nxmm;      /* vector images written */
    uint32_t copies;    /* end of the copy area, from the start of the stack area */
};

static cp_status place_arg(struct cp__builder *b, struct w64_state *w, uint32_t i, uint32_t k)
{
    const cp_type *t = b->sig->args[i];
    int variadic = (b->sig->flags & CP_SIG_VARIADIC) && i >= b->sig->nfixed;
    enum w64_way way;
    uint32_t size, at;
    cp_status s = way_of(t, b, &way, &size);

    if (s != CP_OK)
        return s;
    switch (way) {
    case W64_GP:
        return cp__x86_emit_bytes(b, (cp_kind)t->kind, i, 0, slot_dst(k, 0), size);
    case W64_XMM:
        if (k >= W64_REG_SLOTS)
            return cp__x86_emit_bytes(b, (cp_kind)t->kind, i, 0, slot_dst(k, 0), size);
        w->nxmm++;
        s = cp__x86_emit_bytes(b, (cp_kind)t->kind, i, 0, slot_dst(k, 1), size);
        /* A "..." double also goes in the slot's GP register: a variadic callee spills rcx,
         * rdx, r8, r9 to its shadow space and reads every argument from memory. */
        if (s == CP_OK && variadic)
            s = cp__x86_emit_bytes(b, (cp_kind)t->kind, i, 0, slot_dst(k, 0), size);
        return s;
    case W64_REF:
        at = (w->copies + 15) & ~15u;       /* 16-aligned, as the convention asks */
        if (at + size > CP_MAX_STACK_BYTES)
            return CP_ERR_TOOMANY;
        w->copies = at + size;
        if (size) {
            s = cp__emit_move(b, CP__OP_COPY, i, 0, CP__IMG_BYTES + at, size);
            if (s != CP_OK)
                return s;
        }
        return cp__emit_move(b, CP__OP_ADDR, i, CP__IMG_BYTES + at, slot_dst(k, 0), size);
    case W64_NONE:
        break;
    }
    return CP_ERR_TYPE;                     /* void argument: the driver refused it already */
}

static cp_status win64_build(struct cp__builder *b)
{
    const cp_sig *sig = b->sig;
    struct w64_state w = { 0, 0 };
    uint32_t i, nslots;
    int sret;
    cp_status s = place_ret(b, &sret);

    if (s != CP_OK)
        return s;
    /* Every argument takes exactly one slot, so the copies can start right after the last. */
    nslots = sig->nargs + (uint32_t)sret;
    w.copies = W64_SHADOW + 8 * (nslots > W64_REG_SLOTS ? nslots - W64_REG_SLOTS : 0);
    if (w.copies > CP_MAX_STACK_BYTES)
        return CP_ERR_TOOMANY;
    for (i = 0; i < sig->nargs; i++) {
        s = place_arg(b, &w, i, i + (uint32_t)sret);
        if (s != CP_OK)
            return s;
    }
    b->hdr.ngp = (uint8_t)(nslots < W64_REG_SLOTS ? nslots : W64_REG_SLOTS);
    b->hdr.nsse = (uint8_t)w.nxmm;
    b->hdr.frame = (uint16_t)(CP__IMG_BYTES + ((w.copies + 15) & ~15u));
    if (w.nxmm || cp__x86_ret_is_fp(b->hdr.ret[0].reg)) {
#ifdef CP_NOFLOAT
        return CP_ERR_UNSUPPORTED;          /* a __int128 result comes back in xmm0 */
#endif
        b->hdr.flags |= CP_PLAN_USES_FP;
    }
    return CP_OK;
}

/* The register slot a move into the images fills (from the slot's first byte), or -1 if it
 * does not fill one slot's image (rdi, rsi, xmm4-7, offsets, straddling writes); *xmm says
 * which kind of image. */
static int image_slot(const struct cp__move *m, int *xmm)
{
    uint32_t end = m->dst + (m->op == CP__OP_COPY ? m->len : 8u), k;
    for (k = 0; k < W64_REG_SLOTS; k++) {
        uint32_t x = CP__IMG_XMM + CP__IMG_XMM_SLOT * k;
        if (m->dst == x && end <= x + CP__IMG_XMM_SLOT) {
            *xmm = 1;
            return (int)k;
        }
        if (m->dst == gp_image[k] && end <= gp_image[k] + 8u) {
            *xmm = 0;
            return (int)k;
        }
    }
    return -1;
}

/* The Microsoft x64 rules of a plan whose generic structure cp_plan_check already verified:
 * writes only into the images of the slots the plan claims (never over slot 0 when it holds
 * the result buffer), never into the shadow space, copies 16-aligned above it, and return
 * moves from RAX or XMM0 only. */
static cp_status win64_check(const struct cp__plan_hdr *h, const struct cp__move *moves)
{
    const struct cp__retmove *r = &h->ret[0];
    uint32_t first = (h->flags & CP_PLAN_SRET) ? 1 : 0, i, xmm_writes = 0;
    int fp;

    if (h->ngp > W64_REG_SLOTS || h->nsse > W64_REG_SLOTS ||
        h->frame < CP__IMG_BYTES + W64_SHADOW || h->frame > CP__IMG_BYTES + CP_MAX_STACK_BYTES)
        return CP_ERR_PLAN;
    if (h->ret[1].reg != CP__RET_NONE || h->ret[1].len || h->ret[1].dst || h->ret[1].sign)
        return CP_ERR_PLAN;
    if (r->reg == CP__RET_NONE) {
        if (r->len || r->dst || r->sign)
            return CP_ERR_PLAN;
    } else if ((r->reg != CP__RET_RAX && r->reg != CP__RET_XMM0) || r->dst != 0 || r->len == 0 ||
               r->len > (r->reg == CP__RET_RAX ? 8 : 16) || r->len > h->ret_size || r->sign > 1 ||
               (r->sign && (r->reg != CP__RET_RAX || r->len > 2))) {
        return CP_ERR_PLAN;
    }
    if (first && (r->reg != CP__RET_NONE || h->ngp == 0))
        return CP_ERR_PLAN;
    fp = cp__x86_ret_is_fp(r->reg);
    for (i = 0; i < h->nmoves; i++) {
        const struct cp__move *m = &moves[i];
        if (m->op == CP__OP_ADDR && (m->src < CP__IMG_BYTES + W64_SHADOW ||
                                     (m->src - CP__IMG_BYTES) % 16))
            return CP_ERR_PLAN;
        if (m->dst < CP__IMG_BYTES) {
            int xmm = 0, k = image_slot(m, &xmm);
            if (k < 0 || (uint32_t)k < first || (uint32_t)k >= h->ngp)
                return CP_ERR_PLAN;
            xmm_writes += (uint32_t)xmm;
        } else if (m->dst < CP__IMG_BYTES + W64_SHADOW || (m->dst - CP__IMG_BYTES) % 8) {
            return CP_ERR_PLAN;             /* the shadow space is the callee's; slots are 8-aligned */
        }
    }
    if ((xmm_writes != 0) != (h->nsse != 0))
        return CP_ERR_PLAN;
    fp |= xmm_writes != 0;
    if (fp != !!(h->flags & CP_PLAN_USES_FP))
        return CP_ERR_PLAN;
#ifdef CP_NOFLOAT
    if (fp)
        return CP_ERR_UNSUPPORTED;          /* this build's stub has no FP instruction at all */
#endif
    return CP_OK;
}

/* The executor: W64GP for 0-4 integer arguments of one width class (every move LD8, or every
 * move LD4S/LD4Z), move k = argument k whole into slot k's GP register, no vector register,
 * no hidden buffer, a result of nothing or 4/8 bytes of RAX: most firmware calls. Everything
 * else runs on the move interpreter. The result is stored by shape either way. */
static unsigned exec_w64gp(const struct cp__plan_hdr *h, const struct cp__move *m, uint8_t shape)
{
    int result = cp__x86_gp_result(shape);
    unsigned width = 0, seen = 0, k;

    if (result < 0 || (h->flags & (CP_PLAN_SRET | CP_PLAN_USES_FP)) || h->nsse ||
        h->nmoves != h->nargs || h->nargs > CP__W64GP_MAX_ARGS)
        return CP__EXEC_GENERAL;
    for (k = 0; k < h->nmoves; k++) {
        unsigned w = cp__x86_move_width(&m[k]);
        /* (moves are sorted by frame offset: rdx's image comes before rcx's) */
        if (!w || (width && w != width) || m[k].src != 0 || m[k].arg >= h->nargs ||
            m[k].dst != gp_image[m[k].arg] || ((seen >> m[k].arg) & 1))
            return CP__EXEC_GENERAL;
        seen |= 1u << m[k].arg;             /* each argument once: the stub reads every one */
        width = w;
    }
    return CP__EXEC_W64GP + 5u * (unsigned)CP__GP_FAMILY(width == 4, result) + h->nargs;
}

static void win64_exec(const struct cp__plan_hdr *h, const struct cp__move *moves, uint8_t *exec,
                       uint8_t *result)
{
    *result = cp__x86_result_shape(h);
    *exec = (uint8_t)exec_w64gp(h, moves, *result);
}

static void win64_exec_name(unsigned exec, char *out, size_t cap)
{
    static const char *const results[3] = { "void", "ret4", "ret8" };
    size_t n = 0;
    if (exec >= CP__EXEC_W64GP && exec < CP__EXEC_COUNT) {
        unsigned family = (exec - CP__EXEC_W64GP) / 5;
        cp__fmt_str(out, cap, &n, family >= 3 ? "w64gp/w4/" : "w64gp/w8/");
        cp__fmt_str(out, cap, &n, results[family % 3]);
        cp__fmt_str(out, cap, &n, "/n");
        cp__fmt_dec(out, cap, &n, (exec - CP__EXEC_W64GP) % 5);
    } else {
        cp__fmt_str(out, cap, &n, exec == CP__EXEC_GENERAL ? "general" : "?");
    }
    if (cap)
        out[n] = '\0';
}

static const char *win64_exec_family(unsigned exec)
{
    if (exec == CP__EXEC_GENERAL)
        return "general";
    return exec >= CP__EXEC_W64GP && exec < CP__EXEC_COUNT ? "w64gp" : "?";
}

const struct cp__abi_ops cp__win64_ops = {
    "win64", win64_build, win64_check, cp__x86_slot_name, win64_exec, win64_exec_name,
    win64_exec_family, "rcx", cp__x86_ret_names, CP__RET_COUNT
};
