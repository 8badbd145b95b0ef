"""Win64 cases: random signatures drawn from the Win64-eligible type space (no long double, no
__float128: callplan rejects them, and a few cases hold one to check that it does), weighted
towards what the Microsoft rules make interesting (aggregates of exactly 1, 2, 4 and 8 bytes,
all-float ones among them, the sizes next to them that go by reference, the four shared slots,
variadic floats), the foci every run holds and the coverage items it must reach."""
import random

from .abi import INT, SSE
from .cases import Draft, _insert, _set, _variadic_tail, finish
from .signatures import SCALAR_WEIGHTS, SIZE_BUCKETS, Case, Gen
from .typemodel import (SCALARS, UNPROMOTED, Array, Record, S, Scalar, align_of, atoms,
                        depth_of, records_in, size_of)
from .win64 import FLAVORS, arg_kind, is_all_float_small, place, ret_location, unsupported
from .win64_predict import shapes

W64_SCALARS = tuple(k for k in SCALARS if k not in ('f80', 'f128', 'c80'))
W64_WEIGHTS = {k: w for k, w in SCALAR_WEIGHTS.items() if k in W64_SCALARS}
W64_WEIGHTS.update(f32=6, c32=3, c64=3)
UNSUPPORTED_KINDS = ('f80', 'f128', 'c80')
SMALL_SIZES, ODD_SIZES = (1, 2, 4, 8), (3, 5, 6, 7, 12, 16)


def _struct(*members, **kw):
    return Record(False, tuple(members), **kw)


# Aggregates named by the ABI.md rows (48-51, 56) they exercise.
SPECIAL = {
    'char': _struct(S('i8')), 'short': _struct(S('i16')), 'char3': _struct(Array(S('i8'), 3)),
    'int': _struct(S('i32')), 'char5': _struct(Array(S('i8'), 5)), 'long': _struct(S('i64')),
    'int3': _struct(Array(S('i32'), 3)), 'long2': _struct(Array(S('i64'), 2)),
    'float2': _struct(S('f32'), S('f32')), 'double': _struct(S('f64')),
    'float': _struct(S('f32')), 'cfloat': _struct(S('c32')),
    'float3': _struct(Array(S('f32'), 3)),
    'packed5': _struct(S('i8'), S('i32'), packed=True),
    'packed8': _struct(S('u8'), S('i32'), S('u8'), S('i16'), packed=True),
    'packed-float': _struct(S('u8'), S('f32'), packed=True),
    'aligned8-char': _struct(S('i8'), align=8),
    'aligned16-long': _struct(S('i64'), align=16),
    'union-float-int': Record(True, (S('f32'), S('i32'))),
    'union-double-char': Record(True, (S('f64'), S('u8'))),
    'nested8': _struct(_struct(S('i16'), S('u8')), S('f32')),
    'int128': _struct(S('i128')),
    'empty': _struct(),
}


class W64Gen(Gen):
    """Gen over the Win64-eligible type space."""
    scalar_weights = W64_WEIGHTS
    member_weights = W64_WEIGHTS

    def exact(self, size):
        """An aggregate of exactly `size` bytes: a class-mixed combo for 4 and 8 (all-float ones
        included), else a random record padded with a byte array up to `size` (drawing until
        one fits costs too much: most random records miss a given size)."""
        rng = self.rng
        if size in (4, 8) and rng.random() < 0.35:
            rec = self.combo((rng.choice((INT, SSE)),))
            if size_of(rec) == size:
                return rec
        for _ in range(3):
            rec = self.record(max_size=size)
            have, align = size_of(rec), align_of(rec)
            if have == size:
                return rec
            if 0 < have and size % align == 0:
                return _struct(rec, Array(S('u8'), size - have))
        return _struct(Array(S(rng.choice(('u8', 'i8', 'bool'))), size)) if size > 1 else \
            _struct(S(rng.choice(('u8', 'i8', 'bool'))))

    def aggregate(self):
        rng, r = self.rng, self.rng.random()
        if r < 0.35:
            return self.exact(rng.choice(SMALL_SIZES))
        if r < 0.5:
            return SPECIAL[rng.choice(sorted(SPECIAL))]
        if r < 0.7:
            return self.exact(rng.choice(ODD_SIZES))
        lo, hi = rng.choices(SIZE_BUCKETS, (3, 20, 30, 20, 12, 3))[0]
        return self.sized(lo, hi)

    def arg_type(self):
        return self.scalar() if self.rng.random() < 0.5 else self.aggregate()


def _put(make, fixed=False, ret_too=False):
    def apply(gen, d):
        t = make(gen)
        if ret_too and gen.rng.random() < 0.3:
            d.ret = t
        else:
            _insert(gen, d, t, fixed)
    return apply


