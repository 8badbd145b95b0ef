/* Guarded buffers and the harmless callee shared by the fuzz targets (see guard.h). Built with
 * -D_DEFAULT_SOURCE for mmap. */
#include "guard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "plan_format.h"

static uint8_t *slot_end[GUARD_ARG_SLOTS + 1];

/* Maps `bytes` accessible bytes followed by one PROT_NONE page; returns where the guard starts. */
static uint8_t *map_guarded(size_t bytes)
{
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    uint8_t *p = mmap(NULL, bytes + page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                      -1, 0);
    if (p == MAP_FAILED || mprotect(p + bytes, page, PROT_NONE) != 0) {
        perror("guard: mmap");
        abort();
    }
    return p + bytes;
}

void *guard_buffer(unsigned slot, size_t n, uint8_t fill)
{
    size_t cap = slot == GUARD_RET_SLOT ? GUARD_LARGE : GUARD_SMALL;
    uint8_t *p;
    if (slot > GUARD_RET_SLOT || n > cap)
        return NULL;
    if (!slot_end[slot])
        slot_end[slot] = map_guarded(cap);
    p = slot_end[slot] - n;
    memset(p, fill, n);
    return p;
}

uint32_t guard_plan_checksum(const uint8_t *plan, size_t len)
{
    uint32_t h = 2166136261u;
    size_t i;
    for (i = 0; i + 4 <= len; i += 4) {
        uint32_t w = (uint32_t)plan[i] | (uint32_t)plan[i + 1] << 8 |
                     (uint32_t)plan[i + 2] << 16 | (uint32_t)plan[i + 3] << 24;
        h = (h ^ (i == CP__H_CHECKSUM ? 0 : w)) * 16777619u;
    }
    return h;
}

void guard_harmless(void)
{
}
