/* Verifying plans from untrusted storage. A plan that passes is one cp_call can run without any
 * read or write outside what the plan declares: every move stays inside its argument's declared
 * size and inside the frame; every return move inside the declared return size. The checksum
 * catches accidental damage (any single changed byte); the structural checks catch the rest. */
#include "internal.h"

/* FNV-1a, one 32-bit little-endian word per step, over the plan (a multiple of 8 bytes) with
 * the checksum word read as zero. Each step is a bijection of the running hash for a fixed
 * word, so two plans that differ in one word (one byte, say) always hash apart. */
uint32_t cp__checksum(const uint8_t *plan, size_t len)
{
    const uint32_t *word = (const uint32_t *)(const void *)plan;
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i < len / 4; i++)
        h = (h ^ (i == CP__H_CHECKSUM / 4 ? 0 : word[i])) * 16777619u;
    return h;
}

size_t cp__plan_length(uint32_t nargs, uint32_t nmoves)
{
    return CP__PLAN_HDR + (((size_t)nargs * 2 + 7) & ~(size_t)7) + (size_t)nmoves * CP__MOVE_BYTES;
}

const struct cp__move *cp__plan_moves(const void *plan)
{
    return (const struct cp__move *)(const void *)((const uint8_t *)plan + CP__PLAN_HDR);
}

const uint16_t *cp__plan_sizes(const void *plan, uint32_t nmoves)
{
    return (const uint16_t *)(const void *)((const uint8_t *)plan +
                                            cp__plan_length(0, nmoves));
}

/* Bytes each op reads from its argument and writes to the frame (0 = its len field). */
static const uint8_t op_reads[CP__OP_COUNT] = {
#define CP__OP_READS(name, rd, wr, doc) rd,
    CP__MOVES(CP__OP_READS)
#undef CP__OP_READS
};
static const uint8_t op_writes[CP__OP_COUNT] = {
#define CP__OP_WRITES(name, rd, wr, doc) wr,
    CP__MOVES(CP__OP_WRITES)
#undef CP__OP_WRITES
};

/* Bytes a move writes into the frame (ADDR: the 8-byte pointer). */
static uint32_t frame_bytes(const struct cp__move *m)
{
    return op_writes[m->op] ? op_writes[m->op] : m->len;
}

/* An ADDR's copy: [src, src + len) of the frame is filled by exactly one COPY of the same
 * argument, whole (from offset 0, its declared size). With the moves' writes disjoint (checked
 * below), nothing else writes there, so the callee gets a pointer to the argument's bytes and
 * a closure's handler a pointer to len bytes of it. An empty argument has no copy. */
static int addr_has_its_copy(const struct cp__plan_hdr *h, const struct cp__move *moves,
                             const struct cp__move *a)
{
    uint32_t i, found = 0;
    if (a->len == 0)
        return 1;
    for (i = 0; i < h->nmoves; i++)
        found += moves[i].op == CP__OP_COPY && moves[i].arg == a->arg && moves[i].src == 0 &&
                 moves[i].dst == a->src && moves[i].len == a->len;
    return found == 1;
}

/* Each move reads inside its argument's declared size and writes inside the frame; moves are
 * sorted by frame offset and their writes never overlap (each register image and stack slot
 * has one writer: no move can overwrite a pointer an ADDR stored, or the copy it points at). */
