#!/usr/bin/env python3
"""Differential conformance suite for callplan (issue "Differential conformance").

From a seed, generates random x86-64 System V signatures and, for each one, C code that calls the
same callee two ways: directly (the C compiler's call: the reference) and through cp_call with a
plan built from cp_type descriptors. The callee checks every argument byte against the values the
generator chose (members, not padding; floats bitwise) and returns a chosen value. Callees are
compiled by gcc and by clang; callplan follows gcc, so the shapes where clang 14 disagrees
(shared/ABI.md 1.8) run as expected failures whose outcome is predicted byte by byte here.

Usage: conform.py --mode test --seeds 1,2,3 --count 1000 [--commit HASH] [--kernel]
Python 3 standard library only. Output ends with "N passed, M failed" (signatures x compilers).
"""
import argparse
import concurrent.futures
import dataclasses
import functools
import os
import random
import struct
import subprocess
import sys
import time

# =================================================================================================
# Scalars and types
# =================================================================================================


@dataclasses.dataclass(frozen=True)
class ScalarInfo:
    size: int
    align: int
    ctype: str
    desc: str
    atoms: tuple        # (offset, atom kind) of the parts that carry a value


def _simple(size, ctype, desc, kind):
    return ScalarInfo(size, size, ctype, desc, ((0, kind),))


SCALARS = {
    'bool': _simple(1, '_Bool', 'cp_type_bool', 'bool'),
    'i8': _simple(1, 'int8_t', 'cp_type_i8', 'i8'),
    'u8': _simple(1, 'uint8_t', 'cp_type_u8', 'u8'),
    'i16': _simple(2, 'int16_t', 'cp_type_i16', 'i16'),
    'u16': _simple(2, 'uint16_t', 'cp_type_u16', 'u16'),
    'i32': _simple(4, 'int32_t', 'cp_type_i32', 'i32'),
    'u32': _simple(4, 'uint32_t', 'cp_type_u32', 'u32'),
    'i64': _simple(8, 'int64_t', 'cp_type_i64', 'i64'),
    'u64': _simple(8, 'uint64_t', 'cp_type_u64', 'u64'),
    'i128': _simple(16, 'cf_int128', 'cp_type_i128', 'i128'),
    'u128': _simple(16, 'cf_uint128', 'cp_type_u128', 'u128'),
    'f32': _simple(4, 'float', 'cp_type_f32', 'f32'),
    'f64': _simple(8, 'double', 'cp_type_f64', 'f64'),
    'f80': _simple(16, 'long double', 'cp_type_f80', 'f80'),
    'f128': _simple(16, 'cf_float128', 'cp_type_f128', 'f128'),
    'ptr': _simple(8, 'void *', 'cp_type_ptr', 'ptr'),
    'c32': ScalarInfo(8, 4, 'cf_complex_float', 'cp_type_c32', ((0, 'f32'), (4, 'f32'))),
    'c64': ScalarInfo(16, 8, 'cf_complex_double', 'cp_type_c64', ((0, 'f64'), (8, 'f64'))),
    'c80': ScalarInfo(32, 16, 'cf_complex_long_double', 'cp_type_c80', ((0, 'f80'), (16, 'f80'))),
}
INT_KINDS = ('bool', 'i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64', 'ptr')
SMALL_INTS = ('bool', 'i8', 'u8', 'i16', 'u16')
UNPROMOTED = ('f32', 'bool', 'i8', 'u8', 'i16', 'u16')      # rejected in variadic positions
FLOAT_ATOMS = ('f32', 'f64', 'f80', 'f128')
# Bytes of an atom that hold its value (long double: 10 of its 16).
ATOM_LEN = {'bool': 1, 'i8': 1, 'u8': 1, 'i16': 2, 'u16': 2, 'i32': 4, 'u32': 4, 'i64': 8,
            'u64': 8, 'ptr': 8, 'i128': 16, 'u128': 16, 'f32': 4, 'f64': 8, 'f80': 10, 'f128': 16}
ATOM_ALIGN = {k: (16 if k == 'f80' else n) for k, n in ATOM_LEN.items()}


@dataclasses.dataclass(frozen=True)
class Scalar:
    kind: str


@dataclasses.dataclass(frozen=True)
class Array:
    elem: object
    count: int


@dataclasses.dataclass(frozen=True)
class Record:
    union: bool
    members: tuple
    packed: bool = False
    align: int = 0          # __attribute__((aligned(n))); 0 = natural
    at: bool = False        # the descriptor spells member offsets (CP_MEMBER_AT)


def roundup(n, a):
    return (n + a - 1) // a * a


@functools.lru_cache(maxsize=None)
def layout(t):
    """(size, align, member offsets) of a type, by the C rules."""
    if isinstance(t, Scalar):
        info = SCALARS[t.kind]
        return info.size, info.align, ()
    if isinstance(t, Array):
        size, align, _ = layout(t.elem)
        return size * t.count, align, ()
    cursor, align, offsets = 0, 1, []
    for m in t.members:
        msize, malign, _ = layout(m)
        malign = 1 if t.packed else malign
        off = 0 if t.union else roundup(cursor, malign)
        offsets.append(off)
        cursor = max(cursor, off + msize)
        align = max(align, malign)
    align = max(align, t.align)
    return roundup(cursor, align), align, tuple(offsets)


def size_of(t):
    return layout(t)[0]


def align_of(t):
    return layout(t)[1]


@functools.lru_cache(maxsize=None)
def atoms(t):
    """Every value-carrying scalar part of t as (byte offset, atom kind), in memory order."""
    if isinstance(t, Scalar):
        return SCALARS[t.kind].atoms
    if isinstance(t, Array):
        esize = size_of(t.elem)
        return tuple((i * esize + o, k) for i in range(t.count) for o, k in atoms(t.elem))
    return tuple((base + o, k) for base, m in zip(layout(t)[2], t.members) for o, k in atoms(m))


@functools.lru_cache(maxsize=None)
def value_mask(t):
    """One byte per byte of t: 1 where a member's value lives, 0 for padding."""
    mask = bytearray(size_of(t))
    for off, kind in atoms(t):
        mask[off:off + ATOM_LEN[kind]] = b'\1' * ATOM_LEN[kind]
    return bytes(mask)


def has_atom(t, kinds):
    return any(k in kinds for _, k in atoms(t))


def records_in(t):
    """Every record inside t (t included), children first."""
    if isinstance(t, Array):
        yield from records_in(t.elem)
    elif isinstance(t, Record):
        for m in t.members:
            yield from records_in(m)
        yield t


def depth_of(t):
    if isinstance(t, Scalar):
        return 0
    if isinstance(t, Array):
        return depth_of(t.elem)
    return 1 + max((depth_of(m) for m in t.members), default=0)


def is_aggregate(t):
    return not isinstance(t, Scalar)


