/* call, plan, bench: a signature (the export's, or one typed on the line) is parsed into
 * descriptors, the arguments are written by those types, and the call goes through a plan:
 * the export's ahead-of-time plan from .rodata when the call matches it, else the plan cache's
 * (cp_cache_get_sig: looked up by the call's canonical signature, built on a miss).
 * Every call runs under the trap guard, so a bad pointer or a division by zero in the callee
 * prints an error and the shell goes on. */
#include "aot_plans.h"
#include "shell.h"

#define BENCH_RUNS 31
#define BENCH_CALLS 64

/* A parsed signature and everything one call needs; static, the shell runs one at a time. */
struct prepared {
    const struct sh_export *ex;
    cp_sig sig;                             /* the concrete call: variadic extras added */
    const cp_type *types[CP_MAX_ARGS];
    void *argv[CP_MAX_ARGS];
    const cp_plan *plan;
    int explicit_sig;
};

static struct prepared prep;
static struct sh_arena arena;
static _Alignas(16) unsigned char sig_arena[CP_SIG_ARENA_SIZE(SH_LINE_MAX)];
static _Alignas(CP_PLAN_ALIGN) unsigned char plan_buf[CP_PLAN_SIZE(CP_MAX_ARGS)];
static _Alignas(16) unsigned char ret_buf[256];

/* The plan cache: one, as the shell runs on one CPU. Plans of more than CACHE_ARGS arguments
 * do not fit its slots and are built in plan_buf instead. A canonical text can be longer than
 * the line it came from (", " between arguments): CACHE_TEXT leaves room. */
#define CACHE_ENTRIES 32
#define CACHE_ARGS 16
#define CACHE_TEXT (2 * SH_LINE_MAX)
static _Alignas(8) unsigned char cache_buf[CP_CACHE_SIZE(CACHE_ENTRIES, CP_PLAN_SIZE(CACHE_ARGS),
                                                         CACHE_TEXT)];
static cp_cache *cache;

/* The plan of sig, from the cache (or built in plan_buf when too large for it). */
static cp_status plan_for(const cp_sig *sig, const cp_plan **plan, size_t *size)
{
    cp_status s = CP_OK;
    if (!cache)
        s = cp_cache_init(cache_buf, sizeof cache_buf, CP_PLAN_SIZE(CACHE_ARGS), CACHE_TEXT,
                          &cache);
    if (s == CP_OK && sig->nargs <= CACHE_ARGS) {
        s = cp_cache_get_sig(cache, sig, plan);
        if (s == CP_OK && size)
            *size = cp_plan_length(*plan);
        return s;
    }
    s = cp_plan_build(plan_buf, sizeof plan_buf, sig, size);
    *plan = (const cp_plan *)plan_buf;
    return s;
}

const struct cp_aot_plan *sh_aot_find(const char *name, size_t len)
{
    size_t i, k;
    for (i = 0; i < aot_plan_count; i++) {
        const char *n = aot_plans[i].name;
        for (k = 0; k < len && n[k] == name[k]; k++)
            ;
        if (k == len && n[k] == 0)
            return &aot_plans[i];
    }
    return 0;
}

/* ---- the trap guard ---- */
int sh_guarded(uint64_t (*fn)(const void *), const void *arg, uint64_t *result)
{
    volatile int faulted = 0;
    struct trap_info info;
    uint64_t r;
    trap_expect_resume(TRAP_ANY, protected_resume, &protected_rsp, &faulted);
    r = protected_call(fn, arg);
    trap_expect(0xFFFF, 0, 0, &faulted);
    if (!faulted) {
        if (result)
            *result = r;
        return 0;
    }
    trap_last(&info);
    if (info.vector == 14)
        return sh_error(0, SH_NO_COLUMN, "the call faulted: %s at address 0x%lx (contained)",
                        trap_name(info.vector), info.cr2);
    return sh_error(0, SH_NO_COLUMN, "the call faulted: %s (contained)", trap_name(info.vector));
}

struct call_job {
    const cp_plan *plan;
    void (*fn)(void);
    void *ret;
    void *const *args;
};

static uint64_t run_call(const void *p)
{
    const struct call_job *j = p;
    cp_call(j->plan, j->fn, j->ret, j->args);
    return 0;
}

