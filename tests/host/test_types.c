/* Type layout: cp_type_layout must agree with the compiler's sizeof, _Alignof and offsetof for
 * every built-in kind and a range of C structs (nested, arrays, unions, packed, over-aligned,
 * empty, [0] arrays, bitfields described by their storage units), for static descriptors and
 * for descriptors built at run time in stack memory. */
#include <stddef.h>
#include <stdint.h>

#include "callplan.h"
#include "harness.h"

__extension__ typedef __int128 s128;
__extension__ typedef unsigned __int128 u128;
__extension__ typedef __float128 f128;

/* Checks size, alignment and member offsets of descriptor `t` against C type T; `want` is an
 * array of offsetof values, one per member (a macro so failures name the running test). */
#define CHECK_LAYOUT(t, T, want)                                                               \
    do {                                                                                       \
        size_t size_ = 0, align_ = 0, got_[32];                                                \
        size_t i_, n_ = sizeof(want) / sizeof((want)[0]);                                      \
        CHECK(n_ <= 32);                                                                       \
        CHECK_STATUS(cp_type_layout(&(t), &size_, &align_, got_, 32), CP_OK);                  \
        CHECK_EQ_U64(size_, sizeof(T));                                                        \
        CHECK_EQ_U64(align_, _Alignof(T));                                                     \
        CHECK_EQ_U64((t).count, n_);                                                           \
        for (i_ = 0; i_ < n_ && i_ < 32; i_++)                                                 \
            CHECK_EQ_U64(got_[i_], (want)[i_]);                                                \
    } while (0)

/* Size and alignment only (scalars, arrays, and types whose members have no offsetof). */
#define CHECK_SIZE_ALIGN(t, T)                                                                 \
    do {                                                                                       \
        size_t size_ = 0, align_ = 0;                                                          \
        CHECK_STATUS(cp_type_layout(&(t), &size_, &align_, NULL, 0), CP_OK);                   \
        CHECK_EQ_U64(size_, sizeof(T));                                                        \
        CHECK_EQ_U64(align_, _Alignof(T));                                                     \
    } while (0)

/* ---- built-in kinds ---------------------------------------------------------------------- */

TEST(builtin_scalars_match_c)
{
    CHECK_SIZE_ALIGN(cp_type_bool, _Bool);
    CHECK_SIZE_ALIGN(cp_type_i8, int8_t);
    CHECK_SIZE_ALIGN(cp_type_u8, uint8_t);
    CHECK_SIZE_ALIGN(cp_type_i16, int16_t);
    CHECK_SIZE_ALIGN(cp_type_u16, uint16_t);
    CHECK_SIZE_ALIGN(cp_type_i32, int32_t);
    CHECK_SIZE_ALIGN(cp_type_u32, uint32_t);
    CHECK_SIZE_ALIGN(cp_type_i64, int64_t);
    CHECK_SIZE_ALIGN(cp_type_u64, uint64_t);
    CHECK_SIZE_ALIGN(cp_type_i128, s128);
    CHECK_SIZE_ALIGN(cp_type_u128, u128);
    CHECK_SIZE_ALIGN(cp_type_ptr, void *);
    CHECK_SIZE_ALIGN(cp_type_ptr, void (*)(void));
}

TEST(builtin_floats_match_c)
{
    CHECK_SIZE_ALIGN(cp_type_f32, float);
    CHECK_SIZE_ALIGN(cp_type_f64, double);
    CHECK_SIZE_ALIGN(cp_type_f80, long double);
    CHECK_SIZE_ALIGN(cp_type_longdouble, long double);
    CHECK_SIZE_ALIGN(cp_type_f128, f128);
    CHECK_SIZE_ALIGN(cp_type_c32, _Complex float);
    CHECK_SIZE_ALIGN(cp_type_c64, _Complex double);
    CHECK_SIZE_ALIGN(cp_type_c80, _Complex long double);
}

TEST(void_has_no_size)
{
    size_t size = 99, align = 0;
    CHECK_STATUS(cp_type_layout(&cp_type_void, &size, &align, NULL, 0), CP_OK);
    CHECK_EQ_U64(size, 0);
}

/* ---- plain and nested structs ------------------------------------------------------------ */

struct basic { char c; int i; short s; double d; };
static const cp_type d_basic = CP_STRUCT(CP_MEMBER(cp_type_i8), CP_MEMBER(cp_type_i32),
                                         CP_MEMBER(cp_type_i16), CP_MEMBER(cp_type_f64));

