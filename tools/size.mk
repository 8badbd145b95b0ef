# make size (included by tools/analyze.mk): .text/.rodata/.data/.bss of the core per module and
# in total, built as the kernel builds it (gcc, -fno-pie on the core's own flags) at -Os and at
# -O2, against Debian's libffi.a measured the same way; with make stack's table, written into
# bench/RESULTS.md between its size markers (tools/size_report.py).
# -Os makes gcc 12 guess at more uninitialised uses than -O2 (false ones so far, each reported);
# a measurement must not stop on them: the warning gate is `make all`/`make test`.
LIBFFI_A ?= /usr/lib/x86_64-linux-gnu/libffi.a
.PHONY: size
size: stack ## size of the core (-Os, -O2 kernel builds) vs Debian's libffi.a, into bench/RESULTS.md
	@$(MAKE) -s --no-print-directory BUILD=$(BUILD)/size-Os CC=gcc SAN= NOFLOAT= \
	    CORE_EXTRA="-fno-pie -Os -Wno-error=maybe-uninitialized" all
	@$(MAKE) -s --no-print-directory BUILD=$(BUILD)/size-O2 CC=gcc SAN= NOFLOAT= \
	    CORE_EXTRA="-fno-pie -O2" all
	@python3 tools/size_report.py bench/RESULTS.md $(LIBFFI_A) $(STACK_DIR)/stack.md \
	    -Os=$(BUILD)/size-Os/core -O2=$(BUILD)/size-O2/core
