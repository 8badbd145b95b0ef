"""Microsoft x64 placement (shared/ABI.md section 2), as gcc 12 and clang 14 compile
__attribute__((ms_abi)) functions on Linux (LP64) and as callplan's CP_ABI_WIN64 plans place
arguments: four positional slots shared by RCX/RDX/R8/R9 and XMM0-3, the 32-byte shadow space,
then 8-byte stack slots from [32]; aggregates of size 1, 2, 4 or 8 as an integer of that size,
every other size (and __int128, _Complex double) by reference to a 16-aligned caller-made copy;
variadic floats in slots 0-3 in the XMM register and the slot's GP register too.

Pieces are those of abi.py, (space, byte address in that space, value offset, length), with two
more spaces: 'ref-gp' and 'ref-stack', a pointer in that GP register or stack slot to a copy of
the value bytes [src, src + length). The probe (win64_c) checks a compiled caller, or cp_call,
against exactly these pieces."""
import dataclasses

from .typemodel import (Scalar, align_of, atoms, has_atom, is_aggregate, roundup, size_of,
                        value_mask)

NSLOTS = 4
SHADOW = 32
# Types callplan refuses for Win64 with CP_ERR_UNSUPPORTED (ABI.md 2: long double and
# __float128, which the compilers place differently and UEFI never uses).
UNSUPPORTED_ATOMS = ('f80', 'f128')
FLOATS = ('f32', 'f64')


def unsupported(t, result=False):
    """Whether callplan rejects t (an argument or, with result, the result type) for Win64: a
    scalar long double, __float128 or _Complex long double, a type aligned to more than 16; as a
    result, an empty struct too
    (gcc and clang disagree: ret_location). An aggregate holding a long double goes by
    reference like any other (both compilers agree), so callplan takes it."""
    if t is None:
        return False
    if result and not isinstance(t, Scalar) and size_of(t) == 0:
        return True
    if align_of(t) > 16:
        return True                     # aligned(32) and more: refused (win64-status.md)
    return isinstance(t, Scalar) and has_atom(t, UNSUPPORTED_ATOMS)


def arg_kind(t):
    """'float' (XMM slot), 'int' (GP slot, the value as an integer of its size) or 'ref' (a
    pointer to a copy in the GP slot)."""
    if isinstance(t, Scalar) and t.kind in FLOATS:
        return 'float'
    if size_of(t) in (1, 2, 4, 8) and not (isinstance(t, Scalar) and t.kind in ('i128', 'u128')):
        return 'int'
    return 'ref'


def ret_location(t, flavor='callplan'):
    """() for void, 'sret', or the registers of the result: (register, value offset, length).
    An empty struct (size 0, a GNU C extension) is returned through a hidden pointer by clang 14,
    and not at all by gcc 12 (no pointer, the arguments keep their slots): a gcc/clang DIFF
    found by this suite, for which callplan refuses the signature (unsupported)."""
    if t is None or (flavor == 'gcc' and size_of(t) == 0):
        return ()
    size = size_of(t)
    if isinstance(t, Scalar) and t.kind in FLOATS:
        return (('xmm0', 0, size),)
    if isinstance(t, Scalar) and t.kind in ('i128', 'u128'):
        return (('xmm0', 0, 16),)
    if size in (1, 2, 4, 8):
        return (('rax', 0, size),)
    return 'sret'


@dataclasses.dataclass
class Placement:
    args: list                  # per argument: tuple of pieces
    ret: object                 # ret_location()
    slots: list                 # per argument: its slot number
    events: set                 # coverage: what the call holds (win64_cases.coverage)


FLAVORS = ('gcc', 'clang', 'callplan')


def place(case, flavor='callplan'):
    """Where a Win64 caller of this flavor puts every argument: gcc 12, clang 14 and callplan
    agree but for an empty struct result (ret_location)."""
    ret = ret_location(case.ret, flavor)
    slot = 1 if ret == 'sret' else 0
    out, slots, events = [], [], set()
    for i, t in enumerate(case.args):
        kind, size = arg_kind(t), size_of(t)
        va = case.is_vararg(i)
        if slot < NSLOTS:
            if kind == 'float':
                pieces = (('xmm', 16 * slot, 0, size),)
                if va:
                    pieces += (('gp', 8 * slot, 0, size),)     # duplicated for the callee
                    events.add('variadic:float-dup')
            elif kind == 'int':
                pieces = (('gp', 8 * slot, 0, size),)
            else:
                pieces = (('ref-gp', 8 * slot, 0, size),)
            events.add(f'slot{slot}:{kind}')
        else:
            space = 'ref-stack' if kind == 'ref' else 'stack'
            pieces = ((space, 8 * slot, 0, size),)
            events.add(f'stack:{kind}')
            if va:
                events.add('variadic:stack')
        if va and kind == 'ref':
            events.add('variadic:ref')
        out.append(pieces)
        slots.append(slot)
        slot += 1
    if ret == 'sret' and case.args:
        events.add('sret:shift')
    return Placement(out, ret, slots, events)


def is_all_float_small(t):
    """An aggregate of 1/2/4/8 bytes made of floats only: passed in a GP slot all the same."""
    parts = atoms(t)
    return is_aggregate(t) and arg_kind(t) == 'int' and parts and \
        all(k in FLOATS for _, k in parts)


# ---- gcc 12's ms_abi va_arg ---------------------------------------------------------------------
# gcc 12's va_arg on a __builtin_ms_va_list never follows a reference: it reads every variadic
# argument in place from the slot area (the four register slots spilled to their shadow-space
# homes, then the stack slots) and advances by its size rounded up to 8. An aggregate of a size
# other than 1, 2, 4 or 8, an __int128 or a _Complex double arrives as a pointer, so the callee
# reads the pointer and the following slots as its value, and every later variadic argument
# from the wrong slot (an empty struct: it reads nothing and does not advance). A type aligned
# to 16 is read from the next 16-aligned slot (the System V boundary rule). clang 14 follows
# the pointer. Found by this suite; reproducer in /tmp/callplan-findings/conform-win64-diffs.md.

def slot_image(case, placement):
    """{('slots', byte): value} of the bytes a caller wrote into the slot area: slot k's
    register or stack slot at 8k (a variadic float's GP copy included; pointers are unknown)."""
    img = {}
    for v, pieces, t in zip(case.values, placement.args, case.args):
        mask = value_mask(t)
        for space, loc, src, length in pieces:
            if space in ('gp', 'stack'):
                img.update((('slots', loc + k), v[src + k]) for k in range(length) if mask[src + k])
    return img


def gcc_vaarg_pieces(case, placement):
    """{argument: pieces} of the variadic arguments as a gcc 12 ms_abi callee reads them."""
    if not case.variadic or case.nfixed >= len(case.args):
        return {}
    at, out = 8 * placement.slots[case.nfixed], {}
    for i in range(case.nfixed, len(case.args)):
        t = case.args[i]
        if size_of(t) and align_of(t) >= 16:
            at = roundup(at, 16)            # the psABI's boundary: RSP is 16-aligned at the call
        out[i] = (('slots', at, 0, size_of(t)),)
        at += roundup(size_of(t), 8)
    return out


def gcc_vaarg_misreads(case, placement):
    """Whether a gcc callee reads some variadic argument from elsewhere than the caller put it."""
    return case.variadic and any(arg_kind(case.args[i]) == 'ref'
                                 for i in range(case.nfixed, len(case.args)))
