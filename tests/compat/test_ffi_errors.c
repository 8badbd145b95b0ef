/* What ffi_prep_cif, ffi_prep_cif_var, ffi_get_struct_offsets and ffi_call refuse, and with
 * which status: bad ABIs, malformed and zero-size types, the layer's documented bounds
 * (arguments, type graph size, nesting), and calls through a cif whose prep failed. */
#include <ffi.h>
#include <string.h>

#include "callplan.h"
#include "harness.h"

#define CHECK_FFI(expr, want)                                                                  \
    do {                                                                                       \
        ffi_status got_ = (expr);                                                              \
        if (got_ != (want)) {                                                                  \
            printf("FAIL - %s: %s:%d: %s gave %d, want %s\n", __func__, __FILE__, __LINE__,    \
                   #expr, (int)got_, #want);                                                   \
            harness_current_failed = 1;                                                        \
        }                                                                                      \
    } while (0)

static ffi_status prep1(ffi_abi abi, ffi_type *ret, ffi_type *arg)
{
    ffi_cif cif;
    ffi_type *args[1] = { arg };
    return ffi_prep_cif(&cif, abi, arg ? 1 : 0, ret, args);
}

TEST(abis_outside_the_enum)
{
    CHECK_FFI(prep1((ffi_abi)0, &ffi_type_void, NULL), FFI_BAD_ABI);
    CHECK_FFI(prep1(FFI_FIRST_ABI, &ffi_type_void, NULL), FFI_BAD_ABI);
    CHECK_FFI(prep1(FFI_LAST_ABI, &ffi_type_void, NULL), FFI_BAD_ABI);
    CHECK_FFI(prep1((ffi_abi)99, &ffi_type_void, NULL), FFI_BAD_ABI);
    CHECK_FFI(prep1(FFI_UNIX64, &ffi_type_void, NULL), FFI_OK);
    CHECK(FFI_EFI64 == FFI_WIN64 && FFI_DEFAULT_ABI == FFI_UNIX64);
}

/* The Microsoft conventions are the core's CP_ABI_WIN64: they work exactly when it does. */
TEST(microsoft_abis_follow_the_core)
{
    static const cp_sig probe = { CP_ABI_WIN64, NULL, NULL, 0, 0, 0 };
    uint64_t plan[CP_PLAN_SIZE(0) / 8];
    ffi_status want = cp_plan_build(plan, sizeof plan, &probe, NULL) == CP_OK ? FFI_OK
                                                                              : FFI_BAD_ABI;
    printf("# the core %s CP_ABI_WIN64\n", want == FFI_OK ? "implements" : "does not implement");
    CHECK_FFI(prep1(FFI_WIN64, &ffi_type_sint32, &ffi_type_double), want);
    CHECK_FFI(prep1(FFI_EFI64, &ffi_type_void, &ffi_type_pointer), want);
    CHECK_FFI(prep1(FFI_GNUW64, &ffi_type_uint64, &ffi_type_sint8), want);
    /* FFI_WIN64 is MSVC's: its long double is a double, which ffi_type_longdouble is not */
    CHECK_FFI(prep1(FFI_WIN64, &ffi_type_longdouble, NULL), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_WIN64, &ffi_type_void, &ffi_type_complex_longdouble), FFI_BAD_TYPEDEF);
}

