/* cp_call for x86-64 System V: a dispatcher and the executors it picks from (arch.h CP__EXEC_*,
 * chosen per plan by exec.c and re-checked by cp_plan_check):
 *
 *   GP       straight-line loads of 0-6 same-width integer arguments, one stub per
 *            (width, result) pair, entered at the argument count
 *   W64GP    the same for Microsoft x64 plans: 0-4 arguments in rcx rdx r8 r9, shadow space
 *   SPILL    7-16 same-width integer arguments: pushes the stack ones, then loads registers
 *   REGS     register-only plans: each register loaded straight from its move
 *   GENERAL  the move interpreter: moves copy argument bytes into a frame of register images
 *            and stack slots; the registers are loaded from their images, the images dropped,
 *            and the stack arguments then start at RSP.
 *
 * General frame, from the 16-aligned RSP after reservation (arch.h):
 *   [rsp +   0, +48)   GP images    rdi rsi rdx rcx r8 r9
 *   [rsp +  48, +176)  XMM images   xmm0..xmm7, 16 bytes each
 *   [rsp + 176, ...)   stack arguments ([rsp + 0] at the call instruction)
 * Nothing is ever stored below RSP (kernels run with -mno-red-zone). DF is clear (psABI), so
 * rep movsb copies upwards. */

#include "arch.h"

        .text

/* void cp_call(const cp_plan *plan, void (*fn)(void), void *ret, void *const *args);
 * In:   rdi = plan, rsi = target, rdx = return buffer, rcx = argument pointer array
 * Out:  the return value stored at ret as the plan's return moves say (or by the callee: sret)
 * Keeps: rbx rbp r12-r15 (pushed and restored by the executors that use rbx and rbp)
 * Uses: rax rcx rdx rsi rdi r8-r11 as scratch; xmm0-7 and the x87 stack only when the plan has
 *       CP_PLAN_USES_FP, and never in a CP_NOFLOAT build.
 * Every executor starts with: [rsp] = return buffer, rsp 16-aligned, rdi = plan, r10 = args,
 * r11 = target. */
        .globl  cp_call
#ifdef __ELF__
        .type   cp_call, @function
#endif
        .p2align 4
cp_call:
        .cfi_startproc
        pushq   %rdx                            /* [rsp] = return buffer; rsp 16-aligned now */
        .cfi_adjust_cfa_offset 8
        movq    %rsi, %r11                      /* r11 = target */
        movq    %rcx, %r10                      /* r10 = args[] */
        movzbl  CP__H_EXEC(%rdi), %eax          /* eax = executor */
        leaq    .Lexec_table(%rip), %rcx
        movslq  (%rcx,%rax,4), %rax
        addq    %rcx, %rax                      /* rax = executor entry */
        jmp     *%rax

/* ---- GP: 0-6 integer arguments of one width, straight into their registers -------------------
 * Entered at .Lgp_<width><result>_<n>: loads argument n-1 down to argument 0 (the loads use
 * only rax as scratch, so the order is free), calls, stores the result. */
#define GP_LOAD8(k, reg64, reg32) movq 8*k(%r10), %rax; movq (%rax), reg64;
#define GP_LOAD4(k, reg64, reg32) movq 8*k(%r10), %rax; movl (%rax), reg32;
#define GP_FAMILY(name, LOAD, STORE)                                                          \
.Lgp_##name##_6: LOAD(5, %r9, %r9d)                                                           \
.Lgp_##name##_5: LOAD(4, %r8, %r8d)                                                           \
.Lgp_##name##_4: LOAD(3, %rcx, %ecx)                                                          \
.Lgp_##name##_3: LOAD(2, %rdx, %edx)                                                          \
.Lgp_##name##_2: LOAD(1, %rsi, %esi)                                                          \
.Lgp_##name##_1: LOAD(0, %rdi, %edi)                                                          \
.Lgp_##name##_0: call *%r11;                                                                  \
        popq %rdx;                                                                            \
        .cfi_adjust_cfa_offset -8;                                                            \
        STORE;                                                                                \
        ret;                                                                                  \
        .cfi_adjust_cfa_offset 8;
