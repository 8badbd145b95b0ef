/* The firmware services the checks call, described only by data: their table slot and their
 * signature in callplan descriptors (UINTN and EFI_STATUS are 64-bit, enums and UINT32 32-bit,
 * BOOLEAN 8-bit, every pointer a pointer). Nothing here is a C prototype: the plans come from
 * these descriptions at run time. */
#include "fw.h"

#define ST   &cp_type_u64       /* EFI_STATUS */
#define UN   &cp_type_u64       /* UINTN, EFI_TPL, UINT64 */
#define U32  &cp_type_u32       /* UINT32 and enums */
#define PTR  &cp_type_ptr

/* A descriptor list and its length, for one service's signature. */
#define ARGS(...)                                                                             \
    (const cp_type *const[]){ __VA_ARGS__ },                                                  \
    (uint32_t)(sizeof((const cp_type *const[]){ __VA_ARGS__ }) / sizeof(const cp_type *))

#define SERVICE(name, text, table, field, ret, ...)                                           \
    { name, text, offsetof(table, field), { CP_ABI_WIN64, ret, ARGS(__VA_ARGS__), 0, 0 } }

/* A variadic service: the first `fixed` arguments are named, the listed rest the "..." part. */
#define VARIADIC(name, text, table, field, ret, fixed, ...)                                   \
    { name, text, offsetof(table, field),                                                     \
      { CP_ABI_WIN64, ret, ARGS(__VA_ARGS__), fixed, CP_SIG_VARIADIC } }

#define BS EFI_BOOT_SERVICES
#define RT EFI_RUNTIME_SERVICES

/* Each service twice: descriptors (what the calls use) and text as the spec writes the
 * prototype (core.c checks that both give the same plan). */
const struct fw_service fw_output_string =
    SERVICE("ConOut->OutputString", "efiapi size_t(void *, const uint16_t *)",
            EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL, output_string, ST, PTR, PTR);
const struct fw_service fw_raise_tpl =
    SERVICE("RaiseTPL", "efiapi size_t(size_t)", BS, raise_tpl, UN, UN);
const struct fw_service fw_restore_tpl =
    SERVICE("RestoreTPL", "efiapi void(size_t)", BS, restore_tpl, &cp_type_void, UN);
const struct fw_service fw_get_memory_map =
    SERVICE("GetMemoryMap", "efiapi size_t(size_t *, void *, size_t *, size_t *, uint32_t *)",
            BS, get_memory_map, ST, PTR, PTR, PTR, PTR, PTR);
const struct fw_service fw_allocate_pool =
    SERVICE("AllocatePool", "efiapi size_t(uint32_t, size_t, void **)",
            BS, allocate_pool, ST, U32, UN, PTR);
const struct fw_service fw_free_pool =
    SERVICE("FreePool", "efiapi size_t(void *)", BS, free_pool, ST, PTR);
const struct fw_service fw_create_event =
    SERVICE("CreateEvent", "efiapi size_t(uint32_t, size_t, void *, void *, void **)",
            BS, create_event, ST, U32, UN, PTR, PTR, PTR);
const struct fw_service fw_set_timer =
    SERVICE("SetTimer", "efiapi size_t(void *, uint32_t, uint64_t)",
            BS, set_timer, ST, PTR, U32, UN);
const struct fw_service fw_wait_for_event =
    SERVICE("WaitForEvent", "efiapi size_t(size_t, void **, size_t *)",
            BS, wait_for_event, ST, UN, PTR, PTR);
const struct fw_service fw_signal_event =
    SERVICE("SignalEvent", "efiapi size_t(void *)", BS, signal_event, ST, PTR);
const struct fw_service fw_close_event =
    SERVICE("CloseEvent", "efiapi size_t(void *)", BS, close_event, ST, PTR);
const struct fw_service fw_check_event =
    SERVICE("CheckEvent", "efiapi size_t(void *)", BS, check_event, ST, PTR);
const struct fw_service fw_handle_protocol =
    SERVICE("HandleProtocol", "efiapi size_t(void *, const void *, void **)",
            BS, handle_protocol, ST, PTR, PTR, PTR);
