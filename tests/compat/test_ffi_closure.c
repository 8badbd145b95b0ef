/* Closures through libffi's API on callplan's trampoline pool: called from code the compiler
 * compiled (qsort, and the callers in callees.c), results of every shape including structs in
 * registers and through a hidden pointer, libffi's ffi_arg rule for narrow results, the pool's
 * bounds, and the code address staying the one ffi_closure_alloc gave. */
#include <ffi.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "callees.h"
#include "harness.h"

typedef void (*code_fn)(void);

/* A closure for cif running fun; its code in *code. NULL if anything fails. */
static ffi_closure *make(ffi_cif *cif, void (*fun)(ffi_cif *, void *, void **, void *),
                         void *user, void **code)
{
    ffi_closure *c = ffi_closure_alloc(sizeof(ffi_closure), code);
    if (!c)
        return NULL;
    if (ffi_prep_closure_loc(c, cif, fun, user, *code) != FFI_OK) {
        ffi_closure_free(c);
        return NULL;
    }
    return c;
}

static void compare_ints(ffi_cif *cif, void *ret, void **args, void *user)
{
    int a = **(int **)args[0], b = **(int **)args[1];
    (void)cif;
    ++*(int *)user;
    *(ffi_arg *)ret = (ffi_arg)(ffi_sarg)((a > b) - (a < b));
}

TEST(qsort_with_a_closure)
{
    ffi_cif cif;
    ffi_type *args[2] = { &ffi_type_pointer, &ffi_type_pointer };
    void *code = NULL;
    ffi_closure *c;
    int v[100], calls = 0, i, sorted = 1;
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_sint, args) == FFI_OK);
    c = make(&cif, compare_ints, &calls, &code);
    CHECK(c != NULL);
    if (!c)
        return;
    CHECK(c->cif == &cif && c->fun == compare_ints && c->user_data == &calls);
    for (i = 0; i < 100; i++)
        v[i] = (i * 7919) % 101 - 50;
    qsort(v, 100, sizeof v[0], (int (*)(const void *, const void *))(uintptr_t)code);
    for (i = 1; i < 100; i++)
        sorted &= v[i - 1] <= v[i];
    CHECK(sorted);
    CHECK(calls >= 99);
    ffi_closure_free(c);
}

/* fun stores a whole ffi_arg for a narrow integer result; all 64 bits of it are set here, so
 * the caller sees the right value only if the layer takes the type's own width. */
static void answer(ffi_cif *cif, void *ret, void **args, void *user)
{
    (void)user;
    switch (cif->rtype->type) {
    case FFI_TYPE_SINT8:
        *(ffi_arg *)ret = (ffi_arg)(ffi_sarg)(int8_t)(*(int8_t *)args[0] - 1);
        break;
    case FFI_TYPE_UINT16:
        *(ffi_arg *)ret = (ffi_arg)(uint16_t)(*(uint16_t *)args[0] + 1);
        break;
    case FFI_TYPE_SINT32:
        *(ffi_arg *)ret = (ffi_arg)(ffi_sarg)(*(int32_t *)args[0] * 2);
        break;
    default:
        *(ffi_arg *)ret = (ffi_arg)(*(uint32_t *)args[0] + 1u);
        break;
    }
}

TEST(narrow_results_from_a_whole_ffi_arg)
{
    ffi_type *types[4] = { &ffi_type_sint8, &ffi_type_uint16, &ffi_type_sint32, &ffi_type_uint32 };
    ffi_closure *c[4];
    ffi_cif cif[4];
    void *code[4];
    int i;
    for (i = 0; i < 4; i++) {
        CHECK(ffi_prep_cif(&cif[i], FFI_DEFAULT_ABI, 1, types[i], &types[i]) == FFI_OK);
        c[i] = make(&cif[i], answer, NULL, &code[i]);
        CHECK(c[i] != NULL);
        if (!c[i])
            return;
    }
    CHECK(call_s8((int8_t (*)(int8_t))(uintptr_t)code[0], -128) == 127);
    CHECK(call_s8((int8_t (*)(int8_t))(uintptr_t)code[0], 0) == -1);
    CHECK(call_u16((uint16_t (*)(uint16_t))(uintptr_t)code[1], 65535) == 0);
    CHECK(call_s32((int32_t (*)(int32_t))(uintptr_t)code[2], -1000000000) == -2000000000);
    CHECK(call_u32((uint32_t (*)(uint32_t))(uintptr_t)code[3], 0xFFFFFFFEu) == 0xFFFFFFFFu);
    for (i = 0; i < 4; i++)
        ffi_closure_free(c[i]);
}

