"""clang 14's LLVM IR view of a C type, as far as its x86-64 lowering reads it: the IR type of an
SSE eightbyte comes from the aggregate's IR type (GetSSETypeAtOffset: float, double or
<2 x float>), not from its C members. A union's IR type is one storage member (the most aligned
in IR, then the largest), so an eightbyte where that member has a lone float is passed, returned
and copied by va_arg (two-register aggregates) as a float, 4 bytes, even when another member has
data in its upper half: `union { struct { double d; float f; } s; float g[4]; }` is passed as
(double, float) and g[3] is lost, between two clang functions too. gcc moves the eightbyte
whole. (A low float is widened to a double when the high part is less than 8-aligned, by the
pair rule below.) A DIFF found by the reverse mode of this suite; the model gives clang 14's own
IR declarations for every eightbyte of tens of thousands of random aggregates."""
import functools

from .typemodel import Array, Scalar, layout, roundup, size_of, value_mask

# IR ABI alignment of the scalars (LLVM 14's x86-64 data layout: i128 is 8-aligned).
IR_ALIGN = {'bool': 1, 'i8': 1, 'u8': 1, 'i16': 2, 'u16': 2, 'i32': 4, 'u32': 4, 'i64': 8,
            'u64': 8, 'ptr': 8, 'i128': 8, 'u128': 8, 'f32': 4, 'f64': 8, 'f80': 16, 'f128': 16,
            'c32': 4, 'c64': 8, 'c80': 16}
# The floating-point IR types a scalar holds, by offset.
IR_FP = {'f32': {0: 'float'}, 'f64': {0: 'double'}, 'f80': {0: 'x86_fp80'}, 'f128': {0: 'fp128'},
         'c32': {0: 'float', 4: 'float'}, 'c64': {0: 'double', 8: 'double'},
         'c80': {0: 'x86_fp80', 16: 'x86_fp80'}}
PAD = 'pad'        # an explicit padding element of an IR struct: an i8 array, no floating point


@functools.lru_cache(maxsize=None)
def ir_align(t):
    """ABI alignment of t's IR type (1 when clang had to make it a packed IR struct)."""
    if isinstance(t, Scalar):
        return IR_ALIGN[t.kind]
    if isinstance(t, Array):
        return ir_align(t.elem)
    if t.union:
        storage = union_storage(t)
        align = ir_align(storage) if storage is not None else 1
        return 1 if size_of(t) % align else align
    offsets = layout(t)[2]
    align = max((ir_align(m) for m in t.members), default=1)
    if any(off % ir_align(m) for off, m in zip(offsets, t.members)) or size_of(t) % align:
        return 1            # CGRecordLowering::determinePacked
    return align


@functools.lru_cache(maxsize=None)
def union_storage(t):
    """The member whose IR type stands for the union (CGRecordLowering::lowerUnion): the most
    aligned in IR, then the largest, the first of equals; None for a union with no member.
    (An IR type's alloc size is the C size: clang packs the IR struct where it would differ.)"""
    storage = None
    for m in t.members:
        if storage is None or ir_align(m) > ir_align(storage) or \
                (ir_align(m) == ir_align(storage) and size_of(m) > size_of(storage)):
            storage = m
    return storage


def fp_at(t, off):
    """The floating-point IR type at byte `off` of t's IR type (getFPTypeAtOffset), or None."""
    if isinstance(t, Scalar):
        return IR_FP.get(t.kind, {}).get(off)
    if isinstance(t, Array):
        esize = size_of(t.elem)
        return fp_at(t.elem, off % esize) if esize else None
    if t.union:
        storage = union_storage(t)
        if storage is None or size_of(storage) <= off and size_of(storage) < size_of(t):
            return None         # past the storage member: the union's explicit padding bytes
        return fp_at(storage, off)
    # getElementContainingOffset: the last IR element starting at or before off, whatever its
    # size (an array there is then read modulo its element size, as LLVM does).
    found = None
    for eoff, e in ir_elements(t):
        if eoff <= off:
            found = (eoff, e)
    return fp_at(found[1], off - found[0]) if found and found[1] is not PAD else None


