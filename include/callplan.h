/* callplan: call a function whose signature is only known at run time, with the platform's
 * calling convention, from a flat pre-classified "plan" held in caller memory.
 *
 * The one public header. Freestanding: needs only <stddef.h> and <stdint.h>.
 *
 *   1. Describe the types (const cp_type descriptors, ROM-able; built-ins are provided).
 *   2. cp_plan_build() classifies the signature once into a plan in a buffer you supply.
 *   3. cp_call() runs the plan: arguments are placed exactly as the C compiler would place them.
 *
 * Nothing allocates, nothing is global and mutable, no code is generated. */
#ifndef CALLPLAN_H
#define CALLPLAN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The assembly entry points speak System V inside. Built for a Microsoft x64 C target (a UEFI
 * application: clang -target x86_64-unknown-windows), C callers must be told so. */
#if defined(_WIN32) && defined(__x86_64__)
#define CP_ASM_ENTRY __attribute__((sysv_abi))
#else
#define CP_ASM_ENTRY
#endif

/* ---------------------------------------------------------------------------------------------
 * Status codes. Every fallible function returns one; cp_strerror() names it.
 * ------------------------------------------------------------------------------------------- */
typedef enum cp_status {
    CP_OK = 0,
    CP_ERR_ARG,          /* a null pointer or an invalid argument to the API itself */
    CP_ERR_NOSPACE,      /* the caller's buffer is too small (cp_plan_build reports the size needed) */
    CP_ERR_ALIGN,        /* a misaligned buffer, or an alignment that is not a power of two or
                            contradicts the members of a type */
    CP_ERR_TYPE,         /* a malformed type descriptor: unknown kind, bad size, overlapping members */
    CP_ERR_DEPTH,        /* aggregates nested deeper than CP_MAX_DEPTH (or a cycle) */
    CP_ERR_TOOMANY,      /* more than CP_MAX_ARGS arguments, a stack area over CP_MAX_STACK_BYTES,
                            or a type graph too large to walk (CP_MAX_TYPE_NODES) */
    CP_ERR_UNSUPPORTED,  /* a valid type this ABI or this build cannot pass (e.g. floats in NOFLOAT) */
    CP_ERR_ABI,          /* an unknown ABI, or one this build does not implement */
    CP_ERR_VARIADIC,     /* a bad variadic signature: nfixed out of range, or an unpromoted type
                            (f32, bool, 8/16-bit integers) in a variadic position */
    CP_ERR_PLAN,         /* a corrupt or foreign plan */
    CP_ERR_VERSION,      /* a plan written by another version of the plan format */
    CP_ERR_BUSY,         /* a pool is exhausted (closures), or every slot of a plan-cache
                            bucket is pinned */
    CP_ERR_SYNTAX,       /* a malformed signature string (cp_sig_parse) */
    CP_STATUS_COUNT_
} cp_status;

/* Message for a status; never NULL (an unknown value gives "unknown status"). */
const char *cp_strerror(cp_status s);

/* ---------------------------------------------------------------------------------------------
 * Limits. Compile-time constants; a build may lower them (never raise the plan-format ones
 * without bumping CP_PLAN_VERSION).
 * ------------------------------------------------------------------------------------------- */
#define CP_MAX_ARGS        64     /* arguments per signature */
#define CP_MAX_DEPTH       8      /* nesting of aggregates: a struct in a struct... (top level = 1) */
#define CP_MAX_STACK_BYTES 4096   /* bytes of stack arguments one call may push */
#define CP_MAX_TYPE_NODES  65536  /* descriptor nodes one build may visit (bounds the work on DAGs) */
#define CP_MAX_TYPE_SIZE   0x40000000u /* largest size of a type, 1 GiB */

/* ---------------------------------------------------------------------------------------------
 * Types. A cp_type is an immutable descriptor: nothing in it is ever written by callplan, so it
 * can be `const` and live in ROM. All fields are public so an interpreter can fill one in at run
 * time in its own memory; the CP_STRUCT/CP_UNION/CP_ARRAY macros fill them statically.
 * ------------------------------------------------------------------------------------------- */
