"""System V classification (psABI 3.2.3) and argument placement, as gcc 12 reads the psABI (and
callplan follows) and as clang 14 does: where every argument byte lives, register by register
and stack slot by stack slot. predict.py derives each call's expected outcome from these."""
import dataclasses
import functools

from .clang_ir import eightbyte_types
from .typemodel import (ATOM_ALIGN, Array, Record, S, Scalar, align_of, atoms, has_atom,
                        is_aggregate, layout, roundup, size_of, value_mask)


NONE, INT, SSE, SSEUP, X87, X87UP = 'NONE', 'INT', 'SSE', 'SSEUP', 'X87', 'X87UP'
MEM = 'MEM'
NGP, NSSE = 6, 8
ATOM_CLASSES = {'i128': (INT, INT), 'u128': (INT, INT), 'f32': (SSE,), 'f64': (SSE,),
                'f80': (X87, X87UP), 'f128': (SSE, SSEUP)}


def merge(a, b):
    """The psABI merge of two classes of one eightbyte; the order of the tests is the rule."""
    if a == b:
        return a
    if a == NONE:
        return b
    if b == NONE:
        return a
    if MEM in (a, b):
        return MEM
    if INT in (a, b):
        return INT
    if a in (X87, X87UP) or b in (X87, X87UP):
        return MEM
    return SSE


