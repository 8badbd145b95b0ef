/* Names of signature strings: the canonical fixed-width type names (the only ones cp_sig_format
 * writes), the typedef names (size_t, int32_t...), C's multi-word specifiers and the keywords. Sizes that vary
 * between C data models (long, size_t) follow the compiler that builds the core: a UEFI (LLP64)
 * build reads `long` as 32 bits, a System V (LP64) one as 64. */
#include "sig_internal.h"

const char *const cp__sig_scalar_names[CP_KIND_C80 + 1] = {
    [CP_KIND_VOID] = "void", [CP_KIND_BOOL] = "bool",
    [CP_KIND_I8] = "i8",     [CP_KIND_U8] = "u8",
    [CP_KIND_I16] = "i16",   [CP_KIND_U16] = "u16",
    [CP_KIND_I32] = "i32",   [CP_KIND_U32] = "u32",
    [CP_KIND_I64] = "i64",   [CP_KIND_U64] = "u64",
    [CP_KIND_I128] = "i128", [CP_KIND_U128] = "u128",
    [CP_KIND_F32] = "f32",   [CP_KIND_F64] = "f64",
    [CP_KIND_F80] = "f80",   [CP_KIND_F128] = "f128",
    [CP_KIND_PTR] = "ptr",
    [CP_KIND_C32] = "c32",   [CP_KIND_C64] = "c64",   [CP_KIND_C80] = "c80",
};

const cp_type *const cp__sig_scalar_types[CP_KIND_C80 + 1] = {
    [CP_KIND_VOID] = &cp_type_void, [CP_KIND_BOOL] = &cp_type_bool,
    [CP_KIND_I8] = &cp_type_i8,     [CP_KIND_U8] = &cp_type_u8,
    [CP_KIND_I16] = &cp_type_i16,   [CP_KIND_U16] = &cp_type_u16,
    [CP_KIND_I32] = &cp_type_i32,   [CP_KIND_U32] = &cp_type_u32,
    [CP_KIND_I64] = &cp_type_i64,   [CP_KIND_U64] = &cp_type_u64,
    [CP_KIND_I128] = &cp_type_i128, [CP_KIND_U128] = &cp_type_u128,
    [CP_KIND_F32] = &cp_type_f32,   [CP_KIND_F64] = &cp_type_f64,
    [CP_KIND_F80] = &cp_type_f80,   [CP_KIND_F128] = &cp_type_f128,
    [CP_KIND_PTR] = &cp_type_ptr,
    [CP_KIND_C32] = &cp_type_c32,   [CP_KIND_C64] = &cp_type_c64,   [CP_KIND_C80] = &cp_type_c80,
};

/* Signed or unsigned integer kind of `bytes` bytes (1, 2, 4 or 8). */
#define INT_KIND(bytes, is_signed)                                                            \
    ((bytes) == 8 ? ((is_signed) ? CP_KIND_I64 : CP_KIND_U64)                                 \
     : (bytes) == 4 ? ((is_signed) ? CP_KIND_I32 : CP_KIND_U32)                               \
     : (bytes) == 2 ? ((is_signed) ? CP_KIND_I16 : CP_KIND_U16)                               \
                    : ((is_signed) ? CP_KIND_I8 : CP_KIND_U8))

/* ---- C specifiers ------------------------------------------------------------------------ */
/* Bit indexes of the specifier words in struct cp__cspec. */
enum {
    SB_SIGNED, SB_UNSIGNED, SB_SHORT, SB_LONG, SB_COMPLEX,
    SB_CHAR, SB_INT, SB_FLOAT, SB_DOUBLE, SB_BOOL, SB_INT128,   /* the base words */
};
enum {
    SP_SIGNED = 1 << SB_SIGNED, SP_UNSIGNED = 1 << SB_UNSIGNED, SP_SHORT = 1 << SB_SHORT,
    SP_LONG = 1 << SB_LONG, SP_COMPLEX = 1 << SB_COMPLEX, SP_CHAR = 1 << SB_CHAR,
    SP_INT = 1 << SB_INT, SP_FLOAT = 1 << SB_FLOAT, SP_DOUBLE = 1 << SB_DOUBLE,
    SP_BOOL = 1 << SB_BOOL, SP_INT128 = 1 << SB_INT128,
};
#define SP_BASES (SP_CHAR | SP_INT | SP_FLOAT | SP_DOUBLE | SP_BOOL | SP_INT128)
#define SP_SIGNS (SP_SIGNED | SP_UNSIGNED)