const struct fw_service fw_get_next_monotonic_count =
    SERVICE("GetNextMonotonicCount", "efiapi size_t(uint64_t *)",
            BS, get_next_monotonic_count, ST, PTR);
const struct fw_service fw_stall =
    SERVICE("Stall", "efiapi size_t(size_t)", BS, stall, ST, UN);
const struct fw_service fw_locate_protocol =
    SERVICE("LocateProtocol", "efiapi size_t(const void *, void *, void **)",
            BS, locate_protocol, ST, PTR, PTR, PTR);
/* (handle, guid, interface, NULL): one protocol, then the list's terminator */
const struct fw_service fw_install_protocols =
    VARIADIC("InstallMultipleProtocolInterfaces",
             "efiapi size_t(void **, ..., const void *, void *, void *)",
             BS, install_multiple_protocol_interfaces, ST, 1, PTR, PTR, PTR, PTR);
const struct fw_service fw_uninstall_protocols =
    VARIADIC("UninstallMultipleProtocolInterfaces",
             "efiapi size_t(void *, ..., const void *, void *, void *)",
             BS, uninstall_multiple_protocol_interfaces, ST, 1, PTR, PTR, PTR, PTR);
const struct fw_service fw_calculate_crc32 =
    SERVICE("CalculateCrc32", "efiapi size_t(const void *, size_t, uint32_t *)",
            BS, calculate_crc32, ST, PTR, UN, PTR);
const struct fw_service fw_get_time =
    SERVICE("GetTime", "efiapi size_t(void *, void *)", RT, get_time, ST, PTR, PTR);
const struct fw_service fw_get_variable =
    SERVICE("GetVariable",
            "efiapi size_t(const uint16_t *, const void *, uint32_t *, size_t *, void *)",
            RT, get_variable, ST, PTR, PTR, PTR, PTR, PTR);
const struct fw_service fw_set_variable =
    SERVICE("SetVariable",
            "efiapi size_t(const uint16_t *, const void *, uint32_t, size_t, const void *)",
            RT, set_variable, ST, PTR, PTR, U32, UN, PTR);

/* UEFI structures as descriptors: core.c checks them against the compiler's layout. */
static const cp_type u8x8 = CP_ARRAY(cp_type_u8, 8);
const cp_type fw_type_guid = CP_STRUCT(CP_MEMBER(cp_type_u32), CP_MEMBER(cp_type_u16),
                                       CP_MEMBER(cp_type_u16), CP_MEMBER(u8x8));
const cp_type fw_type_time = CP_STRUCT(
    CP_MEMBER(cp_type_u16), CP_MEMBER(cp_type_u8), CP_MEMBER(cp_type_u8), CP_MEMBER(cp_type_u8),
    CP_MEMBER(cp_type_u8), CP_MEMBER(cp_type_u8), CP_MEMBER(cp_type_u8), CP_MEMBER(cp_type_u32),
    CP_MEMBER(cp_type_i16), CP_MEMBER(cp_type_u8), CP_MEMBER(cp_type_u8));
const cp_type fw_type_memory_descriptor = CP_STRUCT(
    CP_MEMBER(cp_type_u32), CP_MEMBER(cp_type_u64), CP_MEMBER(cp_type_u64),
    CP_MEMBER(cp_type_u64), CP_MEMBER(cp_type_u64));
const cp_type fw_type_loaded_image = CP_STRUCT(
    CP_MEMBER(cp_type_u32), CP_MEMBER(cp_type_ptr), CP_MEMBER(cp_type_ptr),
    CP_MEMBER(cp_type_ptr), CP_MEMBER(cp_type_ptr), CP_MEMBER(cp_type_ptr),
    CP_MEMBER(cp_type_u32), CP_MEMBER(cp_type_ptr), CP_MEMBER(cp_type_ptr),
    CP_MEMBER(cp_type_u64), CP_MEMBER(cp_type_u32), CP_MEMBER(cp_type_u32),
    CP_MEMBER(cp_type_ptr));
