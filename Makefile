# callplan: `make help` lists every target. Builds go to $(BUILD), never into the source tree.
#
# Variables: CC (gcc or clang), ARCH (x86_64), NOFLOAT=1 (a core without any FP instruction),
# SAN=1 (ASan + UBSan on the core and the host tests), BUILD (output folder).

ARCH    ?= x86_64
ifeq ($(origin CC),default)
CC      := gcc
endif
BUILD   ?= build
NOFLOAT ?=
SAN     ?=
CORE_EXTRA ?=

WARN     := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wundef -Wconversion -Wstrict-prototypes \
            -Wmissing-prototypes -Wcast-align -Wvla -Wswitch-enum -Werror
# The core's promises: freestanding, no red zone, no FP registers in C, its own CFI in the asm.
CORE_CF  := -O2 -ffreestanding -fno-builtin -fno-stack-protector -fno-common -mno-red-zone \
            -mgeneral-regs-only -fno-asynchronous-unwind-tables -fstack-usage
DEFS     := $(if $(NOFLOAT),-DCP_NOFLOAT)
ifneq ($(SAN),)
SANF     := -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
endif
INC      := -Iinclude -Isrc -Iarch/$(ARCH)

CORE_C   := $(sort $(wildcard src/*.c) $(wildcard arch/$(ARCH)/*.c))
CORE_S   := $(sort $(wildcard arch/$(ARCH)/*.S))
CORE_OBJ := $(patsubst %,$(BUILD)/core/%.o,$(CORE_C) $(CORE_S))

# -Wno-psabi: gcc's notes that the ABI of unions with long double changed in gcc 4.4 are what
# the tests are about, not news.
TEST_CF  := $(WARN) -Wno-psabi -O1 -g -fno-strict-aliasing $(DEFS) $(SANF) -Iinclude -Itests/host
CALLEE_CF := $(WARN) -Wno-psabi -O2 $(DEFS) -Iinclude -Itests/host
HOST_TESTS := $(patsubst tests/host/%.c,%,$(sort $(wildcard tests/host/test_*.c)))
TEST_BINS  := $(addprefix $(BUILD)/tests/,$(HOST_TESTS))

.PHONY: all help deps run libc-demo test check check-freestanding test-host clean
.DEFAULT_GOAL := all

all: $(BUILD)/libcallplan.a $(BUILD)/callplan.o ## build the core: libcallplan.a and callplan.o (ld -r)

help: ## list the targets
	@grep -hE '^[a-zA-Z0-9_-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 22

deps: ## install the Debian packages the build and tests need (apt-get, as root or via sudo)
	@sh tools/deps.sh gcc clang make binutils libc6-dev libclang-rt-14-dev qemu-system-x86 \
	    libffi-dev valgrind ovmf lld llvm cppcheck clang-tidy clang-tools-14 python3

$(BUILD)/core/%.c.o: %.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CORE_CF) $(CORE_EXTRA) $(DEFS) $(SANF) $(INC) -MMD -MP -c $< -o $@

$(BUILD)/core/%.S.o: %.S
	@mkdir -p $(@D)
	$(CC) $(CORE_EXTRA) $(DEFS) $(INC) -MMD -MP -c $< -o $@

$(BUILD)/libcallplan.a: $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/callplan.o: $(CORE_OBJ)
	ld -r -o $@ $^

# ---- host tests ---------------------------------------------------------------------------
# Callees are compiled as ordinary C by $(CC): they are the compiler's view of the ABI.
$(BUILD)/tests/%.o: tests/host/%.c $(wildcard tests/host/*.h) include/callplan.h
	@mkdir -p $(@D)
	$(CC) $(TEST_CF) -MMD -MP -c $< -o $@

CALLEE_OBJS := $(BUILD)/tests/callees.o $(BUILD)/tests/callees_win64.o
$(BUILD)/tests/callees%.o: tests/host/callees%.c tests/host/callees%.h
	@mkdir -p $(@D)
	$(CC) $(CALLEE_CF) -c $< -o $@

$(BUILD)/tests/test_%: $(BUILD)/tests/test_%.o $(CALLEE_OBJS) $(BUILD)/libcallplan.a
	$(CC) $(SANF) -o $@ $^

test-host: $(TEST_BINS) ## build and run the host unit tests for this CC/NOFLOAT/SAN
	@for t in $(TEST_BINS); do $$t || exit 1; done

# ---- freestanding proof -------------------------------------------------------------------
check-freestanding: ## nm -u of callplan.o is empty and C objects have no FP instruction (gcc, clang, NOFLOAT)
	@$(MAKE) -s --no-print-directory BUILD=build/fs-gcc CC=gcc all
	@sh tools/check-freestanding.sh build/fs-gcc
	@$(MAKE) -s --no-print-directory BUILD=build/fs-clang CC=clang all
	@sh tools/check-freestanding.sh build/fs-clang
	@$(MAKE) -s --no-print-directory BUILD=build/fs-nofloat CC=gcc NOFLOAT=1 all
	@sh tools/check-freestanding.sh build/fs-nofloat nofloat

# ---- the front door -----------------------------------------------------------------------
$(BUILD)/libc_demo: tools/libc_demo.c $(BUILD)/libcallplan.a
	@mkdir -p $(@D)
	$(CC) $(WARN) -O2 $(SANF) -Iinclude -o $@ $^

libc-demo: $(BUILD)/libc_demo ## plans for real libc functions (snprintf, strtod, ldexp, div)
	@$(BUILD)/libc_demo

# The kernel image's rules are in tests/qemu/qemu.mk (included below: hence the literal path).
run: deps $(BUILD)/qemu/kernel-demo.elf ## the demo kernel shell under QEMU: interactive on a terminal, else runs SCRIPT (tests/qemu/demo.script)
	@sh tests/qemu/run-demo.sh "$(QEMU) $(QEMU_ARGS)" $(BUILD)/qemu/kernel-demo.elf $(SCRIPT)

test: deps ## every test; ends with "N passed, M failed"
	@sh tests/run.sh

check: test

clean: ## remove build/
	rm -rf build

# The differential conformance suite and the QEMU kernels keep their rules in their own files.
-include tools/conform.mk
include tests/qemu/qemu.mk
include bench/bench.mk
# Parts that keep their own rules: the UEFI application, the libffi-compatible layer, the
# ahead-of-time plan generator, fuzzing and static analysis.
-include tests/uefi/uefi.mk
-include compat/libffi/compat.mk
-include tools/cpgen.mk
-include tests/fuzz/fuzz.mk
-include tools/analyze.mk

-include $(CORE_OBJ:.o=.d) $(wildcard $(BUILD)/tests/*.d)