TEST(struct_basic_padding)
{
    size_t want[] = { offsetof(struct basic, c), offsetof(struct basic, i),
                      offsetof(struct basic, s), offsetof(struct basic, d) };
    CHECK_LAYOUT(d_basic, struct basic, want);
}

struct inner { short s; double d; };
struct nested { char tag; struct inner in[3]; int tail; };
static const cp_type d_inner = CP_STRUCT(CP_MEMBER(cp_type_i16), CP_MEMBER(cp_type_f64));
static const cp_type d_inner3 = CP_ARRAY(d_inner, 3);
static const cp_type d_nested = CP_STRUCT(CP_MEMBER(cp_type_i8), CP_MEMBER(d_inner3),
                                          CP_MEMBER(cp_type_i32));

TEST(struct_nested_with_struct_array)
{
    size_t want[] = { offsetof(struct nested, tag), offsetof(struct nested, in),
                      offsetof(struct nested, tail) };
    CHECK_LAYOUT(d_nested, struct nested, want);
    CHECK_SIZE_ALIGN(d_inner3, struct inner[3]);
}

struct wide { char c; long double ld; _Complex float cf; s128 big; f128 q; char end; };
static const cp_type d_wide = CP_STRUCT(CP_MEMBER(cp_type_i8), CP_MEMBER(cp_type_f80),
                                        CP_MEMBER(cp_type_c32), CP_MEMBER(cp_type_i128),
                                        CP_MEMBER(cp_type_f128), CP_MEMBER(cp_type_u8));

TEST(struct_with_16_byte_scalars)
{
    size_t want[] = { offsetof(struct wide, c), offsetof(struct wide, ld),
                      offsetof(struct wide, cf), offsetof(struct wide, big),
                      offsetof(struct wide, q), offsetof(struct wide, end) };
    CHECK_LAYOUT(d_wide, struct wide, want);
}

/* Four levels: a struct holding a union holding a struct holding an array. */
struct lvl3 { char c; uint16_t a[3]; };
union lvl2 { struct lvl3 s; uint32_t w; };
struct lvl1 { uint8_t k; union lvl2 u; uint8_t z; };
static const cp_type d_u16x3 = CP_ARRAY(cp_type_u16, 3);
static const cp_type d_lvl3 = CP_STRUCT(CP_MEMBER(cp_type_i8), CP_MEMBER(d_u16x3));
static const cp_type d_lvl2 = CP_UNION(CP_MEMBER(d_lvl3), CP_MEMBER(cp_type_u32));
static const cp_type d_lvl1 = CP_STRUCT(CP_MEMBER(cp_type_u8), CP_MEMBER(d_lvl2),
                                        CP_MEMBER(cp_type_u8));

TEST(struct_union_struct_array_nesting)
{
    size_t want[] = { offsetof(struct lvl1, k), offsetof(struct lvl1, u),
                      offsetof(struct lvl1, z) };
    size_t want3[] = { offsetof(struct lvl3, c), offsetof(struct lvl3, a) };
    size_t want2[] = { 0, 0 };
    CHECK_LAYOUT(d_lvl1, struct lvl1, want);
    CHECK_LAYOUT(d_lvl2, union lvl2, want2);
    CHECK_LAYOUT(d_lvl3, struct lvl3, want3);
}

/* ---- arrays ------------------------------------------------------------------------------ */

static const cp_type d_f64x4 = CP_ARRAY(cp_type_f64, 4);
static const cp_type d_i16x5 = CP_ARRAY(cp_type_i16, 5);
static const cp_type d_i16x5x3 = CP_ARRAY(d_i16x5, 3);
static const cp_type d_c80x2 = CP_ARRAY(cp_type_c80, 2);
static const cp_type d_i32x0 = CP_ARRAY(cp_type_i32, 0);

TEST(arrays_match_c)
{
    CHECK_SIZE_ALIGN(d_f64x4, double[4]);
    CHECK_SIZE_ALIGN(d_i16x5, int16_t[5]);
    CHECK_SIZE_ALIGN(d_i16x5x3, int16_t[3][5]);
    CHECK_SIZE_ALIGN(d_c80x2, _Complex long double[2]);
}