typedef enum cp_kind {
    CP_KIND_VOID = 0,   /* return type only */
    CP_KIND_BOOL,       /* _Bool */
    CP_KIND_I8,  CP_KIND_U8,
    CP_KIND_I16, CP_KIND_U16,
    CP_KIND_I32, CP_KIND_U32,
    CP_KIND_I64, CP_KIND_U64,
    CP_KIND_I128, CP_KIND_U128, /* __int128 */
    CP_KIND_F32,        /* float */
    CP_KIND_F64,        /* double */
    CP_KIND_F80,        /* long double: x87 80-bit extended, 16-byte object on x86-64 */
    CP_KIND_F128,       /* __float128 */
    CP_KIND_PTR,        /* any data or function pointer */
    CP_KIND_C32,        /* _Complex float */
    CP_KIND_C64,        /* _Complex double */
    CP_KIND_C80,        /* _Complex long double */
    CP_KIND_STRUCT,     /* members at increasing offsets */
    CP_KIND_UNION,      /* members all at offset 0 */
    CP_KIND_ARRAY,      /* `count` elements of `elem` (only inside aggregates: C passes a bare
                           array as a pointer, so use CP_KIND_PTR for that) */
    CP_KIND_COUNT_
} cp_kind;

typedef struct cp_type cp_type;

/* One member of a struct or union. `offset` is CP_OFFSET_AUTO to lay it out by the C rules, or an
 * explicit byte offset (to describe bitfields by the storage units they occupy, or a layout
 * copied from a compiler). Explicit struct offsets must not overlap the previous member and,
 * unless the struct is packed, must respect the member's alignment. */
typedef struct cp_member {
    const cp_type *type;
    uint32_t offset;
} cp_member;

#define CP_OFFSET_AUTO 0xFFFFFFFFu

/* cp_type.flags */
#define CP_TYPE_PACKED 0x01u    /* __attribute__((packed)): members get alignment 1 */

struct cp_type {
    uint8_t  kind;              /* cp_kind */
    uint8_t  flags;             /* CP_TYPE_*; aggregates only */
    uint16_t align;             /* 0: natural; else aligned(n): a power of two, never below the
                                   natural alignment unless packed. Aggregates only */
    uint32_t size;              /* 0: computed from the members; else the declared size, which
                                   must cover them and be a multiple of the alignment
                                   (arrays: must equal count * element size). Aggregates only */
    uint32_t count;             /* number of members (struct, union) or elements (array) */
    const cp_type *elem;        /* array element type */
    const cp_member *members;   /* struct/union members, `count` of them */
};

/* Built-in descriptors. */
extern const cp_type cp_type_void, cp_type_bool, cp_type_ptr;
extern const cp_type cp_type_i8, cp_type_u8, cp_type_i16, cp_type_u16, cp_type_i32, cp_type_u32;
extern const cp_type cp_type_i64, cp_type_u64, cp_type_i128, cp_type_u128;
extern const cp_type cp_type_f32, cp_type_f64, cp_type_f80, cp_type_f128;
extern const cp_type cp_type_c32, cp_type_c64, cp_type_c80;
#define cp_type_longdouble cp_type_f80

/* Static descriptors:
 *     static const cp_type point = CP_STRUCT(CP_MEMBER(cp_type_f32), CP_MEMBER(cp_type_f32));
 *     static const cp_type row    = CP_ARRAY(cp_type_i32, 4);
 *     static const cp_type u      = CP_UNION(CP_MEMBER(cp_type_f80), CP_MEMBER(row));
 *     static const cp_type pk     = CP_STRUCT_EX(CP_TYPE_PACKED, 0, 0,
 *                                                CP_MEMBER(cp_type_u8), CP_MEMBER(cp_type_i32));
 * The member list is a compound literal, so the whole descriptor is one constant expression. */
