"""What each case is asked to contain (its focus: a coverage item, a register boundary, a
gcc/clang DIFF shape) and make_case, which turns (seed, index) into one Case, deterministically."""
import dataclasses
import random

from .abi import INT, SSE, place_gcc, ret_location
from .signatures import SIZE_BUCKETS, SPECIAL, Case, Gen, _struct
from .typemodel import INT_KINDS, SCALARS, UNPROMOTED, Array, Record, S, promoted, random_value

# ---- what each case is asked to contain ---------------------------------------------------------
RANDOM = object()               # "draw it" in a Draft


@dataclasses.dataclass
class Draft:
    """A signature under construction: a focus fixes some fields, the rest is drawn."""
    args: object = None
    ret: object = RANDOM
    variadic: object = RANDOM
    nfixed: object = None
    runtime: object = RANDOM
    reject: object = RANDOM
    all_at: bool = False        # every record spells its offsets (CP_MEMBER_AT)


def _insert(gen, d, t, fixed=False):
    """Puts t at a random position of the draft's arguments (a named one if fixed)."""
    if d.args is None:
        d.args = gen.plain_args()
    if len(d.args) >= 24:
        d.args.pop(gen.rng.randrange(len(d.args)))
    pos = gen.rng.randint(0, len(d.args))
    d.args.insert(pos, t)
    if fixed:
        d.variadic = False
    return pos


def _set(**fields):
    def apply(gen, d):
        for k, v in fields.items():
            setattr(d, k, v(gen) if callable(v) else v)
    return apply


def _boundary(gp, sse, after=None, last_agg=False):
    def apply(gen, d):
        d.args = gen.boundary_args(gen.rng.choice(gp) if isinstance(gp, tuple) else gp,
                                   gen.rng.choice(sse) if isinstance(sse, tuple) else sse,
                                   after, last_agg)
        d.variadic = False if gen.rng.random() < 0.7 else RANDOM
    return apply


def _special(*names):
    return lambda gen: SPECIAL[gen.rng.choice(names)]


def _put(make, fixed=False, ret_too=False):
    """Focus: insert make(gen) as an argument (or, with ret_too, sometimes return it)."""
    def apply(gen, d):
        t = make(gen)
        if ret_too and gen.rng.random() < 0.3:
            d.ret = t
        else:
            _insert(gen, d, t, fixed)
    return apply


def _variadic_tail(nfixed_of):
    def apply(gen, d):
        d.variadic = True
        d.nfixed = nfixed_of(gen, d)
    return apply


def focus_i128_r9(gen, d, va=False):
    """__int128 when only R9 is left: gcc puts it on the stack and reuses R9 (ABI.md 1.8)."""
    d.args = gen.boundary_args(5, gen.rng.choice((0, 3, 8)))[:20]
    _fix_gp_count(gen, d.args, 5)
    pos = len(d.args)
    d.args += [gen.scalar(('i128', 'u128')), gen.gp_unit(1)]
    d.args += gen.plain_args(gen.rng.choice((0, 1, 2)))
    if va:
        d.variadic, d.nfixed = True, gen.rng.randint(1, pos) if pos else 1


def focus_i128_stack(gen, d, va=False):
    """__int128 on the stack after an odd number of eightbytes: gcc 16-aligns it, clang 14 8."""
    d.args = [gen.scalar(INT_KINDS) for _ in range(6)]
    d.args += [gen.sse_unit(1) for _ in range(gen.rng.randint(0, 4))]
    gen.rng.shuffle(d.args)
    pos = len(d.args)
    d.args += [S('i64'), gen.scalar(('i128', 'u128')), gen.scalar(INT_KINDS)]
    d.ret = gen.scalar() if gen.rng.random() < 0.5 else None
    if va:
        d.variadic, d.nfixed = True, gen.rng.randint(1, pos + 1)


