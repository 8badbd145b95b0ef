/* One program, two builds: against Debian's libffi (system ffi.h, -lffi) and against callplan's
 * layer (compat/libffi/ffi.h, libcallplan_ffi.a). It uses only libffi's API and prints what it
 * sees: results as raw ffi_arg words, struct sizes and offsets, snprintf output through
 * ffi_prep_cif_var, closure results and the statuses of portable errors. The two outputs must
 * be identical (tests/compat/run.sh compares them). */
#include <complex.h>
#include <ffi.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void show(const char *what, const void *p, size_t n)
{
    const unsigned char *b = p;
    size_t i;
    printf("%-28s", what);
    for (i = 0; i < n; i++)
        printf("%02x", b[i]);
    printf("\n");
}

/* ---- callees ---- */
static int8_t neg8(int8_t x) { return (int8_t)-x; }
static uint8_t inc8(uint8_t x) { return (uint8_t)(x + 1); }
static int16_t sub16(int16_t x) { return (int16_t)(x - 7); }
static uint16_t mul16(uint16_t x) { return (uint16_t)(x * 5u); }
static int32_t neg32(int32_t x) { return -x; }
static uint32_t not32(uint32_t x) { return ~x; }
static int64_t tri64(int64_t x) { return x * 3; }
static float half_f(float x) { return x / 2; }
static double sq_d(double x) { return x * x; }
static long double third_ld(long double x) { return x / 3; }

struct pt { int16_t x; double y; };
struct seg { struct pt a, b; uint8_t tag; };        /* 40 bytes: memory */
struct rgb { uint8_t r, g, b; };
struct name { char s[13]; int32_t n; };

static struct seg seg_rev(struct seg s)
{
    struct seg r = { s.b, s.a, (uint8_t)(s.tag + 1) };
    return r;
}

static struct pt pt_add(struct pt a, struct pt b)
{
    struct pt r = { (int16_t)(a.x + b.x), a.y + b.y };
    return r;
}

static struct rgb rgb_gray(struct rgb c)
{
    uint8_t g = (uint8_t)((c.r + c.g + c.b) / 3);
    struct rgb r = { g, g, g };
    return r;
}

static int32_t name_len(struct name n) { return (int32_t)strlen(n.s) + n.n; }

struct ffi3 { float a, b; int32_t c; };             /* SSE eightbyte, then INTEGER */
struct ldi { long double x; int8_t k; };

static struct ffi3 ffi3_mix(struct ffi3 p, double k)
{
    struct ffi3 r = { p.b * (float)k, p.a, p.c * 3 };
    return r;
}

static double mixed12(int8_t a, float b, double c, uint16_t d, int64_t e, float f, double g,
                      int32_t h, double i, float j, uint64_t k, double l)
{
    return a + b * 2 + c * 3 + d * 4 + (double)e * 5 + f * 6 + g * 7 + h * 8 + i * 9 + j * 10 +
           (double)k * 11 + l * 12;
}

static double _Complex cmul(double _Complex a, double _Complex b) { return a * b; }
static float _Complex cfneg(float _Complex a) { return -a; }
static long double ldi_sum(struct ldi v, long double w) { return v.x + v.k + w; }

/* ---- type descriptors, as libffi code writes them ---- */
static ffi_type *pt_elems[] = { &ffi_type_sint16, &ffi_type_double, NULL };
static ffi_type pt_type = { 0, 0, FFI_TYPE_STRUCT, pt_elems };
static ffi_type *seg_elems[] = { &pt_type, &pt_type, &ffi_type_uint8, NULL };
static ffi_type seg_type = { 0, 0, FFI_TYPE_STRUCT, seg_elems };
static ffi_type *rgb_elems[] = { &ffi_type_uint8, &ffi_type_uint8, &ffi_type_uint8, NULL };
static ffi_type rgb_type = { 0, 0, FFI_TYPE_STRUCT, rgb_elems };
static ffi_type *name_elems[15];
static ffi_type name_type = { 0, 0, FFI_TYPE_STRUCT, name_elems };

