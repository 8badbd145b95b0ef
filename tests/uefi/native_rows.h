/* ABI.md section 2 rows as the compiler itself builds them for this LLP64, Microsoft x64
 * target: callees that record what they receive, and callers that pass fixed values through
 * a function pointer of the row's type (the callee itself, or a closure). */
#ifndef UEFI_NATIVE_ROWS_H
#define UEFI_NATIVE_ROWS_H

#include <callplan.h>

/* The record a callee (or a closure's handler) writes: each argument's bytes in order, then
 * the caller appends the result's bytes. */
struct record {
    unsigned char bytes[256];
    unsigned len;
};
extern struct record rec;
void rec_put(const void *p, unsigned n);

struct native_row {
    const char *name;
    const cp_sig *sig;
    void (*callee)(void);
    /* Calls fn as the row's type with the row's values, then records the result. */
    void (*call)(void (*fn)(void));
    void *const *args;          /* the same values, for cp_call */
};

extern const struct native_row native_rows[];
extern const unsigned native_row_count;

#endif /* UEFI_NATIVE_ROWS_H */
