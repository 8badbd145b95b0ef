/* The x86-64 move interpreter: runs a plan's moves into a frame on the stack, loads the
 * argument registers from their images, calls, and stores the result.
 *
 * Frame, from the 16-aligned RSP after reservation (arch.h):
 *   [rsp +   0, +48)   GP images    rdi rsi rdx rcx r8 r9
 *   [rsp +  48, +176)  XMM images   xmm0..xmm7, 16 bytes each
 *   [rsp + 176, ...)   stack arguments; the images are dropped before the call, so this is
 *                      [rsp + 0] at the call instruction, 16-aligned as the psABI wants.
 * Nothing is ever stored below RSP (kernels run with -mno-red-zone). */

#include "arch.h"


        .text

/* void cp_call(const cp_plan *plan, void (*fn)(void), void *ret, void *const *args);
 * In:   rdi = plan, rsi = target, rdx = return buffer, rcx = argument pointer array
 * Out:  the return value stored at ret as the plan's return moves say (or by the callee: sret)
 * Keeps: rbx rbp r12-r15 (rbx r12-r14 hold plan/ret/target/args across the call)
 * Uses: rax rcx rdx rsi rdi r8-r11 as scratch; xmm0-7 and the x87 stack only when the plan has
 *       CP_PLAN_USES_FP (and never in a CP_NOFLOAT build). DF is clear (psABI), so rep movsb
 *       copies upwards. */
        .globl  cp_call
#ifdef __ELF__
        .type   cp_call, @function
#endif
        .p2align 4
cp_call:
        .cfi_startproc
        pushq   %rbp
        .cfi_def_cfa_offset 16
        .cfi_offset %rbp, -16
        movq    %rsp, %rbp                      /* rbp = our frame pointer (CFA - 16) */
        .cfi_def_cfa_register %rbp
        pushq   %rbx
        .cfi_offset %rbx, -24
        pushq   %r12
        .cfi_offset %r12, -32
        pushq   %r13
        .cfi_offset %r13, -40
        pushq   %r14
        .cfi_offset %r14, -48
        movq    %rdi, %rbx                      /* rbx = plan */
        movq    %rdx, %r12                      /* r12 = return buffer */
        movq    %rsi, %r13                      /* r13 = target */
        movq    %rcx, %r14                      /* r14 = args[] */

        movzwl  CP__H_FRAME(%rbx), %eax         /* eax = frame bytes: images + stack area */
        subq    %rax, %rsp
        andq    $-16, %rsp                      /* rsp = frame base, 16-aligned */

        testl   $CP__PF_SRET, CP__H_FLAGS(%rbx)
        jz      1f
        movq    %r12, CP__IMG_GP(%rsp)          /* sret: the buffer is the hidden first arg */
1:
        movzbl  CP__H_NARGS(%rbx), %eax         /* eax = nargs */
        leaq    CP__PLAN_HDR+7(%rbx,%rax,2), %r8
        andq    $-8, %r8                        /* r8 = first move (past the padded sizes) */
        movzwl  CP__H_NMOVES(%rbx), %r9d
        leaq    (%r8,%r9,CP__MOVE_BYTES), %r9   /* r9 = end of the moves */
        leaq    .Lmove_table(%rip), %r10        /* r10 = move handler table */
        cmpq    %r9, %r8
        jae     .Lmoves_done

.Lnext_move:
        movzbl  CP__M_ARG(%r8), %eax            /* eax = argument index */
        movq    (%r14,%rax,8), %rsi             /* rsi = &argument value */
        movzwl  CP__M_SRC(%r8), %eax
        addq    %rax, %rsi                      /* rsi = first byte to move */
        movzwl  CP__M_DST(%r8), %edi
        addq    %rsp, %rdi                      /* rdi = frame destination */
        movzbl  CP__M_OP(%r8), %eax             /* eax = op */
        movslq  (%r10,%rax,4), %rax             /* rax = handler offset in the table */
        addq    %r10, %rax                      /* rax = handler */
        addq    $CP__MOVE_BYTES, %r8            /* r8 = next move (handlers see this one at -8) */
        jmp     *%rax

.Lop_LD8:
        movq    (%rsi), %rax                    /* rax = 8 bytes as they are */
        jmp     .Lstore8
.Lop_LD4S:
        movslq  (%rsi), %rax                    /* rax = int32 sign-extended */
        jmp     .Lstore8
.Lop_LD4Z:
        movl    (%rsi), %eax                    /* rax = 4 bytes zero-extended */
        jmp     .Lstore8
.Lop_LD2S:
        movswq  (%rsi), %rax                    /* rax = int16 sign-extended */
        jmp     .Lstore8
.Lop_LD2Z:
        movzwl  (%rsi), %eax                    /* rax = 2 bytes zero-extended */
        jmp     .Lstore8
.Lop_LD1S:
        movsbq  (%rsi), %rax                    /* rax = int8 sign-extended */
        jmp     .Lstore8
.Lop_LD1Z:
        movzbl  (%rsi), %eax                    /* rax = 1 byte zero-extended */
.Lstore8:
        movq    %rax, (%rdi)                    /* the whole 8-byte slot */
        cmpq    %r9, %r8
        jb      .Lnext_move
        jmp     .Lmoves_done
.Lop_COPY:
        movzwl  CP__M_LEN-CP__MOVE_BYTES(%r8), %ecx /* rcx = len */
        rep movsb                               /* frame[dst..+len] = arg[src..+len] */
        cmpq    %r9, %r8
        jb      .Lnext_move

