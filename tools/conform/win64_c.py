"""The C side of the Win64 mode: ms_abi callees and callers (W64Unit), the probe (an ms_abi
function that checks where its caller put every argument byte against the model's pieces,
win64.py), the case table and the harness. The runtime checks of conform.h are shared with
the System V mode.

Every case runs four calls against each compiler's objects: d, the compiled caller calls the
compiled callee (the compilers' reference); p, cp_call with a CP_ABI_WIN64 plan calls the
compiled callee; m, the compiled caller calls the probe (the model against the compiler);
q, cp_call calls the probe (the model against callplan: where a wrong byte is). A case
callplan must refuse (long double, __float128) only has p: cp_plan_build must answer
CP_ERR_UNSUPPORTED, and nothing is called."""
from .emit_c import Unit, blob_layout
from .typemodel import SCALARS, Scalar, align_of, size_of
from .win64 import FLAVORS

CF_BAD_ALIGN_BIT = 47
# Probe piece spaces (cf_w64_piece.space), the order of win64.py's names.
SPACES = {'gp': 0, 'xmm': 1, 'stack': 2, 'ref-gp': 3, 'ref-stack': 4}
W64_PATHS = {'d': 'compiled caller -> compiled callee', 'p': 'cp_call -> compiled callee',
             'm': 'compiled caller -> probe (model)', 'q': 'cp_call -> probe (model)',
             'r': 'compiled caller -> closure (reverse)'}
W64_PATH_INDEX = {'d': 0, 'p': 1, 'm': 2, 'q': 3, 'r': 4}
CLOSURE_MAX_ARGS = 16           # CP_CLOSURE_MAX_ARGS (include/callplan.h)
MS = '__attribute__((ms_abi)) '
EXTENDED = ('bool', 'i8', 'u8', 'i16', 'u16', 'i32', 'u32')   # callplan extends them to 64 bits


def extension(t, space):
    """How callplan fills the rest of the 8-byte slot of a small integer: 0 not checked (what a
    compiler leaves there is not the ABI's), 1 zeros, 2 copies of the sign bit."""
    if not (isinstance(t, Scalar) and t.kind in EXTENDED and space in ('gp', 'stack')):
        return 0
    return 2 if t.kind.startswith('i') else 1


def closure_eligible(case):
    """Whether the reverse call runs: a closure takes at most CP_CLOSURE_MAX_ARGS arguments."""
    return len(case.args) <= CLOSURE_MAX_ARGS


