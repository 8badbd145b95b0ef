/* callplan's libffi-compatible API: code written against libffi 3.4 (x86-64) recompiles against
 * this header and runs on callplan plans instead, with no heap, no libc and closures taken from
 * callplan's fixed trampoline pool (no writable code).
 *
 * Same names, values and calling sequence as libffi 3.4 for x86-64; the differences (bounds on
 * arguments and closures, what is not provided) are listed in README "Switching from libffi".
 * Not provided, so code using them fails to compile: the raw and Java raw APIs (ffi_raw*,
 * ffi_java_raw*, ffi_prep_raw_closure*), Go closures (ffi_go_closure, ffi_call_go).
 *
 * Freestanding: needs only <stddef.h>. Link with libcallplan_ffi.a (the layer and the core). */
#ifndef LIBFFI_H
#define LIBFFI_H

#include <stddef.h>

#if !defined(__x86_64__) || defined(__ILP32__) || defined(_WIN32)
#error "callplan's ffi.h describes x86-64 LP64 (System V hosts) only"
#endif

#ifdef __cplusplus
extern "C" {
#endif

#ifndef X86_64
#define X86_64          /* libffi defines the target's name; some code tests it */
#endif

#define FFI_API
#define FFI_EXTERN extern FFI_API

/* ---- type codes (ffi_type.type), with libffi's values ---------------------------------- */
#define FFI_TYPE_VOID       0
#define FFI_TYPE_INT        1   /* C int: treated as FFI_TYPE_SINT32 */
#define FFI_TYPE_FLOAT      2
#define FFI_TYPE_DOUBLE     3
#define FFI_TYPE_LONGDOUBLE 4   /* x87 80-bit extended in a 16-byte object */
#define FFI_TYPE_UINT8      5
#define FFI_TYPE_SINT8      6
#define FFI_TYPE_UINT16     7
#define FFI_TYPE_SINT16     8
#define FFI_TYPE_UINT32     9
#define FFI_TYPE_SINT32     10
#define FFI_TYPE_UINT64     11
#define FFI_TYPE_SINT64     12
#define FFI_TYPE_STRUCT     13
#define FFI_TYPE_POINTER    14
#define FFI_TYPE_COMPLEX    15  /* elements[0] is the part type: float, double, long double or
                                   an integer type */
#define FFI_TYPE_LAST       FFI_TYPE_COMPLEX

/* ---- calling conventions ---------------------------------------------------------------- */
typedef enum ffi_abi {
    FFI_FIRST_ABI = 1,
    FFI_UNIX64,                 /* System V x86-64: the default */
    FFI_WIN64,                  /* Microsoft x64 (long double is double there: not accepted) */
    FFI_EFI64 = FFI_WIN64,      /* UEFI: the Microsoft convention */
    FFI_GNUW64,                 /* Microsoft x64 as gcc compiles it (16-byte long double) */
    FFI_LAST_ABI,
    FFI_DEFAULT_ABI = FFI_UNIX64
} ffi_abi;

typedef enum {
    FFI_OK = 0,
    FFI_BAD_TYPEDEF,            /* a malformed or zero-size type, or too large a type graph */
    FFI_BAD_ABI,                /* an ABI outside ffi_abi, or one this build does not run */
    FFI_BAD_ARGTYPE             /* an argument list callplan cannot take: too many arguments,
                                   an unpromoted variadic type, too many for a closure */
} ffi_status;

/* Integer results narrower than 64 bits come back widened to a whole ffi_arg. */
typedef unsigned long ffi_arg;
typedef signed long ffi_sarg;
#define FFI_SIZEOF_ARG 8

/* ---- type descriptors --------------------------------------------------------------------- */
/* A struct type is { 0, 0, FFI_TYPE_STRUCT, elements } with a NULL-terminated element list;
 * ffi_prep_cif (and ffi_get_struct_offsets) fill in its size and alignment, as libffi does. An
 * array member is written as that many repeated elements. */
typedef struct _ffi_type { /* NOLINT(cert-dcl37-c,cert-dcl51-cpp): libffi's own tag */
    size_t size;
    unsigned short alignment;
    unsigned short type;
    struct _ffi_type **elements;
} ffi_type;

FFI_EXTERN ffi_type ffi_type_void;
FFI_EXTERN ffi_type ffi_type_uint8;
FFI_EXTERN ffi_type ffi_type_sint8;
FFI_EXTERN ffi_type ffi_type_uint16;
FFI_EXTERN ffi_type ffi_type_sint16;
FFI_EXTERN ffi_type ffi_type_uint32;
FFI_EXTERN ffi_type ffi_type_sint32;
FFI_EXTERN ffi_type ffi_type_uint64;
FFI_EXTERN ffi_type ffi_type_sint64;
FFI_EXTERN ffi_type ffi_type_float;
FFI_EXTERN ffi_type ffi_type_double;
FFI_EXTERN ffi_type ffi_type_longdouble;
FFI_EXTERN ffi_type ffi_type_pointer;
FFI_EXTERN ffi_type ffi_type_complex_float;
FFI_EXTERN ffi_type ffi_type_complex_double;
FFI_EXTERN ffi_type ffi_type_complex_longdouble;

/* C's integer types on x86-64 LP64. */
#define ffi_type_uchar  ffi_type_uint8
#define ffi_type_schar  ffi_type_sint8
#define ffi_type_ushort ffi_type_uint16
#define ffi_type_sshort ffi_type_sint16
#define ffi_type_uint   ffi_type_uint32
#define ffi_type_sint   ffi_type_sint32
#define ffi_type_ulong  ffi_type_uint64
#define ffi_type_slong  ffi_type_sint64

/* ---- call interfaces ------------------------------------------------------------------------ */
/* Most arguments an ffi_cif takes (callplan's core takes 64; the plan lives inside the cif, so
 * this bounds sizeof(ffi_cif)). More gives FFI_BAD_ARGTYPE. */
#define FFI_CP_MAX_ARGS 32
/* The plan buffer: CP_PLAN_SIZE(FFI_CP_MAX_ARGS) bytes of callplan.h, in 8-byte words. */
#define FFI_CP_PLAN_WORDS 77

/* The first six fields are libffi's (read them; ffi_prep_cif writes them). `bytes` and `flags`
 * do not carry libffi's values. The rest is the layer's: the plan and how to return. */
typedef struct {
    ffi_abi abi;
    unsigned nargs;
    ffi_type **arg_types;
    ffi_type *rtype;
    unsigned bytes;
    unsigned flags;
    unsigned cp_ready;                      /* private: the plan is built */
    unsigned cp_ret_widen;                  /* private: how an integer result widens */
    size_t cp_ret_size;                     /* private: bytes of the result */
    unsigned long cp_plan[FFI_CP_PLAN_WORDS];   /* private: the plan (8-aligned; no long long,
                                                   for C90 callers) */
} ffi_cif;

/* Prepares cif for calls of a function of nargs arguments of types atypes[] returning rtype.
 * The cif keeps the pointers abi/rtype/atypes; the type descriptors must outlive the cif's use
 * in closures (ffi_call reads only the plan and cif->rtype). Stack: about 4 KiB (the type graph
 * is converted in a bounded scratch area: FFI_CP_MAX_STRUCT_NODES nodes, FFI_CP_MAX_MEMBERS
 * members, nesting of at most 8 levels; more is FFI_BAD_TYPEDEF). Nodes: one per distinct
 * struct ffi_type, one per _Complex of an integer type, and one per run of two or more equal
 * consecutive elements inside each struct (libffi's way to write an array: the same run in two
 * struct types counts twice). Members: one per element, a run counting as one. */
#ifndef FFI_CP_MAX_STRUCT_NODES
#define FFI_CP_MAX_STRUCT_NODES 32      /* a build of the layer may set others: only the */
#endif                                  /* layer's stack depends on them, not ffi_cif */
#ifndef FFI_CP_MAX_MEMBERS
#define FFI_CP_MAX_MEMBERS      96
#endif
FFI_API ffi_status ffi_prep_cif(ffi_cif *cif, ffi_abi abi, unsigned int nargs, ffi_type *rtype,
                                ffi_type **atypes);

/* The same for a variadic function: atypes[0..nfixedargs) are the named arguments, the rest the
 * "..." part, which must hold promoted types (no float, no integer narrower than int:
 * FFI_BAD_ARGTYPE, as libffi 3.4). */
FFI_API ffi_status ffi_prep_cif_var(ffi_cif *cif, ffi_abi abi, unsigned int nfixedargs,
                                    unsigned int ntotalargs, ffi_type *rtype, ffi_type **atypes);

/* Calls fn with the values avalue[i] points at; the result goes to rvalue. An integer result
 * narrower than 64 bits is written as a whole ffi_arg, sign- or zero-extended by its type.
 * rvalue may be NULL to drop the result (results of at most 256 bytes; a larger one with a
 * NULL rvalue is not called, for want of a place to put it). */
FFI_API void ffi_call(ffi_cif *cif, void (*fn)(void), void *rvalue, void **avalue);

/* Fills struct_type's size and alignment and, if offsets is not NULL, the offset of each of
 * its elements. Errors: FFI_BAD_ABI, FFI_BAD_TYPEDEF (not a struct, or malformed). */
FFI_API ffi_status ffi_get_struct_offsets(ffi_abi abi, ffi_type *struct_type, size_t *offsets);

#define FFI_FN(f) ((void (*)(void))(f))

/* ---- closures ------------------------------------------------------------------------------- */
#define FFI_CLOSURES        1
#define FFI_GO_CLOSURES     0
#define FFI_TRAMPOLINE_SIZE 32
/* Most bytes one ffi_closure_alloc gives (the closure and whatever the caller keeps after it). */
#define FFI_CP_CLOSURE_BYTES 128
/* Most arguments of a closure's cif (callplan's CP_CLOSURE_MAX_ARGS). */
#define FFI_CP_CLOSURE_MAX_ARGS 16

/* cif, fun and user_data are libffi's public fields (read at every call, so they may change
 * after ffi_prep_closure_loc). The first bytes are reserved, as libffi's trampoline is. */
typedef struct {
    char cp_reserved[FFI_TRAMPOLINE_SIZE];
    ffi_cif *cif;
    void (*fun)(ffi_cif *cif, void *ret, void **args, void *user_data);
    void *user_data;
} ffi_closure;

/* Takes a closure from the pool (as many as callplan's trampoline pool has, 64 by default) and
 * stores the function pointer that calls it in *code. size is what the caller wants writable
 * (sizeof(ffi_closure), or more up to FFI_CP_CLOSURE_BYTES). NULL when the pool is empty, size
 * is too large or code is NULL. */
FFI_API void *ffi_closure_alloc(size_t size, void **code);
/* Returns a closure from ffi_closure_alloc to the pool; anything else is ignored. */
FFI_API void ffi_closure_free(void *closure);

/* Makes calls of codeloc (the code from ffi_closure_alloc) run fun(cif, ret, args, user_data).
 * For an integer result narrower than 64 bits fun stores a whole ffi_arg. Errors: FFI_BAD_ABI,
 * FFI_BAD_ARGTYPE (a cif not prepared, more than FFI_CP_CLOSURE_MAX_ARGS arguments, a closure
 * not from ffi_closure_alloc or a codeloc that is not its code). */
FFI_API ffi_status ffi_prep_closure_loc(ffi_closure *closure, ffi_cif *cif,
                                        void (*fun)(ffi_cif *, void *, void **, void *),
                                        void *user_data, void *codeloc);

/* Deprecated in libffi: ffi_prep_closure_loc with codeloc = closure. Call the code pointer from
 * ffi_closure_alloc, never the closure itself (it is data, never executable). */
FFI_API ffi_status ffi_prep_closure(ffi_closure *closure, ffi_cif *cif,
                                    void (*fun)(ffi_cif *, void *, void **, void *),
                                    void *user_data)
#if defined(__GNUC__)
    __attribute__((deprecated("use ffi_prep_closure_loc instead")))
#endif
    ;

#define FFI_CLOSURE_PTR(x) (x)
#define FFI_RESTORE_PTR(x) (x)

#ifdef __cplusplus
}
#endif

#endif /* LIBFFI_H */
