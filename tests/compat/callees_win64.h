/* Microsoft x64 callees and callers for test_ffi_win64.c, compiled by $(CC) with
 * __attribute__((ms_abi)): the compiler's reading of FFI_WIN64 / FFI_EFI64 / FFI_GNUW64. */
#ifndef CALLPLAN_COMPAT_CALLEES_WIN64_H
#define CALLPLAN_COMPAT_CALLEES_WIN64_H

#include <stdint.h>

#define MS __attribute__((ms_abi))

struct w_pair { int32_t a, b; };            /* 8 bytes: by value in one register */
struct w_three { int32_t a, b, c; };        /* 12 bytes: by reference, returned via pointer */
struct w_point { double x, y; };            /* 16 bytes: by reference */

/* Six arguments: four in registers (RCX/XMM1/R8/XMM3), two on the stack past the shadow area. */
MS double w_mixed(int8_t a, double b, int64_t c, float d, int16_t e, double f);
MS int8_t w_neg8(int8_t x);
MS uint16_t w_twice16(uint16_t x);
MS int64_t w_pair_sum(struct w_pair p, int32_t k);
MS struct w_pair w_pair_swap(struct w_pair p);
MS struct w_three w_three_make(int32_t a, int32_t b, int32_t c);
MS double w_point_len2(struct w_point p, struct w_three t);
MS double w_vsum(int32_t n, ...);           /* n doubles */
MS void *w_ptr_add(void *p, int64_t k);

/* Callers of ms_abi closures. */
MS typedef int32_t w_binop(int32_t, int32_t);
MS typedef struct w_three w_maker(int32_t, int32_t, int32_t);
int32_t w_call_binop(w_binop *f, int32_t a, int32_t b);
struct w_three w_call_maker(w_maker *f, int32_t a, int32_t b, int32_t c);

#endif
