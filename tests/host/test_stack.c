/* The stack cp_call really uses, measured: the largest plan (CP_MAX_STACK_BYTES of stack
 * arguments) called into a callee that reads its own stack pointer. make stack derives the
 * bound from the asm (tools/stack_report.py: 4,319 bytes on x86-64, documented bound 4,608);
 * this checks the running code against the same documented bound. */
#include <stdint.h>
#include <string.h>

#include "callplan.h"
#include "harness.h"

#include "../../arch/x86_64/arch.h"        /* CP__IMG_BYTES: the images dropped before the call */

#define CALL_BOUND 4608     /* README "Stack": cp_call's own use, the callee's excluded */

struct biggest { unsigned char b[CP_MAX_STACK_BYTES]; };

static volatile uintptr_t callee_entry_sp;

static inline uintptr_t stack_pointer(void)
{
    uintptr_t sp;
    __asm__ volatile("mov %%rsp, %0" : "=r"(sp));
    return sp;
}

/* Records the stack pointer cp_call called it with: its frame pointer (saved rbp) plus the
 * saved rbp and the return address. Its own frame (which ASan makes large: it copies the
 * struct) is not cp_call's. */
__attribute__((noinline)) static int64_t take_biggest(struct biggest v)
{
    callee_entry_sp = (uintptr_t)__builtin_frame_address(0) + 16;
    return v.b[0] + v.b[sizeof v.b - 1];
}

static const cp_type byte_array = CP_ARRAY(cp_type_u8, CP_MAX_STACK_BYTES);
static const cp_type biggest_t = CP_STRUCT(CP_MEMBER(byte_array));

TEST(cp_call_uses_no_more_stack_than_its_documented_bound)
{
    static _Alignas(CP_PLAN_ALIGN) unsigned char plan[CP_PLAN_SIZE(1)];
    static const cp_type *const args[1] = { &biggest_t };
    static struct biggest v;
    cp_sig sig = { CP_ABI_DEFAULT, &cp_type_i64, args, 1, 0, 0 };
    void *av[1] = { &v };
    int64_t r = 0;
    uintptr_t caller_sp, used;
    memset(&v, 0, sizeof v);
    v.b[0] = 1;
    v.b[sizeof v.b - 1] = 2;
    CHECK_STATUS(cp_plan_build(plan, sizeof plan, &sig, NULL), CP_OK);
    caller_sp = stack_pointer();
    cp_call((const cp_plan *)(void *)plan, (void (*)(void))take_biggest, &r, av);
    /* At the call the stub has dropped the register images it loaded: its deepest point was
     * CP__IMG_BYTES further down. */
    used = caller_sp - callee_entry_sp + CP__IMG_BYTES;
    CHECK_EQ_U64(r, 3);
    printf("# cp_call with %d bytes of stack arguments: %lu bytes below the caller\n",
           CP_MAX_STACK_BYTES, (unsigned long)used);
    CHECK(used >= CP_MAX_STACK_BYTES + CP__IMG_BYTES);
    CHECK(used <= CALL_BOUND);
}

int main(void)
{
    RUN(cp_call_uses_no_more_stack_than_its_documented_bound);
    return harness_done();
}
