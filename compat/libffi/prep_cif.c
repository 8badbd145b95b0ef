/* ffi_prep_cif and ffi_prep_cif_var: convert the types, then build the plan into the cif's own
 * buffer. The cif remembers how ffi_call must hand the result back (libffi's widening). */
#include "compat.h"

_Static_assert(sizeof(((ffi_cif *)0)->cp_plan) >= CP_PLAN_SIZE(FFI_CP_MAX_ARGS),
               "ffi_cif's plan buffer holds a plan of FFI_CP_MAX_ARGS arguments");
_Static_assert(FFI_CP_MAX_ARGS <= CP_MAX_ARGS, "the core takes as many arguments");
_Static_assert(FFI_CP_CLOSURE_MAX_ARGS == CP_CLOSURE_MAX_ARGS, "closure argument bound");

ffi_status compat_status(cp_status s)
{
    switch (s) {
    case CP_OK:
        return FFI_OK;
    case CP_ERR_ABI:
        return FFI_BAD_ABI;
    case CP_ERR_ARG:
    case CP_ERR_TYPE:
    case CP_ERR_ALIGN:
    case CP_ERR_DEPTH:
    case CP_ERR_PLAN:
    case CP_ERR_VERSION:
    case CP_ERR_SYNTAX:
    case CP_STATUS_COUNT_:
        return FFI_BAD_TYPEDEF;
    case CP_ERR_NOSPACE:
    case CP_ERR_TOOMANY:
    case CP_ERR_UNSUPPORTED:
    case CP_ERR_VARIADIC:
    case CP_ERR_BUSY:
        return FFI_BAD_ARGTYPE;
    }
    return FFI_BAD_TYPEDEF;
}

/* libffi's Microsoft conventions are all callplan's Win64 one (which refuses them with
 * CP_ERR_ABI until the core implements it). */
static cp_abi core_abi(ffi_abi abi)
{
    return abi == FFI_UNIX64 ? CP_ABI_SYSV64 : CP_ABI_WIN64;
}

static ffi_status prep(ffi_cif *cif, ffi_abi abi, unsigned nfixed, unsigned ntotal,
                       uint32_t flags, ffi_type *rtype, ffi_type **atypes)
{
    struct compat_scratch scratch;
    const cp_type *args[FFI_CP_MAX_ARGS];
    const cp_type *ret;
    cp_sig sig;
    ffi_status st;

    if (!cif)
        return FFI_BAD_TYPEDEF;
    cif->cp_ready = 0;
    if (!(abi > FFI_FIRST_ABI && abi < FFI_LAST_ABI))
        return FFI_BAD_ABI;
    cif->abi = abi;
    cif->nargs = ntotal;
    cif->arg_types = atypes;
    cif->rtype = rtype;
    cif->bytes = 0;
    cif->flags = 0;
    if (ntotal > FFI_CP_MAX_ARGS)
        return FFI_BAD_ARGTYPE;
    if (!rtype || (ntotal && !atypes))
        return FFI_BAD_TYPEDEF;
    compat_scratch_init(&scratch, abi);
    st = compat_convert(&scratch, rtype, &ret, atypes, ntotal, args);
    if (st != FFI_OK)
        return st;
    sig.abi = core_abi(abi);
    sig.ret = ret;
    sig.args = args;
    sig.nargs = ntotal;
    sig.nfixed = nfixed;
    sig.flags = flags;
    st = compat_status(cp_plan_build(cif->cp_plan, sizeof cif->cp_plan, &sig, NULL));
    if (st != FFI_OK)
        return st;
    if (cp_type_layout(ret, &cif->cp_ret_size, NULL, NULL, 0) != CP_OK)
        return FFI_BAD_TYPEDEF;         /* never: the builder accepted it */
    cif->cp_ret_widen = compat_ret_widen(rtype);
    cif->cp_ready = 1;
    return FFI_OK;
}

ffi_status ffi_prep_cif(ffi_cif *cif, ffi_abi abi, unsigned int nargs, ffi_type *rtype,
                        ffi_type **atypes)
{
    return prep(cif, abi, nargs, nargs, 0, rtype, atypes);
}

ffi_status ffi_prep_cif_var(ffi_cif *cif, ffi_abi abi, unsigned int nfixedargs,
                            unsigned int ntotalargs, ffi_type *rtype, ffi_type **atypes)
{
    return prep(cif, abi, nfixedargs, ntotalargs, CP_SIG_VARIADIC, rtype, atypes);
}
