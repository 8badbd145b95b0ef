/* x86-64 internals shared by both conventions of the CPU (System V and Microsoft x64): the same
 * registers, the same frame of register images (arch.h), the same stub; only the placement
 * rules differ (sysv*.c, win64.c). */
#ifndef CP_ARCH_X86_64_X86_H
#define CP_ARCH_X86_64_X86_H

#include "../../src/internal.h"
#include "arch.h"

/* Emits the move that loads bytes [src, src+len) of an argument of kind k into one 8-byte slot:
 * scalars of 8 bytes or less extended by kind, other bytes as they are (exactly len of them). */
CP__HIDDEN cp_status cp__x86_emit_bytes(struct cp__builder *b, cp_kind k, uint32_t arg,
                                        uint32_t src, uint32_t dst, uint32_t len);

/* Whether a return register is an SSE or x87 one (the plan then uses the FPU). */
CP__HIDDEN int cp__x86_ret_is_fp(unsigned reg);

/* The result shape (arch.h CP__RES_*) of a plan's return moves. */
CP__HIDDEN uint8_t cp__x86_result_shape(const struct cp__plan_hdr *h);

/* The width class of an integer move (8: LD8, 4: LD4S/LD4Z), or 0 if it has none. */
CP__HIDDEN unsigned cp__x86_move_width(const struct cp__move *m);

/* The result family of the GP stubs (CP__GP_R0/R4/R8) for a result shape, or -1. */
CP__HIDDEN int cp__x86_gp_result(uint8_t shape);

/* Names for dumps: frame offset -> "rcx", "xmm3", "stack+40"; return registers. */
CP__HIDDEN void cp__x86_slot_name(uint32_t dst, char *out, size_t cap);
CP__HIDDEN extern const char *const cp__x86_ret_names[CP__RET_COUNT];

/* The Microsoft x64 entry of the ABI table (win64.c). */
CP__HIDDEN extern const struct cp__abi_ops cp__win64_ops;

#endif
