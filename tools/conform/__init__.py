"""Differential conformance suite for callplan (issue "Differential conformance").

From a seed, generates random x86-64 System V signatures and, for each one, C code that calls the
same callee two ways: directly (the C compiler's call: the reference) and through cp_call with a
plan built from cp_type descriptors. The callee checks every argument byte against the values the
generator chose (members, not padding; floats bitwise) and returns a chosen value. Callees are
compiled by gcc and by clang; callplan follows gcc, so the shapes where clang 14 disagrees
(shared/ABI.md 1.8) run as expected failures whose outcome is predicted byte by byte here.

Run as a folder: python3 tools/conform --help. Python 3 standard library only.

Modules, lowest first: typemodel (C types, layout, values), abi (gcc and clang placement),
signatures (random types and signatures), cases (foci, make_case), coverage, c_runtime (the C
runtime), build (parallel compiles), emit_c (the C of the cases), predict (expected outcomes,
judging), kernel (the kernel tables), report (verdicts, reproducers, tallies), runner (the run),
__main__ (the command line).
"""
