/* cp_sig_parse: every type name and alias, nesting, arrays, attributes, offsets, variadic
 * signatures and ABI prefixes; then malformed input, each error with its exact offset, arenas
 * too small at every size (canaries after them) and texts cut by their length or a NUL.
 *
 * Every text is first copied into a heap block of exactly its length, without a NUL: under
 * ASan a read past the length is a crash, not a silent pass. Formatting and round trips are in
 * test_sig_format.c. */
#include "callplan.h"
#include "harness.h"

#include <stdarg.h>
#include <stdlib.h>

#define ARENA_BYTES 65536
static _Alignas(16) unsigned char arena[ARENA_BYTES];

__attribute__((format(printf, 3, 4)))
static void fail_at(const char *test, int line, const char *fmt, ...)
{
    va_list ap;
    printf("FAIL - %s: %s:%d: ", test, __FILE__, line);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    harness_current_failed = 1;
}

/* Parses the first len bytes of text from an exact-size heap copy. */
static cp_status parse_n(const char *text, size_t len, void *a, size_t a_size, cp_sig *sig,
                         size_t *off)
{
    char *copy = malloc(len ? len : 1);
    cp_status s;
    memcpy(copy, text, len);
    s = cp_sig_parse(copy, len, a, a_size, sig, off);
    free(copy);
    return s;
}

static cp_status parse(const char *text, cp_sig *sig)
{
    size_t off;
    return parse_n(text, strlen(text), arena, sizeof arena, sig, &off);
}

/* Parses "void(T)" and returns the argument's descriptor (NULL on error). */
static const cp_type *parse_arg(const char *type)
{
    char text[256];
    cp_sig sig;
    snprintf(text, sizeof text, "void(%s)", type);
    if (parse(text, &sig) != CP_OK || sig.nargs != 1)
        return NULL;
    return sig.args[0];
}

#define INT_KIND(bytes, is_signed)                                                            \
    ((bytes) == 8 ? ((is_signed) ? CP_KIND_I64 : CP_KIND_U64)                                 \
     : (bytes) == 4 ? ((is_signed) ? CP_KIND_I32 : CP_KIND_U32)                               \
     : (bytes) == 2 ? ((is_signed) ? CP_KIND_I16 : CP_KIND_U16)                               \
                    : ((is_signed) ? CP_KIND_I8 : CP_KIND_U8))

static const cp_type *const builtins[] = {
    &cp_type_void, &cp_type_bool, &cp_type_i8, &cp_type_u8, &cp_type_i16, &cp_type_u16,
    &cp_type_i32, &cp_type_u32, &cp_type_i64, &cp_type_u64, &cp_type_i128, &cp_type_u128,
    &cp_type_f32, &cp_type_f64, &cp_type_f80, &cp_type_f128, &cp_type_ptr, &cp_type_c32,
    &cp_type_c64, &cp_type_c80,
};
static const char *const canonical[] = {
    "void", "bool", "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "i128", "u128",
    "f32", "f64", "f80", "f128", "ptr", "c32", "c64", "c80",
};

/* ---- names ------------------------------------------------------------------------------- */
TEST(canonical_names_are_the_builtins)
{
    size_t i;
    for (i = 0; i < sizeof builtins / sizeof builtins[0]; i++) {
        char text[64];
        cp_sig sig;
        snprintf(text, sizeof text, "%s()", canonical[i]);
        if (parse(text, &sig) != CP_OK || sig.ret != builtins[i] || sig.nargs != 0)
            fail_at(__func__, __LINE__, "return type %s", canonical[i]);
        if (builtins[i] != &cp_type_void && parse_arg(canonical[i]) != builtins[i])
            fail_at(__func__, __LINE__, "argument type %s", canonical[i]);
    }
}

