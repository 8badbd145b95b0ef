"""Compiling and linking: compile jobs in parallel, each skipped when its object is newer than
its inputs (so a warm run rebuilds nothing), and the host executables."""
import concurrent.futures
import os
import subprocess

from .c_runtime import COMPILERS

# The repository: this file is tools/conform/build.py.
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
WARN = ['-std=c11', '-Wall', '-Wextra', '-Wpedantic', '-Werror', '-Wno-psabi']
KERNEL_FLAGS = ['-ffreestanding', '-nostdlib', '-mno-red-zone', '-fno-pie', '-O1']


def write_if_changed(path, text):
    """Writes text unless the file already holds it (so make-like reuse sees old mtimes)."""
    try:
        with open(path) as f:
            if f.read() == text:
                return
    except OSError:
        pass
    with open(path, 'w') as f:
        f.write(text)


class Compiler:
    """Runs compile jobs in parallel; skips an object newer than its inputs."""

    def __init__(self, jobs):
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=jobs)
        self.jobs, self.built, self.reused = [], 0, 0

    def compile(self, cc, src, obj, flags, deps=()):
        inputs = [src, *deps]
        if os.path.exists(obj) and \
                os.path.getmtime(obj) >= max(os.path.getmtime(p) for p in inputs):
            self.reused += 1
            return obj
        cmd = [cc, *flags, '-c', src, '-o', obj]
        job = self.pool.submit(subprocess.run, cmd, capture_output=True, text=True)
        self.jobs.append((cmd, job))
        return obj

    def wait(self):
        """Waits for every job; returns the error texts of the failed ones."""
        errors = []
        for cmd, fut in self.jobs:
            res = fut.result()
            self.built += 1
            if res.returncode:
                obj = cmd[-1]
                if os.path.exists(obj):
                    os.remove(obj)
                errors.append(' '.join(cmd) + '\n' + res.stderr[-4000:])
        self.jobs = []
        return errors


def host_includes(d):
    """The include flags of the host sources in d, and the headers every one of them reads."""
    return (['-I' + d, '-I' + os.path.join(ROOT, 'include')],
            [os.path.join(d, 'conform.h'), os.path.join(d, 'reverse.h'),
             os.path.join(ROOT, 'include', 'callplan.h')])


def compile_host(comp, d, obj_dir, stems):
    """Queues every host object of the sources in d; returns {compiler: [objects to link]}."""
    inc, hdr = host_includes(d)

    def obj(name, cc):
        return os.path.join(obj_dir, f'{name}.{cc}.o')

    def src(name):
        return os.path.join(d, name + '.c')

    common = [comp.compile('gcc', src('rt'), obj('rt', 'gcc'), WARN + ['-O1'] + inc, hdr),
              comp.compile('gcc', src('main'), obj('main', 'gcc'), WARN + ['-O1'] + inc, hdr),
              comp.compile('gcc', src('rev'), obj('rev', 'gcc'), WARN + ['-O1'] + inc, hdr),
              comp.compile('gcc', src('index'), obj('index', 'gcc'), WARN + inc, hdr)]
    per_cc = {cc: [] for cc in COMPILERS}
    for stem in stems:
        deps = hdr + [os.path.join(d, stem + '.h')]
        # Callees at -O1: clang then relies on the caller's extension of small integers, and
        # gcc 12 shows its va_arg bug. Direct calls place arguments the same at -O0.
        for part, opt in (('_callee', '-O1'), ('_direct', '-O0')):
            for cc in COMPILERS:
                per_cc[cc].append(comp.compile(cc, src(stem + part), obj(stem + part, cc),
                                               WARN + [opt] + inc, deps))
        # Data and plan builders are compiler-neutral: the fastest compiler takes them.
        for part in ('_data', '_plan'):
            common.append(comp.compile('clang', src(stem + part), obj(stem + part, 'clang'),
                                       WARN + ['-O0'] + inc, deps))
    return {cc: common + per_cc[cc] for cc in COMPILERS}


def link(build, d, objects):
    """Links each compiler's harness with libcallplan.a; returns ({compiler: exe}, errors)."""
    exes, errors = {}, []
    lib = os.path.join(build, 'libcallplan.a')
    for cc, objs in objects.items():
        exe = os.path.join(d, f'run-{cc}')
        res = subprocess.run(['gcc', '-o', exe, *objs, lib], capture_output=True, text=True)
        if res.returncode:
            errors.append(res.stderr[-4000:])
        exes[cc] = exe
    return exes, errors
