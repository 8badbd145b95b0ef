# The UEFI application (included by the Makefile): a PE32+ EFI application built with clang's
# x86_64-unknown-windows target (LLP64, Microsoft x64 on the C side) and lld-link, from Debian
# packages only, booted from a FAT directory drive by Debian's OVMF under QEMU.
#   make uefi-test   build, inspect the image, boot it; ends with "N passed, M failed"
#   make uefi        boot it with the report on this terminal

UBUILD     := $(BUILD)/uefi
UEFI_CC    := clang -target x86_64-unknown-windows
# -mno-stack-arg-probe: no __chkstk calls (there is no Windows runtime to provide one).
UEFI_BASE  := -O2 -ffreestanding -fno-builtin -fno-stack-protector -mno-red-zone \
              -mno-stack-arg-probe -fno-asynchronous-unwind-tables
# The core as everywhere (general registers only); the application may use SSE, which the
# firmware has enabled, for its float-taking callees.
UEFI_CORE_CF := $(WARN) $(UEFI_BASE) -fno-common -mgeneral-regs-only $(INC)
UEFI_AOT   := $(UBUILD)/aot
UEFI_APP_CF  := $(WARN) $(UEFI_BASE) -Iinclude -Itests/uefi -I$(UEFI_AOT)
UEFI_APP   := main report crt tables core fw fw_services boot events runtime closures \
              native native_rows aot
UEFI_OBJ   := $(patsubst %,$(UBUILD)/app/%.o,$(UEFI_APP)) $(UEFI_AOT)/aot_plans.o
# The core, every file of it, compiled for the UEFI target.
UEFI_CORE  := $(patsubst %,$(UBUILD)/core/%.o,$(CORE_C) $(CORE_S))
UEFI_IMAGE := $(UBUILD)/esp/EFI/BOOT/BOOTX64.EFI
OVMF       ?= /usr/share/ovmf/OVMF.fd
# TCG, no default devices (no DVD drive for the boot manager to try first); the ESP is a
# read-only FAT view of $(UBUILD)/esp, booted as the removable-media path EFI/BOOT/BOOTX64.EFI.
UEFI_QEMU  := qemu-system-x86_64 -nodefaults -machine q35,accel=tcg -cpu max -m 256M \
              -display none -no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04 \
              -bios $(OVMF) -drive if=virtio,format=raw,readonly=on,file=fat:$(UBUILD)/esp

.PHONY: uefi-test uefi uefi-deps

uefi-deps:
	@sh tools/deps.sh clang lld llvm qemu-system-x86 ovmf

$(UBUILD)/app/%.o: tests/uefi/%.c $(wildcard tests/uefi/*.h) include/callplan.h
	@mkdir -p $(@D)
	$(UEFI_CC) $(UEFI_APP_CF) -MMD -MP -c $< -o $@

# Plans made on the build machine by tools/cpgen (its rules: tools/cpgen.mk, which the Makefile
# includes after this file, hence the path spelled out).
$(UEFI_AOT)/aot_plans.c: tests/uefi/aot.sigs $(BUILD)/cpgen/cpgen
	@mkdir -p $(@D)
	$(BUILD)/cpgen/cpgen -H $(UEFI_AOT)/aot_plans.h -o $@ tests/uefi/aot.sigs
$(UEFI_AOT)/aot_plans.o: $(UEFI_AOT)/aot_plans.c
	$(UEFI_CC) $(UEFI_APP_CF) -c $< -o $@
# cpgen writes the header with the C file: depending on the C file orders aot.o after both.
$(UBUILD)/app/aot.o: $(UEFI_AOT)/aot_plans.c

$(UBUILD)/core/%.c.o: %.c
	@mkdir -p $(@D)
	$(UEFI_CC) $(UEFI_CORE_CF) -MMD -MP -c $< -o $@

$(UBUILD)/core/%.S.o: %.S
	@mkdir -p $(@D)
	$(UEFI_CC) $(INC) -MMD -MP -c $< -o $@

$(UEFI_IMAGE): $(UEFI_OBJ) $(UEFI_CORE)
	@mkdir -p $(@D)
	lld-link -nologo -subsystem:efi_application -entry:efi_main -nodefaultlib \
	    -out:$@ $(UEFI_OBJ) $(UEFI_CORE)
	llvm-objdump -d $@ > $(UBUILD)/BOOTX64.lst

uefi-test: uefi-deps $(UEFI_IMAGE) ## build the UEFI app, check its PE image, run it under OVMF
	@sh tests/uefi/check-image.sh $(UEFI_IMAGE) $(UBUILD)/core; image=$$?; \
	    sh tests/uefi/run.sh "$(UEFI_QEMU)" $(UBUILD) && exit $$image

uefi: uefi-deps $(UEFI_IMAGE) ## boot the UEFI application under OVMF, its report on this terminal
	@echo "firmware console: $(UBUILD)/serial.log"
	$(UEFI_QEMU) -debugcon stdio -serial file:$(UBUILD)/serial.log; [ $$? = 33 ]

-include $(UEFI_OBJ:.o=.d) $(UEFI_CORE:.o=.d)
