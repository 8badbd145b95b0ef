/* Minimal text formatting for plan dumps (no libc): strings and unsigned decimals appended to a
 * bounded buffer; output past the end is dropped, one byte is always left for a NUL. */
#include "internal.h"

void cp__fmt_str(char *out, size_t cap, size_t *n, const char *s)
{
    while (*s && *n + 1 < cap)
        out[(*n)++] = *s++;
}

void cp__fmt_dec(char *out, size_t cap, size_t *n, uint32_t v)
{
    char digits[10];
    unsigned k = 0;
    do {
        digits[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (k && *n + 1 < cap)
        out[(*n)++] = digits[--k];
}