TEST(c_aliases_follow_the_compiler)
{
    static const struct { const char *text; int kind; } cases[] = {
        /* cppcheck-suppress knownConditionTrueFalse ; the build's char signedness */
        { "char", (char)-1 < 0 ? CP_KIND_I8 : CP_KIND_U8 },
        { "signed char", CP_KIND_I8 },       { "char signed", CP_KIND_I8 },
        { "unsigned char", CP_KIND_U8 },     { "short", CP_KIND_I16 },
        { "short int", CP_KIND_I16 },        { "signed short", CP_KIND_I16 },
        { "unsigned short", CP_KIND_U16 },   { "unsigned short int", CP_KIND_U16 },
        { "int", CP_KIND_I32 },              { "signed", CP_KIND_I32 },
        { "signed int", CP_KIND_I32 },       { "unsigned", CP_KIND_U32 },
        { "unsigned int", CP_KIND_U32 },     { "int unsigned", CP_KIND_U32 },
        { "long", INT_KIND(sizeof(long), 1) },
        { "long int", INT_KIND(sizeof(long), 1) },
        { "signed long", INT_KIND(sizeof(long), 1) },
        { "unsigned long", INT_KIND(sizeof(long), 0) },
        { "long unsigned int", INT_KIND(sizeof(long), 0) },
        { "long long", CP_KIND_I64 },        { "long long int", CP_KIND_I64 },
        { "long int long", CP_KIND_I64 },    { "unsigned long long", CP_KIND_U64 },
        { "long long unsigned int", CP_KIND_U64 },
        { "float", CP_KIND_F32 },            { "double", CP_KIND_F64 },
        { "long double", CP_KIND_F80 },      { "double long", CP_KIND_F80 },
        { "_Bool", CP_KIND_BOOL },           { "__int128", CP_KIND_I128 },
        { "signed __int128", CP_KIND_I128 }, { "unsigned __int128", CP_KIND_U128 },
        { "__int128_t", CP_KIND_I128 },      { "__uint128_t", CP_KIND_U128 },
        { "__float128", CP_KIND_F128 },      { "_Float128", CP_KIND_F128 },
        { "_Float32", CP_KIND_F32 },         { "_Float64", CP_KIND_F64 },
        { "float _Complex", CP_KIND_C32 },   { "_Complex float", CP_KIND_C32 },
        { "double _Complex", CP_KIND_C64 },  { "complex double", CP_KIND_C64 },
        { "long double _Complex", CP_KIND_C80 }, { "_Complex long double", CP_KIND_C80 },
        { "size_t", INT_KIND(sizeof(size_t), 0) },
        { "ptrdiff_t", INT_KIND(sizeof(ptrdiff_t), 1) },
        { "intptr_t", INT_KIND(sizeof(intptr_t), 1) },
        { "uintptr_t", INT_KIND(sizeof(uintptr_t), 0) },
        { "int8_t", CP_KIND_I8 },   { "uint8_t", CP_KIND_U8 },   { "int16_t", CP_KIND_I16 },
        { "uint16_t", CP_KIND_U16 }, { "int32_t", CP_KIND_I32 }, { "uint32_t", CP_KIND_U32 },
        { "int64_t", CP_KIND_I64 }, { "uint64_t", CP_KIND_U64 },
        { "const int", CP_KIND_I32 },        { "int const", CP_KIND_I32 },
        { "volatile unsigned const char", CP_KIND_U8 }, { "const i16", CP_KIND_I16 },
        { "u16 volatile", CP_KIND_U16 },
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const cp_type *t = parse_arg(cases[i].text);
        if (!t || t->kind != cases[i].kind || t != builtins[cases[i].kind])
            fail_at(__func__, __LINE__, "\"%s\" gave kind %d, want %d", cases[i].text,
                    t ? t->kind : -1, cases[i].kind);
    }
}

TEST(pointers_are_ptr_whatever_they_point_at)
{
    static const char *const cases[] = {
        "char*", "void *", "const char * const", "i32**", "struct{i32, f64}*",
        "union{i8}*", "i32[4]*", "struct{i8[2][3]}* volatile", "unsigned long long *",
    };
    size_t i;
    cp_sig sig;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (parse_arg(cases[i]) != &cp_type_ptr)
            fail_at(__func__, __LINE__, "\"%s\" is not ptr", cases[i]);
    /* A pointee's descriptors go back to the arena once its `*` is read: the argument array
     * (16) plus room for one pointee at a time (32 + 32), not both (2 x 64). */
    CHECK_STATUS(cp_sig_parse("void(struct{i32, i64}*, struct{i8, i8}*)", 40, arena, 80, &sig,
                              NULL), CP_OK);
    CHECK(sig.nargs == 2 && sig.args[0] == &cp_type_ptr && sig.args[1] == &cp_type_ptr);
    CHECK_STATUS(cp_sig_parse("void(struct{i32, i64}*, struct{i8, i8}*)", 40, arena, 79, &sig,
                              NULL), CP_ERR_NOSPACE);
    /* An array of pointers is an array. */
    CHECK_STATUS(parse("void(struct{char*[3]})", &sig), CP_OK);
    CHECK(sig.args[0]->members[0].type->kind == CP_KIND_ARRAY &&
          sig.args[0]->members[0].type->elem == &cp_type_ptr);
}