/* rdx = return buffer; rax = the result */
#define GP_STORE_NONE
#define GP_STORE4 movl %eax, (%rdx)
#define GP_STORE8 movq %rax, (%rdx)

        GP_FAMILY(w8r0, GP_LOAD8, GP_STORE_NONE)
        GP_FAMILY(w8r4, GP_LOAD8, GP_STORE4)
        GP_FAMILY(w8r8, GP_LOAD8, GP_STORE8)
        GP_FAMILY(w4r0, GP_LOAD4, GP_STORE_NONE)
        GP_FAMILY(w4r4, GP_LOAD4, GP_STORE4)
        GP_FAMILY(w4r8, GP_LOAD4, GP_STORE8)

/* ---- W64GP: Microsoft x64, 0-4 integer arguments of one width ---------------------------------
 * The GP stubs for the other convention: rcx rdx r8 r9, and the 32 bytes of shadow space the
 * callee owns above its return address (rsp stays 16-aligned: 32 is a multiple of 16). */
#define W64GP_FAMILY(name, LOAD, STORE)                                                       \
.Lw64gp_##name##_4: LOAD(3, %r9, %r9d)                                                        \
.Lw64gp_##name##_3: LOAD(2, %r8, %r8d)                                                        \
.Lw64gp_##name##_2: LOAD(1, %rdx, %edx)                                                       \
.Lw64gp_##name##_1: LOAD(0, %rcx, %ecx)                                                       \
.Lw64gp_##name##_0: subq $32, %rsp;                                                           \
        .cfi_adjust_cfa_offset 32;                                                            \
        call *%r11;                                                                           \
        addq $32, %rsp;                                                                       \
        .cfi_adjust_cfa_offset -32;                                                           \
        popq %rdx;                                                                            \
        .cfi_adjust_cfa_offset -8;                                                            \
        STORE;                                                                                \
        ret;                                                                                  \
        .cfi_adjust_cfa_offset 8;

        W64GP_FAMILY(w8r0, GP_LOAD8, GP_STORE_NONE)
        W64GP_FAMILY(w8r4, GP_LOAD8, GP_STORE4)
        W64GP_FAMILY(w8r8, GP_LOAD8, GP_STORE8)
        W64GP_FAMILY(w4r0, GP_LOAD4, GP_STORE_NONE)
        W64GP_FAMILY(w4r4, GP_LOAD4, GP_STORE4)
        W64GP_FAMILY(w4r8, GP_LOAD4, GP_STORE8)

/* ---- SPILL: 7-16 integer arguments of one width ----------------------------------------------
 * Frame: rbp; [rbp - 8] = plan. Stack arguments are pushed from the last to argument 6, after
 * one pad slot when their count is odd, so RSP is 16-aligned at the call and argument 6 is at
 * [rsp]. Registers are then loaded as in GP, and the result stored as the plan says. */
#define SPILL_PUSH8(k) movq 8*k(%r10), %rax; pushq (%rax);
#define SPILL_PUSH4(k) movq 8*k(%r10), %rax; movl (%rax), %eax; pushq %rax;
#define SPILL_FAMILY(name, PUSH, LOAD)                                                        \
.Lspill_##name:                                                                               \
        pushq %rbp;                                                                           \
        .cfi_adjust_cfa_offset 8;                                                             \
        .cfi_rel_offset %rbp, 0;                                                              \
        movq %rsp, %rbp;                                                                      \
        .cfi_def_cfa_register %rbp;                                                           \
        pushq %rdi;                                                                           \
        movzbl CP__H_NARGS(%rdi), %eax;                                                       \
        testb $1, %al;                                                                        \
        jz 1f;                                                                                \
        pushq $0;                                                                             \
