/* Report lines on QEMU's debug console and the verdict through isa-debug-exit. Port I/O only:
 * the checks must still be reported when a firmware call made through a plan went wrong. */
#include "report.h"

#define DEBUGCON_PORT 0xE9
#define DEBUG_EXIT_PORT 0xF4
#define EXIT_PASS 0x10          /* QEMU exits with (value << 1) | 1: 33 */
#define EXIT_FAIL 0x11          /* 35 */

static unsigned passed, failed;

static void outb(uint16_t port, uint8_t v)
{
    __asm__ volatile("outb %0, %1" : : "a"(v), "Nd"(port));
}

void out_str(const char *s)
{
    while (*s)
        outb(DEBUGCON_PORT, (uint8_t)*s++);
}

static void out_base(uint64_t v, unsigned base)
{
    char digits[24];
    unsigned n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (n)
        outb(DEBUGCON_PORT, (uint8_t)digits[--n]);
}

void out_hex(uint64_t v)
{
    out_str("0x");
    out_base(v, 16);
}

void out_dec(uint64_t v)
{
    out_base(v, 10);
}

int check(int ok, const char *name)
{
    out_str(ok ? "ok - " : "FAIL - ");
    out_str(name);
    out_str("\n");
    if (ok)
        passed++;
    else
        failed++;
    return ok;
}

int check_eq(const char *name, uint64_t got, uint64_t want)
{
    if (got == want)
        return check(1, name);
    out_str("FAIL - ");
    out_str(name);
    out_str(": got ");
    out_hex(got);
    out_str(", want ");
    out_hex(want);
    out_str("\n");
    failed++;
    return 0;
}

int check_status(const char *name, cp_status got, cp_status want)
{
    if (got == want)
        return check(1, name);
    out_str("FAIL - ");
    out_str(name);
    out_str(": got ");
    out_str(cp_strerror(got));
    out_str(", want ");
    out_str(cp_strerror(want));
    out_str("\n");
    failed++;
    return 0;
}

const char *join(char *buf, size_t cap, const char *a, const char *b)
{
    size_t n = 0;
    for (const char *p = a; *p && n + 1 < cap; p++)
        buf[n++] = *p;
    for (const char *p = ": "; *p && n + 1 < cap; p++)
        buf[n++] = *p;
    for (const char *p = b; *p && n + 1 < cap; p++)
        buf[n++] = *p;
    if (cap)
        buf[n] = 0;
    return buf;
}

_Noreturn void report_finish(void)
{
    out_dec(passed);
    out_str(" passed, ");
    out_dec(failed);
    out_str(" failed\n");
    outb(DEBUG_EXIT_PORT, failed ? EXIT_FAIL : EXIT_PASS);
    for (;;)                    /* without the exit device: stop here */
        __asm__ volatile("cli; hlt");
}
