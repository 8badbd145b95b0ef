/* cp_sig_format and the round trip: canonical texts, parse -> format -> parse over a table and
 * over seeded random signatures (structural equality of the descriptors), buffers too small,
 * invalid signatures; and plan equality: the plan built from a parsed signature is byte for byte
 * the plan built from the hand-written descriptors of tests/host/matrix_types.h. */
#include "callplan.h"
#include "harness.h"
#include "matrix_types.h"

#include <stdarg.h>
#include <stdlib.h>

#ifdef CP_NOFLOAT
#define NOFLOAT_BUILD 1
#else
#define NOFLOAT_BUILD 0
#endif

static _Alignas(16) unsigned char arena[65536], arena2[65536];

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

static const cp_type *const builtins_nonvoid[] = {
    &cp_type_bool, &cp_type_i8, &cp_type_u8, &cp_type_i16, &cp_type_u16, &cp_type_i32,
    &cp_type_u32, &cp_type_i64, &cp_type_u64, &cp_type_i128, &cp_type_u128, &cp_type_f32,
    &cp_type_f64, &cp_type_f80, &cp_type_f128, &cp_type_ptr, &cp_type_c32, &cp_type_c64,
    &cp_type_c80,
};

/* ---- structural equality ------------------------------------------------------------------ */
static int type_equal(const cp_type *a, const cp_type *b, unsigned depth)
{
    uint32_t i;
    if (!a)
        a = &cp_type_void;
    if (!b)
        b = &cp_type_void;
    if (depth > CP_MAX_DEPTH + 1 || a->kind != b->kind)
        return 0;
    if (a->kind <= CP_KIND_C80)
        return 1;
    if (a->kind == CP_KIND_ARRAY)       /* a declared array size is redundant: not compared */
        return a->count == b->count && type_equal(a->elem, b->elem, depth + 1);
    if (a->flags != b->flags || a->align != b->align || a->size != b->size || a->count != b->count)
        return 0;
    for (i = 0; i < a->count; i++)
        if (a->members[i].offset != b->members[i].offset ||
            !type_equal(a->members[i].type, b->members[i].type, depth + 1))
            return 0;
    return 1;
}

static int sig_equal(const cp_sig *a, const cp_sig *b)
{
    uint32_t i;
    int variadic = (a->flags & CP_SIG_VARIADIC) != 0;
    if (a->abi != b->abi || a->flags != b->flags || a->nargs != b->nargs ||
        (variadic && a->nfixed != b->nfixed) || !type_equal(a->ret, b->ret, 0))
        return 0;
    for (i = 0; i < a->nargs; i++)
        if (!type_equal(a->args[i], b->args[i], 0))
            return 0;
    return 1;
}

/* Formats sig into out; fails the test on any error. */
static int format(const char *test, int line, const cp_sig *sig, char *out, size_t cap)
{
    size_t n = 0;
    cp_status s = cp_sig_format(sig, out, cap, &n);
    if (s != CP_OK || n != strlen(out)) {
        fail_at(test, line, "cp_sig_format: %s, length %zu", cp_strerror(s), n);
        return 0;
    }
    return 1;
}

/* Parses text, formats it, checks the canonical text, parses that back and formats it again:
 * the signatures are equal and the two texts identical. */
static void round_trip(const char *test, int line, const char *text, const char *canonical)
{
    cp_sig first, second;
    char out[2048], again[2048];
    size_t off = 0;
    cp_status s = cp_sig_parse(text, strlen(text), arena, sizeof arena, &first, &off);
    if (s != CP_OK) {
        fail_at(test, line, "\"%s\": %s at %zu", text, cp_strerror(s), off);
        return;
    }
    if (!format(test, line, &first, out, sizeof out))
        return;
    if (canonical && strcmp(out, canonical) != 0) {
        fail_at(test, line, "\"%s\" formats as \"%s\", want \"%s\"", text, out, canonical);
        return;
    }
    s = cp_sig_parse(out, strlen(out), arena2, sizeof arena2, &second, &off);
    if (s != CP_OK) {
        fail_at(test, line, "canonical \"%s\" does not parse: %s at %zu", out, cp_strerror(s), off);
        return;
    }
    if (!sig_equal(&first, &second))
        fail_at(test, line, "\"%s\" and its canonical \"%s\" differ", text, out);
    if (format(test, line, &second, again, sizeof again) && strcmp(out, again) != 0)
        fail_at(test, line, "\"%s\" formats as \"%s\" then \"%s\"", text, out, again);
}

