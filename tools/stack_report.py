#!/usr/bin/env python3
"""make stack: the worst-case stack use of every public entry point of the core (the cp_*
functions of include/callplan.h) and of the libffi-compatible layer (ffi_* of
compat/libffi/ffi.h), checked against documented bounds.

Inputs: the *.ci files of a build of the core and the layer with gcc -fcallgraph-info=su
(each function's static frame in bytes, the return address included, and its call edges), and
the ABI tables of hooks (struct cp__abi_ops in src/internal.h, its initializers in arch/): an
indirect call written `ops->FIELD(...)` may reach the FIELD hook of any table.
The asm entries are read from their source: cp_call (call.S: its pushes, then the move
interpreter's frame for the largest plan, CP__IMG_BYTES + CP_MAX_STACK_BYTES from arch.h and
include/callplan.h) and a closure's trampoline entry (closure.S: CL_SIZE, the Win64 shadow area,
then cp__closure_dispatch).

Rules of the bound, all conservative:
  - a path's cost is the sum of its frames; a hook call costs the most any table's hook costs;
    other indirect calls reach the caller's own code (the sink of cp_plan_dump, closure
    handlers, the function cp_call calls, the layer's user functions) and are not counted;
  - recursion (a strongly connected part of the call graph) is bounded by the nesting limit:
    every recursive walk in the core and the layer descends one aggregate level per round, so
    it costs (CP_MAX_DEPTH + 1) x the sum of its frames, plus its most expensive exit.
Prints one line per entry point, "ok - stack NAME: N bytes <= BOUND" or FAIL, then
"N passed, M failed".

usage: stack_report.py BUILD_DIR [--table FILE]"""
import os
import re
import sys

# Documented bounds (README "Stack"), for the core built by gcc -O2 as the Makefile builds it:
#   a C entry point of the core, the signature parser and the plan cache included: 4 KiB
#   cp_call: 4.5 KiB (its frame holds the largest plan's 4 KiB of stack arguments), plus the
#            callee's own use
#   a closure call, from the trampoline's caller: 3 KiB, plus the handler's own use
#   an entry point of the libffi layer: 8 KiB (ffi_call is cp_call plus the layer's frame)
# The figures are upper bounds (see the rules above): the nested walks count each recursion at
# its full depth, so the real use is lower.
BOUND_CORE = 4096
BOUND_PARSE = 4096
BOUND_COMPAT = 8192
BOUND_CALL = 4608
BOUND_CLOSURE = 3072
PARSING = ('cp_sig_parse', 'cp_cache_get', 'cp_cache_get_sig', 'cp_sig_format')

NODE = re.compile(r'node: \{ title: "([^"]+)" label: "([^"]*)"')
EDGE = re.compile(r'edge: \{ sourcename: "([^"]+)" targetname: "([^"]+)" label: "([^"]+)"')
FRAME = re.compile(r'\\n(\d+) bytes \((static|dynamic|dynamic,bounded)\)')
GRAPH = re.compile(r'graph: \{ title: "([^"]+)"')


def read_define(path, name, _seen=None):
    """The value of an integer #define of path (or of the headers it includes by a relative
    name), evaluating defines made of other defines: (CP__CL_RES + 96) and the like."""
    defs = {}
    todo = [path]
    while todo:
        p = todo.pop()
        with open(p) as f:
            text = re.sub(r'/\*.*?\*/', '', f.read(), flags=re.S)
        for inc in re.findall(r'#include\s+"([^"]+)"', text):
            todo.append(os.path.normpath(os.path.join(os.path.dirname(p), inc)))
        for m in re.finditer(r'^#define\s+(\w+)\s+(.+)$', text, flags=re.M):
            defs.setdefault(m.group(1), m.group(2).strip())

    def value(n, depth=0):
        if n not in defs or depth > 20:
            raise SystemExit(f'stack_report: {n} not found in {path}')
        expr = re.sub(r'\b(\d+)u\b', r'\1', defs[n])
        expr = re.sub(r'\b([A-Za-z_]\w*)\b', lambda m: str(value(m.group(1), depth + 1)), expr)
        if not re.fullmatch(r'[\d\s()+*/-]+', expr):
            raise SystemExit(f'stack_report: {n} = {defs[n]} is not an integer expression')
        return int(eval(expr))  # noqa: S307 -- digits and + - * / ( ) only, checked above

    return value(name)


