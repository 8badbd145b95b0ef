"""The compat mode's run (python3 tools/conform --abi compat): System V signatures that libffi can
express (compat_cases) called through ffi_prep_cif(_var) + ffi_call against the gcc and clang
callees, with callplan's libffi layer (compat/libffi, libcallplan_ffi.a) and, as a cross-check,
with Debian's libffi (-lffi). Only the layer's calls count (Debian's libffi 3.4.4 is
wrong on some of them: tallied). A failure leaves a reproducer
build/conform/repro-ffi-<seed>-<case>.c (Debian libffi's too)."""
import concurrent.futures
import os
import subprocess
import time

from .build import ROOT, WARN, Compiler, write_if_changed
from .c_runtime import COMPILERS, RUNTIME_C, RUNTIME_H
from .compat_c import COMPAT_C, COMPAT_H, COMPAT_MAIN_C, WIDENED, FfiUnit, W64FfiUnit, ffi_index
from .typemodel import Record, Scalar
from .compat_cases import libffi_comparable, make_case, make_w64_case
from .predict import Expect, judge
from .runner import run_harness
from .win64_cases import analyse as analyse_w64
from .win64_predict import expectations

LIBS = ('compat', 'libffi')     # callplan's layer, Debian's libffi
LIB_NAMES = {'compat': "callplan's libffi layer", 'libffi': "Debian's libffi (cross-check)"}

REPRO_MAIN = r'''
int main(void)
{
    uint64_t bad = cf_run_ffi(&cf_fcases_repro[0]);
    printf("ffi_call: %s (mask %llx)\n", bad ? "FAIL" : "ok", (unsigned long long)bad);
    return bad != 0;
}
'''


def describe_cases(cases):
    """What the run holds, for the log: variadic calls, reject probes, widened results."""
    def count(pred):
        return sum(1 for c in cases if pred(c))
    widened = count(lambda c: isinstance(c.ret, Scalar) and c.ret.kind in WIDENED)
    return (f'{count(lambda c: c.variadic)} variadic ({count(lambda c: c.reject)} with an '
            f'unpromoted-type probe), {widened} results widened into an ffi_arg, '
            f'{count(lambda c: isinstance(c.ret, Record))} struct results')