/* ---- the table ---------------------------------------------------------------------------- */
static const struct { const char *text, *canonical; } round_trips[] = {
    { "int(int, double, int, float)", "i32(i32, f64, i32, f32)" },
    { "i32(i32, f64, i32, f32)", "i32(i32, f64, i32, f32)" },
    { "  sysv  unsigned long long ( const char * , ... ) ", "sysv u64(ptr, ...)" },
    { "efiapi void(void)", "efiapi void()" },
    { "efiapi u64(ptr,ptr)", "efiapi u64(ptr, ptr)" },
    { "i32(ptr, ..., f64, i32, f64)", "i32(ptr, ..., f64, i32, f64)" },
    { "i32(...)", "i32(...)" },
    { "i32( ... ,i64)", "i32(..., i64)" },
    { "f64(i32, f64, struct{f32,f32}, ...)", "f64(i32, f64, struct{f32, f32}, ...)" },
    { "long double _Complex(__int128, unsigned __int128, _Bool, __float128)",
      "c80(i128, u128, bool, f128)" },
    { "float _Complex(double _Complex, long double, float, double)", "c32(c64, f80, f32, f64)" },
    { "char*(char*, size_t, unsigned char, signed char, short, unsigned short)",
      "ptr(ptr, u64, u8, i8, i16, u16)" },
    { "void(struct{i32[2][3], union{f32, i32}[4]}, struct{ptr[2]})",
      "void(struct{i32[2][3], union{f32, i32}[4]}, struct{ptr[2]})" },
    { "void ( struct{ i8 , i16 @ 0x2 } )", "void(struct{i8, i16 @2})" },
    { "struct packed align(4) size(8) {i8 @0, struct{}[2][0]}()",
      "struct packed align(4) size(8) {i8 @0, struct{}[2][0]}()" },
    { "union align(16) {}()", "union align(16) {}()" },
    { "union packed{i8,i64}(union size(16){i8, i32})",
      "union packed {i8, i64}(union size(16) {i8, i32})" },
    { "void(struct{struct{i8}*, struct{i8}[1], const char * const})",
      "void(struct{ptr, struct{i8}[1], ptr})" },
    { "void(u8[4], struct{}[0])", "void(u8[4], struct{}[0])" },
    { "i64(struct{f32, u8 @4, f32}, struct align(16) {i64}, struct packed {i8, i32})",
      "i64(struct{f32, u8 @4, f32}, struct align(16) {i64}, struct packed {i8, i32})" },
    { "void(struct{struct{struct{struct{struct{struct{struct{struct{i8}}}}}}}})",
      "void(struct{struct{struct{struct{struct{struct{struct{struct{i8}}}}}}}})" },
    { "void(struct{u8[0x40000000]})", "void(struct{u8[1073741824]})" },
    { "void(struct size(0x40000000) {i8 @0x3fffffff})",
      "void(struct size(1073741824) {i8 @1073741823})" },
    { "void(struct{i8[1][1][1][1][1][1][1]})", "void(struct{i8[1][1][1][1][1][1][1]})" },
};

TEST(canonical_texts_round_trip)
{
    size_t i;
    char many[1024];
    size_t n;
    for (i = 0; i < sizeof round_trips / sizeof round_trips[0]; i++)
        round_trip(__func__, __LINE__, round_trips[i].text, round_trips[i].canonical);
    /* CP_MAX_ARGS arguments */
    n = (size_t)snprintf(many, sizeof many, "void(");
    for (i = 0; i < CP_MAX_ARGS; i++)
        n += (size_t)snprintf(many + n, sizeof many - n, "%s%s", i ? ", " : "",
                              i % 2 ? "u16" : "struct{i8}");
    snprintf(many + n, sizeof many - n, ")");
    round_trip(__func__, __LINE__, many, many);
}

/* ---- hand-written descriptors --------------------------------------------------------------- */
/* File scope: only there are the member lists of CP_STRUCT constant. */
static const cp_type sized_array = { .kind = CP_KIND_ARRAY, .size = 16, .count = 4,
                                     .elem = &cp_type_i32 };
static const cp_type holds_sized = CP_STRUCT(CP_MEMBER(sized_array));
static const cp_type shared = CP_STRUCT(CP_MEMBER(d_l_type), CP_MEMBER(d_l_type));
static const cp_type align3 = CP_STRUCT_EX(0, 3, 0, CP_MEMBER(cp_type_i8));