TEST(zero_length_array_alone)
{
    size_t size = 99, align = 0;
    CHECK_STATUS(cp_type_layout(&d_i32x0, &size, &align, NULL, 0), CP_OK);
    CHECK_EQ_U64(size, 0);
    CHECK_EQ_U64(align, _Alignof(int32_t));
}

/* ---- unions ------------------------------------------------------------------------------ */

union mixed { char c[5]; int i; double d; };
static const cp_type d_u8x5 = CP_ARRAY(cp_type_u8, 5);
static const cp_type d_mixed = CP_UNION(CP_MEMBER(d_u8x5), CP_MEMBER(cp_type_i32),
                                        CP_MEMBER(cp_type_f64));

union odd { char c[13]; short s; };
static const cp_type d_u8x13 = CP_ARRAY(cp_type_u8, 13);
static const cp_type d_odd = CP_UNION(CP_MEMBER_AT(d_u8x13, 0), CP_MEMBER_AT(cp_type_i16, 0));

TEST(unions_match_c)
{
    size_t want_mixed[] = { 0, 0, 0 };
    size_t want_odd[] = { 0, 0 };
    CHECK_LAYOUT(d_mixed, union mixed, want_mixed);
    CHECK_LAYOUT(d_odd, union odd, want_odd);
}

union __attribute__((aligned(16))) big_union { char c; float f; };
static const cp_type d_big_union = CP_UNION_EX(0, 16, 0, CP_MEMBER(cp_type_u8),
                                               CP_MEMBER(cp_type_f32));

TEST(union_aligned_16)
{
    size_t want[] = { 0, 0 };
    CHECK_LAYOUT(d_big_union, union big_union, want);
}

/* ---- packed and over-aligned ------------------------------------------------------------- */

struct __attribute__((packed)) packed { char c; int i; double d; short s; };
static const cp_type d_packed = CP_STRUCT_EX(CP_TYPE_PACKED, 0, 0, CP_MEMBER(cp_type_i8),
                                             CP_MEMBER(cp_type_i32), CP_MEMBER(cp_type_f64),
                                             CP_MEMBER(cp_type_i16));

TEST(struct_packed)
{
    size_t want[] = { offsetof(struct packed, c), offsetof(struct packed, i),
                      offsetof(struct packed, d), offsetof(struct packed, s) };
    CHECK_LAYOUT(d_packed, struct packed, want);
}

struct __attribute__((packed, aligned(4))) packed4 { char c; double d; };
static const cp_type d_packed4 = CP_STRUCT_EX(CP_TYPE_PACKED, 4, 0, CP_MEMBER(cp_type_i8),
                                              CP_MEMBER(cp_type_f64));

TEST(struct_packed_aligned_4)
{
    size_t want[] = { offsetof(struct packed4, c), offsetof(struct packed4, d) };
    CHECK_LAYOUT(d_packed4, struct packed4, want);
}

struct __attribute__((aligned(16))) al16 { int a; char b; };
static const cp_type d_al16 = CP_STRUCT_EX(0, 16, 0, CP_MEMBER(cp_type_i32),
                                           CP_MEMBER(cp_type_i8));

struct holds_al16 { char c; struct al16 x; char d; };
static const cp_type d_holds_al16 = CP_STRUCT(CP_MEMBER(cp_type_i8), CP_MEMBER(d_al16),
                                              CP_MEMBER(cp_type_i8));

/* packed wins over a member type's own aligned(16) (gcc and clang agree; gcc warns). */
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpacked-not-aligned"
#endif
struct __attribute__((packed)) packs_al16 { char c; struct al16 x; };
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
static const cp_type d_packs_al16 = CP_STRUCT_EX(CP_TYPE_PACKED, 0, 0, CP_MEMBER(cp_type_i8),
                                                 CP_MEMBER(d_al16));

struct __attribute__((aligned(32))) al32 { double d; };
static const cp_type d_al32 = CP_STRUCT_EX(0, 32, 0, CP_MEMBER(cp_type_f64));

TEST(struct_aligned_16_and_32)
{
    size_t want16[] = { offsetof(struct al16, a), offsetof(struct al16, b) };
    size_t want_holds[] = { offsetof(struct holds_al16, c), offsetof(struct holds_al16, x),
                            offsetof(struct holds_al16, d) };
    size_t want_packs[] = { offsetof(struct packs_al16, c), offsetof(struct packs_al16, x) };
    size_t want32[] = { 0 };
    CHECK_LAYOUT(d_al16, struct al16, want16);
    CHECK_LAYOUT(d_holds_al16, struct holds_al16, want_holds);
    CHECK_LAYOUT(d_packs_al16, struct packs_al16, want_packs);
    CHECK_LAYOUT(d_al32, struct al32, want32);  /* valid layout; only passing it is unsupported */
}

