/* Internals of the libffi-compatible layer, shared by its files (compat_ prefix, hidden). The
 * layer uses only callplan's public API: it is a client of the core like any other. */
#ifndef CALLPLAN_COMPAT_H
#define CALLPLAN_COMPAT_H

#include <stdint.h>

#include "callplan.h"
#include "ffi.h"

#define COMPAT_HIDDEN __attribute__((visibility("hidden")))

/* Where one ffi_prep_cif converts the ffi_type graph into cp_type descriptors: on the caller's
 * stack, bounded (the core keeps no pointer to descriptors after cp_plan_build). Struct types
 * and runs of repeated elements (arrays, as libffi spells them) take a node each; every struct
 * member takes a member slot. */
struct compat_scratch {
    cp_type node[FFI_CP_MAX_STRUCT_NODES];
    const ffi_type *source[FFI_CP_MAX_STRUCT_NODES];    /* which ffi_type a node stands for
                                                           (NULL: a run), to reuse it */
    uint8_t height[FFI_CP_MAX_STRUCT_NODES];    /* levels of aggregates in each node, which the
                                                   core bounds (CP_MAX_DEPTH) */
    cp_member member[FFI_CP_MAX_MEMBERS];
    uint32_t nodes, members;
    int long_double_ok;     /* 0 under FFI_WIN64, where long double is not the x87 type */
    int offsets_mode;       /* ffi_get_struct_offsets: the top struct is laid out afresh, with
                               one member per element */
    int fold_aggregates;    /* fold runs of aggregates into arrays even where that adds a level */
};

/* Starts an empty scratch area for types passed under abi (one of ffi_abi's). */
COMPAT_HIDDEN void compat_scratch_init(struct compat_scratch *s, ffi_abi abi);

/* Converts head (and, if n > 0, tail[0..n)) into descriptors in s, or built-in ones, returned in
 * *head_out and tail_out[]. libffi's runs of one element (its arrays) become array members: all
 * of them first; if that nests deeper than the core takes, again folding only the runs that add
 * no level. Struct types with size 0 get their size and alignment filled in, as libffi's prep
 * does. Errors: FFI_BAD_TYPEDEF (NULL, unknown code, malformed or zero-size struct, nesting
 * deeper than CP_MAX_DEPTH or a cycle, scratch full, long double under FFI_WIN64). */
COMPAT_HIDDEN ffi_status compat_convert(struct compat_scratch *s, ffi_type *head,
                                        const cp_type **head_out, ffi_type **tail, unsigned n,
                                        const cp_type **tail_out);

/* The ffi_status for a core status. */
COMPAT_HIDDEN ffi_status compat_status(cp_status s);

/* How a result of type t is handed back: 0 when as is, else the byte width of an integer that
 * libffi widens to ffi_arg, with COMPAT_WIDEN_SIGNED for a signed one. */
#define COMPAT_WIDEN_SIGNED 0x100u
COMPAT_HIDDEN unsigned compat_ret_widen(const ffi_type *t);

/* The ffi_arg value of the low (widen & 0xFF) bytes of raw, extended as widen says. */
COMPAT_HIDDEN ffi_arg compat_widen(uint64_t raw, unsigned widen);

/* ---- closure_bind.c: trampolines for ffi_closure_alloc, whose code address is handed out
 * before the signature is known ------------------------------------------------------------ */

/* Takes a trampoline that does nothing yet (a void(void) placeholder) and returns it in *fn.
 * Errors: those of cp_closure_alloc (CP_ERR_BUSY: the pool is empty). */
COMPAT_HIDDEN cp_status compat_reserve_trampoline(void *user_data, void (**fn)(void));

/* Makes the trampoline fn (from compat_reserve_trampoline) run handler(user_data, ...) for
 * functions of plan's signature. Errors: those of cp_closure_rebind; fn keeps its old binding. */
COMPAT_HIDDEN cp_status compat_bind_trampoline(void (*fn)(void), const void *plan,
                                               cp_handler *handler, void *user_data);

#endif