TEST(hand_written_descriptors_format_canonically)
{
    static const cp_type *const args[] = { &f2_d_type, &packed_c_i_type, &f_pad8_f_type,
                                           &aligned16_l_type, &ld_or_l2_type, &holds_sized,
                                           &shared, &empty_type };
    cp_sig sig = VARIADIC_SIG(NULL, args, 3), back;
    char out[512];
    size_t off;
    if (!format(__func__, __LINE__, &sig, out, sizeof out))
        return;
    if (strcmp(out, "sysv void(struct{struct{f32[2]}, f64}, struct packed {i8, i32}, "
                    "struct{f32, u8 @4, f32}, ..., struct align(16) {i64}, union{f80, i64[2]}, "
                    "struct{i32[4]}, struct{struct{f64, i64}, struct{f64, i64}}, struct{})") != 0)
        fail_at(__func__, __LINE__, "got \"%s\"", out);
    CHECK_STATUS(cp_sig_parse(out, strlen(out), arena, sizeof arena, &back, &off), CP_OK);
    CHECK(sig_equal(&sig, &back));
}

TEST(format_buffer_too_small)
{
    cp_sig sig;
    char out[32];
    size_t n = 0, cap;
    const char *want = "i32(i32, f64)";
    CHECK_STATUS(cp_sig_parse("int(int, double)", 16, arena, sizeof arena, &sig, NULL), CP_OK);
    CHECK_STATUS(cp_sig_format(&sig, NULL, 0, &n), CP_ERR_NOSPACE);
    CHECK(n == strlen(want));
    for (cap = 1; cap <= strlen(want) + 1; cap++) {
        cp_status s;
        memset(out, 'x', sizeof out);
        n = 0;
        s = cp_sig_format(&sig, out, cap, &n);
        if (s != (cap > strlen(want) ? CP_OK : CP_ERR_NOSPACE) || n != strlen(want) ||
            out[cap - 1] != '\0' || strncmp(out, want, cap - 1) != 0 || out[cap] != 'x')
            fail_at(__func__, __LINE__, "cap %zu: %s, n %zu, \"%.*s\"", cap, cp_strerror(s), n,
                    (int)cap, out);
    }
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_OK);
}

TEST(format_refuses_what_does_not_parse)
{
    static const cp_type bad_scalar = { .kind = CP_KIND_I32, .align = 4 };
    static const cp_type no_elem = { .kind = CP_KIND_ARRAY, .count = 2 };
    static cp_type cycle;
    static cp_member cycle_member;
    static cp_type chain[CP_MAX_DEPTH + 1];
    static cp_member chain_members[CP_MAX_DEPTH + 1];
    const cp_type *one[1] = { &cp_type_i32 }, *two[2] = { &cp_type_i32, &cp_type_i64 };
    cp_sig sig = { .abi = CP_ABI_DEFAULT, .ret = &cp_type_i32, .args = one, .nargs = 1 };
    char out[256];
    unsigned i;

    CHECK_STATUS(cp_sig_format(NULL, out, sizeof out, NULL), CP_ERR_ARG);
    CHECK_STATUS(cp_sig_format(&sig, NULL, 5, NULL), CP_ERR_ARG);
    sig.abi = CP_ABI_COUNT_;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_ABI);
    CHECK(out[0] == '\0');
    sig.abi = CP_ABI_DEFAULT;
    sig.flags = 2;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_ARG);
    sig.flags = 0;
    sig.nargs = CP_MAX_ARGS + 1;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_TOOMANY);
    sig.nargs = 1;
    sig.args = NULL;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_ARG);
    one[0] = NULL;
    sig.args = one;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_ARG);
    sig.args = two;
    sig.nargs = 2;
    sig.nfixed = 1;                                 /* not variadic: 0 or 2 */
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_VARIADIC);
    sig.flags = CP_SIG_VARIADIC;
    sig.nfixed = 3;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_VARIADIC);
    sig.flags = 0;
    sig.nfixed = 2;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_OK);
    CHECK(strcmp(out, "i32(i32, i64)") == 0);
    /* descriptors: void argument, bad alignment, scalar with layout fields, array without
     * element, a cycle, nesting one level too deep */
    one[0] = &cp_type_void;
    sig.args = one;
    sig.nargs = 1;
    sig.nfixed = 0;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_TYPE);
    one[0] = &align3;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_ALIGN);
    one[0] = &bad_scalar;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_TYPE);
    one[0] = &no_elem;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_TYPE);
    cycle_member.type = &cycle;
    cycle_member.offset = CP_OFFSET_AUTO;
    cp_type_struct(&cycle, &cycle_member, 1);
    one[0] = &cycle;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_DEPTH);
    for (i = 0; i <= CP_MAX_DEPTH; i++) {
        chain_members[i].type = i == CP_MAX_DEPTH ? &cp_type_i8 : &chain[i + 1];
        chain_members[i].offset = CP_OFFSET_AUTO;
        cp_type_struct(&chain[i], &chain_members[i], 1);
    }
    one[0] = &chain[0];                             /* nine levels */
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_DEPTH);
    one[0] = &chain[1];                             /* eight */
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_OK);
    sig.ret = &no_elem;
    CHECK_STATUS(cp_sig_format(&sig, out, sizeof out, NULL), CP_ERR_TYPE);
}

