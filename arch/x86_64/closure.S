/* x86-64 System V closures: CP_CLOSURE_SLOTS trampolines, all in .text (never written), and the
 * entry they share. A trampoline only says which slot it is; the slot (src/closure.c, in .bss)
 * holds the plan, the handler and the user data. */

#include "arch.h"
#include "../../src/closure.h"

/* Calls from here into C (the dispatcher, the handler) follow the C convention of the build:
 * System V, or Microsoft x64 when the core is built for a UEFI/Windows target (clang -target
 * x86_64-unknown-windows), where the callee also owns 32 bytes of shadow space above the return
 * address. The frame below is 16-aligned either way. */
#ifdef _WIN32
#define C_ARG0 %rcx
#define C_ARG1 %rdx
#define C_ARG2 %r8
#define C_CALL(target) subq $32, %rsp; call target; addq $32, %rsp
#else
#define C_ARG0 %rdi
#define C_ARG1 %rsi
#define C_ARG2 %rdx
#define C_CALL(target) call target
#endif

        .text

/* The trampolines, CP__TRAMPOLINE_BYTES apart (src/closure.c turns slot k into the address
 * cp__closure_trampolines + k * CP__TRAMPOLINE_BYTES and back).
 * In:  what the caller passed (argument registers, AL, stack arguments).
 * Out: r11 = this trampoline's slot (r11 is scratch at any call: it carries no argument). */
        .globl  cp__closure_trampolines
#ifdef __ELF__
        .hidden cp__closure_trampolines
#endif
        .p2align 4
cp__closure_trampolines:
        .set    .Lslot, 0
        .rept   CP_CLOSURE_SLOTS
        leaq    cp__closure_slots+.Lslot*CP__SLOT_BYTES(%rip), %r11 /* r11 = the slot: 7 bytes */
        jmp     .Lclosure_entry                 /* at most 5 bytes: all fit in 16 */
        .p2align 4                              /* so each starts CP__TRAMPOLINE_BYTES on */
        .set    .Lslot, .Lslot + 1
        .endr

/* The shared entry.
 * In:  r11 = slot; the caller's arguments (System V or Microsoft x64, as the slot's plan says:
 *      Microsoft x64 arguments are rcx rdx r8 r9 / xmm0-3, and stack ones after the caller's
 *      32-byte shadow space, which the plan's stack offsets count); [rsp] = return address,
 *      rsp = 8 (mod 16).
 * Out: the handler's result in RAX/RDX, XMM0/XMM1 or ST0/ST1, as the slot's plan says.
 * Frame (arch.h CP__CL_*), 16-aligned: [rsp, +176) the register images as cp_call lays them
 * out (xmm0-7, then rdi..r9), then the result block, the args[] array and the result buffer of
 * the direct path; the return address at [rsp + CP__CL_FRAME + 8], the caller's stack
 * arguments from [rsp + CP__CL_FRAME + 16]. No frame pointer: the CFI says where the CFA is.
 * The slot's mode (cp__arch_closure_prepare) picks the path: CP__MODE_DIRECT when every
 * argument arrived whole in one place, so args[i] = frame + arg_at[i] and the handler is
 * called from here, else cp__closure_dispatch (C) gathers; CP__MODE_FP when the vector
 * registers must be saved (never touched otherwise). */
#define CL_SIZE (CP__CL_FRAME + 8)              /* what the entry takes below its caller's */
        .p2align 4
.Lclosure_entry:
        .cfi_startproc
        subq    $CL_SIZE, %rsp                  /* rsp 16-aligned */
        .cfi_adjust_cfa_offset CL_SIZE
        movq    %rdi, CP__IMG_GP+0(%rsp)        /* the integer argument registers, saved */
        movq    %rsi, CP__IMG_GP+8(%rsp)
        movq    %rdx, CP__IMG_GP+16(%rsp)
        movq    %rcx, CP__IMG_GP+24(%rsp)
        movq    %r8, CP__IMG_GP+32(%rsp)
        movq    %r9, CP__IMG_GP+40(%rsp)
        movzbl  CP__SLOT_MODE(%r11), %eax       /* eax = how this slot is entered */
        cmpl    $CP__MODE_DIRECT, %eax
        je      .Ldirect                        /* the common case: no FP, no copies */
        testl   $CP__MODE_WIN64, %eax
        jnz     .Lwin64                         /* a Microsoft x64 caller */
