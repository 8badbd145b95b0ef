/* x86-64 System V closures: CP_CLOSURE_SLOTS trampolines, all in .text (never written), and the
 * entry they share. A trampoline only says which slot it is; the slot (src/closure.c, in .bss)
 * holds the plan, the handler and the user data. */

#include "arch.h"
#include "../../src/closure.h"

        .text

/* The trampolines, CP__TRAMPOLINE_BYTES apart (src/closure.c turns slot k into the address
 * cp__closure_trampolines + k * CP__TRAMPOLINE_BYTES and back).
 * In:  what the caller passed (argument registers, AL, stack arguments).
 * Out: r11 = slot index (r11 is scratch at any call: it carries no argument). */
        .globl  cp__closure_trampolines
#ifdef __ELF__
        .hidden cp__closure_trampolines
#endif
        .p2align 4
cp__closure_trampolines:
        .set    .Lslot, 0
        .rept   CP_CLOSURE_SLOTS
        movl    $.Lslot, %r11d                  /* r11 = this trampoline's slot: 6 bytes */
        jmp     .Lclosure_entry                 /* at most 5 bytes: all fit in 16 */
        .p2align 4                              /* so each starts CP__TRAMPOLINE_BYTES on */
        .set    .Lslot, .Lslot + 1
        .endr

/* The shared entry.
 * In:  r11 = slot; the caller's arguments; [rsp] = return address, rsp = 8 (mod 16).
 * Out: the handler's result in RAX/RDX, XMM0/XMM1 or ST0/ST1, as the slot's plan says.
 * Frame (arch.h CP__CL_*): [rsp, +176) register images as cp_call lays them out (xmm0-7, then
 * rdi..r9), then the result block. The caller's stack arguments are at [rbp + 16]. */
        .p2align 4
.Lclosure_entry:
        .cfi_startproc
        pushq   %rbp
        .cfi_adjust_cfa_offset 8
        .cfi_rel_offset %rbp, 0
        movq    %rsp, %rbp                      /* rbp = frame; rsp 16-aligned */
        .cfi_def_cfa_register %rbp
        subq    $CP__CL_FRAME, %rsp
        movq    %rdi, CP__IMG_GP+0(%rsp)        /* the integer argument registers, saved */
        movq    %rsi, CP__IMG_GP+8(%rsp)
        movq    %rdx, CP__IMG_GP+16(%rsp)
        movq    %rcx, CP__IMG_GP+24(%rsp)
        movq    %r8, CP__IMG_GP+32(%rsp)
        movq    %r9, CP__IMG_GP+40(%rsp)
#ifndef CP_NOFLOAT
        imulq   $CP__SLOT_BYTES, %r11, %rax
        leaq    cp__closure_slots(%rip), %rcx
        testl   $CP__PF_USES_FP, CP__SLOT_PLAN+CP__H_FLAGS(%rcx,%rax)
        jz      1f                              /* no FP in the plan: leave the FPU alone */
        movaps  %xmm0, CP__IMG_XMM+0*16(%rsp)   /* the vector argument registers, saved */
        movaps  %xmm1, CP__IMG_XMM+1*16(%rsp)
        movaps  %xmm2, CP__IMG_XMM+2*16(%rsp)
        movaps  %xmm3, CP__IMG_XMM+3*16(%rsp)
        movaps  %xmm4, CP__IMG_XMM+4*16(%rsp)
        movaps  %xmm5, CP__IMG_XMM+5*16(%rsp)
        movaps  %xmm6, CP__IMG_XMM+6*16(%rsp)
        movaps  %xmm7, CP__IMG_XMM+7*16(%rsp)
1:
#endif
        movl    %r11d, %edi                     /* rdi = slot */
        movq    %rsp, %rsi                      /* rsi = frame */
        leaq    16(%rbp), %rdx                  /* rdx = the caller's stack arguments */
        call    cp__closure_dispatch            /* gathers, runs the handler, fills results */
        movq    CP__CL_RES_RAX(%rsp), %rax
        movq    CP__CL_RES_RDX(%rsp), %rdx
#ifndef CP_NOFLOAT
        cmpl    $0, CP__CL_RES_FP(%rsp)
        je      2f
        movaps  CP__CL_RES_XMM0(%rsp), %xmm0    /* vector results */
        movaps  CP__CL_RES_XMM1(%rsp), %xmm1
2:      movl    CP__CL_RES_NST(%rsp), %ecx      /* ecx = x87 values to push: 0, 1 or 2 */
        cmpl    $2, %ecx
        jb      3f
        fldt    CP__CL_RES_ST+16(%rsp)          /* the imaginary part first: it ends in ST1 */
3:      testl   %ecx, %ecx
        jz      4f
        fldt    CP__CL_RES_ST(%rsp)             /* ST0 */
4:
#endif
        leave
        .cfi_def_cfa %rsp, 8
        ret
        .cfi_endproc

#ifdef __ELF__
        .section .note.GNU-stack, "", @progbits
#endif