# =================================================================================================
# System V classification (psABI 3.2.3) and argument placement, gcc's reading and clang 14's
# =================================================================================================

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
    return _cleanup(classes, off // 8, (off + size_of(t) + 7) // 8) if isinstance(t, Record) else classes


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
    for i, c in enumerate(cls):
        length = min(8, size - 8 * i)
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


# A piece of an argument in the machine: (space, byte address in that space, value offset, length),
# space 'gp' (8 bytes per register), 'xmm' (16 per register) or 'stack' (offset from RSP at the call).

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
    """One argument by the psABI (gcc, callplan): all eightbytes in registers, or all on the stack."""
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
    """gcc 12's va_arg of a 16-byte aggregate holding a long double that arrived in an odd pair of
    GP registers loads it with movdqa from an 8-mod-16 address: the callee faults (ABI.md 1.8)."""
    return (is_aggregate(t) and size_of(t) == 16 and has_atom(t, ('f80',))
            and not any(r.packed or r.align for r in records_in(t))
            and arg_classes(t) == (INT, INT) and piece[0] == 'gp' and piece[1] % 16 == 8)


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
        for i, c in enumerate(cls):
            length = min(8, size - 8 * i)
            if c == INT:
                pieces.append(regs.gp_piece(8 * i, length) if regs.gp < NGP
                              else regs.stack_piece(8 * i, length))
            elif c == SSE:
                # An eightbyte of two floats is an IR <2 x float>, which LLVM widens to a 16-byte,
                # 16-aligned stack slot when no XMM register is left (found by this suite).
                align = 16 if {(8 * i, 'f32'), (8 * i + 4, 'f32')} <= set(atoms(t)) else 8
                pieces.append(regs.sse_piece(8 * i, length) if regs.sse < NSSE
                              else regs.stack_piece(8 * i, length, align))
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
    clang 14's va_arg(ap, __float128) always reads the overflow area (found by this suite)."""
    cls = arg_classes(t, clang)
    if clang and t == S('f128'):
        cls = None
    if cls is not None:
        ngp, nsse = _needs(cls)
        if regs.gp + ngp <= NGP and regs.sse + nsse <= NSSE:
            return _in_regs(t, cls, regs)
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


# =================================================================================================
# Cases and values
# =================================================================================================

@dataclasses.dataclass
class Case:
    seed: int
    index: int                  # index within the seed
    focus: str                  # what the generator was asked to put in
    ret: object                 # a type, or None for void
    args: list
    nfixed: object              # None: not variadic; else the number of named arguments
    runtime: bool               # descriptors built at run time instead of static ones
    reject: object              # None, or (variadic position, unpromoted kind) to be rejected
    values: list = None         # bytes of each argument
    ret_value: bytes = b''
    id: int = 0                 # index in the run

    def is_vararg(self, i):
        return self.nfixed is not None and i >= self.nfixed

    @property
    def variadic(self):
        return self.nfixed is not None

    @property
    def name(self):
        return f'seed {self.seed} case {self.index}'


def random_atom(rng, kind):
    """A value of one scalar part: floats are finite and normal; long doubles are exactly
    representable as doubles (valgrind runs them through doubles)."""
    if kind == 'bool':
        return bytes([rng.getrandbits(1)])
    if kind == 'f32':
        bits = rng.getrandbits(1) << 31 | rng.randint(1, 254) << 23 | rng.getrandbits(23)
        return struct.pack('<I', bits)
    if kind == 'f64':
        return struct.pack('<Q', _random_double_bits(rng))
    if kind == 'f80':
        bits = _random_double_bits(rng)
        sign, exp, mant = bits >> 63, bits >> 52 & 0x7FF, bits & ((1 << 52) - 1)
        significand = 1 << 63 | mant << 11
        return significand.to_bytes(8, 'little') + (sign << 15 | (exp - 1023 + 16383)).to_bytes(2, 'little')
    if kind == 'f128':
        bits = rng.getrandbits(1) << 127 | rng.randint(1, 32766) << 112 | rng.getrandbits(112)
        return bits.to_bytes(16, 'little')
    return rng.getrandbits(8 * ATOM_LEN[kind]).to_bytes(ATOM_LEN[kind], 'little')


def _random_double_bits(rng):
    return rng.getrandbits(1) << 63 | rng.randint(1, 2046) << 52 | rng.getrandbits(52)


def random_value(rng, t):
    """Bytes of a value of t: every member part random (later union members overwrite earlier
    ones), padding random too (it must never be compared)."""
    buf = bytearray(rng.getrandbits(8) for _ in range(size_of(t)))
    for off, kind in atoms(t):
        buf[off:off + ATOM_LEN[kind]] = random_atom(rng, kind)
    return bytes(buf)


def promoted(t):
    """The type C's default argument promotions give t in a variadic position."""
    if isinstance(t, Scalar) and t.kind in UNPROMOTED:
        return Scalar('f64' if t.kind == 'f32' else 'i32')
    return t


# =================================================================================================
# Random generation
# =================================================================================================

S = Scalar
SCALAR_WEIGHTS = {'bool': 3, 'i8': 3, 'u8': 3, 'i16': 3, 'u16': 3, 'i32': 5, 'u32': 4, 'i64': 5,
                  'u64': 4, 'i128': 3, 'u128': 2, 'f32': 5, 'f64': 6, 'f80': 3, 'f128': 3,
                  'ptr': 4, 'c32': 2, 'c64': 2, 'c80': 1}
MEMBER_WEIGHTS = dict(SCALAR_WEIGHTS, c80=0.2)
SIZE_BUCKETS = ((1, 1), (2, 8), (9, 16), (17, 32), (33, 63), (64, 64))

# Eightbyte fillers of a known class: full ones are 8 bytes, partial ones end the aggregate.
SSE_FULL = ((S('f64'),), (S('f32'), S('f32')), (S('c32'),), (Array(S('f32'), 2),))
SSE_PART = ((S('f32'),),)
INT_FULL = ((S('i64'),), (S('u64'),), (S('ptr'),), (S('i32'), S('f32')), (S('f32'), S('i32')),
            (S('i16'), S('i16'), S('u32')), (S('u8'), S('bool'), S('i16'), S('f32')),
            (Array(S('i8'), 8),), (S('i32'), S('u32')))
INT_PART = ((S('i32'),), (S('i16'),), (S('u8'), S('i8'), S('u8')), (S('u16'), S('bool')),
            (S('f32'), S('i16')))


def _union(*members):
    return Record(True, tuple(members))


def _struct(*members, **kw):
    return Record(False, tuple(members), **kw)


# Aggregates named by the corner they exercise (ABI.md 1.2-1.5, 1.8).
SPECIAL = {
    'union-f32-i32': _union(S('f32'), S('i32')),
    'union-f64-f32': _union(S('f64'), S('f32')),
    'union-f80-i64x2': _union(S('f80'), Array(S('i64'), 2)),          # INT,INT
    'union-f80-u8x16': _union(S('f80'), Array(S('u8'), 16)),          # INT,INT
    'union-f80-f64x2': _union(S('f80'), Array(S('f64'), 2)),          # MEMORY (x87 merge)
    'union-f80-i32': _union(S('f80'), S('i32')),                      # MEMORY (X87UP alone)
    'union-f128-i64': _union(S('f128'), S('i64')),                    # gcc INT,SSE; clang memory
    'union-f128-f32': _union(S('f128'), S('f32')),                    # gcc SSE,SSEUP; clang memory
    'union-f128-f64x2': _union(S('f128'), Array(S('f64'), 2)),        # gcc SSE,SSE; clang memory
    'union-i128-u8x16': _union(S('i128'), Array(S('u8'), 16)),
    'struct-f80': _struct(S('f80')),                                  # X87,X87UP: memory / ST0
    'struct-f128': _struct(S('f128')),                                # gcc XMM0; clang memory
    'struct-f128x1': _struct(Array(S('f128'), 1)),
    'struct-struct-f128': _struct(_struct(S('f128'))),
    'aligned16-i64': _struct(S('i64'), align=16),                     # INT,NONE
    'empty': _struct(),
    'empty-array0': _struct(Array(S('i32'), 0)),
    'struct-union-f80-i64x2': _struct(_union(S('f80'), Array(S('i64'), 2))),
    # The inner union alone is MEMORY (X87UP without X87), so the outer one is MEMORY too.
    'union-nested-x87up': _union(Array(S('i64'), 2), _union(S('i32'), S('f80'))),
    # Misaligned scalar inside a nested packed struct in the upper eightbyte: MEMORY.
    'packed-nested-upper': _struct(Array(S('i8'), 8), _struct(S('i8'), S('i32'), packed=True), packed=True),
    # Arrays of packed elements misaligned from element 1 on: gcc registers, clang memory.
    'packed-array-f32': _struct(Array(_struct(S('f32'), S('u8'), packed=True), 2)),
    'packed-array-u32': _struct(S('u32'), Array(_struct(S('u32'), S('bool'), packed=True), 2)),
    'packed-array-i16': _struct(Array(_struct(S('i16'), S('i8'), packed=True), 3)),
}


class Gen:
    """Random types and signatures, all drawn from one seeded RNG."""

    def __init__(self, rng):
        self.rng = rng

    def pick(self, weights):
        keys = list(weights)
        return self.rng.choices(keys, [weights[k] for k in keys])[0]

    def scalar(self, kinds=None):
        return S(self.rng.choice(kinds) if kinds else self.pick(SCALAR_WEIGHTS))

    # ---- aggregates -----------------------------------------------------------------------------
    def record(self, depth=1, max_size=64, plain=False):
        """A random struct or union, nested up to depth 3, with arrays inside."""
        rng = self.rng
        union = rng.random() < 0.2
        members = [self.member(depth, plain) for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5)))]
        packed = not union and not plain and rng.random() < 0.1
        if packed:
            members = [m for m in members if not _user_aligned(m)] or [self.scalar(INT_KINDS)]
        align = 16 if not plain and rng.random() < 0.06 else 0
        return self._fit(union, members, packed, align, max_size)

    def member(self, depth, plain):
        rng, r = self.rng, self.rng.random()
        if depth < 3 and r < 0.15:
            return self.record(depth + 1, 32, plain)
        if r < 0.35:
            elem = (self.record(depth + 1, 16, plain) if depth < 3 and rng.random() < 0.2
                    else S(self.pick(MEMBER_WEIGHTS)))
            return Array(elem, rng.choice((1, 2, 2, 3, 4)))
        return S(self.pick(MEMBER_WEIGHTS))

    def _fit(self, union, members, packed, align, max_size):
        at = self.rng.random() < 0.2
        while True:
            rec = Record(union, tuple(members), packed, align, at)
            if size_of(rec) <= max_size:
                return rec
            if len(members) > 1:
                members = members[:-1]
            else:
                members, align = [self.scalar(INT_KINDS)], 0

    def sized(self, lo, hi):
        """An aggregate of lo..hi bytes."""
        for _ in range(40):
            rec = self.record(max_size=hi)
            if lo <= size_of(rec) <= hi:
                return rec
        kind = self.rng.choice(('u8', 'i8', 'bool')) if lo == 1 else 'u8'
        n = self.rng.randint(lo, hi)
        return _struct(Array(S(kind), n)) if n > 1 else _struct(S(kind))

    def combo(self, classes, packed=False):
        """A struct whose eightbytes get exactly `classes` (INT/SSE), from int/float mixes."""
        members = []
        for i, c in enumerate(classes):
            full = i + 1 < len(classes) or self.rng.random() < 0.6
            table = {(SSE, True): SSE_FULL, (SSE, False): SSE_PART,
                     (INT, True): INT_FULL, (INT, False): INT_PART}[c, full]
            part = list(self.rng.choice(table))
            if len(part) > 1 and self.rng.random() < 0.3:
                part = [_struct(*part)]             # the same bytes, one level deeper
            members += part
        return Record(False, tuple(members), packed, 0, self.rng.random() < 0.2)

    def aggregate(self):
        rng, r = self.rng, self.rng.random()
        if r < 0.25:
            return self.combo(rng.choice(((INT,), (SSE,), (INT, INT), (INT, SSE), (SSE, INT),
                                          (SSE, SSE))), packed=rng.random() < 0.15)
        if r < 0.33:
            return SPECIAL[rng.choice(sorted(SPECIAL))]
        lo, hi = rng.choices(SIZE_BUCKETS, (3, 20, 30, 20, 12, 3))[0]
        return self.sized(lo, hi)

    # ---- signatures -----------------------------------------------------------------------------
    def arg_type(self):
        return self.scalar() if self.rng.random() < 0.55 else self.aggregate()

    def ret_type(self):
        r = self.rng.random()
        if r < 0.12:
            return None
        return self.scalar() if r < 0.55 else self.aggregate()

    def nargs(self):
        lo, hi = self.rng.choices(((0, 0), (1, 6), (7, 12), (13, 23), (24, 24)), (3, 35, 30, 27, 5))[0]
        return self.rng.randint(lo, hi)

    def plain_args(self, n=None):
        return [self.arg_type() for _ in range(self.nargs() if n is None else n)]

    def gp_unit(self, need):
        """An argument taking exactly `need` (1 or 2) GP registers and no SSE one."""
        if need == 1:
            return self.scalar(INT_KINDS) if self.rng.random() < 0.7 else self.combo((INT,))
        return self.scalar(('i128', 'u128')) if self.rng.random() < 0.4 else self.combo((INT, INT))

    def sse_unit(self, need):
        """An argument taking exactly `need` (1 or 2) SSE registers and no GP one."""
        if need == 1:
            return self.scalar(('f32', 'f64', 'f64', 'c32', 'f128')) if self.rng.random() < 0.7 \
                else self.combo((SSE,))
        return S('c64') if self.rng.random() < 0.3 else self.combo((SSE, SSE))

    def memory_arg(self):
        return self.rng.choice((S('f80'), S('c80'), self.sized(17, 64), SPECIAL['struct-f80'],
                                self.combo((INT,), packed=True)))

    def boundary_args(self, gp_used, sse_used, after=None, last_agg=False):
        """dyncall-style: arguments that leave exactly gp_used/sse_used registers taken, then
        (after='gp'/'sse'/'both') one that misses them, maybe followed by a backfill."""
        rng = self.rng
        units = self._fill(gp_used, self.gp_unit, last_agg) + self._fill(sse_used, self.sse_unit, last_agg)
        tail = [u for u in units if u[1]]           # last-fit aggregates go last
        units = [u[0] for u in units if not u[1]]
        rng.shuffle(units)
        units += [u[0] for u in tail]
        for _ in range(rng.choice((0, 0, 1, 2))):
            units.insert(rng.randint(0, len(units)), self.memory_arg())
        if after in ('gp', 'both'):
            units.append(self.gp_unit(1 if gp_used == NGP else 2))
        if after in ('sse', 'both'):
            units.append(self.sse_unit(1 if sse_used == NSSE else 2))
        if after and rng.random() < 0.5:
            units.append(self.gp_unit(1) if gp_used < NGP else self.sse_unit(1))
        units += self.plain_args(rng.choice((0, 0, 1, 2)))
        return units[:24]

    def _fill(self, total, unit, last_agg):
        """Units summing to `total` registers: (type, is the final two-register aggregate)."""
        out = []
        if last_agg and total >= 2:
            total -= 2
            out.append((unit(2), True))
        while total:
            need = 2 if total >= 2 and self.rng.random() < 0.3 else 1
            out.append((unit(need), False))
            total -= need
        return out