TEST(malformed_types)
{
    ffi_type *none[1] = { NULL };
    ffi_type empty = { 0, 0, FFI_TYPE_STRUCT, none };
    ffi_type no_elements = { 0, 0, FFI_TYPE_STRUCT, NULL };
    ffi_type unknown = { 4, 4, 99, NULL };
    ffi_type *bad_e[] = { &ffi_type_sint32, &unknown, NULL };
    ffi_type holds_unknown = { 0, 0, FFI_TYPE_STRUCT, bad_e };
    ffi_type *void_e[] = { &ffi_type_void, NULL };
    ffi_type holds_void = { 0, 0, FFI_TYPE_STRUCT, void_e };
    ffi_type *sd_e[] = { &ffi_type_sint32, &ffi_type_double, NULL };
    ffi_type too_small = { 4, 4, FFI_TYPE_STRUCT, sd_e };    /* a size that cannot hold them */
    ffi_type complex_of_nothing = { 8, 4, FFI_TYPE_COMPLEX, NULL };
    ffi_type *cp_e[] = { &ffi_type_pointer, NULL };
    ffi_type complex_of_pointer = { 16, 8, FFI_TYPE_COMPLEX, cp_e };
    ffi_cif cif;

    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &empty, NULL), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &empty), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &no_elements), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &unknown, NULL), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &holds_unknown), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &ffi_type_void), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &holds_void), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &too_small), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &complex_of_nothing, NULL), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &complex_of_pointer, NULL), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, NULL, NULL), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, NULL), FFI_OK);
    CHECK_FFI(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &ffi_type_void, NULL), FFI_BAD_TYPEDEF);
    CHECK_FFI(ffi_prep_cif(NULL, FFI_DEFAULT_ABI, 0, &ffi_type_void, NULL), FFI_BAD_TYPEDEF);
    CHECK(empty.size == 0);
}

/* _Complex int is a struct of two ints to the ABI: accepted. */
TEST(complex_of_integers)
{
    ffi_type *ci_e[] = { &ffi_type_sint32, NULL };
    ffi_type complex_int = { 8, 4, FFI_TYPE_COMPLEX, ci_e };
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &complex_int, &complex_int), FFI_OK);
}

/* Callers size value buffers by ->size: a scalar or complex type whose size or alignment is
 * not its C layout is refused (found by fuzz_ffi_prep_cif: a caller-made complex of size 0 was
 * planned as 8 bytes, and ffi_call read them from a 0-byte buffer). A complex type left at 0/0
 * gets its layout filled in, as libffi fills what is 0. */
TEST(leaf_types_must_have_their_layout)
{
    ffi_type *float_part[] = { &ffi_type_float, NULL };
    ffi_type *double_part[] = { &ffi_type_double, NULL };
    ffi_type cfloat = { 0, 0, FFI_TYPE_COMPLEX, float_part };
    ffi_type cdouble_short = { 8, 8, FFI_TYPE_COMPLEX, double_part };
    ffi_type cdouble_align = { 16, 4, FFI_TYPE_COMPLEX, double_part };
    ffi_type int_long = { 8, 4, FFI_TYPE_SINT32, NULL };
    ffi_type int_empty = { 0, 0, FFI_TYPE_SINT32, NULL };
    ffi_type dbl_ok = { 8, 8, FFI_TYPE_DOUBLE, NULL };

    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &cfloat), FFI_OK);
    CHECK(cfloat.size == 8 && cfloat.alignment == 4);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &cdouble_short), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &cdouble_align, NULL), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &int_long), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &int_empty, NULL), FFI_BAD_TYPEDEF);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &dbl_ok, &dbl_ok), FFI_OK);
}

TEST(cycles_and_nesting)
{
    ffi_type *self_e[2];
    ffi_type self = { 0, 0, FFI_TYPE_STRUCT, self_e };
    ffi_type level[10];
    ffi_type *level_e[10][2];
    int i;
    self_e[0] = &self;
    self_e[1] = NULL;
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &self), FFI_BAD_TYPEDEF);
    /* level[0] is a struct of an int; level[i] a struct of level[i-1] */
    for (i = 0; i < 10; i++) {
        level_e[i][0] = i ? &level[i - 1] : &ffi_type_sint32;
        level_e[i][1] = NULL;
        level[i].size = 0;
        level[i].alignment = 0;
        level[i].type = FFI_TYPE_STRUCT;
        level[i].elements = level_e[i];
    }
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &level[CP_MAX_DEPTH - 1]), FFI_OK);
    CHECK(level[CP_MAX_DEPTH - 1].size == 4);
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &level[CP_MAX_DEPTH]), FFI_BAD_TYPEDEF);
}

