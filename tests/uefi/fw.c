/* fw_call: one firmware call through a Win64 plan built at the moment of the call. */
#include "fw.h"
#include "report.h"

EFI_STATUS fw_call(const void *table, const struct fw_service *svc, void *const *args)
{
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(FW_MAX_ARGS)];
    void (*fn)(void);
    EFI_STATUS ret = 0;         /* a void service leaves it so */
    cp_status s = cp_plan_build(plan, sizeof plan, &svc->sig, NULL);

    if (s != CP_OK) {
        out_str("FAIL - plan for ");
        out_str(svc->name);
        out_str(": ");
        out_str(cp_strerror(s));
        out_str("\n");
        return FW_NO_PLAN;
    }
    /* The table holds the service's pointer: read it as the untyped pointer cp_call takes. */
    __builtin_memcpy(&fn, (const unsigned char *)table + svc->offset, sizeof fn);
    cp_call((const cp_plan *)(const void *)plan, fn, &ret, args);
    return ret;
}