1:      leaq .Lspill_##name##_entries(%rip), %rcx;                                            \
        movslq -4*7(%rcx,%rax,4), %rax;                                                       \
        addq %rcx, %rax;                                                                      \
        jmp *%rax;                                                                            \
.Lspill_##name##_16: PUSH(15)                                                                 \
.Lspill_##name##_15: PUSH(14)                                                                 \
.Lspill_##name##_14: PUSH(13)                                                                 \
.Lspill_##name##_13: PUSH(12)                                                                 \
.Lspill_##name##_12: PUSH(11)                                                                 \
.Lspill_##name##_11: PUSH(10)                                                                 \
.Lspill_##name##_10: PUSH(9)                                                                  \
.Lspill_##name##_9: PUSH(8)                                                                   \
.Lspill_##name##_8: PUSH(7)                                                                   \
.Lspill_##name##_7: PUSH(6)                                                                   \
        LOAD(5, %r9, %r9d) LOAD(4, %r8, %r8d) LOAD(3, %rcx, %ecx)                             \
        LOAD(2, %rdx, %edx) LOAD(1, %rsi, %esi) LOAD(0, %rdi, %edi)                           \
        call *%r11;                                                                           \
        movq -8(%rbp), %rdi;                                                                  \
        movq %rbp, %rsp;                                                                      \
        popq %rbp;                                                                            \
        .cfi_def_cfa %rsp, 16;                                                                \
        .cfi_restore %rbp;                                                                    \
        jmp .Lresult;

        SPILL_FAMILY(w8, SPILL_PUSH8, GP_LOAD8)
        SPILL_FAMILY(w4, SPILL_PUSH4, GP_LOAD4)

/* ---- REGS: register-only plans ------------------------------------------------------------
 * Moves are sorted by frame offset: moves [0, nsse) fill xmm0.. in order, then [nsse, nsse+ngp)
 * fill rdi... Each register: rax = &argument, the source offset in a scratch register, then one
 * 8-byte or 4-byte load (4-byte: int/unsigned, float, struct tails: the bits above are garbage
 * to the callee). Entered at the vector register count with rdi = plan: the vector registers
 * go first, while every GP register is still scratch and the moves sit at a fixed offset. */
#define REGS_AT(k, field, base) (CP__MOVE_BYTES*(k)+(field))(base)
#define REGS_SSE(k, xmm)                                                                      \
        movzbl REGS_AT(k, CP__PLAN_HDR+CP__M_ARG, %rdi), %eax;                                \
        movq (%r10,%rax,8), %rax;                                                             \
        movzwl REGS_AT(k, CP__PLAN_HDR+CP__M_SRC, %rdi), %ecx;                                \
        cmpb $CP__OP_LD8_NUM, REGS_AT(k, CP__PLAN_HDR+CP__M_OP, %rdi);                        \
        jne 1f;                                                                               \
        movq (%rax,%rcx), xmm;                                                                \
        jmp 2f;                                                                               \
1:      movd (%rax,%rcx), xmm;                                                                \
2:
#define REGS_GP(k, reg64, reg32)                                                              \
        movzbl REGS_AT(k, CP__M_ARG, %r11), %eax;                                             \
        movq (%r10,%rax,8), %rax;                                                             \
        movzwl REGS_AT(k, CP__M_SRC, %r11), reg32;                                            \
        cmpb $CP__OP_LD8_NUM, REGS_AT(k, CP__M_OP, %r11);                                     \
        jne 1f;                                                                               \
        movq (%rax,reg64), reg64;                                                             \
        jmp 2f;                                                                               \
1:      movl (%rax,reg64), reg32;                                                             \
2:

/* REGS8: every move loads 8 bytes, so no width test. */
#define REGS8_SSE(k, xmm)                                                                     \
        movzbl REGS_AT(k, CP__PLAN_HDR+CP__M_ARG, %rdi), %eax;                                \
        movq (%r10,%rax,8), %rax;                                                             \
        movzwl REGS_AT(k, CP__PLAN_HDR+CP__M_SRC, %rdi), %ecx;                                \
        movq (%rax,%rcx), xmm;
