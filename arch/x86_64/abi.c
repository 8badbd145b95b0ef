/* x86-64: scalar sizes (LP64, x87 long double) and the table of ABIs this build implements. */
#include "sysv.h"

void cp__arch_scalar(cp_kind k, struct cp__layout *out)
{
    /* size, alignment per kind: the same on System V and on Microsoft x64 with gcc/clang's
     * LP64 Linux targets, which is what the tests compile against. */
    static const uint8_t size[CP_KIND_COUNT_] = {
        [CP_KIND_BOOL] = 1, [CP_KIND_I8] = 1, [CP_KIND_U8] = 1, [CP_KIND_I16] = 2,
        [CP_KIND_U16] = 2, [CP_KIND_I32] = 4, [CP_KIND_U32] = 4, [CP_KIND_I64] = 8,
        [CP_KIND_U64] = 8, [CP_KIND_I128] = 16, [CP_KIND_U128] = 16, [CP_KIND_F32] = 4,
        [CP_KIND_F64] = 8, [CP_KIND_F80] = 16, [CP_KIND_F128] = 16, [CP_KIND_PTR] = 8,
        [CP_KIND_C32] = 8, [CP_KIND_C64] = 16, [CP_KIND_C80] = 32,
    };
    static const uint8_t align[CP_KIND_COUNT_] = {
        [CP_KIND_VOID] = 1, [CP_KIND_BOOL] = 1, [CP_KIND_I8] = 1, [CP_KIND_U8] = 1,
        [CP_KIND_I16] = 2, [CP_KIND_U16] = 2, [CP_KIND_I32] = 4, [CP_KIND_U32] = 4,
        [CP_KIND_I64] = 8, [CP_KIND_U64] = 8, [CP_KIND_I128] = 16, [CP_KIND_U128] = 16,
        [CP_KIND_F32] = 4, [CP_KIND_F64] = 8, [CP_KIND_F80] = 16, [CP_KIND_F128] = 16,
        [CP_KIND_PTR] = 8, [CP_KIND_C32] = 4, [CP_KIND_C64] = 8, [CP_KIND_C80] = 16,
    };
    out->size = (unsigned)k < CP_KIND_COUNT_ ? size[k] : 0;
    out->align = (unsigned)k < CP_KIND_COUNT_ && align[k] ? align[k] : 1;
}

cp_abi cp__arch_default_abi(void)
{
    return CP_ABI_SYSV64;
}

const struct cp__abi_ops *cp__arch_abi(cp_abi abi)
{
    switch (abi) {
    case CP_ABI_SYSV64:
        return &cp__sysv_ops;
    case CP_ABI_DEFAULT: case CP_ABI_WIN64: case CP_ABI_COUNT_:
        break;
    }
    return NULL;
}