static void call1(const char *what, ffi_type *t, void (*fn)(void), void *arg)
{
    ffi_cif cif;
    ffi_type *args[1];
    void *values[1];
    unsigned char ret[32];
    args[0] = t;
    values[0] = arg;
    memset(ret, 0xA5, sizeof ret);
    if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, t, args) != FFI_OK) {
        printf("%s: prep failed\n", what);
        return;
    }
    ffi_call(&cif, fn, ret, values);
    show(what, ret, t->size < 8 ? 8 : t->size > 16 ? 16 : t->size);
}

static void scalars(void)
{
    int8_t s8 = 100;
    uint8_t u8 = 255;
    int16_t s16 = -32760;
    uint16_t u16 = 20000;
    int32_t s32 = 5;
    uint32_t u32 = 1;
    int64_t s64 = -1234567890123ll;
    float f = 3.0f;
    double d = 1.5;
    long double ld = 1.0L;
    call1("sint8", &ffi_type_sint8, FFI_FN(neg8), &s8);
    call1("uint8", &ffi_type_uint8, FFI_FN(inc8), &u8);
    call1("sint16", &ffi_type_sint16, FFI_FN(sub16), &s16);
    call1("uint16", &ffi_type_uint16, FFI_FN(mul16), &u16);
    call1("sint32", &ffi_type_sint32, FFI_FN(neg32), &s32);
    call1("uint32", &ffi_type_uint32, FFI_FN(not32), &u32);
    call1("sint64", &ffi_type_sint64, FFI_FN(tri64), &s64);
    call1("float", &ffi_type_float, FFI_FN(half_f), &f);
    call1("double", &ffi_type_double, FFI_FN(sq_d), &d);
    {   /* long double: only the 10 value bytes are defined */
        ffi_cif cif;
        ffi_type *args[1] = { &ffi_type_longdouble };
        void *values[1] = { &ld };
        long double r = 0;
        ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_longdouble, args);
        ffi_call(&cif, FFI_FN(third_ld), &r, values);
        show("longdouble", &r, 10);
    }
}

static void structs(void)
{
    size_t off[4];
    struct pt a = { 3, 0.25 }, b = { -5, 8.0 };
    struct seg s = { { 1, 2.0 }, { 3, 4.0 }, 9 }, rs;
    struct rgb c = { 10, 20, 61 }, rc;
    struct name n;
    struct pt rp;
    ffi_arg len = 0;                    /* an int result comes back as a whole ffi_arg */
    ffi_cif cif;
    ffi_type *args[2];
    void *values[2];
    int i;

    for (i = 0; i < 13; i++)
        name_elems[i] = &ffi_type_schar;
    name_elems[13] = &ffi_type_sint32;
    name_elems[14] = NULL;
    memset(off, 0xFF, sizeof off);
    printf("get_struct_offsets(seg) %d:", ffi_get_struct_offsets(FFI_DEFAULT_ABI, &seg_type, off));
    for (i = 0; i < 4; i++)
        printf(" %zx", off[i]);
    printf(" size %zu align %u\n", seg_type.size, seg_type.alignment);
    printf("pt size %zu align %u\n", pt_type.size, pt_type.alignment);

    args[0] = args[1] = &pt_type;
    values[0] = &a;
    values[1] = &b;
    memset(&rp, 0, sizeof rp);
    printf("prep pt_add %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &pt_type, args));
    ffi_call(&cif, FFI_FN(pt_add), &rp, values);
    printf("pt_add %d %.17g\n", rp.x, rp.y);

    args[0] = &seg_type;
    values[0] = &s;
    memset(&rs, 0, sizeof rs);
    printf("prep seg_rev %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &seg_type, args));
    ffi_call(&cif, FFI_FN(seg_rev), &rs, values);
    printf("seg_rev %d %g %d %g %u\n", rs.a.x, rs.a.y, rs.b.x, rs.b.y, rs.tag);

    args[0] = &rgb_type;
    values[0] = &c;
    memset(&rc, 0, sizeof rc);
    printf("prep rgb_gray %d", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &rgb_type, args));
    printf(" size %zu align %u\n", rgb_type.size, rgb_type.alignment);
    ffi_call(&cif, FFI_FN(rgb_gray), &rc, values);
    printf("rgb_gray %u %u %u\n", rc.r, rc.g, rc.b);

    memset(&n, 0, sizeof n);
    strcpy(n.s, "hello, ffi");
    n.n = 100;
    args[0] = &name_type;
    values[0] = &n;
    printf("prep name_len %d", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint32, args));
    printf(" size %zu align %u\n", name_type.size, name_type.alignment);
    ffi_call(&cif, FFI_FN(name_len), &len, values);
    printf("name_len %ld\n", (long)(ffi_sarg)len);
}