@functools.lru_cache(maxsize=None)
def classify(t, clang=False):
    """Classes of t's eightbytes, or None for MEMORY, as gcc 12 reads the psABI (clang=True:
    as clang 14 does, which puts every aggregate holding a __float128 in memory, ABI.md 1.8)."""
    size = size_of(t)
    if size > 16 or (isinstance(t, Scalar) and t.kind == 'c80'):
        return None
    if clang and is_aggregate(t) and has_atom(t, ('f128',)):
        return None
    classes = _classes_at(t, 0, clang)
    if classes is None:
        return None
    return tuple(classes.get(i, NONE) for i in range((size + 7) // 8))


def _classes_at(t, off, clang):
    """{eightbyte index: class} of t placed at byte `off` of the argument, None for MEMORY.
    Like gcc's classify_argument (and clang's postMerge per record), every nested aggregate gets
    the post-merge cleanup on its own before its classes merge into its parent's."""
    if isinstance(t, Scalar):
        classes = {}
        for aoff, kind in atoms(t):
            if (off + aoff) % ATOM_ALIGN[kind]:
                return None                 # a misaligned field (packed): MEMORY
            for i, c in enumerate(ATOM_CLASSES.get(kind, (INT,))):
                eb = (off + aoff) // 8 + i
                classes[eb] = merge(classes.get(eb, NONE), c)
        return classes
    if isinstance(t, Array) and not clang:
        return _gcc_array(t, off)
    if isinstance(t, Array):
        parts = [(t.elem, off + k * size_of(t.elem)) for k in range(t.count)]
    else:
        parts = [(m, off + moff) for m, moff in zip(t.members, layout(t)[2])]
    classes = {}
    for member, moff in parts:
        sub = _classes_at(member, moff, clang)
        if sub is None:
            return None
        for eb, c in sub.items():
            classes[eb] = merge(classes.get(eb, NONE), c)
    if isinstance(t, Record):
        return _cleanup(classes, off // 8, (off + size_of(t) + 7) // 8)
    return classes


def _gcc_array(t, off):
    """gcc classifies an array's element once, at the array's offset, and repeats its classes
    over the array's eightbytes: later elements are never checked for misalignment (packed
    elements; clang 14 and the psABI text check them: a DIFF found by this suite)."""
    if not size_of(t):
        return {}
    sub = _classes_at(t.elem, off, False)
    if sub is None:
        return None
    first = off // 8
    num = (off % 8 + size_of(t.elem) + 7) // 8
    words = (off % 8 + size_of(t) + 7) // 8
    return {first + i: sub.get(first + i % num, NONE) for i in range(words)}


def _cleanup(classes, first, end):
    """The psABI post-merge rules over eightbytes first..end-1 of one aggregate."""
    for i in range(first, end):
        c, before = classes.get(i, NONE), classes.get(i - 1, NONE) if i > first else None
        if c == MEM or (c == X87UP and before != X87):
            return None
        if c == SSEUP and before not in (SSE, SSEUP):
            classes[i] = SSE
    return classes


def arg_classes(t, clang=False):
    """Classes of t as an argument: None when it goes to memory (x87 classes do)."""
    cls = classify(t, clang)
    if cls is None or X87 in cls or X87UP in cls:
        return None
    return cls


def ret_location(t, clang=False):
    """Where a return value lives: 'sret', or a tuple of (register, value offset, length)."""
    if t is None:
        return ()
    if isinstance(t, Scalar) and t.kind == 'c80':
        return (('st0', 0, 10), ('st1', 16, 10))
    cls = classify(t, clang)
    if cls is None:
        return 'sret'
    size, regs, nint, nsse = size_of(t), [], 0, 0
    narrow = _clang_floats(t, cls) if clang else ()
    for i, c in enumerate(cls):
        length = 4 if i in narrow else min(8, size - 8 * i)
        if c == INT:
            regs.append((('rax', 'rdx')[nint], 8 * i, length))
            nint += 1
        elif c == SSE:
            wide = i + 1 < len(cls) and cls[i + 1] == SSEUP
            regs.append((('xmm0', 'xmm1')[nsse], 8 * i, 16 if wide else length))
            nsse += 1
        elif c == X87:
            regs.append(('st0', 8 * i, 10))
    return tuple(regs)


def _clang_floats(t, cls):
    """The SSE eightbytes clang 14 passes and returns as a lone float, 4 bytes, although their
    upper half holds values (clang_ir; a float before padding changes nothing)."""
    if not is_aggregate(t):
        return ()
    mask = value_mask(t)
    return {i for i, ty in enumerate(eightbyte_types(t, cls))
            if ty == 'float' and any(mask[8 * i + 4:8 * i + 8])}


# A piece of an argument in the machine: (space, byte address in that space, value offset,
# length), space 'gp' (8 bytes per register), 'xmm' (16 per register) or 'stack' (offset from RSP
# at the call).

@dataclasses.dataclass
class Placement:
    args: list                  # per argument: tuple of pieces
    ret: object                 # ret_location()
    events: set                 # coverage: register boundary events
    vaarg_bug: set = dataclasses.field(default_factory=set)   # args gcc's va_arg crashes on
    gp: int = 0
    sse: int = 0


class Regs:
    """Register and stack cursors of one call."""

    def __init__(self, gp=0):
        self.gp, self.sse, self.stack = gp, 0, 0

    def on_stack(self, size, align):
        self.stack = roundup(self.stack, align)
        piece = (('stack', self.stack, 0, size),) if size else ()
        self.stack += roundup(size, 8)
        return piece

    def stack_piece(self, src, length, align=8):
        self.stack = roundup(self.stack, align)
        piece = ('stack', self.stack, src, length)
        self.stack += roundup(length, align)
        return piece

    def gp_piece(self, src, length):
        self.gp += 1
        return ('gp', 8 * (self.gp - 1), src, length)

    def sse_piece(self, src, length):
        self.sse += 1
        return ('xmm', 16 * (self.sse - 1), src, length)


def _in_regs(t, cls, regs):
    """Pieces of an argument that fits in registers (gcc's rule: one register per eightbyte)."""
    size, pieces = size_of(t), []
    for i, c in enumerate(cls):
        length = min(8, size - 8 * i)
        if c == INT:
            pieces.append(regs.gp_piece(8 * i, length))
        elif c == SSE:
            wide = i + 1 < len(cls) and cls[i + 1] == SSEUP
            pieces.append(regs.sse_piece(8 * i, 16 if wide else length))
    return tuple(pieces)


def _needs(cls):
    return cls.count(INT), cls.count(SSE)


def _gcc_arg(t, regs, events):
    """One argument by the psABI (gcc, callplan): all eightbytes in registers, or all on the
    stack."""
    cls = arg_classes(t)
    if cls is not None:
        ngp, nsse = _needs(cls)
        fits = regs.gp + ngp <= NGP and regs.sse + nsse <= NSSE
        _note_boundary(events, regs, ngp, nsse, fits, is_aggregate(t))
        if fits:
            return _in_regs(t, cls, regs)
    return regs.on_stack(size_of(t), 16 if align_of(t) >= 16 else 8)


def _note_boundary(events, regs, ngp, nsse, fits, aggregate):
    """Coverage events of the dyncall-style boundaries: last register taken, first one missed."""
    if fits:
        if ngp and regs.gp + ngp == NGP:
            events.add('fit:gp-last' + ('-agg' if aggregate and ngp > 1 else ''))
        if nsse and regs.sse + nsse == NSSE:
            events.add('fit:sse-last' + ('-agg' if aggregate and nsse > 1 else ''))
        if 'went-stack' in events and (ngp or nsse):
            events.add('backfill')
        return
    events.add('went-stack')
    agg = '-agg' if aggregate else ''
    if ngp and regs.gp + ngp > NGP:
        events.add('miss:gp-partial' + agg if regs.gp < NGP else 'regs:gp-overflow')
    if nsse and regs.sse + nsse > NSSE:
        events.add('miss:sse-partial' + agg if regs.sse < NSSE else 'regs:sse-overflow')


def _gcc_vaarg_bug(t, piece):
    """gcc 12's va_arg of a 16-aligned INT,INT aggregate of BLKmode that arrived in an odd pair of
    GP registers copies it as one TImode piece with movdqa from an 8-mod-16 address of the
    register save area: the callee faults (ABI.md 1.8). Aggregates with a machine mode (TImode:
    union{__int128; long double}) are read in place and do not fault."""
    return (is_aggregate(t) and size_of(t) == 16 and align_of(t) == 16
            and _gcc_mode(t) == 'BLK'
            and arg_classes(t) == (INT, INT) and piece[0] == 'gp' and piece[1] % 16 == 8)


def _gcc_mode(t):
    """The class of gcc 12's machine mode for t, as far as the va_arg bug needs it: 'INT', 'XF'
    (long double), 'FLOAT' (any other float or complex mode) or 'BLK' (none). gcc's rules
    (stor-layout compute_record_mode, checked against gcc 12 on thousands of random aggregates):
    a member of BLKmode makes its record BLKmode; a struct takes the mode of a member as large
    as itself; a union the mode of its first such member, BLKmode if that is XFmode (i386:
    "union with XFmode must be in BLKmode") and an integer mode if it is another float one;
    otherwise a record or array gets the integer mode of its size, if there is one (1, 2, 4, 8
    or 16 bytes); a one-element array takes its element's mode, others are BLKmode when their
    element is."""
    if isinstance(t, Scalar):
        return {'f80': 'XF', 'f32': 'FLOAT', 'f64': 'FLOAT', 'f128': 'FLOAT', 'c32': 'FLOAT',
                'c64': 'FLOAT', 'c80': 'FLOAT'}.get(t.kind, 'INT')
    size = size_of(t)
    int_mode = 'INT' if size in (1, 2, 4, 8, 16) else 'BLK'
    if isinstance(t, Array):
        if t.count == 1:
            return _gcc_mode(t.elem)
        return 'BLK' if _gcc_mode(t.elem) == 'BLK' else int_mode
    members = [m for m in t.members if size_of(m)]         # zero-sized ones do not count
    if any(_gcc_mode(m) == 'BLK' for m in members):
        return 'BLK'
    whole = next((_gcc_mode(m) for m in members if size_of(m) == size), None)
    if not t.union:
        return whole or int_mode
    if whole == 'XF':
        return 'BLK'
    return 'INT' if whole == 'INT' else int_mode


def place_gcc(case):
    """Placement by gcc 12 (= the psABI text = callplan), caller and callee alike."""
    ret = ret_location(case.ret)
    regs = Regs(1 if ret == 'sret' else 0)
    events, out, bug = set(), [], set()
    for i, t in enumerate(case.args):
        pieces = _gcc_arg(t, regs, events)
        if case.is_vararg(i) and pieces and _gcc_vaarg_bug(t, pieces[0]):
            bug.add(i)
        out.append(pieces)
    return Placement(out, ret, events, bug, regs.gp, regs.sse)


class ClangCaller:
    """clang 14's caller: its front end decides per argument "registers or memory" with its own
    counters, in which a scalar __float128 takes no SSE register; the back end then gives every
    IR piece the next free register or an 8-byte stack slot. So an aggregate the front end thinks
    fits can be split between the last register and the stack, and __int128 can be split
    between R9 and the stack (ABI.md 1.8). Byval and stack __int128 slots are 8-aligned."""

    def __init__(self, sret):
        self.regs = Regs(1 if sret else 0)
        self.free_gp, self.free_sse = NGP - self.regs.gp, NSSE

    def arg(self, t):
        if isinstance(t, Scalar):
            return self._scalar(t)
        cls = arg_classes(t, clang=True)
        if cls is not None:
            ngp, nsse = _needs(cls)
            if ngp <= self.free_gp and nsse <= self.free_sse:
                self.free_gp -= ngp
                self.free_sse -= nsse
                return self._pieces(t, cls)
        return self.regs.on_stack(size_of(t), max(8, align_of(t)))

    def _pieces(self, t, cls):
        size, regs, pieces = size_of(t), self.regs, []
        types = eightbyte_types(t, cls) if is_aggregate(t) else ()
        narrow = _clang_floats(t, cls)
        for i, c in enumerate(cls):
            length = 4 if i in narrow else min(8, size - 8 * i)
            if c == INT:
                pieces.append(regs.gp_piece(8 * i, length) if regs.gp < NGP
                              else regs.stack_piece(8 * i, length))
            elif c == SSE:
                # An eightbyte of two floats is an IR <2 x float>, which LLVM widens to a 16-byte,
                # 16-aligned stack slot when no XMM register is left (found by this suite).
                two = types[i] == 'v2f32' if types else \
                    {(8 * i, 'f32'), (8 * i + 4, 'f32')} <= set(atoms(t))
                pieces.append(regs.sse_piece(8 * i, length) if regs.sse < NSSE
                              else regs.stack_piece(8 * i, length, 16 if two else 8))
        return tuple(pieces)

    def _scalar(self, t):
        k, regs = t.kind, self.regs
        cls = arg_classes(t, clang=True)
        if cls is None:                                     # long double, complex long double
            return regs.on_stack(size_of(t), 16)
        ngp, nsse = _needs(cls)
        if k == 'f128':
            nsse = 0                                        # the front end's miscount
        fits = ngp <= self.free_gp and nsse <= self.free_sse
        if fits:
            self.free_gp -= ngp
            self.free_sse -= nsse
        if k in ('c32', 'c64') and not fits:
            return regs.on_stack(size_of(t), 8)             # a complex is byval when it misses
        if k in ('i128', 'u128'):
            return self._int128(regs)
        if k == 'f128':
            return (regs.sse_piece(0, 16),) if regs.sse < NSSE else regs.on_stack(16, 16)
        return self._pieces(t, cls)

    @staticmethod
    def _int128(regs):
        if regs.gp + 2 <= NGP:
            return (regs.gp_piece(0, 8), regs.gp_piece(8, 8))
        if regs.gp == NGP - 1:
            return (regs.gp_piece(0, 8), regs.stack_piece(8, 8))
        return regs.on_stack(16, 8)


def _vaarg_arg(t, regs, clang):
    """A variadic argument as the callee's va_arg reads it: registers if every eightbyte still
    has one (the save area), else the overflow area aligned to 16 for types aligned above 8.
    clang 14's va_arg(ap, __float128) always reads the overflow area (found by this suite), and
    copies an aggregate of two eightbytes, one of them SSE, by its IR types: 4 bytes of a lone
    float (clang_ir)."""
    cls = arg_classes(t, clang)
    if clang and t == S('f128'):
        cls = None
    if cls is not None:
        ngp, nsse = _needs(cls)
        if regs.gp + ngp <= NGP and regs.sse + nsse <= NSSE:
            pieces = _in_regs(t, cls, regs)
            narrow = _clang_floats(t, cls) if clang and nsse and ngp + nsse == 2 else ()
            return tuple(p[:3] + (4,) if p[2] // 8 in narrow else p for p in pieces)
    return regs.on_stack(size_of(t), 16 if align_of(t) > 8 else 8)


def place_clang(case, callee):
    """Placement by clang 14: the caller's view, or (callee=True) where a clang callee reads:
    named parameters as its caller puts them, variadic ones through va_arg."""
    ret = ret_location(case.ret, clang=True)
    caller = ClangCaller(ret == 'sret')
    out = []
    for i, t in enumerate(case.args):
        if callee and case.is_vararg(i):
            out.append(_vaarg_arg(t, caller.regs, clang=True))
        else:
            out.append(caller.arg(t))
    return Placement(out, ret, set(), set(), caller.regs.gp, caller.regs.sse)