#define CP_MEMBER(t)          { &(t), CP_OFFSET_AUTO }
#define CP_MEMBER_AT(t, off)  { &(t), (off) }
#define CP__MEMBERS(...)      ((const cp_member[]){ __VA_ARGS__ })
#define CP__NMEMBERS(...)     ((uint32_t)(sizeof(CP__MEMBERS(__VA_ARGS__)) / sizeof(cp_member)))
#define CP_STRUCT_EX(fl, al, sz, ...)                                                        \
    { .kind = CP_KIND_STRUCT, .flags = (fl), .align = (al), .size = (sz),                    \
      .count = CP__NMEMBERS(__VA_ARGS__), .members = CP__MEMBERS(__VA_ARGS__) }
#define CP_UNION_EX(fl, al, sz, ...)                                                         \
    { .kind = CP_KIND_UNION, .flags = (fl), .align = (al), .size = (sz),                     \
      .count = CP__NMEMBERS(__VA_ARGS__), .members = CP__MEMBERS(__VA_ARGS__) }
#define CP_STRUCT(...)        CP_STRUCT_EX(0, 0, 0, __VA_ARGS__)
#define CP_UNION(...)         CP_UNION_EX(0, 0, 0, __VA_ARGS__)
#define CP_EMPTY_STRUCT       { .kind = CP_KIND_STRUCT }
#define CP_ARRAY(t, n)        { .kind = CP_KIND_ARRAY, .count = (n), .elem = &(t) }

/* Run-time descriptors in caller memory (no allocation): these fill every field of *t, flags,
 * alignment and declared size set to 0 (set them afterwards if needed). */
void cp_type_struct(cp_type *t, const cp_member *members, uint32_t count);
void cp_type_union(cp_type *t, const cp_member *members, uint32_t count);
void cp_type_array(cp_type *t, const cp_type *elem, uint32_t count);

/* Validates a descriptor and reports its C layout: *size, *align, and, when offsets is not NULL,
 * the byte offset of each of the first n members (structs and unions; n must be >= count, else
 * CP_ERR_NOSPACE). size/align may be NULL. Errors: CP_ERR_ARG (t NULL), CP_ERR_TYPE, CP_ERR_ALIGN,
 * CP_ERR_DEPTH, CP_ERR_TOOMANY, CP_ERR_NOSPACE. Layout is the same for every ABI of one CPU. */
cp_status cp_type_layout(const cp_type *t, size_t *size, size_t *align, size_t *offsets,
                         uint32_t n);

/* ---------------------------------------------------------------------------------------------
 * Signatures and plans.
 * ------------------------------------------------------------------------------------------- */
typedef enum cp_abi {
    CP_ABI_DEFAULT = 0, /* the build's native C convention (x86-64: System V) */
    CP_ABI_SYSV64,      /* x86-64 System V psABI */
    CP_ABI_WIN64,       /* Microsoft x64: UEFI's EFIAPI, ms_abi (../shared/ABI.md section 2).
                           Refused there (CP_ERR_UNSUPPORTED): long double, __float128 and
                           _Complex long double values, alignments over 16 */
    CP_ABI_COUNT_
} cp_abi;

/* cp_sig.flags */
#define CP_SIG_VARIADIC 0x01u   /* a variadic call: arguments from nfixed on are the "..." part */

typedef struct cp_sig {
    cp_abi abi;
    const cp_type *ret;             /* NULL is void */
    const cp_type *const *args;     /* nargs descriptors; may be NULL when nargs == 0 */
    uint32_t nargs;
    uint32_t nfixed;                /* named arguments; when variadic: nfixed <= nargs. When not
                                       variadic it must be 0 or nargs */
    uint32_t flags;                 /* CP_SIG_* */
} cp_sig;

/* A built plan: opaque, pointer-free, relocatable. It starts the caller's buffer, which must be
 * aligned to CP_PLAN_ALIGN. */
typedef struct cp_plan cp_plan;
#define CP_PLAN_ALIGN   8
#define CP_PLAN_VERSION 4