#define REGS8_GP(k, reg64, reg32)                                                             \
        movzbl REGS_AT(k, CP__M_ARG, %r11), %eax;                                             \
        movq (%r10,%rax,8), %rax;                                                             \
        movzwl REGS_AT(k, CP__M_SRC, %r11), reg32;                                            \
        movq (%rax,reg64), reg64;

/* The vector part of an executor: entered at .L<name>_sse_<nsse>. */
#ifdef CP_NOFLOAT
#define REGS_SSE_PART(name, LOAD)
#else
#define REGS_SSE_PART(name, LOAD)                                                             \
.L##name##_sse_8: LOAD(7, %xmm7)                                                              \
.L##name##_sse_7: LOAD(6, %xmm6)                                                              \
.L##name##_sse_6: LOAD(5, %xmm5)                                                              \
.L##name##_sse_5: LOAD(4, %xmm4)                                                              \
.L##name##_sse_4: LOAD(3, %xmm3)                                                              \
.L##name##_sse_3: LOAD(2, %xmm2)                                                              \
.L##name##_sse_2: LOAD(1, %xmm1)                                                              \
.L##name##_sse_1: LOAD(0, %xmm0)
#endif

/* A register-only executor: vector part, then the GP part entered at the GP count, the call
 * (AL = vector count), and the result. [rsp + 8] = plan and [rsp] = target during the GP part,
 * where r11 walks the GP moves. */
#define REGS_EXECUTOR(name, LOAD_SSE, LOAD_GP)                                                \
        .cfi_def_cfa %rsp, 16;                                                                \
        REGS_SSE_PART(name, LOAD_SSE)                                                         \
.L##name##_sse_0:                                                                             \
        pushq %rdi;                                                                           \
        .cfi_adjust_cfa_offset 8;                                                             \
        pushq %r11;                                                                           \
        .cfi_adjust_cfa_offset 8;                                                             \
        movzbl CP__H_NSSE(%rdi), %eax;                                                        \
        leaq CP__PLAN_HDR(%rdi,%rax,CP__MOVE_BYTES), %r11;                                    \
        movzbl CP__H_NGP(%rdi), %eax;                                                         \
        leaq .L##name##_gp_entries(%rip), %rcx;                                               \
        movslq (%rcx,%rax,4), %rax;                                                           \
        addq %rcx, %rax;                                                                      \
        jmp *%rax;                                                                            \
.L##name##_gp_6: LOAD_GP(5, %r9, %r9d)                                                        \
.L##name##_gp_5: LOAD_GP(4, %r8, %r8d)                                                        \
.L##name##_gp_4: LOAD_GP(3, %rcx, %ecx)                                                       \
.L##name##_gp_3: LOAD_GP(2, %rdx, %edx)                                                       \
.L##name##_gp_2: LOAD_GP(1, %rsi, %esi)                                                       \
.L##name##_gp_1: LOAD_GP(0, %rdi, %edi)                                                       \
.L##name##_gp_0:                                                                              \
        movq 8(%rsp), %rax;                                                                   \
        movzbl CP__H_NSSE(%rax), %eax;                                                        \
        call *(%rsp);                                                                         \
        movq 8(%rsp), %rdi;                                                                   \
        addq $16, %rsp;                                                                       \
        .cfi_adjust_cfa_offset -16;                                                           \
        jmp .Lresult;

        REGS_EXECUTOR(regs, REGS_SSE, REGS_GP)
        REGS_EXECUTOR(regs8, REGS8_SSE, REGS8_GP)

