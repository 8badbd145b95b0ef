/* The core's own byte copies. Compilers turn struct copies and loops into calls to memcpy and
 * memset even in freestanding builds; the core has no such calls (check-freestanding proves it),
 * and these two are written so that they cannot be recognised as those idioms: the volatile
 * destination stops the loop-idiom pass. Aligned whole words go 8 bytes at a time (plan
 * headers, moves), anything else byte by byte. Only plan building uses them, never a call. */
#include "internal.h"

static int words_ok(const void *dst, const void *src, size_t n)
{
    return ((uintptr_t)dst | (uintptr_t)src | n) % 8 == 0;
}

void cp__memcpy(void *dst, const void *src, size_t n)
{
    if (words_ok(dst, src, n)) {
        volatile uint64_t *d = dst;
        const uint64_t *s = src;
        for (n /= 8; n; n--)
            *d++ = *s++;
    } else {
        volatile uint8_t *d = dst;
        const uint8_t *s = src;
        while (n--)
            *d++ = *s++;
    }
}

void cp__memset(void *dst, int byte, size_t n)
{
    if (words_ok(dst, dst, n)) {
        volatile uint64_t *d = dst;
        uint64_t w = 0x0101010101010101ull * (uint8_t)byte;
        for (n /= 8; n; n--)
            *d++ = w;
    } else {
        volatile uint8_t *d = dst;
        while (n--)
            *d++ = (uint8_t)byte;
    }
}