class W64Unit(Unit):
    """Unit with ms_abi callees, variadic ones reading through __builtin_ms_va_list, and plans
    for CP_ABI_WIN64. Callers call through a function pointer of the case's ms_abi type, so
    that the same compiled call reaches the callee (d) or the probe (m)."""
    CALL_ATTR = MS
    ABI = 'CP_ABI_WIN64'
    VA_LIST, VA_START, VA_ARG, VA_END = ('__builtin_ms_va_list', '__builtin_ms_va_start',
                                         '__builtin_va_arg', '__builtin_ms_va_end')

    def header(self, guard=None):
        text = super().header(guard)
        for c in self.cases:            # the callers take the function to call
            text = text.replace(f'void cf_c{c.id}(void);', f'void cf_c{c.id}(cf_fn fn);')
        return text

    def direct(self, c):
        offs, ret_off, _ = blob_layout(c)
        params = [self.names.ctype(t) for t in c.args[:c.nfixed]]
        if c.variadic:
            params.append('...')
        lines = [f'    typedef {self.names.ctype(c.ret)} ({MS}*cf_ft)'
                 f'({", ".join(params) or "void"});']
        lines += [f'    {self.names.declarator(t, f"a{i}")};' for i, t in enumerate(c.args)]
        if c.ret is not None:
            lines.append(f'    {self.names.declarator(c.ret, "r")};')
        lines += [f'    cf_copy(&a{i}, cf_v{c.id} + {o}, sizeof a{i});' for i, o in enumerate(offs)]
        call = f'((cf_ft)fn)({", ".join(f"a{i}" for i in range(len(c.args)))})'
        if c.ret is None:
            lines.append(f'    {call};')
        else:
            lines += [f'    r = {call};',
                      f'    cf_check_ret(&r, cf_v{c.id} + {ret_off}, cf_k{c.id} + {ret_off}, '
                      'sizeof r);']
        return f'void cf_c{c.id}(cf_fn fn)\n{{\n' + '\n'.join(lines) + '\n}\n'

    def probe_tables(self, c, placements):
        """The probe's tables of case c, one per flavor (gcc, clang, callplan), shared where
        they agree; returns (C text, [(table name, count)] in flavor order)."""
        text, refs, names = [], [], {}
        for flavor in FLAVORS:
            body = self.probe_rows(c, placements[flavor])
            if body not in names:
                names[body] = f'cf_pp{c.id}{"_" + flavor if names else ""}'
                if body:
                    text.append(f'static const cf_w64_piece {names[body]}[] = {{\n    '
                                + ',\n    '.join(body) + '\n};\n')
            refs.append((names[body] if body else 'NULL', len(body)))
        return '\n'.join(text), refs

    def probe_rows(self, c, placement):
        """The probe's pieces of case c placed as `placement`: where each value byte range
        must be."""
        offs = blob_layout(c)[0]
        rows = []
        for i, pieces in enumerate(placement.args):
            for space, loc, src, length in pieces:
                rows.append(f'{{ {i}u, {SPACES[space]}u, {loc}u, {length}u, {offs[i] + src}u, '
                            f'{align_of(c.args[i])}u, {extension(c.args[i], space)}u }}')
        return tuple(rows)

    def w64_entry(self, c, refs, rejected, flags):
        ret_off = blob_layout(c)[1]
        args = f'cf_av{c.id}' if c.args else 'NULL'
        if c.ret is None:
            ret = 'NULL, NULL, 0u'
        else:
            ret = f'cf_v{c.id} + {ret_off}, cf_k{c.id} + {ret_off}, {size_of(c.ret)}u'
        reject = f'{c.reject[0]}u, &{SCALARS[c.reject[1]].desc}' if c.reject else '0u, NULL'
        closure = 0 if rejected else int(closure_eligible(c))
        sizes = f'cf_ws{c.id}' if c.args else 'NULL'
        if rejected:
            fn, caller, status = 'NULL', 'NULL', 'CP_ERR_UNSUPPORTED'
            refs = [('NULL', 0)] * len(FLAVORS)
        else:
            fn, caller, status = f'(cf_fn)cf_f{c.id}', f'cf_c{c.id}', 'CP_OK'
        probe = (f'{{ {", ".join(r[0] for r in refs)} }}, '
                 f'{{ {", ".join(f"{r[1]}u" for r in refs)} }}')
        return (f'    {{ {c.id}u, 0x{flags:x}u, cf_p{c.id}, {fn}, {caller}, {args}, cf_v{c.id}, '
                f'cf_k{c.id}, {ret}, {reject}, {status}, {probe}, {sizes}, {len(c.args)}u, '
                f'{closure} }},')

    def w64_plans(self, table, placements, rejected, flags):
        """Descriptors, plan builders, argument vectors, probe tables and the case table."""
        out, refs = [self.static_descriptors(), self.offset_tables(), ''], {}
        for c in self.cases:
            offs = blob_layout(c)[0]
            if c.args:
                vec = ', '.join(f'(void *)(cf_v{c.id} + {o})' for o in offs)
                out.append(f'static void *const cf_av{c.id}[] = {{ {vec} }};')
                sizes = ', '.join(str(size_of(t)) for t in c.args)
                out.append(f'static const uint16_t cf_ws{c.id}[] = {{ {sizes} }};')
            refs[c.id] = None
            if not rejected[c.id]:
                text, refs[c.id] = self.probe_tables(c, placements[c.id])
                out.append(text)
            out.append(self.plan_builder(c))
        out.append(f'const cf_wcase {table}[] = {{')
        out += [self.w64_entry(c, refs[c.id], rejected[c.id], flags[c.id]) for c in self.cases]
        out += ['};', f'const uint32_t {table.replace("wcases", "nwcases")} = {len(self.cases)}u;']
        return '\n'.join(out) + '\n'

    def callees(self):
        return '\n'.join(self.callee(c) for c in self.cases)