static ffi_type *small_e[] = { &ffi_type_sint32, &ffi_type_double, NULL };
static ffi_type small_t = { 0, 0, FFI_TYPE_STRUCT, small_e };
static ffi_type *big_e[] = { &ffi_type_sint64, &ffi_type_sint64, &ffi_type_sint64,
                             &ffi_type_double, NULL };
static ffi_type big_t = { 0, 0, FFI_TYPE_STRUCT, big_e };

static void make_small(ffi_cif *cif, void *ret, void **args, void *user)
{
    struct c_small r;
    (void)cif;
    (void)user;
    r.a = *(int32_t *)args[0] + 1;
    r.b = *(double *)args[1] * 2;
    memcpy(ret, &r, sizeof r);
}

static void negate_big(ffi_cif *cif, void *ret, void **args, void *user)
{
    const struct c_big *b = args[0];
    struct c_big r = { -b->a, -b->b, -b->c, -b->d };
    (void)cif;
    ++*(int *)user;
    memcpy(ret, &r, sizeof r);
}

TEST(struct_results_in_registers_and_memory)
{
    ffi_cif cs, cb;
    ffi_type *sargs[2] = { &ffi_type_sint32, &ffi_type_double };
    ffi_type *bargs[1] = { &big_t };
    void *scode, *bcode;
    ffi_closure *s, *b;
    struct c_small rs;
    struct c_big in = { 1, 2, 3, 4.5 }, rb;
    int calls = 0;

    CHECK(ffi_prep_cif(&cs, FFI_DEFAULT_ABI, 2, &small_t, sargs) == FFI_OK);
    CHECK(ffi_prep_cif(&cb, FFI_DEFAULT_ABI, 1, &big_t, bargs) == FFI_OK);
    s = make(&cs, make_small, NULL, &scode);
    b = make(&cb, negate_big, &calls, &bcode);
    CHECK(s && b);
    if (!s || !b)
        return;
    rs = call_small((struct c_small (*)(int32_t, double))(uintptr_t)scode, 41, 1.25);
    CHECK(rs.a == 42 && rs.b == 2.5);
    rb = call_big((struct c_big (*)(struct c_big))(uintptr_t)bcode, in);
    CHECK(rb.a == -1 && rb.b == -2 && rb.c == -3 && rb.d == -4.5 && calls == 1);
    ffi_closure_free(s);
    ffi_closure_free(b);
}

/* Sixteen arguments, the most a closure takes: registers of both kinds, then the stack. */
static void weigh(ffi_cif *cif, void *ret, void **args, void *user)
{
    double sum = 0;
    unsigned i;
    (void)user;
    for (i = 0; i < cif->nargs; i++) {
        double x = 0;
        switch (cif->arg_types[i]->type) {
        case FFI_TYPE_SINT32: x = *(int32_t *)args[i]; break;
        case FFI_TYPE_DOUBLE: x = *(double *)args[i]; break;
        case FFI_TYPE_SINT64: x = (double)*(int64_t *)args[i]; break;
        default:              x = *(float *)args[i]; break;
        }
        sum += x * (i + 1);
    }
    *(double *)ret = sum;
}

static void add_one(ffi_cif *cif, void *ret, void **args, void *user)
{
    (void)cif;
    (void)user;
    *(ffi_arg *)ret = (ffi_arg)(ffi_sarg)(*(int32_t *)args[0] + 1);
}

TEST(sixteen_arguments_and_the_seventeenth)
{
    ffi_type *t[17];
    ffi_cif cif, c17, c1;
    void *code;
    ffi_closure *c;
    double want = 0;
    int32_t base = 3;
    int i;
    for (i = 0; i < 16; i++) {
        ffi_type *kinds[4] = { &ffi_type_sint32, &ffi_type_double, &ffi_type_sint64,
                               &ffi_type_float };
        t[i] = kinds[i % 4];
    }
    /* what call_many passes: base + i, with .5 on doubles and .25 on floats */
    for (i = 0; i < 16; i++)
        want += (base + i + (i % 4 == 1 ? 0.5 : i % 4 == 3 ? 0.25 : 0)) * (i + 1);
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 16, &ffi_type_double, t) == FFI_OK);
    c = make(&cif, weigh, NULL, &code);
    CHECK(c != NULL);
    if (c) {
        CHECK(call_many((double (*)(int32_t, double, int64_t, float, int32_t, double, int64_t,
                                    float, int32_t, double, int64_t, float, int32_t, double,
                                    int64_t, float))(uintptr_t)code, base) == want);
        ffi_closure_free(c);
    }
    /* a 17-argument cif is refused, and a bound closure keeps its binding and its fields */
    t[16] = &ffi_type_sint32;
    CHECK(ffi_prep_cif(&c17, FFI_DEFAULT_ABI, 17, &ffi_type_double, t) == FFI_OK);
    CHECK(ffi_prep_cif(&c1, FFI_DEFAULT_ABI, 1, &ffi_type_sint32, &t[16]) == FFI_OK);
    c = ffi_closure_alloc(sizeof(ffi_closure), &code);
    CHECK(c != NULL);
    if (c) {
        CHECK(ffi_prep_closure_loc(c, &c17, weigh, NULL, code) == FFI_BAD_ARGTYPE);
        CHECK(ffi_prep_closure_loc(c, &c1, add_one, NULL, code) == FFI_OK);
        CHECK(ffi_prep_closure_loc(c, &c17, weigh, NULL, code) == FFI_BAD_ARGTYPE);
        CHECK(c->cif == &c1 && c->fun == add_one);
        CHECK(call_s32((int32_t (*)(int32_t))(uintptr_t)code, 41) == 42);
        ffi_closure_free(c);
    }
}