#ifndef CP_NOFLOAT
        testl   $CP__MODE_FP, %eax
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
        testl   $CP__MODE_DIRECT, %eax
        jnz     .Ldirect
        movq    %r11, C_ARG0                    /* arg 0 = slot */
        movq    %rsp, C_ARG1                    /* arg 1 = frame */
        leaq    CP__CL_FRAME+16(%rsp), C_ARG2   /* arg 2 = the caller's stack arguments */
        C_CALL(cp__closure_dispatch)            /* gathers, runs the handler, fills results */
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
.Ldone:
        addq    $CL_SIZE, %rsp
        .cfi_adjust_cfa_offset -CL_SIZE
        ret
        .cfi_adjust_cfa_offset CL_SIZE

.Ldirect:                                       /* r11 = slot */
        movq    %r11, CP__CL_SLOT(%rsp)         /* kept across the handler */
        movzbl  CP__SLOT_PLAN+CP__H_NARGS(%r11), %eax
        leaq    .Ldirect_entries(%rip), %r8
        movslq  (%r8,%rax,4), %rax
        addq    %r8, %rax
        jmp     *%rax                           /* enter at the argument count */
/* args[i] = frame + arg_at[i]: where argument i arrived (rax scratch). */
#define DIRECT_ARG(i)                                                                         \
        movzwl  CP__SLOT_ARG_AT+2*(i)(%r11), %eax;                                            \
        leaq    (%rsp,%rax), %rax;                                                            \
        movq    %rax, CP__CL_ARGS+8*(i)(%rsp);
.Ldirect_16: DIRECT_ARG(15)
.Ldirect_15: DIRECT_ARG(14)
.Ldirect_14: DIRECT_ARG(13)
.Ldirect_13: DIRECT_ARG(12)
.Ldirect_12: DIRECT_ARG(11)
.Ldirect_11: DIRECT_ARG(10)
.Ldirect_10: DIRECT_ARG(9)
.Ldirect_9: DIRECT_ARG(8)
.Ldirect_8: DIRECT_ARG(7)
.Ldirect_7: DIRECT_ARG(6)
.Ldirect_6: DIRECT_ARG(5)
.Ldirect_5: DIRECT_ARG(4)
.Ldirect_4: DIRECT_ARG(3)
.Ldirect_3: DIRECT_ARG(2)
.Ldirect_2: DIRECT_ARG(1)
.Ldirect_1: DIRECT_ARG(0)
.Ldirect_0:
        movq    CP__SLOT_USER(%r11), C_ARG0     /* handler(user_data, ret, args) */
        leaq    CP__CL_RETBUF(%rsp), C_ARG1
        leaq    CP__CL_ARGS(%rsp), C_ARG2
        C_CALL(*CP__SLOT_HANDLER(%r11))
        movq    CP__CL_SLOT(%rsp), %rcx
        movzbl  CP__SLOT_PLAN+CP__H_RESULT(%rcx), %eax /* eax = result shape */
        leaq    .Lshape_table(%rip), %rcx
        movslq  (%rcx,%rax,4), %rax
        addq    %rcx, %rax
        jmp     *%rax
.Lshape_RAX4:
        movl    CP__CL_RETBUF(%rsp), %eax
        addq    $CL_SIZE, %rsp
        .cfi_adjust_cfa_offset -CL_SIZE
        ret
        .cfi_adjust_cfa_offset CL_SIZE
.Lshape_RAX8:
        movq    CP__CL_RETBUF(%rsp), %rax
        addq    $CL_SIZE, %rsp
        .cfi_adjust_cfa_offset -CL_SIZE
        ret
        .cfi_adjust_cfa_offset CL_SIZE