/* A member with its own aligned(8), described by an explicit offset. */
struct member_al8 { char c; int x __attribute__((aligned(8))); };
static const cp_type d_member_al8 = CP_STRUCT_EX(0, 8, 0, CP_MEMBER(cp_type_i8),
                                                 CP_MEMBER_AT(cp_type_i32, 8));

TEST(member_aligned_by_explicit_offset)
{
    size_t want[] = { offsetof(struct member_al8, c), offsetof(struct member_al8, x) };
    CHECK_LAYOUT(d_member_al8, struct member_al8, want);
}

/* ---- empty structs and [0] arrays (GNU C) ------------------------------------------------ */

__extension__ struct empty {};
struct around_empty { char a; struct empty e; char b; };
static const cp_type d_empty = CP_EMPTY_STRUCT;
static const cp_type d_around_empty = CP_STRUCT(CP_MEMBER(cp_type_i8), CP_MEMBER(d_empty),
                                                CP_MEMBER(cp_type_i8));

TEST(empty_struct)
{
    size_t want[] = { offsetof(struct around_empty, a), offsetof(struct around_empty, e),
                      offsetof(struct around_empty, b) };
    CHECK_SIZE_ALIGN(d_empty, struct empty);
    CHECK_LAYOUT(d_around_empty, struct around_empty, want);
}

struct tail0 { char c; __extension__ int z[0]; };
static const cp_type d_tail0 = CP_STRUCT(CP_MEMBER(cp_type_i8), CP_MEMBER(d_i32x0));

static const cp_type d_i128x0 = CP_ARRAY(cp_type_i128, 0);
struct tail0_wide { int n; __extension__ s128 z[0]; };
static const cp_type d_tail0_wide = CP_STRUCT(CP_MEMBER(cp_type_i32), CP_MEMBER(d_i128x0));

TEST(zero_length_array_members)
{
    size_t want[] = { offsetof(struct tail0, c), offsetof(struct tail0, z) };
    size_t want_wide[] = { offsetof(struct tail0_wide, n), offsetof(struct tail0_wide, z) };
    CHECK_LAYOUT(d_tail0, struct tail0, want);
    CHECK_LAYOUT(d_tail0_wide, struct tail0_wide, want_wide);
}

/* ---- bitfields, described by the storage units they occupy ------------------------------- */

/* a and b share bytes 1..2 (bits 8..23); y cannot start at byte 3 (odd) and goes to 4; the
 * unsigned bitfields give the struct alignment 4, which the descriptor declares. */
struct bits1 { char x; unsigned a : 4; unsigned b : 12; short y; };
static const cp_type d_bits1 = CP_STRUCT_EX(0, 4, 0, CP_MEMBER_AT(cp_type_i8, 0),
                                            CP_MEMBER_AT(cp_type_u8, 1),
                                            CP_MEMBER_AT(cp_type_u8, 2),
                                            CP_MEMBER_AT(cp_type_i16, 4));

/* 24 bits of one unsigned storage unit, then an int in the next. */
struct bits2 { unsigned a : 4; unsigned b : 20; int c; };
static const cp_type d_bits2 = CP_STRUCT(CP_MEMBER_AT(cp_type_u32, 0),
                                         CP_MEMBER_AT(cp_type_i32, 4));

/* A 40-bit field of an 8-byte unit takes 5 bytes; c follows at byte 5. */
struct bits3 { __extension__ unsigned long long a : 40; char c; };
static const cp_type d_bits3 = CP_STRUCT_EX(0, 8, 0, CP_MEMBER_AT(d_u8x5, 0),
                                            CP_MEMBER_AT(cp_type_i8, 5));

TEST(bitfield_storage_units)
{
    size_t want1[] = { offsetof(struct bits1, x), 1, 2, offsetof(struct bits1, y) };
    size_t want2[] = { 0, offsetof(struct bits2, c) };
    size_t want3[] = { 0, offsetof(struct bits3, c) };
    CHECK_LAYOUT(d_bits1, struct bits1, want1);
    CHECK_LAYOUT(d_bits2, struct bits2, want2);
    CHECK_LAYOUT(d_bits3, struct bits3, want3);
}

