/* bench: what one call costs when it is made directly, through a callplan plan (cp_call) and
 * through libffi (ffi_call), for the signatures of issue 5. `make bench` and `make bench-smoke`
 * run it (bench/bench.mk); tools/bench-report.sh turns its figures into bench/RESULTS.md.
 *
 *   bench --smoke              every row a few times: the callplan and libffi results must equal
 *                              the direct call's, byte for byte ("ok - bench ..." lines and
 *                              "N passed, M failed"); not timed
 *   bench [--calls N] [--runs R]
 *                              timing: for each row, R runs of N calls per method, the methods
 *                              interleaved; prints "time <id> <signature> <method> <median ns>"
 *   bench --count N [--count N...]
 *                              for callgrind: each row's loop of every method run N times inside
 *                              bench_measure(), once per --count; prints "count <id> <method> <N>"
 *                              in the order of the calls (one callgrind dump per call)
 *
 * Each row (rows.c) is one callee (callees.c) with its callplan signature; libffi's types are
 * derived from the callplan descriptors, so the two always describe the same function. The plan
 * and the cif are prepared once, outside every loop; the arguments are read from memory on every
 * call by all three methods.
 *
 * Closure rows ("cl_" ids, issue 6) measure the reverse direction: one compiled loop calls a
 * function pointer, which is the callee (direct), a callplan closure or a libffi closure made
 * once in setup() from the same plan and cif; the closures' handlers do the callee's work. */
#define _POSIX_C_SOURCE 200809L   /* clock_gettime under -std=c11 */

#include "bench.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const method_id[M_COUNT] = { "direct", "callplan", "libffi" };

/* ---- the generic loops -------------------------------------------------------------------- */
static void loop_callplan(struct bench *b, long n)
{
    const cp_plan *plan = (const cp_plan *)b->plan;
    void (*fn)(void) = b->row->fn;
    void *ret = b->ret[M_CALLPLAN];
    void *const *args = b->row->args;

    for (long i = 0; i < n; i++)
        cp_call(plan, fn, ret, args);
}

static void loop_libffi(struct bench *b, long n)
{
    ffi_cif *cif = &b->cif;
    void (*fn)(void) = b->row->fn;
    void *ret = b->ret[M_LIBFFI];
    void **args = b->ffi_argv;

    for (long i = 0; i < n; i++)
        ffi_call(cif, fn, ret, args);
}

/* libffi 3.4's ffi_call copies a struct argument of more than 16 bytes to its own stack and
 * points avalue[i] at that copy, which is dead once it returns: such a row must hand every call
 * fresh argument pointers (a few instructions, against the hundreds of ffi_call). */
static void loop_libffi_fresh(struct bench *b, long n)
{
    ffi_cif *cif = &b->cif;
    void (*fn)(void) = b->row->fn;
    void *ret = b->ret[M_LIBFFI];
    void *const *args = b->row->args;
    void **argv = b->ffi_argv;
    size_t bytes = b->row->sig.nargs * sizeof *argv;

    for (long i = 0; i < n; i++) {
        memcpy(argv, args, bytes);
        ffi_call(cif, fn, ret, argv);
    }
}

/* Closure rows: the row's one compiled loop, called with each method's function pointer. */
static void loop_through_direct(struct bench *b, long n)
{
    b->row->closure->through(b->target[M_DIRECT], b->ret[M_DIRECT], n);
}

static void loop_through_callplan(struct bench *b, long n)
{
    b->row->closure->through(b->target[M_CALLPLAN], b->ret[M_CALLPLAN], n);
}

static void loop_through_libffi(struct bench *b, long n)
{
    b->row->closure->through(b->target[M_LIBFFI], b->ret[M_LIBFFI], n);
}

static void loop_build_callplan(struct bench *b, long n)
{
    for (long i = 0; i < n; i++)
        b->build_status = cp_plan_build(b->plan, sizeof b->plan, &b->row->sig, NULL);
}

