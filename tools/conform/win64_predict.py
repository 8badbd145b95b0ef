"""Expected outcomes of the Win64 calls. A compiled caller and its own compiler's callee agree
(d), and the probe checks every caller against its own placement (m: gcc's or clang's, q:
callplan's), so those are clean; cp_call against a compiled callee (p) is clean where the
callee's compiler places the signature as callplan does. Where it does not (none is known in the
space callplan accepts: an empty struct result, win64.ret_location, is refused; the machinery
stays for the next one) or where a gcc callee's va_arg reads elsewhere (win64.py), the
callee's reads are judged byte by byte against what the writer left in the slots: known and
different must fail, unknown may fail, a pointer read from a slot that holds none may crash."""
from .c_runtime import CANARY_BIT, COMPILERS, FLAG_FORK_CLANG, FLAG_FORK_GCC, RET_BIT
from .predict import Expect, read_verdict
from .typemodel import value_mask
from .win64 import gcc_vaarg_misreads, gcc_vaarg_pieces, slot_image
from .win64_c import closure_eligible

CLEAN = Expect()
REFS = ('ref-gp', 'ref-stack')


def _slot_key(space, loc):
    """A GP slot and the stack slot of the same number are different places; XMM apart."""
    return ('gp' if space in ('gp', 'ref-gp') else 'stack', loc)


def writer_image(case, writer):
    """(bytes {(space, loc): byte}, pointers {(space, loc): argument}) a caller leaves."""
    img, ptrs = {}, {}
    for i, (t, v, pieces) in enumerate(zip(case.args, case.values, writer.args)):
        mask = value_mask(t)
        for space, loc, src, length in pieces:
            if space in REFS:
                ptrs[_slot_key(space, loc)] = i
                continue
            img.update(((space, loc + k), v[src + k]) for k in range(length) if mask[src + k])
    return img, ptrs


def mismatch(case, writer, reader):
    """Expect of a callee that reads as `reader` places, called as `writer` places."""
    img, ptrs = writer_image(case, writer)
    fail, maybe, crash = set(), set(), False
    for i, (t, v, pieces) in enumerate(zip(case.args, case.values, reader.args)):
        direct = tuple(p for p in pieces if p[0] not in REFS)
        verdict = read_verdict(img, t, v, direct, extend=False) if direct else 'pass'
        for space, loc, _, _ in (p for p in pieces if p[0] in REFS):
            owner = ptrs.get(_slot_key(space, loc))
            if owner != i:
                verdict = 'maybe' if verdict != 'fail' else verdict
                crash = crash or owner is None      # it follows a value as a pointer
        (fail if verdict == 'fail' else maybe if verdict == 'maybe' else set()).add(i)
    if writer.ret != reader.ret:
        maybe.add(RET_BIT)
        if reader.ret == 'sret':
            crash = True                # it stores through RCX, which holds an argument
            maybe.add(CANARY_BIT)
    return Expect(frozenset(fail), frozenset(maybe), crash)


def gcc_vaarg(case, callee, caller):
    """Expect of a gcc callee's va_arg reads (its named parameters placed as `callee` says) of
    what a caller placed as `caller` says."""
    img, fail, maybe = slot_image(case, caller), set(), set()
    for i, pieces in gcc_vaarg_pieces(case, callee).items():
        verdict = read_verdict(img, case.args[i], case.values[i], pieces, extend=False)
        (fail if verdict == 'fail' else maybe if verdict == 'maybe' else set()).add(i)
    return Expect(frozenset(fail), frozenset(maybe))


def merge(a, b):
    return Expect(a.fail | b.fail, (a.maybe | b.maybe) - (a.fail | b.fail), a.crash or b.crash)


def expectations(case, placements, refused):
    """{(compiler, path): Expect}; placements: {flavor: win64.Placement}."""
    if refused:
        return {(cc, 'p'): CLEAN for cc in COMPILERS}
    paths = 'dpmqr' if closure_eligible(case) else 'dpmq'
    out = {(cc, p): CLEAN for cc in COMPILERS for p in paths}
    mine = placements['callplan']
    for cc in COMPILERS:
        if placements[cc].args != mine.args or placements[cc].ret != mine.ret:
            out[cc, 'p'] = mismatch(case, mine, placements[cc])
    if gcc_vaarg_misreads(case, mine):
        gcc = placements['gcc']
        out['gcc', 'd'] = gcc_vaarg(case, gcc, gcc)
        named = out['gcc', 'p']         # its named parameters' reads, the result
        va = gcc_vaarg(case, gcc, mine)
        keep = {b for b in named.fail | named.maybe if b < case.nfixed or b >= RET_BIT}
        out['gcc', 'p'] = merge(Expect(named.fail & keep, named.maybe & keep, named.crash), va)
    return out


def shapes(case, placements):
    """The gcc/clang DIFF shapes of a case (for the tallies)."""
    out = set()
    if placements and gcc_vaarg_misreads(case, placements['callplan']):
        out.add('diff:gcc-ms-vaarg')
    return out


def flags_of(expect):
    """cf_wcase flags: run a compiler's calls in a child where some may misbehave."""
    flags = 0
    for cc, fork in (('gcc', FLAG_FORK_GCC), ('clang', FLAG_FORK_CLANG)):
        if not all(e.clean for (c, _), e in expect.items() if c == cc):
            flags |= fork
    return flags
