/* Serial console (COM1, 115200 8N1, polled both ways), a printf subset, the QEMU exit device, and the few memory
 * functions the compiler may call on its own in freestanding code. */
#include "kernel.h"

#define COM1 0x3F8
#define DEBUG_EXIT_PORT 0xF4

void serial_init(void)
{
    outb(COM1 + 1, 0x00);                   /* no interrupts */
    outb(COM1 + 3, 0x80);                   /* DLAB on: divisor follows */
    outb(COM1 + 0, 0x01);                   /* divisor 1: 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);                   /* 8N1, DLAB off */
    /* FIFOs stay off: turning them on empties the receiver, and the demo shell's script may
     * already have a byte waiting there (QEMU feeds it from boot on). */
    outb(COM1 + 2, 0x00);
}

static void serial_putc(char c)
{
    while (!(inb(COM1 + 5) & 0x20))         /* wait for an empty transmit register */
        ;
    outb(COM1, (uint8_t)c);
}

/* Input for the demo shell: polls the line status register, no interrupts. */
int serial_getc(void)
{
    while (!(inb(COM1 + 5) & 0x01))         /* wait for a received byte */
        __asm__ volatile("pause");
    return inb(COM1);
}

void kwrite(const char *s, size_t n)
{
    while (n--) {
        if (*s == '\n')
            serial_putc('\r');
        serial_putc(*s++);
    }
}

void kputs(const char *s)
{
    while (*s)
        kwrite(s++, 1);
}

static void put_unsigned(unsigned long long v, unsigned base, int width)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (width-- > n)
        kwrite("0", 1);
    while (n)
        kwrite(&digits[--n], 1);
}

void kvprintf(const char *fmt, va_list ap)
{
    for (; *fmt; fmt++) {
        int longs = 0, width = 0, precision = -1;
        unsigned long long u;
        long long d;
        const char *s;
        if (*fmt != '%') {
            kwrite(fmt, 1);
            continue;
        }
        fmt++;
        while (*fmt >= '0' && *fmt <= '9')
            width = width * 10 + (*fmt++ - '0');
        if (fmt[0] == '.' && fmt[1] == '*') {    /* %.*s: at most that many bytes */
            precision = va_arg(ap, int);
            fmt += 2;
        }
        while (*fmt == 'l' || *fmt == 'z') {
            longs++;
            fmt++;
        }
        switch (*fmt) {
        case 's':
            s = va_arg(ap, const char *);
            if (precision < 0)
                kputs(s);
            else
                for (; precision-- > 0 && *s; s++)
                    kwrite(s, 1);
            break;
        case 'c':
            serial_putc((char)va_arg(ap, int));
            break;
        case 'd':
            d = longs ? va_arg(ap, long long) : va_arg(ap, int);
            if (d < 0) {
                kwrite("-", 1);
                u = 0ull - (unsigned long long)d;
            } else {
                u = (unsigned long long)d;
            }
            put_unsigned(u, 10, width);
            break;
        case 'u':
        case 'x':
            u = longs ? va_arg(ap, unsigned long long) : va_arg(ap, unsigned);
            put_unsigned(u, *fmt == 'u' ? 10 : 16, width);
            break;
        case 'p':
            kwrite("0x", 2);
            put_unsigned((uintptr_t)va_arg(ap, void *), 16, 0);
            break;
        default:
            kwrite(fmt - 1, 2);
            break;
        }
    }
}

void kprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
}

void qemu_exit(int success)
{
    /* isa-debug-exit makes QEMU exit with (value << 1) | 1: 0x10 -> 33, 0x01 -> 3. */
    outb(DEBUG_EXIT_PORT, success ? 0x10 : 0x01);
    for (;;)                                /* not reached under QEMU with the device */
        __asm__ volatile("cli; hlt");
}

/* The kernel has no libc; compiler-generated code (struct copies, zeroing) calls these too.
 * In asm, so the compiler cannot turn them back into calls to themselves. DF is clear. */
void *memcpy(void *dst, const void *src, size_t n)
{
    void *d = dst;
    __asm__ volatile("rep movsb" : "+D"(d), "+S"(src), "+c"(n) : : "memory");
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    void *d = dst;
    __asm__ volatile("rep stosb" : "+D"(d), "+c"(n) : "a"(c) : "memory");
    return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
    void *d;
    const void *s;
    if ((uintptr_t)dst <= (uintptr_t)src || (uintptr_t)dst >= (uintptr_t)src + n)
        return memcpy(dst, src, n);
    /* Overlapping with dst above src: copy downwards from the last byte, then clear DF again. */
    d = (char *)dst + n - 1;
    s = (const char *)src + n - 1;
    __asm__ volatile("std; rep movsb; cld" : "+D"(d), "+S"(s), "+c"(n) : : "memory");
    return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
    const volatile unsigned char *x = a, *y = b;
    for (; n; n--, x++, y++)
        if (*x != *y)
            return *x < *y ? -1 : 1;
    return 0;
}
