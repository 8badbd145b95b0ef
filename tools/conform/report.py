"""Reporting: verdicts per (signature, compiler), failures with their signature and a standalone
reproducer, coverage, the DIFF-shape tallies and the timings; the reverse mode's part comes from
reverse_report."""
import os

from .build import write_if_changed
from .c_runtime import COMPILERS, EXECUTORS, PATHS, REPRO_MAIN, RUNTIME_C, RUNTIME_H
from .cases import FOCI
from .coverage import REQUIRED_COVERAGE
from .emit_c import Unit
from .predict import describe_expect, judge

GP_NAMES = ('rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9')

def fmt_pieces(pieces):
    """Human names of where an argument lives: rsi, xmm1, [16..32) on the stack."""
    out = []
    for space, base, src, length in pieces:
        if space == 'gp':
            name = GP_NAMES[base // 8] + (f'+{base % 8}' if base % 8 else '')
        elif space == 'xmm':
            name = f'xmm{base // 16}' + (f'+{base % 16}' if base % 16 else '')
        else:
            name = f'[{base}..{base + length})'
        out.append(name + (f'<-bytes {src}..{src + length}' if len(pieces) > 1 else ''))
    return ' '.join(out) or '(nothing)'


def placement_notes(case, a):
    lines = []
    for i, t in enumerate(case.args):
        g, c = fmt_pieces(a.gcc.args[i]), fmt_pieces(a.clang_callee.args[i])
        va = ' (variadic)' if case.is_vararg(i) else ''
        lines.append(f'a{i}{va}: gcc/callplan {g}'
                     + (f'; clang 14 callee reads {c}' if c != g else ''))
    lines.append(f'return: gcc/callplan {a.gcc.ret or "void"}' +
                 (f'; clang 14 {a.clang_callee.ret}' if a.clang_callee.ret != a.gcc.ret else ''))
    return lines


def repro_text(case, a, failures):
    """One standalone C file showing the failure: cc -Iinclude repro.c build/libcallplan.a."""
    unit = Unit([case])
    cc = failures[0][0]
    notes = [f'callplan differential conformance: seed {case.seed}, case {case.index} '
             f'(focus {case.focus}).', f'Signature: {unit.signature(case)}', '']
    notes += [f'FAILED against the {f[0]} callee, {PATHS[f[1]]}: {f[3]}; '
              f'expected: {describe_expect(f[2])}' for f in failures]
    path = os.path.join('build', 'conform', f'repro-{case.seed}-{case.index}.c')
    notes += ['', 'Build and run (the compiler matters: it compiles the callee and the direct '
              'call):',
              f'    {cc} -O1 -Iinclude {path} build/libcallplan.a && ./a.out', '',
              'Placement (the tools/conform model):']
    notes += placement_notes(case, a)
    comment = '/* ' + '\n * '.join(notes) + '\n */'
    return '\n'.join([comment, '#include <stdio.h>', RUNTIME_H, RUNTIME_C, unit.header(),
                      unit.data(), unit.callee(case, '__attribute__((noinline)) '),
                      unit.direct(case), unit.plans('cf_cases_repro', lambda c: 0), REPRO_MAIN])


def shapes_against(shapes, compiler, path='p'):
    """The shapes that explain an expected failure of a call against this compiler's callee
    (clang's own calls only disagree with its callees on variadic arguments, and where clang
    moves a lone float of a union's eightbyte, clang_ir)."""
    if compiler == 'gcc':
        return sorted(shapes & {'diff:gcc-vaarg'})
    if path == 'd':
        return sorted(s for s in shapes if s.endswith('-va') or
                      s in ('diff:f128-vaarg', 'diff:union-sse-float'))
    return sorted(shapes - {'diff:gcc-vaarg'})


class Report:
    """Judges every (signature, compiler) and prints the verdicts, tallies, coverage and the
    executors that ran."""

    def __init__(self, suite, cases, analyses, results, executors, reverse):
        self.suite, self.cases, self.analyses, self.results = suite, cases, analyses, results
        self.reverse = reverse      # reverse_report.ReverseReport: the closures' verdicts
        self.executors = executors  # compiler -> {case id: executor family of its cp_call}
        self.passed = self.failed = 0
        self.failures = []
        # (shape, compiler) -> [expected to fail, failed as documented, undetermined pass]
        self.tally = {}
        # (compiler, path, shapes) -> number of calls that failed as predicted
        self.observed = {}
        for case, a in zip(cases, analyses):
            for cc in COMPILERS:
                self.judge_one(case, a, cc)

    def judge_one(self, case, a, cc):
        bad = []
        for path in PATHS:
            exp, obs = a.expect[cc, path], self.results[cc].get((case.id, path))
            ok, desc = judge(exp, obs)
            if not ok:
                bad.append((cc, path, exp, desc))
            elif obs != 0 and not exp.clean:
                key = (cc, path, ' '.join(shapes_against(a.shapes, cc, path)) or '(unattributed)')
                self.observed[key] = self.observed.get(key, 0) + 1
        if bad:
            self.failed += 1
            self.failures.append((case, a, bad))
        else:
            self.passed += 1
        if not all(a.expect[cc, p].clean for p in PATHS):
            undetermined = not bad and all(self.results[cc].get((case.id, p)) == 0 for p in PATHS)
            for shape in shapes_against(a.shapes, cc) or ['(unattributed)']:
                row = self.tally.setdefault((shape, cc), [0, 0, 0])
                row[0] += 1
                row[1] += not bad and not undetermined
                row[2] += undetermined

    # ---- printing -------------------------------------------------------------------------------
    def print(self, comp):
        self.print_failures()
        self.reverse.print_failures(os.path.join(self.suite.opts.build, 'conform'),
                                    self.suite.dir)
        problems = self.print_coverage()
        self.print_tally()
        self.print_observed()
        problems += self.print_executors()
        self.reverse.print_summary()
        t = self.suite.times
        print(f'time: generate {t["generate"]:.1f}s, emit {t["emit"]:.1f}s, '
              f'compile+link {t["compile"]:.1f}s '
              f'({comp.built} objects built, {comp.reused} reused, {self.suite.opts.jobs} jobs), '
              f'run {t["run"]:.1f}s, total {t["total"]:.1f}s')
        failed = self.failed + self.reverse.failed + self.suite.failed_checks + len(problems)
        print(f'{self.passed + self.reverse.passed} passed, {failed} failed')
        return 1 if failed else 0

    def print_failures(self, limit=20):
        out_dir = os.path.join(self.suite.opts.build, 'conform')
        for old in os.listdir(out_dir):
            if old.startswith('repro-') and old.endswith('.c'):
                os.remove(os.path.join(out_dir, old))
        with open(os.path.join(self.suite.dir, 'failures.txt'), 'w') as f:
            f.writelines(f'{c.seed} {c.index} {" ".join(sorted({b[0] for b in bad}))}\n'
                         for c, _, bad in self.failures)
        by_case = {}
        for case, a, bad in self.failures:
            by_case.setdefault(case.id, (case, a, []))[2].extend(bad)
        for case, a, bad in list(by_case.values())[:200]:
            write_if_changed(os.path.join(out_dir, f'repro-{case.seed}-{case.index}.c'),
                             repro_text(case, a, bad))
        for n, (case, a, bad) in enumerate(self.failures):
            repro = os.path.join(out_dir, f'repro-{case.seed}-{case.index}.c')
            if n >= limit:
                continue
            unit = Unit([case])
            print(f'FAIL seed {case.seed} case {case.index} against the {bad[0][0]} callee '
                  f'(focus {case.focus}):')
            print(f'    {unit.signature(case)}')
            for line in unit.names.typedefs().splitlines():
                print('    ' + line.replace('__extension__ typedef ', 'typedef '))
            for cc, path, exp, desc in bad:
                print(f'    {PATHS[path]}: {desc}; expected: {describe_expect(exp)}')
            print(f'    reproducer: {repro}')
        if len(self.failures) > limit:
            print(f'... {len(self.failures) - limit} more failures (reproducers in {out_dir})')

    def print_coverage(self):
        counts = {}
        for a in self.analyses:
            for item in a.coverage:
                counts[item] = counts.get(item, 0) + 1
        missing = [i for i in REQUIRED_COVERAGE if not counts.get(i)]
        enforce = self.suite.opts.count >= 2 * len(FOCI)
        have = len(REQUIRED_COVERAGE) - len(missing)
        print(f'coverage ({have}/{len(REQUIRED_COVERAGE)} required items, signatures per item):')
        cells = [f'{i} {counts.get(i, 0)}' for i in REQUIRED_COVERAGE]
        for k in range(0, len(cells), 4):
            print('    ' + ''.join(f'{c:<30}' for c in cells[k:k + 4]).rstrip())
        if missing:
            verdict = 'FAIL' if enforce else \
                'note (COUNT below %d, not enforced):' % (2 * len(FOCI))
            print(f'{verdict} coverage: never generated: {", ".join(missing)}')
        return ['coverage'] if missing and enforce else []

    def print_executors(self):
        """The executor families that ran the cp_call calls, per callee compiler; a run large
        enough to hold every focus must have exercised every tier. Returns what is missing."""
        print('executors of the cp_call calls (cp_plan_executor), per callee compiler:')
        missing = []
        for cc in COMPILERS:
            counts = dict.fromkeys(EXECUTORS, 0)
            for name in self.executors.get(cc, {}).values():
                counts[name] = counts.get(name, 0) + 1
            print(f'    {cc:<6}' + '  '.join(f'{name} {n}' for name, n in counts.items()))
            never = [name for name in EXECUTORS if not counts[name]]
            if never:
                missing.append(f'{", ".join(never)} against the {cc} callee')
        if missing and self.suite.opts.count >= 2 * len(FOCI):
            print(f'FAIL executors: never ran: {"; ".join(missing)}')
            return missing
        if missing:
            print(f'note (COUNT below {2 * len(FOCI)}, not enforced): executors never ran: '
                  f'{"; ".join(missing)}')
        return []

    def print_tally(self):
        print('expected failures per gcc/clang DIFF shape (ABI.md 1.8): '
              'cases expected to fail / failed exactly as predicted / '
              'passed where the model allows it')
        for (shape, cc), (n, ok, und) in sorted(self.tally.items()):
            print(f'    {shape:<24} vs {cc:<5} callee: {n:5d} / {ok:5d} / {und:4d}')

    def print_observed(self):
        print('gcc/clang disagreements observed (calls that failed, as predicted):')
        who = {('clang', 'p'): 'cp_call (gcc placement) -> clang callee',
               ('clang', 'd'): 'clang caller -> clang callee (clang disagrees with itself)',
               ('gcc', 'p'): 'cp_call -> gcc callee (gcc callee bug)',
               ('gcc', 'd'): 'gcc caller -> gcc callee (gcc callee bug)'}
        by_who = {}
        for (cc, path, shapes), n in self.observed.items():
            by_who.setdefault((cc, path), {})
            for s in shapes.split():
                by_who[cc, path][s] = by_who[cc, path].get(s, 0) + n
        for key, shapes in sorted(by_who.items()):
            print(f'    {who[key]}: ' + ', '.join(f'{s} {n}' for s, n in sorted(shapes.items())))

