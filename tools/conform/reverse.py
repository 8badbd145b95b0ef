"""Reverse (closure) mode: the run's signatures the other way round. For each eligible case the
harness builds the case's plan, makes a closure of it (cp_closure_alloc) whose generic handler
compares every argument's value bytes with the generator's values and stores the chosen result,
and C code compiled by gcc, and separately by clang, (the case's "caller") calls the closure
through a function pointer of the case's C type and checks the result.

A closure reads its arguments where gcc puts them (callplan follows gcc), so with a gcc caller
every case must pass, and with a clang caller the ABI.md 1.8 shapes that clang 14 places
differently fail exactly as predicted here: the handler sees what the clang caller left where gcc
would read. Bytes the caller never wrote there (a register it did not load, padding above a
value) are garbage: the arguments that read them "may be wrong", the others must be right. Such
garbage is sometimes the right value by accident: clang copies a struct{__float128} to its stack
slot through an XMM register, which is where the closure reads it (ABI.md row 38); the report
counts those passes apart. A result the clang caller expects through a hidden pointer while the
closure returns it in registers must be wrong (its buffer is never written).

Closures take at most CP_CLOSURE_MAX_ARGS arguments: cases with more are not eligible. When the
run holds fewer than opts.reverse_min eligible cases, more are drawn from the same generator and
seeds (indices from the run's count on), for the reverse mode only."""
import os

from .build import WARN, host_includes, write_if_changed
from .c_runtime import COMPILERS, FLAG_FORK_CLANG, FLAG_FORK_GCC, FLAG_VOID, RET_BIT
from .cases import make_case
from .emit_c import Unit, blob_layout
from .predict import Expect, analyse, machine_image, read_verdict
from .typemodel import size_of

CLOSURE_MAX_ARGS = 16           # CP_CLOSURE_MAX_ARGS (include/callplan.h)
# DIFF shapes only a callee shows (its va_arg, or gcc's callee bug): a closure reads variadic
# arguments from where the caller put them, as it reads named ones.
CALLEE_ONLY_SHAPES = frozenset({'diff:gcc-vaarg', 'diff:f128-vaarg'})
FORK = {'gcc': FLAG_FORK_GCC, 'clang': FLAG_FORK_CLANG}


def eligible(case):
    return len(case.args) <= CLOSURE_MAX_ARGS


def predict_closure(case, caller, closure):
    """Expected outcome of a closure that reads as `closure` says (gcc's placement: the plan),
    called by compiled code that places as `caller` says. The handler compares value bytes only:
    a small integer's extension bytes are never read."""
    img, fail, maybe = machine_image(case, caller), set(), set()
    for i, t in enumerate(case.args):
        verdict = read_verdict(img, t, case.values[i], closure.args[i], extend=False)
        (fail if verdict == 'fail' else maybe if verdict == 'maybe' else set()).add(i)
    crash = False
    if caller.ret != closure.ret:
        if closure.ret == 'sret':
            # The closure takes RDI for the result's address: whatever the caller left there.
            crash = True
            maybe.add(RET_BIT)
        elif caller.ret == 'sret':
            # The caller reads its own buffer, which nobody writes (the closure returns the
            # value in registers): stack garbage, never the chosen random bytes.
            fail.add(RET_BIT)
        else:
            maybe.add(RET_BIT)
    return Expect(frozenset(fail), frozenset(maybe), crash)


