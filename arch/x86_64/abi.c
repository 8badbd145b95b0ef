/* x86-64: scalar layouts and the table of ABIs this build implements. */
#include "sysv.h"

/* LP64 with the x87 long double: the same on System V and on Microsoft x64 as gcc and clang lay
 * types out for the Linux targets the tests compile against. */
const struct cp__scalar cp__arch_scalars[CP_KIND_COUNT_] = {
    [CP_KIND_VOID] = { 0, 1, 0 },
    [CP_KIND_BOOL] = { 1, 1, 0 }, [CP_KIND_I8] = { 1, 1, 0 }, [CP_KIND_U8] = { 1, 1, 0 },
    [CP_KIND_I16] = { 2, 2, 0 }, [CP_KIND_U16] = { 2, 2, 0 },
    [CP_KIND_I32] = { 4, 4, 0 }, [CP_KIND_U32] = { 4, 4, 0 },
    [CP_KIND_I64] = { 8, 8, 0 }, [CP_KIND_U64] = { 8, 8, 0 },
    [CP_KIND_I128] = { 16, 16, 0 }, [CP_KIND_U128] = { 16, 16, 0 },
    [CP_KIND_F32] = { 4, 4, 1 }, [CP_KIND_F64] = { 8, 8, 1 },
    [CP_KIND_F80] = { 16, 16, 1 }, [CP_KIND_F128] = { 16, 16, 1 },
    [CP_KIND_PTR] = { 8, 8, 0 },
    [CP_KIND_C32] = { 8, 4, 1 }, [CP_KIND_C64] = { 16, 8, 1 }, [CP_KIND_C80] = { 32, 16, 1 },
};

/* The C convention of the compiler building the core: Microsoft x64 on Windows and UEFI
 * targets (clang -target x86_64-unknown-windows defines _WIN32), System V everywhere else. */
cp_abi cp__arch_default_abi(void)
{
#ifdef _WIN32
    return CP_ABI_WIN64;
#else
    return CP_ABI_SYSV64;
#endif
}

int cp__arch_closure_abi(cp_abi abi)
{
    return abi == CP_ABI_SYSV64 || abi == CP_ABI_WIN64;
}

const struct cp__abi_ops *cp__arch_abi(cp_abi abi)
{
    switch (abi) {
    case CP_ABI_SYSV64:
        return &cp__sysv_ops;
    case CP_ABI_WIN64:
        return &cp__win64_ops;
    case CP_ABI_DEFAULT: case CP_ABI_COUNT_:
        break;
    }
    return NULL;
}