/* ---- signature -> arguments -> plan ---- */
static int parse_sig(struct sh_line *l, size_t start, const char *text, size_t len, cp_sig *sig)
{
    size_t off = 0;
    cp_status s = cp_sig_parse(text, len, sig_arena, sizeof sig_arena, sig, &off);
    if (s != CP_OK)
        return sh_error(l, start == SH_NO_COLUMN ? SH_NO_COLUMN : start + off,
                        "signature: %s", cp_strerror(s));
    return 0;
}

static int take_arg(struct sh_line *l, const cp_type *t, unsigned i)
{
    size_t size = 0, align = 1;
    if (i >= CP_MAX_ARGS)
        return sh_error(l, l->pos, "more than %u arguments", CP_MAX_ARGS);
    if (cp_type_layout(t, &size, &align, 0, 0) != CP_OK)
        return sh_error(l, l->pos, "argument %u: bad type", i + 1);
    prep.types[i] = t;
    prep.argv[i] = sh_arena_take(&arena, size ? size : 1, align);
    if (!prep.argv[i])
        return sh_error(l, l->pos, "out of argument memory");
    return sh_put_arg(l, t, prep.argv[i], &arena);
}

/* NAME [SIGNATURE] ARGS...: fills prep. A signature starts with a word; a value never does,
 * except null. */
static int prepare(struct sh_line *l, int allow_sig)
{
    struct sh_token name, tok;
    const struct cp_aot_plan *aot;
    cp_sig parsed;
    unsigned i;

    arena.used = 0;
    if (sh_next(l, &name))
        return -1;
    if (name.kind != SH_WORD)
        return sh_error(l, name.pos, "expected a function name (see sigs)");
    prep.ex = sh_export_find(l->text + name.pos, name.len);
    if (!prep.ex)
        return sh_error(l, name.pos, "no exported function '%.*s' (see sigs)", (int)name.len,
                        l->text + name.pos);
    aot = sh_aot_find(prep.ex->name, sh_strnlen(prep.ex->name, 64));
    if (sh_peek(l, &tok))
        return -1;
    prep.explicit_sig = allow_sig && tok.kind == SH_WORD && !sh_word_is(l, &tok, "null");
    if (prep.explicit_sig) {
        size_t start, len;
        sh_sig_span(l, &start, &len);
        if (parse_sig(l, start, l->text + start, len, &parsed))
            return -1;
    } else if (!aot || parse_sig(l, SH_NO_COLUMN, aot->sig, sh_strnlen(aot->sig, 4096),
                                 &parsed)) {
        return sh_error(l, name.pos, "'%s' has no usable signature", prep.ex->name);
    }
    for (i = 0; i < parsed.nargs; i++)
        if (take_arg(l, parsed.args[i], i))
            return -1;
    for (;; i++) {
        const cp_type *t;
        if (sh_peek(l, &tok))
            return -1;
        if (tok.kind == SH_END)
            break;
        if (!(parsed.flags & CP_SIG_VARIADIC))
            return sh_error(l, tok.pos, "too many arguments: %s takes %u", prep.ex->name,
                            (unsigned)parsed.nargs);
        if (sh_variadic_type(l, &tok, &t) || take_arg(l, t, i))
            return -1;
    }
    prep.sig = parsed;
    prep.sig.args = prep.types;
    prep.sig.nargs = i;
    if (!prep.explicit_sig && i == parsed.nargs) {
        prep.plan = aot->plan;              /* checked at boot (sh_check_aot) */
    } else {
        cp_status s = plan_for(&prep.sig, &prep.plan, 0);
        if (s != CP_OK)
            return sh_error(l, SH_NO_COLUMN, "no plan for this call: %s", cp_strerror(s));
    }
    return 0;
}

