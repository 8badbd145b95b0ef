/* A tiny test harness for the host suites: one line per test, "ok - name" or "FAIL - name: why",
 * and a closing "N passed, M failed" that tests/run.sh sums. Header-only, used by each test_*.c.
 *
 *   TEST(row01_six_longs) { CHECK(x == 1); CHECK_EQ_U64(a, b); }
 *   int main(void) { RUN(row01_six_longs); return harness_done(); }
 */
#ifndef CALLPLAN_TEST_HARNESS_H
#define CALLPLAN_TEST_HARNESS_H

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* unused: a suite whose tests are all compiled out (NOFLOAT) still links */
__attribute__((unused)) static int harness_passed, harness_failed, harness_current_failed;

#define TEST(name) static void name(void)

/* Runs one test and prints its line. */
#define RUN(name)                                                                              \
    do {                                                                                       \
        harness_current_failed = 0;                                                            \
        name();                                                                                \
        if (harness_current_failed) {                                                          \
            harness_failed++;                                                                  \
        } else {                                                                               \
            harness_passed++;                                                                  \
            printf("ok - %s\n", #name);                                                        \
        }                                                                                      \
        fflush(stdout);                                                                        \
    } while (0)

/* Records a failure of the running test with file, line and the failed expression. */
#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            printf("FAIL - %s: %s:%d: %s\n", __func__, __FILE__, __LINE__, #cond);             \
            harness_current_failed = 1;                                                        \
        }                                                                                      \
    } while (0)

#define CHECK_EQ_U64(a, b)                                                                     \
    do {                                                                                       \
        unsigned long long harness_a_ = (unsigned long long)(a);                               \
        unsigned long long harness_b_ = (unsigned long long)(b);                               \
        if (harness_a_ != harness_b_) {                                                        \
            printf("FAIL - %s: %s:%d: %s == %s (0x%llx != 0x%llx)\n", __func__, __FILE__,      \
                   __LINE__, #a, #b, harness_a_, harness_b_);                                  \
            harness_current_failed = 1;                                                        \
        }                                                                                      \
    } while (0)

/* Status comparison that prints both statuses' names. */
#define CHECK_STATUS(expr, want)                                                               \
    do {                                                                                       \
        cp_status harness_s_ = (expr);                                                         \
        if (harness_s_ != (want)) {                                                            \
            printf("FAIL - %s: %s:%d: %s gave %d (%s), want %s\n", __func__, __FILE__,         \
                   __LINE__, #expr, (int)harness_s_, cp_strerror(harness_s_), #want);          \
            harness_current_failed = 1;                                                        \
        }                                                                                      \
    } while (0)

/* A table-driven CHECK_STATUS that also names the case. */
#define CHECK_STATUS_IN(what, expr, want)                                                      \
    do {                                                                                       \
        cp_status s_ = (expr);                                                                 \
        if (s_ != (want)) {                                                                    \
            printf("FAIL - %s: %s:%d: [%s] %s gave %s, want %s\n", __func__, __FILE__,         \
                   __LINE__, (what), #expr, cp_strerror(s_), cp_strerror(want));               \
            harness_current_failed = 1;                                                        \
        }                                                                                      \
    } while (0)

#define CHECK_MEM(a, b, n) CHECK(memcmp((a), (b), (n)) == 0)

#ifdef HARNESS_EMBEDDED
/* Linked into a larger runner (the test kernel runs test_abi.c): the runner keeps the totals
 * and prints the one closing line. */
void harness_embedded_done(int passed, int failed);

static inline int harness_done(void)
{
    harness_embedded_done(harness_passed, harness_failed);
    return harness_failed != 0;
}
#else
static inline int harness_done(void)
{
    printf("%d passed, %d failed\n", harness_passed, harness_failed);
    return harness_failed != 0;
}
#endif

#endif
