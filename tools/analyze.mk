# Hardening targets, included by the Makefile: static analysis (this file), and, each in its own
# file, memcheck, stack bounds and the size budget.
include tools/memcheck.mk
