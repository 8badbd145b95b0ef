/* The benchmark's shared declarations: the methods, a row (bench/rows.c) and a row made ready
 * to run (bench/bench.c). */
#ifndef CALLPLAN_BENCH_H
#define CALLPLAN_BENCH_H

#include <callplan.h>
#include <ffi.h>

#include <stddef.h>

#define COUNTOF(a) (sizeof(a) / sizeof((a)[0]))

/* The ways a row's callee is called. A packed-arguments entry (issue 5) would be one more method
 * here, with its loop chosen in bench.c's setup(); include/callplan.h has no such entry yet. */
enum method { M_DIRECT, M_CALLPLAN, M_LIBFFI, M_COUNT };

#define MAX_ARGS 16
#define RET_BYTES 32

struct bench;
typedef void loop_fn(struct bench *b, long n);
/* A closure row's loop: n calls of fn, a function of the row's signature, through a pointer,
 * the result stored at ret. */
typedef void through_fn(void (*fn)(void), void *ret, long n);
typedef void ffi_handler(ffi_cif *cif, void *ret, void **args, void *user_data);

/* What a closure row adds: compiled C calls a function pointer of the row's signature in a
 * loop, and the pointer is the callee itself (direct), a callplan closure (cp_closure_alloc) or
 * a libffi closure (ffi_closure_alloc + ffi_prep_closure_loc), whose handlers do the callee's
 * work from the arguments they are handed. */
struct row_closure {
    through_fn *through;        /* the C caller's loop */
    cp_handler *cp_handler;     /* the callplan closure's handler */
    ffi_handler *ffi_handler;   /* the libffi closure's handler */
    /* smoke only: calls fn with more argument values than the timed ones and compares with the
     * callee's results; NULL if all agree, else what differs */
    const char *(*check)(void (*fn)(void));
};

struct row {
    const char *id;             /* short name: smoke lines, report keys ("cl_" for closures) */
    const char *c_sig;          /* the C signature, as the report shows it */
    void (*fn)(void);           /* the callee */
    cp_sig sig;
    void *const *args;          /* args[i] points at the value of argument i */
    loop_fn *direct;            /* n direct calls; NULL for the plan-building and closure rows */
    const struct row_closure *closure;  /* closure rows only, else NULL */
};

/* A row made ready to run: plan and cif prepared once, a return buffer per method. */
struct bench {
    const struct row *row;
    loop_fn *loop[M_COUNT];     /* NULL where a method does not apply */
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(MAX_ARGS)];
    size_t plan_len;
    ffi_cif cif;
    ffi_type *ffi_ret, *ffi_args[MAX_ARGS];
    void *ffi_argv[MAX_ARGS];   /* ffi_call's avalue: it may write there (loop_libffi_fresh) */
    size_t ret_size;            /* result bytes that carry the value (long double: 10) */
    cp_status build_status;     /* the last status of the plan-building loops */
    ffi_status prep_status;
    void (*target[M_COUNT])(void); /* closure rows: the pointer each method's loop calls */
    _Alignas(16) unsigned char ret[M_COUNT][RET_BYTES];
};

/* The rows, in the order of the report (rows.c). */
extern const struct row rows[];
extern const size_t nrows;

#endif /* CALLPLAN_BENCH_H */