/* libffi writes an array as a run of one element. Runs of structs stay members one by one when
 * folding them would add a level: eight levels of "struct { prev a[2]; }" are still eight. A
 * run of scalars folds into an array, which the core counts as a level, as it would count a
 * C array: under eight levels of structs that is one too many. */
TEST(runs_and_nesting)
{
    ffi_type level[CP_MAX_DEPTH];
    ffi_type *level_e[CP_MAX_DEPTH][4];
    int i;
    for (i = 0; i < CP_MAX_DEPTH; i++) {
        level_e[i][0] = level_e[i][1] = i ? &level[i - 1] : &ffi_type_sint32;
        level_e[i][i ? 2 : 1] = NULL;      /* the innermost: a lone int */
        level[i].size = 0;
        level[i].alignment = 0;
        level[i].type = FFI_TYPE_STRUCT;
        level[i].elements = level_e[i];
    }
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &level[CP_MAX_DEPTH - 1]), FFI_OK);
    CHECK(level[CP_MAX_DEPTH - 1].size == (size_t)4 << (CP_MAX_DEPTH - 1));
    level_e[0][1] = level_e[0][2] = &ffi_type_sint32;   /* the innermost: int[3], a level more */
    level_e[0][3] = NULL;
    for (i = 0; i < CP_MAX_DEPTH; i++)
        level[i].size = 0;
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &level[CP_MAX_DEPTH - 2]), FFI_OK);
    for (i = 0; i < CP_MAX_DEPTH; i++)
        level[i].size = 0;
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &level[CP_MAX_DEPTH - 1]), FFI_BAD_TYPEDEF);
}

/* The scratch area's bounds: members (runs of one element count once) and struct nodes. */
TEST(type_graph_bounds)
{
    static ffi_type *e[2000];
    static ffi_type s[FFI_CP_MAX_STRUCT_NODES + 1];
    static ffi_type *s_e[FFI_CP_MAX_STRUCT_NODES + 1][2];
    ffi_type big = { 0, 0, FFI_TYPE_STRUCT, e };
    ffi_type top = { 0, 0, FFI_TYPE_STRUCT, NULL };
    ffi_type *top_e[FFI_CP_MAX_STRUCT_NODES + 2];
    int i;
    for (i = 0; i < 1999; i++)              /* char[1999]: one run */
        e[i] = &ffi_type_schar;
    e[1999] = NULL;
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &big), FFI_OK);
    CHECK(big.size == 1999 && big.alignment == 1);
    for (i = 0; i < FFI_CP_MAX_MEMBERS; i++)    /* alternating: one member each */
        e[i] = i % 2 ? &ffi_type_schar : &ffi_type_sint32;
    e[FFI_CP_MAX_MEMBERS] = NULL;
    big.size = 0;
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &big), FFI_OK);
    e[FFI_CP_MAX_MEMBERS] = &ffi_type_sint32;
    e[FFI_CP_MAX_MEMBERS + 1] = NULL;
    big.size = 0;
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &big), FFI_BAD_TYPEDEF);
    /* distinct struct types: the top one and FFI_CP_MAX_STRUCT_NODES inside are one too many */
    for (i = 0; i <= FFI_CP_MAX_STRUCT_NODES; i++) {
        s_e[i][0] = &ffi_type_uint16;
        s_e[i][1] = NULL;
        s[i].size = 0;
        s[i].alignment = 0;
        s[i].type = FFI_TYPE_STRUCT;
        s[i].elements = s_e[i];
        top_e[i] = &s[i];
    }
    top_e[FFI_CP_MAX_STRUCT_NODES - 1] = NULL;
    top.elements = top_e;
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &top), FFI_OK);
    top_e[FFI_CP_MAX_STRUCT_NODES - 1] = &s[FFI_CP_MAX_STRUCT_NODES - 1];
    top_e[FFI_CP_MAX_STRUCT_NODES] = NULL;
    top.size = 0;
    CHECK_FFI(prep1(FFI_DEFAULT_ABI, &ffi_type_void, &top), FFI_BAD_TYPEDEF);
}