def _user_aligned(t):
    return any(r.align for r in records_in(t))


# ---- what each case is asked to contain -----------------------------------------------------------
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
    d.args += [gen.scalar(('i128', 'u128')), gen.gp_unit(1)] + gen.plain_args(gen.rng.choice((0, 1, 2)))
    if va:
        d.variadic, d.nfixed = True, gen.rng.randint(1, pos) if pos else 1


def focus_i128_stack(gen, d, va=False):
    """__int128 on the stack after an odd number of eightbytes: gcc 16-aligns it, clang 14 8."""
    d.args = [gen.scalar(INT_KINDS) for _ in range(6)] + [gen.sse_unit(1) for _ in range(gen.rng.randint(0, 4))]
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
    last = rng.choice((gen.combo((SSE, SSE)), gen.combo((SSE, INT)), gen.combo((INT, SSE)), S('c64')))
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
    f['ret:struct-regs'] = _set(ret=lambda g: g.combo(g.rng.choice(((INT,), (SSE, SSE), (INT, SSE), (SSE, INT)))))
    f['ret:union'] = _set(ret=_special('union-f32-i32', 'union-f64-f32', 'union-f80-i64x2', 'union-i128-u8x16'))
    for lo, hi in SIZE_BUCKETS:
        f[f'agg:size{lo}-{hi}'] = _put(lambda g, lo=lo, hi=hi: g.sized(lo, hi), ret_too=True)
    f['agg:union'] = _put(lambda g: Record(True, tuple(g.member(2, False) for _ in range(g.rng.randint(2, 4)))))
    f['agg:array'] = _put(lambda g: _struct(Array(g.scalar(), g.rng.randint(1, 3)), g.scalar()))
    f['agg:depth3'] = _put(_nested3, ret_too=True)
    f['agg:empty'] = _put(_special('empty', 'empty-array0'))
    f['agg:packed-regs'] = _put(lambda g: g.combo(g.rng.choice(((INT,), (SSE, INT), (INT, SSE))), packed=True))
    f['agg:packed-mem'] = _put(lambda g: _struct(S('i8'), g.scalar(('i32', 'f32', 'i16', 'f64')), packed=True))
    f['agg:aligned16'] = _put(lambda g: Record(False, (g.scalar(), g.scalar()), False, 16), ret_too=True)
    for cls in ((INT,), (SSE,), (INT, INT), (INT, SSE), (SSE, INT), (SSE, SSE)):
        f['class:' + '-'.join(cls)] = _put(lambda g, cls=cls: g.combo(cls), ret_too=True)
    f['class:SSE-SSEUP'] = _put(_special('union-f128-f32', 'struct-f128'), ret_too=True)
    f['class:X87-X87UP'] = _put(_special('struct-f80'), ret_too=True)
    f['class:INT-NONE'] = _put(_special('aligned16-i64'), ret_too=True)
    f['class:MEM-x87'] = _put(_special('union-f80-f64x2', 'union-f80-i32'), ret_too=True)
    f['class:MEM-packed'] = f['agg:packed-mem']
    f['class:MEM-nested'] = _put(_special('union-nested-x87up'), ret_too=True)
    f['class:MEM-packed-nested'] = _put(_special('packed-nested-upper'), ret_too=True)
    f['diff:packed-array'] = _put(_special('packed-array-f32', 'packed-array-u32', 'packed-array-i16'), ret_too=True)
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
    f['variadic:stack'] = lambda g, d: (_set(args=lambda g: g.plain_args(g.rng.randint(14, 24)))(g, d),
                                        _variadic_tail(lambda g, d: g.rng.randint(1, 4))(g, d))
    for k in UNPROMOTED:
        f['reject:' + k] = _set(variadic=True, reject=k)
    f['desc:runtime'] = _set(runtime=True)
    f['desc:static'] = _set(runtime=False)
    f['desc:member-at'] = _set(all_at=True)
    f['desc:ex'] = lambda g, d: (_put(lambda g: g.combo((INT, SSE), packed=True))(g, d), _set(runtime=False)(g, d))
    f['diff:i128-r9'] = focus_i128_r9
    f['diff:i128-r9-va'] = lambda g, d: focus_i128_r9(g, d, va=True)
    f['diff:i128-stack'] = focus_i128_stack
    f['diff:i128-stack-va'] = lambda g, d: focus_i128_stack(g, d, va=True)
    f['diff:struct-f128'] = _put(_special('struct-f128', 'struct-f128x1', 'struct-struct-f128'), ret_too=True)
    f['diff:union-f128'] = _put(_special('union-f128-i64', 'union-f128-f32', 'union-f128-f64x2'), ret_too=True)
    f['diff:f128-then-fp'] = focus_f128_then_fp
    f['diff:f128-then-fp-va'] = lambda g, d: focus_f128_then_fp(g, d, va=True)
    f['diff:gcc-vaarg'] = focus_gcc_vaarg
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


# =================================================================================================
# C emission
# =================================================================================================

RUNTIME_H = r'''/* Generated by tools/conform.py: the runtime shared by the conformance cases. No libc. */
#ifndef CF_CONFORM_H
#define CF_CONFORM_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "callplan.h"

__extension__ typedef __int128 cf_int128;
__extension__ typedef unsigned __int128 cf_uint128;
#ifndef CF_INT_ONLY
__extension__ typedef __float128 cf_float128;
__extension__ typedef _Complex float cf_complex_float;  /* (-ffreestanding: complex is an extension) */
__extension__ typedef _Complex double cf_complex_double;
__extension__ typedef _Complex long double cf_complex_long_double;
#endif

/* Bits of a case's result: argument i mismatched, then whole-call failures. */
#define CF_ARG(i)        ((uint64_t)1 << (i))
#define CF_BAD_RET       ((uint64_t)1 << 40) /* the caller got a wrong return value */
#define CF_BAD_CANARY    ((uint64_t)1 << 41) /* bytes past the return buffer were written */
#define CF_BAD_UNCALLED  ((uint64_t)1 << 42) /* the callee did not run */
#define CF_BAD_BUILD     ((uint64_t)1 << 43) /* cp_plan_build failed; its status in bits 48-55 */
#define CF_BAD_LAYOUT    ((uint64_t)1 << 44) /* cp_type_layout disagrees with the compiler */
#define CF_BAD_REJECT    ((uint64_t)1 << 45) /* an unpromoted variadic type was not rejected */
#define CF_ST_LAYOUT     ((cp_status)100)
#define CF_SKIP          0x8000u            /* cf_args: the callee checked this one itself */

/* cf_case.flags */
#define CF_FORK_GCC   0x1u  /* expected to misbehave against the gcc callee: isolate it */
#define CF_FORK_CLANG 0x2u  /* the same against the clang callee */
#define CF_VOID       0x4u  /* returns void */
#define CF_XFAIL_GCC  0x8u  /* expected failure against the gcc callee (gcc va_arg bug) */
#define CF_XFAIL_CLANG 0x10u /* expected failure against the clang callee (ABI.md 1.8) */

typedef void (*cf_fn)(void);
/* Builds the case's plan; with `with` set, argument `swap` gets that type instead. */
typedef cp_status cf_build_fn(void *buf, size_t cap, uint32_t swap, const cp_type *with);

typedef struct cf_case {
    uint32_t id, flags;
    cf_build_fn *build;
    cf_fn fn;                           /* the callee */
    void (*direct)(void);               /* the compiler's own call of it (NULL in kernel tables) */
    void *const *args;                  /* argument values for cp_call */
    const unsigned char *ret, *ret_mask;/* expected return bytes, and which of them are values */
    uint32_t ret_size, reject_pos;
    const cp_type *reject_with;         /* NULL, or an unpromoted type cp_plan_build must reject */
} cf_case;

extern volatile uint64_t cf_bad;
extern volatile uint32_t cf_seen;

void cf_copy(void *dst, const void *src, size_t n);
int cf_differs(const void *got, const unsigned char *want, const unsigned char *mask, size_t n);
void cf_note(uint32_t id, uint64_t bad);
void cf_mark(uint64_t *bad, uint64_t bit);
uint64_t cf_args(const void *const *got, const uint16_t *sizes, uint32_t n, const unsigned char *want,
                 const unsigned char *mask);
void cf_check_ret(const void *got, const unsigned char *want, const unsigned char *mask, size_t n);
int cf_layout(const cp_type *t, size_t size, size_t align, const size_t *offsets, uint32_t n);
uint64_t cf_run_direct(const cf_case *c);
uint64_t cf_run_plan(const cf_case *c);

#ifdef CF_NO_DIRECT
#define CF_DIRECT(f) NULL
#else
#define CF_DIRECT(f) f
#endif

#endif
'''