static ffi_type *ffi3_elems[] = { &ffi_type_float, &ffi_type_float, &ffi_type_sint32, NULL };
static ffi_type ffi3_type = { 0, 0, FFI_TYPE_STRUCT, ffi3_elems };
static ffi_type *ldi_elems[] = { &ffi_type_longdouble, &ffi_type_sint8, NULL };
static ffi_type ldi_type = { 0, 0, FFI_TYPE_STRUCT, ldi_elems };

static void more_calls(void)
{
    ffi_cif cif;
    ffi_type *t12[12] = { &ffi_type_sint8, &ffi_type_float, &ffi_type_double, &ffi_type_uint16,
                          &ffi_type_sint64, &ffi_type_float, &ffi_type_double, &ffi_type_sint32,
                          &ffi_type_double, &ffi_type_float, &ffi_type_uint64, &ffi_type_double };
    int8_t a = -9;
    float b = 0.5f, f = -3.25f, j = 1e-3f;
    double c = 1.0 / 3, g = -7.5, i = 1e10, l = 2.5e-5, r = 0;
    uint16_t d = 65535;
    int64_t e = -(1ll << 50);
    int32_t h = 123456;
    uint64_t k = 1ull << 60;
    void *v12[12] = { &a, &b, &c, &d, &e, &f, &g, &h, &i, &j, &k, &l };
    struct ffi3 p = { 1.5f, -2.5f, 7 }, rp;
    double kk = 2.0;
    ffi_type *t2[2];
    void *v2[2];
    double _Complex z1 = 1.0 + 2.0 * I, z2 = 3.0 - 1.0 * I, rz = 0;
    float _Complex zf = 0.5f - 4.0f * I, rzf = 0;
    struct ldi li = { 2.5L, -3 };
    long double w = 0.125L, rl = 0;
    size_t off[2];

    printf("prep mixed12 %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 12, &ffi_type_double, t12));
    ffi_call(&cif, FFI_FN(mixed12), &r, v12);
    printf("mixed12 %a\n", r);

    t2[0] = &ffi3_type;
    t2[1] = &ffi_type_double;
    v2[0] = &p;
    v2[1] = &kk;
    memset(&rp, 0, sizeof rp);
    printf("prep ffi3_mix %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi3_type, t2));
    ffi_call(&cif, FFI_FN(ffi3_mix), &rp, v2);
    printf("ffi3_mix %a %a %d size %zu\n", (double)rp.a, (double)rp.b, rp.c, ffi3_type.size);

    t2[0] = t2[1] = &ffi_type_complex_double;
    v2[0] = &z1;
    v2[1] = &z2;
    printf("prep cmul %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_complex_double, t2));
    ffi_call(&cif, FFI_FN(cmul), &rz, v2);
    printf("cmul %a %a\n", creal(rz), cimag(rz));

    t2[0] = &ffi_type_complex_float;
    v2[0] = &zf;
    printf("prep cfneg %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_complex_float, t2));
    ffi_call(&cif, FFI_FN(cfneg), &rzf, v2);
    printf("cfneg %a %a\n", (double)crealf(rzf), (double)cimagf(rzf));

    t2[0] = &ldi_type;
    t2[1] = &ffi_type_longdouble;
    v2[0] = &li;
    v2[1] = &w;
    printf("prep ldi_sum %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_longdouble, t2));
    ffi_call(&cif, FFI_FN(ldi_sum), &rl, v2);
    printf("ldi_sum %La\n", rl);
    printf("offsets(ldi) %d", ffi_get_struct_offsets(FFI_DEFAULT_ABI, &ldi_type, off));
    printf(" %zu %zu size %zu align %u\n", off[0], off[1], ldi_type.size, ldi_type.alignment);
}

static void variadic(void)
{
    char buf[128];
    char *pbuf = buf;
    size_t cap = sizeof buf;
    const char *fmt = "%d|%s|%.3f|%ld|%c|%Lg|%x";
    const char *str = "text";
    int32_t i = -42, ch = 'Z';
    double d = 2.71828;
    int64_t l = 1234567890123ll;
    long double ld = 0.5L;
    uint32_t x = 0xBEEF;
    ffi_type *t[9] = { &ffi_type_pointer, &ffi_type_uint64, &ffi_type_pointer,
                       &ffi_type_sint32, &ffi_type_pointer, &ffi_type_double,
                       &ffi_type_sint64, &ffi_type_sint32, &ffi_type_longdouble };
    ffi_type *t2[10];
    void *v[10] = { &pbuf, &cap, &fmt, &i, &str, &d, &l, &ch, &ld, &x };
    ffi_cif cif;
    ffi_arg r = 0;
    memcpy(t2, t, sizeof t);
    t2[9] = &ffi_type_uint32;
    printf("prep_cif_var snprintf %d\n",
           ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 3, 10, &ffi_type_sint32, t2));
    ffi_call(&cif, FFI_FN(snprintf), &r, v);
    printf("snprintf -> %ld \"%s\"\n", (long)r, buf);
    t2[5] = &ffi_type_float;
    printf("variadic float %d\n", ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 3, 10, &ffi_type_sint32, t2));
    t2[5] = &ffi_type_sint16;
    printf("variadic sint16 %d\n", ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 3, 10, &ffi_type_sint32, t2));
}

/* ---- closures ---- */
static void cmp_ints(ffi_cif *cif, void *ret, void **args, void *user)
{
    int a = **(int **)args[0], b = **(int **)args[1];
    (void)cif;
    ++*(int *)user;
    *(ffi_arg *)ret = (ffi_arg)(ffi_sarg)((a > b) - (a < b));
}

static void neg_s8(ffi_cif *cif, void *ret, void **args, void *user)
{
    (void)cif;
    (void)user;
    *(ffi_arg *)ret = (ffi_arg)(ffi_sarg)(int8_t)-*(int8_t *)args[0];
}

static void pt_mid(ffi_cif *cif, void *ret, void **args, void *user)
{
    const struct pt *a = args[0], *b = args[1];
    struct pt r = { (int16_t)((a->x + b->x) / 2), (a->y + b->y) / 2 };
    (void)cif;
    (void)user;
    memcpy(ret, &r, sizeof r);
}

static void seg_swap(ffi_cif *cif, void *ret, void **args, void *user)
{
    const struct seg *s = args[0];
    struct seg r = { s->b, s->a, (uint8_t)(s->tag * 2) };
    (void)cif;
    (void)user;
    memcpy(ret, &r, sizeof r);
}

static void scale_d(ffi_cif *cif, void *ret, void **args, void *user)
{
    (void)cif;
    (void)user;
    *(double *)ret = *(double *)args[0] * *(float *)args[1];
}

static void third_f(ffi_cif *cif, void *ret, void **args, void *user)
{
    (void)cif;
    (void)user;
    *(float *)ret = *(float *)args[0] / 3;
}

static void twice_ld(ffi_cif *cif, void *ret, void **args, void *user)
{
    (void)cif;
    (void)user;
    *(long double *)ret = *(long double *)args[0] * 2;
}

static void narrow(ffi_cif *cif, void *ret, void **args, void *user)
{
    (void)user;
    if (cif->rtype == &ffi_type_uint8)
        *(ffi_arg *)ret = (uint8_t)(*(int32_t *)args[0] + 1);
    else
        *(ffi_arg *)ret = (ffi_arg)(ffi_sarg)(int16_t)(*(int32_t *)args[0] * 3);
}

static void vsum(ffi_cif *cif, void *ret, void **args, void *user)
{
    (void)user;
    *(double *)ret = *(int32_t *)args[0] + *(int32_t *)args[1] * 10.0 + *(double *)args[2] +
                     (double)cif->nargs * 1000;
}

static void fp_closures(void)
{
    ffi_cif cif;
    ffi_type *t[2] = { &ffi_type_double, &ffi_type_float };
    ffi_closure *cl;
    void *code;

    ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_double, t);
    cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
    printf("prep scale_d %d\n", ffi_prep_closure_loc(cl, &cif, scale_d, NULL, code));
    printf("scale_d %a\n", ((double (*)(double, float))(uintptr_t)code)(1.25, -4.0f));
    ffi_closure_free(cl);

    t[0] = &ffi_type_float;
    ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_float, t);
    cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
    printf("prep third_f %d\n", ffi_prep_closure_loc(cl, &cif, third_f, NULL, code));
    printf("third_f %a\n", (double)((float (*)(float))(uintptr_t)code)(1.0f));
    ffi_closure_free(cl);

    t[0] = &ffi_type_longdouble;
    ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_longdouble, t);
    cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
    printf("prep twice_ld %d\n", ffi_prep_closure_loc(cl, &cif, twice_ld, NULL, code));
    printf("twice_ld %La\n", ((long double (*)(long double))(uintptr_t)code)(0.3L));
    ffi_closure_free(cl);

    t[0] = &ffi_type_sint32;
    ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_uint8, t);
    cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
    printf("prep narrow u8 %d\n", ffi_prep_closure_loc(cl, &cif, narrow, NULL, code));
    printf("narrow u8 %u\n", ((uint8_t (*)(int32_t))(uintptr_t)code)(255));
    ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint16, t);
    printf("prep narrow s16 %d\n", ffi_prep_closure_loc(cl, &cif, narrow, NULL, code));
    printf("narrow s16 %d\n", ((int16_t (*)(int32_t))(uintptr_t)code)(20000));
    ffi_closure_free(cl);

    {   /* a variadic closure, called as f(int, ...) */
        ffi_type *tv[3] = { &ffi_type_sint32, &ffi_type_sint32, &ffi_type_double };
        ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 1, 3, &ffi_type_double, tv);
        cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
        printf("prep vsum %d\n", ffi_prep_closure_loc(cl, &cif, vsum, NULL, code));
        printf("vsum %a\n", ((double (*)(int32_t, ...))(uintptr_t)code)(1, 2, 0.5));
        ffi_closure_free(cl);
    }
}

