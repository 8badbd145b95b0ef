/* libffi closures: ffi_closure_alloc hands out a block of writable memory (the ffi_closure the
 * caller fills through ffi_prep_closure_loc) from a fixed array here, and a trampoline from
 * callplan's pool as its code. Calls of the code reach run_closure, which calls libffi's
 * fun(cif, ret, args, user_data) and applies libffi's rule for narrow integer results. With the
 * core's pool, these blocks are the layer's only mutable global state. */
#include "compat.h"

#define BLOCKS CP_CLOSURE_SLOTS     /* one per trampoline: never the limit */

union closure_block {
    ffi_closure closure;
    unsigned char bytes[FFI_CP_CLOSURE_BYTES];
};

static union closure_block blocks[BLOCKS];
static void (*code_of[BLOCKS])(void);  /* each block's trampoline; NULL when it has none */
static uint8_t block_taken[BLOCKS];

_Static_assert(sizeof(ffi_closure) <= FFI_CP_CLOSURE_BYTES, "a block holds an ffi_closure");

/* Claims a free block (lock-free): its index, or -1 when all are taken. */
static int claim_block(void)
{
    int i;
    for (i = 0; i < BLOCKS; i++) {
        uint8_t expected = 0;
        if (!__atomic_load_n(&block_taken[i], __ATOMIC_RELAXED) &&
            __atomic_compare_exchange_n(&block_taken[i], &expected, 1, 0, __ATOMIC_ACQUIRE,
                                        __ATOMIC_RELAXED))
            return i;
    }
    return -1;
}

/* The index of the block that starts at p, or -1 for any other pointer. */
static int block_index(const void *p)
{
    uintptr_t at = (uintptr_t)p, base = (uintptr_t)blocks;
    if (at < base || (at - base) % sizeof blocks[0] || (at - base) / sizeof blocks[0] >= BLOCKS)
        return -1;
    return (int)((at - base) / sizeof blocks[0]);
}

/* The handler of every bound trampoline: user_data is the ffi_closure. Its fields are read at
 * each call, as libffi reads them. */
static void run_closure(void *user_data, void *ret, void *const *args)
{
    ffi_closure *c = user_data;
    ffi_cif *cif = c->cif;
    unsigned widen = cif->cp_ret_widen, i;
    ffi_arg whole = 0;

    if (!widen) {
        c->fun(cif, ret, (void **)args, c->user_data);
        return;
    }
    /* fun stores a whole ffi_arg; the core wants the type's own bytes and extends them */
    c->fun(cif, &whole, (void **)args, c->user_data);
    for (i = 0; i < (widen & 0xFFu); i++)
        ((unsigned char *)ret)[i] = (unsigned char)(whole >> (8 * i));
}

void *ffi_closure_alloc(size_t size, void **code)
{
    void (*fn)(void) = NULL;
    ffi_closure *c;
    int i;

    if (!code || size > FFI_CP_CLOSURE_BYTES)
        return NULL;
    i = claim_block();
    if (i < 0)
        return NULL;
    c = &blocks[i].closure;
    c->cif = NULL;
    c->fun = NULL;
    c->user_data = NULL;
    if (compat_reserve_trampoline(c, &fn) != CP_OK) {
        __atomic_store_n(&block_taken[i], 0, __ATOMIC_RELEASE);
        return NULL;                    /* the trampoline pool is empty */
    }
    code_of[i] = fn;
    *code = (void *)(uintptr_t)fn;
    return c;
}

void ffi_closure_free(void *closure)
{
    int i = block_index(closure);
    if (i < 0 || !__atomic_load_n(&block_taken[i], __ATOMIC_ACQUIRE))
        return;                         /* not ours, or already free */
    if (code_of[i])
        cp_closure_free(code_of[i]);
    code_of[i] = NULL;
    __atomic_store_n(&block_taken[i], 0, __ATOMIC_RELEASE);
}

ffi_status ffi_prep_closure_loc(ffi_closure *closure, ffi_cif *cif,
                                void (*fun)(ffi_cif *, void *, void **, void *),
                                /* cppcheck-suppress constParameter ; libffi's own prototype */
                                void *user_data, void *codeloc)
{
    int i = block_index(closure);
    ffi_closure before;
    cp_status s;

    if (i < 0 || !code_of[i] || !fun)
        return FFI_BAD_ARGTYPE;         /* not from ffi_closure_alloc: it has no trampoline */
    if (codeloc != (void *)closure && codeloc != (void *)(uintptr_t)code_of[i])
        return FFI_BAD_ARGTYPE;         /* the code is the trampoline, nothing else */
    if (!cif || !cif->cp_ready)
        return FFI_BAD_ARGTYPE;
    if (!(cif->abi > FFI_FIRST_ABI && cif->abi < FFI_LAST_ABI))
        return FFI_BAD_ABI;
    /* The fields first, so the first call through the new plan finds them; put back if the
     * core refuses the plan, since the trampoline then keeps its old one. */
    before = *closure;
    closure->cif = cif;
    closure->fun = fun;
    closure->user_data = user_data;
    s = compat_bind_trampoline(code_of[i], cif->cp_plan, run_closure, closure);
    if (s != CP_OK) {
        closure->cif = before.cif;
        closure->fun = before.fun;
        closure->user_data = before.user_data;
    }
    return compat_status(s);
}

ffi_status ffi_prep_closure(ffi_closure *closure, ffi_cif *cif,
                            void (*fun)(ffi_cif *, void *, void **, void *), void *user_data)
{
    return ffi_prep_closure_loc(closure, cif, fun, user_data, closure);
}