static void add_user(ffi_cif *cif, void *ret, void **args, void *user)
{
    (void)cif;
    *(ffi_arg *)ret = (ffi_arg)(ffi_sarg)(*(int32_t *)args[0] + *(int32_t *)user);
}

/* The pool runs dry (ffi_closure_alloc gives NULL), a closure still binds while it is full,
 * and every freed closure comes back. */
TEST(pool_exhaustion_and_reuse)
{
    enum { MAX = 200 };
    static ffi_closure *all[MAX];
    static void *code[MAX];
    ffi_type *t[1] = { &ffi_type_sint32 };
    ffi_cif cif;
    int n = 0, i, k = 5, ok = 1;
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint32, t) == FFI_OK);
    while (n < MAX && (all[n] = ffi_closure_alloc(sizeof(ffi_closure), &code[n])) != NULL)
        n++;
    printf("# the pool gave %d closures\n", n);
    CHECK(n >= 32 && n < MAX);
    CHECK(ffi_closure_alloc(sizeof(ffi_closure), &code[0]) == NULL);
    for (i = 0; i < n; i++)
        ok &= ffi_prep_closure_loc(all[i], &cif, add_user, &k, code[i]) == FFI_OK;
    CHECK(ok);
    for (i = 0; i < n; i += 7)
        ok &= call_s32((int32_t (*)(int32_t))(uintptr_t)code[i], i) == i + 5;
    CHECK(ok);
    for (i = 0; i < n; i++)
        ffi_closure_free(all[i]);
    for (i = 0; i < n; i++)
        ok &= (all[i] = ffi_closure_alloc(sizeof(ffi_closure), &code[i])) != NULL;
    CHECK(ok);
    for (i = 0; i < n; i++)
        ffi_closure_free(all[i]);
}

/* Binding keeps the code address ffi_closure_alloc gave, with free slots below it, and a
 * closure can be bound again to another signature at the same address. */
TEST(code_address_survives_binding)
{
    ffi_type *t1[1] = { &ffi_type_sint32 };
    ffi_type *t2[2] = { &ffi_type_pointer, &ffi_type_pointer };
    ffi_cif c1, c2;
    void *ca, *cb, *cc, *again;
    ffi_closure *a, *b, *c, *d;
    int k = 100, calls = 0, v[3] = { 3, 1, 2 };
    CHECK(ffi_prep_cif(&c1, FFI_DEFAULT_ABI, 1, &ffi_type_sint32, t1) == FFI_OK);
    CHECK(ffi_prep_cif(&c2, FFI_DEFAULT_ABI, 2, &ffi_type_sint32, t2) == FFI_OK);
    a = ffi_closure_alloc(sizeof(ffi_closure), &ca);
    b = ffi_closure_alloc(sizeof(ffi_closure), &cb);
    c = ffi_closure_alloc(sizeof(ffi_closure), &cc);
    CHECK(a && b && c);
    if (!a || !b || !c)
        return;
    ffi_closure_free(a);                    /* a free slot below b and c */
    CHECK(ffi_prep_closure_loc(c, &c1, add_user, &k, cc) == FFI_OK);
    CHECK(call_s32((int32_t (*)(int32_t))(uintptr_t)cc, 1) == 101);
    CHECK(ffi_prep_closure_loc(c, &c2, compare_ints, &calls, cc) == FFI_OK);
    qsort(v, 3, sizeof v[0], (int (*)(const void *, const void *))(uintptr_t)cc);
    CHECK(v[0] == 1 && v[1] == 2 && v[2] == 3 && calls > 0);
    d = ffi_closure_alloc(sizeof(ffi_closure), &again);
    CHECK(d != NULL && again != cc && again != cb);
    k = 7;                                  /* user data is read at each call */
    CHECK(ffi_prep_closure_loc(b, &c1, add_user, &k, cb) == FFI_OK);
    CHECK(call_s32((int32_t (*)(int32_t))(uintptr_t)cb, 1) == 8);
    b->user_data = &calls;
    CHECK(call_s32((int32_t (*)(int32_t))(uintptr_t)cb, 0) == calls);
    ffi_closure_free(b);
    ffi_closure_free(c);
    ffi_closure_free(d);
}