static void closures(void)
{
    ffi_cif cif;
    ffi_type *args[2];
    ffi_closure *cl;
    void *code = NULL;
    int v[10] = { 5, -1, 9, 0, 3, 3, -7, 8, 2, 1 }, calls = 0, i;

    args[0] = args[1] = &ffi_type_pointer;
    ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint32, args);
    cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
    printf("closure alloc %s\n", cl && code ? "ok" : "failed");
    if (!cl)
        return;
    printf("prep_closure_loc %d\n", ffi_prep_closure_loc(cl, &cif, cmp_ints, &calls, code));
    qsort(v, 10, sizeof v[0], (int (*)(const void *, const void *))(uintptr_t)code);
    printf("qsort:");
    for (i = 0; i < 10; i++)
        printf(" %d", v[i]);
    printf(" (%s)\n", calls > 9 ? "called" : "not called");
    ffi_closure_free(cl);

    {
        ffi_type *a1[1] = { &ffi_type_sint8 };
        int8_t (*f)(int8_t);
        ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint8, a1);
        cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
        printf("prep neg_s8 %d\n", ffi_prep_closure_loc(cl, &cif, neg_s8, NULL, code));
        f = (int8_t (*)(int8_t))(uintptr_t)code;
        printf("neg_s8(100) %d neg_s8(-128) %d\n", f(100), f(-128));
        ffi_closure_free(cl);
    }
    {
        struct pt (*f)(struct pt, struct pt);
        struct pt a = { 10, 1.0 }, b = { 20, 2.0 }, m;
        args[0] = args[1] = &pt_type;
        ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &pt_type, args);
        cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
        printf("prep pt_mid %d\n", ffi_prep_closure_loc(cl, &cif, pt_mid, NULL, code));
        f = (struct pt (*)(struct pt, struct pt))(uintptr_t)code;
        m = f(a, b);
        printf("pt_mid %d %g\n", m.x, m.y);
        ffi_closure_free(cl);
    }
    {
        struct seg (*f)(struct seg);
        struct seg s = { { 1, 1.5 }, { 2, 2.5 }, 21 }, r;
        args[0] = &seg_type;
        ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &seg_type, args);
        cl = ffi_closure_alloc(sizeof(ffi_closure), &code);
        printf("prep seg_swap %d\n", ffi_prep_closure_loc(cl, &cif, seg_swap, NULL, code));
        f = (struct seg (*)(struct seg))(uintptr_t)code;
        r = f(s);
        printf("seg_swap %d %g %d %g %u\n", r.a.x, r.a.y, r.b.x, r.b.y, r.tag);
        ffi_closure_free(cl);
    }
}

