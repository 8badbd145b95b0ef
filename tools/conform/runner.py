"""The run: generate the cases, emit and compile them, run each compiler's harness (restarted
after a call that killed it) and hand the outcomes to the report."""
import concurrent.futures
import os
import subprocess
import time

from .build import Compiler, compile_host, link
from .c_runtime import COMPILERS, PATH_INDEX
from .cases import make_case
from .emit_c import write_host
from .kernel import check_kernel, emit_kernel
from .predict import analyse, flags_of, parse_outcome
from .report import Report
from .reverse import Reverse
from .reverse_report import ReverseReport


def run_harness(exe, compiler, calls, path_index=PATH_INDEX):
    """Runs one compiler's executable over every call ((case id, path), in the harness's order);
    restarts it after the call it died in (path_index: the harness's number of each path).
    Returns ({(id, path): outcome}, {id: executor family of its cp_call})."""
    results, executors, first, path = {}, {}, 0, 0
    at = {call: n for n, call in enumerate(calls)}
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
        died = _next_call(last, calls, at)
        if died is None:
            return results, executors
        results[died] = ('crash', -proc.returncode if proc.returncode < 0 else 0)
        following = _next_call(died, calls, at)
        if following is None:
            return results, executors
        first, path = following[0], path_index[following[1]]


def _next_call(call, calls, at):
    pos = 0 if call is None else at[call] + 1
    return calls[pos] if pos < len(calls) else None


def generate(opts):
    """Every case of the run, numbered in order, and its analysis."""
    cases = []
    for seed in opts.seed_list:
        for index in range(opts.count):
            case = make_case(seed, index)
            case.id = len(cases)
            cases.append(case)
    return cases, [analyse(c) for c in cases]


def generate_all(opts):
    """The run's cases, their analyses and the reverse mode's cases."""
    cases, analyses = generate(opts)
    return cases, analyses, Reverse(opts, cases, analyses)


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

    def emit_host(self, cases, analyses, rev):
        """Writes the host suite's sources, the reverse mode's too; returns the forward
        batches' file stems."""
        os.makedirs(self.obj, exist_ok=True)
        stems = write_host(self.dir, cases, case_flags(cases, analyses), self.opts.batch,
                           rev.extend)
        rev.write(self.dir, self.opts.batch)
        return stems

    def run_all(self, exes, calls):
        """Both harnesses at once: ({compiler: outcomes}, {compiler: executors})."""
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            futs = {cc: pool.submit(run_harness, exe, cc, calls) for cc, exe in exes.items()}
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
        cases, analyses, rev = self.timed('generate', generate_all, self.opts)
        print(f'conform: {len(cases)} signatures x {len(COMPILERS)} compilers ({self.seeds()}); '
              f'reverse: {len(rev.cases)} closures x {len(COMPILERS)} caller compilers',
              flush=True)
        stems = self.timed('emit', self.emit_host, cases, analyses, rev)
        comp = Compiler(self.opts.jobs)
        t0 = time.time()
        objects = compile_host(comp, self.dir, self.obj, stems)
        rev.compile(comp, self.dir, self.obj, objects)
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
            print(f'0 passed, {(len(cases) + len(rev.cases)) * len(COMPILERS)} failed')
            return 1
        self.failed_checks += check_kernel(self.opts.build, kchecks)
        calls = [(c.id, p) for c in cases for p in ('d', 'p')] + rev.calls()
        results, executors = self.timed('run', self.run_all, exes, calls)
        report = Report(self, cases, analyses, results, executors, ReverseReport(rev, results))
        self.times['total'] = time.time() - start
        return report.print(comp)
