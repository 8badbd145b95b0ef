"""The C type model: scalars, structs, unions and arrays, their layout by the C rules, which bytes
carry a value (padding never does), and random values. Layout is the same for every ABI of a CPU,
so it lives apart from the classification (abi.py)."""
import dataclasses
import functools
import struct


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



S = Scalar       # the short name the type tables use


# ---- values -------------------------------------------------------------------------------------

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
        top = sign << 15 | (exp - 1023 + 16383)
        return significand.to_bytes(8, 'little') + top.to_bytes(2, 'little')
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

