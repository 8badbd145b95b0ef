/* x86-64 System V internals shared by the classifier and the plan emitter. */
#ifndef CP_ARCH_X86_64_SYSV_H
#define CP_ARCH_X86_64_SYSV_H

#include "x86.h"

/* psABI eightbyte classes. */
enum {
    CP__C_NONE,
    CP__C_INTEGER,
    CP__C_SSE,
    CP__C_SSEUP,
    CP__C_X87,
    CP__C_X87UP,
    CP__C_COMPLEX_X87,
    CP__C_MEMORY
};

struct cp__sysv_class {
    uint32_t size;
    uint32_t align;
    uint8_t n;          /* eightbytes: 0..2 when in registers */
    uint8_t memory;     /* passed/returned in memory */
    uint8_t cls[2];
};

/* Classifies t (any kind but void) as an argument would be; the caller applies the return-only
 * rules (x87 classes, _Complex long double). */
CP__HIDDEN cp_status cp__sysv_classify(const cp_type *t, struct cp__walk *w,
                                       struct cp__sysv_class *out);

/* The executor that runs a plan with these moves (exec.c). */
CP__HIDDEN void cp__sysv_exec(const struct cp__plan_hdr *h, const struct cp__move *moves,
                              uint8_t *exec, uint8_t *result);
CP__HIDDEN void cp__sysv_exec_name(unsigned exec, char *out, size_t cap);
CP__HIDDEN const char *cp__sysv_exec_family(unsigned exec);

/* The System V entry of the ABI table (abi.c). */
CP__HIDDEN extern const struct cp__abi_ops cp__sysv_ops;

#endif
