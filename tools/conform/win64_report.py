"""The Win64 mode's expectations and verdicts: every call is expected to pass (gcc 12, clang 14
and callplan place ms_abi calls alike over the eligible type space; win64.py), a refused
signature must get CP_ERR_UNSUPPORTED; failures are printed with their signature and the
model's placement and leave a standalone reproducer build/conform/repro-w64-<seed>-<case>.c;
then coverage (enforced), the executors and the timings, and "N passed, M failed"."""
import os

from .build import write_if_changed
from .c_runtime import COMPILERS, RUNTIME_C, RUNTIME_H
from .predict import describe_expect, judge
from .c_win64 import PROBE_S, WIN64_C, WIN64_H
from .win64_c import W64_PATHS, W64Unit
from .win64_cases import FOCI, REQUIRED_COVERAGE, rejected
from .win64_predict import shapes

SLOT_GP = ('rcx', 'rdx', 'r8', 'r9')
W64_EXECUTORS = ('w64gp', 'general')    # cp_plan_executor's families for Win64 plans


def fmt_piece(piece):
    space, loc, src, length = piece
    span = f'bytes {src}..{src + length}'
    if space == 'gp':
        return f'{SLOT_GP[loc // 8]}<-{span}'
    if space == 'xmm':
        return f'xmm{loc // 16}<-{span}'
    if space == 'stack':
        return f'[{loc}]<-{span}'
    where = SLOT_GP[loc // 8] if space == 'ref-gp' else f'[{loc}]'
    return f'{where}=&copy({length} bytes)'


def placement_notes(case, placements):
    """Where callplan puts each argument (and gcc or clang, where they differ)."""
    if placements is None:
        return ['(refused by callplan: CP_ERR_UNSUPPORTED)']

    def ret_text(ret):
        return 'sret (buffer in rcx, returned in rax)' if ret == 'sret' else \
            ', '.join(f'{r[0]} {r[2]} bytes' for r in ret) or 'nothing'

    mine, lines = placements['callplan'], []
    for i, pieces in enumerate(mine.args):
        text = ' '.join(fmt_piece(p) for p in pieces)
        others = [f'{cc} {" ".join(fmt_piece(p) for p in placements[cc].args[i])}'
                  for cc in COMPILERS if placements[cc].args[i] != pieces]
        lines.append(f'a{i}{" (variadic)" if case.is_vararg(i) else ""}: {text}'
                     + (f' ({"; ".join(others)})' if others else ''))
    others = [f'{cc} {ret_text(placements[cc].ret)}' for cc in COMPILERS
              if placements[cc].ret != mine.ret]
    lines.append(f'return: {ret_text(mine.ret)}' + (f' ({"; ".join(others)})' if others else ''))
    return lines


def probe_c():
    """The probe as file-scope asm for a one-file reproducer."""
    body = PROBE_S.split('    .text\n', 1)[1].split('    .section .note', 1)[0]
    lines = ['    .pushsection .text'] + body.rstrip('\n').split('\n') + ['    .popsection']
    return '__asm__(\n' + '\n'.join(f'    "{ln}\\n"' for ln in lines) + ');\n'


REPRO_MAIN = r'''
int main(void)
{
    static const char *const what[5] = { "compiled caller -> callee", "cp_call -> callee",
                                         "compiled caller -> probe", "cp_call -> probe",
                                         "compiled caller -> closure" };
    const cf_wcase *c = &cf_wcases_repro[0];
    int path, fails = 0;
    for (path = 0; path < 5; path++) {
        uint64_t bad;
        if ((!c->fn && path != 1) || (path == 4 && !c->closure))
            continue;
        bad = path == 0 ? cf_w64_direct(c, c->fn) : path == 1 ? cf_w64_plan(c, c->fn)
            : path == 2 ? cf_w64_direct(c, cf_probe) : path == 3 ? cf_w64_plan(c, cf_probe)
            : cf_w64_reverse(c);
        printf("%-28s %s mask %llx", what[path], bad ? "FAIL" : "ok", (unsigned long long)bad);
        if (bad & CF_BAD_BUILD)
            printf(" cp_plan_build=%s", cp_strerror((cp_status)(bad >> 48 & 0xFF)));
        printf("\n");
        fails += bad != 0;
    }
    return fails != 0;
}
'''


def repro_text(case, placements, failures):
    unit = W64Unit([case])
    path = os.path.join('build', 'conform', f'repro-w64-{case.seed}-{case.index}.c')
    notes = [f'callplan differential conformance, Win64 (ms_abi): seed {case.seed}, case '
             f'{case.index} (focus {case.focus}).', f'Signature: {unit.signature(case)}', '']
    notes += [f'FAILED against {cc}: {W64_PATHS[p]}: {desc}; expected: {describe_expect(e)}'
              for cc, p, e, desc in failures]
    notes += ['', 'Mask bits: argument i = bit i; 40 return value; 42 not reached; 43 '
              'cp_plan_build status (bits 48-55); 47 misaligned RSP or copy.',
              'Build and run (the compiler compiles the callee and the direct caller):',
              f'    {failures[0][0]} -O1 -Iinclude {path} build/libcallplan.a && ./a.out', '',
              'Placement (the tools/conform Win64 model: callplan; gcc, clang where they differ):']
    notes += placement_notes(case, placements)
    refused = {case.id: rejected(case)}
    strip = ('#include "conform.h"', '#include "win64.h"', '#define _POSIX_C_SOURCE')
    runtime = '\n'.join(ln for ln in WIN64_C.split('\n') if not ln.startswith(strip))
    return '\n'.join(['/* ' + '\n * '.join(notes) + '\n */', '#define _POSIX_C_SOURCE 200809L',
                      '#include <stdio.h>', RUNTIME_H, WIN64_H, RUNTIME_C, runtime, probe_c(),
                      unit.header(), unit.data(),
                      '' if refused[case.id] else unit.callee(case, '__attribute__((noinline)) '),
                      '' if refused[case.id] else unit.direct(case),
                      unit.w64_plans('cf_wcases_repro', {case.id: placements}, refused,
                                     {case.id: 0}), REPRO_MAIN])


class W64Report:
    def __init__(self, suite, cases, info, results, executors):
        self.suite, self.cases, self.info = suite, cases, info
        self.results, self.executors = results, executors
        self.passed = self.failed = 0
        self.failures = []          # (case, [(compiler, path, expect, description)])
        self.path_fails = {}        # (compiler, path) -> failed calls
        # (shape, compiler) -> [expected to fail, failed as predicted, passed where allowed]
        self.tally = {}
        for case in cases:
            bad = []
            for cc in COMPILERS:
                mine = []
                for (c, p), exp in info[case.id][2].items():
                    if c != cc:
                        continue
                    ok, desc = judge(exp, results[cc].get((case.id, p)))
                    if not ok:
                        mine.append((cc, p, exp, desc))
                        self.path_fails[cc, p] = self.path_fails.get((cc, p), 0) + 1
                if mine:
                    self.failed += 1
                    bad += mine
                else:
                    self.passed += 1
                self.note(case, cc, not mine)
            if bad:
                self.failures.append((case, bad))

    def note(self, case, cc, ok):
        """Tallies a (case, compiler) expected to fail somewhere, by DIFF shape."""
        expect = {p: e for (c, p), e in self.info[case.id][2].items() if c == cc}
        if all(e.clean for e in expect.values()):
            return
        failed = any(self.results[cc].get((case.id, p)) != 0 for p, e in expect.items()
                     if not e.clean)
        for shape in sorted(shapes(case, self.info[case.id][0])) or ['(unattributed)']:
            row = self.tally.setdefault((shape, cc), [0, 0, 0])
            row[0] += 1
            row[1] += ok and failed
            row[2] += ok and not failed

    def print(self, comp):
        self.print_failures()
        closures = {cc: sum(1 for (i, p) in self.results[cc] if p == 'r') for cc in COMPILERS}
        print(f'reverse: closures of Win64 plans (at most 16 arguments) called from ms_abi C, '
              f'per caller compiler: ' + ', '.join(f'{cc} {n}' for cc, n in closures.items()))
        problems = self.print_coverage()
        problems += self.print_executors()
        print('expected failures per gcc/clang ms_abi DIFF shape (cp_call or a gcc caller -> '
              'callee): expected to fail / failed exactly as predicted / passed where the '
              'model allows it')
        for (shape, cc), (n, ok, und) in sorted(self.tally.items()):
            print(f'    {shape:<24} vs {cc:<5} callee: {n:5d} / {ok:5d} / {und:4d}')
        t = self.suite.times
        print(f'time: generate {t["generate"]:.1f}s, emit {t["emit"]:.1f}s, compile+link '
              f'{t["compile"]:.1f}s ({comp.built} objects built, {comp.reused} reused, '
              f'{self.suite.opts.jobs} jobs), run {t["run"]:.1f}s, total {t["total"]:.1f}s')
        print(f'{self.passed} passed, {self.failed + problems} failed')
        return 1 if self.failed + problems else 0

    def print_failures(self, limit=20):
        out_dir = os.path.join(self.suite.opts.build, 'conform')
        for old in os.listdir(out_dir):
            if old.startswith('repro-w64-') and old.endswith('.c'):
                os.remove(os.path.join(out_dir, old))
        with open(os.path.join(self.suite.dir, 'failures.txt'), 'w') as f:
            f.writelines(f'{c.seed} {c.index} '
                         f'{" ".join(sorted({b[0] + ":" + b[1] for b in bad}))}\n'
                         for c, bad in self.failures)
        for n, (case, bad) in enumerate(self.failures):
            placements = self.info[case.id][0]
            repro = os.path.join(out_dir, f'repro-w64-{case.seed}-{case.index}.c')
            if n < 200:
                write_if_changed(repro, repro_text(case, placements, bad))
            if n >= limit:
                continue
            unit = W64Unit([case])
            print(f'FAIL win64 seed {case.seed} case {case.index} (focus {case.focus}):')
            print(f'    {unit.signature(case)}')
            for line in unit.names.typedefs().splitlines():
                print('    ' + line.replace('__extension__ typedef ', 'typedef '))
            for cc, path, exp, desc in bad:
                print(f'    {cc}: {W64_PATHS[path]}: {desc}; expected: {describe_expect(exp)}')
            for line in placement_notes(case, placements):
                print('    model: ' + line)
            print(f'    reproducer: {repro}')
        if len(self.failures) > limit:
            print(f'... {len(self.failures) - limit} more failures (reproducers in {out_dir})')
        if self.path_fails:
            print('failed calls per compiler and path: ' + ', '.join(
                f'{cc} {p} {n}' for (cc, p), n in sorted(self.path_fails.items())))

    def print_coverage(self):
        counts = {}
        for case in self.cases:
            for item in self.info[case.id][1]:
                counts[item] = counts.get(item, 0) + 1
        missing = [i for i in REQUIRED_COVERAGE if not counts.get(i)]
        enforce = self.suite.opts.count >= 2 * len(FOCI)
        print(f'win64 coverage ({len(REQUIRED_COVERAGE) - len(missing)}/{len(REQUIRED_COVERAGE)} '
              'required items, signatures per item):')
        cells = [f'{i} {counts.get(i, 0)}' for i in REQUIRED_COVERAGE]
        for k in range(0, len(cells), 4):
            print('    ' + ''.join(f'{c:<30}' for c in cells[k:k + 4]).rstrip())
        if missing:
            verdict = 'FAIL' if enforce else \
                f'note (COUNT below {2 * len(FOCI)}, not enforced):'
            print(f'{verdict} coverage: never generated: {", ".join(missing)}')
        return 1 if missing and enforce else 0

    def print_executors(self):
        """The executor families that ran the Win64 plans; a run large enough to hold every
        focus must have run each. Returns 1 if one never ran (then), else 0."""
        print('executors of the Win64 cp_call calls (cp_plan_executor), per callee compiler:')
        never = set()
        for cc in COMPILERS:
            counts = dict.fromkeys(W64_EXECUTORS, 0)
            for name in self.executors.get(cc, {}).values():
                counts[name] = counts.get(name, 0) + 1
            print(f'    {cc:<6}' + '  '.join(f'{k} {n}' for k, n in counts.items()))
            never |= {name for name in W64_EXECUTORS if not counts[name]}
        if never and self.suite.opts.count >= 2 * len(FOCI):
            print(f'FAIL executors: never ran: {", ".join(sorted(never))}')
            return 1
        return 0