/* ---- GENERAL: the move interpreter --------------------------------------------------------- */
.Lgeneral:
        .cfi_def_cfa %rsp, 16
        pushq   %rbp
        .cfi_adjust_cfa_offset 8
        .cfi_rel_offset %rbp, 0
        movq    %rsp, %rbp                      /* rbp = frame; [rbp + 8] = return buffer */
        .cfi_def_cfa_register %rbp
        pushq   %rbx                            /* rbx = plan across the call */
        .cfi_offset %rbx, -32
        movq    %rdi, %rbx
        movzwl  CP__H_FRAME(%rbx), %eax         /* eax = frame bytes: images + stack area */
        subq    %rax, %rsp
        andq    $-16, %rsp                      /* rsp = frame base, 16-aligned */

        testl   $CP__PF_SRET, CP__H_FLAGS(%rbx)
        jz      1f
        movq    8(%rbp), %rax                   /* sret: the buffer is the hidden first arg, */
        movq    %rax, CP__IMG_GP(%rsp)          /* in rdi (System V) */
        movq    %rax, CP__IMG_GP+24(%rsp)       /* and rcx (Microsoft x64; a System V plan's
                                                   moves overwrite it when it carries an arg) */
1:
        leaq    CP__PLAN_HDR(%rbx), %r8         /* r8 = first move */
        movzwl  CP__H_NMOVES(%rbx), %r9d
        leaq    (%r8,%r9,CP__MOVE_BYTES), %r9   /* r9 = end of the moves */
        leaq    .Lmove_table(%rip), %rdx        /* rdx = move handler table */
        cmpq    %r9, %r8
        jae     .Lmoves_done

.Lnext_move:
        movzbl  CP__M_ARG(%r8), %eax            /* eax = argument index */
        movq    (%r10,%rax,8), %rsi             /* rsi = &argument value */
        movzwl  CP__M_SRC(%r8), %eax
        addq    %rax, %rsi                      /* rsi = first byte to move */
        movzwl  CP__M_DST(%r8), %edi
        addq    %rsp, %rdi                      /* rdi = frame destination */
        movzbl  CP__M_OP(%r8), %eax             /* eax = op */
        movslq  (%rdx,%rax,4), %rax             /* rax = handler offset in the table */
        addq    %rdx, %rax                      /* rax = handler */
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
        cmpl    $8, %ecx
        jb      2f
1:      movq    (%rsi), %rax                    /* whole eightbytes first */
        movq    %rax, (%rdi)
        addq    $8, %rsi
        addq    $8, %rdi
        subl    $8, %ecx
        cmpl    $8, %ecx
        jae     1b
2:      rep movsb                               /* then the 0-7 bytes left */
        cmpq    %r9, %r8
        jb      .Lnext_move
        jmp     .Lmoves_done
.Lop_ADDR:
        movzwl  CP__M_SRC-CP__MOVE_BYTES(%r8), %eax /* eax = the frame offset of the copy */
        addq    %rsp, %rax                      /* rax = the copy's address */
        jmp     .Lstore8

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
        call    *%r11
        movq    %rbx, %rdi                      /* rdi = plan, for the result */
        movq    -8(%rbp), %rbx
        .cfi_restore %rbx
        movq    %rbp, %rsp
        popq    %rbp                            /* [rsp] = return buffer again */
        .cfi_def_cfa %rsp, 16
        .cfi_restore %rbp

/* ---- the result ---------------------------------------------------------------------------
 * In: rdi = plan, [rsp] = return buffer; rax rdx xmm0 xmm1 st0 as the callee left them.
 * Common shapes (the plan's result byte) are stored directly; CP__RES_MOVES runs the return
 * moves: rsi = the move, r8 = destination offset, rcx = length. Lengths 8 and 4 (and 16 for
 * XMM) are stored directly, other lengths byte by byte from the register's value. */
.Lresult:
        popq    %r9                             /* r9 = return buffer */
        .cfi_adjust_cfa_offset -8
        movzbl  CP__H_RESULT(%rdi), %ecx        /* ecx = result shape */
        leaq    .Lresult_table(%rip), %r11
        movslq  (%r11,%rcx,4), %rcx
        addq    %r11, %rcx
        jmp     *%rcx
.Lres_RAX4:
        movl    %eax, (%r9)
        ret
.Lres_RAX8:
        movq    %rax, (%r9)
        ret
