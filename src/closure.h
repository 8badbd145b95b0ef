/* The closure pool's layout, shared by src/closure.c, the arch dispatcher and the asm entry:
 * plain #defines outside `#ifndef __ASSEMBLER__`. */
#ifndef CP_CLOSURE_H
#define CP_CLOSURE_H

#ifndef CP_CLOSURE_SLOTS
#define CP_CLOSURE_SLOTS 64                 /* keep in step with include/callplan.h */
#endif

/* One slot: what a trampoline's calls need, owned by the closure for its whole life. */
#define CP__SLOT_HANDLER    0               /* cp_handler * */
#define CP__SLOT_USER       8               /* void *user_data */
#define CP__SLOT_MODE       16              /* u8: CP__MODE_* bits, how the entry takes a call */
#define CP__MODE_FP         1               /* save the vector argument registers */
#define CP__MODE_DIRECT     2               /* every argument sits whole in one place: arg_at */
#define CP__MODE_WIN64      4               /* a Microsoft x64 caller: keep its callee-saved
                                               rdi, rsi and xmm6-15 across the C code */
#define CP__SLOT_ARG_AT     24              /* u16 [CP_CLOSURE_MAX_ARGS]: where, for DIRECT */
#define CP__SLOT_PLAN       56              /* a copy of the plan (8-aligned) */
#define CP__SLOT_PLAN_BYTES 328             /* CP_PLAN_SIZE(CP_CLOSURE_MAX_ARGS) */
#define CP__SLOT_BYTES      384
#define CP__TRAMPOLINE_BYTES 16             /* each trampoline's size in closure.S */

#ifndef __ASSEMBLER__
#include "internal.h"

struct cp__closure_slot {
    cp_handler *handler;
    void *user_data;
    uint8_t mode;
    uint8_t pad[7];
    uint16_t arg_at[CP_CLOSURE_MAX_ARGS];
    uint64_t plan[CP__SLOT_PLAN_BYTES / 8];
};

_Static_assert(CP__SLOT_PLAN_BYTES == CP_PLAN_SIZE(CP_CLOSURE_MAX_ARGS), "slot plan size");
_Static_assert(sizeof(struct cp__closure_slot) == CP__SLOT_BYTES, "slot size");
_Static_assert(offsetof(struct cp__closure_slot, mode) == CP__SLOT_MODE, "slot mode");
_Static_assert(offsetof(struct cp__closure_slot, arg_at) == CP__SLOT_ARG_AT, "slot arg_at");
_Static_assert(offsetof(struct cp__closure_slot, plan) == CP__SLOT_PLAN, "slot plan");

CP__HIDDEN extern struct cp__closure_slot cp__closure_slots[CP_CLOSURE_SLOTS];
CP__HIDDEN extern const uint8_t cp__closure_trampolines[];  /* closure.S */

/* Points args[i] at each argument's value for a closure call: straight into the caller's stack
 * for a value that arrived whole on it, else into scratch[i], reassembled from the register
 * images and stack slots the plan's moves name (frame: the saved images, img_bytes of them;
 * stack: the caller's stack arguments). */
CP__HIDDEN void cp__closure_gather(const void *plan, const uint8_t *frame, uint32_t img_bytes,
                                   const uint8_t *stack, uint8_t (*scratch)[16], void **args);

/* The arch's own limits on a checked plan that is to become a closure (arch closure.c): the
 * handler may read every argument's declared size and write the declared return size, so each
 * must fit what the entry offers (CP_ERR_PLAN otherwise). */
CP__HIDDEN cp_status cp__arch_closure_check(const void *plan);

/* Sets a new slot's mode (arch closure.c): CP__MODE_FP when the plan uses FP registers, and
 * CP__MODE_DIRECT with arg_at when the closure entry can point at every argument where it
 * arrived, with no copy. */
CP__HIDDEN void cp__arch_closure_prepare(struct cp__closure_slot *slot);
#endif

#endif