/* ---- seeded random signatures --------------------------------------------------------------- */
#define SEED 0x5eed5161ull
#define POOL 4096

static struct {
    cp_type types[POOL];
    cp_member members[POOL];
    unsigned ntypes, nmembers;
    uint64_t rng;
} gen;

static unsigned rnd(unsigned n)
{
    gen.rng ^= gen.rng << 13;
    gen.rng ^= gen.rng >> 7;
    gen.rng ^= gen.rng << 17;
    return (unsigned)(gen.rng % n);
}

/* A random valid type with at most `levels` levels of aggregates and arrays. */
static const cp_type *gen_type(unsigned levels)
{
    cp_type *t;
    unsigned pick = rnd(10);
    if (levels == 0 || pick < 5 || gen.ntypes >= POOL || gen.nmembers + 4 > POOL)
        return builtins_nonvoid[rnd(sizeof builtins_nonvoid / sizeof builtins_nonvoid[0])];
    t = &gen.types[gen.ntypes++];
    if (pick < 7) {
        const cp_type *elem = gen_type(levels - 1); /* one call per statement: the same */
        cp_type_array(t, elem, rnd(4));             /* sequence with every compiler */
        return t;
    }
    {
        uint32_t n = rnd(5), i;
        cp_member *m = &gen.members[gen.nmembers];
        size_t size, align, offsets[4];
        gen.nmembers += n;
        for (i = 0; i < n; i++) {
            m[i].type = gen_type(levels - 1);
            m[i].offset = CP_OFFSET_AUTO;
        }
        (pick < 9 ? cp_type_struct : cp_type_union)(t, n ? m : NULL, n);
        t->flags = rnd(4) == 0 ? CP_TYPE_PACKED : 0;
        t->align = (uint16_t)(rnd(4) == 0 ? 1u << rnd(6) : 0);
        if (cp_type_layout(t, &size, &align, offsets, 4) != CP_OK) {
            t->align = 0;                       /* below what the members need */
            if (cp_type_layout(t, &size, &align, offsets, 4) != CP_OK)
                return &cp_type_i32;
        }
        for (i = 0; i < n; i++)
            if (rnd(4) == 0)
                m[i].offset = (uint32_t)offsets[i];
        if (rnd(5) == 0 && size + align * 2 > 0)
            t->size = (uint32_t)(size + align * rnd(3));
        return t;
    }
}

TEST(random_signatures_round_trip)
{
    static const char *const features[] = { "packed", "align(", "size(", "@", "union", "][",
                                            "...", "efiapi", "sysv" };
    unsigned iter, tested = 0, seen[sizeof features / sizeof features[0]] = { 0 }, f;
    gen.rng = SEED;
    for (iter = 0; iter < 3000; iter++) {
        const cp_type *args[CP_MAX_ARGS];
        cp_sig sig = { 0 }, back;
        char out[8192], again[8192];
        size_t off = 0;
        uint32_t i;
        cp_status s;
        int failed = harness_current_failed;

        gen.ntypes = gen.nmembers = 0;
        sig.abi = (cp_abi)rnd(CP_ABI_COUNT_);
        sig.ret = rnd(5) == 0 ? (rnd(2) ? NULL : &cp_type_void) : gen_type(rnd(CP_MAX_DEPTH + 1));
        sig.nargs = rnd(4) == 0 ? rnd(CP_MAX_ARGS + 1) : rnd(8);
        for (i = 0; i < sig.nargs; i++)
            args[i] = gen_type(rnd(CP_MAX_DEPTH + 1));
        sig.args = sig.nargs ? args : NULL;
        if (rnd(4) == 0) {
            sig.flags = CP_SIG_VARIADIC;
            sig.nfixed = rnd(sig.nargs + 1);
        } else {
            sig.nfixed = rnd(2) ? sig.nargs : 0;
        }
        s = cp_sig_format(&sig, out, sizeof out, NULL);
        if (s == CP_OK)
            s = cp_sig_parse(out, strlen(out), arena, sizeof arena, &back, &off);
        if (s != CP_OK) {
            fail_at(__func__, __LINE__, "seed %#llx iteration %u: %s at %zu in \"%s\"",
                    (unsigned long long)SEED, iter, cp_strerror(s), off, out);
        } else if (!sig_equal(&sig, &back)) {
            fail_at(__func__, __LINE__, "seed %#llx iteration %u: \"%s\" parses differently",
                    (unsigned long long)SEED, iter, out);
        } else if (cp_sig_format(&back, again, sizeof again, NULL) != CP_OK ||
                   strcmp(out, again) != 0) {
            fail_at(__func__, __LINE__, "seed %#llx iteration %u: \"%s\" then \"%s\"",
                    (unsigned long long)SEED, iter, out, again);
        }
        tested++;
        for (f = 0; f < sizeof features / sizeof features[0]; f++)
            seen[f] += strstr(out, features[f]) != NULL;
        if (harness_current_failed && !failed && iter > 0)
            break;                              /* the first failure is the reproducer */
    }
    printf("#   %u random signatures, seed %#llx; with", tested, (unsigned long long)SEED);
    for (f = 0; f < sizeof features / sizeof features[0]; f++) {
        printf(" %s %u%s", features[f], seen[f],
               f + 1 < sizeof features / sizeof features[0] ? "," : "\n");
        CHECK(seen[f] > 50);                    /* the generator reaches every feature */
    }
}