def focus_f128_then_fp(gen, d, va=False):
    """__float128 then FP arguments: clang 14 does not count it, and splits a later aggregate
    between XMM7 and the stack (or a mixed one between the stack and a GP register)."""
    rng = gen.rng
    fp = [gen.scalar(('f64', 'f32')) for _ in range(rng.choice((6, 6, 7)))]
    ints = [gen.scalar(INT_KINDS) for _ in range(rng.randint(0, 3))]
    head = fp + ints
    rng.shuffle(head)
    d.args = [S('f128')] + head
    pos = len(d.args)
    last = rng.choice((gen.combo((SSE, SSE)), gen.combo((SSE, INT)), gen.combo((INT, SSE)),
                       S('c64')))
    d.args += [last, gen.scalar(('f64', 'i64'))] + gen.plain_args(rng.choice((0, 1, 2)))
    if va:
        d.variadic, d.nfixed = True, rng.randint(1, pos)


def focus_gcc_vaarg(gen, d):
    """A 16-byte aggregate holding a long double, variadic, arriving in an odd GP pair: gcc 12's
    va_arg faults on it (callee-side bug, ABI.md 1.8)."""
    rng = gen.rng
    d.ret = rng.choice((None, gen.scalar(), gen.sized(17, 40)))
    sret = ret_location(d.ret) == 'sret' if d.ret is not None else False
    fixed = [gen.sse_unit(1) for _ in range(rng.randint(0, 2))]
    fixed += [gen.scalar(('i32', 'i64', 'ptr')) for _ in range(2 if sret else rng.choice((1, 3)))]
    rng.shuffle(fixed)
    fixed[-1] = promoted(fixed[-1])
    odd = SPECIAL[rng.choice(('union-f80-i64x2', 'union-f80-u8x16', 'struct-union-f80-i64x2'))]
    d.args = fixed + [odd] + [promoted(gen.arg_type()) for _ in range(rng.randint(0, 3))]
    d.variadic, d.nfixed = True, len(fixed)


def gcc_gp_used(args):
    """GP registers a non-variadic void call with these arguments takes (gcc's reading)."""
    return place_gcc(Case(0, 0, '', None, list(args), None, False, None)).gp


def _fix_gp_count(gen, args, want):
    """Trims or pads args (in place) so that they take exactly `want` GP registers."""
    while True:
        used = gcc_gp_used(args)
        if used == want:
            return
        if used > want:
            args.pop()
        else:
            args.append(gen.scalar(INT_KINDS))


WIDE_INTS, NARROW_INTS = ('i64', 'u64', 'ptr'), ('i32', 'u32')     # the two width classes


def focus_executor(family):
    """A signature that the named fast executor runs (arch/x86_64/exec.c picks it), so that every
    tier is exercised in every run: 'gp'/'spill', 1-6/7-16 integer arguments of one width class
    and a 4- or 8-byte integer or void result; 'regs8'/'regs', register-only arguments, every
    one 8 bytes wide or some 4."""
    def apply(gen, d):
        rng = gen.rng
        d.variadic = False
        if family in ('gp', 'spill'):
            kinds = rng.choice((WIDE_INTS, NARROW_INTS))
            lo, hi = (1, 6) if family == 'gp' else (7, 16)
            d.args = [gen.scalar(kinds) for _ in range(rng.randint(lo, hi))]
            d.ret = rng.choice((None,) + tuple(S(k) for k in WIDE_INTS + NARROW_INTS))
            return
        ints = [gen.scalar(WIDE_INTS) for _ in range(rng.randint(0, 6))]
        floats = [S('f64') for _ in range(rng.randint(1, 8))]
        if family == 'regs':            # one 4-byte argument: 'regs', not 'regs8'
            narrow = ints if ints and rng.random() < 0.5 else floats
            narrow[rng.randrange(len(narrow))] = gen.scalar(NARROW_INTS if narrow is ints
                                                            else ('f32',))
        d.args = ints + floats
        rng.shuffle(d.args)
        d.ret = rng.choice((None, S('i64'), S('i32'), S('f64'), S('f32'), S('c32')))
    return apply


def _nested3(gen):
    inner = _struct(gen.scalar(), Array(gen.scalar(INT_KINDS + ('f32', 'f64')), 2))
    return _struct(gen.scalar(), _struct(inner, gen.scalar(('f32', 'i16', 'u8'))))