/* Random struct types (nested, with runs of one element as libffi writes arrays): both builds
 * must agree on every size, alignment and offset. A fixed seed: the output is reproducible.
 * Kept inside the layer's documented bounds (type graph of at most 32 nodes, 96 members, 8
 * levels), so that libffi and the layer both accept every one. */
static uint32_t rng = 12345;
static uint32_t next(uint32_t n)
{
    rng = rng * 1103515245u + 12345u;
    return (rng >> 8) % n;
}

enum { TYPES = 300, ELEMS = 24, WORDS = (TYPES + 63) / 64 };
struct made_info {
    uint64_t closure[WORDS];    /* the struct types inside it, itself included */
    int elems, height;
};
static struct made_info info[TYPES];

/* Members and nodes (a struct, and one per run of at least two elements) of the types in a
 * closure set, at most. */
static void closure_cost(const uint64_t *set, int *members, int *nodes)
{
    int i;
    *members = *nodes = 0;
    for (i = 0; i < TYPES; i++)
        if (set[i / 64] >> (i % 64) & 1) {
            *members += info[i].elems;
            *nodes += 1 + info[i].elems / 2;
        }
}

static void random_layouts(void)
{
    static ffi_type made[TYPES];
    static ffi_type *elems[TYPES][ELEMS + 1];
    ffi_type *leaves[] = { &ffi_type_uint8, &ffi_type_sint16, &ffi_type_uint32, &ffi_type_sint64,
                           &ffi_type_float, &ffi_type_double, &ffi_type_longdouble,
                           &ffi_type_pointer, &ffi_type_complex_float,
                           &ffi_type_complex_double, &ffi_type_complex_longdouble };
    size_t off[ELEMS];
    int i, n, k, w;
    for (i = 0; i < TYPES; i++) {
        int count = 1 + (int)next(6);
        memset(&info[i], 0, sizeof info[i]);
        info[i].closure[i / 64] |= 1ull << (i % 64);
        n = 0;
        while (count-- > 0 && n < ELEMS) {
            ffi_type *e = leaves[next(sizeof leaves / sizeof *leaves)];
            int run = next(4) == 0 ? 2 + (int)next(6) : 1;
            if (i > 0 && next(3) == 0) {
                int j = (int)next((uint32_t)i), members, nodes;
                uint64_t both[WORDS];
                for (w = 0; w < WORDS; w++)
                    both[w] = info[i].closure[w] | info[j].closure[w];
                closure_cost(both, &members, &nodes);
                if (info[j].height < 6 && members + ELEMS <= 96 && nodes + 1 + ELEMS / 2 <= 32) {
                    e = &made[j];
                    memcpy(info[i].closure, both, sizeof both);
                    if (info[j].height + 1 > info[i].height)
                        info[i].height = info[j].height + 1;
                }
            }
            while (run-- > 0 && n < ELEMS)
                elems[i][n++] = e;
        }
        info[i].elems = n;
        elems[i][n] = NULL;
        made[i].size = 0;
        made[i].alignment = 0;
        made[i].type = FFI_TYPE_STRUCT;
        made[i].elements = elems[i];
        printf("random %3d (height %d): %d", i, info[i].height + 1,
               ffi_get_struct_offsets(FFI_DEFAULT_ABI, &made[i], off));
        printf(" size %zu align %u off", made[i].size, made[i].alignment);
        for (k = 0; k < n; k++)
            printf(" %zu", off[k]);
        printf("\n");
    }
}