/* ---- aggregates -------------------------------------------------------------------------- */
/* The parsed type lays out as the C type: size, alignment and every member's offset. */
#define CHECK_LAYOUT_OF(text, ctype, ...) \
    check_layout_of(__func__, __LINE__, (text), sizeof(ctype), _Alignof(ctype), \
                    (const size_t[]){ __VA_ARGS__ }, \
                    sizeof((const size_t[]){ __VA_ARGS__ }) / sizeof(size_t))

static void check_layout_of(const char *test, int line, const char *text, size_t size,
                            size_t align, const size_t *offsets, size_t n)
{
    const cp_type *t = parse_arg(text);
    size_t got_size = 0, got_align = 0, got[16] = { 0 }, i;
    cp_status s;
    if (!t) {
        fail_at(test, line, "\"%s\" does not parse", text);
        return;
    }
    s = cp_type_layout(t, &got_size, &got_align, got, 16);
    if (s != CP_OK || got_size != size || got_align != align || t->count != n) {
        fail_at(test, line, "\"%s\": %s size %zu align %zu count %u, want %zu %zu %zu", text,
                cp_strerror(s), got_size, got_align, t->count, size, align, n);
        return;
    }
    for (i = 0; i < n; i++)
        if (got[i] != offsets[i])
            fail_at(test, line, "\"%s\": member %zu at %zu, want %zu", text, i, got[i],
                    offsets[i]);
}

struct nested { char a; struct { short b; union { float f; int i; } u; } s; long long c; };
struct with_arrays { int m[2][3]; char c; };
struct packed_ci { char c; int i; } __attribute__((packed));
struct aligned16 { _Alignas(16) long l; };
struct packed_aligned { char c; int i; } __attribute__((packed, aligned(4)));
union packed_u { char c; int i; } __attribute__((packed));
struct struct_array { struct { char c; short s; } x[3]; };

TEST(aggregates_lay_out_as_c)
{
    const cp_type *t;
    CHECK_LAYOUT_OF("struct{i8, struct{i16, union{f32, i32}}, i64}", struct nested, 0, 4, 16);
    CHECK_LAYOUT_OF("struct{i32[2][3], char}", struct with_arrays, 0, 24);
    CHECK_LAYOUT_OF("struct packed {i8, i32}", struct packed_ci, 0, 1);
    CHECK_LAYOUT_OF("struct align(16) {i64}", struct aligned16, 0);
    CHECK_LAYOUT_OF("struct packed align(4) {i8, i32}", struct packed_aligned, 0, 1);
    CHECK_LAYOUT_OF("union packed {i8, i32}", union packed_u, 0, 0);
    CHECK_LAYOUT_OF("struct{struct{i8, i16}[3]}", struct struct_array, 0);
    CHECK_LAYOUT_OF("struct{f32, u8 @4, f32}", struct { float a; unsigned char b; float c; },
                    0, 4, 8);
    CHECK_LAYOUT_OF("struct size(32) {i64 @8}", struct { long pad; long l; long more[2]; }, 8);
    /* The structure itself: kinds, counts, nesting, flags. */
    t = parse_arg("struct packed align(8) size(16) {i8, union{}, i16[2][3] @2}");
    CHECK(t && t->kind == CP_KIND_STRUCT && t->flags == CP_TYPE_PACKED && t->align == 8 &&
          t->size == 16 && t->count == 3);
    if (t) {
        const cp_type *u = t->members[1].type, *a = t->members[2].type;
        CHECK(t->members[0].type == &cp_type_i8 && t->members[0].offset == CP_OFFSET_AUTO);
        CHECK(u->kind == CP_KIND_UNION && u->count == 0 && t->members[1].offset == CP_OFFSET_AUTO);
        CHECK(a->kind == CP_KIND_ARRAY && a->count == 2 && a->elem->kind == CP_KIND_ARRAY &&
              a->elem->count == 3 && a->elem->elem == &cp_type_i16 && t->members[2].offset == 2);
    }
    t = parse_arg("struct{}");
    CHECK(t && t->kind == CP_KIND_STRUCT && t->count == 0 && t->members == NULL);
}