/* An upper bound on the size of a plan of n arguments, for every ABI the build supports:
 * usable for static buffers, e.g. `static _Alignas(CP_PLAN_ALIGN) unsigned char buf[CP_PLAN_SIZE(4)];`
 * (header, a 2-byte size per argument, at most two 8-byte moves per argument). */
#define CP_PLAN_SIZE(n) ((size_t)40 + (((size_t)(n) * 2 + 7) & ~(size_t)7) + (size_t)(n) * 16)

/* cp_plan_flags() bits */
#define CP_PLAN_USES_FP  0x01u  /* the call touches SSE/x87 registers: a kernel must have the FPU
                                   enabled and own its state around cp_call */
#define CP_PLAN_VARIADIC 0x02u  /* built from a variadic signature (AL carries the XMM count) */
#define CP_PLAN_SRET     0x04u  /* the result is returned through a hidden pointer */

/* Exact size of the plan for sig. Errors: as cp_plan_build, except buffer errors. */
cp_status cp_plan_size(const cp_sig *sig, size_t *size);

/* Classifies sig into a plan at buf (size bytes, CP_PLAN_ALIGN-aligned). On success *used (if not
 * NULL) is the plan's length; on CP_ERR_NOSPACE it is the size needed. Never writes outside
 * buf[0..size). Errors: CP_ERR_ARG, CP_ERR_ALIGN, CP_ERR_NOSPACE, CP_ERR_ABI, CP_ERR_TOOMANY,
 * CP_ERR_VARIADIC, CP_ERR_UNSUPPORTED and every descriptor error of cp_type_layout. */
cp_status cp_plan_build(void *buf, size_t size, const cp_sig *sig, size_t *used);

/* Verifies a plan from untrusted storage (disk, network, a ROM image of unknown origin) held in a
 * buffer of size bytes: format, version, checksum, and that every move stays inside the frame,
 * the argument sizes and the return size the plan declares. Errors: CP_ERR_ARG, CP_ERR_ALIGN,
 * CP_ERR_PLAN, CP_ERR_VERSION, CP_ERR_ABI (a plan for an ABI this build lacks),
 * CP_ERR_UNSUPPORTED (a plan using FP registers, in a NOFLOAT build). */
cp_status cp_plan_check(const void *plan, size_t size);

/* Calls fn through plan. args[i] points at argument i's value (laid out as cp_type_layout says);
 * args may be NULL when there are no arguments. ret points at a buffer of the return type's size
 * and alignment (NULL only for void): exactly sizeof(return type) bytes are written, no more.
 * Unlike libffi's ffi_call, small integers are NOT widened to a full register (ffi_arg): an i8
 * result writes one byte. A long double writes 10 value bytes and 6 zero bytes.
 * The plan must come from cp_plan_build or have passed cp_plan_check: cp_call trusts it. */
CP_ASM_ENTRY void cp_call(const cp_plan *plan, void (*fn)(void), void *ret, void *const *args);

/* The length in bytes of a built or checked plan: what cp_plan_build reported in *used (for
 * cp_plan_check, copies, or a plan that came from a cache). 0 for NULL. */
size_t cp_plan_length(const cp_plan *plan);

/* Flags of a built or checked plan (CP_PLAN_*). */
uint32_t cp_plan_flags(const cp_plan *plan);

/* The executor family that runs a built or checked plan: the builder picks the cheapest stub for
 * the plan's shape. On x86-64: "gp" (0-6 integer arguments of one width), "spill" (7-16 such),
 * "regs8"/"regs" (register-only plans), "w64gp" (Microsoft x64: 0-4 integer arguments of one
 * width), "general" (the move interpreter). Never NULL. */
const char *cp_plan_executor(const cp_plan *plan);

/* ---------------------------------------------------------------------------------------------
 * Closures: plain C function pointers that hand their arguments to a handler (a callback into an
 * interpreter: a qsort comparator, an event hook, a firmware notify function). No code is ever
 * written: the pointer is one of CP_CLOSURE_SLOTS trampolines assembled into .text; each slot's
 * state (a copy of the plan, the handler, the user data) lives in .bss.
 * ------------------------------------------------------------------------------------------- */
