/* Script-defined functions handed to kernel code as plain C function pointers:
 *
 *   def desc(a, b) = b - a         a comparator written in the shell (shell_expr.c)
 *   sort desc 5 3 9 1              the kernel's sort routine (the export `sort`, called through
 *                                  its plan) calls it back through a closure
 *
 * The closure's plan is the ahead-of-time plan `comparator` (i32(ptr, ptr)); its handler reads
 * the two elements the sort routine points at and evaluates the definition's text. */
#include "aot_plans.h"
#include "shell.h"

#define MAX_DEFS 8
#define MAX_SORT 32

struct def {
    char name[SH_VAR_NAME];                 /* "" when free */
    char text[SH_LINE_MAX];                 /* "a b expr": the parameters, then the body */
    struct sh_expr_env env;
    size_t body, body_len;                  /* the expression within text */
    unsigned calls;                         /* by the current sort */
    const char *err;                        /* the first evaluation error of the current sort */
};

static struct def defs[MAX_DEFS];

static struct def *find_def(const char *name, size_t len)
{
    unsigned i;
    for (i = 0; i < MAX_DEFS; i++)
        if (defs[i].name[0] && sh_strnlen(defs[i].name, SH_VAR_NAME) == len &&
            memcmp(defs[i].name, name, len) == 0)
            return &defs[i];
    return 0;
}

static int expect(struct sh_line *l, struct sh_token *t, int ok, const char *what)
{
    if (!ok)
        return sh_error(l, t->pos, "expected %s", what);
    return 0;
}

/* def NAME(P, Q) = EXPR */
int sh_cmd_def(struct sh_line *l)
{
    struct sh_token name, p[2], t;
    struct sh_expr_env env = { { 0, 0 }, { 0, 0 }, { 0, 0 }, 0 };
    struct def *d;
    size_t err_off = 0, body;
    const char *msg = 0;
    int64_t ignored;
    unsigned i;

    if (sh_next(l, &name) || expect(l, &name, name.kind == SH_WORD, "a name after def") ||
        expect(l, &name, name.len < SH_VAR_NAME, "a shorter name") ||
        sh_next(l, &t) || expect(l, &t, sh_punct_is(l, &t, '('), "'(' after the name"))
        return -1;
    for (i = 0; i < 2; i++)
        if (sh_next(l, &p[i]) || expect(l, &p[i], p[i].kind == SH_WORD, "a parameter name") ||
            sh_next(l, &t) ||
            expect(l, &t, sh_punct_is(l, &t, i ? ')' : ','), i ? "')'" : "','"))
            return -1;
    if (sh_next(l, &t) || expect(l, &t, sh_punct_is(l, &t, '='), "'=' before the body"))
        return -1;
    while (l->pos < l->len && l->text[l->pos] == ' ')
        l->pos++;
    body = l->pos;
    /* Checked on the line itself first, so a bad redefinition keeps the old one. */
    for (i = 0; i < 2; i++) {
        env.names[i] = l->text + p[i].pos;
        env.name_len[i] = p[i].len;
    }
    env.syntax_only = 1;
    if (sh_expr_eval(l->text + body, l->len - body, &env, &ignored, &err_off, &msg))
        return sh_error(l, body + err_off, "%s", msg);
    d = find_def(l->text + name.pos, name.len);
    for (i = 0; !d && i < MAX_DEFS; i++)
        if (!defs[i].name[0])
            d = &defs[i];
    if (!d)
        return sh_error(l, name.pos, "all %u definitions are in use", MAX_DEFS);
    /* The definition keeps a copy of the line: names and body at their columns. */
    memset(d, 0, sizeof *d);
    memcpy(d->text, l->text, l->len);
    for (i = 0; i < 2; i++) {
        d->env.names[i] = d->text + p[i].pos;
        d->env.name_len[i] = p[i].len;
    }
    d->body = body;
    d->body_len = l->len - body;
    memcpy(d->name, l->text + name.pos, name.len);
    kprintf("%s(%.*s, %.*s) defined\n", d->name, (int)p[0].len, l->text + p[0].pos,
            (int)p[1].len, l->text + p[1].pos);
    return 0;
}

