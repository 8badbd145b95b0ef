/* The shell's floating point, built with SSE/x87 enabled (like kfp.c): the rest of the shell
 * is kernel code that never touches an FP register and handles floats as bit patterns, so
 * literals are converted and results printed here. Also the export table's double callee.
 * Plain decimal arithmetic, enough for a demo: literals with up to 19 significant digits are
 * read by one correctly rounded multiplication or division per power of ten. */
#include "shell.h"

static uint64_t bits_of(double d)
{
    uint64_t b;
    memcpy(&b, &d, 8);
    return b;
}

static double double_of(uint64_t b)
{
    double d;
    memcpy(&d, &b, 8);
    return d;
}

int sh_fp_parse(const char *s, size_t n, uint64_t *bits)
{
    size_t i = 0;
    uint64_t mant = 0;
    int neg = 0, exp10 = 0, digits = 0, e = 0, eneg = 0;
    double v;

    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++) {
        if (mant < 1000000000000000000ull)
            mant = mant * 10 + (uint64_t)(s[i] - '0');
        else
            exp10++;                        /* digits past 19 only scale */
    }
    if (i < n && s[i] == '.')
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, digits++)
            if (mant < 1000000000000000000ull) {
                mant = mant * 10 + (uint64_t)(s[i] - '0');
                exp10--;
            }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '-' || s[i] == '+'))
            eneg = s[i++] == '-';
        if (i == n)
            return -1;
        for (; i < n && s[i] >= '0' && s[i] <= '9'; i++)
            if (e < 10000)
                e = e * 10 + (s[i] - '0');
    }
    if (!digits || i != n)
        return -1;
    exp10 += eneg ? -e : e;
    v = (double)mant;
    for (; exp10 > 0 && v < 1e300; exp10--)
        v *= 10.0;
    for (; exp10 < 0 && v > 0; exp10++)
        v /= 10.0;
    if (exp10 > 0)
        v = v * 1e300 * 1e300;              /* overflow: inf */
    *bits = bits_of(neg ? -v : v);
    return 0;
}

uint64_t sh_fp_from_i64(int64_t v)
{
    return bits_of((double)v);
}

uint64_t sh_fp_from_u64(uint64_t v)
{
    return bits_of((double)v);
}

uint32_t sh_fp_to_f32(uint64_t bits)
{
    float f = (float)double_of(bits);
    uint32_t b;
    memcpy(&b, &f, 4);
    return b;
}

uint64_t sh_fp_from_f32(uint32_t bits)
{
    float f;
    memcpy(&f, &bits, 4);
    return bits_of((double)f);
}

void sh_fp_to_f80(uint64_t bits, void *out16)
{
    long double x = (long double)double_of(bits);
    memset(out16, 0, 16);
    memcpy(out16, &x, 10);                  /* the 10 value bytes of the 16-byte object */
}

uint64_t sh_fp_from_f80(const void *in16)
{
    long double x = 0;
    memcpy(&x, in16, 10);
    return bits_of((double)x);
}

static void put_digits(char *out, size_t cap, size_t *n, uint64_t v, int width)
{
    char d[24];
    int k = 0;
    do {
        d[k++] = (char)('0' + v % 10);
        v /= 10;
    } while (v || k < width);
    while (k)
        sh_cat_n(out, cap, n, &d[--k], 1);
}

/* Up to nine decimals, trailing zeros trimmed but one kept: "1.5", "2.0", "0.001". */
static void put_fixed(char *out, size_t cap, size_t *n, double v)
{
    uint64_t whole = (uint64_t)v, frac = (uint64_t)((v - (double)whole) * 1e9 + 0.5);
    int width = 9;
    if (frac >= 1000000000ull) {
        whole++;
        frac = 0;
    }
    put_digits(out, cap, n, whole, 1);
    sh_cat(out, cap, n, ".");
    while (width > 1 && frac % 10 == 0) {
        frac /= 10;
        width--;
    }
    put_digits(out, cap, n, frac, width);
}

size_t sh_fp_format(uint64_t bits, char *out, size_t cap)
{
    double v = double_of(bits);
    size_t n = 0;
    int exp10 = 0;
    out[0] = 0;
    if (v != v) {
        sh_cat(out, cap, &n, "nan");
        return n;
    }
    if (bits >> 63) {
        sh_cat(out, cap, &n, "-");
        v = -v;
    }
    if (v > 1.7976931348623157e308) {
        sh_cat(out, cap, &n, "inf");
        return n;
    }
    if (v == 0 || (v >= 1e-4 && v < 1e15)) {
        put_fixed(out, cap, &n, v);
        return n;
    }
    while (v >= 10) {
        v /= 10;
        exp10++;
    }
    while (v < 1) {
        v *= 10;
        exp10--;
    }
    put_fixed(out, cap, &n, v);
    sh_cat(out, cap, &n, exp10 < 0 ? "e-" : "e+");
    put_digits(out, cap, &n, (uint64_t)(exp10 < 0 ? -exp10 : exp10), 2);
    return n;
}

/* ---- the export table's double callee and its direct binding ---- */
double k_lerp(double a, double b, double t)
{
    return a + (b - a) * t;
}

void sh_direct_lerp(void *ret, void *const *args)
{
    *(double *)ret = k_lerp(*(const double *)args[0], *(const double *)args[1],
                            *(const double *)args[2]);
}
