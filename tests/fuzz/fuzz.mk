# Fuzz targets (libFuzzer, clang): included by the Makefile. The core is rebuilt by clang with
# ASan + UBSan and libFuzzer's coverage into its own folder, from the same wildcard as `all`, so
# every new src/ or arch/ file is fuzzed too.
#
#   make fuzz FUZZ_SECONDS=n   each target n seconds (default 60), new inputs kept in
#                              $(FUZZ_BUILD)/corpus/<target>, crashes in $(FUZZ_BUILD)/crashes
#   make fuzz-smoke            each target ~10 s from the committed corpus; a crash fails
#   make fuzz-seeds            rebuild the plan corpus (tests/fuzz/seed_plans.c)
# Targets: plan_build, plan_call, and sig_parse / ffi_prep_cif when those parts exist.

FUZZ_BUILD   ?= build/fuzz
# The core's sub-make (below) reads this file too: it needs none of these rules.
ifeq ($(FUZZ_CORE_MAKE),)

FUZZ_SECONDS ?= 60
FUZZ_SMOKE_SECONDS ?= 10
FUZZ_CC      := clang
FUZZ_SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_CF      := $(WARN) -Wno-psabi -g -O1 $(DEFS) $(FUZZ_SAN) -fsanitize=fuzzer-no-link \
                -D_DEFAULT_SOURCE -Iinclude -Isrc -Iarch/$(ARCH) -Itests/fuzz

# A target for each part present in the tree: the signature parser and the libffi layer join
# when their sources exist.
FUZZ_TARGETS := plan_build plan_call \
                $(if $(wildcard src/sig_parse.c),$(if $(wildcard tests/fuzz/fuzz_sig_parse.c),sig_parse)) \
                $(if $(wildcard compat/libffi/*.c),$(if $(wildcard tests/fuzz/fuzz_ffi_prep_cif.c),ffi_prep_cif))
FUZZ_BINS    := $(addprefix $(FUZZ_BUILD)/fuzz_,$(FUZZ_TARGETS))
FUZZ_CORE    := $(FUZZ_BUILD)/core/libcallplan.a
FUZZ_COMMON  := $(addprefix $(FUZZ_BUILD)/obj/,guard.o plan_run.o)
FUZZ_COMPAT_LIB := $(FUZZ_BUILD)/compat/libffi_compat.a

.PHONY: fuzz fuzz-smoke fuzz-build fuzz-core-force

fuzz-build: $(FUZZ_BINS) ## build the libFuzzer targets (clang, ASan+UBSan) into $(FUZZ_BUILD)

# The core through the main Makefile's own rules; always re-entered so it sees new sources.
$(FUZZ_CORE): fuzz-core-force
	@$(MAKE) -s --no-print-directory BUILD=$(FUZZ_BUILD)/core CC=$(FUZZ_CC) SAN=1 \
	    CORE_EXTRA=-fsanitize=fuzzer-no-link FUZZ_CORE_MAKE=1 $@

$(FUZZ_BUILD)/obj/%.o: tests/fuzz/%.c $(wildcard tests/fuzz/*.h) include/callplan.h src/plan_format.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CF) -c $< -o $@

# The layer's target includes its ffi.h, not Debian's.
$(FUZZ_BUILD)/obj/fuzz_ffi_prep_cif.o: FUZZ_CF += -Icompat/libffi
$(FUZZ_BUILD)/obj/fuzz_ffi_prep_cif.o: $(wildcard compat/libffi/*.h)

$(FUZZ_BUILD)/compat/%.o: compat/libffi/%.c $(wildcard compat/libffi/*.h) include/callplan.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FUZZ_CF) -Icompat/libffi -c $< -o $@

$(FUZZ_COMPAT_LIB): $(patsubst compat/libffi/%.c,$(FUZZ_BUILD)/compat/%.o,$(wildcard compat/libffi/*.c))
	@rm -f $@
	ar rcs $@ $^

$(FUZZ_BUILD)/fuzz_ffi_prep_cif: $(FUZZ_BUILD)/obj/fuzz_ffi_prep_cif.o $(FUZZ_COMMON) \
                                 $(FUZZ_COMPAT_LIB) $(FUZZ_CORE)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

$(FUZZ_BUILD)/fuzz_%: $(FUZZ_BUILD)/obj/fuzz_%.o $(FUZZ_COMMON) $(FUZZ_CORE)
	$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

fuzz: $(FUZZ_BINS) ## run each fuzz target FUZZ_SECONDS (default 60) seconds; crashes fail
	@sh tests/fuzz/run.sh long $(FUZZ_SECONDS) $(FUZZ_BUILD) $(FUZZ_TARGETS)

fuzz-smoke: $(FUZZ_BINS) ## each fuzz target ~10 s from the committed corpus (make test)
	@sh tests/fuzz/run.sh smoke $(FUZZ_SMOKE_SECONDS) $(FUZZ_BUILD) $(FUZZ_TARGETS)

# The plan corpus: real plans from the current builder (rerun when the plan format changes).
.PHONY: fuzz-seeds
fuzz-seeds: $(BUILD)/libcallplan.a ## regenerate tests/fuzz/corpus/plan_call from the current builder
	@mkdir -p $(BUILD)/fuzz-seeds tests/fuzz/corpus/plan_call
	$(CC) $(WARN) -O1 -Iinclude -o $(BUILD)/fuzz-seeds/seed_plans tests/fuzz/seed_plans.c $<
	rm -f tests/fuzz/corpus/plan_call/seed-*
	$(BUILD)/fuzz-seeds/seed_plans tests/fuzz/corpus/plan_call
endif
