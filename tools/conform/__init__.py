"""Differential conformance suite for callplan (issue "Differential conformance").

From a seed, generates random x86-64 System V signatures and, for each one, C code that calls the
same callee two ways: directly (the C compiler's call: the reference) and through cp_call with a
plan built from cp_type descriptors. The callee checks every argument byte against the values the
generator chose (members, not padding; floats bitwise) and returns a chosen value. Callees are
compiled by gcc and by clang; callplan follows gcc, so the shapes where clang 14 disagrees
(shared/ABI.md 1.8, and clang_ir's lone float in a union) run as expected failures whose
outcome is predicted byte by byte here.

Reverse mode: every signature of at most CP_CLOSURE_MAX_ARGS arguments (at least 2,000 per run)
is also made into a closure (cp_closure_alloc) whose generic handler checks the arguments and
stores the chosen result, called through a typed function pointer by C code compiled by gcc and
by clang; with a clang caller the DIFF shapes are again predicted failures.

Win64 mode (--abi win64): random signatures of the Win64-eligible type space, ms_abi callees
and callers compiled by gcc and clang, CP_ABI_WIN64 plans: the compiled call, cp_call, a probe
that checks where each caller (compiled or cp_call) put every byte against the model, and
closures of the plans called by the compiled callers; long double and __float128 must be refused
(CP_ERR_UNSUPPORTED). Compat mode (--abi compat): the System V generator narrowed to what libffi
can express, called through ffi_prep_cif(_var) + ffi_call with callplan's libffi layer, and with
Debian's libffi as an uncounted cross-check.

Run as a folder: python3 tools/conform --help. Python 3 standard library only.

Modules, lowest first: typemodel (C types, layout, values), clang_ir (clang 14's IR types of
eightbytes), abi (gcc and clang placement), signatures (random types and signatures), cases
(foci, make_case), coverage, c_runtime (the C runtime), c_reverse (the closures' C runtime),
build (parallel compiles), emit_c (the C of the cases), predict (expected outcomes, judging),
reverse (the reverse cases, their expectations and C), kernel (the kernel tables), report
(verdicts, reproducers, tallies), reverse_report (the same for the reverse mode), runner (the
run); win64 (Microsoft x64 placement, gcc's ms va_arg), win64_cases, win64_predict, win64_c,
win64_report, win64_runner (the Win64 mode); compat_cases, compat_c, compat_runner (the compat
mode); __main__ (the command line).
"""