WIN64_H = r'''/* Generated by tools/conform: the Win64 mode's runtime. Include conform.h first. */
#ifndef CF_WIN64_H
#define CF_WIN64_H

#define CF_BAD_ALIGN ((uint64_t)1 << 47) /* RSP at the call or a by-reference copy misaligned */

/* One range of an argument's value bytes as the model places it. space: 0 a GP slot register
 * (loc = 8 * slot), 1 an XMM register (16 * slot), 2 the stack (offset from RSP at the call),
 * 3 a pointer in a GP slot register to a copy, 4 a pointer in a stack slot to a copy. */
typedef struct cf_w64_piece {
    uint32_t arg, space, loc, len, blob;   /* blob: offset of the bytes in the case's blob */
    uint32_t align;                         /* the type's alignment (a copy's, at least) */
    uint32_t ext;                           /* cp_call's extension to 64 bits: 0 none checked,
                                               1 zeros, 2 the sign (callplan extends; compiled
                                               callers need not, clang's do not) */
} cf_w64_piece;

typedef void cf_w64_caller(cf_fn fn);

typedef struct cf_wcase {
    uint32_t id, flags;
    cf_build_fn *build;
    cf_fn fn;                           /* the ms_abi callee (NULL: a refused signature) */
    cf_w64_caller *caller;              /* the compiled call through a pointer */
    void *const *args;
    const unsigned char *values, *mask; /* the case's blob and value mask */
    const unsigned char *ret, *ret_mask;
    uint32_t ret_size, reject_pos;
    const cp_type *reject_with;
    cp_status status;                   /* what cp_plan_build must answer */
    const cf_w64_piece *pieces[3];      /* the probe's expectations: gcc's, clang's, callplan's */
    uint32_t npieces[3];                /* placement (the same table where they agree) */
    const uint16_t *sizes;              /* each argument's size, for the closure's handler */
    uint32_t nargs;
    int closure;                        /* run the reverse call (at most CP_CLOSURE_MAX_ARGS) */
} cf_wcase;

struct cf_wbatch {
    const cf_wcase *cases;
    const uint32_t *count;
};
extern const struct cf_wbatch cf_wbatches[];
extern const uint32_t cf_nwbatches;

/* The probe: an ms_abi function of any signature (asm, probe.S) that saves the slot registers
 * and RSP, then checks them against cf_probe_case (cf_probe_check). */
void cf_probe(void);
__attribute__((ms_abi)) uint64_t cf_probe_check(void);
extern const cf_wcase *volatile cf_probe_case;
/* Whether the caller is cp_call, whose by-reference copies must be 16-aligned (as ABI.md 2 says)
 * and whose small integers are extended to 64 bits, or a compiled one, whose copies are only
 * aligned as their type (gcc 12, clang 14: found by this suite). */
extern volatile int cf_probe_callplan;
/* Whose placement the probe checks: 0 gcc, 1 clang (the harness's compiled callers), 2 callplan. */
extern volatile int cf_probe_flavor;
extern int cf_w64_compiler;             /* the harness's compiler: 0 gcc, 1 clang */

uint64_t cf_w64_direct(const cf_wcase *c, cf_fn fn);
uint64_t cf_w64_plan(const cf_wcase *c, cf_fn fn);
/* The reverse call: a closure of the case's Win64 plan, called by the compiled caller. */
uint64_t cf_w64_reverse(const cf_wcase *c);

#endif
'''

