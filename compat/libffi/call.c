/* ffi_call: the plan in the cif does the call; what is left is libffi's rule for results, which
 * the core deliberately does not follow: an integer narrower than 64 bits comes back as a whole
 * ffi_arg, sign- or zero-extended by its type. */
#include "compat.h"

/* Room for a result the caller drops (rvalue NULL). */
#define DROPPED_RESULT_BYTES 256

unsigned compat_ret_widen(const ffi_type *t)
{
    switch (t->type) {
    case FFI_TYPE_UINT8:  return 1;
    case FFI_TYPE_SINT8:  return 1 | COMPAT_WIDEN_SIGNED;
    case FFI_TYPE_UINT16: return 2;
    case FFI_TYPE_SINT16: return 2 | COMPAT_WIDEN_SIGNED;
    case FFI_TYPE_UINT32: return 4;
    case FFI_TYPE_INT:
    case FFI_TYPE_SINT32: return 4 | COMPAT_WIDEN_SIGNED;
    default:              return 0;
    }
}

ffi_arg compat_widen(uint64_t raw, unsigned widen)
{
    unsigned bits = 8 * (widen & 0xFFu);
    uint64_t mask = (1ull << bits) - 1;     /* bits is 8, 16 or 32 */
    uint64_t v = raw & mask;

    if ((widen & COMPAT_WIDEN_SIGNED) && (v >> (bits - 1)) & 1)
        v |= ~mask;
    return (ffi_arg)v;
}

void ffi_call(ffi_cif *cif, void (*fn)(void), void *rvalue, void **avalue)
{
    uint64_t dropped[DROPPED_RESULT_BYTES / 8];
    const cp_plan *plan;

    if (!cif || !cif->cp_ready)
        return;                         /* ffi_prep_cif failed: there is no plan to run */
    plan = (const cp_plan *)(const void *)cif->cp_plan;
    if (cif->cp_ret_widen) {
        uint64_t raw = 0;
        cp_call(plan, fn, &raw, avalue);
        if (rvalue)
            *(ffi_arg *)rvalue = compat_widen(raw, cif->cp_ret_widen);
        return;
    }
    if (!rvalue && cif->cp_ret_size) {
        if (cif->cp_ret_size > sizeof dropped)
            return;                     /* documented: nowhere to put it */
        rvalue = dropped;
    }
    cp_call(plan, fn, rvalue, avalue);
}