#ifndef CP_CLOSURE_SLOTS
#define CP_CLOSURE_SLOTS 64     /* trampolines in the pool: define it when building the core */
#endif
#define CP_CLOSURE_MAX_ARGS 16  /* a slot holds a copy of a plan of at most this many arguments */

/* Called for every call of the closure: args[i] points at argument i's value and ret at a
 * buffer of the return type's size (for a result returned through a hidden pointer, the
 * caller's own buffer). The handler stores the result there. Both are valid during the call
 * only. Several calls of one closure may run at once (recursion, other CPUs). */
typedef void cp_handler(void *user_data, void *ret, void *const *args);

/* Takes a free trampoline for functions of plan's signature (the plan as cp_plan_build makes it
 * for calling such a function; it is checked and copied into the slot, so the caller's buffer
 * may be reused at once) and returns it in *fn. Lock-free; safe from several CPUs.
 * Errors: CP_ERR_ARG (NULL plan, handler or fn), CP_ERR_ALIGN, CP_ERR_PLAN/CP_ERR_VERSION (see
 * cp_plan_check), CP_ERR_TOOMANY (more than CP_CLOSURE_MAX_ARGS arguments), CP_ERR_ABI (no
 * closures for that ABI in this build), CP_ERR_BUSY (every slot taken). */
cp_status cp_closure_alloc(const cp_plan *plan, cp_handler *handler, void *user_data,
                           void (**fn)(void));

/* Gives the taken trampoline fn (from cp_closure_alloc) a new plan, handler and user data, as
 * cp_closure_alloc would: for APIs that hand out the code address before the signature is known
 * (libffi's ffi_closure_alloc). The caller makes sure no call of fn is running or will start
 * until this returns. Errors: those of cp_closure_alloc except CP_ERR_BUSY; CP_ERR_ARG also for
 * an fn that is not a taken trampoline of the pool. */
cp_status cp_closure_rebind(void (*fn)(void), const cp_plan *plan, cp_handler *handler,
                            void *user_data);

/* Returns a trampoline to the pool. The caller makes sure no call of it is running or will
 * start. Errors: CP_ERR_ARG (not a trampoline of the pool, or already free). */
cp_status cp_closure_free(void (*fn)(void));

/* Text output callback: receives `len` bytes of text (not NUL-terminated). */
typedef void cp_sink(void *ctx, const char *text, size_t len);

/* Writes a human-readable listing of a plan (header, then one line per move) through sink.
 * The plan is verified first (as cp_plan_check, trusting its declared length). */
cp_status cp_plan_dump(const cp_plan *plan, cp_sink *sink, void *ctx);

