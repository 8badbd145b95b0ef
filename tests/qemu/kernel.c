/* The test kernel's main: serial, traps, strict W^X paging, FPU policy of the image, then the
 * in-kernel tests, a walk of the live page tables, and the verdict through isa-debug-exit.
 *
 * Images (tests/qemu/qemu.mk):
 *   fp        SSE/x87 on (CR4.OSFXSR, CR0.MP, CR0.EM clear): every test, floats included
 *   nofloat   core built with NOFLOAT=1, CR4.OSFXSR clear and CR0.EM set: any SSE instruction
 *             raises #UD and any x87 one #NM, so passing proves the core executes none
 *   wx        writes to .text and must die of the #PF: proves W^X is enforced, not just mapped
 *   demo      the same kernel with the SSE image's FPU policy, running the demo shell (shell.c)
 *             instead of the tests: `make run` */
#include "kernel.h"

int probe_write(volatile uint8_t *p);
int abi_rows_main(void);
int probe_sse(void);
int probe_x87(void);
extern char probe_write_resume[], probe_sse_resume[], probe_x87_resume[];

void kmain(void);

/* The verdict's counters: the tests add to them, and an unexpected trap reports them. */
unsigned tests_passed, tests_failed;

#define CR0_MP (1ull << 1)
#define CR0_EM (1ull << 2)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)

static void fpu_init(void)
{
    uint64_t cr0, cr4;
    __asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
    __asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
#ifdef KERNEL_NOFLOAT
    cr0 = (cr0 | CR0_EM) & ~CR0_MP;         /* x87 -> #NM */
    cr4 &= ~(CR4_OSFXSR | CR4_OSXMMEXCPT);  /* SSE -> #UD */
#else
    cr0 = (cr0 & ~CR0_EM) | CR0_MP;
    cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
#endif
    __asm__ volatile("mov %0, %%cr0" : : "r"(cr0));
    __asm__ volatile("mov %0, %%cr4" : : "r"(cr4));
#ifndef KERNEL_NOFLOAT
    __asm__ volatile("fninit");             /* x87 in its default state: empty stack */
#endif
}

#ifdef KERNEL_DEMO
void kmain(void)
{
    serial_init();
    traps_init();
    paging_init();
    fpu_init();
    shell_main();
}
#else
/* Each probe arms the trap handler for exactly one fault and reports whether it came. */
static int faults(uint64_t vector, uint64_t cr2, void *resume, int (*probe)(void))
{
    volatile int hit = 0;
    int resumed;
    trap_expect(vector, cr2, resume, &hit);
    resumed = probe();
    trap_expect(0xFFFF, 0, 0, &hit);
    return resumed && hit;
}

static int write_text_probe(void)
{
    return probe_write((volatile uint8_t *)(uintptr_t)probe_write);
}

static void test_protection(void)
{
    test_result("paging: a write to .text raises #PF",
                faults(14, (uint64_t)(uintptr_t)probe_write, probe_write_resume,
                       write_text_probe));
#ifdef KERNEL_NOFLOAT
    test_result("fpu off: an SSE instruction raises #UD",
                faults(6, 0, probe_sse_resume, probe_sse));
    test_result("fpu off: an x87 instruction raises #NM",
                faults(7, 0, probe_x87_resume, probe_x87));
#endif
}

void kmain(void)
{
    unsigned wx;

    serial_init();
    kprintf("callplan test kernel: image %s, %u KiB at %p\n", KERNEL_IMAGE,
            (unsigned)((__kernel_end - __kernel_start) / 1024), (void *)__kernel_start);
    traps_init();
    paging_init();
    fpu_init();
#ifdef KERNEL_WX_NEGATIVE
    kputs("writing to .text; only a #PF may stop this\n");
    probe_write((volatile uint8_t *)(uintptr_t)probe_write);
    kputs("FAIL - the write to .text succeeded: W^X is not enforced\n");
    qemu_exit(0);
#endif
    test_protection();
    run_tests();
#ifndef KERNEL_NOFLOAT
    kputs("ABI.md rows 1-46 (tests/host/test_abi.c, built into this kernel):\n");
    abi_rows_main();
#endif
    run_conform_cases();
    run_closure_tests();
    wx = paging_count_wx();
    test_result("paging: no present page is both writable and executable", wx == 0);
    kprintf("%u passed, %u failed\n", tests_passed, tests_failed);
    qemu_exit(tests_failed == 0);
}
#endif