.Lres_RAX8_RDX8:
        movq    %rax, (%r9)
        movq    %rdx, 8(%r9)
        ret
#ifndef CP_NOFLOAT
.Lres_XMM0_4:
        movd    %xmm0, (%r9)
        ret
.Lres_XMM0_8:
        movq    %xmm0, (%r9)
        ret
.Lres_XMM0_8_XMM1_8:
        movq    %xmm0, (%r9)
        movq    %xmm1, 8(%r9)
        ret
#endif
#ifndef CP_NOFLOAT
.Lres_ST0:
        fstpt   (%r9)                           /* pop ST0: 10 bytes */
        movw    $0, 10(%r9)                     /* and 6 zero bytes of padding */
        movl    $0, 12(%r9)
        ret
#endif
.Lres_MOVES:
        leaq    CP__H_RET0(%rdi), %rsi          /* rsi = first return move */
.Lresult_move:
        movzbl  CP__RM_DST(%rsi), %r8d
        movzbl  CP__RM_LEN(%rsi), %ecx
        movzbl  CP__RM_REG(%rsi), %r10d
        leaq    .Lret_table(%rip), %r11
        movslq  (%r11,%r10,4), %r10
        addq    %r11, %r10
        jmp     *%r10
.Lret_RDX:
        movq    %rdx, %rax                      /* RDX's bytes go out through rax */
.Lret_RAX:
        cmpl    $8, %ecx
        jne     1f
        movq    %rax, (%r9,%r8)
        jmp     .Lresult_next
1:      cmpl    $4, %ecx
        jne     .Lret_bytes
        movl    %eax, (%r9,%r8)
        jmp     .Lresult_next
.Lret_bytes:                                    /* rax = value, rcx = len (1-8), low byte first */
        movb    %al, (%r9,%r8)
        shrq    $8, %rax
        incl    %r8d
        decl    %ecx
        jnz     .Lret_bytes
        jmp     .Lresult_next
#ifndef CP_NOFLOAT
.Lret_XMM1:
        movaps  %xmm1, %xmm0                    /* XMM1's bytes go out through xmm0 */
.Lret_XMM0:
        cmpl    $8, %ecx
        jne     1f
        movq    %xmm0, (%r9,%r8)
        jmp     .Lresult_next
1:      cmpl    $4, %ecx
        jne     2f
        movd    %xmm0, (%r9,%r8)
        jmp     .Lresult_next
2:      cmpl    $16, %ecx
        jne     3f
        movdqu  %xmm0, (%r9,%r8)                /* a whole __float128 */
        jmp     .Lresult_next
3:      movq    %xmm0, %rax                     /* other lengths (< 8): byte by byte */
        jmp     .Lret_bytes
.Lret_ST0:
        fstpt   (%r9,%r8)                       /* pop ST0: 10 bytes; ST1 (if any) moves up */
        movw    $0, 10(%r9,%r8)                 /* zero the 6 bytes of padding */
        movl    $0, 12(%r9,%r8)
#endif
.Lresult_next:
        addq    $4, %rsi                        /* rsi = next return move */
        leaq    CP__H_RET1(%rdi), %rcx
        cmpq    %rcx, %rsi
        jbe     .Lresult_move
.Lret_NONE:
.Lres_NONE:
        ret
        .cfi_endproc
#ifdef __ELF__
        .size   cp_call, .-cp_call
#endif

        CP__RODATA
        .p2align 2
/* Executors, indexed by the plan's exec byte (arch.h CP__EXEC_*). */
#define GP_ENTRIES(name) .long .Lgp_##name##_0 - .Lexec_table, .Lgp_##name##_1 - .Lexec_table, \
        .Lgp_##name##_2 - .Lexec_table, .Lgp_##name##_3 - .Lexec_table,                      \
        .Lgp_##name##_4 - .Lexec_table, .Lgp_##name##_5 - .Lexec_table,                      \
        .Lgp_##name##_6 - .Lexec_table