.Lshape_RAX8_RDX8:
        movq    CP__CL_RETBUF(%rsp), %rax
        movq    CP__CL_RETBUF+8(%rsp), %rdx
        addq    $CL_SIZE, %rsp
        .cfi_adjust_cfa_offset -CL_SIZE
        ret
        .cfi_adjust_cfa_offset CL_SIZE
#ifndef CP_NOFLOAT
.Lshape_XMM0_4:
        movd    CP__CL_RETBUF(%rsp), %xmm0
        addq    $CL_SIZE, %rsp
        .cfi_adjust_cfa_offset -CL_SIZE
        ret
        .cfi_adjust_cfa_offset CL_SIZE
.Lshape_XMM0_8:
        movq    CP__CL_RETBUF(%rsp), %xmm0
        addq    $CL_SIZE, %rsp
        .cfi_adjust_cfa_offset -CL_SIZE
        ret
        .cfi_adjust_cfa_offset CL_SIZE
.Lshape_XMM0_8_XMM1_8:
        movq    CP__CL_RETBUF(%rsp), %xmm0
        movq    CP__CL_RETBUF+8(%rsp), %xmm1
        addq    $CL_SIZE, %rsp
        .cfi_adjust_cfa_offset -CL_SIZE
        ret
        .cfi_adjust_cfa_offset CL_SIZE
.Lshape_ST0:
        fldt    CP__CL_RETBUF(%rsp)
        addq    $CL_SIZE, %rsp
        .cfi_adjust_cfa_offset -CL_SIZE
        ret
        .cfi_adjust_cfa_offset CL_SIZE
#endif

/* A Microsoft x64 caller (eax = mode, r11 = slot): the integer registers are saved already
 * (rcx rdx r8 r9 are its arguments; rdi and rsi its callee-saved values, restored from their
 * images at the end), so save xmm6-15, which it also expects back, and xmm0-3 when they carry
 * arguments; the C dispatcher gathers (by-reference arguments included) and runs the handler.
 * The result is RAX or XMM0. In a NOFLOAT core no vector register is ever touched, so the
 * handler must not touch xmm6-15 either (a kernel with the FPU off cannot). */
.Lwin64:
#ifndef CP_NOFLOAT
        movaps  %xmm6, CP__CL_XMM6+0*16(%rsp)   /* the caller's callee-saved vector registers */
        movaps  %xmm7, CP__CL_XMM6+1*16(%rsp)
        movaps  %xmm8, CP__CL_XMM6+2*16(%rsp)
        movaps  %xmm9, CP__CL_XMM6+3*16(%rsp)
        movaps  %xmm10, CP__CL_XMM6+4*16(%rsp)
        movaps  %xmm11, CP__CL_XMM6+5*16(%rsp)
        movaps  %xmm12, CP__CL_XMM6+6*16(%rsp)
        movaps  %xmm13, CP__CL_XMM6+7*16(%rsp)
        movaps  %xmm14, CP__CL_XMM6+8*16(%rsp)
        movaps  %xmm15, CP__CL_XMM6+9*16(%rsp)
        testl   $CP__MODE_FP, %eax
        jz      1f
        movaps  %xmm0, CP__IMG_XMM+0*16(%rsp)   /* the vector argument registers, saved */
        movaps  %xmm1, CP__IMG_XMM+1*16(%rsp)
        movaps  %xmm2, CP__IMG_XMM+2*16(%rsp)
        movaps  %xmm3, CP__IMG_XMM+3*16(%rsp)
1:
#endif
        movq    %r11, C_ARG0                    /* arg 0 = slot */
        movq    %rsp, C_ARG1                    /* arg 1 = frame */
        leaq    CP__CL_FRAME+16(%rsp), C_ARG2   /* arg 2 = the caller's stack arguments */
        C_CALL(cp__closure_dispatch)            /* gathers, runs the handler, fills results */
        movq    CP__CL_RES_RAX(%rsp), %rax      /* rax = integer result (or the sret buffer) */
#ifndef CP_NOFLOAT
        cmpl    $0, CP__CL_RES_FP(%rsp)
        je      2f
        movaps  CP__CL_RES_XMM0(%rsp), %xmm0    /* xmm0 = vector result */