/* Explicit offsets leaving a gap, and a declared size covering tail bytes. */
struct gapped { int a; int reserved; int b; };
static const cp_type d_gapped = CP_STRUCT(CP_MEMBER_AT(cp_type_i32, 0),
                                          CP_MEMBER_AT(cp_type_i32, 8));
struct sized { int a; char tail[12]; };
static const cp_type d_sized = CP_STRUCT_EX(0, 0, 16, CP_MEMBER(cp_type_i32));

TEST(explicit_offsets_and_declared_size)
{
    size_t want_gap[] = { offsetof(struct gapped, a), offsetof(struct gapped, b) };
    size_t want_sized[] = { offsetof(struct sized, a) };
    CHECK_LAYOUT(d_gapped, struct gapped, want_gap);
    CHECK_LAYOUT(d_sized, struct sized, want_sized);
}

/* ---- descriptors built at run time in stack memory --------------------------------------- */

struct rt_point { float x, y, z; };
union rt_word { uint8_t b[4]; uint32_t w; float f; };
struct rt_outer { char tag; struct rt_point pts[2]; union rt_word w; };

TEST(runtime_descriptors_match_c)
{
    cp_type point, pts, word, b4, outer;
    cp_member pm[3], wm[3], om[3];
    size_t want_point[] = { offsetof(struct rt_point, x), offsetof(struct rt_point, y),
                            offsetof(struct rt_point, z) };
    size_t want_word[] = { 0, 0, 0 };
    size_t want_outer[] = { offsetof(struct rt_outer, tag), offsetof(struct rt_outer, pts),
                            offsetof(struct rt_outer, w) };
    unsigned i;

    for (i = 0; i < 3; i++) {
        pm[i].type = &cp_type_f32;
        pm[i].offset = CP_OFFSET_AUTO;
    }
    cp_type_struct(&point, pm, 3);
    cp_type_array(&pts, &point, 2);
    cp_type_array(&b4, &cp_type_u8, 4);
    wm[0] = (cp_member){ &b4, CP_OFFSET_AUTO };
    wm[1] = (cp_member){ &cp_type_u32, CP_OFFSET_AUTO };
    wm[2] = (cp_member){ &cp_type_f32, 0 };
    cp_type_union(&word, wm, 3);
    om[0] = (cp_member){ &cp_type_i8, CP_OFFSET_AUTO };
    om[1] = (cp_member){ &pts, CP_OFFSET_AUTO };
    om[2] = (cp_member){ &word, CP_OFFSET_AUTO };
    cp_type_struct(&outer, om, 3);

    CHECK_LAYOUT(point, struct rt_point, want_point);
    CHECK_LAYOUT(word, union rt_word, want_word);
    CHECK_LAYOUT(outer, struct rt_outer, want_outer);
    CHECK_SIZE_ALIGN(pts, struct rt_point[2]);
}

/* The constructors fill every field: garbage in the stack memory must not leak through. */
TEST(runtime_constructors_reset_every_field)
{
    cp_type t;
    cp_member m = { &cp_type_i64, CP_OFFSET_AUTO };

    memset(&t, 0xA5, sizeof t);
    cp_type_struct(&t, &m, 1);
    CHECK(t.kind == CP_KIND_STRUCT && t.flags == 0 && t.align == 0 && t.size == 0);
    CHECK(t.count == 1 && t.members == &m && t.elem == NULL);
    memset(&t, 0xA5, sizeof t);
    cp_type_union(&t, &m, 1);
    CHECK(t.kind == CP_KIND_UNION && t.flags == 0 && t.align == 0 && t.size == 0);
    CHECK(t.count == 1 && t.members == &m && t.elem == NULL);
    memset(&t, 0xA5, sizeof t);
    cp_type_array(&t, &cp_type_i16, 7);
    CHECK(t.kind == CP_KIND_ARRAY && t.flags == 0 && t.align == 0 && t.size == 0);
    CHECK(t.count == 7 && t.elem == &cp_type_i16 && t.members == NULL);
}

