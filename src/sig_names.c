/* Type names of signature strings: the canonical fixed-width names (the only ones cp_sig_format
 * writes), the typedef names (size_t, int32_t...) and C's multi-word specifiers. Sizes that vary
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

struct word_kind {
    const char *name;
    uint8_t kind;
};

static const struct word_kind typedef_names[] = {
    { "size_t", INT_KIND(sizeof(size_t), 0) },
    { "ptrdiff_t", INT_KIND(sizeof(ptrdiff_t), 1) },
    { "intptr_t", INT_KIND(sizeof(intptr_t), 1) },
    { "uintptr_t", INT_KIND(sizeof(uintptr_t), 0) },
    { "int8_t", CP_KIND_I8 },     { "uint8_t", CP_KIND_U8 },
    { "int16_t", CP_KIND_I16 },   { "uint16_t", CP_KIND_U16 },
    { "int32_t", CP_KIND_I32 },   { "uint32_t", CP_KIND_U32 },
    { "int64_t", CP_KIND_I64 },   { "uint64_t", CP_KIND_U64 },
    { "__int128_t", CP_KIND_I128 }, { "__uint128_t", CP_KIND_U128 },
    { "__float128", CP_KIND_F128 }, { "_Float128", CP_KIND_F128 },
    { "_Float32", CP_KIND_F32 },  { "_Float64", CP_KIND_F64 },
};

static int same_name(const char *name, size_t len, const char *word)
{
    size_t i;
    for (i = 0; i < len; i++)
        if (word[i] != name[i])
            return 0;
    return word[len] == '\0';
}

int cp__sig_word_kind(const char *name, size_t len)
{
    size_t i;
    for (i = 0; i <= CP_KIND_C80; i++)
        if (same_name(name, len, cp__sig_scalar_names[i]))
            return (int)i;
    for (i = 0; i < sizeof typedef_names / sizeof typedef_names[0]; i++)
        if (same_name(name, len, typedef_names[i].name))
            return typedef_names[i].kind;
    return -1;
}

/* ---- C specifiers ------------------------------------------------------------------------ */
enum {
    SP_SIGNED = 1 << 0, SP_UNSIGNED = 1 << 1, SP_SHORT = 1 << 2, SP_LONG = 1 << 3,
    SP_COMPLEX = 1 << 4,
    /* the base words: at most one of them */
    SP_CHAR = 1 << 5, SP_INT = 1 << 6, SP_FLOAT = 1 << 7, SP_DOUBLE = 1 << 8, SP_BOOL = 1 << 9,
    SP_INT128 = 1 << 10,
};
#define SP_BASES (SP_CHAR | SP_INT | SP_FLOAT | SP_DOUBLE | SP_BOOL | SP_INT128)
#define SP_SIGNS (SP_SIGNED | SP_UNSIGNED)

static const struct { const char *name; int bit; } cspec_words[] = {
    { "signed", SP_SIGNED }, { "unsigned", SP_UNSIGNED }, { "short", SP_SHORT },
    { "long", SP_LONG }, { "_Complex", SP_COMPLEX }, { "complex", SP_COMPLEX },
    { "char", SP_CHAR }, { "int", SP_INT }, { "float", SP_FLOAT }, { "double", SP_DOUBLE },
    { "_Bool", SP_BOOL }, { "__int128", SP_INT128 },
    { "const", 0 }, { "volatile", 0 },
};

int cp__cspec_word(const char *name, size_t len)
{
    size_t i;
    for (i = 0; i < sizeof cspec_words / sizeof cspec_words[0]; i++)
        if (same_name(name, len, cspec_words[i].name))
            return cspec_words[i].bit;
    return -1;
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

cp_status cp__cspec_add(struct cp__cspec *c, int bit)
{
    uint32_t b = (uint32_t)bit;
    if (b == SP_LONG) {
        c->nlong++;
    } else if (c->seen & b) {
        return CP_ERR_SYNTAX;                   /* a repeated word (qualifiers are bit 0) */
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