void sh_defs_list(void)
{
    unsigned i;
    for (i = 0; i < MAX_DEFS; i++)
        if (defs[i].name[0])
            kprintf("  def %s(%.*s, %.*s) = %.*s\n", defs[i].name, (int)defs[i].env.name_len[0],
                    defs[i].env.names[0], (int)defs[i].env.name_len[1], defs[i].env.names[1],
                    (int)defs[i].body_len, defs[i].text + defs[i].body);
}

/* The closure's handler: int cmp(const void *x, const void *y) on 64-bit elements. */
static void compare(void *user, void *ret, void *const *args)
{
    struct def *d = user;
    const int64_t *x, *y;
    int64_t v = 0;
    int32_t r;
    size_t off = 0;
    const char *msg = 0;
    memcpy(&x, args[0], sizeof x);
    memcpy(&y, args[1], sizeof y);
    d->env.values[0] = *x;
    d->env.values[1] = *y;
    d->calls++;
    if (sh_expr_eval(d->text + d->body, d->body_len, &d->env, &v, &off, &msg) && !d->err)
        d->err = msg;
    r = v > 0 ? 1 : v < 0 ? -1 : 0;
    memcpy(ret, &r, sizeof r);
}

struct sort_job {
    const cp_plan *plan;
    void (*sort)(void);
    void *base;                             /* the arguments, as cp_call reads them */
    uint64_t n, size;
    void (*cmp)(void);
    void *args[4];
    int32_t status;
};

static uint64_t run_sort(const void *p)
{
    struct sort_job *j = (struct sort_job *)(uintptr_t)p;
    cp_call(j->plan, j->sort, &j->status, j->args);
    return 0;
}

static int read_values(struct sh_line *l, int64_t *v, uint64_t *n)
{
    struct sh_token t;
    for (*n = 0;; ++*n) {
        if (sh_peek(l, &t))
            return -1;
        if (t.kind == SH_END)
            return 0;
        if (*n == MAX_SORT)
            return sh_error(l, t.pos, "at most %u values", MAX_SORT);
        if (sh_put_arg(l, &cp_type_i64, &v[*n], 0))
            return -1;
    }
}

/* sort NAME V... */
int sh_cmd_sort(struct sh_line *l)
{
    static struct sort_job job;
    struct sh_token name;
    const struct cp_aot_plan *cmp_plan = sh_aot_find("comparator", 10);
    const struct cp_aot_plan *sort_plan = sh_aot_find("sort", 4);
    const struct sh_export *sort = sh_export_find("sort", 4);
    int64_t v[MAX_SORT];
    uint64_t n, i;
    void (*fn)(void) = 0;
    struct def *d;
    cp_status s;
    int faulted;

    if (sh_next(l, &name) || expect(l, &name, name.kind == SH_WORD, "a function name (def)"))
        return -1;
    d = find_def(l->text + name.pos, name.len);
    if (!d)
        return sh_error(l, name.pos, "no definition '%.*s' (see def)", (int)name.len,
                        l->text + name.pos);
    if (read_values(l, v, &n))
        return -1;
    if (!cmp_plan || !sort_plan || !sort)
        return sh_error(l, SH_NO_COLUMN, "this kernel has no sort routine");
    s = cp_closure_alloc(cmp_plan->plan, compare, d, &fn);
    if (s != CP_OK)
        return sh_error(l, SH_NO_COLUMN, "no closure: %s", cp_strerror(s));
    d->calls = 0;
    d->err = 0;
    job.plan = sort_plan->plan;
    job.sort = sort->fn;
    job.base = v;
    job.n = n;
    job.size = sizeof v[0];
    job.cmp = fn;
    job.args[0] = &job.base;
    job.args[1] = &job.n;
    job.args[2] = &job.size;
    job.args[3] = &job.cmp;
    faulted = sh_guarded(run_sort, &job, 0);
    cp_closure_free(fn);
    if (faulted)
        return -1;
    if (d->err)                             /* its column is in the def line, not this one */
        return sh_error(l, SH_NO_COLUMN, "in %s: %s", d->name, d->err);
    if (job.status)
        return sh_error(l, SH_NO_COLUMN, "the sort routine refused: status %d", job.status);
    kprintf("sorted by %s:", d->name);
    for (i = 0; i < n; i++)
        kprintf(" %ld", (long)v[i]);
    kprintf(" (%u calls of the closure)\n", d->calls);
    return 0;
}