/* Set afterwards, flags/align/size take effect like the _EX macros. */
TEST(runtime_packed_and_aligned)
{
    cp_type pk, al;
    cp_member m[4] = { { &cp_type_i8, CP_OFFSET_AUTO }, { &cp_type_i32, CP_OFFSET_AUTO },
                       { &cp_type_f64, CP_OFFSET_AUTO }, { &cp_type_i16, CP_OFFSET_AUTO } };
    cp_member am[2] = { { &cp_type_i32, CP_OFFSET_AUTO }, { &cp_type_i8, CP_OFFSET_AUTO } };
    size_t want_pk[] = { offsetof(struct packed, c), offsetof(struct packed, i),
                         offsetof(struct packed, d), offsetof(struct packed, s) };
    size_t want_al[] = { offsetof(struct al16, a), offsetof(struct al16, b) };

    cp_type_struct(&pk, m, 4);
    pk.flags = CP_TYPE_PACKED;
    cp_type_struct(&al, am, 2);
    al.align = 16;
    CHECK_LAYOUT(pk, struct packed, want_pk);
    CHECK_LAYOUT(al, struct al16, want_al);
}

/* ---- the offsets array ------------------------------------------------------------------- */

/* Filled with a sentinel so a write to any element shows. */
static void fill_sentinel(size_t *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        a[i] = (size_t)0xA5A5A5A5A5A5A5A5u;
}

static int all_sentinel(const size_t *a, size_t n)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (a[i] != (size_t)0xA5A5A5A5A5A5A5A5u)
            return 0;
    return 1;
}

TEST(offsets_too_small_is_nospace)
{
    size_t off[8], size = 7, align = 7;
    uint32_t n;

    /* d_basic has 4 members: every shorter array is refused untouched. */
    for (n = 0; n < 4; n++) {
        fill_sentinel(off, 8);
        CHECK_STATUS(cp_type_layout(&d_basic, &size, &align, off, n), CP_ERR_NOSPACE);
        CHECK(all_sentinel(off, 8));
    }
    /* Exactly enough writes exactly count elements. */
    fill_sentinel(off, 8);
    CHECK_STATUS(cp_type_layout(&d_basic, &size, &align, off, 4), CP_OK);
    CHECK_EQ_U64(off[3], offsetof(struct basic, d));
    CHECK(all_sentinel(off + 4, 4));
    /* A larger n than needed is fine and writes no more. */
    fill_sentinel(off, 8);
    CHECK_STATUS(cp_type_layout(&d_basic, NULL, NULL, off, 8), CP_OK);
    CHECK_EQ_U64(off[1], offsetof(struct basic, i));
    CHECK(all_sentinel(off + 4, 4));
}

TEST(offsets_ignored_for_non_records)
{
    size_t off[2], size = 0;
    /* Scalars and arrays have no members: nothing is written whatever n is. */
    fill_sentinel(off, 2);
    CHECK_STATUS(cp_type_layout(&cp_type_i64, &size, NULL, off, 0), CP_OK);
    CHECK_EQ_U64(size, 8);
    CHECK_STATUS(cp_type_layout(&d_f64x4, &size, NULL, off, 0), CP_OK);
    CHECK_EQ_U64(size, 32);
    CHECK(all_sentinel(off, 2));
    /* An empty struct needs no room either. */
    CHECK_STATUS(cp_type_layout(&d_empty, &size, NULL, off, 0), CP_OK);
    CHECK(all_sentinel(off, 2));
}

TEST(null_type_is_arg)
{
    size_t size = 0;
    CHECK_STATUS(cp_type_layout(NULL, &size, NULL, NULL, 0), CP_ERR_ARG);
}

int main(void)
{
    RUN(builtin_scalars_match_c);
    RUN(builtin_floats_match_c);
    RUN(void_has_no_size);
    RUN(struct_basic_padding);
    RUN(struct_nested_with_struct_array);
    RUN(struct_with_16_byte_scalars);
    RUN(struct_union_struct_array_nesting);
    RUN(arrays_match_c);
    RUN(zero_length_array_alone);
    RUN(unions_match_c);
    RUN(union_aligned_16);
    RUN(struct_packed);
    RUN(struct_packed_aligned_4);
    RUN(struct_aligned_16_and_32);
    RUN(member_aligned_by_explicit_offset);
    RUN(empty_struct);
    RUN(zero_length_array_members);
    RUN(bitfield_storage_units);
    RUN(explicit_offsets_and_declared_size);
    RUN(runtime_descriptors_match_c);
    RUN(runtime_constructors_reset_every_field);
    RUN(runtime_packed_and_aligned);
    RUN(offsets_too_small_is_nospace);
    RUN(offsets_ignored_for_non_records);
    RUN(null_type_is_arg);
    return harness_done();
}