/* ---- signatures -------------------------------------------------------------------------- */
TEST(variadic_marker_and_nfixed)
{
    static const struct { const char *text; uint32_t nargs, nfixed, flags; } cases[] = {
        { "i32(ptr, ...)", 1, 1, CP_SIG_VARIADIC },
        { "i32(ptr, ..., f64, i32, f64)", 4, 1, CP_SIG_VARIADIC },
        { "i32(...)", 0, 0, CP_SIG_VARIADIC },
        { "i32(..., i64)", 1, 0, CP_SIG_VARIADIC },
        { "i32(i32, i64)", 2, 2, 0 },
        { "i32()", 0, 0, 0 },
        { "i32(void)", 0, 0, 0 },
        { "void(void*)", 1, 1, 0 },
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cp_sig sig;
        cp_status s = parse(cases[i].text, &sig);
        if (s != CP_OK || sig.nargs != cases[i].nargs || sig.nfixed != cases[i].nfixed ||
            sig.flags != cases[i].flags || (sig.nargs == 0) != (sig.args == NULL))
            fail_at(__func__, __LINE__, "\"%s\": %s nargs %u nfixed %u flags %u",
                    cases[i].text, cp_strerror(s), sig.nargs, sig.nfixed, sig.flags);
    }
}

TEST(abi_prefixes_and_whitespace)
{
    cp_sig sig;
    CHECK_STATUS(parse("i32(i32)", &sig), CP_OK);
    CHECK(sig.abi == CP_ABI_DEFAULT);
    CHECK_STATUS(parse("sysv i32(i32)", &sig), CP_OK);
    CHECK(sig.abi == CP_ABI_SYSV64);
    CHECK_STATUS(parse("efiapi u64(ptr, ptr)", &sig), CP_OK);
    CHECK(sig.abi == CP_ABI_WIN64 && sig.nargs == 2);
    CHECK_STATUS(parse(" \t\n efiapi\ri32\f(\vstruct packed\n{ i8 ,i32 @ 0x4 } [ 2 ] , ... ,"
                       "f64 )\n", &sig), CP_OK);
    CHECK(sig.abi == CP_ABI_WIN64 && sig.nargs == 2 && sig.nfixed == 1 &&
          sig.args[0]->kind == CP_KIND_ARRAY && sig.args[0]->count == 2 &&
          sig.args[0]->elem->members[1].offset == 4);
    CHECK_STATUS(parse("i32(i32)\0 trailing bytes after a NUL are never read", &sig), CP_OK);
    /* Names are case-sensitive: SYSV and I32 are not names. */
    CHECK_STATUS(parse("SYSV i32()", &sig), CP_ERR_SYNTAX);
    CHECK_STATUS(parse("I32()", &sig), CP_ERR_SYNTAX);
}

/* ---- malformed input --------------------------------------------------------------------- */
struct bad_case {
    const char *text;
    cp_status want;
    size_t off;
};

