/* x86-64 constants shared by the C classifier, the checker and the asm stubs (call.S).
 * Plain #defines outside `#ifndef __ASSEMBLER__`. */
#ifndef CP_ARCH_X86_64_H
#define CP_ARCH_X86_64_H

#include "../../src/plan_format.h"

/* Read-only data of the stubs (their jump tables): ELF's .rodata; on COFF (a UEFI build) a
 * section named .rodata would come out writable, .rdata with "dr" flags is read-only data. */
#ifdef __ELF__
#define CP__RODATA .section .rodata
#else
#define CP__RODATA .section .rdata, "dr"
#endif

/* Register images at the bottom of the frame, loaded into registers just before the call:
 *   [  0, 128)  xmm0..xmm7              16 bytes each (a __float128 fills one whole)
 *   [128, 176)  rdi rsi rdx rcx r8 r9   8 bytes each, in argument order
 * The stack-argument area follows at CP__IMG_BYTES; the stub drops the images before the call,
 * so frame offset CP__IMG_BYTES + k is [RSP + k] at the call instruction. Moves are sorted by
 * this offset, so a plan lists its vector registers first, then its GP ones, then the stack. */
#define CP__IMG_XMM         0
#define CP__IMG_NXMM        8
#define CP__IMG_XMM_SLOT    16
#define CP__IMG_GP          128
#define CP__IMG_NGP         6
#define CP__IMG_BYTES       176         /* a multiple of 16, so RSP stays aligned */

/* Return registers (struct cp__retmove.reg). */
#define CP__RET_RAX         1
#define CP__RET_RDX         2
#define CP__RET_XMM0        3
#define CP__RET_XMM1        4
#define CP__RET_ST0         5   /* pop ST0 as 10 bytes, then 6 zero bytes: len is always 16 */
#define CP__RET_COUNT       6

/* The closure entry's frame (closure.S, closure.c): the argument registers saved as images in
 * the layout above, then the result block the dispatcher fills for the entry to load. */
#define CP__CL_RES          CP__IMG_BYTES   /* result block: */
#define CP__CL_RES_RAX      (CP__CL_RES + 0)
#define CP__CL_RES_RDX      (CP__CL_RES + 8)
#define CP__CL_RES_XMM0     (CP__CL_RES + 16)
#define CP__CL_RES_XMM1     (CP__CL_RES + 32)
#define CP__CL_RES_ST       (CP__CL_RES + 48)  /* x87 values to push, ST0's first: 2 x 16 */
#define CP__CL_RES_NST      (CP__CL_RES + 80)  /* u32: how many x87 values (0-2) */
#define CP__CL_RES_FP       (CP__CL_RES + 84)  /* u32: 1 when xmm0/xmm1 carry the result */
#define CP__CL_ARGS         (CP__CL_RES + 96)  /* direct path: the args[] array (16 x 8) */
#define CP__CL_RETBUF       (CP__CL_ARGS + 128) /* direct path: the handler's result (32) */
#define CP__CL_SLOT         (CP__CL_RETBUF + 32) /* direct path: the slot, across the call */
#define CP__CL_XMM6         (CP__CL_SLOT + 16) /* Microsoft x64 callers: xmm6-15, 10 x 16 */
#define CP__CL_FRAME        (CP__CL_XMM6 + 160) /* a multiple of 16 */

/* Executors (the header's exec byte, chosen by exec.c; call.S jumps through a table of them).
 *   GENERAL  the move interpreter
 *   REGS     register-only plans: each register loaded straight from its move; entered at the
 *            vector register count: CP__EXEC_REGS + nsse
 *   REGS8    the same when every move loads 8 bytes (no per-register width test)
 *   GP       0-6 integer arguments of one width: 6 families (width x result), entered at the
 *            argument count: CP__EXEC_GP + 7 * family + nargs
 *   SPILL    7-16 integer arguments of one width: CP__EXEC_SPILL + 10 * (width == 4) + nargs - 7
 *   W64GP    Microsoft x64: 0-4 integer arguments of one width in rcx rdx r8 r9, with the shadow
 *            space: the GP families again, CP__EXEC_W64GP + 5 * family + nargs */
#define CP__EXEC_GENERAL    0
#define CP__EXEC_REGS       1   /* + nsse (0-8) */
#define CP__EXEC_REGS8      10  /* + nsse (0-8) */
#define CP__EXEC_GP         19
#define CP__GP_R0           0   /* no result */
#define CP__GP_R4           1   /* 4 bytes of RAX */
#define CP__GP_R8           2   /* 8 bytes of RAX */
#define CP__GP_FAMILY(w4, r) ((w4) * 3 + (r))
#define CP__EXEC_SPILL      61  /* CP__EXEC_GP + 6 families * 7 counts */
#define CP__SPILL_COUNTS    10  /* 7..16 arguments */
#define CP__SPILL_MAX_ARGS  16
#define CP__EXEC_W64GP      81  /* CP__EXEC_SPILL + 2 widths * CP__SPILL_COUNTS */
#define CP__W64GP_MAX_ARGS  4
#define CP__EXEC_COUNT      111 /* CP__EXEC_W64GP + 6 families * 5 counts */

/* Result shapes (the header's result byte): the common ones are stored with one or two
 * instructions; CP__RES_MOVES runs the return moves one by one. */
#define CP__RES_MOVES       0
#define CP__RES_NONE        1   /* void, or sret (the callee stored it) */
#define CP__RES_RAX4        2   /* 4 bytes of RAX at ret + 0 */
#define CP__RES_RAX8        3
#define CP__RES_RAX8_RDX8   4   /* RAX at ret + 0, RDX at ret + 8 */
#define CP__RES_XMM0_4      5
#define CP__RES_XMM0_8      6
#define CP__RES_XMM0_8_XMM1_8 7 /* XMM0 at ret + 0, XMM1 at ret + 8 */
#define CP__RES_ST0         8   /* a long double: ST0 popped to ret + 0, 6 zero bytes after */
#define CP__RES_COUNT       9

#endif /* CP_ARCH_X86_64_H */