static cp_status check_moves(const struct cp__plan_hdr *h, const uint16_t *sizes,
                             const struct cp__move *moves)
{
    uint32_t i, end = 0;
    for (i = 0; i < h->nmoves; i++) {
        const struct cp__move *m = &moves[i];
        uint32_t rd;
        if (m->op >= CP__OP_COUNT || m->arg >= h->nargs)
            return CP_ERR_PLAN;
        if (m->dst < end)
            return CP_ERR_PLAN;             /* out of order, or over the previous move's bytes */
        end = (uint32_t)m->dst + frame_bytes(m);
        if (m->op == CP__OP_ADDR) {
            /* the copy it points at lies in the frame and has the argument's size */
            if (m->len != sizes[m->arg] || (uint32_t)m->src + m->len > h->frame ||
                end > h->frame || !addr_has_its_copy(h, moves, m))
                return CP_ERR_PLAN;
            continue;
        }
        if (m->op == CP__OP_COPY ? m->len == 0 : m->len != 0)
            return CP_ERR_PLAN;
        rd = op_reads[m->op] ? op_reads[m->op] : m->len;
        if ((uint32_t)m->src + rd > sizes[m->arg] || end > h->frame)
            return CP_ERR_PLAN;
    }
    return CP_OK;
}

cp_status cp_plan_check(const void *plan, size_t size)
{
    const struct cp__plan_hdr *h = plan;
    const struct cp__abi_ops *ops;
    const uint16_t *sizes;
    const uint8_t *bytes = plan;
    uint32_t i;
    cp_status s;

    if (!plan)
        return CP_ERR_ARG;
    if ((uintptr_t)plan % CP_PLAN_ALIGN)
        return CP_ERR_ALIGN;
    if (size < CP__PLAN_HDR || h->magic != CP__PLAN_MAGIC)
        return CP_ERR_PLAN;
    if (h->version != CP_PLAN_VERSION)
        return CP_ERR_VERSION;
    if (h->length < CP__PLAN_HDR || h->length > size || h->length % 8 ||
        h->checksum != cp__checksum(plan, h->length))
        return CP_ERR_PLAN;
    if (h->nargs > CP_MAX_ARGS || h->length != cp__plan_length(h->nargs, h->nmoves) ||
        (h->flags & ~(uint32_t)(CP_PLAN_USES_FP | CP_PLAN_VARIADIC | CP_PLAN_SRET)) ||
        h->frame % 16 || h->ret_size > CP_MAX_TYPE_SIZE)
        return CP_ERR_PLAN;
    if (h->abi == CP_ABI_DEFAULT || h->abi >= CP_ABI_COUNT_)
        return CP_ERR_PLAN;
    ops = cp__arch_abi((cp_abi)h->abi);
    if (!ops)
        return CP_ERR_ABI;
    sizes = cp__plan_sizes(plan, h->nmoves);
    for (i = 0; i < h->nargs; i++)
        if (sizes[i] > CP_MAX_STACK_BYTES)
            return CP_ERR_PLAN;
    for (i = (uint32_t)cp__plan_length(0, h->nmoves) + 2u * h->nargs; i < h->length; i++)
        if (bytes[i] != 0)
            return CP_ERR_PLAN;             /* the size table's padding */
    s = check_moves(h, sizes, cp__plan_moves(plan));
    if (s == CP_OK)
        s = ops->check(h, cp__plan_moves(plan));
    if (s == CP_OK) {
        uint8_t exec, result;
        ops->exec(h, cp__plan_moves(plan), &exec, &result);
        if (h->exec != exec || h->result != result)
            return CP_ERR_PLAN;             /* a fast path would trust a shape that is not there */
    }
    return s;
}

size_t cp_plan_length(const cp_plan *plan)
{
    return plan ? ((const struct cp__plan_hdr *)(const void *)plan)->length : 0;
}

uint32_t cp_plan_flags(const cp_plan *plan)
{
    return plan ? ((const struct cp__plan_hdr *)(const void *)plan)->flags : 0;
}

const char *cp_plan_executor(const cp_plan *plan)
{
    const struct cp__plan_hdr *h = (const struct cp__plan_hdr *)(const void *)plan;
    const struct cp__abi_ops *ops;
    if (!plan || h->abi >= CP_ABI_COUNT_ || !(ops = cp__arch_abi((cp_abi)h->abi)))
        return "?";
    return ops->exec_family(h->exec);
}
