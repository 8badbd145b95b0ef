# The W^X kernels (included by the Makefile). Four images from one source tree:
#   fp       SSE/x87 enabled: every in-kernel test, floats included
#   nofloat  core built with NOFLOAT=1, FPU off (SSE -> #UD, x87 -> #NM): integer tests
#   wx       negative test: writes to .text and passes only by dying of the #PF
#   demo     the fp image's set-up running the demo shell instead of the tests (make run,
#            make demo-test)
# Kernel code and the core: freestanding, no red zone, general registers only, not PIE (Debian's
# gcc defaults to PIE). Callees that take floats (kfp.c) are built with SSE on, apart.

KBUILD   := $(BUILD)/qemu
QEMU     ?= qemu-system-x86_64
# TCG by default: some VMs expose /dev/kvm that fails on SSE guests (set QEMU_ACCEL=kvm to try).
QEMU_ACCEL ?= tcg
QEMU_ARGS := -machine pc,accel=$(QEMU_ACCEL) -cpu max -m 64M -display none -monitor none \
             -serial stdio -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
KERNEL_CF := $(WARN) -O2 -ffreestanding -nostdlib -fno-pie -mno-red-zone -mgeneral-regs-only \
             -fno-stack-protector -fno-asynchronous-unwind-tables -mcmodel=small \
             -Iinclude -Itests/qemu
KFP_CF   := $(WARN) -Wno-psabi -O2 -ffreestanding -nostdlib -fno-pie -mno-red-zone -fno-stack-protector \
             -fno-asynchronous-unwind-tables -Iinclude -Itests/qemu
KLDFLAGS := -nostdlib -static -z noexecstack -z max-page-size=4096 -T linker/kernel.ld

# Shared by every image; then the tests' files, or the shell's.
KCOMMON  := boot.S traps.S probe.S kio.c traps.c paging.c kernel.c
KSRC_fp  := $(KCOMMON) ktests.c kfuncs.c kshim.c kconform.c kclosure.c
KSRC_nofloat := $(KSRC_fp)
KSRC_wx  := $(KSRC_fp)
KSRC_demo := $(KCOMMON) shell.c shell_line.c shell_lex.c shell_value.c shell_text.c shell_vars.c shell_call.c \
             shell_expr.c shell_sort.c shell_exports.c
# The conformance suite's kernel tables and gcc-built callees (tools/conform --kernel).
KCONF    := $(BUILD)/conform/kernel
KCONF_fp      := $(KCONF)/cases.o $(KCONF)/callees.gcc.o
KCONF_nofloat := $(KCONF)/cases_int.o $(KCONF)/callees_int.gcc.o
KCONF_wx      := $(KCONF)/cases.o $(KCONF)/callees.gcc.o
KHDR_fp       := $(KCONF)/conform.h
KHDR_nofloat  := $(KCONF)/conform.h
KHDR_wx       := $(KCONF)/conform.h
KIMAGES  := fp nofloat wx
KDEFS_fp      := -DKERNEL_IMAGE='"fp"'
KDEFS_nofloat := -DKERNEL_IMAGE='"nofloat"' -DKERNEL_NOFLOAT
KDEFS_wx      := -DKERNEL_IMAGE='"wx"' -DKERNEL_WX_NEGATIVE
KDEFS_demo    := -DKERNEL_IMAGE='"demo"' -DKERNEL_DEMO
KCORE_fp      := $(BUILD)/kcore/callplan.o
KCORE_nofloat := $(BUILD)/kcore-nofloat/callplan.o
KCORE_wx      := $(BUILD)/kcore/callplan.o
KCORE_demo    := $(BUILD)/kcore/callplan.o
# The SSE image also runs the host suite's ABI.md rows (tests/host/test_abi.c, unchanged).
KFP_fp        := $(KBUILD)/kfp.o $(KBUILD)/abi/test_abi.o $(KBUILD)/abi/callees.o
KFP_wx        := $(KBUILD)/kfp.o
KFP_demo      := $(KBUILD)/shell_fp.o
# make run: the shell's script when standard input is not a terminal (or when SCRIPT is set).
SCRIPT   ?=
DEMO_SCRIPT := tests/qemu/demo.script

.PHONY: qemu qemu-gdb qemu-test qemu-deps demo-test demo-fuzz $(BUILD)/kcore/callplan.o $(BUILD)/kcore-nofloat/callplan.o

qemu-deps:
	@sh tools/deps.sh qemu-system-x86

# The core as the kernel links it: same flags, plus -fno-pie.
$(BUILD)/kcore/callplan.o:
	@$(MAKE) -s --no-print-directory BUILD=$(BUILD)/kcore CORE_EXTRA=-fno-pie SAN= NOFLOAT= all
$(BUILD)/kcore-nofloat/callplan.o:
	@$(MAKE) -s --no-print-directory BUILD=$(BUILD)/kcore-nofloat CORE_EXTRA=-fno-pie SAN= \
	    NOFLOAT=1 all

# Plans made at build time by tools/cpgen (the host build of the same core, tools/cpgen.mk)
# from tests/qemu/aot.sigs, linked in as const data in their own section (kernel.ld checks where
# it lands); every image checks them at boot.
$(KBUILD)/aot_plans.c: tests/qemu/aot.sigs $(BUILD)/cpgen/cpgen
	@mkdir -p $(@D)
	$(BUILD)/cpgen/cpgen -s .rodata.cp_plans -H $(KBUILD)/aot_plans.h -o $@ tests/qemu/aot.sigs