#define W64GP_ENTRIES(name) .long .Lw64gp_##name##_0 - .Lexec_table,                       \
        .Lw64gp_##name##_1 - .Lexec_table, .Lw64gp_##name##_2 - .Lexec_table,                \
        .Lw64gp_##name##_3 - .Lexec_table, .Lw64gp_##name##_4 - .Lexec_table
#define SPILL_ENTRIES(name) .rept CP__SPILL_COUNTS; .long .Lspill_##name - .Lexec_table; .endr
.Lexec_table:
        .long   .Lgeneral - .Lexec_table        /* CP__EXEC_GENERAL */
#ifdef CP_NOFLOAT
        .rept   9                               /* CP__EXEC_REGS + nsse: only nsse 0 occurs */
        .long   .Lregs_sse_0 - .Lexec_table
        .endr
#else
        .long   .Lregs_sse_0 - .Lexec_table     /* CP__EXEC_REGS + nsse */
        .long   .Lregs_sse_1 - .Lexec_table, .Lregs_sse_2 - .Lexec_table
        .long   .Lregs_sse_3 - .Lexec_table, .Lregs_sse_4 - .Lexec_table
        .long   .Lregs_sse_5 - .Lexec_table, .Lregs_sse_6 - .Lexec_table
        .long   .Lregs_sse_7 - .Lexec_table, .Lregs_sse_8 - .Lexec_table
#endif
#ifdef CP_NOFLOAT
        .rept   9                               /* CP__EXEC_REGS8 + nsse: only nsse 0 occurs */
        .long   .Lregs8_sse_0 - .Lexec_table
        .endr
#else
        .long   .Lregs8_sse_0 - .Lexec_table     /* CP__EXEC_REGS8 + nsse */
        .long   .Lregs8_sse_1 - .Lexec_table, .Lregs8_sse_2 - .Lexec_table
        .long   .Lregs8_sse_3 - .Lexec_table, .Lregs8_sse_4 - .Lexec_table
        .long   .Lregs8_sse_5 - .Lexec_table, .Lregs8_sse_6 - .Lexec_table
        .long   .Lregs8_sse_7 - .Lexec_table, .Lregs8_sse_8 - .Lexec_table
#endif
        GP_ENTRIES(w8r0)                        /* CP__EXEC_GP + 7 * CP__GP_FAMILY(w4, r) + n */
        GP_ENTRIES(w8r4)
        GP_ENTRIES(w8r8)
        GP_ENTRIES(w4r0)
        GP_ENTRIES(w4r4)
        GP_ENTRIES(w4r8)
        SPILL_ENTRIES(w8)                       /* CP__EXEC_SPILL + 10 * w4 + n - 7 */
        SPILL_ENTRIES(w4)
        W64GP_ENTRIES(w8r0)                     /* CP__EXEC_W64GP + 5 * CP__GP_FAMILY(w4, r) + n */
        W64GP_ENTRIES(w8r4)
        W64GP_ENTRIES(w8r8)
        W64GP_ENTRIES(w4r0)
        W64GP_ENTRIES(w4r4)
        W64GP_ENTRIES(w4r8)
.Lexec_table_end:
        .if (.Lexec_table_end - .Lexec_table) != 4 * CP__EXEC_COUNT
        .error "the executor table must have CP__EXEC_COUNT entries, in arch.h's order"
        .endif

/* SPILL entry points, indexed by argument count - 7, relative to the table. */
#define SPILL_TABLE(name)                                                                     \
.Lspill_##name##_entries:                                                                     \
        .long .Lspill_##name##_7 - .Lspill_##name##_entries;                                  \
        .long .Lspill_##name##_8 - .Lspill_##name##_entries;                                  \
        .long .Lspill_##name##_9 - .Lspill_##name##_entries;                                  \
        .long .Lspill_##name##_10 - .Lspill_##name##_entries;                                 \
        .long .Lspill_##name##_11 - .Lspill_##name##_entries;                                 \
        .long .Lspill_##name##_12 - .Lspill_##name##_entries;                                 \
        .long .Lspill_##name##_13 - .Lspill_##name##_entries;                                 \
        .long .Lspill_##name##_14 - .Lspill_##name##_entries;                                 \
        .long .Lspill_##name##_15 - .Lspill_##name##_entries;                                 \
        .long .Lspill_##name##_16 - .Lspill_##name##_entries;
        SPILL_TABLE(w8)
        SPILL_TABLE(w4)