static void loop_prep_libffi(struct bench *b, long n)
{
    for (long i = 0; i < n; i++)
        b->prep_status = ffi_prep_cif(&b->cif, FFI_DEFAULT_ABI, b->row->sig.nargs, b->ffi_ret,
                                      b->ffi_args);
}

/* The one function callgrind counts (tools/bench-report.sh: --toggle-collect=bench_measure):
 * n iterations of one loop, plus a constant entry cost that cancels out between two counts. */
void bench_measure(struct bench *b, enum method m, long n) __attribute__((noinline));
void bench_measure(struct bench *b, enum method m, long n)
{
    b->loop[m](b, n);
}

/* ---- setup ------------------------------------------------------------------------------- */
static ffi_type *const ffi_scalar[CP_KIND_COUNT_] = {
    [CP_KIND_VOID] = &ffi_type_void, [CP_KIND_I32] = &ffi_type_sint32,
    [CP_KIND_I64] = &ffi_type_sint64, [CP_KIND_F64] = &ffi_type_double,
    [CP_KIND_F80] = &ffi_type_longdouble, [CP_KIND_PTR] = &ffi_type_pointer,
};

/* libffi's description of a callplan type (the kinds the rows use; NULL for others). Struct
 * descriptors are allocated once per row and live as long as the process. */
static ffi_type *ffi_of(const cp_type *t)
{
    ffi_type *s;

    if (t->kind != CP_KIND_STRUCT)
        return t->kind < CP_KIND_COUNT_ ? ffi_scalar[t->kind] : NULL;
    s = calloc(1, sizeof *s);
    if (!s || !(s->elements = calloc(t->count + 1u, sizeof *s->elements)))
        return NULL;
    s->type = FFI_TYPE_STRUCT;
    for (uint32_t i = 0; i < t->count; i++)
        if (!(s->elements[i] = ffi_of(t->members[i].type)))
            return NULL;
    return s;
}

/* Whether ffi_call will rewrite its avalue array for b's cif (see loop_libffi_fresh). */
static int ffi_rewrites_args(const struct bench *b)
{
    for (unsigned i = 0; i < b->cif.nargs; i++)
        if (b->cif.arg_types[i]->type == FFI_TYPE_STRUCT && b->cif.arg_types[i]->size > 16)
            return 1;
    return 0;
}

/* A closure row: a callplan closure of the row's plan and a libffi closure of its cif, made
 * once and kept for the life of the process (the pool has room for every row). */
static const char *setup_closures(struct bench *b)
{
    const struct row *r = b->row;
    ffi_closure *fc;
    void *code = NULL;
    cp_status s;

    b->target[M_DIRECT] = r->fn;
    s = cp_closure_alloc((const cp_plan *)(const void *)b->plan, r->closure->cp_handler, NULL,
                         &b->target[M_CALLPLAN]);
    if (s != CP_OK)
        return cp_strerror(s);
    if (!(fc = ffi_closure_alloc(sizeof *fc, &code)))
        return "ffi_closure_alloc failed";
    if (ffi_prep_closure_loc(fc, &b->cif, r->closure->ffi_handler, NULL, code) != FFI_OK)
        return "ffi_prep_closure_loc failed";
    /* code is the closure's executable address: a function pointer kept in a void * */
    memcpy(&b->target[M_LIBFFI], &code, sizeof b->target[M_LIBFFI]);
    b->loop[M_DIRECT] = loop_through_direct;
    b->loop[M_CALLPLAN] = loop_through_callplan;
    b->loop[M_LIBFFI] = loop_through_libffi;
    return NULL;
}

/* Prepares b for row r. Returns NULL on success, else why it failed; *skip is set when the
 * callplan build lacks what the row needs (floats in a NOFLOAT build). */
