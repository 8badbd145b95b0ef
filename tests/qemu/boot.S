/* PVH entry of the test kernel: QEMU enters here in 32-bit protected mode, paging off.
 * We zero .bss, build a temporary identity map (1 GiB of 2 MiB pages) just to enter long mode,
 * turn on PAE, EFER.LME+NXE and CR0.PG+WP, and jump to 64-bit C (kmain). kmain then replaces the
 * temporary map with the strict W^X one (paging.c). */

#define XEN_ELFNOTE_PHYS32_ENTRY 18
#define MSR_EFER        0xC0000080
#define EFER_LME        (1 << 8)
#define EFER_NXE        (1 << 11)
#define CR0_PE          (1 << 0)
#define CR0_WP          (1 << 16)
#define CR0_PG          (1 << 31)
#define CR4_PAE         (1 << 5)
#define PTE_P           0x001
#define PTE_W           0x002
#define PTE_PS          0x080
#define SEL_CODE64      0x08
#define SEL_DATA        0x10

/* The PVH note: QEMU's -kernel finds the 32-bit entry address here. */
        .section .note.Xen, "a", @note
        .p2align 2
        .long   4                               /* name size: "Xen\0" */
        .long   4                               /* descriptor size */
        .long   XEN_ELFNOTE_PHYS32_ENTRY
        .asciz  "Xen"
        .p2align 2
        .long   pvh_entry

        .section .text.boot, "ax", @progbits
        .code32
        .globl  pvh_entry
pvh_entry:
        cli
        cld
        movl    $__bss_start, %edi              /* zero .bss: stacks and page tables live there */
        movl    $__bss_end, %ecx
        subl    %edi, %ecx                      /* ecx = bytes of .bss */
        xorl    %eax, %eax
        rep stosb

        movl    $boot_pdpt, %eax                /* PML4[0] -> PDPT */
        orl     $(PTE_P | PTE_W), %eax
        movl    %eax, boot_pml4
        movl    $boot_pd, %eax                  /* PDPT[0] -> PD */
        orl     $(PTE_P | PTE_W), %eax
        movl    %eax, boot_pdpt
        xorl    %ecx, %ecx                      /* ecx = PD index */
1:      movl    %ecx, %eax
        shll    $21, %eax                       /* eax = 2 MiB * index */
        orl     $(PTE_P | PTE_W | PTE_PS), %eax
        movl    %eax, boot_pd(,%ecx,8)          /* PD[i] = identity 2 MiB page */
        incl    %ecx
        cmpl    $512, %ecx
        jb      1b

        movl    $boot_pml4, %eax
        movl    %eax, %cr3                      /* cr3 = temporary PML4 */
        movl    %cr4, %eax
        orl     $CR4_PAE, %eax
        movl    %eax, %cr4
        movl    $MSR_EFER, %ecx
        rdmsr
        orl     $(EFER_LME | EFER_NXE), %eax    /* long mode, and the NX bit for W^X */
        wrmsr
        movl    %cr0, %eax
        orl     $(CR0_PE | CR0_PG | CR0_WP), %eax /* WP: ring 0 obeys read-only pages too */
        movl    %eax, %cr0
        lgdt    gdt_descriptor
        ljmp    $SEL_CODE64, $long_mode

        .code64
long_mode:
        movl    $SEL_DATA, %eax
        movl    %eax, %ds
        movl    %eax, %es
        movl    %eax, %ss
        xorl    %eax, %eax
        movl    %eax, %fs
        movl    %eax, %gs
        movabsq $kernel_stack_top, %rsp         /* rsp = top of the boot stack, 16-aligned */
        xorl    %ebp, %ebp                      /* end of the frame chain for debuggers */
        call    kmain
2:      cli
        hlt
        jmp     2b

/* GDT: in .data, because ltr marks the TSS descriptor busy (a write). Code and data descriptors
 * have their accessed bit preset so loading them never writes. The TSS slot is filled by C. */
        .section .data
        .p2align 3
        .globl  gdt
gdt:
        .quad   0                               /* 0x00 null */
        .quad   0x00AF9B000000FFFF              /* 0x08 64-bit code, ring 0 */
        .quad   0x00CF93000000FFFF              /* 0x10 data, ring 0 */
        .quad   0, 0                            /* 0x18 TSS (16 bytes), set by traps_init */
gdt_end:
        .globl  gdt_descriptor
gdt_descriptor:
        .word   gdt_end - gdt - 1
        .quad   gdt

        .section .bss
        .p2align 12
boot_pml4:      .skip 4096
boot_pdpt:      .skip 4096
boot_pd:        .skip 4096
        .p2align 4
        .globl  kernel_stack_bottom
kernel_stack_bottom:
        .skip   32768
        .globl  kernel_stack_top
kernel_stack_top:

        .section .note.GNU-stack, "", @progbits