PROBE_S = r'''/* Generated by tools/conform: void cf_probe(...), an ms_abi function of any signature.
 * In:  rcx rdx r8 r9 xmm0-3 = the four slots; [rsp+8] = the caller's shadow space, its
 *      stack arguments from [rsp+40]
 * Out: saves them in cf_probe_regs and tail-calls cf_probe_check (ms_abi C), which checks
 *      them and returns rcx in rax (a hidden result pointer must come back in rax). */
    .text
    .globl cf_probe
    .type cf_probe, @function
cf_probe:
    .cfi_startproc
    movq %rcx, cf_probe_regs(%rip)
    movq %rdx, cf_probe_regs+8(%rip)
    movq %r8, cf_probe_regs+16(%rip)
    movq %r9, cf_probe_regs+24(%rip)
    movdqu %xmm0, cf_probe_regs+32(%rip)
    movdqu %xmm1, cf_probe_regs+48(%rip)
    movdqu %xmm2, cf_probe_regs+64(%rip)
    movdqu %xmm3, cf_probe_regs+80(%rip)
    leaq 8(%rsp), %rax                     /* rsp at the call: the stack arguments' base */
    movq %rax, cf_probe_regs+96(%rip)
    jmp cf_probe_check
    .cfi_endproc
    .size cf_probe, .-cf_probe
    .section .note.GNU-stack,"",@progbits
'''

