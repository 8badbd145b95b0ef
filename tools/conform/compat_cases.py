"""Compat-mode cases: the System V generator (foci, register boundaries, variadic calls) narrowed
to what libffi 3.4 can express as an ffi_type graph: no __int128, no __float128, no unions, no
packed or explicitly aligned records, no empty ones (FFI_BAD_TYPEDEF in libffi); an array member
becomes its element repeated. The layer's bounds (compat/libffi/ffi.h: 32 arguments, 32 struct
nodes and 96 members per prep) are kept too."""
import random

from .abi import INT, SSE, classify
from .cases import FOCI, Draft, finish, focus_of, random_focus
from .signatures import SCALAR_WEIGHTS, SIZE_BUCKETS, Case, Gen
from . import win64_cases
from .typemodel import Array, Record, S, Scalar, records_in, size_of

FFI_KINDS = tuple(k for k in SCALAR_WEIGHTS if k not in ('i128', 'u128', 'f128'))
FFI_WEIGHTS = {k: w for k, w in SCALAR_WEIGHTS.items() if k in FFI_KINDS}
# The layer's bounds (32 arguments, 32 nodes, 96 members), the last two with a margin: the
# count below is the documented one, the layer may take a node or two more on the way.
MAX_ARGS, MAX_NODES, MAX_MEMBERS = 32, 28, 90
TRIES = 8                       # draws of one (seed, index) before it falls back to plain args
W64_REDRAW = 1 << 20            # index step between the Win64 draws of one compat index


class FfiGen(Gen):
    """Gen over libffi's type space: structs only, natural layout."""
    scalar_weights = FFI_WEIGHTS
    member_weights = FFI_WEIGHTS

    def record(self, depth=1, max_size=64, plain=False):
        rec = Gen.record(self, depth, max_size, True)
        return Record(False, rec.members, False, 0, rec.at) if rec.union else rec

    def aggregate(self):
        rng = self.rng
        if rng.random() < 0.25:
            return self.combo(rng.choice(((INT,), (SSE,), (INT, INT), (INT, SSE), (SSE, INT),
                                          (SSE, SSE))))
        lo, hi = rng.choices(SIZE_BUCKETS, (3, 20, 30, 20, 12, 3))[0]
        return self.sized(lo, hi)

    def gp_unit(self, need):
        if need == 1:
            return self.scalar(('i32', 'i64', 'u64', 'ptr', 'u8')) if self.rng.random() < 0.7 \
                else self.combo((INT,))
        return self.combo((INT, INT))

    def sse_unit(self, need):
        if need == 1:
            return self.scalar(('f32', 'f64', 'f64', 'c32')) if self.rng.random() < 0.7 \
                else self.combo((SSE,))
        return S('c64') if self.rng.random() < 0.3 else self.combo((SSE, SSE))

    def memory_arg(self):
        return self.rng.choice((S('f80'), S('c80'), self.sized(17, 64)))


def expressible(t):
    """Whether libffi 3.4 can describe t."""
    if t is None:
        return True
    if isinstance(t, Scalar):
        return t.kind in FFI_KINDS
    if isinstance(t, Array):
        return t.count > 0 and expressible(t.elem)
    return (not t.union and not t.packed and not t.align and size_of(t) > 0
            and all(expressible(m) for m in t.members))


def element_runs(rec):
    """A struct's ffi elements (an array member written as its element repeated) grouped into
    runs of one repeated element: [(element, length)]."""
    elements = []
    for m in rec.members:
        elements += [m.elem] * m.count if isinstance(m, Array) else [m]
    runs = []
    for e in elements:
        if runs and runs[-1][0] == e:
            runs[-1][1] += 1
        else:
            runs.append([e, 1])
    return runs


def within_bounds(case):
    """The layer's per-prep bounds, counted as it counts (compat/libffi/convert.c): every
    distinct struct and every run of two or more equal elements is a node; a run is one
    member."""
    records = {r for t in case.args + [case.ret] if t is not None for r in records_in(t)}
    runs = [element_runs(r) for r in records]
    nodes = len(records) + sum(1 for rs in runs for _, n in rs if n > 1)
    members = sum(len(rs) for rs in runs)
    return nodes <= MAX_NODES and members <= MAX_MEMBERS


def eligible(case):
    return len(case.args) <= MAX_ARGS and all(expressible(t) for t in case.args + [case.ret]) \
        and within_bounds(case)


def make_case(seed, index):
    """One compat case, a pure function of (seed, index): the System V focus of that index
    drawn over libffi's type space, redrawn (plain, then fewer arguments) until expressible."""
    rng = random.Random(f'callplan-conform-compat:{seed}:{index}')
    gen, focus = FfiGen(rng), focus_of(seed, index)
    for attempt in range(TRIES):
        d = Draft()
        if attempt == 0:
            (FOCI.get(focus) or random_focus)(gen, d)
        elif attempt >= TRIES // 2:
            d.args = gen.plain_args(rng.randint(0, 8))
        case = finish(gen, d, Case(seed, index, focus if attempt == 0 else 'random', None, [],
                                   None, False, None))
        if eligible(case):
            return case
    return finish(gen, Draft(args=[S('i32')], ret=S('i32')),
                  Case(seed, index, 'fallback', None, [], None, False, None))


def libffi_comparable(case):
    """Whether Debian's libffi 3.4.4 is expected to get the case right, for the cross-check: it
    misplaces _Complex arguments and members (and what follows them), and returns a struct
    classed X87 (struct {long double}) through memory where gcc, clang and callplan use ST0
    (both seen by this mode). Other cases must pass with it."""
    complex_kinds = ('c32', 'c64', 'c80')
    if any(has_atom_kind(t, complex_kinds) for t in case.args + [case.ret] if t is not None):
        return False
    ret = case.ret
    return not (isinstance(ret, Record) and classify(ret) and 'X87' in classify(ret))


def has_atom_kind(t, kinds):
    """Whether t is, or holds, a scalar of one of kinds (atoms() splits complex ones)."""
    if isinstance(t, Scalar):
        return t.kind in kinds
    if isinstance(t, Array):
        return has_atom_kind(t.elem, kinds)
    return any(has_atom_kind(m, kinds) for m in t.members)


def make_w64_case(seed, index):
    """One case of the compat mode over FFI_WIN64: the Win64 mode's case of (seed, index), or of
    the next draws of that index, that libffi can express and callplan takes (no long double:
    FFI_WIN64 is MSVC's, where it is a double; win64_cases.rejected)."""
    for attempt in range(TRIES):
        case = win64_cases.make_case(seed, index + attempt * W64_REDRAW)
        case.index = index
        if eligible(case) and not win64_cases.rejected(case) and \
                not any(has_atom_kind(t, ('f80', 'c80')) for t in case.args + [case.ret]
                        if t is not None):
            return case
    return finish(FfiGen(random.Random(f'compat-win64:{seed}:{index}')),
                  Draft(args=[S('i32')], ret=S('i32')),
                  Case(seed, index, 'fallback', None, [], None, False, None))