RUNTIME_C = r'''/* Generated by tools/conform.py: checks and the two ways to call a case. No libc. */
volatile uint64_t cf_bad;
volatile uint32_t cf_seen;

void cf_copy(void *dst, const void *src, size_t n)
{
    unsigned char *d = dst;
    const unsigned char *s = src;
    while (n--)
        *d++ = *s++;
}

int cf_differs(const void *got, const unsigned char *want, const unsigned char *mask, size_t n)
{
    const unsigned char *g = got;
    size_t i;
    for (i = 0; i < n; i++)
        if ((g[i] ^ want[i]) & mask[i])
            return 1;
    return 0;
}

void cf_note(uint32_t id, uint64_t bad)
{
    cf_seen = id;
    cf_bad = bad;
}

/* Compares argument i (at got[i], sizes[i] bytes) with its bytes in the case's blob, where
 * every value starts 16-aligned; returns the CF_ARG bits of the ones that differ. */
uint64_t cf_args(const void *const *got, const uint16_t *sizes, uint32_t n, const unsigned char *want,
                 const unsigned char *mask)
{
    uint64_t bad = 0;
    size_t off = 0;
    uint32_t i;
    for (i = 0; i < n; i++) {
        size_t size = sizes[i] & ~CF_SKIP;
        if (!(sizes[i] & CF_SKIP) && cf_differs(got[i], want + off, mask + off, size))
            bad |= CF_ARG(i);
        off = (off + size + 15) & ~(size_t)15;
    }
    return bad;
}

void cf_mark(uint64_t *bad, uint64_t bit)
{
    *bad |= bit;
}

void cf_check_ret(const void *got, const unsigned char *want, const unsigned char *mask, size_t n)
{
    if (cf_differs(got, want, mask, n))
        cf_bad |= CF_BAD_RET;
}

int cf_layout(const cp_type *t, size_t size, size_t align, const size_t *offsets, uint32_t n)
{
    size_t s, a, got[64];
    uint32_t i;
    if (n > 64 || cp_type_layout(t, &s, &a, n ? got : NULL, n) != CP_OK || s != size || a != align)
        return 0;
    for (i = 0; i < n; i++)
        if (got[i] != offsets[i])
            return 0;
    return 1;
}

uint64_t cf_run_direct(const cf_case *c)
{
    cf_seen = 0xFFFFFFFFu;
    cf_bad = 0;
    c->direct();
    return (cf_seen != c->id ? CF_BAD_UNCALLED : 0) | cf_bad;
}

uint64_t cf_run_plan(const cf_case *c)
{
    _Alignas(16) unsigned char plan[CP_PLAN_SIZE(CP_MAX_ARGS)];
    _Alignas(16) unsigned char ret[64 + 32];
    int has_ret = !(c->flags & CF_VOID);
    uint64_t bad = 0;
    cp_status s;
    size_t i;

    if (c->reject_with && c->build(plan, sizeof plan, c->reject_pos, c->reject_with) != CP_ERR_VARIADIC)
        bad |= CF_BAD_REJECT;
    s = c->build(plan, sizeof plan, 0, NULL);
    if (s == CF_ST_LAYOUT)
        return bad | CF_BAD_LAYOUT;
    if (s != CP_OK)
        return bad | CF_BAD_BUILD | (uint64_t)s << 48;
    for (i = 0; i < sizeof ret; i++)
        ret[i] = 0xA5;
    cf_seen = 0xFFFFFFFFu;
    cf_bad = 0;
    cp_call((const cp_plan *)(void *)plan, c->fn, has_ret ? ret : NULL, c->args);
    bad |= (cf_seen != c->id ? CF_BAD_UNCALLED : 0) | cf_bad;
    if (has_ret && cf_differs(ret, c->ret, c->ret_mask, c->ret_size))
        bad |= CF_BAD_RET;
    for (i = c->ret_size; has_ret && i < sizeof ret; i++)
        if (ret[i] != 0xA5)
            bad |= CF_BAD_CANARY;
    return bad;
}
'''

HOST_MAIN_C = r'''/* Generated by tools/conform.py: runs every case, both ways, against one compiler's callees.
 * Usage: main gcc|clang [first-id [first-path]]. Prints "id d|p hexmask" per call, or
 * "id d|p crash SIGNAL" for a case run in a child process (the ones expected to misbehave). */
#define _POSIX_C_SOURCE 200809L
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include "conform.h"

struct cf_batch {
    const cf_case *cases;
    const uint32_t *count;
};
extern const struct cf_batch cf_batches[];
extern const uint32_t cf_nbatches;

static void run(const cf_case *c, int path)
{
    uint64_t bad = path ? cf_run_plan(c) : cf_run_direct(c);
    printf("%u %c %llx\n", c->id, "dp"[path], (unsigned long long)bad);
}

static void run_isolated(const cf_case *c, int path)
{
    int st;
    pid_t pid;
    fflush(stdout);
    pid = fork();
    if (pid == 0) {
        alarm(20);
        run(c, path);
        fflush(stdout);
        _exit(0);
    }
    if (pid < 0 || waitpid(pid, &st, 0) != pid)
        printf("%u %c error\n", c->id, "dp"[path]);
    else if (WIFSIGNALED(st))
        printf("%u %c crash %d\n", c->id, "dp"[path], WTERMSIG(st));
    else if (WEXITSTATUS(st))
        printf("%u %c exit %d\n", c->id, "dp"[path], WEXITSTATUS(st));
}

int main(int argc, char **argv)
{
    unsigned fork_flag = argc > 1 && argv[1][0] == 'c' ? CF_FORK_CLANG : CF_FORK_GCC;
    unsigned long first = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
    int first_path = argc > 3 ? atoi(argv[3]) : 0;
    uint32_t b, i;
    int path;

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (b = 0; b < cf_nbatches; b++)
        for (i = 0; i < *cf_batches[b].count; i++) {
            const cf_case *c = &cf_batches[b].cases[i];
            if (c->id < first)
                continue;
            for (path = c->id == first ? first_path : 0; path < 2; path++) {
                if (c->flags & fork_flag)
                    run_isolated(c, path);
                else
                    run(c, path);
            }
        }
    printf("done\n");
    return 0;
}
'''


def c_bytes(data, indent='    '):
    """A C string literal of exactly these bytes, 24 per line."""
    if not data:
        return '""'
    chunks = [data[i:i + 24] for i in range(0, len(data), 24)]
    return ('\n' + indent).join('"' + ''.join(f'\\x{b:02x}' for b in c) + '"' for c in chunks)


def blob_layout(case):
    """Offsets of each argument's and the return value's bytes in the case's data blob."""
    offs, at = [], 0
    for v in case.values:
        at = roundup(at, 16)
        offs.append(at)
        at += len(v)
    at = roundup(at, 16)
    return offs, at, max(at + len(case.ret_value), 1)


def int_value(kind, data):
    """The C value of an integer scalar's bytes."""
    v = int.from_bytes(data, 'little')
    if kind.startswith('i') and v >= 1 << (8 * len(data) - 1):
        v -= 1 << (8 * len(data))
    return v


class TypeNames:
    """C names of the records and arrays of a translation unit, declared children first."""

    def __init__(self):
        self.ids = {}

    def add(self, t):
        if isinstance(t, Scalar) or t in self.ids:
            return
        for child in (t.elem,) if isinstance(t, Array) else t.members:
            self.add(child)
        self.ids[t] = len(self.ids)

    def ctype(self, t):
        return 'void' if t is None else SCALARS[t.kind].ctype if isinstance(t, Scalar) else f'cf_t{self.ids[t]}'

    def declarator(self, t, name):
        if isinstance(t, Array):
            return self.declarator(t.elem, f'{name}[{t.count}]')
        ctype = self.ctype(t)
        return f'{ctype}{name}' if ctype.endswith('*') else f'{ctype} {name}'

    def records(self):
        return [t for t in self.ids if isinstance(t, Record)]

    def typedefs(self):
        out = []
        for t in self.records():
            n, attrs = self.ids[t], []
            if t.packed:
                attrs.append('packed')
            if t.align:
                attrs.append(f'aligned({t.align})')
            attr = f' __attribute__(({", ".join(attrs)}))' if attrs else ''
            body = ' '.join(self.declarator(m, f'm{i}') + ';' for i, m in enumerate(t.members))
            kw = 'union' if t.union else 'struct'
            out.append(f'__extension__ typedef {kw}{attr} cf_s{n} {{ {body} }} cf_t{n};')
        return '\n'.join(out)

    def static_desc(self, t):
        if isinstance(t, Scalar):
            return SCALARS[t.kind].desc
        return f'cf_{"arr" if isinstance(t, Array) else "d"}{self.ids[t]}'

    def offsets_name(self, t):
        return f'cf_o{self.ids[t]}' if t.members else 'NULL'


def record_descriptor(t, member_desc):
    """The CP_STRUCT/CP_UNION(_EX) initializer of a record, member_desc naming each member's."""
    if not t.members and not t.packed and not t.align:
        return 'CP_EMPTY_STRUCT'
    offsets = layout(t)[2]
    members = ', '.join(f'CP_MEMBER_AT({member_desc(m)}, {offsets[i]})' if t.at else f'CP_MEMBER({member_desc(m)})'
                        for i, m in enumerate(t.members))
    kw = 'CP_UNION' if t.union else 'CP_STRUCT'
    if t.packed or t.align:
        flags = 'CP_TYPE_PACKED' if t.packed else '0'
        return f'{kw}_EX({flags}, {t.align}, 0, {members})'
    return f'{kw}({members})'


