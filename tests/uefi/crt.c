/* The memory functions clang may emit calls to on its own (struct copies, zeroing), even in
 * freestanding code: there is no C library in a UEFI application. */
#include <stddef.h>

void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);

void *memcpy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
    return dst;
}

void *memset(void *dst, int c, size_t n)
{
    unsigned char *d = dst;
    while (n--)
        *d++ = (unsigned char)c;
    return dst;
}

/* The Microsoft toolchain convention: any object using floating point references _fltused so
 * that the C runtime's FP support is linked in. There is no runtime; the symbol is the whole
 * obligation. */
int _fltused;