2:      movaps  CP__CL_XMM6+0*16(%rsp), %xmm6   /* the caller's xmm6-15 back */
        movaps  CP__CL_XMM6+1*16(%rsp), %xmm7
        movaps  CP__CL_XMM6+2*16(%rsp), %xmm8
        movaps  CP__CL_XMM6+3*16(%rsp), %xmm9
        movaps  CP__CL_XMM6+4*16(%rsp), %xmm10
        movaps  CP__CL_XMM6+5*16(%rsp), %xmm11
        movaps  CP__CL_XMM6+6*16(%rsp), %xmm12
        movaps  CP__CL_XMM6+7*16(%rsp), %xmm13
        movaps  CP__CL_XMM6+8*16(%rsp), %xmm14
        movaps  CP__CL_XMM6+9*16(%rsp), %xmm15
#endif
        movq    CP__IMG_GP+0(%rsp), %rdi        /* and its rdi, rsi */
        movq    CP__IMG_GP+8(%rsp), %rsi
        addq    $CL_SIZE, %rsp
        .cfi_adjust_cfa_offset -CL_SIZE
        ret
        .cfi_adjust_cfa_offset CL_SIZE
        .cfi_endproc

        CP__RODATA
        .p2align 2
/* Direct-path entry points, indexed by argument count (CP_CLOSURE_MAX_ARGS = 16). */
.Ldirect_entries:
        .long   .Ldirect_0 - .Ldirect_entries, .Ldirect_1 - .Ldirect_entries
        .long   .Ldirect_2 - .Ldirect_entries, .Ldirect_3 - .Ldirect_entries
        .long   .Ldirect_4 - .Ldirect_entries, .Ldirect_5 - .Ldirect_entries
        .long   .Ldirect_6 - .Ldirect_entries, .Ldirect_7 - .Ldirect_entries
        .long   .Ldirect_8 - .Ldirect_entries, .Ldirect_9 - .Ldirect_entries
        .long   .Ldirect_10 - .Ldirect_entries, .Ldirect_11 - .Ldirect_entries
        .long   .Ldirect_12 - .Ldirect_entries, .Ldirect_13 - .Ldirect_entries
        .long   .Ldirect_14 - .Ldirect_entries, .Ldirect_15 - .Ldirect_entries
        .long   .Ldirect_16 - .Ldirect_entries

/* Direct-path results, indexed by the plan's result shape (arch.h CP__RES_*); CP__RES_MOVES
 * never takes the direct path. */
.Lshape_table:
        .long   .Ldone - .Lshape_table          /* CP__RES_MOVES: not reached */
        .long   .Ldone - .Lshape_table          /* CP__RES_NONE */
        .long   .Lshape_RAX4 - .Lshape_table
        .long   .Lshape_RAX8 - .Lshape_table
        .long   .Lshape_RAX8_RDX8 - .Lshape_table
#ifdef CP_NOFLOAT
        .long   .Ldone - .Lshape_table, .Ldone - .Lshape_table, .Ldone - .Lshape_table
        .long   .Ldone - .Lshape_table
#else
        .long   .Lshape_XMM0_4 - .Lshape_table
        .long   .Lshape_XMM0_8 - .Lshape_table
        .long   .Lshape_XMM0_8_XMM1_8 - .Lshape_table
        .long   .Lshape_ST0 - .Lshape_table
#endif
#if CP__RES_MOVES != 0 || CP__RES_NONE != 1 || CP__RES_RAX4 != 2 || CP__RES_RAX8 != 3 || \
    CP__RES_RAX8_RDX8 != 4 || CP__RES_XMM0_4 != 5 || CP__RES_XMM0_8 != 6 || \
    CP__RES_XMM0_8_XMM1_8 != 7 || CP__RES_ST0 != 8 || CP__RES_COUNT != 9
#error "the shape table above must follow CP__RES_* in arch.h"
#endif

#ifdef __ELF__
        .section .note.GNU-stack, "", @progbits
#endif
