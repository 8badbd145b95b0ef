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

        .section .note.GNU-stack, "", @progbits
