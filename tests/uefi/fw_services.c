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

#define SERVICE(name, table, field, ret, ...)                                                 \
    { name, offsetof(table, field), { CP_ABI_WIN64, ret, ARGS(__VA_ARGS__), 0, 0 } }

/* A variadic service: the first `fixed` arguments are named, the listed rest the "..." part. */
#define VARIADIC(name, table, field, ret, fixed, ...)                                         \
    { name, offsetof(table, field),                                                           \
      { CP_ABI_WIN64, ret, ARGS(__VA_ARGS__), fixed, CP_SIG_VARIADIC } }

#define BS EFI_BOOT_SERVICES
#define RT EFI_RUNTIME_SERVICES

const struct fw_service
    fw_output_string = SERVICE("ConOut->OutputString", EFI_SIMPLE_TEXT_OUTPUT_PROTOCOL,
                               output_string, ST, PTR, PTR),
    fw_raise_tpl = SERVICE("RaiseTPL", BS, raise_tpl, UN, UN),
    fw_restore_tpl = SERVICE("RestoreTPL", BS, restore_tpl, &cp_type_void, UN),
    fw_get_memory_map = SERVICE("GetMemoryMap", BS, get_memory_map, ST, PTR, PTR, PTR, PTR, PTR),
    fw_allocate_pool = SERVICE("AllocatePool", BS, allocate_pool, ST, U32, UN, PTR),
    fw_free_pool = SERVICE("FreePool", BS, free_pool, ST, PTR),
    fw_create_event = SERVICE("CreateEvent", BS, create_event, ST, U32, UN, PTR, PTR, PTR),
    fw_set_timer = SERVICE("SetTimer", BS, set_timer, ST, PTR, U32, UN),
    fw_wait_for_event = SERVICE("WaitForEvent", BS, wait_for_event, ST, UN, PTR, PTR),
    fw_signal_event = SERVICE("SignalEvent", BS, signal_event, ST, PTR),
    fw_close_event = SERVICE("CloseEvent", BS, close_event, ST, PTR),
    fw_check_event = SERVICE("CheckEvent", BS, check_event, ST, PTR),
    fw_handle_protocol = SERVICE("HandleProtocol", BS, handle_protocol, ST, PTR, PTR, PTR),
    fw_get_next_monotonic_count = SERVICE("GetNextMonotonicCount", BS,
                                          get_next_monotonic_count, ST, PTR),
    fw_stall = SERVICE("Stall", BS, stall, ST, UN),
    fw_locate_protocol = SERVICE("LocateProtocol", BS, locate_protocol, ST, PTR, PTR, PTR),
    /* (handle, guid, interface, NULL): one protocol, then the list's terminator */
    fw_install_protocols = VARIADIC("InstallMultipleProtocolInterfaces", BS,
                                    install_multiple_protocol_interfaces, ST, 1,
                                    PTR, PTR, PTR, PTR),
    fw_uninstall_protocols = VARIADIC("UninstallMultipleProtocolInterfaces", BS,
                                      uninstall_multiple_protocol_interfaces, ST, 1,
                                      PTR, PTR, PTR, PTR),
    fw_calculate_crc32 = SERVICE("CalculateCrc32", BS, calculate_crc32, ST, PTR, UN, PTR),
    fw_get_time = SERVICE("GetTime", RT, get_time, ST, PTR, PTR),
    fw_get_variable = SERVICE("GetVariable", RT, get_variable, ST, PTR, PTR, PTR, PTR, PTR),
    fw_set_variable = SERVICE("SetVariable", RT, set_variable, ST, PTR, PTR, U32, UN, PTR);

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