int sh_cmd_call(struct sh_line *l, struct sh_var *dest)
{
    struct call_job job;
    size_t size = 0, n = 0;
    char text[200];
    if (prepare(l, 1))
        return -1;
    if (cp_type_layout(prep.sig.ret, &size, 0, 0, 0) != CP_OK || size > sizeof ret_buf)
        return sh_error(l, SH_NO_COLUMN, "results over %u bytes are not kept",
                        (unsigned)sizeof ret_buf);
    if (dest && prep.sig.ret->kind == CP_KIND_VOID)
        return sh_error(l, SH_NO_COLUMN, "%s returns nothing to keep", prep.ex->name);
    memset(ret_buf, 0, sizeof ret_buf);
    job.plan = prep.plan;
    job.fn = prep.ex->fn;
    job.ret = ret_buf;
    job.args = prep.argv;
    if (sh_guarded(run_call, &job, 0))
        return -1;
    if (prep.sig.ret->kind == CP_KIND_VOID)
        return 0;
    if (dest) {
        sh_var_store(dest, prep.sig.ret, ret_buf);
        sh_var_show(dest, text, sizeof text, &n);
        kprintf("$%s = %s\n", dest->name, text);
    } else {
        sh_show(prep.sig.ret, ret_buf, text, sizeof text, &n);
        kprintf("%s\n", text);
    }
    return 0;
}

/* ---- plan ---- */
static void to_serial(void *ctx, const char *text, size_t len)
{
    (void)ctx;
    kwrite(text, len);
}

int sh_cmd_plan(struct sh_line *l)
{
    size_t start, len, n = 0;
    char text[2 * SH_LINE_MAX];             /* the canonical text may be the longer */
    const struct cp_aot_plan *aot;
    const cp_plan *plan;
    cp_sig sig;
    cp_status s;

    sh_sig_span(l, &start, &len);
    if (!len)
        return sh_error(l, start, "plan needs a signature or an exported name");
    aot = sh_aot_find(l->text + start, len);
    if (aot) {
        kprintf("%s: %s (ahead of time, %u bytes in .rodata)\n", aot->name, aot->sig,
                (unsigned)aot->size);
        return cp_plan_dump(aot->plan, to_serial, 0) == CP_OK ? 0 : -1;
    }
    if (parse_sig(l, start, l->text + start, len, &sig))
        return -1;
    if (sh_peek_char(l))
        return sh_error(l, l->pos, "unexpected text after the signature");
    s = cp_sig_format(&sig, text, sizeof text, &n);
    if (s == CP_OK)
        kprintf("canonical: %s\n", text);
    s = plan_for(&sig, &plan, &n);
    if (s != CP_OK)
        return sh_error(l, start, "no plan: %s", cp_strerror(s));
    kprintf("%u bytes, executor %s\n", (unsigned)n, cp_plan_executor(plan));
    return cp_plan_dump(plan, to_serial, 0) == CP_OK ? 0 : -1;
}

/* ---- bench ---- */
static inline uint64_t rdtsc(void)
{
    uint32_t lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
    return (uint64_t)hi << 32 | lo;
}

/* Three ways of making the same call, each timed over BENCH_CALLS calls BENCH_RUNS times: the
 * compiled binding, cp_call with the plan in hand, and what an interpreter that keeps only the
 * signature text pays: a cache lookup by canonical text (one hash, one compare) then cp_call. */
struct bench_job {
    struct call_job call;
    sh_direct_fn *direct;
    const char *text;                       /* the canonical signature */
    size_t len;
    uint64_t cycles[3][BENCH_RUNS];
};

static uint64_t run_bench(const void *p)
{
    struct bench_job *b = (struct bench_job *)(uintptr_t)p;
    const cp_plan *plan = b->call.plan;
    unsigned r, k;
    for (r = 0; r < BENCH_RUNS; r++) {
        uint64_t t0 = rdtsc(), t1, t2, t3;
        for (k = 0; k < BENCH_CALLS; k++)
            b->direct(b->call.ret, b->call.args);
        t1 = rdtsc();
        for (k = 0; k < BENCH_CALLS; k++)
            cp_call(b->call.plan, b->call.fn, b->call.ret, b->call.args);
        t2 = rdtsc();
        for (k = 0; k < BENCH_CALLS; k++)
            if (cp_cache_get(cache, b->text, b->len, &plan, 0, 0) == CP_OK)
                cp_call(plan, b->call.fn, b->call.ret, b->call.args);
        t3 = rdtsc();
        b->cycles[0][r] = (t1 - t0) / BENCH_CALLS;
        b->cycles[1][r] = (t2 - t1) / BENCH_CALLS;
        b->cycles[2][r] = (t3 - t2) / BENCH_CALLS;
    }
    return 0;
}

