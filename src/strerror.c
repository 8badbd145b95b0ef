/* Status messages: one per code, indexed by the enum. */
#include "internal.h"

static const char *const messages[CP_STATUS_COUNT_] = {
    [CP_OK] = "ok",
    [CP_ERR_ARG] = "invalid argument (a null pointer or a value out of range)",
    [CP_ERR_NOSPACE] = "buffer too small",
    [CP_ERR_ALIGN] = "bad alignment (misaligned buffer, or not a power of two, or contradicting members)",
    [CP_ERR_TYPE] = "malformed type descriptor",
    [CP_ERR_DEPTH] = "aggregates nested too deeply (or a cycle)",
    [CP_ERR_TOOMANY] = "too many arguments, stack bytes or type nodes",
    [CP_ERR_UNSUPPORTED] = "type not supported by this ABI or build",
    [CP_ERR_ABI] = "unknown or unimplemented ABI",
    [CP_ERR_VARIADIC] = "bad variadic signature (nfixed out of range or an unpromoted type)",
    [CP_ERR_PLAN] = "corrupt or foreign plan",
    [CP_ERR_VERSION] = "plan format version mismatch",
    [CP_ERR_BUSY] = "resource busy or exhausted",
    [CP_ERR_SYNTAX] = "syntax error",
};

const char *cp_strerror(cp_status s)
{
    if ((unsigned)s >= CP_STATUS_COUNT_)
        return "unknown status";
    return messages[s];
}
