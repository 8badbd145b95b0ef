# Hardening targets, included by the Makefile: static analysis (this file), and, each in its own
# file, memcheck, stack bounds and the size budget.
#   make analyze    cppcheck, clang-tidy (.clang-tidy) and scan-build-14 over the core, the
#                   libffi layer, tools/ and the host and fuzz tests; any finding fails
#                   (ANALYZE_TIDY_TESTS=0: tests/host through cppcheck only, half the time)
ANALYZE_TIDY_TESTS ?= 1
.PHONY: analyze
analyze: $(BUILD)/cpgen/aot_plans.h ## static analysis: cppcheck, clang-tidy, scan-build; clean or it fails
	@sh tools/analyze.sh $(BUILD)/analyze $(BUILD)/cpgen $(ANALYZE_TIDY_TESTS)

include tools/memcheck.mk
include tools/stack.mk
include tools/size.mk
