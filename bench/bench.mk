# The benchmark (bench/, included by the Makefile): one program that calls each row's callee
# directly, through cp_call and through libffi's ffi_call, and (closure rows) calls a function
# pointer that is the callee, a callplan closure or a libffi closure. libffi is linked into this
# program only, never into the core.
#   make bench        times every row, counts its instructions under callgrind, writes
#                     bench/RESULTS.md (tools/bench-report.sh)
#   make bench-smoke  every row a few calls, results compared bit for bit (part of `make test`)
# BENCH_CALLS and BENCH_RUNS set the timing: the median of BENCH_RUNS runs of BENCH_CALLS calls.

BENCH_BIN   := $(BUILD)/bench/bench
BENCH_OBJ   := $(BUILD)/bench/bench.o $(BUILD)/bench/rows.o $(BUILD)/bench/callees.o
BENCH_CF    := $(WARN) -O2 $(SANF) -Iinclude
BENCH_CALLS ?= 10000000
BENCH_RUNS  ?= 7

.PHONY: bench bench-smoke bench-deps

bench-deps:
	@sh tools/deps.sh libffi-dev valgrind

# Order-only on bench-deps: <ffi.h> must be there first, but installing it rebuilds nothing.
$(BUILD)/bench/%.o: bench/%.c | bench-deps
	@mkdir -p $(@D)
	$(CC) $(BENCH_CF) -MMD -MP -c $< -o $@

# -z now binds every symbol at load time, so no lazy PLT resolution lands in a measured loop.
$(BENCH_BIN): $(BENCH_OBJ) $(BUILD)/libcallplan.a
	$(CC) $(SANF) -Wl,-z,now -o $@ $^ -lffi

bench: bench-deps $(BENCH_BIN) ## time + count (callgrind) direct, cp_call, ffi_call, closures: bench/RESULTS.md
	@sh tools/bench-report.sh $(BENCH_BIN) bench/RESULTS.md "$(CC)" $(BENCH_CALLS) $(BENCH_RUNS)

bench-smoke: bench-deps $(BENCH_BIN) ## each bench row a few calls: cp_call, ffi_call, closures == direct
	@$(BENCH_BIN) --smoke

-include $(wildcard $(BUILD)/bench/*.d)