/* ---------------------------------------------------------------------------------------------
 * Signature strings: a signature as text, e.g. `f64(i32, f64, struct{f32, f32}, ...)`.
 *
 * Grammar (whitespace may separate any two tokens; names are case-sensitive):
 *   signature := [abi] type '(' [params] ')'
 *   abi       := 'sysv' (CP_ABI_SYSV64) | 'efiapi' (CP_ABI_WIN64); none: CP_ABI_DEFAULT
 *   params    := 'void' | param (',' param)*        (`(void)` and `()` both mean no arguments)
 *   param     := type | '...'                       (at most one `...`: see below)
 *   type      := base suffix*
 *   suffix    := '*' | '[' number ']' | 'const' | 'volatile'
 *   base      := name | cwords | aggregate          (leading const/volatile are ignored too)
 *   aggregate := ('struct' | 'union') attr* '{' [member (',' member)*] '}'
 *   attr      := 'packed' | 'align' '(' number ')' | 'size' '(' number ')'   (each at most once)
 *   member    := type ['@' number]                  (an explicit byte offset: CP_MEMBER_AT)
 *   number    := decimal | '0x' hexadecimal          (at most 0xFFFFFFFF)
 * Names: the canonical ones, void bool i8 u8 i16 u16 i32 u32 i64 u64 i128 u128 f32 f64 f80 f128
 * ptr c32 c64 c80 (the cp_type_* built-ins); typedefs size_t ptrdiff_t intptr_t uintptr_t
 * int8_t..uint64_t __int128_t __uint128_t __float128 _Float128 _Float32 _Float64; and C's
 * specifier words in any order C allows (cwords): signed unsigned char short int long float
 * double _Bool __int128 _Complex (or complex), e.g. `unsigned long long`, `long double _Complex`.
 * `long`, `size_t`, plain `char` take the sizes and signedness of the compiler that builds the
 * core (`long` is 32 bits in an LLP64/UEFI build).
 * `T*` is a pointer (ptr) whatever T is; `T[2][3]` is an array of 2 arrays of 3 T, as in C (only
 * meaningful inside aggregates: C passes a bare array as a pointer, write `ptr` for that).
 * Function pointers are written `ptr`. Nesting: an aggregate or an array is one level, at most
 * CP_MAX_DEPTH of them, counted also inside a struct that a `*` then turns into a pointer.
 * Variadic: `...` sets CP_SIG_VARIADIC and nfixed = the parameters before it; the parameters
 * after it are the types this call passes in the variadic part (`i32(ptr, ..., f64, i32)` is
 * printf("%f %d", 1.0, 2)). Without `...`, nfixed = nargs.
 * ------------------------------------------------------------------------------------------- */

/* Arena bytes that always suffice to parse a text of len bytes: every struct, union and array
 * dimension takes one cp_type (32 bytes, at least 3 bytes of text), each member 16 bytes and
 * each argument 8 (at least 2 bytes of text each), plus alignment. Usually far less is used:
 * scalars and pointers take no arena at all. */
#define CP_SIG_ARENA_SIZE(len) ((size_t)(len) * 11 + 16)

/* Parses text (len bytes, or up to the first NUL if one comes earlier: nothing past either is
 * read) into *sig. Every descriptor, member array and the argument array are taken from arena
 * (arena_size bytes, any alignment; NULL only with size 0); scalars and pointers point at the
 * built-in cp_type_* descriptors. ret is never NULL (void is &cp_type_void); args is NULL when
 * nargs is 0. Each aggregate is checked by the same rules as cp_type_layout. The parse recurses
 * at most CP_MAX_DEPTH levels, allocates nothing else, writes only inside the arena and *sig.
 * Errors, with *err_off (if err_off is not NULL) the byte offset of the offending token (the
 * text's length for an unexpected end):
 *   CP_ERR_ARG      text or sig NULL, arena NULL with a size (err_off 0)
 *   CP_ERR_SYNTAX   not the grammar: an unknown name, a missing comma or bracket, a second `...`,
 *                   words that do not make a C type (`unsigned float`), trailing text
 *   CP_ERR_NOSPACE  the arena ran out; err_off is the token whose descriptor did not fit
 *   CP_ERR_TYPE     well formed but invalid: void outside a return type (at the type), a member
 *                   overlapping the previous one or a union member not at 0 (at the member), a
 *                   size over CP_MAX_TYPE_SIZE (at the `[`, or the aggregate's keyword), size(n)
 *                   contradicting the members (at `size`), a number too big for its field
 *   CP_ERR_ALIGN    align(n) not a power of two up to 32768 (at n), below the members' needs
 *                   (at `align`), or an `@` offset the member's alignment forbids (at the member)
 *   CP_ERR_DEPTH    the nesting limit (at the `struct`/`union` or `[` one level too deep)
 *   CP_ERR_TOOMANY  more than CP_MAX_ARGS arguments (at the first one too many), a type of more
 *                   than CP_MAX_TYPE_NODES descriptors (at its `struct`/`union` or `[`)
 * On error *sig is unspecified. Variadic promotion rules and the ABI's own limits are left to
 * cp_plan_build: a parsed signature is well formed, not necessarily callable. */
