"""The Win64 mode's C for a group of cases (W64Unit): ms_abi callees, callers through a function
pointer, the probe's tables (where each value byte range must be: win64.py's pieces, one table
per placement flavor) and the case table; the runtime is c_win64.

Every case runs five calls against each compiler's objects: d, the compiled caller calls the
compiled callee (the compilers' reference); p, cp_call with a CP_ABI_WIN64 plan calls the
compiled callee; m, the compiled caller calls the probe (the model against the compiler); q,
cp_call calls the probe (the model against callplan: where a wrong byte is); r, the compiled
caller calls a closure of the plan (at most CP_CLOSURE_MAX_ARGS arguments). A case callplan
must refuse (long double, __float128, an empty struct result) only has p: cp_plan_build must
answer CP_ERR_UNSUPPORTED, and nothing is called."""
from .emit_c import Unit, blob_layout
from .typemodel import SCALARS, Scalar, align_of, size_of
from .win64 import FLAVORS

# Probe piece spaces (cf_w64_piece.space), the order of win64.py's names.
SPACES = {'gp': 0, 'xmm': 1, 'stack': 2, 'ref-gp': 3, 'ref-stack': 4}
W64_PATHS = {'d': 'compiled caller -> compiled callee', 'p': 'cp_call -> compiled callee',
             'm': 'compiled caller -> probe (model)', 'q': 'cp_call -> probe (model)',
             'r': 'compiled caller -> closure (reverse)'}
W64_PATH_INDEX = {'d': 0, 'p': 1, 'm': 2, 'q': 3, 'r': 4}
CLOSURE_MAX_ARGS = 16           # CP_CLOSURE_MAX_ARGS (include/callplan.h)
MS = '__attribute__((ms_abi)) '
# Below int: callplan extends them to 64 bits (arch/x86_64/moves.c). An int's upper half is the
# ABI's "undefined": the W64GP executor zero-extends both int32 kinds, the move interpreter
# sign-extends int32_t; neither is checked.
EXTENDED = ('bool', 'i8', 'u8', 'i16', 'u16')


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


def w64_index(stems):
    """index.c: every batch's case table."""
    out = ['/* Generated by tools/conform. */', '#include "conform.h"', '#include "win64.h"', '']
    out += [f'extern const cf_wcase cf_wcases_{s}[];\nextern const uint32_t cf_nwcases_{s};'
            for s in stems]
    out += [f'const struct cf_wbatch cf_wbatches[{max(len(stems), 1)}] = {{']
    out += [f'    {{ cf_wcases_{s}, &cf_nwcases_{s} }},' for s in stems] or ['    { NULL, NULL },']
    out += ['};', f'const uint32_t cf_nwbatches = {len(stems)}u;', '']
    return '\n'.join(out)
