/* Bounded text building for the shell: every helper appends to out[*n], never past cap - 1
 * bytes, and keeps the text NUL-terminated. */
#include "shell.h"

void sh_cat_n(char *out, size_t cap, size_t *n, const char *s, size_t len)
{
    while (len-- && *n + 1 < cap)
        out[(*n)++] = *s++;
    out[*n] = 0;
}

void sh_cat(char *out, size_t cap, size_t *n, const char *s)
{
    size_t len = 0;
    while (s[len])
        len++;
    sh_cat_n(out, cap, n, s, len);
}

void sh_cat_udec(char *out, size_t cap, size_t *n, uint64_t v)
{
    char d[24];
    size_t k = sizeof d;
    do {
        d[--k] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    sh_cat_n(out, cap, n, d + k, sizeof d - k);
}

void sh_cat_dec(char *out, size_t cap, size_t *n, int64_t v)
{
    if (v < 0) {
        sh_cat(out, cap, n, "-");
        sh_cat_udec(out, cap, n, 0 - (uint64_t)v);
    } else {
        sh_cat_udec(out, cap, n, (uint64_t)v);
    }
}

void sh_cat_hex(char *out, size_t cap, size_t *n, uint64_t v)
{
    char d[16];
    size_t k = sizeof d;
    do {
        d[--k] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    sh_cat(out, cap, n, "0x");
    sh_cat_n(out, cap, n, d + k, sizeof d - k);
}

size_t sh_strnlen(const char *s, size_t max)
{
    size_t n = 0;
    while (n < max && s[n])
        n++;
    return n;
}
