/* Reads the fuzz input as a stream of small decisions. Past the end every read gives 0, so any
 * input decodes to something and a short input means "the simplest choice everywhere". */
#ifndef CALLPLAN_FUZZ_READER_H
#define CALLPLAN_FUZZ_READER_H

#include <stddef.h>
#include <stdint.h>

struct reader {
    const uint8_t *p;
    size_t n;
};

static inline uint8_t rd_u8(struct reader *r)
{
    if (r->n == 0)
        return 0;
    r->n--;
    return *r->p++;
}

static inline uint16_t rd_u16(struct reader *r)
{
    uint16_t lo = rd_u8(r);
    return (uint16_t)(lo | (uint16_t)(rd_u8(r) << 8));
}

static inline uint32_t rd_u32(struct reader *r)
{
    uint32_t lo = rd_u16(r);
    return lo | (uint32_t)rd_u16(r) << 16;
}

#endif
