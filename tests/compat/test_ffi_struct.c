/* Structs through ffi_call, libffi style: sizes and alignments filled in by ffi_prep_cif and
 * compared with the compiler's, offsets from ffi_get_struct_offsets against offsetof, and
 * structs passed and returned in registers, in memory, nested, with an array member (libffi's
 * repeated elements) and with long double. */
#include <ffi.h>
#include <stddef.h>
#include <string.h>

#include "callees.h"
#include "harness.h"

static ffi_type *small_e[] = { &ffi_type_sint32, &ffi_type_double, NULL };
static ffi_type small_t = { 0, 0, FFI_TYPE_STRUCT, small_e };
static ffi_type *pair_e[] = { &ffi_type_float, &ffi_type_float, NULL };
static ffi_type pair_t = { 0, 0, FFI_TYPE_STRUCT, pair_e };
static ffi_type *three_e[] = { &ffi_type_float, &ffi_type_float, &ffi_type_float, NULL };
static ffi_type three_t = { 0, 0, FFI_TYPE_STRUCT, three_e };
static ffi_type *big_e[] = { &ffi_type_sint64, &ffi_type_sint64, &ffi_type_sint64,
                             &ffi_type_double, NULL };
static ffi_type big_t = { 0, 0, FFI_TYPE_STRUCT, big_e };
static ffi_type *inner_e[] = { &ffi_type_uint8, &ffi_type_sint16, NULL };
static ffi_type inner_t = { 0, 0, FFI_TYPE_STRUCT, inner_e };
static ffi_type *nested_e[] = { &inner_t, &ffi_type_double, &inner_t, NULL };
static ffi_type nested_t = { 0, 0, FFI_TYPE_STRUCT, nested_e };
static ffi_type *text_e[22];                /* char[20] as 20 elements, then the int */
static ffi_type text_t = { 0, 0, FFI_TYPE_STRUCT, text_e };
static ffi_type *ld_e[] = { &ffi_type_longdouble, &ffi_type_sint32, NULL };
static ffi_type ld_t = { 0, 0, FFI_TYPE_STRUCT, ld_e };
static ffi_type *tiny_e[] = { &ffi_type_uint8, &ffi_type_uint8, &ffi_type_uint8, NULL };
static ffi_type tiny_t = { 0, 0, FFI_TYPE_STRUCT, tiny_e };

struct many_pairs { struct c_pair p[100]; };
static double sum_pairs(struct many_pairs m)
{
    double s = 0;
    int i;
    for (i = 0; i < 100; i++)
        s += m.p[i].x + m.p[i].y;
    return s;
}

static void init_text(void)
{
    int i;
    for (i = 0; i < 20; i++)
        text_e[i] = &ffi_type_schar;
    text_e[20] = &ffi_type_sint32;
    text_e[21] = NULL;
}

/* ffi_type's size and alignment after prep, against sizeof and _Alignof. */
static int layout_is(ffi_type *t, size_t size, size_t align)
{
    ffi_cif cif;
    ffi_type *args[1] = { t };
    if (ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_void, args) != FFI_OK)
        return 0;
    if (t->size != size || t->alignment != align)
        printf("# size %zu align %u, want %zu %zu\n", t->size, t->alignment, size, align);
    return t->size == size && t->alignment == align;
}

TEST(prep_fills_sizes_like_the_compiler)
{
    CHECK(layout_is(&small_t, sizeof(struct c_small), _Alignof(struct c_small)));
    CHECK(layout_is(&pair_t, sizeof(struct c_pair), _Alignof(struct c_pair)));
    CHECK(layout_is(&three_t, sizeof(struct c_three), _Alignof(struct c_three)));
    CHECK(layout_is(&big_t, sizeof(struct c_big), _Alignof(struct c_big)));
    CHECK(layout_is(&nested_t, sizeof(struct c_nested), _Alignof(struct c_nested)));
    CHECK(inner_t.size == sizeof(struct c_inner));  /* nested ones are filled too */
    CHECK(layout_is(&text_t, sizeof(struct c_text), _Alignof(struct c_text)));
    CHECK(layout_is(&ld_t, sizeof(struct c_ld), _Alignof(struct c_ld)));
    CHECK(layout_is(&tiny_t, sizeof(struct c_tiny), _Alignof(struct c_tiny)));
}

TEST(struct_offsets_match_offsetof)
{
    size_t off[21];
    int i, ok = 1;
    CHECK(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &nested_t, off) == FFI_OK);
    CHECK(off[0] == offsetof(struct c_nested, in) && off[1] == offsetof(struct c_nested, d) &&
          off[2] == offsetof(struct c_nested, in2));
    CHECK(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &text_t, off) == FFI_OK);
    for (i = 0; i < 20; i++)
        ok &= off[i] == offsetof(struct c_text, name) + (size_t)i;
    CHECK(ok);
    CHECK(off[20] == offsetof(struct c_text, len));
    CHECK(ffi_get_struct_offsets(FFI_DEFAULT_ABI, &ld_t, NULL) == FFI_OK);
    CHECK(ld_t.size == sizeof(struct c_ld));
}

