/* Closures as callbacks from kernel C code: a sort routine given a closure as its comparator,
 * and an event table whose handlers are closures. The trampolines are in .text, their slots in
 * .bss: after these run, kmain's walk of the page tables still finds no page both writable and
 * executable. Integer-only, so the NOFLOAT image runs it too (its closure entry has no FP
 * instruction at all). */
#include "callplan.h"
#include "kernel.h"

/* ---- kernel code that takes callbacks ---- */
static void ksort(int32_t *v, unsigned n, int (*cmp)(const int32_t *, const int32_t *))
{
    unsigned i, j;
    for (i = 1; i < n; i++) {
        int32_t key = v[i];
        for (j = i; j > 0 && cmp(&v[j - 1], &key) > 0; j--)
            v[j] = v[j - 1];
        v[j] = key;
    }
}

struct event_handler {
    int64_t (*fn)(int32_t code, int64_t payload);
};

static int64_t fire(const struct event_handler *table, unsigned n, int32_t code, int64_t payload)
{
    int64_t sum = 0;
    unsigned i;
    for (i = 0; i < n; i++)
        sum += table[i].fn(code, payload);
    return sum;
}

/* ---- the handlers, as an interpreter would provide them ---- */
static void descending(void *user, void *ret, void *const *args)
{
    int32_t a = **(int32_t *const *)args[0], b = **(int32_t *const *)args[1];
    ++*(unsigned *)user;
    *(int32_t *)ret = (a < b) - (a > b);
}

static void weigh_event(void *user, void *ret, void *const *args)
{
    int64_t weight = *(const int64_t *)user;
    *(int64_t *)ret = weight * *(const int32_t *)args[0] + *(const int64_t *)args[1];
}

static _Alignas(CP_PLAN_ALIGN) unsigned char plan_buf[CP_PLAN_SIZE(2)];

static int make_closure(const cp_type *ret, const cp_type *a0, const cp_type *a1,
                        cp_handler *h, void *user, void (**fn)(void))
{
    const cp_type *args[2] = { a0, a1 };
    cp_sig sig = { CP_ABI_SYSV64, ret, args, 2, 0, 0 };
    return cp_plan_build(plan_buf, sizeof plan_buf, &sig, 0) == CP_OK &&
           cp_closure_alloc((const cp_plan *)plan_buf, h, user, fn) == CP_OK;
}

void run_closure_tests(void)
{
    int32_t v[12] = { 5, -3, 99, 0, 7, 7, -40, 12, 3, 1000, -1, 8 };
    unsigned calls = 0, i, sorted = 1;
    void (*cmp)(void) = 0;
    void (*fns[3])(void) = { 0, 0, 0 };
    int64_t weights[3] = { 1, 10, 100 };
    struct event_handler table[3];
    int ok = make_closure(&cp_type_i32, &cp_type_ptr, &cp_type_ptr, descending, &calls, &cmp);

    test_result("closure: allocated for a comparator", ok);
    if (ok) {
        ksort(v, 12, (int (*)(const int32_t *, const int32_t *))cmp);
        for (i = 1; i < 12; i++)
            sorted &= v[i - 1] >= v[i];
        test_result("closure: kernel sort routine calls it as its comparator", sorted && calls);
        test_result("closure: freed", cp_closure_free(cmp) == CP_OK);
        test_result("closure: a second free is refused", cp_closure_free(cmp) == CP_ERR_ARG);
    }
    for (i = 0; i < 3; i++) {
        ok &= make_closure(&cp_type_i64, &cp_type_i32, &cp_type_i64, weigh_event, &weights[i],
                           &fns[i]);
        table[i].fn = (int64_t (*)(int32_t, int64_t))fns[i];
    }
    /* The plan buffer is reused for every closure: each slot owns its copy. */
    test_result("closure: an event table of three handlers fires",
                ok && fire(table, 3, 2, 5) == 2 * 1 + 5 + 2 * 10 + 5 + 2 * 100 + 5);
    for (i = 0; i < 3; i++)
        ok &= cp_closure_free(fns[i]) == CP_OK;
    test_result("closure: event handlers freed", ok);
}