/* ---- mutated texts ---------------------------------------------------------------------------- */
/* Seeded mutations of every table text (a byte replaced, deleted or inserted, the length cut):
 * parsed from an exact-size heap copy with an exact CP_SIG_ARENA_SIZE heap arena (ASan sees any
 * access past either), every result is a clean status with an offset inside the text, never
 * CP_ERR_NOSPACE (the bound holds), and whatever parses round-trips. */
static const char mutation_bytes[] = "(){}[],*@. .0123456789xi8u6f4ptrsucnoi\0\t_";

static void mutate(char *t, size_t *len, size_t cap)
{
    size_t at = *len ? rnd((unsigned)*len) : 0;
    char b = mutation_bytes[rnd(sizeof mutation_bytes - 1)];
    switch (rnd(4)) {
    case 0:
        if (*len)
            t[at] = b;
        break;
    case 1:
        if (*len) {
            memmove(t + at, t + at + 1, *len - at - 1);
            --*len;
        }
        break;
    case 2:
        if (*len + 1 < cap) {
            memmove(t + at + 1, t + at, *len - at);
            t[at] = b;
            ++*len;
        }
        break;
    default:
        *len = at;
        break;
    }
}

TEST(mutated_texts_fail_cleanly)
{
    unsigned i, m, parsed = 0, total = 0;
    gen.rng = SEED ^ 0xA5A5u;
    for (i = 0; i < sizeof round_trips / sizeof round_trips[0]; i++) {
        for (m = 0; m < 400; m++) {
            char text[256], *copy;
            size_t len = strlen(round_trips[i].text), end = 0, off = 0, k;
            unsigned char *a;
            cp_sig sig, back;
            char out[2048];
            cp_status s;
            memcpy(text, round_trips[i].text, len);
            for (k = 1 + rnd(3); k; k--)
                mutate(text, &len, sizeof text);
            while (end < len && text[end])
                end++;
            copy = malloc(len ? len : 1);
            a = malloc(CP_SIG_ARENA_SIZE(len));
            memcpy(copy, text, len);
            s = cp_sig_parse(copy, len, a, CP_SIG_ARENA_SIZE(len), &sig, &off);
            total++;
            if (s == CP_OK) {
                parsed++;
                if (cp_sig_format(&sig, out, sizeof out, NULL) != CP_OK ||
                    cp_sig_parse(out, strlen(out), arena2, sizeof arena2, &back, NULL) != CP_OK ||
                    !sig_equal(&sig, &back))
                    fail_at(__func__, __LINE__, "\"%.*s\" parses but does not round-trip",
                            (int)len, text);
            } else if ((s != CP_ERR_SYNTAX && s != CP_ERR_TYPE && s != CP_ERR_ALIGN &&
                        s != CP_ERR_DEPTH && s != CP_ERR_TOOMANY) || off > end) {
                fail_at(__func__, __LINE__, "\"%.*s\": %s at %zu (text of %zu bytes)", (int)len,
                        text, cp_strerror(s), off, end);
            }
            free(copy);
            free(a);
        }
    }
    printf("#   %u mutated texts, %u still parse\n", total, parsed);
    CHECK(parsed > 100 && parsed < total);      /* both paths exercised */
}