@functools.lru_cache(maxsize=None)
def ir_elements(t):
    """(offset, member or PAD for explicit padding bytes) of a struct's IR type: clang spells
    padding out where the IR's own alignment would not put the next member (or the end) where C
    does (CGRecordLowering::insertPadding)."""
    packed, out, cursor = ir_align(t) == 1, [], 0
    for off, m in zip(layout(t)[2], t.members):
        if off != (cursor if packed else roundup(cursor, ir_align(m))):
            out.append((cursor, PAD))
        out.append((off, m))
        cursor = off + size_of(m)
    if size_of(t) != roundup(cursor, ir_align(t)):
        out.append((cursor, PAD))
    return tuple(out)


def sse_type(t, off):
    """GetSSETypeAtOffset: 'float', 'double' or 'v2f32' for t's SSE eightbyte at `off`."""
    t0 = fp_at(t, off)
    if t0 != 'float':
        return 'double'
    t1 = fp_at(t, off + 4) if size_of(t) - off > 4 else None
    return 'float' if t1 is None else 'v2f32' if t1 == 'float' else 'double'


def int_bits(t, off):
    """GetINTEGERTypeAtOffset: the width of t's INT eightbyte at `off` (64 for a pointer)."""
    bits = _int_at(t, off, t, off)
    return bits if bits else min(size_of(t) - off, 8) * 8


def _int_at(ir, off, source, source_off):
    """The walk of GetINTEGERTypeAtOffset over t's IR type: a width, or None for its fallback."""
    if ir is PAD or (off == 0 and isinstance(ir, Scalar)):
        kind = 'u8' if ir is PAD else ir.kind   # padding is an IR byte array
        if kind in ('i64', 'u64', 'ptr'):
            return 64
        width = {'bool': 8, 'i8': 8, 'u8': 8, 'i16': 16, 'u16': 16, 'i32': 32, 'u32': 32}
        if kind in width and no_user_data(source, 8 * source_off + width[kind],
                                          8 * source_off + 64):
            return width[kind]
        return None
    if isinstance(ir, Scalar):
        return None
    if isinstance(ir, Array):
        esize = size_of(ir.elem)
        return _int_at(ir.elem, off % esize, source, source_off) if esize else None
    if off >= size_of(ir):
        return None
    if ir.union:
        storage = union_storage(ir)
        return _int_at(storage if off < size_of(storage) else PAD, off, source, source_off)
    found = None
    for eoff, e in ir_elements(ir):
        if eoff <= off:
            found = (eoff, e)
    return _int_at(found[1], off - found[0], source, source_off)


def no_user_data(t, start, end):
    """BitsContainNoUserData: no member of t (any union member) holds bits [start, end)."""
    if size_of(t) * 8 <= start:
        return True
    if isinstance(t, Array):
        esize = size_of(t.elem) * 8
        return all(no_user_data(t.elem, max(start - k * esize, 0), end - k * esize)
                   for k in range(t.count) if k * esize < end)
    if isinstance(t, Scalar):
        return False
    return all(no_user_data(m, max(start - 8 * off, 0), end - 8 * off)
               for off, m in zip(layout(t)[2], t.members) if 8 * off < end)


@functools.lru_cache(maxsize=None)
def eightbyte_types(t, classes):
    """clang 14's IR type of each eightbyte of t ('float', 'double', 'v2f32' or 'iN'), after
    GetX86_64ByValArgumentPair: a 'float' low part is widened to 'double' when the high part's
    IR alignment is below 8 (so that it lands at offset 8)."""
    out = []
    for i, c in enumerate(classes):
        if c == 'SSE':
            out.append(sse_type(t, 8 * i))
        elif c == 'INT':
            out.append(f'i{int_bits(t, 8 * i)}')
        else:
            out.append(None)
    if len(out) == 2 and out[0] == 'float' and out[1] in ('float', 'i8', 'i16', 'i24', 'i32'):
        out[0] = 'double'
    return tuple(out)


def sse_bytes(t, classes, i):
    """How many bytes of t's SSE eightbyte i clang 14 passes: 4 for a float, else 8."""
    return 4 if eightbyte_types(t, classes)[i] == 'float' else 8


def drops_bytes(t, classes):
    """Whether clang 14 passes fewer bytes of some SSE eightbyte of t than it holds values in
    (classes: t's clang classification)."""
    mask = value_mask(t)
    return any(c == 'SSE' and sse_bytes(t, classes, i) == 4 and any(mask[8 * i + 4:8 * i + 8])
               for i, c in enumerate(classes))
