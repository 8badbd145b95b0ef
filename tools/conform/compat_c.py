"""The C side of the compat mode: each case's ffi_type graph (a struct's elements list its
members, an array member as its element repeated, as libffi users write them), its call through
ffi_prep_cif / ffi_prep_cif_var + ffi_call, and the harness. The same _ffi.c is compiled against
compat/libffi/ffi.h (linked with libcallplan_ffi.a) and against Debian's libffi (-lffi): the
cross-check. The callees are the System V mode's (emit_c.Unit.callee).

libffi's result rule: an integral result narrower than 64 bits is written as a whole ffi_arg,
sign- or zero-extended by its type; the harness compares all 8 bytes of it."""
from .emit_c import Unit, blob_layout, int_value
from .win64_c import W64Unit
from .typemodel import SMALL_INTS, Array, Record, Scalar, value_mask

FFI_SCALAR = {'bool': 'ffi_type_uint8', 'i8': 'ffi_type_sint8', 'u8': 'ffi_type_uint8',
              'i16': 'ffi_type_sint16', 'u16': 'ffi_type_uint16', 'i32': 'ffi_type_sint32',
              'u32': 'ffi_type_uint32', 'i64': 'ffi_type_sint64', 'u64': 'ffi_type_uint64',
              'f32': 'ffi_type_float', 'f64': 'ffi_type_double', 'f80': 'ffi_type_longdouble',
              'ptr': 'ffi_type_pointer', 'c32': 'ffi_type_complex_float',
              'c64': 'ffi_type_complex_double', 'c80': 'ffi_type_complex_longdouble'}
WIDENED = SMALL_INTS + ('i32', 'u32')       # results libffi widens into an ffi_arg


def ret_expectation(case):
    """(bytes, mask) ffi_call must leave in the result buffer."""
    t, v = case.ret, case.ret_value
    if isinstance(t, Scalar) and t.kind in WIDENED:
        value = int_value('u8' if t.kind == 'bool' else t.kind, v)
        return value.to_bytes(8, 'little', signed=value < 0), b'\xff' * 8
    return v, bytes(0xFF * b for b in value_mask(t))


class FfiUnit(Unit):
    """Unit plus the ffi_type graphs (one per record of the batch, shared by its cases: a prep
    fills a struct's size and alignment, the same for every case) and the cf_fcase table."""
    FFI_ABI = 'FFI_DEFAULT_ABI'

    def ffi_ref(self, t):
        return f'&{FFI_SCALAR[t.kind]}' if isinstance(t, Scalar) else f'&cf_ft{self.names.ids[t]}'

    def elements(self, rec):
        out = []
        for m in rec.members:
            out += [self.ffi_ref(m.elem)] * m.count if isinstance(m, Array) else [self.ffi_ref(m)]
        return out

    def ffi_types(self):
        out = []
        for rec in self.names.records():
            n = self.names.ids[rec]
            out.append(f'static ffi_type *cf_fe{n}[] = {{ {", ".join(self.elements(rec))}, '
                       'NULL };')
            out.append(f'static ffi_type cf_ft{n} = {{ 0, 0, FFI_TYPE_STRUCT, cf_fe{n} }};')
        return '\n'.join(out)

    def ffi_case(self, c):
        """The case's argument types, values, expected result and layout checks."""
        out, cid = [], c.id
        offs = blob_layout(c)[0]
        if c.args:
            out.append(f'static ffi_type *cf_fa{cid}[] = {{ '
                       f'{", ".join(self.ffi_ref(t) for t in c.args)} }};')
            out.append(f'static void *cf_fv{cid}[] = {{ '
                       f'{", ".join(f"(void *)(cf_v{cid} + {o})" for o in offs)} }};')
        if c.ret is not None:
            want, mask = ret_expectation(c)
            out.append(f'static const unsigned char cf_fr{cid}[] = {{ '
                       f'{", ".join(str(b) for b in want)} }};')
            out.append(f'static const unsigned char cf_frk{cid}[] = {{ '
                       f'{", ".join(str(b) for b in mask)} }};')
        seen = []
        for t in c.args + ([c.ret] if c.ret is not None else []):
            for r in _records(t):
                if r not in seen:
                    seen.append(r)
        if seen:
            rows = ', '.join(f'{{ &cf_ft{self.names.ids[r]}, sizeof(cf_t{self.names.ids[r]}), '
                             f'_Alignof(cf_t{self.names.ids[r]}) }}' for r in seen)
            out.append(f'static const cf_flayout cf_fl{cid}[] = {{ {rows} }};')
        return '\n'.join(out), len(seen)

    def ffi_entry(self, c, nlayout):
        cid = c.id
        rtype = '&ffi_type_void' if c.ret is None else self.ffi_ref(c.ret)
        ret = 'NULL, NULL, 0u' if c.ret is None else \
            f'cf_fr{cid}, cf_frk{cid}, {len(ret_expectation(c)[0])}u'
        nfixed = c.nfixed if c.variadic else len(c.args)
        reject = f'{c.reject[0]}u, &{FFI_SCALAR[c.reject[1]]}' if c.reject else '0u, NULL'
        lay = f'cf_fl{cid}, {nlayout}u' if nlayout else 'NULL, 0u'
        args = f'cf_fa{cid}, cf_fv{cid}' if c.args else 'NULL, NULL'
        return (f'    {{ {cid}u, {self.FFI_ABI}, (cf_fn)cf_f{cid}, {rtype}, {args}, '
                f'{len(c.args)}u, {nfixed}u, {1 if c.variadic else 0}, {ret}, {reject}, {lay} }},')

    def ffi_table(self, table):
        out = [self.ffi_types(), '']
        entries = []
        for c in self.cases:
            text, nlayout = self.ffi_case(c)
            out.append(text)
            entries.append(self.ffi_entry(c, nlayout))
        out += [f'const cf_fcase {table}[] = {{'] + entries + ['};']
        out.append(f'const uint32_t {table.replace("fcases", "nfcases")} = {len(self.cases)}u;')
        return '\n'.join(out) + '\n'


