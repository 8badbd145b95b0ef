/* x86-64 constants shared by the C classifier, the checker and the asm stubs (call.S).
 * Plain #defines outside `#ifndef __ASSEMBLER__`. */
#ifndef CP_ARCH_X86_64_H
#define CP_ARCH_X86_64_H

#include "../../src/plan_format.h"

/* Register images at the bottom of the frame, loaded into registers just before the call:
 *   [  0,  48)  rdi rsi rdx rcx r8 r9   8 bytes each, in argument order
 *   [ 48, 176)  xmm0..xmm7              16 bytes each (a __float128 fills one whole)
 * The stack-argument area follows at CP__IMG_BYTES; the stub drops the images before the call,
 * so frame offset CP__IMG_BYTES + k is [RSP + k] at the call instruction. */
#define CP__IMG_GP          0
#define CP__IMG_NGP         6
#define CP__IMG_XMM         48
#define CP__IMG_NXMM        8
#define CP__IMG_XMM_SLOT    16
#define CP__IMG_BYTES       176         /* a multiple of 16, so RSP stays aligned */

/* Return registers (struct cp__retmove.reg). */
#define CP__RET_RAX         1
#define CP__RET_RDX         2
#define CP__RET_XMM0        3
#define CP__RET_XMM1        4
#define CP__RET_ST0         5   /* pop ST0 as 10 bytes, then 6 zero bytes: len is always 16 */
#define CP__RET_COUNT       6

/* The stub's saved-register block: rbp, rbx, r12, r13, r14 pushed at entry. */
#define CP__STUB_SAVED      40

#endif /* CP_ARCH_X86_64_H */