/* ---- plans: parsed == hand-written ----------------------------------------------------------- */
enum expect { BUILDS, BUILDS_WITH_FP, ANY };   /* ANY: an ABI still in progress (Win64) */

struct plan_row {
    const char *text;
    cp_sig sig;
    enum expect expect;
};

#define N_OF(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))
#define ROW(text, rt, types, ex) \
    { text, { .abi = CP_ABI_SYSV64, .ret = (rt), .args = (types), .nargs = N_OF(types) }, ex }
#define VROW(text, rt, types, fixed, ex) \
    { text, { .abi = CP_ABI_SYSV64, .ret = (rt), .args = (types), .nargs = N_OF(types), \
              .nfixed = (fixed), .flags = CP_SIG_VARIADIC }, ex }
#define WROW(text, rt, types) \
    { text, { .abi = CP_ABI_WIN64, .ret = (rt), .args = (types), .nargs = N_OF(types) }, ANY }

static const cp_type *const a_l7[] = { T_L, T_L, T_L, T_L, T_L, T_L, T_L };
static const cp_type *const a_d9[] = { T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D };
static const cp_type *const a_idif[] = { T_I, T_D, T_I, T_F };
static const cp_type *const a_l5dl[] = { T_L, T_L, T_L, T_L, T_L, &d_l_type };
static const cp_type *const a_d8dll[] = { T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D, &d_l_type, T_L };
static const cp_type *const a_d7ddd[] = { T_D, T_D, T_D, T_D, T_D, T_D, T_D, &d_d_type, T_D };
static const cp_type *const a_fff[] = { &f_f_f_type };
static const cp_type *const a_fff_f[] = { &f_f_type, T_F };
static const cp_type *const a_f2d[] = { &f2_d_type };
static const cp_type *const a_fi[] = { &f_i_type };
static const cp_type *const a_cd_lf[] = { &c_d_type, &l_f_type };
static const cp_type *const a_lc17l[] = { T_L, &c17_type, T_L };
static const cp_type *const a_l6c20l[] = { T_L, T_L, T_L, T_L, T_L, T_L, &c20_type, T_L };
static const cp_type *const a_ufi_d[] = { &f_or_i_type, T_D };
static const cp_type *const a_ufd_l[] = { &f_or_d_type, T_L };
static const cp_type *const a_ldl2[] = { &ld_or_l2_type };
static const cp_type *const a_ldd2[] = { &ld_or_d2_type };
static const cp_type *const a_empty[] = { T_L, &empty_type, T_L, T_L, T_L, T_L, T_L,
                                          &zero_array_type, T_L };
static const cp_type *const a_bits[] = { &bits3_5_20_type };
static const cp_type *const a_pad8[] = { &f_pad8_f_type };
static const cp_type *const a_packed[] = { &packed_c_i_type, T_L };
static const cp_type *const a_al16[] = { &aligned16_l_type, T_L };
static const cp_type *const a_lx[] = { T_L, T_X };
static const cp_type *const a_l5xl[] = { T_L, T_L, T_L, T_L, T_L, T_X, T_L };
static const cp_type *const a_l5xwl[] = { T_L, T_L, T_L, T_L, T_L, &x_wrap_type, T_L };
static const cp_type *const a_ldl[] = { T_LD, T_D, T_L };
static const cp_type *const a_cplx[] = { &cp_type_c32, &cp_type_c64, &cp_type_c80 };
static const cp_type *const a_d8ql[] = { T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_Q, T_L };
static const cp_type *const a_qw[] = { &q_wrap_type, T_L };
static const cp_type *const a_l6[] = { T_L, T_L, T_L, T_L, T_L, T_L };
static const cp_type *const a_pdid[] = { T_P, T_D, T_I, T_D };
static const cp_type *const a_id9[] = { T_I, T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D, T_D };
static const cp_type *const a_pld[] = { T_P, T_LD, T_D };
static const cp_type *const a_pdl[] = { T_P, &d_l_type };
static const cp_type *const a_pl4xl[] = { T_P, T_L, T_L, T_L, T_L, T_X, T_L };
static const cp_type *const a_c[] = { T_I8 };
static const cp_type *const a_p[] = { T_P };
static const cp_type *const a_w[] = { T_L, T_D, &l_l_type, T_I8, &f_f_type };

