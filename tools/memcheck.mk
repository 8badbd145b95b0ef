# make memcheck (included by tools/analyze.mk): the host unit tests of this BUILD/CC and a few
# hundred conformance cases under valgrind memcheck. Use a build without SAN (valgrind and ASan
# do not mix): make memcheck BUILD=build/gcc CC=gcc.
.PHONY: memcheck
memcheck: $(TEST_BINS) $(BUILD)/libcallplan.a ## unit tests + 250 conformance signatures under valgrind memcheck
	@sh tools/memcheck.sh $(BUILD) $(TEST_BINS)
