"""Reporting of the reverse (closure) mode: a verdict per (signature, caller compiler), the
counts, the expected failures per DIFF shape, and a standalone reproducer per failing case
(build/conform/repro-rev-<seed>-<case>.c)."""
import os

from .build import write_if_changed
from .c_reverse import REPRO_REV_MAIN, REVERSE_C, REVERSE_H
from .c_runtime import COMPILERS, RUNTIME_C, RUNTIME_H
from .emit_c import Unit
from .predict import describe_expect, judge
from .report import fmt_pieces
from .reverse import CLOSURE_MAX_ARGS


def placement_notes(case, a):
    """Where each argument is read by the closure (gcc's placement) and put by a clang caller."""
    lines = []
    for i in range(len(case.args)):
        g, c = fmt_pieces(a.gcc.args[i]), fmt_pieces(a.clang_caller.args[i])
        va = ' (variadic)' if case.is_vararg(i) else ''
        lines.append(f'a{i}{va}: closure (gcc placement) reads {g}'
                     + (f'; a clang 14 caller puts it at {c}' if c != g else ''))
    lines.append(f'return: closure {a.gcc.ret or "void"}' +
                 (f'; clang 14 caller {a.clang_caller.ret}'
                  if a.clang_caller.ret != a.gcc.ret else ''))
    return lines


def repro_text(rev, case, failures):
    """One standalone C file: the plan, the closure and the caller, compiled by one compiler
    (the caller's): cc -O1 -Iinclude repro.c build/libcallplan.a."""
    unit, a = Unit([case]), rev.analyses[case.id]
    path = os.path.join('build', 'conform', f'repro-rev-{case.seed}-{case.index}.c')
    notes = [f'callplan conformance, reverse mode (a closure called from compiled C): seed '
             f'{case.seed}, case {case.index} (focus {case.focus}).',
             f'Signature: {unit.signature(case)}', '']
    notes += [f'FAILED with the {cc}-compiled caller: {desc}; expected: {describe_expect(exp)}'
              for cc, exp, desc in failures]
    notes += ['', 'Build and run (the compiler matters: it compiles the caller):']
    notes += [f'    {cc} -O1 -Iinclude {path} build/libcallplan.a && ./a.out'
              for cc in sorted({f[0] for f in failures})]
    notes += ['', 'Placement (the tools/conform model):'] + placement_notes(case, a)
    comment = '/* ' + '\n * '.join(notes) + '\n */'
    return '\n'.join([comment, '#include <stdio.h>', RUNTIME_H, REVERSE_H, RUNTIME_C, REVERSE_C,
                      unit.header(), unit.data(), rev.plan_part(unit, [case]),
                      rev.table([case], 'cf_rcases_repro'), rev.caller(unit, case),
                      REPRO_REV_MAIN])


class ReverseReport:
    """Judges every reverse (signature, caller compiler) against its prediction."""

    def __init__(self, rev, results):
        self.rev = rev
        self.passed = self.failed = 0
        self.failures = []          # (case, [(compiler, expect, description)])
        self.count = dict.fromkeys(COMPILERS, 0)
        # (shape, compiler) -> [expected to fail, failed as documented, undetermined pass]
        self.tally = {}
        for case in rev.cases:
            bad = []
            for cc in COMPILERS:
                exp, obs = rev.expect[case.id][cc], results[cc].get((case.id, 'r'))
                ok, desc = judge(exp, obs)
                self.count[cc] += obs is not None
                if ok:
                    self.passed += 1
                else:
                    self.failed += 1
                    bad.append((cc, exp, desc))
                if not exp.clean:
                    self.note(case, cc, ok, obs)
            if bad:
                self.failures.append((case, bad))

    def note(self, case, cc, ok, obs):
        shapes = self.rev.shapes(case) if cc == 'clang' else []
        for shape in shapes or ['(unattributed)']:
            row = self.tally.setdefault((shape, cc), [0, 0, 0])
            row[0] += 1
            row[1] += ok and obs != 0
            row[2] += ok and obs == 0

    def print_failures(self, out_dir, run_dir, limit=20):
        """Writes the reproducers (the forward report removed the old ones) and the failures'
        lines of run_dir/failures.txt, and prints the first failures."""
        with open(os.path.join(run_dir, 'failures.txt'), 'a') as f:
            f.writelines(f'{c.seed} {c.index} reverse {" ".join(b[0] for b in bad)}\n'
                         for c, bad in self.failures)
        for case, bad in self.failures[:200]:
            write_if_changed(os.path.join(out_dir, f'repro-rev-{case.seed}-{case.index}.c'),
                             repro_text(self.rev, case, bad))
        for case, bad in self.failures[:limit]:
            unit = Unit([case])
            print(f'FAIL reverse seed {case.seed} case {case.index} (focus {case.focus}), '
                  f'a closure called from {" and ".join(b[0] for b in bad)}-compiled C:')
            print(f'    {unit.signature(case)}')
            for line in unit.names.typedefs().splitlines():
                print('    ' + line.replace('__extension__ typedef ', 'typedef '))
            for cc, exp, desc in bad:
                print(f'    {cc} caller -> closure: {desc}; expected: {describe_expect(exp)}')
            print(f'    reproducer: {out_dir}/repro-rev-{case.seed}-{case.index}.c')
        if len(self.failures) > limit:
            print(f'... {len(self.failures) - limit} more reverse failures')

    def print_summary(self):
        rev = self.rev
        print(f'reverse (closures called from compiled C): {len(rev.cases)} signatures of at '
              f'most {CLOSURE_MAX_ARGS} arguments ({rev.from_run} from the run, '
              f'{len(rev.extras)} drawn for the reverse mode only)')
        print('    checked per caller compiler: '
              + ', '.join(f'{cc} {self.count[cc]}' for cc in COMPILERS))
        print('    expected failures per DIFF shape (closure = gcc placement, clang 14 caller): '
              'expected to fail / failed exactly as predicted / passed where the model allows it')
        for (shape, cc), (n, ok, und) in sorted(self.tally.items()):
            print(f'    {shape:<24} {cc:<5} caller: {n:5d} / {ok:5d} / {und:4d}')