/* REGS entry points of the GP part, indexed by GP register count. */
.Lregs_gp_entries:
        .long   .Lregs_gp_0 - .Lregs_gp_entries, .Lregs_gp_1 - .Lregs_gp_entries
        .long   .Lregs_gp_2 - .Lregs_gp_entries, .Lregs_gp_3 - .Lregs_gp_entries
        .long   .Lregs_gp_4 - .Lregs_gp_entries, .Lregs_gp_5 - .Lregs_gp_entries
        .long   .Lregs_gp_6 - .Lregs_gp_entries

/* REGS8 entry points of the GP part, indexed by GP register count. */
.Lregs8_gp_entries:
        .long   .Lregs8_gp_0 - .Lregs8_gp_entries, .Lregs8_gp_1 - .Lregs8_gp_entries
        .long   .Lregs8_gp_2 - .Lregs8_gp_entries, .Lregs8_gp_3 - .Lregs8_gp_entries
        .long   .Lregs8_gp_4 - .Lregs8_gp_entries, .Lregs8_gp_5 - .Lregs8_gp_entries
        .long   .Lregs8_gp_6 - .Lregs8_gp_entries

/* Move handlers, in the order of CP__MOVES (plan_format.h), as offsets from the table. */
.Lmove_table:
#define CP__MOVE_ENTRY(name, rd, wr, doc) .long .Lop_##name - .Lmove_table;
        CP__MOVES(CP__MOVE_ENTRY)
#undef CP__MOVE_ENTRY

/* Result shapes, indexed by CP__RES_* (arch.h). */
.Lresult_table:
        .long   .Lres_MOVES - .Lresult_table    /* CP__RES_MOVES */
        .long   .Lres_NONE - .Lresult_table     /* CP__RES_NONE */
        .long   .Lres_RAX4 - .Lresult_table     /* CP__RES_RAX4 */
        .long   .Lres_RAX8 - .Lresult_table     /* CP__RES_RAX8 */
        .long   .Lres_RAX8_RDX8 - .Lresult_table /* CP__RES_RAX8_RDX8 */
#ifdef CP_NOFLOAT
        .long   .Lres_NONE - .Lresult_table     /* CP__RES_XMM0_4: never in a checked NOFLOAT plan */
        .long   .Lres_NONE - .Lresult_table     /* CP__RES_XMM0_8 */
        .long   .Lres_NONE - .Lresult_table     /* CP__RES_XMM0_8_XMM1_8 */
        .long   .Lres_NONE - .Lresult_table     /* CP__RES_ST0 */
#else
        .long   .Lres_XMM0_4 - .Lresult_table   /* CP__RES_XMM0_4 */
        .long   .Lres_XMM0_8 - .Lresult_table   /* CP__RES_XMM0_8 */
        .long   .Lres_XMM0_8_XMM1_8 - .Lresult_table /* CP__RES_XMM0_8_XMM1_8 */
        .long   .Lres_ST0 - .Lresult_table      /* CP__RES_ST0 */
#endif
#if CP__RES_MOVES != 0 || CP__RES_NONE != 1 || CP__RES_RAX4 != 2 || CP__RES_RAX8 != 3 || \
    CP__RES_RAX8_RDX8 != 4 || CP__RES_XMM0_4 != 5 || CP__RES_XMM0_8 != 6 || \
    CP__RES_XMM0_8_XMM1_8 != 7 || CP__RES_ST0 != 8 || CP__RES_COUNT != 9
#error "the result table above must follow CP__RES_* in arch.h"
#endif

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
