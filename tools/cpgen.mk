# tools/cpgen: ahead-of-time plans (see tools/cpgen.c), built from the host build of the core.
# Included by the Makefile. The QEMU kernels get theirs from tests/qemu/qemu.mk, which runs
# $(BUILD)/cpgen/cpgen on tests/qemu/aot.sigs.
#   cpgen-test   the kernels' list through cpgen, the generated C compiled into a host program
#                that rebuilds every plan from its text and compares (tools/cpgen_check.c),
#                and malformed lists, each refused with its file:line:column

CPGEN_DIR := $(BUILD)/cpgen

.PHONY: cpgen cpgen-test

cpgen: $(CPGEN_DIR)/cpgen ## build tools/cpgen: `name signature` lines -> a C file of const plans

$(CPGEN_DIR)/cpgen: tools/cpgen.c include/callplan.h $(BUILD)/libcallplan.a
	@mkdir -p $(@D)
	$(CC) $(WARN) -O2 $(SANF) -Iinclude -o $@ tools/cpgen.c $(BUILD)/libcallplan.a

$(CPGEN_DIR)/aot_plans.c: tests/qemu/aot.sigs $(CPGEN_DIR)/cpgen
	$(CPGEN_DIR)/cpgen -H $(CPGEN_DIR)/aot_plans.h -o $@ tests/qemu/aot.sigs
$(CPGEN_DIR)/aot_plans.h: $(CPGEN_DIR)/aot_plans.c ;

$(CPGEN_DIR)/cpgen_check: tools/cpgen_check.c $(CPGEN_DIR)/aot_plans.c $(CPGEN_DIR)/aot_plans.h \
                          $(BUILD)/libcallplan.a
	$(CC) $(WARN) -O1 $(SANF) -Iinclude -I$(CPGEN_DIR) -o $@ tools/cpgen_check.c \
	    $(CPGEN_DIR)/aot_plans.c $(BUILD)/libcallplan.a

cpgen-test: $(CPGEN_DIR)/cpgen $(CPGEN_DIR)/cpgen_check ## cpgen: round trip of every AOT plan, errors with file:line:column
	@sh tools/cpgen-test.sh $(CPGEN_DIR)/cpgen $(CPGEN_DIR)/cpgen_check
