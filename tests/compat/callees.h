/* Functions the compat tests call through ffi_call, and callers that call closures: compiled as
 * ordinary C (the compiler's view of the ABI), separately from the tests. */
#ifndef CALLPLAN_COMPAT_CALLEES_H
#define CALLPLAN_COMPAT_CALLEES_H

#include <complex.h>
#include <stdint.h>

/* Scalars: each returns something computed from its argument, of the same type. */
uint8_t c_u8(uint8_t x);
int8_t c_s8(int8_t x);
uint16_t c_u16(uint16_t x);
int16_t c_s16(int16_t x);
uint32_t c_u32(uint32_t x);
int32_t c_s32(int32_t x);
uint64_t c_u64(uint64_t x);
int64_t c_s64(int64_t x);
float c_float(float x);
double c_double(double x);
long double c_longdouble(long double x);
void *c_pointer(void *p);
float _Complex c_cfloat(float _Complex z);
double _Complex c_cdouble(double _Complex z);
long double _Complex c_clongdouble(long double _Complex z);
void c_void(int *counter);

/* Every register and then the stack: 8 doubles, 6 ints, and more of each on the stack. */
double c_mixed(int8_t a, double b, uint16_t c, float d, int32_t e, double f, int64_t g,
               float h, uint8_t i, double j, int16_t k, double l, uint32_t m, double n,
               int64_t o, float p, long double q, int32_t r);

/* Structs. */
struct c_small { int32_t a; double b; };                    /* INTEGER + SSE: two registers */
struct c_pair { float x, y; };                              /* one SSE register */
struct c_three { float x, y, z; };                          /* two SSE registers */
struct c_big { int64_t a, b, c; double d; };                /* MEMORY */
struct c_inner { uint8_t tag; int16_t v; };
struct c_nested { struct c_inner in; double d; struct c_inner in2; };
struct c_text { char name[20]; int32_t len; };              /* an array member */
struct c_ld { long double x; int32_t n; };                  /* MEMORY (x87) */
struct c_tiny { uint8_t a, b, c; };                         /* 3 bytes in one register */

struct c_small c_small_swap(struct c_small s);
struct c_pair c_pair_scale(struct c_pair p, float k);
struct c_three c_three_add(struct c_three a, struct c_three b);
struct c_big c_big_twice(struct c_big b);
double c_big_sum(int32_t n, struct c_big b, double k);
struct c_nested c_nested_flip(struct c_nested n);
int32_t c_text_sum(struct c_text t);
struct c_ld c_ld_half(struct c_ld v);
struct c_tiny c_tiny_rot(struct c_tiny t);

/* Callers of closures, as compiled code calls them. */
int8_t call_s8(int8_t (*f)(int8_t), int8_t x);
uint16_t call_u16(uint16_t (*f)(uint16_t), uint16_t x);
int32_t call_s32(int32_t (*f)(int32_t), int32_t x);
uint32_t call_u32(uint32_t (*f)(uint32_t), uint32_t x);
struct c_small call_small(struct c_small (*f)(int32_t, double), int32_t a, double b);
struct c_big call_big(struct c_big (*f)(struct c_big), struct c_big b);
double call_many(double (*f)(int32_t, double, int64_t, float, int32_t, double, int64_t, float,
                             int32_t, double, int64_t, float, int32_t, double, int64_t, float),
                 int32_t base);

#endif