static const char *setup(struct bench *b, const struct row *r, int *skip)
{
    const cp_sig *sig = &r->sig;
    ffi_status fs;
    cp_status s;

    memset(b, 0, sizeof *b);
    b->row = r;
    *skip = 0;
    s = cp_plan_build(b->plan, sizeof b->plan, sig, &b->plan_len);
    if (s != CP_OK) {
        *skip = s == CP_ERR_UNSUPPORTED;
        return cp_strerror(s);
    }
    if (cp_type_layout(sig->ret, &b->ret_size, NULL, NULL, 0) != CP_OK)
        return "cp_type_layout of the return type failed";
    if (sig->ret->kind == CP_KIND_F80)
        b->ret_size = 10;                   /* the value bytes; the rest is padding */
    if (!(b->ffi_ret = ffi_of(sig->ret)))
        return "no libffi type for the return type";
    for (uint32_t i = 0; i < sig->nargs; i++)
        if (!(b->ffi_args[i] = ffi_of(sig->args[i])))
            return "no libffi type for an argument";
    if (sig->flags & CP_SIG_VARIADIC)
        fs = ffi_prep_cif_var(&b->cif, FFI_DEFAULT_ABI, sig->nfixed, sig->nargs, b->ffi_ret,
                              b->ffi_args);
    else
        fs = ffi_prep_cif(&b->cif, FFI_DEFAULT_ABI, sig->nargs, b->ffi_ret, b->ffi_args);
    if (fs != FFI_OK)
        return "ffi_prep_cif failed";
    memcpy(b->ffi_argv, r->args, sig->nargs * sizeof b->ffi_argv[0]);
    if (r->closure)
        return setup_closures(b);
    b->loop[M_DIRECT] = r->direct;
    b->loop[M_CALLPLAN] = r->direct ? loop_callplan : loop_build_callplan;
    b->loop[M_LIBFFI] = !r->direct          ? loop_prep_libffi
                        : ffi_rewrites_args(b) ? loop_libffi_fresh
                                               : loop_libffi;
    return NULL;
}

/* ---- smoke ------------------------------------------------------------------------------- */
static void print_bytes(const char *what, const unsigned char *p, size_t n)
{
    printf("#   %-8s", what);
    for (size_t i = 0; i < n; i++)
        printf(" %02x", p[i]);
    printf("\n");
}

/* A call row: each method, from a poisoned return buffer, must give the direct call's bytes. */
static const char *smoke_call(struct bench *b)
{
    const char *why = NULL;

    for (int m = 0; m < M_COUNT; m++) {
        memset(b->ret[m], 0xA5, RET_BYTES);
        b->loop[m](b, 3);
    }
    for (int m = 1; m < M_COUNT; m++) {
        if (memcmp(b->ret[m], b->ret[M_DIRECT], b->ret_size) != 0) {
            print_bytes(method_id[m], b->ret[m], b->ret_size);
            print_bytes("direct", b->ret[M_DIRECT], b->ret_size);
            why = "a result differs from the direct call's";
        }
    }
    return why;
}

/* The build row: the loops must succeed and rebuild the very same plan. */
static const char *smoke_build(struct bench *b)
{
    unsigned char first[sizeof b->plan];

    memcpy(first, b->plan, sizeof first);
    b->loop[M_CALLPLAN](b, 3);
    b->loop[M_LIBFFI](b, 3);
    if (b->build_status != CP_OK)
        return cp_strerror(b->build_status);
    if (b->prep_status != FFI_OK)
        return "ffi_prep_cif failed";
    if (memcmp(first, b->plan, b->plan_len) != 0)
        return "a rebuilt plan differs from the first";
    return NULL;
}

/* A closure row: each closure also gives the callee's results for the row's other values. */
static const char *smoke_closures(struct bench *b)
{
    for (int m = M_CALLPLAN; m < M_COUNT; m++) {
        const char *why = b->row->closure->check(b->target[m]);
        if (why) {
            printf("#   %s closure: %s\n", method_id[m], why);
            return "a closure's result differs from the callee's";
        }
    }
    return NULL;
}

