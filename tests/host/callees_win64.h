/* Callees for the Microsoft x64 rows (ABI.md rows 47-57), compiled by $(CC) with
 * __attribute__((ms_abi)): the compiler's own reading of the convention. Each records what it
 * received in w64_seen so the test can compare it with what it passed. */
#ifndef CALLPLAN_TEST_CALLEES_WIN64_H
#define CALLPLAN_TEST_CALLEES_WIN64_H

#include <stdint.h>

#define MS __attribute__((ms_abi))
__extension__ typedef __int128 w_i128;

struct w_c1 { char c; };
struct w_s1 { short s; };
struct w_c3 { char c[3]; };
struct w_i1 { int i; };
struct w_c5 { char c[5]; };
struct w_l1 { int64_t l; };
struct w_i3 { int i[3]; };
struct w_l2 { int64_t l[2]; };
struct w_ff { float a, b; };
struct w_d1 { double d; };
__extension__ struct w_empty { };                /* size 0 in GNU C */

/* What the last callee saw: raw bytes of each argument, in order. */
struct w64_seen {
    int calls;
    unsigned char arg[8][16];
};
extern struct w64_seen w64_seen;

MS double w47_callee(int a, double b, long long c, float d, int e, double f);
MS int w48_callee(struct w_c1 a, struct w_s1 b, struct w_c3 c, struct w_i1 d);
MS int64_t w49_callee(struct w_c5 a, struct w_l1 b, struct w_i3 c, struct w_l2 d, struct w_l2 e);
MS double w50_callee(struct w_ff a, struct w_d1 b);
MS struct w_ff w51_ff(void);
MS struct w_c3 w51_c3(int x);
MS struct w_i3 w51_i3(int x, int y);
MS struct w_l2 w51_l2(int64_t a, int64_t b, int64_t c, int64_t d, int64_t e);
MS double w52_callee(const char *fmt, ...);
MS float w53_callee(float a, float b, float c, float d, float e);
MS w_i128 w54_callee(w_i128 x, int64_t l);
MS double _Complex w56_callee(float _Complex a, double _Complex b);
MS int w57_callee(signed char c);
MS signed char w57_ret(int x);
MS unsigned short w57_retu(int x);
MS _Bool w57_retb(int x);
MS int w_empty_callee(struct w_empty e, int x);

#endif