TEST(deprecated_prep_closure)
{
    ffi_type *t[1] = { &ffi_type_sint32 };
    ffi_cif cif;
    void *code;
    ffi_closure *c;
    int k = -3;
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint32, t) == FFI_OK);
    c = ffi_closure_alloc(sizeof(ffi_closure), &code);
    CHECK(c != NULL);
    if (!c)
        return;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    CHECK(ffi_prep_closure(c, &cif, add_user, &k) == FFI_OK);
#pragma GCC diagnostic pop
    CHECK(call_s32((int32_t (*)(int32_t))(uintptr_t)code, 10) == 7);
    ffi_closure_free(c);
}

TEST(closures_not_from_the_pool_and_bad_arguments)
{
    ffi_type *t[1] = { &ffi_type_sint32 };
    ffi_closure mine;
    ffi_cif cif, unprepared;
    void *code;
    ffi_closure *c;
    int k = 0;
    memset(&mine, 0, sizeof mine);
    memset(&unprepared, 0, sizeof unprepared);
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint32, t) == FFI_OK);
    CHECK(ffi_prep_closure_loc(&mine, &cif, add_user, &k, &mine) == FFI_BAD_ARGTYPE);
    CHECK(ffi_closure_alloc(FFI_CP_CLOSURE_BYTES + 1, &code) == NULL);
    CHECK(ffi_closure_alloc(sizeof(ffi_closure), NULL) == NULL);
    c = ffi_closure_alloc(FFI_CP_CLOSURE_BYTES, &code);
    CHECK(c != NULL);
    if (!c)
        return;
    CHECK(ffi_prep_closure_loc(c, &cif, add_user, &k, &mine) == FFI_BAD_ARGTYPE);
    CHECK(ffi_prep_closure_loc(c, &unprepared, add_user, &k, code) == FFI_BAD_ARGTYPE);
    CHECK(ffi_prep_closure_loc(c, &cif, NULL, &k, code) == FFI_BAD_ARGTYPE);
    memset((char *)c + sizeof(ffi_closure), 0x5A, FFI_CP_CLOSURE_BYTES - sizeof(ffi_closure));
    CHECK(ffi_prep_closure_loc(c, &cif, add_user, &k, code) == FFI_OK);
    CHECK(call_s32((int32_t (*)(int32_t))(uintptr_t)code, 4) == 4);
    ffi_closure_free(c);
    ffi_closure_free(c);                    /* a second free is ignored */
    ffi_closure_free(&mine);                /* so is a foreign pointer */
    ffi_closure_free(NULL);
}

/* Threads taking, binding, calling and freeing closures at once: each sees its own results. */
static void *closure_worker(void *arg)
{
    ffi_type *t[1] = { &ffi_type_sint32 };
    ffi_cif cif;
    int k = (int)(intptr_t)arg, round, bad = 0;
    if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint32, t) != FFI_OK)
        return (void *)1;
    for (round = 0; round < 2000; round++) {
        void *code;
        ffi_closure *c = ffi_closure_alloc(sizeof(ffi_closure), &code);
        if (!c)
            continue;                       /* the others hold every slot right now */
        if (ffi_prep_closure_loc(c, &cif, add_user, &k, code) != FFI_OK ||
            call_s32((int32_t (*)(int32_t))(uintptr_t)code, round) != round + k)
            bad++;
        ffi_closure_free(c);
    }
    return (void *)(intptr_t)bad;
}

TEST(closures_from_several_threads)
{
    pthread_t th[4];
    int i, started = 0, bad = 0;
    for (i = 0; i < 4; i++)
        started += pthread_create(&th[i], NULL, closure_worker, (void *)(intptr_t)(1000 * i)) == 0;
    CHECK(started == 4);
    for (i = 0; i < started; i++) {
        void *r;
        pthread_join(th[i], &r);
        bad += (int)(intptr_t)r;
    }
    CHECK(bad == 0);
}

int main(void)
{
    RUN(qsort_with_a_closure);
    RUN(narrow_results_from_a_whole_ffi_arg);
    RUN(struct_results_in_registers_and_memory);
    RUN(sixteen_arguments_and_the_seventeenth);
    RUN(pool_exhaustion_and_reuse);
    RUN(code_address_survives_binding);
    RUN(deprecated_prep_closure);
    RUN(closures_not_from_the_pool_and_bad_arguments);
    RUN(closures_from_several_threads);
    return harness_done();
}
