/* Probes that must fault: each does one forbidden thing and returns 0 if it did not fault. The
 * test arms trap_expect() with the probe's *_resume address, where the trap handler resumes and
 * which returns 1. */

        .text

/* int probe_write(volatile uint8_t *p): writes *p back to itself (a .text page must refuse). */
        .globl  probe_write, probe_write_resume
probe_write:
        movb    (%rdi), %al                     /* al = current byte (text is readable) */
        movb    %al, (%rdi)                     /* must raise #PF on a read-only page */
        xorl    %eax, %eax
        ret
probe_write_resume:
        movl    $1, %eax
        ret

/* int probe_sse(void): one SSE instruction (#UD when CR4.OSFXSR is clear). */
        .globl  probe_sse, probe_sse_resume
probe_sse:
        xorps   %xmm0, %xmm0
        xorl    %eax, %eax
        ret
probe_sse_resume:
        movl    $1, %eax
        ret

/* int probe_x87(void): one x87 instruction (#NM when CR0.EM is set). */
        .globl  probe_x87, probe_x87_resume
probe_x87:
        fninit
        xorl    %eax, %eax
        ret
probe_x87_resume:
        movl    $1, %eax
        ret

/* uint64_t protected_call(uint64_t (*fn)(const void *), const void *arg);
 * Calls fn(arg) and returns its result. A test that expects fn may fault arms the trap handler
 * with protected_resume and &protected_rsp (trap_expect_resume): the handler then resumes at
 * protected_resume on this frame's stack, which restores the callee-saved registers and returns
 * PROTECTED_FAULTED. */
        .globl  protected_call, protected_resume, protected_rsp
protected_call:
        pushq   %rbp
        pushq   %rbx
        pushq   %r12
        pushq   %r13
        pushq   %r14
        pushq   %r15
        subq    $8, %rsp                        /* rsp 16-aligned for the call */
        movq    %rsp, protected_rsp(%rip)       /* where a fault comes back to */
        movq    %rdi, %rax                      /* rax = fn */
        movq    %rsi, %rdi                      /* rdi = arg */
        call    *%rax
1:      addq    $8, %rsp
        popq    %r15
        popq    %r14
        popq    %r13
        popq    %r12
        popq    %rbx
        popq    %rbp
        ret
protected_resume:                               /* rsp = protected_rsp, set by the handler */
        movq    $-1, %rax                       /* PROTECTED_FAULTED */
        cld
        jmp     1b

        .section .bss
        .p2align 3
protected_rsp:
        .quad   0

        .section .note.GNU-stack, "", @progbits
