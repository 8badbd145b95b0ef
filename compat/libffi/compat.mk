# The libffi-compatible layer (compat/libffi/) and its tests (tests/compat/). Included by the main
# Makefile. The layer is built like the core (freestanding, no FP registers in C, no red zone):
#   $(BUILD)/libcallplan_ffi.a   the layer and the core: link only this (-Icompat/libffi)
#   $(BUILD)/callplan_ffi.o      the same linked with ld -r: nm -u is empty
# The tests are ordinary host programs (libc); diff_prog.c is built twice, against Debian's
# libffi (-lffi, the system ffi.h) and against the layer, and both must print the same.

COMPAT_SRC   := $(sort $(wildcard compat/libffi/*.c))
COMPAT_OBJ   := $(patsubst compat/libffi/%.c,$(BUILD)/compat/lib/%.c.o,$(COMPAT_SRC))
COMPAT_TESTS := $(patsubst tests/compat/%.c,$(BUILD)/compat/%,$(sort $(wildcard tests/compat/test_*.c)))
COMPAT_TEST_CF := $(WARN) -Wno-psabi -O1 -g -fno-strict-aliasing $(SANF) -Icompat/libffi -Iinclude -Itests/host
# The differential program: the same flags for both builds, only the header and library differ.
COMPAT_DIFF_CF := $(WARN) -Wno-psabi -O1 -g $(SANF)

.PHONY: compat compat-test

compat: $(BUILD)/libcallplan_ffi.a $(BUILD)/callplan_ffi.o ## the libffi-compatible layer: libcallplan_ffi.a, callplan_ffi.o

$(BUILD)/compat/lib/%.c.o: compat/libffi/%.c
	@mkdir -p $(@D)
	$(CC) $(WARN) $(CORE_CF) $(CORE_EXTRA) $(DEFS) $(SANF) -Iinclude -Icompat/libffi -MMD -MP -c $< -o $@

$(BUILD)/libcallplan_ffi.a: $(COMPAT_OBJ) $(CORE_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/callplan_ffi.o: $(COMPAT_OBJ) $(CORE_OBJ)
	ld -r -o $@ $^

# Callees: System V ones and Microsoft x64 (ms_abi) ones, linked into every test.
COMPAT_CALLEES := $(BUILD)/compat/callees.o $(BUILD)/compat/callees_win64.o

$(COMPAT_CALLEES): $(BUILD)/compat/%.o: tests/compat/%.c tests/compat/%.h
	@mkdir -p $(@D)
	$(CC) $(CALLEE_CF) -c $< -o $@

$(BUILD)/compat/test_%.o: tests/compat/test_%.c $(wildcard tests/compat/*.h) compat/libffi/ffi.h tests/host/harness.h include/callplan.h
	@mkdir -p $(@D)
	$(CC) $(COMPAT_TEST_CF) -c $< -o $@

$(BUILD)/compat/test_%: $(BUILD)/compat/test_%.o $(COMPAT_CALLEES) $(BUILD)/libcallplan_ffi.a
	$(CC) $(SANF) -o $@ $^ -pthread

$(BUILD)/compat/diff_libffi: tests/compat/diff_prog.c
	@mkdir -p $(@D)
	$(CC) $(COMPAT_DIFF_CF) -o $@ $< -lffi

$(BUILD)/compat/diff_callplan: tests/compat/diff_prog.c compat/libffi/ffi.h $(BUILD)/libcallplan_ffi.a
	@mkdir -p $(@D)
	$(CC) $(COMPAT_DIFF_CF) -Icompat/libffi -o $@ $< $(BUILD)/libcallplan_ffi.a

compat-test: $(BUILD)/callplan_ffi.o $(COMPAT_TESTS) $(BUILD)/compat/diff_libffi $(BUILD)/compat/diff_callplan ## libffi layer: its tests, libffi vs layer diff, nm -u; ends "N passed, M failed"
	@CC=$(CC) sh tests/compat/run.sh $(BUILD) $(if $(SAN),san)

-include $(COMPAT_OBJ:.o=.d)
