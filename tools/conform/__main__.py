"""Command line: python3 tools/conform [--abi sysv|win64|compat|compat-win64] --mode test
--seeds 1,2,3 --count 1000 [--commit HASH] [--reverse-min N] [--kernel | --kernel-only]. Output
ends with "N passed, M failed" (signatures x compilers, forward and reverse; with
--kernel-only, the kernel tables' link checks)."""
import argparse
import os
import sys

sys.dont_write_bytecode = True     # no __pycache__ in the source tree: builds go to build/
if not __package__:
    # Run as a folder (python3 tools/conform): import the modules as the package they are, from
    # the folder above, never as top-level modules that could shadow others of the same name.
    _HERE = os.path.dirname(os.path.realpath(__file__))
    sys.path = [p for p in sys.path if os.path.realpath(p or '.') != _HERE]
    sys.path.insert(0, os.path.dirname(_HERE))
    __package__ = 'conform'     # noqa: A001 (makes the relative imports below resolve)

from . import __doc__ as PACKAGE_DOC    # noqa: E402
from .build import ROOT                 # noqa: E402
from .compat_runner import CompatSuite  # noqa: E402
from .runner import Suite               # noqa: E402
from .win64_runner import W64Suite      # noqa: E402


def commit_seed(commit):
    """The seed a commit explores: its hash's first 8 hex digits."""
    return int(commit[:8], 16)


def main(argv=None):
    ap = argparse.ArgumentParser(description=PACKAGE_DOC.split('\n\n')[0])
    ap.add_argument('--abi', default='sysv', choices=('sysv', 'win64', 'compat', 'compat-win64'),
                    help='sysv: the System V suite (forward, reverse, kernel tables); win64: '
                         'ms_abi callees and callers against CP_ABI_WIN64 plans; compat: System '
                         'V signatures through ffi_call (libffi layer, and Debian libffi); '
                         'compat-win64: Win64 signatures through FFI_WIN64 ffi_call')
    ap.add_argument('--mode', default='run',
                    help='output folder under BUILD/conform (run, test, long)')
    ap.add_argument('--seeds', default='1', help='comma-separated seeds')
    ap.add_argument('--count', type=int, default=1000, help='signatures per seed')
    ap.add_argument('--commit', help='a git commit hash: adds the seed derived from it')
    ap.add_argument('--batch', type=int, default=250, help='cases per translation unit')
    ap.add_argument('--jobs', type=int, default=2, help='parallel compiles')
    ap.add_argument('--build', default='build',
                    help='the core build folder (holds libcallplan.a)')
    ap.add_argument('--reverse-min', type=int, default=2000,
                    help='closures called from compiled C (reverse mode) per run, at least: '
                         'eligible cases (at most 16 arguments) are drawn beyond --count if the '
                         "run's own are too few")
    ap.add_argument('--kernel', action='store_true', help='also emit build/conform/kernel')
    ap.add_argument('--kernel-only', action='store_true',
                    help='only generate the cases and build BUILD/conform/kernel (the same files '
                         'as --kernel with the same seeds and count); no host run')
    ap.add_argument('--kernel-cases', type=int, default=1000,
                    help="how many of the run's cases (from the first) the kernel tables get; "
                         "0: all")
    opts = ap.parse_args(argv)
    os.chdir(ROOT)
    opts.seed_list = [int(s) for s in opts.seeds.replace(',', ' ').split()]
    if opts.commit:
        seed = commit_seed(opts.commit)
        print(f'conform: commit {opts.commit[:12]} -> seed {seed}')
        opts.seed_list.append(seed)
    if opts.abi == 'win64':
        return W64Suite(opts).run()
    if opts.abi in ('compat', 'compat-win64'):
        return CompatSuite(opts, win64=opts.abi == 'compat-win64').run()
    suite = Suite(opts)
    return suite.run_kernel_only() if opts.kernel_only else suite.run()


if __name__ == '__main__':
    sys.exit(main())