def build_foci():
    """Focus name -> draft transformer. Each coverage item has at least one focus."""
    f = {}
    for k in SCALARS:
        f['arg:' + k] = _put(lambda g, k=k: S(k), fixed=k in UNPROMOTED)
        f['ret:' + k] = _set(ret=S(k))
    f['ret:void'] = _set(ret=None)
    f['ret:sret'] = _set(ret=lambda g: g.sized(17, 64))
    f['ret:struct-regs'] = _set(ret=lambda g: g.combo(g.rng.choice(((INT,), (SSE, SSE), (INT, SSE),
                                                                    (SSE, INT)))))
    f['ret:union'] = _set(ret=_special('union-f32-i32', 'union-f64-f32', 'union-f80-i64x2',
                                       'union-i128-u8x16'))
    for lo, hi in SIZE_BUCKETS:
        f[f'agg:size{lo}-{hi}'] = _put(lambda g, lo=lo, hi=hi: g.sized(lo, hi), ret_too=True)
    f['agg:union'] = _put(lambda g: Record(True, tuple(g.member(2, False)
                                                       for _ in range(g.rng.randint(2, 4)))))
    f['agg:array'] = _put(lambda g: _struct(Array(g.scalar(), g.rng.randint(1, 3)), g.scalar()))
    f['agg:depth3'] = _put(_nested3, ret_too=True)
    f['agg:empty'] = _put(_special('empty', 'empty-array0'))
    f['agg:packed-regs'] = _put(lambda g: g.combo(g.rng.choice(((INT,), (SSE, INT), (INT, SSE))),
                                                  packed=True))
    f['agg:packed-mem'] = _put(lambda g: _struct(S('i8'), g.scalar(('i32', 'f32', 'i16', 'f64')),
                                                 packed=True))
    f['agg:aligned16'] = _put(lambda g: Record(False, (g.scalar(), g.scalar()), False, 16),
                              ret_too=True)
    for cls in ((INT,), (SSE,), (INT, INT), (INT, SSE), (SSE, INT), (SSE, SSE)):
        f['class:' + '-'.join(cls)] = _put(lambda g, cls=cls: g.combo(cls), ret_too=True)
    f['class:SSE-SSEUP'] = _put(_special('union-f128-f32', 'struct-f128'), ret_too=True)
    f['class:X87-X87UP'] = _put(_special('struct-f80'), ret_too=True)
    f['class:INT-NONE'] = _put(_special('aligned16-i64'), ret_too=True)
    f['class:MEM-x87'] = _put(_special('union-f80-f64x2', 'union-f80-i32'), ret_too=True)
    f['class:MEM-packed'] = f['agg:packed-mem']
    f['class:MEM-nested'] = _put(_special('union-nested-x87up'), ret_too=True)
    f['class:MEM-packed-nested'] = _put(_special('packed-nested-upper'), ret_too=True)
    f['diff:packed-array'] = _put(_special('packed-array-f32', 'packed-array-u32',
                                           'packed-array-i16'), ret_too=True)
    f['class:MEM-size'] = _put(lambda g: g.sized(17, 64))
    f['regs:gp-5'] = _boundary(5, (2, 5, 8))
    f['regs:gp-6'] = _boundary(6, (0, 3, 7, 8))
    f['regs:sse-7'] = _boundary((2, 5, 6), 7)
    f['regs:sse-8'] = _boundary((1, 4, 6), 8)
    f['regs:gp-overflow'] = _boundary(6, (0, 7, 8), after='gp')
    f['regs:sse-overflow'] = _boundary((3, 6), 8, after='sse')
    f['fit:gp-last-agg'] = _boundary(6, (2, 8), last_agg=True)
    f['fit:sse-last-agg'] = _boundary((2, 6), 8, last_agg=True)
    f['miss:gp-partial-agg'] = _boundary(5, (3, 8), after='gp')
    f['miss:sse-partial-agg'] = _boundary((1, 5), 7, after='sse')
    f['backfill'] = _boundary((5, 6), (7, 8), after='both')
    f['nargs:0'] = _set(args=lambda g: [])
    f['nargs:24'] = _set(args=lambda g: g.plain_args(24))
    f['variadic:no-varargs'] = _variadic_tail(lambda g, d: len(d.args or []) or None)
    f['variadic:stack'] = lambda g, d: (
        _set(args=lambda g: g.plain_args(g.rng.randint(14, 24)))(g, d),
        _variadic_tail(lambda g, d: g.rng.randint(1, 4))(g, d))
    for k in UNPROMOTED:
        f['reject:' + k] = _set(variadic=True, reject=k)
    f['desc:runtime'] = _set(runtime=True)
    f['desc:static'] = _set(runtime=False)
    f['desc:member-at'] = _set(all_at=True)
    f['desc:ex'] = lambda g, d: (_put(lambda g: g.combo((INT, SSE), packed=True))(g, d),
                                 _set(runtime=False)(g, d))
    f['diff:i128-r9'] = focus_i128_r9
    f['diff:i128-r9-va'] = lambda g, d: focus_i128_r9(g, d, va=True)
    f['diff:i128-stack'] = focus_i128_stack
    f['diff:i128-stack-va'] = lambda g, d: focus_i128_stack(g, d, va=True)
    f['diff:struct-f128'] = _put(_special('struct-f128', 'struct-f128x1', 'struct-struct-f128'),
                                 ret_too=True)
    f['diff:union-f128'] = _put(_special('union-f128-i64', 'union-f128-f32', 'union-f128-f64x2'),
                                ret_too=True)
    f['diff:f128-then-fp'] = focus_f128_then_fp
    f['diff:f128-then-fp-va'] = lambda g, d: focus_f128_then_fp(g, d, va=True)
    f['diff:gcc-vaarg'] = focus_gcc_vaarg
    for family in ('gp', 'spill', 'regs8', 'regs'):
        f['exec:' + family] = focus_executor(family)     # checked by the run, not the model
    return f