static const struct plan_row plan_rows[] = {
    ROW("i64(i64, i64, i64, i64, i64, i64, i64)", T_L, a_l7, BUILDS),
    ROW("f64(f64, f64, f64, f64, f64, f64, f64, f64, f64)", T_D, a_d9, BUILDS_WITH_FP),
    ROW("int(int, double, int, float)", T_I, a_idif, BUILDS_WITH_FP),
    ROW("long(long, long, long, long, long, struct{double, long})", T_L, a_l5dl, BUILDS_WITH_FP),
    ROW("i64(f64, f64, f64, f64, f64, f64, f64, f64, struct{f64, i64}, i64)", T_L, a_d8dll,
        BUILDS_WITH_FP),
    ROW("i64(f64, f64, f64, f64, f64, f64, f64, struct{f64, f64}, f64)", T_L, a_d7ddd,
        BUILDS_WITH_FP),
    ROW("i64(struct{f32, f32, f32})", T_L, a_fff, BUILDS_WITH_FP),
    ROW("i64(struct{float, float}, float)", T_L, a_fff_f, BUILDS_WITH_FP),
    ROW("i64(struct{struct{f32[2]}, f64})", T_L, a_f2d, BUILDS_WITH_FP),
    ROW("i64(struct{f32, i32})", T_L, a_fi, BUILDS_WITH_FP),
    ROW("i64(struct{char, double}, struct{long long, float})", T_L, a_cd_lf, BUILDS_WITH_FP),
    ROW("i64(i64, struct{char[17]}, i64)", T_L, a_lc17l, BUILDS),
    ROW("i64(i64, i64, i64, i64, i64, i64, struct{i8[20]}, i64)", T_L, a_l6c20l, BUILDS),
    ROW("i64(union{f32, i32}, f64)", T_L, a_ufi_d, BUILDS_WITH_FP),
    ROW("i64(union{f32, f64}, i64)", T_L, a_ufd_l, BUILDS_WITH_FP),
    ROW("union{long double, long[2]}(union{f80, i64[2]})", &ld_or_l2_type, a_ldl2,
        BUILDS_WITH_FP),
    ROW("union{f80, f64[2]}(union{f80, f64[2]})", &ld_or_d2_type, a_ldd2, BUILDS_WITH_FP),
    ROW("i64(i64, struct{}, i64, i64, i64, i64, i64, struct{i32[0]}, i64)", T_L, a_empty,
        BUILDS),
    ROW("i64(struct{unsigned int})", T_L, a_bits, BUILDS),
    ROW("i64(struct{f32, u8 @4, f32})", T_L, a_pad8, BUILDS_WITH_FP),
    ROW("i64(struct packed {i8, i32}, i64)", T_L, a_packed, BUILDS),
    ROW("i64(struct align(16) {i64}, i64)", T_L, a_al16, BUILDS),
    ROW("i64(i64, __int128)", T_L, a_lx, BUILDS),
    ROW("i64(i64, i64, i64, i64, i64, i128, i64)", T_L, a_l5xl, BUILDS),
    ROW("i64(i64, i64, i64, i64, i64, struct{i128}, i64)", T_L, a_l5xwl, BUILDS),
    ROW("long double(long double, double, long)", T_LD, a_ldl, BUILDS_WITH_FP),
    ROW("i64(float _Complex, double _Complex, long double _Complex)", T_L, a_cplx,
        BUILDS_WITH_FP),
    ROW("f128(f64, f64, f64, f64, f64, f64, f64, f64, f128, i64)", T_Q, a_d8ql, BUILDS_WITH_FP),
    ROW("i64(struct{__float128}, i64)", T_L, a_qw, BUILDS_WITH_FP),
    ROW("struct{i64, i64, i64}(i64, i64, i64, i64, i64, i64)", &l_l_l_type, a_l6, BUILDS),
    VROW("int(const char*, ..., double, int, double)", T_I, a_pdid, 1, BUILDS_WITH_FP),
    VROW("f64(i32, ..., f64, f64, f64, f64, f64, f64, f64, f64, f64)", T_D, a_id9, 1,
         BUILDS_WITH_FP),
    VROW("i64(ptr, ..., f80, f64)", T_L, a_pld, 1, BUILDS_WITH_FP),
    VROW("i64(ptr, ..., struct{f64, i64})", T_L, a_pdl, 1, BUILDS_WITH_FP),
    VROW("i64(ptr, ..., i64, i64, i64, i64, i128, i64)", T_L, a_pl4xl, 1, BUILDS),
    VROW("i64(ptr, i64, i64, i64, i64, i128, i64, ...)", T_L, a_pl4xl, 7, BUILDS),
    ROW("signed char(signed char)", T_I8, a_c, BUILDS),
    ROW("void(char*)", NULL, a_p, BUILDS),
    ROW("void(void*)", &cp_type_void, a_p, BUILDS),
    WROW("efiapi i64(i64, f64, struct{i64, i64}, i8, struct{f32, f32})", T_L, a_w),
    WROW("efiapi struct{i64, i64, i64}(i64, i64, i64, i64, i64, i64)", &l_l_l_type, a_l6),
};