def _variadic_floats(gen, d):
    """A variadic call with doubles (and a float struct) in slots 0-3: each one goes in its XMM
    register and in the slot's GP register."""
    rng = gen.rng
    d.args = [gen.arg_type()] + [rng.choice((S('f64'), S('f64'), gen.arg_type()))
                                 for _ in range(rng.randint(3, 7))]
    d.variadic, d.nfixed = True, rng.randint(1, 2)


def _sret_shift(gen, d):
    """A hidden result pointer in RCX: every argument one slot further, the 4th on the stack."""
    d.ret = gen.exact(gen.rng.choice(ODD_SIZES)) if gen.rng.random() < 0.6 else gen.sized(17, 64)
    d.args = [gen.arg_type() for _ in range(gen.rng.randint(3, 6))]


def _slot_mix(gen, d):
    """ABI.md row 47: ints and floats alternate over the shared slots into the stack."""
    d.args = [gen.scalar(('i32', 'i64', 'f64', 'f32', 'u16', 'ptr'))
              for _ in range(gen.rng.randint(4, 9))]


def _w64gp(gen, d):
    """What the W64GP executor runs (arch/x86_64/win64.c): 0-4 integer arguments of one width
    class, a result of nothing or a 4- or 8-byte integer."""
    kinds = gen.rng.choice((('i64', 'u64', 'ptr'), ('i32', 'u32')))
    d.args = [gen.scalar(kinds) for _ in range(gen.rng.randint(0, 4))]
    d.ret = gen.rng.choice((None, S('i64'), S('u32'), S('i32'), S('ptr')))
    d.variadic = False


def build_foci():
    f = {'exec:w64gp': _w64gp}         # checked on what ran (win64_report), not on the model
    for k in W64_SCALARS:
        f['arg:' + k] = _put(lambda g, k=k: S(k), fixed=k in UNPROMOTED)
        f['ret:' + k] = _set(ret=S(k))
    for k in UNSUPPORTED_KINDS:
        f['reject:' + k] = _put(lambda g, k=k: S(k))
        f['reject-ret:' + k] = _set(ret=S(k))
    # Aggregates holding a long double or __float128 go by reference like any other: taken.
    f['agg:x87-member'] = _put(lambda g: _struct(S(g.rng.choice(UNSUPPORTED_KINDS)), g.scalar()),
                               ret_too=True)
    f['reject-ret:empty'] = _set(ret=SPECIAL['empty'])   # gcc and clang disagree (win64.py)
    f['reject:align32'] = _put(lambda g: _struct(g.scalar(), align=32), ret_too=True)
    f['ret:void'] = _set(ret=None)
    f['ret:sret'] = _set(ret=lambda g: g.exact(g.rng.choice(ODD_SIZES)))
    f['ret:agg-rax'] = _set(ret=lambda g: g.exact(g.rng.choice(SMALL_SIZES)))
    f['ret:float-agg-rax'] = _set(ret=lambda g: SPECIAL[g.rng.choice(('float2', 'double',
                                                                      'float', 'cfloat'))])
    for n in SMALL_SIZES:
        f[f'agg:size{n}'] = _put(lambda g, n=n: g.exact(n), ret_too=True)
    f['agg:float-gp'] = _put(lambda g: SPECIAL[g.rng.choice(('float2', 'double', 'float',
                                                             'cfloat'))])
    f['agg:ref-odd'] = _put(lambda g: g.exact(g.rng.choice((3, 5, 6, 7))), ret_too=True)
    f['agg:ref-9-16'] = _put(lambda g: g.sized(9, 16), ret_too=True)
    f['agg:ref-17+'] = _put(lambda g: g.sized(17, 64), ret_too=True)
    f['agg:empty'] = _put(lambda g: SPECIAL['empty'])
    f['agg:packed'] = _put(lambda g: SPECIAL[g.rng.choice(('packed5', 'packed8',
                                                           'packed-float'))], ret_too=True)
    f['agg:aligned'] = _put(lambda g: SPECIAL[g.rng.choice(('aligned8-char',
                                                            'aligned16-long'))], ret_too=True)
    f['agg:union'] = _put(lambda g: SPECIAL[g.rng.choice(('union-float-int',
                                                          'union-double-char'))], ret_too=True)
    f['agg:depth3'] = _put(lambda g: _struct(g.scalar(), _struct(_struct(g.scalar()),
                                                                 g.scalar())))
    f['slots:mix'] = _slot_mix
    f['sret:shift'] = _sret_shift
    f['variadic:float-dup'] = _variadic_floats
    f['variadic:no-varargs'] = _variadic_tail(lambda g, d: len(d.args or []) or None)
    f['variadic:stack'] = lambda g, d: (
        _set(args=lambda g: [g.arg_type() for _ in range(g.rng.randint(6, 14))])(g, d),
        _variadic_tail(lambda g, d: g.rng.randint(1, 3))(g, d))
    for k in UNPROMOTED:
        f['reject-va:' + k] = _set(variadic=True, reject=k)
    f['nargs:0'] = _set(args=lambda g: [])
    f['nargs:24'] = _set(args=lambda g: [g.arg_type() for _ in range(24)])
    f['desc:runtime'] = _set(runtime=True)
    f['desc:member-at'] = _set(all_at=True)
    return f