$(KBUILD)/aot_plans.h: $(KBUILD)/aot_plans.c ;

$(KBUILD)/kfp.o: tests/qemu/kfp.c tests/qemu/kfuncs.h
	@mkdir -p $(@D)
	$(CC) $(KFP_CF) -c $< -o $@
$(KBUILD)/shell_fp.o: tests/qemu/shell_fp.c tests/qemu/shell.h $(KBUILD)/aot_plans.h
	@mkdir -p $(@D)
	$(CC) $(KFP_CF) -c $< -o $@

# The tables come from the conformance run of make test; alone, make them here.
$(KCONF)/cases.o $(KCONF)/callees.gcc.o $(KCONF)/cases_int.o $(KCONF)/callees_int.gcc.o $(KCONF)/conform.h:
	@$(MAKE) -s --no-print-directory conform-kernel

$(KBUILD)/abi/%.o: tests/host/%.c $(wildcard tests/host/*.h) tests/qemu/kabi.h
	@mkdir -p $(@D)
	$(CC) $(KFP_CF) -Itests/host -DHARNESS_EMBEDDED -Dmain=abi_rows_main \
	    -include tests/qemu/kabi.h -c $< -o $@

define KERNEL_IMAGE_RULES
$(KBUILD)/$(1)/%.c.o: tests/qemu/%.c $(wildcard tests/qemu/*.h) include/callplan.h \
                       $(KBUILD)/aot_plans.h $(KHDR_$(1))
	@mkdir -p $$(@D)
	$(CC) $(KERNEL_CF) -I$(KBUILD) -I$(KCONF) $(KDEFS_$(1)) -c $$< -o $$@
$(KBUILD)/$(1)/%.S.o: tests/qemu/%.S
	@mkdir -p $$(@D)
	$(CC) -fno-pie $(KDEFS_$(1)) -c $$< -o $$@
$(KBUILD)/$(1)/aot_plans.o: $(KBUILD)/aot_plans.c
	$(CC) $(KERNEL_CF) -I$(KBUILD) -c $$< -o $$@
$(KBUILD)/kernel-$(1).elf: $(patsubst %,$(KBUILD)/$(1)/%.o,$(KSRC_$(1))) $(KBUILD)/$(1)/aot_plans.o \
                           $(KFP_$(1)) $(KCONF_$(1)) $(KCORE_$(1)) linker/kernel.ld
	ld $(KLDFLAGS) -o $$@ $$(filter %.o,$$^)
	objdump -d $$@ > $(KBUILD)/kernel-$(1).lst
	@if readelf -lW $$@ | grep -E '^ +LOAD' | grep -q 'RWE'; then \
	    echo "FAIL - $$@ has a writable and executable LOAD segment"; exit 1; fi
endef
$(foreach i,$(KIMAGES) demo,$(eval $(call KERNEL_IMAGE_RULES,$(i))))

qemu-test: qemu-deps $(patsubst %,$(KBUILD)/kernel-%.elf,$(KIMAGES)) ## boot every kernel image under QEMU; verdicts from isa-debug-exit
	@for i in $(KIMAGES); do \
	    sh tests/qemu/boot.sh "$(QEMU) $(QEMU_ARGS)" $(KBUILD)/kernel-$$i.elf || exit 1; done

qemu: qemu-deps $(KBUILD)/kernel-fp.elf ## boot the main (SSE) kernel image, serial on this terminal
	$(QEMU) $(QEMU_ARGS) -kernel $(KBUILD)/kernel-fp.elf

qemu-gdb: qemu-deps $(KBUILD)/kernel-fp.elf ## boot the main image halted, waiting for gdb on :1234
	@echo "gdb $(KBUILD)/kernel-fp.elf -ex 'target remote :1234'"
	$(QEMU) $(QEMU_ARGS) -S -s -kernel $(KBUILD)/kernel-fp.elf

# Seed and number of lines of demo-fuzz; demo-test runs seed 1, 300 lines.
DEMO_FUZZ_SEED  ?= 1
DEMO_FUZZ_LINES ?= 300

demo-test: qemu-deps $(KBUILD)/kernel-demo.elf ## the demo shell: demo.script's transcript vs demo.expected, then 300 fuzzed lines
	@sh tests/qemu/run-demo.sh "$(QEMU) $(QEMU_ARGS)" $(KBUILD)/kernel-demo.elf $(DEMO_SCRIPT) \
	    > $(KBUILD)/demo.transcript; \
	python3 tests/qemu/demo_check.py $(KBUILD)/demo.transcript tests/qemu/demo.expected $$?; \
	rc=$$?; python3 tests/qemu/shell_fuzz.py "$(QEMU) $(QEMU_ARGS)" $(KBUILD)/kernel-demo.elf \
	    $(DEMO_SCRIPT) $(KBUILD) 1 300 && exit $$rc

demo-fuzz: qemu-deps $(KBUILD)/kernel-demo.elf ## the demo shell must survive fuzzed lines: make demo-fuzz DEMO_FUZZ_SEED=n DEMO_FUZZ_LINES=m
	@python3 tests/qemu/shell_fuzz.py "$(QEMU) $(QEMU_ARGS)" $(KBUILD)/kernel-demo.elf \
	    $(DEMO_SCRIPT) $(KBUILD) $(DEMO_FUZZ_SEED) $(DEMO_FUZZ_LINES)
