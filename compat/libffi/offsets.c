/* ffi_get_struct_offsets: like libffi, lays the struct out afresh (its size and alignment are
 * rewritten even when already set) and reports one offset per element, from the core's layout. */
#include "compat.h"

ffi_status ffi_get_struct_offsets(ffi_abi abi, ffi_type *struct_type, size_t *offsets)
{
    struct compat_scratch scratch;
    size_t at[FFI_CP_MAX_MEMBERS];
    const cp_type *t;
    ffi_status st;
    uint32_t i;

    if (!(abi > FFI_FIRST_ABI && abi < FFI_LAST_ABI))
        return FFI_BAD_ABI;
    if (!struct_type || struct_type->type != FFI_TYPE_STRUCT)
        return FFI_BAD_TYPEDEF;
    compat_scratch_init(&scratch, abi);
    scratch.offsets_mode = 1;
    st = compat_convert(&scratch, struct_type, &t, NULL, 0, NULL);
    if (st != FFI_OK || !offsets)
        return st;
    if (cp_type_layout(t, NULL, NULL, at, t->count) != CP_OK)
        return FFI_BAD_TYPEDEF;
    for (i = 0; i < t->count; i++)
        offsets[i] = at[i];
    return FFI_OK;
}
