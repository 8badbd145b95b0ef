/* The functions the demo shell may call: real kernel code, each with the name of its
 * signature and ahead-of-time plan in tests/qemu/aot.sigs, and a direct binding (a compiled C
 * call that unpacks the same argument array) for `bench` to compare cp_call with. The callees
 * are noinline so that the direct call is a real call, as cp_call's is. */
#include <stdarg.h>

#include "shell.h"

#define EXPORT __attribute__((noinline))

struct k_point {
    int32_t x, y;
};

struct k_divmod {
    int64_t quot, rem;
};

static EXPORT uint64_t k_strlen(const char *s)
{
    uint64_t n = 0;
    while (s[n])
        n++;
    return n;
}

static EXPORT int64_t k_mul3(int64_t a, int64_t b, int64_t c)
{
    return a * b * c;
}

static EXPORT struct k_point k_padd(struct k_point a, struct k_point b)
{
    struct k_point r = { a.x + b.x, a.y + b.y };
    return r;
}

/* The same product with the Microsoft x64 convention (UEFI's): arguments in rcx, rdx, r8. */
static EXPORT __attribute__((ms_abi)) int64_t k_mul3_efi(int64_t a, int64_t b, int64_t c)
{
    return a * b * c;
}

struct k_three {
    int64_t lo, mid, hi;
};

/* 24 bytes: returned through a hidden pointer (sret). */
static EXPORT struct k_three k_order3(int64_t a, int64_t b, int64_t c)
{
    struct k_three r;
    int64_t t;
    if (a > b)
        t = a, a = b, b = t;
    if (b > c)
        t = b, b = c, c = t;
    if (a > b)
        t = a, a = b, b = t;
    r.lo = a;
    r.mid = b;
    r.hi = c;
    return r;
}

/* A hardware division: b == 0 raises #DE, which the shell's trap guard contains. */
static EXPORT struct k_divmod k_divmod(int64_t a, int64_t b)
{
    struct k_divmod r = { a / b, a % b };
    return r;
}

/* Reads a word anywhere: a wrong address faults (nothing but the kernel is mapped). */
static EXPORT int64_t k_peek(const volatile int64_t *p)
{
    return *p;
}

/* ---- a variadic formatter: snprintf's contract, 64-bit integers ---- */
struct out {
    char *buf;
    uint64_t cap, n;
};

static void out_c(struct out *o, char c)
{
    if (o->n + 1 < o->cap)
        o->buf[o->n] = c;
    o->n++;
}

static void out_u(struct out *o, uint64_t v, unsigned base)
{
    char d[24];
    int k = 0;
    do {
        d[k++] = "0123456789abcdef"[v % base];
        v /= base;
    } while (v);
    while (k)
        out_c(o, d[--k]);
}

/* %d %u %x take 64-bit integers (long), %s a string, %c a character, %% itself. Writes at most
 * cap bytes with the NUL and returns the length the whole text needs. */
static EXPORT int32_t k_format(char *buf, uint64_t cap, const char *fmt, ...)
{
    struct out o = { buf, cap, 0 };
    const char *s;
    va_list ap;
    int64_t d;
    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        if (*fmt != '%' || !fmt[1]) {
            out_c(&o, *fmt);
            continue;
        }
        switch (*++fmt) {
        case 'd':
            d = va_arg(ap, int64_t);
            if (d < 0)
                out_c(&o, '-');
            out_u(&o, d < 0 ? 0 - (uint64_t)d : (uint64_t)d, 10);
            break;
        case 'u':
        case 'x':
            out_u(&o, va_arg(ap, uint64_t), *fmt == 'u' ? 10 : 16);
            break;
        case 's':
            for (s = va_arg(ap, const char *); s && *s; s++)
                out_c(&o, *s);
            break;
        case 'c':
            out_c(&o, (char)va_arg(ap, int64_t));
            break;
        default:
            out_c(&o, *fmt);
            break;
        }
    }
    va_end(ap);
    if (cap)
        buf[o.n < cap ? o.n : cap - 1] = 0;
    return (int32_t)o.n;
}

