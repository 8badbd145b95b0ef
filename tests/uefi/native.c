/* ABI.md section 2 rows in a true LLP64 Microsoft x64 build (native_rows.c): each row's
 * callee called by compiled code, then through a Win64 plan, then each row as a closure that
 * compiled code calls. The three records (arguments as received, then the result) must agree
 * byte for byte. */
#include "native_rows.h"
#include "report.h"
#include "uefi_tests.h"

struct record rec;

void rec_put(const void *p, unsigned n)
{
    const unsigned char *b = p;
    for (unsigned i = 0; i < n; i++, rec.len++)
        if (rec.len < sizeof rec.bytes)
            rec.bytes[rec.len] = b[i];
}

/* What a row's closure handler needs: the argument sizes, and the result to give back (the
 * callee's, as the plan call received it). */
struct row_closure {
    uint32_t nargs;
    size_t sizes[CP_CLOSURE_MAX_ARGS];
    unsigned char result[32];
    size_t result_size;
};

static void record_handler(void *user, void *ret, void *const *args)
{
    const struct row_closure *c = user;
    unsigned char *out = ret;
    for (uint32_t i = 0; i < c->nargs; i++)
        rec_put(args[i], (unsigned)c->sizes[i]);
    for (size_t i = 0; i < c->result_size; i++)
        out[i] = c->result[i];
}

static int same_record(const struct record *a, const struct record *b, const char *name)
{
    unsigned at = 0;
    if (a->len == b->len && a->len <= sizeof a->bytes) {
        while (at < a->len && a->bytes[at] == b->bytes[at])
            at++;
        if (at == a->len)
            return check(1, name);
    }
    out_str("#   the records differ at byte ");
    out_dec(at);
    out_str(" (lengths ");
    out_dec(a->len);
    out_str(", ");
    out_dec(b->len);
    out_str(")\n");
    return check(0, name);
}

static void run_row(const struct native_row *row)
{
    char name[128];
    _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(CP_CLOSURE_MAX_ARGS)];
    _Alignas(16) unsigned char result[32] = { 0 };
    struct record direct;
    struct row_closure c = { .nargs = row->sig->nargs };
    void (*fn)(void) = NULL;
    cp_status s;

    rec.len = 0;
    row->call(row->callee);
    direct = rec;

    s = cp_plan_build(plan, sizeof plan, row->sig, NULL);
    if (row->sig->ret && s == CP_OK)
        s = cp_type_layout(row->sig->ret, &c.result_size, NULL, NULL, 0);
    for (uint32_t i = 0; i < row->sig->nargs && s == CP_OK; i++)
        s = cp_type_layout(row->sig->args[i], &c.sizes[i], NULL, NULL, 0);
    if (!check_status(join(name, sizeof name, row->name, "Win64 plan built"), s, CP_OK) ||
        c.result_size > sizeof result)
        return;
    rec.len = 0;
    cp_call((const cp_plan *)(const void *)plan, row->callee, result, row->args);
    rec_put(result, (unsigned)c.result_size);
    same_record(&direct, &rec,
                join(name, sizeof name, row->name, "through a plan, as the compiler calls it"));

    for (size_t i = 0; i < c.result_size; i++)
        c.result[i] = result[i];
    s = cp_closure_alloc((const cp_plan *)(const void *)plan, record_handler, &c, &fn);
    if (!check_status(join(name, sizeof name, row->name, "cp_closure_alloc"), s, CP_OK))
        return;
    rec.len = 0;
    row->call(fn);
    same_record(&direct, &rec,
                join(name, sizeof name, row->name, "a closure, called by compiled code"));
    check_status(join(name, sizeof name, row->name, "cp_closure_free"), cp_closure_free(fn),
                 CP_OK);
}

void native_tests(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    (void)image;
    (void)st;
    for (unsigned i = 0; i < native_row_count; i++)
        run_row(&native_rows[i]);
}