/* Every name the grammar knows, one table per length so that a lookup compares a handful of
 * words: a name is classified once, when the token reader meets it. A word filed under the
 * wrong length is simply never found, which the name tests catch. The canonical names appear
 * here and in cp__sig_scalar_names; the round-trip tests hold the two together. */
struct word {
    const char *name;
    uint8_t cls;        /* enum cp__word_class */
    uint8_t val;        /* a cp_kind, a specifier bit index or an enum cp__keyword */
};

#define SCALAR(n, k)  { n, CP__W_SCALAR, k }
#define CSPEC(n, b)   { n, CP__W_CSPEC, b }
#define KEYWORD(n, k) { n, CP__W_KEYWORD, k }

static const struct word len2[] = { SCALAR("i8", CP_KIND_I8), SCALAR("u8", CP_KIND_U8) };
static const struct word len3[] = {
    SCALAR("i32", CP_KIND_I32), SCALAR("i64", CP_KIND_I64), SCALAR("ptr", CP_KIND_PTR),
    SCALAR("u32", CP_KIND_U32), SCALAR("u64", CP_KIND_U64), SCALAR("f64", CP_KIND_F64),
    SCALAR("f32", CP_KIND_F32), SCALAR("i16", CP_KIND_I16), SCALAR("u16", CP_KIND_U16),
    SCALAR("f80", CP_KIND_F80), SCALAR("c32", CP_KIND_C32), SCALAR("c64", CP_KIND_C64),
    SCALAR("c80", CP_KIND_C80), CSPEC("int", SB_INT),
};
static const struct word len4[] = {
    SCALAR("void", CP_KIND_VOID), SCALAR("bool", CP_KIND_BOOL), SCALAR("i128", CP_KIND_I128),
    SCALAR("u128", CP_KIND_U128), SCALAR("f128", CP_KIND_F128), CSPEC("char", SB_CHAR),
    CSPEC("long", SB_LONG), KEYWORD("sysv", CP__KW_SYSV), KEYWORD("size", CP__KW_SIZE),
};
static const struct word len5[] = {
    CSPEC("short", SB_SHORT), CSPEC("float", SB_FLOAT), CSPEC("_Bool", SB_BOOL),
    { "const", CP__W_QUAL, 0 }, KEYWORD("union", CP__KW_UNION), KEYWORD("align", CP__KW_ALIGN),
};
static const struct word len6[] = {
    KEYWORD("struct", CP__KW_STRUCT), CSPEC("signed", SB_SIGNED), CSPEC("double", SB_DOUBLE),
    KEYWORD("packed", CP__KW_PACKED), KEYWORD("efiapi", CP__KW_EFIAPI),
    SCALAR("size_t", INT_KIND(sizeof(size_t), 0)), SCALAR("int8_t", CP_KIND_I8),
};
static const struct word len7[] = {
    SCALAR("int32_t", CP_KIND_I32), SCALAR("int64_t", CP_KIND_I64),
    SCALAR("uint8_t", CP_KIND_U8), SCALAR("int16_t", CP_KIND_I16), CSPEC("complex", SB_COMPLEX),
};
static const struct word len8[] = {
    CSPEC("unsigned", SB_UNSIGNED), SCALAR("uint32_t", CP_KIND_U32),
    SCALAR("uint64_t", CP_KIND_U64), SCALAR("uint16_t", CP_KIND_U16),
    SCALAR("intptr_t", INT_KIND(sizeof(intptr_t), 1)), { "volatile", CP__W_QUAL, 0 },
    CSPEC("_Complex", SB_COMPLEX), CSPEC("__int128", SB_INT128),
    SCALAR("_Float32", CP_KIND_F32), SCALAR("_Float64", CP_KIND_F64),
};
static const struct word len9[] = {
    SCALAR("uintptr_t", INT_KIND(sizeof(uintptr_t), 0)),
    SCALAR("ptrdiff_t", INT_KIND(sizeof(ptrdiff_t), 1)), SCALAR("_Float128", CP_KIND_F128),
};
static const struct word len10[] = {
    SCALAR("__int128_t", CP_KIND_I128), SCALAR("__float128", CP_KIND_F128),
};
static const struct word len11[] = { SCALAR("__uint128_t", CP_KIND_U128) };