/* ---- a sort routine that takes a comparator, as qsort does (insertion sort: stable) ---- */
static EXPORT int32_t k_sort(void *base, uint64_t n, uint64_t size,
                             int (*cmp)(const void *, const void *))
{
    unsigned char *b = base, key[64];
    uint64_t i, j;
    if (size == 0 || size > sizeof key || !cmp)
        return -1;
    for (i = 1; i < n; i++) {
        memcpy(key, b + i * size, size);
        for (j = i; j > 0 && cmp(b + (j - 1) * size, key) > 0; j--)
            memcpy(b + j * size, b + (j - 1) * size, size);
        memcpy(b + j * size, key, size);
    }
    return 0;
}

/* ---- direct bindings ----
 * Typed loads and stores: args[i] points at a value of the parameter's type, aligned (the
 * shell's argument arena aligns each one), and memcpy would be a call here (-ffreestanding). */
static void d_strlen(void *ret, void *const *args)
{
    *(uint64_t *)ret = k_strlen(*(const char *const *)args[0]);
}

static void d_memcmp(void *ret, void *const *args)
{
    *(int32_t *)ret = memcmp(*(const void *const *)args[0], *(const void *const *)args[1],
                             *(const uint64_t *)args[2]);
}

static void d_mul3(void *ret, void *const *args)
{
    *(int64_t *)ret = k_mul3(*(const int64_t *)args[0], *(const int64_t *)args[1],
                             *(const int64_t *)args[2]);
}

static void d_mul3_efi(void *ret, void *const *args)
{
    *(int64_t *)ret = k_mul3_efi(*(const int64_t *)args[0], *(const int64_t *)args[1],
                                 *(const int64_t *)args[2]);
}

static void d_order3(void *ret, void *const *args)
{
    *(struct k_three *)ret = k_order3(*(const int64_t *)args[0], *(const int64_t *)args[1],
                                      *(const int64_t *)args[2]);
}

static void d_padd(void *ret, void *const *args)
{
    *(struct k_point *)ret = k_padd(*(const struct k_point *)args[0],
                                    *(const struct k_point *)args[1]);
}

static void d_divmod(void *ret, void *const *args)
{
    *(struct k_divmod *)ret = k_divmod(*(const int64_t *)args[0], *(const int64_t *)args[1]);
}

static void d_peek(void *ret, void *const *args)
{
    *(int64_t *)ret = k_peek(*(const volatile int64_t *const *)args[0]);
}

#define FN(f) ((void (*)(void))(f))

const struct sh_export sh_exports[] = {
    { "strlen", FN(k_strlen), d_strlen, "length of a C string" },
    { "memcmp", FN(memcmp), d_memcmp, "compare bytes: -1, 0 or 1 (the kernel's memcmp)" },
    { "mul3", FN(k_mul3), d_mul3, "a * b * c" },
    { "mul3_efi", FN(k_mul3_efi), d_mul3_efi, "a * b * c, Microsoft x64 convention" },
    { "padd", FN(k_padd), d_padd, "add two points, by value both ways" },
    { "order3", FN(k_order3), d_order3, "{lo, mid, hi}: a 24-byte struct, returned via sret" },
    { "divmod", FN(k_divmod), d_divmod, "{a / b, a % b} by idiv: b = 0 raises #DE" },
    { "lerp", FN(k_lerp), sh_direct_lerp, "a + (b - a) * t, in SSE registers" },
    { "format", FN(k_format), 0, "snprintf-like: %d %u %x (64-bit), %s, %c" },
    { "sort", FN(k_sort), 0, "insertion sort of n elements of size bytes with cmp" },
    { "peek", FN(k_peek), d_peek, "read the 64-bit word at an address" },
};
const unsigned sh_export_count = sizeof sh_exports / sizeof sh_exports[0];

const struct sh_export *sh_export_find(const char *name, size_t len)
{
    unsigned i;
    for (i = 0; i < sh_export_count; i++)
        if (sh_strnlen(sh_exports[i].name, len + 1) == len &&
            memcmp(sh_exports[i].name, name, len) == 0)
            return &sh_exports[i];
    return 0;
}
