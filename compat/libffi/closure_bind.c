/* Trampolines for libffi's closure API. ffi_closure_alloc must hand out the code address before
 * the signature is known, and callplan's pool takes the plan when a trampoline is taken: so the
 * layer takes one with a placeholder plan, and at ffi_prep_closure_loc gives that same index the
 * real plan. The core has no call for that (requested: cp_closure_rebind, see
 * /tmp/callplan-findings/compat-requests.md), so compat_bind_trampoline gives the trampoline
 * back and takes trampolines until the pool, which hands out the lowest free index, returns it;
 * the others it took on the way are given back. Exact on one CPU; another CPU taking a
 * trampoline in that window can take ours (reported as CP_ERR_BUSY) or see the pool full. */
#include "compat.h"

/* A reserved trampoline called before ffi_prep_closure_loc: there is nothing to run. */
static void unbound(void *user_data, void *ret, void *const *args)
{
    (void)user_data;
    (void)ret;
    (void)args;
}

cp_status compat_reserve_trampoline(void *user_data, void (**fn)(void))
{
    static const cp_sig void_void = { CP_ABI_SYSV64, NULL, NULL, 0, 0, 0 };
    uint64_t plan[CP_PLAN_SIZE(0) / 8];
    cp_status s = cp_plan_build(plan, sizeof plan, &void_void, NULL);
    if (s != CP_OK)
        return s;
    return cp_closure_alloc((const cp_plan *)(const void *)plan, unbound, user_data, fn);
}

cp_status compat_bind_trampoline(void (**fn)(void), const void *plan, cp_handler *handler,
                                 void *user_data)
{
    void (*held[CP_CLOSURE_SLOTS])(void);   /* trampolines taken on the way */
    void (*got)(void) = NULL;
    unsigned nheld = 0, i;
    cp_status s;

    /* A first take with the new plan checks it before ours is given up (every error but
     * CP_ERR_BUSY leaves *fn as it was), and fills the lowest free index. */
    s = cp_closure_alloc(plan, handler, user_data, &got);
    if (s != CP_OK && s != CP_ERR_BUSY)
        return s;
    if (s == CP_OK)
        held[nheld++] = got;
    if (cp_closure_free(*fn) != CP_OK) {
        s = CP_ERR_ARG;                 /* not a taken trampoline: keep nothing */
    } else {
        /* Each take returns a distinct index while ours is free, the lowest first, so ours
         * comes back after at most CP_CLOSURE_SLOTS takes. */
        for (;;) {
            s = cp_closure_alloc(plan, handler, user_data, &got);
            if (s != CP_OK || got == *fn)
                break;
            if (nheld == CP_CLOSURE_SLOTS) {    /* a core built with a larger pool */
                cp_closure_free(got);
                s = CP_ERR_BUSY;
                break;
            }
            held[nheld++] = got;
        }
    }
    for (i = 0; i < nheld; i++)
        cp_closure_free(held[i]);
    if (s != CP_OK)
        *fn = NULL;                     /* another CPU has our index now */
    return s;
}
