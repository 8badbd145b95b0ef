"""The run: generate the cases, emit and compile them, run each compiler's harness (restarted
after a call that killed it) and hand the outcomes to the report."""
import concurrent.futures
import os
import subprocess
import time

from .build import Compiler, compile_host, link
from .c_runtime import COMPILERS
from .cases import make_case
from .emit_c import write_host
from .kernel import check_kernel, emit_kernel
from .predict import analyse, flags_of, parse_outcome
from .report import Report


def run_harness(exe, compiler, ids):
    """Runs one compiler's executable over every case; restarts it after the call it died in.
    Returns ({(id, path): outcome}, {id: executor family of its cp_call})."""
    results, executors, first, path = {}, {}, 0, 0
    while True:
        proc = subprocess.run([exe, compiler, str(first), str(path)], capture_output=True,
                              text=True)
        last, done = None, False
        for line in proc.stdout.splitlines():
            fields = line.split()
            if fields == ['done']:
                done = True
            elif len(fields) >= 3:
                last = (int(fields[0]), fields[1])
                results[last] = parse_outcome(fields[2:])
                if isinstance(results[last], int) and len(fields) > 3:
                    executors[last[0]] = fields[3]
        if done:
            return results, executors
        died = _next_call(last, ids)
        if died is None:
            return results, executors
        results[died] = ('crash', -proc.returncode if proc.returncode < 0 else 0)
        following = _next_call(died, ids)
        if following is None:
            return results, executors
        first, path = following[0], 0 if following[1] == 'd' else 1


def _next_call(call, ids):
    if call is None:
        return (ids[0], 'd') if ids else None
    cid, path = call
    if path == 'd':
        return (cid, 'p')
    pos = ids.index(cid) + 1
    return (ids[pos], 'd') if pos < len(ids) else None


def generate(opts):
    """Every case of the run, numbered in order, and its analysis."""
    cases = []
    for seed in opts.seed_list:
        for index in range(opts.count):
            case = make_case(seed, index)
            case.id = len(cases)
            cases.append(case)
    return cases, [analyse(c) for c in cases]


def case_flags(cases, analyses):
    """{case id: cf_case flags}."""
    return {c.id: flags_of(a) for c, a in zip(cases, analyses)}


class Suite:
    """One run over the cases of opts (seeds, count): its output folder, timings and the
    failures of checks that are not signatures (the kernel's link checks)."""

    def __init__(self, opts):
        self.opts = opts
        self.dir = os.path.join(opts.build, 'conform', opts.mode)
        self.obj = os.path.join(self.dir, 'obj')
        self.times = {}
        self.failed_checks = 0

    def timed(self, name, fn, *args):
        t0 = time.time()
        result = fn(*args)
        self.times[name] = time.time() - t0
        return result

    def emit_host(self, cases, analyses):
        """Writes the host suite's sources; returns the batches' file stems."""
        os.makedirs(self.obj, exist_ok=True)
        return write_host(self.dir, cases, case_flags(cases, analyses), self.opts.batch)

    def run_all(self, exes, ids):
        """Both harnesses at once: ({compiler: outcomes}, {compiler: executors})."""
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            futs = {cc: pool.submit(run_harness, exe, cc, ids) for cc, exe in exes.items()}
            done = {cc: f.result() for cc, f in futs.items()}
        return {cc: r[0] for cc, r in done.items()}, {cc: r[1] for cc, r in done.items()}

    def seeds(self):
        return f'seeds {", ".join(map(str, self.opts.seed_list))}; {self.opts.count} each'

    def run_kernel_only(self):
        """Only build/conform/kernel, the same files as a run with --kernel: generation and the
        kernel compiles, no host sources, no run. Ends with "N passed, M failed" (link checks)."""
        start = time.time()
        cases, analyses = generate(self.opts)
        print(f'conform: kernel tables of {len(cases)} signatures ({self.seeds()})', flush=True)
        comp = Compiler(self.opts.jobs)
        checks = emit_kernel(comp, self.opts, cases, case_flags(cases, analyses))
        errors = comp.wait()
        for e in errors[:5]:
            print(e)
        failed = len(checks) if errors else check_kernel(self.opts.build, checks)
        print(f'time: total {time.time() - start:.1f}s ({comp.built} objects built, '
              f'{comp.reused} reused, {self.opts.jobs} jobs)')
        print(f'{len(checks) - failed} passed, {failed} failed')
        return 1 if failed else 0

    def run(self):
        start = time.time()
        cases, analyses = self.timed('generate', generate, self.opts)
        print(f'conform: {len(cases)} signatures x {len(COMPILERS)} compilers ({self.seeds()})',
              flush=True)
        stems = self.timed('emit', self.emit_host, cases, analyses)
        comp = Compiler(self.opts.jobs)
        t0 = time.time()
        objects = compile_host(comp, self.dir, self.obj, stems)
        kchecks = []
        if self.opts.kernel:
            kchecks = emit_kernel(comp, self.opts, cases, case_flags(cases, analyses))
        errors = comp.wait()
        exes, link_errors = link(self.opts.build, self.dir, objects) if not errors else ({}, [])
        self.times['compile'] = time.time() - t0
        if errors or link_errors:
            for e in (errors + link_errors)[:5]:
                print(e)
            print(f'FAIL build: {len(errors + link_errors)} compile/link errors')
            print(f'0 passed, {len(cases) * len(COMPILERS)} failed')
            return 1
        self.failed_checks += check_kernel(self.opts.build, kchecks)
        results, executors = self.timed('run', self.run_all, exes, [c.id for c in cases])
        report = Report(self, cases, analyses, results, executors)
        self.times['total'] = time.time() - start
        return report.print(comp)