WIN64_C = r'''/* Generated by tools/conform: the probe's check and the Win64 calls. */
#define _POSIX_C_SOURCE 200809L
#include "conform.h"
#include "win64.h"

/* Filled by cf_probe: gp[4] (RCX RDX R8 R9), xmm[4] (16 bytes each), the stack's base. */
struct cf_probe_regs {
    uint64_t gp[4];
    unsigned char xmm[4][16];
    uint64_t sp;
};
struct cf_probe_regs cf_probe_regs;
const cf_wcase *volatile cf_probe_case;
volatile int cf_probe_callplan, cf_probe_flavor;
int cf_w64_compiler;

/* The CF_ARG bit of a piece whose bytes are not where the model puts them (CF_BAD_ALIGN too
 * for a copy that is not 16-aligned). */
static uint64_t cf_piece_bad(const cf_w64_piece *p, const cf_wcase *c)
{
    const unsigned char *sp = (const unsigned char *)(uintptr_t)cf_probe_regs.sp;
    const unsigned char *gp = (const unsigned char *)cf_probe_regs.gp;
    const unsigned char *got;
    uint64_t ptr;
    switch (p->space) {
    case 0: got = gp + p->loc; break;
    case 1: got = &cf_probe_regs.xmm[0][0] + p->loc; break;
    case 2: got = sp + p->loc; break;
    default:                            /* 3, 4: a pointer to the caller's copy */
        cf_copy(&ptr, (p->space == 3 ? gp : sp) + p->loc, sizeof ptr);
        if (!ptr)
            return CF_ARG(p->arg);
        if (ptr % (cf_probe_callplan ? 16 : p->align))
            return CF_BAD_ALIGN | CF_ARG(p->arg);
        got = (const unsigned char *)(uintptr_t)ptr;
        break;
    }
    if (cf_differs(got, c->values + p->blob, c->mask + p->blob, p->len))
        return CF_ARG(p->arg);
    if (cf_probe_callplan && p->ext) {
        unsigned char fill = p->ext == 2 && got[p->len - 1] & 0x80 ? 0xFF : 0;
        uint32_t k;
        for (k = p->len; k < 8; k++)
            if (got[k] != fill)
                return CF_ARG(p->arg);
    }
    return 0;
}

__attribute__((ms_abi)) uint64_t cf_probe_check(void)
{
    const cf_wcase *c = cf_probe_case;
    uint64_t bad = cf_probe_regs.sp % 16 ? CF_BAD_ALIGN : 0;
    uint32_t i;
    for (i = 0; i < c->npieces[cf_probe_flavor]; i++)
        bad |= cf_piece_bad(&c->pieces[cf_probe_flavor][i], c);
    cf_note(c->id, bad);
    return cf_probe_regs.gp[0];
}

uint64_t cf_w64_direct(const cf_wcase *c, cf_fn fn)
{
    cf_seen = 0xFFFFFFFFu;
    cf_bad = 0;
    cf_probe_case = c;
    cf_probe_callplan = 0;
    cf_probe_flavor = cf_w64_compiler;
    c->caller(fn);
    /* The probe returns no value: the result check only means something for the callee. */
    return (cf_seen != c->id ? CF_BAD_UNCALLED : 0) | (cf_bad & ~(fn == cf_probe ? CF_BAD_RET : 0));
}

uint64_t cf_w64_plan(const cf_wcase *c, cf_fn fn)
{
    _Alignas(16) unsigned char plan[CP_PLAN_SIZE(CP_MAX_ARGS)];
    _Alignas(16) unsigned char ret[64 + 32];
    uint64_t bad = 0;
    cp_status s;
    size_t i;

    cf_exec = NULL;
    if (c->reject_with &&
        c->build(plan, sizeof plan, c->reject_pos, c->reject_with) != CP_ERR_VARIADIC)
        bad |= CF_BAD_REJECT;
    s = c->build(plan, sizeof plan, 0, NULL);
    if (s == CF_ST_LAYOUT)
        return bad | CF_BAD_LAYOUT;
    if (s != c->status)
        return bad | CF_BAD_BUILD | (uint64_t)s << 48;
    if (s != CP_OK)
        return bad;                     /* refused as it must be: nothing to call */
    cf_exec = cp_plan_executor((const cp_plan *)(void *)plan);
    for (i = 0; i < sizeof ret; i++)
        ret[i] = 0xA5;
    cf_seen = 0xFFFFFFFFu;
    cf_bad = 0;
    cf_probe_case = c;
    cf_probe_callplan = 1;
    cf_probe_flavor = 2;
    cp_call((const cp_plan *)(void *)plan, fn, c->ret ? ret : NULL, c->args);
    bad |= (cf_seen != c->id ? CF_BAD_UNCALLED : 0) | cf_bad;
    if (fn != cf_probe && c->ret_size && cf_differs(ret, c->ret, c->ret_mask, c->ret_size))
        bad |= CF_BAD_RET;
    for (i = c->ret_size; c->ret_size && i < sizeof ret; i++)
        if (ret[i] != 0xA5)
            bad |= CF_BAD_CANARY;
    return bad;
}

struct cf_wstate {
    const cf_wcase *c;
    uint64_t bad;
    uint32_t calls;
};

/* Every Win64 closure's handler: compares each argument's value bytes with the blob (never
 * padding, never a small integer's extension: closures must not rely on it) and stores the
 * case's result (for a hidden-pointer result: in the caller's buffer). */
static void cf_w64_handler(void *user_data, void *ret, void *const *args)
{
    struct cf_wstate *st = user_data;
    const cf_wcase *c = st->c;
    st->calls++;
    if (c->nargs)
        st->bad |= cf_args((const void *const *)(const void *)args, c->sizes, c->nargs,
                           c->values, c->mask);
    if (c->ret)
        cf_copy(ret, c->ret, c->ret_size);
}

uint64_t cf_w64_reverse(const cf_wcase *c)
{
    _Alignas(16) unsigned char plan[CP_PLAN_SIZE(CP_CLOSURE_MAX_ARGS)];
    struct cf_wstate st;
    cf_fn fn;
    uint64_t bad;
    cp_status s;
    size_t i;

    s = c->build(plan, sizeof plan, 0, NULL);
    if (s == CF_ST_LAYOUT)
        return CF_BAD_LAYOUT;
    if (s != CP_OK)
        return CF_BAD_BUILD | (uint64_t)s << 48;
    st.c = c;
    st.bad = 0;
    st.calls = 0;
    s = cp_closure_alloc((const cp_plan *)(void *)plan, cf_w64_handler, &st, &fn);
    if (s != CP_OK)
        return CF_BAD_CLOSURE | (uint64_t)s << 48;
    for (i = 0; i < sizeof plan; i++)
        plan[i] = 0xA5;             /* the closure must not need the caller's plan any more */
    cf_seen = c->id;                /* (the caller's result check reports into cf_bad) */
    cf_bad = 0;
    c->caller(fn);
    bad = st.bad | (cf_bad & CF_BAD_RET) | (st.calls != 1 ? CF_BAD_UNCALLED : 0);
    s = cp_closure_free(fn);
    if (s != CP_OK)
        bad |= CF_BAD_CLOSURE | (uint64_t)s << 48;
    return bad;
}
'''