TEST(argument_count_bounds)
{
    ffi_type *t[FFI_CP_MAX_ARGS + 1];
    ffi_cif cif;
    int i;
    for (i = 0; i <= FFI_CP_MAX_ARGS; i++)
        t[i] = &ffi_type_double;
    CHECK_FFI(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, FFI_CP_MAX_ARGS, &ffi_type_void, t), FFI_OK);
    CHECK_FFI(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, FFI_CP_MAX_ARGS + 1, &ffi_type_void, t),
              FFI_BAD_ARGTYPE);
    CHECK_FFI(ffi_prep_cif_var(&cif, FFI_DEFAULT_ABI, 3, 2, &ffi_type_void, t), FFI_BAD_ARGTYPE);
}

static int calls;
static void count_call(void) { calls++; }

struct huge { int64_t v[40]; };
static struct huge make_huge(void)
{
    struct huge h;
    int i;
    calls++;
    for (i = 0; i < 40; i++)
        h.v[i] = i;
    return h;
}

/* A cif whose prep failed runs nothing; a dropped result larger than the layer's scratch is not
 * called (documented: no heap to put it in). */
TEST(calls_that_do_not_happen)
{
    ffi_type *e[41];
    ffi_type huge_t = { 0, 0, FFI_TYPE_STRUCT, e };
    struct huge h;
    ffi_cif cif;
    int i;
    CHECK_FFI(ffi_prep_cif(&cif, (ffi_abi)0, 0, &ffi_type_void, NULL), FFI_BAD_ABI);
    ffi_call(&cif, count_call, NULL, NULL);
    CHECK(calls == 0);
    for (i = 0; i < 40; i++)
        e[i] = &ffi_type_sint64;
    e[40] = NULL;
    CHECK_FFI(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 0, &huge_t, NULL), FFI_OK);
    ffi_call(&cif, FFI_FN(make_huge), NULL, NULL);
    CHECK(calls == 0);
    memset(&h, 0, sizeof h);
    ffi_call(&cif, FFI_FN(make_huge), &h, NULL);
    CHECK(calls == 1 && h.v[39] == 39);
}

TEST(struct_offsets_errors)
{
    ffi_type *none[1] = { NULL };
    ffi_type empty = { 0, 0, FFI_TYPE_STRUCT, none };
    ffi_type *e[] = { &ffi_type_sint8, &ffi_type_sint64, NULL };
    ffi_type ok = { 0, 0, FFI_TYPE_STRUCT, e };
    size_t off[2] = { 99, 99 };
    CHECK_FFI(ffi_get_struct_offsets((ffi_abi)0, &ok, off), FFI_BAD_ABI);
    CHECK_FFI(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &ffi_type_double, off), FFI_BAD_TYPEDEF);
    CHECK_FFI(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &empty, off), FFI_BAD_TYPEDEF);
    CHECK_FFI(ffi_get_struct_offsets(FFI_DEFAULT_ABI, NULL, off), FFI_BAD_TYPEDEF);
    ok.size = 99;                           /* laid out afresh, as libffi does */
    CHECK_FFI(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &ok, off), FFI_OK);
    CHECK(off[0] == 0 && off[1] == 8 && ok.size == 16 && ok.alignment == 8);
}

int main(void)
{
    RUN(abis_outside_the_enum);
    RUN(microsoft_abis_follow_the_core);
    RUN(malformed_types);
    RUN(complex_of_integers);
    RUN(leaf_types_must_have_their_layout);
    RUN(cycles_and_nesting);
    RUN(runs_and_nesting);
    RUN(type_graph_bounds);
    RUN(argument_count_bounds);
    RUN(calls_that_do_not_happen);
    RUN(struct_offsets_errors);
    return harness_done();
}