#define COUNT(t) (sizeof(t) / sizeof((t)[0]))

static const struct {
    const struct word *words;
    size_t n;
} by_length[] = {
    [2] = { len2, COUNT(len2) },   [3] = { len3, COUNT(len3) },   [4] = { len4, COUNT(len4) },
    [5] = { len5, COUNT(len5) },   [6] = { len6, COUNT(len6) },   [7] = { len7, COUNT(len7) },
    [8] = { len8, COUNT(len8) },   [9] = { len9, COUNT(len9) },   [10] = { len10, COUNT(len10) },
    [11] = { len11, COUNT(len11) },
};

void cp__sig_word(const char *name, size_t len, uint8_t *cls, uint8_t *val)
{
    size_t n = len < COUNT(by_length) ? by_length[len].n : 0, i, k;
    const struct word *w = n ? by_length[len].words : NULL;
    for (i = 0; i < n; i++) {
        for (k = 0; k < len && w[i].name[k] == name[k]; k++)
            ;
        if (k == len) {
            *cls = w[i].cls;
            *val = w[i].val;
            return;
        }
    }
    *cls = CP__W_NONE;
    *val = 0;
}

/* Whether a set of words can be (part of) a C type: C's constraints on specifier lists. */
static int cspec_valid(uint32_t s, uint32_t nlong)
{
    uint32_t base = s & SP_BASES;
    if (base & (base - 1))
        return 0;                               /* two base types */
    if ((s & SP_SIGNS) == SP_SIGNS || nlong > 2)
        return 0;
    if ((s & SP_SHORT) && (nlong || (base & ~(uint32_t)SP_INT)))
        return 0;
    if (nlong && (base & ~(uint32_t)(SP_INT | SP_DOUBLE)))
        return 0;
    if (nlong > 1 && (base & SP_DOUBLE))
        return 0;                               /* long long double */
    if ((s & SP_SIGNS) && (base & ~(uint32_t)(SP_CHAR | SP_INT | SP_INT128)))
        return 0;
    if ((s & SP_COMPLEX) &&
        ((s & (SP_SIGNS | SP_SHORT)) || (base & ~(uint32_t)(SP_FLOAT | SP_DOUBLE)) || nlong > 1))
        return 0;
    if ((base & SP_INT128) && ((s & SP_SHORT) || nlong))
        return 0;
    return 1;
}

cp_status cp__cspec_add(struct cp__cspec *c, unsigned bit)
{
    uint32_t b = 1u << bit;
    if (b == SP_LONG) {
        c->nlong++;
    } else if (c->seen & b) {
        return CP_ERR_SYNTAX;                   /* a repeated word */
    }
    c->seen |= b;
    return cspec_valid(c->seen, c->nlong) ? CP_OK : CP_ERR_SYNTAX;
}

int cp__cspec_kind(const struct cp__cspec *c)
{
    uint32_t s = c->seen;
    int is_signed = !(s & SP_UNSIGNED);

    if (s & SP_COMPLEX) {
        if (s & SP_FLOAT)
            return CP_KIND_C32;
        if (s & SP_DOUBLE)
            return c->nlong ? CP_KIND_C80 : CP_KIND_C64;
        return -1;                              /* _Complex needs its real type */
    }
    if (s & SP_FLOAT)
        return CP_KIND_F32;
    if (s & SP_DOUBLE)
        return c->nlong ? CP_KIND_F80 : CP_KIND_F64;
    if (s & SP_BOOL)
        return CP_KIND_BOOL;
    if (s & SP_INT128)
        return is_signed ? CP_KIND_I128 : CP_KIND_U128;
    if (s & SP_CHAR)        /* plain char has the signedness of the compiler building the core */
        return INT_KIND(1, (s & SP_SIGNS) ? is_signed : (char)-1 < 0);
    if (s & SP_SHORT)
        return INT_KIND(sizeof(short), is_signed);
    if (c->nlong == 2)
        return INT_KIND(sizeof(long long), is_signed);
    if (c->nlong == 1)
        return INT_KIND(sizeof(long), is_signed);
    if (s & (SP_INT | SP_SIGNS))
        return INT_KIND(sizeof(int), is_signed);
    return -1;                                  /* only qualifiers */
}