W64_MAIN_C = r'''/* Generated by tools/conform: runs every Win64 case against one compiler's objects.
 * Usage: main gcc|clang [first-id [first-path]] (path 0 d, 1 p, 2 m, 3 q, 4 r). Prints
 * "id path hexmask" per call (p and q add the executor), or "id path crash SIGNAL" for a call
 * run in a child process (the cases expected to misbehave). */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "conform.h"
#include "win64.h"

static void run(const cf_wcase *c, int path)
{
    uint64_t bad;
    switch (path) {
    case 0: bad = cf_w64_direct(c, c->fn); break;
    case 1: bad = cf_w64_plan(c, c->fn); break;
    case 2: bad = cf_w64_direct(c, cf_probe); break;
    case 3: bad = cf_w64_plan(c, cf_probe); break;
    default: bad = cf_w64_reverse(c); break;
    }
    if (path % 2)
        printf("%u %c %llx %s\n", c->id, "dpmqr"[path], (unsigned long long)bad,
               cf_exec ? cf_exec : "none");
    else
        printf("%u %c %llx\n", c->id, "dpmqr"[path], (unsigned long long)bad);
}

static void run_isolated(const cf_wcase *c, int path)
{
    int st;
    pid_t pid;
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        alarm(20);
        run(c, path);
        fflush(stdout);
        _exit(0);
    }
    if (pid < 0 || waitpid(pid, &st, 0) != pid)
        printf("%u %c error\n", c->id, "dpmqr"[path]);
    else if (WIFSIGNALED(st))
        printf("%u %c crash %d\n", c->id, "dpmqr"[path], WTERMSIG(st));
    else if (WEXITSTATUS(st))
        printf("%u %c exit %d\n", c->id, "dpmqr"[path], WEXITSTATUS(st));
}

int main(int argc, char **argv)
{
    unsigned fork_flag = argc > 1 && argv[1][0] == 'c' ? CF_FORK_CLANG : CF_FORK_GCC;
    unsigned long first = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
    int first_path = argc > 3 ? atoi(argv[3]) : 0;
    uint32_t b, i;
    int path;

    setvbuf(stdout, NULL, _IOLBF, 0);
    cf_w64_compiler = fork_flag == CF_FORK_CLANG;
    for (b = 0; b < cf_nwbatches; b++)
        for (i = 0; i < *cf_wbatches[b].count; i++) {
            const cf_wcase *c = &cf_wbatches[b].cases[i];
            if (c->id < first)
                continue;
            for (path = c->id == first ? first_path : 0; path < 5; path++) {
                if ((!c->fn && path != 1) || (path == 4 && !c->closure))
                    continue;           /* a refused signature: only its plan build */
                if (c->flags & fork_flag)
                    run_isolated(c, path);
                else
                    run(c, path);
            }
        }
    printf("done\n");
    return 0;
}
'''


def w64_index(stems):
    """index.c: every batch's case table."""
    out = ['/* Generated by tools/conform. */', '#include "conform.h"', '#include "win64.h"', '']
    out += [f'extern const cf_wcase cf_wcases_{s}[];\nextern const uint32_t cf_nwcases_{s};'
            for s in stems]
    out += [f'const struct cf_wbatch cf_wbatches[{max(len(stems), 1)}] = {{']
    out += [f'    {{ cf_wcases_{s}, &cf_nwcases_{s} }},' for s in stems] or ['    { NULL, NULL },']
    out += ['};', f'const uint32_t cf_nwbatches = {len(stems)}u;', '']
    return '\n'.join(out)
