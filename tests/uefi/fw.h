/* Firmware services as a bootloader script would know them: a name, where the service's
 * pointer sits in its table, and a signature in callplan descriptors. fw_call builds the Win64
 * plan at run time and calls through it, as an interpreter that learned the signature would. */
#ifndef UEFI_FW_H
#define UEFI_FW_H

#include <callplan.h>
#include "efi.h"

struct fw_service {
    const char *name;
    const char *text;           /* the same signature as text (cp_sig_parse), as in the spec */
    size_t offset;              /* of the function pointer in its table */
    cp_sig sig;
};

#define FW_MAX_ARGS 8
/* What fw_call returns when it could not build the plan: no firmware status looks like it. */
#define FW_NO_PLAN (EFI_ERROR_BIT | 0x0C0FFEE0u)

/* Calls service svc of `table` (a protocol or a services table) through a plan built now.
 * args[i] points at argument i. Returns the service's result (its EFI_STATUS; RaiseTPL's old
 * TPL; 0 for a void one), or FW_NO_PLAN after printing a FAIL line naming the service and the
 * builder's error. */
EFI_STATUS fw_call(const void *table, const struct fw_service *svc, void *const *args);

/* The argument array of one call: FW_ARGS(&a, &b) points at a and b. */
#define FW_ARGS(...) ((void *const[]){ __VA_ARGS__ })
#define FW_NO_ARGS ((void *const *)0)
/* For a pointer parameter given the address of a local: args[i] must point at the pointer,
 * so FW_REF(x) is the address of an unnamed pointer holding &x. */
#define FW_REF(x) (&(void *){ &(x) })

/* The services the checks call (fw_services.c). */
extern const struct fw_service fw_output_string, fw_allocate_pool, fw_free_pool,
    fw_get_memory_map, fw_create_event, fw_set_timer, fw_wait_for_event, fw_signal_event,
    fw_close_event, fw_check_event, fw_handle_protocol, fw_get_next_monotonic_count, fw_stall,
    fw_locate_protocol, fw_install_protocols, fw_uninstall_protocols, fw_calculate_crc32,
    fw_raise_tpl, fw_restore_tpl, fw_get_time, fw_get_variable, fw_set_variable;

/* The descriptors of the UEFI structures the checks pass by address and read back. */
extern const cp_type fw_type_guid, fw_type_time, fw_type_memory_descriptor,
    fw_type_loaded_image;

#endif /* UEFI_FW_H */
