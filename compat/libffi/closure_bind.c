/* Trampolines for libffi's closure API. ffi_closure_alloc must hand out the code address before
 * the signature is known, while callplan's pool takes a plan with each trampoline: so the layer
 * takes one with a placeholder plan (void(void), running nothing) and ffi_prep_closure_loc gives
 * that same trampoline the real plan with cp_closure_rebind. */
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

cp_status compat_bind_trampoline(void (*fn)(void), const void *plan, cp_handler *handler,
                                 void *user_data)
{
    return cp_closure_rebind(fn, plan, handler, user_data);
}
