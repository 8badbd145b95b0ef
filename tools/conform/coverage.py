"""Coverage items: what each case contains (scalar kinds, aggregate classes and sizes, register
boundary events, variadic shapes, descriptor styles), and the items every run must hold."""
from .abi import classify, ret_location
from .cases import FOCI
from .signatures import SIZE_BUCKETS
from .typemodel import (ATOM_ALIGN, Array, Record, Scalar, atoms, depth_of, layout, records_in,
                        size_of)

def class_item(t):
    cls = classify(t)
    if cls is None:
        if size_of(t) > 16:
            return 'class:MEM-size'
        if any(off % ATOM_ALIGN[k] for off, k in atoms(t)):
            nested = any(off % ATOM_ALIGN[k]
                         for m in t.members if isinstance(m, Record)
                         for off, k in ((o + layout(t)[2][t.members.index(m)], k)
                                        for o, k in atoms(m)))
            return 'class:MEM-packed-nested' if nested else 'class:MEM-packed'
        if any(classify(r) is None for r in list(records_in(t))[:-1]):
            return 'class:MEM-nested'
        return 'class:MEM-x87'
    return 'class:' + '-'.join(cls) if cls else None


def aggregate_items(t):
    size = size_of(t)
    items = set()
    if isinstance(t, Record):
        items = {'agg:union' if t.union else 'agg:struct', class_item(t)}
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
    if ret_location(t) == 'sret':
        where = 'ret:sret'
    else:
        where = 'ret:union' if t.union else 'ret:struct-regs'
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


# The exec: foci are checked on what ran (cp_plan_executor), not on the model (report.py).
REQUIRED_COVERAGE = sorted({f for f in FOCI if not f.startswith('exec:')}
                           | {'agg:struct', 'variadic:varargs', 'nargs:1-6', 'nargs:7-12',
                              'nargs:13-23'})