static const struct bad_case bad_cases[] = {
    /* the grammar */
    { "", CP_ERR_SYNTAX, 0 },                        { "   ", CP_ERR_SYNTAX, 3 },
    { "i32", CP_ERR_SYNTAX, 3 },                     { "i32(", CP_ERR_SYNTAX, 4 },
    { "i32(i32", CP_ERR_SYNTAX, 7 },                 { "i32(struct{i32", CP_ERR_SYNTAX, 14 },
    { "i32(struct{i32, f64)", CP_ERR_SYNTAX, 19 },   { "i32(foo)", CP_ERR_SYNTAX, 4 },
    { "i32(i32 i64)", CP_ERR_SYNTAX, 8 },            { "i32(i32,)", CP_ERR_SYNTAX, 8 },
    { "i32(, i32)", CP_ERR_SYNTAX, 4 },              { "i32(..., ...)", CP_ERR_SYNTAX, 9 },
    { "i32(struct{...})", CP_ERR_SYNTAX, 11 },       { "...()", CP_ERR_SYNTAX, 0 },
    { "i32(i32) x", CP_ERR_SYNTAX, 9 },              { "i32(i32))", CP_ERR_SYNTAX, 8 },
    { "i32(i32 $)", CP_ERR_SYNTAX, 8 },              { "i32(..)", CP_ERR_SYNTAX, 4 },
    { "i32(struct{i8[0x]})", CP_ERR_SYNTAX, 14 },    { "i32(struct{i8[12ab]})", CP_ERR_SYNTAX, 14 },
    { "i32(struct{i8[-1]})", CP_ERR_SYNTAX, 14 },    { "i32(struct{i8[]})", CP_ERR_SYNTAX, 14 },
    { "i32(struct{i8[4})", CP_ERR_SYNTAX, 15 },      { "i32(struct{i32} @4)", CP_ERR_SYNTAX, 16 },
    { "void(struct{i8}[2] x)", CP_ERR_SYNTAX, 19 },  { "i32(struct{i32,})", CP_ERR_SYNTAX, 15 },
    { "i32(struct i32)", CP_ERR_SYNTAX, 11 },        { "i32(struct{i32} i32)", CP_ERR_SYNTAX, 16 },
    { "i32 (i32) (i32)", CP_ERR_SYNTAX, 10 },        { "ptr(i32)*", CP_ERR_SYNTAX, 8 },
    { "sysv", CP_ERR_SYNTAX, 4 },                    { "sysv sysv i32()", CP_ERR_SYNTAX, 5 },
    { "i32(sysv)", CP_ERR_SYNTAX, 4 },               { "i32(void, i32)", CP_ERR_TYPE, 4 },
    /* C specifiers that make no type */
    { "i32(unsigned float)", CP_ERR_SYNTAX, 13 },    { "i32(long long long)", CP_ERR_SYNTAX, 14 },
    { "i32(short long)", CP_ERR_SYNTAX, 10 },        { "i32(_Complex)", CP_ERR_SYNTAX, 4 },
    { "i32(signed unsigned)", CP_ERR_SYNTAX, 11 },   { "i32(int int)", CP_ERR_SYNTAX, 8 },
    { "i32(const)", CP_ERR_SYNTAX, 9 },              { "i32(long char)", CP_ERR_SYNTAX, 9 },
    { "i32(unsigned i32)", CP_ERR_SYNTAX, 13 },      { "i32(long long double)", CP_ERR_SYNTAX, 14 },
    /* attributes */
    { "i32(struct packed packed {i8})", CP_ERR_SYNTAX, 18 },
    { "i32(struct align(16) align(16) {i8})", CP_ERR_SYNTAX, 21 },
    { "i32(struct align 16 {i8})", CP_ERR_SYNTAX, 17 },
    { "i32(struct align(16 {i8})", CP_ERR_SYNTAX, 20 },
    { "i32(struct align(3) {i8})", CP_ERR_ALIGN, 17 },
    { "i32(struct align(0) {i8})", CP_ERR_ALIGN, 17 },
    { "i32(struct align(65536) {i8})", CP_ERR_ALIGN, 17 },
    { "i32(struct align(2) {i32})", CP_ERR_ALIGN, 11 },
    { "i32(struct size(0) {i8})", CP_ERR_TYPE, 16 },
    { "i32(struct size(2) {i32})", CP_ERR_TYPE, 11 },
    { "i32(struct size(6) {i32})", CP_ERR_TYPE, 11 },
    { "void(struct size(0x40000001) {i8})", CP_ERR_TYPE, 17 },
    /* members, offsets, sizes */
    { "i32(struct{i8, i32 @1})", CP_ERR_ALIGN, 15 },
    { "i32(struct{i32, i8 @2})", CP_ERR_TYPE, 16 },
    { "i32(struct{i8 @1, i8 @0})", CP_ERR_TYPE, 18 },
    { "i32(union{i8, i32 @4})", CP_ERR_TYPE, 14 },
    { "i32(struct{void})", CP_ERR_TYPE, 11 },
    { "void(i32, void)", CP_ERR_TYPE, 10 },
    { "void(struct{void[2]})", CP_ERR_TYPE, 16 },
    { "void(struct{i8[4294967296]})", CP_ERR_TYPE, 15 },
    { "void(struct{i8[99999999999999999999999]})", CP_ERR_TYPE, 15 },
    { "void(struct{i32[0x10000001]})", CP_ERR_TYPE, 15 },
    { "void(struct{i8[0x40000000][2]})", CP_ERR_TYPE, 26 },
    { "void(struct{i8 @4294967295})", CP_ERR_TYPE, 16 },
    { "void(struct{i8 @0x40000000})", CP_ERR_TYPE, 12 },
};

static void check_bad(const char *test, int line, const char *text, size_t len,
                      cp_status want, size_t want_off)
{
    cp_sig sig;
    size_t off = 12345;
    cp_status s = parse_n(text, len, arena, sizeof arena, &sig, &off);
    if (s != want || off != want_off)
        fail_at(test, line, "\"%.*s\": %s at %zu, want %s at %zu", (int)len, text,
                cp_strerror(s), off, cp_strerror(want), want_off);
}

TEST(malformed_input_and_its_offset)
{
    size_t i;
    for (i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++)
        check_bad(__func__, __LINE__, bad_cases[i].text, strlen(bad_cases[i].text),
                  bad_cases[i].want, bad_cases[i].off);
}

