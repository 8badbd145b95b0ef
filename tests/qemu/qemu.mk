# The W^X test kernels (included by the Makefile). Three images from one source tree:
#   fp       SSE/x87 enabled: every in-kernel test, floats included
#   nofloat  core built with NOFLOAT=1, FPU off (SSE -> #UD, x87 -> #NM): integer tests
#   wx       negative test: writes to .text and passes only by dying of the #PF
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

KSRC     := boot.S traps.S probe.S kio.c traps.c paging.c kernel.c ktests.c kfuncs.c kshim.c \
            kconform.c kclosure.c
# The conformance suite's kernel tables and gcc-built callees (tools/conform --kernel).
KCONF    := $(BUILD)/conform/kernel
KCONF_fp      := $(KCONF)/cases.o $(KCONF)/callees.gcc.o
KCONF_nofloat := $(KCONF)/cases_int.o $(KCONF)/callees_int.gcc.o
KCONF_wx      := $(KCONF)/cases.o $(KCONF)/callees.gcc.o
KIMAGES  := fp nofloat wx
KDEFS_fp      := -DKERNEL_IMAGE='"fp"'
KDEFS_nofloat := -DKERNEL_IMAGE='"nofloat"' -DKERNEL_NOFLOAT
KDEFS_wx      := -DKERNEL_IMAGE='"wx"' -DKERNEL_WX_NEGATIVE
KCORE_fp      := $(BUILD)/kcore/callplan.o
KCORE_nofloat := $(BUILD)/kcore-nofloat/callplan.o
KCORE_wx      := $(BUILD)/kcore/callplan.o
# The SSE image also runs the host suite's ABI.md rows (tests/host/test_abi.c, unchanged).
KFP_fp        := $(KBUILD)/kfp.o $(KBUILD)/abi/test_abi.o $(KBUILD)/abi/callees.o
KFP_wx        := $(KBUILD)/kfp.o

.PHONY: qemu qemu-gdb qemu-test qemu-deps $(BUILD)/kcore/callplan.o $(BUILD)/kcore-nofloat/callplan.o

qemu-deps:
	@sh tools/deps.sh qemu-system-x86

# The core as the kernel links it: same flags, plus -fno-pie.
$(BUILD)/kcore/callplan.o:
	@$(MAKE) -s --no-print-directory BUILD=$(BUILD)/kcore CORE_EXTRA=-fno-pie SAN= NOFLOAT= all
$(BUILD)/kcore-nofloat/callplan.o:
	@$(MAKE) -s --no-print-directory BUILD=$(BUILD)/kcore-nofloat CORE_EXTRA=-fno-pie SAN= \
	    NOFLOAT=1 all

# Plans made at build time by the host build of the same core, linked in as const data.
$(KBUILD)/kplans: tools/kplans.c tests/qemu/ksigs.h $(BUILD)/libcallplan.a
	@mkdir -p $(@D)
	$(CC) $(WARN) -O2 -Iinclude -o $@ tools/kplans.c $(BUILD)/libcallplan.a
$(KBUILD)/aot_plans.c: $(KBUILD)/kplans
	$(KBUILD)/kplans > $@

$(KBUILD)/kfp.o: tests/qemu/kfp.c tests/qemu/kfuncs.h
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
                       $(KCONF)/conform.h
	@mkdir -p $$(@D)
	$(CC) $(KERNEL_CF) -I$(KCONF) $(KDEFS_$(1)) -c $$< -o $$@
$(KBUILD)/$(1)/%.S.o: tests/qemu/%.S
	@mkdir -p $$(@D)
	$(CC) -fno-pie $(KDEFS_$(1)) -c $$< -o $$@
$(KBUILD)/$(1)/aot_plans.o: $(KBUILD)/aot_plans.c
	$(CC) $(KERNEL_CF) -c $$< -o $$@
$(KBUILD)/kernel-$(1).elf: $(patsubst %,$(KBUILD)/$(1)/%.o,$(KSRC)) $(KBUILD)/$(1)/aot_plans.o \
                           $(KFP_$(1)) $(KCONF_$(1)) $(KCORE_$(1)) linker/kernel.ld
	ld $(KLDFLAGS) -o $$@ $$(filter %.o,$$^)
	objdump -d $$@ > $(KBUILD)/kernel-$(1).lst
	@if readelf -lW $$@ | grep -E '^ +LOAD' | grep -q 'RWE'; then \
	    echo "FAIL - $$@ has a writable and executable LOAD segment"; exit 1; fi
endef
$(foreach i,$(KIMAGES),$(eval $(call KERNEL_IMAGE_RULES,$(i))))

qemu-test: qemu-deps $(patsubst %,$(KBUILD)/kernel-%.elf,$(KIMAGES)) ## boot every kernel image under QEMU; verdicts from isa-debug-exit
	@for i in $(KIMAGES); do \
	    sh tests/qemu/boot.sh "$(QEMU) $(QEMU_ARGS)" $(KBUILD)/kernel-$$i.elf || exit 1; done

qemu: qemu-deps $(KBUILD)/kernel-fp.elf ## boot the main (SSE) kernel image, serial on this terminal
	$(QEMU) $(QEMU_ARGS) -kernel $(KBUILD)/kernel-fp.elf

qemu-gdb: qemu-deps $(KBUILD)/kernel-fp.elf ## boot the main image halted, waiting for gdb on :1234
	@echo "gdb $(KBUILD)/kernel-fp.elf -ex 'target remote :1234'"
	$(QEMU) $(QEMU_ARGS) -S -s -kernel $(KBUILD)/kernel-fp.elf
