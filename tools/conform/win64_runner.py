"""The Win64 mode's run (python3 tools/conform --abi win64): generate the Win64 cases, emit them
as ms_abi C (win64_c), compile them the way the System V mode does (batches, both compilers,
objects reused when unchanged), run each compiler's harness and judge every call
(win64_report)."""
import concurrent.futures
import os
import subprocess
import time

from .build import ROOT, WARN, Compiler, write_if_changed
from .c_runtime import COMPILERS, RUNTIME_C, RUNTIME_H
from .runner import run_harness
from .c_win64 import PROBE_S, W64_MAIN_C, WIN64_C, WIN64_H
from .win64_c import W64_PATH_INDEX, W64Unit, closure_eligible, w64_index
from .win64_cases import analyse, make_case, rejected
from .win64_predict import expectations, flags_of
from .win64_report import W64Report


def generate(opts):
    cases = []
    for seed in opts.seed_list:
        for index in range(opts.count):
            case = make_case(seed, index)
            case.id = len(cases)
            cases.append(case)
    return cases


class W64Suite:
    """One Win64 run over the cases of opts (seeds, count) in BUILD/conform/win64-<mode>."""

    def __init__(self, opts):
        self.opts = opts
        self.dir = os.path.join(opts.build, 'conform', 'win64-' + opts.mode)
        self.obj = os.path.join(self.dir, 'obj')
        self.times = {}

    def emit(self, cases, info):
        """Writes the sources: the shared runtime, the Win64 runtime, the probe, the harness and
        the batches; returns the batches' stems."""
        d = self.dir
        os.makedirs(self.obj, exist_ok=True)
        write_if_changed(os.path.join(d, 'conform.h'), RUNTIME_H)
        write_if_changed(os.path.join(d, 'win64.h'), WIN64_H)
        write_if_changed(os.path.join(d, 'rt.c'), '#include "conform.h"\n\n' + RUNTIME_C)
        write_if_changed(os.path.join(d, 'w64.c'), WIN64_C)
        write_if_changed(os.path.join(d, 'probe.S'), PROBE_S)
        write_if_changed(os.path.join(d, 'main.c'), W64_MAIN_C)
        placements = {c.id: info[c.id][0] for c in cases}
        refused = {c.id: rejected(c) for c in cases}
        flags = {c.id: flags_of(info[c.id][2]) for c in cases}
        stems, batch = [], self.opts.batch
        for b in range(0, len(cases), batch):
            stem = f'w{b // batch:03d}'
            group = cases[b:b + batch]
            unit = W64Unit(group)
            live = W64Unit([c for c in group if not refused[c.id]], unit.names)
            inc = f'#include "{stem}.h"\n'
            files = {'.h': unit.header(f'CF_{stem.upper()}_H'),
                     '_data.c': inc + '\n' + unit.data(),
                     '_callee.c': inc + '\n' + live.callees(),
                     '_direct.c': inc + '\n' + live.directs(),
                     '_plan.c': inc + '#include "win64.h"\n\n'
                     + unit.w64_plans(f'cf_wcases_{stem}', placements, refused, flags)}
            for suffix, text in files.items():
                write_if_changed(os.path.join(d, stem + suffix), text)
            stems.append(stem)
        write_if_changed(os.path.join(d, 'index.c'), w64_index(stems))
        return stems

    def compile(self, comp, stems):
        """Queues every object; returns {compiler: [objects to link]}."""
        d = self.dir
        inc = ['-I' + d, '-I' + os.path.join(ROOT, 'include')]
        hdr = [os.path.join(d, 'conform.h'), os.path.join(d, 'win64.h'),
               os.path.join(ROOT, 'include', 'callplan.h')]

        def queue(cc, name, flags, deps, ext='.c'):
            return comp.compile(cc, os.path.join(d, name + ext),
                                os.path.join(self.obj, f'{name}.{cc}.o'), flags + inc, deps)

        common = [queue('gcc', name, WARN + ['-O1'], hdr) for name in ('rt', 'w64', 'main')]
        common += [queue('gcc', 'index', WARN, hdr), queue('gcc', 'probe', [], [], '.S')]
        per_cc = {cc: [] for cc in COMPILERS}
        for stem in stems:
            deps = hdr + [os.path.join(d, stem + '.h')]
            for part, opt in (('_callee', '-O1'), ('_direct', '-O0')):
                for cc in COMPILERS:
                    per_cc[cc].append(queue(cc, stem + part, WARN + [opt], deps))
            for part in ('_data', '_plan'):
                common.append(queue('clang', stem + part, WARN + ['-O0'], deps))
        return {cc: common + per_cc[cc] for cc in COMPILERS}

    def link(self, objects):
        exes, errors = {}, []
        lib = os.path.join(self.opts.build, 'libcallplan.a')
        for cc, objs in objects.items():
            exe = os.path.join(self.dir, f'run-{cc}')
            res = subprocess.run(['gcc', '-o', exe, *objs, lib], capture_output=True, text=True)
            if res.returncode:
                errors.append(res.stderr[-4000:])
            exes[cc] = exe
        return exes, errors

    def run_all(self, exes, calls):
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            futs = {cc: pool.submit(run_harness, exe, cc, calls, W64_PATH_INDEX)
                    for cc, exe in exes.items()}
            return {cc: f.result() for cc, f in futs.items()}

    def run(self):
        start = time.time()
        cases = generate(self.opts)
        info = {}
        for c in cases:
            placements, items = analyse(c)
            info[c.id] = (placements, items, expectations(c, placements, rejected(c)))
        self.times['generate'] = time.time() - start
        nref = sum(rejected(c) for c in cases)
        seeds = ', '.join(map(str, self.opts.seed_list))
        print(f'conform win64: {len(cases)} signatures x {len(COMPILERS)} compilers (seeds '
              f'{seeds}; {self.opts.count} each; {nref} of them refused: long double, '
              '__float128)', flush=True)
        t0 = time.time()
        stems = self.emit(cases, info)
        self.times['emit'] = time.time() - t0
        comp = Compiler(self.opts.jobs)
        t0 = time.time()
        objects = self.compile(comp, stems)
        errors = comp.wait()
        exes, link_errors = self.link(objects) if not errors else ({}, [])
        self.times['compile'] = time.time() - t0
        if errors or link_errors:
            for e in (errors + link_errors)[:5]:
                print(e)
            print(f'FAIL build: {len(errors + link_errors)} compile/link errors')
            print(f'0 passed, {len(cases) * len(COMPILERS)} failed')
            return 1
        # The harness's order: d p m q per case, only p for a refused one.
        calls = [(c.id, p) for c in cases
                 for p in ('p' if rejected(c) else 'dpmqr' if closure_eligible(c) else 'dpmq')]
        t0 = time.time()
        done = self.run_all(exes, calls)
        self.times['run'] = time.time() - t0
        results = {cc: r[0] for cc, r in done.items()}
        executors = {cc: r[1] for cc, r in done.items()}
        self.times['total'] = time.time() - start
        report = W64Report(self, cases, info, results, executors)
        return report.print(comp)