FOCI = build_foci()


def random_focus(gen, d):
    """Half of the unfocused cases: plain random; the other half at the register boundaries."""
    if gen.rng.random() < 0.5:
        _boundary((4, 5, 6, 6), (6, 7, 8, 8), after=gen.rng.choice((None, 'gp', 'sse', 'both')),
                  last_agg=gen.rng.random() < 0.3)(gen, d)


def focus_of(seed, index):
    """Every other case takes the next focus of a seed-shuffled rotation; the others are random."""
    if index % 2:
        return 'random'
    names = sorted(FOCI)
    random.Random(f'foci:{seed}').shuffle(names)
    return names[(index // 2) % len(names)]


def make_case(seed, index):
    """The signature and values of one case, a pure function of (seed, index)."""
    rng = random.Random(f'callplan-conform:{seed}:{index}')
    gen, d, focus = Gen(rng), Draft(), focus_of(seed, index)
    (FOCI.get(focus) or random_focus)(gen, d)
    return finish(gen, d, Case(seed, index, focus, None, [], None, False, None))


def finish(gen, d, case):
    """Draws whatever the focus left open and the values."""
    rng = gen.rng
    args = list(d.args) if d.args is not None else gen.plain_args()
    if d.all_at:
        args = [_with_at(a) for a in args]
    case.ret = gen.ret_type() if d.ret is RANDOM else d.ret
    variadic = rng.random() < 0.2 if d.variadic is RANDOM else d.variadic
    if variadic:
        if not args or (d.reject not in (RANDOM, None) and len(args) < 2):
            args += gen.plain_args(2)
        nfixed = d.nfixed or rng.randint(1, len(args))
        if d.reject not in (RANDOM, None):
            nfixed = min(nfixed, len(args) - 1)
        case.nfixed = min(nfixed, len(args))
        # Variadic arguments are promoted, and so is the last named one (va_start's parmN).
        args = args[:case.nfixed - 1] + [promoted(a) for a in args[case.nfixed - 1:]]
    case.args = args[:24]
    case.runtime = rng.random() < 0.25 if d.runtime is RANDOM else d.runtime
    case.reject = _draw_reject(rng, case, d.reject)
    case.values = [random_value(rng, t) for t in case.args]
    case.ret_value = random_value(rng, case.ret) if case.ret is not None else b''
    return case


def _draw_reject(rng, case, wanted):
    """(position, unpromoted kind) to test CP_ERR_VARIADIC with, for half the variadic cases."""
    if not case.variadic or case.nfixed >= len(case.args):
        return None
    if wanted is RANDOM:
        if rng.random() < 0.5:
            return None
        wanted = rng.choice(UNPROMOTED)
    return rng.randint(case.nfixed, len(case.args) - 1), wanted


def _with_at(t):
    if isinstance(t, Array):
        return Array(_with_at(t.elem), t.count)
    if isinstance(t, Record):
        return Record(t.union, tuple(_with_at(m) for m in t.members), t.packed, t.align, True)
    return t

