/* Runs a plan that cp_plan_build made or cp_plan_check accepted, with every argument value and
 * the return buffer exactly as large as the plan declares (its size table and ret_size),
 * each against a guard page: once into a harmless callee, and once through a closure of the
 * same plan whose handler reads every declared argument byte and writes every result byte. */
#ifndef CALLPLAN_FUZZ_PLAN_RUN_H
#define CALLPLAN_FUZZ_PLAN_RUN_H

#include <stdint.h>

/* plan: 8-aligned, trusted (built or checked). fill seeds the argument bytes. Aborts on a
 * broken invariant; a fault inside is a finding too. */
void plan_run(const uint8_t *plan, uint8_t fill, int via_closure);

#endif
