/* The test kernel's own small runtime: serial output, verdicts, traps, paging. */
#ifndef CALLPLAN_TEST_KERNEL_H
#define CALLPLAN_TEST_KERNEL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* ---- kio.c: COM1 serial, printf subset, QEMU isa-debug-exit ---- */
void serial_init(void);
void kputs(const char *s);
/* Waits for the next byte from COM1 (polling). */
int serial_getc(void);
void kwrite(const char *s, size_t n);
/* %s %.*s %c %d %u %x %p, with l/ll/z length modifiers on d/u/x. */
void kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void kvprintf(const char *fmt, va_list ap);
/* Verdict through isa-debug-exit: success exits QEMU with status 33, failure with 3. */
__attribute__((noreturn)) void qemu_exit(int success);

static inline void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

static inline uint8_t inb(uint16_t port)
{
    uint8_t v;
    __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port));
    return v;
}

/* Provided by kio.c: the compiler may call these itself. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/* ---- traps.c: IDT for vectors 0-31, #DF on its own IST stack ---- */
struct trap_frame {
    uint64_t r15, r14, r13, r12, r11, r10, r9, r8, rbp, rdi, rsi, rdx, rcx, rbx, rax;
    uint64_t vector, error;
    uint64_t rip, cs, rflags, rsp, ss;      /* pushed by the CPU */
};

void traps_init(void);
/* A test that expects one fault: when vector `vector` hits with CR2 == cr2 (for #PF), the trap
 * handler resumes at `resume` instead of failing, and sets *hit. */
void trap_expect(uint64_t vector, uint64_t cr2, void *resume, volatile int *hit);
/* The same, resuming with RSP = *resume_rsp too (a fault deep inside a call: protected_call). */
void trap_expect_resume(uint64_t vector, void *resume, const volatile uint64_t *resume_rsp,
                        volatile int *hit);

/* Any vector but #DF matches (the demo shell's calls: whatever a bad call raises). The vector
 * and CR2 of the fault are kept for trap_last(). */
#define TRAP_ANY 0x100
struct trap_info {
    uint64_t vector, cr2;
};
void trap_last(struct trap_info *out);
const char *trap_name(uint64_t vector);

/* ---- probe.S: calls that may fault ---- */
#define PROTECTED_FAULTED 0xFFFFFFFFFFFFFFFFull
uint64_t protected_call(uint64_t (*fn)(const void *), const void *arg);
extern char protected_resume[];
extern volatile uint64_t protected_rsp;
void trap_dispatch(struct trap_frame *f);

/* ---- paging.c: strict W^X page tables ---- */
void paging_init(void);
/* Walks the live page tables: returns the number of present leaves that are both writable and
 * executable (0 is the only good answer) and prints each one. */
unsigned paging_count_wx(void);

/* ---- ktests.c: the test list; kconform.c: the conformance suite's kernel cases ---- */
extern unsigned tests_passed, tests_failed;
void test_result(const char *name, int ok);
void run_tests(void);
void run_conform_cases(void);
/* ---- kclosure.c: closures as kernel callbacks ---- */
void run_closure_tests(void);
/* ---- shell.c: the demo image's command shell (never returns) ---- */
void shell_main(void);

/* Section bounds from linker/kernel.ld. */
extern char __kernel_start[], __text_start[], __text_end[], __rodata_start[], __rodata_end[];
extern char __data_start[], __data_end[], __kernel_end[];

#endif
