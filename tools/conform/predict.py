"""Expected outcomes: what a callee reads, byte by byte, where a caller put the arguments (gcc's
and clang's placements from abi.py), the gcc/clang DIFF shapes a case holds, and the judging of
an observed outcome against the prediction."""
import dataclasses

from .abi import Placement, classify, place_clang, place_gcc, ret_location
from .c_runtime import (BIT_NAMES, BUILD_BIT, CANARY_BIT, FLAG_FORK_CLANG, FLAG_FORK_GCC,
                        FLAG_XFAIL_CLANG, FLAG_XFAIL_GCC, PATHS, RET_BIT)
from .clang_ir import drops_bytes
from .coverage import coverage_items
from .emit_c import int_value
from .typemodel import (S, SMALL_INTS, Scalar, has_atom, is_aggregate, records_in, size_of,
                        value_mask)


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


def _value_bytes(t, value, pieces, extend=True):
    """(location, expected byte) for every value byte of an argument placed as `pieces`; with
    extend, a small integer's extension bytes in a GP register too (callers write them)."""
    mask = value_mask(t)
    small = extend and isinstance(t, Scalar) and t.kind in SMALL_INTS
    wide = _extension(t, value) if small else None
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


def unread(t, spans):
    """Whether some value byte of t lies outside every (value offset, length) span: a reader
    of those spans (clang 14 with a lone float, clang_ir) leaves garbage there."""
    if sum(length for _, length in spans) >= size_of(t):
        return False            # the spans never overlap: they cover it all
    mask = value_mask(t)
    covered = bytearray(len(mask))
    for src, length in spans:
        covered[src:src + length] = b'\1' * len(covered[src:src + length])
    return any(m and not c for m, c in zip(mask, covered))


def read_verdict(img, t, value, pieces, extend=True):
    """'pass', 'fail' or 'maybe' for a callee that reads an argument at `pieces`. A small
    integer's extension bytes only make it 'maybe': a callee may or may not look at them (a
    closure never does: extend=False)."""
    unknown, fail, value_len = False, False, size_of(t)
    if unread(t, [(p[2], p[3]) for p in pieces]):
        unknown = True          # value bytes it never reads: garbage in its copy
    for loc, want in _value_bytes(t, value, pieces, extend):
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
    if case.ret is not None and callee.ret != 'sret' and caller.ret == callee.ret and \
            unread(case.ret, [r[1:] for r in caller.ret]):
        maybe.add(RET_BIT)      # both sides move fewer bytes than the value has
    if caller.ret != callee.ret:
        maybe.add(RET_BIT)
        if callee.ret == 'sret':
            # It stores through RDI, which holds no buffer: it may crash, or scribble over
            # whatever RDI points at (cp_call's plan, next to the return buffer), and so the
            # result stored from the plan may overrun the buffer.
            crash = True
            maybe.add(CANARY_BIT)
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
    expect = {('gcc', 'd'): predict(case, gcc, gcc, bug),
              ('gcc', 'p'): predict(case, gcc, gcc, bug),
              ('clang', 'd'): predict(case, clang_caller, clang_callee),
              ('clang', 'p'): predict(case, gcc, clang_callee)}
    shapes = diff_shapes(case, gcc, clang_caller)
    return Analysis(gcc, clang_caller, clang_callee, expect, shapes,
                    coverage_items(case, gcc, shapes))


def flags_of(analysis):
    """cf_case flags: which compilers' callees are expected to misbehave (run in a child)."""
    flags = 0
    for cc, fork, xfail in (('gcc', FLAG_FORK_GCC, FLAG_XFAIL_GCC),
                            ('clang', FLAG_FORK_CLANG, FLAG_XFAIL_CLANG)):
        if not all(analysis.expect[cc, p].clean for p in PATHS):
            flags |= fork | xfail
    return flags


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
        if is_aggregate(t) and any(p[0] == 'xmm' for p in pieces) and \
                drops_bytes(t, classify(t, True)):
            shapes.add('diff:union-sse-float' + va)   # clang_ir
        # clang's caller miscounts a variadic __float128 as much as a named one.
        f128_before = f128_before or t == S('f128')
    ret = case.ret
    if ret is not None and is_aggregate(ret) and classify(ret) != classify(ret, True) and \
            ret_location(ret) != ret_location(ret, True):
        shapes.add(_f128_shape(ret) if has_atom(ret, ('f128',)) else 'diff:packed-array')
    if ret is not None and is_aggregate(ret) and ret_location(ret, True) != 'sret' and \
            drops_bytes(ret, classify(ret, True)):
        shapes.add('diff:union-sse-float')
    if gcc.vaarg_bug:
        shapes.add('diff:gcc-vaarg')
    return shapes


def _f128_shape(t):
    return 'diff:union-f128' if any(r.union for r in records_in(t)) else 'diff:struct-f128'



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
    hard = {b for b in got if b > RET_BIT} - exp.maybe
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