class CompatSuite:
    """One compat run: System V cifs (FFI_DEFAULT_ABI) against the System V callees, with both
    libraries; or, with win64, FFI_WIN64 cifs against the Win64 mode's ms_abi callees, with the
    layer only (the expected failures are gcc's ms va_arg reads, win64_predict)."""

    def __init__(self, opts, win64=False):
        self.opts, self.win64 = opts, win64
        self.libs = ('compat',) if win64 else LIBS
        self.unit = W64FfiUnit if win64 else FfiUnit
        self.name = 'compat-win64' if win64 else 'compat'
        self.dir = os.path.join(opts.build, 'conform', f'{self.name}-{opts.mode}')
        self.obj = os.path.join(self.dir, 'obj')
        self.times = {}
        self.libffi_wrong = []      # (case, compiler, description): Debian libffi's failures

    def generate(self):
        cases = []
        for seed in self.opts.seed_list:
            for index in range(self.opts.count):
                case = (make_w64_case if self.win64 else make_case)(seed, index)
                case.id = len(cases)
                cases.append(case)
        return cases

    def emit(self, cases):
        d = self.dir
        os.makedirs(self.obj, exist_ok=True)
        write_if_changed(os.path.join(d, 'conform.h'), RUNTIME_H)
        write_if_changed(os.path.join(d, 'compat.h'), COMPAT_H)
        write_if_changed(os.path.join(d, 'rt.c'), '#include "conform.h"\n\n' + RUNTIME_C)
        write_if_changed(os.path.join(d, 'ffirt.c'), '#include "conform.h"\n#include <ffi.h>\n'
                         '#include "compat.h"\n\n' + COMPAT_C)
        write_if_changed(os.path.join(d, 'main.c'), COMPAT_MAIN_C)
        stems, batch = [], self.opts.batch
        for b in range(0, len(cases), batch):
            stem = f'f{b // batch:03d}'
            unit = self.unit(cases[b:b + batch])
            inc = f'#include "{stem}.h"\n'
            files = {'.h': unit.header(f'CF_{stem.upper()}_H'),
                     '_data.c': inc + '\n' + unit.data(),
                     '_callee.c': inc + '\n' + unit.callees(),
                     '_ffi.c': inc + '#include <ffi.h>\n#include "compat.h"\n\n'
                     + unit.ffi_table(f'cf_fcases_{stem}')}
            for suffix, text in files.items():
                write_if_changed(os.path.join(d, stem + suffix), text)
            stems.append(stem)
        write_if_changed(os.path.join(d, 'index.c'), ffi_index(stems))
        return stems

    def compile(self, comp, stems):
        """{(compiler, library): [objects]}: the callees per compiler, the ffi side per
        library (its ffi.h decides the ffi_cif layout)."""
        d = self.dir
        inc = ['-I' + d, '-I' + os.path.join(ROOT, 'include')]
        hdr = [os.path.join(d, 'conform.h'), os.path.join(d, 'compat.h'),
               os.path.join(ROOT, 'include', 'callplan.h')]
        ffi_inc = {'compat': ['-I' + os.path.join(ROOT, 'compat', 'libffi')], 'libffi': []}
        ffi_hdr = {'compat': [os.path.join(ROOT, 'compat', 'libffi', 'ffi.h')], 'libffi': []}

        def queue(cc, name, tag, flags, deps):
            return comp.compile(cc, os.path.join(d, name + '.c'),
                                os.path.join(self.obj, f'{name}.{tag}.o'), flags + inc, deps)

        common = [queue('gcc', 'rt', 'gcc', WARN + ['-O1'], hdr)]
        per_cc = {cc: [] for cc in COMPILERS}
        per_lib = {lib: [queue('gcc', name, lib, WARN + ['-O1'] + ffi_inc[lib], hdr + ffi_hdr[lib])
                         for name in ('ffirt', 'main', 'index')] for lib in self.libs}
        for stem in stems:
            deps = hdr + [os.path.join(d, stem + '.h')]
            common.append(queue('clang', stem + '_data', 'clang', WARN + ['-O0'], deps))
            for cc in COMPILERS:
                per_cc[cc].append(queue(cc, stem + '_callee', cc, WARN + ['-O1'], deps))
            for lib in self.libs:
                per_lib[lib].append(queue('clang', stem + '_ffi', lib,
                                          WARN + ['-O0'] + ffi_inc[lib], deps + ffi_hdr[lib]))
        return {(cc, lib): common + per_cc[cc] + per_lib[lib]
                for cc in COMPILERS for lib in self.libs}

    def link(self, objects):
        exes, errors = {}, []
        build = self.opts.build
        libs = {'compat': [os.path.join(build, 'libcallplan_ffi.a')],
                'libffi': [os.path.join(build, 'libcallplan.a'), '-lffi']}
        for (cc, lib), objs in objects.items():
            exe = os.path.join(self.dir, f'run-{cc}-{lib}')
            res = subprocess.run(['gcc', '-o', exe, *objs, *libs[lib]], capture_output=True,
                                 text=True)
            if res.returncode:
                errors.append(res.stderr[-4000:])
            exes[cc, lib] = exe
        return exes, errors

    def run(self):
        start = time.time()
        cases = self.generate()
        self.times['generate'] = time.time() - start
        libs = "callplan's libffi layer" + \
            ('' if self.win64 else ", and Debian's libffi as a cross-check")
        print(f'conform {self.name}: {len(cases)} signatures x {len(COMPILERS)} compilers through '
              f'ffi_call{" (FFI_WIN64, ms_abi callees)" if self.win64 else ""} (seeds '
              f'{", ".join(map(str, self.opts.seed_list))}; {self.opts.count} each); '
              f'{describe_cases(cases)}; {libs}', flush=True)
        t0 = time.time()
        stems = self.emit(cases)
        comp = Compiler(self.opts.jobs)
        objects = self.compile(comp, stems)
        errors = comp.wait()
        exes, link_errors = self.link(objects) if not errors else ({}, [])
        self.times['compile'] = time.time() - t0
        if errors or link_errors:
            for e in (errors + link_errors)[:5]:
                print(e)
            print(f'FAIL build: {len(errors + link_errors)} compile/link errors')
            print(f'0 passed, {len(cases) * len(COMPILERS) * len(self.libs)} failed')
            return 1
        calls = [(c.id, 'f') for c in cases]
        t0 = time.time()
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            futs = {key: pool.submit(run_harness, exe, key[0], calls, {'f': 0})
                    for key, exe in exes.items()}
            results = {key: f.result()[0] for key, f in futs.items()}
        self.times['run'] = time.time() - t0
        self.times['total'] = time.time() - start
        return self.report(cases, results, comp)

    def report(self, cases, results, comp):
        """Judges the layer's calls; tallies Debian libffi's (a cross-check that does not count:
        libffi 3.4.4 itself gets some of these signatures wrong)."""
        passed, failures, libffi = 0, [], {True: [0, 0], False: [0, 0]}
        expected = 0
        for case in cases:
            for key in results:
                exp = self.expect(case, key[0])
                expected += not exp.clean
                ok, desc = judge(exp, results[key].get((case.id, 'f')))
                if key[1] == 'libffi':
                    row = libffi[libffi_comparable(case)]
                    row[0] += 1
                    row[1] += not ok
                    if not ok and libffi_comparable(case):
                        self.libffi_wrong.append((case, key[0], desc))
                elif ok:
                    passed += 1
                else:
                    failures.append((case, key, desc))
        out_dir = os.path.join(self.opts.build, 'conform')
        prefix = 'repro-ffi-w64-' if self.win64 else 'repro-ffi-'
        for old in os.listdir(out_dir):
            if old.startswith(prefix) and old.endswith('.c') and \
                    (self.win64 or not old.startswith('repro-ffi-w64-')):
                os.remove(os.path.join(out_dir, old))
        shown = failures + [(c, (cc, 'libffi'), d) for c, cc, d in self.libffi_wrong[:20]]
        for n, (case, (cc, lib), desc) in enumerate(shown):
            repro = os.path.join(out_dir, f'{prefix}{case.seed}-{case.index}.c')
            if n < 200:
                write_if_changed(repro, self.repro_text(case, cc, lib, desc))
            if n < min(20, len(failures)):
                unit = self.unit([case])
                print(f'FAIL {self.name} seed {case.seed} case {case.index} (focus {case.focus}), '
                      f'{cc} callee, {LIB_NAMES[lib]}: {desc}')
                print(f'    {unit.signature(case)}')
                for line in unit.names.typedefs().splitlines():
                    print('    ' + line.replace('__extension__ typedef ', 'typedef '))
                print(f'    reproducer: {repro}')
        counts = {cc: sum(1 for f in failures if f[1][0] == cc) for cc in COMPILERS}
        print("failed calls through callplan's layer per callee compiler: " + ', '.join(
            f'{cc} {n}' for cc, n in counts.items()))
        if self.win64:
            print(f'calls expected to fail (a gcc callee va_arg of a by-reference argument, '
                  f'win64.py), judged byte by byte: {expected}')
            return self.summary(passed, failures, comp)
        print(f"cross-check, the same calls with Debian's libffi 3.4.4 (not counted): "
              f'{libffi[True][1]} of {libffi[True][0]} wrong without _Complex types or an x87 '
              f'struct result, {libffi[False][1]} of {libffi[False][0]} with them (libffi bugs: '
              '/tmp/callplan-findings/conform-libffi.md)')
        for case, cc, desc in self.libffi_wrong[:3]:
            print(f'    libffi wrong: seed {case.seed} case {case.index}, {cc} callee: {desc}')
        return self.summary(passed, failures, comp)

    def expect(self, case, cc):
        """What ffi_call against cc's callee must give: clean, but for Win64 where a gcc callee's
        va_arg reads by-reference arguments in place (win64_predict, as cp_call's p)."""
        if not self.win64:
            return Expect()
        return expectations(case, analyse_w64(case)[0], False)[cc, 'p']

    def summary(self, passed, failures, comp):
        t = self.times
        print(f'time: generate {t["generate"]:.1f}s, emit+compile+link {t["compile"]:.1f}s '
              f'({comp.built} objects built, {comp.reused} reused, {self.opts.jobs} jobs), '
              f'run {t["run"]:.1f}s, total {t["total"]:.1f}s')
        print(f'{passed} passed, {len(failures)} failed')
        return 1 if failures else 0

    def repro_text(self, case, cc, lib, desc):
        unit = self.unit([case])
        prefix = 'repro-ffi-w64-' if self.win64 else 'repro-ffi-'
        path = os.path.join('build', 'conform', f'{prefix}{case.seed}-{case.index}.c')
        link = 'build/libcallplan_ffi.a' if lib == 'compat' else 'build/libcallplan.a -lffi'
        inc = '-Icompat/libffi -Iinclude' if lib == 'compat' else '-Iinclude'
        notes = [f'callplan conformance, compat mode (ffi_call): seed {case.seed}, case '
                 f'{case.index} (focus {case.focus}).', f'Signature: {unit.signature(case)}',
                 f'FAILED with the {cc} callee, {LIB_NAMES[lib]}: {desc}', '',
                 f'    {cc} -O1 {inc} {path} {link} && ./a.out']
        return '\n'.join(['/* ' + '\n * '.join(notes) + '\n */', '#include <stdio.h>', RUNTIME_H,
                          '#include <ffi.h>', COMPAT_H, RUNTIME_C, COMPAT_C, unit.header(),
                          unit.data(), unit.callee(case, '__attribute__((noinline)) '),
                          unit.ffi_table('cf_fcases_repro'), REPRO_MAIN])