TEST(register_structs_in_and_out)
{
    ffi_cif cif;
    ffi_type *a2[2];
    struct c_small s = { -7, 123.75 }, rs;
    struct c_pair p = { 1.5f, -2.0f }, rp;
    struct c_three x = { 1, 2, 3 }, y = { 10, 20, 30 }, r3;
    struct c_tiny t = { 1, 2, 3 }, rt;
    float k = 4.0f;
    void *v[2];

    a2[0] = &small_t;
    v[0] = &s;
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &small_t, a2) == FFI_OK);
    memset(&rs, 0, sizeof rs);
    ffi_call(&cif, FFI_FN(c_small_swap), &rs, v);
    CHECK(rs.a == 123 && rs.b == -7.0);

    a2[0] = &pair_t;
    a2[1] = &ffi_type_float;
    v[0] = &p;
    v[1] = &k;
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &pair_t, a2) == FFI_OK);
    ffi_call(&cif, FFI_FN(c_pair_scale), &rp, v);
    CHECK(rp.x == 6.0f && rp.y == -8.0f);

    a2[0] = a2[1] = &three_t;
    v[0] = &x;
    v[1] = &y;
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 2, &three_t, a2) == FFI_OK);
    ffi_call(&cif, FFI_FN(c_three_add), &r3, v);
    CHECK(r3.x == 11 && r3.y == 22 && r3.z == 33);

    a2[0] = &tiny_t;
    v[0] = &t;
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &tiny_t, a2) == FFI_OK);
    ffi_call(&cif, FFI_FN(c_tiny_rot), &rt, v);
    CHECK(rt.a == 2 && rt.b == 3 && rt.c == 1);
}

TEST(memory_structs_in_and_out)
{
    ffi_cif cif;
    ffi_type *a3[3] = { &ffi_type_sint32, &big_t, &ffi_type_double };
    struct c_big b = { 1, -2, 3, 0.5 }, rb;
    struct c_ld l = { 5.0L, 41 }, rl;
    int32_t n = 1000;
    double k = 0.25, sum = 0;
    void *v[3] = { &n, &b, &k };

    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 3, &ffi_type_double, a3) == FFI_OK);
    ffi_call(&cif, FFI_FN(c_big_sum), &sum, v);
    CHECK(sum == c_big_sum(n, b, k));

    a3[0] = &big_t;
    v[0] = &b;
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &big_t, a3) == FFI_OK);
    memset(&rb, 0, sizeof rb);
    ffi_call(&cif, FFI_FN(c_big_twice), &rb, v);
    CHECK(rb.a == 2 && rb.b == -4 && rb.c == 6 && rb.d == 1.0);
    ffi_call(&cif, FFI_FN(c_big_twice), NULL, v);  /* dropped: the layer gives it a buffer */

    a3[0] = &ld_t;
    v[0] = &l;
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ld_t, a3) == FFI_OK);
    memset(&rl, 0, sizeof rl);
    ffi_call(&cif, FFI_FN(c_ld_half), &rl, v);
    CHECK(rl.x == 2.5L && rl.n == 42);
}

TEST(nested_and_array_members)
{
    ffi_cif cif;
    ffi_type *a1[1] = { &nested_t };
    struct c_nested n = { { 1, -300 }, 2.5, { 9, 12345 } }, rn;
    struct c_text t;
    ffi_arg sum = 0;                        /* an int result is written as a whole ffi_arg */
    void *v[1] = { &n };

    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &nested_t, a1) == FFI_OK);
    memset(&rn, 0, sizeof rn);
    ffi_call(&cif, FFI_FN(c_nested_flip), &rn, v);
    CHECK(rn.in.tag == 9 && rn.in.v == 12345 && rn.d == -2.5 && rn.in2.tag == 1 &&
          rn.in2.v == -300);

    memset(&t, 0, sizeof t);
    strcpy(t.name, "abcdefghijklmnopqrs");
    t.len = 19;
    a1[0] = &text_t;
    v[0] = &t;
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_sint32, a1) == FFI_OK);
    ffi_call(&cif, FFI_FN(c_text_sum), &sum, v);
    CHECK_EQ_U64(sum, (ffi_arg)(ffi_sarg)c_text_sum(t));
}

/* An array of structs, as libffi writes it (the element 100 times), is one member. */
TEST(array_of_structs_member)
{
    static ffi_type *e[101];
    ffi_type arr = { 0, 0, FFI_TYPE_STRUCT, e };
    ffi_type *a1[1] = { &arr };
    struct many_pairs m;
    double sum = 0;
    ffi_cif cif;
    void *v[1] = { &m };
    int i;
    for (i = 0; i < 100; i++) {
        e[i] = &pair_t;
        m.p[i].x = (float)i;
        m.p[i].y = 0.5f;
    }
    e[100] = NULL;
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &ffi_type_double, a1) == FFI_OK);
    CHECK(arr.size == sizeof m && arr.alignment == _Alignof(struct many_pairs));
    ffi_call(&cif, FFI_FN(sum_pairs), &sum, v);
    CHECK(sum == 4950 + 50);
}

/* A struct type the caller sized already is taken as it is, and must fit the C layout. */
TEST(caller_sized_struct_types)
{
    ffi_type *e[] = { &ffi_type_sint32, &ffi_type_double, NULL };
    ffi_type preset = { sizeof(struct c_small), _Alignof(struct c_small), FFI_TYPE_STRUCT, e };
    ffi_type *a1[1] = { &preset };
    ffi_cif cif;
    struct c_small s = { 3, 4.0 }, r;
    void *v[1] = { &s };
    CHECK(ffi_prep_cif(&cif, FFI_DEFAULT_ABI, 1, &preset, a1) == FFI_OK);
    ffi_call(&cif, FFI_FN(c_small_swap), &r, v);
    CHECK(r.a == 4 && r.b == 3.0);
}

int main(void)
{
    init_text();
    RUN(prep_fills_sizes_like_the_compiler);
    RUN(struct_offsets_match_offsetof);
    RUN(register_structs_in_and_out);
    RUN(memory_structs_in_and_out);
    RUN(nested_and_array_members);
    RUN(array_of_structs_member);
    RUN(caller_sized_struct_types);
    return harness_done();
}
