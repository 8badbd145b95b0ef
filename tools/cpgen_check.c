/* The host half of cpgen's round trip: the C file cpgen wrote for tests/qemu/aot.sigs,
 * compiled and linked here, must hold for every entry a plan that passes cp_plan_check and
 * equals, byte for byte, the plan this program builds at run time from the entry's signature
 * text; and each plan must sit at CP_PLAN_ALIGN. (The kernels make the same check at boot.) */
#include <callplan.h>

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "aot_plans.h"

int main(void)
{
    static _Alignas(16) unsigned char arena[CP_SIG_ARENA_SIZE(4096)];
    static _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(CP_MAX_ARGS)];
    unsigned passed = 0, failed = 0;
    size_t i;
    for (i = 0; i < aot_plan_count; i++) {
        const struct cp_aot_plan *a = &aot_plans[i];
        cp_sig sig;
        size_t used = 0, off = 0;
        cp_status parse = cp_sig_parse(a->sig, strlen(a->sig), arena, sizeof arena, &sig, &off);
        cp_status build = parse == CP_OK ? cp_plan_build(plan, sizeof plan, &sig, &used) : parse;
        cp_status check = cp_plan_check(a->plan, a->size);
        int aligned = (uintptr_t)(const void *)a->plan % CP_PLAN_ALIGN == 0;
        int same = build == CP_OK && used == a->size && memcmp(plan, a->plan, used) == 0;
        if (aligned && check == CP_OK && same) {
            passed++;
            printf("ok - aot plan %s: %s (%zu bytes) equals its run-time build\n", a->name,
                   a->sig, a->size);
        } else {
            failed++;
            printf("FAIL - aot plan %s: %s: aligned %d, cp_plan_check %s, run-time build %s, "
                   "equal %d\n", a->name, a->sig, aligned, cp_strerror(check),
                   cp_strerror(build), same);
        }
    }
    printf("%u passed, %u failed\n", passed, failed);
    return failed != 0;
}
