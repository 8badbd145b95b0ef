/* The core's own byte copies. Compilers turn struct copies and loops into calls to memcpy and
 * memset even in freestanding builds; the core has no such calls (check-freestanding proves it),
 * and these two are written so that they cannot be recognised as those idioms: the volatile
 * pointer stops the loop-idiom pass. Only cold paths use them (plan building, not calls). */
#include "internal.h"

void cp__memcpy(void *dst, const void *src, size_t n)
{
    volatile uint8_t *d = dst;
    const uint8_t *s = src;
    while (n--)
        *d++ = *s++;
}

void cp__memset(void *dst, int byte, size_t n)
{
    volatile uint8_t *d = dst;
    while (n--)
        *d++ = (uint8_t)byte;
}
