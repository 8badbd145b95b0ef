/* Strict W^X paging: every page of the kernel image mapped with 4 KiB pages and the permission
 * of its section (text R+X, rodata R+NX, data/bss/stacks R+W+NX); nothing else is mapped, so a
 * stray pointer faults. The tables themselves live in .bss (R+W+NX). */
#include "kernel.h"

#define PTE_P  0x001ull
#define PTE_W  0x002ull
#define PTE_PS 0x080ull
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000FFFFFFFFFF000ull
#define PAGE 4096ull
#define NPT 8                               /* page tables: 8 x 2 MiB = the 16 MiB kernel.ld allows */

static uint64_t pml4[512] __attribute__((aligned(4096)));
static uint64_t pdpt[512] __attribute__((aligned(4096)));
static uint64_t pd[512] __attribute__((aligned(4096)));
static uint64_t pt[NPT][512] __attribute__((aligned(4096)));

static uint64_t flags_for(uintptr_t a)
{
    if (a >= (uintptr_t)__text_start && a < (uintptr_t)__text_end)
        return PTE_P;                                   /* read + execute */
    if (a >= (uintptr_t)__rodata_start && a < (uintptr_t)__rodata_end)
        return PTE_P | PTE_NX;                          /* read only */
    return PTE_P | PTE_W | PTE_NX;                      /* data, bss, stacks */
}

void paging_init(void)
{
    uintptr_t a;
    unsigned i;

    pml4[0] = (uint64_t)(uintptr_t)pdpt | PTE_P | PTE_W;
    pdpt[0] = (uint64_t)(uintptr_t)pd | PTE_P | PTE_W;
    for (i = 0; i < NPT; i++)
        pd[i] = (uint64_t)(uintptr_t)pt[i] | PTE_P | PTE_W;
    for (a = (uintptr_t)__kernel_start; a < (uintptr_t)__kernel_end; a += PAGE)
        pt[a >> 21][(a >> 12) & 511] = (uint64_t)a | flags_for(a);
    __asm__ volatile("mov %0, %%cr3" : : "r"((uint64_t)(uintptr_t)pml4) : "memory");
}

/* Effective permissions: writable only if W at every level, executable unless NX at any. */
static unsigned check_leaf(uint64_t va, uint64_t entry, uint64_t w, uint64_t nx)
{
    w &= entry & PTE_W;
    nx |= entry & PTE_NX;
    if (w && !nx) {
        kprintf("W^X violation: page 0x%lx (entry 0x%lx) is writable and executable\n", va,
                entry);
        return 1;
    }
    return 0;
}

unsigned paging_count_wx(void)
{
    uint64_t cr3, *l4, *l3, *l2, *l1;
    unsigned bad = 0, i4, i3, i2, i1;

    __asm__ volatile("mov %%cr3, %0" : "=r"(cr3));
    l4 = (uint64_t *)(uintptr_t)(cr3 & PTE_ADDR);
    for (i4 = 0; i4 < 512; i4++) {
        uint64_t e4 = l4[i4];
        if (!(e4 & PTE_P))
            continue;
        l3 = (uint64_t *)(uintptr_t)(e4 & PTE_ADDR);
        for (i3 = 0; i3 < 512; i3++) {
            uint64_t e3 = l3[i3], va3 = ((uint64_t)i4 << 39) | ((uint64_t)i3 << 30);
            if (!(e3 & PTE_P))
                continue;
            if (e3 & PTE_PS) {
                bad += check_leaf(va3, e3, e4 & PTE_W, e4 & PTE_NX);
                continue;
            }
            l2 = (uint64_t *)(uintptr_t)(e3 & PTE_ADDR);
            for (i2 = 0; i2 < 512; i2++) {
                uint64_t e2 = l2[i2], va2 = va3 | ((uint64_t)i2 << 21);
                uint64_t w = e4 & e3 & PTE_W, nx = (e4 | e3) & PTE_NX;
                if (!(e2 & PTE_P))
                    continue;
                if (e2 & PTE_PS) {
                    bad += check_leaf(va2, e2, w, nx);
                    continue;
                }
                l1 = (uint64_t *)(uintptr_t)(e2 & PTE_ADDR);
                for (i1 = 0; i1 < 512; i1++)
                    if (l1[i1] & PTE_P)
                        bad += check_leaf(va2 | ((uint64_t)i1 << 12), l1[i1], w & e2,
                                          nx | (e2 & PTE_NX));
            }
        }
    }
    return bad;
}
