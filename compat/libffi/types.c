/* The ffi_type_* built-ins, with libffi's sizes and alignments for x86-64 (callers read them).
 * Not const, because libffi declares them so and callers store their addresses in plain
 * ffi_type * arrays; nothing in the layer ever writes them (only struct types of size 0 are
 * filled in). */
#include "compat.h"

#define SCALAR(name, size, align, code) ffi_type name = { size, align, code, NULL }

SCALAR(ffi_type_void, 1, 1, FFI_TYPE_VOID);
SCALAR(ffi_type_uint8, 1, 1, FFI_TYPE_UINT8);
SCALAR(ffi_type_sint8, 1, 1, FFI_TYPE_SINT8);
SCALAR(ffi_type_uint16, 2, 2, FFI_TYPE_UINT16);
SCALAR(ffi_type_sint16, 2, 2, FFI_TYPE_SINT16);
SCALAR(ffi_type_uint32, 4, 4, FFI_TYPE_UINT32);
SCALAR(ffi_type_sint32, 4, 4, FFI_TYPE_SINT32);
SCALAR(ffi_type_uint64, 8, 8, FFI_TYPE_UINT64);
SCALAR(ffi_type_sint64, 8, 8, FFI_TYPE_SINT64);
SCALAR(ffi_type_float, 4, 4, FFI_TYPE_FLOAT);
SCALAR(ffi_type_double, 8, 8, FFI_TYPE_DOUBLE);
SCALAR(ffi_type_longdouble, 16, 16, FFI_TYPE_LONGDOUBLE);
SCALAR(ffi_type_pointer, 8, 8, FFI_TYPE_POINTER);

/* A complex type names its part type in elements[0]. */
static ffi_type *float_part[] = { &ffi_type_float, NULL };
static ffi_type *double_part[] = { &ffi_type_double, NULL };
static ffi_type *longdouble_part[] = { &ffi_type_longdouble, NULL };

ffi_type ffi_type_complex_float = { 8, 4, FFI_TYPE_COMPLEX, float_part };
ffi_type ffi_type_complex_double = { 16, 8, FFI_TYPE_COMPLEX, double_part };
ffi_type ffi_type_complex_longdouble = { 32, 16, FFI_TYPE_COMPLEX, longdouble_part };