static int smoke(struct bench *benches)
{
    int passed = 0, failed = 0;

    for (size_t i = 0; i < nrows; i++) {
        struct bench *b = &benches[i];
        int skip;
        const char *why = setup(b, &rows[i], &skip);

        if (skip) {
            printf("skip - bench %s: %s\n", rows[i].id, why);
            continue;
        }
        if (!why)
            why = rows[i].direct || rows[i].closure ? smoke_call(b) : smoke_build(b);
        if (!why && rows[i].closure)
            why = smoke_closures(b);
        if (why) {
            printf("FAIL - bench %s: %s: %s\n", rows[i].id, rows[i].c_sig, why);
            failed++;
        } else {
            printf("ok - bench %s: %s\n", rows[i].id, rows[i].c_sig);
            passed++;
        }
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed != 0;
}

/* ---- timing ------------------------------------------------------------------------------ */
static double now_ns(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median ns per call of `runs` runs of `calls` calls, the methods interleaved run by run so a
 * change of clock speed hits them alike. */
static void timing(struct bench *b, long calls, int runs)
{
    double ns[M_COUNT][64];

    for (int m = 0; m < M_COUNT; m++)       /* warm-up: caches, predictors, clock speed */
        if (b->loop[m])
            b->loop[m](b, calls / 10 + 1);
    for (int r = 0; r < runs; r++) {
        for (int m = 0; m < M_COUNT; m++) {
            double t0;
            if (!b->loop[m])
                continue;
            t0 = now_ns();
            b->loop[m](b, calls);
            ns[m][r] = (now_ns() - t0) / (double)calls;
        }
    }
    for (int m = 0; m < M_COUNT; m++) {
        if (!b->loop[m])
            continue;
        qsort(ns[m], (size_t)runs, sizeof ns[m][0], cmp_double);
        printf("time\t%s\t%s\t%s\t%.3f\n", b->row->id, b->row->c_sig, method_id[m],
               ns[m][runs / 2]);
    }
    fflush(stdout);
}

/* ---- callgrind counts -------------------------------------------------------------------- */
static void count(struct bench *b, const long *counts, int ncounts)
{
    for (int m = 0; m < M_COUNT; m++) {
        if (!b->loop[m])
            continue;
        b->loop[m](b, 1);                   /* warm-up outside the count: binds symbols */
        for (int k = 0; k < ncounts; k++) {
            printf("count\t%s\t%s\t%ld\n", b->row->id, method_id[m], counts[k]);
            fflush(stdout);
            bench_measure(b, (enum method)m, counts[k]);
        }
    }
}

/* ---- main -------------------------------------------------------------------------------- */
static long parse_long(const char *s, long min, long max)
{
    char *end;
    long v = s ? strtol(s, &end, 10) : 0;

    if (!s || *end || v < min || v > max) {
        fprintf(stderr, "bench: bad number '%s' (%ld..%ld)\n", s ? s : "", min, max);
        exit(2);
    }
    return v;
}

int main(int argc, char **argv)
{
    struct bench *benches = calloc(nrows, sizeof *benches);
    long calls = 10000000, counts[4];
    int runs = 7, ncounts = 0, smoke_mode = 0;

    if (!benches)
        return 1;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--smoke") == 0)
            smoke_mode = 1;
        else if (strcmp(argv[i], "--calls") == 0)
            calls = parse_long(argv[++i], 1, 1L << 40);
        else if (strcmp(argv[i], "--runs") == 0)
            runs = (int)parse_long(argv[++i], 1, 63);
        else if (strcmp(argv[i], "--count") == 0 && ncounts < (int)COUNTOF(counts))
            counts[ncounts++] = parse_long(argv[++i], 1, 1L << 40);
        else {
            fprintf(stderr, "usage: bench --smoke | [--calls N] [--runs R] | --count N...\n");
            return 2;
        }
    }
    if (smoke_mode)
        return smoke(benches);

    for (size_t i = 0; i < nrows; i++) {
        int skip;
        const char *why = setup(&benches[i], &rows[i], &skip);

        if (why) {
            fprintf(stderr, "bench: %s: %s\n", rows[i].id, why);
            return 1;
        }
        if (ncounts) {
            count(&benches[i], counts, ncounts);
        } else {
            fprintf(stderr, "bench: timing %s (%zu/%zu)\n", rows[i].id, i + 1, nrows);
            timing(&benches[i], calls, runs);
        }
    }
    return 0;
}
