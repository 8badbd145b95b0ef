# make stack (included by tools/analyze.mk): worst-case stack use of every public entry point
# (cp_* and the libffi layer's ffi_*), from gcc's -fcallgraph-info=su call graph of a core built
# as the Makefile builds it (into $(BUILD)/stack), plus the asm stubs' frames; fails when one
# exceeds its documented bound (tools/stack_report.py). Needs gcc 12 or later.
STACK_DIR := $(BUILD)/stack
.PHONY: stack
stack: ## worst-case stack of every public entry point vs documented bounds (gcc call graph)
	@rm -rf $(STACK_DIR)
	@$(MAKE) -s --no-print-directory BUILD=$(STACK_DIR) CC=gcc \
	    CORE_EXTRA="-fcallgraph-info=su" all \
	    $(if $(wildcard compat/libffi/compat.mk),compat)
	@python3 tools/stack_report.py $(STACK_DIR) --table $(STACK_DIR)/stack.md