cp_status cp_sig_parse(const char *text, size_t len, void *arena, size_t arena_size,
                       cp_sig *sig, size_t *err_off);

/* Writes the canonical text of sig into out (cap bytes) and its length, without the NUL, in
 * *out_len (if not NULL). Canonical: fixed-width names only, `ptr` for every pointer, `, `
 * between arguments and members, `...` where nfixed says, a space only after the ABI prefix,
 * between attributes, before `{` when the aggregate has attributes and before `@`; decimal
 * numbers; the prefix `sysv `/`efiapi ` exactly when sig->abi names that ABI (CP_ABI_DEFAULT has
 * none); a NULL ret is `void`. E.g. `i32(ptr, ..., f64)`, `sysv void(struct packed {i8, i32},
 * i64[2][3])`. Equal signatures (same structure, whatever descriptors and spellings they came
 * from) give the same text, and cp_sig_parse reads it back to an equal signature; an array's
 * declared size, which must equal count * element size, is not written.
 * Errors: CP_ERR_ARG (sig NULL, out NULL with cap > 0, a NULL argument, unknown flags),
 * CP_ERR_NOSPACE (cap too small: *out_len is the length needed; out holds a truncated text),
 * CP_ERR_ABI, CP_ERR_TOOMANY, CP_ERR_VARIADIC (nfixed), and every descriptor error of
 * cp_type_layout (each top-level type is validated first). Always NUL-terminates when cap > 0.
 * To measure: cp_sig_format(sig, NULL, 0, &len) gives CP_ERR_NOSPACE and the length. */
cp_status cp_sig_format(const cp_sig *sig, char *out, size_t cap, size_t *out_len);

/* ---------------------------------------------------------------------------------------------
 * Plan cache: for interpreters that call by signature text. Built plans live inline in one
 * buffer you supply, keyed by the canonical text of their signature (cp_sig_format: `int(char*)`
 * and `i32(ptr)` are one entry) and found by hash, then a full compare of the text.
 * Set-associative: a key can only live in the CP_CACHE_WAYS slots of its bucket, so a lookup
 * costs the same whatever the cache size; a full bucket evicts by CLOCK (a recently used plan
 * gets a second chance), never a pinned plan.
 *
 * Lifetime: a plan (and the cp_sig) returned by cp_cache_get/cp_cache_get_sig stays valid until
 * the next cp_cache_get/cp_cache_get_sig on that cache, which may evict it. To keep a plan
 * longer, pin it: a pinned plan is never evicted or moved until unpinned. A closure is always
 * safe: cp_closure_alloc copies the plan into its slot.
 *
 * Concurrency: none inside. A lookup writes (the parse arena, CLOCK bits, counters), so even a hit
 * is not read-only: give each CPU or thread its own cache, or hold your own lock around every
 * call. No lock hooks: per-CPU caches need none and keep the core free of atomics.
 * Stack: every frame is well under 1 KiB; a whole cp_cache_get at the nesting limit takes about
 * 2.2 KiB (measured, gcc and clang -O2), most of it the parser's recursion. No global state.
 * ------------------------------------------------------------------------------------------- */
typedef struct cp_cache cp_cache;   /* opaque; lives at the start of the caller's buffer */

#define CP_CACHE_WAYS 8             /* slots per bucket */

/* Bytes of buffer for at least `entries` plans of up to max_plan bytes with signature texts of up
 * to max_text bytes (the layout: a header, a key buffer, a parse arena, then buckets):
 *     static _Alignas(8) unsigned char buf[CP_CACHE_SIZE(64, CP_PLAN_SIZE(8), 128)]; */