class Reverse:
    """The reverse cases of a run (eligible run cases first, then the extras), their
    expectations per caller compiler, and their C files."""

    def __init__(self, opts, cases, analyses):
        self.cases = [c for c in cases if eligible(c)]
        self.analyses = {c.id: a for c, a in zip(cases, analyses) if eligible(c)}
        self.from_run = len(self.cases)
        self.extras = self._extras(opts, len(cases))
        self.expect = {}            # case id -> {caller compiler: Expect}
        for c in self.cases:
            a = self.analyses[c.id]
            self.expect[c.id] = {'gcc': predict_closure(c, a.gcc, a.gcc),
                                 'clang': predict_closure(c, a.clang_caller, a.gcc)}
        self.stems, self.extras_stems = [], []  # batches with a reverse table, harness order

    def _extras(self, opts, next_id):
        """Eligible cases drawn after the run's (indices count, count + 1, ... of each seed in
        turn) until the reverse mode has opts.reverse_min of them."""
        extras, index = [], opts.count
        while len(self.cases) < opts.reverse_min and opts.seed_list:
            for seed in opts.seed_list:
                case = make_case(seed, index)
                if eligible(case) and len(self.cases) < opts.reverse_min:
                    case.id = next_id
                    next_id += 1
                    self.cases.append(case)
                    self.analyses[case.id] = analyse(case)
                    extras.append(case)
            index += 1
        return extras

    def shapes(self, case):
        """The DIFF shapes that can explain a clang caller's expected failure."""
        return sorted(self.analyses[case.id].shapes - CALLEE_ONLY_SHAPES)

    def flags(self, case):
        flags = FLAG_VOID if case.ret is None else 0
        for cc in COMPILERS:
            if not self.expect[case.id][cc].clean:
                flags |= FORK[cc]
        return flags

    def calls(self):
        return [(c.id, 'r') for c in self.cases]

    # ---- C ------------------------------------------------------------------------------------
    @staticmethod
    def caller(unit, c):
        """The compiled caller: the case's values through a pointer of the case's C type."""
        names = unit.names
        offs, ret_off, _ = blob_layout(c)
        params = [names.ctype(t) for t in c.args[:c.nfixed]]
        if c.variadic:
            params.append('...')
        lines = [f'    typedef {names.ctype(c.ret)} (*cf_ft)({", ".join(params) or "void"});']
        lines += [f'    {names.declarator(t, f"a{i}")};' for i, t in enumerate(c.args)]
        if c.ret is not None:
            lines.append(f'    {names.declarator(c.ret, "r")};')
        lines += [f'    cf_copy(&a{i}, cf_v{c.id} + {o}, sizeof a{i});' for i, o in enumerate(offs)]
        call = f'((cf_ft)fn)({", ".join(f"a{i}" for i in range(len(c.args)))})'
        if c.ret is None:
            lines += [f'    {call};', '    return 0;']
        else:
            lines += [f'    r = {call};',
                      f'    return cf_differs(&r, cf_v{c.id} + {ret_off}, cf_k{c.id} + {ret_off}, '
                      'sizeof r) ? CF_BAD_RET : 0;']
        return f'uint64_t cf_r{c.id}(cf_fn fn)\n{{\n' + '\n'.join(lines) + '\n}\n'

    def callers(self, unit, cases):
        return '\n'.join(self.caller(unit, c) for c in cases)

    def table(self, cases, name):
        """The reverse table `name` of cases whose plan builders (cf_p<id>) the file holds."""
        out = [f'uint64_t cf_r{c.id}(cf_fn fn);' for c in cases]
        for c in cases:
            if c.args:
                sizes = ', '.join(str(size_of(t)) for t in c.args)
                out.append(f'static const uint16_t cf_rs{c.id}[] = {{ {sizes} }};')
        out.append(f'const cf_rcase {name}[] = {{')
        for c in cases:
            ret_off = blob_layout(c)[1]
            sizes = f'cf_rs{c.id}' if c.args else 'NULL'
            ret = 'NULL, 0u' if c.ret is None else \
                f'cf_v{c.id} + {ret_off}, {size_of(c.ret)}u'
            out.append(f'    {{ {c.id}u, 0x{self.flags(c):x}u, cf_p{c.id}, cf_r{c.id}, '
                       f'{len(c.args)}u, {sizes}, cf_v{c.id}, cf_k{c.id}, {ret} }},')
        out += ['};', f'const uint32_t {name.replace("rcases", "nrcases")} = {len(cases)}u;']
        return '\n'.join(out) + '\n'

    @staticmethod
    def plan_part(unit, cases):
        """Descriptors and plan builders of a unit whose forward part is not emitted."""
        return '\n'.join([unit.static_descriptors(), unit.offset_tables(), '']
                         + [unit.plan_builder(c) for c in cases])

    def extend(self, stem, unit, files):
        """emit_c.write_host's hook: a forward batch's eligible cases get their callers
        (stem_caller.c) and a reverse table next to their plan builders (stem_plan.c)."""
        mine = [c for c in unit.cases if c.id in self.expect]
        if not mine:
            return
        files['_plan.c'] = ('#include "conform.h"\n#include "reverse.h"\n' + files['_plan.c']
                            + '\n' + self.table(mine, f'cf_rcases_{stem}'))
        files['_caller.c'] = f'#include "{stem}.h"\n\n' + self.callers(unit, mine)
        self.stems.append(stem)

    def write(self, d, batch):
        """Writes the extras' batches (x000...: data, plan builders, table, callers; no forward
        part) and the index of every reverse table."""
        for b in range(0, len(self.extras), batch):
            stem = f'x{b // batch:03d}'
            cases = self.extras[b:b + batch]
            unit = Unit(cases)
            inc = f'#include "{stem}.h"\n\n'
            files = {'.h': unit.header(f'CF_{stem.upper()}_H'), '_data.c': inc + unit.data(),
                     '_plan.c': '#include "conform.h"\n#include "reverse.h"\n' + inc
                     + self.plan_part(unit, cases) + '\n' + self.table(cases, f'cf_rcases_{stem}'),
                     '_caller.c': inc + self.callers(unit, cases)}
            for suffix, text in files.items():
                write_if_changed(os.path.join(d, stem + suffix), text)
            self.stems.append(stem)
            self.extras_stems.append(stem)
        index = ['/* Generated by tools/conform: the reverse tables. */', '#include "conform.h"',
                 '#include "reverse.h"', '']
        index += [f'extern const cf_rcase cf_rcases_{s}[];\nextern const uint32_t cf_nrcases_{s};'
                  for s in self.stems]
        rows = [f'    {{ cf_rcases_{s}, &cf_nrcases_{s} }},' for s in self.stems]
        index += [f'const struct cf_rbatch cf_rbatches[{max(len(rows), 1)}] = {{']
        index += (rows or ['    { NULL, NULL },']) + ['};']
        index += [f'const uint32_t cf_nrbatches = {len(rows)}u;', '']
        write_if_changed(os.path.join(d, 'rindex.c'), '\n'.join(index))

    def compile(self, comp, d, obj_dir, objects):
        """Queues the reverse objects and adds them to objects ({compiler: [objects]}): every
        batch's callers by each compiler (at -O1, like the callees), the extras' data and plan
        builders (compiler-neutral) and the index."""
        inc, hdr = host_includes(d)

        def queue(cc, name, opt, deps):
            return comp.compile(cc, os.path.join(d, name + '.c'),
                                os.path.join(obj_dir, f'{name}.{cc}.o'), WARN + [opt] + inc, deps)

        common = [queue('gcc', 'rindex', '-O0', hdr)]
        for stem in self.stems:
            deps = hdr + [os.path.join(d, stem + '.h')]
            for cc in COMPILERS:
                objects[cc].append(queue(cc, stem + '_caller', '-O1', deps))
            if stem in self.extras_stems:
                common += [queue('clang', stem + part, '-O0', deps) for part in ('_data', '_plan')]
        for cc in COMPILERS:
            objects[cc] += common
