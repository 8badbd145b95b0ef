/* The closure pool: CP_CLOSURE_SLOTS trampolines (arch closure.S), a slot of state for each, and
 * a bitmap of the taken ones. The pool is the core's only mutable global state. Taking and
 * giving back a slot are lock-free (compare-and-swap on the bitmap words, compiler builtins:
 * `lock cmpxchg` on x86-64, no library call), so any CPU may do either at any time. */
#include "closure.h"

#define WORDS ((CP_CLOSURE_SLOTS + 63) / 64)
/* The bits of the last word that name real slots. */
#define LAST_WORD_BITS (CP_CLOSURE_SLOTS % 64 ? (1ull << (CP_CLOSURE_SLOTS % 64)) - 1 : ~0ull)

struct cp__closure_slot cp__closure_slots[CP_CLOSURE_SLOTS];
static uint64_t taken[WORDS];

/* Claims a free slot: its index, or -1 when every slot is taken. */
static int claim(void)
{
    unsigned w;
    for (w = 0; w < WORDS; w++) {
        uint64_t bits = __atomic_load_n(&taken[w], __ATOMIC_RELAXED);
        uint64_t limit = w == WORDS - 1 ? LAST_WORD_BITS : ~0ull;
        while ((bits & limit) != limit) {
            unsigned bit = (unsigned)__builtin_ctzll(~bits & limit);
            if (__atomic_compare_exchange_n(&taken[w], &bits, bits | (1ull << bit), 0,
                                            __ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
                return (int)(w * 64 + bit);
            /* bits now holds the word another CPU just wrote: try again with it */
        }
    }
    return -1;
}

/* The checks a plan passes before it goes into a slot. */
static cp_status check_plan(const cp_plan *plan)
{
    const struct cp__plan_hdr *h = (const struct cp__plan_hdr *)(const void *)plan;
    cp_status s;

    if ((uintptr_t)plan % CP_PLAN_ALIGN)
        return CP_ERR_ALIGN;
    if (h->magic == CP__PLAN_MAGIC && h->version == CP_PLAN_VERSION &&
        h->length > CP__SLOT_PLAN_BYTES)
        return CP_ERR_TOOMANY;              /* too many arguments to copy into a slot */
    s = cp_plan_check(plan, CP__SLOT_PLAN_BYTES < h->length ? CP__SLOT_PLAN_BYTES : h->length);
    if (s != CP_OK)
        return s;
    if (h->nargs > CP_CLOSURE_MAX_ARGS)
        return CP_ERR_TOOMANY;              /* the dispatcher gathers at most this many */
    if (!cp__arch_closure_abi((cp_abi)h->abi))
        return CP_ERR_ABI;
    return cp__arch_closure_check(plan);
}

static void fill_slot(struct cp__closure_slot *slot, const cp_plan *plan, cp_handler *handler,
                      void *user_data)
{
    const struct cp__plan_hdr *h = (const struct cp__plan_hdr *)(const void *)plan;
    slot->handler = handler;
    slot->user_data = user_data;
    cp__memcpy(slot->plan, plan, h->length);
    cp__arch_closure_prepare(slot);
    /* The slot is complete before the pointer that reaches it is handed out (or called). */
    __atomic_thread_fence(__ATOMIC_RELEASE);
}

/* The slot index of a trampoline address, or -1 if it is not one of the pool's. */
static long trampoline_index(void (*fn)(void))
{
    uintptr_t at = (uintptr_t)fn, base = (uintptr_t)cp__closure_trampolines;
    if (at < base || (at - base) % CP__TRAMPOLINE_BYTES ||
        (at - base) / CP__TRAMPOLINE_BYTES >= CP_CLOSURE_SLOTS)
        return -1;
    return (long)((at - base) / CP__TRAMPOLINE_BYTES);
}

cp_status cp_closure_alloc(const cp_plan *plan, cp_handler *handler, void *user_data,
                           void (**fn)(void))
{
    cp_status s;
    int index;

    if (!plan || !handler || !fn)
        return CP_ERR_ARG;
    s = check_plan(plan);
    if (s != CP_OK)
        return s;
    index = claim();
    if (index < 0)
        return CP_ERR_BUSY;
    fill_slot(&cp__closure_slots[index], plan, handler, user_data);
    *fn = (void (*)(void))(uintptr_t)(cp__closure_trampolines +
                                      (size_t)index * CP__TRAMPOLINE_BYTES);
    return CP_OK;
}

cp_status cp_closure_rebind(void (*fn)(void), const cp_plan *plan, cp_handler *handler,
                            void *user_data)
{
    long index = trampoline_index(fn);
    cp_status s;

    if (index < 0 || !plan || !handler)
        return CP_ERR_ARG;
    if (!(__atomic_load_n(&taken[index / 64], __ATOMIC_ACQUIRE) & (1ull << (index % 64))))
        return CP_ERR_ARG;                  /* a free trampoline: nothing to rebind */
    s = check_plan(plan);
    if (s != CP_OK)
        return s;
    fill_slot(&cp__closure_slots[index], plan, handler, user_data);
    return CP_OK;
}

cp_status cp_closure_free(void (*fn)(void))
{
    long index = trampoline_index(fn);
    uint64_t bit, before;

    if (index < 0)
        return CP_ERR_ARG;                  /* not one of the pool's trampolines */
    bit = 1ull << (index % 64);
    before = __atomic_fetch_and(&taken[index / 64], ~bit, __ATOMIC_RELEASE);
    return (before & bit) ? CP_OK : CP_ERR_ARG;     /* already free: a double free */
}

/* Bytes each op moved into the frame, read back from it here (0 = its len field). */
static const uint8_t op_bytes[CP__OP_COUNT] = {
#define CP__OP_READ(name, rd, wr, doc) rd,
    CP__MOVES(CP__OP_READ)
#undef CP__OP_READ
};

void cp__closure_gather(const void *plan, const uint8_t *frame, uint32_t img_bytes,
                        const uint8_t *stack, uint8_t (*scratch)[16], void **args)
{
    const struct cp__plan_hdr *h = plan;
    const struct cp__move *m = cp__plan_moves(plan);
    const uint16_t *sizes = cp__plan_sizes(plan, h->nmoves);
    uint32_t byref = 0, i;

    for (i = 0; i < h->nmoves; i++)
        if (m[i].op == CP__OP_ADDR)
            byref |= 1u << m[i].arg;        /* nargs <= CP_CLOSURE_MAX_ARGS: 16 bits */
    for (i = 0; i < h->nargs; i++)
        args[i] = scratch[i];
    for (i = 0; i < h->nmoves; i++, m++) {
        uint32_t n = op_bytes[m->op] ? op_bytes[m->op] : m->len;
        const uint8_t *from;
        if (m->op != CP__OP_ADDR && ((byref >> m->arg) & 1))
            continue;                       /* the copy move: it happened in the caller's frame */
        from = m->dst < img_bytes ? frame + m->dst : stack + (m->dst - img_bytes);
        if (m->op == CP__OP_ADDR)           /* by reference: the caller's copy is the value */
            cp__memcpy(&args[m->arg], from, sizeof args[m->arg]);
        else if (m->dst >= img_bytes && m->op == CP__OP_COPY && m->src == 0 && n == sizes[m->arg])
            args[m->arg] = (void *)(uintptr_t)from; /* arrived whole on the stack: use it there */
        else if (m->src + n > 16)
            continue;                       /* never in a checked plan: stay inside scratch */
        else if (n == 8 && m->src % 8 == 0)
            *(uint64_t *)(void *)(scratch[m->arg] + m->src) =
                *(const uint64_t *)(const void *)from;                          /* the usual */
        else
            cp__memcpy(scratch[m->arg] + m->src, from, n);
    }
}