FOCI = build_foci()


def focus_of(seed, index):
    if index % 2:
        return 'random'
    names = sorted(FOCI)
    random.Random(f'win64-foci:{seed}').shuffle(names)
    return names[(index // 2) % len(names)]


def make_case(seed, index):
    """One Win64 case, a pure function of (seed, index)."""
    rng = random.Random(f'callplan-conform-win64:{seed}:{index}')
    gen, d, focus = W64Gen(rng), Draft(), focus_of(seed, index)
    if focus in FOCI:
        FOCI[focus](gen, d)
    elif rng.random() < 0.3:
        _slot_mix(gen, d)
    return finish(gen, d, Case(seed, index, focus, None, [], None, False, None))


def rejected(case):
    """Whether callplan must refuse the case's signature with CP_ERR_UNSUPPORTED."""
    return any(unsupported(t) for t in case.args) or unsupported(case.ret, result=True)


# ---- coverage -----------------------------------------------------------------------------------

def _aggregate_items(t):
    size, items = size_of(t), set()
    kind = arg_kind(t)
    if kind == 'int':
        items.add(f'agg:size{size}')
        if is_all_float_small(t):
            items.add('agg:float-gp')
    elif size == 0:
        items.add('agg:empty')
    elif size < 9:
        items.add('agg:ref-odd')
    else:
        items.add('agg:ref-9-16' if size <= 16 else 'agg:ref-17+')
    records = list(records_in(t))
    if any(r.packed for r in records):
        items.add('agg:packed')
    if any(r.align for r in records):
        items.add('agg:aligned')
    if any(r.union for r in records):
        items.add('agg:union')
    if depth_of(t) >= 3:
        items.add('agg:depth3')
    if any(k in UNSUPPORTED_KINDS for _, k in atoms(t)):
        items.add('agg:x87-member')
    return items


def coverage_items(case, placement):
    items = set()
    if rejected(case):
        for t in case.args + [case.ret]:
            if t is not None and align_of(t) > 16:
                items.add('reject:align32')
        items |= {'reject:' + t.kind for t in case.args
                  if isinstance(t, Scalar) and unsupported(t)}
        if isinstance(case.ret, Scalar) and unsupported(case.ret):
            items.add('reject-ret:' + case.ret.kind)
        elif case.ret is not None and size_of(case.ret) == 0:
            items.add('reject-ret:empty')
        return items
    items |= placement.events
    for t in case.args:
        items |= {'arg:' + t.kind} if isinstance(t, Scalar) else _aggregate_items(t)
    ret = case.ret
    if ret is None:
        items.add('ret:void')
    elif isinstance(ret, Scalar):
        items.add('ret:' + ret.kind)
    elif ret_location(ret) == 'sret':
        items.add('ret:sret')
    else:
        items.add('ret:float-agg-rax' if is_all_float_small(ret) else 'ret:agg-rax')
    if ret is not None and not isinstance(ret, Scalar):
        items |= _aggregate_items(ret) & {'agg:x87-member'}
    n = len(case.args)
    items.add(next(f'nargs:{lo}' if lo == hi else f'nargs:{lo}-{hi}'
                   for lo, hi in ((0, 0), (1, 4), (5, 12), (13, 23), (24, 24)) if lo <= n <= hi))
    if case.variadic:
        items.add('variadic:no-varargs' if case.nfixed == n else 'variadic:varargs')
    if case.reject:
        items.add('reject-va:' + case.reject[1])
    items.add('desc:runtime' if case.runtime else 'desc:static')
    if any(r.at for t in case.args + [ret] if t is not None for r in records_in(t)):
        items.add('desc:member-at')
    return items


REQUIRED_COVERAGE = sorted(
    {f for f in FOCI if f not in ('slots:mix', 'exec:w64gp')}
    | {f'slot{n}:{k}' for n in range(4) for k in ('int', 'float', 'ref')}
    | {'stack:int', 'stack:float', 'stack:ref', 'variadic:ref', 'variadic:varargs',
       'diff:gcc-ms-vaarg',
       'desc:static', 'nargs:1-4', 'nargs:5-12', 'nargs:13-23'})


def analyse(case):
    """({flavor: placement} or None for a refused case, coverage items)."""
    if rejected(case):
        return None, coverage_items(case, None)
    placements = {f: place(case, f) for f in FLAVORS}
    return placements, coverage_items(case, placements['callplan']) | shapes(case, placements)