/* `count` copies of `unit` between prefix and suffix, into out. */
static const char *repeat(char *out, size_t cap, const char *prefix, const char *unit,
                          unsigned count, const char *middle, const char *close,
                          const char *suffix)
{
    unsigned i;
    size_t n = (size_t)snprintf(out, cap, "%s", prefix);
    for (i = 0; i < count; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s", unit);
    n += (size_t)snprintf(out + n, cap - n, "%s", middle);
    for (i = 0; i < count; i++)
        n += (size_t)snprintf(out + n, cap - n, "%s", close);
    snprintf(out + n, cap - n, "%s", suffix);
    return out;
}

TEST(nesting_limit)
{
    char text[512];
    cp_sig sig;
    /* eight nested structs are the limit; the ninth `struct` is the error */
    CHECK_STATUS(parse(repeat(text, sizeof text, "void(", "struct{", CP_MAX_DEPTH, "i32", "}", ")"),
                 &sig), CP_OK);
    repeat(text, sizeof text, "void(", "struct{", CP_MAX_DEPTH + 1, "i32", "}", ")");
    check_bad(__func__, __LINE__, text, strlen(text), CP_ERR_DEPTH, 5 + 7 * CP_MAX_DEPTH);
    /* arrays are a level each: the second [1] under seven structs is one too many */
    repeat(text, sizeof text, "void(", "struct{", CP_MAX_DEPTH - 1, "i32[1][1]", "}", ")");
    check_bad(__func__, __LINE__, text, strlen(text), CP_ERR_DEPTH, 5 + 7 * 7 + 6);
    repeat(text, sizeof text, "void(", "struct{", CP_MAX_DEPTH - 1, "i32[1]", "}", ")");
    CHECK_STATUS(parse(text, &sig), CP_OK);
    /* an array of the deepest struct */
    repeat(text, sizeof text, "void(", "struct{", CP_MAX_DEPTH, "i8", "}", "[1])");
    check_bad(__func__, __LINE__, text, strlen(text), CP_ERR_DEPTH, 5 + 7 * 8 + 2 + 8);
    /* a pointer's target counts while it is parsed */
    repeat(text, sizeof text, "void(", "struct{", CP_MAX_DEPTH + 1, "i32", "}", "*)");
    check_bad(__func__, __LINE__, text, strlen(text), CP_ERR_DEPTH, 5 + 7 * CP_MAX_DEPTH);
    /* a long run of dimensions stops at the limit, not at the end */
    check_bad(__func__, __LINE__, "void(i8[1][1][1][1][1][1][1][1][1][1][1][1])", 45,
              CP_ERR_DEPTH, 7 + 3 * CP_MAX_DEPTH);
}

TEST(argument_limit)
{
    char text[1024];
    cp_sig sig;
    CHECK_STATUS(parse(repeat(text, sizeof text, "void(", "i8, ", CP_MAX_ARGS - 1, "i8", "",
                              ")"), &sig), CP_OK);
    CHECK(sig.nargs == CP_MAX_ARGS);
    CHECK_STATUS(parse(repeat(text, sizeof text, "void(", "i8, ", CP_MAX_ARGS, "...", "", ")"),
                 &sig), CP_OK);
    CHECK(sig.nargs == CP_MAX_ARGS && sig.nfixed == CP_MAX_ARGS);
    CHECK_STATUS(parse(repeat(text, sizeof text, "void(..., ", "i8, ", CP_MAX_ARGS - 1, "i8",
                              "", ")"), &sig), CP_OK);
    CHECK(sig.nargs == CP_MAX_ARGS && sig.nfixed == 0);
    repeat(text, sizeof text, "void(", "i8, ", CP_MAX_ARGS, "i8", "", ")");
    check_bad(__func__, __LINE__, text, strlen(text), CP_ERR_TOOMANY, 5 + 4 * CP_MAX_ARGS);
    repeat(text, sizeof text, "void(..., ", "i8, ", CP_MAX_ARGS, "i8", "", ")");
    check_bad(__func__, __LINE__, text, strlen(text), CP_ERR_TOOMANY, 10 + 4 * CP_MAX_ARGS);
}

/* "void(struct{i8,...,i8})" with `members` members, in text (room for them). */
static size_t wide_struct(char *text, size_t members)
{
    size_t len = (size_t)sprintf(text, "void(struct{"), i;
    for (i = 0; i < members; i++)
        len += (size_t)sprintf(text + len, i ? ",i8" : "i8");
    return len + (size_t)sprintf(text + len, "})");
}

/* The core's node budget: a struct of more than CP_MAX_TYPE_NODES descriptors (itself and its
 * members) is refused at its keyword, as cp_type_layout refuses it. */
TEST(node_budget)
{
    size_t room = 32 + 3 * (size_t)CP_MAX_TYPE_NODES, off = 0, len;
    char *text = malloc(room);
    size_t arena_size = CP_SIG_ARENA_SIZE(room);
    unsigned char *a = malloc(arena_size);
    cp_sig sig;
    len = wide_struct(text, CP_MAX_TYPE_NODES - 1);
    CHECK_STATUS(cp_sig_parse(text, len, a, arena_size, &sig, &off), CP_OK);
    CHECK(sig.nargs == 1 && sig.args[0]->count == CP_MAX_TYPE_NODES - 1);
    len = wide_struct(text, CP_MAX_TYPE_NODES);
    CHECK_STATUS(cp_sig_parse(text, len, a, arena_size, &sig, &off), CP_ERR_TOOMANY);
    CHECK(off == 5);
    free(text);
    free(a);
}

TEST(length_and_nul_end_the_text)
{
    static const struct { size_t len; cp_status want; size_t off; } cuts[] = {
        { 0, CP_ERR_SYNTAX, 0 }, { 3, CP_ERR_SYNTAX, 3 }, { 4, CP_ERR_SYNTAX, 4 },
        { 6, CP_ERR_SYNTAX, 4 }, { 7, CP_ERR_SYNTAX, 7 }, { 8, CP_OK, 0 },
    };
    size_t i;
    for (i = 0; i < sizeof cuts / sizeof cuts[0]; i++)
        check_bad(__func__, __LINE__, "i32(i32)", cuts[i].len, cuts[i].want, cuts[i].off);
    check_bad(__func__, __LINE__, "i32(\0i32)", 9, CP_ERR_SYNTAX, 4);
    check_bad(__func__, __LINE__, "i32(i32)\0xyz", 12, CP_OK, 0);
    check_bad(__func__, __LINE__, "\0i32()", 6, CP_ERR_SYNTAX, 0);
    check_bad(__func__, __LINE__, "i32(struct{i8[0x1", 17, CP_ERR_SYNTAX, 17);
    check_bad(__func__, __LINE__, "i32(..", 6, CP_ERR_SYNTAX, 4);
    check_bad(__func__, __LINE__, "i32(struct{i8[0x", 16, CP_ERR_SYNTAX, 14);
}

TEST(bad_arguments)
{
    cp_sig sig;
    size_t off = 7;
    CHECK_STATUS(cp_sig_parse(NULL, 3, arena, sizeof arena, &sig, &off), CP_ERR_ARG);
    CHECK(off == 0);
    CHECK_STATUS(cp_sig_parse("i32()", 5, arena, sizeof arena, NULL, &off), CP_ERR_ARG);
    CHECK_STATUS(cp_sig_parse("i32()", 5, NULL, 5, &sig, &off), CP_ERR_ARG);
    /* no arena at all is fine for scalars */
    CHECK_STATUS(cp_sig_parse("i32()", 5, NULL, 0, &sig, NULL), CP_OK);
    CHECK_STATUS(cp_sig_parse("i32(i32)", 8, NULL, 0, &sig, &off), CP_ERR_NOSPACE);
    CHECK(off == 4);
    CHECK_STATUS(cp_sig_parse("i32(bad", 7, arena, sizeof arena, &sig, NULL), CP_ERR_SYNTAX);
}

/* ---- the arena --------------------------------------------------------------------------- */
#define CANARY 0xA5
#define CANARY_BYTES 64

/* Parses text with an arena of exactly `size` bytes at `misalign` past a 16-byte boundary,
 * followed by canaries that must survive. */
static cp_status parse_in_arena(const char *test, int line, const char *text, size_t size,
                                size_t misalign, size_t *off)
{
    unsigned char *block = malloc(32 + size + CANARY_BYTES);
    unsigned char *a = block + 16 - ((uintptr_t)block % 16) + misalign;
    cp_sig sig;
    size_t i;
    cp_status s;
    memset(a + size, CANARY, CANARY_BYTES);
    s = parse_n(text, strlen(text), a, size, &sig, off);
    for (i = 0; i < CANARY_BYTES; i++)
        if (a[size + i] != CANARY) {
            fail_at(test, line, "\"%s\" with %zu arena bytes wrote past them", text, size);
            break;
        }
    free(block);
    return s;
}

TEST(arena_too_small_at_every_size)
{
    /* what each allocation is for: the argument array, a struct, its members, an array... */
    static const struct { const char *text; size_t upto[6]; size_t off[6]; } cases[] = {
        { "void(struct{i32})", { 8, 40, 56 }, { 5, 5, 11 } },
        { "void(struct{i8[2]}, i32[3])", { 16, 48, 64, 96, 128 }, { 5, 5, 11, 14, 23 } },
        { "i32(union{f32, struct{i8}})", { 8, 40, 72, 104, 120 }, { 4, 4, 9, 15, 21 } },
    };
    size_t c, size;
    for (c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        size_t k = 0;
        for (size = 0;; size++) {
            size_t off = 999;
            cp_status s = parse_in_arena(__func__, __LINE__, cases[c].text, size, 0, &off);
            while (cases[c].upto[k] && size >= cases[c].upto[k])
                k++;
            if (!cases[c].upto[k]) {        /* enough room from here on */
                if (s != CP_OK)
                    fail_at(__func__, __LINE__, "\"%s\" in %zu bytes: %s", cases[c].text, size,
                            cp_strerror(s));
                break;
            }
            if (s != CP_ERR_NOSPACE || off != cases[c].off[k])
                fail_at(__func__, __LINE__, "\"%s\" in %zu bytes: %s at %zu, want NOSPACE at %zu",
                        cases[c].text, size, cp_strerror(s), off, cases[c].off[k]);
        }
    }
}

TEST(arena_alignment_and_size_bound)
{
    static const char *const texts[] = {
        "void(struct{}[0][0][0][0][0][0][0])",
        "void(struct{struct{struct{struct{}}}}, union{}, struct{})",
        "void(struct{i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8})",
        "void(i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8,i8)",
        "i8(struct{i8}[1],struct{i8}[1],struct{i8}[1])",
        "void(struct{union{i8[1][1], struct{}}[1][1]})",
        "i32(ptr, ..., f64, i32, f64)",
    };
    size_t i, off;
    /* a misaligned arena spends up to 7 bytes on padding */
    CHECK_STATUS(parse_in_arena(__func__, __LINE__, "void(struct{i32})", 56 + 7, 1, &off), CP_OK);
    CHECK_STATUS(parse_in_arena(__func__, __LINE__, "void(struct{i32})", 56 + 6, 1, &off),
                 CP_ERR_NOSPACE);
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t bound = CP_SIG_ARENA_SIZE(strlen(texts[i])), m;
        for (m = 0; m < 8; m++) {
            cp_status s = parse_in_arena(__func__, __LINE__, texts[i], bound, m, &off);
            if (s != CP_OK)
                fail_at(__func__, __LINE__, "\"%s\" in CP_SIG_ARENA_SIZE = %zu bytes (+%zu): %s",
                        texts[i], bound, m, cp_strerror(s));
        }
    }
}