.Lmoves_done:
        movq    CP__IMG_GP+0(%rsp), %rdi        /* integer argument registers from their images */
        movq    CP__IMG_GP+8(%rsp), %rsi
        movq    CP__IMG_GP+16(%rsp), %rdx
        movq    CP__IMG_GP+24(%rsp), %rcx
        movq    CP__IMG_GP+32(%rsp), %r8
        movq    CP__IMG_GP+40(%rsp), %r9
#ifndef CP_NOFLOAT
        testl   $CP__PF_USES_FP, CP__H_FLAGS(%rbx)
        jz      2f
        movaps  CP__IMG_XMM+0*16(%rsp), %xmm0   /* vector argument registers, 16 bytes each */
        movaps  CP__IMG_XMM+1*16(%rsp), %xmm1
        movaps  CP__IMG_XMM+2*16(%rsp), %xmm2
        movaps  CP__IMG_XMM+3*16(%rsp), %xmm3
        movaps  CP__IMG_XMM+4*16(%rsp), %xmm4
        movaps  CP__IMG_XMM+5*16(%rsp), %xmm5
        movaps  CP__IMG_XMM+6*16(%rsp), %xmm6
        movaps  CP__IMG_XMM+7*16(%rsp), %xmm7
2:
#endif
        movzbl  CP__H_NSSE(%rbx), %eax          /* al = vector registers used (for "...") */
        addq    $CP__IMG_BYTES, %rsp            /* rsp = first stack argument, 16-aligned */
        call    *%r13

        subq    $16, %rsp                       /* [rsp] = 16 scratch bytes for one register */
        leaq    CP__H_RET0(%rbx), %r8           /* r8 = current return move */
        leaq    .Lret_table(%rip), %r10         /* r10 = return handler table */
.Lret_next:
        movzbl  CP__RM_REG(%r8), %ecx           /* ecx = register code */
        movslq  (%r10,%rcx,4), %rcx
        addq    %r10, %rcx                      /* rcx = handler */
        jmp     *%rcx
.Lret_RAX:
        movq    %rax, (%rsp)
        jmp     .Lret_copy
.Lret_RDX:
        movq    %rdx, (%rsp)
        jmp     .Lret_copy
#ifndef CP_NOFLOAT
.Lret_XMM0:
        movaps  %xmm0, (%rsp)                   /* all 16 bytes: a __float128 uses them */
        jmp     .Lret_copy
.Lret_XMM1:
        movaps  %xmm1, (%rsp)
        jmp     .Lret_copy
.Lret_ST0:
        movzbl  CP__RM_DST(%r8), %edi
        addq    %r12, %rdi                      /* rdi = ret + dst */
        fstpt   (%rdi)                          /* pop ST0: 10 bytes; ST1 (if any) moves up */
        movw    $0, 10(%rdi)                    /* zero the 6 bytes of padding */
        movl    $0, 12(%rdi)
        jmp     .Lret_step
#endif
.Lret_copy:
        movq    %rsp, %rsi                      /* rsi = the register's bytes */
        movzbl  CP__RM_DST(%r8), %edi
        addq    %r12, %rdi                      /* rdi = ret + dst */
        movzbl  CP__RM_LEN(%r8), %ecx           /* rcx = len: exactly the value's bytes */
        rep movsb
.Lret_step:
        addq    $4, %r8                         /* r8 = next return move */
        leaq    CP__H_RET1(%rbx), %rcx
        cmpq    %rcx, %r8
        jbe     .Lret_next
.Lret_NONE:
        leaq    -32(%rbp), %rsp                 /* rsp = the saved registers */
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbx
        popq    %rbp
        .cfi_def_cfa %rsp, 8
        ret
        .cfi_endproc
#ifdef __ELF__
        .size   cp_call, .-cp_call
#endif

        .section .rodata
        .p2align 2
/* Move handlers, in the order of CP__MOVES (plan_format.h), as offsets from the table. */
.Lmove_table:
#define CP__MOVE_ENTRY(name, rd, wr, doc) .long .Lop_##name - .Lmove_table;
        CP__MOVES(CP__MOVE_ENTRY)
#undef CP__MOVE_ENTRY

/* Return handlers, indexed by CP__RET_* (arch.h). */
.Lret_table:
        .long   .Lret_NONE - .Lret_table        /* CP__RET_NONE */
        .long   .Lret_RAX - .Lret_table         /* CP__RET_RAX */
        .long   .Lret_RDX - .Lret_table         /* CP__RET_RDX */
#ifdef CP_NOFLOAT
        .long   .Lret_NONE - .Lret_table        /* CP__RET_XMM0: never in a checked NOFLOAT plan */
        .long   .Lret_NONE - .Lret_table        /* CP__RET_XMM1 */
        .long   .Lret_NONE - .Lret_table        /* CP__RET_ST0 */
#else
        .long   .Lret_XMM0 - .Lret_table        /* CP__RET_XMM0 */
        .long   .Lret_XMM1 - .Lret_table        /* CP__RET_XMM1 */
        .long   .Lret_ST0 - .Lret_table         /* CP__RET_ST0 */
#endif
#if CP__RET_NONE != 0 || CP__RET_RAX != 1 || CP__RET_RDX != 2 || CP__RET_XMM0 != 3 || \
    CP__RET_XMM1 != 4 || CP__RET_ST0 != 5 || CP__RET_COUNT != 6
#error "the return table above must follow CP__RET_* in arch.h"
#endif

#ifdef __ELF__
        .section .note.GNU-stack, "", @progbits
#endif
