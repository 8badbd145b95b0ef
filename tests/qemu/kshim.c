/* Lets host test files run inside the SSE kernel image unchanged: tests/host/test_abi.c and its
 * callees are compiled into the kernel (with SSE on, like every FP test callee), and print and
 * count through the kernel's own console. Only the few stdio calls they use are provided. */
#include <stdio.h>

#include "kernel.h"

FILE *stdout;

int printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    kvprintf(fmt, ap);
    va_end(ap);
    return 0;
}

int vprintf(const char *fmt, va_list ap)
{
    kvprintf(fmt, ap);
    return 0;
}

/* glibc's <stdio.h> may inline vprintf as a call to this. */
int vfprintf(FILE *f, const char *fmt, va_list ap)
{
    (void)f;
    kvprintf(fmt, ap);
    return 0;
}

int fflush(FILE *f)
{
    (void)f;
    return 0;
}

void harness_embedded_done(int passed, int failed);

void harness_embedded_done(int passed, int failed)
{
    tests_passed += (unsigned)passed;
    tests_failed += (unsigned)failed;
}