class Unit:
    """The C text of a group of cases that share one type namespace: a batch of the host suite,
    the kernel tables, or one reproducer."""

    def __init__(self, cases, names=None):
        self.cases = cases
        self.names = names or TypeNames()
        for c in cases:
            for t in c.args + ([c.ret] if c.ret is not None else []):
                self.names.add(t)

    # ---- shared declarations ------------------------------------------------------------------
    def header(self, guard=None):
        """Types and declarations; with a guard, as a header that includes conform.h."""
        lines = ['/* Generated by tools/conform.py. */']
        if guard:
            lines += [f'#ifndef {guard}', f'#define {guard}', '#include "conform.h"']
        lines += ['', self.names.typedefs(), '']
        for c in self.cases:
            lines.append(f'extern const unsigned char cf_v{c.id}[], cf_k{c.id}[];')
            lines.append(self.prototype(c) + ';')
            lines.append(f'void cf_c{c.id}(void);')
        if guard:
            lines.append('#endif')
        return '\n'.join(lines) + '\n'

    def prototype(self, c):
        params = [self.names.declarator(t, f'a{i}') for i, t in enumerate(c.args[:c.nfixed])]
        if c.variadic:
            params.append('...')
        return f'{self.names.ctype(c.ret)} cf_f{c.id}({", ".join(params) or "void"})'

    def data(self):
        out = []
        for c in self.cases:
            offs, ret_off, size = blob_layout(c)
            blob, mask = bytearray(size), bytearray(size)
            for t, v, o in zip(c.args, c.values, offs):
                blob[o:o + len(v)] = v
                mask[o:o + len(v)] = bytes(0xFF * b for b in value_mask(t))
            if c.ret is not None:
                blob[ret_off:ret_off + len(c.ret_value)] = c.ret_value
                mask[ret_off:ret_off + len(c.ret_value)] = bytes(0xFF * b for b in value_mask(c.ret))
            out.append(f'/* {c.name}: {self.signature(c)} */')
            out.append(f'_Alignas(16) const unsigned char cf_v{c.id}[{size}] =\n    {c_bytes(blob)};')
            out.append(f'const unsigned char cf_k{c.id}[{size}] =\n    {c_bytes(mask)};')
        return '\n'.join(out) + '\n'

    def signature(self, c):
        """The case's signature in C, for messages."""
        return self.prototype(c).replace(f'cf_f{c.id}', 'f')

    # ---- callees ------------------------------------------------------------------------------
    def callee(self, c, attr=''):
        """The callee: reads every argument (variadic ones with va_arg), has cf_args compare
        them with the blob, and returns the chosen value."""
        body = ['    uint64_t bad = 0;']
        got = [f'&a{i}' for i in range(c.nfixed if c.variadic else len(c.args))]
        sizes = [str(size_of(t)) for t in c.args]
        if c.variadic:
            body += ['    va_list ap;', f'    va_start(ap, a{c.nfixed - 1});']
            for i in range(c.nfixed, len(c.args)):
                lines, read = self.read_vararg(c, i, c.args[i])
                body += lines
                got.append(read or 'NULL')
                if not read:
                    sizes[i] += ' | CF_SKIP'
            body.append('    va_end(ap);')
        if c.args:
            body += [f'    static const uint16_t sizes[] = {{ {", ".join(sizes)} }};',
                     f'    const void *got[] = {{ {", ".join(got)} }};',
                     f'    bad |= cf_args(got, sizes, {len(c.args)}u, cf_v{c.id}, cf_k{c.id});']
        for i, t in enumerate(c.args[:c.nfixed]):
            if isinstance(t, Scalar) and t.kind in SMALL_INTS:
                # The value as a wide integer: a clang callee relies on the caller's extension.
                body += [f'    if ((int64_t)a{i} != {int_value(t.kind, c.values[i])})',
                         f'        bad |= CF_ARG({i});']
        body.append(f'    cf_note({c.id}u, bad);')
        if c.ret is not None:
            ret_off = blob_layout(c)[1]
            body.append(f'    {{\n        {self.names.declarator(c.ret, "r")};\n'
                        f'        cf_copy(&r, cf_v{c.id} + {ret_off}, sizeof r);\n        return r;\n    }}')
        return f'{attr}{self.prototype(c)}\n{{\n' + '\n'.join(body) + '\n}\n'

    def read_vararg(self, c, i, t):
        """Lines that fetch variadic argument i; the name of the copy cf_args checks, or None
        when the lines check it themselves."""
        size = size_of(t)
        if not (is_aggregate(t) and 0 < size <= 16):
            return [f'    {self.names.declarator(t, f"v{i}")} = va_arg(ap, {self.names.ctype(t)});'], f'&v{i}'
        # One test per word, each with a call: the shape that makes gcc 12 copy the value with
        # movdqa from the register save area (and fault when that is not 16-aligned).
        lines = ['    {', f'        union {{ {self.names.declarator(t, "v")}; uint64_t w[{(size + 7) // 8}]; }} u;',
                 f'        u.v = va_arg(ap, {self.names.ctype(t)});']
        for w in range((size + 7) // 8):
            value = int.from_bytes(c.values[i][8 * w:8 * w + 8].ljust(8, b'\0'), 'little')
            mask = int.from_bytes(bytes(0xFF * b for b in value_mask(t)[8 * w:8 * w + 8]).ljust(8, b'\0'), 'little')
            if mask:
                lines.append(f'        if ((u.w[{w}] ^ 0x{value & mask:016x}ull) & 0x{mask:016x}ull)\n'
                             f'            cf_mark(&bad, CF_ARG({i}));')
        return lines + ['    }'], None

    def callees(self):
        return '\n'.join(self.callee(c) for c in self.cases)

    # ---- the compiler's own calls --------------------------------------------------------------
    def direct(self, c):
        offs, ret_off, _ = blob_layout(c)
        lines = [f'    {self.names.declarator(t, f"a{i}")};' for i, t in enumerate(c.args)]
        if c.ret is not None:
            lines.append(f'    {self.names.declarator(c.ret, "r")};')
        lines += [f'    cf_copy(&a{i}, cf_v{c.id} + {o}, sizeof a{i});' for i, o in enumerate(offs)]
        call = f'cf_f{c.id}({", ".join(f"a{i}" for i in range(len(c.args)))})'
        if c.ret is None:
            lines.append(f'    {call};')
        else:
            lines += [f'    r = {call};',
                      f'    cf_check_ret(&r, cf_v{c.id} + {ret_off}, cf_k{c.id} + {ret_off}, sizeof r);']
        return f'void cf_c{c.id}(void)\n{{\n' + '\n'.join(lines) + '\n}\n'

    def directs(self):
        return '\n'.join(self.direct(c) for c in self.cases)

    # ---- plans --------------------------------------------------------------------------------
    def static_descriptors(self):
        """File-scope descriptors of the types the static-descriptor cases use, children first."""
        used = TypeNames()
        for c in self.cases:
            if not c.runtime:
                for t in c.args + ([c.ret] if c.ret is not None else []):
                    used.add(t)
        out = []
        for t in used.ids:
            name = self.names.static_desc(t)
            if isinstance(t, Array):
                out.append(f'static const cp_type {name} = CP_ARRAY({self.names.static_desc(t.elem)}, {t.count});')
            else:
                out.append(f'static const cp_type {name} = {record_descriptor(t, self.names.static_desc)};')
        return '\n'.join(out)

    def offset_tables(self):
        out = []
        for t in self.names.records():
            if t.members:
                offs = ', '.join(f'offsetof(cf_t{self.names.ids[t]}, m{i})' for i in range(len(t.members)))
                out.append(f'static const size_t {self.names.offsets_name(t)}[] = {{ {offs} }};')
        return '\n'.join(out)

    def runtime_descriptors(self, c):
        """Statements that build the case's descriptors in local memory; returns (lines, namer)."""
        local = TypeNames()
        for t in c.args + ([c.ret] if c.ret is not None else []):
            local.add(t)
        if not local.ids:
            return [], self.names.static_desc
        slot = {t: i for i, t in enumerate(local.ids)}
        nmembers = sum(len(t.members) for t in local.records())

        def name(t):
            return SCALARS[t.kind].desc if isinstance(t, Scalar) else f'rt[{slot[t]}]'

        lines = [f'    cp_type rt[{len(slot)}];']
        if nmembers:
            lines.append(f'    cp_member rm[{nmembers}];')
        j = 0
        for t in local.ids:
            k = slot[t]
            if isinstance(t, Array):
                lines.append(f'    cp_type_array(&rt[{k}], &{name(t.elem)}, {t.count}u);')
                continue
            offsets = layout(t)[2]
            for i, m in enumerate(t.members):
                lines.append(f'    rm[{j + i}].type = &{name(m)};')
                lines.append(f'    rm[{j + i}].offset = {offsets[i] if t.at else "CP_OFFSET_AUTO"};')
            members = f'&rm[{j}]' if t.members else 'NULL'
            fn = 'cp_type_union' if t.union else 'cp_type_struct'
            lines.append(f'    {fn}(&rt[{k}], {members}, {len(t.members)}u);')
            if t.packed:
                lines.append(f'    rt[{k}].flags = CP_TYPE_PACKED;')
            if t.align:
                lines.append(f'    rt[{k}].align = {t.align};')
            j += len(t.members)
        return lines, name

    def plan_builder(self, c):
        lines, name = self.runtime_descriptors(c) if c.runtime else ([], self.names.static_desc)
        n = len(c.args)
        lines += [f'    const cp_type *args[{max(n, 1)}];', '    cp_sig sig;']
        lines += [f'    args[{i}] = &{name(t)};' for i, t in enumerate(c.args)]
        lines.append('    if (with)\n        args[swap] = with;')
        seen = set()
        for t in c.args + ([c.ret] if c.ret is not None else []):
            for r in records_in(t):
                if r not in seen:
                    seen.add(r)
                    tn = self.names.ctype(r)
                    lines.append(f'    if (!cf_layout(&{name(r)}, sizeof({tn}), _Alignof({tn}), '
                                 f'{self.names.offsets_name(r)}, {len(r.members)}u))')
                    lines.append('        return CF_ST_LAYOUT;')
        if c.ret is None:
            ret = 'NULL' if c.id % 2 else '&cp_type_void'
        else:
            ret = f'&{name(c.ret)}'
        nfixed = c.nfixed if c.variadic else (n if c.id % 2 else 0)
        lines += ['    sig.abi = CP_ABI_DEFAULT;', f'    sig.ret = {ret};', '    sig.args = args;',
                  f'    sig.nargs = {n}u;', f'    sig.nfixed = {nfixed}u;',
                  f'    sig.flags = {"CP_SIG_VARIADIC" if c.variadic else "0"};',
                  '    return cp_plan_build(buf, cap, &sig, NULL);']
        head = f'static cp_status cf_p{c.id}(void *buf, size_t cap, uint32_t swap, const cp_type *with)'
        return head + '\n{\n' + '\n'.join(lines) + '\n}\n'

    def case_entry(self, c, flags):
        offs, ret_off, _ = blob_layout(c)
        args = f'cf_av{c.id}' if c.args else 'NULL'
        if c.ret is None:
            ret, flags = 'NULL, NULL, 0u', flags | FLAG_VOID
        else:
            ret = f'cf_v{c.id} + {ret_off}, cf_k{c.id} + {ret_off}, {size_of(c.ret)}u'
        reject = f'{c.reject[0]}u, &{SCALARS[c.reject[1]].desc}' if c.reject else '0u, NULL'
        return (f'    {{ {c.id}u, 0x{flags:x}u, cf_p{c.id}, (cf_fn)cf_f{c.id}, CF_DIRECT(cf_c{c.id}), '
                f'{args}, {ret}, {reject} }},')

    def plans(self, table, flags_of):
        """Descriptors, plan builders, argument vectors and the case table `table`."""
        out = [self.static_descriptors(), self.offset_tables(), '']
        for c in self.cases:
            offs = blob_layout(c)[0]
            if c.args:
                vec = ', '.join(f'(void *)(cf_v{c.id} + {o})' for o in offs)
                out.append(f'static void *const cf_av{c.id}[] = {{ {vec} }};')
            out.append(self.plan_builder(c))
        out.append(f'const cf_case {table}[] = {{')
        out += [self.case_entry(c, flags_of(c)) for c in self.cases]
        out += ['};', f'const uint32_t {table.replace("cases", "ncases")} = {len(self.cases)}u;']
        return '\n'.join(out) + '\n'


# =================================================================================================
# Expected outcomes: what a callee reads, byte by byte, where a caller put the arguments
# =================================================================================================

FLAG_FORK_GCC, FLAG_FORK_CLANG, FLAG_VOID, FLAG_XFAIL_GCC, FLAG_XFAIL_CLANG = 1, 2, 4, 8, 0x10
RET_BIT, CANARY_BIT, UNCALLED_BIT, BUILD_BIT, LAYOUT_BIT, REJECT_BIT = 40, 41, 42, 43, 44, 45
BIT_NAMES = {RET_BIT: 'return value', CANARY_BIT: 'canary after the return buffer overwritten',
             UNCALLED_BIT: 'callee not reached', BUILD_BIT: 'cp_plan_build failed',
             LAYOUT_BIT: 'cp_type_layout differs from the compiler',
             REJECT_BIT: 'unpromoted variadic type not rejected with CP_ERR_VARIADIC'}
COMPILERS = ('gcc', 'clang')
PATHS = {'d': 'direct call (compiler)', 'p': 'cp_call'}


@dataclasses.dataclass(frozen=True)
class Expect:
    """The predicted outcome of one call: bits that must be set, bits that may be set (the callee
    reads bytes the caller never wrote), and whether the call may crash."""
    fail: frozenset = frozenset()
    maybe: frozenset = frozenset()
    crash: bool = False

    @property
    def clean(self):
        return not (self.fail or self.maybe or self.crash)


def _extension(t, value):
    """A small integer's value bytes widened to 32 bits, as callers extend it in a register."""
    if t.kind == 'bool' or t.kind.startswith('u'):
        return value.ljust(4, b'\0')
    return int_value(t.kind, value).to_bytes(4, 'little', signed=True)


def _value_bytes(t, value, pieces):
    """(location, expected byte) for every value byte of an argument placed as `pieces`."""
    mask = value_mask(t)
    wide = _extension(t, value) if isinstance(t, Scalar) and t.kind in SMALL_INTS else None
    for space, base, src, length in pieces:
        for k in range(length):
            if src + k < len(value) and mask[src + k]:
                yield (space, base + k), value[src + k]
        if wide and space == 'gp':
            for k in range(length, 4):
                yield (space, base + k), wide[k]


def machine_image(case, placement):
    """The bytes a caller leaves in registers and on the stack (unknown ones are absent)."""
    img = {}
    for t, v, pieces in zip(case.args, case.values, placement.args):
        img.update(_value_bytes(t, v, pieces))
    return img


def read_verdict(img, t, value, pieces):
    """'pass', 'fail' or 'maybe' for a callee that reads an argument at `pieces`. A small
    integer's extension bytes only make it 'maybe': a callee may or may not look at them."""
    unknown, fail, value_len = False, False, size_of(t)
    for loc, want in _value_bytes(t, value, pieces):
        got = img.get(loc)
        if got is None or (got != want and isinstance(t, Scalar) and loc[1] % 8 >= value_len):
            unknown = True
        elif got != want:
            fail = True
    return 'fail' if fail else 'maybe' if unknown else 'pass'


def predict(case, caller, callee, bug=frozenset()):
    """Expected outcome of a callee that reads as `callee` says, called as `caller` says."""
    img, fail, maybe = machine_image(case, caller), set(), set()
    for i, t in enumerate(case.args):
        verdict = 'fail' if i in bug else read_verdict(img, t, case.values[i], callee.args[i])
        (fail if verdict == 'fail' else maybe if verdict == 'maybe' else set()).add(i)
    crash = bool(bug)
    if caller.ret != callee.ret:
        maybe.add(RET_BIT)
        crash = crash or callee.ret == 'sret'   # it stores through RDI, which holds no buffer
    return Expect(frozenset(fail), frozenset(maybe), crash)


@dataclasses.dataclass
class Analysis:
    """Everything the suite derives from a case's signature."""
    gcc: Placement
    clang_caller: Placement
    clang_callee: Placement
    expect: dict                # (compiler, path) -> Expect
    shapes: set                 # gcc/clang DIFF shapes present
    coverage: set


def analyse(case):
    gcc = place_gcc(case)
    clang_caller, clang_callee = place_clang(case, False), place_clang(case, True)
    bug = frozenset(gcc.vaarg_bug)
    expect = {('gcc', 'd'): predict(case, gcc, gcc, bug), ('gcc', 'p'): predict(case, gcc, gcc, bug),
              ('clang', 'd'): predict(case, clang_caller, clang_callee),
              ('clang', 'p'): predict(case, gcc, clang_callee)}
    shapes = diff_shapes(case, gcc, clang_caller)
    return Analysis(gcc, clang_caller, clang_callee, expect, shapes, coverage_items(case, gcc, shapes))


def diff_shapes(case, gcc, clang):
    """The ABI.md 1.8 shapes a case contains (a '-va' suffix: in a variadic position)."""
    shapes = set()
    f128_before = False
    for i, t in enumerate(case.args):
        va = '-va' if case.is_vararg(i) else ''
        pieces = clang.args[i]
        if isinstance(t, Scalar) and t.kind in ('i128', 'u128'):
            spaces = {p[0] for p in pieces}
            if spaces == {'gp', 'stack'}:
                shapes.add('diff:i128-r9' + va)
            elif spaces == {'stack'} and pieces[0][1] % 16:
                shapes.add('diff:i128-stack' + va)
        elif is_aggregate(t) and classify(t) != classify(t, True):
            shapes.add((_f128_shape(t) if has_atom(t, ('f128',)) else 'diff:packed-array') + va)
        elif t == S('f128') and va:
            shapes.add('diff:f128-vaarg')
        elif f128_before and pieces != gcc.args[i]:
            shapes.add('diff:f128-then-fp' + va)     # the front end's SSE count is off
        f128_before = f128_before or (t == S('f128') and not va)
    ret = case.ret
    if ret is not None and is_aggregate(ret) and ret_location(ret) != ret_location(ret, True):
        shapes.add(_f128_shape(ret) if has_atom(ret, ('f128',)) else 'diff:packed-array')
    if gcc.vaarg_bug:
        shapes.add('diff:gcc-vaarg')
    return shapes


def _f128_shape(t):
    return 'diff:union-f128' if any(r.union for r in records_in(t)) else 'diff:struct-f128'


# =================================================================================================
# Coverage
# =================================================================================================

def class_item(t):
    cls = classify(t)
    if cls is None:
        if size_of(t) > 16:
            return 'class:MEM-size'
        if any(off % ATOM_ALIGN[k] for off, k in atoms(t)):
            nested = any(off % ATOM_ALIGN[k] for m in t.members if isinstance(m, Record) for off, k in
                         ((o + layout(t)[2][t.members.index(m)], k) for o, k in atoms(m)))
            return 'class:MEM-packed-nested' if nested else 'class:MEM-packed'
        if any(classify(r) is None for r in list(records_in(t))[:-1]):
            return 'class:MEM-nested'
        return 'class:MEM-x87'
    return 'class:' + '-'.join(cls) if cls else None


def aggregate_items(t):
    size = size_of(t)
    items = {'agg:union' if t.union else 'agg:struct', class_item(t)} if isinstance(t, Record) else set()
    if size == 0:
        items.add('agg:empty')
    for lo, hi in SIZE_BUCKETS:
        if lo <= size <= hi:
            items.add(f'agg:size{lo}-{hi}')
    if depth_of(t) >= 3:
        items.add('agg:depth3')
    if any(isinstance(m, Array) for r in records_in(t) for m in r.members):
        items.add('agg:array')
    if any(r.align == 16 for r in records_in(t)):
        items.add('agg:aligned16')
    if isinstance(t, Record) and t.packed:
        items.add('agg:packed-mem' if classify(t) is None else 'agg:packed-regs')
    return items - {None}


def ret_items(t):
    if t is None:
        return {'ret:void'}
    if isinstance(t, Scalar):
        return {'ret:' + t.kind}
    where = 'ret:sret' if ret_location(t) == 'sret' else 'ret:union' if t.union else 'ret:struct-regs'
    return {where} | aggregate_items(t)


def coverage_items(case, gcc, shapes):
    items = set(shapes) | ret_items(case.ret)
    for t in case.args:
        items |= {'arg:' + t.kind} if isinstance(t, Scalar) else aggregate_items(t)
    n = len(case.args)
    items.add(next(f'nargs:{lo}' if lo == hi else f'nargs:{lo}-{hi}'
                   for lo, hi in ((0, 0), (1, 6), (7, 12), (13, 23), (24, 24)) if lo <= n <= hi))
    items |= {e for e in gcc.events if ':' in e or e == 'backfill'}
    if gcc.gp in (5, 6):
        items.add(f'regs:gp-{gcc.gp}')
    if gcc.sse in (7, 8):
        items.add(f'regs:sse-{gcc.sse}')
    if case.variadic:
        items.add('variadic:no-varargs' if case.nfixed == n else 'variadic:varargs')
        if any(p[0] == 'stack' for i in range(case.nfixed, n) for p in gcc.args[i]):
            items.add('variadic:stack')
    if case.reject:
        items.add('reject:' + case.reject[1])
    records = [r for t in case.args + [case.ret] if t is not None for r in records_in(t)]
    items.add('desc:runtime' if case.runtime else 'desc:static')
    if any(r.at for r in records):
        items.add('desc:member-at')
    if not case.runtime and any(r.packed or r.align for r in records):
        items.add('desc:ex')
    return items


REQUIRED_COVERAGE = sorted(set(FOCI) | {'agg:struct', 'variadic:varargs', 'nargs:1-6', 'nargs:7-12',
                                        'nargs:13-23'})


# =================================================================================================
# Judging the observed outcomes
# =================================================================================================

def parse_outcome(fields):
    """A harness line's outcome: an int bit mask, or ('crash', signal) / ('error', text)."""
    if fields[0] == 'crash':
        return ('crash', int(fields[1]))
    if fields[0] in ('exit', 'error'):
        return ('error', ' '.join(fields))
    return int(fields[0], 16)


def bits_of(mask):
    return {b for b in range(64) if mask >> b & 1}


def judge(exp, obs):
    """(ok, description) of an observed outcome against the expected one."""
    if obs is None:
        return False, 'never ran (the harness died before it)'
    if isinstance(obs, tuple):
        desc = f'crashed with signal {obs[1]}' if obs[0] == 'crash' else obs[1]
        return exp.crash and obs[0] == 'crash', desc
    got = bits_of(obs)
    desc = describe_bits(obs)
    hard = {b for b in got if b > RET_BIT}
    if hard:
        return False, desc
    if not exp.fail <= got:
        return False, desc + f'; expected to fail: {describe_set(exp.fail - got)}'
    if not got <= exp.fail | exp.maybe:
        return False, desc + f'; unexpected: {describe_set(got - exp.fail - exp.maybe)}'
    if not got and exp.crash and not exp.maybe:
        return False, 'passed, but expected to fail (unexpected pass)'
    return True, desc


def describe_set(bits):
    return ', '.join(BIT_NAMES.get(b, f'arg {b}') for b in sorted(bits))


def describe_bits(mask):
    if not mask:
        return 'passed'
    bits = bits_of(mask & ((1 << 48) - 1))
    text = 'mismatched: ' + describe_set(bits)
    if mask >> BUILD_BIT & 1:
        text += f' (status {mask >> 48})'
    return text


def describe_expect(exp):
    if exp.clean:
        return 'pass'
    parts = []
    if exp.fail:
        parts.append('must fail: ' + describe_set(exp.fail))
    if exp.maybe:
        parts.append('may fail: ' + describe_set(exp.maybe))
    if exp.crash:
        parts.append('may crash')
    return '; '.join(parts)


# =================================================================================================
# Building and running
# =================================================================================================

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
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
        if os.path.exists(obj) and os.path.getmtime(obj) >= max(os.path.getmtime(p) for p in inputs):
            self.reused += 1
            return obj
        cmd = [cc, *flags, '-c', src, '-o', obj]
        self.jobs.append((cmd, self.pool.submit(subprocess.run, cmd, capture_output=True, text=True)))
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


def run_harness(exe, compiler, ids):
    """Runs one compiler's executable over every case; restarts it after the call it died in.
    Returns {(id, path): outcome}."""
    results, first, path = {}, 0, 0
    while True:
        proc = subprocess.run([exe, compiler, str(first), str(path)], capture_output=True, text=True)
        last, done = None, False
        for line in proc.stdout.splitlines():
            fields = line.split()
            if fields == ['done']:
                done = True
            elif len(fields) >= 3:
                last = (int(fields[0]), fields[1])
                results[last] = parse_outcome(fields[2:])
        if done:
            return results
        died = _next_call(last, ids)
        if died is None:
            return results
        results[died] = ('crash', -proc.returncode if proc.returncode < 0 else 0)
        following = _next_call(died, ids)
        if following is None:
            return results
        first, path = following[0], 0 if following[1] == 'd' else 1


def _next_call(call, ids):
    if call is None:
        return (ids[0], 'd') if ids else None
    cid, path = call
    if path == 'd':
        return (cid, 'p')
    pos = ids.index(cid) + 1
    return (ids[pos], 'd') if pos < len(ids) else None


def flags_of(analysis):
    """cf_case flags: which compilers' callees are expected to misbehave (run in a child)."""
    flags = 0
    for cc, fork, xfail in (('gcc', FLAG_FORK_GCC, FLAG_XFAIL_GCC), ('clang', FLAG_FORK_CLANG, FLAG_XFAIL_CLANG)):
        if not all(analysis.expect[cc, p].clean for p in PATHS):
            flags |= fork | xfail
    return flags


# =================================================================================================
# The suite
# =================================================================================================

class Suite:
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

    # ---- generation -----------------------------------------------------------------------------
    def generate(self):
        cases = []
        for seed in self.opts.seed_list:
            for index in range(self.opts.count):
                case = make_case(seed, index)
                case.id = len(cases)
                cases.append(case)
        return cases, [analyse(c) for c in cases]

    def emit_host(self, cases, analyses):
        """Writes the host suite's sources; returns the batches' file stems."""
        os.makedirs(self.obj, exist_ok=True)
        write_if_changed(os.path.join(self.dir, 'conform.h'), RUNTIME_H)
        write_if_changed(os.path.join(self.dir, 'rt.c'), '#include "conform.h"\n\n' + RUNTIME_C)
        write_if_changed(os.path.join(self.dir, 'main.c'), HOST_MAIN_C)
        stems, flags = [], {c.id: flags_of(a) for c, a in zip(cases, analyses)}
        for b in range(0, len(cases), self.opts.batch):
            stem = f'b{b // self.opts.batch:03d}'
            unit = Unit(cases[b:b + self.opts.batch])
            inc = f'#include "{stem}.h"\n\n'
            files = {'.h': unit.header(f'CF_{stem.upper()}_H'), '_data.c': inc + unit.data(),
                     '_callee.c': inc + unit.callees(), '_direct.c': inc + unit.directs(),
                     '_plan.c': inc + unit.plans(f'cf_cases_{stem}', lambda c: flags[c.id])}
            for suffix, text in files.items():
                write_if_changed(os.path.join(self.dir, stem + suffix), text)
            stems.append(stem)
        index = ['/* Generated by tools/conform.py. */', '#include "conform.h"', '',
                 'struct cf_batch { const cf_case *cases; const uint32_t *count; };']
        index += [f'extern const cf_case cf_cases_{s}[];\nextern const uint32_t cf_ncases_{s};' for s in stems]
        index += ['const struct cf_batch cf_batches[] = {']
        index += [f'    {{ cf_cases_{s}, &cf_ncases_{s} }},' for s in stems] + ['};']
        index += [f'const uint32_t cf_nbatches = {len(stems)}u;', '']
        write_if_changed(os.path.join(self.dir, 'index.c'), '\n'.join(index))
        return stems

    # ---- compiling ------------------------------------------------------------------------------
    def compile_host(self, comp, stems):
        """Queues every host object; returns {compiler: [objects to link]}."""
        d, inc = self.dir, ['-I' + self.dir, '-I' + os.path.join(ROOT, 'include')]
        hdr = [os.path.join(d, 'conform.h'), os.path.join(ROOT, 'include', 'callplan.h')]

        def obj(name, cc):
            return os.path.join(self.obj, f'{name}.{cc}.o')

        common = [comp.compile('gcc', os.path.join(d, 'rt.c'), obj('rt', 'gcc'), WARN + ['-O1'] + inc, hdr),
                  comp.compile('gcc', os.path.join(d, 'main.c'), obj('main', 'gcc'), WARN + ['-O1'] + inc, hdr),
                  comp.compile('gcc', os.path.join(d, 'index.c'), obj('index', 'gcc'), WARN + inc, hdr)]
        per_cc = {cc: [] for cc in COMPILERS}
        for stem in stems:
            deps = hdr + [os.path.join(d, stem + '.h')]
            # Callees at -O1: clang then relies on the caller's extension of small integers, and
            # gcc 12 shows its va_arg bug. Direct calls place arguments the same at -O0.
            for part, opt in (('_callee', '-O1'), ('_direct', '-O0')):
                for cc in COMPILERS:
                    per_cc[cc].append(comp.compile(cc, os.path.join(d, stem + part + '.c'), obj(stem + part, cc),
                                                   WARN + [opt] + inc, deps))
            # Data and plan builders are compiler-neutral: the fastest compiler takes them.
            for part in ('_data', '_plan'):
                common.append(comp.compile('clang', os.path.join(d, stem + part + '.c'), obj(stem + part, 'clang'),
                                           WARN + ['-O0'] + inc, deps))
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

    def run_all(self, exes, ids):
        with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
            futs = {cc: pool.submit(run_harness, exe, cc, ids) for cc, exe in exes.items()}
            return {cc: f.result() for cc, f in futs.items()}

    # ---- the kernel variant ---------------------------------------------------------------------
    def emit_kernel(self, comp, cases, analyses):
        """build/conform/kernel: plain C tables (no libc) and callee objects with the kernel's
        flags, plus an integer-only subset for the image without FPU. Returns link checks."""
        flags = {c.id: flags_of(a) for c, a in zip(cases, analyses)}
        int_only = [c for c in cases if not any(has_atom(t, FLOAT_ATOMS) for t in c.args + [c.ret] if t is not None)]
        if self.opts.kernel_cases:
            cases = cases[:self.opts.kernel_cases]
        kdir = os.path.join(self.opts.build, 'conform', 'kernel')
        os.makedirs(kdir, exist_ok=True)
        write_if_changed(os.path.join(kdir, 'conform.h'), RUNTIME_H)
        checks = []
        for name, subset, extra in (('cases', cases, []), ('cases_int', int_only, ['-mgeneral-regs-only'])):
            defs = '#define CF_INT_ONLY\n' if extra else ''
            unit = Unit(subset)
            table = 'cf_kernel_int_cases' if extra else 'cf_kernel_cases'
            head = (f'/* Generated by tools/conform.py: {len(subset)} conformance cases as plain C tables for\n'
                    f' * the kernel ({"integer-only subset, no FPU" if extra else "SSE/x87 image"}). No libc. */\n')
            write_if_changed(os.path.join(kdir, name + '.h'), defs + unit.header(f'CF_{name.upper()}_H'))
            write_if_changed(os.path.join(kdir, name + '.c'),
                             head + '#define CF_NO_DIRECT\n' + f'#include "{name}.h"\n\n' + RUNTIME_C + '\n'
                             + unit.data() + unit.plans(table, lambda c: flags[c.id]))
            callee_name = name.replace('cases', 'callees')
            write_if_changed(os.path.join(kdir, callee_name + '.c'), f'#include "{name}.h"\n\n' + unit.callees())
            kflags = WARN + KERNEL_FLAGS + extra + ['-I' + kdir, '-I' + os.path.join(ROOT, 'include')]
            deps = [os.path.join(kdir, name + '.h'), os.path.join(kdir, 'conform.h')]
            tables = comp.compile('gcc', os.path.join(kdir, name + '.c'), os.path.join(kdir, name + '.o'), kflags, deps)
            for cc in COMPILERS:
                callees = comp.compile(cc, os.path.join(kdir, callee_name + '.c'),
                                       os.path.join(kdir, f'{callee_name}.{cc}.o'), kflags, deps)
                checks.append((f'{name}.o + {callee_name}.{cc}.o ({len(subset)} cases)', [tables, callees]))
        return checks

    def check_kernel(self, checks):
        """Each table object linked (ld -r) with its callees and callplan.o has no undefined symbol."""
        for title, objs in checks:
            merged = objs[1].replace('.o', '.linked.o')
            res = subprocess.run(['ld', '-r', '-o', merged, *objs, os.path.join(self.opts.build, 'callplan.o')],
                                 capture_output=True, text=True)
            undefined = subprocess.run(['nm', '-u', merged], capture_output=True, text=True).stdout.split() \
                if not res.returncode else [res.stderr.strip()]
            if undefined:
                print(f'FAIL kernel {title}: undefined symbols: {" ".join(undefined[:20])}')
                self.failed_checks += 1
            else:
                print(f'ok - kernel {title}: freestanding, nm -u empty after ld -r with callplan.o')

    # ---- the whole run --------------------------------------------------------------------------
    def run(self):
        start = time.time()
        cases, analyses = self.timed('generate', self.generate)
        print(f'conform: {len(cases)} signatures x {len(COMPILERS)} compilers '
              f'(seeds {", ".join(map(str, self.opts.seed_list))}; {self.opts.count} each)', flush=True)
        stems = self.timed('emit', self.emit_host, cases, analyses)
        comp = Compiler(self.opts.jobs)
        t0 = time.time()
        objects = self.compile_host(comp, stems)
        kchecks = self.emit_kernel(comp, cases, analyses) if self.opts.kernel else []
        errors = comp.wait()
        exes, link_errors = self.link(objects) if not errors else ({}, [])
        self.times['compile'] = time.time() - t0
        if errors or link_errors:
            for e in (errors + link_errors)[:5]:
                print(e)
            print(f'FAIL build: {len(errors + link_errors)} compile/link errors')
            print(f'0 passed, {len(cases) * len(COMPILERS)} failed')
            return 1
        self.check_kernel(kchecks)
        results = self.timed('run', self.run_all, exes, [c.id for c in cases])
        report = Report(self, cases, analyses, results)
        self.times['total'] = time.time() - start
        return report.print(comp)


# =================================================================================================
# Reporting
# =================================================================================================

GP_NAMES = ('rdi', 'rsi', 'rdx', 'rcx', 'r8', 'r9')
REPRO_MAIN = r'''
static void cf_print(const char *what, uint64_t bad)
{
    int i;
    printf("%-30s %s", what, bad ? "FAIL:" : "ok");
    for (i = 0; i < 40; i++)
        if (bad >> i & 1)
            printf(" arg%d", i);
    if (bad & CF_BAD_RET)
        printf(" return-value");
    if (bad & CF_BAD_CANARY)
        printf(" canary");
    if (bad & CF_BAD_UNCALLED)
        printf(" callee-not-reached");
    if (bad & CF_BAD_BUILD)
        printf(" cp_plan_build=%s", cp_strerror((cp_status)(bad >> 48 & 0xFF)));
    if (bad & CF_BAD_LAYOUT)
        printf(" layout");
    if (bad & CF_BAD_REJECT)
        printf(" not-rejected");
    printf("\n");
}

int main(void)
{
    uint64_t direct = cf_run_direct(&cf_cases_repro[0]);
    uint64_t plan;
    cf_print("direct call (the compiler):", direct);
    fflush(stdout);
    plan = cf_run_plan(&cf_cases_repro[0]);
    cf_print("cp_call (callplan):", plan);
    return direct || plan;
}
'''


def fmt_pieces(pieces):
    """Human names of where an argument lives: rsi, xmm1, [16..32) on the stack."""
    out = []
    for space, base, src, length in pieces:
        if space == 'gp':
            name = GP_NAMES[base // 8] + (f'+{base % 8}' if base % 8 else '')
        elif space == 'xmm':
            name = f'xmm{base // 16}' + (f'+{base % 16}' if base % 16 else '')
        else:
            name = f'[{base}..{base + length})'
        out.append(name + (f'<-bytes {src}..{src + length}' if len(pieces) > 1 else ''))
    return ' '.join(out) or '(nothing)'


def placement_notes(case, a):
    lines = []
    for i, t in enumerate(case.args):
        g, c = fmt_pieces(a.gcc.args[i]), fmt_pieces(a.clang_callee.args[i])
        va = ' (variadic)' if case.is_vararg(i) else ''
        lines.append(f'a{i}{va}: gcc/callplan {g}' + (f'; clang 14 callee reads {c}' if c != g else ''))
    lines.append(f'return: gcc/callplan {a.gcc.ret or "void"}' +
                 (f'; clang 14 {a.clang_callee.ret}' if a.clang_callee.ret != a.gcc.ret else ''))
    return lines


def repro_text(case, a, failures):
    """One standalone C file showing the failure: cc -Iinclude repro.c build/libcallplan.a."""
    unit = Unit([case])
    cc = failures[0][0]
    notes = [f'callplan differential conformance: seed {case.seed}, case {case.index} (focus {case.focus}).',
             f'Signature: {unit.signature(case)}', '']
    notes += [f'FAILED against the {f[0]} callee, {PATHS[f[1]]}: {f[3]}; expected: {describe_expect(f[2])}'
              for f in failures]
    notes += ['', 'Build and run (the compiler matters: it compiles the callee and the direct call):',
              f'    {cc} -O1 -Iinclude {os.path.join("build", "conform", f"repro-{case.seed}-{case.index}.c")} '
              'build/libcallplan.a && ./a.out', '', 'Placement (tools/conform.py model):']
    notes += placement_notes(case, a)
    comment = '/* ' + '\n * '.join(notes) + '\n */'
    return '\n'.join([comment, '#include <stdio.h>', RUNTIME_H, RUNTIME_C, unit.header(), unit.data(),
                      unit.callee(case, '__attribute__((noinline)) '), unit.direct(case),
                      unit.plans('cf_cases_repro', lambda c: 0), REPRO_MAIN])


def shapes_against(shapes, compiler, path='p'):
    """The shapes that explain an expected failure of a call against this compiler's callee
    (clang's own calls only disagree with its callees on variadic arguments)."""
    if compiler == 'gcc':
        return sorted(shapes & {'diff:gcc-vaarg'})
    if path == 'd':
        return sorted(s for s in shapes if s.endswith('-va') or s == 'diff:f128-vaarg')
    return sorted(shapes - {'diff:gcc-vaarg'})


class Report:
    """Judges every (signature, compiler) and prints the verdicts, tallies and coverage."""

    def __init__(self, suite, cases, analyses, results):
        self.suite, self.cases, self.analyses, self.results = suite, cases, analyses, results
        self.passed = self.failed = 0
        self.failures = []
        self.tally = {}             # (shape, compiler) -> [expected to fail, as documented, undetermined pass]
        self.observed = {}          # (compiler, path, shapes) -> number of calls that failed as predicted
        for case, a in zip(cases, analyses):
            for cc in COMPILERS:
                self.judge_one(case, a, cc)

    def judge_one(self, case, a, cc):
        bad = []
        for path in PATHS:
            exp, obs = a.expect[cc, path], self.results[cc].get((case.id, path))
            ok, desc = judge(exp, obs)
            if not ok:
                bad.append((cc, path, exp, desc))
            elif obs != 0 and not exp.clean:
                key = (cc, path, ' '.join(shapes_against(a.shapes, cc, path)) or '(unattributed)')
                self.observed[key] = self.observed.get(key, 0) + 1
        if bad:
            self.failed += 1
            self.failures.append((case, a, bad))
        else:
            self.passed += 1
        if not all(a.expect[cc, p].clean for p in PATHS):
            undetermined = not bad and all(self.results[cc].get((case.id, p)) == 0 for p in PATHS)
            for shape in shapes_against(a.shapes, cc) or ['(unattributed)']:
                row = self.tally.setdefault((shape, cc), [0, 0, 0])
                row[0] += 1
                row[1] += not bad and not undetermined
                row[2] += undetermined

    # ---- printing -------------------------------------------------------------------------------
    def print(self, comp):
        self.print_failures()
        missing = self.print_coverage()
        self.print_tally()
        self.print_observed()
        t = self.suite.times
        print(f'time: generate {t["generate"]:.1f}s, emit {t["emit"]:.1f}s, compile+link {t["compile"]:.1f}s '
              f'({comp.built} objects built, {comp.reused} reused, {self.suite.opts.jobs} jobs), '
              f'run {t["run"]:.1f}s, total {t["total"]:.1f}s')
        failed = self.failed + self.suite.failed_checks + bool(missing)
        print(f'{self.passed} passed, {failed} failed')
        return 1 if failed else 0

    def print_failures(self, limit=20):
        out_dir = os.path.join(self.suite.opts.build, 'conform')
        for old in os.listdir(out_dir):
            if old.startswith('repro-') and old.endswith('.c'):
                os.remove(os.path.join(out_dir, old))
        with open(os.path.join(self.suite.dir, 'failures.txt'), 'w') as f:
            f.writelines(f'{c.seed} {c.index} {" ".join(sorted({b[0] for b in bad}))}\n' for c, _, bad in self.failures)
        by_case = {}
        for case, a, bad in self.failures:
            by_case.setdefault(case.id, (case, a, []))[2].extend(bad)
        for case, a, bad in list(by_case.values())[:200]:
            write_if_changed(os.path.join(out_dir, f'repro-{case.seed}-{case.index}.c'), repro_text(case, a, bad))
        for n, (case, a, bad) in enumerate(self.failures):
            repro = os.path.join(out_dir, f'repro-{case.seed}-{case.index}.c')
            if n >= limit:
                continue
            unit = Unit([case])
            print(f'FAIL seed {case.seed} case {case.index} against the {bad[0][0]} callee (focus {case.focus}):')
            print(f'    {unit.signature(case)}')
            for line in unit.names.typedefs().splitlines():
                print('    ' + line.replace('__extension__ typedef ', 'typedef '))
            for cc, path, exp, desc in bad:
                print(f'    {PATHS[path]}: {desc}; expected: {describe_expect(exp)}')
            print(f'    reproducer: {repro}')
        if len(self.failures) > limit:
            print(f'... {len(self.failures) - limit} more failures (reproducers in {out_dir})')

    def print_coverage(self):
        counts = {}
        for a in self.analyses:
            for item in a.coverage:
                counts[item] = counts.get(item, 0) + 1
        missing = [i for i in REQUIRED_COVERAGE if not counts.get(i)]
        enforce = self.suite.opts.count >= 2 * len(FOCI)
        print(f'coverage ({len(REQUIRED_COVERAGE) - len(missing)}/{len(REQUIRED_COVERAGE)} required items, '
              f'signatures per item):')
        cells = [f'{i} {counts.get(i, 0)}' for i in REQUIRED_COVERAGE]
        for k in range(0, len(cells), 4):
            print('    ' + ''.join(f'{c:<30}' for c in cells[k:k + 4]).rstrip())
        if missing:
            verdict = 'FAIL' if enforce else 'note (COUNT below %d, not enforced):' % (2 * len(FOCI))
            print(f'{verdict} coverage: never generated: {", ".join(missing)}')
        return missing if enforce else []

    def print_tally(self):
        print('expected failures per gcc/clang DIFF shape (ABI.md 1.8): '
              'cases expected to fail / failed exactly as predicted / passed where the model allows it')
        for (shape, cc), (n, ok, und) in sorted(self.tally.items()):
            print(f'    {shape:<24} vs {cc:<5} callee: {n:5d} / {ok:5d} / {und:4d}')

    def print_observed(self):
        print('gcc/clang disagreements observed (calls that failed, as predicted):')
        who = {('clang', 'p'): 'cp_call (gcc placement) -> clang callee',
               ('clang', 'd'): 'clang caller -> clang callee (clang disagrees with itself)',
               ('gcc', 'p'): 'cp_call -> gcc callee (gcc callee bug)',
               ('gcc', 'd'): 'gcc caller -> gcc callee (gcc callee bug)'}
        by_who = {}
        for (cc, path, shapes), n in self.observed.items():
            by_who.setdefault((cc, path), {})
            for s in shapes.split():
                by_who[cc, path][s] = by_who[cc, path].get(s, 0) + n
        for key, shapes in sorted(by_who.items()):
            print(f'    {who[key]}: ' + ', '.join(f'{s} {n}' for s, n in sorted(shapes.items())))


# =================================================================================================
# Command line
# =================================================================================================

def commit_seed(commit):
    """The seed a commit explores: its hash's first 8 hex digits."""
    return int(commit[:8], 16)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--mode', default='run', help='output folder under BUILD/conform (run, test, long)')
    ap.add_argument('--seeds', default='1', help='comma-separated seeds')
    ap.add_argument('--count', type=int, default=1000, help='signatures per seed')
    ap.add_argument('--commit', help='a git commit hash: adds the seed derived from it')
    ap.add_argument('--batch', type=int, default=250, help='cases per translation unit')
    ap.add_argument('--jobs', type=int, default=2, help='parallel compiles')
    ap.add_argument('--build', default='build', help='the core build folder (holds libcallplan.a)')
    ap.add_argument('--kernel', action='store_true', help='also emit build/conform/kernel')
    ap.add_argument('--kernel-cases', type=int, default=1000,
                    help='how many of the run\'s cases (from the first) the kernel tables get; 0: all')
    opts = ap.parse_args(argv)
    os.chdir(ROOT)
    opts.seed_list = [int(s) for s in opts.seeds.replace(',', ' ').split()]
    if opts.commit:
        seed = commit_seed(opts.commit)
        print(f'conform: commit {opts.commit[:12]} -> seed {seed}')
        opts.seed_list.append(seed)
    return Suite(opts).run()


if __name__ == '__main__':
    sys.exit(main())
