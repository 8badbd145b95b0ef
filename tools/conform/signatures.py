"""Random types and signatures: a Case (one signature and its values) and Gen, which draws
aggregates (sized, class-mixed, named corner cases) and argument lists at the register
boundaries, in the manner of dyncall's generators."""
import dataclasses

from .abi import INT, NGP, NSSE, SSE
from .typemodel import INT_KINDS, Array, Record, S, records_in, size_of


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
    'packed-nested-upper': _struct(Array(S('i8'), 8), _struct(S('i8'), S('i32'), packed=True),
                                   packed=True),
    # Arrays of packed elements misaligned from element 1 on: gcc registers, clang memory.
    'packed-array-f32': _struct(Array(_struct(S('f32'), S('u8'), packed=True), 2)),
    'packed-array-u32': _struct(S('u32'), Array(_struct(S('u32'), S('bool'), packed=True), 2)),
    'packed-array-i16': _struct(Array(_struct(S('i16'), S('i8'), packed=True), 3)),
}


class Gen:
    """Random types and signatures, all drawn from one seeded RNG. An ABI's generator narrows
    the type space through the weights (win64_cases)."""
    scalar_weights = SCALAR_WEIGHTS
    member_weights = MEMBER_WEIGHTS

    def __init__(self, rng):
        self.rng = rng

    def pick(self, weights):
        keys = list(weights)
        return self.rng.choices(keys, [weights[k] for k in keys])[0]

    def scalar(self, kinds=None):
        return S(self.rng.choice(kinds) if kinds else self.pick(self.scalar_weights))

    # ---- aggregates -----------------------------------------------------------------------------
    def record(self, depth=1, max_size=64, plain=False):
        """A random struct or union, nested up to depth 3, with arrays inside."""
        rng = self.rng
        union = rng.random() < 0.2
        count = rng.choice((1, 1, 2, 2, 2, 3, 3, 4, 5))
        members = [self.member(depth, plain) for _ in range(count)]
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
                    else S(self.pick(self.member_weights)))
            return Array(elem, rng.choice((1, 2, 2, 3, 4)))
        return S(self.pick(self.member_weights))

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
        lo, hi = self.rng.choices(((0, 0), (1, 6), (7, 12), (13, 23), (24, 24)),
                                  (3, 35, 30, 27, 5))[0]
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
        units = (self._fill(gp_used, self.gp_unit, last_agg)
                 + self._fill(sse_used, self.sse_unit, last_agg))
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

