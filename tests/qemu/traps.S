/* Exception entry points for the 32 CPU exception vectors. Each stub makes the stack look the
 * same (an error code, real or 0, then the vector), the common path saves the GP registers and
 * calls trap_dispatch(struct trap_frame *) (kernel.h). If that returns, the frame (maybe with a
 * changed RIP) is restored and iretq resumes. */

/* Vectors whose exceptions push an error code: #DF #TS #NP #SS #GP #PF #AC #CP #VC #SX. */
#define HAS_ERROR_CODE(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || \
                           (v) == 29 || (v) == 30)

        .text
        .p2align 4
trap_common:
        pushq   %rax                            /* the saved registers: trap_frame, bottom up */
        pushq   %rbx
        pushq   %rcx
        pushq   %rdx
        pushq   %rsi
        pushq   %rdi
        pushq   %rbp
        pushq   %r8
        pushq   %r9
        pushq   %r10
        pushq   %r11
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        movq    %rsp, %rdi                      /* rdi = struct trap_frame * */
        movq    %rsp, %rbx                      /* rbx = frame, kept across the call */
        andq    $-16, %rsp                      /* C wants a 16-aligned stack at the call */
        cld
        call    trap_dispatch
        movq    %rbx, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %r11
        popq    %r10
        popq    %r9
        popq    %r8
        popq    %rbp
        popq    %rdi
        popq    %rsi
        popq    %rdx
        popq    %rcx
        popq    %rbx
        popq    %rax
        addq    $16, %rsp                       /* drop vector and error code */
        iretq

/* One stub per vector; trap_stubs[] (rodata) lists their addresses for the IDT. */
#define STUB(v)                                                                              \
        .p2align 4;                                                                          \
trap_stub_##v:                                                                               \
        .if !HAS_ERROR_CODE(v);                                                              \
        pushq   $0;                                                                          \
        .endif;                                                                              \
        pushq   $v;                                                                          \
        jmp     trap_common;

STUB(0)  STUB(1)  STUB(2)  STUB(3)  STUB(4)  STUB(5)  STUB(6)  STUB(7)
STUB(8)  STUB(9)  STUB(10) STUB(11) STUB(12) STUB(13) STUB(14) STUB(15)
STUB(16) STUB(17) STUB(18) STUB(19) STUB(20) STUB(21) STUB(22) STUB(23)
STUB(24) STUB(25) STUB(26) STUB(27) STUB(28) STUB(29) STUB(30) STUB(31)

        .section .rodata
        .p2align 3
        .globl  trap_stubs
trap_stubs:
        .quad trap_stub_0,  trap_stub_1,  trap_stub_2,  trap_stub_3
        .quad trap_stub_4,  trap_stub_5,  trap_stub_6,  trap_stub_7
        .quad trap_stub_8,  trap_stub_9,  trap_stub_10, trap_stub_11
        .quad trap_stub_12, trap_stub_13, trap_stub_14, trap_stub_15
        .quad trap_stub_16, trap_stub_17, trap_stub_18, trap_stub_19
        .quad trap_stub_20, trap_stub_21, trap_stub_22, trap_stub_23
        .quad trap_stub_24, trap_stub_25, trap_stub_26, trap_stub_27
        .quad trap_stub_28, trap_stub_29, trap_stub_30, trap_stub_31

        .section .note.GNU-stack, "", @progbits
