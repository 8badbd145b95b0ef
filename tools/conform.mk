# Differential conformance suite (tools/conform/, a Python package run as a folder:
# python3 tools/conform --help): random signatures, each called directly by the compiler and
# through cp_call, against callees compiled by gcc and by clang; and in reverse, the same
# signatures (at most 16 arguments, at least 2,000 per run) as closures called from C compiled
# by gcc and by clang. Included by the main Makefile. Output in $(BUILD)/conform/<mode>/; a
# failure leaves a standalone reproducer $(BUILD)/conform/repro-<seed>-<case>.c (reverse:
# repro-rev-<seed>-<case>.c). Two more modes below: Win64 (ms_abi) and compat (ffi_call).

SEED           ?= 1
COUNT          ?= 1000
CONFORM_SEEDS  := 1 2 3 4
CONFORM_COUNT  := 1000
CONFORM_JOBS   ?= 2
CONFORM_COMMIT := $(shell git rev-parse HEAD 2>/dev/null)
CONFORM        := python3 tools/conform --build $(BUILD) --jobs $(CONFORM_JOBS)
comma          := ,
empty          :=
space          := $(empty) $(empty)
# The cases of conform-test, whose kernel tables conform-kernel must reproduce file for file.
CONFORM_TEST_CASES := --seeds $(subst $(space),$(comma),$(CONFORM_SEEDS)) \
                      --count $(CONFORM_COUNT) $(if $(CONFORM_COMMIT),--commit $(CONFORM_COMMIT))

# The Win64 mode (--abi win64): ms_abi callees and callers (gcc, clang) against CP_ABI_WIN64 plans;
# output in $(BUILD)/conform/win64-<mode>/, reproducers $(BUILD)/conform/repro-w64-<seed>-<case>.c.
CONFORM_W64_SEEDS := 1
CONFORM_W64_CASES := --seeds $(subst $(space),$(comma),$(CONFORM_W64_SEEDS)) \
                     --count $(CONFORM_COUNT) $(if $(CONFORM_COMMIT),--commit $(CONFORM_COMMIT))

# The compat mode (--abi compat): System V signatures libffi can express, through ffi_call with
# callplan's libffi layer ($(BUILD)/libcallplan_ffi.a) and, as an uncounted cross-check, Debian's
# libffi; output in $(BUILD)/conform/compat-<mode>/, reproducers repro-ffi-<seed>-<case>.c. And
# (--abi compat-win64) Win64 signatures through FFI_WIN64 cifs against the ms_abi callees.
CONFORM_FFI_SEEDS := 1
CONFORM_FFI_COUNT := 500
CONFORM_FFI_CASES := --seeds $(subst $(space),$(comma),$(CONFORM_FFI_SEEDS)) \
                     --count $(CONFORM_FFI_COUNT) $(if $(CONFORM_COMMIT),--commit $(CONFORM_COMMIT))

.PHONY: conform conform-test conform-long conform-kernel conform-win64 conform-win64-test \
        conform-compat conform-compat-test

conform: ## random signatures vs gcc/clang callees, and closures: make conform SEED=n COUNT=m
	@$(MAKE) -s --no-print-directory all
	@$(CONFORM) --mode run --seeds $(SEED) --count $(COUNT)

conform-test: ## make test's part: seeds 1-4 + the commit's, 1000 each; reverse; kernel tables
	@$(MAKE) -s --no-print-directory all
	@$(CONFORM) --mode test $(CONFORM_TEST_CASES) --kernel

conform-kernel: ## only the kernel tables of conform-test (build/conform/kernel): no host run
	@$(MAKE) -s --no-print-directory all
	@$(CONFORM) --kernel-only $(CONFORM_TEST_CASES)

conform-long: ## 100,000 random signatures (100 seeds from SEED on, 1000 each)
	@$(MAKE) -s --no-print-directory all
	@$(CONFORM) --mode long --seeds $(subst $(space),$(comma),$(shell seq $(SEED) $$(($(SEED) + 99)))) \
	    --count 1000

conform-win64: ## Win64 (ms_abi) signatures vs gcc/clang callees and callers: SEED=n COUNT=m
	@$(MAKE) -s --no-print-directory all
	@$(CONFORM) --abi win64 --mode run --seeds $(SEED) --count $(COUNT)

conform-win64-test: ## make test's Win64 part: seed 1 + the commit's, 1000 each
	@$(MAKE) -s --no-print-directory all
	@$(CONFORM) --abi win64 --mode test $(CONFORM_W64_CASES)

conform-compat: ## libffi-expressible signatures through ffi_call (compat layer): SEED=n COUNT=m
	@$(MAKE) -s --no-print-directory all $(BUILD)/libcallplan_ffi.a
	@$(CONFORM) --abi compat --mode run --seeds $(SEED) --count $(COUNT)
	@$(CONFORM) --abi compat-win64 --mode run --seeds $(SEED) --count $(COUNT)

conform-compat-test: ## make test's compat part: seed 1 + the commit's, 500 each; Win64 too
	@$(MAKE) -s --no-print-directory all $(BUILD)/libcallplan_ffi.a
	@$(CONFORM) --abi compat --mode test $(CONFORM_FFI_CASES)
	@$(CONFORM) --abi compat-win64 --mode test $(CONFORM_FFI_CASES)