static void errors(void)
{
    ffi_cif cif;
    ffi_type *none[1] = { NULL };
    ffi_type empty = { 0, 0, FFI_TYPE_STRUCT, none };
    ffi_type no_elements = { 0, 0, FFI_TYPE_STRUCT, NULL };
    ffi_type *args[1] = { &empty };
    printf("abi 0: %d\n", ffi_prep_cif(&cif, (ffi_abi)0, 0, &ffi_type_void, NULL));
    printf("abi FFI_LAST_ABI: %d\n", ffi_prep_cif(&cif, FFI_LAST_ABI, 0, &ffi_type_void, NULL));
    printf("abi 99: %d\n", ffi_prep_cif(&cif, (ffi_abi)99, 0, &ffi_type_void, NULL));
    printf("empty struct result: %d\n", ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 0, &empty, NULL));
    printf("empty struct argument: %d\n",
           ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, args));
    args[0] = &no_elements;
    printf("struct without elements: %d\n",
           ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, args));
    printf("offsets of a scalar: %d\n",
           ffi_get_struct_offsets(FFI_DEFAULT_ABI, &ffi_type_sint32, NULL));
    printf("offsets, abi 0: %d\n", ffi_get_struct_offsets((ffi_abi)0, &pt_type, NULL));
}

int main(void)
{
    printf("sizes: void %zu/%u ld %zu/%u cld %zu/%u ptr %zu/%u\n", ffi_type_void.size,
           ffi_type_void.alignment, ffi_type_longdouble.size, ffi_type_longdouble.alignment,
           ffi_type_complex_longdouble.size, ffi_type_complex_longdouble.alignment,
           ffi_type_pointer.size, ffi_type_pointer.alignment);
    printf("codes: %d %d %d %d %d\n", FFI_TYPE_STRUCT, FFI_TYPE_COMPLEX, FFI_DEFAULT_ABI,
           FFI_BAD_ARGTYPE, FFI_TRAMPOLINE_SIZE);
    scalars();
    structs();
    more_calls();
    variadic();
    closures();
    fp_closures();
    random_layouts();
    errors();
    return 0;
}
