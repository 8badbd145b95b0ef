/* The differential conformance suite's kernel cases (tools/conform writes them to
 * build/conform/kernel): for each case, the plan is built here, at run time, into a stack
 * buffer, and the call goes through cp_call to the gcc-built callee, which checks every
 * argument byte; the result and the bytes past it are checked too. The SSE image runs the full
 * table, the NOFLOAT image the integer-only one. */
#include "conform.h"
#include "kernel.h"

#ifdef KERNEL_NOFLOAT
extern const cf_case cf_kernel_int_cases[];
extern const uint32_t cf_kernel_int_ncases;
#define CASES cf_kernel_int_cases
#define NCASES cf_kernel_int_ncases
#else
extern const cf_case cf_kernel_cases[];
extern const uint32_t cf_kernel_ncases;
#define CASES cf_kernel_cases
#define NCASES cf_kernel_ncases
#endif

static uint64_t run_plan(const void *c)
{
    return cf_run_plan(c);
}

/* A case of the gcc va_arg bug (ABI.md 1.8: the gcc-built callee's own code faults on a
 * 16-aligned aggregate that arrived in GP registers) must fail, by a #GP or a wrong value, and
 * the kernel must survive it: it runs under protected_call with #GP armed. */
static void run_expected_failure(const cf_case *c)
{
    volatile int faulted = 0;
    uint64_t bad;
    trap_expect_resume(13, protected_resume, &protected_rsp, &faulted);
    bad = protected_call(run_plan, c);
    trap_expect(0xFFFF, 0, 0, &faulted);
    test_result(bad ? "conform case: expected failure, gcc va_arg callee bug (ABI.md 1.8)"
                    : "conform case: gcc va_arg bug shape passed unexpectedly", bad != 0);
    kprintf("  (case %u: %s)\n", (unsigned)c->id,
            faulted ? "the callee faulted, #GP contained" : "wrong values, as predicted");
}

void run_conform_cases(void)
{
    uint32_t i;
    kprintf("conformance cases from tools/conform (%u):\n", (unsigned)NCASES);
    for (i = 0; i < NCASES; i++) {
        const cf_case *c = &CASES[i];
        uint64_t bad;
        if (c->flags & CF_XFAIL_GCC) {
            run_expected_failure(c);
            continue;
        }
        bad = cf_run_plan(c);
        if (bad) {
            tests_failed++;
            kprintf("FAIL - conform case %u: mismatch bits 0x%lx\n", (unsigned)c->id, bad);
        } else {
            tests_passed++;
            kprintf("ok - conform case %u\n", (unsigned)c->id);
        }
    }
}