/* Empty items are syntax errors where they stand, and claim no arena space: a text of blank
 * commas once made the item count ahead reserve more than CP_SIG_ARENA_SIZE promises (found by
 * fuzz_sig_parse: CP_ERR_NOSPACE with the documented arena). */
TEST(empty_items_stay_within_the_arena_bound)
{
    static const char *const texts[] = {
        "i32(struct{i8,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,, f32})",
        "i32(i8,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,, f32)",
        "i32(union{ , , , , , , , , , , , , , , , , , , , , , , , , , , , , , , , i8})",
    };
    static const size_t want_off[] = { 14, 7, 11 };
    size_t i;
    for (i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        size_t len = strlen(texts[i]), off = 0;
        unsigned char room[CP_SIG_ARENA_SIZE(128)];
        cp_sig sig;
        CHECK(len <= 128);
        CHECK_STATUS_IN(texts[i], cp_sig_parse(texts[i], len, room, CP_SIG_ARENA_SIZE(len), &sig,
                                               &off), CP_ERR_SYNTAX);
        CHECK_EQ_U64(off, want_off[i]);
    }
}

int main(void)
{
    RUN(canonical_names_are_the_builtins);
    RUN(c_aliases_follow_the_compiler);
    RUN(pointers_are_ptr_whatever_they_point_at);
    RUN(aggregates_lay_out_as_c);
    RUN(variadic_marker_and_nfixed);
    RUN(abi_prefixes_and_whitespace);
    RUN(malformed_input_and_its_offset);
    RUN(nesting_limit);
    RUN(argument_limit);
    RUN(node_budget);
    RUN(length_and_nul_end_the_text);
    RUN(bad_arguments);
    RUN(arena_too_small_at_every_size);
    RUN(arena_alignment_and_size_bound);
    RUN(empty_items_stay_within_the_arena_bound);
    return harness_done();
}