#define CP__CACHE_HEADER        256
#define CP__CACHE_SLOT_HEADER   16
#define CP__CACHE_BUCKET_HEADER (8 + 4 * CP_CACHE_WAYS)
#define CP__ROUND8(n)           (((size_t)(n) + 7) & ~(size_t)7)
#define CP_CACHE_SIZE(entries, max_plan, max_text)                                            \
    ((size_t)7 + CP__CACHE_HEADER + CP__ROUND8((size_t)(max_text) + 1) +                     \
     CP__ROUND8(CP_SIG_ARENA_SIZE(max_text)) +                                                \
     ((size_t)(entries) + CP_CACHE_WAYS - 1) / CP_CACHE_WAYS *                                \
         (CP__CACHE_BUCKET_HEADER +                                                           \
          CP_CACHE_WAYS * (CP__CACHE_SLOT_HEADER + CP__ROUND8(max_plan) + CP__ROUND8(max_text))))

typedef struct cp_cache_stats {
    uint64_t hits;          /* lookups that found their plan */
    uint64_t misses;        /* lookups that built one (or failed to) */
    uint64_t evictions;     /* plans dropped to make room */
    uint32_t entries;       /* slots in the cache */
    uint32_t used;          /* slots holding a plan */
} cp_cache_stats;

/* Makes an empty cache in buf (size bytes, any alignment) holding plans of up to max_plan_bytes
 * (rounded up to 8; CP_PLAN_SIZE(n) fits any plan of n arguments) for canonical signature texts
 * of up to max_text_bytes; as many entries as fit (a multiple of CP_CACHE_WAYS). *cache points
 * into buf. Errors: CP_ERR_ARG (NULL buf or cache, max_plan_bytes outside
 * [CP_PLAN_SIZE(0), 65536], max_text_bytes outside [8, 65536]), CP_ERR_NOSPACE (not even one
 * bucket fits: see CP_CACHE_SIZE). */
cp_status cp_cache_init(void *buf, size_t size, size_t max_plan_bytes, size_t max_text_bytes,
                        cp_cache **cache);

/* Lookup-or-build by text: parses text (as cp_sig_parse, into the cache's own arena of
 * CP_SIG_ARENA_SIZE(max_text_bytes): enough for any text whose canonical form fits, unless it
 * spells out what a pointer points to, `struct{...}*`, whose descriptors need room while they are
 * read), finds the plan of its canonical form or builds and inserts it. *plan is the plan, *sig (if sig is not
 * NULL) the parsed signature, both valid as the lifetime rule above says. A text that is
 * already canonical (as cp_sig_format writes it) is found without formatting, and with sig NULL
 * without a parse either: one hash and one compare. Errors: CP_ERR_ARG, every error of cp_sig_parse with *err_off (if not NULL) its
 * offset, CP_ERR_NOSPACE also when the canonical text is longer than max_text_bytes (*err_off =
 * the text's length) or the plan larger than max_plan_bytes, every error of cp_plan_build
 * (nothing is cached then), CP_ERR_BUSY (the plan is not cached and every slot of its bucket is
 * pinned). */
cp_status cp_cache_get(cp_cache *c, const char *text, size_t len, const cp_plan **plan,
                       const cp_sig **sig, size_t *err_off);

/* Lookup-or-build by descriptors: the key is cp_sig_format(sig). Errors: CP_ERR_ARG, those of
 * cp_sig_format (CP_ERR_NOSPACE: text longer than max_text_bytes), CP_ERR_NOSPACE (plan larger
 * than max_plan_bytes), those of cp_plan_build, CP_ERR_BUSY. */
cp_status cp_cache_get_sig(cp_cache *c, const cp_sig *sig, const cp_plan **plan);

/* Pins (counted) or unpins a plan returned by this cache; pin it before the next lookup, while it
 * is still valid. Errors: CP_ERR_ARG (not a cached plan of c, or unpinning a plan that is not
 * pinned), CP_ERR_TOOMANY (2^32 - 1 pins). */
cp_status cp_cache_pin(cp_cache *c, const cp_plan *plan);
cp_status cp_cache_unpin(cp_cache *c, const cp_plan *plan);

/* Counters and occupancy. Errors: CP_ERR_ARG. */
cp_status cp_cache_get_stats(const cp_cache *c, cp_cache_stats *out);

#ifdef __cplusplus
}
#endif

#endif /* CALLPLAN_H */
