/* Internals shared by src/ and arch/: never exported (hidden visibility, cp__ prefix). */
#ifndef CP_INTERNAL_H
#define CP_INTERNAL_H

#include "callplan.h"
#include "plan_format.h"

#define CP__HIDDEN __attribute__((visibility("hidden")))

_Static_assert(CP__PF_USES_FP == CP_PLAN_USES_FP && CP__PF_SRET == CP_PLAN_SRET,
               "plan flags seen by the asm stubs");
_Static_assert(CP_PLAN_SIZE(0) == CP__PLAN_HDR, "CP_PLAN_SIZE counts the header");

/* ---- mem.c: the core's own memcpy/memset (no libc; the compiler never sees these names) -- */
CP__HIDDEN void cp__memcpy(void *dst, const void *src, size_t n);
CP__HIDDEN void cp__memset(void *dst, int byte, size_t n);

/* ---- fmt.c: text for dumps; each appends to out[*n] and keeps room for a final NUL --------- */
CP__HIDDEN void cp__fmt_str(char *out, size_t cap, size_t *n, const char *s);
CP__HIDDEN void cp__fmt_dec(char *out, size_t cap, size_t *n, uint32_t v);

/* ---- type.c: validation and C layout of descriptors -------------------------------------- */
struct cp__layout {
    uint32_t size;
    uint32_t align;
    uint32_t has_float;     /* a floating-point scalar somewhere inside (NOFLOAT builds) */
};

/* Work budget for one top-level walk: counts descriptor nodes visited (CP_MAX_TYPE_NODES). */
struct cp__walk {
    uint32_t nodes_left;
};

CP__HIDDEN void cp__walk_init(struct cp__walk *w);
/* Validates t (nested at `depth`, top level = 0) and computes its layout. */
CP__HIDDEN cp_status cp__type_layout(const cp_type *t, unsigned depth, struct cp__walk *w,
                                     struct cp__layout *out);
/* Places member i of struct/union `agg` whose own layout is `m`: members are placed in order,
 * `*cursor` (start at 0) is the end of the previous one; sets *offset and advances *cursor. */
CP__HIDDEN cp_status cp__member_place(const cp_type *agg, uint32_t i, const struct cp__layout *m,
                                      uint32_t *cursor, uint32_t *offset);

/* ---- arch hooks: each arch folder implements these ---------------------------------------- */
/* Size, alignment and FP-ness of each scalar kind on this CPU, indexed by cp_kind (zeros for
 * the aggregate kinds; void has size 0, alignment 1). */
struct cp__scalar {
    uint8_t size, align, is_float;
};
CP__HIDDEN extern const struct cp__scalar cp__arch_scalars[CP_KIND_COUNT_];
/* The ABI CP_ABI_DEFAULT means on this CPU. */
CP__HIDDEN cp_abi cp__arch_default_abi(void);

/* ---- plan_build.c: the builder that arch classifiers emit into ----------------------------- */
struct cp__builder {
    uint8_t *buf;           /* NULL while only measuring */
    size_t cap;             /* bytes of buf */
    struct cp__plan_hdr hdr;
    struct cp__walk walk;
    const cp_sig *sig;
    uint16_t sizes[CP_MAX_ARGS];    /* argument sizes, for the plan's size table */
};

/* Appends a move; writes only while it fits (the final size is checked by the driver). */
CP__HIDDEN cp_status cp__emit_move(struct cp__builder *b, unsigned op, uint32_t arg, uint32_t src,
                                   uint32_t dst, uint32_t len);
/* Records return move `slot` (0 or 1). */
CP__HIDDEN void cp__emit_ret(struct cp__builder *b, unsigned slot, unsigned reg, uint32_t len,
                             uint32_t dst);

/* Per-ABI classifier: fills the header fields (frame, nsse, ngp, flags, ret moves) and emits
 * the moves of b->sig. Argument layouts are already validated by the driver. */
typedef cp_status cp__abi_build_fn(struct cp__builder *b);

/* Per-ABI checker: arch-specific rules of a plan whose generic structure is already verified
 * (register images, return registers, flags). */
typedef cp_status cp__abi_check_fn(const struct cp__plan_hdr *h, const struct cp__move *moves);

/* Per-ABI dump helper: writes the name of frame offset `dst` ("rdi", "xmm3", "stack+16"). */
typedef void cp__abi_slot_name_fn(uint32_t dst, char *out, size_t cap);

/* Per-ABI executor and result-shape choice for a plan whose moves are final (sorted by frame
 * offset), and the executor's name for dumps. The checker recomputes both: a fast path trusts
 * the shape it was chosen for. */
typedef void cp__abi_exec_fn(const struct cp__plan_hdr *h, const struct cp__move *moves,
                             uint8_t *exec, uint8_t *result);
typedef void cp__abi_exec_name_fn(unsigned exec, char *out, size_t cap);
typedef const char *cp__abi_exec_family_fn(unsigned exec);

struct cp__abi_ops {
    const char *name;
    cp__abi_build_fn *build;
    cp__abi_check_fn *check;
    cp__abi_slot_name_fn *slot_name;
    cp__abi_exec_fn *exec;
    cp__abi_exec_name_fn *exec_name;
    cp__abi_exec_family_fn *exec_family;
    const char *sret_reg;             /* where the hidden result pointer goes */
    const char *const *ret_reg_names; /* indexed by CP__RET_* */
    unsigned nret_regs;
};

/* The ABIs this build implements: NULL for the others. */
CP__HIDDEN const struct cp__abi_ops *cp__arch_abi(cp_abi abi);
/* Whether this build's closure trampolines speak the ABI. */
CP__HIDDEN int cp__arch_closure_abi(cp_abi abi);

/* ---- plan_check.c ------------------------------------------------------------------------- */
CP__HIDDEN uint32_t cp__checksum(const uint8_t *plan, size_t len);
/* Read-only views of a plan's parts (the plan is 8-aligned, so these casts are aligned). */
CP__HIDDEN const struct cp__move *cp__plan_moves(const void *plan);
CP__HIDDEN const uint16_t *cp__plan_sizes(const void *plan, uint32_t nmoves);
CP__HIDDEN size_t cp__plan_length(uint32_t nargs, uint32_t nmoves);

#endif /* CP_INTERNAL_H */
