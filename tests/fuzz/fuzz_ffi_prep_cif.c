/* Fuzz target: the libffi-compatible layer's ffi_prep_cif / ffi_prep_cif_var /
 * ffi_get_struct_offsets on random ffi_type graphs, then ffi_call.
 *
 * The input decodes into a pool of ffi_type nodes (structs with NULL-terminated element lists
 * into the pool, the built-ins or nested complex types: cycles and DAGs included; bogus type
 * codes, sizes and alignments) and a call interface over them (any ABI value, up to 40
 * arguments, variadic or not). Element and argument arrays are malloc'd at exactly their
 * length. Invariants: the status is an ffi_status; on FFI_OK the plan the cif carries passes
 * cp_plan_check, and ffi_call with every argument value exactly as large as its type (each
 * against a guard page) and a result buffer of max(size, ffi_arg) reads and writes nothing
 * else; ffi_get_struct_offsets writes at most one offset per element. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "callplan.h"
#include "ffi.h"
#include "guard.h"
#include "reader.h"

#define POOL     10
#define MAX_ARGS 40

static ffi_type *const builtins[] = {
    &ffi_type_void, &ffi_type_uint8, &ffi_type_sint8, &ffi_type_uint16, &ffi_type_sint16,
    &ffi_type_uint32, &ffi_type_sint32, &ffi_type_uint64, &ffi_type_sint64, &ffi_type_float,
    &ffi_type_double, &ffi_type_longdouble, &ffi_type_pointer, &ffi_type_complex_float,
    &ffi_type_complex_double, &ffi_type_complex_longdouble,
};
#define NBUILTINS (sizeof builtins / sizeof builtins[0])

#define FAIL(...)                                                                              \
    do {                                                                                       \
        fprintf(stderr, "fuzz_ffi_prep_cif: " __VA_ARGS__);                                    \
        fputc('\n', stderr);                                                                   \
        abort();                                                                               \
    } while (0)

struct pool {
    ffi_type node[POOL];
    ffi_type **elems[POOL];
    unsigned n;
};

static ffi_type *read_ref(struct reader *r, struct pool *p)
{
    uint8_t b = rd_u8(r);
    if (b < 0x80)
        return &p->node[b % p->n];
    return builtins[b % NBUILTINS];
}

static void read_node(struct reader *r, struct pool *p, unsigned i)
{
    ffi_type *t = &p->node[i];
    uint8_t code = rd_u8(r), count, k;
    t->type = (unsigned short)(code < 0xC0 ? FFI_TYPE_STRUCT : code < 0xE0 ? FFI_TYPE_COMPLEX
                               : code % (FFI_TYPE_LAST + 2));
    t->size = rd_u8(r) < 0xE0 ? 0 : rd_u16(r);             /* prep fills these; sometimes junk */
    t->alignment = (unsigned short)(rd_u8(r) < 0xE0 ? 0 : rd_u8(r));
    count = rd_u8(r);
    if (count >= 0xF8) {
        t->elements = NULL;                                 /* a struct without a list */
        return;
    }
    count = (uint8_t)(t->type == FFI_TYPE_COMPLEX ? 1 : count % 9);
    p->elems[i] = malloc(((size_t)count + 1) * sizeof(ffi_type *));
    for (k = 0; k < count; k++)
        p->elems[i][k] = read_ref(r, p);
    p->elems[i][count] = NULL;
    t->elements = p->elems[i];
}

static void check_offsets(ffi_abi abi, ffi_type *t)
{
    size_t n = 0, *offsets;
    ffi_status s;
    if (t->type != FFI_TYPE_STRUCT || !t->elements)
        return;
    while (t->elements[n])
        n++;
    offsets = malloc((n ? n : 1) * sizeof(size_t));
    s = ffi_get_struct_offsets(abi, t, offsets);
    if (s != FFI_OK && s != FFI_BAD_TYPEDEF && s != FFI_BAD_ABI && s != FFI_BAD_ARGTYPE)
        FAIL("ffi_get_struct_offsets returned %d", (int)s);
    free(offsets);
}

static void call_it(ffi_cif *cif, uint8_t fill)
{
    void *args[MAX_ARGS];
    size_t rsize = cif->cp_ret_size < sizeof(ffi_arg) ? sizeof(ffi_arg) : cif->cp_ret_size;
    void *ret;
    unsigned i;
    cp_status s = cp_plan_check(cif->cp_plan, sizeof cif->cp_plan);
    if (s != CP_OK)
        FAIL("the cif's plan fails cp_plan_check: %s", cp_strerror(s));
    for (i = 0; i < cif->nargs; i++) {
        args[i] = guard_buffer(i, cif->arg_types[i]->size, (uint8_t)(fill + i));
        if (!args[i])
            return;                                         /* larger than a guard slot */
    }
    ret = cif->rtype->type == FFI_TYPE_VOID ? NULL : guard_buffer(GUARD_RET_SLOT, rsize, 0xEE);
    if (cif->rtype->type != FFI_TYPE_VOID && !ret)
        return;
    ffi_call(cif, guard_harmless, ret, args);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct reader r = { data, size };
    struct pool p;
    ffi_type **atypes;
    ffi_type *rtype;
    ffi_cif cif;
    ffi_abi abi;
    ffi_status s;
    unsigned nargs, nfixed, i;
    uint8_t b;

    memset(&p, 0, sizeof p);
    p.n = 1 + rd_u8(&r) % POOL;
    for (i = 0; i < p.n; i++)
        read_node(&r, &p, i);
    b = rd_u8(&r);
    abi = b < 0xC0 ? FFI_DEFAULT_ABI : (ffi_abi)(b % (FFI_LAST_ABI + 2));
    rtype = rd_u8(&r) < 0x40 ? &ffi_type_void : read_ref(&r, &p);
    nargs = rd_u8(&r);
    nargs = nargs < 0xF0 ? nargs % 9u : nargs % (MAX_ARGS + 1u);
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of type pointers */
    atypes = malloc((nargs ? nargs : 1) * sizeof *atypes);
    for (i = 0; i < nargs; i++)
        atypes[i] = read_ref(&r, &p);
    b = rd_u8(&r);
    memset(&cif, 0, sizeof cif);
    if (b < 0xA0) {
        s = ffi_prep_cif(&cif, abi, nargs, rtype, atypes);
    } else {
        nfixed = nargs ? rd_u8(&r) % (nargs + 1u) : 0;
        s = ffi_prep_cif_var(&cif, abi, nfixed, nargs, rtype, atypes);
    }
    if (s != FFI_OK && s != FFI_BAD_TYPEDEF && s != FFI_BAD_ABI && s != FFI_BAD_ARGTYPE)
        FAIL("ffi_prep_cif returned %d", (int)s);
    if (s == FFI_OK)
        call_it(&cif, rd_u8(&r));
    for (i = 0; i < p.n; i++)
        check_offsets(abi, &p.node[i]);
    free(atypes);
    for (i = 0; i < POOL; i++)
        free(p.elems[i]);
    return 0;
}