/* "  LABEL (padded to 20) min N median N" from the sorted runs. */
static void bench_line(const char *label, const char *detail, uint64_t *runs)
{
    unsigned i, j, width = (unsigned)(sh_strnlen(label, 20) + sh_strnlen(detail, 20));
    for (i = 1; i < BENCH_RUNS; i++) {
        uint64_t key = runs[i];
        for (j = i; j > 0 && runs[j - 1] > key; j--)
            runs[j] = runs[j - 1];
        runs[j] = key;
    }
    kprintf("  %s%s%.*s min %lu median %lu\n", label, detail, (int)(20 - (width < 20 ? width : 20)),
            "                    ", runs[0], runs[BENCH_RUNS / 2]);
}

int sh_cmd_bench(struct sh_line *l)
{
    static struct bench_job b;
    static char text[2 * SH_LINE_MAX];
    char exec[24];
    size_t n = 0;
    const cp_plan *cached;
    if (prepare(l, 0))
        return -1;
    if (!prep.ex->direct)
        return sh_error(l, SH_NO_COLUMN, "%s has no direct binding to compare with",
                        prep.ex->name);
    if (prep.plan != sh_aot_find(prep.ex->name, sh_strnlen(prep.ex->name, 64))->plan)
        return sh_error(l, SH_NO_COLUMN, "bench takes exactly the export's arguments");
    /* The canonical text, and its plan in the cache before the timing starts. */
    if (cp_sig_format(&prep.sig, text, sizeof text, &b.len) != CP_OK ||
        plan_for(&prep.sig, &cached, 0) != CP_OK)
        return sh_error(l, SH_NO_COLUMN, "no cached plan for %s", prep.ex->name);
    b.text = text;
    b.call.plan = prep.plan;
    b.call.fn = prep.ex->fn;
    b.call.ret = ret_buf;
    b.call.args = prep.argv;
    b.direct = prep.ex->direct;
    if (sh_guarded(run_bench, &b, 0))
        return -1;
    kprintf("bench %s: %u runs of %u calls, cycles per call (rdtsc)\n", prep.ex->name,
            BENCH_RUNS, BENCH_CALLS);
    sh_cat(exec, sizeof exec, &n, cp_plan_executor(prep.plan));
    sh_cat(exec, sizeof exec, &n, ")");
    bench_line("direct C call", "", b.cycles[0]);
    bench_line("cp_call (", exec, b.cycles[1]);
    bench_line("by text: cache+call", "", b.cycles[2]);
    return 0;
}

/* ---- boot check of the ahead-of-time plans ---- */
unsigned sh_check_aot(void)
{
    unsigned i, bad = 0;
    for (i = 0; i < aot_plan_count; i++) {
        const struct cp_aot_plan *a = &aot_plans[i];
        cp_sig sig;
        size_t used = 0;
        int ok = cp_plan_check(a->plan, a->size) == CP_OK &&
                 cp_sig_parse(a->sig, sh_strnlen(a->sig, 4096), sig_arena, sizeof sig_arena,
                              &sig, 0) == CP_OK &&
                 cp_plan_build(plan_buf, sizeof plan_buf, &sig, &used) == CP_OK &&
                 used == a->size && memcmp(plan_buf, a->plan, used) == 0;
        if (!ok) {
            kprintf("error: ahead-of-time plan %s differs from its run-time build\n", a->name);
            bad++;
        }
    }
    kprintf("%u ahead-of-time plans in .rodata, %u checked equal to run-time builds\n",
            (unsigned)aot_plan_count, (unsigned)aot_plan_count - bad);
    return bad;
}

/* ---- cache ---- */
int sh_cmd_cache(struct sh_line *l)
{
    cp_cache_stats st;
    if (!cache) {
        kputs("plan cache: empty, nothing called by signature yet\n");
        return 0;
    }
    if (cp_cache_get_stats(cache, &st) != CP_OK)
        return sh_error(l, SH_NO_COLUMN, "no cache statistics");
    kprintf("plan cache: %u of %u slots used, %lu hits, %lu misses, %lu evictions\n", st.used,
            st.entries, (unsigned long)st.hits, (unsigned long)st.misses,
            (unsigned long)st.evictions);
    return 0;
}
