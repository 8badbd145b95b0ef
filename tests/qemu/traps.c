/* The IDT for the 32 exception vectors, a TSS whose IST1 stack takes #DF (so a kernel stack
 * overflow still reports), and the dispatcher: print what happened and fail, unless a test
 * announced exactly this fault with trap_expect(). */
#include "kernel.h"

struct idt_gate {
    uint16_t offset_lo;
    uint16_t selector;
    uint8_t ist;
    uint8_t type_attr;
    uint16_t offset_mid;
    uint32_t offset_hi;
    uint32_t zero;
};

struct __attribute__((packed)) tss64 {
    uint32_t reserved0;
    uint64_t rsp[3];
    uint64_t reserved1;
    uint64_t ist[7];
    uint64_t reserved2;
    uint16_t reserved3;
    uint16_t iomap_base;
};

struct __attribute__((packed)) table_pointer {
    uint16_t limit;
    uint64_t base;
};

extern const uint64_t trap_stubs[32];
extern uint64_t gdt[];

#define SEL_CODE64 0x08
#define SEL_TSS 0x18
#define GATE_INTERRUPT 0x8E                 /* present, ring 0, 64-bit interrupt gate */

static struct idt_gate idt[32];
static struct tss64 tss;
static uint8_t double_fault_stack[8192] __attribute__((aligned(16)));

static struct {
    uint64_t vector, cr2;
    void *resume;
    const volatile uint64_t *resume_rsp;
    volatile int *hit;
} expected = { 0xFFFF, 0, 0, 0, 0 };
static struct trap_info last;

static const char *const names[32] = {
    "#DE divide", "#DB debug", "NMI", "#BP breakpoint", "#OF overflow", "#BR bound",
    "#UD invalid opcode", "#NM device not available", "#DF double fault", "coprocessor",
    "#TS invalid TSS", "#NP segment not present", "#SS stack", "#GP general protection",
    "#PF page fault", "reserved", "#MF x87", "#AC alignment", "#MC machine check",
    "#XM SIMD", "#VE virtualization", "#CP control protection", "22", "23", "24", "25", "26",
    "27", "#HV", "#VC", "#SX", "31",
};

void traps_init(void)
{
    struct table_pointer idtr = { sizeof idt - 1, (uint64_t)(uintptr_t)idt };
    uint64_t base = (uint64_t)(uintptr_t)&tss;
    unsigned v;

    for (v = 0; v < 32; v++) {
        uint64_t h = trap_stubs[v];
        idt[v].offset_lo = (uint16_t)h;
        idt[v].selector = SEL_CODE64;
        idt[v].ist = v == 8 ? 1 : 0;        /* #DF switches to its own stack */
        idt[v].type_attr = GATE_INTERRUPT;
        idt[v].offset_mid = (uint16_t)(h >> 16);
        idt[v].offset_hi = (uint32_t)(h >> 32);
    }
    tss.ist[0] = (uint64_t)(uintptr_t)(double_fault_stack + sizeof double_fault_stack);
    tss.iomap_base = sizeof tss;
    /* 16-byte available 64-bit TSS descriptor at GDT slot 3. */
    gdt[3] = (sizeof tss - 1) | ((base & 0xFFFFFF) << 16) | (0x89ull << 40) |
             (((base >> 24) & 0xFF) << 56);
    gdt[4] = base >> 32;
    __asm__ volatile("ltr %w0" : : "r"(SEL_TSS));
    __asm__ volatile("lidt %0" : : "m"(idtr));
}

void trap_expect(uint64_t vector, uint64_t cr2, void *resume, volatile int *hit)
{
    expected.vector = vector;
    expected.cr2 = cr2;
    expected.resume = resume;
    expected.resume_rsp = 0;
    expected.hit = hit;
}

void trap_expect_resume(uint64_t vector, void *resume, const volatile uint64_t *resume_rsp,
                        volatile int *hit)
{
    trap_expect(vector, 0, resume, hit);
    expected.resume_rsp = resume_rsp;
}

void trap_last(struct trap_info *out)
{
    *out = last;
}

const char *trap_name(uint64_t vector)
{
    return names[vector & 31];
}

void trap_dispatch(struct trap_frame *f)
{
    uint64_t cr2;
    __asm__ volatile("mov %%cr2, %0" : "=r"(cr2));
#ifdef KERNEL_WX_NEGATIVE
    /* The negative image's only way to pass: a write (error bit 1) to a present (bit 0) page
     * of .text, refused. */
    if (f->vector == 14 && (f->error & 3) == 3 && cr2 >= (uintptr_t)__text_start &&
        cr2 < (uintptr_t)__text_end) {
        kprintf("ok - write to .text at 0x%lx raised #PF (error 0x%lx): W^X enforced\n", cr2,
                f->error);
        kprintf("1 passed, 0 failed\n");
        qemu_exit(1);
    }
#endif
    if ((f->vector == expected.vector && (f->vector != 14 || cr2 == expected.cr2)) ||
        (expected.vector == TRAP_ANY && f->vector != 8)) {
        *expected.hit = 1;
        last.vector = f->vector;
        last.cr2 = cr2;
        f->rip = (uint64_t)(uintptr_t)expected.resume;
        if (expected.resume_rsp)
            f->rsp = *expected.resume_rsp;
        expected.vector = 0xFFFF;           /* one fault only */
        return;
    }
    kprintf("\nTRAP vector %u (%s) error 0x%lx cr2 0x%lx rip 0x%lx rsp 0x%lx\n",
            (unsigned)f->vector, names[f->vector & 31], f->error, cr2, f->rip, f->rsp);
    kprintf("%u passed, %u failed\n", tests_passed, tests_failed + 1);
    qemu_exit(0);
}