/* Builds sig into plan (CP_PLAN_SIZE(16) bytes). */
static cp_status build(const cp_sig *sig, unsigned char *plan, size_t *used)
{
    *used = 0;
    return cp_plan_build(plan, CP_PLAN_SIZE(16), sig, used);
}

TEST(parsed_plans_equal_hand_written_plans)
{
    static _Alignas(CP_PLAN_ALIGN) unsigned char want[CP_PLAN_SIZE(16)], got[CP_PLAN_SIZE(16)];
    size_t i, built = 0;
    for (i = 0; i < sizeof plan_rows / sizeof plan_rows[0]; i++) {
        const struct plan_row *r = &plan_rows[i];
        cp_sig parsed;
        size_t want_len, got_len, off = 0;
        cp_status ws, gs, expected;
        gs = cp_sig_parse(r->text, strlen(r->text), arena, sizeof arena, &parsed, &off);
        if (gs != CP_OK) {
            fail_at(__func__, __LINE__, "\"%s\": %s at %zu", r->text, cp_strerror(gs), off);
            continue;
        }
        if (parsed.abi == CP_ABI_DEFAULT)
            parsed.abi = CP_ABI_SYSV64;         /* the rows say sysv; see the next test */
        memset(want, 0xEE, sizeof want);
        memset(got, 0x11, sizeof got);
        ws = build(&r->sig, want, &want_len);
        gs = build(&parsed, got, &got_len);
        expected = r->expect == BUILDS || (r->expect == BUILDS_WITH_FP && !NOFLOAT_BUILD)
            ? CP_OK : r->expect == BUILDS_WITH_FP ? CP_ERR_UNSUPPORTED : ws;
        if (ws != expected || gs != ws) {
            fail_at(__func__, __LINE__, "\"%s\": parsed %s, hand-written %s, want %s", r->text,
                    cp_strerror(gs), cp_strerror(ws), cp_strerror(expected));
        } else if (ws == CP_OK && (got_len != want_len || memcmp(got, want, want_len) != 0)) {
            fail_at(__func__, __LINE__, "\"%s\": plans differ (%zu and %zu bytes)", r->text,
                    got_len, want_len);
        } else if (ws == CP_OK) {
            built++;
        }
    }
    printf("#   %zu of %zu rows built identical plans\n", built,
           sizeof plan_rows / sizeof plan_rows[0]);
    CHECK(built >= (NOFLOAT_BUILD ? 14u : 39u));
}

/* CP_ABI_DEFAULT and an explicit `sysv` are different signatures (different texts, different
 * cache keys) that build the same plan on x86-64. */
TEST(default_abi_builds_the_sysv_plan)
{
    static _Alignas(CP_PLAN_ALIGN) unsigned char a[CP_PLAN_SIZE(16)], b[CP_PLAN_SIZE(16)];
    cp_sig d, s;
    size_t la, lb;
    char ta[64], tb[64];
    CHECK_STATUS(cp_sig_parse("i64(i64, struct{i64, i64})", 26, arena, sizeof arena, &d, NULL),
                 CP_OK);
    CHECK_STATUS(cp_sig_parse("sysv i64(i64, struct{i64, i64})", 31, arena2, sizeof arena2, &s,
                              NULL), CP_OK);
    CHECK(d.abi == CP_ABI_DEFAULT && s.abi == CP_ABI_SYSV64);
    CHECK_STATUS(build(&d, a, &la), CP_OK);
    CHECK_STATUS(build(&s, b, &lb), CP_OK);
    CHECK(la == lb && memcmp(a, b, la) == 0);
    CHECK(format(__func__, __LINE__, &d, ta, sizeof ta) &&
          format(__func__, __LINE__, &s, tb, sizeof tb) && strcmp(ta, tb) != 0);
}

int main(void)
{
    RUN(canonical_texts_round_trip);
    RUN(hand_written_descriptors_format_canonically);
    RUN(format_buffer_too_small);
    RUN(format_refuses_what_does_not_parse);
    RUN(random_signatures_round_trip);
    RUN(mutated_texts_fail_cleanly);
    RUN(parsed_plans_equal_hand_written_plans);
    RUN(default_abi_builds_the_sysv_plan);
    return harness_done();
}