def _records(t):
    if isinstance(t, Array):
        yield from _records(t.elem)
    elif isinstance(t, Record):
        for m in t.members:
            yield from _records(m)
        yield t


COMPAT_H = r'''/* Generated by tools/conform: the compat mode's cases. Include conform.h, ffi.h
 * first. */
#ifndef CF_COMPAT_H
#define CF_COMPAT_H

typedef struct cf_flayout {
    ffi_type *type;                     /* filled by ffi_prep_cif: must match the compiler */
    size_t size, align;
} cf_flayout;

typedef struct cf_fcase {
    uint32_t id;
    int abi;                            /* the ffi_abi of the cif */
    cf_fn fn;                           /* the System V callee */
    ffi_type *rtype;
    ffi_type **atypes;
    void **avalues;
    uint32_t nargs, nfixed;
    int variadic;
    const unsigned char *ret, *ret_mask;    /* what ffi_call must write (an ffi_arg for a
                                               narrow integer) and which bytes are values */
    uint32_t ret_size;
    uint32_t reject_pos;
    ffi_type *reject_with;              /* NULL, or an unpromoted type: FFI_BAD_ARGTYPE */
    const cf_flayout *layout;
    uint32_t nlayout;
} cf_fcase;

struct cf_fbatch {
    const cf_fcase *cases;
    const uint32_t *count;
};
extern const struct cf_fbatch cf_fbatches[];
extern const uint32_t cf_nfbatches;

uint64_t cf_run_ffi(const cf_fcase *c);

#endif
'''

COMPAT_C = r'''/* Generated by tools/conform: a case through ffi_prep_cif(_var) + ffi_call. */
uint64_t cf_run_ffi(const cf_fcase *c)
{
    _Alignas(16) unsigned char ret[64 + 32];
    ffi_type *swapped[32];
    ffi_cif cif;
    ffi_status s;
    uint64_t bad = 0;
    uint32_t i;

    if (c->reject_with && c->nargs <= 32) {
        for (i = 0; i < c->nargs; i++)
            swapped[i] = i == c->reject_pos ? c->reject_with : c->atypes[i];
        if (ffi_prep_cif_var(&cif, (ffi_abi)c->abi, c->nfixed, c->nargs, c->rtype, swapped) !=
            FFI_BAD_ARGTYPE)
            bad |= CF_BAD_REJECT;
    }
    s = c->variadic ? ffi_prep_cif_var(&cif, (ffi_abi)c->abi, c->nfixed, c->nargs, c->rtype,
                                       c->atypes)
                    : ffi_prep_cif(&cif, (ffi_abi)c->abi, c->nargs, c->rtype, c->atypes);
    if (s != FFI_OK)
        return bad | CF_BAD_BUILD | (uint64_t)s << 48;
    for (i = 0; i < c->nlayout; i++)
        if (c->layout[i].type->size != c->layout[i].size ||
            c->layout[i].type->alignment != c->layout[i].align)
            return bad | CF_BAD_LAYOUT;
    for (i = 0; i < sizeof ret; i++)
        ret[i] = 0xA5;
    cf_seen = 0xFFFFFFFFu;
    cf_bad = 0;
    ffi_call(&cif, FFI_FN(c->fn), c->ret ? ret : NULL, c->avalues);
    bad |= (cf_seen != c->id ? CF_BAD_UNCALLED : 0) | cf_bad;
    if (c->ret && cf_differs(ret, c->ret, c->ret_mask, c->ret_size))
        bad |= CF_BAD_RET;
    for (i = c->ret_size; c->ret && i < sizeof ret; i++)
        if (ret[i] != 0xA5)
            bad |= CF_BAD_CANARY;
    return bad;
}
'''

COMPAT_MAIN_C = r'''/* Generated by tools/conform: every compat case through ffi_call against one
 * compiler's callees. Usage: main gcc|clang [first-id [first-path]]. Prints "id f hexmask"
 * per call. */
#include <stdio.h>
#include <stdlib.h>
#include "conform.h"
#include <ffi.h>
#include "compat.h"

int main(int argc, char **argv)
{
    unsigned long first = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
    uint32_t b, i;

    setvbuf(stdout, NULL, _IOLBF, 0);
    for (b = 0; b < cf_nfbatches; b++)
        for (i = 0; i < *cf_fbatches[b].count; i++) {
            const cf_fcase *c = &cf_fbatches[b].cases[i];
            if (c->id >= first)
                printf("%u f %llx\n", c->id, (unsigned long long)cf_run_ffi(c));
        }
    printf("done\n");
    return 0;
}
'''


def ffi_index(stems):
    out = ['/* Generated by tools/conform. */', '#include "conform.h"', '#include <ffi.h>',
           '#include "compat.h"', '']
    out += [f'extern const cf_fcase cf_fcases_{s}[];\nextern const uint32_t cf_nfcases_{s};'
            for s in stems]
    out += [f'const struct cf_fbatch cf_fbatches[{max(len(stems), 1)}] = {{']
    out += [f'    {{ cf_fcases_{s}, &cf_nfcases_{s} }},' for s in stems] or ['    { NULL, NULL },']
    out += ['};', f'const uint32_t cf_nfbatches = {len(stems)}u;', '']
    return '\n'.join(out)



class W64FfiUnit(FfiUnit, W64Unit):
    """The same over FFI_WIN64 cifs, against ms_abi callees (win64_c.W64Unit)."""
    FFI_ABI = 'FFI_WIN64'