class Graph:
    def __init__(self):
        self.frame = {}        # function -> bytes
        self.dynamic = set()   # functions with a dynamic frame (none expected: no VLA, no alloca)
        self.edges = {}        # function -> set of callees ('__indirect_call' for pointers)
        self.hooks = {}        # 'hook:FIELD' -> functions of that field in the ABI tables
        self.hook_fields = []

    def load_hook_tables(self, root):
        """The fields of struct cp__abi_ops (src/internal.h) and, from every arch file's
        positional initializer of one, the function each table puts in each field."""
        with open(os.path.join(root, 'src/internal.h')) as f:
            text = re.sub(r'/\*.*?\*/', '', f.read(), flags=re.S)
        body = re.search(r'struct cp__abi_ops \{(.*?)\};', text, flags=re.S).group(1)
        self.hook_fields = [re.findall(r'(\w+)\s*;', d)[0] for d in body.split(';') if d.strip()
                            for d in [d + ';']]
        for d, _, files in os.walk(os.path.join(root, 'arch')):
            for fn in files:
                if not fn.endswith('.c'):
                    continue
                path = os.path.join(d, fn)
                with open(path) as f:
                    src = re.sub(r'/\*.*?\*/', '', f.read(), flags=re.S)
                for m in re.finditer(r'struct cp__abi_ops \w+ = \{(.*?)\};', src, flags=re.S):
                    values = [v.strip() for v in m.group(1).split(',')]
                    rel = os.path.relpath(path, root)
                    for field, value in zip(self.hook_fields, values):
                        self.hooks.setdefault(f'hook:{field}', set()).add((rel, value))

    def bind_hooks(self):
        """Turns each table entry into the call graph's node name (static: 'file:name')."""
        for hook, entries in self.hooks.items():
            names = set()
            for rel, value in entries:
                for cand in (f'{rel}:{value}', value):
                    if cand in self.frame:
                        names.add(cand)
                        break
            self.hooks[hook] = names

    def load_ci(self, path):
        src = None
        with open(path) as f:
            text = f.read()
        m = GRAPH.search(text)
        src = m.group(1) if m else ''
        for title, label in NODE.findall(text):
            fm = FRAME.search(label)
            if fm:
                self.frame[title] = max(self.frame.get(title, 0), int(fm.group(1)))
                if fm.group(2) == 'dynamic':      # 'dynamic,bounded': pushes of outgoing args
                    self.dynamic.add(title)
        for a, b, site in EDGE.findall(text):
            if b == '__indirect_call':
                b = self.resolve_indirect(site)
            self.edges.setdefault(a, set()).add(b)
        return src

    def resolve_indirect(self, site):
        """An indirect call's targets, from its source line: `ops->FIELD(` calls the FIELD hook
        of every ABI table (an edge to a pseudo-node 'hook:FIELD'); anything else calls a
        caller's callback (the sink, a closure handler, the layer's user function): uncounted."""
        path, line = site.rsplit(':', 2)[0], int(site.rsplit(':', 2)[1])
        try:
            with open(path) as f:
                text = f.readlines()[line - 1]
        except (OSError, IndexError):
            return 'callback'
        m = re.search(r'->\s*(\w+)\s*\(', text)
        return f'hook:{m.group(1)}' if m and m.group(1) in self.hook_fields else 'callback'


def sccs(nodes, succ):
    """Tarjan's strongly connected components (iterative): a list of sets."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for root in nodes:
        if root in index:
            continue
        work = [(root, iter(succ(root)))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            v, it = work[-1]
            advanced = False
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(succ(w))))
                    advanced = True
                    break
                if w in on:
                    low[v] = min(low[v], index[w])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[v])
            if low[v] == index[v]:
                comp = set()
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.add(w)
                    if w == v:
                        break
                out.append(comp)
    return out


class Costs:
    def __init__(self, g, rounds):
        self.g = g
        self.rounds = rounds
        self.memo = {}
        self.path = {}
        nodes = sorted(g.frame)
        self.comp_of = {}
        self.recursive = []
        for comp in sccs(nodes, self.succ):
            for v in comp:
                self.comp_of[v] = frozenset(comp)
            if len(comp) > 1 or any(v in self.succ(v) for v in comp):
                self.recursive.append(sorted(comp))

    def succ(self, v):
        out = set()
        for w in self.g.edges.get(v, ()):
            if w.startswith('hook:'):
                out |= self.g.hooks.get(w, set())
            elif w in self.g.frame:
                out.add(w)
        return sorted(out)

    def cost(self, v):
        """Worst-case bytes from entering v, and the path that costs it."""
        comp = self.comp_of[v]
        if comp in self.memo:
            return self.memo[comp]
        self.memo[comp] = (0, [])            # a guard; SCCs are costed whole below
        inner = sum(self.g.frame[w] for w in comp)
        recursive = len(comp) > 1 or v in self.succ(v)
        best, best_path = 0, []
        for w in comp:
            for x in self.succ(w):
                if x in comp:
                    continue
                c, p = self.cost(x)
                if c > best:
                    best, best_path = c, p
        if recursive:
            total = self.rounds * inner + best
            path = [f'({"+".join(sorted(comp))}) x {self.rounds}'] + best_path
        else:
            total = self.g.frame[v] + best
            path = [v] + best_path
        self.memo[comp] = (total, path)
        return total, path


def public_names(header, prefix):
    names = set()
    with open(header) as f:
        text = re.sub(r'/\*.*?\*/', '', f.read(), flags=re.S)
    for m in re.finditer(r'^[A-Za-z_][\w \t\*]*?\b(%s\w+)\s*\(' % prefix, text, flags=re.M):
        names.add(m.group(1))
    return names


def asm_blocks(path):
    with open(path) as f:
        return f.read()


def cp_call_bytes(root, max_stack):
    """cp_call's own stack: the return address, the entry's pushes, then the move interpreter
    (the executor with the largest frame): its pushes, its frame for the largest plan (images +
    CP_MAX_STACK_BYTES), 15 bytes of alignment at most. The other executors push at most 19
    words (SPILL) and reserve no frame."""
    text = asm_blocks(os.path.join(root, 'arch/x86_64/call.S'))
    entry = text[text.index('\ncp_call:'):]
    entry = entry[:re.search(r'^\s+jmp\s', entry, flags=re.M).start()]
    general = text[text.index('\n.Lgeneral:'):]
    general = general[:re.search(r'^\s+call\s', general, flags=re.M).start()]
    entry = re.sub(r'/\*.*?\*/', '', entry, flags=re.S)
    general = re.sub(r'/\*.*?\*/', '', general, flags=re.S)
    pushes = len(re.findall(r'\bpushq\b', entry)) + len(re.findall(r'\bpushq\b', general))
    if not re.search(r'subq\s+%rax,\s*%rsp', general):
        raise SystemExit('stack_report: call.S: the move interpreter no longer reserves its '
                         'frame with subq %rax, %rsp; update this tool')
    images = read_define(os.path.join(root, 'arch/x86_64/arch.h'), 'CP__IMG_BYTES')
    return 8 + 8 * pushes + images + max_stack + 15, pushes, images


def closure_entry_bytes(root):
    """A closure call's trampoline entry: the caller's return address, CL_SIZE below it (arch.h
    CP__CL_FRAME + 8), the Win64 shadow area of its C call (the largest C_CALL subq)."""
    text = asm_blocks(os.path.join(root, 'arch/x86_64/closure.S'))
    frame = read_define(os.path.join(root, 'arch/x86_64/arch.h'), 'CP__CL_FRAME')
    m = re.search(r'#define\s+CL_SIZE\s+\(CP__CL_FRAME\s*\+\s*(\d+)\)', text)
    if not m:
        raise SystemExit('stack_report: closure.S: CL_SIZE is not CP__CL_FRAME + n; update this tool')
    shadow = max([int(s) for s in re.findall(r'C_CALL\(target\)\s+subq\s+\$(\d+)', text)] + [0])
    return 8 + frame + int(m.group(1)) + shadow


def main():
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    build, root = sys.argv[1], '.'
    table = sys.argv[3] if len(sys.argv) > 3 and sys.argv[2] == '--table' else None
    g = Graph()
    g.load_hook_tables(root)
    for d, _, files in os.walk(build):
        for f in files:
            if f.endswith('.ci'):
                g.load_ci(os.path.join(d, f))
    g.bind_hooks()
    if not g.frame:
        print(f'FAIL - stack: no call graph (.ci files) under {build}')
        print('0 passed, 1 failed')
        return 1
    callplan_h = os.path.join(root, 'include/callplan.h')
    depth = read_define(callplan_h, 'CP_MAX_DEPTH')
    max_stack = read_define(callplan_h, 'CP_MAX_STACK_BYTES')
    call_total, pushes, images = cp_call_bytes(root, max_stack)
    g.frame['cp_call'] = call_total         # the asm entry, a leaf: C callers (ffi_call) add it
    costs = Costs(g, depth + 1)

    rows = []   # (name, bytes, bound, how)
    for name in sorted(public_names(callplan_h, 'cp_')):
        if name == 'cp_call':
            rows.append((name, call_total, BOUND_CALL,
                         f'asm: {pushes} pushes + {images} image bytes + {max_stack} stack '
                         f'arguments + return address + alignment; plus the callee'))
        elif name in g.frame:
            c, p = costs.cost(name)
            rows.append((name, c, BOUND_PARSE if name in PARSING else BOUND_CORE,
                         ' > '.join(p)))
    if 'cp__closure_dispatch' in g.frame:
        c, p = costs.cost('cp__closure_dispatch')
        entry = closure_entry_bytes(root)
        rows.append(('closure call (trampoline)', entry + c, BOUND_CLOSURE,
                     f'entry {entry} > ' + ' > '.join(p) + '; plus the handler'))
    ffi_h = os.path.join(root, 'compat/libffi/ffi.h')
    if os.path.exists(ffi_h):
        for name in sorted(public_names(ffi_h, 'ffi_')):
            if name in g.frame:
                c, p = costs.cost(name)
                rows.append((name, c, BOUND_COMPAT, ' > '.join(p)))

    passed = failed = 0
    for name, c, bound, how in rows:
        if c <= bound and not (set(how.split(' > ')) & g.dynamic):
            print(f'ok - stack {name}: {c} bytes <= {bound}')
            passed += 1
        else:
            print(f'FAIL - stack {name}: {c} bytes > {bound} (or a dynamic frame): {how}')
            failed += 1
    for comp in costs.recursive:
        print(f'# recursion bounded by CP_MAX_DEPTH + 1 = {depth + 1} rounds: {", ".join(comp)}')
    if g.dynamic:
        print(f'# dynamic frames: {", ".join(sorted(g.dynamic))}')
    if table:
        with open(table, 'w') as f:
            f.write('| entry point | worst case (bytes) | bound | deepest path |\n')
            f.write('|---|---:|---:|---|\n')
            for name, c, bound, how in rows:
                f.write(f'| `{name}` | {c} | {bound} | {how} |\n')
    print(f'{passed} passed, {failed} failed')
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
